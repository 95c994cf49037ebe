//! Deceptive descriptions: the description names goods of concern (a product word or a
//! manufacturer's part number) while the declared code is benign and unrelated
//! (`desc.mismatch`); a vague description carries a unit value far above its code's norm
//! (`desc.vague_value`); a unit value far outside the distribution of its code (`value.high`,
//! `value.low`).
//!
//! Unit values are learnt from the records themselves ([`UnitValues`]): USD per kg of net
//! weight and USD per piece, each on the log scale, with the median and the median absolute
//! deviation (MAD) over trading pairs (each importer–exporter pair contributes the median of
//! its records) per HS-6 code; a code with fewer than `min_code_pairs` pairs falls back to its
//! heading (HS-4), then to its chapter. No price is a constant of the code.

use super::context::{CodeRules, DetectOptions, Prepared};
use crate::classify::{Classification, Classifier};
use crate::describe::Reading;
use crate::flags::{Flag, Rule};
use crate::record::CustomsRecord;
use std::collections::HashMap;
use std::ops::Deref;

/// Median and MAD of ln(unit value) for one group of records.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogStats {
    /// Median of ln(USD per unit).
    pub median: f64,
    /// Median absolute deviation (floored at the option's `min_mad`).
    pub mad: f64,
    /// Number of trading pairs.
    pub n: usize,
}

impl LogStats {
    /// The robust z-score of a unit value (0.6745·(ln v − median)/MAD).
    pub fn z(&self, value: f64) -> f64 {
        0.6745 * (value.ln() - self.median) / self.mad
    }

    /// The median unit value in USD.
    pub fn median_value(&self) -> f64 {
        self.median.exp()
    }
}

/// What a unit value is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// USD per kg of net weight.
    Kg,
    /// USD per piece (records whose unit is pieces).
    Piece,
}

impl Basis {
    fn as_str(self) -> &'static str {
        match self {
            Basis::Kg => "kg",
            Basis::Piece => "piece",
        }
    }
}

/// The level of the code a distribution was learnt at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// The six-digit subheading.
    Hs6,
    /// The heading (fallback).
    Heading,
    /// The chapter (last fallback).
    Chapter,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// USD per kg of net weight.
pub fn value_per_kg(r: &CustomsRecord) -> Option<f64> {
    let v = r.value_usd()?;
    let w = r.net_weight?;
    (v > 0.0 && w > 0.0).then(|| v / w)
}

/// Whether a unit of quantity means pieces (pcs, шт, штука, OKEI code 796, …).
pub fn is_piece_unit(unit: &str) -> bool {
    let u = unit.trim().trim_end_matches('.').to_lowercase();
    matches!(
        u.as_str(),
        "pcs"
            | "pc"
            | "piece"
            | "pieces"
            | "шт"
            | "штук"
            | "штука"
            | "796"
            | "ea"
            | "each"
            | "u"
            | "unit"
            | "units"
            | "nmb"
            | "件"
            | "个"
    )
}

/// USD per piece, for records counted in pieces.
pub fn value_per_piece(r: &CustomsRecord) -> Option<f64> {
    let v = r.value_usd()?;
    let q = r.quantity?;
    (v > 0.0 && q > 0.0 && is_piece_unit(&r.unit)).then(|| v / q)
}

/// A unit value compared with its distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deviation {
    /// Per kg or per piece.
    pub basis: Basis,
    /// The record's unit value (USD).
    pub value: f64,
    /// The distribution it was compared with.
    pub stats: LogStats,
    /// The code level of that distribution.
    pub level: Level,
    /// The code of that level (six, four or two digits).
    pub code: u32,
    /// Robust z-score.
    pub z: f64,
}

impl Deviation {
    /// A sentence for an explanation.
    pub fn describe(&self) -> String {
        let code = match self.level {
            Level::Hs6 => crate::hs::format_hs6(self.code),
            Level::Heading => format!(
                "heading {:04} (too few pairs for the subheading)",
                self.code
            ),
            Level::Chapter => format!(
                "chapter {:02} (too few pairs for the subheading and heading)",
                self.code
            ),
        };
        format!(
            "{:.2} USD per {} against a median of {:.2} across {} trading pairs declaring {} (robust z = {:.1})",
            self.value,
            self.basis.as_str(),
            self.stats.median_value(),
            self.stats.n,
            code,
            self.z
        )
    }
}

