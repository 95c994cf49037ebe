//! `chpl_only`: a company whose every shipment (sent or received, at least
//! [`IndicatorOptions::one_customer_min_shipments`]) is of Common High Priority List goods —
//! a trade made of nothing but the items Russia's military industry needs (FIELD.md red flags
//! 2 and 19: a company trading in nothing else). Score 0.3.
//!
//! A weak signal alone: honest electronics distributors trade CHPL goods only too; it counts
//! in the shell model beside the other signals.

use super::{IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::Graph;

/// Runs the rule.
pub fn detect(g: &Graph, ds: &Dataset, opts: &IndicatorOptions) -> Vec<Signal> {
    let mut out = Vec::new();
    for v in 0..g.companies {
        let edges = super::trade_edges(g, v);
        let mut n = 0u32;
        let mut all = true;
        let mut records = Vec::new();
        'edges: for &k in &edges {
            for &r in g.edge_records(k) {
                n += 1;
                if !ds.shipments.chpl.get(r as usize).copied().unwrap_or(false) {
                    all = false;
                    break 'edges;
                }
                if records.len() < 50 {
                    records.push(ds.shipments.record_id(r).to_string());
                }
            }
        }
        if !all || n < opts.one_customer_min_shipments {
            continue;
        }
        out.push(Signal {
            rule: Rule::ChplOnly,
            node: v,
            score: 0.3,
            explanation: format!("all {n} of its shipments are of CHPL goods"),
            records,
            related: Vec::new(),
        });
    }
    out
}
