//! `pipeline::reexport`: the store opened with every stage's migrations holds the reexport
//! tables; a Eurostat-layout file imports, analyses and becomes the report's view, whose
//! fragment renders offline. A small hand-written file; the real one is tested in
//! `crates/reexport/tests/real_file.rs`.

use chokepoint_pipeline::reexport::{analyse_surges, import_surges_file, view};
use chokepoint_reexport::SurgeOptions;
use chokepoint_trade::Classifier;
use std::fmt::Write as _;

/// Germany's exports to one partner: `before` EUR a month in 2020, `before × drift` in 2021
/// and 2022-01..02, `after` from 2022-03, 2022-12 unpublished.
fn row(code: &str, partner: &str, before: u64, drift: f64, after: u64) -> String {
    let mut r = format!("{code},label,EXPORT,VALUE_IN_EUROS,Germany,{partner}");
    for i in 0..36 {
        let v = match i {
            35 => None,
            26.. => Some(after),
            // Ordinary variation: ±10 % by calendar month.
            12.. => Some(((before + before / 10 * (i % 3)) as f64 * drift) as u64),
            _ => Some(before + before / 10 * (i % 3)),
        };
        match v {
            Some(v) if v > 0 => write!(r, ",{v}").unwrap(),
            _ => r.push_str(",:"),
        }
    }
    r + "\n"
}

#[test]
fn the_stage_imports_analyses_and_renders_its_view() {
    let hs = chokepoint_trade::shared_data_dir().join("hs");
    if !hs.join("chpl_hs6.csv").exists() {
        eprintln!(
            "skipped: {} is absent (set CHOKEPOINT_SHARED_DATA)",
            hs.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("product_code,product_label,flow,indicator,reporter,partner");
    for y in 2020..=2022 {
        for m in 1..=12 {
            write!(text, ",{y}-{m:02}").unwrap();
        }
    }
    text.push('\n');
    for (p, basket_after) in [
        ("Russian Federation (Russia)", 20_000),
        ("Armenia", 55_000),
        ("Georgia", 60_000),
    ] {
        text.push_str(&row("62034231", p, 50_000, 1.3, basket_after));
        text.push_str(&row("94036010", p, 30_000, 0.8, basket_after / 2));
    }
    text.push_str(&row(
        "85423990",
        "Russian Federation (Russia)",
        100_000,
        1.0,
        5_000,
    ));
    text.push_str(&row("85423990", "Armenia", 1_000, 1.1, 70_000));
    text.push_str(&row("85423990", "Georgia", 10_000, 0.9, 12_000));
    let file = dir.path().join("eurostat.csv");
    std::fs::write(&file, text).unwrap();

    let mut store = chokepoint_pipeline::open_store(&dir.path().join("s.db")).unwrap();
    let tables: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'reexport_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 5, "the stage migrations create the reexport tables");
    let summary = import_surges_file(&mut store, &file).unwrap();
    assert_eq!(summary.stats.rows_read, 9);
    let classifier = Classifier::load(&hs).unwrap();
    let table = analyse_surges(&store, &classifier, &SurgeOptions::default()).unwrap();
    let v = view(&table, 10);
    assert_eq!(v.source, "eurostat.csv");
    assert_eq!(
        (v.baseline.as_str(), v.after.as_str()),
        ("2020-01 .. 2021-12", "2022-03 .. 2022-11")
    );
    assert_eq!(v.rows.len(), 5, "one row per rise partner");
    assert_eq!(
        (v.rows[0].code.as_str(), v.rows[0].partner.as_str()),
        ("8542.39", "AM")
    );
    assert!(v.rows[0].unexplained_eur > 0.0);
    assert_eq!(v.rows[0].evidence.len(), 35);
    // Baseline, transition and after months only.
    assert_eq!(v.rows[0].monthly.len(), 35);
    assert!(v.rows[0].russia_drop_share.unwrap() > 0.9);
    assert!(v.caveats.iter().any(|c| c.contains("EUR")));
    // Georgia's small rise is within its basket's growth.
    let ge = v.rows.iter().find(|r| r.partner == "GE").unwrap();
    assert!(ge.unexplained_eur <= 0.0, "{}", ge.unexplained_eur);
    let html = chokepoint_report::render_real_surges(&v, 3, 1);
    assert!(html.contains("real data: Eurostat") && html.contains("<svg"));
    assert!(!html.contains("http"), "renders without network access");
}
