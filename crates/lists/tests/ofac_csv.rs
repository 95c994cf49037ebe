//! The OFAC legacy CSV reader on the real files in the shared data folder.
//!
//! Expected counts were taken from the files themselves (awk/python over the raw CSV), not
//! from the reader.

mod common;

use chokepoint_lists::ofac_csv::{natural_order, OfacCsvReader, Stats};
use chokepoint_lists::{plan, Entity, Format};
use chokepoint_model::{Prop, Schema};
use common::data_dir;
use std::collections::HashMap;
use std::path::PathBuf;

/// Reads every entity of the files (strictly: any error fails the test) with the reader's stats.
fn read(dir: &std::path::Path, files: &[&str]) -> (Vec<Entity>, Stats) {
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join("ofac").join(f)).collect();
    let sources = plan(&paths, None).unwrap();
    assert_eq!(sources.len(), 1, "{sources:?}");
    let mut reader = OfacCsvReader::new(&sources[0]).unwrap();
    let entities: Vec<Entity> = reader.by_ref().map(|e| e.unwrap()).collect();
    (entities, reader.stats().clone())
}

fn by_id(entities: &[Entity]) -> HashMap<&str, &Entity> {
    entities.iter().map(|e| (e.id.as_str(), e)).collect()
}

fn count_schema(entities: &[Entity], schema: Schema) -> usize {
    entities.iter().filter(|e| e.schema == schema).count()
}

fn has(e: &Entity, prop: Prop, value: &str) -> bool {
    e.strings(prop).any(|v| v == value)
}

#[test]
fn sdn_2024_05_counts_and_records() {
    let Some(dir) = data_dir() else { return };
    let (entities, stats) = read(&dir, &["sdn_2024-05/sdn.csv"]);
    assert_eq!(entities.len(), 14_965);
    assert_eq!(count_schema(&entities, Schema::Person), 6_854);
    assert_eq!(
        count_schema(&entities, Schema::Company) + count_schema(&entities, Schema::Organization),
        6_884
    );
    assert_eq!(count_schema(&entities, Schema::Vessel), 851);
    assert_eq!(count_schema(&entities, Schema::Airplane), 376);
    assert_eq!(stats.entities, 14_965);
    assert!(entities.iter().all(|e| e.provenance.list == "ofac-sdn"));
    assert!(entities
        .iter()
        .all(|e| e.provenance.published.as_deref() == Some("2024-05")));

    let ids = by_id(&entities);
    let bnc = ids["ofac-sdn-306"];
    assert_eq!(bnc.caption(), "BANCO NACIONAL DE CUBA");
    assert_eq!(bnc.schema, Schema::Organization);
    assert!(
        has(bnc, Prop::WeakAlias, "BNC"),
        "remarks a.k.a. is a weak alias"
    );
    assert!(has(bnc, Prop::Program, "CUBA"));

    // A Russian company with an INN and an OGRN in its remarks.
    let volga = ids["ofac-sdn-16806"];
    assert_eq!(volga.caption(), "OOO VOLGA GROUP");
    assert_eq!(volga.schema, Schema::Company);
    assert_eq!(
        volga.strings(Prop::InnCode).collect::<Vec<_>>(),
        ["7718989383"]
    );
    assert_eq!(
        volga.strings(Prop::OgrnCode).collect::<Vec<_>>(),
        ["1147746803049"]
    );
    assert_eq!(
        volga.strings(Prop::Program).collect::<Vec<_>>(),
        ["UKRAINE-EO13661", "RUSSIA-EO14024"]
    );
    let smp = ids["ofac-sdn-16829"];
    assert!(has(smp, Prop::SwiftBic, "SMBKRUMM"));
    assert!(has(smp, Prop::Website, "www.smpbank.ru"));
    assert!(has(smp, Prop::InnCode, "7750005482"));
    assert!(has(smp, Prop::OgrnCode, "1097711000078"));
    assert!(
        has(smp, Prop::RegistrationNumber, "56657657"),
        "the OKPO (Government Gazette Number) stays a registration number"
    );

    // A vessel with its IMO number, flag, type and former names.
    let ebano = ids["ofac-sdn-4243"];
    assert_eq!(ebano.schema, Schema::Vessel);
    assert!(has(ebano, Prop::ImoNumber, "IMO7406784"));
    assert!(has(ebano, Prop::Flag, "pa"));
    assert!(has(ebano, Prop::Type, "General Cargo"));
    assert!(has(ebano, Prop::PreviousName, "SAND SWAN"));

    // An individual with a full date of birth, a place of birth and passports.
    let zawahiri = ids["ofac-sdn-2676"];
    assert_eq!(zawahiri.schema, Schema::Person);
    assert_eq!(zawahiri.caption(), "AL ZAWAHIRI, Dr. Ayman");
    assert!(
        has(zawahiri, Prop::Alias, "Dr. Ayman AL ZAWAHIRI"),
        "natural order is an alias"
    );
    assert!(has(zawahiri, Prop::BirthDate, "1951-06-19"));
    assert!(has(zawahiri, Prop::BirthPlace, "Giza, Egypt"));
    assert!(has(zawahiri, Prop::PassportNumber, "1084010"));
    assert!(has(zawahiri, Prop::PassportNumber, "19820215"));
    assert!(has(
        zawahiri,
        Prop::Position,
        "Operational and Military Leader of JIHAD GROUP"
    ));

    // An aircraft with its model.
    let plane = ids["ofac-sdn-15431"];
    assert_eq!(plane.schema, Schema::Airplane);
    assert!(has(plane, Prop::Type, "IL76-TD"));

    // Totals checked against regular expressions over the raw remarks.
    let with = |prop: Prop| entities.iter().filter(|e| e.first(prop).is_some()).count();
    assert_eq!(
        with(Prop::InnCode),
        2_560,
        "Tax ID No. of 10/12 digits (Russia)"
    );
    // 983 entries: remarks matching `IMO\s*\d` (984, less one Mexican R.F.C. "AIMO-...") or a
    // bare number after "Vessel Registration Identification".
    assert_eq!(with(Prop::ImoNumber), 983, "entries with an IMO number");
    let persons_with_dob = entities
        .iter()
        .filter(|e| e.schema == Schema::Person && e.first(Prop::BirthDate).is_some())
        .count();
    assert_eq!(
        persons_with_dob, 6_736,
        "individuals whose remarks hold `DOB`"
    );
}

