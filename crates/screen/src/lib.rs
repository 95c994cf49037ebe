//! Screening: an indexed, explainable name matcher for trade parties against watchlists.
//!
//! The crate has three parts:
//!
//! - [`Index`] (module `index`): an in-memory candidate index over the names of listed
//!   entities. Retrieval never scans all names: it walks token postings, character-trigram
//!   postings over the token vocabulary (typos), phonetic-key postings (sound-alikes), a sorted
//!   vocabulary (abbreviations by prefix) and an exact identifier map (INN, OGRN, IMO, …).
//! - the scorer (modules `name_match`, `features`, `score`, with every weight in `weights`,
//!   read from `data/weights.csv`): aligned token similarity (Levenshtein and
//!   Jaro-Winkler via `rapidfuzz`) across romanisations and word orders, weighted by token
//!   rarity, plus legal-form, schema, country, birth-date and identifier evidence, combined into a
//!   calibrated score in `0..1` where distinct evidence gives distinct scores;
//! - explanations (module `explain`): every [`Hit`] carries structured [`Feature`]s and a
//!   rendered sentence a reviewer can read.
//!
//! ```
//! use chokepoint_model::{Entity, Prop, Schema};
//! use chokepoint_screen::{Index, Query, SearchOptions};
//!
//! let mut e = Entity::from_record(Schema::Company, "ofac-sdn", "1", None);
//! e.add(Prop::Name, "GUANGZHOU HAIGE COMMUNICATIONS GROUP INCORPORATED COMPANY");
//! e.add(Prop::Country, "cn");
//! let index = Index::build(vec![e]);
//! let hits = index.search(&Query::name("GUANGZHOU HAIGE COMM GRP"), &SearchOptions::default());
//! assert_eq!(hits[0].entity_id, "ofac-sdn-1");
//! assert!(hits[0].is_match);
//! ```
//!
//! [`reviews`] keeps analysts' marks on hits (true match, false positive, needs review) with
//! their notes and audit trail in the store's `screen_reviews` tables.
//!
//! The default match threshold, [`DEFAULT_THRESHOLD`], was chosen on the nomenklatura name
//! benchmark (see `docs/screening-benchmark.md`).

#![warn(missing_docs)]

mod canonical;
mod error;
mod explain;
mod features;
mod ids;
mod index;
mod name_match;
mod prep;
mod query;
mod retrieve;
pub mod reviews;
mod score;
mod search;
mod weights;

pub use canonical::{canonicalize, un_references, Canonical, Merge, MergeReason, PairJudgement};
pub use error::ScreenError;
pub use explain::render_explanation;
pub use features::{Feature, FeatureKind};
pub use ids::normalize_identifier;
pub use index::{EntityRecord, Index, IndexStats};
pub use query::{Hit, Query, SearchOptions};
pub use score::{score_names, NameScorer};
pub use weights::{DEFAULT_THRESHOLD, TABLE as WEIGHTS_TABLE};
