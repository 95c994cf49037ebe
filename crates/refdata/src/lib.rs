//! Chokepoint's reference-data layer: the facts every stage shares, one copy each.
//!
//! - [`table`]: the one loader of editable CSV tables (`#` comment lines, a header row, named
//!   columns, errors naming the file, line and field). Every table that analysts may edit —
//!   legal forms, organisation types, given names, country names, HS category rules, … — is a
//!   data file read through it.
//! - [`date`]: the one calendar: [`date::Date`] (a day), [`date::PartialDate`] (a `Date` known
//!   to a year, month or day), [`date::Period`], and UTC timestamps.
//! - [`control`]: the control dates (the invasion, the CHPL's publication and extensions).
//! - [`country`]: the one country normaliser and its data file `data/countries.csv` (codes
//!   upper case; [`country::Country::lower`] for FtM's lower case).
//! - [`columns`]: the one header-mapping mechanism (canonical fields ← header synonyms, units
//!   read off headers) that every tabular importer uses; its mapping format is documented there.
//! - [`defence`]: the one rule that reads an SDN entry as a Russian defence-sector
//!   designation, over its data file `data/defence_words.csv`.
//! - [`ru_ids`]: Russian identifiers (INN, OGRN/OGRNIP): cleaning, check digits, a lost
//!   leading zero restored.
//! - [`hash`]: the one fast hasher ([`hash::FastMap`], [`hash::FastSet`]).
//! - [`html`]: the one HTML escaper (the report's pages and the server's previews).
#![warn(missing_docs)]

pub mod columns;
pub mod control;
pub mod country;
pub mod date;
pub mod defence;
pub mod hash;
pub mod html;
pub mod ru_ids;
pub mod table;

pub use table::{Row, Table, TableError};
