//! `chokepoint trade …` and `chokepoint scenario generate`: customs records in, goods
//! classified against HS 2022 and the CHPL, deceptive descriptions and substitutions flagged.

use crate::progress;
use anyhow::{Context, Result};
use chokepoint_eval::trade as eval;
use chokepoint_scenario::{self as scenario, ScenarioOptions};
use chokepoint_trade::{
    Classifier, ColumnMapping, DetectOptions, ReadOptions, RecordFilter, Sources,
};
use clap::Subcommand;
use std::path::{Path, PathBuf};

/// The HS 2022 / CHPL folder: `--hs`, else $CHOKEPOINT_SHARED_DATA/hs, else ../shared/data/hs.
pub fn hs_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    match std::env::var_os("CHOKEPOINT_SHARED_DATA") {
        Some(d) => PathBuf::from(d).join("hs"),
        None => PathBuf::from("../shared/data/hs"),
    }
}

/// Loads the classifier from the real HS and CHPL files, with a helpful error.
pub fn classifier(hs: Option<&Path>) -> Result<Classifier> {
    let dir = hs_dir(hs);
    Classifier::load(&dir).with_context(|| {
        format!(
            "cannot load HS 2022 and CHPL from {} (pass --hs DIR or set CHOKEPOINT_SHARED_DATA)",
            dir.display()
        )
    })
}

