//! Import throughput and peak memory for all real lists together.
//!
//! `cargo bench -p chokepoint --bench import` (data from $CHOKEPOINT_SHARED_DATA, else
//! ../shared/data). Prints one row per list and a total: records, seconds, records/s; then
//! the process's peak resident memory (VmHWM).

use chokepoint_lists::{open, plan};
use chokepoint_pipeline::discover;
use chokepoint_store::{ImportMeta, Store};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn vm_hwm_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let data = std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let found = discover::newest_lists(&data);
    if found.is_empty() {
        eprintln!(
            "no lists found under {} (set CHOKEPOINT_SHARED_DATA)",
            data.display()
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("chokepoint-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let db = dir.join("bench.db");
    let mut store = match Store::open(&db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    println!("| list | files | entities | seconds | entities/s |");
    println!("|---|---:|---:|---:|---:|");
    let t_all = Instant::now();
    let mut total = 0u64;
    for f in &found {
        let t = Instant::now();
        let result = (|| -> Result<u64, Box<dyn std::error::Error>> {
            let mut n = 0;
            let mut tx = store.begin_import()?;
            for source in plan(&f.files, None)? {
                let meta = ImportMeta {
                    list: source.list.clone(),
                    format: source.format.name().into(),
                    published: source.published.clone(),
                    files: source
                        .files
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect(),
                };
                n += tx.import(&meta, open(&source)?, |_| {}, &|| 0)?.entities;
            }
            tx.commit()?;
            Ok(n)
        })();
        match result {
            Ok(n) => {
                let s = t.elapsed().as_secs_f64();
                total += n;
                println!(
                    "| {} | {} | {} | {:.2} | {:.0} |",
                    f.label,
                    f.files.len(),
                    n,
                    s,
                    n as f64 / s
                );
            }
            Err(e) => println!("| {} | {} | error: {e} | | |", f.label, f.files.len()),
        }
    }
    let s = t_all.elapsed().as_secs_f64();
    println!(
        "| **all lists** | | {total} | {s:.2} | {:.0} |",
        total as f64 / s
    );
    if let Some(m) = vm_hwm_mib() {
        println!("\npeak resident memory (VmHWM): {m:.1} MiB");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
