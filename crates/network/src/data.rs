//! The input of the network stage: trade parties as named in records ([`Party`]), customs
//! records reduced to compact columns ([`Shipments`]), registry companies
//! ([`RegistryCompany`]) and watchlist entities, gathered in one [`Dataset`].
//!
//! Parties are interned: every distinct (name, country, INN, registry id, address) tuple is
//! stored once and numbered as a `u32`; a shipment refers to its sender and receiver by that
//! number. Record ids live in one string arena, so tens of millions of shipments fit in a few
//! hundred megabytes.

use crate::error::{NetworkError, Result};
use chokepoint_model::Entity;
use chokepoint_trade::record::normalize_country;
use chokepoint_trade::{ClassifiedRecord, CustomsRecord, Date, RecordFilter};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// "No party": the sender or receiver of a record that names none.
pub const NO_PARTY: u32 = u32::MAX;

/// A trade party as one record (or one registry entry) names it: a mention to resolve.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Party {
    /// The name as written.
    pub name: String,
    /// Country (ISO alpha-2, upper case) or empty.
    pub country: String,
    /// Russian taxpayer number (ИНН), digits only, or empty.
    pub inn: String,
    /// Company-registry id (for parties read from a registry), or empty.
    pub registry_id: String,
    /// Address as written, or empty.
    pub address: String,
}

impl Party {
    /// A party with a name and a country.
    pub fn new(name: &str, country: &str) -> Party {
        Party {
            name: name.trim().to_string(),
            country: normalize_country(country),
            ..Party::default()
        }
    }

    /// Sets the INN: digits only, a lost leading zero restored ([`crate::ids::normalize_inn`]).
    pub fn with_inn(mut self, inn: &str) -> Party {
        self.inn = crate::ids::normalize_inn(inn).0;
        self
    }

    /// Sets the address.
    pub fn with_address(mut self, address: &str) -> Party {
        self.address = address.trim().to_string();
        self
    }

    /// Sets the registry id.
    pub fn with_registry_id(mut self, id: &str) -> Party {
        self.registry_id = id.trim().to_string();
        self
    }

    /// A stable key for the mention, independent of load order: name, country, INN, registry
    /// id and address as given, joined by `|` (a `|` or a backslash inside a value is escaped
    /// with a backslash), so two distinct parties never share a key. Analyst judgements refer
    /// to parties by this key, so they survive re-imports and re-runs.
    pub fn key(&self) -> String {
        [
            &self.name,
            &self.country,
            &self.inn,
            &self.registry_id,
            &self.address,
        ]
        .iter()
        .map(|f| f.replace('\\', "\\\\").replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("|")
    }
}

/// A company of a company registry (incorporation, address, directors, phones, owners).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistryCompany {
    /// The registry's own id (unique within the registry).
    pub id: String,
    /// Registered name.
    pub name: String,
    /// Country (ISO alpha-2).
    pub country: String,
    /// Russian INN, when the company has one.
    pub inn: String,
    /// Russian OGRN (or another registry's company number), digits only, when given.
    pub ogrn: String,
    /// Incorporation date.
    pub incorporated: Option<Date>,
    /// Registered address.
    pub address: String,
    /// Directors (person names).
    pub directors: Vec<String>,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// Owners: registry ids of owning companies or names of owning persons.
    pub owners: Vec<String>,
    /// Whether the company is known to be part of the defence industry.
    pub defence: bool,
    /// Date of designation (sanctions), if designated.
    pub designated: Option<Date>,
}

impl RegistryCompany {
    /// The registry entry as a party mention.
    pub fn party(&self) -> Party {
        Party::new(&self.name, &self.country)
            .with_inn(&self.inn)
            .with_address(&self.address)
            .with_registry_id(&self.id)
    }
}

/// Strings numbered densely in insertion order.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    names: Vec<String>,
    map: HashMap<String, u32>,
}

