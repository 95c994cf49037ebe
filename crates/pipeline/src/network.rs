//! Stage 4: the supply network over the stored trade records — entity resolution, the supply
//! graph, shell-company indicators, alerts saved to the store, and the defence end users each
//! country's companies reach.

use crate::error::Result;
use chokepoint_network::indicators::{self, IndicatorOptions, Signal};
use chokepoint_network::trace::EndUserCount;
use chokepoint_network::{
    alerts, build_alerts, end_users_supplied, judgement, resolve, Alert, Dataset, Graph,
    GraphOptions, Resolution, ResolveOptions, TraceOptions,
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
    let options = TraceOptions::default();
    let supplied = countries
        .iter()
        .map(|cc| {
            (
                (*cc).to_string(),
                end_users_supplied(&graph, ds, cc, None, &options),
            )
        })
        .collect();
    Ok(NetworkOutcome {
        resolution,
        graph,
        signals,
        shell,
        alerts: alert_list,
        new_alerts,
        supplied,
    })
}
