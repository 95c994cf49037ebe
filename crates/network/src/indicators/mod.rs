//! Shell-company and network indicators. Each indicator is a documented rule (one module)
//! that emits [`Signal`]s: the company, the rule's own score in `0..1`, a sentence and the
//! evidence (record ids and related nodes).
//!
//! | rule | module | fires when | score |
//! |---|---|---|---|
//! | `new_company` | [`new_company`] | incorporated ≤ 365 days before its first CHPL shipment, or after 2022-02-24 outside the coalition trading CHPL goods | 0.45 (≤ 90 d) / 0.35 (≤ 365 d) / 0.25 |
//! | `mass_address` | [`mass_address`] | its address is shared by ≥ 4 companies | 0.25 + 0.05 per company over 4, ≤ 0.5 |
//! | `shared_director` | [`shared_links`] | a director also directs another company | 0.3 + 0.05 per extra when corroborated by a second shared link, ≤ 0.45; 0.1 by name only |
//! | `shared_phone` | [`shared_links`] | its phone is another company's phone | as `shared_director` |
//! | `one_customer` | [`one_customer`] | ≥ 3 outgoing shipments, all to one customer | 0.2 |
//! | `volume_spike` | [`volume_spike`] | CHPL value in a year ≥ 3× its average of earlier years, or CHPL after 2022-02-24 with only non-CHPL before | 0.2 / 0.25 |
//! | `reexport_new` | [`reexport`] | ships a category it never received before, while it does receive other goods | 0.3 |
//! | `high_risk_country` | [`high_risk`] | a CHPL shipment sent from, dispatched from or traded through a FIELD.md transshipment country | 0.1 |
//! | `phoenix_name` | [`phoenix`] | name ≥ 0.8 similar to a designated company (not itself), incorporated after that designation or sharing its address, director or phone | 0.35 + 0.2 when linked |
//! | `designated_link` | [`designated_link`] | within k hops (shipments or shared person/address/phone) of a designated company | 0.3 at 1 hop, 0.15 at 2 |
//! | `exclusive_supplier` | [`exclusive_supplier`] | ≥ 3 outgoing shipments, all to one customer that the other rules make a likely shell | 0.3 |
//! | `phoenix_successor` | [`successor`] | incorporated ≤ 365 days after a designated company of its country was designated, shares its address, director or phone, and buys from its suppliers (each selling to ≤ 10 customers) | 0.9 (address and director/phone) / 0.7 |
//! | `chpl_only` | [`chpl_only`] | ≥ 3 shipments, every one of CHPL goods | 0.3 |
//!
//! Shell likelihood ([`shell_scores`]) is a calibrated probability: the logistic model of
//! [`ShellModel`] over each rule's best score on the company, with its weights in
//! `data/shell_weights.csv` (fitted on generator seeds 1–10, reported on others). Every
//! company is scored the same way, Russian importers and foreign intermediaries (Hong Kong,
//! China, Türkiye, UAE, Central Asia, the Caucasus) alike; the foreign ones are usually known
//! from the declarations only (no registry), so the trading-pattern signals (one customer,
//! CHPL goods only, volume spike) carry them. The network rules (`reexport_new`,
//! `high_risk_country`, `designated_link`) weigh nothing there and count for the alert risk.

pub mod chpl_only;
pub mod designated_link;
pub mod exclusive_supplier;
pub mod high_risk;
pub mod mass_address;
pub mod new_company;
pub mod one_customer;
pub mod phoenix;
pub mod reexport;
pub mod shared_links;
pub mod successor;
pub mod volume_spike;

use crate::data::Dataset;
use crate::graph::Graph;
use chokepoint_trade::Date;
use serde::Serialize;
use std::fmt;

