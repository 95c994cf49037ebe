//! Error types of the trade crate.

use std::path::{Path, PathBuf};

/// Any failure of the trade crate: reading reference data, importing records, the store.
#[derive(Debug, thiserror::Error)]
pub enum TradeError {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A reference or rules file is malformed at a given line.
    #[error("{path}:{line}: {message}")]
    Data {
        /// The file concerned.
        path: String,
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
        /// The field (record model name) that failed.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A Parquet file cannot be read (not Parquet, truncated, corrupt) or written, or uses a
    /// layout the reader does not support.
    #[error("{file}: Parquet: {message}")]
    Parquet {
        /// The file concerned.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The SQLite store failed.
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A reference table (CSV read through `chokepoint_refdata::Table`) is malformed; the
    /// message names its file, line and column.
    #[error(transparent)]
    Table(#[from] chokepoint_refdata::TableError),
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

impl TradeError {
    /// The constructor of [`TradeError::Data`] errors for one line of a reference file:
    /// `bad(message)` names `origin` and `line`. Used by every rules-table parser.
    pub(crate) fn data_at(origin: &str, line: u64) -> impl Fn(String) -> TradeError + Copy + '_ {
        move |message| TradeError::Data {
            path: origin.to_string(),
            line,
            message,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        TradeError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Reads a reference file (a rules or code table) to text, and returns it with the name
/// that its parser uses in errors (the path as displayed).
pub(crate) fn read_table_file(path: &Path) -> Result<(String, String)> {
    let text = std::fs::read_to_string(path).map_err(|e| TradeError::io(path, e))?;
    Ok((text, path.display().to_string()))
}

/// Result alias of the trade crate.
pub type Result<T, E = TradeError> = std::result::Result<T, E>;
