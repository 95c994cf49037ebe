//! Product substitution: a trading pair (importer, exporter) that declared a CHPL code and
//! then switches to a neighbouring non-CHPL code (`sub.pair_shift`, stronger when a control
//! date falls between the last CHPL and the first neighbour declaration), and descriptions
//! that name a CHPL item declared under a neighbouring code of the same heading
//! (`sub.description`).

use super::context::{DetectOptions, Prepared};
use crate::date::{control, Date};
use crate::flags::{Flag, Rule};
use std::collections::HashMap;

/// Runs the substitution rules.
pub fn detect(p: &Prepared, opts: &DetectOptions, out: &mut Vec<Flag>) {
    pair_shift(p, opts, out);
    description(p, opts, out);
}

fn pair_shift(p: &Prepared, opts: &DetectOptions, out: &mut Vec<Flag>) {
    let controls = control::dates();
    // pair → declared hs6 → record indices
    let mut pairs: HashMap<(String, String), HashMap<u32, Vec<usize>>> = HashMap::new();
    for (i, class) in p.classes.iter().enumerate() {
        let Some(c) = *class else { continue };
        pairs
            .entry((p.receivers[i].clone(), p.senders[i].clone()))
            .or_default()
            .entry(c.hs6)
            .or_default()
            .push(i);
    }
    for codes in pairs.values() {
        for (&x, xs) in codes
            .iter()
            .filter(|(c, _)| p.classifier.chpl().tier(**c).is_some())
        {
            for (&y, ys) in codes
                .iter()
                .filter(|(c, _)| p.code_rules.is_neighbour(x, **c))
            {
                let date = |i: &usize| p.records[*i].date;
                let last_x = xs.iter().map(date).max().unwrap_or_default();
                let first_y = ys.iter().map(date).min().unwrap_or_default();
                // A switch: (nearly) every CHPL declaration precedes every neighbour one.
                let overlap = xs.iter().filter(|i| date(i) > first_y).count();
                if overlap * 10 > xs.len() || xs.len() < 2 {
                    continue;
                }
                let control_between = controls
                    .iter()
                    .find(|d| **d > last_x && **d <= first_y.add_days(30))
                    .copied();
                let score = (0.55
                    + if control_between.is_some() { 0.3 } else { 0.0 }
                    + (xs.len().min(10) as f64) * 0.015)
                    .min(1.0);
                let mut before: Vec<&usize> = xs.iter().collect();
                before.sort_by_key(|i| std::cmp::Reverse(date(i)));
                // A neighbour-code record whose description names goods off the CHPL (the
                // neighbour's own goods, «выводные рамки» under 8542.90, or only the heading) is
                // an honest declaration; one that names a CHPL item, a recognised part number
                // or nothing at all (vague) is not.
                let honest = |i: &usize| {
                    p.readings[*i].prediction.is_some_and(|pr| {
                        pr.confidence >= opts.min_confidence
                            && !pr.part_number
                            && !p.code_rules.names_chpl_code(&pr)
                    })
                };
                for &yi in ys.iter().filter(|i| date(i) >= first_y && !honest(i)) {
                    let r = &p.records[yi];
                    let mut evidence = vec![r.id.clone()];
                    evidence.extend(before.iter().take(5).map(|i| p.records[**i].id.clone()));
                    let reading = &p.readings[yi];
                    let said = if reading.evidence.is_empty() {
                        String::from("names no goods")
                    } else if reading.vague {
                        format!("names no goods (only {})", reading.evidence_text())
                    } else {
                        format!("reads {}", reading.evidence_text())
                    };
                    out.push(Flag {
                        rule: Rule::SubPairShift,
                        score,
                        subject: r.id.clone(),
                        evidence,
                        explanation: format!(
                            "{} → {}: this pair declared {} ({} records, last {}) and from {} declares the neighbouring non-CHPL code {}{}; the description «{}» {}",
                            r.sender_name,
                            r.receiver_name,
                            crate::hs::format_hs6(x),
                            xs.len(),
                            last_x,
                            first_y,
                            crate::hs::format_hs6(y),
                            control_between.map(|d: Date| format!(" (control date {d} in between)")).unwrap_or_default(),
                            r.goods_description,
                            said
                        ),
                    });
                }
            }
        }
    }
}

fn description(p: &Prepared, opts: &DetectOptions, out: &mut Vec<Flag>) {
    for (i, r) in p.records.iter().enumerate() {
        let (Some(declared), Some(pred)) = (p.classes[i], p.readings[i].prediction) else {
            continue;
        };
        if declared.chpl.is_some()
            || pred.score < opts.min_description_score
            || pred.confidence < opts.min_confidence
        {
            continue;
        }
        // The description names a CHPL subheading (by words or by a part number, which
        // decides the subheading) and the declared code is its non-CHPL neighbour.
        let hit = pred.hs6.is_some_and(|x| {
            p.classifier.chpl().tier(x).is_some() && p.code_rules.is_neighbour(x, declared.hs6)
        });
        if hit {
            out.push(Flag {
                rule: Rule::SubDescription,
                score: (0.5 + 0.3 * pred.confidence + if pred.part_number { 0.2 } else { 0.0 }).min(1.0),
                subject: r.id.clone(),
                evidence: vec![r.id.clone()],
                explanation: format!(
                    "description «{}» names a CHPL item ({}, from {}) declared under the neighbouring non-CHPL code {}",
                    r.goods_description,
                    pred.hs6.map(crate::hs::format_hs6).unwrap_or_else(|| format!("{:04}", pred.heading)),
                    p.readings[i].evidence_text(),
                    crate::hs::format_hs6(declared.hs6)
                ),
            });
        }
    }
}
