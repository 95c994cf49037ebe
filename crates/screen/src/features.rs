//! Features: the pieces of evidence behind a score, each with its contribution and a sentence.

use crate::name_match::{legal_pairs, same_spelling, NameMatch};
use crate::prep::OrgPart;
use crate::weights::{
    BIRTH_DATE_SAME, BIRTH_YEAR_DIFFERENT, BIRTH_YEAR_NEAR, BIRTH_YEAR_SAME, COUNTRY_NONE,
    COUNTRY_OVERLAP, EXACT_SIMILARITY, HONORIFIC_DIFFERENT, HONORIFIC_SAME, IDENTIFIER_CONFLICT,
    IDENTIFIER_MATCH_FLOOR, IDENTIFIER_MATCH_NAME, LEGAL_FORM_DIFFERENT, LEGAL_FORM_SAME,
    NAME_SCALE, ORG_TYPE_DIFFERENT, ORG_TYPE_SAME, PATRONYMIC_MISMATCH, PREVIOUS_NAME,
    SCHEMA_INCOMPATIBLE, SPELLING_BONUS, WEAK_ALIAS,
};
use chokepoint_model::{Prop, Schema};
use chokepoint_names::LegalForm;

/// What a feature is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    /// Similarity of the query name to the matched name.
    Name,
    /// Which name property matched (name, alias, weak alias, previous name).
    NameProperty,
    /// Agreement of legal forms (LLC vs JSC).
    LegalForm,
    /// Agreement of organisation types (НИИ vs КБ, research institute vs design bureau).
    OrgType,
    /// Agreement of honorifics («им. Шокина» vs "named after Shokin").
    Honorific,
    /// Compatibility of schemata (Person vs Company).
    Schema,
    /// Agreement of countries.
    Country,
    /// Agreement of birth dates.
    BirthDate,
    /// Agreement or conflict of identifiers (INN, OGRN, IMO…).
    Identifier,
}

impl FeatureKind {
    /// A short stable name, e.g. `name`, `legal_form`, `country`.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::Name => "name",
            FeatureKind::NameProperty => "name_property",
            FeatureKind::LegalForm => "legal_form",
            FeatureKind::OrgType => "org_type",
            FeatureKind::Honorific => "honorific",
            FeatureKind::Schema => "schema",
            FeatureKind::Country => "country",
            FeatureKind::BirthDate => "birth_date",
            FeatureKind::Identifier => "identifier",
        }
    }
}

/// One piece of evidence: its kind, its raw value, its contribution to the score and a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// What the feature is about.
    pub kind: FeatureKind,
    /// The raw feature value: a similarity in `0..=1`, or `1.0`/`0.0` for agree/disagree.
    pub value: f64,
    /// The signed contribution of this feature to the score.
    pub weight: f64,
    /// A sentence a reviewer can read, e.g. `country cn = cn: +0.015`.
    pub text: String,
}

