//! `chokepoint trade surges` end to end on a small hand-written file in Eurostat's layout
//! (classified with the real HS 2022 / CHPL tables from the shared data folder): the table, the
//! JSON, and a broken file that fails with its line and field and leaves the store unchanged.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

/// A row: `f(year, month)` EUR for 2020-01 .. 2022-11, `:` for zero and for 2022-12.
fn row(code: &str, reporter: &str, partner: &str, f: impl Fn(u32, u32) -> f64) -> String {
    let mut r = format!("{code},\"label\",EXPORT,VALUE_IN_EUROS,{reporter},{partner}");
    for i in 0..36u32 {
        let v = if i == 35 {
            0.0
        } else {
            f(2020 + i / 12, i % 12 + 1).round()
        };
        if v > 0.0 {
            let _ = write!(r, ",{v}");
        } else {
            r.push_str(",:");
        }
    }
    r + "\n"
}

fn fixture() -> String {
    let mut s = String::from("product_code,product_label,flow,indicator,reporter,partner");
    for y in 2020..=2022 {
        for m in 1..=12 {
            let _ = write!(s, ",{y}-{m:02}");
        }
    }
    s.push('\n');
    let after = |y: u32, m: u32| y == 2022 && m >= 3;
    for (p, g, d) in [
        ("Russian Federation (Russia)", 0.5, 1.1),
        ("Armenia", 1.2, 0.9),
        ("Kazakhstan", 3.0, 1.2),
    ] {
        for (code, base, drift) in [("62034231", 40_000.0, d), ("94036010", 30_000.0, 2.0 - d)] {
            s.push_str(&row(code, "Germany", p, move |y, m| {
                let season = 1.0 + 0.1 * f64::from(m % 3);
                base * season
                    * match y {
                        2020 => 1.0,
                        _ if after(y, m) => drift * g,
                        _ => drift,
                    }
            }));
        }
    }
    s.push_str(&row(
        "85423990",
        "Germany",
        "Russian Federation (Russia)",
        move |y, m| {
            if after(y, m) {
                5_000.0
            } else {
                120_000.0
            }
        },
    ));
    s.push_str(&row("85423990", "Germany", "Armenia", move |y, m| {
        if after(y, m) {
            80_000.0
        } else {
            1_000.0
        }
    }));
    s.push_str(&row("85423990", "Italy", "Kazakhstan", move |y, m| {
        if after(y, m) {
            90_000.0
        } else {
            30_000.0
        }
    }));
    s
}

#[test]
fn trade_surges_ranks_the_fixture_and_refuses_a_broken_file() {
    let Some(shared) = common::shared_data("hs/chpl_hs6.csv") else {
        return;
    };
    let hs = shared.join("hs");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let file = dir.path().join("eurostat.csv");
    std::fs::write(&file, fixture()).unwrap();
    let hs_s = hs.to_str().unwrap();

    let out = run(
        &db,
        &[
            "trade",
            "surges",
            "--file",
            file.to_str().unwrap(),
            "--hs",
            hs_s,
            "--top",
            "5",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("9 rows read, 9 imported"), "{err}");
    assert!(err.contains("unpublished months: 2022-12"), "{err}");
    assert!(text.contains("REAL DATA"), "{text}");
    let first = text
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .unwrap();
    assert!(
        first.contains("8542.39") && first.contains(" AM "),
        "{first}"
    );
    assert!(
        text.contains("Values are in EUR"),
        "caveats printed: {text}"
    );
    assert!(
        text.contains("DE AM 85423990 2022-03 80000 (line 9)"),
        "{text}"
    );

    // JSON from the store, without importing again: the same ranking, with evidence.
    let out = run(
        &db,
        &[
            "trade", "surges", "--hs", hs_s, "--format", "json", "--top", "10",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5, "one CHPL code, five partners");
    assert_eq!(rows[0]["code"], "8542.39");
    assert_eq!(rows[0]["partner"], "AM");
    assert_eq!(rows[0]["evidence"].as_array().unwrap().len(), 35);
    // Kazakhstan tripled, as did all its other goods: not unexplained.
    let kz = rows.iter().find(|r| r["partner"] == "KZ").unwrap();
    assert!(kz["unexplained_eur"].as_f64().unwrap() <= 0.0, "{kz}");
    let before = String::from_utf8_lossy(&out.stdout).into_owned();

    // A broken file: the error names file, line and field; the store keeps the old import.
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, fixture().replacen(",80000,", ",8O000,", 1)).unwrap();
    let out = run(
        &db,
        &[
            "trade",
            "surges",
            "--file",
            broken.to_str().unwrap(),
            "--hs",
            hs_s,
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.csv: line 9: field `2022-03`"), "{err}");
    let out = run(
        &db,
        &[
            "trade", "surges", "--hs", hs_s, "--format", "json", "--top", "10",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        before,
        "the store is unchanged"
    );
}
