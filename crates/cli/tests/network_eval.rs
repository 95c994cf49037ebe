//! `chokepoint network-eval` prints one scored row per seed against the scenario truth.

mod common;

use std::process::Command;

#[test]
fn network_eval_scores_every_seed() {
    let Some(data) = common::shared_data("hs/chpl_hs6.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .current_dir(dir.path())
        .args(["network-eval", "--seeds", "4,5", "--rows", "20000", "--hs"])
        .arg(data.join("hs"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for seed in ["| 4 |", "| 5 |"] {
        let row = stdout
            .lines()
            .find(|l| l.starts_with(seed))
            .unwrap_or_else(|| panic!("row {seed}: {stdout}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let f1: f64 = cells[7].parse().unwrap();
        assert!(f1 > 0.9, "resolution F1 {f1}: {row}");
        assert!(
            cells[10].ends_with("1.000") || cells[10].contains("= 0.9"),
            "chains: {row}"
        );
    }
}