impl Interner {
    /// The id of `s`, adding it when new.
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(s.to_string());
        self.map.insert(s.to_string(), id);
        id
    }

    /// The id of `s`, if known.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.map.get(s).copied()
    }

    /// The string of an id (empty for unknown ids).
    pub fn name(&self, id: u32) -> &str {
        self.names
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Customs records reduced to columns: shipment `i` is the `i`-th value of every column.
#[derive(Debug, Clone, Default)]
pub struct Shipments {
    ids: String,
    id_end: Vec<u64>,
    /// Date of the record.
    pub date: Vec<Date>,
    /// HS-6 code (0 when unknown).
    pub hs6: Vec<u32>,
    /// Goods category (id in [`Dataset::categories`]).
    pub category: Vec<u16>,
    /// Whether the goods are on the Common High Priority List.
    pub chpl: Vec<bool>,
    /// Value in USD (0 when unknown).
    pub value: Vec<f64>,
    /// Sender party (or [`NO_PARTY`]).
    pub sender: Vec<u32>,
    /// Receiver party (or [`NO_PARTY`]).
    pub receiver: Vec<u32>,
    /// Country of origin (id in [`Dataset::countries`]).
    pub origin: Vec<u16>,
    /// Country of dispatch.
    pub dispatch: Vec<u16>,
    /// Trading country.
    pub trading: Vec<u16>,
    /// The trade store's row id of each shipment read from the store (0 for records added
    /// directly with [`Dataset::add_record`]).
    pub row_id: Vec<i64>,
}

impl Shipments {
    /// Number of shipments.
    pub fn len(&self) -> usize {
        self.date.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.date.is_empty()
    }

    /// The record id of shipment `i` (empty when out of range).
    pub fn record_id(&self, i: u32) -> &str {
        let i = i as usize;
        let Some(&end) = self.id_end.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.id_end[i - 1] };
        self.ids.get(start as usize..end as usize).unwrap_or("")
    }

    /// Bytes held by the columns (approximate).
    pub fn heap_bytes(&self) -> usize {
        self.ids.capacity()
            + self.id_end.capacity() * 8
            + self.date.capacity() * 4
            + self.hs6.capacity() * 4
            + self.category.capacity() * 2
            + self.chpl.capacity()
            + self.value.capacity() * 8
            + (self.sender.capacity() + self.receiver.capacity()) * 4
            + (self.origin.capacity() + self.dispatch.capacity() + self.trading.capacity()) * 2
            + self.row_id.capacity() * 8
    }
}

/// Everything the network stage reads: parties, shipments, registry and watchlist entities.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Distinct party mentions, numbered by first appearance.
    pub parties: Vec<Party>,
    party_map: HashMap<Party, u32>,
    /// Countries (ISO alpha-2), interned.
    pub countries: Interner,
    /// Goods categories (the trade crate's snake_case names), interned.
    pub categories: Interner,
    /// The shipments.
    pub shipments: Shipments,
    /// Registry companies.
    pub registry: Vec<RegistryCompany>,
    /// The party id of each registry company (same order as `registry`).
    pub registry_party: Vec<u32>,
    /// Watchlist entities (designated parties), as read from the store.
    pub designated: Vec<Entity>,
    /// Defence end users known from the lists in the store (EU Annex IV, Entity List and MEU
    /// rows for RU/BY, SDN defence programmes, an analyst's list): the hook where
    /// `chokepoint_lists::end_users` plugs in. A company matching one (screening score ≥
    /// [`crate::GraphOptions::designation_threshold`]) is a defence end user of the graph.
    pub end_user_entities: Vec<Entity>,
}

impl Dataset {
    /// An empty dataset.
    pub fn new() -> Dataset {
        Dataset::default()
    }

    /// The id of a party, adding it when new.
    pub fn party_id(&mut self, p: Party) -> Result<u32> {
        if let Some(&id) = self.party_map.get(&p) {
            return Ok(id);
        }
        let id = u32::try_from(self.parties.len())
            .ok()
            .filter(|&i| i != NO_PARTY)
            .ok_or(NetworkError::TooLarge(u64::from(u32::MAX - 1), "parties"))?;
        self.parties.push(p.clone());
        self.party_map.insert(p, id);
        Ok(id)
    }

    /// The registry company of each party that is a registry entry: party id → index into
    /// `registry` (the last entry wins when two share a party).
    pub fn registry_of_party(&self) -> HashMap<u32, usize> {
        self.registry_party
            .iter()
            .enumerate()
            .map(|(k, &p)| (p, k))
            .collect()
    }

    /// The id of a party already known.
    pub fn find_party(&self, p: &Party) -> Option<u32> {
        self.party_map.get(p).copied()
    }

    fn country_id(&mut self, c: &str) -> u16 {
        let id = self.countries.intern(&normalize_country(c));
        u16::try_from(id).unwrap_or(u16::MAX)
    }

    /// Adds a registry company (its party mention too).
    pub fn add_registry(&mut self, c: RegistryCompany) -> Result<u32> {
        let pid = self.party_id(c.party())?;
        self.registry.push(c);
        self.registry_party.push(pid);
        Ok(pid)
    }

