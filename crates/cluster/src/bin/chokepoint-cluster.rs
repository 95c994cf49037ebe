//! `chokepoint-cluster`: Chokepoint's batch jobs over Parquet on a local DataFusion session or a
//! Ballista cluster, the generator of their input, the row-for-row comparison and the benchmark.

use anyhow::{bail, Context, Result};
use chokepoint_cluster::jobs::{self, Job, JobConfig};
use chokepoint_cluster::processes::{self, LocalCluster};
use chokepoint_cluster::Engine;
use clap::{Args as ClapArgs, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "chokepoint-cluster",
    version,
    about = "Chokepoint's batch jobs on DataFusion / Ballista"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(ClapArgs, Clone)]
struct JobArgs {
    /// Customs records, Parquet: a file or a folder of files (`chokepoint scenario generate
    /// --parquet`, or `generate` here). Not needed by `screen --parties`.
    #[arg(long)]
    input: Option<PathBuf>,
    /// `screen`: a parties file to screen instead of the records' parties (Parquet, or CSV with
    /// a header row; a `name` column and an optional `country` column).
    #[arg(long)]
    parties: Option<PathBuf>,
    /// Output folder for the result Parquet files.
    #[arg(long)]
    out: PathBuf,
    /// Ballista scheduler (`df://HOST:PORT`); without it the job runs on a local DataFusion
    /// session.
    #[arg(long)]
    scheduler: Option<String>,
    /// HS reference folder (`harmonized-system.csv`, `chpl_hs6.csv`); default
    /// `$CHOKEPOINT_SHARED_DATA/hs`.
    #[arg(long)]
    hs: Option<PathBuf>,
    /// Lists snapshot for `screen` (FtM JSON lines, e.g. `chokepoint lists export`).
    #[arg(long)]
    lists: Option<PathBuf>,
    /// `block`: blocking keys shared by more mentions than this are dropped.
    #[arg(long, default_value_t = 200)]
    max_block: u32,
    /// `block`: pairs scoring below this are not written.
    #[arg(long, default_value_t = 0.75)]
    min_score: f64,
}

#[derive(Subcommand)]
enum Command {
    /// Classify and flag every record → classified.parquet.
    Classify(JobArgs),
    /// Screen every distinct party against a lists snapshot → screened.parquet.
    Screen(JobArgs),
    /// Per-party features → party_features.parquet, party_months.parquet.
    Aggregate(JobArgs),
    /// Candidate blocking and pair scoring for entity resolution → pairs.parquet.
    Block(JobArgs),
    /// Generate a seeded scenario with customs.parquet and a synthetic lists.ftm.json.
    Generate {
        /// Seed.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Customs records.
        #[arg(long, default_value_t = 20_000)]
        rows: u64,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Every N-th distinct sender goes into the lists snapshot.
        #[arg(long, default_value_t = 25)]
        list_every: usize,
    },
    /// Import a classify job's flags (`desc.mismatch`, `route.transshipment`) into the store,
    /// replacing those rules' flags over the trade import of the same records.
    Import {
        /// The store (`chokepoint.db`) that holds the records (`chokepoint trade import`).
        #[arg(long)]
        store: PathBuf,
        /// The classify job's `classified.parquet`.
        #[arg(long)]
        classified: PathBuf,
        /// The trade import the records came in by (the store's newest when not given).
        #[arg(long)]
        import_id: Option<i64>,
    },
    /// Compare two result files, or every result file of two folders, row for row.
    Compare {
        /// First file or folder.
        a: PathBuf,
        /// Second file or folder.
        b: PathBuf,
    },
    /// Benchmark: local session, 1 scheduler + 1 executor, 1 scheduler + 2 executors on
    /// loopback; prints rows/s, parties/s, peak memory per process and digests.
    Bench {
        /// Customs records to generate.
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// Distinct parties to draw the records' senders and receivers from.
        #[arg(long, default_value_t = 100_000)]
        parties: usize,
        /// Working folder (the generated data is reused when present).
        #[arg(long)]
        dir: PathBuf,
        /// Task slots per executor.
        #[arg(long, default_value_t = 2,
              value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        slots: usize,
        /// Also run the blocking job.
        #[arg(long)]
        block: bool,
        /// Runs of every job on every engine (each run is a row of the table; the machines
        /// are shared, so compare the CPU seconds and the spread, not one wall time).
        #[arg(long, default_value_t = 3,
              value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        runs: usize,
        /// HS reference folder; default `$CHOKEPOINT_SHARED_DATA/hs`.
        #[arg(long)]
        hs: Option<PathBuf>,
    },
}

