//! EU Financial Sanctions Files XML, on fixtures written from the published schema.

use chokepoint_lists::{eu_fsf, Entity, Format, ListError, Source};
use chokepoint_model::{Prop, Schema};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/eu")).join(name)
}

fn read_all(name: &str) -> Vec<Result<Entity, ListError>> {
    let source = Source {
        format: Format::EuFsf,
        list: "eu-fsf".into(),
        published: None,
        files: vec![fixture(name)],
    };
    eu_fsf::open(&source).expect("open").collect()
}

fn strings(e: &Entity, p: Prop) -> Vec<&str> {
    e.strings(p).collect()
}

#[test]
fn sample_maps_every_field() {
    let items = read_all("fsf_sample.xml");
    assert_eq!(items.len(), 6);

    let rtk = items[0].as_ref().unwrap();
    assert_eq!(rtk.id, "eu-fsf-900101");
    assert_eq!(rtk.provenance.record_id, "900101");
    assert_eq!(rtk.provenance.published.as_deref(), Some("2026-02-20"));
    assert_eq!(
        rtk.schema,
        Schema::Company,
        "ООО / Limited Liability Company is a legal form"
    );
    assert_eq!(
        rtk.first(Prop::Name),
        Some("Limited Liability Company \"Radiotekhnika-Komponent\"")
    );
    assert_eq!(strings(rtk, Prop::Alias), ["ООО «Радиотехника-Компонент»"]);
    assert_eq!(strings(rtk, Prop::WeakAlias), ["RTK"]);
    assert_eq!(rtk.first(Prop::InnCode), Some("7701234567"));
    assert_eq!(rtk.first(Prop::OgrnCode), Some("1027700123456"));
    assert_eq!(
        rtk.first(Prop::Address),
        Some("ul. Elektrozavodskaya 27, str. 3, 107023, Moscow, RUSSIAN FEDERATION")
    );
    assert_eq!(rtk.first(Prop::Country), Some("ru"));
    assert_eq!(rtk.first(Prop::Program), Some("RUS"));
    assert_eq!(rtk.first(Prop::ListingDate), Some("2023-02-25"));
    assert!(rtk
        .first(Prop::Notes)
        .unwrap()
        .starts_with("Manufacturer of radio-electronic"));

    let petrov = items[1].as_ref().unwrap();
    assert_eq!(petrov.schema, Schema::Person);
    assert_eq!(petrov.first(Prop::Name), Some("Ivan Ivanovich PETROV"));
    assert_eq!(strings(petrov, Prop::Alias), ["Иван Иванович Петров"]);
    assert_eq!(petrov.first(Prop::Gender), Some("male"));
    assert_eq!(
        petrov.first(Prop::Position),
        Some("Deputy Minister of Defence of the Russian Federation")
    );
    assert_eq!(petrov.first(Prop::Nationality), Some("ru"));
    assert_eq!(petrov.first(Prop::BirthDate), Some("1965-03-14"));
    assert_eq!(
        petrov.first(Prop::BirthPlace),
        Some("Tula, RUSSIAN FEDERATION")
    );
    assert_eq!(petrov.first(Prop::PassportNumber), Some("753456789"));
    assert_eq!(petrov.first(Prop::Program), Some("UKR"));

    let ship = items[2].as_ref().unwrap();
    assert_eq!(
        ship.schema,
        Schema::Organization,
        "the FSF has no vessel type"
    );
    assert_eq!(ship.first(Prop::ImoNumber), Some("9123456"));
    assert_eq!(strings(ship, Prop::WeakAlias), ["OCEAN GRACE"]);
    assert_eq!(
        ship.first(Prop::ListingDate),
        Some("2024-06-24"),
        "earliest regulation without designationDate"
    );
    assert_eq!(strings(ship, Prop::Program), ["RUS"]);
    assert_eq!(ship.first(Prop::Country), Some("ae"));

    let kim = items[3].as_ref().unwrap();
    assert_eq!(
        kim.first(Prop::Name),
        Some("Chol KIM"),
        "first + last name when wholeName is empty"
    );
    assert_eq!(strings(kim, Prop::WeakAlias), ["Kim Cholly"]);
    assert_eq!(kim.first(Prop::Gender), Some("female"));
    assert_eq!(kim.first(Prop::BirthDate), Some("1970"));
    assert_eq!(
        kim.first(Prop::BirthPlace),
        None,
        "unknown country is not a place"
    );
    assert_eq!(kim.first(Prop::IdNumber), Some("D-12345"));
    assert_eq!(kim.first(Prop::Nationality), Some("kp"));

    match &items[4] {
        Err(
            err @ ListError::Record {
                location, field, ..
            },
        ) => {
            assert_eq!(field, "logicalId");
            assert_eq!(location, "element <sanctionEntity> #5 (line 45)");
            assert!(err.is_recoverable());
            assert!(err.to_string().contains("fsf_sample.xml"));
        }
        other => panic!("expected a record error, got {other:?}"),
    }

    let cn = items[5].as_ref().unwrap();
    assert_eq!(cn.schema, Schema::Company);
    assert_eq!(strings(cn, Prop::Alias), ["深圳市华信伟业电子有限公司"]);
    assert_eq!(strings(cn, Prop::Country), ["cn", "hk"]);
    assert_eq!(cn.values(Prop::Address).len(), 2);
}

#[test]
fn broken_xml_is_fatal_with_line_and_path() {
    let items = read_all("fsf_broken.xml");
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().caption(), "First Person");
    match &items[1] {
        Err(err @ ListError::Fatal { location, .. }) => {
            assert!(!err.is_recoverable());
            assert_eq!(location, "line 10, in <export/sanctionEntity/nameAlias>");
        }
        other => panic!("expected a fatal error, got {other:?}"),
    }
}

#[test]
fn other_roots_are_not_eu_files() {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), "<?xml version=\"1.0\"?><CONSOLIDATED_LIST/>").unwrap();
    let source = Source {
        format: Format::EuFsf,
        list: "eu-fsf".into(),
        published: None,
        files: vec![f.path().to_path_buf()],
    };
    assert!(matches!(
        eu_fsf::open(&source),
        Err(ListError::Unrecognised { .. })
    ));
}
