//! Each indicator on small hand-built cases: where it must fire and where it must not.

mod common;

use chokepoint_model::{Entity, Prop, Provenance, Schema};
use chokepoint_network::data::{Dataset, RegistryCompany};
use chokepoint_network::indicators::{self, IndicatorOptions, Rule, Signal};
use chokepoint_network::Graph;
use chokepoint_trade::CustomsRecord;
use common::*;
use std::sync::Arc;

fn signals(ds: &Dataset) -> (Graph, Vec<Signal>) {
    let (_, g) = build(ds);
    let s = indicators::run_all(&g, ds, &IndicatorOptions::default());
    (g, s)
}

fn fired(g: &Graph, s: &[Signal], rule: Rule, name: &str) -> bool {
    let v = node(g, name);
    s.iter().any(|x| x.rule == rule && x.node == v)
}

#[test]
fn new_company_fires_for_fresh_chpl_trader_only() {
    let mut ds = Dataset::new();
    ds.add_registry(company("C1", "FRESH TRADING LIMITED", "HK", "2023-01-10"))
        .unwrap();
    ds.add_registry(company("C2", "OLD TRADING LIMITED", "HK", "2001-05-01"))
        .unwrap();
    ds.add_registry(company("C3", "BUYER LLC", "RU", "1999-01-01"))
        .unwrap();
    add(
        &mut ds,
        &[
            shipment(
                "r1",
                "2023-02-01",
                "FRESH TRADING LIMITED",
                "HK",
                "BUYER LLC",
                "RU",
                1000.0,
            ),
            shipment(
                "r2",
                "2023-02-01",
                "OLD TRADING LIMITED",
                "HK",
                "BUYER LLC",
                "RU",
                1000.0,
            ),
        ],
        "microelectronics",
        true,
    );
    let (g, s) = signals(&ds);
    assert!(fired(&g, &s, Rule::NewCompany, "FRESH TRADING LIMITED"));
    let sig = s.iter().find(|x| x.rule == Rule::NewCompany).unwrap();
    assert_eq!(sig.score, 0.45);
    assert_eq!(sig.records, vec!["r1".to_string()]);
    assert!(!fired(&g, &s, Rule::NewCompany, "OLD TRADING LIMITED"));
    assert!(!fired(&g, &s, Rule::NewCompany, "BUYER LLC"));
}

#[test]
fn new_company_is_silent_without_chpl_goods() {
    let mut ds = Dataset::new();
    ds.add_registry(company("C1", "FRESH TRADING LIMITED", "HK", "2023-01-10"))
        .unwrap();
    ds.add_registry(company("C3", "BUYER LLC", "RU", "1999-01-01"))
        .unwrap();
    add(
        &mut ds,
        &[shipment(
            "r1",
            "2023-02-01",
            "FRESH TRADING LIMITED",
            "HK",
            "BUYER LLC",
            "RU",
            1000.0,
        )],
        "other",
        false,
    );
    let (g, s) = signals(&ds);
    assert!(!fired(&g, &s, Rule::NewCompany, "FRESH TRADING LIMITED"));
}

#[test]
fn mass_address_needs_four_companies() {
    let mut ds = Dataset::new();
    for (i, n) in ["ALFA", "BETA", "GAMMA", "DELTA"].iter().enumerate() {
        let mut c = company(&format!("M{i}"), &format!("{n} LLC"), "RU", "2020-01-01");
        c.address = "Moscow, Lenina street 5, office 1".into();
        ds.add_registry(c).unwrap();
    }
    for (i, n) in ["OMEGA", "SIGMA", "KAPPA"].iter().enumerate() {
        let mut c = company(&format!("S{i}"), &format!("{n} LLC"), "RU", "2020-01-01");
        c.address = "Kazan, Mira avenue 77, office 9".into();
        ds.add_registry(c).unwrap();
    }
    let (g, s) = signals(&ds);
    for n in ["ALFA LLC", "BETA LLC", "GAMMA LLC", "DELTA LLC"] {
        assert!(fired(&g, &s, Rule::MassAddress, n), "{n}");
    }
    for n in ["OMEGA LLC", "SIGMA LLC", "KAPPA LLC"] {
        assert!(!fired(&g, &s, Rule::MassAddress, n), "{n}");
    }
}

