//! Job outputs into the store: the classify job's per-record flags (`desc.mismatch`,
//! `route.transshipment`) replace the stored flags of those rules over the trade import whose
//! records the job read, so that `chokepoint trade flags`, the network stage, the report and the
//! API read them as if `chokepoint trade flags` had computed them. The job must have read a
//! Parquet copy of that import (`chokepoint trade import` and the job's input are the same
//! records, the same ids); a flag naming a record the import does not hold is refused and the
//! store is left as it was (`chokepoint_trade::store::replace_flags_of`).

use chokepoint_trade::flags::{Flag, Rule};
use datafusion::arrow::array::{Array, AsArray, Float64Array, ListArray, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use std::path::{Path, PathBuf};

/// The rules whose flags the classify job computes, and so replaces on import.
pub const RECORD_RULES: [Rule; 2] = [Rule::DescMismatch, Rule::RouteTransshipment];

/// Errors of an import, each naming the file or store concerned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The store file does not exist (an import never creates an empty store).
    #[error("{0}: no such store (run `chokepoint trade import` on the same records first)")]
    NoStore(PathBuf),
    /// The store could not be opened or migrated.
    #[error("{0}: {1}")]
    Store(PathBuf, String),
    /// The store holds no trade import to attach the flags to.
    #[error("{0}: the store holds no trade import")]
    NoImport(PathBuf),
    /// The results file could not be read.
    #[error("{0}: {1}")]
    Read(PathBuf, String),
    /// A value of the results file is not what the classify job writes.
    #[error("{file}: row {row}, column `{column}`: {message}")]
    Value {
        /// The results file.
        file: PathBuf,
        /// Row number (1-based).
        row: usize,
        /// The column.
        column: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The trade stage refused the flags (a record the import does not hold); nothing changed.
    #[error("{0}: {1} (nothing was changed)")]
    Refused(PathBuf, String),
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The trade import the flags were attached to.
    pub import_id: i64,
    /// Records read from the results file.
    pub records: usize,
    /// Stored flags of [`RECORD_RULES`] removed.
    pub removed: usize,
    /// Flags stored.
    pub stored: usize,
}

/// Reads the flags of a classify job's `classified.parquet` (columns `id` and `flags`).
pub async fn read_flags(classified: &Path) -> Result<(usize, Vec<Flag>), ImportError> {
    let rerr = |e: String| ImportError::Read(classified.to_path_buf(), e);
    let ctx = SessionContext::new();
    let df = ctx
        .read_parquet(
            classified.display().to_string(),
            ParquetReadOptions::default(),
        )
        .await
        .map_err(|e| rerr(e.to_string()))?;
    let batches = df
        .select_columns(&["id", "flags"])
        .map_err(|e| rerr(format!("not a classify job's output: {e}")))?
        .collect()
        .await
        .map_err(|e| rerr(e.to_string()))?;
    let mut flags = Vec::new();
    let mut row = 0usize;
    for b in &batches {
        let ids = datafusion::arrow::compute::cast(b.column(0), &DataType::Utf8)
            .map_err(|e| rerr(e.to_string()))?;
        let ids = ids
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| rerr("column `id` is not text".into()))?;
        let lists = b
            .column(1)
            .as_any()
            .downcast_ref::<ListArray>()
            .ok_or_else(|| rerr("column `flags` is not a list of flags".into()))?;
        for i in 0..b.num_rows() {
            row += 1;
            let value_err = |column: &'static str, message: String| ImportError::Value {
                file: classified.to_path_buf(),
                row,
                column,
                message,
            };
            if ids.is_null(i) || lists.is_null(i) {
                return Err(value_err("id", "empty".into()));
            }
            let id = ids.value(i);
            let items = lists.value(i);
            let items = items.as_struct_opt().ok_or_else(|| {
                value_err(
                    "flags",
                    "an item is not a {rule, score, explanation}".into(),
                )
            })?;
            let field = |name: &str| {
                items
                    .column_by_name(name)
                    .ok_or_else(|| value_err("flags", format!("an item has no `{name}`")))
            };
            let rules = field("rule")?;
            let rules = rules
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or_else(|| value_err("flags", "`rule` is not text".into()))?;
            let scores = field("score")?;
            let scores = scores
                .as_any()
                .downcast_ref::<Float64Array>()
                .ok_or_else(|| value_err("flags", "`score` is not a number".into()))?;
            let texts = field("explanation")?;
            let texts = texts
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or_else(|| value_err("flags", "`explanation` is not text".into()))?;
            for k in 0..items.len() {
                let rule: Rule = rules.value(k).parse().map_err(|_| {
                    value_err("flags", format!("unknown rule `{}`", rules.value(k)))
                })?;
                flags.push(Flag {
                    rule,
                    score: scores.value(k),
                    subject: id.to_string(),
                    evidence: vec![id.to_string()],
                    explanation: texts.value(k).to_string(),
                });
            }
        }
    }
    Ok((row, flags))
}

/// Imports a classify job's flags into the store at `store_path`, over trade import
/// `import_id` (the store's newest import when `None`).
pub async fn import_flags(
    store_path: &Path,
    classified: &Path,
    import_id: Option<i64>,
) -> Result<Imported, ImportError> {
    if !store_path.is_file() {
        return Err(ImportError::NoStore(store_path.to_path_buf()));
    }
    let (records, flags) = read_flags(classified).await?;
    let serr = |e: String| ImportError::Store(store_path.to_path_buf(), e);
    let mut store = chokepoint_store::Store::open(store_path).map_err(|e| serr(e.to_string()))?;
    chokepoint_trade::migrate(store.connection()).map_err(|e| serr(e.to_string()))?;
    let import_id = match import_id {
        Some(id) => id,
        None => chokepoint_trade::store::last_import(store.connection())
            .map_err(|e| serr(e.to_string()))?
            .ok_or_else(|| ImportError::NoImport(store_path.to_path_buf()))?,
    };
    let (removed, stored) = chokepoint_trade::store::replace_flags_of(
        store.connection_mut(),
        import_id,
        &RECORD_RULES,
        &flags,
    )
    .map_err(|e| ImportError::Refused(store_path.to_path_buf(), e.to_string()))?;
    Ok(Imported {
        import_id,
        records,
        removed,
        stored,
    })
}
