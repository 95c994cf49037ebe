//! Chokepoint network: who trades with whom, behind which names.
//!
//! The stages, each its own module:
//! - [`data`]: trade parties as records name them, shipments as compact columns, registry
//!   companies and watchlist entities gathered in a [`Dataset`];
//! - [`resolve`]: entity resolution of the parties with the screening engine (blocking through
//!   its index), INN and registry keys, address agreement and union-find with a documented
//!   threshold; every merge records why; analyst judgements ([`judgement`]) override it;
//! - [`graph`]: the supply graph (companies, persons, addresses, phones; shipments aggregated
//!   by category and year with their records; directorship, ownership, shared address and
//!   phone links) in compressed sparse rows;
//! - [`trace`]: paths to defence end users and from countries, with the shipments behind every
//!   hop, and the count of end users a country supplies;
//! - [`indicators`]: shell-company and network rules, each with its own score and evidence;
//! - [`community`]: Louvain communities with their risk;
//! - [`alerts`]: ranked alerts with the parts of their risk, statuses and an audit trail;
//! - [`picture`]: the network picture of one alert, its subject at the centre with its
//!   suppliers, customers, the end users beyond them and the companies linked to it;
//! - [`registry`]: company registries in any column names, imported into the store through a
//!   header mapping and read back as [`RegistryCompany`] values;
//! - [`ids`]: INN normalisation (digits, a lost leading zero restored).
//!
//! The planted-truth scenario adapter and the evaluation against it are in `chokepoint-eval`.
//!
//! SQLite tables owned here (created by [`migrate`]): `network_judgements`,
//! `network_alerts`, `network_alert_audit`, `network_registry_imports`, `network_registry`.

#![warn(missing_docs)]

pub mod alerts;
pub mod community;
pub mod data;
pub mod error;
pub mod graph;
pub mod ids;
pub mod indicators;
pub mod judgement;
pub mod picture;
pub mod registry;
pub mod resolve;
pub mod trace;

pub use alerts::{build_alerts, Alert, Status};
pub use data::{Dataset, Party, RegistryCompany};
pub use error::{NetworkError, Result};
pub use graph::{Graph, GraphOptions};
pub use judgement::{Judgements, Verdict};
pub use picture::{alert_pictures, neighbourhood, Neighbourhood};
pub use resolve::{resolve, resolve_with_pairs, Resolution, ResolveOptions, ScoredPair};
pub use trace::{end_users_supplied, trace_from_country, trace_to, TraceOptions};

/// Creates every table of the network crate (idempotent).
pub fn migrate(conn: &rusqlite::Connection) -> Result<()> {
    judgement::migrate(conn)?;
    alerts::migrate(conn)?;
    registry::migrate(conn)?;
    Ok(())
}
