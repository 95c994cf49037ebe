//! Words dropped from names (table: `data/stopwords.csv`).
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
//! are normalised (`ibn`, `ben` → `bin`; `abou` → `abu`) by the Arabic spelling rules (`tables/arabic_names.rs`).

use crate::tables::data;
use chokepoint_refdata::TableError;
use std::sync::OnceLock;

/// The table's data file (see its header for the columns and why some words are not in it).
const DATA: &str = include_str!("../../data/stopwords.csv");

/// The words dropped from organisation names and from person names.
pub(crate) struct Stopwords {
    organization: Vec<String>,
    person: Vec<String>,
}

/// Reads `stopwords.csv`.
pub(crate) fn load() -> Result<Stopwords, TableError> {
    read(DATA, "chokepoint-names/data/stopwords.csv")
}

/// Reads the table from `text`; `origin` names it in errors.
pub(super) fn read(text: &str, origin: &str) -> Result<Stopwords, TableError> {
    data::load(text, origin, &["word", "organization", "person"], |t| {
        let mut s = Stopwords {
            organization: Vec::new(),
            person: Vec::new(),
        };
        for r in t.rows() {
            let word = r.required("word")?;
            if r.parse("organization")? {
                s.organization.push(word.to_string());
            }
            if r.parse("person")? {
                s.person.push(word.to_string());
            }
        }
        Ok(s)
    })
}

impl Stopwords {
    /// The number of words listed for either kind of name.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.organization.len() + self.person.len()
    }
}

fn table() -> &'static Stopwords {
    static T: OnceLock<Stopwords> = OnceLock::new();
    T.get_or_init(|| data::built_in(load()))
}

/// True if `word` (folded, or its skeleton) is dropped from a name of this kind. Callers check
/// both spellings so that a key analysed again drops the same words (`all` → skeleton `al`).
pub(crate) fn is_stopword(word: &str, organization: bool) -> bool {
    let t = table();
    let list = if organization {
        &t.organization
    } else {
        &t.person
    };
    list.iter().any(|w| w == word)
}
