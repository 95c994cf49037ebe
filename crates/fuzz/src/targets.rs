//! The readers under test, each with its seeds and its format's tokens.

use crate::shared_data;
use chokepoint_lists::{open, plan, Format};
use std::io::Read;
use std::path::Path;

/// One reader of outside data, as the fuzzer drives it.
#[derive(Clone, Copy)]
pub struct Target {
    /// A short name (also the regression folder's).
    pub name: &'static str,
    /// Tokens of the format, inserted by the mutator.
    pub tokens: &'static [&'static [u8]],
    /// The seed inputs.
    pub seeds: fn() -> Vec<Vec<u8>>,
    /// Reads one input to the end (written to a file in the scratch folder first); errors are
    /// fine, a panic is a finding.
    pub read: fn(&[u8], &Path),
}

const CSV_TOKENS: &[&[u8]] = &[
    b"\"\"",
    b"\",\"",
    b",,,,",
    b"\"\n\"",
    b"\r",
    b"\xef\xbb\xbf",
];
const XML_TOKENS: &[&[u8]] = &[
    b"<",
    b"</",
    b">",
    b"/>",
    b"<![CDATA[",
    b"]]>",
    b"&amp;",
    b"&#0;",
    b"&#xFFFFFF;",
    b"&bogus;",
    b"<?xml version=\"1.0\"?>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    b"xmlns:x=\"u\"",
    b"<sdnEntry>",
    b"</sdnEntry>",
    b"<INDIVIDUAL>",
    b"</INDIVIDUAL>",
    b"<ENTITY>",
    b"</ENTITY>",
];
const JSON_TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\":\"",
    b"null",
    b"\"properties\":{",
    b"\"schema\":\"Person\"",
    b"\\u0000",
    b"\\ud800",
];

/// The first `max` bytes of a file, cut after its last complete line.
fn head(path: &Path, max: usize) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let f = std::fs::File::open(path).ok()?;
    if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::GzDecoder::new(f)
            .take(max as u64)
            .read_to_end(&mut buf)
            .ok()?;
    } else {
        f.take(max as u64).read_to_end(&mut buf).ok()?;
    }
    if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
        buf.truncate(i + 1);
    }
    (!buf.is_empty()).then_some(buf)
}

/// Seeds from the crate's own `seeds/` files with these names, the repository fixtures given
/// (paths from the workspace root), and the heads of real shared files when present.
fn gather(own: &[&str], fixtures: &[&str], shared: &[&str]) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for f in own {
        if let Ok(b) = std::fs::read(root.join("seeds").join(f)) {
            out.push(b);
        }
    }
    for f in fixtures {
        if let Ok(b) = std::fs::read(root.join("../..").join(f)) {
            out.push(b);
        }
    }
    let data = shared_data();
    for f in shared {
        if let Some(b) = head(&data.join(f), 16 * 1024) {
            out.push(b);
        }
    }
    out
}

/// Writes the input as `name` in the scratch folder and reads it as `format` (or detected).
fn read_list(input: &[u8], scratch: &Path, name: &str, format: Option<Format>) {
    let path = scratch.join(name);
    if std::fs::write(&path, input).is_err() {
        return;
    }
    let Ok(sources) = plan(std::slice::from_ref(&path), format) else {
        return;
    };
    for s in sources {
        if let Ok(stream) = open(&s) {
            // Bounded: a reader that yields without end is a hang, caught by the harness.
            for item in stream.take(2_000_000) {
                let _ = item;
            }
        }
    }
}

/// Writes the input as `name` and reads it as customs records.
fn read_customs(input: &[u8], scratch: &Path, name: &str, lenient: bool) {
    let path = scratch.join(name);
    if std::fs::write(&path, input).is_err() {
        return;
    }
    let opts = chokepoint_trade::ReadOptions {
        lenient,
        ..chokepoint_trade::ReadOptions::default()
    };
    let _ = chokepoint_trade::read_all(&path, &opts);
}

