//! `volume_spike`: a sudden rise of CHPL trade (FIELD.md red flag 2, the E5 "anomalous
//! importer", and the EU test of red flag 19).
//!
//! For each company, CHPL value received or sent per year. Fires with 0.2 when a year's value
//! is at least [`IndicatorOptions::spike_factor`] (default 3) times the average of the
//! company's earlier active years; with 0.25 when the company traded before 2022-02-24 but no
//! CHPL goods, and trades CHPL goods after.

use super::{records_of, war_date, IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::Graph;
use std::collections::BTreeMap;

/// Runs the rule.
pub fn detect(g: &Graph, ds: &Dataset, opts: &IndicatorOptions) -> Vec<Signal> {
    let war = war_date();
    let mut out = Vec::new();
    for v in 0..g.companies {
        let edges = super::trade_edges(g, v);
        let mut chpl_by_year: BTreeMap<i16, f64> = BTreeMap::new();
        let mut any_before = false;
        let mut chpl_before = false;
        let mut chpl_after = false;
        for &k in &edges {
            let e = &g.edges[k];
            if e.first < war {
                any_before = true;
                chpl_before |= e.chpl;
            }
            if e.chpl {
                *chpl_by_year.entry(e.year).or_default() += e.value;
                chpl_after |= e.last >= war;
            }
        }
        if any_before && !chpl_before && chpl_after {
            let after = edges
                .iter()
                .copied()
                .filter(|&k| g.edges[k].chpl && g.edges[k].last >= war);
            out.push(Signal {
                rule: Rule::VolumeSpike,
                node: v,
                score: 0.25,
                explanation: "traded before 2022-02-24 but no CHPL goods; trades CHPL goods after"
                    .into(),
                records: records_of(g, ds, after),
                related: Vec::new(),
            });
            continue;
        }
        let years: Vec<(i16, f64)> = chpl_by_year.into_iter().collect();
        for i in 1..years.len() {
            let avg = years[..i].iter().map(|y| y.1).sum::<f64>() / i as f64;
            let (y, val) = years[i];
            if avg > 0.0 && val >= opts.spike_factor * avg {
                let ev = edges
                    .iter()
                    .copied()
                    .filter(|&k| g.edges[k].chpl && g.edges[k].year == y);
                out.push(Signal {
                    rule: Rule::VolumeSpike,
                    node: v,
                    score: 0.2,
                    explanation: format!(
                        "CHPL value {val:.0} USD in {y}, {:.1}× the average {avg:.0} USD of earlier years",
                        val / avg
                    ),
                    records: records_of(g, ds, ev),
                    related: Vec::new(),
                });
                break;
            }
        }
    }
    out
}
