//! `chokepoint attribute --components <GUR components file> --format json`, the exact command of
//! issue 14, on the real file; and a damaged copy that must fail with file, line and field.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const FILE: &str = "weapons/gur_components_2026-06/components.csv.gz";

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run chokepoint")
}

#[test]
fn attribute_gur_components_as_json() {
    let Some(data) = common::shared_data(FILE) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = data.join(FILE);
    let out = run(
        &dir.path().join("c.db"),
        &[
            "attribute",
            "--components",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["components"], 5806);
    assert_eq!(v["rows_read"], 8326);
    assert_eq!(v["duplicates"]["rows_removed"], 2520);
    let shares = v["shares"].as_array().unwrap();
    let cn = |denominator_kind: &str| {
        shares
            .iter()
            .find(|s| {
                s["group_kind"] == "all"
                    && s["definition"] == "headquarters"
                    && s["country"] == "CN"
                    && s["denominator_kind"] == denominator_kind
            })
            .unwrap_or_else(|| panic!("CN {denominator_kind}"))
            .clone()
    };
    let all = cn("all_components");
    assert_eq!(
        (all["numerator"].as_f64(), all["denominator"].as_f64()),
        (Some(419.0), Some(5806.0))
    );
    assert_eq!(
        format!("{:.1}", 100.0 * all["share"].as_f64().unwrap()),
        "7.2"
    );
    let known = cn("known_country");
    assert_eq!(known["denominator"].as_f64(), Some(5642.0));
    assert_eq!(
        format!("{:.1}", 100.0 * known["share"].as_f64().unwrap()),
        "7.4"
    );
    // every share carries its interval (or null for one weapon), n and definition
    for s in shares {
        for k in [
            "definition",
            "numerator",
            "denominator",
            "n_components",
            "n_weapons",
            "lo",
            "hi",
        ] {
            assert!(s.get(k).is_some(), "{k} missing in {s}");
        }
    }
    let fpv = shares
        .iter()
        .find(|s| {
            s["group"] == "fpv_strike"
                && s["definition"] == "headquarters"
                && s["country"] == "CN"
                && s["denominator_kind"] == "all_components"
        })
        .unwrap();
    assert_eq!(
        (fpv["numerator"].as_f64(), fpv["denominator"].as_f64()),
        (Some(20.0), Some(36.0))
    );
    assert!(fpv["lo"].is_number() && fpv["hi"].is_number());
    assert_eq!(v["claim"]["rows"][0]["verdict"], "below");
}

#[test]
fn a_truncated_gur_file_fails_naming_the_file() {
    let Some(data) = common::shared_data(FILE) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(data.join(FILE)).unwrap();
    let cut = dir.path().join("components.csv.gz");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let drones = data.join("weapons/gur_components_2026-06/drones.csv");
    let out = run(
        &dir.path().join("c.db"),
        &[
            "attribute",
            "--components",
            cut.to_str().unwrap(),
            "--weapons",
            drones.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:", cut.display())) && err.contains(":gzip:"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "no partial report");
}
