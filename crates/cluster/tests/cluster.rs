//! The jobs give the same rows on a local DataFusion session and on a loopback Ballista
//! cluster (one scheduler, two executors as child processes), the blocking job's pairs feed the
//! local resolver, and a job survives the loss of an executor.
//!
//! Needs the HS reference folder of the shared data (`$CHOKEPOINT_SHARED_DATA/hs`); skips with
//! a message when it is absent.

use chokepoint_cluster::jobs::{self, Job, JobConfig};
use chokepoint_cluster::processes::LocalCluster;
use chokepoint_cluster::Engine;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn hs_dir() -> Option<PathBuf> {
    let hs = chokepoint_trade::shared_data_dir().join("hs");
    if hs.join("harmonized-system.csv").is_file() {
        Some(hs)
    } else {
        eprintln!("skipped: no HS reference folder at {}", hs.display());
        None
    }
}

fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_chokepoint-scheduler"))
        .parent()
        .expect("binary folder")
        .to_path_buf()
}

fn config(data: &Path, hs: &Path) -> JobConfig {
    JobConfig {
        input: Some(data.join("customs.parquet")),
        parties: None,
        hs_dir: hs.to_path_buf(),
        lists: Some(data.join("lists.ftm.json")),
        max_block: 200,
        min_pair_score: 0.75,
    }
}