fn signed(w: f64) -> String {
    if w == 0.0 {
        "neutral".to_string()
    } else {
        format!("{w:+.3}")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The name feature from a token alignment.
pub(crate) fn name_feature(
    m: &NameMatch,
    query: &str,
    matched: &str,
    variant: bool,
    prop: Option<Prop>,
    explain: bool,
) -> Feature {
    let spelled = (explain || m.sim >= EXACT_SIMILARITY) && same_spelling(query, matched);
    let mismatch = if m.patronymic_mismatch.is_some() {
        PATRONYMIC_MISMATCH
    } else {
        0.0
    };
    let weight = NAME_SCALE * m.sim
        + if spelled && m.sim >= EXACT_SIMILARITY && mismatch == 0.0 {
            SPELLING_BONUS
        } else {
            0.0
        }
        + mismatch;
    let what = match prop {
        Some(Prop::Name) | None => "name",
        Some(Prop::Alias) => "alias",
        Some(Prop::WeakAlias) => "weak alias",
        Some(Prop::PreviousName) => "previous name",
        Some(_) => "name",
    };
    if !explain {
        return Feature {
            kind: FeatureKind::Name,
            value: m.sim,
            weight,
            text: String::new(),
        };
    }
    let rel = if spelled { "=" } else { "≈" };
    let mut parts = vec![format!(
        "{}/{} tokens aligned",
        m.aligned(),
        m.q_tokens.max(m.c_tokens)
    )];
    if m.exact > 0 && m.exact < m.aligned() {
        parts.push(format!("{} exact", m.exact));
    }
    if m.fuzzy > 0 {
        parts.push(plural(m.fuzzy, "spelling variant", "spelling variants"));
    }
    if m.phonetic > 0 {
        parts.push(plural(m.phonetic, "sound-alike", "sound-alikes"));
    }
    if m.abbrev + m.expanded > 0 {
        parts.push(plural(
            m.abbrev + m.expanded,
            "abbreviation expanded",
            "abbreviations expanded",
        ));
    }
    if m.initial > 0 {
        parts.push(plural(m.initial, "initial", "initials"));
    }
    for (q, c, class, strength) in &m.given {
        parts.push(format!(
            "given name {q} = {c} (equivalent forms of {class}, {})",
            strength.as_str()
        ));
    }
    for (q, c, class, strength) in &m.patronymic {
        parts.push(format!(
            "patronymic {q} = {c} (equivalent patronymics from {class}, {})",
            strength.as_str()
        ));
    }
    if let Some((q, c)) = &m.patronymic_mismatch {
        parts.push(format!(
            "patronymic {q} differs from {c} (left out, {})",
            signed(PATRONYMIC_MISMATCH)
        ));
    }
    if m.reordered {
        parts.push("word order differs".to_string());
    }
    if m.joined {
        parts.push("words joined or split".to_string());
    }
    if m.acronym {
        parts.push("acronym: one name is the initials of the other's words".to_string());
    }
    if let Some((a, b, cap)) = &m.short_cap {
        parts.push(format!(
            "short name spelled '{a}' vs '{b}': similarity capped at {cap:.2}"
        ));
    }
    if variant {
        parts.push("via transliteration".to_string());
    }
    if m.q_tokens != m.c_tokens {
        parts.push(format!("{} vs {} tokens", m.q_tokens, m.c_tokens));
    }
    Feature {
        kind: FeatureKind::Name,
        value: m.sim,
        weight,
        text: format!(
            "name '{query}' {rel} {what} '{matched}' ({}): {weight:.3}",
            parts.join(", ")
        ),
    }
}

/// The matched-property feature: weak aliases and previous names count for less.
pub(crate) fn prop_feature(prop: Prop) -> Option<Feature> {
    let (w, what) = match prop {
        Prop::WeakAlias => (WEAK_ALIAS, "weak alias"),
        Prop::PreviousName => (PREVIOUS_NAME, "previous name"),
        _ => return None,
    };
    Some(Feature {
        kind: FeatureKind::NameProperty,
        value: 0.0,
        weight: w,
        text: format!("matched a {what}: {}", signed(w)),
    })
}

fn forms_text<F: std::borrow::Borrow<LegalForm>>(forms: &[F]) -> String {
    if forms.is_empty() {
        "none".to_string()
    } else {
        forms
            .iter()
            .map(|f| f.borrow().canonical.to_uppercase())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The legal-form feature; `None` when neither name has a legal form.
pub(crate) fn legal_feature<F: std::borrow::Borrow<LegalForm>>(
    q: &[LegalForm],
    c: &[F],
    explain: bool,
) -> Option<Feature> {
    if q.is_empty() && c.is_empty() {
        return None;
    }
    let agreement = if q.is_empty() || c.is_empty() {
        None
    } else {
        legal_pairs(q, c)
    };
    let (value, weight, rel) = match agreement {
        Some(true) => (1.0, LEGAL_FORM_SAME, "="),
        Some(false) => (0.0, LEGAL_FORM_DIFFERENT, "vs"),
        None => (0.5, 0.0, "vs"),
    };
    Some(Feature {
        kind: FeatureKind::LegalForm,
        value,
        weight,
        text: if explain {
            format!(
                "legal form {} {rel} {}: {}",
                forms_text(q),
                forms_text(c),
                signed(weight)
            )
        } else {
            String::new()
        },
    })
}

/// The organisation-type feature; `None` unless both names have a type and they agree or
/// differ in family (see [`chokepoint_names::org_type_agreement`]).
pub(crate) fn org_type_feature(q: &OrgPart, c: &OrgPart, explain: bool) -> Option<Feature> {
    let agree = chokepoint_names::org_type_agreement(&q.types, &c.types)?;
    let (value, weight, rel) = if agree {
        (1.0, ORG_TYPE_SAME, "=")
    } else {
        (0.0, ORG_TYPE_DIFFERENT, "vs")
    };
    let text = |t: &[chokepoint_names::OrgType]| {
        t.iter()
            .map(|o| o.short.to_uppercase())
            .collect::<Vec<_>>()
            .join("/")
    };
    Some(Feature {
        kind: FeatureKind::OrgType,
        value,
        weight,
        text: if explain {
            format!(
                "organisation type {} {rel} {}: {}",
                text(&q.types),
                text(&c.types),
                signed(weight)
            )
        } else {
            String::new()
        },
    })
}

/// Whether two honorific keys name the same person (equal, or one edit apart in names of five
/// letters or more: `stelmah` / `stelmak`).
fn same_honorific(a: &str, b: &str) -> bool {
    a == b
        || (a.len().min(b.len()) >= 5
            && rapidfuzz::distance::levenshtein::distance(a.bytes(), b.bytes()) <= 1)
}

/// The honorific feature; `None` unless both names have one (a name that omits it does not
/// differ).
pub(crate) fn honorific_feature(q: &OrgPart, c: &OrgPart, explain: bool) -> Option<Feature> {
    let (a, b) = (q.honorific.as_deref()?, c.honorific.as_deref()?);
    let (value, weight, rel) = if same_honorific(a, b) {
        (1.0, HONORIFIC_SAME, "=")
    } else {
        (0.0, HONORIFIC_DIFFERENT, "vs")
    };
    Some(Feature {
        kind: FeatureKind::Honorific,
        value,
        weight,
        text: if explain {
            format!("named after {a} {rel} {b}: {}", signed(weight))
        } else {
            String::new()
        },
    })
}

/// The schema feature; `None` when compatible or unknown.
pub(crate) fn schema_feature(q: Option<Schema>, c: Schema) -> Option<Feature> {
    let q = q?;
    if q.compatible(c) {
        return None;
    }
    Some(Feature {
        kind: FeatureKind::Schema,
        value: 0.0,
        weight: SCHEMA_INCOMPATIBLE,
        text: format!(
            "schema {q} vs {c}: incompatible, {:+.3}",
            SCHEMA_INCOMPATIBLE
        ),
    })
}

/// The country feature; `None` when either side gives no country.
pub(crate) fn country_feature(q: &[String], c: &[String]) -> Option<Feature> {
    if q.is_empty() || c.is_empty() {
        return None;
    }
    let common: Vec<&String> = q.iter().filter(|x| c.contains(x)).collect();
    if let Some(first) = common.first() {
        Some(Feature {
            kind: FeatureKind::Country,
            value: 1.0,
            weight: COUNTRY_OVERLAP,
            text: format!("country {first} = {first}: {COUNTRY_OVERLAP:+.3}"),
        })
    } else {
        Some(Feature {
            kind: FeatureKind::Country,
            value: 0.0,
            weight: COUNTRY_NONE,
            text: format!(
                "country {} vs {}: {COUNTRY_NONE:+.3}",
                q.join("/"),
                c.join("/")
            ),
        })
    }
}

fn year_of(date: &str) -> Option<i32> {
    let y: String = date.trim().chars().take(4).collect();
    if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) {
        y.parse().ok()
    } else {
        None
    }
}

/// The birth-date feature; `None` when either side gives no usable date.
pub(crate) fn birth_feature(q: Option<&str>, c: &[String]) -> Option<Feature> {
    let q = q?.trim();
    let qy = year_of(q)?;
    let years: Vec<(i32, &String)> = c
        .iter()
        .filter_map(|d| year_of(d).map(|y| (y, d)))
        .collect();
    if years.is_empty() {
        return None;
    }
    if let Some((_, d)) = years.iter().find(|(_, d)| q.len() >= 10 && d.as_str() == q) {
        return Some(Feature {
            kind: FeatureKind::BirthDate,
            value: 1.0,
            weight: BIRTH_DATE_SAME,
            text: format!("birth date {q} = {d}: {BIRTH_DATE_SAME:+.3}"),
        });
    }
    if let Some((y, _)) = years.iter().find(|(y, _)| *y == qy) {
        return Some(Feature {
            kind: FeatureKind::BirthDate,
            value: 0.9,
            weight: BIRTH_YEAR_SAME,
            text: format!("birth year {qy} = {y}: {BIRTH_YEAR_SAME:+.3}"),
        });
    }
    let closest = years
        .iter()
        .map(|(y, _)| (y - qy).abs())
        .min()
        .unwrap_or(i32::MAX);
    let weight = if closest <= 1 {
        BIRTH_YEAR_NEAR
    } else {
        BIRTH_YEAR_DIFFERENT
    };
    let listed: Vec<String> = years.iter().map(|(y, _)| y.to_string()).collect();
    Some(Feature {
        kind: FeatureKind::BirthDate,
        value: 0.0,
        weight,
        text: format!("birth year {qy} vs {}: {weight:+.3}", listed.join("/")),
    })
}

/// The identifier feature for an exact match of the same type: lifts the score to
/// `IDENTIFIER_MATCH_FLOOR + IDENTIFIER_MATCH_NAME × name similarity`. `current` is the score
/// without it.
pub(crate) fn identifier_match(prop: Prop, value: &str, name_sim: f64, current: f64) -> Feature {
    let target = IDENTIFIER_MATCH_FLOOR + IDENTIFIER_MATCH_NAME * name_sim.clamp(0.0, 1.0);
    let weight = (target - current).max(0.0);
    Feature {
        kind: FeatureKind::Identifier,
        value: 1.0,
        weight,
        text: format!(
            "{} {value} = {value}: exact identifier match, {weight:+.3}",
            crate::ids::label(prop)
        ),
    }
}

/// The identifier feature for a conflict of the same type.
pub(crate) fn identifier_conflict(prop: Prop, q: &str, c: &str) -> Feature {
    Feature {
        kind: FeatureKind::Identifier,
        value: 0.0,
        weight: IDENTIFIER_CONFLICT,
        text: format!(
            "{} {q} vs {c}: conflicting identifiers, {IDENTIFIER_CONFLICT:+.3}",
            crate::ids::label(prop)
        ),
    }
}
