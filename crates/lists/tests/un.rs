//! UN Security Council consolidated XML: real data counts, concrete records and errors.

mod common;

use chokepoint_lists::{un_xml, Entity, Format, ListError, Source};
use chokepoint_model::{Prop, Schema};
use common::data_path;
use std::io::Write;
use std::path::PathBuf;

fn source(path: PathBuf) -> Source {
    Source {
        format: Format::UnXml,
        list: "un".into(),
        published: None,
        files: vec![path],
    }
}

fn read_all(path: PathBuf) -> Vec<Result<Entity, ListError>> {
    un_xml::open(&source(path)).expect("open").collect()
}

fn non_latin(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic() && (c as u32) > 0x24F)
}

#[test]
fn consolidated_2026_02_counts_and_records() {
    let path = data_path().join("un/consolidated_2026-02.xml");
    if !path.exists() {
        eprintln!(
            "skipping: {} not found (set CHOKEPOINT_SHARED_DATA)",
            path.display()
        );
        return;
    }
    let items = read_all(path);
    let errors: Vec<_> = items.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:?}");
    let entities: Vec<Entity> = items.into_iter().map(Result::unwrap).collect();
    let persons = entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    let orgs = entities
        .iter()
        .filter(|e| e.schema == Schema::Organization)
        .count();
    assert_eq!((persons, orgs, entities.len()), (730, 273, 1003));
    assert!(entities
        .iter()
        .all(|e| e.provenance.published.as_deref() == Some("2026-02-27")));
    assert!(entities
        .iter()
        .all(|e| e.id.starts_with("un-") && e.first(Prop::Name).is_some()));

    // 378 records carry NAME_ORIGINAL_SCRIPT (366 Arabic, 11 Cyrillic, 1 Latin); counting the
    // aliases too, 385 entities have at least one name in a non-Latin script.
    let with_non_latin = entities
        .iter()
        .filter(|e| e.names().any(|(_, n)| non_latin(n)))
        .count();
    assert_eq!(with_non_latin, 385);

    let by_id = |id: &str| {
        entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };

    let q = by_id("un-QDi.001");
    assert_eq!(q.schema, Schema::Person);
    assert_eq!(q.provenance.record_id, "QDi.001");
    assert_eq!(
        q.first(Prop::Name),
        Some("MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE")
    );
    let aliases: Vec<&str> = q.strings(Prop::Alias).collect();
    assert!(
        aliases.contains(&"محمد صلاح الدين عبدالحليم زيدان"),
        "{aliases:?}"
    );
    assert!(aliases.contains(&"Sayf-Al Adl") && aliases.contains(&"Muhamad Ibrahim Makkawi"));
    let weak: Vec<&str> = q.strings(Prop::WeakAlias).collect();
    assert_eq!(weak, ["Ibrahim al-Madani", "Saif Al-'Adil", "Seif al Adel"]);
    assert_eq!(
        q.strings(Prop::BirthDate).collect::<Vec<_>>(),
        ["1963-04-11", "1960-04-11"]
    );
    assert_eq!(q.first(Prop::BirthPlace), Some("Monufia Governate, Egypt"));
    assert_eq!(q.first(Prop::Program), Some("Al-Qaida"));
    assert_eq!(q.first(Prop::ListingDate), Some("2001-01-25"));
    assert!(matches!(
        q.first(Prop::Nationality),
        Some("eg") | Some("Egypt")
    ));
    assert!(q
        .first(Prop::Notes)
        .unwrap()
        .starts_with("Responsible for Usama bin Laden"));

    let u = by_id("un-QDi.290");
    assert!(u.strings(Prop::Alias).any(|a| a == "Умаров Доку Хаматович"));

    let k = by_id("un-KPi.001");
    assert_eq!(k.first(Prop::Name), Some("YUN HO-JIN"));
    assert_eq!(
        k.first(Prop::Position),
        Some("Director of Namchongang Trading Corporation")
    );
    assert_eq!(
        k.first(Prop::Address),
        Some("Pyongyang, Democratic People's Republic of Korea")
    );
    assert_eq!(k.first(Prop::BirthDate), Some("1944-10-13"));
    assert_eq!(k.first(Prop::Nationality), Some("kp"));
    assert_eq!(k.first(Prop::Country), Some("kp"));

    let komid = by_id("un-KPe.001");
    assert_eq!(komid.schema, Schema::Organization);
    assert_eq!(
        komid.first(Prop::Name),
        Some("KOREA MINING DEVELOPMENT TRADING CORPORATION")
    );
    assert_eq!(komid.strings(Prop::Alias).count(), 4);
    assert!(komid.strings(Prop::Alias).any(|a| a == "\"KOMID\""));
    assert_eq!(komid.first(Prop::Program), Some("DPRK"));
    assert_eq!(
        komid.first(Prop::Address),
        Some("Central District, Pyongyang, Democratic People's Republic of Korea")
    );

    let dobs: Vec<&str> = entities
        .iter()
        .flat_map(|e| e.strings(Prop::BirthDate))
        .collect();
    assert!(dobs.len() > 800);
    assert!(dobs
        .iter()
        .all(|d| matches!(d.len(), 4 | 7 | 10) && d[..4].bytes().all(|b| b.is_ascii_digit())));
    assert!(entities
        .iter()
        .all(|e| e.first(Prop::ListingDate).is_some() && e.first(Prop::Program).is_some()));

    let passports: usize = entities
        .iter()
        .map(|e| e.values(Prop::PassportNumber).len())
        .sum();
    let ids: usize = entities
        .iter()
        .map(|e| e.values(Prop::IdNumber).len())
        .sum();
    assert!(
        passports > 250 && ids > 100,
        "passports {passports}, ids {ids}"
    );
}

