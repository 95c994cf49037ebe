//! Chokepoint attribution: from components recovered in weapons to origin shares with honest
//! uncertainty.
//!
//! "80 % of critical components in Russian drones originated in China" hides three questions;
//! this crate answers all three side by side for every component ([`origin`]):
//! the maker's **headquarters** country (through a [`registry`] that follows mergers such as
//! Xilinx → AMD and records ultimate parents such as Nexperia → Wingtech), the country of
//! **manufacture** (stated, "Made in …" on the marking, or box 16 of the shipments), and the
//! country of **dispatch** to Russia (joined to trade rows by part number). Shares are computed
//! per weapon family and period over components with a known answer, with the unknowns and the
//! counts shown, and percentile-bootstrap intervals that resample whole recovered weapons
//! ([`shares`], [`bootstrap`]). Nothing is guessed: an unregistered, ambiguous or unmarked maker
//! with no matching prefix rule is UNKNOWN.
//!
//! Entry points for `chokepoint attribute`:
//! - read: [`import::read_components`] (CSV/JSONL with catalogue header aliases) and its
//!   `_with` variant taking [`Columns`] extended by a user mapping file; trade rows from the
//!   trade store with [`load_trade_rows`] (the trade crate's one reader of classified records,
//!   each mapped by `TradeRow::from(&ClassifiedRecord)`); a scenario folder's components and
//!   truth with `chokepoint_eval::attribution::read_trade_scenario` (evaluation only);
//! - registry: [`Registry::builtin`] or [`Registry::load`] (editable CSVs);
//! - compute: [`analyze`] (= [`TradeIndex::new`] + [`origin::attribute`] +
//!   [`shares::origin_shares`]);
//! - print: [`output::shares_table`], [`output::write_shares_csv`],
//!   [`output::write_shares_json`], [`output::write_components_csv`];
//! - dispatch when links are missing not at random: [`analyze_linked`] with the trade flags
//!   ([`RowFlags`]) — see [`linkage`];
//! - trade links: [`link::link`] then [`output::link_table`] / [`output::write_link_csv`] /
//!   [`output::write_link_json`];
//! - synthetic test bed: `chokepoint_eval::synth::generate` and
//!   `chokepoint_eval::coverage::evaluate_coverage` (bench `attribution-coverage`, crate
//!   `chokepoint-eval`).
//!
//! Resampling unit: a recovered weapon (`weapon_id`, else `weapon|recovery date|source`), not a
//! component — see [`bootstrap`] for why, and docs/attribution-coverage.md for the measured
//! difference.

#![warn(missing_docs)]

pub mod bootstrap;
pub mod catalog;
pub mod columns;
pub mod country;
pub mod date;
pub mod error;
pub mod from_trade;
pub mod import;
pub mod link;
pub mod linkage;
pub mod origin;
pub mod output;
pub use chokepoint_parts::partnum;
pub mod record;
pub use chokepoint_parts::registry;
pub mod shares;
pub mod teardown;
pub mod trade;

pub use bootstrap::Resample;
pub use catalog::Critical;
pub use columns::Columns;
pub use date::{Date, Period};
pub use error::{AttributionError, Result};
pub use from_trade::load_trade_rows;
pub use link::{link, LinkQuery, LinkReport};
pub use linkage::{model_dispatch, LinkageOptions, LinkageReport, RowFlags};
pub use origin::{attribute, AttributeOptions, AttributedComponent, Definition, HqBasis};
pub use record::ComponentRecord;
pub use registry::{MakerResolution, Registry};
pub use shares::{origin_shares, ShareOptions, ShareReport};
pub use trade::{TradeIndex, TradeRow};

/// Attributes components and computes their origin shares in one call: indexes the trade rows
/// (shipments to Russia only), attributes every record, and computes the shares.
pub fn analyze(
    records: &[ComponentRecord],
    trade: &[TradeRow],
    registry: &Registry,
    attribute_options: &AttributeOptions,
    share_options: &ShareOptions,
) -> (Vec<AttributedComponent>, ShareReport) {
    let index = TradeIndex::new(trade, registry);
    let attributed = attribute(records, registry, &index, attribute_options);
    let report = origin_shares(&attributed, share_options);
    (attributed, report)
}

/// As [`analyze`], with the dispatch answers of the linkage model ([`linkage`]): the trade
/// detectors' `flags` weight the candidate shipments and flagged shipments that name no part
/// number stand for the links the part-number join cannot see. Returns the attributed
/// components, the shares, the link model's report and the plain join's shares (for comparison).
pub fn analyze_linked(
    records: &[ComponentRecord],
    trade: &[TradeRow],
    flags: &RowFlags,
    registry: &Registry,
    attribute_options: &AttributeOptions,
    share_options: &ShareOptions,
    linkage_options: &LinkageOptions,
) -> (
    Vec<AttributedComponent>,
    ShareReport,
    LinkageReport,
    ShareReport,
) {
    let index = TradeIndex::new(trade, registry);
    let mut attributed = attribute(records, registry, &index, attribute_options);
    let naive = origin_shares(&attributed, share_options);
    let linkage = model_dispatch(
        records,
        &mut attributed,
        &index,
        flags,
        attribute_options,
        linkage_options,
        share_options,
    );
    let report = origin_shares(&attributed, share_options);
    (attributed, report, linkage, naive)
}
