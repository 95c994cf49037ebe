//! Entity resolution: merges of variants, splits of namesakes, judgements that override the
//! machine and persist in SQLite across re-runs.

mod common;

use chokepoint_network::data::{Dataset, Party};
use chokepoint_network::judgement::{load_judgements, record_judgement, Verdict};
use chokepoint_network::resolve::MergeReason;
use chokepoint_network::{migrate, resolve, Judgements, ResolveOptions};
use rusqlite::Connection;

fn same(ds: &Dataset, r: &chokepoint_network::Resolution, a: &Party, b: &Party) -> bool {
    let pa = ds.find_party(a).expect("party a");
    let pb = ds.find_party(b).expect("party b");
    r.entity_of[pa as usize] == r.entity_of[pb as usize]
}

fn dataset(parties: &[Party]) -> Dataset {
    let mut ds = Dataset::new();
    for p in parties {
        ds.party_id(p.clone()).unwrap();
    }
    ds
}

#[test]
fn variants_of_one_company_merge_with_reasons() {
    let a = Party::new("ООО «Радиокомплект»", "RU")
        .with_inn("7701000001")
        .with_address("г. Москва, ул. Заводская, д. 5, офис 12");
    let b = Party::new("OOO RADIOKOMPLEKT", "RU")
        .with_address("г. Москва, ул. Заводская, д. 5, офис 12");
    let c = Party::new(
        "Общество с ограниченной ответственностью «Радиокомплект»",
        "RU",
    )
    .with_inn("7701000001");
    let d = Party::new("SHENZHEN XINDA ELECTRONICS CO., LTD", "CN");
    let e = Party::new("SHENZHEN XINDA ELECTRONICS CO LTD", "CN");
    let ds = dataset(&[a.clone(), b.clone(), c.clone(), d.clone(), e.clone()]);
    let r = resolve(&ds, &Judgements::new(), &ResolveOptions::default());
    assert!(same(&ds, &r, &a, &b), "transliteration");
    assert!(same(&ds, &r, &a, &c), "spelled-out legal form, same INN");
    assert!(same(&ds, &r, &d, &e), "punctuation");
    assert!(!same(&ds, &r, &a, &d));
    assert_eq!(r.entities.len(), 2);
    assert!(r.merges.iter().any(|m| m.reason == MergeReason::Inn));
    let sim = r
        .merges
        .iter()
        .find(|m| m.reason == MergeReason::Similarity)
        .expect("a similarity merge");
    assert!(sim.score >= ResolveOptions::default().threshold);
    assert!(sim.name_score.is_some());
    assert!(sim.detail.contains("screening score"), "{}", sim.detail);
}

#[test]
fn namesakes_with_different_inns_stay_apart() {
    let a = Party::new("ООО «Техком»", "RU").with_inn("7701000001");
    let b = Party::new("ООО «Техком»", "RU").with_inn("7801000002");
    let c = Party::new("ООО «Техком»", "RU");
    let ds = dataset(&[a.clone(), b.clone(), c.clone()]);
    let r = resolve(&ds, &Judgements::new(), &ResolveOptions::default());
    assert!(!same(&ds, &r, &a, &b));
    assert!(
        same(&ds, &r, &a, &c) || same(&ds, &r, &b, &c),
        "the bare mention joins one"
    );
    assert!(r.refused.iter().any(|x| x.constraint == "different INN"));
}

#[test]
fn different_companies_are_not_merged() {
    let a = Party::new("XINDA TRADING LIMITED", "HK");
    let b = Party::new("HONGRUI TECHNOLOGY LIMITED", "HK");
    let c = Party::new("XINDA TRADING LIMITED", "AE");
    let ds = dataset(&[a.clone(), b.clone(), c.clone()]);
    let r = resolve(&ds, &Judgements::new(), &ResolveOptions::default());
    assert!(!same(&ds, &r, &a, &b));
    assert!(!same(&ds, &r, &a, &c), "different countries");
    assert_eq!(r.entities.len(), 3);
}

