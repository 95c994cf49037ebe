//! The crate's one error type: every message names the file, the line and the field of bad
//! input, or the store operation that failed.

use std::path::PathBuf;

/// What can go wrong reading, importing or analysing the Eurostat file.
#[derive(Debug, thiserror::Error)]
pub enum ReexportError {
    /// The file could not be opened or read (a truncated gzip stream lands here, with the line
    /// reached).
    #[error("{path}: line {line}: cannot read the file: {message}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The last line read completely before the failure (1 = the header).
        line: u64,
        /// What the reader said.
        message: String,
    },
    /// A row or cell of the file is malformed.
    #[error("{path}: line {line}: field `{field}`: {message}")]
    Data {
        /// The file.
        path: PathBuf,
        /// The physical line (1 = the header).
        line: u64,
        /// The column (its header name) the problem is in.
        field: String,
        /// What is wrong, in one sentence.
        message: String,
    },
    /// The store could not be read or written.
    #[error("store: {0}")]
    Store(#[from] rusqlite::Error),
    /// The store holds no Eurostat import to analyse.
    #[error("the store holds no Eurostat CN8 export import (import the file first, e.g. `chokepoint trade surges --file FILE`)")]
    NothingImported,
    /// The HS 2022 / CHPL reference tables could not be loaded.
    #[error("HS/CHPL reference tables: {0}")]
    Reference(#[from] chokepoint_trade::TradeError),
    /// The analysis was asked for something the data cannot give.
    #[error("analysis: {0}")]
    Analysis(String),
}

/// The crate's result type.
pub type Result<T, E = ReexportError> = std::result::Result<T, E>;
