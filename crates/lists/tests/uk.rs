//! UK OFSI consolidated list CSV, on a fixture written from the published format and
//! corrected to what the real ConList of April 2025 shows (a padded first line, identifiers as
//! labelled parts of Other Information: `(IMO number):…`, `(Business Reg No):(1) INN – …`);
//! the real file itself is read in `real_lists.rs`.

use chokepoint_lists::{uk_ofsi, Entity, Format, ListError, Source};
use chokepoint_model::{Prop, Schema};
use std::io::Write;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/uk")).join(name)
}

fn source(path: PathBuf) -> Source {
    Source {
        format: Format::UkOfsi,
        list: "uk-ofsi".into(),
        published: None,
        files: vec![path],
    }
}

fn read_all(path: PathBuf) -> Vec<Result<Entity, ListError>> {
    uk_ofsi::open(&source(path)).expect("open").collect()
}

fn strings(e: &Entity, p: Prop) -> Vec<&str> {
    e.strings(p).collect()
}

#[test]
fn sample_groups_rows_into_entities() {
    let items = read_all(fixture("ofsi_sample.csv"));
    let entities: Vec<Entity> = items.into_iter().map(|r| r.expect("no errors")).collect();
    // Ten rows, four groups; the file is sorted by name, so groups are interleaved and each is
    // emitted when its last row has been read (the ship's last row is the file's ninth).
    let ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "uk-ofsi-14201",
            "uk-ofsi-16500",
            "uk-ofsi-16001",
            "uk-ofsi-15001"
        ]
    );
    assert!(entities
        .iter()
        .all(|e| e.provenance.published.as_deref() == Some("2026-02-05")));

    let petrov = &entities[0];
    assert_eq!(petrov.schema, Schema::Person);
    assert_eq!(petrov.provenance.record_id, "14201");
    assert_eq!(petrov.first(Prop::Name), Some("Ivan Ivanovich PETROV"));
    assert_eq!(
        strings(petrov, Prop::Alias),
        ["Ivan PETROFF", "Петров Иван Иванович"]
    );
    assert_eq!(strings(petrov, Prop::WeakAlias), ["Vanya PETROV"]);
    assert_eq!(strings(petrov, Prop::BirthDate), ["1965-03-14"]);
    assert_eq!(petrov.first(Prop::BirthPlace), Some("Tula, Russia"));
    assert_eq!(strings(petrov, Prop::Nationality), ["ru"]);
    assert_eq!(
        strings(petrov, Prop::PassportNumber),
        ["753456789", "721234567"]
    );
    assert_eq!(
        petrov.first(Prop::Position),
        Some("Deputy Minister of Defence of the Russian Federation")
    );
    assert_eq!(petrov.first(Prop::Program), Some("Russia"));
    assert_eq!(petrov.first(Prop::ListingDate), Some("2022-02-24"));
    assert!(petrov.first(Prop::Notes).unwrap().contains("RUS0999"));
    assert_eq!(
        petrov.first(Prop::InnCode),
        None,
        "codes in notes are read for entities only"
    );

    let cn = &entities[1];
    assert_eq!(cn.schema, Schema::Company);
    assert_eq!(
        cn.first(Prop::Name),
        Some("SHENZHEN HUAXIN WEIYE ELECTRONICS CO., LTD")
    );
    assert_eq!(strings(cn, Prop::Alias), ["深圳市华信伟业电子有限公司"]);
    assert_eq!(
        cn.first(Prop::Address),
        Some("Unit 5, 12/F, 88 Bonham Strand, Hong Kong, China")
    );
    assert_eq!(cn.first(Prop::Country), Some("cn"));

    let ship = &entities[2];
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.first(Prop::Name), Some("OCEAN GRACE"));
    assert_eq!(strings(ship, Prop::PreviousName), ["SUN STAR"]);
    assert_eq!(ship.first(Prop::ImoNumber), Some("9123456"));
    assert_eq!(ship.first(Prop::Flag), Some("pa"));
    assert_eq!(ship.first(Prop::Type), Some("Crude oil tanker"));
    assert_eq!(ship.first(Prop::ListingDate), Some("2024-05-09"));

    let rtk = &entities[3];
    assert_eq!(rtk.schema, Schema::Company, "one row's name carries OOO");
    assert_eq!(rtk.first(Prop::Name), Some("RADIOTEKHNIKA-KOMPONENT OOO"));
    assert_eq!(
        strings(rtk, Prop::Alias),
        [
            "RADIOTECHNIKA KOMPONENT",
            "ООО «Радиотехника-Компонент»",
            "RTK"
        ]
    );
    assert_eq!(strings(rtk, Prop::WeakAlias), ["TEKHNO-AVIA"]);
    assert_eq!(
        rtk.first(Prop::Address),
        Some("ul. Elektrozavodskaya 27, str. 3, Moscow, 107023, Russia")
    );
    assert_eq!(rtk.first(Prop::Country), Some("ru"));
    assert_eq!(rtk.first(Prop::InnCode), Some("7701234567"));
    assert_eq!(rtk.first(Prop::OgrnCode), Some("1027700123456"));
}

fn write_tmp(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn column_errors_and_truncation() {
    let sample = std::fs::read_to_string(fixture("ofsi_sample.csv")).unwrap();
    let lines: Vec<&str> = sample.lines().collect();
    let header = lines[1];
    let good = lines[9]; // the Chinese company, a group of one row
    let text = [
        "Last Updated,05/02/2026".to_string(),
        header.to_string(),
        good.to_string(),
        "NO GROUP,,,,,,,,,,,,,,,,,,,,,,,,,,,,Entity,Primary name,,Russia,01/01/2024,,01/01/2024,"
            .to_string(),
        "SHORT,ROW,Entity".to_string(),
        format!("{good},EXTRA"),
        "CUT OFF,\"Iv".to_string(),
    ]
    .join("\n");
    let f = write_tmp(&text);
    let items = read_all(f.path().to_path_buf());
    assert_eq!(items.len(), 5, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id, "uk-ofsi-16500");
    let loc = |i: usize| match &items[i] {
        Err(ListError::Record {
            location, field, ..
        }) => format!("{location} {field}"),
        Err(ListError::Fatal { location, .. }) => format!("fatal {location}"),
        other => panic!("expected an error at {i}, got {other:?}"),
    };
    assert_eq!(loc(1), "line 4 Group ID");
    assert_eq!(loc(2), "line 5 Name 3");
    assert_eq!(loc(3), "line 6 column 37");
    assert_eq!(loc(4), "fatal line 7");
    assert!(items[1]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains(&f.path().display().to_string()));

    // Not an OFSI file.
    let bad = write_tmp("Name,Address\nx,y\n");
    assert!(matches!(
        uk_ofsi::open(&source(bad.path().to_path_buf())),
        Err(ListError::Unrecognised { .. })
    ));
}
