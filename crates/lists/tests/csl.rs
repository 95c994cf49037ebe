//! trade.gov Consolidated Screening List: real data counts per sub-list, concrete records,
//! merged repeated ids, the repeated header, truncation and column errors.

mod common;

use chokepoint_lists::{us_csl, Entity, Format, ListError, Source};
use chokepoint_model::{Prop, Schema};
use common::data_path;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

fn source(path: PathBuf, published: Option<&str>) -> Source {
    Source {
        format: Format::UsCsl,
        list: "us-csl".into(),
        published: published.map(str::to_string),
        files: vec![path],
    }
}

fn read_all(path: PathBuf) -> Vec<Result<Entity, ListError>> {
    us_csl::open(&source(path, Some("2022-05-16")))
        .expect("open")
        .collect()
}

fn per_program(entities: &[Entity]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for e in entities {
        for p in e.strings(Prop::Program) {
            *m.entry(p.to_string()).or_insert(0) += 1;
        }
    }
    m
}

#[test]
fn consolidated_2022_05_gzip() {
    let path = data_path().join("us_csl/consolidated_2022-05.csv.gz");
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
    // 14,160 rows; 71 ids occur on 2 or 3 rows (one party on SDN and CAPTA, say), 112 rows
    // are merged into earlier ones.
    assert_eq!(entities.len(), 14_160 - 112);
    let mut ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), entities.len(), "ids are unique");

    // Entities per sub-list (distinct `_id`s per `source`; each equals the row count except
    // CAPTA, which has one row twice).
    let progs = per_program(&entities);
    let expect = [
        ("SDN", 10_026),
        ("EL", 2_001),
        ("DTC", 727),
        ("DPL", 462),
        ("SSI", 290),
        ("UVL", 201),
        ("ISN", 163),
        ("PLC", 78),
        ("MEU", 71),
        ("CMIC", 68),
        ("CAP", 52),
        ("NS-MBS", 17),
        ("FSE", 3),
    ];
    for (code, n) in expect {
        assert_eq!(progs.get(code).copied(), Some(n), "sub-list {code}");
    }

    // Entity List parties by address country. SOURCES.md says 574 RU and 445 CN: those are
    // the rows whose whole `addresses` cell ends in ", RU" / ", CN". Counting every address,
    // 576 Entity List parties have an address in Russia and 469 in China (467 written `CN`,
    // 2 more written `China`); counting only the last address, 575 and 445.
    let el: Vec<&Entity> = entities
        .iter()
        .filter(|e| e.strings(Prop::Program).any(|p| p == "EL"))
        .collect();
    let with = |cc: &str| {
        el.iter()
            .filter(|e| e.strings(Prop::Country).any(|c| c == cc))
            .count()
    };
    assert_eq!((with("ru"), with("cn")), (576, 469));
    assert!(el
        .iter()
        .all(|e| e.schema == Schema::LegalEntity || e.schema == Schema::Company));

    // Every date of birth is ISO ("circa 1944" → 1944, "1969 to 1971" → three years).
    let dobs: Vec<&str> = entities
        .iter()
        .flat_map(|e| e.strings(Prop::BirthDate))
        .collect();
    assert!(dobs.len() > 5_000);
    assert!(dobs
        .iter()
        .all(|d| matches!(d.len(), 4 | 7 | 10) && d[..4].bytes().all(|b| b.is_ascii_digit())));

    let schemata = |s: Schema| entities.iter().filter(|e| e.schema == s).count();
    assert_eq!(
        schemata(Schema::Vessel),
        433,
        "433 vessel rows, none repeated"
    );
    assert!(schemata(Schema::Airplane) > 250);
    assert!(schemata(Schema::Person) > 5_000);

    let by_id = |id: &str| {
        entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };

    // VTB: on CAPTA, SDN and SSI under one id; merged.
    let vtb = by_id("us-csl-17013");
    assert_eq!(vtb.schema, Schema::Company);
    assert_eq!(vtb.provenance.published.as_deref(), Some("2022-05-16"));
    assert_eq!(
        vtb.first(Prop::Name),
        Some("VTB BANK PUBLIC JOINT STOCK COMPANY")
    );
    let programs: Vec<&str> = vtb.strings(Prop::Program).collect();
    assert_eq!(
        programs,
        ["CAP", "UKRAINE-EO13662", "RUSSIA-EO14024", "SDN", "SSI"]
    );
    assert_eq!(vtb.first(Prop::InnCode), Some("7702070139"));
    assert_eq!(vtb.first(Prop::OgrnCode), Some("1027739609391"));
    assert_eq!(vtb.first(Prop::RegistrationNumber), Some("00032520"));
    assert_eq!(vtb.first(Prop::LeiCode), Some("253400V1H6ART1UQ0N98"));
    assert_eq!(vtb.first(Prop::SwiftBic), Some("VTBRRUMM"));
    assert_eq!(
        vtb.strings(Prop::Website).collect::<Vec<_>>(),
        ["www.vtb.com", "www.vtb.ru"]
    );
    assert_eq!(vtb.values(Prop::Address).len(), 9);
    assert_eq!(vtb.strings(Prop::Country).collect::<Vec<_>>(), ["ru"]);
    assert!(vtb.strings(Prop::Alias).any(|a| a == "VNESHTORGBANK"));

    let el_ru = by_id("us-csl-14b2dc922b62ff49cb9d3c6a18a8afb217f4d610");
    assert_eq!(el_ru.schema, Schema::LegalEntity);
    assert_eq!(
        el_ru.first(Prop::Name),
        Some("27th Scientific Center of the Russian Ministry of Defense")
    );
    assert_eq!(el_ru.first(Prop::Alias), Some("27th NTs"));
    assert_eq!(
        el_ru.first(Prop::Address),
        Some("Birgadirskiy pereulok 13, Moscow, 105005, RU")
    );
    assert_eq!(el_ru.first(Prop::ListingDate), Some("2021-03-04"));
    assert_eq!(el_ru.first(Prop::SourceUrl), Some("http://bit.ly/1L47xrV"));

    let rim = by_id("us-csl-21944");
    assert_eq!(rim.schema, Schema::Person);
    assert_eq!(rim.first(Prop::Name), Some("'ABBAS, Rim"));
    assert_eq!(rim.first(Prop::BirthDate), Some("1973-03-25"));
    assert_eq!(rim.first(Prop::Nationality), Some("sy"));
    assert_eq!(
        rim.first(Prop::Position),
        Some("Scientific Studies and Research Center Employee")
    );

    let ship = by_id("us-csl-23156");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.first(Prop::ImoNumber), Some("8898831"));
    let plane = by_id("us-csl-15445");
    assert_eq!(plane.schema, Schema::Airplane);
    assert_eq!(plane.first(Prop::Type), Some("A300B4-605R"));
}