/// A distribution's key: basis, code level and the code at that level.
type GroupKey = (Basis, Level, u32);

/// Unit-value distributions learnt from the records, per basis and code level: over trading
/// pairs (each pair's median counts once) and over records (each record counts once, so a
/// pair that carries most of a code's trade sets most of its norm).
#[derive(Debug, Clone, Default)]
pub struct UnitValues {
    stats: HashMap<(Basis, Level, u32), LogStats>,
    by_record: HashMap<(Basis, Level, u32), LogStats>,
}

fn robust(mut v: Vec<f64>, min_mad: f64) -> LogStats {
    let m = median(&mut v);
    let mut dev: Vec<f64> = v.iter().map(|x| (x - m).abs()).collect();
    let mad = median(&mut dev);
    LogStats {
        median: m,
        mad: mad.max(min_mad),
        n: v.len(),
    }
}

impl UnitValues {
    /// Learns the distributions from the prepared records: groups of at least `min_pairs`
    /// trading pairs, MAD floored at `min_mad`.
    pub fn learn(p: &Prepared, min_pairs: usize, min_mad: f64) -> Self {
        let mut groups: HashMap<GroupKey, HashMap<(&str, String), Vec<f64>>> = HashMap::new();
        for (i, (r, c)) in p.records.iter().zip(&p.classes).enumerate() {
            let Some(c) = c else { continue };
            let importer = p.receivers[i].as_str();
            let exporter = p.senders[i].clone();
            for (basis, v) in [
                (Basis::Kg, value_per_kg(r)),
                (Basis::Piece, value_per_piece(r)),
            ] {
                let Some(v) = v else { continue };
                for (level, code) in [
                    (Level::Hs6, c.hs6),
                    (Level::Heading, c.hs6 / 100),
                    (Level::Chapter, c.hs6 / 10_000),
                ] {
                    groups
                        .entry((basis, level, code))
                        .or_default()
                        .entry((importer, exporter.clone()))
                        .or_default()
                        .push(v.ln());
                }
            }
        }
        let mut stats = HashMap::new();
        let mut by_record = HashMap::new();
        for (k, pairs) in groups {
            if pairs.len() < min_pairs {
                continue;
            }
            let all: Vec<f64> = pairs.values().flatten().copied().collect();
            by_record.insert(k, robust(all, min_mad));
            let medians: Vec<f64> = pairs.into_values().map(|mut xs| median(&mut xs)).collect();
            stats.insert(k, robust(medians, min_mad));
        }
        UnitValues { stats, by_record }
    }

    /// The distribution a code is compared with: its own, else its heading's, else its
    /// chapter's; `None` when none has enough pairs.
    pub fn for_code(&self, basis: Basis, hs6: u32) -> Option<(Level, u32, LogStats)> {
        [
            (Level::Hs6, hs6),
            (Level::Heading, hs6 / 100),
            (Level::Chapter, hs6 / 10_000),
        ]
        .into_iter()
        .find_map(|(level, code)| {
            self.stats
                .get(&(basis, level, code))
                .map(|s| (level, code, *s))
        })
    }

    /// The robust z-score of a deviation's value against the record-weighted distribution of
    /// the same basis and code.
    pub fn record_z(&self, d: &Deviation) -> Option<f64> {
        self.by_record
            .get(&(d.basis, d.level, d.code))
            .map(|s| s.z(d.value))
    }

    /// The record's deviations per kg and per piece from the distributions of its code.
    pub fn deviations(&self, r: &CustomsRecord, c: &Classification) -> Vec<Deviation> {
        [
            (Basis::Kg, value_per_kg(r)),
            (Basis::Piece, value_per_piece(r)),
        ]
        .into_iter()
        .filter_map(|(basis, v)| {
            let v = v?;
            let (level, code, stats) = self.for_code(basis, c.hs6)?;
            Some(Deviation {
                basis,
                value: v,
                stats,
                level,
                code,
                z: stats.z(v),
            })
        })
        .collect()
    }
}

