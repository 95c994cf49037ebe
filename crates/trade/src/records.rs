//! The one reader of what the trade stage stored: classified customs records
//! ([`read_classified`], [`for_each_classified`]) and detector flags ([`read_flags`]). Trade
//! owns its tables (`trade_imports`, `trade_parties`, `trade_rows`, the `trade_records` view,
//! `trade_flags`); later stages (network, attribution) read records and flags through this
//! module, never with their own SQL over those tables nor their own readers of customs files.

use crate::category::Category;
use crate::chpl::ChplTier;
use crate::date::Date;
use crate::error::{Result, TradeError};
use crate::flags::{Flag, Rule};
use crate::record::CustomsRecord;
use rusqlite::{params, Connection, Row};

/// Which stored records to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordFilter {
    /// Only the records of this import (`trade_imports.id`); every import when `None`.
    pub import_id: Option<i64>,
}

impl RecordFilter {
    /// Every stored record.
    pub fn all() -> Self {
        RecordFilter::default()
    }

    /// The records of one import.
    pub fn import(id: i64) -> Self {
        RecordFilter {
            import_id: Some(id),
        }
    }
}

/// A stored customs record with the classification the import gave it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassifiedRecord {
    /// The store's row id (`trade_rows.id`): the import order.
    pub row_id: i64,
    /// The import the record came in with (`trade_imports.id`).
    pub import_id: i64,
    /// The record as imported.
    pub record: CustomsRecord,
    /// Its HS 2022 six-digit code (after concordance of pre-2022 codes); `None` when the
    /// declared code is unknown.
    pub hs6: Option<u32>,
    /// Its goods category; `None` when the code is unknown.
    pub category: Option<Category>,
    /// Its Common High Priority List tier; `None` when not on the list.
    pub chpl_tier: Option<ChplTier>,
}

impl ClassifiedRecord {
    /// Whether the goods are on the Common High Priority List.
    pub fn is_chpl(&self) -> bool {
        self.chpl_tier.is_some()
    }

    /// The category's name (`unknown` for an unclassified record), as the import summary
    /// and the network stage name categories.
    pub fn category_name(&self) -> &'static str {
        self.category.map_or("unknown", Category::as_str)
    }
}

const SELECT_RECORDS: &str = "SELECT id, import_id, record_id, record_type, ccd_number, date,
        ved_code, goods_description, manufacturer, brand, quantity, unit,
        net_weight, gross_weight, invoice_amount, currency, usd_amount, receiver_name,
        receiver_inn, receiver_address, sender_name, sender_address, sender_country,
        origin_country, departure_country, trading_country, destination_country,
        customs_procedure, incoterms, synthetic, hs6, category, chpl_tier
    FROM trade_records WHERE ?1 IS NULL OR import_id = ?1 ORDER BY id";

/// A stored name that does not parse as `what` (a store written by another version).
fn bad_value(row_id: i64, what: &str, value: &str) -> TradeError {
    TradeError::Invalid(format!(
        "trade_records row {row_id}: unknown {what} `{value}` in the store"
    ))
}

fn classified(row: &Row) -> Result<ClassifiedRecord> {
    let s = |i: usize| -> rusqlite::Result<String> {
        Ok(row.get::<_, Option<String>>(i)?.unwrap_or_default())
    };
    let row_id: i64 = row.get(0)?;
    let record = CustomsRecord {
        id: s(2)?,
        record_type: s(3)?,
        ccd_number: s(4)?,
        date: Date::parse(&s(5)?).unwrap_or_default(),
        ved_code: s(6)?,
        goods_description: s(7)?,
        manufacturer: s(8)?,
        brand: s(9)?,
        quantity: row.get(10)?,
        unit: s(11)?,
        net_weight: row.get(12)?,
        gross_weight: row.get(13)?,
        invoice_amount: row.get(14)?,
        currency: s(15)?,
        usd_amount: row.get(16)?,
        receiver_name: s(17)?,
        receiver_inn: s(18)?,
        receiver_address: s(19)?,
        sender_name: s(20)?,
        sender_address: s(21)?,
        sender_country: s(22)?,
        origin_country: s(23)?,
        departure_country: s(24)?,
        trading_country: s(25)?,
        destination_country: s(26)?,
        customs_procedure: s(27)?,
        incoterms: s(28)?,
        synthetic: row.get(29)?,
        warnings: Vec::new(),
    };
    let hs6 = row
        .get::<_, Option<i64>>(30)?
        .and_then(|h| u32::try_from(h).ok());
    let category = match s(31)?.as_str() {
        "" => None,
        c => Some(
            c.parse::<Category>()
                .map_err(|_| bad_value(row_id, "category", c))?,
        ),
    };
    let chpl_tier = match s(32)?.as_str() {
        "" => None,
        t => Some(
            t.parse::<ChplTier>()
                .map_err(|_| bad_value(row_id, "CHPL tier", t))?,
        ),
    };
    Ok(ClassifiedRecord {
        row_id,
        import_id: row.get(1)?,
        record,
        hs6,
        category,
        chpl_tier,
    })
}

