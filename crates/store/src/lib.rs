//! The embedded store: one SQLite file (WAL mode) that holds every imported list.
//!
//! Layout and invariants:
//! - `entities` holds one row per list entity: its id (`{list}-{record id}`), list, schema,
//!   caption, a fingerprint of its values and the entity itself as one FtM JSON line (values
//!   with their provenance). An entity belongs to exactly one list.
//! - `imports` holds one row per imported list publication, with the counts of what it added,
//!   changed and removed compared with the store before it; `deltas` holds those entity ids.
//! - `documents` holds named JSON results of later stages (traces, attribution) that the API
//!   serves as they were last computed.
//! - An import is one SQLite transaction ([`Store::begin_import`] … [`ImportTx::commit`]):
//!   until `commit`, nothing is visible, and dropping the transaction (an error, an interrupt)
//!   leaves the store exactly as it was.
//! - Importing a publication of list L replaces all of L: entities not in the new publication
//!   are removed (and recorded as removed), so the store always mirrors the latest import.

mod error;
mod import;
mod schema;
mod stats;
mod time;

pub use error::StoreError;
pub use import::{ImportMeta, ImportReport, ImportTx};
pub use stats::{Delta, DeltaKind, ImportRecord, Stats};
pub use time::now_iso;

use chokepoint_model::{parse_ftm_line, Entity, Provenance};
use rusqlite::{params, Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// How long a connection waits for another one's lock before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A stage's migration: creates or updates the tables that stage owns in the store file
/// (idempotent). Stages above the store hand theirs to [`Store::open_with`], so that the store
/// brings every stage's schema up to date when it opens.
pub type Migration = fn(&Connection) -> Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store at `path`, in WAL mode, and brings its schema up
    /// to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            // NO_MUTEX: a rusqlite connection is never shared between threads (it is not
            // Sync), so SQLite's per-call connection mutex only costs time: a quarter of a
            // bulk trade import's binding and stepping, measured with perf.
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::open(path, e))?;
        // First, so that the pragmas below wait for a bulk import in another process
        // (which holds the file exclusively) instead of failing at once.
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| StoreError::open(path, e))?;
        // 16 KiB pages for a new file (ignored for an existing one): bulk trade imports write
        // and checkpoint a quarter as many pages as with the 4 KiB default; measured on 1M
        // customs rows, the commit took 0.53 s instead of 0.71-0.81 s.
        conn.pragma_update(None, "page_size", 16384)
            .map_err(|e| StoreError::open(path, e))?;
        // Switching a file back to WAL needs it to itself: while another process runs a bulk
        // import (`set_bulk_mode`), SQLite answers "locked" at once rather than waiting, so
        // retry for as long as the busy timeout allows.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            match conn.pragma_update(None, "journal_mode", "WAL") {
                Ok(()) => break,
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(e) => return Err(StoreError::open(path, e)),
            }
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| StoreError::open(path, e))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| StoreError::open(path, e))?;
        schema::migrate(&conn).map_err(|e| StoreError::open(path, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens the store like [`Store::open`] and runs each stage's migration, named for errors
    /// (`("trade", trade_migration)`), in the order given.
    pub fn open_with(path: &Path, stages: &[(&str, Migration)]) -> Result<Store, StoreError> {
        let store = Store::open(path)?;
        for (stage, migrate) in stages {
            migrate(&store.conn).map_err(|source| StoreError::Migration {
                path: path.display().to_string(),
                stage: (*stage).to_string(),
                source,
            })?;
        }
        Ok(store)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for stages that keep their own tables in the same file
    /// (trade records, resolved entities). They must use transactions of their own.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Mutable access to the connection, to open transactions for other stages' tables.
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Switches the store into or out of bulk mode, returning whether bulk mode is now on.
    ///
    /// Bulk mode is SQLite's rollback journal instead of the write-ahead log: a large import
    /// then writes its pages once, into the database file, where WAL writes them twice (log,
    /// then checkpoint). Measured on 3,000,000 pre-built 30-column rows, the commit took
    /// 0.40–0.45 s instead of 4.1–5.0 s. It is only entered when no other connection has the
    /// store open (SQLite refuses the switch otherwise, and the import then runs in WAL mode
    /// with readers undisturbed); while it lasts, other processes wait for the store. Leaving
    /// it returns to WAL. Transactions stay atomic in both modes, and a crash in bulk mode is
    /// rolled back from the journal the next time the store is opened.
    pub fn set_bulk_mode(&self, on: bool) -> Result<bool, StoreError> {
        let wanted = if on { "DELETE" } else { "WAL" };
        // Another connection makes SQLite answer "locked" at once. Entering: stay in WAL.
        // Leaving: retry briefly; should it still fail, the next `Store::open` restores WAL.
        let attempts = if on { 1 } else { 20 };
        // Ask without waiting on the busy handler: another connection is not going away.
        self.conn
            .busy_timeout(std::time::Duration::ZERO)
            .map_err(|e| StoreError::open(&self.path, e))?;
        let switched = self.switch_journal(wanted, attempts);
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| StoreError::open(&self.path, e))?;
        Ok(match switched? {
            Some(mode) => mode.eq_ignore_ascii_case("delete"),
            None => !on,
        })
    }

    /// Sets the journal mode, retrying `attempts` times while another connection holds the
    /// store; the mode now in effect, or `None` when the store stayed locked.
    fn switch_journal(&self, wanted: &str, attempts: u32) -> Result<Option<String>, StoreError> {
        for attempt in 0..attempts {
            match self
                .conn
                .query_row(&format!("PRAGMA journal_mode = {wanted}"), [], |r| {
                    r.get::<_, String>(0)
                }) {
                Ok(mode) => return Ok(Some(mode)),
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if matches!(
                        e.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) =>
                {
                    if attempt + 1 < attempts {
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                }
                Err(e) => return Err(StoreError::open(&self.path, e)),
            }
        }
        Ok(None)
    }

    /// Starts an import: everything written through the returned transaction becomes visible
    /// at [`ImportTx::commit`], or not at all.
    pub fn begin_import(&mut self) -> Result<ImportTx<'_>, StoreError> {
        ImportTx::begin(&mut self.conn)
    }

    /// Stores (replacing) a named JSON document, e.g. the latest traces or attribution.
    pub fn put_document(&self, name: &str, json: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO documents (name, json, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
            params![name, json, time::now_iso()],
        )?;
        Ok(())
    }

    /// A value that changes whenever what the API serves from the store changes: a list import
    /// (the latest import id) or a stored document (their count, latest update and sizes). The
    /// server polls it to know when to rebuild its index; it is not a content hash.
    pub fn serving_version(&self) -> Result<String, StoreError> {
        Ok(self.conn.query_row(
            "SELECT (SELECT coalesce(max(id), 0) FROM imports) || ':' ||
                    (SELECT count(*) || '/' || coalesce(max(updated_at), '') || '/' ||
                            coalesce(sum(length(json)), 0) FROM documents)",
            [],
            |r| r.get(0),
        )?)
    }

    /// A named JSON document, if stored.
    pub fn document(&self, name: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT json FROM documents WHERE name = ?1")?;
        let mut rows = stmt.query(params![name])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    /// The number of entities in the store, over all lists.
    pub fn entity_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM entities", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// One entity by id.
    pub fn entity(&self, id: &str) -> Result<Option<Entity>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM entities WHERE id = ?1")?;
        let mut rows = stmt.query(params![id])?;
        match rows.next()? {
            Some(row) => {
                let doc: String = row.get(0)?;
                Ok(Some(decode(id, &doc)?))
            }
            None => Ok(None),
        }
    }

    /// Calls `f` for every entity, optionally of one list, in id order.
    pub fn for_each_entity(
        &self,
        list: Option<&str>,
        mut f: impl FnMut(Entity),
    ) -> Result<u64, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, doc FROM entities WHERE (?1 IS NULL OR list = ?1) ORDER BY id")?;
        let mut rows = stmt.query(params![list])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let doc: String = row.get(1)?;
            f(decode(&id, &doc)?);
            n += 1;
        }
        Ok(n)
    }

    /// Every entity, optionally of one list.
    pub fn entities(&self, list: Option<&str>) -> Result<Vec<Entity>, StoreError> {
        let mut out = Vec::new();
        self.for_each_entity(list, |e| out.push(e))?;
        Ok(out)
    }
}

fn decode(id: &str, doc: &str) -> Result<Entity, StoreError> {
    let default = Provenance::new("unknown", id, None);
    parse_ftm_line("store", 0, doc, &default)
        .map(|(e, _)| e)
        .map_err(|e| StoreError::Corrupt {
            id: id.to_string(),
            message: e.to_string(),
        })
}
