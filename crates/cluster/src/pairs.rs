//! Reading the blocking job's `pairs.parquet` back as the network resolver's
//! [`ScoredPair`]s, so that `chokepoint_network::resolve_with_pairs` turns them into entities
//! with the analysts' judgements applied.

use chokepoint_network::ScoredPair;
use datafusion::arrow::array::{Array, Float64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result};
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use std::path::Path;

fn column<'a>(
    b: &'a datafusion::arrow::array::RecordBatch,
    name: &str,
    path: &Path,
) -> Result<&'a std::sync::Arc<dyn Array>> {
    b.column_by_name(name).ok_or_else(|| {
        DataFusionError::Execution(format!(
            "{} has no column `{name}` (is it the block job's pairs.parquet?)",
            path.display()
        ))
    })
}

/// Reads `pairs.parquet` (`party_a`, `party_b`, `score`, `name_score`, `address_similarity`).
pub async fn read_pairs(path: &Path) -> Result<Vec<ScoredPair>> {
    let ctx = SessionContext::new();
    let batches = ctx
        .read_parquet(path.display().to_string(), ParquetReadOptions::default())
        .await?
        .collect()
        .await?;
    let mut out = Vec::new();
    for b in &batches {
        let text = |name: &str| -> Result<StringArray> {
            let a = cast(column(b, name, path)?, &DataType::Utf8)?;
            a.as_any()
                .downcast_ref::<StringArray>()
                .cloned()
                .ok_or_else(|| {
                    DataFusionError::Execution(format!("{}: `{name}` is not text", path.display()))
                })
        };
        let number = |name: &str| -> Result<Float64Array> {
            let a = cast(column(b, name, path)?, &DataType::Float64)?;
            a.as_any()
                .downcast_ref::<Float64Array>()
                .cloned()
                .ok_or_else(|| {
                    DataFusionError::Execution(format!(
                        "{}: `{name}` is not a number",
                        path.display()
                    ))
                })
        };
        let (ka, kb) = (text("party_a")?, text("party_b")?);
        let (score, name, addr) = (
            number("score")?,
            number("name_score")?,
            number("address_similarity")?,
        );
        for i in 0..b.num_rows() {
            if ka.is_null(i) || kb.is_null(i) || score.is_null(i) {
                return Err(DataFusionError::Execution(format!(
                    "{}: row {} has no party key or score",
                    path.display(),
                    out.len() + 1
                )));
            }
            out.push(ScoredPair {
                key_a: ka.value(i).to_string(),
                key_b: kb.value(i).to_string(),
                score: score.value(i),
                name_score: if name.is_null(i) {
                    score.value(i)
                } else {
                    name.value(i)
                },
                address_similarity: (!addr.is_null(i)).then(|| addr.value(i)),
            });
        }
    }
    Ok(out)
}
