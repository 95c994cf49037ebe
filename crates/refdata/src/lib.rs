//! Chokepoint's reference-data layer: the facts every stage shares, one copy each.
//!
//! - [`table`]: the one loader of editable CSV tables (`#` comment lines, a header row, named
//!   columns, errors naming the file, line and field). Every table that analysts may edit —
//!   legal forms, organisation types, given names, country names, HS category rules, … — is a
//!   data file read through it.
#![warn(missing_docs)]

pub mod control;
pub mod country;
pub mod date;
pub mod hash;
pub mod table;

pub use table::{Row, Table, TableError};
