//! Link to trade: for a part number or a manufacturer, the intermediaries (exporters and
//! importers) and routes (origin → dispatch → RU) that shipped it to Russia in the trade data,
//! with the rows as evidence — the input of the network issue's tracing.

use crate::date::Date;
use crate::partnum;
use crate::registry::Registry;
use crate::trade::{TradeIndex, TradeRow};
use serde::Serialize;
use std::collections::BTreeMap;

/// What to link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum LinkQuery {
    /// A part number (any form; normalised before matching).
    PartNumber(String),
    /// A manufacturer name or brand (resolved through the registry, mergers followed).
    Manufacturer(String),
}

/// A party that handled matching shipments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    /// Name as written.
    pub name: String,
    /// Country (exporter's country for exporters; RU for importers).
    pub country: String,
    /// Matching rows.
    pub rows: usize,
    /// Total value in USD of the rows that state one.
    pub value_usd: f64,
    /// First shipment date.
    pub first: Option<Date>,
    /// Last shipment date.
    pub last: Option<Date>,
}

/// A route: origin → dispatch → RU.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Country of origin (box 16), `?` when not stated.
    pub origin: String,
    /// Country of dispatch (box 15), `?` when not stated.
    pub dispatch: String,
    /// Destination (RU).
    pub destination: String,
    /// Matching rows.
    pub rows: usize,
    /// Total value in USD.
    pub value_usd: f64,
    /// Exporters on this route.
    pub exporters: Vec<String>,
}

/// The answer to a [`LinkQuery`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkReport {
    /// The query.
    pub query: LinkQuery,
    /// The part-number key or the resolved company the rows were matched on; `None` when a
    /// manufacturer did not resolve (then nothing is matched).
    pub matched_on: Option<String>,
    /// Exporters, most rows first.
    pub exporters: Vec<Party>,
    /// Importers, most rows first.
    pub importers: Vec<Party>,
    /// Routes, most rows first.
    pub routes: Vec<Route>,
    /// The matching rows, by date.
    pub evidence: Vec<TradeRow>,
}

fn add_party(map: &mut BTreeMap<(String, String), Party>, name: &str, country: &str, r: &TradeRow) {
    let name = if name.trim().is_empty() {
        "?"
    } else {
        name.trim()
    };
    let p = map
        .entry((name.to_string(), country.to_string()))
        .or_insert_with(|| Party {
            name: name.to_string(),
            country: country.to_string(),
            rows: 0,
            value_usd: 0.0,
            first: None,
            last: None,
        });
    p.rows += 1;
    p.value_usd += r.value_usd.unwrap_or(0.0);
    if let Some(d) = r.date {
        p.first = Some(p.first.map_or(d, |f| f.min(d)));
        p.last = Some(p.last.map_or(d, |l| l.max(d)));
    }
}

fn by_rows<T>(mut v: Vec<T>, rows: impl Fn(&T) -> (usize, f64)) -> Vec<T> {
    v.sort_by(|a, b| {
        let (ra, va) = rows(a);
        let (rb, vb) = rows(b);
        rb.cmp(&ra).then(vb.total_cmp(&va))
    });
    v
}