#[test]
fn shared_director_and_phone() {
    let mut ds = Dataset::new();
    let mut a = company("A", "ALFA LLC", "RU", "2020-01-01");
    a.directors = vec!["Ivanov Sergei".into()];
    a.phones = vec!["+7 495 1234567".into()];
    let mut b = company("B", "BETA LLC", "RU", "2020-01-01");
    b.directors = vec!["Sergei Ivanov".into()];
    b.phones = vec!["+7 999 7654321".into()];
    let mut c = company("C", "GAMMA LLC", "RU", "2020-01-01");
    c.directors = vec!["Petrov Oleg".into()];
    c.phones = vec!["+7 (495) 123-45-67".into()];
    for x in [a, b, c] {
        ds.add_registry(x).unwrap();
    }
    let (g, s) = signals(&ds);
    assert!(fired(&g, &s, Rule::SharedDirector, "ALFA LLC"));
    assert!(fired(&g, &s, Rule::SharedDirector, "BETA LLC"));
    assert!(!fired(&g, &s, Rule::SharedDirector, "GAMMA LLC"));
    assert!(fired(&g, &s, Rule::SharedPhone, "ALFA LLC"));
    assert!(fired(&g, &s, Rule::SharedPhone, "GAMMA LLC"));
    assert!(!fired(&g, &s, Rule::SharedPhone, "BETA LLC"));
    // Name-only sharing is weak evidence (namesakes).
    let v = node(&g, "BETA LLC");
    let sig = s
        .iter()
        .find(|x| x.rule == Rule::SharedDirector && x.node == v)
        .unwrap();
    assert_eq!(sig.score, 0.1);
}

#[test]
fn shared_director_corroborated_by_address_scores_higher() {
    let mut ds = Dataset::new();
    for (id, n) in [("D", "DELTA LLC"), ("E", "EPSILON LLC")] {
        let mut c = company(id, n, "RU", "2020-01-01");
        c.directors = vec!["Kozlov Pavel".into()];
        c.address = "Tula, Sovetskaya street 12, office 4".into();
        ds.add_registry(c).unwrap();
    }
    let (g, s) = signals(&ds);
    let v = node(&g, "DELTA LLC");
    let sig = s
        .iter()
        .find(|x| x.rule == Rule::SharedDirector && x.node == v)
        .unwrap();
    assert_eq!(sig.score, 0.3);
    assert!(
        sig.explanation.contains("corroborated"),
        "{}",
        sig.explanation
    );
}

#[test]
fn exclusive_supplier_of_a_likely_shell() {
    let mut ds = Dataset::new();
    // Four fresh importers at one address with one director: likely shells.
    for (i, n) in ["ALFA", "BETA", "GAMMA", "DELTA"].iter().enumerate() {
        let mut c = company(&format!("M{i}"), &format!("{n} LLC"), "RU", "2023-01-01");
        c.address = "Moscow, Lenina street 5, office 1".into();
        c.directors = vec!["Ivanov Sergei".into()];
        ds.add_registry(c).unwrap();
    }
    ds.add_registry(company("H", "OLD IMPORTER LLC", "RU", "1999-01-01"))
        .unwrap();
    let recs: Vec<_> = (0..3)
        .map(|i| {
            shipment(
                &format!("x{i}"),
                "2023-02-01",
                "FEEDER LIMITED",
                "AE",
                "ALFA LLC",
                "RU",
                10.0,
            )
        })
        .chain((0..3).map(|i| {
            shipment(
                &format!("y{i}"),
                "2023-02-01",
                "LOYAL LIMITED",
                "AE",
                "OLD IMPORTER LLC",
                "RU",
                10.0,
            )
        }))
        .collect();
    add(&mut ds, &recs, "microelectronics", true);
    let (g, s) = signals(&ds);
    let shell = indicators::shell_scores(&g, &s);
    assert!(shell[node(&g, "ALFA LLC") as usize] >= indicators::SHELL_THRESHOLD);
    assert!(fired(&g, &s, Rule::ExclusiveSupplier, "FEEDER LIMITED"));
    assert!(!fired(&g, &s, Rule::ExclusiveSupplier, "LOYAL LIMITED"));
}

