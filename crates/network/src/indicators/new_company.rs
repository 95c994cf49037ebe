//! `new_company`: a counterparty newly incorporated shortly before its first CHPL shipment,
//! or incorporated after 2022-02-24 outside the export-control coalition and trading CHPL
//! goods (FIELD.md red flag 1; Nikkei: the top shipper of 2022 was incorporated in April 2022).
//!
//! Score: 0.45 when the first CHPL shipment (sent or received) is ≤ 90 days after
//! incorporation, 0.35 when ≤ 365 days, else 0.25 when incorporated after 2022-02-24 outside
//! the coalition. Needs the incorporation date (registry); silent without it.

use super::{records_of, war_date, IndicatorOptions, Signal, COALITION};
use crate::data::Dataset;
use crate::graph::Graph;

/// Runs the rule.
pub fn detect(g: &Graph, ds: &Dataset, _opts: &IndicatorOptions) -> Vec<Signal> {
    let mut out = Vec::new();
    for v in 0..g.companies {
        let Some(inc) = g.incorporated[v as usize] else {
            continue;
        };
        let chpl: Vec<usize> = g
            .out_edges(v)
            .chain(g.in_edges(v).iter().map(|&k| k as usize))
            .filter(|&k| g.edges[k].chpl)
            .collect();
        let Some(first) = chpl.iter().map(|&k| g.edges[k].first).min() else {
            continue;
        };
        let gap = first.0 - inc.0;
        let coalition = COALITION.contains(&g.country[v as usize].as_str());
        let (score, why) = if (0..=90).contains(&gap) {
            (
                0.45,
                format!("incorporated {inc}, first CHPL shipment {first} ({gap} days later)"),
            )
        } else if (0..=365).contains(&gap) {
            (
                0.35,
                format!("incorporated {inc}, first CHPL shipment {first} ({gap} days later)"),
            )
        } else if inc > war_date() && !coalition && gap >= 0 {
            (
                0.25,
                format!("incorporated {inc}, after 2022-02-24, trades CHPL goods"),
            )
        } else {
            continue;
        };
        let first_edges = chpl.iter().copied().filter(|&k| g.edges[k].first == first);
        out.push(Signal {
            rule: super::Rule::NewCompany,
            node: v,
            score,
            explanation: why,
            records: records_of(g, ds, first_edges),
            related: Vec::new(),
        });
    }
    out
}
