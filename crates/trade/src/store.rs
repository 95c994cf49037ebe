//! The trade crate's tables in the project's SQLite store:
//!
//! - `trade_imports`: one row per import;
//! - `trade_parties`: each distinct trading party as written in the records (name, INN,
//!   address, country), stored once however many records name it;
//! - `trade_rows`: the customs records with their classification, pointing at their
//!   receiver and sender in `trade_parties`;
//! - `trade_records`: a view joining the two (and computing `chapter` and `heading` from
//!   `hs6`), with one column per record field
//!   (`receiver_name`, `sender_address`, …): what readers and analysts query;
//! - `trade_warnings`: remarks on fields of records that were kept (an INN restored or failing
//!   its check digit, a currency column contradicting the value's header), by `trade_rows` id;
//! - `trade_flags`: detector output.
//!
//! One import is one transaction: a failed import leaves the store as it was.
//!
//! Invariants: `trade_parties` holds no two rows with the same (name, inn, address,
//! country) — [`import_file`] interns parties through an in-memory map loaded from the
//! table, so no unique index has to be maintained during bulk loads; an import's rows are
//! the contiguous id range `trade_imports.first_row..=last_row`, and every
//! `trade_rows.import_id`, `receiver_id` and `sender_id` names an existing row. These
//! references are kept by [`import_file`] itself rather than declared as foreign keys, whose
//! per-row parent lookups would slow bulk imports.

use crate::bulk::{BulkInsert, Value};
use crate::classify::Classifier;
use crate::date::Date;
use crate::error::{Result, TradeError};
use crate::import::{for_each_prepared, ReadOptions, ReadStats};
use crate::record::CustomsRecord;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::BTreeMap;
use std::path::Path;

/// The stored columns of one record, in table order (the view computes `chapter` and
/// `heading` from `hs6`).
const RECORD_COLUMNS: &str = "import_id, record_id, record_type, ccd_number, date, ved_code,
    hs6, chpl_tier, category, goods_description, manufacturer, brand,
    quantity, unit, net_weight, gross_weight, invoice_amount, currency, usd_amount";

