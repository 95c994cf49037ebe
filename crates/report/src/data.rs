//! The numbers a report shows, filled by the pipeline stages.

use serde::{Deserialize, Serialize};

/// Everything the report shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReportData {
    /// The report's title.
    pub title: String,
    /// When it was generated (UTC, ISO 8601).
    pub generated_at: String,
    /// Inputs that are synthetic, each described (e.g. "customs records: scenario seed 7").
    pub synthetic_inputs: Vec<String>,
    /// The headline answers.
    pub headlines: Vec<Headline>,
    /// The lists screened against.
    pub lists: Vec<ListRow>,
    /// CHPL-category flows by year, origin and transit country.
    pub flows: Vec<FlowRow>,
    /// Origin shares of critical components, with intervals.
    pub shares: Vec<ShareRow>,
    /// The top intermediaries.
    pub intermediaries: Vec<Intermediary>,
    /// Traced chains from origin to defence end user.
    pub chains: Vec<Chain>,
    /// Alerts, ranked.
    pub alerts: Vec<AlertRow>,
    /// The real-data part, shown first and apart from the synthetic scenario.
    #[serde(default)]
    pub real: RealData,
}

/// Answers from public data (not the scenario): headlines with their sources, and the sections
/// that are present when their files are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RealData {
    /// Headline answers, each naming its source file and rows.
    pub headlines: Vec<Headline>,
    /// Components found in Russian weapons by origin definition.
    pub teardowns: Option<crate::RealTeardowns>,
    /// Military end users in third countries (EU Annex IV).
    pub end_users: Option<crate::RealEndUsersView>,
    /// Re-export surges in EU exports.
    pub surges: Option<crate::RealSurgesView>,
}

/// One question and its answer, with the evidence count behind it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Headline {
    /// The question an analyst asks.
    pub question: String,
    /// The answer in a few words ("17 defence plants", "78 % [71–84 %]").
    pub answer: String,
    /// How many evidence rows support it.
    pub evidence: u64,
    /// A sentence of context: definition, period, caveat.
    pub detail: String,
    /// The truth, when the input is a scenario with known ground truth.
    pub truth: Option<String>,
}

/// One list in the store.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ListRow {
    /// The list id.
    pub list: String,
    /// Entities.
    pub entities: u64,
    /// Publication date.
    pub published: String,
}

/// Trade of one goods category in one year from one origin through one transit country.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FlowRow {
    /// The year.
    pub year: i32,
    /// The goods category (microelectronics, machine tools, …).
    pub category: String,
    /// Country of origin (ISO code).
    pub origin: String,
    /// Country of dispatch or trade (ISO code).
    pub transit: String,
    /// Value in US dollars.
    pub value_usd: f64,
    /// Number of shipment records.
    pub shipments: u64,
}

/// One origin share with its interval.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ShareRow {
    /// Which definition of origin: headquarters, manufacture, shipped-from.
    pub definition: String,
    /// Weapon family, or `all`.
    pub family: String,
    /// Period (year or quarter), or `all`.
    pub period: String,
    /// Country (ISO code) or `unknown`.
    pub country: String,
    /// Share in `0..=1`.
    pub share: f64,
    /// Lower bound of the 95 % interval.
    pub lo: f64,
    /// Upper bound of the 95 % interval.
    pub hi: f64,
    /// Components behind the share.
    pub n: u64,
}

/// An intermediary company ranked by value shipped.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Intermediary {
    /// The resolved company name.
    pub name: String,
    /// Its country.
    pub country: String,
    /// Value shipped in US dollars.
    pub value_usd: f64,
    /// Number of shipments.
    pub shipments: u64,
    /// Indicators that fired for it.
    pub flags: Vec<String>,
}

/// A traced chain from origin to defence end user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Chain {
    /// A title, e.g. "CN microelectronics → JSC X".
    pub title: String,
    /// The nodes, origin first.
    pub nodes: Vec<ChainNode>,
    /// The edges between nodes (by index).
    pub edges: Vec<ChainEdge>,
}

/// A node of a chain.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChainNode {
    /// The name shown.
    pub label: String,
    /// Its country.
    pub country: String,
    /// `origin`, `intermediary`, `shell`, `end_user`, `designated`.
    pub kind: String,
}

/// An edge of a chain with the shipments behind it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChainEdge {
    /// Index of the source node.
    pub from: usize,
    /// Index of the target node.
    pub to: usize,
    /// What moved: category and years.
    pub label: String,
    /// Value in US dollars.
    pub value_usd: f64,
    /// Record ids of the shipments.
    pub evidence: Vec<String>,
}

/// One alert.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AlertRow {
    /// The alert id (an anchor in the page).
    pub id: String,
    /// What it is about.
    pub subject: String,
    /// Its risk score.
    pub score: f64,
    /// The parts of the score, as sentences.
    pub parts: Vec<String>,
    /// Evidence record ids.
    pub evidence: Vec<String>,
    /// open, confirmed or dismissed.
    pub status: String,
}
