//! `chokepoint network run` on a store built only from imported files — the hand-written
//! fixture `crates/network/tests/fixtures/realistic/` (customs declarations with Russian
//! headers, a second file of domestic deliveries naming importers in Latin, an EGRUL-like
//! extract with Russian headers and one INN that lost its leading zero, a foreign registry in a
//! vendor's English headers, and a watchlist of three defence plants), no generator involved.
//! Issue 13's cases: LTD = LIMITED, Cyrillic = Latin with one INN, the business-centre firms
//! sharing an accountant's phone not flagged, shells and chains against the fixture's truth.

use chokepoint_network::indicators::SHELL_THRESHOLD;
use chokepoint_network::registry::registry_count;
use chokepoint_pipeline::{
    import_registry, import_trade, ingest_lists, open_store, run_network_on_store, IngestOptions,
    NetworkOptions, Silent,
};
use chokepoint_trade::{Classifier, ReadOptions};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn hs() -> Option<PathBuf> {
    let data = std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        });
    let hs = data.join("hs");
    if hs.join("harmonized-system.csv").is_file() && hs.join("chpl_hs6.csv").is_file() {
        Some(hs)
    } else {
        eprintln!(
            "SKIP: no HS/CHPL files under {} (set CHOKEPOINT_SHARED_DATA)",
            hs.display()
        );
        None
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../network/tests/fixtures/realistic")
        .join(name)
}

/// The fixture's truth: shells, honest companies, chains (exporter, importer, end user).
struct Truth {
    shells: Vec<String>,
    honest: Vec<String>,
    chains: Vec<(String, String, String)>,
}

fn truth() -> Truth {
    let mut t = Truth {
        shells: vec![],
        honest: vec![],
        chains: vec![],
    };
    // Plain comma-separated: no name in the truth file holds a comma or a quote.
    let text = std::fs::read_to_string(fixture("truth.csv")).unwrap();
    for line in text.lines().skip(1) {
        let row: Vec<&str> = line.split(',').collect();
        match row[0] {
            "shell" => t.shells.push(row[1].to_string()),
            "honest" => t.honest.push(row[1].to_string()),
            "chain" => t
                .chains
                .push((row[1].to_string(), row[2].to_string(), row[3].to_string())),
            other => panic!("truth kind {other}"),
        }
    }
    t
}

