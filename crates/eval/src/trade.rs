//! Evaluation: runs every detector on a generated scenario (customs records and mirror
//! exports only) and only then reads the truth files to score precision and recall per scheme
//! type and per rule.

use chokepoint_scenario::{CUSTOMS_FILE, MIRROR_FILE, TRUTH_MIRROR_FILE, TRUTH_RECORDS_FILE};
use chokepoint_trade::classify::Classifier;
use chokepoint_trade::detect::{run_all, DetectOptions, Sources};
use chokepoint_trade::error::{Result, TradeError};
use chokepoint_trade::flags::{Flag, Rule};
use chokepoint_trade::import::{read_all, ReadOptions};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// A mirror cell counts as distorted (a positive) when at least this share of the value the
/// dispatch country exported was declared in Russia under another code.
pub const MIRROR_TRUTH_SHARE: f64 = 0.4;

/// Scheme types planted by the generator, in report order.
/// (Shell networks and phoenix successors are companies, scored by [`crate::network`] against the
/// planted shells; no trade detector flags their records.)
pub const SCHEMES: &[&str] = &[
    "deceptive_description",
    "hs_substitution",
    "mirror_gap",
    "transshipment",
];

/// Precision and recall of one line of the report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Score {
    /// Scheme type (or `rule:<id>` for a rule line).
    pub name: String,
    /// Planted positives (records, or mirror cells).
    pub truth: usize,
    /// Flagged subjects.
    pub flagged: usize,
    /// Flagged subjects that are planted positives.
    pub hits: usize,
    /// hits / flagged (`None` when nothing was flagged).
    pub precision: Option<f64>,
    /// hits / truth (`None` when nothing was planted).
    pub recall: Option<f64>,
    /// Whether a detector exists for it.
    pub detector: bool,
}

/// The evaluation of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The scenario folder.
    pub scenario: String,
    /// Records read.
    pub records: usize,
    /// Flags raised.
    pub flags: usize,
    /// One line per scheme type.
    pub schemes: Vec<Score>,
    /// One line per rule (precision against its scheme type).
    pub rules: Vec<Score>,
    /// Recall per scheme subtype (records).
    pub subtypes: BTreeMap<String, (usize, usize)>,
    /// Always true: the scenario and this report are synthetic.
    pub synthetic: bool,
}

fn score(
    name: String,
    truth: &HashSet<String>,
    flagged: &HashSet<String>,
    detector: bool,
) -> Score {
    let hits = flagged.intersection(truth).count();
    Score {
        name,
        truth: truth.len(),
        flagged: flagged.len(),
        hits,
        precision: (!flagged.is_empty()).then(|| hits as f64 / flagged.len() as f64),
        recall: (!truth.is_empty()).then(|| hits as f64 / truth.len() as f64),
        detector,
    }
}

/// Evaluates the detectors (default settings) on a scenario folder.
pub fn evaluate(scenario_dir: &Path, classifier: &Classifier) -> Result<Report> {
    evaluate_with(scenario_dir, classifier, &DetectOptions::default())
}

/// Evaluates with explicit detector settings.
pub fn evaluate_with(
    scenario_dir: &Path,
    classifier: &Classifier,
    opts: &DetectOptions,
) -> Result<Report> {
    let (records, _) = read_all(&scenario_dir.join(CUSTOMS_FILE), &ReadOptions::default())?;
    let mirror = scenario_dir.join(MIRROR_FILE);
    let sources = Sources {
        mirror_exports: mirror.exists().then_some(mirror),
    };
    let flags = run_all(&records, classifier, &sources, opts)?;
    score_flags(&flags, records.len(), scenario_dir)
}

