//! One entity per designee across lists: list references, shared identifiers, same names and
//! analyst judgements, on hand-written records and on the real lists.

mod common;

use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_screen::{
    canonicalize, un_references, Canonical, Index, MergeReason, PairJudgement, Query, SearchOptions,
};
use std::path::PathBuf;

fn entity(list: &str, id: &str, schema: Schema, name: &str, props: &[(Prop, &str)]) -> Entity {
    let mut e = Entity::from_record(schema, list, id, None);
    e.add(Prop::Name, name);
    for (p, v) in props {
        e.add(*p, v);
    }
    e
}

fn group_of<'a>(c: &'a Canonical, id: &str) -> &'a [String] {
    c.referents
        .iter()
        .find(|r| r.iter().any(|x| x == id))
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn fixture() -> Vec<Entity> {
    vec![
        entity(
            "ofac-sdn",
            "18782",
            Schema::Company,
            "ROSOBORONEKSPORT OAO",
            &[(Prop::Country, "ru")],
        ),
        entity(
            "us-csl",
            "18782",
            Schema::Company,
            "ROSOBORONEKSPORT OAO",
            &[(Prop::Country, "ru")],
        ),
        entity(
            "us-csl",
            "2be713eb",
            Schema::Company,
            "Rosoboronexport OJSC (ROE)",
            &[(Prop::Country, "ru")],
        ),
        entity(
            "us-csl",
            "442dc2a9",
            Schema::LegalEntity,
            "Rosoboronexport",
            &[],
        ),
        entity("un", "QDe.004", Schema::Organization, "AL-QAIDA", &[]),
        entity(
            "uk-ofsi",
            "12345",
            Schema::Organization,
            "AL-QAIDA",
            &[(Prop::Notes, "(UN Ref):QDe.004. Other information.")],
        ),
        entity(
            "ofac-sdn",
            "100",
            Schema::Company,
            "ALPHA ONE LLC",
            &[(Prop::InnCode, "7703695246")],
        ),
        entity(
            "eu-fsf",
            "EU.1",
            Schema::Company,
            "Alpha-1 OOO",
            &[(Prop::InnCode, "7703695246")],
        ),
        // Two OFAC entries sharing an IMO number stay two designations.
        entity(
            "ofac-sdn",
            "200",
            Schema::Vessel,
            "SEA STAR",
            &[(Prop::ImoNumber, "9123456")],
        ),
        entity(
            "ofac-sdn",
            "201",
            Schema::Vessel,
            "OCEAN STAR",
            &[(Prop::ImoNumber, "9123456")],
        ),
        // A passport between a person and a company is no evidence.
        entity(
            "ofac-sdn",
            "300",
            Schema::Person,
            "IVANOV, Ivan",
            &[(Prop::PassportNumber, "AB123456")],
        ),
        entity(
            "us-csl",
            "abc300",
            Schema::Company,
            "IVANOV TRADING LLC",
            &[(Prop::PassportNumber, "AB123456")],
        ),
        // Same name, different countries: two companies.
        entity(
            "eu-fsf",
            "EU.2",
            Schema::Company,
            "GLOBAL ELECTRONICS TRADING LLC",
            &[(Prop::Country, "ae")],
        ),
        entity(
            "uk-ofsi",
            "U2",
            Schema::Company,
            "Global Electronics Trading LLC",
            &[(Prop::Country, "hk")],
        ),
    ]
}

