//! Name analysis for screening.
//!
//! CONTRACT (kept stable for the screen crate): [`analyze`] turns a raw name into an
//! [`AnalyzedName`]: folded latin tokens with their kinds, the legal forms found in it as typed
//! parts, and alternative romanisations. [`fold`] is the basic normaliser, [`phonetic_key`] a
//! per-token phonetic code. The first version here is a minimal placeholder that the names work
//! replaces while keeping these signatures.

use any_ascii::any_ascii;

/// What kind of party a name belongs to; it changes how tokens are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A natural person: no legal forms, initials matter.
    Person,
    /// A company or organisation: legal forms and trade abbreviations are recognised.
    Organization,
    /// Unknown: read as an organisation when a legal form is present.
    Any,
}

/// The family of a legal form, used for the legal-form agreement feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegalClass {
    /// Limited liability company: ООО, LLC, Ltd, GmbH, SARL, 有限公司, Co. Ltd.
    LimitedLiability,
    /// Joint-stock company: АО, ЗАО, JSC, CJSC, AG, SA.
    JointStock,
    /// Public joint-stock company: ПАО, ОАО, PJSC, OJSC, PLC.
    PublicJointStock,
    /// Free-zone establishment or company: FZE, FZCO, FZ-LLC.
    FreeZone,
    /// State enterprise: ФГУП, ГУП, unitary enterprise.
    StateEnterprise,
    /// Partnership, cooperative or sole trader.
    Partnership,
    /// Any other recognised form (foundation, association, institute).
    Other,
}

/// A legal form found in a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LegalForm {
    /// The canonical short form, e.g. `llc`, `jsc`, `pjsc`, `fze`.
    pub canonical: String,
    /// Its family.
    pub class: LegalClass,
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An ordinary name word.
    Word,
    /// A single letter standing for a given name.
    Initial,
    /// A number or code.
    Number,
    /// A generic organisation word (company, group, trading, industrial...), weak evidence.
    Generic,
}

/// One token of a name, folded to lower-case latin.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    /// The folded text.
    pub text: String,
    /// What the token is.
    pub kind: TokenKind,
}

/// A name prepared for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedName {
    /// The name as given.
    pub original: String,
    /// Name tokens (legal forms removed, abbreviations expanded, stopwords dropped), folded.
    pub tokens: Vec<Token>,
    /// Legal forms found in the name.
    pub legal_forms: Vec<LegalForm>,
    /// Other romanisations of the whole name (e.g. other Cyrillic systems, pinyin readings),
    /// each already folded; empty when the name was latin.
    pub variants: Vec<String>,
}

impl AnalyzedName {
    /// The tokens joined by single spaces: the canonical comparison form.
    pub fn key(&self) -> String {
        self.tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// Folds any text to lower-case ASCII words separated by single spaces: Unicode-normalised,
/// diacritics removed, other scripts romanised, punctuation turned into spaces.
pub fn fold(text: &str) -> String {
    let ascii = any_ascii(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Analyses a name for matching.
pub fn analyze(name: &str, kind: NameKind) -> AnalyzedName {
    let _ = kind;
    let tokens = fold(name)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| Token {
            text: t.to_string(),
            kind: if t.chars().all(|c| c.is_ascii_digit()) {
                TokenKind::Number
            } else if t.len() == 1 {
                TokenKind::Initial
            } else {
                TokenKind::Word
            },
        })
        .collect();
    AnalyzedName { original: name.to_string(), tokens, legal_forms: Vec::new(), variants: Vec::new() }
}

/// A phonetic key for one folded token (placeholder: the token without vowels after the first letter).
pub fn phonetic_key(token: &str) -> String {
    let mut out = String::new();
    for (i, c) in token.chars().enumerate() {
        if i == 0 || !"aeiouyhw".contains(c) {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
    }
    out
}