/// An indicator rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Newly incorporated shortly before its first CHPL shipment (or after 2022-02-24).
    NewCompany,
    /// Mass-registration address.
    MassAddress,
    /// Director shared with other companies.
    SharedDirector,
    /// Phone shared with other companies.
    SharedPhone,
    /// One customer only.
    OneCustomer,
    /// Sudden CHPL volume spike.
    VolumeSpike,
    /// Re-export of goods never imported before.
    ReexportNew,
    /// Trading in high-risk third countries.
    HighRiskCountry,
    /// Name similar to a designated company.
    PhoenixName,
    /// Link to a designated entity within k hops.
    DesignatedLink,
    /// Exclusive supplier of a likely shell.
    ExclusiveSupplier,
    /// Successor of a designated company: incorporated within a year of the designation,
    /// sharing its address, director or phone, buying from its suppliers.
    PhoenixSuccessor,
    /// Every shipment is of CHPL goods.
    ChplOnly,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 13] = [
        Rule::NewCompany,
        Rule::MassAddress,
        Rule::SharedDirector,
        Rule::SharedPhone,
        Rule::OneCustomer,
        Rule::VolumeSpike,
        Rule::ReexportNew,
        Rule::HighRiskCountry,
        Rule::PhoenixName,
        Rule::DesignatedLink,
        Rule::ExclusiveSupplier,
        Rule::PhoenixSuccessor,
        Rule::ChplOnly,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NewCompany => "new_company",
            Rule::MassAddress => "mass_address",
            Rule::SharedDirector => "shared_director",
            Rule::SharedPhone => "shared_phone",
            Rule::OneCustomer => "one_customer",
            Rule::VolumeSpike => "volume_spike",
            Rule::ReexportNew => "reexport_new",
            Rule::HighRiskCountry => "high_risk_country",
            Rule::PhoenixName => "phoenix_name",
            Rule::DesignatedLink => "designated_link",
            Rule::ExclusiveSupplier => "exclusive_supplier",
            Rule::PhoenixSuccessor => "phoenix_successor",
            Rule::ChplOnly => "chpl_only",
        }
    }

    /// Whether the rule is evidence about the company itself (a shell or front) rather than
    /// about the network around it: the rules the shell model may weigh.
    pub fn is_shell_rule(self) -> bool {
        !matches!(
            self,
            Rule::HighRiskCountry | Rule::DesignatedLink | Rule::ReexportNew
        )
    }
}

impl std::str::FromStr for Rule {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Rule::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| format!("`{s}` is not an indicator rule"))
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One firing of a rule on a company.
#[derive(Debug, Clone, Serialize)]
pub struct Signal {
    /// The rule.
    pub rule: Rule,
    /// The company node.
    pub node: u32,
    /// The rule's score in `0..1`.
    pub score: f64,
    /// A sentence a reviewer can read.
    pub explanation: String,
    /// Record ids behind the signal (at most 50).
    pub records: Vec<String>,
    /// Related nodes (other companies, the shared address, person or phone).
    pub related: Vec<u32>,
}

/// Thresholds of the rules (defaults as in the module table).
#[derive(Debug, Clone, Copy)]
pub struct IndicatorOptions {
    /// Mass address: at least this many companies share the address.
    pub mass_address_min: usize,
    /// One customer: at least this many outgoing shipments.
    pub one_customer_min_shipments: u32,
    /// Volume spike: factor over the average of earlier years.
    pub spike_factor: f64,
    /// Designated link: hops.
    pub k_hops: usize,
    /// Phoenix: minimum name score.
    pub phoenix_min_score: f64,
    /// Phoenix successor: incorporated at most this many days after the designation.
    pub successor_window_days: i32,
    /// Phoenix successor: a continued supplier sells to at most this many customers.
    pub successor_max_supplier_customers: usize,
}

impl Default for IndicatorOptions {
    fn default() -> Self {
        IndicatorOptions {
            mass_address_min: 4,
            one_customer_min_shipments: 3,
            spike_factor: 3.0,
            k_hops: 2,
            phoenix_min_score: 0.8,
            successor_window_days: 365,
            successor_max_supplier_customers: 10,
        }
    }
}

/// 2022-02-24, the date of the invasion and of the first coalition export controls.
pub fn war_date() -> Date {
    chokepoint_refdata::control::INVASION
}

/// Countries of the export-control coalition (for the post-2022 incorporation rule).
pub const COALITION: &[&str] = &[
    "US", "GB", "JP", "KR", "TW", "AU", "CA", "NZ", "NO", "CH", "IS", "LI", "DE", "FR", "IT", "NL",
    "BE", "LU", "IE", "DK", "SE", "FI", "AT", "ES", "PT", "GR", "PL", "CZ", "SK", "HU", "SI", "HR",
    "RO", "BG", "EE", "LV", "LT", "CY", "MT",
];

