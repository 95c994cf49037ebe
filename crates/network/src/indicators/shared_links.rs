//! `shared_director` and `shared_phone`: the company shares a director or a phone number with
//! other companies (FIELD.md red flags 6 and 16; company–address–director graphs).
//!
//! Registries name directors without an identifier, so a shared common name ("Wang Wei") is
//! often a namesake. The rule therefore distinguishes:
//! - **corroborated** sharing: the other company also shares a second link with this one: for
//!   a director, its address, another director, or a phone; for a phone, a person (director or
//!   owner) — a phone and an address shared together are one office, as in a business centre
//!   whose firms share an accountant's number, which says nothing about who runs them: score
//!   `0.3 + 0.05 × (corroborated companies − 1)`, at most 0.45;
//! - **name only** (or a phone shared with office neighbours only): score 0.1.

use super::{IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::{Graph, LinkKind};

/// Runs both rules.
pub fn detect(g: &Graph, _ds: &Dataset, _opts: &IndicatorOptions) -> Vec<Signal> {
    let mut out = Vec::new();
    for v in 0..g.companies {
        let mine: Vec<(u32, LinkKind)> = g.links(v).filter(|&(n, _)| n >= g.companies).collect();
        for &(node, kind) in &mine {
            let rule = match kind {
                LinkKind::Director => Rule::SharedDirector,
                LinkKind::Phone => Rule::SharedPhone,
                _ => continue,
            };
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
            // Others sharing a second link node with v.
            let corroborated: Vec<u32> = others
                .iter()
                .copied()
                .filter(|&o| {
                    g.links(o).any(|(n, k)| {
                        n != node
                            && n >= g.companies
                            && (rule == Rule::SharedDirector
                                || matches!(k, LinkKind::Director | LinkKind::Owner))
                            && mine.iter().any(|m| m.0 == n)
                    })
                })
                .collect();
            let what = if rule == Rule::SharedDirector {
                "director"
            } else {
                "phone"
            };
            let (score, list, how) = if corroborated.is_empty() {
                (
                    0.1,
                    &others,
                    if rule == Rule::SharedDirector {
                        "by name only"
                    } else {
                        "with no shared director or owner (office neighbours at most)"
                    },
                )
            } else {
                (
                    (0.3 + 0.05 * (corroborated.len() - 1) as f64).min(0.45),
                    &corroborated,
                    if rule == Rule::SharedDirector {
                        "corroborated by another shared address, person or phone"
                    } else {
                        "corroborated by a shared director or owner"
                    },
                )
            };
            let names: Vec<&str> = list
                .iter()
                .take(5)
                .map(|&c| g.labels[c as usize].as_str())
                .collect();
            let mut related = vec![node];
            related.extend(list.iter().copied());
            out.push(Signal {
                rule,
                node: v,
                score,
                explanation: format!(
                    "{what} '{}' shared with {} other companies, {how} ({})",
                    g.labels[node as usize],
                    list.len(),
                    names.join("; ")
                ),
                records: Vec::new(),
                related,
            });
        }
    }
    out
}
