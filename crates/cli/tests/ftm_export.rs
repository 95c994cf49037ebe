//! `lists export` writes FtM that the `followthemoney` Python package accepts: every real list
//! (OFAC SDN, UN, US CSL, EU annexes, UK OFSI, 1260H) is imported into a temporary store,
//! exported, and every line checked by `tests/ftm_validate.py`. Skips with a message when the
//! shared data or the package (`python3 -m pip install followthemoney`) is missing. The Python
//! interpreter is `$CHOKEPOINT_PYTHON` when set (CI sets it to a virtual environment that has
//! the package, and then a missing package fails the test instead of skipping it), else `python3`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn chokepoint(db: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run chokepoint");
    assert!(
        out.status.success(),
        "chokepoint {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn validator() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ftm_validate.py")
}

/// The interpreter that runs the validator, and whether the package is required of it.
fn python() -> (String, bool) {
    match std::env::var("CHOKEPOINT_PYTHON") {
        Ok(p) if !p.is_empty() => (p, true),
        _ => ("python3".to_string(), false),
    }
}

fn validate(file: &Path) -> Output {
    Command::new(python().0)
        .arg(validator())
        .arg(file)
        .output()
        .expect("run python3")
}

fn followthemoney_installed() -> bool {
    let (python, required) = python();
    let ok = Command::new(&python)
        .args(["-c", "import followthemoney"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || !required,
        "CHOKEPOINT_PYTHON={python} cannot import followthemoney"
    );
    if !ok {
        eprintln!(
            "skipping: the followthemoney Python package is not installed \
             (python3 -m pip install followthemoney)"
        );
    }
    ok
}

#[test]
fn every_exported_line_of_the_real_lists_is_valid_ftm() {
    let Some(data) = common::shared_data("ofac/sdn_2024-05/sdn.csv") else {
        return;
    };
    if !followthemoney_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lists.db");
    let p = |rel: &str| data.join(rel).display().to_string();
    let mut sdn = vec![
        "lists".to_string(),
        "import".into(),
        p("ofac/sdn_2024-05/sdn.csv"),
    ];
    let aux = data.join("ofac/sdn_aux_2025-12");
    let mut parts: Vec<String> = std::fs::read_dir(&aux)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "csv"))
                .map(|p| p.display().to_string())
                .collect()
        })
        .unwrap_or_default();
    parts.sort();
    sdn.extend(parts);
    let sdn: Vec<&str> = sdn.iter().map(String::as_str).collect();
    chokepoint(&db, &sdn);
    for files in [
        vec![
            "un/consolidated_2026-02.xml",
            "us_csl/consolidated_2022-05.csv.gz",
        ],
        vec![
            "eu/oj_annexes_2026-07/32014R0833.csv",
            "eu/oj_annexes_2026-07/32014R0269.csv.gz",
            "eu/oj_annexes_2026-07/32006R0765.csv",
        ],
        vec![
            "us_dod/chinese_military_companies_1260h_2026-08/sanctions.csv",
            "uk/ofsi_conlist_2025-04/ConList_2025-04-10.csv.gz",
        ],
    ] {
        let present: Vec<String> = files
            .iter()
            .filter(|f| data.join(f).exists())
            .map(|f| p(f))
            .collect();
        if present.len() < files.len() {
            eprintln!("note: some of {files:?} are missing; exporting without them");
        }
        if present.is_empty() {
            continue;
        }
        let mut args = vec!["lists", "import"];
        args.extend(present.iter().map(String::as_str));
        chokepoint(&db, &args);
    }
    let out_file = dir.path().join("all.ftm.json");
    let out = chokepoint(
        &db,
        &["lists", "export", "--out", out_file.to_str().unwrap()],
    );
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("Sanction entities"), "{report}");
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert!(text.lines().count() > 60_000, "every list exported");
    assert!(
        text.contains(r#""schema":"Sanction""#),
        "designations are Sanction entities"
    );
    let check = validate(&out_file);
    assert!(
        check.status.success(),
        "the export is not valid FtM:\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );

    // The export reads back: the same entities, designations attached again.
    let back = dir.path().join("back.db");
    chokepoint(
        &back,
        &[
            "lists",
            "import",
            "--format",
            "ftm-json",
            "--list",
            "ftm",
            out_file.to_str().unwrap(),
        ],
    );
    let stats = chokepoint(&back, &["lists", "stats", "--json", "--top", "100000"]);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    let designees = text
        .lines()
        .filter(|l| !l.contains(r#""schema":"Sanction""#))
        .count() as u64;
    let total: u64 = stats["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["entities"].as_u64().unwrap())
        .sum();
    assert_eq!(total, designees, "one entity per designee line");
    let programmes = stats["programs"].as_array().unwrap();
    assert!(
        programmes.iter().any(|p| p["program"] == "RUSSIA-EO14024"),
        "the Sanction entities' programmes are attached to their designees again"
    );
}

#[test]
fn the_validator_names_lines_that_are_not_ftm() {
    if !followthemoney_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.ftm.json");
    let lines = [
        r#"{"id":"ok-1","schema":"Person","properties":{"name":["Ivan Petrov"],"country":["ru"]}}"#,
        r#"{"id":"bad-2","schema":"Person","properties":{"name":["Ivan Petrov"],"listingDate":["2022-02-24"]}}"#,
        r#"{"id":"bad-3","schema":"Company","properties":{"name":["X"],"phone":["8 495 123"]}}"#,
        r#"{"id":"bad-4","schema":"Airplane","properties":{"name":["EP-ABC"],"jurisdiction":["ir"]}}"#,
        r#"{"id":"bad-5","schema":"Company","properties":{"name":["X"],"country":["nm"]}}"#,
        r#"{"id":"bad-6","schema":"Sanction","properties":{"entity":["nowhere-1"]}}"#,
        r#"{"id":"bad-7","schema":"Company","properties":{"alias":["X"]}}"#,
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = validate(&file);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(!text.contains("ok-1"), "{text}");
    for (line, id, why) in [
        (2, "bad-2", "has no property 'listingDate'"),
        (3, "bad-3", "phone: '8 495 123'"),
        (4, "bad-4", "has no property 'jurisdiction'"),
        (5, "bad-5", "country: 'nm'"),
        (
            6,
            "bad-6",
            "names 'nowhere-1', which the file does not hold",
        ),
        (7, "bad-7", "required property 'name' missing"),
    ] {
        assert!(
            text.contains(&format!("bad.ftm.json:{line}: {id}: "))
                && text
                    .lines()
                    .any(|l| l.contains(&format!(":{line}: {id}: ")) && l.contains(why)),
            "line {line} ({why}) not named:\n{text}"
        );
    }
}