/// Up to 50 record ids of shipments of edges `edges`.
pub(crate) fn records_of(
    g: &Graph,
    ds: &Dataset,
    edges: impl Iterator<Item = usize>,
) -> Vec<String> {
    let mut out = Vec::new();
    for k in edges {
        for &r in g.edge_records(k) {
            if out.len() >= 50 {
                return out;
            }
            out.push(ds.shipments.record_id(r).to_string());
        }
    }
    out
}

/// Every shipment edge of company `v`: its outgoing edges, then its incoming ones. Shared by
/// the rules that look at all of a company's trade (`volume_spike`, `chpl_only`).
pub(crate) fn trade_edges(g: &Graph, v: u32) -> Vec<usize> {
    g.out_edges(v)
        .chain(g.in_edges(v).iter().map(|&k| k as usize))
        .collect()
}

/// The one customer all of company `v`'s outgoing shipments go to, with the number of those
/// shipments and the range of `v`'s outgoing edges; `None` when `v` ships to nobody or to more
/// than one customer. Shared by `one_customer` and `exclusive_supplier`.
pub(crate) fn sole_customer(g: &Graph, v: u32) -> Option<(u32, u32, std::ops::Range<usize>)> {
    let r = g.out_edges(v);
    if r.is_empty() {
        return None;
    }
    let first = g.edges[r.start].dst;
    if !r.clone().all(|k| g.edges[k].dst == first) {
        return None;
    }
    let n: u32 = r.clone().map(|k| g.edges[k].count).sum();
    Some((first, n, r))
}

/// Runs every rule.
pub fn run_all(g: &Graph, ds: &Dataset, opts: &IndicatorOptions) -> Vec<Signal> {
    let mut out = Vec::new();
    out.extend(new_company::detect(g, ds, opts));
    out.extend(mass_address::detect(g, ds, opts));
    out.extend(shared_links::detect(g, ds, opts));
    out.extend(one_customer::detect(g, ds, opts));
    out.extend(volume_spike::detect(g, ds, opts));
    out.extend(reexport::detect(g, ds, opts));
    out.extend(high_risk::detect(g, ds, opts));
    out.extend(phoenix::detect(g, ds, opts));
    out.extend(designated_link::detect(g, ds, opts));
    out.extend(successor::detect(g, ds, opts));
    out.extend(chpl_only::detect(g, ds, opts));
    let second = exclusive_supplier::detect(g, ds, opts, &out);
    out.extend(second);
    out
}

/// Noisy-or of scores: `1 − Π(1 − s)`.
pub fn noisy_or(scores: impl Iterator<Item = f64>) -> f64 {
    1.0 - scores.fold(1.0, |acc, s| acc * (1.0 - s.clamp(0.0, 1.0)))
}

/// The built-in weights of the shell model (`data/shell_weights.csv`).
pub const DEFAULT_SHELL_WEIGHTS: &str = include_str!("../../data/shell_weights.csv");

/// The number of features of the shell model: one per rule.
pub const FEATURES: usize = Rule::ALL.len();

/// The shell-company model: a logistic regression over the best score of each rule on a
/// company. Its weights are a data file (`rule,weight` rows, `intercept` one of them).
#[derive(Debug, Clone, PartialEq)]
pub struct ShellModel {
    /// The intercept.
    pub intercept: f64,
    /// One weight per rule, in [`Rule::ALL`] order (0 for rules without a row).
    pub weights: [f64; FEATURES],
}

impl ShellModel {
    /// The built-in model.
    pub fn builtin() -> ShellModel {
        // The built-in file is covered by `builtin_shell_model_parses`.
        ShellModel::parse(DEFAULT_SHELL_WEIGHTS, "data/shell_weights.csv").unwrap_or(ShellModel {
            intercept: 0.0,
            weights: [0.0; FEATURES],
        })
    }

