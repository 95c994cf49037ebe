//! Name preparation: analysed names turned into comparison forms (tokens with phonetic keys and
//! kind weights), one form per romanisation.

use crate::weights::{
    GENERIC_WEIGHT, INITIAL_WEIGHT, NUMBER_WEIGHT, SHORT_WORD_WEIGHT, WORD_WEIGHT,
};
use chokepoint_model::Schema;
use chokepoint_names::{
    analyze, phonetic_key, GivenName, LegalClass, LegalForm, NameKind, OrgType, Patronymic,
    TokenKind,
};

/// At most this many tokens of a name take part in matching (degenerate 10k-character names
/// stay cheap).
pub(crate) const MAX_TOKENS: usize = 24;
/// At most this many romanisations of one name take part in matching.
pub(crate) const MAX_FORMS: usize = 4;
/// Names longer than this (in bytes) are cut before analysis.
pub(crate) const MAX_NAME_BYTES: usize = 512;

/// One token of a comparison form.
#[derive(Debug, Clone)]
pub(crate) struct PTok {
    /// Folded lower-case latin text.
    pub text: String,
    /// Phonetic key of the text.
    pub phon: String,
    /// Token kind from the names crate.
    pub kind: TokenKind,
    /// The token's given-name class, when the names crate read it as a person's given name.
    pub given: Option<GivenName>,
    /// The token's patronymic class, when the names crate read it as a person's patronymic.
    pub patronymic: Option<Patronymic>,
}

/// A name's organisation types and honorific (`НПП`, `им. Шокина`): typed parts compared apart
/// from the tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct OrgPart {
    /// Organisation types found in the name.
    pub types: Vec<OrgType>,
    /// The honorific's surname key, if any.
    pub honorific: Option<String>,
}

impl OrgPart {
    /// Whether the name has neither a type nor an honorific.
    pub(crate) fn is_empty(&self) -> bool {
        self.types.is_empty() && self.honorific.is_none()
    }
}

/// A prepared name: its comparison forms (first the main romanisation, then variants) and legal
/// forms.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// The name as given.
    pub original: String,
    /// Token sequences, main romanisation first; never more than [`MAX_FORMS`].
    pub forms: Vec<Vec<PTok>>,
    /// Legal forms found in the name.
    pub legal: Vec<LegalForm>,
    /// Organisation types and honorific found in the name.
    pub org: OrgPart,
}

/// The name kind used to analyse names of a schema.
pub(crate) fn name_kind(schema: Option<Schema>) -> NameKind {
    match schema {
        Some(Schema::Person) => NameKind::Person,
        Some(Schema::Company | Schema::Organization) => NameKind::Organization,
        _ => NameKind::Any,
    }
}

