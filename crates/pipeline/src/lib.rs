//! Chokepoint's stage layer: each stage of the pipeline as one library call over the store.
//!
//! | stage | call | reads | writes |
//! |---|---|---|---|
//! | open | [`open_store`] | — | every stage's tables ([`store::STAGES`]) |
//! | 1 lists | [`ingest_lists`] | list files | `entities`, `imports`, `deltas` |
//! | 2 screening | [`load_index`], [`screen_parties`] | `entities` | — |
//! | 3 trade | [`import_trade`], [`detect_trade`], [`trade_parties`] | a customs file; `trade_records` | `trade_*` tables, `trade_flags` |
//! | 4 network | [`run_network`] ([`run_network_on_store`] for any store) | trade records (through trade's reader), `network_registry`, `entities`, `network_judgements` | `network_alerts` |
//! | 5 attribution | [`attribute`] | a components file; trade records (through trade's reader) | — |
//! | real data | [`reexport::real_surges`] | Eurostat's CN8 export file; `reexport_*` | `reexport_*` tables |
//! | 6 report | [`report`] | what the stages returned | the page and summary (the caller writes them) |
//!
//! The `chokepoint` commands and the demo call these functions and only compose them: a stage
//! reads what earlier stages saved in the store, never their input files again.
#![warn(missing_docs)]

pub mod attribution;
pub mod demo;
pub mod discover;
pub mod error;
pub mod lists;
pub mod network;
pub mod progress;
pub mod real;
pub mod reexport;
pub mod report;
pub mod screen;
pub mod store;
pub mod teardowns;
pub mod trade;
pub mod watchlist;

pub use attribution::{attribute, AttributionOutcome};
pub use error::{PipelineError, Result};
pub use lists::{ingest_lists, ingest_lists_inspect, IngestOptions, SourceReport};
pub use network::{
    import_registry, network_dataset, run_network, run_network_on_store, run_network_with,
    NetworkInput, NetworkOptions, NetworkOutcome,
};
pub use progress::{Progress, Silent};
pub use screen::{
    canonical_entities, list_judgements, load_index, refresh_merges, save_merges, screen_parties,
    stored_merges, PartyMatch, PartyName, Screening, StoredMerge, MERGES_DOCUMENT,
};
pub use store::open_store;
pub use teardowns::{real_teardowns, RealTeardownsOutcome};
pub use trade::{detect_trade, import_trade, trade_parties, ImportedTrade};
