//! Company-network rules over a registry joined to customs records by INN:
//! `network.shell` — an importer incorporated after 2022-02-24 that shares its address with
//! at least two other such fresh companies, its director or phone with one of them, and
//! imports sensitive goods (red flags 1 and 6); a director shared across addresses raises
//! the score but is not enough alone (common names collide); `network.phoenix` — an importer incorporated within a year after
//! another company at the same address, or with the same director or phone, was designated,
//! continuing its trade (the designated firm's exporters reappear).

use crate::detect::{party_key, Prepared};
use crate::flags::Flag;
use crate::registry::RegistryEntry;
use std::collections::{HashMap, HashSet};

/// Runs the network rules.
pub fn detect(p: &Prepared, registry: &[RegistryEntry], out: &mut Vec<Flag>) {
    let war = crate::date::control::dates()[0];
    let fresh: Vec<&RegistryEntry> = registry
        .iter()
        .filter(|c| c.country == "RU" && c.incorporated.is_some_and(|d| d >= war))
        .collect();
    let mut by_address: HashMap<String, Vec<&RegistryEntry>> = HashMap::new();
    let mut by_director: HashMap<String, Vec<&RegistryEntry>> = HashMap::new();
    for c in &fresh {
        if !c.address.is_empty() {
            by_address.entry(party_key(&c.address)).or_default().push(c);
        }
        if !c.director.is_empty() {
            by_director
                .entry(party_key(&c.director))
                .or_default()
                .push(c);
        }
    }
    // Records per importer INN.
    let mut records_by_inn: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in p.records.iter().enumerate() {
        if !r.receiver_inn.is_empty() {
            records_by_inn
                .entry(r.receiver_inn.as_str())
                .or_default()
                .push(i);
        }
    }
    let sensitive =
        |i: &usize| p.classes[*i].is_some_and(|c| c.chpl.is_some() || c.category.is_sensitive());
    for c in &fresh {
        let co_address: Vec<&str> = by_address
            .get(&party_key(&c.address))
            .map(|v| {
                v.iter()
                    .filter(|o| o.id != c.id)
                    .map(|o| o.id.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let co_director: Vec<&str> = by_director
            .get(&party_key(&c.director))
            .map(|v| {
                v.iter()
                    .filter(|o| o.id != c.id)
                    .map(|o| o.id.as_str())
                    .collect()
            })
            .unwrap_or_default();
        // Co-located with at least two fresh companies, and tied to one of them by a person:
        // the same director or the same phone. Honest firms in a serviced office share the
        // address but not their people.
        let tied = by_address.get(&party_key(&c.address)).is_some_and(|v| {
            v.iter().any(|o| {
                o.id != c.id
                    && ((!c.director.is_empty() && o.director == c.director)
                        || (!c.phone.is_empty() && o.phone == c.phone))
            })
        });
        if co_address.len() < 2 || !tied {
            continue;
        }
        let Some(recs) = records_by_inn.get(c.inn.as_str()) else {
            continue;
        };
        if !recs.iter().any(sensitive) {
            continue;
        }
        let score = (0.5 + 0.05 * (co_address.len() + co_director.len()) as f64).min(1.0);
        for &i in recs.iter().filter(|i| sensitive(i)) {
            let r = &p.records[i];
            let mut evidence = vec![r.id.clone()];
            evidence.extend(co_address.iter().chain(&co_director).map(|s| s.to_string()));
            out.push(Flag {
                rule: "network.shell",
                score,
                subject: r.id.clone(),
                evidence,
                explanation: format!(
                    "importer {} (incorporated {}) shares its address with {} and its director with {} other companies incorporated after 2022-02-24, and imports sensitive goods",
                    c.name,
                    c.incorporated.map(|d| d.to_string()).unwrap_or_default(),
                    co_address.len(),
                    co_director.len()
                ),
            });
        }
    }
    phoenix(p, registry, &records_by_inn, out);
}

fn phoenix(
    p: &Prepared,
    registry: &[RegistryEntry],
    records_by_inn: &HashMap<&str, Vec<usize>>,
    out: &mut Vec<Flag>,
) {
    let designated: Vec<&RegistryEntry> =
        registry.iter().filter(|c| c.designated.is_some()).collect();
    for old in designated {
        let Some(when) = old.designated else { continue };
        let old_exporters: HashSet<String> = records_by_inn
            .get(old.inn.as_str())
            .map(|v| {
                v.iter()
                    .map(|i| party_key(&p.records[*i].sender_name))
                    .collect()
            })
            .unwrap_or_default();
        for new in registry
            .iter()
            .filter(|c| c.id != old.id && c.country == old.country)
        {
            let Some(inc) = new.incorporated else {
                continue;
            };
            if inc < when || inc > when.add_days(365) {
                continue;
            }
            let same_address =
                !new.address.is_empty() && party_key(&new.address) == party_key(&old.address);
            let same_person = (!new.director.is_empty() && new.director == old.director)
                || (!new.phone.is_empty() && new.phone == old.phone);
            if !(same_address || same_person) {
                continue;
            }
            let Some(recs) = records_by_inn.get(new.inn.as_str()) else {
                continue;
            };
            // The successor keeps the designated firm's suppliers.
            let continued: Vec<usize> = recs
                .iter()
                .copied()
                .filter(|i| old_exporters.contains(&party_key(&p.records[*i].sender_name)))
                .collect();
            if continued.is_empty() {
                continue;
            }
            for i in continued {
                let r = &p.records[i];
                out.push(Flag {
                    rule: "network.phoenix",
                    score: if same_address && same_person { 0.9 } else { 0.7 },
                    subject: r.id.clone(),
                    evidence: vec![r.id.clone(), old.id.clone(), new.id.clone()],
                    explanation: format!(
                        "{} was incorporated {} after {} was designated on {}; same {}; it buys from the designated firm's supplier {}",
                        new.name,
                        inc,
                        old.name,
                        when,
                        if same_address && same_person { "address and director/phone" } else if same_address { "address" } else { "director or phone" },
                        r.sender_name
                    ),
                });
            }
        }
    }
}
