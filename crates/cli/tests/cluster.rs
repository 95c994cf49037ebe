//! `chokepoint cluster …` runs the separately built `chokepoint-cluster` binary, or says how to
//! build it.

use std::process::Command;

#[test]
fn cluster_without_its_binary_says_how_to_build_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .args(["cluster", "classify", "--input", "x.parquet", "--out", "o"])
        .env("PATH", "")
        .output()
        .expect("run chokepoint");
    let err = String::from_utf8_lossy(&out.stderr);
    // A workspace build never puts chokepoint-cluster beside chokepoint (it is its own workspace).
    assert!(!out.status.success(), "stderr: {err}");
    assert!(
        err.contains("chokepoint-cluster") && err.contains("crates/cluster/Cargo.toml"),
        "stderr: {err}"
    );
}

#[cfg(unix)]
#[test]
fn cluster_runs_the_binary_found_on_path_with_the_arguments_given() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = dir.path().join("chokepoint-cluster");
    let seen = dir.path().join("args.txt");
    std::fs::write(
        &fake,
        format!("#!/bin/sh\necho \"$@\" > {}\nexit 3\n", seen.display()),
    )
    .expect("write fake binary");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let out = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .args([
            "cluster",
            "screen",
            "--input",
            "c.parquet",
            "--scheduler",
            "df://h:1",
        ])
        .env("PATH", dir.path())
        .output()
        .expect("run chokepoint");
    assert_eq!(
        std::fs::read_to_string(&seen)
            .expect("the fake binary ran")
            .trim(),
        "screen --input c.parquet --scheduler df://h:1"
    );
    // Its failure is ours.
    assert!(!out.status.success());
}
