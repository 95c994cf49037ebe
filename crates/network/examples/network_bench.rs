//! Network benchmarks.
//!
//! - `eval [--seeds 1,2,3] [--rows 100000]`: generates each seed's scenario with the trade
//!   crate's generator, loads it through the adapter, runs resolution, the graph, the
//!   indicators and tracing, and prints the evaluation table.
//! - `scale [--rows 5000000] [--seed 7] [--variants 0.5]`: generates a large scenario, then
//!   times loading, resolution, graph building, indicators and tracing queries, and prints peak
//!   memory (VmHWM).
//!
//! Run with `cargo run --release -p chokepoint-network --example network_bench -- eval`.

use chokepoint_network::eval::{evaluate, EvalReport};
use chokepoint_network::scenario::{load, AdapterOptions};
use chokepoint_network::trace::{
    end_users_supplied, trace_from_country, trace_to_node, TraceOptions,
};
use chokepoint_network::{indicators, resolve, Graph, GraphOptions, Judgements, ResolveOptions};
use chokepoint_trade::scenario::{generate, ScenarioOptions};
use chokepoint_trade::Classifier;
use std::path::PathBuf;
use std::time::Instant;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "n/a".into())
}

fn scenario_dir(seed: u64, rows: u64) -> PathBuf {
    std::env::temp_dir().join(format!("chokepoint-network-scenario-{seed}-{rows}"))
}

fn ensure_scenario(seed: u64, rows: u64) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dir = scenario_dir(seed, rows);
    if !dir.join("truth.json").exists() {
        generate(seed, rows, &dir, &ScenarioOptions::default())?;
    }
    Ok(dir)
}

fn classifier() -> Result<Classifier, Box<dyn std::error::Error>> {
    Ok(Classifier::load(
        &chokepoint_trade::shared_data_dir().join("hs"),
    )?)
}

fn print_eval(seed: u64, r: &EvalReport) {
    println!(
        "| {seed} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} ({}/{}) | {}/{} = {:.3} | {:.2} | {:.1} / {:.1} / {:.1} / {:.1} |",
        r.shipments,
        r.parties,
        r.entities,
        r.resolution.precision,
        r.resolution.recall,
        r.resolution.f1,
        r.shell_precision,
        r.shell_recall,
        r.shell_predicted,
        r.shell_truth,
        r.chains_found,
        r.chains,
        if r.chains == 0 { 1.0 } else { r.chains_found as f64 / r.chains as f64 },
        r.count_mae,
        r.seconds[0],
        r.seconds[1],
        r.seconds[2],
        r.seconds[3],
    );
}

fn run_eval(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let seeds: Vec<u64> = arg(args, "--seeds")
        .unwrap_or_else(|| "1,2,3".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let rows: u64 = arg(args, "--rows")
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let c = classifier()?;
    println!("| seed | shipments | mentions | entities | ER precision | ER recall | ER F1 | shell precision | shell recall (pred/true) | chains found | count MAE | seconds res / graph / ind / trace |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut counts = Vec::new();
    for seed in seeds {
        let dir = ensure_scenario(seed, rows)?;
        let loaded = load(&dir, seed, &c, &AdapterOptions::default())?;
        let r = evaluate(&loaded, &ResolveOptions::default());
        print_eval(seed, &r);
        counts.push((seed, r.counts));
    }
    println!();
    println!("| seed | country | category | end users (resolved) | end users (truth) |");
    println!("|---|---|---|---|---|");
    for (seed, cs) in counts {
        for c in cs {
            println!(
                "| {seed} | {} | {} | {} | {} |",
                c.country, c.category, c.predicted, c.truth
            );
        }
    }
    Ok(())
}

fn run_scale(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let rows: u64 = arg(args, "--rows")
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000_000);
    let seed: u64 = arg(args, "--seed")
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let variants: f64 = arg(args, "--variants")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.5);
    let t = Instant::now();
    let dir = ensure_scenario(seed, rows)?;
    let t_gen = t.elapsed().as_secs_f64();
    let c = classifier()?;
    let t = Instant::now();
    let opts = AdapterOptions {
        variant_rate: variants,
        ..AdapterOptions::default()
    };
    let loaded = load(&dir, seed, &c, &opts)?;
    let ds = &loaded.dataset;
    let t_load = t.elapsed().as_secs_f64();
    let hwm_load = vm_hwm();
    let t = Instant::now();
    let res = resolve(ds, &Judgements::new(), &ResolveOptions::default());
    let t_res = t.elapsed().as_secs_f64();
    let hwm_res = vm_hwm();
    let t = Instant::now();
    let g = Graph::build(ds, &res, &GraphOptions::default());
    let t_graph = t.elapsed().as_secs_f64();
    let hwm_graph = vm_hwm();
    let t = Instant::now();
    let signals = indicators::run_all(&g, ds, &indicators::IndicatorOptions::default());
    let t_ind = t.elapsed().as_secs_f64();
    let topts = TraceOptions::default();
    let t = Instant::now();
    let mut hops = 0;
    let ends: Vec<u32> = (0..g.companies)
        .filter(|&v| g.is_end_user(v))
        .take(20)
        .collect();
    for &e in &ends {
        hops += trace_to_node(&g, ds, e, &topts).hops.len();
    }
    let t_to = t.elapsed().as_secs_f64() / ends.len().max(1) as f64;
    let t = Instant::now();
    let tr = trace_from_country(&g, ds, "CN", Some("microelectronics"), &topts);
    let t_from = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let count = end_users_supplied(&g, ds, "CN", None, &topts);
    let t_count = t.elapsed().as_secs_f64();
    println!("| step | result | seconds | VmHWM after |");
    println!("|---|---|---|---|");
    println!("| generate scenario (trade crate, cached on disk) | {rows} rows | {t_gen:.1} | |");
    println!("| load + adapter (classify, variants {variants}) | {} shipments, {} mentions | {t_load:.1} | {hwm_load} |", ds.shipments.len(), ds.parties.len());
    println!(
        "| resolve | {} entities, {} merges, {} pairs compared | {t_res:.1} | {hwm_res} |",
        res.entities.len(),
        res.merges.len(),
        res.pairs_compared
    );
    println!("| build graph | {} nodes, {} aggregated shipment edges, ~{} MB | {t_graph:.1} | {hwm_graph} |", g.node_count(), g.edges.len(), g.heap_bytes() >> 20);
    println!(
        "| indicators | {} signals | {t_ind:.1} | {} |",
        signals.len(),
        vm_hwm()
    );
    println!(
        "| trace --to (mean of {} end users) | {hops} hops in total | {t_to:.3} | |",
        ends.len()
    );
    println!(
        "| trace --from-country CN microelectronics | {} paths, {} hops | {t_from:.2} | |",
        tr.paths.len(),
        tr.hops.len()
    );
    println!(
        "| end users supplied from CN (all goods) | {} | {t_count:.2} | {} |",
        count.count,
        vm_hwm()
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        Some("scale") => run_scale(&args),
        Some("eval") | None => run_eval(&args),
        Some(other) => Err(format!("unknown mode {other}; use eval or scale").into()),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