/// Creates the trade tables if they do not exist, and converts a store written before
/// parties had their own table (idempotent).
pub fn migrate(conn: &Connection) -> Result<()> {
    let old_table: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'trade_records'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS trade_imports (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
            rows_read INTEGER NOT NULL,
            rows_imported INTEGER NOT NULL,
            rows_skipped INTEGER NOT NULL,
            unknown_codes INTEGER NOT NULL,
            synthetic INTEGER NOT NULL,
            first_row INTEGER,
            last_row INTEGER
        );
        CREATE TABLE IF NOT EXISTS trade_parties (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            inn TEXT NOT NULL,
            address TEXT NOT NULL,
            country TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS trade_rows (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL,
            record_id TEXT NOT NULL,
            record_type TEXT, ccd_number TEXT,
            date TEXT NOT NULL,
            ved_code TEXT NOT NULL,
            hs6 INTEGER, chpl_tier TEXT, category TEXT,
            goods_description TEXT, manufacturer TEXT, brand TEXT,
            quantity REAL, unit TEXT, net_weight REAL, gross_weight REAL,
            invoice_amount REAL, currency TEXT, usd_amount REAL,
            receiver_id INTEGER NOT NULL,
            sender_id INTEGER NOT NULL,
            origin_country TEXT, departure_country TEXT, trading_country TEXT,
            destination_country TEXT, customs_procedure TEXT, incoterms TEXT,
            synthetic INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS trade_warnings (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL,
            row_id INTEGER NOT NULL,
            field TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS trade_flags (
            id INTEGER PRIMARY KEY,
            rule TEXT NOT NULL,
            score REAL NOT NULL,
            record_id TEXT NOT NULL,
            evidence TEXT NOT NULL,
            explanation TEXT NOT NULL,
            synthetic INTEGER NOT NULL
        );",
    )?;
    // Stores from before flags named the import they were computed over.
    let flags_have_import: bool = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('trade_flags') WHERE name = 'import_id'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)?;
    if !flags_have_import {
        conn.execute_batch("ALTER TABLE trade_flags ADD COLUMN import_id INTEGER")?;
    }
    if old_table {
        // A store from before `trade_parties`: move its records over, keeping their ids.
        let moved = conn.execute_batch(&format!(
            "SAVEPOINT trade_parties_migration;
            INSERT INTO trade_parties (name, inn, address, country)
                SELECT DISTINCT coalesce(receiver_name, ''), coalesce(receiver_inn, ''),
                                coalesce(receiver_address, ''), ''
                FROM trade_records
                UNION
                SELECT DISTINCT coalesce(sender_name, ''), '', coalesce(sender_address, ''),
                                coalesce(sender_country, '')
                FROM trade_records;
            CREATE INDEX trade_parties_migration_key ON trade_parties (name, inn, address, country);
            INSERT INTO trade_rows (id, {RECORD_COLUMNS}, receiver_id, sender_id,
                    origin_country, departure_country, trading_country, destination_country,
                    customs_procedure, incoterms, synthetic)
                SELECT r.id, {RECORD_COLUMNS_R}, rp.id, sp.id,
                    r.origin_country, r.departure_country, r.trading_country,
                    r.destination_country, r.customs_procedure, r.incoterms, r.synthetic
                FROM trade_records r
                JOIN trade_parties rp ON rp.name = coalesce(r.receiver_name, '')
                    AND rp.inn = coalesce(r.receiver_inn, '')
                    AND rp.address = coalesce(r.receiver_address, '') AND rp.country = ''
                JOIN trade_parties sp ON sp.name = coalesce(r.sender_name, '')
                    AND sp.inn = '' AND sp.address = coalesce(r.sender_address, '')
                    AND sp.country = coalesce(r.sender_country, '');
            DROP INDEX trade_parties_migration_key;
            DROP TABLE trade_records;
            RELEASE trade_parties_migration;",
            RECORD_COLUMNS_R = RECORD_COLUMNS
                .split(',')
                .map(|c| format!("r.{}", c.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if let Err(e) = moved {
            // Leave the old table as it was.
            let _ = conn.execute_batch(
                "ROLLBACK TO trade_parties_migration; RELEASE trade_parties_migration;",
            );
            return Err(e.into());
        }
    }
    conn.execute_batch(
        "CREATE VIEW IF NOT EXISTS trade_records AS
            SELECT r.id, r.import_id, r.record_id, r.record_type, r.ccd_number, r.date,
                r.ved_code, r.hs6, r.hs6 / 10000 AS chapter, r.hs6 / 100 AS heading,
                r.chpl_tier, r.category,
                r.goods_description, r.manufacturer, r.brand, r.quantity, r.unit,
                r.net_weight, r.gross_weight, r.invoice_amount, r.currency, r.usd_amount,
                rp.name AS receiver_name, rp.inn AS receiver_inn,
                rp.address AS receiver_address,
                sp.name AS sender_name, sp.address AS sender_address,
                sp.country AS sender_country,
                r.origin_country, r.departure_country, r.trading_country,
                r.destination_country, r.customs_procedure, r.incoterms, r.synthetic,
                r.receiver_id, r.sender_id
            FROM trade_rows r
            JOIN trade_parties rp ON rp.id = r.receiver_id
            JOIN trade_parties sp ON sp.id = r.sender_id;",
    )?;
    Ok(())
}

/// Interns trading parties: each distinct (name, inn, address, country) gets one
/// `trade_parties` id. Runs where records are prepared (the reader's conversion thread); the
/// sink stores a party when [`PartyRef::new`] says it is the first sighting.
///
/// Layout, for the ten million lookups of a five-million-row import, where each lookup's
/// cost is its cache misses: each party's four parts lie back to back in one `arena`;
/// `slots` is an open-addressing table (linear probing, at most half full) whose slot holds
/// the 64-bit hash of the parts, the id and where the parts lie in the arena. A lookup hashes
/// the parts where they are (no key is built), reads one slot and compares the parts with
/// one arena slice: two memory accesses, where a `HashMap` of boxed keys took four. Parties
/// with equal hashes simply take further slots, so equal parts always find the same id.
struct Parties {
    hasher: chokepoint_refdata::hash::SeededBuildHasher,
    slots: Vec<PartySlot>,
    len: usize,
    arena: String,
    next: i64,
    /// Tests set this to give every party the same hash.
    #[cfg(test)]
    collide_all: bool,
}

/// One slot of [`Parties::slots`]; `lens` is `EMPTY` in free slots.
#[derive(Clone, Copy)]
struct PartySlot {
    hash: u64,
    id: i64,
    /// Where the parts start in the arena.
    start: usize,
    /// The byte length of each part.
    lens: [u32; 4],
}

const EMPTY: [u32; 4] = [u32::MAX; 4];

const FREE_SLOT: PartySlot = PartySlot {
    hash: 0,
    id: 0,
    start: 0,
    lens: EMPTY,
};

/// A record's party: its id, and whether this record is the first to name it.
#[derive(Debug, Clone, Copy, Default)]
struct PartyRef {
    id: i64,
    new: bool,
}

impl Parties {
    /// Loads the parties already stored.
    fn load(conn: &Connection) -> Result<Self> {
        let mut parties = Self::empty();
        parties.load_from(conn)?;
        Ok(parties)
    }

    fn empty() -> Self {
        Parties {
            hasher: Default::default(),
            slots: vec![FREE_SLOT; 1024],
            len: 0,
            arena: String::new(),
            next: 1,
            #[cfg(test)]
            collide_all: false,
        }
    }

    fn load_from(&mut self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare("SELECT id, name, inn, address, country FROM trade_parties")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let parts: [String; 4] = [row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?];
            let parts = parts.each_ref().map(String::as_str);
            let (at, h) = match self.find(parts) {
                // The table has no unique index; a repeated row keeps its first id.
                Ok(_) => continue,
                Err(free) => free,
            };
            self.intern(at, h, parts, id);
            self.next = self.next.max(id + 1);
        }
        Ok(())
    }

    /// The hash of a party's parts.
    fn hash(&self, parts: [&str; 4]) -> u64 {
        use std::hash::BuildHasher;
        #[cfg(test)]
        if self.collide_all {
            return 7;
        }
        self.hasher.hash_one(parts)
    }

    /// The id of a party, or (`Err`) the free slot where it belongs and its hash.
    fn find(&self, parts: [&str; 4]) -> std::result::Result<i64, (usize, u64)> {
        let h = self.hash(parts);
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        loop {
            let slot = &self.slots[at];
            if slot.lens == EMPTY {
                return Err((at, h));
            }
            if slot.hash == h && self.same(slot, parts) {
                return Ok(slot.id);
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether `slot` holds exactly these parts.
    fn same(&self, slot: &PartySlot, parts: [&str; 4]) -> bool {
        let mut from = slot.start;
        for (part, &len) in parts.iter().zip(&slot.lens) {
            let end = from + len as usize;
            if self.arena.as_bytes().get(from..end) != Some(part.as_bytes()) {
                return false;
            }
            from = end;
        }
        true
    }

    /// Stores a party not interned yet under `id` in the free slot `at`.
    fn intern(&mut self, at: usize, h: u64, parts: [&str; 4], id: i64) {
        let start = self.arena.len();
        let mut lens = [0; 4];
        for (len, part) in lens.iter_mut().zip(parts) {
            self.arena.push_str(part);
            // A part of 4 GiB cannot come from one CSV record (records are capped far lower).
            *len = u32::try_from(part.len()).unwrap_or(u32::MAX - 1);
        }
        self.slots[at] = PartySlot {
            hash: h,
            id,
            start,
            lens,
        };
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
    }

    /// Doubles the table (slots keep their hashes; nothing is rehashed).
    fn grow(&mut self) {
        let doubled = vec![FREE_SLOT; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.lens != EMPTY) {
            let mut at = slot.hash as usize & mask;
            while self.slots[at].lens != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }

    /// The id of a party, new ones numbered on first sight.
    fn get(&mut self, name: &str, inn: &str, address: &str, country: &str) -> PartyRef {
        let parts = [name, inn, address, country];
        match self.find(parts) {
            Ok(id) => PartyRef { id, new: false },
            Err((at, h)) => {
                let id = self.next;
                self.next += 1;
                self.intern(at, h, parts, id);
                PartyRef { id, new: true }
            }
        }
    }
}

/// What the conversion thread works out for each record before the store sees it.
#[derive(Debug, Clone, Copy, Default)]
struct Prepared {
    class: Option<crate::classify::Classification>,
    /// The date as `YYYY-MM-DD`.
    date: [u8; 10],
    receiver: PartyRef,
    sender: PartyRef,
}

/// Writes `YYYY-MM-DD` (years 0–9999) into `out`.
fn iso_date(date: Date, out: &mut [u8; 10]) {
    let (y, m, d) = date.ymd();
    let y = y.clamp(0, 9999) as u32;
    let digits = |v: u32, n: usize, out: &mut [u8]| {
        let mut v = v;
        for slot in out[..n].iter_mut().rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    digits(y, 4, &mut out[0..4]);
    out[4] = b'-';
    digits(m, 2, &mut out[5..7]);
    out[7] = b'-';
    digits(d, 2, &mut out[8..10]);
}

/// What an import did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportSummary {
    /// The `trade_imports` row id.
    pub import_id: i64,
    /// Read counts and the first errors.
    pub stats: ReadStats,
    /// Records whose well-formed code is neither HS 2022 nor a known pre-2022 code: stored
    /// unclassified (NULL hs6) and counted, never guessed.
    pub unknown_codes: u64,
    /// Up to 20 distinct unknown codes.
    pub unknown_examples: Vec<String>,
    /// Records per category (`unknown` for unclassified ones).
    pub per_category: BTreeMap<String, u64>,
    /// Records on the CHPL.
    pub chpl_records: u64,
    /// Whether any record was synthetic (the import is then marked synthetic).
    pub synthetic: bool,
}

/// Imports one dump into the store inside `tx`, classifying every record. Call
/// [`migrate`] first; commit `tx` afterwards (dropping it rolls the import back).
/// `progress(rows, bytes)` is called every 65,536 rows; compare `bytes` with the file size
/// for a progress bar.
pub fn import_file(
    tx: &Transaction,
    path: &Path,
    classifier: &Classifier,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportSummary> {
    tx.execute(
        "INSERT INTO trade_imports (path, rows_read, rows_imported, rows_skipped, unknown_codes, synthetic) VALUES (?1, 0, 0, 0, 0, 0)",
        params![path.display().to_string()],
    )?;
    let import_id = tx.last_insert_rowid();
    let before: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM trade_rows", [], |r| {
        r.get(0)
    })?;
    let mut summary = ImportSummary {
        import_id,
        ..Default::default()
    };
    let mut cat_counts = [0u64; 11];
    {
        let mut parties = Parties::load(tx)?;
        let mut insert_party = BulkInsert::new(
            tx,
            "INSERT INTO trade_parties (id, name, inn, address, country) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        // Stores made before the view computed `chapter` and `heading` still store them.
        let stored_derived: bool = tx.query_row(
            "SELECT count(*) > 0 FROM pragma_table_info('trade_rows') WHERE name = 'chapter'",
            [],
            |r| r.get(0),
        )?;
        let columns = format!(
            "{RECORD_COLUMNS}, receiver_id, sender_id, origin_country, departure_country,
             trading_country, destination_country, customs_procedure, incoterms, synthetic{}",
            if stored_derived {
                ", chapter, heading"
            } else {
                ""
            }
        );
        // One parameter per column (the sink binds them in this order; `Row::insert` refuses
        // a row of any other width).
        let params = vec!["?"; columns.split(',').count()].join(",");
        let mut stmt = BulkInsert::new(
            tx,
            &format!("INSERT INTO trade_rows ({columns}) VALUES ({params})"),
        )?;
        let mut insert_warning = BulkInsert::new(
            tx,
            "INSERT INTO trade_warnings (import_id, row_id, field, message) VALUES (?1, ?2, ?3, ?4)",
        )?;
        // Classification, date formatting and party interning run on the reader's
        // conversion thread; this thread only binds and steps.
        // The import's counts are kept there too.
        let mut prepare = |r: &CustomsRecord, p: &mut Prepared| {
            p.class = classifier.classify(&r.ved_code).ok();
            iso_date(r.date, &mut p.date);
            p.receiver = parties.get(&r.receiver_name, &r.receiver_inn, &r.receiver_address, "");
            p.sender = parties.get(&r.sender_name, "", &r.sender_address, &r.sender_country);
            match p.class {
                Some(c) => {
                    cat_counts[c.category as usize] += 1;
                    if c.chpl.is_some() {
                        summary.chpl_records += 1;
                    }
                }
                None => {
                    cat_counts[10] += 1;
                    summary.unknown_codes += 1;
                    if summary.unknown_examples.len() < 20
                        && !summary.unknown_examples.contains(&r.ved_code)
                    {
                        summary.unknown_examples.push(r.ved_code.clone());
                    }
                }
            }
            summary.synthetic |= r.synthetic;
        };
        let mut sink = |r: &CustomsRecord, p: &Prepared| -> Result<()> {
            let class = p.class;
            if p.receiver.new {
                insert_party.insert(&[
                    Value::Int(p.receiver.id),
                    Value::Text(&r.receiver_name),
                    Value::Text(&r.receiver_inn),
                    Value::Text(&r.receiver_address),
                    Value::Text(""),
                ])?;
            }
            if p.sender.new {
                insert_party.insert(&[
                    Value::Int(p.sender.id),
                    Value::Text(&r.sender_name),
                    Value::Text(""),
                    Value::Text(&r.sender_address),
                    Value::Text(&r.sender_country),
                ])?;
            }
            let date = std::str::from_utf8(&p.date).unwrap_or("");
            // Short columns that mostly repeat from row to row are `repeated`: bound only
            // when they change (the import id and the synthetic flag are skipped the same way).
            let mut row = stmt.row();
            row.int(import_id)
                .text(&r.id)
                .repeated(&r.record_type)
                .text(&r.ccd_number)
                .repeated(date)
                .text(&r.ved_code)
                .opt_int(class.map(|c| i64::from(c.hs6)))
                .opt_repeated(class.and_then(|c| c.chpl).map(|t| t.as_str()))
                .opt_repeated(class.map(|c| c.category.as_str()))
                .text(&r.goods_description)
                .text(&r.manufacturer)
                .text(&r.brand)
                .opt_real(r.quantity)
                .repeated(&r.unit)
                .opt_real(r.net_weight)
                .opt_real(r.gross_weight)
                .opt_real(r.invoice_amount)
                .repeated(&r.currency)
                .opt_real(r.usd_amount)
                .int(p.receiver.id)
                .int(p.sender.id)
                .repeated(&r.origin_country)
                .repeated(&r.departure_country)
                .repeated(&r.trading_country)
                .repeated(&r.destination_country)
                .repeated(&r.customs_procedure)
                .repeated(&r.incoterms)
                .int(i64::from(r.synthetic));
            if stored_derived {
                row.opt_int(class.map(|c| i64::from(c.chapter)))
                    .opt_int(class.map(|c| i64::from(c.heading)));
            }
            row.insert()?;
            if !r.warnings.is_empty() {
                let row_id = tx.last_insert_rowid();
                for w in &r.warnings {
                    insert_warning.insert(&[
                        Value::Int(import_id),
                        Value::Int(row_id),
                        Value::Text(w.field.as_str()),
                        Value::Text(&w.message),
                    ])?;
                }
            }
            Ok(())
        };
        let stats = for_each_prepared(path, opts, progress, &mut prepare, &mut sink)?;
        summary.stats = stats;
    }
    for c in crate::category::Category::ALL {
        let n = cat_counts[c as usize];
        if n > 0 {
            summary.per_category.insert(c.as_str().to_string(), n);
        }
    }
    if cat_counts[10] > 0 {
        summary
            .per_category
            .insert("unknown".into(), cat_counts[10]);
    }
    tx.execute(
        "UPDATE trade_imports SET rows_read=?2, rows_imported=?3, rows_skipped=?4, unknown_codes=?5, synthetic=?6,
         first_row=(SELECT min(id) FROM trade_rows WHERE id > ?7), last_row=(SELECT max(id) FROM trade_rows) WHERE id=?1",
        params![import_id, summary.stats.rows_read as i64, summary.stats.rows_ok as i64, summary.stats.rows_skipped as i64, summary.unknown_codes as i64, summary.synthetic, before],
    )?;
    Ok(summary)
}

/// Stores detector flags (evidence as a JSON array) inside `tx`; `synthetic` marks flags
/// computed from synthetic records. Returns the number stored.
pub fn save_flags(
    tx: &Transaction,
    flags: &[crate::flags::Flag],
    synthetic: bool,
) -> Result<usize> {
    save_flags_of(tx, flags, synthetic, None)
}

/// Stores detector flags like [`save_flags`], naming the import whose records they were
/// computed over (`None` when over several), so that a reader can take one run's flags.
pub fn save_flags_of(
    tx: &Transaction,
    flags: &[crate::flags::Flag],
    synthetic: bool,
    import_id: Option<i64>,
) -> Result<usize> {
    let mut stmt = tx.prepare_cached("INSERT INTO trade_flags (rule, score, record_id, evidence, explanation, synthetic, import_id) VALUES (?1,?2,?3,?4,?5,?6,?7)")?;
    for f in flags {
        stmt.execute(params![
            f.rule.as_str(),
            f.score,
            f.subject,
            serde_json::to_string(&f.evidence)?,
            f.explanation,
            synthetic,
            import_id
        ])?;
    }
    Ok(flags.len())
}

/// Replaces the stored flags of `rules` over import `import_id` with `flags`, in one
/// transaction — for flags computed outside the trade stage over the same records (the
/// `cluster` crate's classify job over a Parquet copy of an import). Every flag must name a
/// record of that import: the first that does not is refused with its id, and the store is left
/// as it was. The flags are marked synthetic when the import is. Returns (flags removed, flags
/// stored).
pub fn replace_flags_of(
    conn: &mut Connection,
    import_id: i64,
    rules: &[crate::flags::Rule],
    flags: &[crate::flags::Flag],
) -> Result<(usize, usize)> {
    let tx = conn.transaction()?;
    let synthetic: Option<bool> = tx
        .query_row(
            "SELECT synthetic FROM trade_imports WHERE id = ?1",
            [import_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(synthetic) = synthetic else {
        return Err(TradeError::Invalid(format!(
            "the store holds no trade import {import_id}"
        )));
    };
    {
        let mut known = tx.prepare_cached(
            "SELECT 1 FROM trade_rows WHERE import_id = ?1 AND record_id = ?2 LIMIT 1",
        )?;
        for f in flags {
            if !rules.contains(&f.rule) {
                return Err(TradeError::Invalid(format!(
                    "flag {} on record {} is not of the rules being replaced",
                    f.rule.as_str(),
                    f.subject
                )));
            }
            if !known.exists(params![import_id, f.subject])? {
                return Err(TradeError::Invalid(format!(
                    "flag {} names record {}, which trade import {import_id} does not hold",
                    f.rule.as_str(),
                    f.subject
                )));
            }
        }
    }
    let mut removed = 0;
    for rule in rules {
        removed += tx.execute(
            "DELETE FROM trade_flags WHERE import_id = ?1 AND rule = ?2",
            params![import_id, rule.as_str()],
        )?;
    }
    let stored = save_flags_of(&tx, flags, synthetic, Some(import_id))?;
    tx.commit()?;
    Ok((removed, stored))
}

/// The most recent import's id, if any.
pub fn last_import(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT max(id) FROM trade_imports", [], |r| {
            r.get::<_, Option<i64>>(0)
        })
        .optional()?
        .flatten())
}

/// Reads back the records of one import (or of all imports), in import order, without their
/// classification (see [`crate::records::read_classified`] for the records with it).
pub fn load_records(conn: &Connection, import_id: Option<i64>) -> Result<Vec<CustomsRecord>> {
    let mut out = Vec::new();
    crate::records::for_each_classified(
        conn,
        &crate::records::RecordFilter { import_id },
        &mut |c| {
            out.push(c.record);
            Ok(())
        },
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn classifier() -> Option<Classifier> {
        let dir = crate::shared_data_dir().join("hs");
        if !dir.join("harmonized-system.csv").exists() {
            eprintln!("SKIP: real HS data not found at {}", dir.display());
            return None;
        }
        Classifier::load(&dir).ok()
    }

    #[test]
    fn import_is_one_transaction_and_round_trips() {
        let Some(c) = classifier() else { return };
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.csv");
        std::fs::File::create(&good)
            .unwrap()
            .write_all("# SYNTHETIC\nid,date,vedCode,goodsDescription,synthetic\nr1,2023-01-01,8542310000,chips,1\nr2,2023-01-02,9999.99.0000,x,1\nr3,2023-01-03,8803.30,parts,1\n".as_bytes())
            .unwrap();
        let bad = dir.path().join("bad.csv");
        std::fs::File::create(&bad)
            .unwrap()
            .write_all(b"id,date,vedCode\nb1,2023-01-01,854231\nb2,2023-01-01,85\n")
            .unwrap();
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let tx = conn.transaction().unwrap();
        let s = import_file(&tx, &good, &c, &ReadOptions::default(), &mut |_, _| {}).unwrap();
        tx.commit().unwrap();
        assert_eq!(s.stats.rows_ok, 3);
        assert_eq!(s.unknown_codes, 1);
        assert_eq!(s.unknown_examples, vec!["9999.99.0000".to_string()]);
        assert_eq!(s.chpl_records, 2);
        assert!(s.synthetic);
        assert_eq!(s.per_category.get("uav_parts"), Some(&1));

        let tx = conn.transaction().unwrap();
        let e = import_file(&tx, &bad, &c, &ReadOptions::default(), &mut |_, _| {}).unwrap_err();
        drop(tx);
        assert!(e.to_string().contains("bad.csv:3:vedCode"), "{e}");
        let n: i64 = conn
            .query_row("SELECT count(*) FROM trade_records", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 3, "failed import left no rows");
        let imports: i64 = conn
            .query_row("SELECT count(*) FROM trade_imports", [], |r| r.get(0))
            .unwrap();
        assert_eq!(imports, 1);

        let tx = conn.transaction().unwrap();
        let flag = crate::flags::Flag {
            rule: crate::flags::Rule::ValueHigh,
            score: 0.7,
            subject: "r1".into(),
            evidence: vec!["r1".into()],
            explanation: "x".into(),
        };
        assert_eq!(save_flags(&tx, &[flag], true).unwrap(), 1);
        tx.commit().unwrap();
        let ev: String = conn
            .query_row("SELECT evidence FROM trade_flags", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ev, "[\"r1\"]");
        let rule: String = conn
            .query_row("SELECT rule FROM trade_flags", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rule, "value.high", "the store keeps the rule's id");

        let recs = load_records(&conn, last_import(&conn).unwrap()).unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[2].id, "r3");
        assert!(recs[0].synthetic);
        let (hs6, tier): (Option<i64>, Option<String>) = conn
            .query_row(
                "SELECT hs6, chpl_tier FROM trade_records WHERE record_id='r3'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((hs6, tier.as_deref()), (Some(880730), Some("3.B")));
    }

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn iso_dates_are_written_like_display() {
        for (y, m, d) in [(2023, 1, 5), (1999, 12, 31), (2024, 2, 29), (5, 7, 9)] {
            let date = Date::from_ymd(y, m, d).unwrap();
            let mut out = [0u8; 10];
            iso_date(date, &mut out);
            assert_eq!(std::str::from_utf8(&out).unwrap(), date.to_string());
        }
    }

    #[test]
    fn parties_are_stored_once_across_imports() {
        let Some(c) = classifier() else { return };
        let dir = tempfile::tempdir().unwrap();
        let head = "id,date,vedCode,receiverName,receiverInn,receiverAddress,senderName,senderAddress,senderCountry\n";
        let a = write(dir.path(), "a.csv", &format!("{head}a1,2023-01-01,854231,ООО «Альфа»,7701234567,Москва,XINDA LTD,Hong Kong,HK\na2,2023-01-02,854231,ООО «Альфа»,7701234567,Москва,XINDA LTD,Shenzhen,CN\n"));
        let b = write(dir.path(), "b.csv", &format!("{head}b1,2023-02-01,847180,ООО «Альфа»,7701234567,Москва,XINDA LTD,Hong Kong,HK\nb2,2023-02-02,847180,АО «Бета»,,Тула,XINDA LTD,Hong Kong,HK\n"));
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        for p in [&a, &b] {
            let tx = conn.transaction().unwrap();
            import_file(&tx, p, &c, &ReadOptions::default(), &mut |_, _| {}).unwrap();
            tx.commit().unwrap();
        }
        let parties: i64 = conn
            .query_row("SELECT count(*) FROM trade_parties", [], |r| r.get(0))
            .unwrap();
        // Receivers «Альфа» and «Бета»; senders XINDA in Hong Kong and in Shenzhen.
        assert_eq!(parties, 4);
        let alfa: Vec<i64> = conn
            .prepare(
                "SELECT DISTINCT receiver_id FROM trade_records WHERE receiver_inn = '7701234567'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            alfa.len(),
            1,
            "one id for the same receiver in both imports"
        );
        let recs = load_records(&conn, None).unwrap();
        assert_eq!(recs.len(), 4);
        assert_eq!(
            (
                recs[3].receiver_name.as_str(),
                recs[3].receiver_inn.as_str(),
                recs[3].receiver_address.as_str()
            ),
            ("АО «Бета»", "", "Тула")
        );
        assert_eq!(
            (
                recs[1].sender_name.as_str(),
                recs[1].sender_address.as_str(),
                recs[1].sender_country.as_str()
            ),
            ("XINDA LTD", "Shenzhen", "CN")
        );
    }

    #[test]
    fn chapter_and_heading_computed_or_stored_as_the_store_has_them() {
        let Some(c) = classifier() else { return };
        let dir = tempfile::tempdir().unwrap();
        let csv = write(
            dir.path(),
            "a.csv",
            "id,date,vedCode\na1,2023-01-01,8542 31 900 0\na2,2023-01-02,999999\n",
        );
        // A store made by this version (computed in the view) and one made before (stored).
        let made_before = "CREATE TABLE trade_rows (
            id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL, record_id TEXT NOT NULL,
            record_type TEXT, ccd_number TEXT, date TEXT NOT NULL, ved_code TEXT NOT NULL,
            hs6 INTEGER, chapter INTEGER, heading INTEGER, chpl_tier TEXT, category TEXT,
            goods_description TEXT, manufacturer TEXT, brand TEXT,
            quantity REAL, unit TEXT, net_weight REAL, gross_weight REAL,
            invoice_amount REAL, currency TEXT, usd_amount REAL,
            receiver_id INTEGER NOT NULL, sender_id INTEGER NOT NULL,
            origin_country TEXT, departure_country TEXT, trading_country TEXT,
            destination_country TEXT, customs_procedure TEXT, incoterms TEXT,
            synthetic INTEGER NOT NULL)";
        for old in [false, true] {
            let mut conn = Connection::open_in_memory().unwrap();
            if old {
                conn.execute_batch(made_before).unwrap();
            }
            migrate(&conn).unwrap();
            let stored: i64 = conn
                .query_row(
                    "SELECT count(*) FROM pragma_table_info('trade_rows')
                     WHERE name IN ('chapter', 'heading')",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(stored, if old { 2 } else { 0 });
            let tx = conn.transaction().unwrap();
            let opts = ReadOptions {
                lenient: true,
                ..Default::default()
            };
            import_file(&tx, &csv, &c, &opts, &mut |_, _| {}).unwrap();
            tx.commit().unwrap();
            let rows: Vec<(Option<i64>, Option<i64>, Option<i64>)> = conn
                .prepare("SELECT hs6, chapter, heading FROM trade_records ORDER BY id")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(
                rows,
                vec![(Some(854231), Some(85), Some(8542)), (None, None, None)],
                "old layout: {old}"
            );
        }
    }

    #[test]
    fn a_store_from_before_parties_is_converted() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE trade_imports (id INTEGER PRIMARY KEY, path TEXT NOT NULL,
                imported_at TEXT NOT NULL DEFAULT '', rows_read INTEGER NOT NULL,
                rows_imported INTEGER NOT NULL, rows_skipped INTEGER NOT NULL,
                unknown_codes INTEGER NOT NULL, synthetic INTEGER NOT NULL,
                first_row INTEGER, last_row INTEGER);
            INSERT INTO trade_imports VALUES (1, 'old.csv', '', 2, 2, 0, 0, 1, 5, 6);
            CREATE TABLE trade_records (id INTEGER PRIMARY KEY,
                import_id INTEGER NOT NULL REFERENCES trade_imports(id),
                record_id TEXT NOT NULL, record_type TEXT, ccd_number TEXT, date TEXT NOT NULL,
                ved_code TEXT NOT NULL, hs6 INTEGER, chapter INTEGER, heading INTEGER,
                chpl_tier TEXT, category TEXT, goods_description TEXT, manufacturer TEXT,
                brand TEXT, quantity REAL, unit TEXT, net_weight REAL, gross_weight REAL,
                invoice_amount REAL, currency TEXT, usd_amount REAL, receiver_name TEXT,
                receiver_inn TEXT, receiver_address TEXT, sender_name TEXT,
                sender_address TEXT, sender_country TEXT, origin_country TEXT,
                departure_country TEXT, trading_country TEXT, destination_country TEXT,
                customs_procedure TEXT, incoterms TEXT, synthetic INTEGER NOT NULL);
            INSERT INTO trade_records (id, import_id, record_id, date, ved_code, hs6, category,
                receiver_name, receiver_inn, receiver_address, sender_name, sender_address,
                sender_country, usd_amount, synthetic)
            VALUES (5, 1, 'o1', '2022-03-01', '854231', 854231, 'microelectronics',
                    'ООО «Альфа»', '7701234567', 'Москва', 'XINDA LTD', NULL, 'HK', 10.5, 1),
                   (6, 1, 'o2', '2022-03-02', '854231', 854231, 'microelectronics',
                    'ООО «Альфа»', '7701234567', 'Москва', 'XINDA LTD', NULL, 'HK', 7.0, 1);",
        )
        .unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let kind: String = conn
            .query_row(
                "SELECT type FROM sqlite_master WHERE name = 'trade_records'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kind, "view");
        let parties: i64 = conn
            .query_row("SELECT count(*) FROM trade_parties", [], |r| r.get(0))
            .unwrap();
        assert_eq!(parties, 2);
        let recs = load_records(&conn, Some(1)).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].id, "o2");
        assert_eq!(recs[1].receiver_name, "ООО «Альфа»");
        assert_eq!(recs[1].sender_address, "");
        assert_eq!(recs[1].usd_amount, Some(7.0));
    }

    #[test]
    fn parties_intern_exactly_even_when_every_hash_collides() {
        for collide_all in [false, true] {
            let conn = Connection::open_in_memory().unwrap();
            migrate(&conn).unwrap();
            conn.execute_batch(
                "INSERT INTO trade_parties (id, name, inn, address, country)
                 VALUES (40, 'ООО «Вектор»', '7701234567', 'Москва', ''),
                        (41, 'ВЕКТОР', '', 'Москва', 'CN');",
            )
            .unwrap();
            let mut parties = Parties::empty();
            parties.collide_all = collide_all;
            parties.load_from(&conn).unwrap();
            let loaded = parties.get("ООО «Вектор»", "7701234567", "Москва", "");
            assert_eq!((loaded.id, loaded.new), (40, false));
            assert_eq!(parties.get("ВЕКТОР", "", "Москва", "CN").id, 41);
            // Parts that concatenate alike are still different parties.
            let a = parties.get("ВЕКТОР", "", "МоскваCN", "");
            let b = parties.get("ВЕКТОРМосква", "", "", "CN");
            assert!(a.new && b.new);
            assert_eq!((a.id, b.id), (42, 43));
            let mut seen = std::collections::HashMap::new();
            // 700 parties: the table (1,024 slots, at most half full) grows on the way.
            for i in 0..2000 {
                let k = i % 700;
                let name = format!("Party {k}");
                let country = if k % 3 == 0 { "HK" } else { "CN" };
                let got = parties.get(&name, "", "Addr", country);
                let newly = !seen.contains_key(&(name.clone(), country));
                let first = *seen.entry((name, country)).or_insert(got.id);
                assert_eq!((got.id, got.new), (first, newly));
            }
            assert_eq!(seen.len(), 700);
            assert!(parties.slots.len() >= 2048);
            assert_eq!(parties.get("ВЕКТОР", "", "МоскваCN", "").id, 42);
        }
    }
}
