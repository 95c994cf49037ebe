//! The script layer: pure transliteration and folding, from any script to lower-case latin
//! words and their skeletons. Nothing here knows a name table or the pipeline; it imports
//! nothing of the crate above it.
//!
//! From the ground up: [`latin`] folds single characters; [`cyrillic`], [`arabic`], [`chinese`]
//! and [`korean`] romanise their scripts; [`tokens`] cuts a text into segments of one script
//! and romanises each; [`fold`] folds a whole text; [`skeleton`] reduces a folded token so that
//! romanisations meet; [`phonetic`] keys a skeleton by its consonants.

pub mod arabic;
pub(crate) mod chinese;
pub mod cyrillic;
pub(crate) mod fold;
pub(crate) mod korean;
pub(crate) mod latin;
pub mod phonetic;
pub mod skeleton;
pub(crate) mod tokens;
