//! Every reader under the fuzzer for a bounded budget: `CHOKEPOINT_FUZZ_SECS` seconds per target
//! (default 4; CI sets its own), after replaying the regression corpus. A seed per day of the
//! year varies the inputs between runs while keeping one day's runs repeatable.

use chokepoint_fuzz::{replay, run, targets, Outcome};
use std::time::Duration;

#[test]
fn no_reader_panics_or_hangs_on_damaged_input() {
    let secs: u64 = std::env::var("CHOKEPOINT_FUZZ_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let seed: u64 = std::env::var("CHOKEPOINT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() / 86_400)
                .unwrap_or(0)
        });
    let scratch = tempfile::tempdir().unwrap();
    let findings =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-findings");
    let mut failures = Vec::new();
    for t in targets() {
        let seeds = (t.seeds)();
        assert!(
            !seeds.is_empty()
                || t.name.starts_with("ofac-cons")
                || t.name == "us-csl"
                || t.name == "bis-dpl",
            "{}: no seed (the crate's own seeds must be present)",
            t.name
        );
        for f in replay(&t, scratch.path()) {
            failures.push(format!(
                "{} regression {}: {:?}",
                t.name,
                f.saved.display(),
                f.outcome
            ));
        }
        let r = run(
            &t,
            Duration::from_secs(secs),
            seed,
            scratch.path(),
            &findings,
        );
        println!(
            "{:<22} seeds {:>2}  inputs {:>7}  findings {}",
            t.name,
            r.seeds,
            r.execs,
            r.findings.len()
        );
        for f in r.findings {
            let what = match &f.outcome {
                Outcome::Panic(m) => format!("panic: {m}"),
                Outcome::Hang(d) => format!("hang: {d:?}"),
                Outcome::Ok => continue,
            };
            failures.push(format!(
                "{} (seed {seed}) {what}; input saved at {}",
                t.name,
                f.saved.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
