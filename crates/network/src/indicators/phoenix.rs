//! `phoenix_name`: the company's name is close to a designated company's (FIELD.md red flag
//! 10), and it is not that company: a successor set up to continue trade after a designation.
//!
//! Every company is screened against the designated companies' names with the screening
//! engine. Fires when the score is at least [`IndicatorOptions::phoenix_min_score`] (default
//! 0.8) and the company was incorporated after the designation, or shares an address, director
//! or phone with the designated company. Score 0.35, plus 0.2 when a link is shared.

use super::{IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::Graph;
use chokepoint_model::{Entity, Prop, Provenance, Schema};
use chokepoint_screen::{Index, Query, SearchOptions};
use std::sync::Arc;

/// Runs the rule.
pub fn detect(g: &Graph, _ds: &Dataset, opts: &IndicatorOptions) -> Vec<Signal> {
    let designated: Vec<u32> = (0..g.companies)
        .filter(|&v| g.designated[v as usize].is_some())
        .collect();
    if designated.is_empty() {
        return Vec::new();
    }
    let prov = Arc::new(Provenance::new("designated", "", None));
    let index = Index::build(designated.iter().map(|&v| {
        let mut e = Entity::with_id(v.to_string(), Schema::Company, Arc::clone(&prov));
        e.add(Prop::Name, &g.labels[v as usize]);
        e
    }));
    let so = SearchOptions {
        threshold: opts.phoenix_min_score,
        min_score: opts.phoenix_min_score,
        limit: 3,
        explain: false,
    };
    let mut out = Vec::new();
    for v in 0..g.companies {
        if g.designated[v as usize].is_some() {
            continue;
        }
        for h in index.search(&Query::name(&g.labels[v as usize]), &so) {
            let Ok(d) = h.entity_id.parse::<u32>() else {
                continue;
            };
            if d == v {
                continue;
            }
            let since = g.designated[d as usize].as_ref().and_then(|x| x.since);
            let after = match (since, g.incorporated[v as usize]) {
                (Some(s), Some(i)) => i >= s,
                _ => false,
            };
            let mine: Vec<u32> = g.links(v).map(|(n, _)| n).collect();
            let shared: Vec<u32> = g
                .links(d)
                .map(|(n, _)| n)
                .filter(|n| mine.contains(n))
                .collect();
            if !after && shared.is_empty() {
                continue;
            }
            let score = 0.35 + if shared.is_empty() { 0.0 } else { 0.2 };
            let mut why = format!(
                "name '{}' ≈ designated '{}' (score {:.3})",
                g.labels[v as usize], g.labels[d as usize], h.score
            );
            if after {
                why.push_str("; incorporated after the designation");
            }
            if !shared.is_empty() {
                let s: Vec<&str> = shared
                    .iter()
                    .map(|&n| g.labels[n as usize].as_str())
                    .collect();
                why.push_str(&format!("; shares {}", s.join(", ")));
            }
            let mut related = vec![d];
            related.extend(shared);
            out.push(Signal {
                rule: Rule::PhoenixName,
                node: v,
                score,
                explanation: why,
                records: Vec::new(),
                related,
            });
            break;
        }
    }
    out
}
