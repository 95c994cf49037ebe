//! `high_risk_country`: CHPL goods sent by a company of, dispatched from, or traded through a
//! transshipment country of FIELD.md red flag 3 (the FinCEN–BIS list, plus the UK's MY, MN,
//! TH, VN). Weak on its own (most post-2022 supply passes these countries): score 0.1.

use super::{records_of, IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::Graph;

/// Transshipment countries (FIELD.md red flag 3).
pub const HIGH_RISK: &[&str] = &[
    "AM", "BR", "CN", "HK", "MO", "GE", "IN", "IL", "KZ", "KG", "MX", "NI", "RS", "SG", "ZA", "TW",
    "TJ", "TR", "AE", "UZ", "MY", "MN", "TH", "VN",
];

/// Runs the rule.
pub fn detect(g: &Graph, ds: &Dataset, _opts: &IndicatorOptions) -> Vec<Signal> {
    let risky: Vec<u32> = HIGH_RISK
        .iter()
        .filter_map(|c| ds.countries.get(c))
        .collect();
    let mut out = Vec::new();
    for v in 0..g.companies {
        let own = HIGH_RISK.contains(&g.country[v as usize].as_str());
        let mut hit: Vec<usize> = Vec::new();
        let mut via: Vec<String> = Vec::new();
        for k in g.out_edges(v) {
            if !g.edges[k].chpl {
                continue;
            }
            let mut fires = own;
            for &r in g.edge_records(k) {
                let r = r as usize;
                for c in [ds.shipments.dispatch[r], ds.shipments.trading[r]] {
                    if risky.contains(&u32::from(c)) {
                        fires = true;
                        let name = ds.countries.name(u32::from(c)).to_string();
                        if !via.contains(&name) {
                            via.push(name);
                        }
                    }
                }
                if fires {
                    break;
                }
            }
            if fires {
                hit.push(k);
            }
        }
        if hit.is_empty() {
            continue;
        }
        if own && !via.contains(&g.country[v as usize]) {
            via.insert(0, g.country[v as usize].clone());
        }
        out.push(Signal {
            rule: Rule::HighRiskCountry,
            node: v,
            score: 0.1,
            explanation: format!(
                "CHPL goods sent via high-risk third countries: {}",
                via.join(", ")
            ),
            records: records_of(g, ds, hit.into_iter()),
            related: Vec::new(),
        });
    }
    out
}
