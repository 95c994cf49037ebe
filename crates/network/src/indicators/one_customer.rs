//! `one_customer`: a supplier whose outgoing shipments (at least
//! [`IndicatorOptions::one_customer_min_shipments`], default 3) all go to one customer — the
//! pattern of a front set up for one buyer. Score 0.2.

use super::{records_of, IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::Graph;

/// Runs the rule.
pub fn detect(g: &Graph, ds: &Dataset, opts: &IndicatorOptions) -> Vec<Signal> {
    let mut out = Vec::new();
    for v in 0..g.companies {
        let Some((first, n, r)) = super::sole_customer(g, v) else {
            continue;
        };
        if n < opts.one_customer_min_shipments {
            continue;
        }
        out.push(Signal {
            rule: Rule::OneCustomer,
            node: v,
            score: 0.2,
            explanation: format!(
                "all {n} outgoing shipments go to one customer, '{}'",
                g.labels[first as usize]
            ),
            records: records_of(g, ds, r),
            related: vec![first],
        });
    }
    out
}
