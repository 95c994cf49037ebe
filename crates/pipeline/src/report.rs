//! Stage 6: the report. Turns what the stages found into the rows, chains, alerts and headline
//! answers of [`chokepoint_report::ReportData`]; the truth of a synthetic world, where there is
//! one, is handed in by the caller and shown beside each answer, never computed here.

use crate::attribution::AttributionOutcome;
use crate::network::NetworkOutcome;
use chokepoint_attribution::{Definition, Resample};
use chokepoint_report::{
    AlertRow, Chain, ChainEdge, ChainNode, FlowRow, Headline, Intermediary, ShareRow,
};
use chokepoint_trade::ClassifiedRecord;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

/// Flows of goods of concern (every category but `other`; unclassified records left out) by
/// year, category, origin and transit country, with value and shipment count.
pub fn flows(records: &[ClassifiedRecord]) -> Vec<FlowRow> {
    let mut flows: BTreeMap<(i32, String, String, String), (f64, u64)> = BTreeMap::new();
    for c in records {
        let Some(category) = c.category else { continue };
        if !category.is_sensitive() {
            continue;
        }
        let r = &c.record;
        let e = flows
            .entry((
                r.date.year(),
                category.to_string(),
                r.origin_country.to_lowercase(),
                r.departure_country.to_lowercase(),
            ))
            .or_default();
        e.0 += r.value_usd().unwrap_or(0.0);
        e.1 += 1;
    }
    flows
        .into_iter()
        .map(
            |((year, category, origin, transit), (value_usd, shipments))| FlowRow {
                year,
                category,
                origin,
                transit,
                value_usd,
                shipments,
            },
        )
        .collect()
}

/// The `top` senders by value that dispatch goods from a country other than their origin (and
/// other than Russia), with the indicator names raised against each (`flags_of`, by name).
pub fn intermediaries(
    records: &[ClassifiedRecord],
    flags_of: &HashMap<String, Vec<String>>,
    top: usize,
) -> Vec<Intermediary> {
    let mut by_sender: HashMap<(String, String), (f64, u64)> = HashMap::new();
    for c in records {
        let r = &c.record;
        if r.departure_country != r.origin_country
            && !r.departure_country.eq_ignore_ascii_case("ru")
        {
            let e = by_sender
                .entry((r.sender_name.clone(), r.sender_country.clone()))
                .or_default();
            e.0 += r.value_usd().unwrap_or(0.0);
            e.1 += 1;
        }
    }
    let mut inter: Vec<_> = by_sender.into_iter().collect();
    inter.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
    inter
        .into_iter()
        .take(top)
        .map(|((name, country), (value_usd, shipments))| Intermediary {
            flags: flags_of.get(&name).cloned().unwrap_or_default(),
            name,
            country,
            value_usd,
            shipments,
        })
        .collect()
}

/// The network stage as the report shows it.
pub struct NetworkView {
    /// Supply paths behind the end-user counts (up to 4 for the first country, 2 for others).
    pub chains: Vec<Chain>,
    /// A small picture for the web UI: the nodes and edges of those chains.
    pub picture: Value,
    /// Each alert's own picture for the web UI's alert queue, keyed by alert key: its subject at
    /// the centre with its suppliers, customers and the end users beyond them
    /// ([`chokepoint_network::alert_pictures`]).
    pub alert_pictures: Value,
    /// Indicator names per company name.
    pub flags_of: HashMap<String, Vec<String>>,
    /// The first 40 alerts.
    pub alerts: Vec<AlertRow>,
}

