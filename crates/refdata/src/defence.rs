//! The one rule that reads an OFAC SDN entry as a Russian defence-sector designation: an
//! entity (not a person, vessel or aircraft) under the Russia programme (EO 14024) whose name
//! holds a defence-industry word (plant, design bureau, concern, …) from the data file
//! `data/defence_words.csv`. The scenario generator takes its defence end users' names with
//! it, and the lists stage's defence end-user register (`chokepoint_lists::end_users`) takes
//! the SDN's Russian defence-sector designations with it.
//!
//! ```
//! use chokepoint_refdata::defence::is_defence_entry;
//! assert!(is_defence_entry("JSC KONTSERN AVTOMATIKA", true, &["RUSSIA-EO14024"]));
//! assert!(!is_defence_entry("JSC KONTSERN AVTOMATIKA", false, &["RUSSIA-EO14024"]));
//! assert!(!is_defence_entry("ACME PLANT", true, &["IRAN"]));
//! ```

use crate::table::Table;
use std::sync::OnceLock;

/// The built-in table of defence-industry words (`data/defence_words.csv`).
pub const DEFENCE_WORDS_CSV: &str = include_str!("../data/defence_words.csv");

/// The OFAC programme of the Russia designations the rule reads.
pub const RUSSIA_PROGRAM: &str = "RUSSIA-EO14024";

/// The defence-industry words, upper case. The built-in table is checked by a test; a row
/// that cannot be read is left out rather than stopping every caller.
pub fn defence_words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        Table::parse(DEFENCE_WORDS_CSV, "defence_words.csv")
            .map(|t| {
                t.rows()
                    .map(|r| r.get("word").to_uppercase())
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The first defence-industry word an organisation's name holds, for an explanation.
pub fn defence_word_in(name: &str) -> Option<&'static str> {
    let upper = name.to_uppercase();
    defence_words()
        .iter()
        .find(|w| upper.contains(w.as_str()))
        .map(String::as_str)
}

/// Whether an organisation's name holds a defence-industry word.
pub fn is_defence_name(name: &str) -> bool {
    defence_word_in(name).is_some()
}

/// Whether an OFAC SDN entry is a Russian defence-sector designation: an `entity` (not a
/// person, vessel or aircraft) with a programme containing [`RUSSIA_PROGRAM`] and a name for
/// which [`is_defence_name`] holds.
pub fn is_defence_entry(name: &str, entity: bool, programs: &[&str]) -> bool {
    entity && programs.iter().any(|p| p.contains(RUSSIA_PROGRAM)) && is_defence_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_table_reads() {
        let t = Table::parse(DEFENCE_WORDS_CSV, "defence_words.csv").unwrap();
        t.require_columns(&["word"]).unwrap();
        assert_eq!(defence_words().len(), t.len());
        assert!(defence_words().iter().any(|w| w == "DESIGN BUREAU"));
        assert!(is_defence_name("Izhevsk Radio Zavod"));
        assert!(!is_defence_name("Sberbank"));
    }
}
