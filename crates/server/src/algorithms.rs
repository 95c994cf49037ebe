//! `/algorithms` in yente 5's shape: each algorithm with its `features` (deprecated in yente)
//! and `docs` (name, description, config, features), and `default` and `best`. A feature's
//! documentation lists the rows of the scorer's one weights table
//! (`crates/screen/data/weights.csv`) that make its contribution, with their values and what
//! each does, so what a client reads is what the scorer runs.

use crate::api::{ALGORITHM, YENTE_ALGORITHMS};
use chokepoint_refdata::Table;
use chokepoint_screen::{FeatureKind, DEFAULT_THRESHOLD, WEIGHTS_TABLE};
use serde_json::{json, Map, Value};

/// Where the weights live, named in each feature's `url`.
const WEIGHTS_PATH: &str = "crates/screen/data/weights.csv";

/// Every feature a result's `explanations` may carry, in the order `/algorithms` lists them.
pub(crate) const FEATURES: &[FeatureKind] = &[
    FeatureKind::Name,
    FeatureKind::NameProperty,
    FeatureKind::LegalForm,
    FeatureKind::OrgType,
    FeatureKind::Honorific,
    FeatureKind::Schema,
    FeatureKind::Country,
    FeatureKind::BirthDate,
    FeatureKind::Identifier,
];

/// What a feature measures and the weights-table rows that make its contribution (the first
/// the similarity's multiplier for `name`). The match is exhaustive, so a new feature cannot be
/// left undocumented.
pub(crate) fn feature_doc(kind: FeatureKind) -> (&'static str, &'static [&'static str]) {
    match kind {
        FeatureKind::Name => (
            "Aligned token similarity of the best pair of names across scripts, with typos, word order, transliteration, trade abbreviations and acronyms; a short acronym alone stays below the threshold",
            &[
                "name_scale",
                "spelling_bonus",
                "patronymic_mismatch",
                "acronym_sim",
                "acronym_strong_sim",
                "acronym_two_letter_sim",
            ],
        ),
        FeatureKind::NameProperty => (
            "Which name matched: primary name, alias, previous name or weak alias (weak aliases count less)",
            &["weak_alias", "previous_name"],
        ),
        FeatureKind::LegalForm => (
            "Agreement of legal forms as typed name parts (ООО = LLC, АО = JSC, 有限公司 = Co., Ltd.)",
            &["legal_form_same", "legal_form_different"],
        ),
        FeatureKind::OrgType => (
            "Agreement of organisation types (НИИ research institute, КБ design bureau, НПП)",
            &["org_type_same", "org_type_different"],
        ),
        FeatureKind::Honorific => (
            "Agreement of honorifics (plants named after different people are different plants)",
            &["honorific_same", "honorific_different"],
        ),
        FeatureKind::Schema => (
            "Compatibility of entity types (a person never matches a vessel)",
            &["schema_incompatible"],
        ),
        FeatureKind::Country => (
            "Agreement of countries, jurisdictions and nationalities, when both sides give one",
            &["country_overlap", "country_none"],
        ),
        FeatureKind::BirthDate => (
            "Agreement of birth dates (day, year, a year apart, further apart), when both sides give one",
            &[
                "birth_date_same",
                "birth_year_same",
                "birth_year_near",
                "birth_year_different",
            ],
        ),
        FeatureKind::Identifier => (
            "Exact agreement or conflict of identifiers of one type: INN, OGRN, IMO, registration, tax, passport, LEI numbers",
            &[
                "identifier_match_floor",
                "identifier_match_name",
                "identifier_conflict",
            ],
        ),
    }
}

/// One row of the weights table.
struct WeightRow {
    name: String,
    value: f64,
    what: String,
    line: u64,
}

fn weight_rows() -> Vec<WeightRow> {
    let Ok(table) = Table::parse(WEIGHTS_TABLE, WEIGHTS_PATH) else {
        return Vec::new();
    };
    table
        .rows()
        .filter_map(|r| {
            Some(WeightRow {
                name: r.get("name").to_string(),
                value: r.get("value").parse().ok()?,
                what: r.get("what").to_string(),
                line: r.line(),
            })
        })
        .collect()
}

/// The features object of `/algorithms`: per feature its description, `coefficient` (the
/// signed weight of largest magnitude among its rows: the multiplier for `name`, the floor of an
/// identifier match, the largest penalty otherwise), `url` (its first row in the weights table)
/// and `weights` (every row with its value and what it does).
pub(crate) fn features() -> Map<String, Value> {
    let rows = weight_rows();
    let mut out = Map::new();
    for kind in FEATURES {
        let (description, names) = feature_doc(*kind);
        let mine: Vec<&WeightRow> = names
            .iter()
            .filter_map(|n| rows.iter().find(|r| r.name == *n))
            .collect();
        let coefficient = mine
            .iter()
            .map(|r| r.value)
            .max_by(|a, b| a.abs().total_cmp(&b.abs()))
            .unwrap_or(0.0);
        let url = mine.first().map_or(WEIGHTS_PATH.to_string(), |r| {
            format!("{WEIGHTS_PATH}#L{}", r.line)
        });
        let weights: Vec<Value> = mine
            .iter()
            .map(|r| json!({"name": r.name, "value": r.value, "description": r.what}))
            .collect();
        out.insert(
            kind.as_str().to_string(),
            json!({"description": description, "coefficient": coefficient, "url": url, "weights": weights}),
        );
    }
    out
}

/// The whole `/algorithms` response.
pub(crate) fn response() -> Value {
    let features = Value::Object(features());
    let entry = |name: &str, description: String| {
        json!({
            "name": name,
            "description": description,
            "features": features,
            "docs": {"name": name, "description": description, "config": {}, "features": features},
            "threshold": DEFAULT_THRESHOLD,
        })
    };
    let mut algorithms = vec![entry(
        ALGORITHM,
        format!(
            "Chokepoint's indexed, explainable matcher: candidates from token, trigram, phonetic and identifier postings; a score from additive feature contributions (below), clamped below 1; a result at or above the threshold ({DEFAULT_THRESHOLD} unless `threshold` says otherwise) is a match. Takes no per-request configuration or weights."
        ),
    )];
    for name in YENTE_ALGORITHMS {
        algorithms.push(entry(
            name,
            format!("yente's algorithm name, accepted so that clients that name it work: runs {ALGORITHM}."),
        ));
    }
    json!({"algorithms": algorithms, "default": ALGORITHM, "best": ALGORITHM})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_weight_is_a_row_of_the_table() {
        let rows = weight_rows();
        assert!(rows.len() > 20, "the weights table parses");
        for kind in FEATURES {
            for name in feature_doc(*kind).1 {
                assert!(
                    rows.iter().any(|r| r.name == *name),
                    "{}: no row `{name}` in {WEIGHTS_PATH}",
                    kind.as_str()
                );
            }
        }
    }
}
