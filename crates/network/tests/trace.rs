//! Tracing finds a hand-built chain and reports its evidence.

mod common;

use chokepoint_network::data::Dataset;
use chokepoint_network::trace::{
    end_users_supplied, trace_from_country, trace_to, trace_to_node, TraceOptions,
};
use common::*;

/// CN maker → HK trader → RU importer → defence plant (flagged), plus an unrelated flow and a
/// delivery that predates the goods' arrival.
fn chain() -> Dataset {
    let mut ds = Dataset::new();
    let mut plant = company("E1", "АО «НПП «Зенит»»", "RU", "1995-01-01");
    plant.defence = true;
    ds.add_registry(plant).unwrap();
    let mut plant2 = company("E2", "АО «Завод «Прибор»»", "RU", "1990-01-01");
    plant2.defence = true;
    ds.add_registry(plant2).unwrap();
    add(
        &mut ds,
        &[
            shipment(
                "m1",
                "2023-01-10",
                "SHENZHEN MAKER CO LTD",
                "CN",
                "BRIGHT TRADING LIMITED",
                "HK",
                1000.0,
            ),
            shipment(
                "t1",
                "2023-02-10",
                "BRIGHT TRADING LIMITED",
                "HK",
                "ООО «Ромашка»",
                "RU",
                1500.0,
            ),
            shipment(
                "t2",
                "2023-03-10",
                "BRIGHT TRADING LIMITED",
                "HK",
                "ООО «Ромашка»",
                "RU",
                1500.0,
            ),
            shipment(
                "d1",
                "2023-04-01",
                "ООО «Ромашка»",
                "RU",
                "АО «НПП «Зенит»»",
                "RU",
                2000.0,
            ),
            // Delivered before any goods arrived at the intermediary: not a path in time.
            shipment(
                "x1",
                "2022-01-01",
                "OTHER TRADER LIMITED",
                "HK",
                "ООО «Лютик»",
                "RU",
                10.0,
            ),
            shipment(
                "x2",
                "2021-06-01",
                "ООО «Лютик»",
                "RU",
                "АО «Завод «Прибор»»",
                "RU",
                10.0,
            ),
        ],
        "microelectronics",
        true,
    );
    add(
        &mut ds,
        &[shipment(
            "o1",
            "2023-01-01",
            "TEXTILE CO LTD",
            "CN",
            "ООО «Ромашка»",
            "RU",
            5.0,
        )],
        "other",
        false,
    );
    ds
}

#[test]
fn trace_to_finds_the_chain_with_its_records() {
    let ds = chain();
    let (_, g) = build(&ds);
    let (end, t) = trace_to(&g, &ds, "НПП Зенит", &TraceOptions::default()).expect("found");
    assert_eq!(end, node(&g, "АО «НПП «Зенит»»"));
    let maker = node(&g, "SHENZHEN MAKER CO LTD");
    let trader = node(&g, "BRIGHT TRADING LIMITED");
    let importer = node(&g, "ООО «Ромашка»");
    assert!(t.has_hop(maker, trader) && t.has_hop(trader, importer) && t.has_hop(importer, end));
    let hop = t
        .hops
        .iter()
        .find(|h| h.from == trader && h.to == importer)
        .unwrap();
    assert_eq!(hop.record_ids, vec!["t1".to_string(), "t2".to_string()]);
    assert_eq!(hop.shipments, 2);
    assert_eq!(hop.value, 3000.0);
    assert!(
        t.paths.contains(&vec![maker, trader, importer, end]),
        "{:?}",
        t.paths
    );
}

#[test]
fn category_filter_and_time_order() {
    let ds = chain();
    let (_, g) = build(&ds);
    let end = node(&g, "АО «НПП «Зенит»»");
    let textile = node(&g, "TEXTILE CO LTD");
    let all = trace_to_node(
        &g,
        &ds,
        end,
        &TraceOptions {
            time_order: false,
            ..TraceOptions::default()
        },
    );
    assert!(all.reached.iter().any(|&(v, _)| v == textile));
    let micro = ds.categories.get("microelectronics").unwrap() as u16;
    let chips = trace_to_node(
        &g,
        &ds,
        end,
        &TraceOptions {
            category: Some(micro),
            ..TraceOptions::default()
        },
    );
    assert!(!chips.reached.iter().any(|&(v, _)| v == textile));

    let plant2 = node(&g, "АО «Завод «Прибор»»");
    let other = node(&g, "OTHER TRADER LIMITED");
    let timed = trace_to_node(&g, &ds, plant2, &TraceOptions::default());
    assert!(
        !timed.reached.iter().any(|&(v, _)| v == other),
        "goods arrived after the delivery"
    );
    let untimed = trace_to_node(
        &g,
        &ds,
        plant2,
        &TraceOptions {
            time_order: false,
            ..TraceOptions::default()
        },
    );
    assert!(untimed.reached.iter().any(|&(v, _)| v == other));
}

#[test]
fn from_country_and_end_user_count_with_evidence() {
    let ds = chain();
    let (_, g) = build(&ds);
    let t = trace_from_country(
        &g,
        &ds,
        "CN",
        Some("microelectronics"),
        &TraceOptions::default(),
    );
    let end = node(&g, "АО «НПП «Зенит»»");
    assert_eq!(t.paths.len(), 1);
    assert_eq!(t.paths[0].last(), Some(&end));
    let c = end_users_supplied(
        &g,
        &ds,
        "CN",
        Some("microelectronics"),
        &TraceOptions::default(),
    );
    assert_eq!(c.count, 1);
    let ev = &c.end_users[0];
    assert_eq!(ev.why, "defence");
    assert_eq!(
        ev.path.first().map(String::as_str),
        Some("SHENZHEN MAKER CO LTD")
    );
    let records: Vec<&str> = ev
        .hops
        .iter()
        .flat_map(|h| h.record_ids.iter().map(String::as_str))
        .collect();
    assert_eq!(records, vec!["m1", "t1", "t2", "d1"]);
    // Hong Kong supplies both plants, but the second only outside time order.
    assert_eq!(
        end_users_supplied(&g, &ds, "HK", None, &TraceOptions::default()).count,
        1
    );
    let untimed = TraceOptions {
        time_order: false,
        ..TraceOptions::default()
    };
    assert_eq!(end_users_supplied(&g, &ds, "HK", None, &untimed).count, 2);
    assert_eq!(end_users_supplied(&g, &ds, "DE", None, &untimed).count, 0);
    assert_eq!(
        end_users_supplied(&g, &ds, "CN", Some("no_such_category"), &untimed).count,
        0
    );
}
