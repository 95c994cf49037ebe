//! End to end on a small generated scenario: detectors (which never read the truth) scored
//! against the truth. The thresholds are the targets; the scenario is deterministic
//! per seed, so this test fails only when the detectors or the generator change behaviour.

use chokepoint_eval::trade as eval;
use chokepoint_scenario as scenario;
use chokepoint_trade::{shared_data_dir, Classifier};

#[test]
fn detectors_meet_targets_on_a_small_scenario() {
    let hs = shared_data_dir().join("hs");
    if !hs.join("harmonized-system.csv").exists() {
        eprintln!(
            "SKIP: real HS data not found at {} (set CHOKEPOINT_SHARED_DATA)",
            hs.display()
        );
        return;
    }
    let classifier = Classifier::load(&hs).unwrap();
    let dir = tempfile::tempdir().unwrap();
    scenario::generate(21, 40_000, dir.path(), &Default::default()).unwrap();
    let report = eval::evaluate(dir.path(), &classifier).unwrap();
    println!("{report}");
    assert!(report.synthetic);
    for name in ["deceptive_description", "hs_substitution"] {
        let s = report.schemes.iter().find(|s| s.name == name).unwrap();
        assert!(
            s.truth > 50,
            "{name}: too few planted records ({})",
            s.truth
        );
        assert!(s.recall.unwrap() >= 0.9, "{name} recall {:?}", s.recall);
        assert!(
            s.precision.unwrap() >= 0.8,
            "{name} precision {:?}",
            s.precision
        );
    }
    // Rules that are meant to be precise stay precise.
    let rule = |r: &str| {
        report
            .rules
            .iter()
            .find(|s| s.name == format!("rule:{r}"))
            .unwrap()
            .clone()
    };
    assert!(rule("desc.mismatch").precision.unwrap() >= 0.95);
    assert!(rule("sub.description").precision.unwrap() >= 0.95);
}
