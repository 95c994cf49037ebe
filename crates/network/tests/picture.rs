//! An alert's network picture holds its subject at the centre and only its neighbourhood: its
//! suppliers, its customers, the end users beyond them and the companies linked to it — never
//! a pair of companies that has nothing to do with the subject.

mod common;

use chokepoint_network::alerts::{Alert, Status};
use chokepoint_network::data::Dataset;
use chokepoint_network::picture::Role;
use chokepoint_network::{alert_pictures, neighbourhood};
use common::*;

fn world() -> Dataset {
    let mut ds = Dataset::new();
    let mut plant = company("D", "NPP ZENIT JSC", "RU", "1995-01-01");
    plant.designated = Some(d("2022-03-01"));
    ds.add_registry(plant).unwrap();
    let s = |id, from, fc, to, tc, v| shipment(id, "2023-03-01", from, fc, to, tc, v);
    add(
        &mut ds,
        &[
            // A maker ships to the subject, the subject to an importer, the importer to a plant.
            s(
                "a1",
                "MAKER GMBH",
                "DE",
                "FRESH TRADING LIMITED",
                "HK",
                50.0,
            ),
            s(
                "a2",
                "FRESH TRADING LIMITED",
                "HK",
                "IMPORTER LLC",
                "RU",
                40.0,
            ),
            s("a3", "IMPORTER LLC", "RU", "NPP ZENIT JSC", "RU", 30.0),
            // Unrelated trade: neither company ever deals with the subject.
            s(
                "b1",
                "FAR AWAY SUPPLIES INC",
                "US",
                "ELSEWHERE OOO",
                "RU",
                999.0,
            ),
            s("b2", "ELSEWHERE OOO", "RU", "NPP ZENIT JSC", "RU", 999.0),
        ],
        "microelectronics",
        true,
    );
    ds
}

#[test]
fn the_subject_is_at_the_centre_with_its_chain_and_nothing_unrelated() {
    let ds = world();
    let (res, g) = build(&ds);
    let subject = node(&g, "FRESH TRADING LIMITED");
    let pic = neighbourhood(&g, subject, 8).unwrap();
    assert_eq!(pic.subject, format!("n{subject}"));
    assert_eq!(pic.nodes[0].role, Role::Subject);
    assert_eq!(pic.nodes[0].label, "FRESH TRADING LIMITED");
    let role_of = |name: &str| pic.nodes.iter().find(|n| n.label == name).map(|n| n.role);
    assert_eq!(role_of("MAKER GMBH"), Some(Role::Supplier));
    assert_eq!(role_of("IMPORTER LLC"), Some(Role::Customer));
    // The chain through the subject reaches the plant.
    assert_eq!(role_of("NPP ZENIT JSC"), Some(Role::Downstream));
    assert_eq!(
        pic.nodes
            .iter()
            .find(|n| n.label == "NPP ZENIT JSC")
            .unwrap()
            .kind,
        "designated"
    );
    // Nothing unrelated to the subject.
    assert_eq!(role_of("FAR AWAY SUPPLIES INC"), None);
    assert_eq!(role_of("ELSEWHERE OOO"), None);
    assert_eq!(pic.nodes.len(), 4);
    // Every line touches the subject or continues a chain from one of its customers.
    let customers: Vec<&str> = pic
        .nodes
        .iter()
        .filter(|n| n.role == Role::Customer)
        .map(|n| n.id.as_str())
        .collect();
    for e in &pic.edges {
        assert!(
            e.source == pic.subject
                || e.target == pic.subject
                || customers.contains(&e.source.as_str()),
            "{e:?}"
        );
    }
    assert_eq!(pic.edges.len(), 3);
    let into = pic.edges.iter().find(|e| e.target == pic.subject).unwrap();
    assert_eq!((into.value, into.label.as_str()), (50.0, "1 shipment"));
    // Alerts find their pictures by key; a company outside the graph has none.
    let key = format!("company:{}", res.entities[subject as usize].key);
    let alert = Alert {
        key: key.clone(),
        name: "FRESH TRADING LIMITED".into(),
        country: "HK".into(),
        risk: 0.8,
        parts: Vec::new(),
        records: Vec::new(),
        related: Vec::new(),
        status: Status::Open,
    };
    let ghost = Alert {
        key: "company:nobody".into(),
        ..alert.clone()
    };
    let pictures = alert_pictures(&g, &res, &[alert, ghost], 8);
    assert_eq!(pictures.len(), 1);
    assert_eq!(pictures[&key], pic);
    assert!(neighbourhood(&g, g.companies + 1_000, 8).is_none());
}

#[test]
fn a_busy_company_shows_only_its_largest_counterparties() {
    let mut ds = Dataset::new();
    let names = [
        "ALDER", "BIRCH", "CEDAR", "DOGWOOD", "ELM", "FIR", "GINKGO", "HAZEL", "IRONWOOD",
        "JUNIPER", "KATSURA", "LARCH",
    ];
    let recs: Vec<_> = (0..12)
        .map(|i| {
            shipment(
                &format!("r{i}"),
                "2023-03-01",
                &format!("{} ELECTRONICS CO LTD", names[i]),
                "CN",
                "HUB TRADING LIMITED",
                "HK",
                100.0 + i as f64,
            )
        })
        .collect();
    add(&mut ds, &recs, "microelectronics", true);
    let (_, g) = build(&ds);
    let pic = neighbourhood(&g, node(&g, "HUB TRADING LIMITED"), 5).unwrap();
    let suppliers: Vec<&str> = pic
        .nodes
        .iter()
        .filter(|n| n.role == Role::Supplier)
        .map(|n| n.label.as_str())
        .collect();
    assert_eq!(suppliers.len(), 5);
    assert_eq!(
        suppliers[0], "LARCH ELECTRONICS CO LTD",
        "largest value first"
    );
}
