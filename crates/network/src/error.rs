//! Errors of the network crate.

/// Any failure of the network crate.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    /// The SQLite store failed.
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The trade crate failed (reading records).
    #[error("trade: {0}")]
    Trade(#[from] chokepoint_trade::TradeError),
    /// A value given by a caller or found in the store is not valid (unknown status, verdict…).
    #[error("invalid {what}: `{value}`")]
    Invalid {
        /// What was being parsed.
        what: &'static str,
        /// The offending value.
        value: String,
    },
    /// Bad input in a file: the file, the line (0 when not known) and the field.
    #[error("{file}, line {line}, field {field}: {message}")]
    Row {
        /// The file.
        file: String,
        /// The physical line (1-based; 0 when the error is about the whole file).
        line: u64,
        /// The field or column.
        field: String,
        /// What is wrong, in one sentence.
        message: String,
    },
    /// Something looked up does not exist (an alert key, an entity name).
    #[error("not found: {0}")]
    NotFound(String),
    /// More nodes, parties or records than `u32` ids allow.
    #[error("too large: more than {0} {1}")]
    TooLarge(u64, &'static str),
    /// JSON (de)serialisation of evidence failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result with [`NetworkError`].
pub type Result<T> = std::result::Result<T, NetworkError>;
