//! The network stage of the demo: resolution, supply graph, traces, indicators and alerts,
//! scored against the scenario's truth.

use anyhow::{Context, Result};
use chokepoint_eval::network as eval;
use chokepoint_eval::network_scenario::{load, AdapterOptions};
use chokepoint_network::{
    alerts, build_alerts, end_users_supplied, indicators, judgement, resolve, Graph, GraphOptions,
    ResolveOptions, TraceOptions,
};
use chokepoint_report::{AlertRow, Chain, ChainEdge, ChainNode, Headline};
use chokepoint_store::Store;
use chokepoint_trade::registry::RegistryEntry;
use chokepoint_trade::Classifier;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;

/// What the demo shows of the network stage.
#[derive(Default)]
pub struct NetResult {
    /// One line for the terminal.
    pub summary: String,
    /// Headline answers with the truth.
    pub headlines: Vec<Headline>,
    /// Traced chains for the report.
    pub chains: Vec<Chain>,
    /// Alerts for the report.
    pub alerts: Vec<AlertRow>,
    /// Indicator names per company name, for the intermediaries table.
    pub flags_of: HashMap<String, Vec<String>>,
    /// A small network picture for the web UI: nodes and edges of the traced chains.
    pub picture: Value,
    /// The same as JSON for summary.json.
    pub json: Value,
}

/// Ids of the scenario's defence end users (registry role `end_user`).
pub fn end_user_ids(scenario: &Path) -> Result<Vec<String>> {
    let path = scenario.join("companies.csv");
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let (Some(id), Some(role)) = (
        headers.iter().position(|h| h == "id"),
        headers.iter().position(|h| h == "role"),
    ) else {
        anyhow::bail!("{}:1: the header lacks `id` or `role`", path.display());
    };
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row?;
        if row.get(role) == Some("end_user") {
            out.push(row.get(id).unwrap_or_default().to_string());
        }
    }
    Ok(out)
}

/// Runs the network stage on the scenario, with the store's list entities as designations.
pub fn run(
    scenario: &Path,
    seed: u64,
    classifier: &Classifier,
    _registry: &[RegistryEntry],
    store: &mut Store,
) -> Result<NetResult> {
    let mut loaded = load(scenario, seed, classifier, &AdapterOptions::default())?;
    // The same designations (the store's lists) for the evaluation's resolved and true graphs
    // as for the graph below, so that predicted and true counts answer the same question.
    loaded.dataset.designated = store.entities(None)?;
    let ev = eval::evaluate(&loaded, &ResolveOptions::default());
    let ds = &loaded.dataset;
    chokepoint_network::migrate(store.connection())?;
    let judgements = judgement::load_judgements(store.connection())?;
    let res = resolve(ds, &judgements, &ResolveOptions::default());
    let g = Graph::build(ds, &res, &GraphOptions::default());
    let signals = indicators::run_all(&g, ds, &indicators::IndicatorOptions::default());
    let alert_list = build_alerts(&g, &res, &signals, 0.5);
    let tx = store.connection_mut().transaction()?;
    let new_alerts = alerts::save_alerts(&tx, &alert_list)?;
    tx.commit()?;
    let topts = TraceOptions::default();
    let mut headlines = Vec::new();
    let mut counts = Vec::new();
    for (cc, label) in [("CN", "mainland China"), ("HK", "Hong Kong")] {
        let c = end_users_supplied(&g, ds, cc, None, &topts);
        let truth = ev
            .counts
            .iter()
            .find(|x| x.country == cc && x.category == "all")
            .map(|x| x.truth);
        let evidence: u64 = c
            .end_users
            .iter()
            .flat_map(|e| e.hops.iter())
            .map(|h| h.record_ids.len() as u64)
            .sum();
        headlines.push(Headline {
            question: format!("Russian defence end users supplied by companies in {label}"),
            answer: format!("{} end users", c.count),
            evidence,
            detail: "distinct defence plants or designated end users reached by shipments from the country's companies, each with a supply path".into(),
            truth: truth.map(|t| format!("{t} (the same query on the true identities)")),
        });
        counts.push((cc, c));
    }
    headlines.push(Headline {
        question: "Shell companies detected".into(),
        answer: format!("{}", ev.shell_predicted),
        evidence: ev.shell_predicted as u64,
        detail: format!(
            "precision {:.0} % · recall {:.0} % against the planted shells",
            ev.shell_precision * 100.0,
            ev.shell_recall * 100.0
        ),
        truth: Some(format!(
            "{} planted shells trade in the data",
            ev.shell_truth
        )),
    });
    headlines.push(Headline {
        question: "Planted supply chains traced to their end user".into(),
        answer: format!("{} of {}", ev.chains_found, ev.chains),
        evidence: ev.chains_found as u64,
        detail: format!(
            "entity resolution pairwise precision {:.2} · recall {:.2} over {} party mentions",
            ev.resolution.precision, ev.resolution.recall, ev.parties
        ),
        truth: Some(format!("{} planted chains", ev.chains)),
    });

    // Chains for the report: the supply paths behind the CN count (up to 4).
    let mut chains = Vec::new();
    let mut nodes_json: Vec<Value> = Vec::new();
    let mut edges_json: Vec<Value> = Vec::new();
    for (cc, c) in &counts {
        for e in c.end_users.iter().take(if *cc == "CN" { 4 } else { 2 }) {
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
    for a in &alert_list {
        flags_of
            .entry(a.name.clone())
            .or_default()
            .extend(a.parts.iter().map(|p| p.rule.clone()));
    }
    let report_alerts: Vec<AlertRow> = alert_list
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
    let summary = format!(
        "{} party mentions resolved into {} entities (pairwise P {:.2} / R {:.2}); {} shells flagged (P {:.2} / R {:.2}); {} of {} planted chains traced; {} alerts ({} new); end users supplied from CN: {}, HK: {}",
        ev.parties,
        ev.entities,
        ev.resolution.precision,
        ev.resolution.recall,
        ev.shell_predicted,
        ev.shell_precision,
        ev.shell_recall,
        ev.chains_found,
        ev.chains,
        alert_list.len(),
        new_alerts,
        counts[0].1.count,
        counts[1].1.count
    );
    Ok(NetResult {
        summary,
        headlines,
        chains,
        alerts: report_alerts,
        flags_of,
        picture: json!({"nodes": nodes_json, "edges": edges_json}),
        json: json!({
            "evaluation": ev,
            "alerts": alert_list.len(),
            "end_users": counts.iter().map(|(cc, c)| json!({"country": cc, "count": c.count, "end_users": c.end_users.iter().map(|e| &e.name).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        }),
    })
}
