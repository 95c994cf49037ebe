//! `exclusive_supplier`: a company whose outgoing shipments all go to one customer that is
//! itself a likely shell (its shell score from the other rules reaches
//! [`super::SHELL_THRESHOLD`]) — the trader set up to feed a front. Score 0.3.
//!
//! A second pass: it needs the other rules' signals.

use super::{records_of, IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::Graph;

/// Runs the rule on top of the other rules' `signals`.
pub fn detect(g: &Graph, ds: &Dataset, opts: &IndicatorOptions, signals: &[Signal]) -> Vec<Signal> {
    let base = super::shell_scores(g, signals);
    let mut out = Vec::new();
    for v in 0..g.companies {
        let Some((first, n, r)) = super::sole_customer(g, v) else {
            continue;
        };
        let b = base.get(first as usize).copied().unwrap_or(0.0);
        if n < opts.one_customer_min_shipments || b < super::SHELL_THRESHOLD {
            continue;
        }
        out.push(Signal {
            rule: Rule::ExclusiveSupplier,
            node: v,
            score: 0.3,
            explanation: format!(
                "all {n} outgoing shipments go to '{}', itself a likely shell (shell score {b:.2})",
                g.labels[first as usize]
            ),
            records: records_of(g, ds, r),
            related: vec![first],
        });
    }
    out
}
