//! Loading from the trade crate's store, and designation by matching watchlist entities.

mod common;

use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_network::community::communities;
use chokepoint_network::data::Dataset;
use chokepoint_network::indicators::{self, IndicatorOptions};
use chokepoint_network::trace::{end_users_supplied, TraceOptions};
use common::*;
use rusqlite::{params, Connection};

#[test]
fn records_load_from_the_trade_store() {
    let conn = Connection::open_in_memory().unwrap();
    chokepoint_trade::migrate(&conn).unwrap();
    conn.execute(
        "INSERT INTO trade_imports (path, rows_read, rows_imported, rows_skipped, unknown_codes, synthetic) VALUES ('x', 1, 1, 0, 0, 1)",
        [],
    )
    .unwrap();
    conn.execute_batch(
        "INSERT INTO trade_parties (id, name, inn, address, country) VALUES
            (1, 'ООО «Ромашка»', '7701000001', '', ''),
            (2, 'BRIGHT TRADING LIMITED', '', '', 'HK')",
    )
    .unwrap();
    for (id, cat, tier) in [
        ("r1", Some("microelectronics"), Some("1")),
        ("r2", None, None),
    ] {
        conn.execute(
            "INSERT INTO trade_rows (import_id, record_id, date, ved_code, category, chpl_tier, usd_amount,
             receiver_id, sender_id, destination_country, synthetic)
             VALUES (1, ?1, '2023-05-01', '8542310000', ?2, ?3, 100.0, 1, 2, 'RU', 1)",
            params![id, cat, tier],
        )
        .unwrap();
    }
    let mut ds = Dataset::new();
    assert_eq!(ds.load_trade_records(&conn, None).unwrap(), 2);
    assert_eq!(ds.shipments.len(), 2);
    assert_eq!(ds.parties.len(), 2);
    assert!(ds.shipments.chpl[0] && !ds.shipments.chpl[1]);
    assert_eq!(
        ds.categories.name(u32::from(ds.shipments.category[0])),
        "microelectronics"
    );
    assert_eq!(
        ds.categories.name(u32::from(ds.shipments.category[1])),
        "unknown"
    );
    assert_eq!(ds.shipments.value[0], 100.0);
    assert_eq!(ds.parties[1].inn, "7701000001");
}

#[test]
fn list_entities_designate_matching_companies() {
    let mut ds = Dataset::new();
    let mut e = Entity::from_record(Schema::Company, "ofac-sdn", "42", None);
    e.add(Prop::Name, "JOINT STOCK COMPANY NPP ZENIT");
    e.add(Prop::Alias, "AO NPP ZENIT");
    e.add(Prop::Country, "ru");
    ds.designated.push(e);
    add(
        &mut ds,
        &[
            shipment(
                "a1",
                "2023-01-01",
                "BRIGHT TRADING LIMITED",
                "HK",
                "IMPORTER LLC",
                "RU",
                10.0,
            ),
            shipment(
                "a2",
                "2023-02-01",
                "IMPORTER LLC",
                "RU",
                "AO NPP ZENIT",
                "RU",
                10.0,
            ),
        ],
        "microelectronics",
        true,
    );
    let (_, g) = build(&ds);
    let v = node(&g, "AO NPP ZENIT") as usize;
    let d = g.designated[v].as_ref().expect("designated");
    assert_eq!(d.source, "ofac-sdn-42");
    assert!(g.designated[node(&g, "IMPORTER LLC") as usize].is_none());
    let c = end_users_supplied(&g, &ds, "HK", None, &TraceOptions::default());
    assert_eq!(c.count, 1);
    assert_eq!(c.end_users[0].why, "designated (ofac-sdn-42)");
}

#[test]
fn a_shell_ring_is_the_riskiest_community() {
    let mut ds = Dataset::new();
    for (i, n) in ["ALFA", "BETA", "GAMMA", "DELTA", "EPSILON"]
        .iter()
        .enumerate()
    {
        let mut c = company(&format!("S{i}"), &format!("{n} LLC"), "RU", "2023-01-01");
        c.address = "Moscow, Lenina street 5, office 1".into();
        c.directors = vec!["Ivanov Sergei".into()];
        ds.add_registry(c).unwrap();
    }
    let mut recs = Vec::new();
    for (i, n) in ["ALFA", "BETA", "GAMMA", "DELTA", "EPSILON"]
        .iter()
        .enumerate()
    {
        for k in 0..3 {
            recs.push(shipment(
                &format!("s{i}{k}"),
                "2023-03-01",
                &format!("FEEDER {n} LIMITED"),
                "HK",
                &format!("{n} LLC"),
                "RU",
                10.0,
            ));
        }
    }
    for (i, n) in ["ONE", "TWO", "THREE", "FOUR"].iter().enumerate() {
        ds.add_registry(company(
            &format!("H{i}"),
            &format!("HONEST {n} JSC"),
            "RU",
            "1998-01-01",
        ))
        .unwrap();
        for k in 0..3 {
            recs.push(shipment(
                &format!("h{i}{k}"),
                "2019-03-01",
                "BIG MAKER GMBH",
                "DE",
                &format!("HONEST {n} JSC"),
                "RU",
                10.0,
            ));
            recs.push(shipment(
                &format!("g{i}{k}"),
                "2019-03-01",
                "OTHER MAKER GMBH",
                "DE",
                &format!("HONEST {n} JSC"),
                "RU",
                10.0,
            ));
        }
    }
    add(&mut ds, &recs, "microelectronics", true);
    let (_, g) = build(&ds);
    let signals = indicators::run_all(&g, &ds, &IndicatorOptions::default());
    let risk = indicators::risk_scores(&g, &signals);
    let (assign, comms) = communities(&g, &risk);
    let ring: Vec<u32> = [
        "ALFA LLC",
        "BETA LLC",
        "GAMMA LLC",
        "DELTA LLC",
        "EPSILON LLC",
    ]
    .iter()
    .map(|n| node(&g, n))
    .collect();
    let honest_nodes: Vec<u32> = (0..g.companies)
        .filter(|&v| g.labels[v as usize].starts_with("HONEST"))
        .collect();
    for &v in &ring {
        let c = comms.iter().find(|c| c.id == assign[v as usize]).unwrap();
        assert!(c.risk > 0.4, "{c:?}");
        assert!(
            !c.companies.iter().any(|x| honest_nodes.contains(x)),
            "{c:?}"
        );
    }
    assert!(
        ring.contains(&comms[0].companies[0])
            || comms[0].companies.iter().any(|x| ring.contains(x))
    );
    let honest = comms
        .iter()
        .find(|c| c.companies.contains(&node(&g, "HONEST ONE JSC")))
        .unwrap();
    // Honest importers of CHPL goods only: that weak signal alone keeps the calibrated shell
    // probability near the base rate, far below the ring's.
    assert!(honest.risk < 0.15, "{honest:?}");
}
