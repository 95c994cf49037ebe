//! The table layer: the name tables that analysts may edit (legal forms, organisation types,
//! given names, trade abbreviations, stopwords; data files under `data/`, embedded in the
//! crate and loaded once) and the lookups over them, with the rules derived from them
//! (patronymics) and the smaller dictionaries of Arabic spellings and Chinese company words.
//! Tables use the script layer to read their forms the way names are read; they know nothing
//! of the pipeline.

pub mod abbreviations;
pub(crate) mod arabic_names;
pub(crate) mod chinese_words;
mod data;
pub mod given_names;
pub mod legal_forms;
pub mod org_types;
pub mod patronymics;
pub mod stopwords;

#[cfg(test)]
mod tests {
    /// Every built-in table parses and reads: a malformed data file is caught here, not by a
    /// caller at run time.
    #[test]
    fn every_built_in_table_loads() {
        let legal = super::legal_forms::load().map(|t| t.len());
        let org = super::org_types::load().map(|t| t.len());
        let given = super::given_names::load().map(|t| t.len());
        let abbreviations = super::abbreviations::load().map(|t| t.len());
        let stopwords = super::stopwords::load().map(|t| t.len());
        for (name, loaded) in [
            ("legal_forms", legal),
            ("org_types", org),
            ("given_names", given),
            ("abbreviations", abbreviations),
            ("stopwords", stopwords),
        ] {
            match loaded {
                Ok(n) => assert!(n > 0, "{name} is empty"),
                Err(e) => panic!("{e}"),
            }
        }
    }
}