/// Hands every stored record that `filter` selects to `sink`, in import order, without
/// holding them all in memory; an error returned by `sink` stops the read. Returns the
/// number of records handed over.
pub fn for_each_classified(
    conn: &Connection,
    filter: &RecordFilter,
    sink: &mut dyn FnMut(ClassifiedRecord) -> Result<()>,
) -> Result<u64> {
    let mut stmt = conn.prepare(SELECT_RECORDS)?;
    let mut rows = stmt.query(params![filter.import_id])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        sink(classified(row)?)?;
        n += 1;
    }
    Ok(n)
}

/// Reads every stored record that `filter` selects, in import order.
pub fn read_classified(conn: &Connection, filter: &RecordFilter) -> Result<Vec<ClassifiedRecord>> {
    let mut out = Vec::new();
    for_each_classified(conn, filter, &mut |r| {
        out.push(r);
        Ok(())
    })?;
    Ok(out)
}

/// Which stored flags to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlagFilter {
    /// Only flags of this rule; every rule when `None`.
    pub rule: Option<Rule>,
    /// Only flags computed over the records of this import (saved with
    /// [`crate::store::save_flags_of`]); every flag when `None`.
    pub import_id: Option<i64>,
}

/// A detector flag as stored, with its row id and synthetic mark.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFlag {
    /// The store's row id (`trade_flags.id`): the order flags were saved in.
    pub id: i64,
    /// The flag.
    pub flag: Flag,
    /// Whether it was computed from synthetic records.
    pub synthetic: bool,
}

