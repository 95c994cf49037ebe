//! Running the detectors: records are classified and their descriptions read once
//! ([`Prepared`]), then each detector adds [`Flag`]s. Detectors see only the records (and
//! the mirror exports when given) — never a scenario's truth.

use crate::classify::{Classification, Classifier};
use crate::describe::{DescriptionClassifier, Reading};
use crate::error::{Result, TradeError};
use crate::flags::Flag;
use crate::hs::parse_code;
use crate::record::CustomsRecord;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Thresholds of the detectors (the defaults are the evaluated settings).
#[derive(Debug, Clone)]
pub struct DetectOptions {
    /// Robust z-score of ln(USD/kg) above which a value is an outlier (`value.high` / `value.low`).
    pub value_z: f64,
    /// Robust z-score above which a vague description's value is suspicious.
    pub vague_value_z: f64,
    /// Minimum USD value for value-based flags.
    pub min_value_usd: f64,
    /// Minimum trading pairs of a code for its value distribution to be used.
    pub min_code_pairs: usize,
    /// Floor of the MAD of ln(USD/kg) (0.25 ≈ ±28 % around the median).
    pub min_mad: f64,
    /// Minimum lexicon score of a description prediction.
    pub min_description_score: f64,
    /// Minimum share of the winning heading among the description's votes.
    pub min_confidence: f64,
    /// Mirror: flag a CHPL cell whose Russian imports are below this share of the reported exports.
    pub mirror_ratio: f64,
    /// Mirror: minimum reported export value of a cell (USD).
    pub mirror_min_usd: f64,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            value_z: 4.0,
            vague_value_z: 2.0,
            min_value_usd: 1000.0,
            min_code_pairs: 10,
            min_mad: 0.25,
            min_description_score: 2.0,
            min_confidence: 0.6,
            mirror_ratio: 0.65,
            mirror_min_usd: 20_000.0,
        }
    }
}

/// The built-in cross-heading neighbour table.
pub const DEFAULT_NEIGHBOURS: &str = include_str!("../rules/neighbours.csv");

/// Records with their classification and description reading, shared by the detectors.
pub struct Prepared<'a> {
    /// The records.
    pub records: &'a [CustomsRecord],
    /// The classification of each record's declared code (`None` if unknown).
    pub classes: Vec<Option<Classification>>,
    /// What each record's description says.
    pub readings: Vec<Reading>,
    /// The classifier.
    pub classifier: &'a Classifier,
    chpl_headings: HashSet<u16>,
    neighbours: HashMap<u32, Vec<u32>>,
}

impl<'a> Prepared<'a> {
    /// Classifies and reads every record.
    pub fn new(
        records: &'a [CustomsRecord],
        classifier: &'a Classifier,
        describer: &DescriptionClassifier,
    ) -> Result<Self> {
        let classes = records
            .iter()
            .map(|r| classifier.classify(&r.ved_code).ok())
            .collect();
        let readings = records
            .iter()
            .map(|r| describer.read(&r.goods_description))
            .collect();
        let chpl_headings = classifier
            .chpl()
            .codes()
            .iter()
            .map(|c| (c / 100) as u16)
            .collect();
        let mut neighbours: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .from_reader(DEFAULT_NEIGHBOURS.as_bytes());
        for (i, row) in reader.records().enumerate() {
            let row = row?;
            let bad = || TradeError::Data {
                path: "rules/neighbours.csv".into(),
                line: i as u64 + 2,
                message: "bad code".into(),
            };
            let a = parse_code(row.get(0).unwrap_or_default())
                .map_err(|_| bad())?
                .hs6;
            let b = parse_code(row.get(1).unwrap_or_default())
                .map_err(|_| bad())?
                .hs6;
            neighbours.entry(a).or_default().push(b);
        }
        Ok(Prepared {
            records,
            classes,
            readings,
            classifier,
            chpl_headings,
            neighbours,
        })
    }

    /// Whether any CHPL code lies in this heading.
    pub fn heading_has_chpl(&self, heading: u16) -> bool {
        self.chpl_headings.contains(&heading)
    }

    /// Whether `other` is a non-CHPL neighbour of the CHPL code `chpl`: same heading, or
    /// listed in the neighbour table.
    pub fn is_neighbour(&self, chpl: u32, other: u32) -> bool {
        other != chpl
            && self.classifier.chpl().tier(other).is_none()
            && (chpl / 100 == other / 100
                || self
                    .neighbours
                    .get(&chpl)
                    .is_some_and(|v| v.contains(&other)))
    }
}

/// A key for a party name: lower-case letters and digits, other characters dropped.
pub fn party_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Optional side inputs of the detectors.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Mirror exports CSV (reporter, partner, hs6, year, exportValueUsd).
    pub mirror_exports: Option<PathBuf>,
    /// Company registry CSV (see [`crate::registry::read_companies`]).
    pub registry: Option<PathBuf>,
}

/// Runs every detector over `records`, with the mirror and registry rules when `sources`
/// has those files. Flags are sorted by rule, then score (highest first).
pub fn run_all(
    records: &[CustomsRecord],
    classifier: &Classifier,
    sources: &Sources,
    opts: &DetectOptions,
) -> Result<Vec<Flag>> {
    let describer = DescriptionClassifier::builtin()?;
    let prepared = Prepared::new(records, classifier, &describer)?;
    let mut flags = Vec::new();
    crate::deceptive::detect(&prepared, opts, &mut flags);
    crate::substitution::detect(&prepared, opts, &mut flags);
    crate::route::detect(&prepared, &mut flags);
    if let Some(path) = &sources.mirror_exports {
        let exports = crate::mirror::read_exports(path)?;
        crate::mirror::detect(&prepared, &exports, opts, &mut flags);
    }
    if let Some(path) = &sources.registry {
        let registry = crate::registry::read_companies(path)?;
        crate::network::detect(&prepared, &registry, &mut flags);
    }
    // A value anomaly on a record a substitution rule already explains is part of that
    // explanation, not a separate deceptive-description finding.
    let substituted: HashSet<String> = flags
        .iter()
        .filter(|f| f.rule.starts_with("sub."))
        .map(|f| f.subject.clone())
        .collect();
    flags.retain(|f| {
        !(matches!(f.rule, "value.high" | "desc.vague_value") && substituted.contains(&f.subject))
    });
    flags.sort_by(|a, b| {
        a.rule
            .cmp(b.rule)
            .then(b.score.total_cmp(&a.score))
            .then(a.subject.cmp(&b.subject))
    });
    Ok(flags)
}