/// Scores flags that the detectors already raised (for example those the trade stage saved in
/// the store, read back with `chokepoint_trade::read_flags`) over `records` records against the
/// truth files of the scenario folder `scenario_dir`: the truth is read only here.
pub fn score_flags(flags: &[Flag], records: usize, scenario_dir: &Path) -> Result<Report> {
    let (truth, subtype_of) = read_truth_records(&scenario_dir.join(TRUTH_RECORDS_FILE))?;
    let mirror_truth =
        read_truth_mirror(&scenario_dir.join(TRUTH_MIRROR_FILE), MIRROR_TRUTH_SHARE)?;
    let mut by_family: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut by_rule: HashMap<&str, HashSet<String>> = HashMap::new();
    for f in flags {
        by_family
            .entry(f.rule.family())
            .or_default()
            .insert(f.subject.clone());
        by_rule
            .entry(f.rule.as_str())
            .or_default()
            .insert(f.subject.clone());
    }
    let empty = HashSet::new();
    let mut schemes = Vec::new();
    for s in SCHEMES {
        let t = if *s == "mirror_gap" {
            &mirror_truth
        } else {
            truth.get(*s).unwrap_or(&empty)
        };
        let detector = true;
        schemes.push(score(
            s.to_string(),
            t,
            by_family.get(*s).unwrap_or(&empty),
            detector,
        ));
    }
    let mut rules = Vec::new();
    for rule in Rule::ALL {
        let (r, fam) = (rule.as_str(), rule.family());
        let t = if fam == "mirror_gap" {
            &mirror_truth
        } else {
            truth.get(fam).unwrap_or(&empty)
        };
        rules.push(score(
            format!("rule:{r}"),
            t,
            by_rule.get(r).unwrap_or(&empty),
            true,
        ));
    }
    let mut subtypes = BTreeMap::new();
    for (id, (kind, sub)) in &subtype_of {
        let flagged = by_family.get(kind.as_str()).is_some_and(|f| f.contains(id));
        let e: &mut (usize, usize) = subtypes.entry(format!("{kind}/{sub}")).or_default();
        e.0 += 1;
        e.1 += usize::from(flagged);
    }
    Ok(Report {
        scenario: scenario_dir.display().to_string(),
        records,
        flags: flags.len(),
        schemes,
        rules,
        subtypes,
        synthetic: true,
    })
}

type TruthRecords = (
    HashMap<String, HashSet<String>>,
    HashMap<String, (String, String)>,
);

fn read_truth_records(path: &Path) -> Result<TruthRecords> {
    let file = std::fs::File::open(path).map_err(|e| TradeError::io(path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(std::io::BufReader::new(file));
    let mut by_kind: HashMap<String, HashSet<String>> = HashMap::new();
    let mut subtype = HashMap::new();
    for row in reader.records() {
        let row = row?;
        let (Some(id), Some(kind), Some(sub)) = (row.get(0), row.get(1), row.get(3)) else {
            continue;
        };
        by_kind
            .entry(kind.to_string())
            .or_default()
            .insert(id.to_string());
        if matches!(kind, "deceptive_description" | "hs_substitution") {
            subtype.insert(id.to_string(), (kind.to_string(), sub.to_string()));
        }
    }
    Ok((by_kind, subtype))
}

fn read_truth_mirror(path: &Path, min_share: f64) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    if !path.exists() {
        return Ok(out);
    }
    let file = std::fs::File::open(path).map_err(|e| TradeError::io(path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(std::io::BufReader::new(file));
    for row in reader.records() {
        let row = row?;
        let share: f64 = row.get(3).and_then(|s| s.parse().ok()).unwrap_or(0.0);
        if share >= min_share {
            out.insert(format!(
                "mirror:{}:{}:{}",
                row.get(0).unwrap_or_default(),
                row.get(1).unwrap_or_default(),
                row.get(2).unwrap_or_default()
            ));
        }
    }
    Ok(out)
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.3}", v)).unwrap_or_else(|| "—".into())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "SYNTHETIC scenario {} — {} records, {} flags",
            self.scenario, self.records, self.flags
        )?;
        writeln!(
            f,
            "{:<34} {:>7} {:>7} {:>7} {:>9} {:>7}",
            "scheme / rule", "truth", "flagged", "hits", "precision", "recall"
        )?;
        for s in self.schemes.iter().chain(&self.rules) {
            if !s.detector {
                writeln!(
                    f,
                    "{:<34} {:>7} {:>7} {:>7} {:>9} {:>7}",
                    s.name, s.truth, "-", "-", "no detector", ""
                )?;
                continue;
            }
            writeln!(
                f,
                "{:<34} {:>7} {:>7} {:>7} {:>9} {:>7}",
                s.name,
                s.truth,
                s.flagged,
                s.hits,
                pct(s.precision),
                pct(s.recall)
            )?;
        }
        for (k, (n, hit)) in &self.subtypes {
            writeln!(
                f,
                "  recall {:<50} {:>5}/{:<5} {:.3}",
                k,
                hit,
                n,
                *hit as f64 / (*n).max(1) as f64
            )?;
        }
        Ok(())
    }
}
