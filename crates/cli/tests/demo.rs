//! End to end: `chokepoint demo` on a small scenario; the report's figures are checked against
//! the scenario's truth.

use serde_json::Value;
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn shared() -> Option<PathBuf> {
    common::shared_data("hs/chpl_hs6.csv")
}

fn demo(data: &Path, dir: &Path, extra: &[&str]) -> (Value, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .current_dir(dir)
        .args([
            "--db", "demo.db", "demo", "--rows", "20000", "--seed", "11", "--lists",
        ])
        .arg(data)
        .args(extra)
        .output()
        .expect("run demo");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "demo failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("chokepoint-demo/summary.json")).unwrap(),
    )
    .unwrap();
    let report = std::fs::read_to_string(dir.join("chokepoint-demo/report.html")).unwrap();
    (summary, report, stdout)
}

fn scheme<'a>(s: &'a Value, name: &str) -> &'a Value {
    s["trade"]["schemes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["scheme"] == name)
        .unwrap_or_else(|| panic!("scheme {name}"))
}

#[test]
fn demo_on_the_scenario_watchlist_matches_the_truth() {
    let Some(data) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (s, report, stdout) = demo(&data, dir.path(), &["--synthetic-lists"]);
    assert_eq!(s["synthetic"], true);
    assert_eq!(s["synthetic_lists"], true);
    assert_eq!(
        s["lists"][0]["list"], "synthetic-sdn",
        "the synthetic watchlist never passes for OFAC's"
    );
    // Screening finds every designated company that trades, under its trade-record spelling.
    let sc = &s["screening"];
    assert!(sc["designated_trading"].as_u64().unwrap() > 0);
    assert_eq!(sc["designated_matched"], sc["designated_trading"], "{sc}");
    // Detectors against the planted truth (the targets).
    for name in ["deceptive_description", "hs_substitution"] {
        let x = scheme(&s, name);
        assert!(x["recall"].as_f64().unwrap() >= 0.9, "{name}: {x}");
        assert!(x["precision"].as_f64().unwrap() >= 0.8, "{name}: {x}");
    }
    // Attribution: the true dispatch share of CN lies in the estimate's 95 % interval.
    let cn = s["attribution"]["shares"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["country"] == "CN")
        .unwrap();
    let (lo, hi, truth) = (
        cn["lo"].as_f64().unwrap(),
        cn["hi"].as_f64().unwrap(),
        cn["truth"].as_f64().unwrap(),
    );
    assert!(
        lo <= truth && truth <= hi,
        "CN dispatch share truth {truth} outside [{lo}, {hi}]"
    );
    // The report shows the same figures, labelled synthetic, with no network access needed.
    assert!(report.contains("synthetic data") && report.contains("id=\"synthetic\""));
    for h in s["headlines"].as_array().unwrap() {
        let answer = h["answer"].as_str().unwrap();
        assert!(
            report.contains(&answer.replace('<', "&lt;")),
            "report shows {answer}"
        );
    }
    let dd = scheme(&s, "deceptive_description");
    assert!(report.contains(&format!("{} planted records", dd["truth"])));
    assert!(!report.contains("<script") && !report.contains("src=\"http"));
    assert!(stdout.contains("Headline answers"));
}

#[test]
fn demo_on_the_real_lists_screens_against_them() {
    let Some(data) = shared() else { return };
    if !data.join("ofac/sdn_2024-05/sdn.csv").is_file() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (s, report, _) = demo(&data, dir.path(), &[]);
    assert_eq!(s["synthetic_lists"], false);
    let lists: Vec<&str> = s["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["list"].as_str().unwrap())
        .collect();
    assert_eq!(
        lists,
        [
            "eu-269-2014",
            "eu-765-2006",
            "eu-833-2014",
            "ofac-cons",
            "ofac-sdn",
            "uk-ofsi",
            "un",
            "us-1260h",
            "us-csl",
            "us-dpl"
        ]
    );
    assert!(
        report.contains("14965") && report.contains("2024-05"),
        "real lists named with their dates"
    );
    // A second run replaces the lists with the same publications: nothing added or removed.
    let out = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .current_dir(dir.path())
        .args(["--db", "demo.db", "lists", "diff", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (s2, _, stdout) = demo(&data, dir.path(), &[]);
    let sdn_line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("ofac-sdn"))
        .unwrap_or_default();
    assert!(
        sdn_line.ends_with("14965 entities (0 added, 0 changed, 0 removed)"),
        "{stdout}"
    );
    assert_eq!(s2["trade"]["records"], s["trade"]["records"]);
}