#[test]
fn one_customer_fires_only_with_a_single_buyer() {
    let mut ds = Dataset::new();
    let recs: Vec<_> = (0..3)
        .map(|i| {
            shipment(
                &format!("a{i}"),
                "2023-03-01",
                "SOLO LIMITED",
                "HK",
                "BUYER LLC",
                "RU",
                10.0,
            )
        })
        .chain((0..3).map(|i| {
            let buyer = if i == 0 {
                "BUYER LLC"
            } else {
                "OTHER BUYER JSC"
            };
            shipment(
                &format!("b{i}"),
                "2023-03-01",
                "MULTI LIMITED",
                "HK",
                buyer,
                "RU",
                10.0,
            )
        }))
        .chain([shipment(
            "c0",
            "2023-03-01",
            "RARE LIMITED",
            "HK",
            "BUYER LLC",
            "RU",
            10.0,
        )])
        .collect();
    add(&mut ds, &recs, "microelectronics", true);
    let (g, s) = signals(&ds);
    assert!(fired(&g, &s, Rule::OneCustomer, "SOLO LIMITED"));
    assert!(!fired(&g, &s, Rule::OneCustomer, "MULTI LIMITED"));
    assert!(
        !fired(&g, &s, Rule::OneCustomer, "RARE LIMITED"),
        "too few shipments"
    );
}

#[test]
fn volume_spike_and_anomalous_importer() {
    let mut ds = Dataset::new();
    let steady = [
        shipment(
            "s1",
            "2021-05-01",
            "STEADY LIMITED",
            "HK",
            "STEADY BUYER LLC",
            "RU",
            100.0,
        ),
        shipment(
            "s2",
            "2022-05-01",
            "STEADY LIMITED",
            "HK",
            "STEADY BUYER LLC",
            "RU",
            120.0,
        ),
        shipment(
            "s3",
            "2023-05-01",
            "STEADY LIMITED",
            "HK",
            "STEADY BUYER LLC",
            "RU",
            110.0,
        ),
        shipment(
            "p1",
            "2021-05-01",
            "SPIKE LIMITED",
            "HK",
            "SPIKE BUYER LLC",
            "RU",
            100.0,
        ),
        shipment(
            "p2",
            "2022-05-01",
            "SPIKE LIMITED",
            "HK",
            "SPIKE BUYER LLC",
            "RU",
            100.0,
        ),
        shipment(
            "p3",
            "2023-05-01",
            "SPIKE LIMITED",
            "HK",
            "SPIKE BUYER LLC",
            "RU",
            900.0,
        ),
    ];
    add(&mut ds, &steady, "microelectronics", true);
    add(
        &mut ds,
        &[shipment(
            "n1",
            "2021-03-01",
            "FOOD LIMITED",
            "TR",
            "SWITCHER LLC",
            "RU",
            50.0,
        )],
        "other",
        false,
    );
    add(
        &mut ds,
        &[shipment(
            "n2",
            "2023-03-01",
            "CHIP LIMITED",
            "HK",
            "SWITCHER LLC",
            "RU",
            50.0,
        )],
        "microelectronics",
        true,
    );
    let (g, s) = signals(&ds);
    assert!(fired(&g, &s, Rule::VolumeSpike, "SPIKE BUYER LLC"));
    assert!(!fired(&g, &s, Rule::VolumeSpike, "STEADY BUYER LLC"));
    assert!(fired(&g, &s, Rule::VolumeSpike, "SWITCHER LLC"));
    let sig = s
        .iter()
        .find(|x| x.rule == Rule::VolumeSpike && x.node == node(&g, "SPIKE BUYER LLC"))
        .unwrap();
    assert_eq!(sig.records, vec!["p3".to_string()]);
}