#[test]
fn network_runs_on_a_store_built_only_from_imported_files() {
    let Some(hs) = hs() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir.path().join("store.db")).unwrap();
    let classifier = Classifier::load(&hs).unwrap();
    ingest_lists(
        &mut store,
        &[fixture("watchlist.ftm.json")],
        &IngestOptions {
            format: Some("ftm-json".into()),
            ..IngestOptions::default()
        },
        &Silent,
    )
    .unwrap();
    for f in ["customs.csv", "deliveries.csv"] {
        import_trade(
            &mut store,
            &fixture(f),
            &classifier,
            &ReadOptions::default(),
            &Silent,
        )
        .unwrap();
    }
    let ru = import_registry(&mut store, &fixture("egrul_extract.csv"), None).unwrap();
    assert!(
        ru.file.unmapped.iter().any(|h| h == "ОКВЭД"),
        "an unmapped column is reported: {:?}",
        ru.file.unmapped
    );
    assert!(
        ru.file
            .warnings
            .iter()
            .any(|w| w.contains("leading zero") && w.contains("line 7")),
        "the INN that lost its leading zero is restored and reported: {:?}",
        ru.file.warnings
    );
    let foreign = import_registry(&mut store, &fixture("foreign_companies.csv"), None).unwrap();
    assert_eq!(foreign.file.companies.len(), 12);
    assert_eq!(registry_count(store.connection()).unwrap(), 26);

    // A registry cut mid-record is refused with its file and line, and the store keeps what it had.
    let broken = dir.path().join("broken.csv");
    std::fs::write(
        &broken,
        "Наименование;ИНН\nООО «Первый»;7701000001\n\"ООО «Второй;7701000002\n",
    )
    .unwrap();
    let err = import_registry(&mut store, &broken, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("broken.csv") && err.contains("quote"), "{err}");
    assert_eq!(registry_count(store.connection()).unwrap(), 26);

    let options = NetworkOptions {
        countries: vec!["HK".into(), "TR".into()],
        communities: true,
        ..NetworkOptions::default()
    };
    let (ds, net, input) = run_network_on_store(&mut store, None, &options).unwrap();
    assert_eq!(input.records, 202);
    assert_eq!(input.registry, 26);
    let res = &net.resolution;
    let g = &net.graph;
    let entity_of_name = |name: &str| -> HashSet<u32> {
        ds.parties
            .iter()
            .enumerate()
            .filter(|(_, p)| p.name == name)
            .map(|(i, _)| res.entity_of[i])
            .collect()
    };
    let one = |names: &[&str]| -> u32 {
        let all: HashSet<u32> = names.iter().flat_map(|n| entity_of_name(n)).collect();
        assert_eq!(all.len(), 1, "{names:?} resolve to {all:?}");
        *all.iter().next().unwrap()
    };
    // LTD and LIMITED (customs rows and the foreign registry) are one company.
    let unionchip = one(&["UNIONCHIP HONG KONG LTD", "UNIONCHIP HONG KONG LIMITED"]);
    // Cyrillic in the customs file and the registry, Latin in the deliveries file: one INN.
    let ermak = one(&["ООО «Ермак-Трейд»", "OOO \"ERMAK-TREYD\""]);
    // The registry's INN without its leading zero still joins the declarations.
    one(&["ООО «Ресурс Импорт»", "RESURS IMPORT LLC"]);
    assert!(res.entities[ermak as usize].registry.is_some());
    assert_eq!(g.country[unionchip as usize], "HK");

    let t = truth();
    let node = |name: &str| -> u32 {
        let s = entity_of_name(name);
        assert_eq!(s.len(), 1, "{name}: {s:?}");
        *s.iter().next().unwrap()
    };
    let flagged = |name: &str| net.shell[node(name) as usize] >= SHELL_THRESHOLD;
    // The business-centre firms sharing the accountant's phone are not flagged.
    for honest in [
        "ООО «Нева-Электрокомплект»",
        "ООО «Балтприбор»",
        "ООО «Лиговка Логистик»",
        "ООО «Северная Торговая Компания»",
    ] {
        assert!(
            !flagged(honest),
            "{honest}: shell score {:.2}",
            net.shell[node(honest) as usize]
        );
    }
    assert!(flagged("ООО «Ермак-Трейд»"));
    for name in t.shells.iter().chain(&t.honest) {
        let v = node(name);
        let rules: Vec<String> = net
            .signals
            .iter()
            .filter(|s| s.node == v)
            .map(|s| format!("{}={:.2}", s.rule, s.score))
            .collect();
        eprintln!(
            "{} | {} | {:.2} | {}",
            name,
            if t.shells.contains(name) {
                "shell"
            } else {
                "honest"
            },
            net.shell[v as usize],
            rules.join(" ")
        );
    }
    // Shells against the truth, Russian and foreign apart.
    let mut table = Vec::new();
    for (group, ru) in [("RU", true), ("foreign", false)] {
        let is_ru = |n: &str| g.country[node(n) as usize] == "RU";
        let shells: Vec<&String> = t.shells.iter().filter(|n| is_ru(n) == ru).collect();
        let honest: Vec<&String> = t.honest.iter().filter(|n| is_ru(n) == ru).collect();
        let tp = shells.iter().filter(|n| flagged(n)).count();
        let fp = honest.iter().filter(|n| flagged(n)).count();
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / shells.len().max(1) as f64;
        table.push((group, p, r, tp, fp, shells.len()));
        eprintln!(
            "fixture {group} shells: P {p:.2} R {r:.2} ({tp} of {} found, {fp} honest flagged)",
            shells.len()
        );
    }
    let (_, p_ru, r_ru, ..) = table[0];
    assert!(r_ru >= 0.7 && p_ru >= 0.8, "Russian shells {table:?}");
    // Every planted chain is traced from the end user back to the exporter.
    let mut found = 0;
    for (exp, imp, eu) in &t.chains {
        let (e, i, u) = (node(exp), node(imp), node(eu));
        assert!(
            g.is_end_user(u),
            "{eu} is a defence end user from the watchlist"
        );
        let tr = chokepoint_network::trace::trace_to_node(
            g,
            &ds,
            u,
            &chokepoint_network::TraceOptions::default(),
        );
        if tr.has_hop(e, i) && tr.has_hop(i, u) {
            found += 1;
        } else {
            eprintln!("chain not traced: {exp} → {imp} → {eu}");
        }
    }
    eprintln!("fixture chains traced: {found} of {}", t.chains.len());
    assert!(found as f64 >= 0.95 * t.chains.len() as f64);
    // Results are stored as the demo stores them.
    assert!(chokepoint_network::alerts::alert_count(store.connection()).unwrap() > 0);
    assert!(store.document("network").unwrap().is_some());
    assert!(store.document("communities").unwrap().is_some());
}

/// Defence end users come from the lists in the store: an analyst's own end-user list makes a
/// company of the declarations an end user of the graph, with no registry column saying so.
#[test]
fn an_analysts_end_user_list_makes_a_company_a_defence_end_user() {
    let Some(hs) = hs() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir.path().join("store.db")).unwrap();
    let classifier = Classifier::load(&hs).unwrap();
    import_trade(
        &mut store,
        &fixture("customs.csv"),
        &classifier,
        &ReadOptions::default(),
        &Silent,
    )
    .unwrap();
    let plant = "АО «Элкомп Дистрибуция»";
    let is_end_user = |store: &mut chokepoint_store::Store| {
        let (ds, net, _) = run_network_on_store(store, None, &NetworkOptions::default()).unwrap();
        let e = ds
            .parties
            .iter()
            .position(|p| p.name == plant)
            .map(|i| net.resolution.entity_of[i])
            .expect("the company trades");
        net.graph.is_end_user(e)
    };
    assert!(!is_end_user(&mut store), "no list names it yet");
    let list = dir.path().join("my_end_users.csv");
    std::fs::write(
        &list,
        "name,country,inn,ogrn,aliases,reason\nАО «Элкомп Дистрибуция»,RU,7713001112,,,supplies a missile plant (our own investigation)\n",
    )
    .unwrap();
    ingest_lists(
        &mut store,
        &[list],
        &IngestOptions {
            format: Some("end-users".into()),
            ..IngestOptions::default()
        },
        &Silent,
    )
    .unwrap();
    assert!(
        is_end_user(&mut store),
        "the analyst's list makes it an end user"
    );
}
