//! `chokepoint trade import` into the store: bulk mode (rollback journal) when nobody else has
//! the store open, WAL with a live reader otherwise; the store is back in WAL mode afterwards,
//! and a failed import leaves it unchanged in both cases.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(data: &Path, db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .env("CHOKEPOINT_SHARED_DATA", data)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run chokepoint")
}

fn stdout_ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn state(db: &Path) -> (i64, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let n = conn
        .query_row("SELECT count(*) FROM trade_records", [], |r| r.get(0))
        .unwrap();
    let mode = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    (n, mode)
}

#[test]
fn bulk_mode_when_alone_wal_with_a_reader_and_failures_leave_no_trace() {
    let Some(data) = common::shared_data("hs/harmonized-system.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let scen = dir.path().join("scen");
    let s = scen.to_str().unwrap();
    stdout_ok(&run(
        &data,
        &db,
        &[
            "scenario", "generate", "--seed", "4", "--rows", "2000", "--out", s,
        ],
    ));
    let csv = scen.join("customs.csv");
    let csv = csv.to_str().unwrap();

    // Alone: bulk mode, then WAL again.
    let out = stdout_ok(&run(&data, &db, &["trade", "import", csv]));
    assert!(out.contains("imported 2000 records"), "{out}");
    assert!(out.contains("bulk mode"), "{out}");
    assert_eq!(state(&db), (2000, "wal".to_string()));

    // With a reader holding the store open: WAL throughout, the reader undisturbed.
    let reader = rusqlite::Connection::open(&db).unwrap();
    let before: i64 = reader
        .query_row("SELECT count(*) FROM trade_records", [], |r| r.get(0))
        .unwrap();
    let out = stdout_ok(&run(&data, &db, &["trade", "import", csv]));
    assert!(!out.contains("bulk mode"), "{out}");
    let after: i64 = reader
        .query_row("SELECT count(*) FROM trade_records", [], |r| r.get(0))
        .unwrap();
    assert_eq!((before, after), (2000, 4000));
    drop(reader);

    // A file that breaks half-way: the import fails in bulk mode and leaves no row behind.
    let text = std::fs::read_to_string(scen.join("customs.csv")).unwrap();
    let cut = text.len() * 2 / 3;
    let cut = (cut..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{}\"unterminated", &text[..cut])).unwrap();
    let out = run(&data, &db, &["trade", "import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv") && err.contains("the store is unchanged"),
        "{err}"
    );
    assert_eq!(state(&db), (4000, "wal".to_string()));
}