#[test]
fn reexport_of_goods_never_imported() {
    let mut ds = Dataset::new();
    // KZ trader receives only food, ships chips: fires. HK trader receives chips first: silent.
    add(
        &mut ds,
        &[shipment(
            "f1",
            "2022-01-01",
            "FOOD GMBH",
            "DE",
            "STEPPE TRADE LLP",
            "KZ",
            10.0,
        )],
        "other",
        false,
    );
    add(
        &mut ds,
        &[
            shipment(
                "c1",
                "2022-06-01",
                "STEPPE TRADE LLP",
                "KZ",
                "BUYER LLC",
                "RU",
                10.0,
            ),
            shipment(
                "c2",
                "2022-01-01",
                "MAKER CO LTD",
                "CN",
                "HONEST LIMITED",
                "HK",
                10.0,
            ),
            shipment(
                "c3",
                "2022-06-01",
                "HONEST LIMITED",
                "HK",
                "BUYER LLC",
                "RU",
                10.0,
            ),
        ],
        "microelectronics",
        true,
    );
    let (g, s) = signals(&ds);
    assert!(fired(&g, &s, Rule::ReexportNew, "STEPPE TRADE LLP"));
    assert!(!fired(&g, &s, Rule::ReexportNew, "HONEST LIMITED"));
    assert!(
        !fired(&g, &s, Rule::ReexportNew, "MAKER CO LTD"),
        "no imports at all: skipped"
    );
}

#[test]
fn high_risk_country_for_chpl_via_hubs_only() {
    let mut ds = Dataset::new();
    let mut via = shipment(
        "h1",
        "2023-01-01",
        "EURO PARTS GMBH",
        "DE",
        "BUYER LLC",
        "RU",
        10.0,
    );
    via.departure_country = "KG".into();
    add(
        &mut ds,
        &[
            via,
            shipment(
                "h2",
                "2023-01-01",
                "DIRECT PARTS GMBH",
                "DE",
                "BUYER LLC",
                "RU",
                10.0,
            ),
            shipment(
                "h3",
                "2023-01-01",
                "HUB TRADING LIMITED",
                "HK",
                "BUYER LLC",
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
            "h4",
            "2023-01-01",
            "TOYS LIMITED",
            "HK",
            "BUYER LLC",
            "RU",
            10.0,
        )],
        "other",
        false,
    );
    let (g, s) = signals(&ds);
    assert!(fired(&g, &s, Rule::HighRiskCountry, "EURO PARTS GMBH"));
    assert!(fired(&g, &s, Rule::HighRiskCountry, "HUB TRADING LIMITED"));
    assert!(!fired(&g, &s, Rule::HighRiskCountry, "DIRECT PARTS GMBH"));
    assert!(!fired(&g, &s, Rule::HighRiskCountry, "TOYS LIMITED"));
}

#[test]
fn phoenix_name_after_designation() {
    let mut ds = Dataset::new();
    let mut old = company("P0", "ООО «Радиокомплект»", "RU", "2010-01-01");
    old.inn = "7701000001".into();
    old.designated = Some(d("2023-03-01"));
    old.address = "г. Москва, ул. Заводская, д. 5, офис 12".into();
    let mut new = company("P1", "ООО «Радиокомплект-М»", "RU", "2023-04-15");
    new.inn = "7701000002".into();
    new.address = old.address.clone();
    let mut unrelated = company("P2", "ООО «Сибирский лес»", "RU", "2023-05-01");
    unrelated.inn = "7701000003".into();
    let mut earlier = company("P3", "ООО «Радиокомплект Юг»", "RU", "2005-01-01");
    earlier.inn = "7701000004".into();
    for c in [old, new, unrelated, earlier] {
        ds.add_registry(c).unwrap();
    }
    let (g, s) = signals(&ds);
    assert!(fired(&g, &s, Rule::PhoenixName, "ООО «Радиокомплект-М»"));
    assert!(!fired(&g, &s, Rule::PhoenixName, "ООО «Сибирский лес»"));
    assert!(
        !fired(&g, &s, Rule::PhoenixName, "ООО «Радиокомплект»"),
        "itself"
    );
    assert!(
        !fired(&g, &s, Rule::PhoenixName, "ООО «Радиокомплект Юг»"),
        "older, unlinked namesake"
    );
}

