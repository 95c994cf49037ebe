//! A prepared `INSERT` for bulk loads that binds text without copying it, and does not bind
//! again a value that has not changed since the previous row.
//!
//! rusqlite binds every non-empty string with `SQLITE_TRANSIENT`, so SQLite allocates and
//! copies each text value before every step: for a 34-column customs record that is about
//! twenty allocations per row, a large share of the import's time. [`BulkInsert`] binds with
//! `SQLITE_STATIC` instead. Each bind still costs SQLite about a hundred instructions, so
//! numbers and [`Value::Repeated`] text (a column such as the currency or the customs
//! procedure, which is mostly the same from one row to the next) are compared with what is
//! already bound and bound only when they differ.
//!
//! Soundness: SQLite reads a bound value only while the statement runs (`sqlite3_step`), and
//! the statement runs only inside [`Row::insert`] (which [`BulkInsert::insert`] uses), once
//! every parameter holds that row's value:
//! - [`Value::Text`] ([`Row::text`]) is bound from the caller's string, which the row
//!   borrows until it is inserted;
//! - numbers and NULL are copied by SQLite when bound, so an equal value bound for an
//!   earlier row is this row's value;
//! - [`Value::Repeated`] text is bound from a copy owned by the statement
//!   (`BulkInsert::owned`), which is rewritten only right before it is bound again.
//!
//! A pointer left bound after a row is never read: rebinding, resetting and finalizing
//! release a static value without reading it. (The bindings are not cleared after each row:
//! `sqlite3_clear_bindings` cost about 1.5 % of an import.)

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
    /// Text that is usually the same as in the previous row: copied into the statement when
    /// it changes, and not bound again while it does not.
    Repeated(&'a str),
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

/// What a parameter holds from an earlier call, as far as later calls may rely on it (plain
/// data, so that updating it per value costs no drop check).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// Unknown, or a borrowed text pointer from an earlier row: bind again.
    Stale,
    Null,
    Int(i64),
    /// The bits of an `f64` (so that equal NaNs compare equal).
    Real(u64),
    /// The parameter's copy in `BulkInsert::owned`, bound with `SQLITE_STATIC`.
    Owned,
}

/// A prepared statement on a connection, finalized on drop.
///
/// Invariant: the statement is stepped only inside [`Row::insert`], after each of its
/// parameters was bound for that same row or holds an equal number or NULL, or its owned
/// copy, as recorded in `last`; pointers borrowed for an earlier row may still be bound
/// between rows but their `last` entry is `Stale`, so they are rebound before the next step.
pub struct BulkInsert<'c> {
    db: *mut ffi::sqlite3,
    stmt: *mut ffi::sqlite3_stmt,
    last: Vec<Bound>,
    /// Per parameter, the copy that [`Value::Repeated`] text is bound from.
    owned: Vec<Vec<u8>>,
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
                last: vec![Bound::Stale; params],
                owned: vec![Vec::new(); params],
                _conn: PhantomData,
            })
        }
    }

    /// Binds `values` to the statement's parameters in order (skipping those whose value is
    /// already bound) and runs it once. `values` must have exactly as many entries as the
    /// statement has parameters.
    pub fn insert(&mut self, values: &[Value<'_>]) -> rusqlite::Result<()> {
        let mut row = self.row();
        for &v in values {
            row.value(v);
        }
        row.insert()
    }

    /// Starts a row: bind its values in parameter order with [`Row`]'s methods, then
    /// [`Row::insert`]. (The same as [`BulkInsert::insert`] without building a slice of
    /// [`Value`]s: the hot path of an import.)
    pub fn row<'v>(&mut self) -> Row<'_, 'c, 'v> {
        Row {
            ins: self,
            next: 0,
            rc: ffi::SQLITE_OK,
            _values: PhantomData,
        }
    }
}

/// One row being bound to a [`BulkInsert`]: one call per parameter, in order, then
/// [`Row::insert`]. Text bound with [`Row::text`] is borrowed for `'v`, which outlives the
/// row, so it is still there when `insert` runs the statement.
pub struct Row<'s, 'c, 'v> {
    ins: &'s mut BulkInsert<'c>,
    /// The index of the next parameter.
    next: usize,
    /// The first failed bind's code.
    rc: c_int,
    _values: PhantomData<&'v str>,
}

impl<'v> Row<'_, '_, 'v> {
    /// The next parameter's index and bind state, or `None` (counted) once a bind failed or
    /// every parameter is bound.
    #[inline]
    fn slot(&mut self) -> Option<(usize, c_int)> {
        let i = self.next;
        self.next += 1;
        (self.rc == ffi::SQLITE_OK && i < self.ins.last.len()).then_some((i, (i + 1) as c_int))
    }

