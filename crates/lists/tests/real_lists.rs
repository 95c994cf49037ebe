//! The EU Official Journal annexes, the US 1260H list and the real UK OFSI Consolidated List,
//! read from the shared data folder: exact counts per file, concrete records, and the defence
//! end-user register built from the EU file imported into a store.

mod common;

use chokepoint_lists::end_users::{
    defence_end_users, third_country_counts, EndUserSource, OTHER_THIRD_COUNTRIES,
};
use chokepoint_lists::{open, plan, Entity, Format, ListError};
use chokepoint_model::{Prop, Schema};
use chokepoint_store::{ImportMeta, Store};
use common::data_path;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The file under the shared data folder, or `None` (the test then skips, saying why).
fn shared(rel: &str) -> Option<PathBuf> {
    let path = data_path().join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipping: {} not found (set CHOKEPOINT_SHARED_DATA)",
            path.display()
        );
        None
    }
}

/// Plans and reads a file with format detection; every record must read cleanly.
fn read(path: &PathBuf) -> (Format, String, Vec<Entity>) {
    let sources = plan(std::slice::from_ref(path), None).unwrap();
    assert_eq!(sources.len(), 1);
    let items: Vec<Result<Entity, ListError>> = open(&sources[0]).unwrap().collect();
    let errors: Vec<String> = items
        .iter()
        .filter_map(|r| r.as_ref().err().map(ToString::to_string))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let entities = items.into_iter().map(Result::unwrap).collect();
    (sources[0].format, sources[0].list.clone(), entities)
}

fn count_by<'a>(
    entities: &'a [Entity],
    key: impl Fn(&'a Entity) -> Vec<&'a str>,
) -> BTreeMap<&'a str, usize> {
    let mut m = BTreeMap::new();
    for e in entities {
        for k in key(e) {
            *m.entry(k).or_insert(0) += 1;
        }
    }
    m
}

fn schemata(entities: &[Entity]) -> BTreeMap<&str, usize> {
    count_by(entities, |e| vec![e.schema.as_str()])
}

fn programs(entities: &[Entity]) -> BTreeMap<&str, usize> {
    count_by(entities, |e| e.strings(Prop::Program).collect())
}

const EU: &str = "eu/oj_annexes_2026-07";

#[test]
fn eu_833_2014_annexes() {
    let Some(path) = shared(&format!("{EU}/32014R0833.csv")) else {
        return;
    };
    let (format, list, entities) = read(&path);
    assert_eq!((format, list.as_str()), (Format::EuAnnex, "eu-833-2014"));
    assert_eq!(entities.len(), 1_746);
    let progs = programs(&entities);
    assert_eq!(progs["EU-RUS"], 1_746);
    assert_eq!(progs["Reg. 833/2014 Annex IV"], 921);
    assert_eq!(progs["Reg. 833/2014 Annex XLII"], 633);
    assert_eq!(schemata(&entities)["Vessel"], 633);
    let ids: std::collections::BTreeSet<&str> = entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entities.len(), "ids are unique");
    // 140 rows print no entry number; they get an id from their name.
    assert_eq!(entities.iter().filter(|e| e.id.contains("-n")).count(), 140);

    let sirius = entities
        .iter()
        .find(|e| e.id == "eu-833-2014-IV-1")
        .unwrap();
    assert_eq!(sirius.first(Prop::Name), Some("JSC Sirius"));
    assert_eq!(sirius.first(Prop::InnCode), Some("7704730655"));
    assert_eq!(sirius.first(Prop::ListingDate), Some("2014-09-12"));
    assert_eq!(sirius.first(Prop::Country), Some("ru"));
    assert!(sirius
        .strings(Prop::Alias)
        .any(|a| a == "JSC Concern Sirius"));
    assert!(sirius
        .strings(Prop::Notes)
        .any(|n| n == "measure: Export control"));
    let angara = entities
        .iter()
        .find(|e| e.id == "eu-833-2014-XLII-1")
        .unwrap();
    assert_eq!(
        (angara.schema, angara.first(Prop::ImoNumber)),
        (Schema::Vessel, Some("9179842"))
    );
}

