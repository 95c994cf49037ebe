//! The table layer: the name tables that analysts may edit (legal forms, organisation types,
//! given names, trade abbreviations, stopwords; data files under `data/`, embedded in the
//! crate and loaded once) and the lookups over them, with the rules derived from them
//! (patronymics) and the smaller dictionaries of Arabic spellings and Chinese company words.
//! Tables use the script layer to read their forms the way names are read; they know nothing
//! of the pipeline.

pub mod abbreviations;
pub(crate) mod arabic_names;
pub(crate) mod chinese_words;
pub mod given_names;
pub mod legal_forms;
pub mod org_types;
pub mod patronymics;
pub mod stopwords;