#[test]
fn records_of_one_designee_merge_with_reasons() {
    let c = canonicalize(fixture(), &[]);
    let roe = group_of(&c, "ofac-sdn-18782");
    assert_eq!(
        roe[0], "ofac-sdn-18782",
        "the OFAC record is canonical: {roe:?}"
    );
    for id in ["us-csl-18782", "us-csl-2be713eb", "us-csl-442dc2a9"] {
        assert!(roe.contains(&id.to_string()), "{id} not in {roe:?}");
    }
    let why = |a: &str, b: &str| {
        c.merges
            .iter()
            .find(|m| (m.a == a && m.b == b) || (m.a == b && m.b == a))
            .map(|m| (m.reason, m.detail.clone()))
    };
    let (reason, detail) = why("us-csl-18782", "ofac-sdn-18782").expect("merge recorded");
    assert_eq!(reason, MergeReason::ListReference);
    assert!(detail.contains("republishes OFAC entry 18782"), "{detail}");
    assert_eq!(
        group_of(&c, "uk-ofsi-12345"),
        ["un-QDe.004", "uk-ofsi-12345"]
    );
    assert_eq!(
        why("uk-ofsi-12345", "un-QDe.004").map(|w| w.0),
        Some(MergeReason::ListReference)
    );
    let alpha = group_of(&c, "ofac-sdn-100");
    assert_eq!(alpha, ["ofac-sdn-100", "eu-fsf-EU.1"]);
    let (reason, detail) = why("eu-fsf-EU.1", "ofac-sdn-100").expect("merge recorded");
    assert_eq!(reason, MergeReason::SharedIdentifier);
    assert!(detail.contains("7703695246"), "{detail}");
    assert_eq!(group_of(&c, "ofac-sdn-200"), ["ofac-sdn-200"]);
    assert_eq!(group_of(&c, "ofac-sdn-300"), ["ofac-sdn-300"]);
    assert_eq!(group_of(&c, "eu-fsf-EU.2"), ["eu-fsf-EU.2"]);
    // Every list that carries a designee is listed, and values keep their list.
    let k = c
        .entities
        .iter()
        .position(|e| e.id == "ofac-sdn-18782")
        .expect("canonical entity");
    assert_eq!(c.datasets[k], ["ofac-sdn", "us-csl"]);
    assert!(c.entities[k]
        .values(Prop::Name)
        .iter()
        .any(|v| v.value == "Rosoboronexport" && v.provenance.list == "us-csl"));
    // Deterministic: the input order does not matter.
    let mut reversed = fixture();
    reversed.reverse();
    let again = canonicalize(reversed, &[]);
    assert_eq!(again.referents, c.referents);
    assert_eq!(again.merges, c.merges);
}

#[test]
fn judgements_merge_and_forbid() {
    let judgements = [
        PairJudgement {
            a: "us-csl-442dc2a9".into(),
            b: "ofac-sdn-18782".into(),
            same: false,
        },
        PairJudgement {
            a: "ofac-sdn-200".into(),
            b: "ofac-sdn-201".into(),
            same: true,
        },
    ];
    let c = canonicalize(fixture(), &judgements);
    assert!(!group_of(&c, "ofac-sdn-18782").contains(&"us-csl-442dc2a9".to_string()));
    assert_eq!(
        group_of(&c, "ofac-sdn-201"),
        ["ofac-sdn-200", "ofac-sdn-201"]
    );
    assert!(c
        .merges
        .iter()
        .any(|m| m.reason == MergeReason::Judgement && m.canonical == "ofac-sdn-200"));
    // A later judgement on the same pair wins.
    let mut undone = judgements.to_vec();
    undone.push(PairJudgement {
        a: "ofac-sdn-201".into(),
        b: "ofac-sdn-200".into(),
        same: false,
    });
    let c = canonicalize(fixture(), &undone);
    assert_eq!(group_of(&c, "ofac-sdn-201"), ["ofac-sdn-201"]);
}

#[test]
fn un_reference_numbers_are_read_from_remarks() {
    assert_eq!(un_references("(UN Ref):QDi.001. more"), ["QDi.001"]);
    assert_eq!(
        un_references("UN Ref IQe.074; UN Ref KPi.012"),
        ["IQe.074", "KPi.012"]
    );
    assert!(un_references("Ref QDi.001 without the organisation").is_empty());
    assert!(un_references("UN Ref XQDi.0012").is_empty());
}

