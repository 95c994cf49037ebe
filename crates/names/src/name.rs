//! The analysed name: what [`crate::analyze`] gives (tokens with their kinds, and the typed
//! parts cut out of them) and the keys it is compared by.

use crate::tables::given_names::GivenName;
use crate::tables::legal_forms::LegalForm;
use crate::tables::org_types::OrgType;
use crate::tables::patronymics::Patronymic;

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
    /// Name tokens (legal forms removed, abbreviations expanded, stopwords dropped), each the
    /// [`skeleton()`](crate::script::skeleton::skeleton()) of its folded romanisation, in the
    /// order of the name.
    pub tokens: Vec<Token>,
    /// Legal forms found in the name.
    pub legal_forms: Vec<LegalForm>,
    /// Organisation types found in the name (НПП, НИИ, design bureau; table in
    /// [`org_types`](crate::tables::org_types)), cut out of `tokens` like legal forms.
    pub org_types: Vec<OrgType>,
    /// The surname of an honorific («им. А.И. Шокина», "named after A.I. Shokin"), as
    /// [`honorific_key`](crate::tables::org_types::honorific_key) gives it (`sokin`); cut out
    /// of `tokens`, so that a name that omits it does not differ.
    pub honorific: Option<String>,
    /// Other keys of the whole name, in the same form as [`AnalyzedName::key`] and all
    /// different from it: other pinyin readings (heteronyms) and the name with Chinese words
    /// split into syllables, the Russian reading of a Ukrainian or Belarusian name, the ISO 9
    /// reading of a Cyrillic name with я/ю/ё (`Ûrij`) or ICAO's of one with ъ, the other
    /// reading of an ambiguous abbreviation (`INST`), `x` read as `kh` (GOST `х`). Capped at
    /// [`MAX_VARIANTS`].
    pub variants: Vec<String>,
    /// The tokens read as given names of a person, by position in `tokens`, with their
    /// equivalence class ([`given_names`](crate::tables::given_names): Oleksandr, Aleksandr
    /// and Александр are one class). Only for person names: [`NameKind::Person`], or
    /// [`NameKind::Any`] with at least two words and nothing that marks an organisation; empty
    /// for organisations. The tokens themselves are not rewritten.
    pub given_names: Vec<(usize, GivenName)>,
    /// The tokens read as patronymics of a person, by position in `tokens`, with their
    /// equivalence class ([`patronymics`](crate::tables::patronymics): Oleksandrovych,
    /// Aleksandrovich and Аляксандравіч are one). A part of its own: never a given name (the two tables share no key), and,
    /// like given names, only in person names. The tokens themselves are not rewritten.
    pub patronymics: Vec<(usize, Patronymic)>,
}

impl AnalyzedName {
    /// The tokens joined by single spaces: the canonical comparison form.
    pub fn key(&self) -> String {
        let mut s = String::with_capacity(self.tokens.iter().map(|t| t.text.len() + 1).sum());
        for (i, t) in self.tokens.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&t.text);
        }
        s
    }

    /// The variants as token lists, each token with the kind of the main token of the same
    /// text (so generic words stay [`TokenKind::Generic`]), else read from its text
    /// (number, initial or word). Use this rather than analysing a variant string again.
    pub fn variant_tokens(&self) -> Vec<Vec<Token>> {
        self.variants
            .iter()
            .map(|v| {
                v.split(' ')
                    .filter(|t| !t.is_empty())
                    .map(|t| {
                        let kind = self.tokens.iter().find(|x| x.text == t).map_or_else(
                            || {
                                if t.bytes().all(|b| b.is_ascii_digit()) {
                                    TokenKind::Number
                                } else if t.len() == 1 {
                                    TokenKind::Initial
                                } else {
                                    TokenKind::Word
                                }
                            },
                            |x| x.kind,
                        );
                        Token {
                            text: t.to_string(),
                            kind,
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// The key followed by the variants.
    pub fn keys(&self) -> Vec<String> {
        let mut v = Vec::with_capacity(1 + self.variants.len());
        v.push(self.key());
        v.extend(self.variants.iter().cloned());
        v
    }

    /// The key with its tokens sorted: the order-insensitive comparison form
    /// (`Ivanov Ivan` and `Ivan Ivanov` share it).
    pub fn sorted_key(&self) -> String {
        let mut t: Vec<&str> = self.tokens.iter().map(|t| t.text.as_str()).collect();
        t.sort_unstable();
        t.join(" ")
    }

    /// The sorted key followed by the variants with their tokens sorted.
    pub fn sorted_keys(&self) -> Vec<String> {
        let mut v = Vec::with_capacity(1 + self.variants.len());
        v.push(self.sorted_key());
        for var in &self.variants {
            let mut t: Vec<&str> = var.split(' ').collect();
            t.sort_unstable();
            v.push(t.join(" "));
        }
        v
    }

    /// True if the two names share a key regardless of token order: their sorted keys are
    /// equal, or the sorted key of one equals a sorted variant of the other.
    pub fn shares_key(&self, other: &AnalyzedName) -> bool {
        let a = self.sorted_keys();
        let b = other.sorted_keys();
        a.iter().any(|k| !k.is_empty() && b.contains(k))
    }
}

/// The most variants [`analyze`](crate::analyze) returns for one name.
pub const MAX_VARIANTS: usize = 8;
