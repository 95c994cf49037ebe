//! Ctrl-C during a long command: one sentence on what the store holds, exit status 130.

use std::process::{Command, Stdio};
use std::time::Duration;

#[cfg(unix)]
#[test]
fn ctrl_c_says_what_the_store_holds_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .current_dir(dir.path())
        .args([
            "scenario", "generate", "--seed", "3", "--rows", "5000000", "--out", "scen",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted: the step under way was not saved"),
        "{stderr}"
    );
}
