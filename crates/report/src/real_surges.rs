//! The report's "re-export surges in real mirror trade" part: a typed view the pipeline fills
//! from the reexport stage's analysis of Eurostat's CN8 export file, and the HTML fragment for
//! it — the ranked (code, partner) table, one monthly bar chart per top row (before / transition
//! / after the controls, drawn with [`crate::charts::stacked_bars`], no scripts, nothing
//! fetched), the monthly rows of the file as evidence, and the caveats beside the figures.

use crate::charts::stacked_bars;
use crate::fmt::esc;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The real-surges part of the report: real data (Eurostat), kept apart from the synthetic
/// scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RealSurgesView {
    /// The source file (its name in the shared data folder).
    pub source: String,
    /// Rows of the file read.
    pub rows_read: u64,
    /// Rows imported.
    pub rows_imported: u64,
    /// Rows read but not usable (counted, listed in the store).
    pub rows_unusable: u64,
    /// The control date the comparison turns on (`2022-02-24`).
    pub control: String,
    /// The baseline months (`2020-01 .. 2021-12`).
    pub baseline: String,
    /// The months between baseline and after, not used (`2022-01 .. 2022-02`).
    pub transition: String,
    /// The after window (`2022-03 .. 2022-11`).
    pub after: String,
    /// The method in one paragraph.
    pub method: String,
    /// What the figures do and do not say; printed beside them.
    pub caveats: Vec<String>,
    /// Each partner's growth in non-CHPL goods over the same months, `(partner, G)`.
    pub partner_growth: Vec<(String, f64)>,
    /// What could not be compared, one sentence each.
    pub excluded: Vec<String>,
    /// The ranked rows, largest unexplained rise first.
    pub rows: Vec<RealSurgeRow>,
}

/// One ranked (code, partner) row of the view.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RealSurgeRow {
    /// Rank by unexplained rise.
    pub rank: usize,
    /// The CHPL code (`8542.39`) or CN8 child.
    pub code: String,
    /// Its CHPL tier.
    pub tier: String,
    /// Its description.
    pub label: String,
    /// Partner, ISO alpha-2.
    pub partner: String,
    /// Partner's name.
    pub partner_name: String,
    /// Baseline level over the after window's calendar months, EUR.
    pub baseline_eur: f64,
    /// After window, EUR.
    pub after_eur: f64,
    /// Expected after-window value (baseline × the partner's growth in other goods), EUR.
    pub expected_eur: f64,
    /// The rise beyond expectation and ordinary noise, EUR: the ranking key.
    pub unexplained_eur: f64,
    /// After months above the expected monthly value.
    pub months_above: usize,
    /// Number of after months.
    pub after_months: usize,
    /// Robust z against the placebo year.
    pub robust_z: f64,
    /// The same code's drop to Russia over the same months, EUR.
    pub russia_drop_eur: Option<f64>,
    /// That drop as a share of Russia's baseline.
    pub russia_drop_share: Option<f64>,
    /// The monthly series of the partner, summed over reporters and CN8 children.
    pub monthly: Vec<SurgeMonth>,
    /// The file's monthly rows behind the row.
    pub evidence: Vec<SurgeEvidence>,
}

/// One month of a row's series.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SurgeMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// EUR.
    pub eur: f64,
    /// `baseline`, `transition`, `after` or `outside`.
    pub phase: String,
}

/// One monthly row of the file: the evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurgeEvidence {
    /// Reporting member state, ISO alpha-2.
    pub reporter: String,
    /// Partner, ISO alpha-2.
    pub partner: String,
    /// CN8 code.
    pub cn8: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Value in EUR.
    pub value_eur: u64,
    /// Line of the source file.
    pub line: u64,
}

/// Formats a EUR amount compactly: €1.2m, €3.4k.
pub fn eur(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("€{:.1}bn", v / 1e9)
    } else if a >= 1e6 {
        format!("€{:.1}m", v / 1e6)
    } else if a >= 1e3 {
        format!("€{:.1}k", v / 1e3)
    } else {
        format!("€{v:.0}")
    }
}

