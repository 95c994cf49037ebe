//! `chokepoint scenario generate --parquet` and `chokepoint trade import x.parquet`: the
//! Parquet copy of a generated scenario imports into the store exactly as its CSV does. Without
//! the `parquet` feature both say how to rebuild.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chokepoint"));
    if let Some(data) = common::shared_data("hs/harmonized-system.csv") {
        cmd.env("CHOKEPOINT_SHARED_DATA", data);
    }
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run chokepoint")
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[cfg(feature = "parquet")]
fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every stored record, in import order, as comparable rows.
#[cfg(feature = "parquet")]
fn records(db: &Path) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT record_id, date, ved_code, hs6, category, goods_description, quantity, net_weight,
                    invoice_amount, currency, usd_amount, receiver_name, receiver_inn, sender_name,
                    origin_country, departure_country, trading_country, synthetic
             FROM trade_records ORDER BY id",
        )
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |row| {
        (0..n)
            .map(|i| {
                row.get::<_, rusqlite::types::Value>(i)
                    .map(|v| format!("{v:?}"))
            })
            .collect::<rusqlite::Result<Vec<String>>>()
    })
    .unwrap()
    .collect::<rusqlite::Result<Vec<_>>>()
    .unwrap()
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_scenario_imports_like_its_csv() {
    if common::shared_data("hs/harmonized-system.csv").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let scen = dir.path().join("scen");
    let db = dir.path().join("unused.db");
    let out = ok(
        &db,
        &[
            "scenario",
            "generate",
            "--seed",
            "3",
            "--rows",
            "3000",
            "--out",
            p(&scen),
            "--parquet",
        ],
    );
    assert!(out.contains("customs.parquet"), "{out}");
    let (db_csv, db_pq) = (dir.path().join("csv.db"), dir.path().join("pq.db"));
    let a = ok(&db_csv, &["trade", "import", p(&scen.join("customs.csv"))]);
    let b = ok(
        &db_pq,
        &["trade", "import", p(&scen.join("customs.parquet"))],
    );
    assert!(a.contains("imported 3000 records"), "{a}");
    assert!(b.contains("imported 3000 records"), "{b}");
    assert!(b.contains("SYNTHETIC"), "{b}");
    let (ra, rb) = (records(&db_csv), records(&db_pq));
    assert_eq!(ra.len(), 3000);
    assert!(
        ra == rb,
        "stored records differ between CSV and Parquet imports"
    );
}

#[cfg(not(feature = "parquet"))]
#[test]
fn without_the_feature_parquet_says_how_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = run(
        &db,
        &[
            "scenario",
            "generate",
            "--rows",
            "10",
            "--out",
            p(&dir.path().join("s")),
            "--parquet",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Parquet support is not built in; rebuild with `--features parquet`"),
        "{err}"
    );
    if common::shared_data("hs/harmonized-system.csv").is_none() {
        return;
    }
    let f = dir.path().join("x.parquet");
    std::fs::write(&f, b"PAR1").unwrap();
    let out = run(&db, &["trade", "import", p(&f)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Parquet support is not built in; rebuild with `--features parquet`"),
        "{err}"
    );
}
