//! BIS Denied Persons List (tab-separated): real data count, stable ids, mappings and errors.

mod common;

use chokepoint_lists::{bis_dpl, Entity, Format, ListError, Source};
use chokepoint_model::{Prop, Schema};
use common::data_path;
use std::io::Write;
use std::path::PathBuf;

fn source(path: PathBuf) -> Source {
    Source {
        format: Format::BisDpl,
        list: "us-dpl".into(),
        published: Some("2022-09-07".into()),
        files: vec![path],
    }
}

fn read_all(path: PathBuf) -> Vec<Result<Entity, ListError>> {
    bis_dpl::open(&source(path)).expect("open").collect()
}

#[test]
fn dpl_2022_09() {
    let path = data_path().join("us_csl/dpl_2022-09.txt");
    if !path.exists() {
        eprintln!(
            "skipping: {} not found (set CHOKEPOINT_SHARED_DATA)",
            path.display()
        );
        return;
    }
    let entities: Vec<Entity> = read_all(path.clone())
        .into_iter()
        .map(|r| r.expect("no errors"))
        .collect();
    assert_eq!(entities.len(), 581);
    let mut ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 581, "ids are unique");
    // Four (name, street, effective date) triples occur twice: two exact duplicate rows and two
    // rows that differ only in later columns.
    assert_eq!(entities.iter().filter(|e| e.id.ends_with("-2")).count(), 4);
    assert!(entities
        .iter()
        .all(|e| e.id.starts_with("us-dpl-") && e.strings(Prop::Program).eq(["DPL"])));
    assert!(entities
        .iter()
        .all(|e| e.first(Prop::ListingDate).is_some_and(|d| d.len() == 10)));

    // Ids are stable from one read to the next.
    let again: Vec<String> = read_all(path).into_iter().map(|r| r.unwrap().id).collect();
    assert!(entities.iter().zip(&again).all(|(a, b)| a.id == *b));

    let ash = &entities[0];
    assert_eq!(ash.first(Prop::Name), Some("I. ASH"));
    assert_eq!(ash.schema, Schema::LegalEntity);
    assert_eq!(ash.first(Prop::ListingDate), Some("2003-06-19"));
    assert_eq!(ash.first(Prop::Country), Some("us"));
    assert_eq!(
        ash.first(Prop::Address),
        Some("UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, 2113 NORTH HIGHWAY 175, SEAGOVILLE, TX, 75159, US")
    );
    assert!(ash
        .first(Prop::Notes)
        .unwrap()
        .starts_with("FEDERAL REGISTER NOTICE UPDATED (68 F.R. 38290"));
    assert_eq!(ash.provenance.published.as_deref(), Some("2022-09-07"));

    let companies: Vec<&str> = entities
        .iter()
        .filter(|e| e.schema == Schema::Company)
        .map(|e| e.caption())
        .collect();
    assert!(companies.contains(&"ARROWTRONIC, LLC"));
    assert!(companies.contains(&"BIB INDUSTRIE-HANDEL DIPL.ING M. MANGELSEN GMBH"));
    assert_eq!(companies.len(), COMPANIES, "{companies:#?}");
}

/// Rows whose name carries a legal form (LLC, LTD, INC, GMBH, CORP, CO., S.A. …).
const COMPANIES: usize = 89;

fn write_tmp(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

const HEADER: &str = "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"";

#[test]
fn fixture_duplicates_and_errors() {
    let row = |name: &str, street: &str| {
        format!("\"{name}\"\t\"{street}\"\t\"MOSCOW\"\t\"\"\t\"RU\"\t\"101000\"\t\"03/04/2021\"\t\"\"\t\"Y\"\t\"2021-03-05\"\t\"F.R. NOTICE ADDED\"\t\"86 F.R. 1 3/5/21\"")
    };
    let text = [
        HEADER.to_string(),
        row("OOO TEKHNOSFERA", "UL. LENINA 1"),
        row("OOO TEKHNOSFERA", "UL. LENINA 1"),
        "\"SHORT\"\t\"ROW\"".to_string(),
        row("IVAN PETROV", ""),
        format!("{}\t\"EXTRA\"", row("TOO LONG", "")),
        row("", "NO NAME"),
        "\"CUT\"\t\"OFF".to_string(),
    ]
    .join("\n");
    let f = write_tmp(&text);
    let items = read_all(f.path().to_path_buf());
    assert_eq!(items.len(), 7, "{items:?}");
    let a = items[0].as_ref().unwrap();
    let b = items[1].as_ref().unwrap();
    assert_eq!(a.schema, Schema::Company);
    assert_eq!(b.id, format!("{}-2", a.id));
    assert_eq!(
        a.first(Prop::Address),
        Some("UL. LENINA 1, MOSCOW, 101000, RU")
    );
    assert_eq!(a.first(Prop::Country), Some("ru"));
    assert_eq!(a.first(Prop::ListingDate), Some("2021-03-04"));
    let loc = |i: usize| match &items[i] {
        Err(ListError::Record {
            location, field, ..
        }) => format!("{location} {field}"),
        Err(ListError::Fatal { location, .. }) => format!("fatal {location}"),
        other => panic!("expected an error at {i}, got {other:?}"),
    };
    assert_eq!(loc(2), "line 4 City");
    assert_eq!(items[3].as_ref().unwrap().schema, Schema::LegalEntity);
    assert_eq!(loc(4), "line 6 column 13");
    assert_eq!(loc(5), "line 7 Name");
    assert_eq!(loc(6), "fatal line 8");

    let bad = write_tmp("Name,Address\n");
    assert!(matches!(
        bis_dpl::open(&source(bad.path().to_path_buf())),
        Err(ListError::Unrecognised { .. })
    ));
}