async fn rows(path: &Path) -> Vec<String> {
    jobs::read_rows(path).await.expect("read result")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_and_cluster_runs_are_equal_row_for_row() {
    let Some(hs) = hs_dir() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let g = chokepoint_cluster::generate::generate(11, 4_000, &data, 10).expect("generate");
    assert!(g.rows >= 4_000 && g.listed > 0, "{g:?}");
    let cfg = config(&data, &hs);
    let cluster = LocalCluster::start(&bin_dir(), 2, 2, 5, 60).expect("start cluster");
    let remote = Engine::Cluster(cluster.url.clone());
    for job in [Job::Classify, Job::Screen, Job::Aggregate, Job::Block] {
        let local_out = tmp.path().join(format!("local-{}", job.name()));
        let cluster_out = tmp.path().join(format!("cluster-{}", job.name()));
        let l = jobs::run(&Engine::Local, job, &cfg, &local_out)
            .await
            .unwrap_or_else(|e| panic!("local {}: {e}", job.name()));
        let c = jobs::run(&remote, job, &cfg, &cluster_out)
            .await
            .unwrap_or_else(|e| panic!("cluster {}: {e}", job.name()));
        assert_eq!(l.len(), c.len());
        for (lo, co) in l.iter().zip(&c) {
            assert!(lo.rows > 0, "{} wrote no rows", lo.path.display());
            let diff = jobs::compare(&lo.path, &co.path).await.expect("compare");
            assert_eq!(diff, None, "{}", job.name());
            assert_eq!(lo.digest, co.digest);
        }
    }
    // The results mean something: records on the CHPL, parties found on the lists.
    let classified = rows(&tmp.path().join("local-classify/classified.parquet")).await;
    assert_eq!(classified.len(), g.rows);
    assert!(classified.iter().any(|r| r.split('\t').nth(2) != Some("∅")));
    let screened = rows(&tmp.path().join("local-screen/screened.parquet")).await;
    let matches = screened.iter().filter(|r| r.ends_with("\ttrue")).count();
    assert!(
        matches >= g.listed,
        "{matches} matches for {} listed names",
        g.listed
    );
    // A parties file (CSV, countries written as names) screened instead of the records'
    // parties: listed names are found, honest names are not, both engines agree.
    let listed = chokepoint_cluster::udf::read_lists(&data.join("lists.ftm.json")).expect("lists");
    let mut csv = String::from("id,name,country\n");
    for (i, e) in listed.iter().take(5).enumerate() {
        let name = e.first(chokepoint_model::Prop::Name).expect("listed name");
        let country = e
            .first(chokepoint_model::Prop::Country)
            .and_then(chokepoint_refdata::country::by_code)
            .map_or("", |c| c.name());
        let q = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
        csv.push_str(&format!("{i},{},{}\n", q(name), q(country)));
    }
    // Hand-written honest parties, none of them on the synthetic list.
    csv.push_str(
        "10,Zuiderzee Bloemenveiling B.V.,Netherlands\n11,Bodensee Uhrenmanufaktur GmbH,DE\n",
    );
    let parties = tmp.path().join("parties.csv");
    std::fs::write(&parties, csv).expect("write parties");
    let pcfg = JobConfig {
        input: None,
        parties: Some(parties.clone()),
        ..cfg.clone()
    };
    let l = jobs::run(
        &Engine::Local,
        Job::Screen,
        &pcfg,
        &tmp.path().join("local-parties"),
    )
    .await
    .expect("local parties screen");
    let c = jobs::run(
        &remote,
        Job::Screen,
        &pcfg,
        &tmp.path().join("cluster-parties"),
    )
    .await
    .expect("cluster parties screen");
    assert_eq!(
        jobs::compare(&l[0].path, &c[0].path)
            .await
            .expect("compare"),
        None
    );
    let rows = rows(&l[0].path).await;
    assert_eq!(rows.len(), 7, "{rows:?}");
    let matched: Vec<&String> = rows.iter().filter(|r| r.ends_with("\ttrue")).collect();
    assert_eq!(matched.len(), 5, "{rows:?}");
    assert!(matched
        .iter()
        .all(|r| !r.contains("Zuiderzee") && !r.contains("Bodensee")));
    // A parties file without a name column is refused with its columns named.
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, "id,firm\n1,ACME\n").expect("write bad");
    let err = jobs::run(
        &Engine::Local,
        Job::Screen,
        &JobConfig {
            parties: Some(bad),
            ..pcfg.clone()
        },
        &tmp.path().join("bad-out"),
    )
    .await
    .expect_err("a parties file without names");
    assert!(
        err.to_string()
            .contains("no `name` column (its columns: id, firm)"),
        "{err}"
    );
    drop(cluster);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_resolver_turns_the_pairs_into_entities() {
    let Some(hs) = hs_dir() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    chokepoint_cluster::generate::generate(5, 3_000, &data, 10).expect("generate");
    let out = tmp.path().join("out");
    let cfg = JobConfig {
        min_pair_score: 0.0,
        ..config(&data, &hs)
    };
    jobs::run(&Engine::Local, Job::Block, &cfg, &out)
        .await
        .expect("block job");
    let pairs = chokepoint_cluster::pairs::read_pairs(&out.join("pairs.parquet"))
        .await
        .expect("read pairs");
    assert!(!pairs.is_empty());
    // The same records as the network dataset reads them.
    let (records, _) = chokepoint_trade::read_all(
        &data.join(chokepoint_scenario::CUSTOMS_FILE),
        &Default::default(),
    )
    .expect("read customs");
    let mut ds = chokepoint_network::Dataset::new();
    for r in &records {
        ds.add_record(r, "", false).expect("add record");
    }
    let keys: std::collections::HashSet<String> = ds.parties.iter().map(|p| p.key()).collect();
    let known = pairs
        .iter()
        .filter(|p| keys.contains(&p.key_a) && keys.contains(&p.key_b))
        .count();
    assert_eq!(
        known,
        pairs.len(),
        "every pair names mentions of the dataset"
    );
    let opts = chokepoint_network::ResolveOptions::default();
    let none = chokepoint_network::Judgements::default();
    let res = chokepoint_network::resolve_with_pairs(&ds, &none, &opts, &pairs);
    use chokepoint_network::resolve::MergeReason;
    let similarity: Vec<_> = res
        .merges
        .iter()
        .filter(|m| m.reason == MergeReason::Similarity)
        .collect();
    // Every similarity merge is one of the job's pairs at or over the threshold.
    for m in &similarity {
        let (ka, kb) = (
            ds.parties[m.a as usize].key(),
            ds.parties[m.b as usize].key(),
        );
        assert!(
            pairs.iter().any(|p| p.score >= opts.threshold
                && ((p.key_a == ka && p.key_b == kb) || (p.key_a == kb && p.key_b == ka))),
            "merge {ka} / {kb} is not a pair of the job over the threshold"
        );
    }
    // A pair over the threshold is merged, or refused by a constraint (two INNs), or holds a
    // bare mention (no INN, no address) that the namesake rule may leave alone.
    let index: std::collections::HashMap<String, usize> = ds
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key(), i))
        .collect();
    for p in pairs.iter().filter(|p| p.score >= opts.threshold) {
        let (a, b) = (index[&p.key_a], index[&p.key_b]);
        let bare =
            |i: usize| ds.parties[i].inn.is_empty() && ds.parties[i].address.trim().is_empty();
        let refused = res.refused.iter().any(|r| {
            (r.a as usize, r.b as usize) == (a.min(b), a.max(b))
                || (r.a as usize, r.b as usize) == (a.max(b), a.min(b))
        });
        let differing_inns = !ds.parties[a].inn.is_empty()
            && !ds.parties[b].inn.is_empty()
            && ds.parties[a].inn != ds.parties[b].inn;
        assert!(
            res.entity_of[a] == res.entity_of[b] || refused || differing_inns || bare(a) || bare(b),
            "pair over the threshold neither merged nor explained: {p:?}"
        );
    }
    // A not_same judgement on a merged pair keeps the two apart.
    if let Some(merged) = similarity.first() {
        let (ka, kb) = (
            ds.parties[merged.a as usize].key(),
            ds.parties[merged.b as usize].key(),
        );
        let mut judged = chokepoint_network::Judgements::default();
        judged.push(&ka, &kb, chokepoint_network::Verdict::NotSame, "test");
        let res2 = chokepoint_network::resolve_with_pairs(&ds, &judged, &opts, &pairs);
        assert_ne!(
            res2.entity_of[merged.a as usize],
            res2.entity_of[merged.b as usize]
        );
    }
}

