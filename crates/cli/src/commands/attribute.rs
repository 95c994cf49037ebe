//! `chokepoint attribute`: origin shares of components recovered from weapons, by three
//! definitions side by side, with bootstrap intervals; and the trade routes behind a part.

use anyhow::{bail, Context, Result};
use chokepoint_attribution::import::ReadOptions;
use chokepoint_attribution::teardown::{self, GurFiles, OriginMarks, Roles, ViewOptions};
use chokepoint_attribution::{
    analyze, import, link, load_trade_rows, output, AttributeOptions, Critical, LinkQuery, Period,
    Registry, ShareOptions, TradeIndex, TradeRow,
};
use chokepoint_store::Store;
use chokepoint_trade::RecordFilter;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// Component records (CSV or JSON lines; War&Sanctions-style headers are understood), or
    /// GUR's scraped catalogue `components.csv.gz` as published (recognised by its header; its
    /// weapons file `drones.csv` is found beside it or given with --weapons).
    #[arg(long, required_unless_present = "scenario")]
    components: Option<PathBuf>,
    /// The weapons file of a GUR catalogue (default: drones.csv beside --components).
    #[arg(long, requires = "components")]
    weapons: Option<PathBuf>,
    /// Customs records to join by part number (the shipped-from definition): imported through
    /// the trade crate (classified with `--hs`) into a scratch store and read back from it.
    #[arg(long)]
    trade: Option<PathBuf>,
    /// A scenario folder (from `chokepoint scenario generate`): its components and customs files
    /// (the customs file imported like `--trade`).
    #[arg(long, conflicts_with_all = ["components", "trade"])]
    scenario: Option<PathBuf>,
    /// Join the trade records already imported into the store (`trade import`) instead of a
    /// customs file.
    #[arg(long, conflicts_with = "trade")]
    stored_trade: bool,
    /// With `--stored-trade`: only the records of this import.
    #[arg(long, requires = "stored_trade")]
    import: Option<i64>,
    /// The HS 2022 / CHPL folder the trade import classifies with.
    #[arg(long)]
    hs: Option<PathBuf>,
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

/// The trade rows of a customs file: imported through the trade crate into an in-memory
/// store (the user's store is left alone) and read back with the trade crate's reader.
fn imported_trade_rows(path: &Path, hs: Option<&Path>, lenient: bool) -> Result<Vec<TradeRow>> {
    let classifier = crate::commands::trade::classifier(hs)?;
    let mut conn = rusqlite::Connection::open_in_memory()?;
    chokepoint_trade::migrate(&conn)?;
    let tx = conn.transaction()?;
    let summary = chokepoint_trade::import_file(
        &tx,
        path,
        &classifier,
        &chokepoint_trade::ReadOptions {
            lenient,
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .with_context(|| format!("importing {}", path.display()))?;
    tx.commit()?;
    Ok(load_trade_rows(
        &conn,
        &RecordFilter::import(summary.import_id),
    )?)
}

/// The trade rows of the store's imported records (one import, or all).
fn stored_trade_rows(db: &Path, import: Option<i64>) -> Result<Vec<TradeRow>> {
    let store = Store::open(db)?;
    chokepoint_trade::migrate(store.connection())?;
    Ok(load_trade_rows(
        store.connection(),
        &RecordFilter { import_id: import },
    )?)
}

/// Runs `attribute`; `db` is the store read with `--stored-trade`.
pub fn run(db: &Path, args: AttributeArgs) -> Result<()> {
    let registry = match (&args.registry, &args.prefixes) {
        (None, None) => Registry::builtin()?,
        (r, p) => Registry::load(r.as_deref(), p.as_deref())?,
    };
    if let Some(path) = &args.components {
        if args.weapons.is_some() || teardown::is_gur_layout(path)? {
            return run_gur(db, &args, path, &registry);
        }
    }
    let opts = ReadOptions {
        lenient: args.lenient,
        format: None,
    };
    let stored = || stored_trade_rows(db, args.import);
    let (records, trade_rows) = if let Some(dir) = &args.scenario {
        let trade = if args.stored_trade {
            stored()?
        } else {
            imported_trade_rows(
                &dir.join(chokepoint_scenario::CUSTOMS_FILE),
                args.hs.as_deref(),
                args.lenient,
            )?
        };
        let s = chokepoint_eval::attribution::read_trade_scenario(dir, args.lenient, trade)?;
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
            Some(t) => imported_trade_rows(t, args.hs.as_deref(), args.lenient)?,
            None if args.stored_trade => stored()?,
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

/// `attribute` on GUR's catalogue: shares by weapon family and weapon under the three
/// definitions, the headquarters cross-check, and the seed's claim beside them.
fn run_gur(db: &Path, args: &AttributeArgs, path: &Path, registry: &Registry) -> Result<()> {
    if args.link_part.is_some() || args.link_maker.is_some() {
        bail!("--link-part and --link-maker look up trade routes; they need --trade or --stored-trade with a component file in the generic layout, not GUR's catalogue");
    }
    if args.critical || !args.types.is_empty() || args.period != PeriodArg::All || args.all_families
    {
        bail!("GUR's catalogue gives no component types or recovery dates: --critical, --types, --period and --all-families do not apply to it");
    }
    let files = GurFiles::locate(path, args.weapons.as_deref())?;
    let cat = teardown::read_gur(&files, args.lenient)?;
    let trade_rows = match &args.trade {
        Some(t) => imported_trade_rows(t, args.hs.as_deref(), args.lenient)?,
        None if args.stored_trade => stored_trade_rows(db, args.import)?,
        None => Vec::new(),
    };
    eprintln!(
        "read {} rows of {} ({} duplicate rows removed) and {} weapons of {}",
        cat.rows_read,
        files.components.display(),
        cat.duplicates.rows_removed,
        cat.weapons.len(),
        files.weapons.display()
    );
    let report = teardown::analyze(
        &cat,
        registry,
        &OriginMarks::builtin()?,
        &Roles::builtin()?,
        &trade_rows,
        &ViewOptions {
            replicates: args.replicates,
            seed: args.seed,
            ..ViewOptions::default()
        },
    );
    let mut out: Box<dyn Write> = crate::output::writer(args.out.as_deref())?;
    match args.format {
        AttrFormat::Table => write!(out, "{}", teardown::output::text(&report))?,
        AttrFormat::Csv => teardown::output::write_csv(&report, &mut out)?,
        AttrFormat::Json => teardown::output::write_json(&report, &mut out)?,
    }
    out.flush()?;
    if let Some(p) = &args.components_out {
        let f =
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?;
        teardown::output::write_items_csv(&report.items, std::io::BufWriter::new(f))?;
    }
    Ok(())
}
