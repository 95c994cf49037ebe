//! The OFAC XML reader on the real 2018 consolidated.xml (older `tempuri` namespace) and on a
//! small fixture in a newer, prefixed namespace.
//!
//! Expected counts were taken from the file with Python's ElementTree, not from the reader.

mod common;

use chokepoint_lists::{open, plan, Entity, Format};
use chokepoint_model::{Prop, Schema};
use common::data_dir;
use std::collections::HashMap;
use std::path::PathBuf;

fn read(path: PathBuf) -> Vec<Entity> {
    let sources = plan(&[path], None).unwrap();
    assert_eq!(sources[0].format, Format::OfacXml);
    open(&sources[0]).unwrap().map(|e| e.unwrap()).collect()
}

fn has(e: &Entity, prop: Prop, value: &str) -> bool {
    e.strings(prop).any(|v| v == value)
}

#[test]
fn consolidated_2018() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("ofac/xml_2018-05/consolidated.xml");
    let sources = plan(std::slice::from_ref(&path), None).unwrap();
    assert_eq!(sources[0].list, "ofac-cons");
    let entities = read(path);
    assert_eq!(entities.len(), 639);
    let count = |s: Schema| entities.iter().filter(|e| e.schema == s).count();
    assert_eq!(count(Schema::Person), 94);
    assert_eq!(count(Schema::Vessel), 74);
    assert_eq!(count(Schema::Company) + count(Schema::Organization), 471);
    assert!(entities
        .iter()
        .all(|e| e.provenance.published.as_deref() == Some("2018-04-06")));

    // 1,255 <aka> rows: 1,024 strong a.k.a. → alias, 185 strong f.k.a. → previousName, 45 weak
    // a.k.a. and 1 weak f.k.a. → weakAlias. One entry lists the same weak name twice, and a
    // property keeps a value once: 1,254 values over 500 entries. Individuals' natural-order
    // aliases are counted apart (none equals an <aka>).
    let mut alias = 0;
    let mut with_aka = 0;
    for e in &entities {
        let natural = if e.schema == Schema::Person {
            e.first(Prop::Name)
                .and_then(chokepoint_lists::ofac_csv::natural_order)
        } else {
            None
        };
        let a = e
            .strings(Prop::Alias)
            .filter(|a| Some(*a) != natural.as_deref())
            .count();
        alias += a;
        if a + e.values(Prop::PreviousName).len() + e.values(Prop::WeakAlias).len() > 0 {
            with_aka += 1;
        }
    }
    let total = |p: Prop| entities.iter().map(|e| e.values(p).len()).sum::<usize>();
    assert_eq!(alias, 1_024);
    assert_eq!(total(Prop::PreviousName), 185);
    assert_eq!(total(Prop::WeakAlias), 45);
    assert_eq!(
        alias + total(Prop::PreviousName) + total(Prop::WeakAlias),
        1_254
    );
    assert_eq!(with_aka, 500);
    // 41 <id>s are a Russian Tax ID No. of 10 or 12 digits, one per entry.
    assert_eq!(
        entities
            .iter()
            .filter(|e| e.first(Prop::InnCode).is_some())
            .count(),
        41
    );

    let ids: HashMap<&str, &Entity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let vtb = ids["ofac-cons-17013"];
    assert_eq!(vtb.caption(), "VTB BANK OAO");
    assert_eq!(vtb.schema, Schema::Company);
    assert!(has(vtb, Prop::InnCode, "7702070139"));
    assert!(has(vtb, Prop::OgrnCode, "1027739609391"));
    assert!(has(vtb, Prop::SwiftBic, "VTBRRUMM"));
    assert!(has(
        vtb,
        Prop::Notes,
        "Executive Order 13662 Directive Determination: Subject to Directive 1"
    ));
    let shona = ids["ofac-cons-15036"];
    assert_eq!(shona.schema, Schema::Vessel);
    assert!(has(shona, Prop::ImoNumber, "IMO9187629"));
    assert!(has(shona, Prop::Flag, "tz"));
    assert!(has(shona, Prop::CallSign, "T2EU4"));
    assert!(has(shona, Prop::Type, "Crude/Oil Products Tanker"));
    let haniya = ids["ofac-cons-9639"];
    assert_eq!(haniya.caption(), "HANIYA, Ismail Abdul Salah");
    assert!(has(haniya, Prop::BirthDate, "1962"));
    let markazi = ids["ofac-cons-4632"];
    assert!(has(
        markazi,
        Prop::Alias,
        "CENTRAL BANK OF THE ISLAMIC REPUBLIC OF IRAN"
    ));
}

#[test]
fn newer_prefixed_namespace_fixture() {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ofac_xml/sdn_prefixed_2025-01.xml"
    ));
    let sources = plan(std::slice::from_ref(&path), None).unwrap();
    assert_eq!(
        (sources[0].list.as_str(), sources[0].published.as_deref()),
        ("ofac-sdn", Some("2025-01"))
    );
    let entities = read(path);
    assert_eq!(entities.len(), 2);
    let company = &entities[0];
    assert_eq!(company.id, "ofac-sdn-90001");
    assert_eq!(company.schema, Schema::Company);
    assert_eq!(
        company.provenance.published.as_deref(),
        Some("2025-01-10"),
        "Publish_Date refines the path's date"
    );
    assert!(has(company, Prop::InnCode, "7700000001"));
    assert!(has(company, Prop::OgrnCode, "1027700000001"));
    assert!(has(
        company,
        Prop::Address,
        "ul. Testovaya 1, Moscow, Russia"
    ));
    assert!(has(company, Prop::Country, "ru"));
    assert!(has(company, Prop::Program, "RUSSIA-EO14024"));
    let vessel = &entities[1];
    assert_eq!(vessel.schema, Schema::Vessel);
    assert!(has(vessel, Prop::ImoNumber, "IMO9999991"));
    assert!(has(vessel, Prop::Flag, "cm"));
}
