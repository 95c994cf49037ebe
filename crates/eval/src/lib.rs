//! Chokepoint evaluation: every scoring of a stage against the truth of a synthetic world.
//!
//! - [`trade`]: runs every trade detector on a scenario written by `chokepoint-scenario`
//!   (customs records and mirror exports only), then reads the truth files and scores precision
//!   and recall per scheme type and per rule ([`trade::evaluate`], [`trade::Report`]);
//! - [`network_scenario`]: finishes a generated folder for the network stage — name variants,
//!   domestic deliveries to defence end users, the registry truth of every mention
//!   ([`network_scenario::load`] → [`network_scenario::Loaded`]);
//! - [`network`]: entity resolution, shell indicators, chains and end-user counts against that
//!   truth ([`network::evaluate`], [`network::score`]);
//! - [`synth`]: the attribution stage's seeded test bed of component records and trade rows
//!   with known origin shares ([`synth::generate`]);
//! - [`attribution`]: a scenario folder's recovered components with the truth of where each
//!   was shipped from; the true dispatch share and how well the part-number join finds it
//!   ([`attribution::true_dispatch_share`], [`attribution::check_join`]);
//! - [`coverage`]: interval coverage of the attribution shares over seeded [`synth`] runs
//!   ([`coverage::evaluate_coverage`]).
//!
//! Only the binary (and benchmarks, examples and tests) depends on this crate; no stage library
//! does.

#![warn(missing_docs)]

pub mod attribution;
pub mod coverage;
pub mod network;
pub mod network_scenario;
pub mod synth;
pub mod trade;
