//! The SQL schema and its migrations.

use rusqlite::Connection;

/// The schema version this code writes; stored in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 2;

const V1: &str = "
CREATE TABLE IF NOT EXISTS entities (
    id          TEXT PRIMARY KEY,
    list        TEXT NOT NULL,
    schema      TEXT NOT NULL,
    caption     TEXT NOT NULL,
    fingerprint INTEGER NOT NULL,
    import_id   INTEGER NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_list ON entities(list);
CREATE TABLE IF NOT EXISTS imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    list        TEXT NOT NULL,
    format      TEXT NOT NULL,
    published   TEXT,
    files       TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    entities    INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    removed     INTEGER NOT NULL,
    skipped     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS deltas (
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    entity_id   TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
    caption     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deltas_import ON deltas(import_id);
";

const V2: &str = "
CREATE TABLE IF NOT EXISTS documents (
    name       TEXT PRIMARY KEY,
    json       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
";

/// Creates or upgrades the schema.
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < 1 {
        conn.execute_batch(V1)?;
        conn.pragma_update(None, "user_version", 1)?;
    }
    if version < 2 {
        conn.execute_batch(V2)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    Ok(())
}
