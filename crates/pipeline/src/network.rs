//! Stage 4: the supply network over the stored trade records — entity resolution, the supply
//! graph, shell-company indicators, alerts saved to the store, and the defence end users each
//! country's companies reach.
//!
//! [`run_network_on_store`] is what `chokepoint network run` calls: it reads whatever customs
//! records and registries were imported into the store and hands them to [`run_network`], the
//! one function the demo calls too (the demo with its scenario's second view of the records).

use crate::error::Result;
use chokepoint_network::community::{communities, Community};
use chokepoint_network::indicators::{self, IndicatorOptions, Signal};
use chokepoint_network::registry;
use chokepoint_network::trace::{end_users_supplied_on, CountryBasis, EndUserCount};
use chokepoint_network::{
    alerts, build_alerts, judgement, resolve, Alert, Dataset, Graph, GraphOptions, Resolution,
    ResolveOptions, TraceOptions,
};
use chokepoint_store::Store;

/// The lowest risk that raises an alert.
pub const ALERT_MIN_RISK: f64 = 0.5;

/// What the network stage found.
pub struct NetworkOutcome {
    /// Which entity each party mention resolved to, with the reasons of every merge.
    pub resolution: Resolution,
    /// The supply graph over the resolved entities.
    pub graph: Graph,
    /// Every indicator signal.
    pub signals: Vec<Signal>,
    /// Each entity's shell-company score.
    pub shell: Vec<f64>,
    /// Ranked alerts (also saved in the store).
    pub alerts: Vec<Alert>,
    /// How many of the alerts were new to the store.
    pub new_alerts: usize,
    /// For each country asked about, the defence end users its companies supply.
    pub supplied: Vec<(String, EndUserCount)>,
    /// Louvain communities with their risk, riskiest first (empty unless asked for).
    pub communities: Vec<Community>,
}

/// What [`run_network_with`] computes beyond resolution, indicators and alerts.
#[derive(Debug, Clone, Default)]
pub struct NetworkOptions {
    /// Countries (ISO alpha-2) whose supplied defence end users are counted.
    pub countries: Vec<String>,
    /// Which companies are a country's for those counts.
    pub basis: CountryBasis,
    /// Whether to compute communities (Louvain over the whole graph).
    pub communities: bool,
}

/// Runs the network stage over `dataset` (trade records and registry companies; its
/// designations are set here from the store's list entities): resolves parties with the
/// analysts' judgements applied, builds the graph, scores the indicators, saves the alerts and
/// counts the end users that companies of each of `countries` (ISO alpha-2) supply.
pub fn run_network(
    store: &mut Store,
    dataset: &mut Dataset,
    countries: &[&str],
) -> Result<NetworkOutcome> {
    run_network_with(
        store,
        dataset,
        &NetworkOptions {
            countries: countries.iter().map(|c| (*c).to_string()).collect(),
            ..NetworkOptions::default()
        },
    )
}

/// [`run_network`] with its options: the basis of the country counts and communities.
pub fn run_network_with(
    store: &mut Store,
    dataset: &mut Dataset,
    options: &NetworkOptions,
) -> Result<NetworkOutcome> {
    dataset.designated = store.entities(None)?;
    let ds = &*dataset;
    let judgements = judgement::load_judgements(store.connection())?;
    let resolution = resolve(ds, &judgements, &ResolveOptions::default());
    let graph = Graph::build(ds, &resolution, &GraphOptions::default());
    let signals = indicators::run_all(&graph, ds, &IndicatorOptions::default());
    let shell = indicators::shell_scores(&graph, &signals);
    let alert_list = build_alerts(&graph, &resolution, &signals, ALERT_MIN_RISK);
    let tx = store.connection_mut().transaction()?;
    let new_alerts = alerts::save_alerts(&tx, &alert_list)?;
    tx.commit()?;
    let trace = TraceOptions::default();
    let supplied = options
        .countries
        .iter()
        .map(|cc| {
            (
                cc.clone(),
                end_users_supplied_on(&graph, ds, cc, options.basis, None, &trace),
            )
        })
        .collect();
    let communities = if options.communities {
        communities(&graph, &indicators::risk_scores(&graph, &signals)).1
    } else {
        Vec::new()
    };
    Ok(NetworkOutcome {
        resolution,
        graph,
        signals,
        shell,
        alerts: alert_list,
        new_alerts,
        supplied,
        communities,
    })
}

