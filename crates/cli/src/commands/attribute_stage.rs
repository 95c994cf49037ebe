//! The attribution stage of the demo: shares by three definitions on a scenario folder, with
//! the truth computed from the scenario's truth file beside the estimate.

use anyhow::Result;
use chokepoint_attribution::{
    analyze, scenario, AttributeOptions, Definition, Registry, ShareOptions,
};
use chokepoint_report::{Headline, ShareRow};
use serde_json::{json, Value};
use std::collections::HashMap;
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

/// The true dispatch-country share of a country: each component's true shipment (the truth
/// file maps components to customs records) and that record's country of dispatch.
fn true_dispatch_share(s: &scenario::TradeScenario, country: &str) -> Option<(f64, usize)> {
    let by_id: HashMap<&str, &str> = s
        .trade
        .iter()
        .map(|r| (r.id.as_str(), r.dispatch_country.as_str()))
        .collect();
    let mut n = 0usize;
    let mut hit = 0usize;
    for c in &s.records {
        if let Some(rec) = s.truth.get(&c.id) {
            if let Some(d) = by_id.get(rec.as_str()) {
                n += 1;
                if d.eq_ignore_ascii_case(country) {
                    hit += 1;
                }
            }
        }
    }
    (n > 0).then(|| (hit as f64 / n as f64, n))
}

/// Runs attribution over a scenario folder.
pub fn run_scenario(dir: &Path) -> Result<AttrResult> {
    let s = scenario::read_trade_scenario(dir, false)?;
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
    if let Some(all) = report.group("ALL", "all") {
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
            let truth = true_dispatch_share(&s, country);
            if let Some(e) = &est {
                headlines.push(Headline {
                    question: format!("Share of recovered components shipped to Russia from {country}"),
                    answer: format!("{:.0} % [{:.0}–{:.0} %]", e.share * 100.0, e.lo * 100.0, e.hi * 100.0),
                    evidence: e.count.round() as u64,
                    detail: "country of dispatch, joined to customs records by part number; 95 % bootstrap interval over recovered weapons".into(),
                    truth: truth.map(|(t, n)| format!("{:.0} % of {n} components with a known shipment", t * 100.0)),
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
                    detail:
                        "brand headquarters (mergers followed), the basis RUSI, CAR and KSE use"
                            .into(),
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
        json: json!({"components": s.records.len(), "shares": json_rows, "synthetic": report.synthetic}),
    })
}
