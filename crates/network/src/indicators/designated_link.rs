//! `designated_link`: the company is within k hops (default 2) of a designated company, where
//! a hop is a shipment (either direction) or a shared person, address or phone. Score 0.3 at
//! one hop, 0.15 at two; the designated company itself does not fire.

use super::{IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::Graph;
use std::collections::HashMap;

/// Runs the rule.
pub fn detect(g: &Graph, _ds: &Dataset, opts: &IndicatorOptions) -> Vec<Signal> {
    // Multi-source BFS from all designated companies.
    let mut dist: HashMap<u32, (usize, u32)> = HashMap::new();
    let mut frontier: Vec<u32> = Vec::new();
    for v in 0..g.companies {
        if g.designated[v as usize].is_some() {
            dist.insert(v, (0, v));
            frontier.push(v);
        }
    }
    for depth in 1..=opts.k_hops {
        let mut next = Vec::new();
        for &v in &frontier {
            let src = dist.get(&v).map(|x| x.1).unwrap_or(v);
            for w in g.company_neighbours(v) {
                if let std::collections::hash_map::Entry::Vacant(e) = dist.entry(w) {
                    e.insert((depth, src));
                    next.push(w);
                }
            }
        }
        frontier = next;
    }
    let mut out: Vec<Signal> = dist
        .into_iter()
        .filter(|(_, (d, _))| *d > 0)
        .map(|(v, (d, src))| Signal {
            rule: Rule::DesignatedLink,
            node: v,
            score: if d == 1 { 0.3 } else { 0.15 },
            explanation: format!("{d} hop(s) from designated '{}'", g.labels[src as usize]),
            records: Vec::new(),
            related: vec![src],
        })
        .collect();
    out.sort_unstable_by_key(|s| s.node);
    out
}
