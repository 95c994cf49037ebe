//! Reading a scenario folder written by the trade crate's generator (`chokepoint scenario
//! generate`): `components.csv` (recovered components: weapon, type, part number, manufacturer
//! as marked, brand HQ country, marking, date code, origin country, and the recovered weapon's
//! `weaponId`, `recoveredDate` and `recoveryRegion`) and `truth_components.csv` (the customs
//! record each component really came from), with the shipments the trade crate imported from
//! the folder's `customs.csv` (read from the trade store with `chokepoint_attribution::load_trade_rows`), and
//! checking the dispatch join against that truth.
//!
//! The weapon columns map to [`ComponentRecord::weapon_id`], [`ComponentRecord::recovered`] and
//! [`ComponentRecord::region`], so the bootstrap resamples whole weapons; folders written before
//! those columns existed still read, with every component its own resampling unit. The true
//! dispatch share ([`true_dispatch_share`]) follows each component to its true customs record.

use chokepoint_attribution::import::{read_components, ImportStats, ReadOptions};
use chokepoint_attribution::{AttributedComponent, ComponentRecord, Result, TradeRow};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// The recovered-components file of a trade scenario folder.
pub const COMPONENTS_FILE: &str = "components.csv";
/// The component → customs record truth file.
pub const TRUTH_COMPONENTS_FILE: &str = "truth_components.csv";

/// A trade scenario as attribution reads it.
#[derive(Debug, Clone, Default)]
pub struct TradeScenario {
    /// Recovered components.
    pub records: Vec<ComponentRecord>,
    /// Customs rows (from the trade store).
    pub trade: Vec<TradeRow>,
    /// Component id → id of the customs record it came from (empty when the file is absent).
    pub truth: HashMap<String, String>,
    /// Import counts of the components file.
    pub component_stats: ImportStats,
}

/// Reads a trade scenario folder's components and truth (`lenient` skips and counts bad
/// component rows), beside `trade`: the rows of the folder's customs file as the trade crate
/// imported it (see `chokepoint_attribution::load_trade_rows`).
pub fn read_trade_scenario(
    dir: &Path,
    lenient: bool,
    trade: Vec<TradeRow>,
) -> Result<TradeScenario> {
    let opts = ReadOptions {
        lenient,
        format: None,
    };
    let (records, component_stats) = read_components(&dir.join(COMPONENTS_FILE), &opts)?;
    let truth = read_truth(dir)?;
    Ok(TradeScenario {
        records,
        trade,
        truth,
        component_stats,
    })
}

/// Reads the folder's component → customs record truth (`truth_components.csv`); empty when
/// the file is absent.
pub fn read_truth(dir: &Path) -> Result<HashMap<String, String>> {
    let mut truth = HashMap::new();
    let tpath = dir.join(TRUTH_COMPONENTS_FILE);
    if tpath.exists() {
        let mut r = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .from_path(&tpath)?;
        for row in r.records() {
            let row = row?;
            if let (Some(c), Some(rec)) = (row.get(0), row.get(1)) {
                truth.insert(c.to_string(), rec.to_string());
            }
        }
    }
    Ok(truth)
}

/// The true share of components shipped to Russia from `country` (ISO alpha-2): each
/// component's true customs record (from the truth file) and that record's dispatch country.
/// Returns the share and the number of components with a known true record, or `None` when no
/// component has one.
pub fn true_dispatch_share(sc: &TradeScenario, country: &str) -> Option<(f64, usize)> {
    let by_id: HashMap<&str, &str> = sc
        .trade
        .iter()
        .map(|r| (r.id.as_str(), r.dispatch_country.as_str()))
        .collect();
    let mut n = 0usize;
    let mut hit = 0usize;
    for c in &sc.records {
        if let Some(d) = sc.truth.get(&c.id).and_then(|rec| by_id.get(rec.as_str())) {
            n += 1;
            if d.eq_ignore_ascii_case(country) {
                hit += 1;
            }
        }
    }
    (n > 0).then(|| (hit as f64 / n as f64, n))
}

/// How well the dispatch join recovers the true shipments.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct JoinCheck {
    /// Components with a truth record.
    pub with_truth: usize,
    /// … whose true record is shipped to Russia (joinable at all).
    pub joinable: usize,
    /// … whose true record's description (or part-number column) names the part at all —
    /// deceptive descriptions ("consumer goods") hide it from any part-number join.
    pub true_row_names_part: usize,
    /// … whose dispatch answer used the true record as evidence.
    pub true_row_found: usize,
    /// … whose dispatch answer puts weight on the true record's dispatch country (sum of
    /// weights: a component split 50/50 with the right country counts 0.5).
    pub dispatch_weight_correct: f64,
    /// Components whose dispatch is unknown.
    pub dispatch_unknown: usize,
}

/// Compares attributed components' dispatch answers with the scenario truth.
pub fn check_join(sc: &TradeScenario, attributed: &[AttributedComponent]) -> JoinCheck {
    let rows: HashMap<&str, &TradeRow> = sc.trade.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut out = JoinCheck::default();
    for c in attributed {
        if c.dispatch.is_unknown() {
            out.dispatch_unknown += 1;
        }
        let Some(true_row) = sc.truth.get(&c.id).and_then(|id| rows.get(id.as_str())) else {
            continue;
        };
        out.with_truth += 1;
        if !true_row.to_russia() {
            continue;
        }
        out.joinable += 1;
        let key = c
            .part_number
            .as_deref()
            .map(chokepoint_attribution::partnum::compact);
        let text = chokepoint_attribution::partnum::compact(&format!(
            "{} {}",
            true_row.part_number, true_row.description
        ));
        if key.is_some_and(|k| !k.is_empty() && text.contains(&k)) {
            out.true_row_names_part += 1;
        }
        if c.dispatch.evidence.contains(&true_row.id) {
            out.true_row_found += 1;
        }
        out.dispatch_weight_correct += c
            .dispatch
            .countries
            .iter()
            .filter(|(k, _)| *k == true_row.dispatch_country)
            .map(|(_, w)| w)
            .sum::<f64>();
    }
    out
}
