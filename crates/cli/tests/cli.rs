//! End-to-end tests of `chokepoint lists …` on the real lists: imports, stats, deltas, and
//! corrupted files that must fail with a clear error and leave the store unchanged.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared() -> Option<PathBuf> {
    common::shared_data("ofac")
}

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run chokepoint")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The store's content as a comparable snapshot: the export (ids, values, provenance) plus history.
fn snapshot(db: &Path) -> (String, String) {
    (ok(db, &["lists", "export"]), ok(db, &["lists", "history"]))
}

#[test]
fn import_stats_diff_export_on_real_ofac_and_un() {
    let Some(data) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let sdn = data.join("ofac/sdn_2024-05/sdn.csv");
    let aux = data.join("ofac/sdn_aux_2025-12");
    let out = ok(
        &db,
        &[
            "lists",
            "import",
            p(&sdn),
            p(&aux.join("add.csv")),
            p(&aux.join("alt.csv")),
            p(&aux.join("sdn_comments.csv")),
        ],
    );
    assert!(out.contains("ofac-sdn"), "{out}");
    assert!(
        out.contains("14965"),
        "all 14,965 SDN entries imported: {out}"
    );
    let stats = ok(&db, &["lists", "stats", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stats).unwrap();
    let schema_count = |schema: &str| -> u64 {
        v["schemata"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["list"] == "ofac-sdn" && r["schema"] == schema)
            .map(|r| r["entities"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(schema_count("Person"), 6854);
    assert_eq!(schema_count("Vessel"), 851);
    assert_eq!(schema_count("Airplane"), 376);
    assert_eq!(
        schema_count("Organization") + schema_count("Company") + schema_count("LegalEntity"),
        6884
    );
    assert!(v["countries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["country"] == "ru"));
    assert!(v["programs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["program"] == "RUSSIA-EO14024"));

    // The text report names lists and programmes.
    let text = ok(&db, &["lists", "stats"]);
    assert!(
        text.contains("By schema") && text.contains("ofac-sdn"),
        "{text}"
    );

    // Re-importing the older 2021-07 publication of the same list is a delta: entries delisted
    // or added since show up as removed/added, and the list is replaced. It removes 46 % of
    // the list, so it is refused unless asked for (`--allow-shrink`).
    let old = data.join("ofac/sdn_2021-07");
    let refused = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .arg("--db")
        .arg(&db)
        .args(["lists", "import"])
        .arg(old.join("sdn.csv"))
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--allow-shrink"));
    ok(
        &db,
        &[
            "lists",
            "import",
            "--allow-shrink",
            p(&old.join("sdn.csv")),
            p(&old.join("add.csv")),
            p(&old.join("alt.csv")),
            p(&old.join("sdn_comments.csv")),
        ],
    );
    let diff = ok(&db, &["lists", "diff", "--list", "ofac-sdn", "--json"]);
    let rows: Vec<serde_json::Value> = diff
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |c: &str| rows.iter().filter(|r| r["change"] == c).count();
    assert!(
        count("removed") > 5000,
        "SDN grew by thousands of entries from 2021 to 2024"
    );
    assert!(count("added") > 0 && count("changed") > 0);
    // 14,965 now minus what was removed plus what was added is the 2021 list.
    assert_eq!(14965 - count("removed") + count("added"), 8976);

    // FtM export round-trips through import as an FtM file.
    let ftm = dir.path().join("all.ftm.json");
    ok(
        &db,
        &["lists", "export", "--list", "ofac-sdn", "--out", p(&ftm)],
    );
    // One line per designee and one `Sanction` line per designation (strict FtM).
    let text = std::fs::read_to_string(&ftm).unwrap();
    let schemata: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["schema"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    let sanctions = schemata.iter().filter(|s| *s == "Sanction").count();
    assert_eq!(schemata.len() - sanctions, 8976);
    assert_eq!(sanctions, 8976);
    let db2 = dir.path().join("c2.db");
    let out = ok(&db2, &["lists", "import", p(&ftm)]);
    assert!(out.contains("8976"), "{out}");
}

fn corrupt_case(
    name: &str,
    source: &Path,
    file_name: &str,
    mutate: impl FnOnce(Vec<u8>) -> Vec<u8>,
    expect: &[&str],
) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    // A store that already holds a list must come out of the failed import unchanged.
    let data = shared().unwrap();
    ok(
        &db,
        &[
            "lists",
            "import",
            p(&data.join("ofac/nonsdn_2025-12/cons_prim.csv")),
        ],
    );
    let before = snapshot(&db);
    let bad_dir = dir.path().join("bad");
    std::fs::create_dir(&bad_dir).unwrap();
    let bad = bad_dir.join(file_name);
    std::fs::write(&bad, mutate(std::fs::read(source).unwrap())).unwrap();
    let out = run(&db, &["lists", "import", p(&bad)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{name}: corrupted import must fail");
    assert!(err.contains(p(&bad)), "{name}: error names the file: {err}");
    for e in expect {
        assert!(err.contains(e), "{name}: error mentions `{e}`: {err}");
    }
    assert!(err.contains("store is unchanged"), "{name}: {err}");
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert_eq!(snapshot(&db), before, "{name}: store unchanged");
}

#[test]
fn corrupted_real_files_fail_clearly_and_leave_the_store_unchanged() {
    let Some(data) = shared() else { return };
    let sdn = data.join("ofac/sdn_2024-05/sdn.csv");
    // Cut mid-record: the last record's quoted name is left open.
    corrupt_case(
        "cut mid-record",
        &sdn,
        "sdn.csv",
        |mut b| {
            // Find a record start in the middle (`\nNNN,"`) and cut three letters into its name.
            let cut = b.len() / 2;
            let nl = cut + b[cut..].iter().position(|&c| c == b'\n').unwrap();
            let quote = nl + b[nl..].iter().position(|&c| c == b'"').unwrap();
            b.truncate(quote + 4);
            b
        },
        &["line"],
    );
    // Bad encoding: bytes that are not UTF-8 in the middle of line 100.
    corrupt_case(
        "bad encoding",
        &sdn,
        "sdn.csv",
        |b| {
            // A UTF-8 file (an `é` on line 10) whose line 100 holds bytes that are not UTF-8.
            let mut lines: Vec<Vec<u8>> = b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
            let l = &mut lines[9];
            let at = l.iter().position(|&c| c == b'"').unwrap() + 2;
            l.splice(at..at, [0xc3, 0xa9]);
            let l = &mut lines[99];
            let at = l.iter().position(|&c| c == b'"').unwrap() + 2;
            l.splice(at..at, [0xff, 0xfe, 0xc3]);
            lines.join(&b'\n')
        },
        &["line 100"],
    );
    // Wrong column count on line 50.
    corrupt_case(
        "wrong column count",
        &sdn,
        "sdn.csv",
        |b| {
            let mut lines: Vec<Vec<u8>> = b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
            lines[49] = b"4242,\"SHORT ROW\",-0- ".to_vec();
            lines.join(&b'\n')
        },
        &["line 50"],
    );
    // Broken XML: the UN list cut in the middle of an element.
    let un = data.join("un/consolidated_2026-02.xml");
    corrupt_case(
        "broken XML",
        &un,
        "consolidated.xml",
        |mut b| {
            b.truncate(b.len() / 3);
            b
        },
        &["line"],
    );
    // Broken XML: a mismatched closing tag in the OFAC XML.
    let ofac_xml = data.join("ofac/xml_2018-05/consolidated.xml");
    corrupt_case(
        "mismatched tag",
        &ofac_xml,
        "consolidated.xml",
        |b| {
            let s = String::from_utf8(b).unwrap();
            s.replacen("</lastName>", "</lastNam>", 40).into_bytes()
        },
        &["line"],
    );
}

#[test]
fn lenient_import_skips_and_counts_bad_records() {
    let Some(data) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let bad = dir.path().join("sdn.csv");
    let src = std::fs::read(data.join("ofac/sdn_2024-05/sdn.csv")).unwrap();
    let mut lines: Vec<Vec<u8>> = src.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
    lines[9] = b"4242,\"SHORT ROW\",-0- ".to_vec();
    lines[19] = b"notanumber,\"X\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ".to_vec();
    std::fs::write(&bad, lines.join(&b'\n')).unwrap();
    let out = run(&db, &["lists", "import", p(&bad)]);
    assert!(!out.status.success());
    let out = run(&db, &["lists", "import", "--lenient", p(&bad)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("14963"), "two records skipped: {stdout}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 10") && err.contains("line 20"), "{err}");
    let history = ok(&db, &["lists", "history"]);
    assert!(
        history.contains("14963") && history.contains(" 2 "),
        "{history}"
    );
}

#[test]
fn unknown_files_and_formats_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = run(&db, &["lists", "import", "/nonexistent/list.csv"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/list.csv"));
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "hello\n").unwrap();
    let out = run(&db, &["lists", "import", "--format", "nope", p(&junk)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format `nope`"));
    let out = run(&db, &["lists", "import", p(&junk)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("notes.txt"));
}
