//! Simple trade rows — the part of a customs record attribution needs — and the index that joins
//! components to them by part number (or, opt-in, by HS code and maker).
//!
//! Rows come from the trade store: [`crate::load_trade_rows`] maps each of the trade crate's
//! classified records field by field (see [`TradeRow`]'s field docs for the trade-crate
//! names). Customs files are imported by the trade crate, never read here.

use crate::date::Date;
use crate::partnum;
use crate::registry::Registry;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One shipment line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TradeRow {
    /// Row id (trade crate `id`).
    pub id: String,
    /// Part number when a column gives it; otherwise part numbers are read from `description`.
    pub part_number: String,
    /// Goods description (`goodsDescription`, box 31).
    pub description: String,
    /// Declared HS code, first six digits (`vedCode`).
    pub hs6: Option<u32>,
    /// Manufacturer or brand as declared (`manufacturer`, else `brand`).
    pub manufacturer: String,
    /// Country of origin, box 16 (`originCountry`), ISO alpha-2.
    pub origin_country: String,
    /// Country of dispatch, box 15 (`departureCountry`; `tradingCountry` when dispatch is empty).
    pub dispatch_country: String,
    /// Exporter / sender (`senderName`).
    pub exporter: String,
    /// Exporter's country (`senderCountry`).
    pub exporter_country: String,
    /// Importer / consignee (`receiverName`).
    pub importer: String,
    /// Destination country (`destinationCountry`); empty is read as RU.
    pub destination: String,
    /// Declaration date.
    pub date: Option<Date>,
    /// Value in USD (`usdAmount`, else `invoiceAmount` when in USD).
    pub value_usd: Option<f64>,
    /// Whether the row is synthetic.
    pub synthetic: bool,
}

impl TradeRow {
    /// Whether the row is a shipment to Russia (destination RU or not stated).
    pub fn to_russia(&self) -> bool {
        self.destination.is_empty() || self.destination == "RU"
    }

    /// The part numbers the row names: `part_number` if given, else candidates in the description.
    pub fn parts(&self) -> Vec<partnum::PartNumber> {
        if self.part_number.trim().is_empty() {
            partnum::candidates_in_text(&self.description)
        } else {
            vec![partnum::normalize(&self.part_number)]
        }
    }
}

/// How a trade row was joined to a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinBasis {
    /// Same part-number key (after normalisation).
    PartNumber,
    /// Same HS-6 code and same resolved maker (weaker: any part of that maker and code).
    HsAndMaker,
}

/// Trade rows to Russia indexed by part-number key and by (HS-6, maker company).
#[derive(Debug, Clone, Default)]
pub struct TradeIndex {
    rows: Vec<TradeRow>,
    by_part: HashMap<String, Vec<usize>>,
    by_hs_maker: HashMap<(u32, String), Vec<usize>>,
    makers: Vec<Option<String>>,
    named: Vec<bool>,
}

impl TradeIndex {
    /// Indexes the rows shipped to Russia; makers are resolved with the registry (declared
    /// manufacturer, else the prefix rule of the first part number found).
    pub fn new(rows: &[TradeRow], registry: &Registry) -> Self {
        Self::from_rows(
            rows.iter().filter(|r| r.to_russia()).cloned().collect(),
            registry,
        )
    }

    /// As [`TradeIndex::new`], taking ownership of the rows (no copy of large inputs).
    pub fn from_rows(rows: Vec<TradeRow>, registry: &Registry) -> Self {
        let mut idx = TradeIndex::default();
        for r in rows.into_iter().filter(|r| r.to_russia()) {
            let i = idx.rows.len();
            let parts = r.parts();
            for p in &parts {
                idx.by_part.entry(p.key.clone()).or_default().push(i);
            }
            let first = parts
                .first()
                .map(|p| p.normalized.clone())
                .unwrap_or_default();
            let maker = registry
                .resolve(&r.manufacturer, &first)
                .maker()
                .map(|m| m.company.clone());
            if let (Some(hs), Some(m)) = (r.hs6, &maker) {
                idx.by_hs_maker.entry((hs, m.clone())).or_default().push(i);
            }
            idx.makers.push(maker);
            idx.named.push(!parts.is_empty());
            idx.rows.push(r);
        }
        idx
    }

    /// The indexed rows (shipments to Russia only).
    pub fn rows(&self) -> &[TradeRow] {
        &self.rows
    }

    /// The resolved maker company of row `i`.
    pub fn maker_of(&self, i: usize) -> Option<&str> {
        self.makers.get(i).and_then(|m| m.as_deref())
    }

    /// Whether row `i` names a part number (in its part-number column or its description):
    /// a row that does not cannot be joined to a component by part number.
    pub fn names_part(&self, i: usize) -> bool {
        self.named.get(i).copied().unwrap_or(false)
    }

