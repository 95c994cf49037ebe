//! `chokepoint resolve` and `chokepoint judge`: trade parties resolved into companies, with
//! the reason of every merge; analyst judgements that override the machine and persist.

use anyhow::{bail, Result};
use chokepoint_eval::network_scenario as scenario;
use chokepoint_network::judgement::{load_judgements, record_judgement, Verdict};
use chokepoint_network::{resolve, Dataset, ResolveOptions};
use chokepoint_store::Store;
use clap::Args;
use std::path::{Path, PathBuf};

/// Options of `resolve`.
#[derive(Args)]
pub struct ResolveArgs {
    /// Only records of this trade import.
    #[arg(long)]
    import: Option<i64>,
    /// Only entities whose name contains this (case-insensitive).
    #[arg(long)]
    name: Option<String>,
    /// Only entities with at least this many mentions.
    #[arg(long, default_value_t = 2)]
    min_mentions: usize,
    /// How many entities to print.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

/// Options of `judge`.
#[derive(Args)]
pub struct JudgeArgs {
    /// The first mention's key (as `resolve` prints it).
    key_a: String,
    /// The second mention's key.
    key_b: String,
    /// same, not_same or unsure.
    verdict: String,
    /// Who judges.
    #[arg(long, default_value = "analyst")]
    analyst: String,
    /// Why.
    #[arg(long, default_value = "")]
    note: String,
}

/// The store's customs records and imported registries (`network registry import`).
fn dataset(store: &Store, import: Option<i64>) -> Result<Dataset> {
    let (ds, input) = chokepoint_pipeline::network_dataset(store, import)?;
    if input.records == 0 {
        bail!("the store holds no trade records: run `chokepoint trade import FILE` first");
    }
    Ok(ds)
}

/// Runs `resolve`.
pub fn run_resolve(db: &Path, args: ResolveArgs) -> Result<()> {
    let store = Store::open(db)?;
    let ds = dataset(&store, args.import)?;
    let judgements = load_judgements(store.connection())?;
    let res = resolve(&ds, &judgements, &ResolveOptions::default());
    outln!(
        "{} party mentions → {} companies ({} merges, {} refused by constraints, {} analyst judgements applied)",
        ds.parties.len(),
        res.entities.len(),
        res.merges.len(),
        res.refused.len(),
        judgements.latest().len()
    );
    let needle = args.name.as_ref().map(|n| n.to_lowercase());
    let mut shown = 0;
    for (i, e) in res.entities.iter().enumerate() {
        if e.parties.len() < args.min_mentions
            || needle
                .as_ref()
                .is_some_and(|n| !e.name.to_lowercase().contains(n))
        {
            continue;
        }
        if shown == args.limit {
            break;
        }
        shown += 1;
        outln!(
            "\n{} ({}) {} — {} mentions, key {}",
            e.name,
            e.country,
            if e.inn.is_empty() {
                String::new()
            } else {
                format!("INN {}", e.inn)
            },
            e.parties.len(),
            e.key
        );
        for &p in e.parties.iter().take(8) {
            outln!("  mention {}", ds.parties[p as usize].key());
        }
        for m in res.merges_of(i as u32).take(8) {
            outln!("  merged {:?} {:.2}: {}", m.reason, m.score, m.detail);
        }
    }
    Ok(())
}

/// Runs `judge`.
pub fn run_judge(db: &Path, args: JudgeArgs) -> Result<()> {
    let verdict: Verdict = args.verdict.replace('-', "_").parse()?;
    let store = Store::open(db)?;
    chokepoint_network::migrate(store.connection())?;
    let id = record_judgement(
        store.connection(),
        &args.key_a,
        &args.key_b,
        verdict,
        &args.analyst,
        &args.note,
    )?;
    outln!("judgement {id} recorded: {} — it overrides the machine on the next `resolve`, `trace` or `demo`", verdict.as_str());
    // Judgements on list records merge or split canonical entities: the stored merges follow.
    let (records, entities) = chokepoint_pipeline::refresh_merges(&store)?;
    if records > 0 {
        outln!(
            "list records: {records} → {entities} entities after the judgements (`lists merges`)"
        );
    }
    Ok(())
}

/// Options of `network-eval`.
#[derive(Args)]
pub struct NetworkEvalArgs {
    /// Seeds, comma-separated (one generated scenario each).
    #[arg(long, value_delimiter = ',', default_value = "1,2,3")]
    seeds: Vec<u64>,
    /// Customs rows per scenario.
    #[arg(long, default_value_t = 100_000)]
    rows: u64,
    /// Where the scenarios are written (kept for inspection).
    #[arg(long, default_value = "network-eval")]
    out: PathBuf,
    /// The HS 2022 / CHPL folder.
    #[arg(long)]
    hs: Option<PathBuf>,
}

/// Runs `network-eval`: generates a scenario per seed and scores resolution, shell detection,
/// chain tracing and end-user counts against its truth (the pipeline never reads the truth).
pub fn run_network_eval(args: NetworkEvalArgs) -> Result<()> {
    let classifier = crate::commands::trade::classifier(args.hs.as_deref())?;
    outln!("SYNTHETIC scenarios; targets: resolution F1 ≥ 0.95, shell recall ≥ 0.85 at precision ≥ 0.8, planted-chain recall ≥ 0.9\n");
    outln!("| seed | shipments | mentions | entities | ER precision | ER recall | ER F1 | shell precision | shell recall | chains found | end-user count MAE |");
    outln!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for seed in &args.seeds {
        let dir = args.out.join(format!("seed-{seed}"));
        chokepoint_scenario::generate(
            *seed,
            args.rows,
            &dir,
            &chokepoint_scenario::ScenarioOptions::default(),
        )?;
        let loaded = scenario::load(
            &dir,
            *seed,
            &classifier,
            &scenario::AdapterOptions::default(),
        )?;
        let r = chokepoint_eval::network::evaluate(&loaded, &ResolveOptions::default());
        outln!(
            "| {seed} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} ({}/{}) | {}/{} = {:.3} | {:.2} |",
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
            r.chains_found as f64 / r.chains.max(1) as f64,
            r.count_mae
        );
    }
    Ok(())
}
