//! Parquet import benchmark (feature `parquet`): generates a synthetic scenario (or reuses
//! one), writes its customs records to Parquet, then measures parsing plus HS / CHPL
//! classification of every record from the CSV and from the Parquet file, printing rows/s,
//! CPU seconds and peak memory (VmHWM). No assertions: it prints a table.
//!
//! `cargo run -p chokepoint-trade --release --features parquet --example parquet_bench --
//! [ROWS] [DIR] [reuse]` (defaults: 1,000,000 rows in `target/parquet-bench`).

#[cfg(feature = "parquet")]
#[path = "../benches/support/measure.rs"]
mod measure;

#[cfg(feature = "parquet")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    use chokepoint_scenario as scenario;
    use chokepoint_trade::{import, parquet_io, Classifier, ReadOptions};
    use std::path::{Path, PathBuf};
    use std::time::Instant;

    use measure::{cpu_seconds, vm_hwm};
    fn mib(p: &Path) -> f64 {
        std::fs::metadata(p).map_or(0.0, |m| m.len() as f64 / 1048576.0)
    }

    let args: Vec<String> = std::env::args().collect();
    let rows: u64 = args
        .get(1)
        .map(|s| s.replace('_', "").parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let dir = PathBuf::from(
        args.get(2)
            .cloned()
            .unwrap_or_else(|| "target/parquet-bench".into()),
    );
    let reuse = args.get(3).map(String::as_str) == Some("reuse");
    let classifier = Classifier::load(&chokepoint_trade::shared_data_dir().join("hs"))?;
    let csv = dir.join(scenario::CUSTOMS_FILE);
    let pq = dir.join("customs.parquet");
    let mut table: Vec<(String, u64, f64, f64, String)> = Vec::new();
    if !(reuse && csv.exists()) {
        scenario::generate(1, rows, &dir, &Default::default())?;
    }
    if !(reuse && pq.exists()) {
        let t = Instant::now();
        let c = cpu_seconds();
        let mut w = parquet_io::ParquetWriter::create(&pq, &Default::default())?;
        import::for_each_record(&csv, &ReadOptions::default(), &mut |_, _| {}, &mut |r| {
            w.write(r)
        })?;
        let n = w.finish()?;
        table.push((
            "CSV → Parquet (read CSV, write snappy Parquet)".into(),
            n,
            t.elapsed().as_secs_f64(),
            cpu_seconds() - c,
            vm_hwm(),
        ));
    }
    for (label, path) in [
        ("CSV", &csv),
        ("Parquet", &pq),
        ("CSV", &csv),
        ("Parquet", &pq),
    ] {
        let t = Instant::now();
        let c = cpu_seconds();
        let mut chpl = 0u64;
        let stats =
            import::for_each_record(path, &ReadOptions::default(), &mut |_, _| {}, &mut |r| {
                if let Ok(c) = classifier.classify(&r.ved_code) {
                    chpl += u64::from(c.chpl.is_some());
                }
                Ok(())
            })?;
        std::hint::black_box(chpl);
        table.push((
            format!("{label} parse + classify ({:.0} MiB file)", mib(path)),
            stats.rows_ok,
            t.elapsed().as_secs_f64(),
            cpu_seconds() - c,
            vm_hwm(),
        ));
    }
    println!("| step | rows | wall s | rows/s (wall) | CPU s | peak RSS (VmHWM, process so far) |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (step, n, secs, cpu, hwm) in table {
        println!(
            "| {step} | {n} | {secs:.1} | {:.0} | {cpu:.1} | {hwm} |",
            n as f64 / secs.max(1e-9)
        );
    }
    Ok(())
}

#[cfg(not(feature = "parquet"))]
fn main() {
    eprintln!("build with `--features parquet` to run this benchmark");
}
