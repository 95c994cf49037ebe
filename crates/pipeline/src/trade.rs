//! Stage 3: customs records into the store, classified; the trade detectors over the stored
//! records, their flags saved beside them.

use crate::error::{PipelineError, Result};
use crate::progress::Progress;
use crate::screen::PartyName;
use chokepoint_store::Store;
use chokepoint_trade::{
    read_classified, run_all, save_flags_of, ClassifiedRecord, Classifier, DetectOptions, Flag,
    ImportSummary, ReadOptions, RecordFilter, Sources,
};
use std::collections::BTreeSet;
use std::path::Path;

/// What one trade import did.
#[derive(Debug)]
pub struct ImportedTrade {
    /// The trade crate's summary: import id, counts, categories.
    pub summary: ImportSummary,
    /// Whether the import ran in bulk mode (the store locked for other processes meanwhile).
    pub bulk: bool,
    /// Wall-clock seconds of the import.
    pub seconds: f64,
}

/// Imports one customs file into the store in one transaction, classifying every record
/// against `classifier`: a failed import leaves the store as it was. Runs in bulk mode (pages
/// written once) when no other process has the store open; `progress` counts bytes.
pub fn import_trade(
    store: &mut Store,
    path: &Path,
    classifier: &Classifier,
    options: &ReadOptions,
    progress: &dyn Progress,
) -> Result<ImportedTrade> {
    let size = std::fs::metadata(path)
        .map_err(|e| PipelineError::io(path, e))?
        .len();
    let bulk = store.set_bulk_mode(true)?;
    progress.begin("importing", Some(size));
    let t = std::time::Instant::now();
    let imported = (|| -> Result<ImportSummary> {
        let tx = store.connection_mut().transaction()?;
        let summary = chokepoint_trade::import_file(&tx, path, classifier, options, &mut |_, b| {
            progress.set(b)
        })
        .map_err(|source| PipelineError::TradeImport {
            path: path.display().to_string(),
            source,
        })?;
        tx.commit()?;
        Ok(summary)
    })();
    let left = store.set_bulk_mode(false);
    progress.end();
    let summary = imported?;
    left?;
    Ok(ImportedTrade {
        summary,
        bulk,
        seconds: t.elapsed().as_secs_f64(),
    })
}

/// Runs every trade detector over the stored records that `filter` selects and saves their
/// flags, marked synthetic when any record is and naming the import when `filter` selects one.
/// Returns the records read (for later stages of the same run) and the flags.
pub fn detect_trade(
    store: &mut Store,
    filter: &RecordFilter,
    classifier: &Classifier,
    sources: &Sources,
    options: &DetectOptions,
) -> Result<(Vec<ClassifiedRecord>, Vec<Flag>)> {
    let classified = read_classified(store.connection(), filter)?;
    let records: Vec<_> = classified.iter().map(|c| c.record.clone()).collect();
    let flags = run_all(&records, classifier, sources, options)?;
    let synthetic = records.iter().any(|r| r.synthetic);
    let tx = store.connection_mut().transaction()?;
    save_flags_of(&tx, &flags, synthetic, filter.import_id)?;
    tx.commit()?;
    Ok((classified, flags))
}

/// The distinct trade parties of `records` to screen, sorted: every sender with its country and
/// every receiver (an importer in Russia) with `ru`.
pub fn trade_parties(records: &[ClassifiedRecord]) -> Vec<PartyName> {
    let mut parties = BTreeSet::new();
    for c in records {
        let r = &c.record;
        parties.insert(PartyName {
            name: r.sender_name.clone(),
            country: r.sender_country.clone(),
        });
        parties.insert(PartyName {
            name: r.receiver_name.clone(),
            country: "ru".into(),
        });
    }
    parties.into_iter().collect()
}
