//! Trade rows from the trade crate: its stored, classified records are read through
//! [`chokepoint_trade::for_each_classified`] ([`load_trade_rows`]) and mapped field by field
//! (`TradeRow::from`). Attribution has no reader of customs files of its own.

use crate::date::Date;
use crate::error::Result;
use crate::trade::TradeRow;
use chokepoint_trade::{ClassifiedRecord, CustomsRecord, RecordFilter};
use rusqlite::Connection;

/// Reads the trade rows of the records stored in the trade store that `filter` selects, in
/// import order.
pub fn load_trade_rows(conn: &Connection, filter: &RecordFilter) -> Result<Vec<TradeRow>> {
    let mut out = Vec::new();
    chokepoint_trade::for_each_classified(conn, filter, &mut |c| {
        out.push(TradeRow::from(&c));
        Ok(())
    })?;
    Ok(out)
}

impl From<&ClassifiedRecord> for TradeRow {
    /// Maps the stored record as [`TradeRow::from(&CustomsRecord)`](TradeRow) does (the HS-6
    /// is the declared code's, as customs wrote it).
    fn from(c: &ClassifiedRecord) -> Self {
        TradeRow::from(&c.record)
    }
}

fn country(raw: &str) -> String {
    crate::country::normalize_country(raw).unwrap_or_default()
}

impl From<&CustomsRecord> for TradeRow {
    /// Maps one customs record: description, HS-6 from the declared code, manufacturer (else
    /// brand), origin (box 16), dispatch (box 15, else trading country, box 11), sender,
    /// receiver, destination, date (none when unset), value in USD, synthetic flag.
    fn from(r: &CustomsRecord) -> Self {
        let digits: String = r.ved_code.chars().filter(char::is_ascii_digit).collect();
        let dispatch = match country(&r.departure_country) {
            d if d.is_empty() => country(&r.trading_country),
            d => d,
        };
        TradeRow {
            id: r.id.clone(),
            part_number: String::new(),
            description: r.goods_description.clone(),
            hs6: digits.get(..6).and_then(|d| d.parse().ok()),
            manufacturer: if r.manufacturer.trim().is_empty() {
                r.brand.clone()
            } else {
                r.manufacturer.clone()
            },
            origin_country: country(&r.origin_country),
            dispatch_country: dispatch,
            exporter: r.sender_name.clone(),
            exporter_country: country(&r.sender_country),
            importer: r.receiver_name.clone(),
            destination: country(&r.destination_country),
            date: (r.date.0 > 0).then(|| Date::from_days(i64::from(r.date.0))),
            value_usd: r.value_usd(),
            synthetic: r.synthetic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_customs_records() {
        let r = CustomsRecord {
            id: "x1".into(),
            ved_code: "8542 31 000 0".into(),
            goods_description: "Микросхема STM32F405RGT6".into(),
            brand: "ST".into(),
            departure_country: "Гонконг".into(),
            origin_country: "MY".into(),
            sender_name: "HK Star".into(),
            receiver_name: "OOO A".into(),
            destination_country: "RU".into(),
            date: chokepoint_trade::Date::from_ymd(2023, 5, 19).unwrap_or_default(),
            usd_amount: Some(10.0),
            ..Default::default()
        };
        let t = TradeRow::from(&r);
        assert_eq!(t.hs6, Some(854231));
        assert_eq!(t.manufacturer, "ST");
        assert_eq!(t.dispatch_country, "HK");
        assert_eq!(t.date.map(|d| d.to_string()).as_deref(), Some("2023-05-19"));
        assert_eq!(t.value_usd, Some(10.0));
        assert!(t.to_russia());
    }

    #[test]
    fn trading_country_stands_in_for_dispatch_and_foreign_invoices_have_no_usd_value() {
        let r = CustomsRecord {
            id: "r1".into(),
            ved_code: "8542310000".into(),
            trading_country: "Гонконг".into(),
            origin_country: "КИТАЙ".into(),
            destination_country: "РОССИЯ".into(),
            manufacturer: "GigaDevice".into(),
            invoice_amount: Some(100.0),
            currency: "EUR".into(),
            synthetic: true,
            ..Default::default()
        };
        let t = TradeRow::from(&r);
        assert_eq!(t.dispatch_country, "HK");
        assert_eq!(
            (t.origin_country.as_str(), t.destination.as_str()),
            ("CN", "RU")
        );
        assert_eq!(t.manufacturer, "GigaDevice");
        assert_eq!(t.value_usd, None, "EUR invoice without a USD value");
        assert_eq!(t.date, None, "no date set");
        assert!(t.synthetic);
    }

    #[test]
    fn loads_rows_from_the_trade_store() {
        let conn = Connection::open_in_memory().unwrap();
        chokepoint_trade::migrate(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO trade_imports (path, rows_read, rows_imported, rows_skipped, unknown_codes, synthetic) VALUES ('a', 1, 1, 0, 0, 1);
             INSERT INTO trade_parties (id, name, inn, address, country) VALUES (1, 'OOO Beta', '', '', ''), (2, 'Alpha Ltd', '', '', 'HK');
             INSERT INTO trade_rows (import_id, record_id, date, ved_code, hs6, chpl_tier, category, goods_description, manufacturer, usd_amount, receiver_id, sender_id, origin_country, departure_country, destination_country, synthetic)
                VALUES (1, 't1', '2023-03-01', '8542310000', 854231, '1', 'microelectronics', 'Microcontroller STM32F405RGT6', 'STMicroelectronics', 1200, 1, 2, 'MY', 'HK', 'RU', 1);",
        )
        .unwrap();
        let rows = load_trade_rows(&conn, &RecordFilter::default()).unwrap();
        assert_eq!(rows.len(), 1);
        let t = &rows[0];
        assert_eq!((t.id.as_str(), t.hs6), ("t1", Some(854231)));
        assert_eq!(
            (t.exporter.as_str(), t.exporter_country.as_str()),
            ("Alpha Ltd", "HK")
        );
        assert_eq!(
            (t.importer.as_str(), t.dispatch_country.as_str()),
            ("OOO Beta", "HK")
        );
        assert_eq!(t.date.map(|d| d.to_string()).as_deref(), Some("2023-03-01"));
        assert_eq!(t.value_usd, Some(1200.0));
        assert_eq!(t.parts().len(), 1);
    }
}
