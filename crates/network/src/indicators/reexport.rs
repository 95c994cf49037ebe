//! `reexport_new`: re-export of goods the company never imported before — a trader that
//! receives goods (so its imports are in the data) ships a category it never received before
//! its first shipment of that category (FIELD.md: re-export surges, mirror-trade gaps).
//!
//! Companies without any incoming shipment are skipped (manufacturers, or traders whose
//! imports are simply not in the data). Score 0.3.

use super::{records_of, IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::Graph;
use std::collections::HashMap;

/// Runs the rule.
pub fn detect(g: &Graph, ds: &Dataset, _opts: &IndicatorOptions) -> Vec<Signal> {
    let mut out = Vec::new();
    for v in 0..g.companies {
        let ins = g.in_edges(v);
        if ins.is_empty() || g.out_edges(v).is_empty() {
            continue;
        }
        let mut first_in: HashMap<u16, chokepoint_trade::Date> = HashMap::new();
        for &k in ins {
            let e = &g.edges[k as usize];
            let d = first_in.entry(e.category).or_insert(e.first);
            if e.first < *d {
                *d = e.first;
            }
        }
        let mut first_out: HashMap<u16, (chokepoint_trade::Date, Vec<usize>)> = HashMap::new();
        for k in g.out_edges(v) {
            let e = &g.edges[k];
            let slot = first_out.entry(e.category).or_insert((e.first, Vec::new()));
            slot.0 = slot.0.min(e.first);
            slot.1.push(k);
        }
        let mut cats: Vec<(&u16, &(chokepoint_trade::Date, Vec<usize>))> =
            first_out.iter().collect();
        cats.sort_unstable_by_key(|(c, _)| **c);
        for (cat, (first, edges)) in cats {
            let never = first_in.get(cat).is_none_or(|d| d > first);
            if !never {
                continue;
            }
            let name = ds.categories.name(u32::from(*cat));
            out.push(Signal {
                rule: Rule::ReexportNew,
                node: v,
                score: 0.3,
                explanation: format!(
                    "ships {name} from {first} but never received {name} before (it receives other goods)"
                ),
                records: records_of(g, ds, edges.iter().copied()),
                related: Vec::new(),
            });
        }
    }
    out
}
