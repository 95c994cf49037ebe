//! An entity's adjacent entities, as yente 5 nests them in `/entities/{id}` and pages them in
//! `/entities/{id}/adjacent` and `/entities/{id}/adjacent/{property}`.
//!
//! The store holds listed parties, not relationship records: what is adjacent to a designee is
//! its designations. Each list record merged into the entity is one FtM `Sanction` (`entity` the
//! designee; `authority` and `country` of the list from `data/lists.csv`; `authorityId` the
//! record's id in the list; `program`, `listingDate`, `sourceUrl` the values that record gave),
//! under the reverse property `sanctions`; its id is `{record id}-sanction`, which
//! `/entities/{id}` opens. FtM's other relationship properties (ownership,
//! directorship, family, …) are recognised and answered empty: the store holds none.

use crate::entity_json::{entity_response, pad_date};
use chokepoint_model::{Entity, Prop, Provenance};
use serde_json::{json, Map, Value};

/// The property under which an entity's designations are adjacent to it.
pub const SANCTIONS: &str = "sanctions";

/// FollowTheMoney's entity-valued properties (forward and reverse) of parties that yente may
/// page; every one but `sanctions` is empty here (the store holds no such records).
pub const RELATIONSHIP_PROPERTIES: &[&str] = &[
    SANCTIONS,
    "addressEntity",
    "identification",
    "ownershipOwner",
    "ownershipAsset",
    "directorshipDirector",
    "directorshipOrganization",
    "membershipMember",
    "membershipOrganization",
    "employers",
    "employees",
    "familyPerson",
    "familyRelative",
    "associates",
    "associations",
    "unknownLinkSubject",
    "unknownLinkObject",
    "ownedBy",
];

/// The records merged into `e`, each once: its own first, then in the order its values name
/// them.
fn records(e: &Entity) -> Vec<&Provenance> {
    let mut out: Vec<&Provenance> = vec![&e.provenance];
    for (_, values) in e.properties() {
        for v in values {
            let p: &Provenance = &v.provenance;
            if !out
                .iter()
                .any(|o| o.list == p.list && o.record_id == p.record_id)
            {
                out.push(p);
            }
        }
    }
    out
}

/// One FtM `Sanction` entity (yente's `EntityResponse` shape) per list record merged into `e`:
/// the designation that record makes, with the values it gave.
pub fn sanctions(e: &Entity) -> Vec<Value> {
    records(e)
        .into_iter()
        .map(|rec| {
            let info = crate::lists::info(&rec.list);
            let from_record = |prop: Prop| -> Vec<String> {
                e.values(prop)
                    .iter()
                    .filter(|v| {
                        v.provenance.list == rec.list && v.provenance.record_id == rec.record_id
                    })
                    .map(|v| v.value.clone())
                    .collect()
            };
            let mut props = Map::new();
            let mut put = |k: &str, vals: Vec<String>| {
                if !vals.is_empty() {
                    props.insert(k.to_string(), json!(vals));
                }
            };
            put("entity", vec![e.id.clone()]);
            put(
                "authority",
                [info.authority.clone()]
                    .into_iter()
                    .filter(|a| !a.is_empty())
                    .collect(),
            );
            put(
                "country",
                [info.country.clone()]
                    .into_iter()
                    .filter(|c| !c.is_empty())
                    .collect(),
            );
            put("authorityId", vec![rec.record_id.clone()]);
            put("program", from_record(Prop::Program));
            put("listingDate", from_record(Prop::ListingDate));
            put("sourceUrl", from_record(Prop::SourceUrl));
            let seen = rec
                .published
                .as_deref()
                .map(|d| format!("{}T00:00:00", pad_date(d)));
            json!({
                "id": format!("{}-{}-sanction", rec.list, rec.record_id),
                "caption": info.title,
                "schema": "Sanction",
                "properties": props,
                "datasets": [rec.list],
                "referents": [],
                "target": false,
                "first_seen": seen,
                "last_seen": seen,
                "last_change": seen,
            })
        })
        .collect()
}

/// The entity as `/entities/{id}` serves it: with `nested`, its designations under
/// `properties.sanctions` (yente's nested view); without, flat.
pub fn entity_nested(e: &Entity, referents: &[String], lists: &[String], nested: bool) -> Value {
    let mut v = entity_response(e, referents, lists);
    if nested {
        if let Some(props) = v.get_mut("properties").and_then(Value::as_object_mut) {
            props.insert(SANCTIONS.into(), Value::Array(sanctions(e)));
        }
    }
    v
}

/// The adjacent entities of `e` under `property` (empty for a relationship the store does not
/// hold), or `None` when `property` is not one of FtM's relationship properties.
pub fn adjacent(e: &Entity, property: &str) -> Option<Vec<Value>> {
    if property == SANCTIONS {
        Some(sanctions(e))
    } else if RELATIONSHIP_PROPERTIES.contains(&property) {
        Some(Vec::new())
    } else {
        None
    }
}

/// One page of adjacent entities in yente's `AdjacentResultsResponse` shape.
pub fn page(all: Vec<Value>, limit: usize, offset: usize) -> Value {
    let total = all.len();
    let results: Vec<Value> = all.into_iter().skip(offset).take(limit).collect();
    json!({"results": results, "total": {"value": total, "relation": "eq"}, "limit": limit, "offset": offset})
}
