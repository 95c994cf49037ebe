//! Deceptive descriptions: the description points at sensitive goods while the declared code
//! is benign (`desc.mismatch`); a vague description carries a value far above its code's
//! norm (`desc.vague_value`); a unit value (USD per kg) far outside the distribution of its
//! HS6 (`value.high`, `value.low`: robust z-score on the log, median/MAD).

use super::context::{party_key, DetectOptions, Prepared};
use crate::classify::Classification;
use crate::describe::Reading;
use crate::flags::{Flag, Rule};
use std::collections::HashMap;

/// Median and MAD of log(USD/kg) for one HS6.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogStats {
    /// Median of ln(USD per kg).
    pub median: f64,
    /// Median absolute deviation.
    pub mad: f64,
    /// Number of trading pairs.
    pub n: usize,
}

impl LogStats {
    /// The robust z-score of a value per kg (0.6745·(ln v − median)/MAD).
    pub fn z(&self, value_per_kg: f64) -> f64 {
        0.6745 * (value_per_kg.ln() - self.median) / self.mad
    }
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
pub fn value_per_kg(r: &crate::record::CustomsRecord) -> Option<f64> {
    let v = r.value_usd()?;
    let w = r.net_weight?;
    (v > 0.0 && w > 0.0).then(|| v / w)
}

/// Robust statistics of ln(USD/kg) per declared HS6 across trading pairs: each
/// (importer, exporter) pair contributes the median of its records, so a code dominated by
/// one big supplier still shows the spread between suppliers. Codes need `min_pairs` pairs;
/// the MAD is floored at `min_mad`.
pub fn log_value_stats(p: &Prepared, min_pairs: usize, min_mad: f64) -> HashMap<u32, LogStats> {
    let mut by: HashMap<u32, HashMap<(&str, String), Vec<f64>>> = HashMap::new();
    for (r, c) in p.records.iter().zip(&p.classes) {
        if let (Some(c), Some(v)) = (c, value_per_kg(r)) {
            let importer = if r.receiver_inn.is_empty() {
                r.receiver_name.as_str()
            } else {
                r.receiver_inn.as_str()
            };
            by.entry(c.hs6)
                .or_default()
                .entry((importer, party_key(&r.sender_name)))
                .or_default()
                .push(v.ln());
        }
    }
    by.into_iter()
        .filter(|(_, pairs)| pairs.len() >= min_pairs)
        .map(|(k, pairs)| {
            let mut v: Vec<f64> = pairs.into_values().map(|mut xs| median(&mut xs)).collect();
            let m = median(&mut v);
            let mut dev: Vec<f64> = v.iter().map(|x| (x - m).abs()).collect();
            let mad = median(&mut dev);
            (
                k,
                LogStats {
                    median: m,
                    mad: mad.max(min_mad),
                    n: v.len(),
                },
            )
        })
        .collect()
}

/// Runs the deceptive-description rules.
pub fn detect(p: &Prepared, opts: &DetectOptions, out: &mut Vec<Flag>) {
    let stats = log_value_stats(p, opts.min_code_pairs, opts.min_mad);
    let rules = p.classifier.rules();
    for (i, r) in p.records.iter().enumerate() {
        let Some(declared) = p.classes[i] else {
            continue;
        };
        let reading: &Reading = &p.readings[i];
        let z = value_per_kg(r).and_then(|v| stats.get(&declared.hs6).map(|s| s.z(v)));
        if let Some(pred) = reading.prediction {
            let code = pred.hs6.unwrap_or(u32::from(pred.heading) * 100);
            let pc = rules.category(code);
            let pred_chpl = match pred.hs6 {
                Some(h) => p.classifier.chpl().tier(h).is_some(),
                None => p.heading_has_chpl(pred.heading),
            };
            if (pc.is_sensitive() || pred_chpl)
                && declared.chpl.is_none()
                && declared.category != pc
                && declared.heading != pred.heading
                && !pred.hs6.is_some_and(|x| p.is_neighbour(x, declared.hs6))
                && pred.score >= opts.min_description_score
                && pred.confidence >= opts.min_confidence
            {
                let score = (0.5 * pred.confidence
                    + 0.3 * (pred.score / 6.0).min(1.0)
                    + if pred.part_number { 0.2 } else { 0.0 })
                .min(1.0);
                out.push(Flag {
                    rule: Rule::DescMismatch,
                    score,
                    subject: r.id.clone(),
                    evidence: vec![r.id.clone()],
                    explanation: format!(
                        "description «{}» reads as heading {:04} ({}{}) but the declared code {} is {} and not on the CHPL",
                        r.goods_description,
                        pred.heading,
                        pc,
                        if pred.part_number { ", part number recognised" } else { "" },
                        crate::hs::format_hs6(declared.hs6),
                        declared.category
                    ),
                });
            }
        }
        if let Some(z) = z {
            let usd = r.value_usd().unwrap_or(0.0);
            if reading.vague && z >= opts.vague_value_z {
                out.push(flag_value(
                    r,
                    Rule::DescVagueValue,
                    z,
                    &declared,
                    "vague description with a value per kg far above its code's norm",
                ));
            }
            if z >= opts.value_z && usd >= opts.min_value_usd {
                out.push(flag_value(
                    r,
                    Rule::ValueHigh,
                    z,
                    &declared,
                    "value per kg far above the norm of its declared code",
                ));
            } else if z <= -opts.value_z && usd >= opts.min_value_usd {
                out.push(flag_value(
                    r,
                    Rule::ValueLow,
                    -z,
                    &declared,
                    "value per kg far below the norm of its declared code",
                ));
            }
        }
    }
}

fn flag_value(
    r: &crate::record::CustomsRecord,
    rule: Rule,
    z: f64,
    c: &Classification,
    why: &str,
) -> Flag {
    Flag {
        rule,
        score: (z / 10.0).clamp(0.0, 1.0),
        subject: r.id.clone(),
        evidence: vec![r.id.clone()],
        explanation: format!(
            "{why}: robust z = {z:.1} among records declared {} («{}»)",
            crate::hs::format_hs6(c.hs6),
            r.goods_description
        ),
    }
}
