//! Name analysis for screening.
//!
//! CONTRACT (kept stable for the screen crate): [`analyze`] turns a raw name into an
//! [`AnalyzedName`]: folded latin tokens with their kinds, the legal forms found in it as typed
//! parts, and alternative romanisations. [`fold`] is the basic normaliser, [`phonetic_key`] a
//! per-token phonetic code.
//!
//! How a name is analysed:
//! 1. it is cut into script-homogeneous segments (apostrophes join, `&` reads `and`, other
//!    punctuation separates) and each segment is romanised: latin folded
//!    ([`fold`]: NFKD, diacritics removed, `ß` → `ss`), Cyrillic with BGN/PCGN
//!    ([`romanize_cyrillic`]; Russian, Ukrainian or Belarusian guessed from the letters),
//!    Chinese to pinyin (heteronyms kept for variants; legal forms, generic words and big
//!    places cut out by a small dictionary), Arabic script with a name dictionary and a
//!    letter table, Hangul by jamo, other scripts generically;
//! 2. legal forms are recognised as typed parts ([`LegalForm`], table in [`legal_forms`]),
//!    then organisation types (НПП, НИИ, КБ, concern; [`OrgType`], table in [`org_types`])
//!    and the honorific «им. X» / "named after X" ([`AnalyzedName::honorific`]);
//! 3. in organisation names, trade abbreviations are expanded and generic words folded to
//!    one canonical word ([`expand_abbreviation`]) and tagged [`TokenKind::Generic`];
//! 4. stopwords are dropped ([`stopwords`]), Arabic name spellings unified ([`arabic`]);
//!    in person names, given names are looked up in the table of equivalent Russian,
//!    Ukrainian, Belarusian and English forms ([`given_names`]) and marked, not rewritten
//!    ([`AnalyzedName::given_names`]), and patronymics derived from them by rule
//!    (Oleksandrovych = Aleksandrovich, [`patronymics`]) as a part of their own
//!    ([`AnalyzedName::patronymics`]);
//! 5. each token becomes its [`skeleton()`], under which the romanisation systems meet
//!    (Щербаков = Shcherbakov = Ŝerbakov = Scherbakov → `serbakov`).
//!
//! So `AnalyzedName::key()` is a lossy comparison form, not a display form: show
//! `original` to people. [`similarity()`] compares two analysed names order-insensitively,
//! [`explain`] shows the token pairing behind the score, [`AnalyzedName::shares_key`] tests
//! key equality regardless of token order.
//!
//! Measured (tests in `tests/`): 19 of the 22 watchman cross-script pairs meet; on the UN
//! consolidated list, 11 of 11 Cyrillic and about 91 % of Arabic original-script names meet
//! their latin names (most misses are organisations the list translates); 78 % accuracy on
//! the nomenklatura pair suite from names alone. `examples/throughput.rs` measures about
//! 3 µs of CPU per name on a mixed sample (Cyrillic names with я/ю/ё or ъ, and Ukrainian
//! ones, are analysed once more for their variants). Keys and variants give themselves back
//! when analysed again (`examples/stability.rs`: under 50 of 41,000 list names do not, through
//! skeleton collisions such as `Cho` → `co`); prefer [`AnalyzedName::variant_tokens`] to
//! analysing variants again.
//!
//! Known limits: Chinese characters are read in Mandarin only (no Korean Hanja, Japanese
//! Kanji or Cantonese readings: 金正恩 is `jin zheng en`, not Kim Jong Un); Wade-Giles
//! (`Hsi Chin-ping`) is not converted; translated names (`Islamic Army` for `الجيش
//! الإسلامي`) are out of reach.

#![warn(missing_docs)]

pub mod abbreviations;
pub mod arabic;
mod chinese;
pub mod cyrillic;
mod fold;
pub mod given_names;
mod korean;
pub mod legal_forms;
pub mod org_types;
pub mod patronymics;
pub mod phonetic;
mod pipeline;
pub mod similarity;
pub mod skeleton;
pub mod stopwords;
mod tokens;

pub use abbreviations::{abbreviation_alternative, expand_abbreviation};
pub use cyrillic::{
    detect_cyrillic_language, romanize_cyrillic, romanize_cyrillic_as, CyrLang, System,
};
pub use fold::fold;
pub use given_names::{given_name, GivenName, Strength};
pub use legal_forms::{legal_form, legal_form_agreement};
pub use org_types::{honorific_key, org_type, org_type_agreement, OrgFamily, OrgType};
pub use patronymics::{patronymic, Patronymic};
pub use phonetic::phonetic_key;
pub use similarity::{explain, jaro_winkler, similarity, token_similarity, Explanation, TokenPair};
pub use skeleton::skeleton;

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
    /// Name tokens (legal forms removed, abbreviations expanded, stopwords dropped), each the
    /// [`skeleton()`] of its folded romanisation, in the order of the name.
    pub tokens: Vec<Token>,
    /// Legal forms found in the name.
    pub legal_forms: Vec<LegalForm>,
    /// Organisation types found in the name (НПП, НИИ, design bureau; table in
    /// [`org_types`]), cut out of `tokens` like legal forms.
    pub org_types: Vec<OrgType>,
    /// The surname of an honorific («им. А.И. Шокина», "named after A.I. Shokin"), as
    /// [`honorific_key`] gives it (`sokin`); cut out of `tokens`, so that a name that omits it
    /// does not differ.
    pub honorific: Option<String>,
    /// Other keys of the whole name, in the same form as [`AnalyzedName::key`] and all
    /// different from it: other pinyin readings (heteronyms) and the name with Chinese words
    /// split into syllables, the Russian reading of a Ukrainian or Belarusian name, the ISO 9
    /// reading of a Cyrillic name with я/ю/ё (`Ûrij`) or ICAO's of one with ъ, the other
    /// reading of an ambiguous abbreviation (`INST`), `x` read as `kh` (GOST `х`). Capped at
    /// [`MAX_VARIANTS`].
    pub variants: Vec<String>,
    /// The tokens read as given names of a person, by position in `tokens`, with their
    /// equivalence class ([`given_names`]: Oleksandr, Aleksandr and Александр are one class).
    /// Only for person names: [`NameKind::Person`], or [`NameKind::Any`] with at least two
    /// words and nothing that marks an organisation; empty for organisations. The tokens
    /// themselves are not rewritten.
    pub given_names: Vec<(usize, GivenName)>,
    /// The tokens read as patronymics of a person, by position in `tokens`, with their
    /// equivalence class ([`patronymics`]: Oleksandrovych, Aleksandrovich and Аляксандравіч
    /// are one). A part of its own: never a given name (the two tables share no key), and,
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

/// The most variants [`analyze`] returns for one name.
pub const MAX_VARIANTS: usize = 8;

/// Analyses a name for matching (see the crate documentation for the steps). `kind` decides
/// whether legal forms and trade abbreviations are read: [`NameKind::Any`] is read as an
/// organisation when a legal form or a generic organisation word is present.
pub fn analyze(name: &str, kind: NameKind) -> AnalyzedName {
    pipeline::analyze(name, kind)
}
