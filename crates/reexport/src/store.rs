//! The crate's tables in the project's store, and the one reader of them.
//!
//! - `reexport_imports`: one row per import of a Eurostat file (what was read, counted, skipped);
//! - `reexport_products`: product code → Eurostat label;
//! - `reexport_series`: one row per usable file row (product × reporter × partner), with its line;
//! - `reexport_values`: the monthly values in EUR of a series (`:` cells are not stored);
//! - `reexport_unusable`: the rows that were read but not imported, with their line and reason.
//!
//! An import replaces the earlier Eurostat import (the file is one snapshot of one extraction)
//! inside one transaction: a failed import leaves the store as it was.

use crate::error::Result;
use crate::month::Month;
use crate::read::{read_file, ReadStats};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::path::Path;

/// Creates the tables if they do not exist (idempotent); registered in the pipeline's stage
/// migrations.
pub fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS reexport_imports (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
            rows_read INTEGER NOT NULL,
            rows_imported INTEGER NOT NULL,
            rows_unusable INTEGER NOT NULL,
            heading_rows INTEGER NOT NULL,
            cells_value INTEGER NOT NULL,
            cells_not_available INTEGER NOT NULL,
            flags TEXT NOT NULL,
            months TEXT NOT NULL,
            unpublished_months TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS reexport_products (
            import_id INTEGER NOT NULL,
            code TEXT NOT NULL,
            label TEXT NOT NULL,
            PRIMARY KEY (import_id, code)
        );
        CREATE TABLE IF NOT EXISTS reexport_series (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL,
            line INTEGER NOT NULL,
            code TEXT NOT NULL,
            reporter TEXT NOT NULL,
            partner TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS reexport_series_import ON reexport_series(import_id);
        CREATE TABLE IF NOT EXISTS reexport_values (
            series_id INTEGER NOT NULL,
            month INTEGER NOT NULL,
            value_eur INTEGER NOT NULL,
            flag TEXT,
            PRIMARY KEY (series_id, month)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS reexport_unusable (
            import_id INTEGER NOT NULL,
            line INTEGER NOT NULL,
            reason TEXT NOT NULL
        );",
    )?;
    Ok(())
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    /// The new import's id.
    pub import_id: i64,
    /// The file.
    pub path: String,
    /// Every row and cell accounted for.
    pub stats: ReadStats,
    /// The earlier import this one replaced, if any.
    pub replaced: Option<i64>,
}

fn months_text(months: &[Month]) -> String {
    months
        .iter()
        .map(|m| m.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Imports the Eurostat file at `path` into the store, replacing the earlier Eurostat import,
/// all in one transaction (dropped on any error, so a failed import leaves the store as it was).
pub fn import_file(conn: &mut Connection, path: &Path) -> Result<ImportSummary> {
    migrate(conn)?;
    let tx = conn.transaction()?;
    let replaced: Option<i64> = tx
        .query_row("SELECT max(id) FROM reexport_imports", [], |r| r.get(0))
        .optional()?
        .flatten();
    tx.execute_batch(
        "DELETE FROM reexport_values;
         DELETE FROM reexport_series;
         DELETE FROM reexport_products;
         DELETE FROM reexport_unusable;
         DELETE FROM reexport_imports;",
    )?;
    tx.execute(
        "INSERT INTO reexport_imports (path, rows_read, rows_imported, rows_unusable, heading_rows,
            cells_value, cells_not_available, flags, months, unpublished_months)
         VALUES (?1, 0, 0, 0, 0, 0, 0, '', '', '')",
        params![path.display().to_string()],
    )?;
    let import_id = tx.last_insert_rowid();
    let stats = {
        let mut ins_series = tx.prepare(
            "INSERT INTO reexport_series (import_id, line, code, reporter, partner) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut ins_value = tx.prepare(
            "INSERT INTO reexport_values (series_id, month, value_eur, flag) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut ins_product = tx.prepare(
            "INSERT OR IGNORE INTO reexport_products (import_id, code, label) VALUES (?1, ?2, ?3)",
        )?;
        let mut last_product = String::new();
        read_file(path, |row| {
            if row.product_code != last_product {
                ins_product.execute(params![import_id, row.product_code, row.product_label])?;
                last_product.clone_from(&row.product_code);
            }
            ins_series.execute(params![
                import_id,
                row.line as i64,
                row.product_code,
                row.reporter,
                row.partner
            ])?;
            let series_id = tx.last_insert_rowid();
            for (month, value, flag) in &row.values {
                ins_value.execute(params![series_id, month.yyyymm(), *value as i64, flag])?;
            }
            Ok(())
        })?
    };
    {
        let mut ins = tx.prepare(
            "INSERT INTO reexport_unusable (import_id, line, reason) VALUES (?1, ?2, ?3)",
        )?;
        for u in &stats.unusable {
            ins.execute(params![import_id, u.line as i64, u.reason])?;
        }
    }
    let flags = stats
        .flags
        .iter()
        .map(|(f, n)| format!("{f}={n}"))
        .collect::<Vec<_>>()
        .join(",");
    tx.execute(
        "UPDATE reexport_imports SET rows_read = ?2, rows_imported = ?3, rows_unusable = ?4,
            heading_rows = ?5, cells_value = ?6, cells_not_available = ?7, flags = ?8,
            months = ?9, unpublished_months = ?10 WHERE id = ?1",
        params![
            import_id,
            stats.rows_read as i64,
            stats.rows_usable as i64,
            stats.unusable.len() as i64,
            stats.heading_rows as i64,
            stats.cells_value as i64,
            stats.cells_not_available as i64,
            flags,
            months_text(&stats.months),
            months_text(&stats.unpublished_months),
        ],
    )?;
    tx.commit()?;
    Ok(ImportSummary {
        import_id,
        path: path.display().to_string(),
        stats,
        replaced,
    })
}

/// The stored import, as the analysis reads it.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    /// The import's id.
    pub import_id: i64,
    /// The file it came from.
    pub path: String,
    /// Rows read / imported / not usable.
    pub rows_read: u64,
    /// Rows imported.
    pub rows_imported: u64,
    /// Rows read but not usable (listed in `reexport_unusable`).
    pub rows_unusable: u64,
    /// Cells `:` (not available) in the imported rows.
    pub cells_not_available: u64,
    /// Cells with flag letters, as `flag=count` pairs.
    pub flags: String,
    /// The month columns of the file.
    pub months: Vec<Month>,
    /// Months without any value in the file (not yet published).
    pub unpublished_months: Vec<Month>,
    /// Product code → label.
    pub products: BTreeMap<String, String>,
    /// The series, in file order.
    pub series: Vec<StoredSeries>,
}

/// One stored series: a product's monthly exports from one reporter to one partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSeries {
    /// Its line in the source file.
    pub line: u64,
    /// CN8 code or HS4 heading.
    pub code: String,
    /// Reporter, ISO alpha-2.
    pub reporter: String,
    /// Partner, ISO alpha-2.
    pub partner: String,
    /// (month, EUR) for every month with a value.
    pub values: Vec<(Month, u64)>,
}