/// What [`run_network_on_store`] read from the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NetworkInput {
    /// Customs records read.
    pub records: usize,
    /// Registry companies read.
    pub registry: usize,
}

/// Builds the network's dataset from the store: every registry company imported
/// (`chokepoint network registry import`) and the customs records of one trade import (or
/// all), through the owning crates' readers.
pub fn network_dataset(store: &Store, import: Option<i64>) -> Result<(Dataset, NetworkInput)> {
    chokepoint_trade::migrate(store.connection())?;
    chokepoint_network::migrate(store.connection())?;
    let mut ds = Dataset::new();
    let registry = ds.load_registry(store.connection())?;
    let records = ds.load_trade_records(store.connection(), import)?;
    Ok((ds, NetworkInput { records, registry }))
}

/// The defence end-user register of the lists in the store (EU 833/2014 Annex IV, US Entity
/// List and MEU rows for Russia and Belarus, the SDN's Russian defence designations, an
/// analyst's own list: `chokepoint_lists::end_users`) as the entities the graph matches
/// companies against, so that end users come from the lists, not from a registry column.
pub fn defence_end_user_entities(store: &Store) -> Result<Vec<chokepoint_model::Entity>> {
    let mut out = Vec::new();
    for u in chokepoint_lists::end_users::defence_end_users(store)? {
        if let Some(e) = store.entity(&u.entity_id)? {
            out.push(e);
        }
    }
    Ok(out)
}

/// The network stage on whatever the store holds: [`network_dataset`] then [`run_network`]
/// (resolution, graph, indicators, alerts saved, end users supplied from `countries`).
/// An error when the store holds no customs records.
///
/// Like the demo, it saves the alerts (the queue `serve` shows) and puts the network picture
/// and the end users each country supplies in the store's documents (`network`, `traces`),
/// with the communities (`communities`). Defence end users come from the lists in the store
/// ([`defence_end_user_entities`]).
pub fn run_network_on_store(
    store: &mut Store,
    import: Option<i64>,
    options: &NetworkOptions,
) -> Result<(Dataset, NetworkOutcome, NetworkInput)> {
    let (mut ds, input) = network_dataset(store, import)?;
    ds.end_user_entities = defence_end_user_entities(store)?;
    if input.records == 0 {
        return Err(crate::error::PipelineError::Input(
            "the store holds no customs records: run `chokepoint trade import FILE` first".into(),
        ));
    }
    let out = run_network_with(store, &mut ds, options)?;
    let view = crate::report::network_view(&out);
    store.put_document("network", &view.picture.to_string())?;
    store.put_document("alert_networks", &view.alert_pictures.to_string())?;
    let end_users: Vec<serde_json::Value> = out
        .supplied
        .iter()
        .map(|(cc, c)| {
            serde_json::json!({
                "country": cc,
                "basis": c.basis,
                "count": c.count,
                "end_users": c.end_users.iter().map(|e| &e.name).collect::<Vec<_>>(),
            })
        })
        .collect();
    store.put_document(
        "traces",
        &serde_json::json!({"synthetic": false, "chains": &view.chains, "end_users": end_users})
            .to_string(),
    )?;
    let comms: Vec<serde_json::Value> = out
        .communities
        .iter()
        .take(100)
        .map(|c| {
            serde_json::json!({
                "id": c.id,
                "risk": c.risk,
                "flagged": c.flagged,
                "companies": c.companies.iter().take(50).map(|&v| &out.graph.labels[v as usize]).collect::<Vec<_>>(),
            })
        })
        .collect();
    store.put_document("communities", &serde_json::Value::Array(comms).to_string())?;
    Ok((ds, out, input))
}

/// Imports a registry file into the store through the header mapping (the built-in synonyms,
/// `mapping` on top): one transaction, nothing written on error.
pub fn import_registry(
    store: &mut Store,
    path: &std::path::Path,
    mapping: Option<&std::path::Path>,
) -> Result<registry::RegistryImport> {
    let m = match mapping {
        Some(p) => registry::RegistryMapping::with_file(p)?,
        None => registry::RegistryMapping::builtin(),
    };
    Ok(registry::import_registry(store.connection_mut(), path, &m)?)
}
