//! The demo: the whole job on a SYNTHETIC scenario, as one composition of the stages.
//!
//! 1. the scenario crate writes a synthetic world with its truth;
//! 2. [`ingest_lists`] imports the newest real lists found (or the scenario's own watchlist);
//! 3. [`import_trade`] imports the customs file once; [`detect_trade`] runs the detectors over
//!    the stored records and saves their flags; the evaluation scores the saved flags;
//! 4. [`screen_parties`] screens the stored records' parties;
//! 5. [`run_network`] resolves, builds the graph, scores indicators and raises alerts over the
//!    stored records (through the scenario's adapter, which renames mentions as other sources
//!    write them and adds domestic deliveries to end users); the evaluation scores it;
//! 6. [`attribute`] attributes the recovered components against the stored records;
//! 7. the report and `summary.json`.
//!
//! Every input file is opened through an [`InputLog`], which counts the opens: each file is
//! parsed once; later stages read the store.

use crate::attribution::{attribute, REPLICATES};
use crate::discover;
use crate::error::{PipelineError, Result};
use crate::lists::{ingest_lists, ingest_lists_inspect, IngestOptions, SourceReport};
use crate::network::run_network;
use crate::progress::Progress;
use crate::report;
use crate::screen::{load_index, screen_parties, Screening};
use crate::trade::{detect_trade, import_trade, trade_parties, ImportedTrade};
use crate::watchlist;
use chokepoint_attribution::import::{read_components, ReadOptions as ComponentReadOptions};
use chokepoint_attribution::{Registry, ShareOptions};
use chokepoint_eval::attribution::{read_truth as read_component_truth, true_dispatch_share};
use chokepoint_eval::network_scenario::{from_records, read_truth, AdapterOptions};
use chokepoint_model::{Prop, Schema};
use chokepoint_network::RegistryCompany;
use chokepoint_report::{Headline, ListRow, ReportData};
use chokepoint_scenario::names::is_defence_entry;
use chokepoint_scenario::{ScenarioOptions, ScenarioSummary};
use chokepoint_screen::SearchOptions;
use chokepoint_store::Store;
use chokepoint_trade::{
    read_flags, ClassifiedRecord, Classifier, DetectOptions, FlagFilter, ReadOptions, RecordFilter,
    Sources,
};
use serde::Serialize;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// What the demo runs on.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// The folder of real data laid out like `../shared/data`: `hs/` (HS 2022 and the CHPL) and
    /// the list folders.
    pub data: PathBuf,
    /// Where the scenario, the report and the summary go.
    pub out: PathBuf,
    /// Scenario seed.
    pub seed: u64,
    /// Customs rows to generate.
    pub rows: u64,
    /// Use the scenario's own watchlist even when real lists are found.
    pub synthetic_lists: bool,
}

/// Counts how often each input file of a run is opened, so that a test can hold the demo to
/// "each input parsed once".
#[derive(Debug, Default)]
pub struct InputLog {
    opened: RefCell<BTreeMap<PathBuf, u32>>,
}

impl InputLog {
    /// Records that `path` is opened now and returns it, for the reader that opens it.
    pub fn open<'a>(&self, path: &'a Path) -> &'a Path {
        *self
            .opened
            .borrow_mut()
            .entry(path.to_path_buf())
            .or_default() += 1;
        path
    }

    /// Every file opened, with how often.
    pub fn counts(&self) -> BTreeMap<PathBuf, u32> {
        self.opened.borrow().clone()
    }
}

/// Everything the demo found, for the terminal, the tests and `summary.json`.
pub struct DemoRun {
    /// The scenario's folder.
    pub scenario_dir: PathBuf,
    /// What the generator wrote.
    pub scenario: ScenarioSummary,
    /// Whether the scenario's own watchlist stood in for real lists.
    pub synthetic_lists: bool,
    /// The imported list publications.
    pub lists: Vec<SourceReport>,
    /// The customs import.
    pub imported: ImportedTrade,
    /// Flags the trade detectors raised.
    pub flags: usize,
    /// The detectors scored against the planted truth.
    pub trade_eval: chokepoint_eval::trade::Report,
    /// The screening of every trade party.
    pub screening: Screening,
    /// Names of designated registry companies that trade.
    pub designated_trading: usize,
    /// Matched parties whose name is a designated registry company's.
    pub designated_matched: usize,
    /// The network stage in one line.
    pub network_summary: String,
    /// Components attributed.
    pub components: usize,
    /// The attribution lines for the terminal.
    pub attribution_lines: Vec<String>,
    /// The report's data (headlines first).
    pub report: ReportData,
    /// Where the report was written.
    pub report_path: PathBuf,
    /// `summary.json` as written.
    pub summary: Value,
    /// Each input file with how often it was opened.
    pub inputs: BTreeMap<PathBuf, u32>,
}

