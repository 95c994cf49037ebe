//! `shared_director` and `shared_phone`: the company shares a director or a phone number with
//! other companies (FIELD.md red flags 6 and 16; company–address–director graphs).
//!
//! Fires for every company linked to a person (as director) or a phone that at least one other
//! company is also linked to. Score `0.2 + 0.05 × (other companies − 1)`, at most 0.4.

use super::{IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::{Graph, LinkKind};

/// Runs both rules.
pub fn detect(g: &Graph, _ds: &Dataset, _opts: &IndicatorOptions) -> Vec<Signal> {
    let mut out = Vec::new();
    for v in 0..g.companies {
        for (node, kind) in g.links(v) {
            let rule = match kind {
                LinkKind::Director => Rule::SharedDirector,
                LinkKind::Phone => Rule::SharedPhone,
                _ => continue,
            };
            if node < g.companies {
                continue;
            }
            let mut others: Vec<u32> = g
                .links(node)
                .filter(|&(c, k)| c != v && c < g.companies && k == kind)
                .map(|(c, _)| c)
                .collect();
            others.sort_unstable();
            others.dedup();
            if others.is_empty() {
                continue;
            }
            let score = (0.2 + 0.05 * (others.len() - 1) as f64).min(0.4);
            let what = if rule == Rule::SharedDirector {
                "director"
            } else {
                "phone"
            };
            let names: Vec<&str> = others
                .iter()
                .take(5)
                .map(|&c| g.labels[c as usize].as_str())
                .collect();
            let mut related = vec![node];
            related.extend(&others);
            out.push(Signal {
                rule,
                node: v,
                score,
                explanation: format!(
                    "{what} '{}' shared with {} other companies ({})",
                    g.labels[node as usize],
                    others.len(),
                    names.join("; ")
                ),
                records: Vec::new(),
                related,
            });
        }
    }
    out
}