#[test]
fn sdn_2021_07_full_set() {
    let Some(dir) = data_dir() else { return };
    let files = [
        "sdn_2021-07/sdn.csv",
        "sdn_2021-07/add.csv",
        "sdn_2021-07/alt.csv",
        "sdn_2021-07/sdn_comments.csv",
    ];
    let (entities, stats) = read(&dir, &files);
    assert_eq!(entities.len(), 8_976);
    assert_eq!(count_schema(&entities, Schema::Person), 4_620);
    assert_eq!(count_schema(&entities, Schema::Vessel), 406);
    assert_eq!(count_schema(&entities, Schema::Airplane), 277);
    // Every one of the 13,837 address rows and 11,910 alias rows belongs to an entry.
    assert_eq!(stats.addresses, 13_837);
    assert_eq!(stats.aliases, 11_910);
    assert_eq!((stats.orphan_rows, stats.orphan_entries), (0, 0));
    // 9,585 rows have a street or city and become `address` lines (no two alike within an
    // entity); the other 4,252 name only a country.
    let addresses: usize = entities.iter().map(|e| e.values(Prop::Address).len()).sum();
    assert_eq!(addresses, 9_585);
    // alt.csv: 11,523 aka + 18 nka → alias, 369 fka → previousName. Two entries list the same
    // aka twice (8407 "AMIN ABU SHANAB AND SONS CO." and 16448), and a property keeps a value
    // once, so 11,908 values remain: 11,539 aliases and 369 previous names, over 4,139
    // entries. The natural-order alias of individuals is counted apart (it never equals an
    // alt.csv name in this set).
    let mut alt_aliases = 0;
    let mut with_alias = 0;
    let mut with_alias_or_previous = 0;
    for e in &entities {
        let natural = if e.schema == Schema::Person {
            e.first(Prop::Name).and_then(natural_order)
        } else {
            None
        };
        let a = e
            .strings(Prop::Alias)
            .filter(|a| Some(*a) != natural.as_deref())
            .count();
        alt_aliases += a;
        with_alias += usize::from(a > 0);
        with_alias_or_previous += usize::from(a > 0 || e.first(Prop::PreviousName).is_some());
    }
    assert_eq!(alt_aliases, 11_539);
    assert_eq!(with_alias, 3_987);
    // Previous names: the 369 fka rows plus 24 other names from `f.k.a. '…'` in the remarks.
    let previous: usize = entities
        .iter()
        .map(|e| e.values(Prop::PreviousName).len())
        .sum();
    assert_eq!(previous, 393);
    // The 4,139 entries with alt rows, and 4 whose only former names are in their remarks.
    assert_eq!(with_alias_or_previous, 4_143);
    // The five comments continue remarks cut at 1,000 characters.
    assert_eq!((stats.comments_joined, stats.comments_unused), (5, 0));
    let ids = by_id(&entities);
    let bnc = ids["ofac-sdn-306"];
    assert!(has(bnc, Prop::Alias, "NATIONAL BANK OF CUBA"));
    assert!(has(bnc, Prop::Country, "cu") || has(bnc, Prop::Country, "ch"));
    assert!(has(
        bnc,
        Prop::Address,
        "Zweierstrasse 35, Zurich CH-8022, Switzerland"
    ));
    for code in ["ch", "es", "jp", "pa"] {
        assert!(has(bnc, Prop::Country, code), "{code}");
    }
    // 28264's remarks end in "...; P" + comment "hone Number 8613314257947; ...".
    let joined = ids["ofac-sdn-28264"];
    assert!(
        has(joined, Prop::Phone, "8613314257947"),
        "{:?}",
        joined.first(Prop::Notes)
    );
}

