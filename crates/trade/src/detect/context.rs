//! What every detector reads: the records with their classification and description reading
//! ([`Prepared`]), the thresholds ([`DetectOptions`]), the party key, and what the rules know
//! about codes apart from any record ([`CodeRules`]: CHPL headings and the cross-heading
//! neighbour table). Detectors import this module only, never each other or `detect/mod.rs`.

use crate::classify::{Classification, Classifier};
use crate::describe::{DescriptionClassifier, Reading};
use crate::error::{Result, TradeError};
use crate::hs::parse_code;
use crate::record::CustomsRecord;
use chokepoint_refdata::Table;
use std::collections::{HashMap, HashSet};
use std::ops::Deref;

/// Thresholds of the detectors (the defaults are the evaluated settings).
#[derive(Debug, Clone)]
pub struct DetectOptions {
    /// Robust z-score of ln(USD/kg) above which a value is an outlier (`value.high` / `value.low`).
    pub value_z: f64,
    /// Robust z-score above which a vague description's value is suspicious.
    pub vague_value_z: f64,
    /// Minimum USD value for value-based flags.
    pub min_value_usd: f64,
    /// Minimum trading pairs behind a unit-value distribution: an HS-6 code with fewer falls
    /// back to its heading (HS-4), then to its chapter.
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
pub const DEFAULT_NEIGHBOURS: &str = include_str!("../../rules/neighbours.csv");

/// What the rules know about codes apart from any record: the classifier (CHPL tiers and
/// category rules), the headings that hold CHPL codes and the cross-heading neighbour table.
/// Every rule that compares a description's prediction with a declared code asks it, whether
/// the detectors run over a whole import ([`Prepared`] holds one) or a batch engine checks one
/// record at a time ([`RecordDetector`](super::RecordDetector) holds one).
///
/// `C` is how the classifier is held: borrowed (`&Classifier`, in [`Prepared`]) or shared
/// (`Arc<Classifier>`, in a `RecordDetector` a process keeps for its life).
#[derive(Debug, Clone)]
pub struct CodeRules<C> {
    classifier: C,
    chpl_headings: HashSet<u16>,
    neighbours: HashMap<u32, Vec<u32>>,
}

impl<C: Deref<Target = Classifier>> CodeRules<C> {
    /// Derives the tables from the classifier's CHPL and the built-in neighbour table
    /// ([`DEFAULT_NEIGHBOURS`]); fails when that table does not parse.
    pub fn new(classifier: C) -> Result<Self> {
        let chpl_headings = classifier
            .chpl()
            .codes()
            .iter()
            .map(|c| (c / 100) as u16)
            .collect();
        Ok(CodeRules {
            classifier,
            chpl_headings,
            neighbours: neighbours()?,
        })
    }

    /// The classifier the rules read the CHPL and the goods categories from.
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// Whether a prediction points at goods of concern: a CHPL subheading, a heading that holds
    /// CHPL codes (when only the heading is known), or goods outside the CHPL that the category
    /// rules single out (propellants and explosives, special chemicals, machine tools, UAV
    /// parts, integrated circuits).
    pub fn is_sensitive(&self, pred: &crate::describe::Prediction) -> bool {
        use crate::category::Category as Cat;
        let code = pred.hs6.unwrap_or(u32::from(pred.heading) * 100);
        let chpl = match pred.hs6 {
            Some(h) => self.classifier.chpl().tier(h).is_some(),
            None => self.heading_has_chpl(pred.heading),
        };
        chpl || matches!(
            self.classifier.rules().category(code),
            Cat::PropellantsExplosives
                | Cat::SpecialChemicals
                | Cat::MachineTools
                | Cat::UavParts
                | Cat::Microelectronics
        )
    }

    /// Whether a prediction names a CHPL subheading.
    pub fn names_chpl_code(&self, pred: &crate::describe::Prediction) -> bool {
        pred.hs6
            .is_some_and(|h| self.classifier.chpl().tier(h).is_some())
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
    /// Each record's exporter as one trading party: [`party_key`] of the sender's name, so that
    /// "UNIONCHIP HONG KONG LTD" and "UNIONCHIP HONG KONG LIMITED" are one exporter.
    pub senders: Vec<String>,
    /// Each record's importer: its INN when declared, else [`party_key`] of its name.
    pub receivers: Vec<String>,
    /// What the rules know about codes apart from the records (CHPL headings, neighbours).
    pub code_rules: CodeRules<&'a Classifier>,
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
        // Each distinct name is analysed once.
        let mut keys: HashMap<&str, String> = HashMap::new();
        let mut key = |name: &'a str| keys.entry(name).or_insert_with(|| party_key(name)).clone();
        let senders = records.iter().map(|r| key(&r.sender_name)).collect();
        let receivers = records
            .iter()
            .map(|r| {
                if r.receiver_inn.is_empty() {
                    key(&r.receiver_name)
                } else {
                    r.receiver_inn.clone()
                }
            })
            .collect();
        Ok(Prepared {
            senders,
            receivers,
            records,
            classes,
            readings,
            classifier,
            code_rules: CodeRules::new(classifier)?,
        })
    }
}

/// The key a trading party is grouped by: the names crate's analysed form of an organisation
/// name, so the legal form written LTD or LIMITED (or ООО/OOO), quotes and Cyrillic or Latin
/// script do not split one company in two; letters and digits when nothing is left.
pub fn party_key(name: &str) -> String {
    let analysed = chokepoint_names::analyze(name, chokepoint_names::NameKind::Organization);
    let key = analysed.key();
    if !key.is_empty() {
        return key;
    }
    name.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Parses the built-in neighbour table: CHPL code (first column) → neighbouring codes
/// (second column), both read as HS codes.
fn neighbours() -> Result<HashMap<u32, Vec<u32>>> {
    let table = Table::parse(DEFAULT_NEIGHBOURS, "rules/neighbours.csv")?;
    table.require_columns(&["chpl_hs6", "neighbour_hs6"])?;
    let mut out: HashMap<u32, Vec<u32>> = HashMap::new();
    for row in table.rows() {
        let code = |col: &str| -> Result<u32> {
            let raw = row.required(col)?;
            parse_code(raw)
                .map(|c| c.hs6)
                .map_err(|e| TradeError::from(row.error(col, &e.to_string())))
        };
        out.entry(code("chpl_hs6")?)
            .or_default()
            .push(code("neighbour_hs6")?);
    }
    Ok(out)
}
