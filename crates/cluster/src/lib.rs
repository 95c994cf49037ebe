//! Chokepoint's heavy batch stages on Apache DataFusion Ballista.
//!
//! This crate is its own Cargo workspace (kept out of the root workspace so that
//! `cargo test --workspace --all-features` never builds Ballista). It registers Chokepoint's
//! functions as DataFusion UDFs ([`udf`]) in the client, the scheduler ([`session::scheduler_session`])
//! and the executors ([`session::executor_registry`]), and runs the batch jobs ([`jobs`]) over
//! Parquet on a local DataFusion session or on a Ballista cluster — one SQL plan, two engines.
//!
//! Binaries: `chokepoint-scheduler`, `chokepoint-executor` (Ballista's scheduler and executor
//! with the Chokepoint functions built in) and `chokepoint-cluster` (the jobs, the generator,
//! the row-for-row comparison and the benchmark). `chokepoint cluster …` in the main binary
//! runs `chokepoint-cluster`.

#![warn(missing_docs)]

pub mod generate;
pub mod import;
pub mod jobs;
pub mod pairs;
pub mod processes;
pub mod session;
pub mod udf;

pub use jobs::{Job, JobConfig, Output};
pub use session::Engine;
