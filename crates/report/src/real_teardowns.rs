//! The "Real data: weapon teardowns" part of the report: components found in Russian weapons
//! (GUR's catalogue), by weapon family and definition of origin, with the seed's claim set
//! beside what each definition shows. An HTML fragment (a `<section>`) drawn from a
//! [`RealTeardowns`] view, which the pipeline fills; it fetches nothing and is clearly marked
//! as real data, apart from the synthetic scenario.

use crate::fmt::esc;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// A share with its counts and interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ShareCell {
    /// Components counted.
    pub numerator: f64,
    /// Components it is a share of.
    pub denominator: f64,
    /// The share (0–1), when the denominator is not 0.
    pub share: Option<f64>,
    /// Lower 95 % bound, when an interval could be estimated.
    pub lo: Option<f64>,
    /// Upper 95 % bound.
    pub hi: Option<f64>,
}

/// One definition of origin in one row of the table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DefinitionCell {
    /// `headquarters`, `manufacture` or `dispatch`.
    pub definition: String,
    /// Components with a known country.
    pub known: f64,
    /// China's share of all components of the row.
    pub china_of_all: ShareCell,
    /// China's share of those with a known country.
    pub china_of_known: ShareCell,
    /// The largest countries with their component counts, e.g. `US 3,950`.
    pub top: Vec<String>,
}

/// One row: all components, the drones, or one weapon family.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TeardownRow {
    /// As shown (`All components`, `Loitering munition`).
    pub label: String,
    /// `all`, `drones` or `family`.
    pub kind: String,
    /// Weapons (the resampling units).
    pub weapons: u64,
    /// Components.
    pub components: u64,
    /// One cell per definition, in the order of [`RealTeardowns::definitions`].
    pub cells: Vec<DefinitionCell>,
}

/// The seed's claim under one definition.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClaimLine {
    /// The definition.
    pub definition: String,
    /// `below`, `at_least` or `undecided`.
    pub verdict: String,
    /// The sentence saying what the data shows.
    pub sentence: String,
}

/// A definition of origin as the section explains it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DefinitionNote {
    /// `headquarters`, `manufacture` or `dispatch`.
    pub definition: String,
    /// Where its answer comes from.
    pub source: String,
    /// What it does not say (printed beside the figures).
    pub caveat: String,
}

/// Everything the section shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RealTeardowns {
    /// The source, named with its files and rows.
    pub source: String,
    /// The files read.
    pub files: Vec<String>,
    /// Data rows read.
    pub rows_read: u64,
    /// Duplicate rows removed.
    pub duplicates_removed: u64,
    /// Distinct components.
    pub components: u64,
    /// Weapons.
    pub weapons: u64,
    /// The seed's claim.
    pub claim: String,
    /// The claim under each definition (drone components).
    pub claim_lines: Vec<ClaimLine>,
    /// The definitions, in column order.
    pub definitions: Vec<DefinitionNote>,
    /// The table rows.
    pub rows: Vec<TeardownRow>,
    /// Counts of unknowns and other notes printed under the table.
    pub notes: Vec<String>,
    /// How the intervals were made.
    pub interval_note: String,
}

fn pct(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{:.1} %", 100.0 * x))
}

