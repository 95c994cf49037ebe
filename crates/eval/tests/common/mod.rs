//! Shared by the integration tests: a trade scenario folder's shipments as attribution reads
//! them in production — imported by the trade crate into a store, read back as trade rows.

use chokepoint_attribution::{load_trade_rows, TradeRow};
use std::path::Path;

/// Imports `dir/customs.csv` into an in-memory trade store and reads its trade rows back;
/// `None`, with a note, when the HS data the import classifies with is absent.
pub fn scenario_trade_rows(dir: &Path) -> Option<Vec<TradeRow>> {
    let hs = chokepoint_trade::shared_data_dir().join("hs");
    if !hs.join("harmonized-system.csv").exists() {
        eprintln!(
            "SKIP: real HS data not found at {} (set CHOKEPOINT_SHARED_DATA)",
            hs.display()
        );
        return None;
    }
    let classifier = chokepoint_trade::Classifier::load(&hs).unwrap();
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    chokepoint_trade::migrate(&conn).unwrap();
    let tx = conn.transaction().unwrap();
    let summary = chokepoint_trade::import_file(
        &tx,
        &dir.join("customs.csv"),
        &classifier,
        &Default::default(),
        &mut |_, _| {},
    )
    .unwrap();
    tx.commit().unwrap();
    let rows = load_trade_rows(
        &conn,
        &chokepoint_trade::RecordFilter::import(summary.import_id),
    )
    .unwrap();
    assert_eq!(rows.len() as u64, summary.stats.rows_ok);
    Some(rows)
}