fn hs_dir(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| chokepoint_trade::shared_data_dir().join("hs"))
}

fn config(a: &JobArgs) -> JobConfig {
    JobConfig {
        input: a.input.clone(),
        parties: a.parties.clone(),
        hs_dir: hs_dir(a.hs.clone()),
        lists: a.lists.clone(),
        max_block: a.max_block,
        min_pair_score: a.min_score,
    }
}

async fn run_job(job: Job, a: JobArgs) -> Result<()> {
    let engine = Engine::from_scheduler(a.scheduler.as_deref());
    let start = Instant::now();
    let outs = jobs::run(&engine, job, &config(&a), &a.out)
        .await
        .with_context(|| format!("the {} job failed", job.name()))?;
    for o in outs {
        println!(
            "{}\t{} rows\tdigest {:016x}\t{:.2} s",
            o.path.display(),
            o.rows,
            o.digest,
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn result_files(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for e in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let e = e?;
        let name = e.file_name().to_string_lossy().to_string();
        if name.ends_with(".parquet") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

async fn compare(a: &Path, b: &Path) -> Result<()> {
    let pairs: Vec<(PathBuf, PathBuf)> = if a.is_dir() {
        let (na, nb) = (result_files(a)?, result_files(b)?);
        if na != nb {
            bail!(
                "{} holds {:?} but {} holds {:?}",
                a.display(),
                na,
                b.display(),
                nb
            );
        }
        na.iter().map(|n| (a.join(n), b.join(n))).collect()
    } else {
        vec![(a.to_path_buf(), b.to_path_buf())]
    };
    let mut failed = 0;
    for (x, y) in &pairs {
        match jobs::compare(x, y).await? {
            None => println!("equal: {} = {}", x.display(), y.display()),
            Some(d) => {
                println!("DIFFERENT: {d}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        bail!("{failed} of {} result files differ", pairs.len());
    }
    Ok(())
}

/// CPU seconds (user + system) of a process so far, from `/proc`.
fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses and may hold spaces).
    let Some(rest) = stat.rsplit(')').next() else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

struct Row {
    engine: String,
    run: usize,
    job: &'static str,
    wall: f64,
    cpu: f64,
    units: f64,
    unit: &'static str,
    rss: String,
    digest: String,
}

async fn bench(
    rows: u64,
    parties: usize,
    dir: PathBuf,
    slots: usize,
    block: bool,
    runs: usize,
    hs: Option<PathBuf>,
) -> Result<()> {
    let data = dir.join("data");
    let customs = data.join("customs.parquet");
    if !customs.exists() {
        let t = Instant::now();
        let base = rows.clamp(1, 100_000);
        let g = chokepoint_cluster::generate::generate_wide(7, rows, parties, base, &data, 25)?;
        eprintln!(
            "generated {} rows ({} senders, {} receivers, {} listed names) in {:.1} s",
            g.rows,
            g.senders,
            g.receivers,
            g.listed,
            t.elapsed().as_secs_f64()
        );
    }
    let cfg = JobConfig {
        input: Some(customs.clone()),
        parties: None,
        hs_dir: hs_dir(hs),
        lists: Some(data.join("lists.ftm.json")),
        max_block: 200,
        min_pair_score: 0.75,
    };
    // Distinct parties, for parties/s.
    let ctx = chokepoint_cluster::session::context(&Engine::Local).await?;
    jobs::register_input(&ctx, &customs).await?;
    let count = |sql: &'static str| {
        let ctx = ctx.clone();
        async move {
            let b = ctx.sql(sql).await?.collect().await?;
            let rows = jobs::row_strings(&b)?;
            anyhow::Ok(
                rows.first()
                    .and_then(|r| r.parse::<f64>().ok())
                    .unwrap_or(0.0),
            )
        }
    };
    let n_rows = count("SELECT COUNT(*) FROM customs").await?;
    let n_parties = count(
        r#"SELECT COUNT(*) FROM (SELECT DISTINCT "senderName" FROM customs UNION SELECT DISTINCT "receiverName" FROM customs) p"#,
    )
    .await?;
    println!(
        "input: {n_rows} customs rows, {n_parties} distinct party names ({})",
        customs.display()
    );
    let mut jobs_to_run = vec![Job::Classify, Job::Screen, Job::Aggregate];
    if block {
        jobs_to_run.push(Job::Block);
    }
    let mut table: Vec<Row> = Vec::new();
    let bin = processes::bin_dir();
    for executors in [0usize, 1, 2] {
        let cluster = if executors == 0 {
            None
        } else {
            Some(LocalCluster::start(&bin, executors, slots, 5, 30)?)
        };
        let engine = match &cluster {
            None => Engine::Local,
            Some(c) => Engine::Cluster(c.url.clone()),
        };
        let name = match executors {
            0 => "local".to_string(),
            n => format!("1 scheduler + {n} executor{}", if n > 1 { "s" } else { "" }),
        };
        // This process (the client: plans, collects and writes the results), then the
        // scheduler and the executors.
        let pids: Vec<u32> = std::iter::once(std::process::id())
            .chain(cluster.iter().flat_map(LocalCluster::pids))
            .collect();
        for (run, &job) in (1..=runs).flat_map(|r| jobs_to_run.iter().map(move |j| (r, j))) {
            // Each run's own peak: the processes' high-water marks start again from here.
            for &p in &pids {
                processes::reset_peak_rss(p);
            }
            let cpu0: f64 = pids.iter().map(|&p| cpu_seconds(p)).sum();
            let t = Instant::now();
            let out = jobs::run(&engine, job, &cfg, &dir.join(format!("out-{executors}")))
                .await
                .with_context(|| format!("{} on {name}", job.name()))?;
            let wall = t.elapsed().as_secs_f64();
            let cpu: f64 = pids.iter().map(|&p| cpu_seconds(p)).sum::<f64>() - cpu0;
            let rss = pids
                .iter()
                .map(|&p| processes::peak_rss_mib(p).map_or("?".to_string(), |m| format!("{m:.0}")))
                .collect::<Vec<_>>()
                .join("/");
            let (units, unit) = match job {
                Job::Screen | Job::Block => (n_parties, "parties/s"),
                _ => (n_rows, "rows/s"),
            };
            table.push(Row {
                engine: name.clone(),
                run,
                job: job.name(),
                wall,
                cpu,
                units,
                unit,
                rss,
                digest: out
                    .iter()
                    .map(|o| format!("{:016x}", o.digest))
                    .collect::<Vec<_>>()
                    .join(","),
            });
            // Progress on stderr: a 10 M-row run takes half an hour before the table.
            eprintln!(
                "{name}, run {run}, {}: {wall:.1} s wall, {cpu:.1} s CPU",
                job.name()
            );
        }
        drop(cluster);
    }
    println!(
        "\n| engine | run | job | wall s | CPU s (all processes) | throughput | peak RSS MiB (client / scheduler / executors) | digest |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for r in &table {
        println!(
            "| {} | {} | {} | {:.2} | {:.2} | {:.0} {} | {} | {} |",
            r.engine,
            r.run,
            r.job,
            r.wall,
            r.cpu,
            r.units / r.wall.max(1e-9),
            r.unit,
            r.rss,
            r.digest
        );
    }
    println!(
        "\nclient peak RSS (this process, holds collected results): {} MiB",
        processes::peak_rss_mib(std::process::id()).map_or("?".into(), |m| format!("{m:.0}"))
    );
    Ok(())
}

fn main() -> Result<()> {
    chokepoint_cluster::session::runtime()?.block_on(run())
}

async fn run() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Classify(a) => run_job(Job::Classify, a).await,
        Command::Screen(a) => run_job(Job::Screen, a).await,
        Command::Aggregate(a) => run_job(Job::Aggregate, a).await,
        Command::Block(a) => run_job(Job::Block, a).await,
        Command::Generate {
            seed,
            rows,
            out,
            list_every,
        } => {
            let g = chokepoint_cluster::generate::generate(seed, rows, &out, list_every)?;
            println!(
                "{} ({} rows), {} ({} listed names)",
                g.customs.display(),
                g.rows,
                g.lists.display(),
                g.listed
            );
            Ok(())
        }
        Command::Compare { a, b } => compare(&a, &b).await,
        Command::Import {
            store,
            classified,
            import_id,
        } => {
            let done =
                chokepoint_cluster::import::import_flags(&store, &classified, import_id).await?;
            println!(
                "{}: trade import {}: {} records read, {} flags of {} replaced by {}",
                store.display(),
                done.import_id,
                done.records,
                done.removed,
                chokepoint_cluster::import::RECORD_RULES
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(" and "),
                done.stored
            );
            Ok(())
        }
        Command::Bench {
            rows,
            parties,
            dir,
            slots,
            block,
            runs,
            hs,
        } => bench(rows, parties, dir, slots, block, runs, hs).await,
    }
}