#[test]
fn sdn_2024_05_with_newer_aux_files() {
    let Some(dir) = data_dir() else { return };
    let files = [
        "sdn_2024-05/sdn.csv",
        "sdn_aux_2025-12/add.csv",
        "sdn_aux_2025-12/alt.csv",
        "sdn_aux_2025-12/sdn_comments.csv",
    ];
    let (entities, stats) = read(&dir, &files);
    assert_eq!(entities.len(), 14_965);
    // 24,244 address rows, 4,893 of them for entries newer than the primary file; 20,107
    // alias rows, 2,460 newer; 28 comments, 6 newer. 4,253 distinct newer entries.
    assert_eq!(stats.addresses, 24_244 - 4_893);
    assert_eq!(stats.aliases, 20_107 - 2_460);
    assert_eq!(stats.orphan_rows, 4_893 + 2_460 + 6);
    assert_eq!(stats.orphan_entries, 4_253);
    // Of the 22 comments with a primary row, 17 continue a remarks field cut at 1,000
    // characters; 5 belong to remarks that changed between 2024-05 and 2025-12 and are unused.
    assert_eq!((stats.comments_joined, stats.comments_unused), (17, 5));
    let ids = by_id(&entities);
    assert!(has(
        ids["ofac-sdn-306"],
        Prop::Alias,
        "NATIONAL BANK OF CUBA"
    ));
    assert!(has(ids["ofac-sdn-306"], Prop::Country, "pa"));
    assert!(entities
        .iter()
        .all(|e| e.provenance.published.as_deref() == Some("2024-05")));
}

#[test]
fn nonsdn_2025_12_consolidated_set() {
    let Some(dir) = data_dir() else { return };
    let files = [
        "nonsdn_2025-12/cons_prim.csv",
        "nonsdn_2025-12/cons_add.csv",
        "nonsdn_2025-12/cons_alt.csv",
        "nonsdn_2025-12/cons_comments.csv",
    ];
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join("ofac").join(f)).collect();
    let sources = plan(&paths, None).unwrap();
    assert_eq!(sources[0].format, Format::OfacConsCsv);
    let (entities, stats) = read(&dir, &files);
    assert_eq!(entities.len(), 442);
    assert_eq!(count_schema(&entities, Schema::Person), 79);
    assert_eq!(stats.addresses, 574);
    assert_eq!(stats.aliases, 1_073);
    assert_eq!(
        (
            stats.comments_joined,
            stats.comments_unused,
            stats.orphan_rows
        ),
        (10, 0, 0)
    );
    let ids = by_id(&entities);
    let haniya = ids["ofac-cons-9639"];
    assert_eq!(haniya.caption(), "HANIYA, Ismail Abdul Salah");
    assert!(has(haniya, Prop::Alias, "Ismail Abdul Salah HANIYA"));
    assert!(has(haniya, Prop::Alias, "HANIYYA, Ismaeel"));
    assert!(has(haniya, Prop::BirthDate, "1962"));
    assert!(has(haniya, Prop::BirthPlace, "Shati"));
    assert!(has(haniya, Prop::Program, "NS-PLC"));
    assert!(
        has(ids["ofac-cons-9641"], Prop::Country, "ps"),
        "Palestinian"
    );
    // 17016's remarks are cut at 1,000 characters; the comment carries its INN, LEI and OGRN.
    let e = ids["ofac-cons-17016"];
    assert!(has(e, Prop::InnCode, "7744001497"));
    assert!(has(e, Prop::LeiCode, "253400WSS48YWMBUA688"));
    assert!(has(e, Prop::OgrnCode, "1027700167110"));
}