/// Every reader the harness covers.
pub fn targets() -> Vec<Target> {
    vec![
        Target {
            name: "ofac-sdn-csv",
            tokens: CSV_TOKENS,
            seeds: || gather(&["sdn.csv"], &[], &["ofac/sdn_2024-05/sdn.csv"]),
            read: |i, s| read_list(i, s, "sdn.csv", Some(Format::OfacSdnCsv)),
        },
        Target {
            name: "ofac-cons-csv",
            tokens: CSV_TOKENS,
            seeds: || gather(&[], &[], &["ofac/nonsdn_2025-12/cons_prim.csv"]),
            read: |i, s| read_list(i, s, "cons_prim.csv", Some(Format::OfacConsCsv)),
        },
        Target {
            name: "ofac-xml",
            tokens: XML_TOKENS,
            seeds: || {
                gather(
                    &[],
                    &["crates/lists/tests/fixtures/ofac_xml/sdn_prefixed_2025-01.xml"],
                    &[],
                )
            },
            read: |i, s| read_list(i, s, "sdn.xml", Some(Format::OfacXml)),
        },
        Target {
            name: "un-xml",
            tokens: XML_TOKENS,
            seeds: || gather(&["un.xml"], &[], &["un/consolidated_2026-02.xml"]),
            read: |i, s| read_list(i, s, "consolidated.xml", Some(Format::UnXml)),
        },
        Target {
            name: "us-csl",
            tokens: CSV_TOKENS,
            seeds: || gather(&[], &[], &["us_csl/consolidated_2022-05.csv.gz"]),
            read: |i, s| read_list(i, s, "consolidated.csv", Some(Format::UsCsl)),
        },
        Target {
            name: "bis-dpl",
            tokens: CSV_TOKENS,
            seeds: || gather(&[], &[], &["us_csl/dpl_2022-09.txt"]),
            read: |i, s| read_list(i, s, "dpl.txt", Some(Format::BisDpl)),
        },
        Target {
            name: "eu-fsf",
            tokens: XML_TOKENS,
            seeds: || gather(&[], &["crates/lists/tests/fixtures/eu/fsf_sample.xml"], &[]),
            read: |i, s| read_list(i, s, "eu.xml", Some(Format::EuFsf)),
        },
        Target {
            name: "uk-ofsi",
            tokens: CSV_TOKENS,
            seeds: || {
                gather(
                    &[],
                    &["crates/lists/tests/fixtures/uk/ofsi_sample.csv"],
                    &[],
                )
            },
            read: |i, s| read_list(i, s, "ConList.csv", Some(Format::UkOfsi)),
        },
        Target {
            name: "ftm-json",
            tokens: JSON_TOKENS,
            seeds: || gather(&["entities.ftm.json"], &[], &[]),
            read: |i, s| read_list(i, s, "entities.ftm.json", Some(Format::FtmJson)),
        },
        Target {
            name: "list-detect",
            tokens: XML_TOKENS,
            seeds: || {
                gather(
                    &["sdn.csv", "un.xml", "entities.ftm.json"],
                    &["crates/lists/tests/fixtures/uk/ofsi_sample.csv"],
                    &["us_csl/dpl_2022-09.txt", "un/consolidated_2026-02.xml"],
                )
            },
            read: |i, s| read_list(i, s, "list.txt", None),
        },
        Target {
            name: "customs-csv",
            tokens: CSV_TOKENS,
            seeds: || gather(&["customs.csv", "customs_ru.csv"], &[], &[]),
            read: |i, s| read_customs(i, s, "customs.csv", false),
        },
        Target {
            name: "customs-csv-lenient",
            tokens: CSV_TOKENS,
            seeds: || gather(&["customs.csv", "customs_ru.csv"], &[], &[]),
            read: |i, s| read_customs(i, s, "customs.csv", true),
        },
        Target {
            name: "customs-jsonl",
            tokens: JSON_TOKENS,
            seeds: || gather(&["customs.jsonl"], &[], &[]),
            read: |i, s| read_customs(i, s, "customs.jsonl", false),
        },
        Target {
            name: "column-mapping",
            tokens: CSV_TOKENS,
            seeds: || gather(&["mapping.csv"], &["crates/trade/rules/columns.csv"], &[]),
            read: |i, _| {
                let text = String::from_utf8_lossy(i);
                let mut m = chokepoint_trade::mapping::ColumnMapping::builtin();
                let _ = m.extend_from_str(&text, "mapping.csv");
            },
        },
        Target {
            name: "eu-annex",
            tokens: CSV_TOKENS,
            seeds: || {
                gather(
                    &[],
                    &[],
                    &[
                        "eu/oj_annexes_2026-07/32014R0833.csv",
                        "eu/oj_annexes_2026-07/32006R0765.csv",
                    ],
                )
            },
            read: |i, s| read_list(i, s, "32014R0833.csv", Some(Format::EuAnnex)),
        },
        Target {
            name: "us-1260h",
            tokens: CSV_TOKENS,
            seeds: || {
                gather(
                    &[],
                    &[],
                    &["us_dod/chinese_military_companies_1260h_2026-08/sanctions.csv"],
                )
            },
            read: |i, s| read_list(i, s, "sanctions.csv", Some(Format::Us1260h)),
        },
        Target {
            name: "uk-ofsi-real",
            tokens: CSV_TOKENS,
            seeds: || {
                gather(
                    &[],
                    &[],
                    &["uk/ofsi_conlist_2025-04/ConList_2025-04-10.csv.gz"],
                )
            },
            read: |i, s| read_list(i, s, "ConList.csv", Some(Format::UkOfsi)),
        },
        Target {
            name: "registry",
            tokens: CSV_TOKENS,
            seeds: || gather(&["registry.csv"], &[], &[]),
            read: |i, _| {
                let text = String::from_utf8_lossy(i);
                let _ = chokepoint_network::registry::parse_registry(
                    &text,
                    "registry.csv",
                    &chokepoint_network::registry::RegistryMapping::builtin(),
                );
            },
        },
        Target {
            name: "gur-components",
            tokens: CSV_TOKENS,
            seeds: || {
                gather(
                    &[],
                    &[],
                    &["weapons/gur_components_2026-06/components.csv.gz"],
                )
            },
            read: |i, s| {
                let comp = s.join("components.csv");
                let weapons = s.join("drones.csv");
                let seed_weapons = shared_data().join("weapons/gur_components_2026-06/drones.csv");
                if std::fs::write(&comp, i).is_err() {
                    return;
                }
                if !weapons.is_file() {
                    let _ = std::fs::copy(&seed_weapons, &weapons);
                }
                let files = chokepoint_attribution::teardown::gur::GurFiles {
                    components: comp,
                    weapons,
                };
                let _ = chokepoint_attribution::teardown::gur::read_gur(&files, false);
                let _ = chokepoint_attribution::teardown::gur::read_gur(&files, true);
            },
        },
        Target {
            name: "eurostat-cn8",
            tokens: CSV_TOKENS,
            seeds: || {
                gather(
                    &[],
                    &[],
                    &["trade/eurostat_cn8_eu_exports_2020-2022/eu_exports_sanctioned_cn8_monthly_2020-2022.csv.gz"],
                )
            },
            read: |i, s| {
                let path = s.join("eurostat.csv");
                if std::fs::write(&path, i).is_ok() {
                    let _ = chokepoint_reexport::read_file(&path, |_| Ok(()));
                }
            },
        },
        Target {
            name: "components",
            tokens: CSV_TOKENS,
            seeds: || gather(&["components.csv"], &[], &[]),
            read: |i, s| {
                let path = s.join("components.csv");
                if std::fs::write(&path, i).is_ok() {
                    let _ = chokepoint_attribution::import::read_components(
                        &path,
                        &chokepoint_attribution::import::ReadOptions::default(),
                    );
                }
            },
        },
    ]
}
