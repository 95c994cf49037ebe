//! Chokepoint attribution: from components recovered in weapons to origin shares with honest
//! uncertainty.
//!
//! Placeholder crate root; see the modules.

pub mod bootstrap;
pub mod catalog;
pub mod country;
pub mod coverage;
pub mod date;
pub mod error;
pub mod import;
pub mod origin;
pub mod partnum;
pub mod record;
pub mod registry;
pub mod shares;
pub mod synth;
pub mod trade;