/// The `trade` subcommands.
#[derive(Subcommand)]
pub enum TradeCommand {
    /// Import customs records (CSV, JSON lines or Parquet; Russian, English and Chinese headers
    /// map out of the box), classify every record, all in one transaction. Reports every
    /// column it did not map and every field the file lacks, with the analyses that switches
    /// off; an INN that lost its leading zero is restored, an invalid one kept with a warning.
    #[command(after_help = mapping_help())]
    Import {
        /// The file.
        path: PathBuf,
        /// A column-mapping file for dumps whose headers differ (format below).
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Skip malformed rows (counted; the first ten shown with file, line, field and
        /// reason) instead of failing. A file cut mid-record still stops the import.
        #[arg(long)]
        lenient: bool,
        /// Text encoding of the file (e.g. windows-1251); UTF-8 by default.
        #[arg(long)]
        encoding: Option<String>,
        /// The HS 2022 / CHPL folder.
        #[arg(long)]
        hs: Option<PathBuf>,
    },
    /// Show how each header of a file would map (field, currency and scale, or "not mapped"
    /// and why) and which fields it lacks, without importing. CSV, JSON lines and Parquet.
    #[command(after_help = mapping_help())]
    Columns {
        /// The file.
        path: PathBuf,
        /// A column-mapping file to try (format below).
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Text encoding of the file (e.g. windows-1251); UTF-8 by default.
        #[arg(long)]
        encoding: Option<String>,
    },
    /// Classify HS / TN VED codes: chapter, heading, CHPL tier, category.
    Classify {
        /// Codes, 6 to 10 digits, dots allowed.
        #[arg(required = true)]
        codes: Vec<String>,
        /// The HS 2022 / CHPL folder.
        #[arg(long)]
        hs: Option<PathBuf>,
    },
    /// Run the detectors over imported records and store the flags.
    Flags {
        /// Only this import (default: all records).
        #[arg(long)]
        import: Option<i64>,
        /// Mirror exports CSV (reporter, partner, hs6, year, exportValueUsd).
        #[arg(long)]
        mirror: Option<PathBuf>,
        /// How many flags to print.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// The HS 2022 / CHPL folder.
        #[arg(long)]
        hs: Option<PathBuf>,
    },
    /// Re-export surges in real mirror trade: Eurostat's monthly EU exports by CN8 code (import
    /// it with --file), CHPL codes ranked by the rise to Russia's neighbours after the 2022
    /// controls that the partner's history and its other goods do not explain.
    Surges(crate::commands::surges::SurgesArgs),
    /// Score every detector against a generated scenario's truth (detectors never read it).
    Eval {
        /// The scenario folder.
        dir: PathBuf,
        /// The HS 2022 / CHPL folder.
        #[arg(long)]
        hs: Option<PathBuf>,
    },
}

/// The mapping format, shown under `trade import --help` and `trade columns --help` (the
/// README's "Column mapping" section says the same); the field list is the record's own.
fn mapping_help() -> String {
    let fields: Vec<&str> = chokepoint_trade::Field::ALL
        .iter()
        .map(|f| f.as_str())
        .collect();
    format!(
        "\
Mapping file (--mapping): CSV with a header row, `#` comment lines, one synonym a row:
  field,header,unit,rank
  invoiceAmount,Сумма по инвойсу,,
  invoiceAmount,Стоимость по ведомости,тыс. руб.,1
  receiverInn,ИНН покупателя,,
`field` is a record field ({}); `header` is matched ignoring case, Ё/Е, spaces and
punctuation. `unit` (optional) is what the column is in when its header does not say: a
currency (USD, EUR, RUB, CNY, руб., долл. США), a scale (тыс., млн), a weight (т, kg, g).
`rank` (optional, default 0): when several columns feed one field the lowest rank wins (then
one in USD, then the first). Headers naming their unit map without a row of their own:
«Фактурная стоимость, USD» → invoiceAmount in USD, «Вес нетто, т» → netWeight ×1000; box
references («Графа 46», «гр. 38») are understood. Your rows are read on top of the built-in
synonyms (crates/trade/rules/columns.csv) and win. Check a file first with
`chokepoint trade columns FILE [--mapping M]`.",
        fields.join(", ")
    )
}

/// The `scenario` subcommands.
#[derive(Subcommand)]
pub enum ScenarioCommand {
    /// Write a synthetic scenario with ground truth: customs records 2021–2025, a company
    /// registry, recovered components, mirror exports, and the truth in separate files.
    Generate {
        /// Seed (the same seed gives the same files).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Customs rows.
        #[arg(long, default_value_t = 100_000)]
        rows: u64,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// A real list (OFAC sdn.csv) to take defence end-user names from.
        #[arg(long)]
        defence_list: Option<PathBuf>,
        /// Write Russian column headers, as a Russian customs dump has.
        #[arg(long)]
        russian_headers: bool,
        /// Also write the customs records as `customs.parquet` beside `customs.csv` (typed
        /// columns, snappy; needs a build with `--features parquet`).
        #[arg(long)]
        parquet: bool,
    },
}

/// The Parquet copy of a scenario's customs file (`scenario generate --parquet`).
#[cfg(feature = "parquet")]
pub const PARQUET_CUSTOMS_FILE: &str = "customs.parquet";

/// Streams a scenario's customs CSV into a Parquet file; returns the rows written.
#[cfg(feature = "parquet")]
fn write_customs_parquet(csv: &Path, parquet: &Path) -> Result<u64> {
    use chokepoint_trade::parquet_io::{ParquetWriter, WriteOptions};
    let mut writer = ParquetWriter::create(parquet, &WriteOptions::default())?;
    chokepoint_trade::for_each_record(csv, &ReadOptions::default(), &mut |_, _| {}, &mut |r| {
        writer.write(r)
    })?;
    Ok(writer.finish()?)
}

/// Runs a `scenario` subcommand.
pub fn run_scenario(command: ScenarioCommand) -> Result<()> {
    match command {
        ScenarioCommand::Generate {
            seed,
            rows,
            out,
            defence_list,
            russian_headers,
            parquet,
        } => {
            #[cfg(not(feature = "parquet"))]
            if parquet {
                anyhow::bail!("--parquet: {}", chokepoint_trade::import::PARQUET_NOT_BUILT);
            }
            let pb = progress::counter("generating");
            let summary = scenario::generate(
                seed,
                rows,
                &out,
                &ScenarioOptions {
                    defence_list,
                    defence_names: None,
                    russian_headers,
                },
            )?;
            pb.finish_and_clear();
            #[cfg(feature = "parquet")]
            if parquet {
                let pq = out.join(PARQUET_CUSTOMS_FILE);
                let rows = write_customs_parquet(&out.join(scenario::CUSTOMS_FILE), &pq)?;
                outln!("  {rows} customs rows also written to {}", pq.display());
            }
            outln!(
                "SYNTHETIC scenario (seed {seed}) written to {}",
                out.display()
            );
            outln!(
                "  {} customs rows, {} companies, {} recovered components",
                summary.rows,
                summary.companies,
                summary.components
            );
            for (k, v) in &summary.schemes {
                outln!("  planted {k}: {v}");
            }
            for f in &summary.files {
                outln!("  {}", f.display());
            }
            Ok(())
        }
    }
}

/// Prints what an import did not use or remarked on: unmapped columns with why, missing
/// fields with the analyses they disable, rows without a USD value, warnings, and the first
/// skipped rows. Nothing is left out silently.
fn print_read_report(stats: &chokepoint_trade::ReadStats) -> Result<()> {
    for u in &stats.unmapped {
        outln!("  column «{}» not mapped: {}", u.header, u.reason);
    }
    for m in &stats.missing_fields {
        outln!("  no {} column: {}", m.fields.join(" or "), m.disables);
    }
    if stats.rows_without_usd_value > 0 {
        outln!(
            "  {} records have a value in another currency and none in USD: unit-value checks skip them",
            stats.rows_without_usd_value
        );
    }
    if stats.rows_with_warnings > 0 {
        let per: Vec<String> = stats
            .warnings_per_field
            .iter()
            .map(|(f, n)| format!("{f} {n}"))
            .collect();
        outln!(
            "  {} records kept with warnings ({}; all in table trade_warnings), the first:",
            stats.rows_with_warnings,
            per.join(", ")
        );
        for w in &stats.warnings {
            outln!("    {} {}: {}", w.record, w.field, w.message);
        }
    }
    if stats.rows_skipped > 0 {
        outln!(
            "  {} rows skipped (--lenient), the first {}:",
            stats.rows_skipped,
            stats.skipped_rows.len()
        );
        for r in &stats.skipped_rows {
            outln!("    {}:{}:{}: {}", r.file, r.line, r.field, r.reason);
        }
    }
    Ok(())
}

/// Runs a `trade` subcommand against the store at `db`.
pub fn run(db: &Path, command: TradeCommand) -> Result<()> {
    match command {
        TradeCommand::Surges(args) => crate::commands::surges::run(db, args),
        TradeCommand::Import {
            path,
            mapping,
            lenient,
            encoding,
            hs,
        } => {
            let classifier = classifier(hs.as_deref())?;
            let mapping = match mapping {
                Some(m) => ColumnMapping::with_file(&m)?,
                None => ColumnMapping::builtin(),
            };
            let opts = ReadOptions {
                mapping,
                lenient,
                encoding,
                ..ReadOptions::default()
            };
            let mut store = chokepoint_pipeline::open_store(db)?;
            let imported = chokepoint_pipeline::import_trade(
                &mut store,
                &path,
                &classifier,
                &opts,
                &crate::progress::Bars::default(),
            )?;
            if imported.bulk {
                outln!("  (bulk mode: the store was locked for other processes during the import)");
            }
            let summary = imported.summary;
            let secs = imported.seconds;
            let rows = summary.stats.rows_ok;
            outln!(
                "imported {rows} records from {} in {secs:.1} s ({:.0} rows/s){}; import {}",
                path.display(),
                rows as f64 / secs.max(1e-9),
                if summary.synthetic {
                    " — SYNTHETIC data"
                } else {
                    ""
                },
                summary.import_id
            );
            outln!(
                "  {} skipped, {} with unknown codes (stored unclassified), {} on the CHPL",
                summary.stats.rows_skipped,
                summary.unknown_codes,
                summary.chpl_records
            );
            for (cat, n) in &summary.per_category {
                outln!("  {cat:<28} {n}");
            }
            print_read_report(&summary.stats)
        }
        TradeCommand::Columns {
            path,
            mapping,
            encoding,
        } => {
            let mapping = match mapping {
                Some(m) => ColumnMapping::with_file(&m)?,
                None => ColumnMapping::builtin(),
            };
            let opts = ReadOptions {
                mapping,
                encoding,
                ..ReadOptions::default()
            };
            let report = chokepoint_trade::explain_columns(&path, &opts)?;
            let width = report
                .columns
                .iter()
                .map(|c| c.header.chars().count())
                .max()
                .unwrap_or(0)
                .min(48);
            outln!("{}: {} columns", path.display(), report.columns.len());
            for c in &report.columns {
                let target = match &c.field {
                    Some(f) => {
                        let mut t = f.clone();
                        if let Some(cur) = &c.currency {
                            t.push_str(&format!(" (currency {cur})"));
                        }
                        if c.scale != 1.0 {
                            t.push_str(&format!(" ×{}", c.scale));
                        }
                        t
                    }
                    None => format!("not mapped: {}", c.note),
                };
                outln!("  {:<width$}  → {target}", c.header);
            }
            for m in &report.missing {
                outln!("  missing {}: {}", m.fields.join(" or "), m.disables);
            }
            if !report.importable {
                outln!("  this file cannot be imported as is: no column maps to date or vedCode (add a --mapping row)");
            }
            Ok(())
        }
        TradeCommand::Classify { codes, hs } => {
            let classifier = classifier(hs.as_deref())?;
            for code in codes {
                match classifier.classify(&code) {
                    Ok(c) => outln!(
                        "{code}: HS {:06} (chapter {:02}, heading {:04}) {} — CHPL {} — {}{}",
                        c.hs6,
                        c.chapter,
                        c.heading,
                        c.category,
                        c.chpl.map(|t| t.to_string()).unwrap_or_else(|| "no".into()),
                        classifier.description(c.hs6).unwrap_or(""),
                        if c.remapped {
                            format!(" (pre-2022 {:06})", c.declared_hs6)
                        } else {
                            String::new()
                        }
                    ),
                    Err(e) => outln!("{code}: {e}"),
                }
            }
            Ok(())
        }
        TradeCommand::Flags {
            import,
            mirror,
            top,
            hs,
        } => {
            let classifier = classifier(hs.as_deref())?;
            let mut store = chokepoint_pipeline::open_store(db)?;
            let filter = match import {
                Some(id) => RecordFilter::import(id),
                None => RecordFilter::all(),
            };
            let (records, flags) = chokepoint_pipeline::detect_trade(
                &mut store,
                &filter,
                &classifier,
                &Sources {
                    mirror_exports: mirror,
                },
                &DetectOptions::default(),
            )?;
            let synthetic = records.iter().any(|r| r.record.synthetic);
            outln!(
                "{} flags over {} records{}",
                flags.len(),
                records.len(),
                if synthetic { " (SYNTHETIC data)" } else { "" }
            );
            let mut sorted: Vec<_> = flags.iter().collect();
            sorted.sort_by(|a, b| b.score.total_cmp(&a.score));
            for f in sorted.into_iter().take(top) {
                outln!(
                    "{:.2} {:<20} {} — {}",
                    f.score,
                    f.rule,
                    f.subject,
                    f.explanation
                );
            }
            Ok(())
        }
        TradeCommand::Eval { dir, hs } => {
            let classifier = classifier(hs.as_deref())?;
            let report = eval::evaluate(&dir, &classifier)?;
            outln!("{report}");
            Ok(())
        }
    }
}