    /// Reads `rule,weight` rows (`intercept` for the intercept); errors name the origin, line
    /// and field.
    pub fn parse(text: &str, origin: &str) -> crate::error::Result<ShellModel> {
        let bad = |line: u64, field: &str, message: String| crate::error::NetworkError::Row {
            file: origin.into(),
            line,
            field: field.into(),
            message,
        };
        let table = chokepoint_refdata::Table::parse(text, origin)
            .map_err(|e| bad(0, "table", e.to_string()))?;
        let mut m = ShellModel {
            intercept: 0.0,
            weights: [0.0; FEATURES],
        };
        for row in table.rows() {
            let w: f64 = row.get("weight").trim().parse().map_err(|_| {
                bad(
                    row.line(),
                    "weight",
                    format!("`{}` is not a number", row.get("weight")),
                )
            })?;
            let name = row.get("rule").trim();
            if name == "intercept" {
                m.intercept = w;
                continue;
            }
            let r: Rule = name.parse().map_err(|e| bad(row.line(), "rule", e))?;
            m.weights[r as usize] = w;
        }
        Ok(m)
    }

    /// Reads a weights file.
    pub fn load(path: &std::path::Path) -> crate::error::Result<ShellModel> {
        let text = std::fs::read_to_string(path).map_err(|e| crate::error::NetworkError::Row {
            file: path.display().to_string(),
            line: 0,
            field: "file".into(),
            message: format!("cannot read the weights ({e})"),
        })?;
        ShellModel::parse(&text, &path.display().to_string())
    }

    /// The model's probability for one company's features.
    pub fn probability(&self, x: &[f64; FEATURES]) -> f64 {
        let z = self.intercept + x.iter().zip(&self.weights).map(|(a, w)| a * w).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }

    /// The model as its data file.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("rule,weight\n");
        s.push_str(&format!("intercept,{:.4}\n", self.intercept));
        for r in Rule::ALL {
            if self.weights[r as usize] != 0.0 {
                s.push_str(&format!("{},{:.4}\n", r.as_str(), self.weights[r as usize]));
            }
        }
        s
    }
}

/// The features of every company node: the best score of each rule that fired on it.
pub fn shell_features(g: &Graph, signals: &[Signal]) -> Vec<[f64; FEATURES]> {
    let n = g.companies as usize;
    let mut best = vec![[0f64; FEATURES]; n];
    for s in signals {
        if let Some(b) = best.get_mut(s.node as usize) {
            let slot = &mut b[s.rule as usize];
            *slot = slot.max(s.score);
        }
    }
    best
}

/// Shell likelihood per company node: the built-in [`ShellModel`]'s probability.
pub fn shell_scores(g: &Graph, signals: &[Signal]) -> Vec<f64> {
    shell_scores_with(g, signals, &ShellModel::builtin())
}

/// Shell likelihood per company node under `model`.
pub fn shell_scores_with(g: &Graph, signals: &[Signal], model: &ShellModel) -> Vec<f64> {
    shell_features(g, signals)
        .iter()
        .map(|x| model.probability(x))
        .collect()
}

/// Risk per company node: noisy-or of the shell probability and the best score of each
/// network rule (`designated_link`, `high_risk_country`, `reexport_new`).
pub fn risk_scores(g: &Graph, signals: &[Signal]) -> Vec<f64> {
    let shell = shell_scores(g, signals);
    shell_features(g, signals)
        .iter()
        .zip(shell)
        .map(|(x, s)| {
            noisy_or(
                std::iter::once(s).chain(
                    Rule::ALL
                        .into_iter()
                        .filter(|r| !r.is_shell_rule())
                        .map(|r| x[r as usize]),
                ),
            )
        })
        .collect()
}

/// The default shell decision threshold on [`shell_scores`]: a calibrated probability of 0.5.
pub const SHELL_THRESHOLD: f64 = 0.5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_shell_model_parses() {
        let m = ShellModel::parse(DEFAULT_SHELL_WEIGHTS, "data/shell_weights.csv").unwrap();
        assert!(m.intercept < 0.0, "no signal must mean no shell");
        assert!(m.probability(&[0.0; FEATURES]) < 0.1);
        let again = ShellModel::parse(&m.to_csv(), "x").unwrap();
        assert!((again.intercept - m.intercept).abs() < 1e-3);
        assert!(ShellModel::parse("rule,weight\nnope,1\n", "w.csv").is_err());
    }
}