#[test]
fn screening_hits_carry_referents_and_lists() {
    let index = Index::try_build_canonical(canonicalize(fixture(), &[])).expect("index");
    let hits = index.search(&Query::name("Rosoboronexport"), &SearchOptions::default());
    let matches: Vec<_> = hits.iter().filter(|h| h.is_match).collect();
    assert_eq!(matches.len(), 1, "{matches:?}");
    assert_eq!(matches[0].entity_id, "ofac-sdn-18782");
    assert_eq!(matches[0].lists, ["ofac-sdn", "us-csl"]);
    assert_eq!(matches[0].referents.len(), 4);
}

fn real_entities() -> Option<Vec<Entity>> {
    let d = common::data_dir();
    let files = [
        "ofac/sdn_2024-05/sdn.csv",
        "ofac/sdn_aux_2025-12/alt.csv",
        "ofac/nonsdn_2025-12/cons_prim.csv",
        "ofac/nonsdn_2025-12/cons_alt.csv",
        "un/consolidated_2026-02.xml",
        "us_csl/consolidated_2022-05.csv.gz",
    ];
    let paths: Vec<PathBuf> = files.iter().map(|f| d.join(f)).collect();
    if let Some(p) = paths.iter().find(|p| !p.exists()) {
        eprintln!(
            "skipped: {} not found (set CHOKEPOINT_SHARED_DATA)",
            p.display()
        );
        return None;
    }
    let mut out = Vec::new();
    for s in chokepoint_lists::plan(&paths, None).ok()? {
        out.extend(chokepoint_lists::open(&s).ok()?.flatten());
    }
    Some(out)
}

#[test]
fn on_the_real_lists_every_sdn_entry_appears_once() {
    let Some(entities) = real_entities() else {
        return;
    };
    let sdn: std::collections::HashSet<String> = entities
        .iter()
        .filter(|e| e.provenance.list == "ofac-sdn")
        .map(|e| e.provenance.record_id.clone())
        .collect();
    let csl_of_sdn = entities
        .iter()
        .filter(|e| e.provenance.list == "us-csl" && sdn.contains(&e.provenance.record_id))
        .count();
    assert!(
        csl_of_sdn > 5000,
        "the CSL republishes the SDN: {csl_of_sdn}"
    );
    let c = canonicalize(entities, &[]);
    // No two canonical entities hold the same OFAC entry's SDN and CSL records apart.
    let mut apart = Vec::new();
    for refs in &c.referents {
        for r in refs {
            if let Some(n) = r.strip_prefix("us-csl-") {
                if sdn.contains(n) && !refs.contains(&format!("ofac-sdn-{n}")) {
                    apart.push(r.clone());
                }
            }
        }
    }
    assert!(
        apart.is_empty(),
        "{} CSL rows apart from their SDN entry: {:?}",
        apart.len(),
        &apart[..apart.len().min(5)]
    );
    // No canonical entity holds two OFAC SDN entries (no judgement here).
    for refs in &c.referents {
        let n = refs.iter().filter(|r| r.starts_with("ofac-sdn-")).count();
        assert!(n <= 1, "{refs:?}");
    }
    let index = Index::try_build_canonical(c).expect("index");
    let hits = index.search(&Query::name("Rosoboronexport"), &SearchOptions::default());
    let matches: Vec<_> = hits.iter().filter(|h| h.is_match).collect();
    assert_eq!(
        matches.len(),
        1,
        "{:?}",
        matches
            .iter()
            .map(|h| (&h.entity_id, &h.caption, &h.referents))
            .collect::<Vec<_>>()
    );
    let h = matches[0];
    assert_eq!(h.entity_id, "ofac-sdn-18782");
    for list in ["ofac-sdn", "us-csl"] {
        assert!(h.lists.iter().any(|l| l == list), "{:?}", h.lists);
    }
    assert!(h.referents.len() >= 3, "{:?}", h.referents);
}
