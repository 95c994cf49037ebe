//! Demo on a SYNTHETIC scenario: origin shares by family for critical components, then the
//! trade link of one part. `cargo run -p chokepoint-eval --example attribute_demo [SEED]`,
//! or `… -- DIR` on a folder written by the scenario generator (its customs file imported
//! through the trade crate into an in-memory store first).

use chokepoint_attribution::{
    analyze, link, output, AttributeOptions, Critical, LinkQuery, Registry, ShareOptions,
    TradeIndex,
};
use chokepoint_eval::synth::{generate, SynthConfig};

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let registry = match Registry::builtin() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("registry: {e}");
            std::process::exit(1);
        }
    };
    let arg = std::env::args().nth(1).unwrap_or_default();
    let dir = std::path::Path::new(&arg);
    let sc = if dir.is_dir() {
        match read_folder(dir) {
            Ok(t) => {
                eprintln!(
                    "read {} components ({} skipped), {} customs rows",
                    t.records.len(),
                    t.component_stats.rows_skipped,
                    t.trade.len(),
                );
                chokepoint_eval::synth::Scenario {
                    records: t.records,
                    trade: t.trade,
                    truth: Vec::new(),
                }
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    } else {
        generate(&SynthConfig {
            seed,
            ..SynthConfig::default()
        })
    };
    let (attributed, report) = analyze(
        &sc.records,
        &sc.trade,
        &registry,
        &AttributeOptions::default(),
        &ShareOptions {
            critical: Critical::ChplTier12,
            seed,
            ..ShareOptions::default()
        },
    );
    print!("{}", output::shares_table(&report));
    if let Some(part) = attributed
        .iter()
        .find(|c| c.dispatch.basis == "trade_part_number")
        .and_then(|c| c.part_number.clone())
    {
        let index = TradeIndex::new(&sc.trade, &registry);
        println!();
        print!(
            "{}",
            output::link_table(&link(&LinkQuery::PartNumber(part), &index, &registry))
        );
        print!(
            "{}",
            output::link_table(&link(
                &LinkQuery::Manufacturer("Xilinx".into()),
                &index,
                &registry
            ))
            .lines()
            .take(12)
            .collect::<Vec<_>>()
            .join("\n")
        );
        println!();
    }
}

/// A scenario folder: its customs file imported by the trade crate into an in-memory store
/// (classified with the HS data under `CHOKEPOINT_SHARED_DATA`), its trade rows read back, and
/// its components.
fn read_folder(
    dir: &std::path::Path,
) -> Result<chokepoint_eval::attribution::TradeScenario, Box<dyn std::error::Error>> {
    let classifier =
        chokepoint_trade::Classifier::load(&chokepoint_trade::shared_data_dir().join("hs"))?;
    let mut conn = rusqlite::Connection::open_in_memory()?;
    chokepoint_trade::migrate(&conn)?;
    let tx = conn.transaction()?;
    let summary = chokepoint_trade::import_file(
        &tx,
        &dir.join("customs.csv"),
        &classifier,
        &chokepoint_trade::ReadOptions {
            lenient: true,
            ..Default::default()
        },
        &mut |_, _| {},
    )?;
    tx.commit()?;
    let trade = chokepoint_attribution::load_trade_rows(
        &conn,
        &chokepoint_trade::RecordFilter::import(summary.import_id),
    )?;
    Ok(chokepoint_eval::attribution::read_trade_scenario(
        dir, true, trade,
    )?)
}
