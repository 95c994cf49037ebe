//! Alerts: ranking, parts, evidence, statuses with an audit trail that survive re-saves.

mod common;

use chokepoint_network::alerts::{
    audit_trail, build_alerts, load_alerts, save_alerts, set_status, Status,
};
use chokepoint_network::data::Dataset;
use chokepoint_network::indicators::{self, IndicatorOptions};
use chokepoint_network::migrate;
use common::*;
use rusqlite::Connection;

fn scenario() -> Dataset {
    let mut ds = Dataset::new();
    let mut plant = company("D", "NPP ZENIT JSC", "RU", "1995-01-01");
    plant.designated = Some(d("2022-03-01"));
    ds.add_registry(plant).unwrap();
    ds.add_registry(company("F", "FRESH TRADING LIMITED", "HK", "2023-01-01"))
        .unwrap();
    add(
        &mut ds,
        &[
            shipment(
                "a1",
                "2023-01-20",
                "FRESH TRADING LIMITED",
                "HK",
                "IMPORTER LLC",
                "RU",
                10.0,
            ),
            shipment(
                "a2",
                "2023-02-20",
                "FRESH TRADING LIMITED",
                "HK",
                "IMPORTER LLC",
                "RU",
                10.0,
            ),
            shipment(
                "a3",
                "2023-03-20",
                "FRESH TRADING LIMITED",
                "HK",
                "IMPORTER LLC",
                "RU",
                10.0,
            ),
            shipment(
                "a4",
                "2023-04-20",
                "IMPORTER LLC",
                "RU",
                "NPP ZENIT JSC",
                "RU",
                10.0,
            ),
        ],
        "microelectronics",
        true,
    );
    ds
}

#[test]
fn alerts_are_ranked_with_parts_and_statuses_are_audited() {
    let ds = scenario();
    let (res, g) = build(&ds);
    let signals = indicators::run_all(&g, &ds, &IndicatorOptions::default());
    let alerts = build_alerts(&g, &res, &signals, 0.1);
    assert!(alerts.len() >= 2);
    assert!(alerts.windows(2).all(|w| w[0].risk >= w[1].risk), "ranked");
    let top = &alerts[0];
    assert_eq!(top.name, "FRESH TRADING LIMITED");
    let rules: Vec<&str> = top.parts.iter().map(|p| p.rule.as_str()).collect();
    assert!(
        rules.contains(&"new_company") && rules.contains(&"one_customer"),
        "{rules:?}"
    );
    // Risk: noisy-or of the calibrated shell probability and the network rules' parts.
    let shell = indicators::shell_scores(&g, &signals)[node(&g, "FRESH TRADING LIMITED") as usize];
    let network_parts = top.parts.iter().filter(|p| {
        matches!(
            p.rule.as_str(),
            "designated_link" | "high_risk_country" | "reexport_new"
        )
    });
    let expected = 1.0 - network_parts.fold(1.0 - shell, |a, p| a * (1.0 - p.score));
    assert!(
        (top.risk - expected).abs() < 1e-9,
        "risk is the noisy-or of the shell probability and the network parts"
    );
    assert!(top.records.contains(&"a1".to_string()));

    let conn = Connection::open_in_memory().unwrap();
    migrate(&conn).unwrap();
    assert_eq!(save_alerts(&conn, &alerts).unwrap(), alerts.len());
    set_status(
        &conn,
        &top.key,
        Status::Confirmed,
        "anna",
        "front for Zenit",
    )
    .unwrap();
    set_status(
        &conn,
        &top.key,
        Status::Dismissed,
        "boris",
        "licensed distributor",
    )
    .unwrap();
    // A re-run saves the alerts again: nothing new, statuses kept.
    assert_eq!(save_alerts(&conn, &alerts).unwrap(), 0);
    let stored = load_alerts(&conn, Some(Status::Dismissed)).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].key, top.key);
    assert_eq!(stored[0].parts, top.parts);
    assert_eq!(
        load_alerts(&conn, Some(Status::Open)).unwrap().len(),
        alerts.len() - 1
    );
    let trail = audit_trail(&conn, &top.key).unwrap();
    assert_eq!(trail.len(), 2);
    assert_eq!(
        (trail[0].from, trail[0].to),
        (Status::Open, Status::Confirmed)
    );
    assert_eq!(
        (trail[1].from, trail[1].to),
        (Status::Confirmed, Status::Dismissed)
    );
    assert_eq!(trail[1].analyst, "boris");
    assert_eq!(trail[1].note, "licensed distributor");
    assert!(!trail[0].at.is_empty());
    assert!(set_status(&conn, "company:nope", Status::Open, "x", "").is_err());
    assert!("closed".parse::<Status>().is_err());
}
