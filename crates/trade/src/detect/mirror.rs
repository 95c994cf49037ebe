//! Mirror discrepancies: the dispatch country's reported exports to Russia of a CHPL code
//! against Russia's recorded imports of it from that country in the same year. A gap matched
//! by excess imports under a neighbouring non-CHPL code is `mirror.substitution`; an
//! unexplained gap is `mirror.gap`.

use super::context::{DetectOptions, Prepared};
use crate::error::{Result, TradeError};
use crate::flags::{Flag, Rule};
use crate::hs::parse_code;
use std::collections::HashMap;
use std::path::Path;

/// Reported exports: (reporter country, hs6, year) → USD.
pub type Exports = HashMap<(String, u32, i32), f64>;

/// Reads a mirror exports CSV (`reporter,partner,hs6,year,exportValueUsd`; `#` comments);
/// rows whose partner is not RU are ignored.
pub fn read_exports(path: &Path) -> Result<Exports> {
    let file = std::fs::File::open(path).map_err(|e| TradeError::io(path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(std::io::BufReader::new(file));
    let name = path.display().to_string();
    let mut out = Exports::new();
    for row in reader.records() {
        let row = row?;
        let line = row.position().map_or(0, |p| p.line());
        let bad = |field: &str| TradeError::Row {
            file: name.clone(),
            line,
            field: field.into(),
            message: "invalid value".into(),
        };
        if row.get(1).map(str::trim) != Some("RU") {
            continue;
        }
        let reporter = row.get(0).unwrap_or_default().trim().to_string();
        let hs6 = parse_code(row.get(2).unwrap_or_default())
            .map_err(|_| bad("hs6"))?
            .hs6;
        let year: i32 = row
            .get(3)
            .unwrap_or_default()
            .trim()
            .parse()
            .map_err(|_| bad("year"))?;
        let value: f64 = row
            .get(4)
            .unwrap_or_default()
            .trim()
            .parse()
            .map_err(|_| bad("exportValueUsd"))?;
        *out.entry((reporter, hs6, year)).or_default() += value;
    }
    Ok(out)
}

/// Runs the mirror rules.
pub fn detect(p: &Prepared, exports: &Exports, opts: &DetectOptions, out: &mut Vec<Flag>) {
    // Russia's imports by (dispatch country, declared HS 2022 code, year), with record ids.
    let mut imports: HashMap<(String, u32, i32), (f64, Vec<usize>)> = HashMap::new();
    for (i, r) in p.records.iter().enumerate() {
        let (Some(c), Some(v)) = (p.classes[i], r.value_usd()) else {
            continue;
        };
        let e = imports
            .entry((r.departure_country.clone(), c.hs6, r.date.year()))
            .or_default();
        e.0 += v;
        e.1.push(i);
    }
    let mut cells: Vec<(&(String, u32, i32), &f64)> = exports.iter().collect();
    cells.sort_by(|a, b| a.0.cmp(b.0));
    for ((country, x, year), &exported) in cells {
        let sensitive = p.classifier.chpl().tier(*x).is_some()
            || p.classifier.rules().category(*x).is_sensitive();
        if !sensitive || exported < opts.mirror_min_usd {
            continue;
        }
        let imported = imports
            .get(&(country.clone(), *x, *year))
            .map_or(0.0, |e| e.0);
        if imported >= opts.mirror_ratio * exported {
            continue;
        }
        let gap = exported - imported;
        // Neighbouring codes imported from the same country in excess of their own exports.
        let mut explained = 0.0;
        let mut evidence = Vec::new();
        let mut via = Vec::new();
        for ((c2, y_code, yr), (val, idx)) in imports.iter() {
            if c2 != country || yr != year || !p.code_rules.is_neighbour(*x, *y_code) {
                continue;
            }
            let excess = val
                - exports
                    .get(&(c2.clone(), *y_code, *yr))
                    .copied()
                    .unwrap_or(0.0);
            if excess > 0.0 {
                explained += excess;
                via.push(crate::hs::format_hs6(*y_code));
                evidence.extend(idx.iter().take(50).map(|i| p.records[*i].id.clone()));
            }
        }
        via.sort();
        let subject = format!("mirror:{country}:{x:06}:{year}");
        let share = (explained / gap).min(1.0);
        if share >= 0.3 {
            out.push(Flag {
                rule: Rule::MirrorSubstitution,
                score: (0.5 + 0.5 * share).min(1.0),
                subject,
                evidence,
                explanation: format!(
                    "{country} reports ${exported:.0} of {} exported to Russia in {year}; Russia recorded ${imported:.0}; {:.0}% of the gap reappears as excess imports under {}",
                    crate::hs::format_hs6(*x),
                    share * 100.0,
                    via.join(", ")
                ),
            });
        } else {
            out.push(Flag {
                rule: Rule::MirrorGap,
                score: (1.0 - imported / exported).clamp(0.0, 1.0) * 0.5,
                subject,
                evidence: imports.get(&(country.clone(), *x, *year)).map(|e| e.1.iter().take(50).map(|i| p.records[*i].id.clone()).collect()).unwrap_or_default(),
                explanation: format!(
                    "{country} reports ${exported:.0} of {} exported to Russia in {year}; Russia recorded only ${imported:.0}",
                    crate::hs::format_hs6(*x)
                ),
            });
        }
    }
}