#[test]
fn designated_link_within_k_hops() {
    let mut ds = Dataset::new();
    let mut plant = company("D", "NPP ZENIT JSC", "RU", "1995-01-01");
    plant.designated = Some(d("2022-03-01"));
    ds.add_registry(plant).unwrap();
    add(
        &mut ds,
        &[
            shipment(
                "k1",
                "2023-01-01",
                "IMPORTER LLC",
                "RU",
                "NPP ZENIT JSC",
                "RU",
                10.0,
            ),
            shipment(
                "k2",
                "2023-01-01",
                "SUPPLIER LIMITED",
                "HK",
                "IMPORTER LLC",
                "RU",
                10.0,
            ),
            shipment(
                "k3",
                "2023-01-01",
                "FAR MAKER CO LTD",
                "CN",
                "SUPPLIER LIMITED",
                "HK",
                10.0,
            ),
        ],
        "microelectronics",
        true,
    );
    let (g, s) = signals(&ds);
    let score = |n: &str| {
        let v = node(&g, n);
        s.iter()
            .find(|x| x.rule == Rule::DesignatedLink && x.node == v)
            .map(|x| x.score)
    };
    assert_eq!(score("IMPORTER LLC"), Some(0.3));
    assert_eq!(score("SUPPLIER LIMITED"), Some(0.15));
    assert_eq!(score("FAR MAKER CO LTD"), None, "three hops away");
    assert_eq!(
        score("NPP ZENIT JSC"),
        None,
        "the designated company itself"
    );
}

#[test]
fn shell_score_combines_shell_rules_only() {
    let mut ds = Dataset::new();
    let mut plant = company("D", "NPP ZENIT JSC", "RU", "1995-01-01");
    plant.designated = Some(d("2022-03-01"));
    ds.add_registry(plant).unwrap();
    add(
        &mut ds,
        &[shipment(
            "k1",
            "2023-01-01",
            "IMPORTER LLC",
            "RU",
            "NPP ZENIT JSC",
            "RU",
            10.0,
        )],
        "microelectronics",
        true,
    );
    let (g, s) = signals(&ds);
    let shell = indicators::shell_scores(&g, &s);
    let risk = indicators::risk_scores(&g, &s);
    let v = node(&g, "IMPORTER LLC") as usize;
    let no_evidence = indicators::ShellModel::builtin().probability(&[0.0; indicators::FEATURES]);
    assert!(no_evidence < 0.1);
    assert_eq!(
        shell[v], no_evidence,
        "a designated link is network risk, not shell evidence"
    );
    assert!(risk[v] > 0.29);
}

/// The designated importer's address.
const OLD_ADDRESS: &str = "г. Москва, ул. Заводская, д. 5, офис 12";
/// The designated importer's director.
const OLD_DIRECTOR: &str = "Кузнецов Иван Петрович";

/// Gives `c` the designated importer's address.
fn same_address(c: &mut RegistryCompany) {
    c.address = OLD_ADDRESS.into();
}

/// Gives `c` the designated importer's address and director.
fn same_address_and_director(c: &mut RegistryCompany) {
    same_address(c);
    c.directors = vec![OLD_DIRECTOR.into()];
}

/// A designated importer (designated 2023-03-01) at a Moscow address with a director and a
/// phone, and its supplier XINDA LIMITED (HK), which sold to it in 2022.
fn designated_importer() -> Dataset {
    let mut ds = Dataset::new();
    let mut old = company("P0", "ООО «Радиокомплект»", "RU", "2010-01-01");
    old.inn = "7701000001".into();
    old.designated = Some(d("2023-03-01"));
    old.address = OLD_ADDRESS.into();
    old.directors = vec![OLD_DIRECTOR.into()];
    old.phones = vec!["+7 495 5550101".into()];
    ds.add_registry(old).unwrap();
    add(
        &mut ds,
        &[
            import(
                "o1",
                "2022-05-01",
                "XINDA LIMITED",
                "ООО «Радиокомплект»",
                "7701000001",
            ),
            import(
                "o2",
                "2022-11-01",
                "XINDA LIMITED",
                "ООО «Радиокомплект»",
                "7701000001",
            ),
        ],
        "microelectronics",
        true,
    );
    ds
}

/// An import from `supplier` (HK) to `receiver` with INN `inn`.
fn import(id: &str, date: &str, supplier: &str, receiver: &str, inn: &str) -> CustomsRecord {
    let mut r = shipment(id, date, supplier, "HK", receiver, "RU", 1000.0);
    r.receiver_inn = inn.into();
    r
}

/// Adds a Russian registry company incorporated on `inc` with INN `inn`.
fn successor_candidate(
    ds: &mut Dataset,
    name: &str,
    inn: &str,
    inc: &str,
    edit: impl FnOnce(&mut RegistryCompany),
) {
    let mut c = company(inn, name, "RU", inc);
    c.inn = inn.into();
    edit(&mut c);
    ds.add_registry(c).unwrap();
}

