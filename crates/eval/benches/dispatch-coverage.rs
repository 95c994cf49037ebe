//! Coverage of the dispatch share's interval on the demo's scenario, with the truth the
//! scenario knows: for each seed, the trade scenario generated at the demo's default size
//! (200,000 customs rows; the real SDN list's defence names when the shared data has it, as
//! the demo does), its customs file imported into a trade store, the trade detectors run over
//! it, and the recovered components attributed twice — the plain part-number join and the
//! linkage model (`chokepoint_attribution::linkage`). Prints a Markdown table per seed: the
//! true CN dispatch share, each estimate with its 95 % interval, and whether it covers.
//!
//! `cargo bench -p chokepoint-eval --bench dispatch-coverage -- FIRST LAST [ROWS] [FLAGGED_WEIGHT]`
//! (defaults 11 30 200000 and the tuned weight). Each seed takes about 25 s on one core.

use chokepoint_attribution::{
    analyze_linked, load_trade_rows, AttributeOptions, Definition, LinkageOptions, Registry,
    RowFlags, ShareOptions,
};
use chokepoint_eval::attribution as scenario;
use chokepoint_scenario::{generate, ScenarioOptions};
use std::process::exit;

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("{what}: {e}");
    exit(1)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let num = |i: usize, d: f64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(d);
    let (first, last) = (num(0, 11.0) as u64, num(1, 30.0) as u64);
    let rows = num(2, 200_000.0) as u64;
    let link = LinkageOptions {
        flagged_weight: num(3, LinkageOptions::default().flagged_weight),
        ..LinkageOptions::default()
    };
    let data = chokepoint_trade::shared_data_dir();
    let classifier = chokepoint_trade::Classifier::load(&data.join("hs"))
        .unwrap_or_else(|e| fail("HS tables (set CHOKEPOINT_SHARED_DATA)", e));
    let registry = Registry::builtin().unwrap_or_else(|e| fail("registry", e));
    let sdn = data.join("ofac/sdn_2024-05/sdn.csv");
    let share_options = ShareOptions {
        replicates: 1000,
        ..ShareOptions::default()
    };
    println!("Seeds {first}–{last}, {rows} customs rows each, flagged weight {}, 95 % intervals resampling whole weapons, 1000 replicates.\n", link.flagged_weight);
    println!("| seed | components | weapons | true CN | plain join | covers | linkage model (bootstrap) | covers | linkage interval (bounds) | covers | linked | part-naming weight |");
    println!("|---:|---:|---:|---:|---|:-:|---|:-:|---|:-:|---:|---:|");
    let (mut n, mut c_plain, mut c_model, mut c_bounds) = (0, 0, 0, 0);
    let (mut w_plain, mut w_model, mut w_bounds, mut e_plain, mut e_model) =
        (0.0, 0.0, 0.0, 0.0, 0.0);
    for seed in first..=last {
        let dir = tempfile::tempdir().unwrap_or_else(|e| fail("temp dir", e));
        let opts = ScenarioOptions {
            defence_list: sdn.is_file().then(|| sdn.clone()),
            ..ScenarioOptions::default()
        };
        generate(seed, rows, dir.path(), &opts).unwrap_or_else(|e| fail("scenario", e));
        let mut conn = rusqlite::Connection::open_in_memory().unwrap_or_else(|e| fail("sqlite", e));
        chokepoint_trade::migrate(&conn).unwrap_or_else(|e| fail("migrate", e));
        let tx = conn.transaction().unwrap_or_else(|e| fail("sqlite", e));
        let summary = chokepoint_trade::import_file(
            &tx,
            &dir.path().join("customs.csv"),
            &classifier,
            &Default::default(),
            &mut |_, _| {},
        )
        .unwrap_or_else(|e| fail("trade import", e));
        tx.commit().unwrap_or_else(|e| fail("sqlite", e));
        let filter = chokepoint_trade::RecordFilter::import(summary.import_id);
        let classified = chokepoint_trade::read_classified(&conn, &filter)
            .unwrap_or_else(|e| fail("trade rows", e));
        let records: Vec<_> = classified.into_iter().map(|c| c.record).collect();
        let flags = chokepoint_trade::run_all(
            &records,
            &classifier,
            &chokepoint_trade::Sources {
                mirror_exports: Some(dir.path().join("mirror_exports.csv")),
            },
            &Default::default(),
        )
        .unwrap_or_else(|e| fail("detectors", e));
        drop(records);
        let trade = load_trade_rows(&conn, &filter).unwrap_or_else(|e| fail("trade rows", e));
        let sc = scenario::read_trade_scenario(dir.path(), false, trade)
            .unwrap_or_else(|e| fail("components", e));
        let Some((truth, _)) = scenario::true_dispatch_share(&sc, "CN") else {
            continue;
        };
        let (_, report, linkage, plain) = analyze_linked(
            &sc.records,
            &sc.trade,
            &RowFlags::from_flags(&flags),
            &registry,
            &AttributeOptions::default(),
            &share_options,
            &link,
        );
        let cn = |r: &chokepoint_attribution::ShareReport| {
            r.group("ALL", "all")
                .and_then(|g| g.get(Definition::Dispatch))
                .and_then(|d| d.share_of("CN"))
                .cloned()
        };
        let (Some(p), Some(m)) = (cn(&plain), cn(&report)) else {
            continue;
        };
        let Some(b) = linkage.bounds.iter().find(|b| b.country == "CN") else {
            continue;
        };
        let weapons = report.group("ALL", "all").map_or(0, |g| g.n_weapons);
        let inside = |lo: f64, hi: f64| lo <= truth && truth <= hi;
        let mark = |ok: bool| if ok { "yes" } else { "**no**" };
        n += 1;
        c_plain += usize::from(inside(p.lo, p.hi));
        c_model += usize::from(inside(m.lo, m.hi));
        c_bounds += usize::from(inside(b.interval_lo, b.interval_hi));
        w_plain += p.hi - p.lo;
        w_model += m.hi - m.lo;
        w_bounds += b.interval_hi - b.interval_lo;
        e_plain += p.share - truth;
        e_model += m.share - truth;
        println!(
            "| {seed} | {} | {weapons} | {:.3} | {:.3} [{:.3}, {:.3}] | {} | {:.3} [{:.3}, {:.3}] | {} | [{:.3}, {:.3}] | {} | {} of {} | {:.2} |",
            sc.records.len(),
            truth,
            p.share, p.lo, p.hi, mark(inside(p.lo, p.hi)),
            m.share, m.lo, m.hi, mark(inside(m.lo, m.hi)),
            b.interval_lo, b.interval_hi, mark(inside(b.interval_lo, b.interval_hi)),
            linkage.linked, linkage.components, linkage.linked_weight,
        );
    }
    let k = n.max(1) as f64;
    println!("\nCovered: plain join {c_plain} of {n} (mean width {:.3}, mean error {:+.3}); linkage model's bootstrap {c_model} of {n} (mean width {:.3}, mean error {:+.3}); linkage interval {c_bounds} of {n} (mean width {:.3}).",
        w_plain / k, e_plain / k, w_model / k, e_model / k, w_bounds / k);
}
