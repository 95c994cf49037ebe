//! Simple trade rows — the part of a customs record attribution needs — and the index that joins
//! components to them by part number (or, opt-in, by HS code and maker).
//!
//! The lead feeds the trade crate's `CustomsRecord`s by mapping fields one to one (see
//! [`TradeRow`]'s field docs for the FtM/trade-crate names), or reads a customs CSV/JSONL
//! export with [`read_trade_rows`], which accepts the trade crate's canonical camelCase headers
//! (`goodsDescription`, `vedCode`, `departureCountry`, `senderName`, `receiverName`,
//! `usdAmount` …) and common Russian ones.

use crate::columns::Columns;
use crate::date::Date;
use crate::error::Result;
use crate::import::{
    self, bad, parse_bool, parse_hs6, Format, ImportStats, RawRow, ReadOptions, RowError,
};
use crate::partnum;
use crate::registry::Registry;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

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

fn number(raw: &str, field: &'static str) -> std::result::Result<Option<f64>, RowError> {
    let t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Ok(None);
    }
    let t = if t.contains(',') && !t.contains('.') {
        t.replace(',', ".")
    } else {
        t.replace(',', "")
    };
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| bad(field, format!("`{raw}` is not a number")))
}

fn country(raw: &str, field: &'static str) -> std::result::Result<String, RowError> {
    import::parse_country(raw, field)
}

fn build_trade(row: &RawRow, file: &str) -> std::result::Result<TradeRow, RowError> {
    let date = match row.get("date") {
        "" => None,
        s => Some(Date::parse(s).ok_or_else(|| bad("date", format!("bad date `{s}`")))?),
    };
    let value_usd = match number(row.get("value_usd"), "value_usd")? {
        Some(v) => Some(v),
        None => match row.get("currency").to_ascii_uppercase().as_str() {
            "" | "USD" | "840" => number(row.get("invoice_amount"), "invoice_amount")?,
            _ => None,
        },
    };
    let mut dispatch = country(row.get("dispatch_country"), "dispatch_country")?;
    if dispatch.is_empty() {
        dispatch = country(row.get("trading_country"), "trading_country")?;
    }
    let manufacturer = match row.get("manufacturer") {
        "" => row.get("brand").to_string(),
        m => m.to_string(),
    };
    let r = TradeRow {
        id: match row.get("id") {
            "" => format!("{file}:{}", row.line),
            s => s.to_string(),
        },
        part_number: row.get("part_number").to_string(),
        description: row.get("description").to_string(),
        hs6: parse_hs6(row.get("hs6"), "hs6")?,
        manufacturer,
        origin_country: country(row.get("origin_country"), "origin_country")?,
        dispatch_country: dispatch,
        exporter: row.get("exporter").to_string(),
        exporter_country: country(row.get("exporter_country"), "exporter_country")?,
        importer: row.get("importer").to_string(),
        destination: country(row.get("destination"), "destination")?,
        date,
        value_usd,
        synthetic: parse_bool(row.get("synthetic"), "synthetic")?,
    };
    if r.part_number.is_empty() && r.description.is_empty() && r.hs6.is_none() {
        return Err(bad("description", "no part number, description or HS code"));
    }
    Ok(r)
}

/// Reads trade rows from a customs CSV or JSON-lines file (the trade scenario's customs output,
/// or any export whose headers `data/columns.csv` knows).
pub fn read_trade_rows(path: &Path, opts: &ReadOptions) -> Result<(Vec<TradeRow>, ImportStats)> {
    read_trade_rows_with(path, opts, &Columns::builtin())
}

/// Reads trade rows with given header tables (built-in plus a user file, see
/// [`Columns::with_file`]).
pub fn read_trade_rows_with(
    path: &Path,
    opts: &ReadOptions,
    columns: &Columns,
) -> Result<(Vec<TradeRow>, ImportStats)> {
    import::read_rows(path, opts, columns, "trade", &mut build_trade)
}

/// Reads trade rows from text; `name` is used in errors.
pub fn parse_trade_rows(
    text: &str,
    name: &str,
    format: Format,
    lenient: bool,
) -> Result<(Vec<TradeRow>, ImportStats)> {
    import::read_rows_from(
        text.as_bytes(),
        name,
        format,
        lenient,
        &Columns::builtin().header_map("trade"),
        &mut build_trade,
    )
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

/// Writes trade rows as CSV with the canonical field names (readable back by
/// [`read_trade_rows`]).
pub fn write_trade_csv<W: std::io::Write>(rows: &[TradeRow], out: W) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "date",
        "part_number",
        "description",
        "hs6",
        "manufacturer",
        "origin_country",
        "dispatch_country",
        "exporter",
        "exporter_country",
        "importer",
        "destination",
        "value_usd",
        "synthetic",
    ])?;
    for r in rows {
        w.write_record([
            r.id.as_str(),
            &r.date.map(|d| d.to_string()).unwrap_or_default(),
            &r.part_number,
            &r.description,
            &r.hs6.map(|h| format!("{h:06}")).unwrap_or_default(),
            &r.manufacturer,
            &r.origin_country,
            &r.dispatch_country,
            &r.exporter,
            &r.exporter_country,
            &r.importer,
            &r.destination,
            &r.value_usd.map(|v| v.to_string()).unwrap_or_default(),
            if r.synthetic { "true" } else { "false" },
        ])?;
    }
    w.flush()
        .map_err(|e| crate::error::AttributionError::io("<output>", e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_russian_headers() {
        let text = "record id;Дата;Код ТН ВЭД;Описание товара;Товарный знак;Отправитель;Страна отправителя;Получатель;Страна происхождения;Страна отправления;Торгующая страна;Страна назначения;Стоимость;Валюта;Статистическая стоимость;синтетические\n\
                    r1;19.05.2023;8542310000;Микроконтроллер GD32F103C8T6;GigaDevice;Alpha;ГОНКОНГ;ООО Бета;КИТАЙ;;Гонконг;РОССИЯ;100;EUR;;1\n";
        let (rows, stats) = parse_trade_rows(text, "ru.csv", Format::Csv, false).unwrap();
        assert!(
            stats.unmapped_columns.is_empty(),
            "{:?}",
            stats.unmapped_columns
        );
        let r = &rows[0];
        assert_eq!(r.id, "r1");
        assert_eq!(
            r.dispatch_country, "HK",
            "trading country stands in for dispatch"
        );
        assert_eq!(
            (r.origin_country.as_str(), r.destination.as_str()),
            ("CN", "RU")
        );
        assert_eq!(r.manufacturer, "GigaDevice");
        assert_eq!(r.value_usd, None, "EUR invoice without a USD value");
        assert!(r.synthetic);
    }

    #[test]
    fn reads_trade_crate_headers_and_indexes_parts() {
        let text = "id,date,vedCode,goodsDescription,manufacturer,senderName,senderCountry,receiverName,departureCountry,originCountry,destinationCountry,usdAmount\n\
                    t1,2023-03-01,8542310000,\"Микросхема интегральная STM32F405RGT6, микроконтроллер\",STMicroelectronics,Alpha Ltd,HK,OOO Beta,HK,MY,RU,1200\n\
                    t2,2023-04-01,8542310000,Microcontroller GD32F103C8T6,,Gamma,CN,OOO Beta,Китай,CN,,300\n\
                    t3,2023-04-01,8542310000,Microcontroller GD32F103C8T6,,Gamma,CN,Delta GmbH,CN,CN,DE,300\n";
        let (rows, stats) = parse_trade_rows(text, "t.csv", Format::Csv, false).unwrap();
        assert_eq!(stats.rows_ok, 3);
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
