//! Demo on a SYNTHETIC scenario: origin shares by family for critical components, then the
//! trade link of one part. `cargo run -p chokepoint-eval --example attribute_demo [SEED]`,
//! or `… -- DIR` on a folder written by the trade crate's scenario generator.

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
        match chokepoint_attribution::scenario::read_trade_scenario(dir, true) {
            Ok(t) => {
                eprintln!(
                    "read {} components, {} customs rows ({} skipped)",
                    t.records.len(),
                    t.trade.len(),
                    t.component_stats.rows_skipped + t.trade_stats.rows_skipped
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