#[test]
fn partial_2023_11_repeated_header_and_truncated_end() {
    let path = data_path().join("us_csl/csl_partial_2023-11.csv");
    if !path.exists() {
        eprintln!(
            "skipping: {} not found (set CHOKEPOINT_SHARED_DATA)",
            path.display()
        );
        return;
    }
    let mut items = read_all(path);
    // 4,227 data rows after the doubled header; the last one is cut inside a quoted field.
    let last = items.pop().unwrap();
    match last {
        Err(ListError::Fatal {
            location, message, ..
        }) => {
            assert_eq!(location, "line 4233");
            assert!(message.contains("truncated"), "{message}");
        }
        other => panic!("expected a fatal truncation error, got {other:?}"),
    }
    let entities: Vec<Entity> = items
        .into_iter()
        .map(|r| r.expect("only the last record is bad"))
        .collect();
    // 4,226 complete rows, 7 ids on two rows each.
    assert_eq!(entities.len(), 4_219);
    let progs = per_program(&entities);
    assert_eq!(progs.get("EL").copied(), Some(919));
    assert_eq!(progs.get("SDN").copied(), Some(1_737));
    assert_eq!(progs.get("DPL").copied(), Some(577));
    assert_eq!(progs.get("MEU").copied(), Some(71));
    let el_with = |cc: &str| {
        entities
            .iter()
            .filter(|e| {
                e.strings(Prop::Program).any(|p| p == "EL")
                    && e.strings(Prop::Country).any(|c| c == cc)
            })
            .count()
    };
    // 90 written `CN`, 2 more written `China`.
    assert_eq!((el_with("ru"), el_with("cn")), (271, 92));
    // Gazprombank is on NS-MBS and, 2,451 rows later, on SSI with its name in capitals.
    let gpb = entities.iter().find(|e| e.id == "us-csl-17016").unwrap();
    assert_eq!(
        gpb.first(Prop::Name),
        Some("Gazprombank Joint Stock Company")
    );
    assert!(gpb
        .strings(Prop::Alias)
        .any(|a| a == "GAZPROMBANK JOINT STOCK COMPANY"));
    assert!(
        gpb.strings(Prop::Program).any(|p| p == "NS-MBS")
            && gpb.strings(Prop::Program).any(|p| p == "SSI")
    );
    assert_eq!(gpb.first(Prop::InnCode), Some("7744001497"));
    // The newer export writes ids front to back: "Tax ID No., 7702070139, RU".
    let vtb = entities.iter().find(|e| e.id == "us-csl-17013").unwrap();
    assert_eq!(vtb.first(Prop::InnCode), Some("7702070139"));
    assert_eq!(vtb.first(Prop::OgrnCode), Some("1027739609391"));
}

