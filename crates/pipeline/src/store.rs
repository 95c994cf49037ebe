//! Opening the store with every stage's tables up to date.

use crate::error::Result;
use chokepoint_store::{Migration, Store};
use std::path::Path;

/// The stages that keep tables in the store, in the order their migrations run.
pub const STAGES: [(&str, Migration); 4] = [
    ("screen", |c| {
        chokepoint_screen::reviews::migrate(c).map_err(Into::into)
    }),
    ("trade", |c| {
        chokepoint_trade::migrate(c).map_err(Into::into)
    }),
    ("network", |c| {
        chokepoint_network::migrate(c).map_err(Into::into)
    }),
    ("reexport", |c| {
        chokepoint_reexport::migrate(c).map_err(Into::into)
    }),
];

/// Opens (creating if needed) the store at `path` and brings the schema of the store and of
/// every stage ([`STAGES`]) up to date.
pub fn open_store(path: &Path) -> Result<Store> {
    Ok(Store::open_with(path, &STAGES)?)
}
