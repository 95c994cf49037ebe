//! Browser test: the demo's store served by `chokepoint serve`, driven in headless Chromium
//! (Debian's chromium and chromium-driver; `.ci/run` installs them) by
//! `tests/browser/ui_test.py`: screen a name, triage a hit (mark, note, CSV export), read
//! properties and countries by their human names, dismiss an alert with a note, filter the
//! queue and undo, draw an alert's network centred on its subject, render the report, and sign in on a server with API keys. Screenshots
//! go to `target/ui-screenshots/`. Skips with a message when Chromium, ChromeDriver or the
//! shared data are missing.

mod common;

use std::path::Path;
use std::process::Command;

fn which(name: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn web_ui_screens_a_name_and_dismisses_an_alert() {
    let Some(data) = common::shared_data("hs/chpl_hs6.csv") else {
        return;
    };
    for tool in ["chromium", "chromedriver", "python3"] {
        if !which(tool) {
            eprintln!("skipping: `{tool}` is not installed (.ci/run installs Debian's chromium and chromium-driver)");
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_chokepoint");
    // The scenario's own watchlist keeps this test fast; the demo test covers the real lists.
    let out = Command::new(bin)
        .current_dir(dir.path())
        .args([
            "--db",
            "ui.db",
            "demo",
            "--rows",
            "20000",
            "--seed",
            "5",
            "--synthetic-lists",
            "--lists",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "demo: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A name the synthetic watchlist holds: the first designated entry of the scenario.
    let watchlist =
        std::fs::read_to_string(dir.path().join("chokepoint-demo/watchlist/sdn.csv")).unwrap();
    let name = watchlist
        .lines()
        .next()
        .and_then(|l| l.split('"').nth(1))
        .unwrap()
        .to_string();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui-screenshots");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser/ui_test.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(["--bin", bin, "--db"])
        .arg(dir.path().join("ui.db"))
        .arg("--report")
        .arg(dir.path().join("chokepoint-demo/report.html"))
        .arg("--out")
        .arg(&shots)
        .args(["--name", &name])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "browser test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("8 passed, 0 failed"));
    for shot in [
        "ui-screen.png",
        "ui-triage.png",
        "ui-entity-labels.png",
        "ui-network.png",
        "ui-alerts.png",
        "ui-alerts-filtered.png",
        "ui-login.png",
        "report.png",
    ] {
        assert!(shots.join(shot).is_file(), "{shot} saved");
    }
}
