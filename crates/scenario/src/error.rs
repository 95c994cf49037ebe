//! Error type of the scenario generator.

use std::path::PathBuf;

/// Any failure of the generator: writing its files, reading a defence list, its word pools.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// CSV writing failed.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// JSON writing failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A data file built into the crate (word pools, goods catalogue) is malformed or
    /// incomplete.
    #[error("built-in data: {0}")]
    Data(String),
}

impl ScenarioError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ScenarioError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias of the scenario crate.
pub type Result<T, E = ScenarioError> = std::result::Result<T, E>;