#[test]
fn eu_269_2014_and_765_2006() {
    let Some(path) = shared(&format!("{EU}/32014R0269.csv.gz")) else {
        return;
    };
    let (format, list, entities) = read(&path);
    assert_eq!((format, list.as_str()), (Format::EuAnnex, "eu-269-2014"));
    let progs = programs(&entities);
    assert_eq!(progs["Reg. 269/2014 Annex I.PERSONS"], 1_984);
    assert_eq!(progs["Reg. 269/2014 Annex I.ENTITIES"], 818);
    let s = schemata(&entities);
    assert_eq!(s["Person"], 1_984);
    assert_eq!(s["Company"] + s["LegalEntity"], 818);
    let first = entities
        .iter()
        .find(|e| e.id == "eu-269-2014-I.PERSONS-1")
        .unwrap();
    assert_eq!(first.first(Prop::Name), Some("Sergey Valeryevich AKSYONOV"));
    assert_eq!(first.first(Prop::Gender), Some("male"));

    let Some(path) = shared(&format!("{EU}/32006R0765.csv")) else {
        return;
    };
    let (_, list, entities) = read(&path);
    assert_eq!(list, "eu-765-2006");
    assert_eq!(entities.len(), 408);
    let progs = programs(&entities);
    assert_eq!(progs["EU-BLR"], 408);
    assert_eq!(progs["Reg. 765/2006 Annex I.A"], 312);
    assert_eq!(progs["Reg. 765/2006 Annex V"], 26);
    assert_eq!(schemata(&entities)["Person"], 312);
    let asset = entities
        .iter()
        .filter(|e| e.first(Prop::Type) == Some("Asset"))
        .count();
    assert_eq!(
        asset, 1,
        "the one Asset row is kept as a LegalEntity of type Asset"
    );
}

#[test]
fn us_1260h_companies() {
    let Some(path) = shared("us_dod/chinese_military_companies_1260h_2026-08/sanctions.csv") else {
        return;
    };
    let (format, list, entities) = read(&path);
    assert_eq!((format, list.as_str()), (Format::Us1260h, "us-1260h"));
    // 397 rows, one per company and edition: 227 companies (234 spellings of `Clean Name`).
    assert_eq!(entities.len(), 227);
    let progs = programs(&entities);
    assert_eq!((progs["1260H"], progs["1260H-REMOVED"]), (209, 18));
    let dji = entities
        .iter()
        .find(|e| e.id == "us-1260h-shenzhen-dji-innovation-technology-co-ltd")
        .expect("DJI is listed");
    assert_eq!(dji.first(Prop::Program), Some("1260H"));
    let megvii = entities
        .iter()
        .find(|e| e.id == "us-1260h-beijing-megvii-technology-co-ltd")
        .unwrap();
    assert_eq!(megvii.first(Prop::Program), Some("1260H-REMOVED"));
    assert!(megvii
        .strings(Prop::Notes)
        .any(|n| n == "removed from the 1260H list on 2025-01-07"));
    let avic = entities
        .iter()
        .find(|e| e.id == "us-1260h-aerospace-ch-uav-co-ltd")
        .unwrap();
    assert!(avic.strings(Prop::Alias).any(|a| a == "S-SEA"));
    assert!(
        avic.strings(Prop::ListingDate).count() >= 2,
        "one date per edition"
    );
}

#[test]
fn uk_ofsi_conlist_2025_04() {
    let Some(path) = shared("uk/ofsi_conlist_2025-04/ConList_2025-04-10.csv.gz") else {
        return;
    };
    let (format, list, entities) = read(&path);
    assert_eq!((format, list.as_str()), (Format::UkOfsi, "uk-ofsi"));
    // 18,796 name rows in 4,686 groups: 13,691 + 5,024 + 81 rows.
    assert_eq!(entities.len(), 4_686);
    assert!(entities
        .iter()
        .all(|e| e.provenance.published.as_deref() == Some("2025-04-10")));
    let s = schemata(&entities);
    assert_eq!(s["Person"], 3_662);
    assert_eq!(s["Company"] + s["Organization"], 1_009);
    assert_eq!(s["Vessel"], 15);
    let progs = programs(&entities);
    assert_eq!(progs["Russia"], 2_181);
    let russia_entities = entities
        .iter()
        .filter(|e| e.schema != Schema::Person && e.schema != Schema::Vessel)
        .filter(|e| e.strings(Prop::Program).any(|p| p == "Russia"))
        .count();
    assert_eq!(russia_entities, 415);
    // What the real file taught: labelled identifiers in Other Information.
    let with = |p: Prop| entities.iter().filter(|e| e.first(p).is_some()).count();
    assert_eq!(with(Prop::ImoNumber), 15, "every ship has its IMO number");
    assert_eq!(with(Prop::InnCode), 133);
    assert_eq!(with(Prop::OgrnCode), 91);
    let ship = entities
        .iter()
        .find(|e| e.first(Prop::ImoNumber) == Some("7408873"))
        .unwrap();
    assert_eq!(ship.first(Prop::Flag), Some("kp"));
    assert_eq!(ship.first(Prop::Type), Some("Oil tanker"));
}

