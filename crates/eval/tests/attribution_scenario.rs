//! Attribution on scenarios written by the trade crate's generator: components carry the
//! recovered weapon they came from, so the bootstrap resamples whole weapons, and the 95 %
//! interval of the CN dispatch share covers the truth (the truth file follows each component to
//! its true customs record).

mod common;

use chokepoint_attribution::{
    analyze, AttributeOptions, Definition, Registry, Resample, ShareOptions,
};
use chokepoint_eval::attribution as scenario;
use chokepoint_scenario::{generate, ScenarioOptions};

#[test]
fn weapons_are_resampled_and_the_cn_dispatch_interval_covers_the_truth() {
    let registry = Registry::builtin().unwrap();
    for seed in [1, 2, 3] {
        let dir = tempfile::tempdir().unwrap();
        generate(seed, 20_000, dir.path(), &ScenarioOptions::default()).unwrap();
        let Some(trade) = common::scenario_trade_rows(dir.path()) else {
            return;
        };
        let sc = scenario::read_trade_scenario(dir.path(), false, trade).unwrap();
        assert!(
            sc.component_stats
                .unmapped_columns
                .iter()
                .all(|c| c != "weaponId" && c != "recoveredDate" && c != "recoveryRegion"),
            "{:?}",
            sc.component_stats.unmapped_columns
        );
        assert!(sc
            .records
            .iter()
            .all(|r| !r.weapon_id.is_empty() && r.recovered.is_some() && !r.region.is_empty()));
        let (_, report) = analyze(
            &sc.records,
            &sc.trade,
            &registry,
            &AttributeOptions::default(),
            &ShareOptions {
                replicates: 1000,
                ..ShareOptions::default()
            },
        );
        let all = report.group("ALL", "all").unwrap();
        assert_eq!(all.resampled, Resample::Weapons);
        assert!(
            all.n_weapons >= 10 && all.n_weapons * 2 <= all.n_records,
            "{} weapons for {} components",
            all.n_weapons,
            all.n_records
        );
        let cn = all
            .get(Definition::Dispatch)
            .and_then(|d| d.share_of("CN"))
            .unwrap();
        let (truth, n) = scenario::true_dispatch_share(&sc, "CN").unwrap();
        eprintln!(
            "seed {seed}: CN dispatch {:.3} [{:.3}, {:.3}], truth {truth:.3} of {n}, {} weapons",
            cn.share, cn.lo, cn.hi, all.n_weapons
        );
        assert!(
            cn.lo <= truth && truth <= cn.hi,
            "seed {seed}: truth {truth} outside [{}, {}]",
            cn.lo,
            cn.hi
        );
    }
}

/// Reads a folder written by the trade crate's scenario generator when one is given in
/// `CHOKEPOINT_TRADE_SCENARIO` (skips otherwise), and checks the part-number join against its
/// component → shipment truth.
#[test]
fn reads_trade_scenario_folder_when_present() {
    let Some(dir) = std::env::var_os("CHOKEPOINT_TRADE_SCENARIO") else {
        eprintln!("skipped: set CHOKEPOINT_TRADE_SCENARIO to a `scenario generate` folder");
        return;
    };
    let dir = std::path::Path::new(&dir);
    let Some(trade) = common::scenario_trade_rows(dir) else {
        return;
    };
    let sc = scenario::read_trade_scenario(dir, false, trade).unwrap();
    assert!(!sc.records.is_empty() && !sc.trade.is_empty());
    assert!(sc.records.iter().all(|r| r.synthetic));
    let reg = Registry::builtin().unwrap();
    let (a, report) = analyze(
        &sc.records,
        &sc.trade,
        &reg,
        &AttributeOptions::default(),
        &ShareOptions {
            replicates: 200,
            ..ShareOptions::default()
        },
    );
    let check = scenario::check_join(&sc, &a);
    eprintln!("{check:?}");
    assert_eq!(check.with_truth, sc.records.len());
    assert!(
        check.true_row_found as f64 >= 0.95 * check.true_row_names_part as f64,
        "{check:?}"
    );
    assert!(report.synthetic);
}
