//! `chokepoint demo`: the whole job on the embedded default store.
//!
//! 1. generates a synthetic scenario with ground truth (customs records 2021–2025, a company
//!    registry, recovered components, mirror exports);
//! 2. imports the real watchlists found in the data folder, or else the scenario's own
//!    watchlist written in OFAC's CSV format;
//! 3. screens every trade party against every list;
//! 4. imports and classifies the customs records, runs the detectors and scores them against
//!    the truth;
//! 5. resolves trade parties, builds the supply graph, traces chains to defence end users and
//!    raises alerts;
//! 6. attributes recovered components to their origin by three definitions;
//! 7. writes the HTML report and `summary.json` (every headline with the truth beside it).

mod network;
mod watchlist;

use crate::commands::{attribute_stage, lists};
use crate::discover;
use crate::progress;
use anyhow::{Context, Result};
use chokepoint_report::{FlowRow, Headline, Intermediary, ListRow, ReportData};
use chokepoint_scenario::{self as scenario, ScenarioOptions};
use chokepoint_screen::{Query, SearchOptions};
use chokepoint_store::Store;
use clap::Args;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Options of the demo.
#[derive(Args)]
pub struct DemoArgs {
    /// The folder of real data (laid out like ../shared/data: lists and the HS/CHPL files).
    /// Defaults to $CHOKEPOINT_LISTS, else $CHOKEPOINT_SHARED_DATA, else ../shared/data.
    #[arg(long, env = "CHOKEPOINT_LISTS")]
    lists: Option<PathBuf>,
    /// Use the scenario's own watchlist even when real lists are found.
    #[arg(long)]
    synthetic_lists: bool,
    /// Scenario seed.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Customs rows to generate.
    #[arg(long, default_value_t = 200_000)]
    rows: u64,
    /// Where the scenario, the report and the summary go.
    #[arg(long, default_value = "chokepoint-demo")]
    out: PathBuf,
}