/// The monthly chart of one row: one bar per month, coloured by phase (before the controls,
/// transition, after). Month labels every six months; each bar's title gives the value.
pub fn surge_chart(row: &RealSurgeRow) -> String {
    let labels: Vec<String> = row
        .monthly
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if i % 6 == 0 {
                m.month.clone()
            } else {
                String::new()
            }
        })
        .collect();
    let phase = |p: &str| -> Vec<f64> {
        row.monthly
            .iter()
            .map(|m| if m.phase == p { m.eur } else { 0.0 })
            .collect()
    };
    stacked_bars(
        &labels,
        &[
            ("before the controls".to_string(), phase("baseline")),
            ("transition".to_string(), phase("transition")),
            ("after the controls".to_string(), phase("after")),
        ],
        eur,
    )
}

/// The HTML fragment (one `<section id="real-surges">`): the table of the top `top` rows,
/// a chart and the evidence rows for each of the first `charts` of them, the method and the
/// caveats beside the figures. Empty when the view has no rows.
pub fn render_real_surges(v: &RealSurgesView, top: usize, charts: usize) -> String {
    let mut s = String::new();
    s.push_str(r#"<section id="real-surges"><h2>Re-export surges in real mirror trade <span class="tag">real data: Eurostat</span></h2>"#);
    let _ = write!(
        s,
        r#"<p class="muted">Source: <code>{}</code> — {} rows read, {} imported, {} not usable (counted). Controls of {}: baseline {}, transition {} (not used), after {}.</p>"#,
        esc(&v.source),
        v.rows_read,
        v.rows_imported,
        v.rows_unusable,
        esc(&v.control),
        esc(&v.baseline),
        esc(&v.transition),
        esc(&v.after)
    );
    s.push_str(r#"<div class="caveats"><b>Read with these caveats:</b><ul>"#);
    for c in &v.caveats {
        let _ = write!(s, "<li>{}</li>", esc(c));
    }
    s.push_str("</ul></div>");
    if v.rows.is_empty() {
        s.push_str(r#"<p class="muted">No CHPL code could be compared.</p></section>"#);
        return s;
    }
    s.push_str(r#"<table><tr><th class="n">#</th><th>Code</th><th>Tier</th><th>Partner</th><th class="n">Before (EUR)</th><th class="n">After (EUR)</th><th class="n">Expected (EUR)</th><th class="n">Unexplained (EUR)</th><th class="n">Months up</th><th class="n">z</th><th class="n">Russia's drop (EUR)</th><th class="n">Evidence rows</th></tr>"#);
    for r in v.rows.iter().take(top) {
        let _ = write!(
            s,
            r##"<tr><td class="n">{}</td><td><a href="#surge-{}-{}">{}</a> {}</td><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}/{}</td><td class="n">{:.1}</td><td class="n">{}</td><td class="n">{}</td></tr>"##,
            r.rank,
            esc(&r.code),
            esc(&r.partner),
            esc(&r.code),
            esc(&r.label),
            esc(&r.tier),
            esc(&r.partner_name),
            esc(&eur(r.baseline_eur)),
            esc(&eur(r.after_eur)),
            esc(&eur(r.expected_eur)),
            esc(&eur(r.unexplained_eur)),
            r.months_above,
            r.after_months,
            r.robust_z,
            r.russia_drop_eur.map_or("–".to_string(), |d| {
                let share = r
                    .russia_drop_share
                    .map_or(String::new(), |x| format!(" ({:.0} %)", 100.0 * x));
                esc(&format!("{}{share}", eur(d)))
            }),
            r.evidence.len()
        );
    }
    s.push_str("</table>");
    if !v.partner_growth.is_empty() {
        let g: Vec<String> = v
            .partner_growth
            .iter()
            .map(|(p, g)| format!("{} ×{:.2}", esc(p), g))
            .collect();
        let _ = write!(
            s,
            r#"<p class="muted">Each partner's growth in the file's other (non-CHPL) goods over the same months, the factor the expected value carries: {}.</p>"#,
            g.join(", ")
        );
    }
    let _ = write!(s, r#"<p class="muted">{}</p>"#, esc(&v.method));
    for e in &v.excluded {
        let _ = write!(s, r#"<p class="muted">{}</p>"#, esc(e));
    }
    for r in v.rows.iter().take(charts.min(top)) {
        let _ = write!(
            s,
            r#"<h3 id="surge-{}-{}">{} to {}: monthly EU exports (EUR, all reporters)</h3>"#,
            esc(&r.code),
            esc(&r.partner),
            esc(&r.code),
            esc(&r.partner_name)
        );
        s.push_str(&surge_chart(r));
        let _ = write!(
            s,
            r#"<p class="muted">Values in EUR from EU member states' exports only; <code>:</code> months (not available or confidential) count as nothing. Unexplained rise {} over {} after months.</p>"#,
            esc(&eur(r.unexplained_eur)),
            r.after_months
        );
        let _ = write!(
            s,
            r#"<details><summary>The {} monthly rows of the file behind it</summary><table><tr><th>Reporter</th><th>Partner</th><th>CN8</th><th>Month</th><th class="n">Value (EUR)</th><th class="n">Line</th></tr>"#,
            r.evidence.len()
        );
        for e in &r.evidence {
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                esc(&e.reporter),
                esc(&e.partner),
                esc(&e.cn8),
                esc(&e.month),
                e.value_eur,
                e.line
            );
        }
        s.push_str("</table></details>");
    }
    s.push_str("</section>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> RealSurgesView {
        let monthly: Vec<SurgeMonth> = (0..35)
            .map(|i| SurgeMonth {
                month: format!("{}-{:02}", 2020 + i / 12, i % 12 + 1),
                eur: if i >= 26 { 200_000.0 } else { 5_000.0 },
                phase: match i {
                    0..=23 => "baseline",
                    24 | 25 => "transition",
                    _ => "after",
                }
                .into(),
            })
            .collect();
        RealSurgesView {
            source: "eu_exports.csv.gz".into(),
            rows_read: 10,
            rows_imported: 9,
            rows_unusable: 1,
            control: "2022-02-24".into(),
            baseline: "2020-01 .. 2021-12".into(),
            transition: "2022-01 .. 2022-02".into(),
            after: "2022-03 .. 2022-11".into(),
            method: "Method <in short>.".into(),
            caveats: vec!["Values are in EUR.".into()],
            partner_growth: vec![("AM".into(), 4.45)],
            excluded: vec!["2 codes new in HS 2022.".into()],
            rows: vec![RealSurgeRow {
                rank: 1,
                code: "8542.39".into(),
                tier: "1".into(),
                label: "ICs n.e.c.".into(),
                partner: "AM".into(),
                partner_name: "Armenia".into(),
                baseline_eur: 45_000.0,
                after_eur: 1_800_000.0,
                expected_eur: 200_000.0,
                unexplained_eur: 1_500_000.0,
                months_above: 9,
                after_months: 9,
                robust_z: 9.6,
                russia_drop_eur: Some(7.6e7),
                russia_drop_share: Some(0.9),
                monthly,
                evidence: vec![SurgeEvidence {
                    reporter: "DE".into(),
                    partner: "AM".into(),
                    cn8: "85423990".into(),
                    month: "2022-03".into(),
                    value_eur: 85_317,
                    line: 382_951,
                }],
            }],
        }
    }

    #[test]
    fn the_fragment_has_the_table_chart_evidence_and_caveats_and_nothing_remote() {
        let html = render_real_surges(&view(), 10, 1);
        assert!(html.starts_with(r#"<section id="real-surges">"#) && html.ends_with("</section>"));
        assert!(html.contains("<li>Values are in EUR.</li>"));
        assert!(html.contains("€1.5m") && html.contains("€76.0m (90 %)"));
        assert!(html.contains("<svg") && html.contains("after the controls"));
        assert!(html.contains("<td>85423990</td><td>2022-03</td><td class=\"n\">85317</td><td class=\"n\">382951</td>"));
        assert!(html.contains("Method &lt;in short&gt;."), "escaped");
        assert!(html.contains("AM ×4.45"));
        for remote in ["http://", "https://", "<script", "src="] {
            assert!(!html.contains(remote), "{remote}");
        }
        // No chart without rows to chart.
        let no_charts = render_real_surges(&view(), 10, 0);
        assert!(!no_charts.contains("<svg"));
        let empty = render_real_surges(&RealSurgesView::default(), 10, 3);
        assert!(empty.contains("No CHPL code could be compared"));
    }

    #[test]
    fn the_chart_colours_the_phases_apart() {
        let v = view();
        let svg = surge_chart(&v.rows[0]);
        // 24 baseline bars, 2 transition, 9 after: one rect each, plus three legend swatches.
        assert_eq!(svg.matches("<rect").count(), 35 + 3);
        assert!(svg.contains("before the controls: €5.0k"));
        assert!(svg.contains("after the controls: €200.0k"));
        assert_eq!(eur(950.0), "€950");
        assert_eq!(eur(-2.5e6), "€-2.5m");
    }
}
