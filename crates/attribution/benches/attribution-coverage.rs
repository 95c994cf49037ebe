//! Interval coverage of the attribution bootstrap on synthetic scenarios with known truth.
//!
//! `cargo bench -p chokepoint-attribution --bench attribution-coverage [-- RUNS REPLICATES]`
//! prints Markdown (the text of docs/attribution-coverage.md). Defaults: 50 runs, 1000 replicates.

use chokepoint_attribution::bootstrap::Resample;
use chokepoint_attribution::coverage::{coverage_markdown, evaluate_coverage};
use chokepoint_attribution::registry::Registry;
use chokepoint_attribution::synth::SynthConfig;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let runs = args.first().copied().unwrap_or(50);
    let replicates = args.get(1).copied().unwrap_or(1000);
    let registry = match Registry::builtin() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("registry: {e}");
            std::process::exit(1);
        }
    };
    let cfg = SynthConfig::default();
    println!("# Attribution interval coverage (synthetic scenarios)\n");
    println!(
        "Produced by `cargo bench -p chokepoint-attribution --bench attribution-coverage -- {runs} {replicates}`.\n"
    );
    println!("All records are SYNTHETIC (`chokepoint_attribution::synth`), generated with known true shares; see the");
    println!("module docs for the model (per-weapon Dirichlet country mix, κ = {}, missingness at random).", cfg.concentration);
    println!("A true share counts as covered when it lies inside its interval; only countries with a true share > 0 count.\n");
    for resample in [Resample::Weapons, Resample::Components] {
        let r = evaluate_coverage(&cfg, runs, 1, replicates, 0.95, resample, &registry);
        println!("## Resampling {:?}\n", resample);
        println!("{}", coverage_markdown(&r));
    }
}