/// An executor dies while it holds a job's shuffle output, and the job still completes with the
/// local run's rows. The order of events does not depend on timing: the job starts on one
/// executor only; as soon as that executor has written its first shuffle file it is frozen
/// (SIGSTOP), so the job cannot finish on it; a second executor joins; then the first is killed
/// (SIGKILL). The scheduler must notice the loss (no heartbeat for 3 s, or a failed shuffle
/// fetch), give the lost tasks and the map stages whose output lived there to the second
/// executor, and finish.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_survives_an_executor_killed_mid_job() {
    let Some(hs) = hs_dir() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    chokepoint_cluster::generate::generate(3, 6_000, &data, 10).expect("generate");
    let cfg = config(&data, &hs);
    let local = jobs::run(&Engine::Local, Job::Block, &cfg, &tmp.path().join("local"))
        .await
        .expect("local run");
    // Heartbeats every second; an executor silent for 3 s is declared lost.
    let mut cluster = LocalCluster::start(&bin_dir(), 1, 1, 1, 3).expect("start cluster");
    let before = chokepoint_cluster::processes::files_under(&cluster.work_dirs[0]).len();
    let remote = Engine::Cluster(cluster.url.clone());
    let out = tmp.path().join("cluster");
    let cfg2 = cfg.clone();
    let job = tokio::spawn(async move { jobs::run(&remote, Job::Block, &cfg2, &out).await });
    // Wait for the first shuffle file of the job on the only executor.
    let waited = std::time::Instant::now();
    while chokepoint_cluster::processes::files_under(&cluster.work_dirs[0]).len() <= before {
        assert!(
            !job.is_finished(),
            "the job ended before its executor wrote a shuffle file"
        );
        assert!(
            waited.elapsed() < Duration::from_secs(300),
            "no shuffle file after 300 s"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    cluster.freeze(0).expect("freeze executor");
    // Frozen, the only executor can neither run the job's later stages nor serve its output.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !job.is_finished(),
        "the job finished with its only executor frozen"
    );
    cluster
        .add_executor(&bin_dir(), 1, 1)
        .expect("start a second executor");
    cluster.kill(0).expect("kill the first executor");
    let done = tokio::time::timeout(Duration::from_secs(600), job)
        .await
        .expect("the job finished after the executor died")
        .expect("join")
        .expect("the job succeeded on the surviving executor");
    assert_eq!(done[0].digest, local[0].digest);
    assert_eq!(
        jobs::compare(&local[0].path, &done[0].path)
            .await
            .expect("compare"),
        None
    );
}

