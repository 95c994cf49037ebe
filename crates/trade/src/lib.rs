//! Chokepoint trade: customs records in, goods classified against HS 2022 and the Common High
//! Priority List (CHPL), deceptive descriptions and HS substitutions flagged — with a seeded
//! scenario generator whose planted schemes are written to a separate truth file, and an
//! evaluation that scores every detector against that truth.
//!
//! The crate is a library called by the `chokepoint` CLI:
//! - `trade import` → [`store::migrate`] then [`import::import_file`] inside one transaction;
//! - `trade classify` → [`Classifier::load`] and [`Classifier::classify`];
//! - `trade flags` → [`detect::run_all`] on records read with [`store::load_records`];
//! - `trade eval` → [`eval::evaluate`];
//! - `scenario generate` → [`scenario::generate`].

pub mod category;
pub mod chpl;
pub mod classify;
pub mod date;
pub mod deceptive;
pub mod describe;
pub mod detect;
pub mod error;
pub mod eval;
pub mod flags;
pub mod hs;
pub mod import;
pub mod mapping;
pub mod mirror;
pub mod record;
pub mod scenario;
pub mod store;
pub mod substitution;

pub use category::{Category, CategoryRules};
pub use chpl::{Chpl, ChplTier};
pub use classify::{Classification, Classifier};
pub use date::Date;
pub use detect::{run_all, DetectOptions};
pub use error::{Result, TradeError};
pub use flags::Flag;
pub use hs::{parse_code, CodeError, Nomenclature};
pub use import::{read_all, read_records, Format, ReadOptions, ReadStats};
pub use mapping::ColumnMapping;
pub use record::{CustomsRecord, Field};
pub use store::{import_file, load_records, migrate, save_flags, ImportSummary};

/// The folder with the project's real reference data: `$CHOKEPOINT_SHARED_DATA` if set, else
/// `../shared/data` beside the checkout. Tests skip with a message when it is absent.
pub fn shared_data_dir() -> std::path::PathBuf {
    match std::env::var_os("CHOKEPOINT_SHARED_DATA") {
        Some(p) => p.into(),
        None => {
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        }
    }
}