/// Imports one file into a fresh store under its detected list.
fn import(store: &mut Store, path: &PathBuf) {
    let sources = plan(std::slice::from_ref(path), None).unwrap();
    let meta = ImportMeta {
        list: sources[0].list.clone(),
        format: sources[0].format.name().into(),
        published: sources[0].published.clone(),
        files: vec![path.display().to_string()],
    };
    let mut tx = store.begin_import().unwrap();
    tx.import(&meta, open(&sources[0]).unwrap(), |_| {}, &|| 0)
        .unwrap();
    tx.commit().unwrap();
}

#[test]
fn register_of_defence_end_users_from_the_eu_annexes() {
    let (Some(r833), Some(r765)) = (
        shared(&format!("{EU}/32014R0833.csv")),
        shared(&format!("{EU}/32006R0765.csv")),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    import(&mut store, &r833);
    import(&mut store, &r765);
    let register = defence_end_users(&store).unwrap();
    let by_program = count_by_program(&register);
    assert_eq!(by_program["Reg. 833/2014 Annex IV"], 921);
    assert_eq!(by_program["Reg. 765/2006 Annex V"], 26);
    assert_eq!(
        register.len(),
        947,
        "no vessel, bank or person of other annexes"
    );
    assert!(register
        .iter()
        .all(|u| u.source == EndUserSource::EuAnnexIv));
    let annex_iv: Vec<_> = register
        .iter()
        .filter(|u| u.program == "Reg. 833/2014 Annex IV")
        .collect();
    let in_country = |c: &str| {
        annex_iv
            .iter()
            .filter(|u| u.country.as_deref() == Some(c))
            .count()
    };
    // The country of the last printed address. SOURCES.md counts the literal last part of the
    // last address (732 "Russian Federation", 50 "Hong Kong", 44 "People’s Republic of China");
    // the country normaliser also reads "Russian Federation." and "Office 209 Russian
    // Federation", "China", and an address ending in a city ("…, People’s Republic of China,
    // Shenzhen").
    assert_eq!(in_country("ru"), 743);
    assert_eq!(in_country("hk"), 50);
    assert_eq!(in_country("cn"), 46);
    assert_eq!(in_country("tr"), 25);
    assert_eq!(in_country("ir"), 9);
    assert_eq!(in_country("ae"), 10);
    // The Sevastopol Naval Plant (no country after "Sevastopol"), Shenzhen Xingding Machinery
    // (no address) and Agrim Aviation ("…, New Delhi, Delhi, 110001").
    assert_eq!(annex_iv.iter().filter(|u| u.country.is_none()).count(), 3);

    let rows = third_country_counts(&register);
    for r in &rows {
        eprintln!("{:<32} {:>4} {:>4}", r.group, r.by_country, r.with_address);
    }
    let get = |g: &str| rows.iter().find(|r| r.group == g).unwrap();
    let counts = |g: &str| (get(g).by_country, get(g).with_address);
    assert_eq!(counts("Hong Kong"), (50, 61));
    assert_eq!(counts("China"), (46, 51));
    assert_eq!(counts("Türkiye"), (25, 25));
    assert_eq!(counts("United Arab Emirates"), (10, 10));
    assert_eq!(counts("Central Asia"), (11, 11));
    assert_eq!(counts("Caucasus"), (1, 1));
    assert_eq!(counts("Russia").0, 743);
    assert_eq!(counts("Country not printed").0, 3);
    assert_eq!(rows.iter().map(|r| r.by_country).sum::<usize>(), 921);
    let third: usize = rows
        .iter()
        .filter(|r| r.third_country)
        .map(|r| r.by_country)
        .sum();
    assert_eq!(third, 174);
    assert_eq!(counts(OTHER_THIRD_COUNTRIES).0, 31);
    assert_eq!(
        counts("Occupied territories of Ukraine").0,
        1,
        "the Zaliv shipyard, Kerch"
    );
    assert!(get("Hong Kong")
        .examples
        .iter()
        .any(|n| n == "Yilufa Electronics Ltd."));
}

fn count_by_program(register: &[chokepoint_lists::end_users::EndUser]) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for u in register {
        *m.entry(u.program.as_str()).or_insert(0) += 1;
    }
    m
}

