//! `plan` on the real files of the shared data folder: grouping of OFAC CSV parts across
//! directories, detection of every format present, and publication dates from the paths.

mod common;

use chokepoint_lists::{plan, Format, ListError};
use common::data_dir;
use std::path::PathBuf;

#[test]
fn every_real_file_is_placed() {
    let Some(data) = data_dir() else { return };
    let files = [
        "ofac/sdn_aux_2025-12/sdn_comments.csv",
        "ofac/sdn_2024-05/sdn.csv",
        "ofac/sdn_aux_2025-12/alt.csv",
        "ofac/sdn_aux_2025-12/add.csv",
        "ofac/nonsdn_2025-12/cons_alt.csv",
        "ofac/nonsdn_2025-12/cons_prim.csv",
        "ofac/xml_2018-05/consolidated.xml",
        "un/consolidated_2026-02.xml",
        "us_csl/consolidated_2022-05.csv.gz",
        "us_csl/csl_partial_2023-11.csv",
        "us_csl/dpl_2022-09.txt",
        "eu/oj_annexes_2026-07/32014R0833.csv",
        "eu/oj_annexes_2026-07/32014R0269.csv.gz",
        "eu/oj_annexes_2026-07/32006R0765.csv",
        "us_dod/chinese_military_companies_1260h_2026-08/sanctions.csv",
        "uk/ofsi_conlist_2025-04/ConList_2025-04-10.csv.gz",
    ];
    let paths: Vec<PathBuf> = files.iter().map(|f| data.join(f)).collect();
    let sources = plan(&paths, None).unwrap();
    let summary: Vec<(Format, &str, Option<&str>, usize)> = sources
        .iter()
        .map(|s| {
            (
                s.format,
                s.list.as_str(),
                s.published.as_deref(),
                s.files.len(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Format::OfacSdnCsv, "ofac-sdn", Some("2024-05"), 4),
            (Format::OfacConsCsv, "ofac-cons", Some("2025-12"), 2),
            (Format::OfacXml, "ofac-cons", Some("2018-05"), 1),
            (Format::UnXml, "un", Some("2026-02"), 1),
            (Format::UsCsl, "us-csl", Some("2022-05"), 1),
            (Format::UsCsl, "us-csl", Some("2023-11"), 1),
            (Format::BisDpl, "us-dpl", Some("2022-09"), 1),
            (Format::EuAnnex, "eu-833-2014", Some("2026-07"), 1),
            (Format::EuAnnex, "eu-269-2014", Some("2026-07"), 1),
            (Format::EuAnnex, "eu-765-2006", Some("2026-07"), 1),
            (Format::Us1260h, "us-1260h", Some("2026-08"), 1),
            (Format::UkOfsi, "uk-ofsi", Some("2025-04-10"), 1),
        ]
    );
    // The SDN set lists its primary first, then add, alt and comments, whatever the order given.
    let sdn: Vec<String> = sources[0]
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert!(sdn[0].ends_with("sdn_2024-05/sdn.csv"));
    assert!(sdn[1].ends_with("sdn_aux_2025-12/add.csv"));
    assert!(sdn[2].ends_with("sdn_aux_2025-12/alt.csv"));
    assert!(sdn[3].ends_with("sdn_aux_2025-12/sdn_comments.csv"));
}

#[test]
fn aux_files_without_their_primary_are_refused() {
    let Some(data) = data_dir() else { return };
    let paths = [
        data.join("ofac/sdn_aux_2025-12/add.csv"),
        data.join("ofac/nonsdn_2025-12/cons_prim.csv"),
    ];
    let err = plan(&paths, None).unwrap_err();
    assert!(matches!(err, ListError::Unrecognised { .. }));
    let text = err.to_string();
    assert!(text.contains("sdn_aux_2025-12/add.csv"), "{text}");
    assert!(
        text.contains("has no primary file: pass sdn.csv too"),
        "{text}"
    );
}

#[test]
fn a_forced_format_still_groups_csv_parts() {
    let Some(data) = data_dir() else { return };
    let dir = data.join("ofac/sdn_2021-07");
    let paths: Vec<PathBuf> = ["alt.csv", "sdn.csv", "sdn_comments.csv", "add.csv"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    let sources = plan(&paths, Some(Format::OfacSdnCsv)).unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0].published.as_deref(), Some("2021-07"));
    let names: Vec<&str> = sources[0]
        .files
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(names, ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]);
}