/// One list in `summary.json`.
#[derive(Serialize)]
struct ListSummary<'a> {
    list: &'a str,
    entities: u64,
    published: &'a Option<String>,
}

/// The scoring of one scheme type in `summary.json`.
#[derive(Serialize)]
struct SchemeSummary<'a> {
    scheme: &'a str,
    truth: usize,
    flagged: usize,
    hits: usize,
    precision: Option<f64>,
    recall: Option<f64>,
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// Runs the demo on the store at `db`; `progress` shows bars and the narrative lines.
pub fn run(db: &Path, options: &DemoOptions, progress: &dyn Progress) -> Result<DemoRun> {
    let log = InputLog::default();
    let out = &options.out;
    std::fs::create_dir_all(out).map_err(|e| PipelineError::io(out, e))?;
    let scen = out.join("scenario");
    let hs = options.data.join("hs");
    if !hs.join("chpl_hs6.csv").is_file() {
        return Err(PipelineError::Input(format!(
            "the HS 2022 nomenclature and the CHPL are needed (hs/harmonized-system.csv, hs/chpl_hs6.csv) under {}: pass --lists DIR (laid out like ../shared/data) or set CHOKEPOINT_SHARED_DATA",
            options.data.display()
        )));
    }

    // 1–2. Real lists are imported first, and the defence end-user names the scenario takes
    // from the SDN list are picked from the entities that import reads (the file is read once);
    // with the scenario's own watchlist, the scenario comes first and the SDN file, if any, is
    // read by the generator alone.
    let found = if options.synthetic_lists {
        Vec::new()
    } else {
        discover::newest_lists(&options.data)
    };
    let synthetic_lists = found.is_empty();
    let mut store = crate::open_store(db)?;
    let mut lists = Vec::new();
    let mut defence_names = None;
    if !synthetic_lists {
        let files: Vec<PathBuf> = found
            .iter()
            .flat_map(|f| f.files.iter())
            .map(|p| log.open(p).to_path_buf())
            .collect();
        let mut names = Vec::new();
        lists = ingest_lists_inspect(
            &mut store,
            &files,
            &IngestOptions::default(),
            progress,
            &mut |e| {
                if e.provenance.list == "ofac-sdn" {
                    let programs: Vec<&str> = e
                        .values(Prop::Program)
                        .iter()
                        .map(|v| v.value.as_str())
                        .collect();
                    let entity =
                        !matches!(e.schema, Schema::Person | Schema::Vessel | Schema::Airplane);
                    if let Some(name) = e.first(Prop::Name) {
                        if is_defence_entry(name, entity, &programs) {
                            names.push(name.to_string());
                        }
                    }
                }
            },
        )?;
        defence_names = Some(names);
    }
    let real_sdn = options.data.join("ofac/sdn_2024-05/sdn.csv");
    let defence_list = (defence_names.is_none() && real_sdn.is_file()).then_some(real_sdn);
    progress.begin("scenario", None);
    let scenario = chokepoint_scenario::generate(
        options.seed,
        options.rows,
        &scen,
        &ScenarioOptions {
            defence_list: defence_list.as_deref().map(|p| log.open(p).to_path_buf()),
            defence_names,
            russian_headers: false,
        },
    )
    .map_err(|e| PipelineError::Input(e.to_string()))?;
    progress.end();
    progress.say(&format!(
        "\n1. SYNTHETIC scenario (seed {}): {} customs rows, {} companies, {} recovered components → {}",
        options.seed,
        scenario.rows,
        scenario.companies,
        scenario.components,
        scen.display()
    ));
    // The scenario's company registry goes into the store like any registry file; the network
    // stage reads it back from there.
    crate::network::import_registry(
        &mut store,
        log.open(&scen.join(chokepoint_scenario::COMPANIES_FILE)),
        None,
    )?;
    let companies = chokepoint_network::registry::stored_registry(store.connection())?;
    if synthetic_lists {
        let path = watchlist::write(&out.join("watchlist"), &companies)?;
        progress.say(&format!(
            "\n2. No real lists found: importing the scenario's own SYNTHETIC watchlist {}",
            path.display()
        ));
        lists = ingest_lists(
            &mut store,
            &[log.open(&path).to_path_buf()],
            &IngestOptions {
                format: Some("ofac-sdn-csv".into()),
                lenient: false,
                published: Some("synthetic".into()),
                list: Some(watchlist::LIST.into()),
                allow_empty: false,
                allow_shrink: false,
            },
            progress,
        )?;
    } else {
        progress.say(&format!(
            "\n2. Imported the newest real lists from {}",
            options.data.display()
        ));
    }
    for r in &lists {
        progress.say(&format!(
            "   {:<14} {:>6} entities ({} added, {} changed, {} removed)",
            r.report.list, r.report.entities, r.report.added, r.report.changed, r.report.removed
        ));
    }

    // 3. Trade: import once, detect over the stored records, score the saved flags.
    let TradePart {
        imported,
        filter,
        records,
        flags,
        eval: trade_eval,
    } = trade_stage(&mut store, &hs, &scen, &log, progress)?;
    // 4. Screening of the stored records' parties.
    let ScreeningPart {
        screening,
        designated_trading,
        designated_matched,
    } = screening_stage(&store, &records, &companies, progress)?;

    // 5. Network over the stored records, scored against the truth.
    let network = network_stage(
        &mut store,
        &records,
        companies,
        &scen,
        options.seed,
        &log,
        progress,
    )?;
    // 6. Attribution against the stored records, with the truth beside it.
    let attribution = attribution_stage(&store, &scen, &filter, &log, progress)?;
    let view = network.view;
    let attr_view = attribution.view;
    let network_json = network.json;
    let attribution_json = attribution.json;
    let network_headlines = network.headlines;
    let attr_headlines = attribution.headlines;
    let network_summary = network.summary;

    // Documents the API serves (/traces, /attribution, the UI's network picture).
    store.put_document("network", &view.picture.to_string())?;
    store.put_document("alert_networks", &view.alert_pictures.to_string())?;
    store.put_document(
        "traces",
        &json!({"synthetic": true, "chains": &view.chains, "end_users": &network_json["end_users"]})
            .to_string(),
    )?;
    store.put_document(
        "attribution",
        &json!({"synthetic": true, "shares": &attr_view.shares, "headline": &attribution_json})
            .to_string(),
    )?;

    // 7. Report.
    let mut headlines = vec![
        Headline {
            question: "Trade parties that match a watchlist entry".into(),
            answer: format!("{} of {}", screening.matched.len(), screening.parties),
            evidence: screening.matched.len() as u64,
            detail: format!(
                "screened against {} entities of {} list(s)",
                screening.entities,
                lists.len()
            ),
            truth: synthetic_lists.then(|| {
                format!(
                    "{designated_trading} trading parties are designated companies of the scenario"
                )
            }),
        },
        Headline {
            question: "Customs records of CHPL goods".into(),
            answer: format!("{}", imported.summary.chpl_records),
            evidence: imported.summary.chpl_records,
            detail: format!(
                "of {} records classified against HS 2022 and the CHPL",
                imported.summary.stats.rows_ok
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
    headlines.extend(network_headlines);
    headlines.extend(attr_headlines);
    let stats = store.stats()?;
    let mut synthetic_inputs = vec![format!(
        "customs records, company registry, mirror exports and recovered components: `chokepoint scenario generate --seed {} --rows {}`",
        options.seed, options.rows
    )];
    if synthetic_lists {
        synthetic_inputs.push(
            "the watchlist: the scenario's own designated companies and defence end users".into(),
        );
    }
    // 8. The real-data part, apart from the scenario: teardowns, end users, re-export surges.
    let real = crate::real::real_part(&mut store, &options.data, REPLICATES)?;
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
        flows: report::flows(&records),
        shares: attr_view.shares,
        intermediaries: report::intermediaries(&records, &view.flags_of, 12),
        chains: view.chains,
        alerts: view.alerts,
        real: chokepoint_report::RealData {
            headlines: real.headlines,
            teardowns: real.teardowns,
            end_users: real.end_users,
            surges: real.surges,
        },
    };
    let report_path = out.join("report.html");
    std::fs::write(&report_path, chokepoint_report::render(&data))
        .map_err(|e| PipelineError::io(&report_path, e))?;
    let summary = json!({
        "synthetic": true,
        "seed": options.seed,
        "rows": options.rows,
        "lists": stats.lists.iter().map(|(l, n, p, _)| ListSummary { list: l, entities: *n, published: p }).collect::<Vec<_>>(),
        "synthetic_lists": synthetic_lists,
        "screening": {"parties": screening.parties, "matched": screening.matched.len(), "designated_trading": designated_trading,
                      "designated_matched": designated_matched},
        "trade": {"records": imported.summary.stats.rows_ok, "chpl_records": imported.summary.chpl_records, "flags": flags,
                  "schemes": trade_eval.schemes.iter().map(|s| SchemeSummary { scheme: &s.name, truth: s.truth, flagged: s.flagged, hits: s.hits, precision: s.precision, recall: s.recall }).collect::<Vec<_>>()},
        "network": network_json,
        "attribution": attribution_json,
        "report": report_path.display().to_string(),
        "headlines": data.headlines.iter().map(|h| json!({"question": h.question, "answer": h.answer, "evidence": h.evidence, "truth": h.truth})).collect::<Vec<_>>(),
        "real": {
            "synthetic": false,
            "headlines": data.real.headlines.iter().map(|h| json!({"question": h.question, "answer": h.answer, "evidence": h.evidence, "source": h.detail})).collect::<Vec<_>>(),
            "teardowns": &data.real.teardowns,
            "end_users": &data.real.end_users,
        },
    });
    let summary_path = out.join("summary.json");
    let text = serde_json::to_string_pretty(&summary)
        .map_err(|e| PipelineError::Input(format!("summary.json: {e}")))?;
    std::fs::write(&summary_path, text).map_err(|e| PipelineError::io(&summary_path, e))?;
    Ok(DemoRun {
        scenario_dir: scen,
        scenario,
        synthetic_lists,
        lists,
        imported,
        flags,
        trade_eval,
        screening,
        designated_trading,
        designated_matched,
        network_summary,
        components: attribution.components,
        attribution_lines: attr_view.lines,
        report: data,
        report_path,
        summary,
        inputs: log.counts(),
    })
}

/// The network stage's part of the demo: what the report, the terminal and the summary show.
struct NetworkPart {
    view: report::NetworkView,
    headlines: Vec<Headline>,
    summary: String,
    json: Value,
}

/// Stage 5: the network over the stored records (through the scenario's second view of them),
/// scored against the truth.
fn network_stage(
    store: &mut Store,
    records: &[ClassifiedRecord],
    companies: Vec<RegistryCompany>,
    scen: &Path,
    seed: u64,
    log: &InputLog,
    progress: &dyn Progress,
) -> Result<NetworkPart> {
    log.open(&scen.join(chokepoint_scenario::TRUTH_FILE));
    let truth_json = read_truth(scen)?;
    let mut loaded = from_records(
        records,
        companies,
        &truth_json,
        seed,
        &AdapterOptions::default(),
    )?;
    let net = run_network(store, &mut loaded.dataset, &["CN", "HK"])?;
    let ev = chokepoint_eval::network::score(&loaded, &net.resolution, &net.graph, &net.shell);
    let view = report::network_view(&net);
    let mut network_headlines = report::end_user_headlines(
        &net,
        &|cc| match cc {
            "CN" => "mainland China".into(),
            "HK" => "Hong Kong".into(),
            other => other.into(),
        },
        &|cc| {
            ev.counts
                .iter()
                .find(|x| x.country == cc && x.category == "all")
                .map(|x| x.truth)
        },
    );
    network_headlines.push(Headline {
        question: "Shell companies detected".into(),
        answer: format!("{}", ev.shell_predicted),
        evidence: ev.shell_predicted as u64,
        detail: format!(
            "precision {:.0} % · recall {:.0} % against the planted shells",
            ev.shell_precision * 100.0,
            ev.shell_recall * 100.0
        ),
        truth: Some(format!(
            "{} planted shells trade in the data",
            ev.shell_truth
        )),
    });
    network_headlines.push(Headline {
        question: "Planted supply chains traced to their end user".into(),
        answer: format!("{} of {}", ev.chains_found, ev.chains),
        evidence: ev.chains_found as u64,
        detail: format!(
            "entity resolution pairwise precision {:.2} · recall {:.2} over {} party mentions",
            ev.resolution.precision, ev.resolution.recall, ev.parties
        ),
        truth: Some(format!("{} planted chains", ev.chains)),
    });
    let count_of = |cc: &str| {
        net.supplied
            .iter()
            .find(|(c, _)| c == cc)
            .map_or(0, |(_, c)| c.count)
    };
    let network_summary = format!(
        "{} party mentions resolved into {} entities (pairwise P {:.2} / R {:.2}); {} shells flagged (P {:.2} / R {:.2}); {} of {} planted chains traced; {} alerts ({} new); end users supplied from CN: {}, HK: {}",
        ev.parties,
        ev.entities,
        ev.resolution.precision,
        ev.resolution.recall,
        ev.shell_predicted,
        ev.shell_precision,
        ev.shell_recall,
        ev.chains_found,
        ev.chains,
        net.alerts.len(),
        net.new_alerts,
        count_of("CN"),
        count_of("HK")
    );
    progress.say(&format!("\n5. Network: {network_summary}"));
    let json = json!({
        "evaluation": ev,
        "alerts": net.alerts.len(),
        "end_users": net.supplied.iter().map(|(cc, c)| json!({"country": cc, "count": c.count, "end_users": c.end_users.iter().map(|e| &e.name).collect::<Vec<_>>()})).collect::<Vec<_>>(),
    });
    Ok(NetworkPart {
        view,
        headlines: network_headlines,
        summary: network_summary,
        json,
    })
}

/// The attribution stage's part of the demo.
struct AttributionPart {
    components: usize,
    view: report::AttributionView,
    headlines: Vec<Headline>,
    json: Value,
}

/// Stage 6: the recovered components attributed against the stored records of the demo's
/// import, with the truth beside the dispatch shares.
fn attribution_stage(
    store: &Store,
    scen: &Path,
    filter: &RecordFilter,
    log: &InputLog,
    progress: &dyn Progress,
) -> Result<AttributionPart> {
    let components_path = scen.join(chokepoint_scenario::COMPONENTS_FILE);
    let (components, _) =
        read_components(log.open(&components_path), &ComponentReadOptions::default())?;
    let attr = attribute(
        store,
        &components,
        filter,
        &Registry::builtin().map_err(chokepoint_attribution::AttributionError::from)?,
        &ShareOptions {
            replicates: REPLICATES,
            ..ShareOptions::default()
        },
    )?;
    log.open(&scen.join(chokepoint_eval::attribution::TRUTH_COMPONENTS_FILE));
    let truth_components = read_component_truth(scen)?;
    let truth_scenario = chokepoint_eval::attribution::TradeScenario {
        records: components,
        trade: attr.trade.clone(),
        truth: truth_components,
        component_stats: Default::default(),
    };
    let attr_view = report::attribution_view(&attr);
    let (attr_headlines, attr_rows) =
        report::attribution_headlines(&attr, &["CN", "US"], &attr_view.unit, &|cc| {
            true_dispatch_share(&truth_scenario, cc)
        });
    progress.say(&format!(
        "\n6. Attribution of {} recovered components (three definitions of origin):",
        truth_scenario.records.len()
    ));
    for line in &attr_view.lines {
        progress.say(&format!("   {line}"));
    }
    let json = json!({"components": truth_scenario.records.len(), "resampling": attr_view.unit_json, "dispatch_linkage": attr_view.linkage_json, "shares": attr_rows, "synthetic": attr.report.synthetic});
    Ok(AttributionPart {
        components: truth_scenario.records.len(),
        view: attr_view,
        headlines: attr_headlines,
        json,
    })
}

/// The trade stage's part of the demo.
struct TradePart {
    imported: ImportedTrade,
    filter: RecordFilter,
    records: Vec<ClassifiedRecord>,
    flags: usize,
    eval: chokepoint_eval::trade::Report,
}

/// Stage 3: the customs file imported once, the detectors run over the stored records, the
/// saved flags scored against the truth.
fn trade_stage(
    store: &mut Store,
    hs: &Path,
    scen: &Path,
    log: &InputLog,
    progress: &dyn Progress,
) -> Result<TradePart> {
    for table in ["harmonized-system.csv", "chpl_hs6.csv"] {
        log.open(&hs.join(table));
    }
    let classifier = Classifier::load(hs)?;
    let customs = scen.join(chokepoint_scenario::CUSTOMS_FILE);
    let imported = import_trade(
        store,
        log.open(&customs),
        &classifier,
        &ReadOptions::default(),
        progress,
    )?;
    let filter = RecordFilter::import(imported.summary.import_id);
    let mirror = scen.join(chokepoint_scenario::MIRROR_FILE);
    let (records, flags) = detect_trade(
        store,
        &filter,
        &classifier,
        &Sources {
            mirror_exports: Some(log.open(&mirror).to_path_buf()),
        },
        &DetectOptions::default(),
    )?;
    let saved: Vec<_> = read_flags(
        store.connection(),
        &FlagFilter {
            rule: None,
            import_id: Some(imported.summary.import_id),
        },
    )?
    .into_iter()
    .map(|f| f.flag)
    .collect();
    for truth in [
        chokepoint_scenario::TRUTH_RECORDS_FILE,
        chokepoint_scenario::TRUTH_MIRROR_FILE,
    ] {
        log.open(&scen.join(truth));
    }
    let trade_eval = chokepoint_eval::trade::score_flags(&saved, records.len(), scen)?;
    progress.say(&format!(
        "\n3. Imported and classified {} customs records in {:.1} s ({} on the CHPL); {} flags raised",
        imported.summary.stats.rows_ok,
        imported.seconds,
        imported.summary.chpl_records,
        flags.len()
    ));
    for s in &trade_eval.schemes {
        if let (Some(p), Some(r)) = (s.precision, s.recall) {
            progress.say(&format!(
                "   {:<24} precision {:.2} recall {:.2} ({} planted records)",
                s.name, p, r, s.truth
            ));
        }
    }
    Ok(TradePart {
        imported,
        filter,
        records,
        flags: flags.len(),
        eval: trade_eval,
    })
}

/// The screening stage's part of the demo.
struct ScreeningPart {
    screening: Screening,
    designated_trading: usize,
    designated_matched: usize,
}

/// Stage 4: the stored records' parties screened against every list, with how many of the
/// scenario's designated companies trade and are found.
fn screening_stage(
    store: &Store,
    records: &[ClassifiedRecord],
    companies: &[RegistryCompany],
    progress: &dyn Progress,
) -> Result<ScreeningPart> {
    let index = load_index(store, progress)?;
    let parties = trade_parties(records);
    let screening = screen_parties(
        &index,
        &parties,
        &SearchOptions {
            limit: 3,
            ..SearchOptions::default()
        },
    );
    let designated: HashSet<String> = companies
        .iter()
        .filter(|c| c.designated.is_some())
        .map(|c| chokepoint_names::fold(&c.name))
        .collect();
    let designated_trading = parties
        .iter()
        .map(|p| &p.name)
        .filter(|n| designated.contains(&chokepoint_names::fold(n)))
        .collect::<HashSet<_>>()
        .len();
    let designated_matched = screening
        .matched
        .iter()
        .filter(|m| designated.contains(&chokepoint_names::fold(&m.party.name)))
        .count();
    progress.say(&format!(
        "\n4. Screened {} distinct trade parties against {} list entities in {:.2} s: {} match a list entry",
        screening.parties,
        screening.entities,
        screening.seconds,
        screening.matched.len()
    ));
    for m in screening.matched.iter().take(5) {
        let h = &m.hit;
        progress.say(&format!(
            "   {:.3} {} ≈ {} [{}] — {}",
            h.score,
            m.party.name,
            h.caption,
            h.lists.join(","),
            h.explanation
        ));
    }
    Ok(ScreeningPart {
        screening,
        designated_trading,
        designated_matched,
    })
}
