//! Network benchmarks.
//!
//! - `eval [--seeds 1,2,3] [--rows 100000]`: generates each seed's scenario with the trade
//!   crate's generator, loads it through the adapter, runs resolution, the graph, the
//!   indicators and tracing, and prints the evaluation table.
//! - `scale [--rows 5000000] [--seed 7] [--variants 0.5]`: generates a large scenario, then
//!   times loading, resolution, graph building, indicators and tracing queries, prints peak
//!   memory (VmHWM), then scores that run against the truth (the `eval` table's columns and
//!   the shell curve; its seconds are the scale table's).
//!
//! - `calibrate [--seeds 1,…,10] [--rows 30000] [--out FILE]`: fits the shell model's
//!   weights (`crates/network/data/shell_weights.csv`) on those seeds' companies and prints
//!   (or writes) the file.
//!
//! `--clean` removes each generated scenario after use (disk is limited).
//!
//! Run with `cargo run --release -p chokepoint-eval --example network_bench -- eval`.

use chokepoint_eval::network::{evaluate, fit_shell_model, score, shell_rows, EvalReport};
use chokepoint_eval::network_scenario::{load, AdapterOptions};
use chokepoint_network::trace::{
    end_users_supplied, trace_from_country, trace_to_node, TraceOptions,
};
use chokepoint_network::{indicators, resolve, Graph, GraphOptions, Judgements, ResolveOptions};
use chokepoint_scenario::{generate, ScenarioOptions, GENERATOR_VERSION};
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
    std::env::temp_dir().join(format!(
        "chokepoint-network-scenario-v{GENERATOR_VERSION}-{seed}-{rows}"
    ))
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
        "| {seed} | {} | {} ({} ambiguous) | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} ({}/{}) | {:.3} | {:.3} ({}/{}) | {:.3} | {:.3} ({}/{}) | {}/{} = {:.3} | {:.2} | {:.1} / {:.1} / {:.1} / {:.1} |",
        r.shipments,
        r.parties,
        r.ambiguous_mentions,
        r.entities,
        r.resolution.precision,
        r.resolution.recall,
        r.resolution.f1,
        r.shell_precision,
        r.shell_recall,
        r.shell_predicted,
        r.shell_truth,
        r.shell_ru.precision,
        r.shell_ru.recall,
        r.shell_ru.predicted,
        r.shell_ru.truth,
        r.shell_foreign.precision,
        r.shell_foreign.recall,
        r.shell_foreign.predicted,
        r.shell_foreign.truth,
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
    let clean = args.iter().any(|a| a == "--clean");
    let mut totals: Vec<EvalReport> = Vec::new();
    let c = classifier()?;
    println!("| seed | shipments | mentions | entities | ER precision | ER recall | ER F1 | shell precision | shell recall (pred/true) | RU shell P | RU shell R (pred/true) | foreign shell P | foreign shell R (pred/true) | chains found | count MAE | seconds res / graph / ind / trace |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut counts = Vec::new();
    let mut curves = Vec::new();
    for seed in seeds {
        let dir = ensure_scenario(seed, rows)?;
        let loaded = load(&dir, seed, &c, &AdapterOptions::default())?;
        let r = evaluate(&loaded, &ResolveOptions::default());
        print_eval(seed, &r);
        counts.push((seed, r.counts.clone()));
        curves.push((seed, r.shell_curve.clone()));
        totals.push(r);
        if clean {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    if totals.len() > 1 {
        let n = totals.len() as f64;
        let mean = |f: &dyn Fn(&EvalReport) -> f64| totals.iter().map(f).sum::<f64>() / n;
        let min =
            |f: &dyn Fn(&EvalReport) -> f64| totals.iter().map(f).fold(f64::INFINITY, f64::min);
        let chains = |r: &EvalReport| r.chains_found as f64 / r.chains.max(1) as f64;
        println!(
            "\nmean (min) over {} seeds: ER F1 {:.3} ({:.3}); shell P {:.3} ({:.3}) R {:.3} ({:.3}); RU shell P {:.3} ({:.3}) R {:.3} ({:.3}); foreign shell P {:.3} ({:.3}) R {:.3} ({:.3}); chains {:.3} ({:.3})",
            totals.len(),
            mean(&|r| r.resolution.f1), min(&|r| r.resolution.f1),
            mean(&|r| r.shell_precision), min(&|r| r.shell_precision),
            mean(&|r| r.shell_recall), min(&|r| r.shell_recall),
            mean(&|r| r.shell_ru.precision), min(&|r| r.shell_ru.precision),
            mean(&|r| r.shell_ru.recall), min(&|r| r.shell_ru.recall),
            mean(&|r| r.shell_foreign.precision), min(&|r| r.shell_foreign.precision),
            mean(&|r| r.shell_foreign.recall), min(&|r| r.shell_foreign.recall),
            mean(&chains), min(&chains),
        );
    }
    println!();
    println!("| seed | shell threshold | precision | recall |");
    println!("|---|---|---|---|");
    for (seed, curve) in curves {
        for (t, p, r) in curve {
            println!("| {seed} | {t:.2} | {p:.3} | {r:.3} |");
        }
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

fn run_calibrate(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let seeds: Vec<u64> = arg(args, "--seeds")
        .unwrap_or_else(|| "1,2,3,4,5,6,7,8,9,10".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let rows: u64 = arg(args, "--rows")
        .and_then(|s| s.parse().ok())
        .unwrap_or(30_000);
    let clean = args.iter().any(|a| a == "--clean");
    let c = classifier()?;
    let mut all = Vec::new();
    for seed in &seeds {
        let dir = ensure_scenario(*seed, rows)?;
        let loaded = load(&dir, *seed, &c, &AdapterOptions::default())?;
        let ds = &loaded.dataset;
        let res = resolve(ds, &Judgements::new(), &ResolveOptions::default());
        let g = Graph::build(ds, &res, &GraphOptions::default());
        let signals = indicators::run_all(&g, ds, &indicators::IndicatorOptions::default());
        let rows = shell_rows(&loaded, &res, &g, &signals);
        eprintln!(
            "seed {seed}: {} companies, {} shells",
            rows.len(),
            rows.iter().filter(|r| r.shell).count()
        );
        all.extend(rows);
        if clean {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let l2: f64 = arg(args, "--l2")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.001);
    let model = fit_shell_model(&all, l2, 50);
    // The decision point: the cut-off with the best F1 on these seeds, folded into the intercept
    // (a prior shift) so that the model's 0.5 (`SHELL_THRESHOLD`) is that cut-off.
    let f1_at = |t: f64| -> (f64, f64, f64) {
        let tp = all
            .iter()
            .filter(|r| r.shell && model.probability(&r.features) >= t)
            .count() as f64;
        let pp = all
            .iter()
            .filter(|r| model.probability(&r.features) >= t)
            .count() as f64;
        let tt = all.iter().filter(|r| r.shell).count() as f64;
        let (p, r) = (tp / pp.max(1.0), tp / tt.max(1.0));
        (
            p,
            r,
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        )
    };
    let mut best = (0.5, f1_at(0.5));
    for k in 5..=70 {
        let t = k as f64 / 100.0;
        let v = f1_at(t);
        eprintln!(
            "  cut-off {t:.2}: training P {:.3} R {:.3} F1 {:.3}",
            v.0, v.1, v.2
        );
        if v.2 > best.1 .2 + 1e-9 {
            best = (t, v);
        }
    }
    let mut model = model;
    model.intercept -= (best.0 / (1.0 - best.0)).ln();
    eprintln!(
        "decision cut-off {:.2} (training P {:.3} R {:.3} F1 {:.3}) folded into the intercept",
        best.0, best.1 .0, best.1 .1, best.1 .2
    );
    let csv = model.to_csv();
    let tp = all
        .iter()
        .filter(|r| r.shell && model.probability(&r.features) >= indicators::SHELL_THRESHOLD)
        .count();
    let pp = all
        .iter()
        .filter(|r| model.probability(&r.features) >= indicators::SHELL_THRESHOLD)
        .count();
    let t = all.iter().filter(|r| r.shell).count();
    eprintln!(
        "fitted on {} companies of seeds {:?} ({} rows each): training P {:.3} R {:.3}",
        all.len(),
        seeds,
        rows,
        tp as f64 / pp.max(1) as f64,
        tp as f64 / t.max(1) as f64
    );
    for (group, ru) in [("RU", true), ("foreign", false)] {
        let g: Vec<_> = all.iter().filter(|r| (r.country == "RU") == ru).collect();
        let tp = g
            .iter()
            .filter(|r| r.shell && model.probability(&r.features) >= indicators::SHELL_THRESHOLD)
            .count();
        let pp = g
            .iter()
            .filter(|r| model.probability(&r.features) >= indicators::SHELL_THRESHOLD)
            .count();
        let t = g.iter().filter(|r| r.shell).count();
        eprintln!(
            "  {group}: {} companies, {t} shells, training P {:.3} R {:.3}",
            g.len(),
            tp as f64 / pp.max(1) as f64,
            tp as f64 / t.max(1) as f64
        );
    }
    let mut missed: std::collections::BTreeMap<String, usize> = Default::default();
    for r in all
        .iter()
        .filter(|r| r.shell && model.probability(&r.features) < indicators::SHELL_THRESHOLD)
    {
        let key: Vec<String> = indicators::Rule::ALL
            .iter()
            .filter(|x| r.features[**x as usize] > 0.0)
            .map(|x| format!("{}={:.2}", x.as_str(), r.features[*x as usize]))
            .collect();
        *missed
            .entry(format!("{} {}", r.country, key.join(" ")))
            .or_default() += 1;
    }
    let mut missed: Vec<_> = missed.into_iter().collect();
    missed.sort_by_key(|x| std::cmp::Reverse(x.1));
    for (k, n) in missed.iter().take(15) {
        eprintln!("  missed x{n}: {k}");
    }
    match arg(args, "--out") {
        Some(p) => std::fs::write(&p, csv)?,
        None => print!("{csv}"),
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
    eprintln!("generated in {t_gen:.1} s; loading");
    let loaded = load(&dir, seed, &c, &opts)?;
    let ds = &loaded.dataset;
    let t_load = t.elapsed().as_secs_f64();
    eprintln!(
        "loaded in {t_load:.1} s; {} mentions; resolving",
        ds.parties.len()
    );
    let hwm_load = vm_hwm();
    let t = Instant::now();
    let res = resolve(ds, &Judgements::new(), &ResolveOptions::default());
    let t_res = t.elapsed().as_secs_f64();
    let hwm_res = vm_hwm();
    eprintln!("resolved in {t_res:.1} s; building the graph");
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
    println!(
        "| generate scenario (trade crate; 0 when cached on disk) | {rows} rows | {t_gen:.1} | |"
    );
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
        "| trace --to (mean of {} end users) | {hops} hops in total | {:.4} | |",
        ends.len(),
        t_to
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
    // Quality of the same run against the truth.
    let t = Instant::now();
    let shell = indicators::shell_scores(&g, &signals);
    let mut r = score(&loaded, &res, &g, &shell);
    r.seconds = [t_res, t_graph, t_ind, t.elapsed().as_secs_f64()];
    println!();
    println!("| seed | shipments | mentions | entities | ER precision | ER recall | ER F1 | shell precision | shell recall (pred/true) | chains found | count MAE | seconds res / graph / ind / score |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    print_eval(seed, &r);
    println!();
    println!("| seed | shell threshold | precision | recall |");
    println!("|---|---|---|---|");
    for (th, p, rc) in &r.shell_curve {
        println!("| {seed} | {th:.2} | {p:.3} | {rc:.3} |");
    }
    println!();
    println!("| seed | country | category | end users (resolved) | end users (truth) |");
    println!("|---|---|---|---|---|");
    for c in &r.counts {
        println!(
            "| {seed} | {} | {} | {} | {} |",
            c.country, c.category, c.predicted, c.truth
        );
    }
    Ok(())
}

/// Prints resolution errors and the rule combinations of shell false positives / negatives.
fn run_diagnose(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    use std::collections::HashMap;
    let seed: u64 = arg(args, "--seed")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let rows: u64 = arg(args, "--rows")
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let c = classifier()?;
    let dir = ensure_scenario(seed, rows)?;
    let loaded = load(&dir, seed, &c, &AdapterOptions::default())?;
    let ds = &loaded.dataset;
    let truth = &loaded.truth.party_company;
    let res = resolve(ds, &Judgements::new(), &ResolveOptions::default());
    // Missed pairs: for each true company, its mentions split over entities.
    let mut by_company: HashMap<u32, Vec<u32>> = HashMap::new();
    for (p, t) in truth.iter().enumerate() {
        if let Some(t) = t {
            by_company.entry(*t).or_default().push(p as u32);
        }
    }
    let mut shown = 0;
    for (_, ps) in by_company.iter() {
        let mut ents: Vec<u32> = ps.iter().map(|&p| res.entity_of[p as usize]).collect();
        ents.sort_unstable();
        ents.dedup();
        if ents.len() > 1 && shown < 25 {
            shown += 1;
            println!("SPLIT into {}:", ents.len());
            for &p in ps.iter().take(8) {
                let q = &ds.parties[p as usize];
                println!(
                    "   e{} | {} | {} | {} | {}",
                    res.entity_of[p as usize], q.name, q.country, q.inn, q.address
                );
            }
        }
    }
    let mut shown = 0;
    for ent in &res.entities {
        let mut ts: Vec<u32> = ent
            .parties
            .iter()
            .filter_map(|&p| truth[p as usize])
            .collect();
        ts.sort_unstable();
        ts.dedup();
        if ts.len() > 1 && shown < 15 {
            shown += 1;
            println!("MERGED {} companies:", ts.len());
            for &p in ent.parties.iter().take(8) {
                let q = &ds.parties[p as usize];
                println!(
                    "   c{:?} | {} | {} | {} | {}",
                    truth[p as usize], q.name, q.country, q.inn, q.address
                );
            }
        }
    }
    let g = Graph::build(ds, &res, &GraphOptions::default());
    let signals = indicators::run_all(&g, ds, &indicators::IndicatorOptions::default());
    let shell = indicators::shell_scores(&g, &signals);
    let mut combos: HashMap<(bool, String), usize> = HashMap::new();
    for v in 0..g.companies {
        let ent = &res.entities[v as usize];
        let Some(k) = ent.registry else { continue };
        let is_shell = loaded.truth.shells.contains(&ds.registry[k].id);
        let predicted = shell[v as usize] >= indicators::SHELL_THRESHOLD;
        if !is_shell && !predicted {
            continue;
        }
        let mut rules: Vec<String> = signals
            .iter()
            .filter(|s| s.node == v && s.rule.is_shell_rule())
            .map(|s| format!("{}:{:.2}", s.rule, s.score))
            .collect();
        rules.sort();
        rules.dedup();
        let tag = format!(
            "{} {}",
            if predicted { "PRED" } else { "miss" },
            rules.join(",")
        );
        *combos.entry((is_shell, tag)).or_default() += 1;
    }
    let mut v: Vec<_> = combos.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    for ((is_shell, tag), n) in v.iter().take(40) {
        println!("{} {n:5} {tag}", if *is_shell { "SHELL" } else { "legit" });
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        Some("scale") => run_scale(&args),
        Some("diagnose") => run_diagnose(&args),
        Some("calibrate") => run_calibrate(&args),
        Some("eval") | None => run_eval(&args),
        Some(other) => Err(format!("unknown mode {other}; use eval or scale").into()),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