#[test]
fn analyst_end_user_list_is_detected_and_read() {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/end_users/analyst_end_users.csv"
    ));
    let sources = plan(std::slice::from_ref(&path), None).unwrap();
    assert_eq!(
        (sources[0].format, sources[0].list.as_str()),
        (Format::EndUsers, "analyst-end-users")
    );
    let items: Vec<Result<Entity, ListError>> = open(&sources[0]).unwrap().collect();
    assert_eq!(items.len(), 5);
    let almaz = items[0].as_ref().unwrap();
    assert_eq!(almaz.schema, Schema::Company);
    assert_eq!(almaz.first(Prop::InnCode), Some("7731084175"));
    assert_eq!(almaz.first(Prop::Country), Some("ru"));
    assert_eq!(
        almaz.strings(Prop::Alias).collect::<Vec<_>>(),
        ["Almaz-Antey", "Almaz Antey"]
    );
    let ermak = items[1].as_ref().unwrap();
    assert_eq!(
        ermak.strings(Prop::Alias).collect::<Vec<_>>(),
        ["Ermak-Trade", "Ермак Трейд"]
    );
    let errors: Vec<String> = items[3..]
        .iter()
        .map(|r| r.as_ref().unwrap_err().to_string())
        .collect();
    assert!(errors[0].ends_with("analyst_end_users.csv:line 5: field `country`: `Atlantis` is not a country name or code"), "{}", errors[0]);
    assert!(
        errors[1].ends_with("analyst_end_users.csv:line 6: field `name`: empty name"),
        "{}",
        errors[1]
    );
}

#[test]
fn register_from_csl_sdn_and_the_analysts_list() {
    let (Some(csl), Some(sdn)) = (
        shared("us_csl/consolidated_2022-05.csv.gz"),
        shared("ofac/sdn_2024-05/sdn.csv"),
    ) else {
        return;
    };
    let own = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/end_users/analyst_end_users.csv"
    ));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    import(&mut store, &csl);
    import(&mut store, &sdn);
    // The analyst's file has two bad rows: import the three good ones.
    {
        let sources = plan(std::slice::from_ref(&own), None).unwrap();
        let meta = ImportMeta {
            list: sources[0].list.clone(),
            format: sources[0].format.name().into(),
            published: None,
            files: vec![own.display().to_string()],
        };
        let mut tx = store.begin_import().unwrap();
        let good = open(&sources[0]).unwrap().filter(Result::is_ok);
        tx.import(&meta, good, |_| {}, &|| 2).unwrap();
        tx.commit().unwrap();
    }
    let register = defence_end_users(&store).unwrap();
    let by_source = |s: EndUserSource| register.iter().filter(|u| u.source == s).count();
    let counts = [
        by_source(EndUserSource::UsEntityList),
        by_source(EndUserSource::UsMeu),
        by_source(EndUserSource::OfacSdnDefence),
        by_source(EndUserSource::Analyst),
    ];
    eprintln!("EL, MEU, SDN defence, analyst: {counts:?}");
    // The CSL of May 2022 lists 71 MEU entries, all in China (the Russian ones had moved to
    // the Entity List); 608 Entity List entries have an address in Russia or Belarus.
    assert_eq!(counts, [608, 0, 375, 3]);
    let kupol = register
        .iter()
        .find(|u| u.name == "Izhevsk Electromechanical Plant Kupol")
        .unwrap();
    assert_eq!(
        kupol.reason,
        "on the analyst's end-user list: Tor missile systems"
    );
    assert_eq!(kupol.inn, ["1831083343"]);
    assert!(register
        .iter()
        .filter(|u| u.source == EndUserSource::UsMeu || u.source == EndUserSource::UsEntityList)
        .all(|u| matches!(u.country.as_deref(), Some("ru") | Some("by"))));
    let sdn_entry = register
        .iter()
        .find(|u| u.source == EndUserSource::OfacSdnDefence)
        .unwrap();
    assert!(
        sdn_entry
            .reason
            .starts_with("OFAC SDN under RUSSIA-EO14024 with a defence-industry name"),
        "{}",
        sdn_entry.reason
    );
}
