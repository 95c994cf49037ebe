//! The scorer: the calibrated combination of features into one score (the token comparison
//! behind the name feature is in [`crate::name_match`]).
//!
//! Calibration (all values are additive contributions, see [`crate::Feature::weight`]; the
//! numbers are in `data/weights.csv`, read as the constants of [`crate::weights`]):
//!
//! - name: `NAME_SCALE × name similarity` (weighted token alignment, 1.0 when every token
//!   agrees), plus `SPELLING_BONUS` when the two names are spelled identically (ignoring case
//!   and spacing), less `PATRONYMIC_MISMATCH` when both state patronymics that differ;
//! - matched property: a weak alias `WEAK_ALIAS`, a previous name `PREVIOUS_NAME`;
//! - legal form: same family `LEGAL_FORM_SAME`, different families `LEGAL_FORM_DIFFERENT`, one
//!   missing: neutral;
//! - organisation type (НПП, НИИ, КБ…): same type `ORG_TYPE_SAME`, different families
//!   (research institute vs design bureau) `ORG_TYPE_DIFFERENT`, same family or one missing:
//!   neutral;
//! - honorific («им. X», "named after X"): same person `HONORIFIC_SAME`, different people
//!   `HONORIFIC_DIFFERENT`, one missing: neutral;
//! - schema: incompatible (Person vs Company, Vessel vs anything else) `SCHEMA_INCOMPATIBLE`;
//! - country (when both sides give one): overlap `COUNTRY_OVERLAP`, none `COUNTRY_NONE`;
//! - birth date (when both sides give one): same date `BIRTH_DATE_SAME`, same year
//!   `BIRTH_YEAR_SAME`, one year apart `BIRTH_YEAR_NEAR`, further `BIRTH_YEAR_DIFFERENT`;
//! - identifier: an exact match of the same type lifts the score to `IDENTIFIER_MATCH_FLOOR +
//!   IDENTIFIER_MATCH_NAME × name similarity`; a conflicting INN/OGRN/IMO/LEI costs
//!   `IDENTIFIER_CONFLICT`.
//!
//! The total is clamped to `0..=MAX_SCORE`, so no result is ever a flat 1.0.

use crate::features::{honorific_feature, legal_feature, name_feature, org_type_feature};
use crate::features::{Feature, FeatureKind};
use crate::name_match::compare_prepared;
use crate::prep::{name_kind, prepare, Prepared};
use crate::weights::MAX_SCORE;
use chokepoint_model::Schema;

/// Sums feature weights into the calibrated score, applying the identifier floor and clamping.
pub(crate) fn combine(features: &[Feature]) -> f64 {
    let mut total: f64 = features
        .iter()
        .filter(|f| f.kind != FeatureKind::Identifier)
        .map(|f| f.weight)
        .sum();
    for f in features
        .iter()
        .filter(|f| f.kind == FeatureKind::Identifier)
    {
        total += f.weight;
    }
    total.clamp(0.0, MAX_SCORE)
}

/// A name pair scorer with the first name analysed once, for scoring it against many others.
#[derive(Debug, Clone)]
pub struct NameScorer {
    prepared: Prepared,
    schema: Option<Schema>,
}

impl NameScorer {
    /// Analyses `name` (as a name of `schema`, when given) once.
    pub fn new(name: &str, schema: Option<Schema>) -> Self {
        NameScorer {
            prepared: prepare(name, name_kind(schema)),
            schema,
        }
    }

    /// Scores this name against `other` (of the same schema): the calibrated score in `0..1`.
    pub fn score(&self, other: &str) -> f64 {
        let o = prepare(other, name_kind(self.schema));
        self.score_prepared(&o)
    }

    /// Scores this name against another prepared scorer's name (no analysis at all).
    pub fn score_against(&self, other: &NameScorer) -> f64 {
        self.score_prepared(&other.prepared)
    }

    fn score_prepared(&self, o: &Prepared) -> f64 {
        let (m, variant) = compare_prepared(&self.prepared, o);
        let mut features = Vec::with_capacity(2);
        features.push(name_feature(
            &m,
            &self.prepared.original,
            &o.original,
            variant,
            None,
            false,
        ));
        if let Some(f) = legal_feature(&self.prepared.legal, &o.legal, false) {
            features.push(f);
        }
        features.extend(org_type_feature(&self.prepared.org, &o.org, false));
        features.extend(honorific_feature(&self.prepared.org, &o.org, false));
        combine(&features)
    }
}

/// Scores two names of the same `schema` (when known) against each other: the calibrated score
/// in `0..1` from name and legal-form evidence only. This is the function the nomenklatura
/// benchmark measures.
///
/// ```
/// use chokepoint_model::Schema;
/// use chokepoint_screen::score_names;
/// let exact = score_names("Vladimir Putin", "Vladimir Putin", Some(Schema::Person));
/// let typo = score_names("Vladimir Pudin", "Vladimir Putin", Some(Schema::Person));
/// let other = score_names("Olaf Scholz", "Vladimir Putin", Some(Schema::Person));
/// assert!(exact > typo && typo > other && exact < 1.0);
/// ```
pub fn score_names(a: &str, b: &str, schema: Option<Schema>) -> f64 {
    NameScorer::new(a, schema).score(b)
}
