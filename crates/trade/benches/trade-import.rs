//! Import benchmark: generates a synthetic scenario, then measures (1) CSV parsing plus
//! classification and (2) the full import into a SQLite store in one transaction, printing
//! rows/s and peak memory (VmHWM). No assertions: it prints a table.
//!
//! `cargo bench -p chokepoint-trade --bench trade-import -- [ROWS] [DIR] [reuse]`
//! (defaults: 5,000,000 rows in `target/trade-bench`). A third argument `reuse` skips the
//! generation when DIR already holds a scenario.

use chokepoint_scenario as scenario;
use chokepoint_trade::{import, store, Classifier, ReadOptions};
use std::path::PathBuf;
use std::time::Instant;

#[path = "support/measure.rs"]
mod measure;

use measure::{cpu_seconds, thread_cpu_seconds, thread_runqueue_seconds, vm_hwm};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` adds `--bench`; keep the positional arguments only.
    let args: Vec<String> = std::env::args().filter(|a| !a.starts_with("--")).collect();
    let rows: u64 = args
        .get(1)
        .map(|s| s.replace('_', "").parse())
        .transpose()?
        .unwrap_or(5_000_000);
    let dir = PathBuf::from(
        args.get(2)
            .cloned()
            .unwrap_or_else(|| "target/trade-bench".into()),
    );
    let classifier = Classifier::load(&chokepoint_trade::shared_data_dir().join("hs"))?;
    let mut table = Vec::new();

    let csv = dir.join(scenario::CUSTOMS_FILE);
    if !(args.get(3).map(String::as_str) == Some("reuse") && csv.exists()) {
        let t = Instant::now();
        let c = cpu_seconds();
        let summary = scenario::generate(1, rows, &dir, &Default::default())?;
        let secs = t.elapsed().as_secs_f64();
        table.push((
            "generate scenario (seed 1)",
            summary.rows,
            secs,
            cpu_seconds() - c,
            vm_hwm(),
        ));
    }
    let bytes = std::fs::metadata(&csv)?.len();

    let t = Instant::now();
    let c = cpu_seconds();
    let mut classified = 0u64;
    let mut chpl = 0u64;
    let stats = import::for_each_record(&csv, &ReadOptions::default(), &mut |_, _| {}, &mut |r| {
        if let Ok(c) = classifier.classify(&r.ved_code) {
            classified += 1;
            chpl += u64::from(c.chpl.is_some());
        }
        Ok(())
    })?;
    let secs = t.elapsed().as_secs_f64();
    table.push((
        "CSV parse + classify (no store)",
        stats.rows_ok,
        secs,
        cpu_seconds() - c,
        vm_hwm(),
    ));

    let db = dir.join("bench.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    // The store exactly as `chokepoint trade import` opens it (WAL, synchronous=NORMAL,
    // 16 KiB pages, foreign keys on).
    let mut db_store = chokepoint_store::Store::open(&db)?;
    store::migrate(db_store.connection())?;
    // Bulk mode as `chokepoint trade import` uses it (rollback journal while nobody else has
    // the store open).
    let bulk = std::env::var("TRADE_BENCH_WAL").is_err() && db_store.set_bulk_mode(true)?;
    let conn = db_store.connection_mut();
    let t = Instant::now();
    let c = cpu_seconds();
    let tx = conn.transaction()?;
    let sink_cpu = thread_cpu_seconds();
    let sink_queued = thread_runqueue_seconds();
    let mut last = Instant::now();
    let s = store::import_file(
        &tx,
        &csv,
        &classifier,
        &ReadOptions::default(),
        &mut |n, b| {
            if last.elapsed().as_secs() >= 5 {
                eprintln!(
                    "  … {n} rows, {:.0}% of the file",
                    100.0 * b as f64 / bytes as f64
                );
                last = Instant::now();
            }
        },
    )?;
    let before_commit = t.elapsed().as_secs_f64();
    let sink_cpu = thread_cpu_seconds() - sink_cpu;
    let sink_queued = thread_runqueue_seconds() - sink_queued;
    tx.commit()?;
    db_store.set_bulk_mode(false)?;
    let secs = t.elapsed().as_secs_f64();
    let breakdown = format!(
        "store import ({}): read + insert {before_commit:.1} s wall (the calling thread, which only binds and steps, used {sink_cpu:.1} CPU s, waited {sink_queued:.1} s for a core and {:.1} s for records), commit {:.1} s",
        if bulk { "bulk mode: rollback journal" } else { "WAL" },
        (before_commit - sink_cpu - sink_queued).max(0.0),
        secs - before_commit
    );
    table.push((
        "CSV import + classify into SQLite (1 transaction)",
        s.stats.rows_ok,
        secs,
        cpu_seconds() - c,
        vm_hwm(),
    ));

    println!(
        "input: {} ({:.0} MiB), {classified} classified, {chpl} on the CHPL; {} cores",
        csv.display(),
        bytes as f64 / 1048576.0,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average at the end: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("{breakdown}");
    println!("| step | rows | wall s | rows/s (wall) | CPU s | peak RSS (VmHWM) |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (step, n, secs, cpu, hwm) in table {
        println!(
            "| {step} | {n} | {secs:.1} | {:.0} | {cpu:.1} | {hwm} |",
            n as f64 / secs
        );
    }
    Ok(())
}