/// The classify job's flags are the trade stage's own (`run_all`'s `desc.mismatch` and
/// `route.transshipment`, same score and explanation), and importing them into a store that
/// holds the same records replaces that import's flags of those rules; a store whose import
/// holds other records refuses them and is left as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn classify_flags_equal_the_trade_stage_and_import_into_the_store() {
    use chokepoint_trade::flags::Rule;
    let Some(hs) = hs_dir() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    chokepoint_cluster::generate::generate(17, 3_000, &data, 10).expect("generate");
    let cfg = config(&data, &hs);
    let out = tmp.path().join("out");
    jobs::run(&Engine::Local, Job::Classify, &cfg, &out)
        .await
        .expect("classify");
    let classified = out.join("classified.parquet");
    let (records, job_flags) = chokepoint_cluster::import::read_flags(&classified)
        .await
        .expect("read flags");
    // The trade stage over the same records.
    let csv = data.join(chokepoint_scenario::CUSTOMS_FILE);
    let (recs, _) = chokepoint_trade::read_all(&csv, &Default::default()).expect("read customs");
    assert_eq!(records, recs.len());
    let classifier = chokepoint_cluster::udf::classifier(&hs).expect("classifier");
    let all =
        chokepoint_trade::run_all(&recs, &classifier, &Default::default(), &Default::default())
            .expect("run_all");
    let key = |f: &chokepoint_trade::Flag| {
        (
            f.subject.clone(),
            f.rule.as_str(),
            format!("{:.6}", f.score),
            f.explanation.clone(),
        )
    };
    let mut expected: Vec<_> = all
        .iter()
        .filter(|f| chokepoint_cluster::import::RECORD_RULES.contains(&f.rule))
        .map(key)
        .collect();
    let mut got: Vec<_> = job_flags.iter().map(key).collect();
    expected.sort();
    got.sort();
    assert!(
        expected.iter().any(|k| k.1 == Rule::DescMismatch.as_str()),
        "the scenario has deceptive descriptions to find"
    );
    assert_eq!(got, expected);

    // A store holding the same records takes the flags.
    let db = tmp.path().join("chokepoint.db");
    let import_into = |db: &Path, file: &Path| {
        let mut store = chokepoint_store::Store::open(db).expect("open store");
        chokepoint_trade::migrate(store.connection()).expect("migrate");
        let tx = store.connection_mut().transaction().expect("tx");
        chokepoint_trade::import_file(&tx, file, &classifier, &Default::default(), &mut |_, _| {})
            .expect("import");
        tx.commit().expect("commit");
    };
    import_into(&db, &csv);
    let done = chokepoint_cluster::import::import_flags(&db, &classified, None)
        .await
        .expect("import flags");
    assert_eq!(done.stored, job_flags.len());
    let store = chokepoint_store::Store::open(&db).expect("open store");
    let stored = chokepoint_trade::records::read_flags(
        store.connection(),
        &chokepoint_trade::records::FlagFilter {
            rule: Some(Rule::DescMismatch),
            import_id: Some(done.import_id),
        },
    )
    .expect("read stored flags");
    assert_eq!(
        stored.len(),
        job_flags
            .iter()
            .filter(|f| f.rule == Rule::DescMismatch)
            .count()
    );
    assert!(
        stored.iter().all(|s| s.synthetic),
        "flags of a synthetic import"
    );
    drop(store);

    // A store whose import holds other records refuses them and keeps what it had.
    let other = tmp.path().join("other");
    chokepoint_cluster::generate::generate(18, 500, &other, 10).expect("generate other");
    let db2 = tmp.path().join("other.db");
    import_into(&db2, &other.join(chokepoint_scenario::CUSTOMS_FILE));
    let flag_rows = |db: &Path| -> Vec<(String, String)> {
        let store = chokepoint_store::Store::open(db).expect("open store");
        let mut st = store
            .connection()
            .prepare("SELECT rule, record_id FROM trade_flags ORDER BY id")
            .expect("prepare");
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        rows
    };
    // The trade stage's own flags over that import, stored first.
    {
        let mut store = chokepoint_store::Store::open(&db2).expect("open store");
        let (orecs, _) = chokepoint_trade::read_all(
            &other.join(chokepoint_scenario::CUSTOMS_FILE),
            &Default::default(),
        )
        .expect("read other");
        let oflags = chokepoint_trade::run_all(
            &orecs,
            &classifier,
            &Default::default(),
            &Default::default(),
        )
        .expect("run_all other");
        let tx = store.connection_mut().transaction().expect("tx");
        chokepoint_trade::store::save_flags_of(&tx, &oflags, true, Some(1)).expect("save");
        tx.commit().expect("commit");
    }
    let before = flag_rows(&db2);
    assert!(!before.is_empty());
    let err = chokepoint_cluster::import::import_flags(&db2, &classified, None)
        .await
        .expect_err("records of another import");
    assert!(err.to_string().contains("does not hold"), "{err}");
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    assert_eq!(flag_rows(&db2), before);
    // No store: refused, none created.
    let none = tmp.path().join("none.db");
    assert!(
        chokepoint_cluster::import::import_flags(&none, &classified, None)
            .await
            .is_err()
    );
    assert!(!none.exists());
}
