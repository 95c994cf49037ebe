//! Bad input never panics and never half-imports: a generated customs file (CSV, JSON lines,
//! gzip, and Parquet with the `parquet` feature) is damaged in hundreds of seeded ways — bytes
//! flipped, cut short, quotes, delimiters and newlines inserted, invalid UTF-8 — and each copy
//! is imported into a store. Every import either succeeds, or fails with an error that names
//! the file; a failed import leaves the store exactly as it was; lenient mode never fails on
//! a damaged row of a text format, only on a file that ends inside a record.

use chokepoint_scenario::{self as scenario, Rng};
use chokepoint_trade::{import_file, migrate, Classifier, ReadOptions};
use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};

fn classifier() -> Option<Classifier> {
    let dir = chokepoint_trade::shared_data_dir().join("hs");
    if !dir.join("harmonized-system.csv").exists() {
        eprintln!("SKIP: real HS data not found at {}", dir.display());
        return None;
    }
    Classifier::load(&dir).ok()
}

/// One seeded damage to `bytes`.
fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let n = out.len().max(1);
    let at = (rng.next_u64() as usize) % n;
    match rng.next_u64() % 8 {
        0 => out.truncate(at),
        1 => {
            if let Some(b) = out.get_mut(at) {
                *b ^= 1 << (rng.next_u64() % 8);
            }
        }
        2 => out.insert(at.min(out.len()), b'"'),
        3 => out.insert(at.min(out.len()), b','),
        4 => out.insert(at.min(out.len()), b'\n'),
        5 => {
            // A lone continuation byte and a cut multi-byte sequence.
            let at = at.min(out.len());
            out.splice(at..at, [0x80u8, 0xd0]);
        }
        6 => {
            // A chunk of the file repeated elsewhere (misaligned rows).
            let len = ((rng.next_u64() as usize) % 200).min(out.len() - at.min(out.len()));
            let chunk = out[at..at + len].to_vec();
            let to = (rng.next_u64() as usize) % out.len().max(1);
            out.splice(to..to, chunk);
        }
        _ => {
            // Several random bytes overwritten.
            for _ in 0..1 + rng.next_u64() % 8 {
                let i = (rng.next_u64() as usize) % n;
                if let Some(b) = out.get_mut(i) {
                    *b = rng.next_u64() as u8;
                }
            }
        }
    }
    out
}

/// The store's trade rows, parties and imports, to compare before and after.
fn snapshot(conn: &Connection) -> (i64, i64, i64) {
    let count = |t: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    (
        count("trade_rows"),
        count("trade_parties"),
        count("trade_imports"),
    )
}

/// Imports every damaged copy of `original`; returns (succeeded, failed).
fn sweep(c: &Classifier, original: &Path, cases: usize, seed: u64) -> (usize, usize) {
    let bytes = std::fs::read(original).unwrap();
    let dir = original.parent().unwrap();
    let ext = original
        .file_name()
        .unwrap()
        .to_string_lossy()
        .split_once('.')
        .map(|(_, e)| e.to_string())
        .unwrap_or_default();
    let mut rng = Rng::new(seed, 0);
    let mut conn = Connection::open_in_memory().unwrap();
    migrate(&conn).unwrap();
    // Some good data first, so "unchanged" is not trivially "empty".
    let tx = conn.transaction().unwrap();
    import_file(&tx, original, c, &ReadOptions::default(), &mut |_, _| {}).unwrap();
    tx.commit().unwrap();
    let (mut ok, mut failed) = (0, 0);
    for case in 0..cases {
        let damaged: PathBuf = dir.join(format!("damaged-{case}.{ext}"));
        std::fs::File::create(&damaged)
            .unwrap()
            .write_all(&mutate(&bytes, &mut rng))
            .unwrap();
        let before = snapshot(&conn);
        let tx = conn.transaction().unwrap();
        let result = import_file(&tx, &damaged, c, &ReadOptions::default(), &mut |_, _| {});
        match result {
            Ok(_) => {
                tx.commit().unwrap();
                ok += 1;
            }
            Err(e) => {
                drop(tx);
                failed += 1;
                let msg = e.to_string();
                assert!(
                    msg.contains(&format!("damaged-{case}")),
                    "case {case}: the error does not name the file: {msg}"
                );
                assert_eq!(
                    snapshot(&conn),
                    before,
                    "case {case}: a failed import changed the store ({msg})"
                );
            }
        }
        std::fs::remove_file(&damaged).unwrap();
    }
    (ok, failed)
}

