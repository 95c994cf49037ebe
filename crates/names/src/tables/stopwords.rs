//! Words dropped from names.
//!
//! Organisation names lose articles, conjunctions and prepositions in several languages
//! (`of`, `the`, `and`, `de`, `la`, `und`...) and the Arabic article (`al`, `el`). Single
//! letters (`a`, `e`, `i`, `y`) are kept: they are more often initials (`A.B.C. Company`)
//! than conjunctions; family-name particles (`van`, `von`, `der`, `da`) are kept too
//! (`Van der Bilt Corp`).
//! Person names lose only the Arabic article and `of`/`the`/`and`: particles such as `de`,
//! `van`, `le` or `da` are also Vietnamese, Italian or Portuguese name parts and are kept.
//!
//! `bin`, `ibn`, `ben`, `bint`, `ould`, `abu` are kept in both: they carry genealogy
//! (`Hamza bin Laden`: "bin laden" is a family name) and their absence is evidence. They
//! are normalised (`ibn`, `ben` → `bin`; `abou` → `abu`) by [`crate::tables::arabic_names`].

/// Words dropped from organisation names.
const ORG: &[&str] = &[
    "of", "the", "and", "for", "at", "in", "on", "to", "by", "de", "del", "della", "la", "le",
    "les", "los", "las", "el", "al", "und", "et", "ve", "va", "im", "zu",
];

/// Words dropped from person names.
const PERSON: &[&str] = &["of", "the", "and", "al", "el", "jr", "sr"];

/// True if `word` (folded, or its skeleton) is dropped from a name of this kind. Callers check
/// both spellings so that a key analysed again drops the same words (`all` → skeleton `al`).
pub(crate) fn is_stopword(word: &str, organization: bool) -> bool {
    if organization {
        ORG.contains(&word)
    } else {
        PERSON.contains(&word)
    }
}
