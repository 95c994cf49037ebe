//! Entities, values and their provenance.

use crate::schema::{Prop, Schema};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where a value comes from: a list, a record in that list, and the list's publication date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Provenance {
    /// The list's short id, e.g. `ofac-sdn`, `un-sc`, `us-csl`.
    pub list: String,
    /// The record's own id inside the list, e.g. `306` or `QDi.001`.
    pub record_id: String,
    /// The list's publication date (ISO 8601, possibly partial), if known.
    pub published: Option<String>,
}

impl Provenance {
    /// A provenance for `record_id` in `list` published on `published`.
    pub fn new(list: &str, record_id: &str, published: Option<&str>) -> Self {
        Provenance {
            list: list.to_string(),
            record_id: record_id.to_string(),
            published: published.map(str::to_string),
        }
    }
}

/// One property value with the provenance it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The value as text (trimmed, never empty).
    pub value: String,
    /// Where the value comes from; shared by all values of one record.
    pub provenance: Arc<Provenance>,
}

/// A sanctioned or listed party (or an address) with typed, sourced properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The stable id: `{list}-{record id}` for list entities.
    pub id: String,
    /// What kind of thing this is.
    pub schema: Schema,
    /// The record the entity was read from; values added without their own provenance use it.
    pub provenance: Arc<Provenance>,
    properties: BTreeMap<Prop, Vec<Value>>,
}

impl Entity {
    /// A new entity with id `{list}-{record_id}`, read from `record_id` of `list`.
    pub fn from_record(
        schema: Schema,
        list: &str,
        record_id: &str,
        published: Option<&str>,
    ) -> Self {
        let provenance = Arc::new(Provenance::new(list, record_id, published));
        Entity::with_id(format!("{list}-{record_id}"), schema, provenance)
    }

    /// A new entity with an explicit id and record provenance.
    pub fn with_id(id: String, schema: Schema, provenance: Arc<Provenance>) -> Self {
        Entity {
            id,
            schema,
            provenance,
            properties: BTreeMap::new(),
        }
    }

    /// Adds a value with the entity's own provenance. Blank values and duplicates are ignored.
    /// Returns whether the value was added.
    pub fn add(&mut self, prop: Prop, value: &str) -> bool {
        let provenance = Arc::clone(&self.provenance);
        self.add_sourced(prop, value, provenance)
    }

    /// Adds a value with an explicit provenance. Blank values and duplicates are ignored.
    pub fn add_sourced(&mut self, prop: Prop, value: &str, provenance: Arc<Provenance>) -> bool {
        let value = value.trim();
        if value.is_empty() {
            return false;
        }
        let values = self.properties.entry(prop).or_default();
        if values.iter().any(|v| v.value == value) {
            return false;
        }
        values.push(Value {
            value: value.to_string(),
            provenance,
        });
        true
    }

    /// The values of one property, in insertion order.
    pub fn values(&self, prop: Prop) -> &[Value] {
        self.properties.get(&prop).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The values of one property as strings.
    pub fn strings(&self, prop: Prop) -> impl Iterator<Item = &str> + '_ {
        self.values(prop).iter().map(|v| v.value.as_str())
    }

    /// The first value of a property.
    pub fn first(&self, prop: Prop) -> Option<&str> {
        self.values(prop).first().map(|v| v.value.as_str())
    }

    /// Every property that has values, with its values, in property order.
    pub fn properties(&self) -> impl Iterator<Item = (Prop, &[Value])> + '_ {
        self.properties.iter().map(|(p, v)| (*p, v.as_slice()))
    }

    /// Every name of the entity (name, alias, previousName, weakAlias), with its property.
    pub fn names(&self) -> impl Iterator<Item = (Prop, &str)> + '_ {
        [Prop::Name, Prop::Alias, Prop::PreviousName, Prop::WeakAlias]
            .into_iter()
            .flat_map(move |p| self.strings(p).map(move |s| (p, s)))
    }

    /// The display name: the first `name`, else the first alias, else the id.
    pub fn caption(&self) -> &str {
        self.first(Prop::Name)
            .or_else(|| self.first(Prop::Alias))
            .unwrap_or(&self.id)
    }

    /// Removes all values of a property.
    pub fn clear(&mut self, prop: Prop) {
        self.properties.remove(&prop);
    }

    /// Number of values over all properties.
    pub fn value_count(&self) -> usize {
        self.properties.values().map(Vec::len).sum()
    }

    /// A stable fingerprint of schema and values (not provenance), used to detect changes
    /// between two publications of the same list. FNV-1a over a canonical serialisation.
    pub fn fingerprint(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for b in bytes {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
        };
        feed(self.schema.as_str().as_bytes());
        for (prop, values) in &self.properties {
            feed(prop.as_str().as_bytes());
            let mut sorted: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            sorted.sort_unstable();
            for v in sorted {
                feed(v.as_bytes());
            }
        }
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_values_keep_their_source() {
        let mut e = Entity::from_record(Schema::Company, "ofac-sdn", "306", Some("2024-05-03"));
        assert_eq!(e.id, "ofac-sdn-306");
        assert!(e.add(Prop::Name, " BANCO NACIONAL DE CUBA "));
        assert!(
            !e.add(Prop::Name, "BANCO NACIONAL DE CUBA"),
            "duplicates are dropped"
        );
        assert!(!e.add(Prop::Alias, "   "), "blank values are dropped");
        assert!(e.add(Prop::Alias, "BNC"));
        assert_eq!(e.caption(), "BANCO NACIONAL DE CUBA");
        let v = &e.values(Prop::Alias)[0];
        assert_eq!(v.provenance.record_id, "306");
        assert_eq!(v.provenance.published.as_deref(), Some("2024-05-03"));
        assert_eq!(e.names().count(), 2);
    }

    #[test]
    fn fingerprint_ignores_order_and_provenance_but_not_values() {
        let mut a = Entity::from_record(Schema::Person, "x", "1", Some("2020"));
        a.add(Prop::Alias, "A");
        a.add(Prop::Alias, "B");
        let mut b = Entity::from_record(Schema::Person, "x", "1", Some("2021"));
        b.add(Prop::Alias, "B");
        b.add(Prop::Alias, "A");
        assert_eq!(a.fingerprint(), b.fingerprint());
        b.add(Prop::Country, "ru");
        assert_ne!(a.fingerprint(), b.fingerprint());
        let mut c = a.clone();
        c.schema = Schema::Company;
        assert_ne!(a.fingerprint(), c.fingerprint());
    }
}