fn count(x: f64) -> String {
    if (x - x.round()).abs() > 1e-9 {
        return format!("{x:.1}");
    }
    let digits = format!("{:.0}", x.round().abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

fn cell(c: &ShareCell) -> String {
    let iv = match (c.lo, c.hi) {
        (Some(lo), Some(hi)) => format!(
            r#"<br><span class="muted">[{:.1}–{:.1}]</span>"#,
            100.0 * lo,
            100.0 * hi
        ),
        _ => String::new(),
    };
    format!(
        r#"{}{iv}<br><span class="muted">{} / {}</span>"#,
        pct(c.share),
        count(c.numerator),
        count(c.denominator)
    )
}

fn title(definition: &str) -> String {
    match definition {
        "headquarters" => "Headquarters".into(),
        "manufacture" => "Country of manufacture".into(),
        "dispatch" => "Country of dispatch".into(),
        other => esc(other),
    }
}

/// Renders the section as an HTML fragment (`<section id="real-teardowns">…</section>`) for
/// the report page; it uses the page's table classes and loads nothing.
pub fn render_real_teardowns(v: &RealTeardowns) -> String {
    let mut s = String::with_capacity(16 * 1024);
    s.push_str(r#"<section id="real-teardowns"><h2>Real data: components found in Russian weapons<span class="tag" style="background:#dcfce7;color:#166534">real data</span></h2>"#);
    let _ = write!(
        s,
        r#"<p>{} — {} rows read, {} duplicate rows removed: <b>{} components</b> in <b>{} weapons</b>.<br><span class="muted">Files: {}</span></p>"#,
        esc(&v.source),
        count(v.rows_read as f64),
        count(v.duplicates_removed as f64),
        count(v.components as f64),
        count(v.weapons as f64),
        esc(&v.files.join(", "))
    );
    let _ = write!(
        s,
        r#"<h3>The seed's claim: “{}”</h3><table class="claim"><thead><tr><th>definition</th><th>what the data shows (drone components)</th></tr></thead><tbody>"#,
        esc(&v.claim)
    );
    for c in &v.claim_lines {
        let _ = write!(
            s,
            r#"<tr><td>{}<br><span class="muted">{}</span></td><td>{}</td></tr>"#,
            title(&c.definition),
            esc(&c.verdict.replace('_', " ")),
            esc(&c.sentence)
        );
    }
    s.push_str("</tbody></table>");
    s.push_str(r#"<h3>China's share by weapon family and definition of origin</h3><p class="muted">Each cell: China's share, its 95 % interval in brackets, and components counted / components in the denominator. “Of all” counts every component of the row; “of known” only those whose country is known for the definition.</p>"#);
    for d in &v.definitions {
        let _ = write!(
            s,
            r#"<p class="caveat"><b>{}</b>: {} <i>Caveat: {}</i></p>"#,
            title(&d.definition),
            esc(&d.source),
            esc(&d.caveat)
        );
    }
    s.push_str(r#"<table class="teardowns"><thead><tr><th rowspan="2">family</th><th rowspan="2">weapons</th><th rowspan="2">components</th>"#);
    for d in &v.definitions {
        let _ = write!(s, r#"<th colspan="3">{}</th>"#, title(&d.definition));
    }
    s.push_str("</tr><tr>");
    for _ in &v.definitions {
        s.push_str("<th>China, of all</th><th>China, of known</th><th>known (largest)</th>");
    }
    s.push_str("</tr></thead><tbody>");
    for r in &v.rows {
        let label = if r.kind == "family" {
            format!("&nbsp;&nbsp;{}", esc(&r.label))
        } else {
            format!("<b>{}</b>", esc(&r.label))
        };
        let _ = write!(
            s,
            r#"<tr><td>{label}</td><td class="n">{}</td><td class="n">{}</td>"#,
            count(r.weapons as f64),
            count(r.components as f64)
        );
        for d in &v.definitions {
            match r.cells.iter().find(|c| c.definition == d.definition) {
                Some(c) => {
                    let _ = write!(
                        s,
                        r#"<td class="n">{}</td><td class="n">{}</td><td class="n">{}<br><span class="muted">{}</span></td>"#,
                        cell(&c.china_of_all),
                        cell(&c.china_of_known),
                        count(c.known),
                        esc(&c.top.join(", "))
                    );
                }
                None => s.push_str("<td>–</td><td>–</td><td>–</td>"),
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    if !v.notes.is_empty() || !v.interval_note.is_empty() {
        s.push_str(r#"<ul class="muted">"#);
        for n in &v.notes {
            let _ = write!(s, "<li>{}</li>", esc(n));
        }
        if !v.interval_note.is_empty() {
            let _ = write!(s, "<li>{}</li>", esc(&v.interval_note));
        }
        s.push_str("</ul>");
    }
    s.push_str("</section>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RealTeardowns {
        let share = |n: f64, d: f64, lo: Option<f64>, hi: Option<f64>| ShareCell {
            numerator: n,
            denominator: d,
            share: Some(n / d),
            lo,
            hi,
        };
        RealTeardowns {
            source: "GUR \"War & Sanctions\" <catalogue>".into(),
            files: vec!["components.csv.gz".into(), "drones.csv".into()],
            rows_read: 8326,
            duplicates_removed: 2520,
            components: 5806,
            weapons: 195,
            claim: "80 % of critical components in Russian drones originated in China".into(),
            claim_lines: vec![ClaimLine {
                definition: "headquarters".into(),
                verdict: "below".into(),
                sentence: "China is 10.7 % of drone components".into(),
            }],
            definitions: vec![
                DefinitionNote {
                    definition: "headquarters".into(),
                    source: "GUR's manufacturer_country".into(),
                    caveat: "GUR's country is the brand's headquarters".into(),
                },
                DefinitionNote {
                    definition: "dispatch".into(),
                    source: "not in GUR".into(),
                    caveat: "trade data supplies it".into(),
                },
            ],
            rows: vec![
                TeardownRow {
                    label: "All components".into(),
                    kind: "all".into(),
                    weapons: 195,
                    components: 5806,
                    cells: vec![
                        DefinitionCell {
                            definition: "headquarters".into(),
                            known: 5642.0,
                            china_of_all: share(419.0, 5806.0, Some(0.057), Some(0.091)),
                            china_of_known: share(419.0, 5642.0, Some(0.057), Some(0.093)),
                            top: vec!["US 3,950".into()],
                        },
                        DefinitionCell {
                            definition: "dispatch".into(),
                            known: 0.0,
                            china_of_all: share(0.0, 5806.0, None, None),
                            china_of_known: ShareCell::default(),
                            top: vec![],
                        },
                    ],
                },
                TeardownRow {
                    label: "FPV <strike>".into(),
                    kind: "family".into(),
                    weapons: 2,
                    components: 36,
                    cells: vec![],
                },
            ],
            notes: vec!["164 components have no country (UNK)".into()],
            interval_note: "95 % bootstrap resampling whole weapons".into(),
        }
    }

    #[test]
    fn renders_table_claim_and_caveat_beside_the_figures() {
        let html = render_real_teardowns(&sample());
        assert!(html.starts_with(r#"<section id="real-teardowns">"#));
        assert!(html.ends_with("</section>"));
        assert!(html.contains("real data"));
        // figures with n and interval
        assert!(html.contains("7.2 %"), "{html}");
        assert!(html.contains("[5.7–9.1]"));
        assert!(html.contains("419 / 5,806"));
        assert!(html.contains("419 / 5,642"));
        // the caveat sits in the same section as the headquarters column
        let caveat = html
            .find("GUR&#39;s country is the brand&#39;s headquarters")
            .unwrap();
        let table = html.find(r#"<table class="teardowns">"#).unwrap();
        assert!(caveat < table);
        // the claim and its verdict
        assert!(html.contains("80 % of critical components in Russian drones"));
        assert!(html.contains("China is 10.7 % of drone components"));
        // an empty denominator prints a dash, not NaN
        assert!(!html.contains("NaN"));
        assert!(html.contains("–<br>"));
        // a row without cells still has one cell per column
        let fpv = &html[html.find("FPV").unwrap()..];
        let row = &fpv[..fpv.find("</tr>").unwrap()];
        assert_eq!(row.matches("<td").count(), 2 + 6);
        // text is escaped
        assert!(html.contains("FPV &lt;strike&gt;"));
        assert!(html.contains("&quot;War &amp; Sanctions&quot; &lt;catalogue&gt;"));
        // nothing is fetched
        for needle in ["<script", "<link", "src=", "http://", "https://", "@import"] {
            assert!(!html.contains(needle), "{needle}");
        }
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(count(5806.0), "5,806");
        assert_eq!(count(419.0), "419");
        assert_eq!(count(1234567.0), "1,234,567");
        assert_eq!(count(2.5), "2.5");
        assert_eq!(pct(None), "–");
    }
}