    /// Adds one customs record with its goods category (the trade crate's name, e.g.
    /// `microelectronics`) and whether its code is on the CHPL. Returns the shipment number.
    ///
    /// The sender is `senderName` at `senderAddress` in `senderCountry` — or, when the
    /// declaration gives no sender country, in its trading country, else its country of
    /// dispatch (a registry country, when a registry names the company, wins in resolution);
    /// the receiver is `receiverName` with `receiverInn` at `receiverAddress` in
    /// `destinationCountry` (RU when empty).
    pub fn add_record(&mut self, r: &CustomsRecord, category: &str, chpl: bool) -> Result<u32> {
        let n = u32::try_from(self.shipments.len())
            .map_err(|_| NetworkError::TooLarge(u64::from(u32::MAX), "shipments"))?;
        let sender = if r.sender_name.trim().is_empty() {
            NO_PARTY
        } else {
            let cc = [&r.sender_country, &r.trading_country, &r.departure_country]
                .into_iter()
                .find(|c| !c.trim().is_empty())
                .map_or("", |c| c.as_str());
            self.party_id(Party::new(&r.sender_name, cc).with_address(&r.sender_address))?
        };
        let receiver = if r.receiver_name.trim().is_empty() {
            NO_PARTY
        } else {
            let cc = if r.destination_country.trim().is_empty() {
                "RU"
            } else {
                r.destination_country.as_str()
            };
            self.party_id(
                Party::new(&r.receiver_name, cc)
                    .with_inn(&r.receiver_inn)
                    .with_address(&r.receiver_address),
            )?
        };
        let s = &mut self.shipments;
        s.ids.push_str(&r.id);
        s.id_end.push(s.ids.len() as u64);
        s.date.push(r.date);
        s.hs6.push(hs6_of(&r.ved_code));
        let cat = self.categories.intern(category);
        self.shipments
            .category
            .push(u16::try_from(cat).unwrap_or(u16::MAX));
        self.shipments.chpl.push(chpl);
        self.shipments.value.push(r.value_usd().unwrap_or(0.0));
        self.shipments.sender.push(sender);
        self.shipments.receiver.push(receiver);
        let o = self.country_id(&r.origin_country);
        let d = self.country_id(if r.departure_country.is_empty() {
            &r.sender_country
        } else {
            &r.departure_country
        });
        let t = self.country_id(if r.trading_country.is_empty() {
            &r.sender_country
        } else {
            &r.trading_country
        });
        self.shipments.origin.push(o);
        self.shipments.dispatch.push(d);
        self.shipments.trading.push(t);
        self.shipments.row_id.push(0);
        Ok(n)
    }

    /// Loads the records of one import (or all) through the trade crate's reader of stored
    /// records ([`chokepoint_trade::for_each_classified`]), with the category and CHPL tier
    /// the import gave them. Returns the number of records added.
    pub fn load_trade_records(
        &mut self,
        conn: &Connection,
        import_id: Option<i64>,
    ) -> Result<usize> {
        let mut failed = None;
        let n =
            chokepoint_trade::for_each_classified(conn, &RecordFilter { import_id }, &mut |c| {
                match self.add_classified(&c) {
                    Ok(_) => Ok(()),
                    Err(e) => {
                        let message = e.to_string();
                        failed = Some(e);
                        Err(chokepoint_trade::TradeError::Invalid(message))
                    }
                }
            });
        match (n, failed) {
            (_, Some(e)) => Err(e),
            (Ok(n), None) => Ok(n as usize),
            (Err(e), None) => Err(e.into()),
        }
    }

    /// Adds one classified record from the trade store (category `unknown` when the code is
    /// unclassified). Returns the shipment number.
    pub fn add_classified(&mut self, c: &ClassifiedRecord) -> Result<u32> {
        let n = self.add_record(&c.record, c.category_name(), c.is_chpl())?;
        if let Some(slot) = self.shipments.row_id.get_mut(n as usize) {
            *slot = c.row_id;
        }
        Ok(n)
    }
}

/// The HS-6 code of a declared code (first six digits), 0 when fewer than six digits.
pub fn hs6_of(code: &str) -> u32 {
    let digits: String = code.chars().filter(char::is_ascii_digit).take(6).collect();
    if digits.len() < 6 {
        return 0;
    }
    digits.parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_are_interned_and_keys_are_stable() {
        let mut d = Dataset::new();
        let r = CustomsRecord {
            id: "r1".into(),
            ved_code: "8542.31.9000".into(),
            sender_name: "XINDA LIMITED".into(),
            sender_country: "Гонконг".into(),
            receiver_name: "ООО «Ромашка»".into(),
            receiver_inn: "7701-234567".into(),
            ..CustomsRecord::default()
        };
        assert_eq!(d.add_record(&r, "microelectronics", true).unwrap(), 0);
        assert_eq!(d.add_record(&r, "microelectronics", true).unwrap(), 1);
        assert_eq!(d.parties.len(), 2);
        assert_eq!(d.parties[0].country, "HK");
        assert_eq!(d.parties[1].country, "RU");
        assert_eq!(d.parties[1].inn, "7701234567");
        assert_eq!(d.shipments.record_id(1), "r1");
        assert_eq!(d.shipments.hs6[0], 854231);
        assert_eq!(d.parties[0].key(), Party::new("XINDA LIMITED", "hk").key());
        assert_ne!(d.parties[0].key(), Party::new("Xinda Limited", "hk").key());
    }
}
