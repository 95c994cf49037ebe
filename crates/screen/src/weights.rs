//! The screening weights: every bonus, penalty, share and threshold of the scorer, one typed
//! constant per row of `data/weights.csv`, the only place the numbers are written (`build.rs`
//! generates the constants; edit the data file, whose rows say what each weight does).

include!(concat!(env!("OUT_DIR"), "/weights.rs"));
