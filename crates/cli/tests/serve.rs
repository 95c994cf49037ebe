//! `chokepoint serve` as a process: it follows the store (a list imported while it runs is
//! served without a restart) and, with keys, records decisions under the key's label.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

/// One HTTP/1.1 GET on a fresh connection: (status, body).
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n")?.1.to_string();
    Some((status, body))
}

/// The number of entities `/catalog` reports for `default` (every list in the store).
fn served_entities(port: u16) -> Option<u64> {
    let (status, body) = get(port, "/catalog")?;
    if status != 200 {
        return None;
    }
    // Chunked or not, the JSON object is the part between the first '{' and the last '}'.
    let json = &body[body.find('{')?..=body.rfind('}')?];
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    v["datasets"]
        .as_array()?
        .iter()
        .find(|d| d["name"] == "default")?["summary"]
        .as_str()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for<T>(what: &str, limit: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let t = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(t.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_list_imported_while_serving_is_served_without_a_restart() {
    let Some(data) = common::shared_data("ofac/nonsdn_2025-12/cons_prim.csv") else {
        return;
    };
    let un = data.join("un/consolidated_2026-02.xml");
    if !un.is_file() {
        eprintln!("skipping: {} not found", un.display());
        return;
    }
    let bin = env!("CARGO_BIN_EXE_chokepoint");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    let import = |file: &std::path::Path| {
        let out = Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(["lists", "import"])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "import {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    import(&data.join("ofac/nonsdn_2025-12/cons_prim.csv"));
    let port = free_port();
    let _server = Server(
        Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let before = wait_for("the server", Duration::from_secs(120), || {
        served_entities(port)
    });
    assert!(before > 0, "the first list is served");
    import(&un);
    let after = wait_for("the UN list to be served", Duration::from_secs(120), || {
        served_entities(port).filter(|&n| n > before)
    });
    assert!(after > before + 500, "{before} → {after}");
}
