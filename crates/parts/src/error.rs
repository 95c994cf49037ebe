//! Error type of the parts crate.

use std::path::PathBuf;

/// A failure reading the manufacturer registry or the part-number rules.
#[derive(Debug, thiserror::Error)]
pub enum PartsError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A data file is malformed at a given line.
    #[error("{file}:{line}: {message}")]
    Data {
        /// The file concerned (or the name of an embedded table).
        file: String,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A data table is not valid CSV: names the file, the line and, where it applies, the column.
    #[error(transparent)]
    Table(#[from] chokepoint_refdata::TableError),
}

impl PartsError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        PartsError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias of the crate.
pub type Result<T, E = PartsError> = std::result::Result<T, E>;
