//! Scenario properties that need files: detectors are blind to the truth, and defence
//! end-user names can come from a real list.

use chokepoint_trade::detect::{run_all, DetectOptions, Sources};
use chokepoint_trade::scenario::{self, names, ScenarioOptions};
use chokepoint_trade::{read_all, shared_data_dir, Classifier};

#[test]
fn detectors_never_read_the_truth() {
    let hs = shared_data_dir().join("hs");
    if !hs.join("harmonized-system.csv").exists() {
        eprintln!("SKIP: real HS data not found at {}", hs.display());
        return;
    }
    let classifier = Classifier::load(&hs).unwrap();
    let dir = tempfile::tempdir().unwrap();
    scenario::generate(3, 8000, dir.path(), &ScenarioOptions::default()).unwrap();
    let (records, _) = read_all(
        &dir.path().join(scenario::CUSTOMS_FILE),
        &Default::default(),
    )
    .unwrap();
    let sources = Sources {
        mirror_exports: Some(dir.path().join(scenario::MIRROR_FILE)),
        registry: Some(dir.path().join(scenario::COMPANIES_FILE)),
    };
    let with_truth = run_all(&records, &classifier, &sources, &DetectOptions::default()).unwrap();
    for f in [
        scenario::TRUTH_FILE,
        scenario::TRUTH_RECORDS_FILE,
        scenario::TRUTH_MIRROR_FILE,
        "truth_components.csv",
    ] {
        std::fs::remove_file(dir.path().join(f)).unwrap();
    }
    let without = run_all(&records, &classifier, &sources, &DetectOptions::default()).unwrap();
    assert!(!with_truth.is_empty());
    assert_eq!(with_truth, without);
}

#[test]
fn defence_names_come_from_the_real_list_when_given() {
    let sdn = shared_data_dir().join("ofac/sdn_2024-05/sdn.csv");
    if !sdn.exists() {
        eprintln!("SKIP: {} not found", sdn.display());
        return;
    }
    let names = names::defence_names_from_list(&sdn, 12).unwrap();
    assert_eq!(names.len(), 12, "{names:?}");
    let text = std::fs::read_to_string(&sdn).unwrap();
    for n in &names {
        assert!(text.contains(n.as_str()), "{n} not in the list");
    }
    let dir = tempfile::tempdir().unwrap();
    scenario::generate(
        4,
        2000,
        dir.path(),
        &ScenarioOptions {
            defence_list: Some(sdn.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let registry = std::fs::read_to_string(dir.path().join(scenario::COMPANIES_FILE)).unwrap();
    assert!(registry.starts_with("# SYNTHETIC"));
    assert!(registry.contains(names[0].as_str()));
}
