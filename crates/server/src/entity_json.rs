//! Entities in yente's response shape.

use chokepoint_model::Entity;
use serde_json::{json, Map, Value};

/// An entity as yente's `EntityResponse`: id, caption, schema, properties, datasets,
/// referents, target, first_seen/last_seen/last_change (the list's publication date).
/// `referents` are the list record ids merged into the entity and `lists` every list that
/// carries it (both from [`chokepoint_screen::canonicalize`]); the lists of its values are added.
pub fn entity_response(e: &Entity, referents: &[String], lists: &[String]) -> Value {
    let mut props = Map::new();
    let mut datasets: Vec<String> = vec![e.provenance.list.clone()];
    for l in lists {
        if !datasets.contains(l) {
            datasets.push(l.clone());
        }
    }
    for (prop, values) in e.properties() {
        props.insert(
            prop.as_str().into(),
            Value::Array(
                values
                    .iter()
                    .map(|v| Value::String(v.value.clone()))
                    .collect(),
            ),
        );
        for v in values {
            if !datasets.contains(&v.provenance.list) {
                datasets.push(v.provenance.list.clone());
            }
        }
    }
    let seen = e
        .provenance
        .published
        .as_deref()
        .map(|d| format!("{}T00:00:00", pad_date(d)));
    json!({
        "id": e.id,
        "caption": e.caption(),
        "schema": e.schema.as_str(),
        "properties": props,
        "datasets": datasets,
        "referents": if referents.is_empty() { vec![e.id.clone()] } else { referents.to_vec() },
        "target": true,
        "first_seen": seen,
        "last_seen": seen,
        "last_change": seen,
    })
}

/// `2024-05` → `2024-05-01`, `2024` → `2024-01-01`.
pub(crate) fn pad_date(d: &str) -> String {
    match d.len() {
        4 => format!("{d}-01-01"),
        7 => format!("{d}-01"),
        _ => d.chars().take(10).collect(),
    }
}
