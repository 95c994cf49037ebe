//! Imports: one list publication at a time, inside one transaction, with its delta.

use crate::{time, StoreError};
use chokepoint_model::{write_ftm_line, Entity};
use rusqlite::{params, Connection, Transaction};
use std::collections::HashMap;

/// What is being imported: the list, its format and publication date, and the files read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMeta {
    /// The list id entities belong to (`ofac-sdn`, `un`, …).
    pub list: String,
    /// The format name the files were read with.
    pub format: String,
    /// The publication date, if known.
    pub published: Option<String>,
    /// The files read, for the import history.
    pub files: Vec<String>,
}

/// The outcome of importing one list publication.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The id of the import in the history (`imports.id`).
    pub import_id: i64,
    /// The list imported.
    pub list: String,
    /// Entities in the new publication.
    pub entities: u64,
    /// Entities new to the store.
    pub added: u64,
    /// Entities whose values changed.
    pub changed: u64,
    /// Entities of the list no longer in the publication.
    pub removed: u64,
    /// Records the reader skipped (lenient mode), as reported by the caller.
    pub skipped: u64,
}

/// An import in progress: a transaction over the store. Dropping it without
/// [`ImportTx::commit`] rolls everything back.
pub struct ImportTx<'a> {
    tx: Transaction<'a>,
    reports: Vec<ImportReport>,
}

impl<'a> ImportTx<'a> {
    pub(crate) fn begin(conn: &'a mut Connection) -> Result<Self, StoreError> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(ImportTx {
            tx,
            reports: Vec::new(),
        })
    }

    /// Imports one publication of `meta.list` from a stream of entities. The first `Err` from
    /// the stream stops the import with that error (the caller then drops the transaction,
    /// which rolls back). `skipped` is the number of records the reader skipped, for the
    /// history; `progress` is called with the number of entities read so far.
    pub fn import<I, E>(
        &mut self,
        meta: &ImportMeta,
        stream: I,
        mut progress: impl FnMut(u64),
        skipped: &dyn Fn() -> u64,
    ) -> Result<ImportReport, StoreError>
    where
        I: IntoIterator<Item = Result<Entity, E>>,
        E: std::error::Error + Send + Sync + 'static,
    {
        let tx = &self.tx;
        tx.execute(
            "INSERT INTO imports (list, format, published, files, imported_at, entities, added, changed, removed, skipped)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 0, 0, 0)",
            params![meta.list, meta.format, meta.published, meta.files.join("\n"), time::now_iso()],
        )?;
        let import_id = tx.last_insert_rowid();

        // What the store holds for this list now: id -> (fingerprint, caption, seen).
        let mut before: HashMap<String, (i64, String, bool)> = HashMap::new();
        {
            let mut stmt =
                tx.prepare("SELECT id, fingerprint, caption FROM entities WHERE list = ?1")?;
            let mut rows = stmt.query(params![meta.list])?;
            while let Some(r) = rows.next()? {
                before.insert(r.get(0)?, (r.get(1)?, r.get(2)?, false));
            }
        }
        let mut report = ImportReport {
            import_id,
            list: meta.list.clone(),
            ..Default::default()
        };
        let mut seen_new: std::collections::HashSet<String> = std::collections::HashSet::new();
        {
            let mut upsert = tx.prepare(
                "INSERT INTO entities (id, list, schema, caption, fingerprint, import_id, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET list = excluded.list, schema = excluded.schema,
                   caption = excluded.caption, fingerprint = excluded.fingerprint,
                   import_id = excluded.import_id, doc = excluded.doc",
            )?;
            let mut delta = tx.prepare(
                "INSERT INTO deltas (import_id, entity_id, change, caption) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for item in stream {
                let entity = item.map_err(|e| StoreError::Source(Box::new(e)))?;
                // Fingerprints are stored as i64; the bit pattern is what matters.
                let fp = entity.fingerprint() as i64;
                let caption = entity.caption().to_string();
                let change = match before.get_mut(&entity.id) {
                    Some(prev) => {
                        if prev.2 {
                            return Err(duplicate(&entity, meta));
                        }
                        prev.2 = true;
                        (prev.0 != fp).then_some("changed")
                    }
                    None => {
                        if !seen_new.insert(entity.id.clone()) {
                            return Err(duplicate(&entity, meta));
                        }
                        Some("added")
                    }
                };
                upsert.execute(params![
                    entity.id,
                    meta.list,
                    entity.schema.as_str(),
                    caption,
                    fp,
                    import_id,
                    write_ftm_line(&entity)
                ])?;
                if let Some(change) = change {
                    delta.execute(params![import_id, entity.id, change, caption])?;
                    if change == "added" {
                        report.added += 1;
                    } else {
                        report.changed += 1;
                    }
                }
                report.entities += 1;
                if report.entities.is_multiple_of(1024) {
                    progress(report.entities);
                }
            }
            progress(report.entities);
            let mut remove = tx.prepare("DELETE FROM entities WHERE id = ?1")?;
            for (id, (_, caption, seen)) in &before {
                if !seen {
                    remove.execute(params![id])?;
                    delta.execute(params![import_id, id, "removed", caption])?;
                    report.removed += 1;
                }
            }
        }
        report.skipped = skipped();
        tx.execute(
            "UPDATE imports SET entities = ?2, added = ?3, changed = ?4, removed = ?5, skipped = ?6 WHERE id = ?1",
            params![
                import_id,
                report.entities as i64,
                report.added as i64,
                report.changed as i64,
                report.removed as i64,
                report.skipped as i64
            ],
        )?;
        self.reports.push(report.clone());
        Ok(report)
    }

    /// Makes every import of this transaction visible at once; returns their reports.
    pub fn commit(self) -> Result<Vec<ImportReport>, StoreError> {
        self.tx.commit()?;
        Ok(self.reports)
    }
}

fn duplicate(entity: &Entity, meta: &ImportMeta) -> StoreError {
    StoreError::Duplicate {
        id: entity.id.clone(),
        list: meta.list.clone(),
        message: format!(
            "record {} appears twice in {}",
            entity.provenance.record_id,
            meta.files.join(", ")
        ),
    }
}
