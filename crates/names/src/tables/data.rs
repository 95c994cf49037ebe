//! The one way the built-in tables are read: the data files under `data/` are embedded in the
//! crate and parsed with [`chokepoint_refdata::Table`] the first time they are needed. The
//! files are fixed at build time, so a malformed one is a bug of the crate, caught by the test
//! that loads every table (`tables::tests`), never an error of a caller's input.

use chokepoint_refdata::{Table, TableError};

/// Parses a built-in table and reads its rows with `read`.
pub(crate) fn load<T>(
    text: &str,
    origin: &str,
    columns: &[&str],
    read: impl FnOnce(&Table) -> Result<T, TableError>,
) -> Result<T, TableError> {
    let table = Table::parse(text, origin)?;
    table.require_columns(columns)?;
    read(&table)
}

/// The rows of a built-in table that the tests have loaded (see the module documentation).
pub(crate) fn built_in<T>(loaded: Result<T, TableError>) -> T {
    loaded.unwrap_or_else(|e| panic!("a built-in table of chokepoint-names is malformed: {e}"))
}