const HEADER: &str = "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids";

fn row(id: &str, source: &str, typ: &str, name: &str, addresses: &str, ids: &str) -> String {
    format!("{id},\"{source}\",,{typ},,\"{name}\",,\"{addresses}\",,2024-01-02,,,,,,,,,,,,,\"ALT ONE; ALT TWO\",,,,,,\"{ids}\"")
}

fn write_tmp(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn fixture_column_errors_and_gzip() {
    let el = "Entity List (EL) - Bureau of Industry and Security";
    let text = [
        HEADER.to_string(),
        row(
            "a1",
            el,
            "",
            "OOO \"RADIOTEKH\"",
            "ul. Lenina 1, Moscow, RU",
            "Tax ID No., 7701234567, RU",
        ),
        "b2,\"Entity List (EL) - Bureau of Industry and Security\",,,,\"SHORT ROW\"".to_string(),
        HEADER.to_string(),
        row(
            "c3",
            el,
            "Entity",
            "SHENZHEN HUAXIN ELECTRONICS CO., LTD.",
            "Futian, Shenzhen, CN; Kowloon, HK",
            "",
        ),
        format!("{},extra", row("d4", el, "", "TOO MANY", "", "")),
        row("e5", el, "", "Institute of Physics", "", ""),
    ]
    .join("\n")
        + "\n";
    let f = write_tmp(&text);
    let items: Vec<_> = us_csl::open(&source(f.path().to_path_buf(), None))
        .unwrap()
        .collect();
    assert_eq!(items.len(), 5, "{items:?}");
    let a = items[0].as_ref().unwrap();
    assert_eq!(a.id, "us-csl-a1");
    assert_eq!(a.schema, Schema::Company, "ООО/OOO is a legal form");
    assert_eq!(a.first(Prop::InnCode), Some("7701234567"));
    assert_eq!(
        a.strings(Prop::Alias).collect::<Vec<_>>(),
        ["ALT ONE", "ALT TWO"]
    );
    assert_eq!(a.first(Prop::Country), Some("ru"));
    assert_eq!(a.first(Prop::Program), Some("EL"));
    match &items[1] {
        Err(
            err @ ListError::Record {
                location, field, ..
            },
        ) => {
            assert_eq!((location.as_str(), field.as_str()), ("line 3", "title"));
            assert!(err.is_recoverable());
            assert!(err.to_string().contains(&f.path().display().to_string()));
        }
        other => panic!("expected a record error, got {other:?}"),
    }
    let c = items[2].as_ref().unwrap();
    assert_eq!(c.schema, Schema::Company);
    assert_eq!(c.strings(Prop::Country).collect::<Vec<_>>(), ["cn", "hk"]);
    match &items[3] {
        Err(ListError::Record {
            location, field, ..
        }) => {
            assert_eq!((location.as_str(), field.as_str()), ("line 6", "column 30"));
        }
        other => panic!("expected a record error, got {other:?}"),
    }
    let e = items[4].as_ref().unwrap();
    assert_eq!(e.schema, Schema::LegalEntity);

    // The same content gzip-compressed, detected by magic bytes whatever the name.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    let g = write_tmp("");
    std::fs::write(g.path(), gz.finish().unwrap()).unwrap();
    let n = us_csl::open(&source(g.path().to_path_buf(), None))
        .unwrap()
        .filter(Result::is_ok)
        .count();
    assert_eq!(n, 3);

    // A header that is not the CSL's.
    let bad = write_tmp("name,address\nx,y\n");
    assert!(matches!(
        us_csl::open(&source(bad.path().to_path_buf(), None)),
        Err(ListError::Unrecognised { .. })
    ));
}
