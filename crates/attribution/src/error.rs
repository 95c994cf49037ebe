//! Error type of the attribution crate.

use std::path::PathBuf;

/// Any failure of the attribution crate: reading data files, importing records, writing output.
#[derive(Debug, thiserror::Error)]
pub enum AttributionError {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A data file (registry, prefix rules, tables) is malformed at a given line.
    #[error("{file}:{line}: {message}")]
    Data {
        /// The file concerned (or the name of an embedded table).
        file: String,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// An input record is malformed: names the file, the line and the field.
    #[error("{file}:{line}:{field}: {message}")]
    Row {
        /// The input file.
        file: String,
        /// 1-based physical line number of the record.
        line: u64,
        /// The field that failed.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Reading the trade store failed.
    #[error("trade: {0}")]
    Trade(#[from] chokepoint_trade::TradeError),
    /// A data table (registry, prefix rules, columns) is not valid CSV: names the file, the
    /// line and, where it applies, the column.
    #[error(transparent)]
    Table(#[from] chokepoint_refdata::TableError),
    /// The manufacturer registry or the part-number rules could not be read.
    #[error(transparent)]
    Parts(#[from] chokepoint_parts::PartsError),
    /// CSV reading or writing failed.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// JSON reading or writing failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// An option or argument is invalid.
    #[error("{0}")]
    Invalid(String),
}

impl AttributionError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        AttributionError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias of the crate.
pub type Result<T, E = AttributionError> = std::result::Result<T, E>;
