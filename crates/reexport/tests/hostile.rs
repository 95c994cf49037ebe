//! Hostile inputs: each stops the import with one sentence naming the file, the line and the
//! field, and leaves the store exactly as it was; rows that cannot be used are counted.

mod common;

use chokepoint_reexport::{import_file, load, Month, ReexportError};
use rusqlite::Connection;
use std::io::Write;

/// What the store holds for the analysis: (import id, series count, rows read, every series).
type Snapshot = (
    i64,
    usize,
    u64,
    Vec<(String, String, String, Vec<(Month, u64)>)>,
);

/// Everything the store holds for the analysis, to compare before and after a failed import.
fn snapshot(conn: &Connection) -> Snapshot {
    let s = load(conn).unwrap();
    (
        s.import_id,
        s.series.len(),
        s.rows_read,
        s.series
            .into_iter()
            .map(|x| (x.code, x.reporter, x.partner, x.values))
            .collect(),
    )
}

fn store_with_good_import(dir: &std::path::Path) -> Connection {
    let good = common::write(dir, "good.csv", &common::small_file());
    let mut conn = Connection::open(dir.join("s.db")).unwrap();
    let summary = import_file(&mut conn, &good).unwrap();
    assert_eq!(summary.stats.rows_read, 8);
    assert_eq!(summary.stats.rows_usable, 8);
    conn
}

/// Replaces the `n`-th data line of the small file with `f(line)`.
fn damaged(n: usize, f: impl Fn(&str) -> String) -> String {
    common::small_file()
        .lines()
        .enumerate()
        .map(|(i, l)| if i == n { f(l) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn assert_fails_cleanly(name: &str, text: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = store_with_good_import(dir.path());
    let before = snapshot(&conn);
    let bad = common::write(dir.path(), name, text);
    let err = import_file(&mut conn, &bad).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(name), "names the file: {msg}");
    for e in expect {
        assert!(msg.contains(e), "`{msg}` should contain `{e}`");
    }
    assert!(!msg.contains('\n'), "one sentence: {msg}");
    assert_eq!(
        snapshot(&conn),
        before,
        "the store is unchanged after: {msg}"
    );
}

#[test]
fn a_bad_number_names_line_and_month() {
    let text = damaged(3, |l| l.replacen(",1000,", ",1O00,", 1));
    assert_fails_cleanly(
        "bad_number.csv",
        &text,
        &[
            "line 4",
            "field `2020-01`",
            "`1O00` is not a whole number of EUR",
        ],
    );
    let text = damaged(2, |l| l.replacen(",1000,", ",-5,", 1));
    assert_fails_cleanly("negative.csv", &text, &["line 3", "`-5`"]);
    let text = damaged(5, |l| l.replacen(",1000,", ",12.5,", 1));
    assert_fails_cleanly("decimal.csv", &text, &["line 6", "`12.5`"]);
}

#[test]
fn a_truncated_row_or_file_is_an_error() {
    // The last row cut in the middle (as a download cut short leaves it).
    let full = common::small_file();
    let cut = &full[..full.len() - 40];
    assert_fails_cleanly(
        "truncated.csv",
        cut,
        &["line 9", "fields where the header has 42"],
    );
    // A gzip stream cut short.
    let dir = tempfile::tempdir().unwrap();
    let mut conn = store_with_good_import(dir.path());
    let before = snapshot(&conn);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(full.as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    let path = dir.path().join("cut.csv.gz");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let msg = import_file(&mut conn, &path).unwrap_err().to_string();
    assert!(
        msg.contains("cut.csv.gz") && msg.contains("cannot read the file"),
        "{msg}"
    );
    assert_eq!(snapshot(&conn), before);
    // The whole gzip file reads.
    std::fs::write(&path, &bytes).unwrap();
    let summary = import_file(&mut conn, &path).unwrap();
    assert_eq!(summary.stats.rows_usable, 8);
    assert_eq!(summary.replaced, Some(before.0));
}

#[test]
fn a_missing_column_is_named() {
    let text = common::small_file().replacen("reporter,", "declarant,", 1);
    assert_fails_cleanly(
        "no_reporter.csv",
        &text,
        &["line 1", "field `reporter`", "no `reporter` column"],
    );
    let header_only_months: String = common::small_file()
        .lines()
        .map(|l| l.split(',').take(6).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\n");
    assert_fails_cleanly(
        "no_months.csv",
        &header_only_months,
        &["line 1", "no month columns"],
    );
}

#[test]
fn a_repeated_row_and_an_empty_code_are_errors() {
    let mut text = common::small_file();
    let second = text.lines().nth(1).unwrap().to_string();
    text.push_str(&second);
    text.push('\n');
    assert_fails_cleanly(
        "repeated.csv",
        &text,
        &["line 10", "already given on line 2"],
    );
    let text = damaged(1, |l| l.replacen("85423990", "", 1));
    assert_fails_cleanly("empty_code.csv", &text, &["line 2", "field `product_code`"]);
}

#[test]
fn rows_that_cannot_be_used_are_counted_with_their_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = common::small_file();
    let values = common::series(|_, _| 7.0);
    text.push_str(&common::row(
        "85423990", "x", "Germany", "Atlantis", &values,
    ));
    text.push('\n');
    text.push_str(
        &common::row("85423990", "x", "Germany", "Georgia", &values).replace("EXPORT", "IMPORT"),
    );
    text.push('\n');
    text.push_str(
        &common::row("85423990", "x", "Germany", "Georgia", &values)
            .replace("VALUE_IN_EUROS", "QUANTITY_IN_100KG"),
    );
    text.push('\n');
    text.push_str(&common::row("TOTAL", "x", "Germany", "Georgia", &values));
    text.push('\n');
    let path = common::write(dir.path(), "mixed.csv", &text);
    let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
    let s = import_file(&mut conn, &path).unwrap();
    assert_eq!(s.stats.rows_read, 12);
    assert_eq!(s.stats.rows_usable, 8);
    let reasons: Vec<(u64, &str)> = s
        .stats
        .unusable
        .iter()
        .map(|u| (u.line, u.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 4);
    assert_eq!(reasons[0].0, 10);
    assert!(reasons[0].1.contains("partner `Atlantis`"), "{reasons:?}");
    assert!(reasons[1].1.contains("flow `IMPORT`"), "{reasons:?}");
    assert!(reasons[2].1.contains("QUANTITY_IN_100KG"), "{reasons:?}");
    assert!(reasons[3].1.contains("`TOTAL`"), "{reasons:?}");
    // Stored and read back: the unusable rows are in their table, the months are right.
    let stored = load(&conn).unwrap();
    assert_eq!(stored.rows_unusable, 4);
    assert_eq!(
        stored.unpublished_months,
        vec![Month::parse("2022-12").unwrap()]
    );
    let n: i64 = conn
        .query_row("SELECT count(*) FROM reexport_unusable", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 4);
    // Each good row keeps its 35 published months (2022-12 is `:`).
    assert!(stored.series.iter().all(|s| s.values.len() == 35));
}

#[test]
fn an_empty_store_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let conn = Connection::open(dir.path().join("s.db")).unwrap();
    let err = load(&conn).unwrap_err();
    assert!(matches!(err, ReexportError::NothingImported));
    assert!(err.to_string().contains("--file"));
    let missing = import_file(
        &mut Connection::open(dir.path().join("s.db")).unwrap(),
        &dir.path().join("nope.csv"),
    )
    .unwrap_err()
    .to_string();
    assert!(missing.contains("nope.csv"), "{missing}");
}