    /// Rows naming this part-number key.
    pub fn by_part(&self, key: &str) -> &[usize] {
        self.by_part.get(key).map_or(&[], Vec::as_slice)
    }

    /// Rows with this HS-6 code and maker company.
    pub fn by_hs_maker(&self, hs6: u32, company: &str) -> &[usize] {
        self.by_hs_maker
            .get(&(hs6, company.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// Rows for a component: by part key first, else (when `hs_maker` is set) by HS code and
    /// maker; only rows dated no later than `before` when both dates are known.
    pub fn matches(
        &self,
        part_key: Option<&str>,
        hs_and_maker: Option<(u32, &str)>,
        before: Option<Date>,
    ) -> (Vec<usize>, Option<JoinBasis>) {
        self.matches_between(part_key, hs_and_maker, None, before)
    }

    /// As [`Self::matches`], also keeping only rows dated no earlier than `after` (when both
    /// are known; partial dates are read generously).
    pub fn matches_between(
        &self,
        part_key: Option<&str>,
        hs_and_maker: Option<(u32, &str)>,
        after: Option<Date>,
        before: Option<Date>,
    ) -> (Vec<usize>, Option<JoinBasis>) {
        let dated = |&&i: &&usize| match self.rows[i].date {
            Some(d) => {
                before.is_none_or(|b| d.not_after(b)) && after.is_none_or(|a| a.not_after(d))
            }
            None => true,
        };
        if let Some(k) = part_key {
            let hits: Vec<usize> = self.by_part(k).iter().filter(dated).copied().collect();
            if !hits.is_empty() {
                return (hits, Some(JoinBasis::PartNumber));
            }
        }
        if let Some((hs, m)) = hs_and_maker {
            let hits: Vec<usize> = self
                .by_hs_maker(hs, m)
                .iter()
                .filter(dated)
                .copied()
                .collect();
            if !hits.is_empty() {
                return (hits, Some(JoinBasis::HsAndMaker));
            }
        }
        (Vec::new(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chokepoint_trade::CustomsRecord;

    /// A customs record as the trade crate imports it (countries already ISO codes).
    #[allow(clippy::too_many_arguments)]
    fn shipment(
        id: &str,
        date: &str,
        description: &str,
        manufacturer: &str,
        sender_country: &str,
        receiver: &str,
        dispatch: &str,
        origin: &str,
        destination: &str,
    ) -> TradeRow {
        TradeRow::from(&CustomsRecord {
            id: id.into(),
            date: chokepoint_trade::Date::parse(date).unwrap_or_default(),
            ved_code: "8542310000".into(),
            goods_description: description.into(),
            manufacturer: manufacturer.into(),
            sender_name: "Alpha Ltd".into(),
            sender_country: sender_country.into(),
            receiver_name: receiver.into(),
            departure_country: dispatch.into(),
            origin_country: origin.into(),
            destination_country: destination.into(),
            usd_amount: Some(300.0),
            ..Default::default()
        })
    }

    #[test]
    fn indexes_parts_of_shipments_to_russia() {
        let rows = vec![
            shipment(
                "t1",
                "2023-03-01",
                "Микросхема интегральная STM32F405RGT6, микроконтроллер",
                "STMicroelectronics",
                "HK",
                "OOO Beta",
                "HK",
                "MY",
                "RU",
            ),
            shipment(
                "t2",
                "2023-04-01",
                "Microcontroller GD32F103C8T6",
                "",
                "CN",
                "OOO Beta",
                "CN",
                "CN",
                "",
            ),
            shipment(
                "t3",
                "2023-04-01",
                "Microcontroller GD32F103C8T6",
                "",
                "CN",
                "Delta GmbH",
                "CN",
                "CN",
                "DE",
            ),
        ];
        assert_eq!(rows[1].dispatch_country, "CN");
        assert_eq!(rows[0].hs6, Some(854231));
        let reg = Registry::builtin().unwrap();
        let idx = TradeIndex::new(&rows, &reg);
        assert_eq!(
            idx.rows().len(),
            2,
            "the row to DE is not a shipment to Russia"
        );
        assert_eq!(idx.by_part("STM32F405RGT6").len(), 1);
        assert_eq!(idx.maker_of(1), Some("GigaDevice"));
        let before = Date::parse("2023-03-15");
        let (hits, basis) = idx.matches(Some("GD32F103C8T6"), None, before);
        assert!(hits.is_empty() && basis.is_none(), "shipped after recovery");
        let (hits, basis) = idx.matches(Some("XYZ"), Some((854231, "STMicroelectronics")), None);
        assert_eq!((hits, basis), (vec![0], Some(JoinBasis::HsAndMaker)));
    }
}