    /// Records a bind's result code.
    #[inline]
    fn done(&mut self, i: usize, rc: c_int) {
        if rc != ffi::SQLITE_OK {
            self.ins.last[i] = Bound::Stale;
            self.rc = rc;
        }
    }

    /// Binds NULL.
    #[inline]
    pub fn null(&mut self) -> &mut Self {
        if let Some((i, col)) = self.slot() {
            if self.ins.last[i] != Bound::Null {
                self.ins.last[i] = Bound::Null;
                // SAFETY: the statement is live; NULL holds no pointer.
                let rc = unsafe { ffi::sqlite3_bind_null(self.ins.stmt, col) };
                self.done(i, rc);
            }
        }
        self
    }

    /// Binds an integer.
    #[inline]
    pub fn int(&mut self, n: i64) -> &mut Self {
        if let Some((i, col)) = self.slot() {
            if self.ins.last[i] != Bound::Int(n) {
                self.ins.last[i] = Bound::Int(n);
                // SAFETY: the statement is live; SQLite copies the number.
                let rc = unsafe { ffi::sqlite3_bind_int64(self.ins.stmt, col, n) };
                self.done(i, rc);
            }
        }
        self
    }

    /// Binds an integer, or NULL.
    #[inline]
    pub fn opt_int(&mut self, n: Option<i64>) -> &mut Self {
        match n {
            Some(n) => self.int(n),
            None => self.null(),
        }
    }

    /// Binds a floating-point number, or NULL.
    #[inline]
    pub fn opt_real(&mut self, x: Option<f64>) -> &mut Self {
        let Some(x) = x else { return self.null() };
        if let Some((i, col)) = self.slot() {
            if self.ins.last[i] != Bound::Real(x.to_bits()) {
                self.ins.last[i] = Bound::Real(x.to_bits());
                // SAFETY: the statement is live; SQLite copies the number.
                let rc = unsafe { ffi::sqlite3_bind_double(self.ins.stmt, col, x) };
                self.done(i, rc);
            }
        }
        self
    }

    /// Binds text without copying it; it must live until [`Row::insert`] (`'v`).
    #[inline]
    pub fn text(&mut self, s: &'v str) -> &mut Self {
        if let Some((i, col)) = self.slot() {
            self.ins.last[i] = Bound::Stale;
            // SAFETY: the statement is live; `s` lives for `'v`, beyond `insert`, which is the
            // only place the statement runs; `last` says the pointer is not to be reused.
            let rc = unsafe { bind_static(self.ins.stmt, col, s.as_bytes()) };
            self.done(i, rc);
        }
        self
    }

    /// Binds text that is usually the same as in the previous row: copied into the statement
    /// when it changed, not bound again when it did not.
    #[inline]
    pub fn repeated(&mut self, s: &str) -> &mut Self {
        if let Some((i, col)) = self.slot() {
            let copy = &mut self.ins.owned[i];
            if self.ins.last[i] == Bound::Owned && same_bytes(copy, s.as_bytes()) {
                return self;
            }
            copy.clear();
            copy.extend_from_slice(s.as_bytes());
            self.ins.last[i] = Bound::Owned;
            // SAFETY: the statement is live; `copy` belongs to the statement and is changed
            // only right before it is bound again.
            let rc = unsafe { bind_static(self.ins.stmt, col, copy) };
            self.done(i, rc);
        }
        self
    }

    /// Binds repeated text, or NULL.
    #[inline]
    pub fn opt_repeated(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.repeated(s),
            None => self.null(),
        }
    }

    /// Binds any [`Value`].
    pub fn value(&mut self, v: Value<'v>) -> &mut Self {
        match v {
            Value::Null => self.null(),
            Value::Int(n) => self.int(n),
            Value::Real(x) => self.opt_real(Some(x)),
            Value::Text(s) => self.text(s),
            Value::Repeated(s) => self.repeated(s),
        }
    }

    /// Runs the statement once with the bound row. Fails, without running it, if a bind
    /// failed or the row has more or fewer values than the statement has parameters.
    pub fn insert(self) -> rusqlite::Result<()> {
        let params = self.ins.last.len();
        if self.rc == ffi::SQLITE_OK && self.next != params {
            return Err(rusqlite::Error::InvalidParameterCount(self.next, params));
        }
        // SAFETY: the statement is live. Every parameter holds this row's value (the count
        // matched and no bind failed): text bound by `text` lives for `'v`, beyond this call;
        // repeated text lives in the statement's own copies; numbers and NULL are copies.
        unsafe {
            let mut rc = self.rc;
            if rc == ffi::SQLITE_OK {
                rc = ffi::sqlite3_step(self.ins.stmt);
                if rc == ffi::SQLITE_DONE {
                    rc = ffi::SQLITE_OK;
                }
            }
            let result = if rc == ffi::SQLITE_OK {
                Ok(())
            } else {
                Err(error(self.ins.db, rc))
            };
            ffi::sqlite3_reset(self.ins.stmt);
            result
        }
    }
}

