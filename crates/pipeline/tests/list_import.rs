//! The list stage as `chokepoint lists import` calls it (`ingest_lists`): each new real list
//! file imports with format detection and the counts of its reader; an import that would
//! remove a whole list (an input with no records) is refused, leaving the store as it was,
//! unless `allow_empty` is given.

use chokepoint_pipeline::{ingest_lists, open_store, IngestOptions, PipelineError, Silent};
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let data = std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        });
    if data.join("eu/oj_annexes_2026-07").is_dir() {
        Some(data)
    } else {
        eprintln!(
            "skipping: {} lacks eu/oj_annexes_2026-07 (set CHOKEPOINT_SHARED_DATA)",
            data.display()
        );
        None
    }
}

#[test]
fn each_new_real_list_imports_with_detection() {
    let Some(data) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir.path().join("s.db")).unwrap();
    let cases = [
        (
            "eu/oj_annexes_2026-07/32014R0833.csv",
            "eu-833-2014",
            "eu-annex",
            1_746,
        ),
        (
            "eu/oj_annexes_2026-07/32014R0269.csv.gz",
            "eu-269-2014",
            "eu-annex",
            2_802,
        ),
        (
            "eu/oj_annexes_2026-07/32006R0765.csv",
            "eu-765-2006",
            "eu-annex",
            408,
        ),
        (
            "us_dod/chinese_military_companies_1260h_2026-08/sanctions.csv",
            "us-1260h",
            "us-1260h",
            227,
        ),
        (
            "uk/ofsi_conlist_2025-04/ConList_2025-04-10.csv.gz",
            "uk-ofsi",
            "uk-ofsi",
            4_686,
        ),
    ];
    for (file, list, format, n) in cases {
        let reports = ingest_lists(
            &mut store,
            &[data.join(file)],
            &IngestOptions::default(),
            &Silent,
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!(
            (
                r.report.list.as_str(),
                r.format.name(),
                r.report.entities,
                r.report.added
            ),
            (list, format, n, n),
            "{file}"
        );
    }
    let stats = store.stats().unwrap();
    let published: Vec<(&str, Option<&str>)> = stats
        .lists
        .iter()
        .map(|(l, _, p, _)| (l.as_str(), p.as_deref()))
        .collect();
    assert!(
        published.contains(&("uk-ofsi", Some("2025-04-10"))),
        "{published:?}"
    );
    assert!(
        published.contains(&("eu-833-2014", Some("2026-07"))),
        "{published:?}"
    );
}

fn sdn_csv(dir: &Path, rows: &str) -> PathBuf {
    let path = dir.join("sdn.csv");
    std::fs::write(&path, rows).unwrap();
    path
}

const TWO: &str = "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n\
                   2676,\"AL ZAWAHIRI, Ayman\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 19 Jun 1951.\"\r\n";

fn refused(err: PipelineError) -> String {
    let msg = err.to_string();
    assert!(msg.contains("The store is unchanged"), "{msg}");
    assert!(msg.contains("--allow-empty"), "{msg}");
    msg
}

#[test]
fn an_import_that_would_empty_a_list_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir.path().join("s.db")).unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = sdn_csv(files.path(), TWO);
    let r = ingest_lists(
        &mut store,
        std::slice::from_ref(&path),
        &IngestOptions::default(),
        &Silent,
    )
    .unwrap();
    assert_eq!(r[0].report.entities, 2);

    // An empty sdn.csv.
    let path = sdn_csv(files.path(), "");
    let msg = refused(
        ingest_lists(
            &mut store,
            std::slice::from_ref(&path),
            &IngestOptions::default(),
            &Silent,
        )
        .unwrap_err(),
    );
    assert!(
        msg.contains("sdn.csv: no records read as ofac-sdn-csv; importing it would remove all 2 entities of the list `ofac-sdn`"),
        "{msg}"
    );
    assert_eq!(store.entity_count().unwrap(), 2, "the store is unchanged");
    assert_eq!(store.imports().unwrap().len(), 1, "no import recorded");

    // An empty <sdnList></sdnList> under --format ofac-xml, imported as the same list.
    let xml = files.path().join("sdn.xml");
    std::fs::write(&xml, "<sdnList></sdnList>").unwrap();
    let forced = IngestOptions {
        format: Some("ofac-xml".into()),
        ..IngestOptions::default()
    };
    let msg = refused(
        ingest_lists(&mut store, std::slice::from_ref(&xml), &forced, &Silent).unwrap_err(),
    );
    assert!(msg.contains("no records read as ofac-xml"), "{msg}");
    assert_eq!(store.entity_count().unwrap(), 2);

    // A text file under --format ofac-xml: a plain sentence, nothing imported.
    let text = files.path().join("notes.txt");
    std::fs::write(&text, "These are my notes.\nNothing here.\n").unwrap();
    let msg = ingest_lists(&mut store, &[text], &forced, &Silent)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("notes.txt: is not XML"), "{msg}");
    assert_eq!(store.entity_count().unwrap(), 2);

    // With allow_empty the list is emptied, and the history says so.
    let allowed = IngestOptions {
        allow_empty: true,
        ..IngestOptions::default()
    };
    let r = ingest_lists(&mut store, &[path], &allowed, &Silent).unwrap();
    assert_eq!((r[0].report.entities, r[0].report.removed), (0, 2));
    assert_eq!(store.entity_count().unwrap(), 0);
}

#[test]
fn an_import_that_removes_more_than_30_percent_of_a_list_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir.path().join("s.db")).unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = sdn_csv(files.path(), TWO);
    ingest_lists(
        &mut store,
        std::slice::from_ref(&path),
        &IngestOptions::default(),
        &Silent,
    )
    .unwrap();
    // A publication that keeps one of the two entries: half the list would go.
    let one = TWO.lines().next().unwrap().to_string() + "\n";
    let path = sdn_csv(files.path(), &one);
    let msg = ingest_lists(
        &mut store,
        std::slice::from_ref(&path),
        &IngestOptions::default(),
        &Silent,
    )
    .unwrap_err()
    .to_string();
    assert!(
        msg.contains("would remove 1 of the 2 entities of the list `ofac-sdn` (50 %")
            && msg.contains("--allow-shrink")
            && msg.contains("the store is unchanged"),
        "{msg}"
    );
    assert_eq!(store.entity_count().unwrap(), 2, "the store is unchanged");
    let allowed = IngestOptions {
        allow_shrink: true,
        ..IngestOptions::default()
    };
    let r = ingest_lists(&mut store, &[path], &allowed, &Silent).unwrap();
    assert_eq!((r[0].report.entities, r[0].report.removed), (1, 1));
}
