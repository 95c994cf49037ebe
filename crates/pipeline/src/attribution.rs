//! Stage 5: components recovered from weapons attributed to their origin by three definitions
//! (brand headquarters, country of manufacture, country of dispatch), joined by part number to
//! the customs records in the store.

use crate::error::Result;
use chokepoint_attribution::{
    analyze, load_trade_rows, AttributeOptions, AttributedComponent, ComponentRecord, Registry,
    ShareOptions, ShareReport, TradeRow,
};
use chokepoint_store::Store;
use chokepoint_trade::RecordFilter;

/// Bootstrap replicates of the demo's and the report's intervals.
pub const REPLICATES: usize = 1000;

/// What the attribution stage found.
pub struct AttributionOutcome {
    /// Every component with its answer under each definition and the evidence.
    pub attributed: Vec<AttributedComponent>,
    /// Origin shares per weapon family and period with bootstrap intervals.
    pub report: ShareReport,
    /// The shipments the components were joined to.
    pub trade: Vec<TradeRow>,
}

/// Attributes `components` against the maker `registry`, with the customs records of the
/// store that `filter` selects as the shipments to Russia (read through the trade stage's
/// reader), and computes the shares.
pub fn attribute(
    store: &Store,
    components: &[ComponentRecord],
    filter: &RecordFilter,
    registry: &Registry,
    share_options: &ShareOptions,
) -> Result<AttributionOutcome> {
    let trade = load_trade_rows(store.connection(), filter)?;
    let (attributed, report) = analyze(
        components,
        &trade,
        registry,
        &AttributeOptions::default(),
        share_options,
    );
    Ok(AttributionOutcome {
        attributed,
        report,
        trade,
    })
}