/// The rule `desc.mismatch` for one record: its description names goods of concern
/// ([`CodeRules::is_sensitive`]; by words or a part number) with at least the options' score
/// and confidence, while the declared code is off the CHPL, of another category and another
/// heading, and not a neighbour of the CHPL code the description names (that is HS
/// substitution's case). Returns the flag [`detect`] emits for the record, or `None`.
///
/// The rule needs no other record: `declared` is the classification of the record's declared
/// code and `reading` what its description says, so batch engines call it row by row
/// (through [`RecordDetector`](super::RecordDetector), which classifies and reads the record
/// itself); [`detect`] calls it for every record.
pub fn desc_mismatch(
    rules: &CodeRules<impl Deref<Target = Classifier>>,
    record: &CustomsRecord,
    declared: &Classification,
    reading: &Reading,
    opts: &DetectOptions,
) -> Option<Flag> {
    let pred = reading.prediction?;
    let code = pred.hs6.unwrap_or(u32::from(pred.heading) * 100);
    let pc = rules.classifier().rules().category(code);
    let mismatch = rules.is_sensitive(&pred)
        && declared.chpl.is_none()
        && declared.category != pc
        && declared.heading != pred.heading
        && !pred
            .hs6
            .is_some_and(|x| rules.is_neighbour(x, declared.hs6))
        && pred.score >= opts.min_description_score
        && pred.confidence >= opts.min_confidence;
    if !mismatch {
        return None;
    }
    let score = (0.5 * pred.confidence
        + 0.3 * (pred.score / 6.0).min(1.0)
        + if pred.part_number { 0.2 } else { 0.0 })
    .min(1.0);
    let named = match pred.hs6 {
        Some(h) => crate::hs::format_hs6(h),
        None => format!("heading {:04}", pred.heading),
    };
    Some(Flag {
        rule: Rule::DescMismatch,
        score,
        subject: record.id.clone(),
        evidence: vec![record.id.clone()],
        explanation: format!(
            "description «{}» names {} goods ({}, from {}) but the declared code {} is {} and not on the CHPL",
            record.goods_description,
            pc,
            named,
            reading.evidence_text(),
            crate::hs::format_hs6(declared.hs6),
            declared.category
        ),
    })
}

/// Runs the deceptive-description rules.
pub fn detect(p: &Prepared, opts: &DetectOptions, out: &mut Vec<Flag>) {
    let values = UnitValues::learn(p, opts.min_code_pairs, opts.min_mad);
    for (i, r) in p.records.iter().enumerate() {
        let Some(declared) = p.classes[i] else {
            continue;
        };
        let reading = &p.readings[i];
        out.extend(desc_mismatch(&p.code_rules, r, &declared, reading, opts));
        let deviations = values.deviations(r, &declared);
        let Some(high) = deviations.iter().max_by(|a, b| a.z.total_cmp(&b.z)) else {
            continue;
        };
        let low = deviations
            .iter()
            .min_by(|a, b| a.z.total_cmp(&b.z))
            .unwrap_or(high);
        let usd = r.value_usd().unwrap_or(0.0);
        // A vague description is suspicious when its value stands out both among the code's
        // trading pairs and among its records: an established supplier that carries most of a
        // code's trade at its own price level is that code's norm, not an outlier.
        let record_z = values.record_z(high).unwrap_or(high.z);
        if reading.vague && high.z.min(record_z) >= opts.vague_value_z {
            out.push(flag_value(
                r,
                Rule::DescVagueValue,
                high,
                format!(
                    "the description «{}» names no goods (only {}){}, and its value is far above its code's norm: {}",
                    r.goods_description,
                    reading.evidence_text(),
                    if declared.chpl.is_some() { " under a CHPL code" } else { "" },
                    high.describe()
                ),
            ));
        }
        if high.z >= opts.value_z && usd >= opts.min_value_usd {
            out.push(flag_value(
                r,
                Rule::ValueHigh,
                high,
                format!(
                    "unit value far above the norm of its declared code: {} («{}»)",
                    high.describe(),
                    r.goods_description
                ),
            ));
        } else if low.z <= -opts.value_z && usd >= opts.min_value_usd {
            out.push(flag_value(
                r,
                Rule::ValueLow,
                low,
                format!(
                    "unit value far below the norm of its declared code: {} («{}»)",
                    low.describe(),
                    r.goods_description
                ),
            ));
        }
    }
}

fn flag_value(r: &CustomsRecord, rule: Rule, d: &Deviation, explanation: String) -> Flag {
    Flag {
        rule,
        score: (d.z.abs() / 10.0).clamp(0.0, 1.0),
        subject: r.id.clone(),
        evidence: vec![r.id.clone()],
        explanation,
    }
}