/// Lenient reads of damaged text files never fail on a bad row (only on damage that makes
/// the rest of the file unreadable, such as a cut gzip stream or a broken header).
fn lenient_sweep(original: &Path, cases: usize, seed: u64) -> usize {
    let bytes = std::fs::read(original).unwrap();
    let dir = original.parent().unwrap();
    let mut rng = Rng::new(seed, 0);
    let opts = ReadOptions {
        lenient: true,
        ..Default::default()
    };
    let mut skipped_any = 0;
    for case in 0..cases {
        let mut damaged = mutate(&bytes, &mut rng);
        // Keep the comment and header lines intact: lenient mode skips rows, not headers.
        let head_end = bytes
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(1)
            .map_or(0, |(i, _)| i + 1);
        if damaged.len() < head_end || damaged[..head_end] != bytes[..head_end] {
            damaged = bytes.clone();
            let i = head_end + (rng.next_u64() as usize) % (bytes.len() - head_end);
            damaged[i] = 0xff;
        }
        let p = dir.join(format!("lenient-{case}.csv"));
        std::fs::write(&p, &damaged).unwrap();
        let (_, stats) = match chokepoint_trade::read_all(&p, &opts) {
            Ok(read) => read,
            Err(e) => {
                // Only a file that ends inside a record (cut, or a quote that never closes)
                // stops a lenient read, and it says so, naming the file.
                let m = e.to_string();
                assert!(
                    m.contains(&format!("lenient-{case}.csv:")) && m.contains("the file ends"),
                    "case {case}: lenient read failed: {m}"
                );
                std::fs::remove_file(&p).unwrap();
                continue;
            }
        };
        assert_eq!(stats.rows_read, stats.rows_ok + stats.rows_skipped);
        if stats.rows_skipped > 0 {
            skipped_any += 1;
            assert!(!stats.errors.is_empty());
            assert!(stats.errors[0].contains(&format!("lenient-{case}.csv:")));
        }
        std::fs::remove_file(&p).unwrap();
    }
    skipped_any
}

fn scenario_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    scenario::generate(3, 300, dir.path(), &Default::default()).unwrap();
    dir
}

#[test]
fn damaged_csv_never_panics_or_half_imports() {
    let Some(c) = classifier() else { return };
    let dir = scenario_dir();
    let (ok, failed) = sweep(&c, &dir.path().join(scenario::CUSTOMS_FILE), 200, 11);
    // Most damage breaks a row; some (a flipped bit in a description) is still valid data.
    assert!(failed > 60, "{ok} ok, {failed} failed");
    assert!(ok > 10, "{ok} ok, {failed} failed");
}

#[test]
fn damaged_jsonl_and_gzip_never_panic_or_half_import() {
    let Some(c) = classifier() else { return };
    let dir = scenario_dir();
    let (records, _) = chokepoint_trade::read_all(
        &dir.path().join(scenario::CUSTOMS_FILE),
        &ReadOptions::default(),
    )
    .unwrap();
    let jsonl = dir.path().join("customs.jsonl");
    let mut text = String::new();
    for r in &records {
        text.push_str(&serde_json::to_string(r).unwrap());
        text.push('\n');
    }
    std::fs::write(&jsonl, &text).unwrap();
    let (_, failed) = sweep(&c, &jsonl, 100, 12);
    assert!(failed > 30);

    let gz = dir.path().join("customs.csv.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(&std::fs::read(dir.path().join(scenario::CUSTOMS_FILE)).unwrap())
        .unwrap();
    enc.finish().unwrap();
    let (_, failed) = sweep(&c, &gz, 100, 13);
    assert!(failed > 30);
}

#[test]
fn lenient_reads_skip_damaged_rows_and_name_them() {
    let dir = scenario_dir();
    let skipped = lenient_sweep(&dir.path().join(scenario::CUSTOMS_FILE), 150, 14);
    assert!(
        skipped > 40,
        "only {skipped} damaged files had a skipped row"
    );
}

#[cfg(feature = "parquet")]
#[test]
fn damaged_parquet_never_panics_or_half_imports() {
    let Some(c) = classifier() else { return };
    let dir = scenario_dir();
    let (records, _) = chokepoint_trade::read_all(
        &dir.path().join(scenario::CUSTOMS_FILE),
        &ReadOptions::default(),
    )
    .unwrap();
    let pq = dir.path().join("customs.parquet");
    chokepoint_trade::parquet_io::write_records(&pq, &records).unwrap();
    let (_, failed) = sweep(&c, &pq, 200, 15);
    assert!(failed > 60);
}