/// The first [`MAX_NAME_BYTES`] bytes of a name (at a character boundary).
pub(crate) fn cut(name: &str) -> &str {
    if name.len() <= MAX_NAME_BYTES {
        return name;
    }
    let mut end = MAX_NAME_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

fn to_ptoks(
    tokens: Vec<chokepoint_names::Token>,
    given: &[(usize, GivenName)],
    patronymics: &[(usize, Patronymic)],
    phonetic: bool,
) -> Vec<PTok> {
    tokens
        .into_iter()
        .enumerate()
        .filter(|(_, t)| !t.text.is_empty())
        .take(MAX_TOKENS)
        .map(|(i, t)| PTok {
            given: given.iter().find(|g| g.0 == i).map(|g| g.1),
            patronymic: patronymics.iter().find(|p| p.0 == i).map(|p| p.1),
            phon: if phonetic {
                phonetic_key(&t.text)
            } else {
                String::new()
            },
            text: t.text,
            kind: t.kind,
        })
        .collect()
}

/// Analyses a name and builds its comparison forms.
pub(crate) fn prepare(name: &str, kind: NameKind) -> Prepared {
    prepare_with(name, kind, true)
}

/// [`prepare`], with phonetic keys only when `phonetic` (the index computes them once per
/// distinct token instead).
pub(crate) fn prepare_with(name: &str, kind: NameKind, phonetic: bool) -> Prepared {
    let name = cut(name);
    let analyzed = analyze(name, kind);
    let mut forms: Vec<Vec<PTok>> = Vec::with_capacity(1 + analyzed.variants.len());
    let main = to_ptoks(
        analyzed.tokens,
        &analyzed.given_names,
        &analyzed.patronymics,
        phonetic,
    );
    if !main.is_empty() {
        forms.push(main);
    }
    for variant in &analyzed.variants {
        if forms.len() >= MAX_FORMS {
            break;
        }
        let v = analyze(cut(variant), kind);
        let toks = to_ptoks(v.tokens, &v.given_names, &v.patronymics, phonetic);
        if toks.is_empty() {
            continue;
        }
        let same = forms
            .iter()
            .any(|f| f.len() == toks.len() && f.iter().zip(&toks).all(|(a, b)| a.text == b.text));
        if !same {
            forms.push(toks);
        }
    }
    Prepared {
        original: analyzed.original,
        forms,
        legal: analyzed.legal_forms,
        org: OrgPart {
            types: analyzed.org_types,
            honorific: analyzed.honorific,
        },
    }
}

/// Counts the short words of a latin name that the names crate expands into longer tokens
/// (trade abbreviations such as `COMM` → `communications`, `GRP` → `group`). Used for
/// explanations only: it analyses each short word on its own.
pub(crate) fn count_expanded(name: &str, kind: NameKind, tokens: &[PTok]) -> usize {
    if !name.is_ascii() {
        return 0;
    }
    // Only a word with a longer token of the same initial can have been expanded.
    let could_expand = |w: &str| {
        tokens.iter().any(|t| {
            t.text.len() >= w.len() + 2 && t.text.as_bytes().first() == w.as_bytes().first()
        }) && !tokens.iter().any(|t| t.text == w)
    };
    chokepoint_names::fold(cut(name))
        .split(' ')
        .filter(|w| (2..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_alphabetic()))
        .take(MAX_TOKENS)
        .filter(|w| could_expand(w))
        .filter(|w| {
            let a = analyze(w, kind);
            a.legal_forms.is_empty() && a.tokens.len() == 1 && a.tokens[0].text.len() >= w.len() + 2
        })
        .count()
}

/// Whether a token reads as a roman numeral (`ii`, `viii`, `xx`): a series number.
pub(crate) fn is_roman(text: &str) -> bool {
    (2..=5).contains(&text.len()) && text.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'))
}

/// The weight of a token: numbers (digits or roman numerals) and generic words count little.
pub(crate) fn token_weight(kind: TokenKind, text: &str) -> f32 {
    kind_weight_of(kind, text.len(), is_roman(text))
}

fn kind_weight_of(kind: TokenKind, len: usize, roman: bool) -> f32 {
    if roman {
        return NUMBER_WEIGHT;
    }
    match kind {
        TokenKind::Word if len <= 2 => SHORT_WORD_WEIGHT,
        TokenKind::Word => WORD_WEIGHT,
        TokenKind::Number => NUMBER_WEIGHT,
        TokenKind::Initial => INITIAL_WEIGHT,
        TokenKind::Generic => GENERIC_WEIGHT,
    }
}

/// How related two legal-form classes are: `Some(true)` same family, `Some(false)` different
/// families, `None` when too close to tell (joint-stock vs public joint-stock).
pub(crate) fn legal_agreement(a: LegalClass, b: LegalClass) -> Option<bool> {
    use LegalClass::*;
    if a == b {
        return Some(true);
    }
    match (a, b) {
        (JointStock, PublicJointStock) | (PublicJointStock, JointStock) => None,
        (Other, _) | (_, Other) => None,
        _ => Some(false),
    }
}