fn write_tmp(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-01-02T10:00:00Z\">\n<INDIVIDUALS>\n";

#[test]
fn fixture_mappings_and_missing_reference() {
    let xml = format!(
        "{HEAD}<INDIVIDUAL>\n<FIRST_NAME>IVAN</FIRST_NAME><SECOND_NAME> PETROV </SECOND_NAME>\n\
         <UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TSi.001</REFERENCE_NUMBER>\n\
         <NAME_ORIGINAL_SCRIPT>Иван Петров</NAME_ORIGINAL_SCRIPT><GENDER>Male</GENDER>\n\
         <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>\n\
         <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>75 1234567</NUMBER></INDIVIDUAL_DOCUMENT>\n\
         <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><NUMBER>4510 123456</NUMBER></INDIVIDUAL_DOCUMENT>\n\
         <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Vanya &amp; Co</ALIAS_NAME></INDIVIDUAL_ALIAS>\n\
         </INDIVIDUAL>\n\
         <INDIVIDUAL>\n<FIRST_NAME>NO</FIRST_NAME><SECOND_NAME>REFERENCE</SECOND_NAME>\n</INDIVIDUAL>\n\
         <INDIVIDUAL><FIRST_NAME>LAST</FIRST_NAME><REFERENCE_NUMBER>TSi.003</REFERENCE_NUMBER></INDIVIDUAL>\n\
         </INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n"
    );
    let f = write_tmp(&xml);
    let items = read_all(f.path().to_path_buf());
    assert_eq!(items.len(), 3);
    let e = items[0].as_ref().unwrap();
    assert_eq!(e.id, "un-TSi.001");
    assert_eq!(e.provenance.published.as_deref(), Some("2026-01-02"));
    assert_eq!(e.first(Prop::Name), Some("IVAN PETROV"));
    assert_eq!(e.first(Prop::Alias), Some("Иван Петров"));
    assert_eq!(e.first(Prop::WeakAlias), Some("Vanya & Co"));
    assert_eq!(e.first(Prop::Gender), Some("male"));
    assert_eq!(
        e.strings(Prop::BirthDate).collect::<Vec<_>>(),
        ["1960", "1961", "1962"]
    );
    assert_eq!(e.first(Prop::PassportNumber), Some("75 1234567"));
    assert_eq!(e.first(Prop::IdNumber), Some("4510 123456"));
    match &items[1] {
        Err(
            err @ ListError::Record {
                location, field, ..
            },
        ) => {
            assert_eq!(field, "REFERENCE_NUMBER");
            assert_eq!(location, "element <INDIVIDUAL> #2 (line 13)");
            assert!(err.is_recoverable());
            assert!(err.to_string().contains(&f.path().display().to_string()));
        }
        other => panic!("expected a record error, got {other:?}"),
    }
    assert_eq!(items[2].as_ref().unwrap().id, "un-TSi.003");
}

#[test]
fn broken_xml_is_fatal_with_line_and_path() {
    let xml = format!(
        "{HEAD}<INDIVIDUAL>\n<FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>TSi.001</REFERENCE_NUMBER>\n</INDIVIDUAL>\n\
         <INDIVIDUAL>\n<FIRST_NAME>B</FIRST_NAME>\n<REFERENCE_NUMBER>TSi.002</REFERENCE_NUMBERX>\n</INDIVIDUAL>\n\
         </INDIVIDUALS></CONSOLIDATED_LIST>\n"
    );
    let f = write_tmp(&xml);
    let items = read_all(f.path().to_path_buf());
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id, "un-TSi.001");
    match &items[1] {
        Err(err @ ListError::Fatal { location, .. }) => {
            assert!(!err.is_recoverable());
            assert_eq!(
                location,
                "line 9, in <CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL/REFERENCE_NUMBER>"
            );
        }
        other => panic!("expected a fatal error, got {other:?}"),
    }

    // Cut in the middle of a record.
    let f = write_tmp(&format!(
        "{HEAD}<INDIVIDUAL>\n<FIRST_NAME>A</FIRST_NAME>\n<REFERENCE_NUM"
    ));
    let items = read_all(f.path().to_path_buf());
    assert_eq!(items.len(), 1);
    match &items[0] {
        Err(ListError::Fatal { location, .. }) => {
            assert!(location.starts_with("line 6"), "{location}")
        }
        other => panic!("expected a fatal error, got {other:?}"),
    }

    // Not a UN file.
    let f = write_tmp("<?xml version=\"1.0\"?><sdnList></sdnList>");
    assert!(matches!(
        un_xml::open(&source(f.path().to_path_buf())),
        Err(ListError::Unrecognised { .. })
    ));
}

#[test]
fn byte_order_mark_and_gzip_are_accepted() {
    let xml = format!(
        "\u{feff}{HEAD}<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>TSi.001</REFERENCE_NUMBER></INDIVIDUAL>\n\
         </INDIVIDUALS></CONSOLIDATED_LIST>\n"
    );
    let f = write_tmp(&xml);
    let items = read_all(f.path().to_path_buf());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap().id, "un-TSi.001");

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(xml.as_bytes()).unwrap();
    let g = write_tmp("");
    std::fs::write(g.path(), gz.finish().unwrap()).unwrap();
    let items = read_all(g.path().to_path_buf());
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].as_ref().unwrap().provenance.published.as_deref(),
        Some("2026-01-02")
    );
}
