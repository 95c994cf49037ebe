//! Chokepoint's stage layer: each stage of the pipeline as one library call over the store.
//!
//! | stage | call | reads | writes |
//! |---|---|---|---|
//! | open | [`open_store`] | — | every stage's tables ([`store::STAGES`]) |
//! | 1 lists | [`ingest_lists`] | list files | `entities`, `imports`, `deltas` |
//! | 2 screening | [`load_index`], [`screen_parties`] | `entities` | — |
//! | 3 trade | [`import_trade`], [`detect_trade`], [`trade_parties`] | a customs file; `trade_records` | `trade_*` tables, `trade_flags` |
//!
//! The `chokepoint` commands and the demo call these functions and only compose them: a stage
//! reads what earlier stages saved in the store, never their input files again.
#![warn(missing_docs)]

pub mod error;
pub mod lists;
pub mod progress;
pub mod screen;
pub mod store;
pub mod trade;

pub use error::{PipelineError, Result};
pub use lists::{ingest_lists, IngestOptions, SourceReport};
pub use progress::{Progress, Silent};
pub use screen::{load_index, screen_parties, PartyMatch, PartyName, Screening};
pub use store::open_store;
pub use trade::{detect_trade, import_trade, trade_parties, ImportedTrade};
