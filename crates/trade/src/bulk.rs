//! A prepared `INSERT` for bulk loads that binds text without copying it.
//!
//! rusqlite binds every non-empty string with `SQLITE_TRANSIENT`, so SQLite allocates and
//! copies each text value before every step: for a 34-column customs record that is about
//! twenty allocations per row, a large share of the import's time. [`BulkInsert`] binds with
//! `SQLITE_STATIC` instead. That is sound here because [`BulkInsert::insert`] binds, steps,
//! resets and clears the bindings inside one call: SQLite never holds a bound pointer after
//! `insert` returns, so the borrowed values only need to live for the call.

use rusqlite::{ffi, Connection};
use std::ffi::CString;
use std::marker::PhantomData;
use std::os::raw::c_int;

/// One value to bind.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text, bound without a copy.
    Text(&'a str),
}

impl From<Option<f64>> for Value<'_> {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Value::Null, Value::Real)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(v)
    }
}

/// A prepared statement on a connection, finalized on drop.
///
/// Invariant: between calls to [`BulkInsert::insert`] no parameter is bound (all are NULL),
/// so no pointer handed to SQLite outlives the call that bound it.
pub struct BulkInsert<'c> {
    db: *mut ffi::sqlite3,
    stmt: *mut ffi::sqlite3_stmt,
    params: usize,
    _conn: PhantomData<&'c Connection>,
}

impl<'c> BulkInsert<'c> {
    /// Prepares `sql` (one statement) on `conn`.
    pub fn new(conn: &'c Connection, sql: &str) -> rusqlite::Result<Self> {
        let text = CString::new(sql).map_err(|_| rusqlite::Error::InvalidQuery)?;
        // SAFETY: `conn.handle()` is the live connection, which outlives `'c`; the statement
        // is finalized in `Drop` before the borrow ends.
        unsafe {
            let db = conn.handle();
            let mut stmt = std::ptr::null_mut();
            let rc =
                ffi::sqlite3_prepare_v2(db, text.as_ptr(), -1, &mut stmt, std::ptr::null_mut());
            if rc != ffi::SQLITE_OK {
                return Err(error(db, rc));
            }
            if stmt.is_null() {
                return Err(rusqlite::Error::InvalidQuery);
            }
            let params = ffi::sqlite3_bind_parameter_count(stmt).max(0) as usize;
            Ok(BulkInsert {
                db,
                stmt,
                params,
                _conn: PhantomData,
            })
        }
    }

    /// Binds `values` to the statement's parameters in order, runs it once, and clears the
    /// bindings again. `values` must have exactly as many entries as the statement has
    /// parameters.
    pub fn insert(&mut self, values: &[Value<'_>]) -> rusqlite::Result<()> {
        if values.len() != self.params {
            return Err(rusqlite::Error::InvalidParameterCount(
                values.len(),
                self.params,
            ));
        }
        // SAFETY: the statement is live (finalized only in Drop). Text pointers are bound
        // with SQLITE_STATIC and stay valid for this whole call because `values` borrows
        // them; the bindings are cleared before returning, on every path.
        unsafe {
            let mut rc = ffi::SQLITE_OK;
            for (i, v) in values.iter().enumerate() {
                let col = (i + 1) as c_int;
                rc = match *v {
                    Value::Null => ffi::sqlite3_bind_null(self.stmt, col),
                    Value::Int(n) => ffi::sqlite3_bind_int64(self.stmt, col, n),
                    Value::Real(x) => ffi::sqlite3_bind_double(self.stmt, col, x),
                    Value::Text(s) => ffi::sqlite3_bind_text64(
                        self.stmt,
                        col,
                        s.as_ptr().cast(),
                        s.len() as ffi::sqlite3_uint64,
                        ffi::SQLITE_STATIC(),
                        ffi::SQLITE_UTF8 as u8,
                    ),
                };
                if rc != ffi::SQLITE_OK {
                    break;
                }
            }
            if rc == ffi::SQLITE_OK {
                rc = ffi::sqlite3_step(self.stmt);
                if rc == ffi::SQLITE_DONE {
                    rc = ffi::SQLITE_OK;
                }
            }
            let result = if rc == ffi::SQLITE_OK {
                Ok(())
            } else {
                Err(error(self.db, rc))
            };
            ffi::sqlite3_reset(self.stmt);
            ffi::sqlite3_clear_bindings(self.stmt);
            result
        }
    }
}

impl Drop for BulkInsert<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared in `new` and is finalized exactly once.
        unsafe {
            ffi::sqlite3_finalize(self.stmt);
        }
    }
}

/// The connection's last error as a rusqlite error (`rc` when the connection reports none).
///
/// # Safety
/// `db` must be a live connection handle.
unsafe fn error(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Error {
    let extended = ffi::sqlite3_extended_errcode(db);
    let code = if extended == ffi::SQLITE_OK {
        rc
    } else {
        extended
    };
    let msg = ffi::sqlite3_errmsg(db);
    let text = if msg.is_null() {
        None
    } else {
        Some(std::ffi::CStr::from_ptr(msg).to_string_lossy().into_owned())
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_rows_and_leaves_no_binding_behind() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER, b REAL, c TEXT, d TEXT)")
            .unwrap();
        let mut ins = BulkInsert::new(&conn, "INSERT INTO t VALUES (?1, ?2, ?3, ?4)").unwrap();
        for i in 0..3 {
            let owned = format!("row {i} «текст»");
            ins.insert(&[
                Value::Int(i),
                Value::Real(i as f64 / 2.0),
                Value::Text(&owned),
                if i == 1 { Value::Null } else { Value::Text("") },
            ])
            .unwrap();
            drop(owned);
        }
        drop(ins);
        let rows: Vec<(i64, f64, String, Option<String>)> = conn
            .prepare("SELECT a, b, c, d FROM t ORDER BY a")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1], (1, 0.5, "row 1 «текст»".to_string(), None));
        assert_eq!(rows[2].3.as_deref(), Some(""));
    }

    #[test]
    fn reports_wrong_counts_and_constraint_errors() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER NOT NULL)")
            .unwrap();
        let mut ins = BulkInsert::new(&conn, "INSERT INTO t VALUES (?1)").unwrap();
        assert!(matches!(
            ins.insert(&[]),
            Err(rusqlite::Error::InvalidParameterCount(0, 1))
        ));
        let e = ins.insert(&[Value::Null]).unwrap_err().to_string();
        assert!(e.contains("NOT NULL"), "{e}");
        // The statement is usable again after an error.
        ins.insert(&[Value::Int(7)]).unwrap();
        assert!(BulkInsert::new(&conn, "INSERT INTO missing VALUES (?1)").is_err());
    }
}
