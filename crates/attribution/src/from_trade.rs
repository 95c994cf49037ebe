//! Conversion from the trade crate's customs records (feature `trade`).

use crate::date::Date;
use crate::trade::TradeRow;
use chokepoint_trade::CustomsRecord;

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
}