fn parse_months(text: &str) -> Vec<Month> {
    text.split(',').filter_map(Month::parse).collect()
}

/// Reads the latest Eurostat import back; [`crate::ReexportError::NothingImported`] when there
/// is none.
pub fn load(conn: &Connection) -> Result<Stored> {
    migrate(conn)?;
    let head = conn
        .query_row(
            "SELECT id, path, rows_read, rows_imported, rows_unusable, cells_not_available, flags,
                    months, unpublished_months
             FROM reexport_imports ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(Stored {
                    import_id: r.get(0)?,
                    path: r.get(1)?,
                    rows_read: r.get::<_, i64>(2)? as u64,
                    rows_imported: r.get::<_, i64>(3)? as u64,
                    rows_unusable: r.get::<_, i64>(4)? as u64,
                    cells_not_available: r.get::<_, i64>(5)? as u64,
                    flags: r.get(6)?,
                    months: parse_months(&r.get::<_, String>(7)?),
                    unpublished_months: parse_months(&r.get::<_, String>(8)?),
                    ..Stored::default()
                })
            },
        )
        .optional()?;
    let mut stored = head.ok_or(crate::ReexportError::NothingImported)?;
    let mut q = conn.prepare("SELECT code, label FROM reexport_products WHERE import_id = ?1")?;
    for r in q.query_map([stored.import_id], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (c, l): (String, String) = r?;
        stored.products.insert(c, l);
    }
    let mut q = conn.prepare(
        "SELECT s.id, s.line, s.code, s.reporter, s.partner, v.month, v.value_eur
         FROM reexport_series s LEFT JOIN reexport_values v ON v.series_id = s.id
         WHERE s.import_id = ?1 ORDER BY s.id, v.month",
    )?;
    let mut rows = q.query([stored.import_id])?;
    let mut last_id = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if last_id != Some(id) {
            last_id = Some(id);
            stored.series.push(StoredSeries {
                line: r.get::<_, i64>(1)? as u64,
                code: r.get(2)?,
                reporter: r.get(3)?,
                partner: r.get(4)?,
                values: Vec::new(),
            });
        }
        let month: Option<i64> = r.get(5)?;
        let value: Option<i64> = r.get(6)?;
        if let (Some(m), Some(v), Some(s)) = (month, value, stored.series.last_mut()) {
            if let Some(m) = Month::from_yyyymm(m as u32) {
                s.values.push((m, v.max(0) as u64));
            }
        }
    }
    Ok(stored)
}