#[test]
fn judgements_override_the_machine_and_persist() {
    let a = Party::new("SHENZHEN XINDA ELECTRONICS CO., LTD", "CN");
    let b = Party::new("SHENZHEN XINDA ELECTRONICS CO LTD", "CN");
    let c = Party::new("HUAQIANG SEMICONDUCTOR TRADING", "CN");
    let ds = dataset(&[a.clone(), b.clone(), c.clone()]);
    let opts = ResolveOptions::default();
    let machine = resolve(&ds, &Judgements::new(), &opts);
    assert!(same(&ds, &machine, &a, &b));
    assert!(!same(&ds, &machine, &a, &c));

    let conn = Connection::open_in_memory().unwrap();
    migrate(&conn).unwrap();
    migrate(&conn).unwrap();
    record_judgement(
        &conn,
        &a.key(),
        &b.key(),
        Verdict::NotSame,
        "anna",
        "different plants",
    )
    .unwrap();
    record_judgement(
        &conn,
        &c.key(),
        &a.key(),
        Verdict::Same,
        "anna",
        "trading name",
    )
    .unwrap();
    record_judgement(&conn, &b.key(), &c.key(), Verdict::Unsure, "boris", "").unwrap();

    // A re-run (new process: judgements read back from the store).
    for _ in 0..2 {
        let js = load_judgements(&conn).unwrap();
        assert_eq!(js.len(), 3);
        let r = resolve(&ds, &js, &opts);
        assert!(!same(&ds, &r, &a, &b), "not_same overrides a machine merge");
        assert!(same(&ds, &r, &a, &c), "same overrides a machine split");
        assert!(r
            .merges
            .iter()
            .any(|m| m.reason == MergeReason::Judgement && m.detail.contains("anna")));
        assert!(r
            .refused
            .iter()
            .any(|x| x.constraint == "not_same judgement"));
    }

    // The latest judgement on a pair wins.
    record_judgement(
        &conn,
        &b.key(),
        &a.key(),
        Verdict::Same,
        "boris",
        "checked the registry",
    )
    .unwrap();
    let r = resolve(&ds, &load_judgements(&conn).unwrap(), &opts);
    assert!(same(&ds, &r, &a, &b));
    assert!(same(&ds, &r, &a, &c));
}

#[test]
fn verdicts_parse_and_reject_garbage() {
    assert_eq!("not same".parse::<Verdict>().unwrap(), Verdict::NotSame);
    assert_eq!("SAME".parse::<Verdict>().unwrap(), Verdict::Same);
    assert!("maybe".parse::<Verdict>().is_err());
}

#[test]
fn namesakes_at_different_premises_and_ambiguous_bare_mentions() {
    let a = Party::new("XINDA TRADING LIMITED", "HK")
        .with_registry_id("R1")
        .with_address("Unit 1, 3/F, 10 Nathan Road, Hong Kong");
    let b = Party::new("XINDA TRADING LIMITED", "HK")
        .with_registry_id("R2")
        .with_address("Unit 7, 9/F, 88 Nathan Road, Hong Kong");
    let a2 = Party::new("XINDA TRADING LTD", "HK")
        .with_address("UNIT 1, 3/F, 10 NATHAN ROAD, HONG KONG");
    let bare = Party::new("XINDA TRADING LIMITED", "HK");
    let ds = dataset(&[a.clone(), b.clone(), a2.clone(), bare.clone()]);
    let r = resolve(&ds, &Judgements::new(), &ResolveOptions::default());
    assert!(same(&ds, &r, &a, &a2), "same premises");
    assert!(!same(&ds, &r, &a, &b), "different premises");
    assert!(
        !same(&ds, &r, &bare, &a) && !same(&ds, &r, &bare, &b),
        "ambiguous bare mention"
    );
    assert_eq!(r.entities.len(), 3);
}

#[test]
fn registry_of_party_maps_each_registry_mention_to_its_entry() {
    let mut ds = Dataset::new();
    let loose = ds.party_id(Party::new("LOOSE TRADING LLC", "AE")).unwrap();
    let a = ds
        .add_registry(common::company("A", "ALPHA LIMITED", "HK", "2020-01-01"))
        .unwrap();
    let b = ds
        .add_registry(common::company("B", "BETA LIMITED", "CN", "2021-01-01"))
        .unwrap();
    let map = ds.registry_of_party();
    assert_eq!(map.len(), 2);
    assert_eq!(map.get(&a), Some(&0));
    assert_eq!(map.get(&b), Some(&1));
    assert_eq!(map.get(&loose), None);
}

#[test]
fn legal_form_written_ltd_or_limited_is_one_company() {
    // Issue 13: "UNIONCHIP HONG KONG LTD" and "UNIONCHIP HONG KONG LIMITED" counted as two
    // parties, so a code switch between them was missed.
    let a = Party::new("UNIONCHIP HONG KONG LTD", "HK");
    let b = Party::new("UNIONCHIP HONG KONG LIMITED", "HK");
    let c = Party::new("Unionchip (Hong Kong) Limited", "Гонконг");
    let other = Party::new("UNIONTECH HONG KONG LIMITED", "HK");
    let ds = dataset(&[a.clone(), b.clone(), c.clone(), other.clone()]);
    let r = resolve(&ds, &Judgements::new(), &ResolveOptions::default());
    assert!(same(&ds, &r, &a, &b), "LTD = LIMITED");
    assert!(same(&ds, &r, &a, &c), "brackets, case, country in Russian");
    assert!(!same(&ds, &r, &a, &other), "another company");
}

