//! `mass_address`: the company's address is shared by many companies (FIELD.md red flag 6:
//! mass registration; Hong Kong secretarial addresses; EGRUL "mass address" marks).
//!
//! Fires when an address node links at least [`IndicatorOptions::mass_address_min`]
//! companies (default 4). Score `0.25 + 0.05 × (companies − min)`, at most 0.5.

use super::{IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::{Graph, NodeKind};

/// Runs the rule.
pub fn detect(g: &Graph, _ds: &Dataset, opts: &IndicatorOptions) -> Vec<Signal> {
    let mut out = Vec::new();
    for a in g.companies..g.node_count() as u32 {
        if g.kinds[a as usize] != NodeKind::Address {
            continue;
        }
        let mut members: Vec<u32> = g
            .links(a)
            .map(|(c, _)| c)
            .filter(|&c| c < g.companies)
            .collect();
        members.sort_unstable();
        members.dedup();
        if members.len() < opts.mass_address_min {
            continue;
        }
        let score = (0.25 + 0.05 * (members.len() - opts.mass_address_min) as f64).min(0.5);
        for &c in &members {
            let mut related = vec![a];
            related.extend(members.iter().copied().filter(|&x| x != c));
            out.push(Signal {
                rule: Rule::MassAddress,
                node: c,
                score,
                explanation: format!(
                    "address '{}' is shared by {} companies",
                    g.labels[a as usize],
                    members.len()
                ),
                records: Vec::new(),
                related,
            });
        }
    }
    out
}