fn successor_signal<'a>(g: &Graph, s: &'a [Signal], name: &str) -> Option<&'a Signal> {
    let v = node(g, name);
    s.iter()
        .find(|x| x.rule == Rule::PhoenixSuccessor && x.node == v)
}

#[test]
fn phoenix_successor_continues_a_designated_importers_trade() {
    let mut ds = designated_importer();
    // Same address and director, incorporated 45 days after the designation, buys from XINDA.
    successor_candidate(
        &mut ds,
        "ООО «Северный ветер»",
        "7701000002",
        "2023-04-15",
        same_address_and_director,
    );
    // Only the phone shared.
    successor_candidate(
        &mut ds,
        "ООО «Восток»",
        "7701000003",
        "2023-06-01",
        |c| {
            c.phones = vec!["+7 (495) 555-01-01".into()];
        },
    );
    add(
        &mut ds,
        &[
            import(
                "n1",
                "2023-05-01",
                "XINDA LIMITED",
                "ООО «Северный ветер»",
                "7701000002",
            ),
            import(
                "n2",
                "2023-07-01",
                "XINDA LIMITED",
                "ООО «Северный ветер»",
                "7701000002",
            ),
            import(
                "n3",
                "2023-07-01",
                "XINDA LIMITED",
                "ООО «Восток»",
                "7701000003",
            ),
        ],
        "microelectronics",
        true,
    );
    let (g, s) = signals(&ds);
    let sig = successor_signal(&g, &s, "ООО «Северный ветер»").expect("fires");
    assert_eq!(sig.score, 0.9);
    let mut recs = sig.records.clone();
    recs.sort();
    assert_eq!(recs, vec!["n1".to_string(), "n2".to_string()]);
    for part in [
        "'ООО «Радиокомплект»'",
        "2023-03-01",
        "45 days",
        "address",
        "director",
        "XINDA LIMITED",
    ] {
        assert!(
            sig.explanation.contains(part),
            "{part}: {}",
            sig.explanation
        );
    }
    assert!(sig.related.contains(&node(&g, "ООО «Радиокомплект»")));
    assert!(sig.related.contains(&node(&g, "XINDA LIMITED")));
    let phone = successor_signal(&g, &s, "ООО «Восток»").expect("fires on a shared phone");
    assert_eq!(phone.score, 0.7);
    assert_eq!(phone.records, vec!["n3".to_string()]);
    assert!(phone.explanation.contains("phone"), "{}", phone.explanation);
    assert!(successor_signal(&g, &s, "ООО «Радиокомплект»").is_none());
    assert!(successor_signal(&g, &s, "XINDA LIMITED").is_none());
    // A successor is a shell: the rule alone crosses the shell threshold.
    let shell = indicators::shell_scores(&g, &s);
    assert!(shell[node(&g, "ООО «Восток»") as usize] >= indicators::SHELL_THRESHOLD);
}

#[test]
fn phoenix_successor_needs_a_continued_supplier() {
    let mut ds = designated_importer();
    // Same address, right time, but its supplier never sold to the designated firm.
    successor_candidate(
        &mut ds,
        "ООО «Северный ветер»",
        "7701000002",
        "2023-04-15",
        same_address,
    );
    add(
        &mut ds,
        &[import(
            "n1",
            "2023-05-01",
            "OTHER SUPPLIER LIMITED",
            "ООО «Северный ветер»",
            "7701000002",
        )],
        "microelectronics",
        true,
    );
    let (g, s) = signals(&ds);
    assert!(successor_signal(&g, &s, "ООО «Северный ветер»").is_none());
}