/// Builds the report's view of the network stage.
pub fn network_view(net: &NetworkOutcome) -> NetworkView {
    let g = &net.graph;
    let mut chains = Vec::new();
    let mut nodes_json: Vec<Value> = Vec::new();
    let mut edges_json: Vec<Value> = Vec::new();
    for (k, (cc, c)) in net.supplied.iter().enumerate() {
        for e in c.end_users.iter().take(if k == 0 { 4 } else { 2 }) {
            let mut nodes: Vec<ChainNode> = Vec::new();
            let mut index: HashMap<u32, usize> = HashMap::new();
            let mut edges = Vec::new();
            for h in &e.hops {
                for (node, name) in [(h.from, &h.from_name), (h.to, &h.to_name)] {
                    if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(node) {
                        let v = node as usize;
                        let kind = if g.designated.get(v).is_some_and(Option::is_some) {
                            "designated"
                        } else if g.defence.get(v).copied().unwrap_or(false) {
                            "end_user"
                        } else if nodes.is_empty() {
                            "origin"
                        } else {
                            "intermediary"
                        };
                        slot.insert(nodes.len());
                        nodes.push(ChainNode {
                            label: name.clone(),
                            country: g.country.get(v).cloned().unwrap_or_default(),
                            kind: kind.into(),
                        });
                    }
                }
                edges.push(ChainEdge {
                    from: index.get(&h.from).copied().unwrap_or(0),
                    to: index.get(&h.to).copied().unwrap_or(0),
                    label: format!(
                        "{} {}–{}",
                        h.categories.join("/"),
                        h.first.year(),
                        h.last.year()
                    ),
                    value_usd: h.value,
                    evidence: h.record_ids.iter().take(50).cloned().collect(),
                });
                edges_json.push(json!({"source": h.from_name, "target": h.to_name, "value": h.value, "label": format!("{} shipments", h.shipments)}));
            }
            for n in &nodes {
                if !nodes_json.iter().any(|x| x["id"] == n.label) {
                    nodes_json.push(json!({"id": n.label, "label": n.label, "kind": if n.kind == "designated" || n.kind == "end_user" { "designated" } else { "company" }}));
                }
            }
            chains.push(Chain {
                title: format!("{cc} → {} ({})", e.name, e.why),
                nodes,
                edges,
            });
        }
    }
    let mut flags_of: HashMap<String, Vec<String>> = HashMap::new();
    for a in &net.alerts {
        flags_of
            .entry(a.name.clone())
            .or_default()
            .extend(a.parts.iter().map(|p| p.rule.clone()));
    }
    let alerts = net
        .alerts
        .iter()
        .take(40)
        .map(|a| AlertRow {
            id: a.key.clone(),
            subject: format!("{} ({})", a.name, a.country),
            score: a.risk,
            parts: a
                .parts
                .iter()
                .map(|p| format!("{} {:.2}: {}", p.rule, p.score, p.explanation))
                .collect(),
            evidence: a.records.clone(),
            status: a.status.to_string(),
        })
        .collect();
    let pictures = chokepoint_network::alert_pictures(g, &net.resolution, &net.alerts, 8);
    NetworkView {
        chains,
        picture: json!({"nodes": nodes_json, "edges": edges_json}),
        alert_pictures: serde_json::to_value(pictures).unwrap_or(Value::Null),
        flags_of,
        alerts,
    }
}