#[test]
fn cyrillic_and_latin_with_one_inn_are_one_company_across_addresses() {
    // The customs file writes the Cyrillic name, a second file the Latin one, each with a
    // differently written address; the INN decides.
    let a = Party::new("ООО «Ермак-Трейд»", "RU")
        .with_inn("7705123456")
        .with_address("г. Москва, ул. Летниковская, д. 10, стр. 4, пом. 7");
    let b = Party::new("OOO \"ERMAK-TREYD\"", "RU")
        .with_inn("7705123456")
        .with_address("115114, Moscow, Letnikovskaya str. 10 bld 4");
    let c = Party::new("ERMAK TRADE LLC", "RU").with_inn("7705123456");
    let namesake = Party::new("ООО «Ермак-Трейд»", "RU").with_inn("6623000011");
    let ds = dataset(&[a.clone(), b.clone(), c.clone(), namesake.clone()]);
    let r = resolve(&ds, &Judgements::new(), &ResolveOptions::default());
    assert!(same(&ds, &r, &a, &b));
    assert!(same(&ds, &r, &a, &c));
    assert!(
        !same(&ds, &r, &a, &namesake),
        "another INN is another company"
    );
}

#[test]
fn cyrillic_and_latin_without_inn_merge_by_name_key() {
    // No INN on either side, no address on one: the canonical name key (legal form read from
    // the names crate's table, quotes dropped, Cyrillic romanised) agrees.
    let a =
        Party::new("ООО «Ермак-Трейд»", "RU").with_address("г. Москва, ул. Летниковская, д. 10");
    let b = Party::new("OOO ERMAK-TREID", "RU");
    let ds = dataset(&[a.clone(), b.clone()]);
    let r = resolve(&ds, &Judgements::new(), &ResolveOptions::default());
    assert!(same(&ds, &r, &a, &b));
}

#[test]
fn records_carry_their_resolved_parties_for_substitution() {
    use chokepoint_network::resolve::record_parties;
    use chokepoint_trade::CustomsRecord;
    let mut ds = Dataset::new();
    for (id, sender) in [
        ("r1", "UNIONCHIP HONG KONG LTD"),
        ("r2", "UNIONCHIP HONG KONG LIMITED"),
        ("r3", "BRIGHTWAY COMPONENTS LIMITED"),
    ] {
        let r = CustomsRecord {
            id: id.into(),
            ved_code: "8542310000".into(),
            sender_name: sender.into(),
            sender_country: "HK".into(),
            receiver_name: "ООО «Ермак-Трейд»".into(),
            receiver_inn: "7705123452".into(),
            ..CustomsRecord::default()
        };
        ds.add_record(&r, "microelectronics", true).unwrap();
    }
    let r = resolve(&ds, &Judgements::new(), &ResolveOptions::default());
    let rp = record_parties(&ds, &r);
    assert_eq!(rp.len(), 3);
    assert_eq!(rp[0].record_id, "r1");
    assert_eq!(rp[0].sender, rp[1].sender, "LTD and LIMITED: one sender");
    assert_ne!(rp[0].sender, rp[2].sender);
    assert_eq!(rp[0].receiver.as_deref(), Some("inn:7705123452"));
}

/// Pairs scored elsewhere (the cluster's blocking job) are merged by the same rules: the
/// threshold, the INN constraint, analyst judgements; a pair naming an unknown mention is
/// skipped.
#[test]
fn pairs_scored_elsewhere_resolve_by_the_same_rules() {
    use chokepoint_network::{resolve_with_pairs, ScoredPair};
    let a = Party::new("SHENZHEN XINDA ELECTRONICS CO., LTD", "CN");
    let b = Party::new("SHENZHEN XINDA ELECTRONICS CO LTD", "CN");
    let c = Party::new("XINDA TRADING LIMITED", "HK");
    let d = Party::new("ООО «Вектор»", "RU").with_inn("7701000001");
    let e = Party::new("ООО «Вектор»", "RU").with_inn("7802000002");
    let ds = dataset(&[a.clone(), b.clone(), c.clone(), d.clone(), e.clone()]);
    let pair = |x: &Party, y: &Party, score: f64| ScoredPair {
        key_a: x.key(),
        key_b: y.key(),
        score,
        name_score: score,
        address_similarity: None,
    };
    let unknown = Party::new("NOBODY", "US");
    let pairs = vec![
        pair(&a, &b, 0.97),
        pair(&b, &c, 0.60),
        pair(&d, &e, 0.99),
        pair(&a, &unknown, 0.99),
    ];
    let opts = ResolveOptions::default();
    let r = resolve_with_pairs(&ds, &Judgements::new(), &opts, &pairs);
    assert!(same(&ds, &r, &a, &b));
    assert!(!same(&ds, &r, &b, &c), "below the threshold");
    assert!(!same(&ds, &r, &d, &e), "two INNs never merge");
    assert!(r.refused.iter().any(|x| x.constraint == "different INN"));
    assert_eq!(r.entities.len(), 4);
    let mut j = Judgements::new();
    j.push(&a.key(), &b.key(), Verdict::NotSame, "analyst");
    let r = resolve_with_pairs(&ds, &j, &opts, &pairs);
    assert!(
        !same(&ds, &r, &a, &b),
        "a not_same judgement overrides the pair score"
    );
}