#[test]
fn phoenix_successor_only_within_a_year_of_the_designation() {
    let mut ds = designated_importer();
    // Same address and director, same supplier, but incorporated two years after.
    successor_candidate(
        &mut ds,
        "ООО «Поздний»",
        "7701000002",
        "2025-03-10",
        same_address_and_director,
    );
    // Incorporated before the designation: an older sister firm, not a successor.
    successor_candidate(
        &mut ds,
        "ООО «Старший»",
        "7701000003",
        "2022-12-01",
        same_address,
    );
    add(
        &mut ds,
        &[
            import(
                "n1",
                "2025-04-01",
                "XINDA LIMITED",
                "ООО «Поздний»",
                "7701000002",
            ),
            import(
                "n2",
                "2023-04-01",
                "XINDA LIMITED",
                "ООО «Старший»",
                "7701000003",
            ),
        ],
        "microelectronics",
        true,
    );
    let (g, s) = signals(&ds);
    assert!(successor_signal(&g, &s, "ООО «Поздний»").is_none());
    assert!(successor_signal(&g, &s, "ООО «Старший»").is_none());
    // The window is the only reason for the late firm: with three years it fires.
    let opts = IndicatorOptions {
        successor_window_days: 3 * 365,
        ..IndicatorOptions::default()
    };
    let s = indicators::successor::detect(&g, &ds, &opts);
    assert!(successor_signal(&g, &s, "ООО «Поздний»").is_some());
    assert!(successor_signal(&g, &s, "ООО «Старший»").is_none());
}

#[test]
fn phoenix_successor_ignores_suppliers_that_sell_to_many() {
    let mut ds = designated_importer();
    successor_candidate(
        &mut ds,
        "ООО «Северный ветер»",
        "7701000002",
        "2023-04-15",
        same_address_and_director,
    );
    // A distributor that sold to the designated firm, to the new firm and to 11 others.
    let mut recs = vec![
        import(
            "b0",
            "2022-06-01",
            "BIG DISTRIBUTOR LIMITED",
            "ООО «Радиокомплект»",
            "7701000001",
        ),
        import(
            "n1",
            "2023-05-01",
            "BIG DISTRIBUTOR LIMITED",
            "ООО «Северный ветер»",
            "7701000002",
        ),
    ];
    for i in 0..11 {
        recs.push(import(
            &format!("m{i}"),
            "2023-05-01",
            "BIG DISTRIBUTOR LIMITED",
            &format!("ООО «Покупатель {i}»"),
            &format!("77020000{i:02}"),
        ));
    }
    add(&mut ds, &recs, "microelectronics", true);
    let (g, s) = signals(&ds);
    assert!(successor_signal(&g, &s, "ООО «Северный ветер»").is_none());
    // The distributor's reach is the only reason: with a higher limit the rule fires.
    let opts = IndicatorOptions {
        successor_max_supplier_customers: 20,
        ..IndicatorOptions::default()
    };
    let s = indicators::successor::detect(&g, &ds, &opts);
    assert!(successor_signal(&g, &s, "ООО «Северный ветер»").is_some());
}

#[test]
fn phoenix_successor_dates_list_designations_by_their_listing_date() {
    let mut ds = designated_importer();
    // The same firm, designated through a watchlist entry instead of the registry.
    ds.registry[0].designated = None;
    let prov = Arc::new(Provenance::new("test-list", "1", None));
    let mut listed = Entity::with_id("test-list-1".into(), Schema::Company, prov);
    listed.add(Prop::Name, "ООО «Радиокомплект»");
    listed.add(Prop::Country, "ru");
    listed.add(Prop::InnCode, "7701000001");
    successor_candidate(
        &mut ds,
        "ООО «Северный ветер»",
        "7701000002",
        "2023-04-15",
        same_address,
    );
    add(
        &mut ds,
        &[import(
            "n1",
            "2023-05-01",
            "XINDA LIMITED",
            "ООО «Северный ветер»",
            "7701000002",
        )],
        "microelectronics",
        true,
    );
    // Without a listing date the designation has no date: silent.
    ds.designated = vec![listed.clone()];
    let (g, s) = signals(&ds);
    assert!(g.designated[node(&g, "ООО «Радиокомплект»") as usize].is_some());
    assert!(successor_signal(&g, &s, "ООО «Северный ветер»").is_none());
    listed.add(Prop::ListingDate, "2023-03-01");
    ds.designated = vec![listed];
    let (g, s) = signals(&ds);
    let sig = successor_signal(&g, &s, "ООО «Северный ветер»").expect("fires");
    assert_eq!(sig.score, 0.7);
    assert!(
        sig.explanation.contains("2023-03-01"),
        "{}",
        sig.explanation
    );
}
