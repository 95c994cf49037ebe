//! Read-only views: counts per list, schema, country and programme; import history; deltas.

use crate::{Store, StoreError};
use rusqlite::params;

/// Counts over the store's entities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Per list: (list, entities, latest publication date, latest import time).
    pub lists: Vec<(String, u64, Option<String>, Option<String>)>,
    /// Per list and schema: (list, schema, entities).
    pub schemata: Vec<(String, String, u64)>,
    /// Per country over all lists: (country code, entities having it as country,
    /// jurisdiction or nationality), most frequent first.
    pub countries: Vec<(String, u64)>,
    /// Per programme: (list, programme, entities), most frequent first.
    pub programs: Vec<(String, String, u64)>,
}

/// One row of the import history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    /// The import id.
    pub id: i64,
    /// The list.
    pub list: String,
    /// The format read.
    pub format: String,
    /// The publication date.
    pub published: Option<String>,
    /// When it was imported (UTC).
    pub imported_at: String,
    /// Entities in the publication.
    pub entities: u64,
    /// Added, changed, removed compared with the store before.
    pub added: u64,
    /// Entities whose values changed.
    pub changed: u64,
    /// Entities removed.
    pub removed: u64,
    /// Records skipped by a lenient reader.
    pub skipped: u64,
}

/// What happened to an entity in an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeltaKind {
    /// New in this publication.
    Added,
    /// Present before, with different values.
    Changed,
    /// Present before, gone now.
    Removed,
}

impl DeltaKind {
    /// The lower-case name used in the store and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DeltaKind::Added => "added",
            DeltaKind::Changed => "changed",
            DeltaKind::Removed => "removed",
        }
    }
}

/// One entity in a delta.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    /// The import it belongs to.
    pub import_id: i64,
    /// The list.
    pub list: String,
    /// The entity id.
    pub entity_id: String,
    /// Its caption when it was added, changed or removed.
    pub caption: String,
    /// What happened.
    pub kind: DeltaKind,
}

fn u(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// Counts per list, schema, country and programme.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let c = self.connection();
        let mut s = Stats::default();
        let mut stmt = c.prepare(
            "SELECT e.list, count(*),
                (SELECT published FROM imports i WHERE i.list = e.list ORDER BY i.id DESC LIMIT 1),
                (SELECT imported_at FROM imports i WHERE i.list = e.list ORDER BY i.id DESC LIMIT 1)
             FROM entities e GROUP BY e.list ORDER BY e.list",
        )?;
        s.lists = stmt
            .query_map([], |r| Ok((r.get(0)?, u(r.get(1)?), r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let mut stmt = c.prepare(
            "SELECT list, schema, count(*) FROM entities GROUP BY list, schema ORDER BY list, count(*) DESC",
        )?;
        s.schemata = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, u(r.get(2)?))))?
            .collect::<Result<_, _>>()?;
        let mut stmt = c.prepare(
            "SELECT code, count(*) FROM (
                SELECT DISTINCT e.id, j.value AS code FROM entities e,
                  json_each(e.doc, '$.properties') p, json_each(p.value) j
                WHERE p.key IN ('country', 'jurisdiction', 'nationality'))
             GROUP BY code ORDER BY count(*) DESC, code",
        )?;
        s.countries = stmt
            .query_map([], |r| Ok((r.get(0)?, u(r.get(1)?))))?
            .collect::<Result<_, _>>()?;
        let mut stmt = c.prepare(
            "SELECT e.list, j.value, count(DISTINCT e.id) FROM entities e,
               json_each(e.doc, '$.properties.program') j
             GROUP BY e.list, j.value ORDER BY count(DISTINCT e.id) DESC, e.list, j.value",
        )?;
        s.programs = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, u(r.get(2)?))))?
            .collect::<Result<_, _>>()?;
        Ok(s)
    }

    /// The import history, newest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>, StoreError> {
        let mut stmt = self.connection().prepare(
            "SELECT id, list, format, published, imported_at, entities, added, changed, removed, skipped
             FROM imports ORDER BY id DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ImportRecord {
                    id: r.get(0)?,
                    list: r.get(1)?,
                    format: r.get(2)?,
                    published: r.get(3)?,
                    imported_at: r.get(4)?,
                    entities: u(r.get(5)?),
                    added: u(r.get(6)?),
                    changed: u(r.get(7)?),
                    removed: u(r.get(8)?),
                    skipped: u(r.get(9)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The delta of one import, or, without an id, of the latest import of each list
    /// (optionally only `list`). Ordered by list, kind and entity id.
    pub fn delta(
        &self,
        import_id: Option<i64>,
        list: Option<&str>,
    ) -> Result<Vec<Delta>, StoreError> {
        let mut stmt = self.connection().prepare(
            "SELECT d.import_id, i.list, d.entity_id, d.caption, d.change
             FROM deltas d JOIN imports i ON i.id = d.import_id
             WHERE (?1 IS NOT NULL AND d.import_id = ?1)
                OR (?1 IS NULL AND d.import_id IN (SELECT max(id) FROM imports GROUP BY list))
             ORDER BY i.list, d.change, d.entity_id",
        )?;
        let rows = stmt
            .query_map(params![import_id], |r| {
                let kind: String = r.get(4)?;
                Ok(Delta {
                    import_id: r.get(0)?,
                    list: r.get(1)?,
                    entity_id: r.get(2)?,
                    caption: r.get(3)?,
                    kind: match kind.as_str() {
                        "added" => DeltaKind::Added,
                        "changed" => DeltaKind::Changed,
                        _ => DeltaKind::Removed,
                    },
                })
            })?
            .filter(|d| match (d, list) {
                (Ok(d), Some(l)) => d.list == l,
                _ => true,
            })
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