/// Finds the shipments to Russia matching a query and summarises who shipped them and how.
pub fn link(query: &LinkQuery, trade: &TradeIndex, registry: &Registry) -> LinkReport {
    let (matched_on, rows): (Option<String>, Vec<usize>) = match query {
        LinkQuery::PartNumber(p) => {
            let key = partnum::normalize(p).key;
            let rows = trade.by_part(&key).to_vec();
            (Some(key), rows)
        }
        LinkQuery::Manufacturer(m) => {
            match registry.resolve_name(m).as_ref().and_then(|r| r.maker()) {
                Some(maker) => {
                    let rows = (0..trade.rows().len())
                        .filter(|&i| trade.maker_of(i) == Some(maker.company.as_str()))
                        .collect();
                    (Some(maker.company.clone()), rows)
                }
                None => (None, Vec::new()),
            }
        }
    };
    let mut exporters = BTreeMap::new();
    let mut importers = BTreeMap::new();
    let mut routes: BTreeMap<(String, String), Route> = BTreeMap::new();
    let mut evidence: Vec<TradeRow> = rows.iter().map(|&i| trade.rows()[i].clone()).collect();
    evidence.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    for r in &evidence {
        add_party(&mut exporters, &r.exporter, &r.exporter_country, r);
        add_party(&mut importers, &r.importer, "RU", r);
        let q = |s: &str| {
            if s.is_empty() {
                "?".to_string()
            } else {
                s.to_string()
            }
        };
        let route = routes
            .entry((q(&r.origin_country), q(&r.dispatch_country)))
            .or_insert_with(|| Route {
                origin: q(&r.origin_country),
                dispatch: q(&r.dispatch_country),
                destination: "RU".into(),
                rows: 0,
                value_usd: 0.0,
                exporters: Vec::new(),
            });
        route.rows += 1;
        route.value_usd += r.value_usd.unwrap_or(0.0);
        let e = if r.exporter.trim().is_empty() {
            "?"
        } else {
            r.exporter.trim()
        };
        if !route.exporters.iter().any(|x| x == e) {
            route.exporters.push(e.to_string());
        }
    }
    LinkReport {
        query: query.clone(),
        matched_on,
        exporters: by_rows(exporters.into_values().collect(), |p| (p.rows, p.value_usd)),
        importers: by_rows(importers.into_values().collect(), |p| (p.rows, p.value_usd)),
        routes: by_rows(routes.into_values().collect(), |r| (r.rows, r.value_usd)),
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::too_many_arguments)]
    fn row(
        id: &str,
        desc: &str,
        maker: &str,
        origin: &str,
        dispatch: &str,
        exp: &str,
        imp: &str,
        v: f64,
    ) -> TradeRow {
        TradeRow {
            id: id.into(),
            description: desc.into(),
            manufacturer: maker.into(),
            origin_country: origin.into(),
            dispatch_country: dispatch.into(),
            exporter: exp.into(),
            exporter_country: dispatch.into(),
            importer: imp.into(),
            destination: "RU".into(),
            value_usd: Some(v),
            ..Default::default()
        }
    }

    #[test]
    fn links_part_numbers_and_manufacturers() {
        let reg = Registry::builtin().unwrap();
        let rows = vec![
            row(
                "1",
                "IC XC7A35T-1FTG256C",
                "",
                "TW",
                "HK",
                "HK Star",
                "OOO A",
                100.0,
            ),
            row(
                "2",
                "Микросхема XC7A35T-1FTG256C",
                "Xilinx",
                "TW",
                "HK",
                "HK Star",
                "OOO B",
                50.0,
            ),
            row(
                "3",
                "IC XC7A35T-1FTG256C",
                "",
                "MY",
                "CN",
                "SZ Trade",
                "OOO A",
                10.0,
            ),
            row(
                "4",
                "IC EP4CE22F17C8N",
                "Altera",
                "TW",
                "TR",
                "Anka",
                "OOO A",
                10.0,
            ),
        ];
        let idx = TradeIndex::new(&rows, &reg);
        let r = link(
            &LinkQuery::PartNumber("xc7a35t-1ftg256c".into()),
            &idx,
            &reg,
        );
        assert_eq!(r.evidence.len(), 3);
        assert_eq!(r.routes[0].dispatch, "HK");
        assert_eq!(r.routes[0].rows, 2);
        assert_eq!(r.exporters[0].name, "HK Star");
        assert_eq!(r.importers[0].name, "OOO A");
        assert_eq!(r.importers[0].rows, 2);
        // Manufacturer through the merger: AMD rows include Xilinx-branded and XC7 prefix rows.
        let r = link(&LinkQuery::Manufacturer("AMD".into()), &idx, &reg);
        assert_eq!(r.matched_on.as_deref(), Some("AMD"));
        assert_eq!(r.evidence.len(), 3);
        let r = link(&LinkQuery::Manufacturer("Intel".into()), &idx, &reg);
        assert_eq!(r.evidence.len(), 1);
        assert_eq!(r.routes[0].origin, "TW");
        let r = link(&LinkQuery::Manufacturer("Foo Semi".into()), &idx, &reg);
        assert!(r.matched_on.is_none() && r.evidence.is_empty());
    }
}