fn data_dir(args: &DemoArgs) -> Option<PathBuf> {
    if let Some(p) = &args.lists {
        return Some(p.clone());
    }
    if let Some(p) = std::env::var_os("CHOKEPOINT_SHARED_DATA") {
        return Some(PathBuf::from(p));
    }
    let default = Path::new("../shared/data");
    default.is_dir().then(|| default.to_path_buf())
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// Runs the demo.
pub fn run(db: &Path, args: DemoArgs) -> Result<()> {
    let t_all = std::time::Instant::now();
    let data = data_dir(&args);
    let out = args.out.clone();
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let scen = out.join("scenario");
    outln!(
        "Chokepoint demo — store {}, output {}",
        db.display(),
        out.display()
    );
    let hs = data
        .as_ref()
        .map(|d| d.join("hs"))
        .filter(|p| p.join("chpl_hs6.csv").is_file());
    let Some(hs) = hs else {
        anyhow::bail!(
            "the HS 2022 nomenclature and the CHPL are needed (hs/harmonized-system.csv, hs/chpl_hs6.csv): pass --lists DIR (laid out like ../shared/data) or set CHOKEPOINT_SHARED_DATA"
        );
    };
    let data = data.unwrap_or_default();

    // 1. Scenario.
    let real_sdn = data.join("ofac/sdn_2024-05/sdn.csv");
    let pb = progress::counter("scenario");
    let summary = scenario::generate(
        args.seed,
        args.rows,
        &scen,
        &ScenarioOptions {
            defence_list: real_sdn.is_file().then_some(real_sdn),
            russian_headers: false,
        },
    )?;
    pb.finish_and_clear();
    outln!(
        "\n1. SYNTHETIC scenario (seed {}): {} customs rows, {} companies, {} recovered components → {}",
        args.seed,
        summary.rows,
        summary.companies,
        summary.components,
        scen.display()
    );
    let registry = chokepoint_trade::registry::read_companies(&scen.join("companies.csv"))?;

    // 2. Lists.
    let found = if args.synthetic_lists {
        Vec::new()
    } else {
        discover::newest_lists(&data)
    };
    let synthetic_lists = found.is_empty();
    let reports = if synthetic_lists {
        let end_users = network::end_user_ids(&scen)?;
        let path = watchlist::write(&out.join("watchlist"), &registry, &end_users)?;
        outln!(
            "\n2. No real lists found: importing the scenario's own SYNTHETIC watchlist {}",
            path.display()
        );
        lists::import(
            db,
            &[path],
            Some("ofac-sdn-csv"),
            false,
            Some("synthetic"),
            Some(watchlist::LIST),
        )?
    } else {
        outln!(
            "\n2. Importing the newest real lists from {}",
            data.display()
        );
        let files: Vec<PathBuf> = found.iter().flat_map(|f| f.files.iter().cloned()).collect();
        lists::import(db, &files, None, false, None, None)?
    };
    for r in &reports {
        outln!(
            "   {:<14} {:>6} entities ({} added, {} changed, {} removed)",
            r.report.list,
            r.report.entities,
            r.report.added,
            r.report.changed,
            r.report.removed
        );
    }

    // 3. Screening of trade parties.
    let index = crate::commands::screen::load_index(db)?;
    let records = chokepoint_trade::read_all(
        &scen.join(scenario::CUSTOMS_FILE),
        &chokepoint_trade::ReadOptions::default(),
    )?
    .0;
    let mut parties: BTreeMap<(String, String), u64> = BTreeMap::new();
    for r in &records {
        *parties
            .entry((r.sender_name.clone(), r.sender_country.clone()))
            .or_default() += 1;
        *parties
            .entry((r.receiver_name.clone(), "ru".into()))
            .or_default() += 1;
    }
    let queries: Vec<Query> = parties
        .keys()
        .map(|(n, c)| Query {
            name: n.clone(),
            countries: vec![c.clone()],
            ..Query::default()
        })
        .collect();
    let t = std::time::Instant::now();
    let opts = SearchOptions {
        limit: 3,
        ..SearchOptions::default()
    };
    let hits = index.search_batch(&queries, &opts);
    let screen_secs = t.elapsed().as_secs_f64();
    let matched: Vec<(&(String, String), &chokepoint_screen::Hit)> = parties
        .keys()
        .zip(&hits)
        .filter_map(|(p, h)| h.first().filter(|h| h.is_match).map(|h| (p, h)))
        .collect();
    let designated: HashSet<String> = registry
        .iter()
        .filter(|c| c.designated.is_some())
        .map(|c| chokepoint_names::fold(&c.name))
        .collect();
    let designated_trading: HashSet<&String> = parties
        .keys()
        .map(|(n, _)| n)
        .filter(|n| designated.contains(&chokepoint_names::fold(n)))
        .collect();
    outln!(
        "\n3. Screened {} distinct trade parties against {} list entities in {:.2} s: {} match a list entry",
        parties.len(),
        index.len(),
        screen_secs,
        matched.len()
    );
    for (p, h) in matched.iter().take(5) {
        outln!(
            "   {:.3} {} ≈ {} [{}] — {}",
            h.score,
            p.0,
            h.caption,
            h.lists.join(","),
            h.explanation
        );
    }

    // 4. Trade: import, classify, detect, evaluate.
    let classifier = crate::commands::trade::classifier(Some(&hs))?;
    let mut store = Store::open(db)?;
    chokepoint_trade::migrate(store.connection())?;
    let tx = store.connection_mut().transaction()?;
    let size = std::fs::metadata(scen.join(scenario::CUSTOMS_FILE))?.len();
    let pb = progress::bytes("trade import", size);
    let t = std::time::Instant::now();
    let imported = chokepoint_trade::import_file(
        &tx,
        &scen.join(scenario::CUSTOMS_FILE),
        &classifier,
        &chokepoint_trade::ReadOptions::default(),
        &mut |_, b| pb.set_position(b),
    )?;
    tx.commit()?;
    pb.finish_and_clear();
    let import_secs = t.elapsed().as_secs_f64();
    let flags = chokepoint_trade::run_all(
        &records,
        &classifier,
        &chokepoint_trade::Sources {
            mirror_exports: Some(scen.join("mirror_exports.csv")),
        },
        &chokepoint_trade::DetectOptions::default(),
    )?;
    let tx = store.connection_mut().transaction()?;
    chokepoint_trade::save_flags(&tx, &flags, true)?;
    tx.commit()?;
    let trade_eval = chokepoint_eval::trade::evaluate(&scen, &classifier)?;
    outln!(
        "\n4. Imported and classified {} customs records in {:.1} s ({} on the CHPL); {} flags raised",
        imported.stats.rows_ok,
        import_secs,
        imported.chpl_records,
        flags.len()
    );
    for s in &trade_eval.schemes {
        if let (Some(p), Some(r)) = (s.precision, s.recall) {
            outln!(
                "   {:<24} precision {:.2} recall {:.2} ({} planted records)",
                s.name,
                p,
                r,
                s.truth
            );
        }
    }

    // Flows of CHPL-category goods for the report.
    let mut flows: BTreeMap<(i32, String, String, String), (f64, u64)> = BTreeMap::new();
    for r in &records {
        let Ok(c) = classifier.classify(&r.ved_code) else {
            continue;
        };
        if c.category.to_string() == "other" {
            continue;
        }
        let e = flows
            .entry((
                r.date.year(),
                c.category.to_string(),
                r.origin_country.to_lowercase(),
                r.departure_country.to_lowercase(),
            ))
            .or_default();
        e.0 += r.value_usd().unwrap_or(0.0);
        e.1 += 1;
    }

    // 5. Network.
    let net = network::run(&scen, args.seed, &classifier, &registry, &mut store)?;
    outln!("\n5. Network: {}", net.summary);

    // 6. Attribution.
    let attr = attribute_stage::run_scenario(&scen, store.connection(), imported.import_id)?;
    outln!(
        "\n6. Attribution of {} recovered components (three definitions of origin):",
        attr.components
    );
    for line in &attr.lines {
        outln!("   {line}");
    }

    // Documents the API serves (/traces, /attribution, the UI's network picture).
    store.put_document("network", &net.picture.to_string())?;
    store.put_document(
        "traces",
        &json!({"synthetic": true, "chains": &net.chains, "end_users": &net.json["end_users"]})
            .to_string(),
    )?;
    store.put_document(
        "attribution",
        &json!({"synthetic": true, "shares": &attr.shares, "headline": &attr.json}).to_string(),
    )?;

    // 7. Report.
    let mut headlines = vec![
        Headline {
            question: "Trade parties that match a watchlist entry".into(),
            answer: format!("{} of {}", matched.len(), parties.len()),
            evidence: matched.len() as u64,
            detail: format!(
                "screened against {} entities of {} list(s)",
                index.len(),
                reports.len()
            ),
            truth: synthetic_lists.then(|| {
                format!(
                    "{} trading parties are designated companies of the scenario",
                    designated_trading.len()
                )
            }),
        },
        Headline {
            question: "Customs records of CHPL goods".into(),
            answer: format!("{}", imported.chpl_records),
            evidence: imported.chpl_records,
            detail: format!(
                "of {} records classified against HS 2022 and the CHPL",
                imported.stats.rows_ok
            ),
            truth: None,
        },
    ];
    for s in &trade_eval.schemes {
        if let (Some(p), Some(r)) = (s.precision, s.recall) {
            headlines.push(Headline {
                question: format!("Records flagged for {}", s.name.replace('_', " ")),
                answer: format!("{}", s.flagged),
                evidence: s.flagged as u64,
                detail: format!(
                    "precision {} · recall {} against the planted truth",
                    pct(p),
                    pct(r)
                ),
                truth: Some(format!("{} planted records", s.truth)),
            });
        }
    }
    headlines.extend(net.headlines.iter().cloned());
    headlines.extend(attr.headlines.iter().cloned());
    let stats = store.stats()?;
    let mut synthetic_inputs = vec![
        format!("customs records, company registry, mirror exports and recovered components: `chokepoint scenario generate --seed {} --rows {}`", args.seed, args.rows),
    ];
    if synthetic_lists {
        synthetic_inputs.push(
            "the watchlist: the scenario's own designated companies and defence end users".into(),
        );
    }
    let mut intermediaries: HashMap<(String, String), (f64, u64)> = HashMap::new();
    for r in &records {
        if r.departure_country != r.origin_country
            && !r.departure_country.eq_ignore_ascii_case("ru")
        {
            let e = intermediaries
                .entry((r.sender_name.clone(), r.sender_country.clone()))
                .or_default();
            e.0 += r.value_usd().unwrap_or(0.0);
            e.1 += 1;
        }
    }
    let mut inter: Vec<_> = intermediaries.into_iter().collect();
    inter.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
    let data = ReportData {
        title: "Chokepoint — dual-use goods into Russia's military industry".into(),
        generated_at: chokepoint_store::now_iso(),
        synthetic_inputs,
        headlines,
        lists: stats
            .lists
            .iter()
            .map(|(l, n, p, _)| ListRow {
                list: l.clone(),
                entities: *n,
                published: p.clone().unwrap_or_default(),
            })
            .collect(),
        flows: flows
            .into_iter()
            .map(
                |((year, category, origin, transit), (value_usd, shipments))| FlowRow {
                    year,
                    category,
                    origin,
                    transit,
                    value_usd,
                    shipments,
                },
            )
            .collect(),
        shares: attr.shares.clone(),
        intermediaries: inter
            .into_iter()
            .take(12)
            .map(|((name, country), (value_usd, shipments))| Intermediary {
                flags: net.flags_of.get(&name).cloned().unwrap_or_default(),
                name,
                country,
                value_usd,
                shipments,
            })
            .collect(),
        chains: net.chains.clone(),
        alerts: net.alerts.clone(),
    };
    let report_path = out.join("report.html");
    std::fs::write(&report_path, chokepoint_report::render(&data))
        .with_context(|| format!("cannot write {}", report_path.display()))?;
    let summary_json = json!({
        "synthetic": true,
        "seed": args.seed,
        "rows": args.rows,
        "lists": stats.lists.iter().map(|(l, n, p, _)| json!({"list": l, "entities": n, "published": p})).collect::<Vec<_>>(),
        "synthetic_lists": synthetic_lists,
        "screening": {"parties": parties.len(), "matched": matched.len(), "designated_trading": designated_trading.len(),
                      "designated_matched": matched.iter().filter(|(p, _)| designated.contains(&chokepoint_names::fold(&p.0))).count()},
        "trade": {"records": imported.stats.rows_ok, "chpl_records": imported.chpl_records, "flags": flags.len(),
                  "schemes": trade_eval.schemes.iter().map(|s| json!({"scheme": s.name, "truth": s.truth, "flagged": s.flagged, "hits": s.hits, "precision": s.precision, "recall": s.recall})).collect::<Vec<_>>()},
        "network": net.json,
        "attribution": attr.json,
        "report": report_path.display().to_string(),
        "headlines": data.headlines.iter().map(|h| json!({"question": h.question, "answer": h.answer, "evidence": h.evidence, "truth": h.truth})).collect::<Vec<_>>(),
    });
    std::fs::write(
        out.join("summary.json"),
        serde_json::to_string_pretty(&summary_json)?,
    )?;
    outln!(
        "\n7. Report: {}  (open it in a browser; it needs no network)",
        report_path.display()
    );
    outln!("\nHeadline answers (SYNTHETIC scenario — the truth beside each):");
    for h in &data.headlines {
        outln!(
            "  • {}: {} [{} evidence rows]{}",
            h.question,
            h.answer,
            h.evidence,
            h.truth
                .as_ref()
                .map(|t| format!(" — truth: {t}"))
                .unwrap_or_default()
        );
    }
    outln!("\nDone in {:.1} s. Next: `chokepoint serve` for the API and web UI on http://127.0.0.1:8000", t_all.elapsed().as_secs_f64());
    Ok(())
}