/// Reads the stored flags that `filter` selects, in the order they were saved. Flags of
/// rules this version no longer has (`network.shell`, `network.phoenix` in stores written
/// before those moved to the network crate's indicators) are passed over.
pub fn read_flags(conn: &Connection, filter: &FlagFilter) -> Result<Vec<StoredFlag>> {
    let mut stmt = conn.prepare(
        "SELECT id, rule, score, record_id, evidence, explanation, synthetic FROM trade_flags
         WHERE (?1 IS NULL OR rule = ?1) AND (?2 IS NULL OR import_id = ?2) ORDER BY id",
    )?;
    let mut rows = stmt.query(params![filter.rule.map(Rule::as_str), filter.import_id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let rule: String = row.get(1)?;
        let Ok(rule) = rule.parse::<Rule>() else {
            continue;
        };
        let evidence: String = row.get(4)?;
        out.push(StoredFlag {
            id: row.get(0)?,
            flag: Flag {
                rule,
                score: row.get(2)?,
                subject: row.get(3)?,
                evidence: serde_json::from_str(&evidence)?,
                explanation: row.get(5)?,
            },
            synthetic: row.get(6)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{migrate, save_flags};

    fn store() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO trade_imports (path, rows_read, rows_imported, rows_skipped, unknown_codes, synthetic) VALUES ('a', 1, 1, 0, 0, 1), ('b', 1, 1, 0, 0, 0);
             INSERT INTO trade_parties (id, name, inn, address, country) VALUES (1, 'ООО Ромашка', '7701234567', 'Москва', ''), (2, 'XINDA LIMITED', '', 'Hong Kong', 'HK');
             INSERT INTO trade_rows (import_id, record_id, date, ved_code, hs6, chpl_tier, category, goods_description, usd_amount, receiver_id, sender_id, departure_country, synthetic)
                VALUES (1, 'r1', '2023-05-19', '8542310000', 854231, '1', 'microelectronics', 'микросхемы', 1200.5, 1, 2, 'HK', 1),
                       (2, 'r2', '2023-06-01', '9999999999', NULL, NULL, NULL, 'что-то', NULL, 1, 2, 'CN', 0);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn reads_records_with_their_classification() {
        let conn = store();
        let all = read_classified(&conn, &RecordFilter::all()).unwrap();
        assert_eq!(all.len(), 2);
        let r1 = &all[0];
        assert_eq!((r1.import_id, r1.record.id.as_str()), (1, "r1"));
        assert_eq!(r1.hs6, Some(854231));
        assert_eq!(r1.category, Some(Category::Microelectronics));
        assert_eq!(r1.chpl_tier.map(ChplTier::as_str), Some("1"));
        assert!(r1.is_chpl());
        assert_eq!(r1.record.receiver_inn, "7701234567");
        assert_eq!(r1.record.sender_country, "HK");
        assert_eq!(r1.record.usd_amount, Some(1200.5));
        assert_eq!(r1.record.date.to_string(), "2023-05-19");
        assert!(r1.record.synthetic);
        let r2 = &all[1];
        assert_eq!((r2.hs6, r2.category, r2.chpl_tier), (None, None, None));
        assert_eq!(r2.category_name(), "unknown");
        let second = read_classified(&conn, &RecordFilter::import(2)).unwrap();
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].record.id, "r2");
    }

    #[test]
    fn a_category_the_crate_does_not_know_is_an_error() {
        let conn = store();
        conn.execute("UPDATE trade_rows SET category = 'warp_drives'", [])
            .unwrap();
        let e = read_classified(&conn, &RecordFilter::all()).unwrap_err();
        assert!(e.to_string().contains("warp_drives"), "{e}");
    }

    #[test]
    fn reads_flags_back_typed() {
        let mut conn = store();
        let flag = Flag {
            rule: Rule::SubPairShift,
            score: 0.8,
            subject: "r1".into(),
            evidence: vec!["r1".into(), "r0".into()],
            explanation: "x".into(),
        };
        let tx = conn.transaction().unwrap();
        save_flags(&tx, std::slice::from_ref(&flag), true).unwrap();
        tx.execute(
            "INSERT INTO trade_flags (rule, score, record_id, evidence, explanation, synthetic) VALUES ('network.shell', 0.5, 'r2', '[]', 'old', 1)",
            [],
        )
        .unwrap();
        tx.commit().unwrap();
        let flags = read_flags(&conn, &FlagFilter::default()).unwrap();
        assert_eq!(flags.len(), 1, "the retired rule is passed over");
        assert_eq!(flags[0].flag, flag);
        assert!(flags[0].synthetic);
        let none = read_flags(
            &conn,
            &FlagFilter {
                rule: Some(Rule::MirrorGap),
                import_id: None,
            },
        )
        .unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn flags_name_the_import_they_were_computed_over() {
        let mut conn = store();
        let flag = |subject: &str| Flag {
            rule: Rule::RouteTransshipment,
            score: 0.6,
            subject: subject.into(),
            evidence: vec![subject.into()],
            explanation: "x".into(),
        };
        let tx = conn.transaction().unwrap();
        crate::store::save_flags_of(&tx, &[flag("r1")], true, Some(1)).unwrap();
        crate::store::save_flags_of(&tx, &[flag("r2"), flag("r3")], false, Some(2)).unwrap();
        save_flags(&tx, &[flag("r4")], false).unwrap();
        tx.commit().unwrap();
        let of = |import_id| {
            read_flags(
                &conn,
                &FlagFilter {
                    rule: None,
                    import_id,
                },
            )
            .unwrap()
            .into_iter()
            .map(|f| f.flag.subject)
            .collect::<Vec<_>>()
        };
        assert_eq!(of(Some(1)), ["r1"]);
        assert_eq!(of(Some(2)), ["r2", "r3"]);
        assert_eq!(of(None), ["r1", "r2", "r3", "r4"]);
    }
}
