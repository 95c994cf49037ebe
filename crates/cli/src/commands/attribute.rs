//! `chokepoint attribute`: origin shares of components recovered from weapons, by three
//! definitions side by side, with bootstrap intervals; and the trade routes behind a part.

use anyhow::{bail, Context, Result};
use chokepoint_attribution::import::ReadOptions;
use chokepoint_attribution::{
    analyze, import, link, output, scenario, trade, AttributeOptions, Critical, LinkQuery, Period,
    Registry, ShareOptions, TradeIndex,
};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// Output formats of `attribute`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AttrFormat {
    /// A readable table.
    Table,
    /// CSV.
    Csv,
    /// JSON.
    Json,
}

/// Time grouping.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    /// One period.
    All,
    /// By year of recovery.
    Year,
    /// By quarter of recovery.
    Quarter,
}

/// Options of `attribute`.
#[derive(Args)]
pub struct AttributeArgs {
    /// Component records (CSV or JSON lines; War&Sanctions-style headers are understood).
    #[arg(long, required_unless_present = "scenario")]
    components: Option<PathBuf>,
    /// Customs records to join by part number (the shipped-from definition).
    #[arg(long)]
    trade: Option<PathBuf>,
    /// A scenario folder (from `chokepoint scenario generate`): its components and customs files.
    #[arg(long, conflicts_with_all = ["components", "trade"])]
    scenario: Option<PathBuf>,
    /// Manufacturer registry CSV replacing the built-in one.
    #[arg(long)]
    registry: Option<PathBuf>,
    /// Part-number prefix rules CSV replacing the built-in ones.
    #[arg(long)]
    prefixes: Option<PathBuf>,
    /// Only critical components: CHPL tier 1–2 types.
    #[arg(long)]
    critical: bool,
    /// Only these component types (comma-separated), instead of --critical.
    #[arg(long, value_delimiter = ',', conflicts_with = "critical")]
    types: Vec<String>,
    /// Group by recovery period.
    #[arg(long, value_enum, default_value_t = PeriodArg::All)]
    period: PeriodArg,
    /// One table over all weapons instead of per weapon family.
    #[arg(long)]
    all_families: bool,
    /// Bootstrap replicates.
    #[arg(long, default_value_t = 2000)]
    replicates: usize,
    /// Bootstrap seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Instead of shares: the intermediaries and routes that shipped this part number to Russia.
    #[arg(long)]
    link_part: Option<String>,
    /// Instead of shares: the intermediaries and routes that shipped this maker's parts.
    #[arg(long, conflicts_with = "link_part")]
    link_maker: Option<String>,
    /// Skip malformed rows (counted) instead of failing.
    #[arg(long)]
    lenient: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AttrFormat::Table)]
    format: AttrFormat,
    /// Write per-component attributions (CSV) here too.
    #[arg(long)]
    components_out: Option<PathBuf>,
    /// Output file (standard output when absent).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs `attribute`.
pub fn run(args: AttributeArgs) -> Result<()> {
    let registry = match (&args.registry, &args.prefixes) {
        (None, None) => Registry::builtin()?,
        (r, p) => Registry::load(r.as_deref(), p.as_deref())?,
    };
    let opts = ReadOptions {
        lenient: args.lenient,
        format: None,
    };
    let (records, trade_rows) = if let Some(dir) = &args.scenario {
        let s = scenario::read_trade_scenario(dir, args.lenient)?;
        eprintln!(
            "read {} components and {} customs rows from {} (synthetic scenario)",
            s.records.len(),
            s.trade.len(),
            dir.display()
        );
        (s.records, s.trade)
    } else {
        let Some(path) = &args.components else {
            bail!("give --components FILE or --scenario DIR")
        };
        let (records, stats) = import::read_components(path, &opts)
            .with_context(|| format!("reading {}", path.display()))?;
        eprintln!(
            "read {} components from {} ({:?})",
            records.len(),
            path.display(),
            stats
        );
        let trade_rows = match &args.trade {
            Some(t) => {
                trade::read_trade_rows(t, &opts)
                    .with_context(|| format!("reading {}", t.display()))?
                    .0
            }
            None => Vec::new(),
        };
        (records, trade_rows)
    };
    let mut out: Box<dyn Write> = crate::output::writer(args.out.as_deref())?;
    if args.link_part.is_some() || args.link_maker.is_some() {
        let index = TradeIndex::new(&trade_rows, &registry);
        let query = match (&args.link_part, &args.link_maker) {
            (Some(p), _) => LinkQuery::PartNumber(p.clone()),
            (_, Some(m)) => LinkQuery::Manufacturer(m.clone()),
            _ => unreachable!("checked above"),
        };
        let report = link(&query, &index, &registry);
        match args.format {
            AttrFormat::Table => write!(out, "{}", output::link_table(&report))?,
            AttrFormat::Csv => output::write_link_csv(&report, &mut out)?,
            AttrFormat::Json => output::write_link_json(&report, &mut out)?,
        }
        out.flush()?;
        return Ok(());
    }
    let share_opts = ShareOptions {
        by_family: !args.all_families,
        period: match args.period {
            PeriodArg::All => Period::All,
            PeriodArg::Year => Period::Year,
            PeriodArg::Quarter => Period::Quarter,
        },
        critical: if args.critical {
            Critical::ChplTier12
        } else if !args.types.is_empty() {
            Critical::Types(args.types.clone())
        } else {
            Critical::All
        },
        replicates: args.replicates,
        seed: args.seed,
        ..ShareOptions::default()
    };
    let (attributed, report) = analyze(
        &records,
        &trade_rows,
        &registry,
        &AttributeOptions::default(),
        &share_opts,
    );
    match args.format {
        AttrFormat::Table => write!(out, "{}", output::shares_table(&report))?,
        AttrFormat::Csv => output::write_shares_csv(&report, &mut out)?,
        AttrFormat::Json => output::write_shares_json(&report, &mut out)?,
    }
    out.flush()?;
    if let Some(p) = &args.components_out {
        let f =
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?;
        output::write_components_csv(&attributed, std::io::BufWriter::new(f))?;
    }
    Ok(())
}
