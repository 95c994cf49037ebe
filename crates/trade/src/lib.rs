//! Chokepoint trade: customs records in, goods classified against HS 2022 and the Common High
//! Priority List (CHPL), deceptive descriptions and HS substitutions flagged. (The seeded
//! scenario generator is `chokepoint-scenario`; the evaluation against its truth is
//! `chokepoint-eval`.)
//!
//! The crate is a library called by the `chokepoint` CLI:
//!
//! | command | calls |
//! |---|---|
//! | `trade import FILE [--mapping M] [--lenient] [--encoding E]` | [`Classifier::load`] (the `shared/data/hs` folder), [`migrate`], then inside one transaction [`import_file`] with [`ReadOptions`] (`mapping: ColumnMapping::with_file(M)`, `lenient`, `encoding`); `progress(rows, bytes)` drives a bar over the file size; commit on success, drop the transaction on error; the [`ImportSummary`]'s [`ReadStats`] lists unmapped columns, missing fields with what they disable, warnings and the first ten skipped rows |
//! | `trade columns FILE [--mapping M] [--encoding E]` | [`explain_columns`] → [`ColumnsReport`] (each header's field, currency and scale, or why it is not mapped) |
//! | `trade classify CODE…` | [`Classifier::report`] → [`CodeReport`] (serialisable; or [`Classifier::classify`] → [`Classification`]) |
//! | `trade flags [--import ID] [--mirror FILE]` | [`load_records`], [`run_all`] with [`Sources`] and [`DetectOptions::default`], [`save_flags`] |
//! | later stages (network, attribution) | [`read_classified`] / [`for_each_classified`] with a [`RecordFilter`] → [`ClassifiedRecord`]s (the record with its HS6, category and CHPL tier); [`read_flags`] with a [`FlagFilter`] → [`StoredFlag`]s |
//! | batch engines, one record at a time (the `cluster` crate's UDFs) | [`detect::RecordDetector`] (`desc.mismatch` and `route.transshipment` of one [`CustomsRecord`]), [`detect::party_key`] |
//! | `trade eval DIR` | `chokepoint_eval::trade::evaluate`; its `Report` prints as a table |
//! | `scenario generate --seed N --rows M --out DIR` | `chokepoint_scenario::generate` with `ScenarioOptions` |
//!
//! Detector rules (each [`Flag`] names one, with a score and the evidence record ids):
//! `desc.mismatch`, `desc.vague_value`, `value.high`, `value.low` (deceptive descriptions and
//! unit values), `sub.pair_shift`, `sub.description` (HS substitution), `mirror.substitution`,
//! `mirror.gap` (mirror trade), and `route.transshipment` — each a [`Rule`], one file per
//! detector under `detect/`. Shell and phoenix companies are the network crate's indicators. Generated files and everything built from them are marked
//! synthetic: [`CustomsRecord::synthetic`], the `trade_imports.synthetic` and
//! `trade_flags.synthetic` columns, `chokepoint_eval::trade::Report::synthetic`.
//!
//! Rules are data: `rules/categories.csv` (HS prefix → category), `rules/hs_concordance.csv`
//! (pre-2022 codes), `rules/columns.csv` (dump headers → fields, in the mapping format of
//! `chokepoint_refdata::columns`), `rules/field_uses.csv` (what a missing field switches off),
//! `rules/lexicon.csv` (the analysts' description words), `rules/components.csv` (component type
//! of a part-number family of `chokepoint-parts` → HS-6), `rules/neighbours.csv`, each embedded and
//! replaceable at run time ([`CategoryRules::load`], [`ColumnMapping::with_file`],
//! [`describe::DescriptionClassifier::load`]).

#![warn(missing_docs)]

pub mod bulk;
pub mod category;
pub mod chpl;
pub mod classify;
pub mod convert;
pub mod csv_split;
pub mod date;
pub mod describe;
pub mod detect;
pub mod error;
pub mod flags;
pub mod hs;
pub mod import;
pub mod mapping;
#[cfg(feature = "parquet")]
pub mod parquet_io;
pub mod record;
pub mod records;
pub mod store;

pub use category::{Category, CategoryRules};
pub use chpl::{Chpl, ChplTier};
pub use classify::{Classification, Classifier, CodeReport};
pub use convert::{RowWarning, SkippedRow};
pub use date::Date;
pub use detect::{run_all, DetectOptions, Sources};
pub use error::{Result, TradeError};
pub use flags::{Flag, Rule};
pub use hs::{parse_code, CodeError, Nomenclature};
pub use import::{
    explain_columns, file_headers, for_each_record, read_all, read_records, ColumnPlan,
    ColumnsReport, Format, ReadOptions, ReadStats,
};
pub use mapping::{ColumnMapping, MissingField};
pub use record::{CustomsRecord, Field, FieldWarning};
pub use records::{
    for_each_classified, read_classified, read_flags, ClassifiedRecord, FlagFilter, RecordFilter,
    StoredFlag,
};
pub use store::{import_file, load_records, migrate, save_flags, save_flags_of, ImportSummary};

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
