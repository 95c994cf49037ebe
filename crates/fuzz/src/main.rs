//! `chokepoint-fuzz [--secs N] [--seed S] [TARGET…]`: a longer fuzzing campaign than CI's.
//!
//! Replays each target's regression corpus, then fuzzes it for N seconds (default 300) from
//! seed S (default: the time), printing a table of inputs run and findings. Failing inputs are
//! written to `target/fuzz-findings/`; copy the ones worth keeping into
//! `crates/fuzz/regressions/<target>/` once the reader is fixed.

use chokepoint_fuzz::{replay, run, targets};
use std::path::PathBuf;
use std::time::Duration;

fn main() {
    let mut secs = 300u64;
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let mut only: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--secs" => secs = args.next().and_then(|v| v.parse().ok()).unwrap_or(secs),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "-h" | "--help" => {
                println!("usage: chokepoint-fuzz [--secs N] [--seed S] [TARGET…]");
                for t in targets() {
                    println!("  {}", t.name);
                }
                return;
            }
            other => only.push(other.to_string()),
        }
    }
    let scratch = std::env::temp_dir().join(format!("chokepoint-fuzz-{}", std::process::id()));
    let findings_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-findings");
    if let Err(e) = std::fs::create_dir_all(&scratch) {
        eprintln!("cannot create {}: {e}", scratch.display());
        std::process::exit(2);
    }
    println!("seed {seed}, {secs} s per target\n");
    println!("| target | seeds | regressions failing | inputs | inputs/s | findings |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut found = 0;
    for t in targets()
        .into_iter()
        .filter(|t| only.is_empty() || only.iter().any(|o| o == t.name))
    {
        let again = replay(&t, &scratch);
        let r = run(&t, Duration::from_secs(secs), seed, &scratch, &findings_dir);
        println!(
            "| {} | {} | {} | {} | {:.0} | {} |",
            t.name,
            r.seeds,
            again.len(),
            r.execs,
            r.execs as f64 / r.elapsed.as_secs_f64().max(1e-9),
            r.findings.len()
        );
        for f in again.iter().chain(&r.findings) {
            println!("  {:?}: {}", f.outcome, f.saved.display());
        }
        found += again.len() + r.findings.len();
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if found > 0 {
        std::process::exit(1);
    }
}
