//! Store errors.

use std::path::Path;

/// Something went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or prepared.
    #[error("cannot open store {path}: {source}")]
    Open {
        /// The database file.
        path: String,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// A stage's tables could not be created or brought up to date.
    #[error("store {path}: the {stage} tables cannot be brought up to date: {source}")]
    Migration {
        /// The database file.
        path: String,
        /// The stage whose migration failed.
        stage: String,
        /// The cause.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A query failed.
    #[error("store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored entity cannot be decoded (the file was changed outside Chokepoint).
    #[error("store: entity {id} is corrupt: {message}")]
    Corrupt {
        /// The entity id.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// The reader feeding an import failed; the import was rolled back.
    #[error("{0}")]
    Source(Box<dyn std::error::Error + Send + Sync>),
    /// Two entities with the same id in one publication.
    #[error("duplicate entity id {id} in list {list}: {message}")]
    Duplicate {
        /// The entity id.
        id: String,
        /// The list being imported.
        list: String,
        /// Where the duplicate was seen.
        message: String,
    },
}

impl StoreError {
    pub(crate) fn open(path: &Path, source: rusqlite::Error) -> Self {
        StoreError::Open {
            path: path.display().to_string(),
            source,
        }
    }
}