/// Whether two byte strings are equal: for the short values `Repeated` is meant for, two
/// overlapping fixed-size loads per side (a `memcmp` call cost more than the comparison);
/// `==` for longer ones.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let u64_at = |s: &[u8], at: usize| {
        let mut w = [0; 8];
        w.copy_from_slice(&s[at..at + 8]);
        u64::from_ne_bytes(w)
    };
    let u32_at = |s: &[u8], at: usize| {
        let mut w = [0; 4];
        w.copy_from_slice(&s[at..at + 4]);
        u32::from_ne_bytes(w)
    };
    match n {
        0..=3 => a.iter().zip(b).all(|(x, y)| x == y),
        4..=7 => u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4),
        8..=16 => u64_at(a, 0) == u64_at(b, 0) && u64_at(a, n - 8) == u64_at(b, n - 8),
        _ => a == b,
    }
}

/// Binds `text` to parameter `col` without a copy.
///
/// # Safety
/// `stmt` must be a live statement, and `text` must stay valid and unchanged until the
/// parameter is bound again or the statement is finalized, whenever the statement is stepped.
unsafe fn bind_static(stmt: *mut ffi::sqlite3_stmt, col: c_int, text: &[u8]) -> c_int {
    ffi::sqlite3_bind_text64(
        stmt,
        col,
        text.as_ptr().cast(),
        text.len() as ffi::sqlite3_uint64,
        ffi::SQLITE_STATIC(),
        ffi::SQLITE_UTF8 as u8,
    )
}

impl Drop for BulkInsert<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared in `new` and is finalized exactly once, before
        // the owned copies in `owned` are dropped.
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

    /// An in-memory table `t (a INTEGER, b REAL, c TEXT, d TEXT)`.
    fn four_columns() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER, b REAL, c TEXT, d TEXT)")
            .unwrap();
        conn
    }

    #[test]
    fn inserts_rows_bound_without_copies() {
        let conn = four_columns();
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
    fn unchanged_values_are_not_rebound_and_rows_stay_right() {
        let conn = four_columns();
        let mut ins = BulkInsert::new(&conn, "INSERT INTO t VALUES (?1, ?2, ?3, ?4)").unwrap();
        // Each row's strings are dropped before the next insert: a stale pointer would show.
        type Row<'a> = (Option<i64>, Option<f64>, &'a str, Option<&'a str>);
        let rows: Vec<Row> = vec![
            (Some(1), Some(0.5), "USD", Some("x")),
            (Some(1), Some(0.5), "USD", Some("x")),
            (None, Some(0.5), "USD", None),
            (Some(2), None, "EUR", None),
            (Some(2), None, "EUR", Some("")),
            (Some(2), Some(f64::NAN), "", Some("y")),
            (Some(2), Some(f64::NAN), "", Some("y")),
        ];
        for (a, b, c, d) in &rows {
            let c = c.to_string();
            let d = d.map(str::to_string);
            ins.insert(&[
                a.map_or(Value::Null, Value::Int),
                (*b).into(),
                Value::Repeated(&c),
                d.as_deref().map_or(Value::Null, Value::Repeated),
            ])
            .unwrap();
        }
        drop(ins);
        type Stored = (Option<i64>, Option<f64>, String, Option<String>);
        let got: Vec<Stored> = conn
            .prepare("SELECT a, b, c, d FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(got.len(), rows.len());
        for (g, w) in got.iter().zip(&rows) {
            assert_eq!(g.0, w.0);
            // SQLite stores NaN as NULL.
            assert_eq!(g.1, w.1.filter(|x| !x.is_nan()));
            assert_eq!(g.2, w.2);
            assert_eq!(g.3.as_deref(), w.3);
        }
    }

    #[test]
    fn same_bytes_is_equality() {
        let words: Vec<Vec<u8>> = (0..=20)
            .flat_map(|n| {
                let base: Vec<u8> = (0..n as u8).map(|i| b'a' + i).collect();
                let mut variants = vec![base.clone()];
                for k in 0..n {
                    let mut v = base.clone();
                    v[k] ^= 1;
                    variants.push(v);
                }
                variants
            })
            .collect();
        for a in &words {
            for b in &words {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
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
