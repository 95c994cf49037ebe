//! The real-data stage "re-export surges in real mirror trade": Eurostat's CN8 export file
//! imported into the store (one transaction), analysed over the store by `chokepoint-reexport`,
//! and turned into the report's [`RealSurgesView`].

use crate::error::Result;
use chokepoint_reexport::{self as reexport, ImportSummary, SurgeOptions, SurgeTable};
use chokepoint_report::{RealSurgeRow, RealSurgesView, SurgeEvidence, SurgeMonth};
use chokepoint_store::Store;
use chokepoint_trade::Classifier;
use std::path::Path;

/// What [`real_surges`] did and found.
#[derive(Debug, Clone)]
pub struct RealSurges {
    /// The import of the file (rows read, imported, not usable).
    pub import: ImportSummary,
    /// The full analysis (every ranked row with its evidence).
    pub table: SurgeTable,
    /// The report's view of its top rows.
    pub view: RealSurgesView,
}

/// Imports Eurostat's CN8 export file into the store, replacing an earlier import of it; a
/// failed import leaves the store as it was.
pub fn import_surges_file(store: &mut Store, file: &Path) -> Result<ImportSummary> {
    Ok(reexport::import_file(store.connection_mut(), file)?)
}

/// Analyses the Eurostat import the store holds (classifying codes with trade's HS 2022 / CHPL
/// tables).
pub fn analyse_surges(
    store: &Store,
    classifier: &Classifier,
    opts: &SurgeOptions,
) -> Result<SurgeTable> {
    let stored = reexport::load(store.connection())?;
    Ok(reexport::analyse(&stored, classifier, opts)?)
}

/// Given the shared data folder: imports its Eurostat file
/// ([`chokepoint_reexport::SHARED_FILE`]), analyses it with the default method over the HS
/// 2022 / CHPL tables of its `hs` folder, and returns the report's view of the `top` rows
/// (with their monthly series and evidence). The demo calls this for its real-data part.
pub fn real_surges(store: &mut Store, shared: &Path, top: usize) -> Result<RealSurges> {
    let classifier = Classifier::load(&shared.join("hs"))?;
    let import = import_surges_file(store, &shared.join(reexport::SHARED_FILE))?;
    let table = analyse_surges(store, &classifier, &SurgeOptions::default())?;
    let view = view(&table, top);
    Ok(RealSurges {
        import,
        table,
        view,
    })
}

/// The method in one paragraph, as the report prints it.
pub const METHOD: &str = "For each CHPL code (its CN8 children summed) and partner, EU exports summed over the 27 reporters are compared over the same calendar months before and after the controls. Expected after-window value = the partner's baseline level for the code (the larger of the baseline years' mean and the last baseline year: trend and seasonality) × the partner's growth in the file's non-CHPL goods. The largest after month is cut to the second largest (one lumpy shipment cannot rank a row). The unexplained rise is what exceeds the expected value by more than ordinary year-to-year variation: the 2-scale ceiling of the same statistic computed for 2021 against 2020 (median and 1.4826 × MAD over every code and partner). z is that placebo-based robust z. See docs/reexport-surges.md.";

/// The report's view of an analysis: its `top` rows, the windows, the caveats.
pub fn view(t: &SurgeTable, top: usize) -> RealSurgesView {
    let months = |v: &[reexport::Month]| match (v.first(), v.last()) {
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => "none".to_string(),
    };
    let mut excluded = Vec::new();
    if !t.excluded.no_baseline.is_empty() {
        excluded.push(format!(
            "Not compared (no value in any baseline month: new in HS 2022 without a predecessor in the file): {}.",
            t.excluded.no_baseline.join(", ")
        ));
    }
    if t.excluded.heading_rows > 0 {
        excluded.push(format!(
            "{} rows of HS4 headings are aggregates of CN8 codes and are never added to them.",
            t.excluded.heading_rows
        ));
    }
    if !t.excluded.unknown_codes.is_empty() || !t.excluded.split_codes.is_empty() {
        excluded.push(format!(
            "{} CN8 codes unknown to HS 2022 and its concordance and {} whose pre-2022 subheading split are left out of the control basket.",
            t.excluded.unknown_codes.len(),
            t.excluded.split_codes.len()
        ));
    }
    RealSurgesView {
        source: Path::new(&t.source)
            .file_name()
            .map_or(t.source.clone(), |f| f.to_string_lossy().into_owned()),
        rows_read: t.rows_read,
        rows_imported: t.rows_imported,
        rows_unusable: t.rows_unusable,
        control: t.control.clone(),
        baseline: format!("{} .. {}", t.baseline.0, t.baseline.1),
        transition: months(&t.transition),
        after: format!("{} .. {}", t.after.0, t.after.1),
        method: METHOD.to_string(),
        caveats: t.caveats.clone(),
        partner_growth: t
            .partner_growth
            .iter()
            .map(|g| (g.partner.clone(), g.growth))
            .collect(),
        excluded,
        rows: t
            .rows
            .iter()
            .take(top)
            .map(|r| {
                let ru = r.drops.first();
                RealSurgeRow {
                    rank: r.rank,
                    code: r.code.clone(),
                    tier: r.tier.to_string(),
                    label: r.label.clone(),
                    partner: r.partner.clone(),
                    partner_name: r.partner_name.clone(),
                    baseline_eur: r.sums.baseline,
                    after_eur: r.sums.after,
                    expected_eur: r.expected_eur,
                    unexplained_eur: r.unexplained_eur,
                    months_above: r.months_above,
                    after_months: r.after_months,
                    robust_z: r.robust_z,
                    russia_drop_eur: ru.map(|d| d.drop_eur),
                    russia_drop_share: ru.and_then(|d| d.drop_share),
                    monthly: r
                        .monthly
                        .iter()
                        .filter(|p| p.phase != "outside")
                        .map(|p| SurgeMonth {
                            month: p.month.to_string(),
                            eur: p.eur,
                            phase: p.phase.to_string(),
                        })
                        .collect(),
                    evidence: r
                        .evidence
                        .iter()
                        .map(|e| SurgeEvidence {
                            reporter: e.reporter.clone(),
                            partner: e.partner.clone(),
                            cn8: e.cn8.clone(),
                            month: e.month.to_string(),
                            value_eur: e.value_eur,
                            line: e.line,
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}
