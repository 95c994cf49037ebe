//! The demo's headline figures on seed 7 (200,000 customs rows, the real lists and HS/CHPL
//! files of the shared data folder), pinned: the architecture change of issue 12 moved the
//! stages without changing what they find. Measured before the change (84b30c9) and after;
//! the only differences are the ones the issue names — the trade copy of the shell and
//! phoenix rules went (its `shell network` 884 and `phoenix` 153 record flags, and 1,037 of
//! the 7,298 flags), and the phoenix-successor rule moved into the network crate's
//! indicators, so "Shell companies detected" is 124 (P 0.95 / R 0.95) instead of 120
//! (P 0.95 / R 0.92). Also checks that each input file of the demo is opened once.
//!
//! Issue 13 (the demo's registry imported into the store and read back from there; the shell
//! score became the calibrated logistic model fitted on seeds 1–10, with the `chpl_only`
//! signal; the alert risk became the noisy-or of that probability and the network rules):
//! resolution, chains, end-user counts and every trade and attribution figure unchanged;
//! "Shell companies detected" 124 (P 0.95 / R 0.95) → 128 (P 0.92 / R 0.95; Russian shells
//! P 0.88 / R 0.97); alerts 284 → 148 (weak shell signals no longer add up by noisy-or).

use chokepoint_pipeline::demo::{run, DemoOptions};
use chokepoint_pipeline::Silent;
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let data = std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        });
    let needed = [
        "hs/chpl_hs6.csv",
        "hs/harmonized-system.csv",
        "ofac/sdn_2024-05/sdn.csv",
    ];
    if needed.iter().all(|f| data.join(f).is_file()) {
        Some(data)
    } else {
        eprintln!("SKIP: the shared data folder {} lacks the HS and OFAC files (set CHOKEPOINT_SHARED_DATA)", data.display());
        None
    }
}

/// (question, answer, evidence rows, truth) of every headline, in report order.
const HEADLINES: &[(&str, &str, u64, Option<&str>)] = &[
    (
        "Trade parties that match a watchlist entry",
        "62 of 3562",
        62,
        None,
    ),
    ("Customs records of CHPL goods", "52047", 52047, None),
    (
        "Records flagged for deceptive description",
        "2124",
        2124,
        Some("1952 planted records"),
    ),
    (
        "Records flagged for hs substitution",
        "1505",
        1505,
        Some("1390 planted records"),
    ),
    (
        "Records flagged for mirror gap",
        "100",
        100,
        Some("96 planted records"),
    ),
    (
        "Records flagged for transshipment",
        "583",
        583,
        Some("263 planted records"),
    ),
    (
        "Russian defence end users supplied by companies in mainland China",
        "34 end users",
        469,
        Some("35 (the same query on the true identities)"),
    ),
    (
        "Russian defence end users supplied by companies in Hong Kong",
        "21 end users",
        288,
        Some("23 (the same query on the true identities)"),
    ),
    (
        "Shell companies detected",
        "128",
        128,
        Some("124 planted shells trade in the data"),
    ),
    (
        "Planted supply chains traced to their end user",
        "277 of 277",
        277,
        Some("277 planted chains"),
    ),
    (
        "Share of recovered components shipped to Russia from CN",
        "57 % [52–62 %]",
        965,
        Some("63 % of 1707 components with a known shipment"),
    ),
    (
        "Share of recovered components shipped to Russia from US",
        "4 % [2–8 %]",
        71,
        Some("3 % of 1707 components with a known shipment"),
    ),
    (
        "Share of recovered components with US-headquartered makers",
        "48 % [43–53 %]",
        740,
        None,
    ),
];

#[test]
fn seed_7_headlines_are_pinned_and_every_input_is_parsed_once() {
    let Some(data) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let options = DemoOptions {
        data: data.clone(),
        out: dir.path().join("out"),
        seed: 7,
        rows: 200_000,
        synthetic_lists: false,
    };
    let run = run(&dir.path().join("demo.db"), &options, &Silent).unwrap();

    // The counts behind the headlines.
    assert_eq!(run.imported.summary.stats.rows_ok, 200_000);
    assert_eq!(run.flags, 6261);
    assert_eq!(run.screening.parties, 3562);
    assert_eq!(run.components, 1707);
    let ev = &run.summary["network"]["evaluation"];
    assert_eq!(ev["parties"], 51567);
    assert_eq!(ev["entities"], 4710);
    eprintln!(
        "network: shells P {} R {}; RU shells {}; chains {}/{}",
        ev["shell_precision"], ev["shell_recall"], ev["shell_ru"], ev["chains_found"], ev["chains"]
    );
    assert_eq!(run.summary["network"]["alerts"], 148);
    let lines = run.attribution_lines.join("\n");
    for line in [
        "headquarters  US 48% [43–53], CH 12% [9–15], TW 11% [9–15] (known for 1544 of 1707 components)",
        "manufacture   US 22% [18–26], CN 19% [15–22], TW 18% [14–22] (known for 1707 of 1707 components)",
        "dispatch      CN 57% [52–62], HK 17% [13–20], US 4% [2–8] (known for 1690 of 1707 components)",
    ] {
        assert!(lines.contains(line), "{line}\nnot in\n{lines}");
    }
    let got: Vec<(&str, &str, u64, Option<&str>)> = run
        .report
        .headlines
        .iter()
        .map(|h| {
            (
                h.question.as_str(),
                h.answer.as_str(),
                h.evidence,
                h.truth.as_deref(),
            )
        })
        .collect();
    assert_eq!(got, HEADLINES);

    // Each input file opened once: the scenario's files, the HS tables, every list file.
    let scen = run.scenario_dir.clone();
    for f in [
        "customs.csv",
        "companies.csv",
        "mirror_exports.csv",
        "components.csv",
        "truth.json",
        "truth_records.csv",
        "truth_mirror.csv",
        "truth_components.csv",
    ] {
        assert_eq!(
            run.inputs.get(&scen.join(f)),
            Some(&1),
            "{f}: {:?}",
            run.inputs
        );
    }
    assert_eq!(run.inputs.get(&data.join("hs/chpl_hs6.csv")), Some(&1));
    assert_eq!(
        run.inputs.get(&data.join("ofac/sdn_2024-05/sdn.csv")),
        Some(&1),
        "the SDN list is read by its import only; the scenario takes its defence names from it"
    );
    let twice: Vec<_> = run.inputs.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "opened more than once: {twice:?}");
    assert!(run.inputs.len() >= 14, "{:?}", run.inputs);
}
