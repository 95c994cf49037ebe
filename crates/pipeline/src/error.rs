//! The stage layer's error: one variant per stage crate's error, so a caller sees which stage
//! failed and the stage's own sentence (file, position, field).

use std::path::Path;

/// Something a stage could not do. Its message is the stage's own, which names the file,
/// position and field of bad input.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The store could not be opened, read or written.
    #[error(transparent)]
    Store(#[from] chokepoint_store::StoreError),
    /// A list file could not be read.
    #[error(transparent)]
    List(#[from] chokepoint_lists::ListError),
    /// A list import failed part-way; the store was left as it was.
    #[error(transparent)]
    ListImport(Box<ListImportError>),
    /// The screening index could not be built.
    #[error(transparent)]
    Screen(#[from] chokepoint_screen::ScreenError),
    /// A customs file, a rules table or the trade tables failed.
    #[error(transparent)]
    Trade(#[from] chokepoint_trade::TradeError),
    /// A customs import failed; the store was left as it was.
    #[error("import of {path} failed; the store is unchanged: {source}")]
    TradeImport {
        /// The customs file.
        path: String,
        /// The reader's error (file, line, field).
        #[source]
        source: chokepoint_trade::TradeError,
    },
    /// The network stage failed.
    #[error(transparent)]
    Network(#[from] chokepoint_network::NetworkError),
    /// The attribution stage failed.
    #[error(transparent)]
    Attribution(#[from] chokepoint_attribution::AttributionError),
    /// The Eurostat re-export file or its analysis failed (an import failure leaves the store
    /// as it was).
    #[error(transparent)]
    Reexport(#[from] chokepoint_reexport::ReexportError),
    /// A query on the store's tables failed.
    #[error("store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The input asked for something the stage cannot do; the sentence says what.
    #[error("{0}")]
    Input(String),
}

impl PipelineError {
    /// An I/O error about `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        PipelineError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// The stage layer's result.
pub type Result<T, E = PipelineError> = std::result::Result<T, E>;

/// A list import that failed: the list, the reader's error, and whether `--lenient` could help.
#[derive(Debug, thiserror::Error)]
#[error("import of {list} failed; the store is unchanged{hint}: {source}")]
pub struct ListImportError {
    /// The list id.
    pub list: String,
    /// A hint for the user, empty when there is none.
    pub hint: &'static str,
    /// The reader's error (file, position, field).
    #[source]
    pub source: chokepoint_lists::ListError,
}
