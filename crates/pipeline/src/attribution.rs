//! Stage 5: components recovered from weapons attributed to their origin by three definitions
//! (brand headquarters, country of manufacture, country of dispatch), joined by part number to
//! the customs records in the store; the dispatch answers come from the linkage model, which
//! weighs the candidate shipments by the trade detectors' flags saved beside them and stands
//! flagged shipments that name no part number for the links the join cannot see.

use crate::error::Result;
use chokepoint_attribution::{
    analyze_linked, load_trade_rows, AttributeOptions, AttributedComponent, ComponentRecord,
    LinkageOptions, LinkageReport, Registry, RowFlags, ShareOptions, ShareReport, TradeRow,
};
use chokepoint_store::Store;
use chokepoint_trade::{read_flags, FlagFilter, RecordFilter};

/// Bootstrap replicates of the demo's and the report's intervals.
pub const REPLICATES: usize = 1000;

/// What the attribution stage found.
pub struct AttributionOutcome {
    /// Every component with its answer under each definition and the evidence.
    pub attributed: Vec<AttributedComponent>,
    /// Origin shares per weapon family and period with bootstrap intervals (dispatch from the
    /// linkage model).
    pub report: ShareReport,
    /// The linkage model: estimator, weights, linked fraction, bounds.
    pub linkage: LinkageReport,
    /// The shares of the plain part-number join, for comparison.
    pub plain: ShareReport,
    /// The shipments the components were joined to.
    pub trade: Vec<TradeRow>,
}

/// Attributes `components` against the maker `registry`, with the customs records of the
/// store that `filter` selects as the shipments to Russia (read through the trade stage's
/// reader) and the trade flags saved for that import, and computes the shares.
pub fn attribute(
    store: &Store,
    components: &[ComponentRecord],
    filter: &RecordFilter,
    registry: &Registry,
    share_options: &ShareOptions,
) -> Result<AttributionOutcome> {
    let trade = load_trade_rows(store.connection(), filter)?;
    let flags = read_flags(
        store.connection(),
        &FlagFilter {
            rule: None,
            import_id: filter.import_id,
        },
    )?;
    let (attributed, report, linkage, plain) = analyze_linked(
        components,
        &trade,
        &RowFlags::from_stored(&flags),
        registry,
        &AttributeOptions::default(),
        share_options,
        &LinkageOptions::default(),
    );
    Ok(AttributionOutcome {
        attributed,
        report,
        linkage,
        plain,
        trade,
    })
}
