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
//! The crate stands in four layers, each importing only those below it: the script layer
//! (`src/script/`: folding, transliteration, segmentation, skeletons, phonetic keys), the
//! table layer (`src/tables/`: the tables analysts may edit, shipped as data files under
//! `data/` with a comment header each, embedded and read once, and the lookups over them), the
//! pipeline (`src/pipeline.rs`, producing the [`AnalyzedName`] of `src/name.rs`, compared by
//! `src/similarity.rs`), and this façade, which only re-exports.
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

mod name;
mod pipeline;
mod script;
pub mod similarity;
mod tables;

// The modules under their former paths (`chokepoint_names::cyrillic`, `::legal_forms`...).
pub use script::{arabic, cyrillic, phonetic, skeleton};
pub use tables::{abbreviations, given_names, legal_forms, org_types, patronymics, stopwords};

pub use name::{AnalyzedName, NameKind, Token, TokenKind, MAX_VARIANTS};
pub use pipeline::{analyze, legal_form};
pub use script::cyrillic::{
    detect_cyrillic_language, romanize_cyrillic, romanize_cyrillic_as, CyrLang, System,
};
pub use script::fold::fold;
pub use script::phonetic::phonetic_key;
pub use script::skeleton::skeleton;
pub use similarity::{explain, jaro_winkler, similarity, token_similarity, Explanation, TokenPair};
pub use tables::abbreviations::{abbreviation_alternative, expand_abbreviation};
pub use tables::given_names::{given_name, GivenName, Strength};
pub use tables::legal_forms::{legal_form_agreement, LegalClass, LegalForm};
pub use tables::org_types::{honorific_key, org_type, org_type_agreement, OrgFamily, OrgType};
pub use tables::patronymics::{patronymic, Patronymic};
