//! Analyst judgements override entity resolution and persist in the store across runs.

mod common;

use std::path::Path;
use std::process::Command;

fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .current_dir(dir)
        .args(["--db", "j.db"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn not_same_splits_a_merge_and_same_joins_one_across_runs() {
    let Some(data) = common::shared_data("hs/chpl_hs6.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,date,vedCode,goodsDescription,usdAmount,receiverName,receiverInn,receiverAddress,senderName,senderCountry,originCountry,departureCountry\n\
        R1,2023-03-01,8542310000,микросхемы,1000,ООО «Альфа Компонент»,7701234567,\"г. Москва, ул. Лесная, д. 5\",SHENZHEN RIVER ELECTRONICS CO LTD,CN,CN,CN\n\
        R2,2023-04-01,8542310000,микросхемы,1200,OOO ALFA KOMPONENT,7701234567,\"g. Moskva, ul. Lesnaya, d. 5\",SHENZHEN RIVER ELECTRONICS CO. LTD.,CN,CN,CN\n\
        R3,2023-05-01,8542310000,микросхемы,900,ООО «Бета»,7709999999,\"г. Тверь, ул. Мира, д. 1\",SHENZHEN RIVER ELECTRONIC CO LTD,HK,CN,HK\n";
    std::fs::write(dir.path().join("c.csv"), csv).unwrap();
    let hs = data.join("hs");
    run(
        dir.path(),
        &["trade", "import", "c.csv", "--hs", hs.to_str().unwrap()],
    );
    let before = run(dir.path(), &["resolve", "--min-mentions", "2"]);
    assert!(
        before.contains("merged Inn"),
        "the two Alfa mentions share an INN: {before}"
    );
    let keys: Vec<String> = before
        .lines()
        .filter_map(|l| l.trim().strip_prefix("mention ").map(str::to_string))
        .filter(|k| k.contains("7701234567"))
        .collect();
    assert_eq!(keys.len(), 2, "{before}");
    run(
        dir.path(),
        &[
            "judge",
            &keys[0],
            &keys[1],
            "not-same",
            "--note",
            "different branches",
        ],
    );
    let after = run(
        dir.path(),
        &["resolve", "--min-mentions", "1", "--limit", "100"],
    );
    assert!(after.contains("1 analyst judgements applied"), "{after}");
    let alfa_entities = after
        .lines()
        .filter(|l| l.contains("INN 7701234567"))
        .count();
    assert_eq!(alfa_entities, 2, "the judgement splits them: {after}");
    // A later `same` judgement wins over the earlier one, and survives another run.
    run(dir.path(), &["judge", &keys[1], &keys[0], "same"]);
    let again = run(
        dir.path(),
        &["resolve", "--min-mentions", "1", "--limit", "100"],
    );
    assert_eq!(
        again
            .lines()
            .filter(|l| l.contains("INN 7701234567"))
            .count(),
        1,
        "{again}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .current_dir(dir.path())
        .args(["--db", "j.db", "judge", "a", "b", "maybe"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
