//! Scenario properties that need files: detectors are blind to the truth, and defence
//! end-user names can come from a real list.

use chokepoint_scenario::{self as scenario, names, ScenarioOptions};
use chokepoint_trade::detect::{run_all, DetectOptions, Sources};
use chokepoint_trade::{read_all, shared_data_dir, Classifier, CustomsRecord};

/// The real HS classifier and a generated scenario's folder and customs records; `None`, with
/// a note, when the HS data is absent.
fn generated(seed: u64, rows: u64) -> Option<(Classifier, tempfile::TempDir, Vec<CustomsRecord>)> {
    let hs = shared_data_dir().join("hs");
    if !hs.join("harmonized-system.csv").exists() {
        eprintln!("SKIP: real HS data not found at {}", hs.display());
        return None;
    }
    let classifier = Classifier::load(&hs).unwrap();
    let dir = tempfile::tempdir().unwrap();
    scenario::generate(seed, rows, dir.path(), &ScenarioOptions::default()).unwrap();
    let (records, _) = read_all(
        &dir.path().join(scenario::CUSTOMS_FILE),
        &Default::default(),
    )
    .unwrap();
    Some((classifier, dir, records))
}

#[test]
fn detectors_never_read_the_truth() {
    let Some((classifier, dir, records)) = generated(3, 8000) else {
        return;
    };
    let sources = Sources {
        mirror_exports: Some(dir.path().join(scenario::MIRROR_FILE)),
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

#[test]
fn distributions_look_like_the_field() {
    let Some((classifier, _dir, records)) = generated(8, 60_000) else {
        return;
    };
    let war = chokepoint_trade::Date::from_ymd(2022, 3, 1).unwrap();
    let coalition = [
        "DE", "US", "JP", "NL", "FI", "KR", "IT", "GB", "FR", "CH", "SE",
    ];
    let (mut pre, mut pre_coalition, mut post, mut post_cn, mut post_hk, mut post_coalition) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let mut per_importer: std::collections::HashMap<&str, usize> = Default::default();
    let mut per_month = [0usize; 12];
    for r in &records {
        *per_importer.entry(r.receiver_inn.as_str()).or_default() += 1;
        per_month[r.date.month() as usize - 1] += 1;
        let Ok(c) = classifier.classify(&r.ved_code) else {
            continue;
        };
        if c.chpl.is_none() {
            continue;
        }
        let v = r.value_usd().unwrap_or(0.0);
        let d = r.departure_country.as_str();
        if r.date < war {
            pre += v;
            if coalition.contains(&d) {
                pre_coalition += v;
            }
        } else {
            post += v;
            match d {
                "CN" => post_cn += v,
                "HK" => post_hk += v,
                _ if coalition.contains(&d) => post_coalition += v,
                _ => {}
            }
        }
    }
    // The post-2022 shift of CHPL trade to China and Hong Kong (KSE: 56 % and 19 % by value).
    assert!(
        pre_coalition / pre > 0.3,
        "coalition share before the war {:.2}",
        pre_coalition / pre
    );
    assert!(
        post_coalition / post < 0.05,
        "coalition share after {:.2}",
        post_coalition / post
    );
    assert!(
        post_cn / post > 0.4 && post_cn / post < 0.8,
        "CN share {:.2}",
        post_cn / post
    );
    assert!(post_hk / post > 0.08, "HK share {:.2}", post_hk / post);
    // Zipf-sized trade: the biggest 5 % of importers carry a large share of records.
    let mut counts: Vec<usize> = per_importer.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top = counts.iter().take(counts.len() / 20).sum::<usize>() as f64 / records.len() as f64;
    assert!(top > 0.3, "top 5 % of importers carry {top:.2}");
    // Seasonality: December busier than January.
    assert!(
        per_month[11] as f64 > per_month[0] as f64 * 1.2,
        "{per_month:?}"
    );
}
