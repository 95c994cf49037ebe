//! The screening weights: every bonus, penalty, share and threshold of the scorer, one typed
//! constant per row of `data/weights.csv`, the only place the numbers are written (`build.rs`
//! generates the constants; edit the data file, whose rows say what each weight does).

include!(concat!(env!("OUT_DIR"), "/weights.rs"));

/// The weights table itself, as written in `data/weights.csv`: what documents the scorer to
/// its users (the API's `/algorithms` lists each feature's rows from it).
pub const TABLE: &str = include_str!("../data/weights.csv");
