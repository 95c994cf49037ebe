//! The attribution stage of the demo: shares by three definitions on a scenario folder's
//! components, joined to the customs records the demo imported into the store, with the truth
//! computed from the scenario's truth file beside the estimate.

use anyhow::Result;
use chokepoint_attribution::{
    analyze, load_trade_rows, AttributeOptions, Definition, Registry, Resample, ShareOptions,
};
use chokepoint_report::{Headline, ShareRow};
use chokepoint_trade::RecordFilter;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::path::Path;

/// What the demo shows of attribution.
pub struct AttrResult {
    /// Components read.
    pub components: usize,
    /// Lines for the terminal.
    pub lines: Vec<String>,
    /// Headline answers with the truth.
    pub headlines: Vec<Headline>,
    /// Shares for the report.
    pub shares: Vec<ShareRow>,
    /// The same as JSON for summary.json.
    pub json: Value,
}

/// Runs attribution over a scenario folder's components and the trade records of import
/// `import_id` in the store (the folder's customs file, imported by the trade stage).
pub fn run_scenario(dir: &Path, conn: &Connection, import_id: i64) -> Result<AttrResult> {
    let trade = load_trade_rows(conn, &RecordFilter::import(import_id))?;
    let s = chokepoint_eval::attribution::read_trade_scenario(dir, false, trade)?;
    let registry = Registry::builtin()?;
    let opts = ShareOptions {
        replicates: 1000,
        ..ShareOptions::default()
    };
    let (_, report) = analyze(
        &s.records,
        &s.trade,
        &registry,
        &AttributeOptions::default(),
        &opts,
    );
    let mut shares = Vec::new();
    let mut lines = Vec::new();
    let mut headlines = Vec::new();
    for g in &report.groups {
        let family = if g.family == "ALL" {
            "all".to_string()
        } else {
            g.family.clone()
        };
        for d in &g.definitions {
            for c in &d.shares {
                shares.push(ShareRow {
                    definition: d.definition.as_str().to_string(),
                    family: family.clone(),
                    period: g.period.clone(),
                    country: c.country.to_lowercase(),
                    share: c.share,
                    lo: c.lo,
                    hi: c.hi,
                    n: c.count.round() as u64,
                });
            }
        }
    }
    let mut json_rows = Vec::new();
    let mut unit_json = Value::Null;
    if let Some(all) = report.group("ALL", "all") {
        // Say what the intervals resampled: whole recovered weapons, or (data without weapon
        // ids or recovery dates) single components, which understates the uncertainty.
        let unit = match all.resampled {
            Resample::Weapons => format!(
                "95 % bootstrap interval resampling {} whole recovered weapons",
                all.n_weapons
            ),
            Resample::Components => format!(
                "95 % bootstrap interval resampling {} single components (no weapon ids: too narrow when weapons cluster)",
                all.n_records
            ),
        };
        lines.push(format!(
            "{:<13} {unit} ({} components)",
            "intervals", all.n_records
        ));
        unit_json = json!({"unit": all.resampled.as_str(), "units": match all.resampled {
            Resample::Weapons => all.n_weapons,
            Resample::Components => all.n_records,
        }});
        for def in [
            Definition::Headquarters,
            Definition::Manufacture,
            Definition::Dispatch,
        ] {
            let Some(d) = all.get(def) else { continue };
            let top: Vec<String> = d
                .shares
                .iter()
                .take(3)
                .map(|c| {
                    format!(
                        "{} {:.0}% [{:.0}–{:.0}]",
                        c.country,
                        c.share * 100.0,
                        c.lo * 100.0,
                        c.hi * 100.0
                    )
                })
                .collect();
            lines.push(format!(
                "{:<13} {} (known for {:.0} of {} components)",
                def.as_str(),
                top.join(", "),
                d.n_known,
                all.n_records
            ));
        }
        for country in ["CN", "US"] {
            let est = all
                .get(Definition::Dispatch)
                .and_then(|d| d.share_of(country).cloned());
            let truth = chokepoint_eval::attribution::true_dispatch_share(&s, country);
            if let Some(e) = &est {
                headlines.push(Headline {
                    question: format!(
                        "Share of recovered components shipped to Russia from {country}"
                    ),
                    answer: format!(
                        "{:.0} % [{:.0}–{:.0} %]",
                        e.share * 100.0,
                        e.lo * 100.0,
                        e.hi * 100.0
                    ),
                    evidence: e.count.round() as u64,
                    detail: format!(
                        "country of dispatch, joined to customs records by part number; {unit}"
                    ),
                    truth: truth.map(|(t, n)| {
                        format!("{:.0} % of {n} components with a known shipment", t * 100.0)
                    }),
                });
            }
            json_rows.push(json!({
                "definition": "dispatch", "country": country,
                "share": est.as_ref().map(|e| e.share), "lo": est.as_ref().map(|e| e.lo), "hi": est.as_ref().map(|e| e.hi),
                "truth": truth.map(|t| t.0), "truth_n": truth.map(|t| t.1),
            }));
        }
        if let Some(d) = all.get(Definition::Headquarters) {
            if let Some(us) = d.share_of("US") {
                headlines.push(Headline {
                    question: "Share of recovered components with US-headquartered makers".into(),
                    answer: format!(
                        "{:.0} % [{:.0}–{:.0} %]",
                        us.share * 100.0,
                        us.lo * 100.0,
                        us.hi * 100.0
                    ),
                    evidence: us.count.round() as u64,
                    detail: format!(
                        "brand headquarters (mergers followed), the basis RUSI, CAR and KSE use; {unit}"
                    ),
                    truth: None,
                });
            }
        }
    }
    Ok(AttrResult {
        components: s.records.len(),
        lines,
        headlines,
        shares,
        json: json!({"components": s.records.len(), "resampling": unit_json, "shares": json_rows, "synthetic": report.synthetic}),
    })
}
