//! The attribution stage on the seeded synthetic test bed ([`chokepoint_eval::synth`]):
//! interval sanity and determinism, and the synthetic records' round trip through files.
//! (Moved from `crates/attribution/tests/hand_written.rs` with the generator.)

use chokepoint_attribution::*;
use chokepoint_eval::synth::{generate, SynthConfig};

fn synthetic_report(weapons_scale: usize, seed: u64) -> ShareReport {
    let mut cfg = SynthConfig {
        seed,
        ..SynthConfig::default()
    };
    for f in &mut cfg.families {
        f.weapons = (f.weapons * weapons_scale / 4).max(2);
    }
    let sc = generate(&cfg);
    let reg = Registry::builtin().unwrap();
    analyze(
        &sc.records,
        &sc.trade,
        &reg,
        &AttributeOptions::default(),
        &ShareOptions {
            replicates: 400,
            seed,
            ..ShareOptions::default()
        },
    )
    .1
}

#[test]
fn intervals_contain_the_estimate_and_shrink_with_n() {
    let small = synthetic_report(1, 5);
    let large = synthetic_report(16, 5);
    for r in [&small, &large] {
        assert!(r.synthetic);
        for g in &r.groups {
            for d in &g.definitions {
                for s in &d.shares {
                    assert!(
                        s.lo <= s.share + 1e-12 && s.share <= s.hi + 1e-12,
                        "{} {:?} {}: {} not in [{}, {}]",
                        g.family,
                        d.definition,
                        s.country,
                        s.share,
                        s.lo,
                        s.hi
                    );
                }
                assert!(
                    d.unknown_lo <= d.unknown_share + 1e-12
                        && d.unknown_share <= d.unknown_hi + 1e-12
                );
            }
        }
    }
    let width = |r: &ShareReport| {
        let ds = r
            .group("ALL", "all")
            .unwrap()
            .get(Definition::Headquarters)
            .unwrap();
        let s = ds.share_of("US").unwrap();
        s.hi - s.lo
    };
    assert!(
        width(&large) < 0.6 * width(&small),
        "16x the weapons should give a clearly narrower interval: {} vs {}",
        width(&large),
        width(&small)
    );
}

#[test]
fn bootstrap_is_deterministic_per_seed() {
    assert_eq!(synthetic_report(2, 9), synthetic_report(2, 9));
}

#[test]
fn synthetic_scenario_round_trips_through_files() {
    let sc = generate(&SynthConfig {
        seed: 3,
        ..SynthConfig::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let cpath = dir.path().join("components.csv");
    import::write_components_csv(&sc.records, std::fs::File::create(&cpath).unwrap()).unwrap();
    let opts = import::ReadOptions::default();
    let (records, stats) = import::read_components(&cpath, &opts).unwrap();
    assert_eq!(stats.rows_skipped, 0);
    assert_eq!(records, sc.records);
}
