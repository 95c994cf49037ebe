//! `chokepoint trade surges`: re-export surges in real mirror trade — Eurostat's monthly EU
//! exports by CN8 code, imported into the store (with `--file`) and ranked by the rise to
//! Russia's neighbours after the February 2022 controls that the partner's own history and its
//! other goods do not explain.

use crate::commands::trade::classifier;
use anyhow::Result;
use chokepoint_pipeline::reexport::{analyse_surges, import_surges_file};
use chokepoint_reexport::{Level, SurgeOptions, SurgeTable};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats of `trade surges`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SurgeFormat {
    /// A readable table.
    Table,
    /// JSON: the analysis with the top rows, each with its monthly series and evidence rows.
    Json,
}

/// Ranked codes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// CHPL six-digit codes, their CN8 children summed.
    Hs6,
    /// Each CN8 child on its own.
    Cn8,
}

/// Options of `trade surges`.
#[derive(Args)]
pub struct SurgesArgs {
    /// Eurostat's CN8 export file (CSV, optionally gzipped) to import first, replacing an
    /// earlier import; without it the store's import is analysed.
    #[arg(long)]
    file: Option<PathBuf>,
    /// How many ranked rows to show.
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SurgeFormat::Table)]
    format: SurgeFormat,
    /// Rank CHPL six-digit codes or their CN8 children.
    #[arg(long, value_enum, default_value_t = LevelArg::Hs6)]
    level: LevelArg,
    /// How many of the top rows print their largest after-window evidence rows (table format).
    #[arg(long, default_value_t = 3)]
    evidence: usize,
    /// The HS 2022 / CHPL folder.
    #[arg(long)]
    hs: Option<PathBuf>,
}

fn eur(v: f64) -> String {
    chokepoint_report::eur(v)
}

/// Runs `trade surges` against the store at `db`.
pub fn run(db: &Path, args: SurgesArgs) -> Result<()> {
    let classifier = classifier(args.hs.as_deref())?;
    let mut store = chokepoint_pipeline::open_store(db)?;
    let json = args.format == SurgeFormat::Json;
    if let Some(file) = &args.file {
        let s = import_surges_file(&mut store, file)?;
        let mut err = std::io::stderr().lock();
        writeln!(
            err,
            "imported {}: {} rows read, {} imported ({} HS4 heading rows), {} not usable; {} values, {} `:` cells; unpublished months: {}",
            file.display(),
            s.stats.rows_read,
            s.stats.rows_usable,
            s.stats.heading_rows,
            s.stats.unusable.len(),
            s.stats.cells_value,
            s.stats.cells_not_available,
            if s.stats.unpublished_months.is_empty() {
                "none".to_string()
            } else {
                s.stats.unpublished_months.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ")
            }
        )?;
        for u in s.stats.unusable.iter().take(10) {
            writeln!(err, "  not usable: line {}: {}", u.line, u.reason)?;
        }
        if let Some(old) = s.replaced {
            writeln!(err, "  (replaced the earlier import #{old})")?;
        }
    }
    let opts = SurgeOptions {
        level: match args.level {
            LevelArg::Hs6 => Level::Hs6,
            LevelArg::Cn8 => Level::Cn8,
        },
        ..SurgeOptions::default()
    };
    let mut table = analyse_surges(&store, &classifier, &opts)?;
    table.rows.truncate(args.top);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &table)?;
        writeln!(out)?;
    } else {
        print_table(&mut out, &table, args.evidence)?;
    }
    out.flush()?;
    Ok(())
}

fn print_table(out: &mut impl Write, t: &SurgeTable, evidence: usize) -> Result<()> {
    writeln!(
        out,
        "Re-export surges (REAL DATA: {}): EU exports in EUR, controls {}, baseline {}..{}, after {}..{} (transition {} not used)",
        t.source,
        t.control,
        t.baseline.0,
        t.baseline.1,
        t.after.0,
        t.after.1,
        t.transition.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ")
    )?;
    write!(out, "partner growth in non-CHPL goods (G):")?;
    for g in &t.partner_growth {
        write!(out, " {} ×{:.2}", g.partner, g.growth)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:>3}  {:<8} {:<4} {:<3} {:>10} {:>10} {:>10} {:>12} {:>5} {:>6} {:>12} {:>6}",
        "#",
        "code",
        "tier",
        "to",
        "before",
        "after",
        "expected",
        "unexplained",
        "up",
        "z",
        "RU drop",
        "rows"
    )?;
    for r in &t.rows {
        let ru = r.drops.first();
        writeln!(
            out,
            "{:>3}  {:<8} {:<4} {:<3} {:>10} {:>10} {:>10} {:>12} {:>5} {:>6.1} {:>12} {:>6}",
            r.rank,
            r.code,
            r.tier.as_str(),
            r.partner,
            eur(r.sums.baseline),
            eur(r.sums.after),
            eur(r.expected_eur),
            eur(r.unexplained_eur),
            format!("{}/{}", r.months_above, r.after_months),
            r.robust_z,
            ru.map_or("–".into(), |d| eur(d.drop_eur)),
            r.evidence.len()
        )?;
    }
    for r in t.rows.iter().take(evidence) {
        let mut after: Vec<_> = r
            .evidence
            .iter()
            .filter(|e| e.month >= t.after.0 && e.month <= t.after.1)
            .collect();
        after.sort_by_key(|e| std::cmp::Reverse(e.value_eur));
        writeln!(
            out,
            "evidence #{} {} → {}: {} monthly rows in all; the largest after the controls (reporter, partner, CN8, month, EUR, line):",
            r.rank,
            r.code,
            r.partner,
            r.evidence.len()
        )?;
        for e in after.iter().take(5) {
            writeln!(
                out,
                "    {} {} {} {} {} (line {})",
                e.reporter, e.partner, e.cn8, e.month, e.value_eur, e.line
            )?;
        }
    }
    if !t.excluded.no_baseline.is_empty() {
        writeln!(
            out,
            "not compared (no baseline value; new in HS 2022): {}",
            t.excluded.no_baseline.join(", ")
        )?;
    }
    writeln!(
        out,
        "{} HS4 heading rows never added to their CN8 codes; {} CN8 codes unknown to HS 2022 left out of the basket; {} rows of the file not usable",
        t.excluded.heading_rows,
        t.excluded.unknown_codes.len(),
        t.rows_unusable
    )?;
    writeln!(out, "caveats:")?;
    for c in &t.caveats {
        writeln!(out, "  - {c}")?;
    }
    writeln!(
        out,
        "method: docs/reexport-surges.md (--format json gives every row's months and evidence)"
    )?;
    Ok(())
}
