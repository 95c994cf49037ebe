//! Seeded damage sweeps over real list files: copies of the OFAC non-SDN CSV, the OFAC XML,
//! the UN XML, the gzip-compressed US CSL, the EU annex CSV, the 1260H CSV and the
//! gzip-compressed UK ConList are damaged in many ways (bytes flipped, cut
//! short, quotes, delimiters, newlines and angle brackets inserted, chunks repeated, invalid
//! UTF-8) and read to the end. No damage may panic or loop; every error names the file; a
//! fatal error ends the stream.

mod common;

use chokepoint_lists::{open, plan};
use common::data_dir;
use std::path::Path;

/// SplitMix64: a small seeded generator, so every run damages the files the same way.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(bytes: &[u8], rng: &mut Seeded) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = rng.below(out.len());
    match rng.next() % 9 {
        0 => out.truncate(at),
        1 => out[at] ^= 1 << (rng.next() % 8),
        2 => out.insert(at, b'"'),
        3 => out.insert(at, b','),
        4 => out.insert(at, b'\n'),
        5 => out.insert(at, b'<'),
        6 => out.splice(at..at, [0x80u8, 0xd0]).for_each(drop),
        7 => {
            let len = rng.below(400).min(out.len() - at);
            let chunk = out[at..at + len].to_vec();
            let to = rng.below(out.len());
            out.splice(to..to, chunk).for_each(drop);
        }
        _ => {
            for _ in 0..1 + rng.next() % 8 {
                let i = rng.below(out.len());
                out[i] = rng.next() as u8;
            }
        }
    }
    out
}

/// Reads a damaged copy to the end; returns (entities, errors). Panics (failing the test) if
/// an error does not name the file, if anything follows a fatal error, or if the stream
/// yields far more items than the original file holds.
fn read_all(path: &Path, limit: usize) -> (usize, usize) {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let sources = match plan(&[path.to_path_buf()], None) {
        Ok(s) => s,
        Err(e) => {
            assert!(e.to_string().contains(&name), "{e}");
            return (0, 1);
        }
    };
    let stream = match open(&sources[0]) {
        Ok(s) => s,
        Err(e) => {
            assert!(e.to_string().contains(&name), "{e}");
            return (0, 1);
        }
    };
    let (mut ok, mut errors, mut fatal) = (0, 0, false);
    for item in stream {
        assert!(!fatal, "{name}: an item after a fatal error");
        match item {
            Ok(_) => ok += 1,
            Err(e) => {
                errors += 1;
                assert!(e.to_string().contains(&name), "error without the file: {e}");
                fatal = !e.is_recoverable();
            }
        }
        assert!(
            ok + errors <= limit,
            "{name}: {} items, looping?",
            ok + errors
        );
    }
    (ok, errors)
}

/// Damages `src` `cases` times; returns how many copies gave at least one error.
fn sweep(src: &Path, cases: usize, seed: u64) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let original = tmp.path().join(src.file_name().unwrap());
    std::fs::copy(src, &original).unwrap();
    let (clean, clean_errors) = read_all(&original, usize::MAX);
    assert_eq!(clean_errors, 0, "{} reads cleanly", src.display());
    let bytes = std::fs::read(src).unwrap();
    let mut rng = Seeded(seed);
    let mut broken = 0;
    for _ in 0..cases {
        std::fs::write(&original, mutate(&bytes, &mut rng)).unwrap();
        let (_, errors) = read_all(&original, 4 * clean + 100);
        broken += usize::from(errors > 0);
    }
    broken
}

#[test]
fn damaged_ofac_csv_never_panics() {
    let Some(data) = data_dir() else { return };
    let broken = sweep(&data.join("ofac/nonsdn_2025-12/cons_prim.csv"), 120, 1);
    // The legacy CSV is mostly free text in quoted fields: most damage leaves well-formed
    // rows (18 of 120 copies broke when this was written).
    assert!(broken > 8, "{broken} of 120 damaged copies gave an error");
}

#[test]
fn damaged_ofac_xml_never_panics() {
    let Some(data) = data_dir() else { return };
    let broken = sweep(&data.join("ofac/xml_2018-05/consolidated.xml"), 20, 2);
    assert!(broken > 5, "{broken} of 20 damaged copies gave an error");
}

#[test]
fn damaged_un_xml_never_panics() {
    let Some(data) = data_dir() else { return };
    let broken = sweep(&data.join("un/consolidated_2026-02.xml"), 15, 3);
    assert!(broken > 4, "{broken} of 15 damaged copies gave an error");
}

#[test]
fn damaged_csl_gzip_never_panics() {
    let Some(data) = data_dir() else { return };
    let broken = sweep(&data.join("us_csl/consolidated_2022-05.csv.gz"), 15, 4);
    // Almost any damage to compressed bytes breaks the gzip stream or its checksum.
    assert!(broken > 10, "{broken} of 15 damaged copies gave an error");
}

#[test]
fn damaged_eu_annex_csv_never_panics() {
    let Some(data) = data_dir() else { return };
    let src = data.join("eu/oj_annexes_2026-07/32014R0833.csv");
    if !src.exists() {
        eprintln!("skipping: {} not found", src.display());
        return;
    }
    let broken = sweep(&src, 30, 5);
    // Free text in quoted cells absorbs much damage; a cut, a quote or a comma in the wrong
    // place breaks a row.
    assert!(broken > 5, "{broken} of 30 damaged copies gave an error");
}

#[test]
fn damaged_1260h_csv_never_panics() {
    let Some(data) = data_dir() else { return };
    let src = data.join("us_dod/chinese_military_companies_1260h_2026-08/sanctions.csv");
    if !src.exists() {
        eprintln!("skipping: {} not found", src.display());
        return;
    }
    let broken = sweep(&src, 80, 6);
    assert!(broken > 10, "{broken} of 80 damaged copies gave an error");
}

#[test]
fn damaged_uk_ofsi_gzip_never_panics() {
    let Some(data) = data_dir() else { return };
    let src = data.join("uk/ofsi_conlist_2025-04/ConList_2025-04-10.csv.gz");
    if !src.exists() {
        eprintln!("skipping: {} not found", src.display());
        return;
    }
    let broken = sweep(&src, 10, 7);
    assert!(broken > 6, "{broken} of 10 damaged copies gave an error");
}
