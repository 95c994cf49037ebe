//! The 22 cross-script pairs of the watchman peer suite
//! (`peer_suites/watchman/cross_script_pairs.csv` under the shared data folder: env
//! `CHOKEPOINT_SHARED_DATA`, else `../../../shared/data` from this crate). Skipped with a
//! message when the file is absent.
//!
//! A pair meets when the names share a key (order-insensitive, variants included) or their
//! [`similarity`] reaches the pair's minimum score.
//!
//! Out of scope, and asserted to fail: 金正恩 / Kim Jong Un (a Korean name written in Hanja
//! needs Korean readings of the characters; pinyin gives `jin zheng en`), 山田太郎 / Yamada
//! Taro and 田中花子 / Tanaka Hanako (Japanese kanji need Japanese readings, which need a
//! dictionary; pinyin gives `shan tian tai lang`).

use chokepoint_names::{analyze, similarity, NameKind};
use std::path::PathBuf;

fn shared_data() -> PathBuf {
    match std::env::var_os("CHOKEPOINT_SHARED_DATA") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
    }
}

const OUT_OF_SCOPE: &[&str] = &["金正恩", "山田太郎", "田中花子"];

#[test]
fn watchman_cross_script_pairs() {
    let path = shared_data().join("peer_suites/watchman/cross_script_pairs.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let mut total = 0;
    let mut met = Vec::new();
    let mut missed = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.splitn(4, ',').collect();
        if f.len() < 3 {
            continue;
        }
        let Ok(min) = f[2].trim().parse::<f64>() else {
            continue;
        };
        total += 1;
        let a = analyze(f[0], NameKind::Person);
        let b = analyze(f[1], NameKind::Person);
        let s = similarity(&a, &b);
        let shares = a.shares_key(&b);
        let report = format!(
            "{} [{}] / {} [{}]: similarity {s:.3} (min {min}), shared key {shares}",
            f[0],
            a.key(),
            f[1],
            b.key()
        );
        eprintln!("{report}");
        if shares || s >= min {
            met.push(f[0].to_string());
        } else {
            missed.push((f[0].to_string(), report));
        }
    }
    eprintln!("cross-script pairs met: {} of {total}", met.len());
    assert_eq!(total, 22, "the suite has 22 pairs");
    let missed_names: Vec<&str> = missed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(missed_names, OUT_OF_SCOPE, "{missed:#?}");
    assert_eq!(met.len(), 19);
}