/// One headline per country of [`NetworkOutcome::supplied`]: how many defence end users its
/// companies supply, with the shipments behind them as evidence. `truth(cc)` gives the same
/// count on a synthetic world's true identities, where there is one.
pub fn end_user_headlines(
    net: &NetworkOutcome,
    label: &dyn Fn(&str) -> String,
    truth: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Headline> {
    net.supplied
        .iter()
        .map(|(cc, c)| {
            let evidence: u64 = c
                .end_users
                .iter()
                .flat_map(|e| e.hops.iter())
                .map(|h| h.record_ids.len() as u64)
                .sum();
            Headline {
                question: format!(
                    "Russian defence end users supplied by companies in {}",
                    label(cc)
                ),
                answer: format!("{} end users", c.count),
                evidence,
                detail: "distinct defence plants or designated end users reached by shipments from the country's companies, each with a supply path".into(),
                truth: truth(cc).map(|t| format!("{t} (the same query on the true identities)")),
            }
        })
        .collect()
}

/// The attribution stage as the report and the terminal show it.
pub struct AttributionView {
    /// Share rows for the report (every family, period, definition and country).
    pub shares: Vec<ShareRow>,
    /// Lines for the terminal: the resampling unit, then the top three countries of each
    /// definition over all components.
    pub lines: Vec<String>,
    /// What the intervals resampled, as words (empty when there is no overall group).
    pub unit: String,
    /// The same as JSON (`{"unit": …, "units": …}`), `null` without an overall group.
    pub unit_json: Value,
    /// The dispatch linkage model as JSON: estimator, flagged weight, linked fraction, the
    /// linked rows' share of the dispatch weight, bounds, and the plain join's dispatch shares.
    pub linkage_json: Value,
}

/// The first three shares as the terminal shows them: `CN 58% [53–63]`.
fn top_three(shares: &[chokepoint_attribution::shares::CountryShare]) -> Vec<String> {
    shares
        .iter()
        .take(3)
        .map(|c| {
            format!(
                "{} {:.0}% [{:.0}–{:.0}]",
                c.country,
                c.share * 100.0,
                c.lo * 100.0,
                c.hi * 100.0
            )
        })
        .collect()
}

/// Builds the report's and the terminal's view of the attribution shares.
pub fn attribution_view(attr: &AttributionOutcome) -> AttributionView {
    let report = &attr.report;
    let mut shares = Vec::new();
    for g in &report.groups {
        let family = if g.family == "ALL" {
            "all".to_string()
        } else {
            g.family.clone()
        };
        for d in &g.definitions {
            for c in &d.shares {
                shares.push(ShareRow {
                    definition: d.definition.as_str().to_string(),
                    family: family.clone(),
                    period: g.period.clone(),
                    country: c.country.to_lowercase(),
                    share: c.share,
                    lo: c.lo,
                    hi: c.hi,
                    n: c.count.round() as u64,
                });
            }
        }
    }
    let mut lines = Vec::new();
    let mut unit = String::new();
    let mut unit_json = Value::Null;
    if let Some(all) = report.group("ALL", "all") {
        // Say what the intervals resampled: whole recovered weapons, or (data without weapon
        // ids or recovery dates) single components, which understates the uncertainty.
        unit = match all.resampled {
            Resample::Weapons => format!(
                "95 % bootstrap interval resampling {} whole recovered weapons",
                all.n_weapons
            ),
            Resample::Components => format!(
                "95 % bootstrap interval resampling {} single components (no weapon ids: too narrow when weapons cluster)",
                all.n_records
            ),
        };
        lines.push(format!(
            "{:<13} {unit} ({} components)",
            "intervals", all.n_records
        ));
        unit_json = json!({"unit": all.resampled.as_str(), "units": match all.resampled {
            Resample::Weapons => all.n_weapons,
            Resample::Components => all.n_records,
        }});
        for def in [
            Definition::Headquarters,
            Definition::Manufacture,
            Definition::Dispatch,
        ] {
            let Some(d) = all.get(def) else { continue };
            let top = top_three(&d.shares);
            lines.push(format!(
                "{:<13} {} (known for {:.0} of {} components)",
                def.as_str(),
                top.join(", "),
                d.n_known,
                all.n_records
            ));
        }
    }
    let link = &attr.linkage;
    let plain = attr
        .plain
        .group("ALL", "all")
        .and_then(|g| g.get(Definition::Dispatch));
    if link.components > 0 {
        lines.push(format!(
            "{:<13} {} model: linked by part number {} of {} components ({:.0} %), part-naming rows carry {:.0} % of the dispatch weight, flagged rows weigh {}×",
            "dispatch link",
            link.estimator,
            link.linked,
            link.components,
            link.linked_fraction * 100.0,
            link.linked_weight * 100.0,
            link.options.flagged_weight
        ));
        let bounds: Vec<String> = link
            .bounds
            .iter()
            .take(3)
            .map(|b| {
                format!(
                    "{} {:.0}–{:.0}% (interval {:.0}–{:.0}%)",
                    b.country,
                    b.lo * 100.0,
                    b.hi * 100.0,
                    b.interval_lo * 100.0,
                    b.interval_hi * 100.0
                )
            })
            .collect();
        let before = plain.map(|d| top_three(&d.shares)).unwrap_or_default();
        lines.push(format!(
            "{:<13} plain part-number join {}; bounds with the hidden part anywhere: {}",
            "",
            before.join(", "),
            bounds.join(", ")
        ));
    }
    let linkage_json = json!({
        "estimator": link.estimator,
        "model": link.model,
        "flagged_weight": link.options.flagged_weight,
        "hidden_rows": link.options.hidden_rows,
        "flagged_rows": link.flagged_rows,
        "hidden_candidate_rows": link.hidden_candidate_rows,
        "components": link.components,
        "linked": link.linked,
        "linked_fraction": link.linked_fraction,
        "linked_weight": link.linked_weight,
        "flagged_share_of_linked": link.flagged_share_of_linked,
        "bounds": link.bounds,
        "plain_join": plain.map(|d| &d.shares),
    });
    AttributionView {
        shares,
        lines,
        unit,
        unit_json,
        linkage_json,
    }
}

/// The attribution headlines: the share of components shipped to Russia from each of
/// `dispatch_countries`, and the share with US-headquartered makers; `unit` says what the
/// intervals resampled ([`AttributionView::unit`]). `truth(cc)` gives a
/// synthetic world's true dispatch share and the components it is known for. Also returns the
/// dispatch rows as JSON (estimate and truth) for a summary.
pub fn attribution_headlines(
    attr: &AttributionOutcome,
    dispatch_countries: &[&str],
    unit: &str,
    truth: &dyn Fn(&str) -> Option<(f64, usize)>,
) -> (Vec<Headline>, Vec<Value>) {
    let mut headlines = Vec::new();
    let mut json_rows = Vec::new();
    let Some(all) = attr.report.group("ALL", "all") else {
        return (headlines, json_rows);
    };
    for country in dispatch_countries {
        let est = all
            .get(Definition::Dispatch)
            .and_then(|d| d.share_of(country).cloned());
        let truth = truth(country);
        // The linkage interval (the bounds' bootstrap) when the model ran: it states what the
        // shipments hiding the part could be, which the sampling interval alone cannot.
        let bounds = attr.linkage.bounds.iter().find(|b| b.country == *country);
        if let Some(e) = &est {
            let (lo, hi, which) = match bounds {
                Some(b) => (
                    b.interval_lo,
                    b.interval_hi,
                    "linkage interval: the hidden part anywhere, weapons resampled",
                ),
                None => (e.lo, e.hi, unit),
            };
            headlines.push(Headline {
                question: format!("Share of recovered components shipped to Russia from {country}"),
                answer: format!(
                    "{:.0} % [{:.0}–{:.0} %]",
                    e.share * 100.0,
                    lo * 100.0,
                    hi * 100.0
                ),
                evidence: e.count.round() as u64,
                detail: format!(
                    "country of dispatch: shipments naming the part and flagged shipments hiding it, weighted by the linkage model ({}, part-naming rows {:.0} % of the weight); {which}",
                    attr.linkage.estimator,
                    attr.linkage.linked_weight * 100.0
                ),
                truth: truth.map(|(t, n)| {
                    format!("{:.0} % of {n} components with a known shipment", t * 100.0)
                }),
            });
        }
        json_rows.push(json!({
            "definition": "dispatch", "country": country,
            "share": est.as_ref().map(|e| e.share), "lo": est.as_ref().map(|e| e.lo), "hi": est.as_ref().map(|e| e.hi),
            "truth": truth.map(|t| t.0), "truth_n": truth.map(|t| t.1),
            "estimator": attr.linkage.estimator,
            "bounds_lo": bounds.map(|b| b.lo), "bounds_hi": bounds.map(|b| b.hi),
            "linkage_lo": bounds.map(|b| b.interval_lo), "linkage_hi": bounds.map(|b| b.interval_hi),
            "plain_join": attr.plain.group("ALL", "all").and_then(|g| g.get(Definition::Dispatch)).and_then(|d| d.share_of(country)).map(|p| json!({"share": p.share, "lo": p.lo, "hi": p.hi})),
        }));
    }
    if let Some(d) = all.get(Definition::Headquarters) {
        if let Some(us) = d.share_of("US") {
            headlines.push(Headline {
                question: "Share of recovered components with US-headquartered makers".into(),
                answer: format!(
                    "{:.0} % [{:.0}–{:.0} %]",
                    us.share * 100.0,
                    us.lo * 100.0,
                    us.hi * 100.0
                ),
                evidence: us.count.round() as u64,
                detail: format!(
                    "brand headquarters (mergers followed), the basis RUSI, CAR and KSE use; {unit}"
                ),
                truth: None,
            });
        }
    }
    (headlines, json_rows)
}
