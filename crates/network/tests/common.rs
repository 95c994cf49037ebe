//! Helpers shared by the integration tests: hand-built datasets.

#![allow(dead_code)]

use chokepoint_network::data::{Dataset, RegistryCompany};
use chokepoint_network::{resolve, Graph, GraphOptions, Judgements, Resolution, ResolveOptions};
use chokepoint_trade::{CustomsRecord, Date};

/// A date from `YYYY-MM-DD`.
pub fn d(s: &str) -> Date {
    Date::parse(s).expect("test date")
}

/// A registry company.
pub fn company(id: &str, name: &str, country: &str, inc: &str) -> RegistryCompany {
    RegistryCompany {
        id: id.into(),
        name: name.into(),
        country: country.into(),
        incorporated: Date::parse(inc),
        address: format!("{id} Unique Street {}, {country}", id.len() * 7),
        ..RegistryCompany::default()
    }
}

/// A shipment record from `sender` (in `sc`) to `receiver` (in `rc`).
pub fn shipment(
    id: &str,
    date: &str,
    sender: &str,
    sc: &str,
    receiver: &str,
    rc: &str,
    value: f64,
) -> CustomsRecord {
    CustomsRecord {
        id: id.into(),
        record_type: "import".into(),
        date: d(date),
        ved_code: "8542310000".into(),
        usd_amount: Some(value),
        sender_name: sender.into(),
        sender_country: sc.into(),
        receiver_name: receiver.into(),
        destination_country: rc.into(),
        origin_country: sc.into(),
        ..CustomsRecord::default()
    }
}

/// Adds records (all CHPL microelectronics unless `category` says otherwise).
pub fn add(ds: &mut Dataset, recs: &[CustomsRecord], category: &str, chpl: bool) {
    for r in recs {
        ds.add_record(r, category, chpl).expect("add record");
    }
}

/// Resolves and builds the graph.
pub fn build(ds: &Dataset) -> (Resolution, Graph) {
    let res = resolve(ds, &Judgements::new(), &ResolveOptions::default());
    let g = Graph::build(ds, &res, &GraphOptions::default());
    (res, g)
}

/// The company node named exactly `name`.
pub fn node(g: &Graph, name: &str) -> u32 {
    (0..g.companies)
        .find(|&v| g.labels[v as usize] == name)
        .unwrap_or_else(|| panic!("no node {name}"))
}
