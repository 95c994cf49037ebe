//! The page.

use crate::charts::{hbars, interval_bars, stacked_bars};
use crate::data::ReportData;
use crate::fmt::{esc, money};
use crate::network::chain_svg;
use std::collections::BTreeMap;
use std::fmt::Write;

fn anchor(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Opens a section: its id, and its heading with the synthetic-data `tag` (or "").
fn open_section(s: &mut String, id: &str, title: &str, tag: &str) {
    let _ = write!(s, r#"<section id="{id}"><h2>{title}{tag}</h2>"#);
}

const STYLE: &str = r#"
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9;margin:0}
header{background:#111820;color:#fff;padding:18px 32px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#cfd6dd}
main{max-width:1100px;margin:0 auto;padding:16px 32px 48px}
section{background:#fff;border:1px solid #d9dee3;border-radius:8px;padding:16px 22px;margin:18px 0}
h2{font-size:18px;margin:0 0 10px}h3{font-size:15px;margin:16px 0 6px}
.synthetic{background:#fff4d6;border:1px solid #f0d08a;border-radius:6px;padding:8px 14px;margin:16px 0}
.tag{display:inline-block;background:#fff4d6;color:#8a5a00;border-radius:8px;padding:0 7px;font-size:11px;margin-left:8px;vertical-align:middle}
.headlines{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px}
.headline{border:1px solid #d9dee3;border-radius:8px;padding:12px 14px;background:#fbfcfd}
.headline .q{color:#5b6570;font-size:13px}.headline .a{font-size:22px;font-weight:700;margin:4px 0}
.headline .e{font-size:12px;color:#5b6570}.headline .t{font-size:12px;color:#047857}
table{width:100%;border-collapse:collapse;margin-top:8px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{color:#5b6570;font-size:12px;text-transform:uppercase;letter-spacing:.4px}td.n{text-align:right;font-variant-numeric:tabular-nums}
svg.chart{width:100%;height:auto;margin:6px 0}svg text{font-size:11px;fill:#374151}svg text.node{font-size:11px;font-weight:600;fill:#111}
svg text.edge{fill:#6b7280;font-size:10px}.muted{color:#5b6570}code{font-size:12px}
details{margin:4px 0}summary{cursor:pointer;color:#1d4ed8}
nav#contents{background:#fff;border:1px solid #d9dee3;border-radius:8px;padding:10px 22px;margin:18px 0;columns:2}nav#contents ol{margin:4px 0;padding-left:20px}
.tag.real{background:#e3f3ea;color:#1f6f43}
@media print{body{background:#fff}section{break-inside:avoid;border:0}}
"#;

/// The real-data part: headline answers from public data and the sections present, each
/// marked as real data; nothing when the report has none.
fn real_part(s: &mut String, real: &crate::RealData) {
    if real.headlines.is_empty()
        && real.teardowns.is_none()
        && real.end_users.is_none()
        && real.surges.is_none()
    {
        return;
    }
    open_section(
        s,
        "real-data",
        "Real data: the seed's questions answered from public sources",
        r#"<span class="tag real">real data</span>"#,
    );
    s.push_str(r#"<p class="muted">Every figure in this part comes from a public file named beside it, not from the synthetic scenario below.</p><div class="headlines">"#);
    for h in &real.headlines {
        let _ = write!(
            s,
            r#"<div class="headline"><div class="q">{}</div><div class="a">{}</div><div class="e">{} evidence rows · {}</div></div>"#,
            esc(&h.question),
            esc(&h.answer),
            h.evidence,
            esc(&h.detail)
        );
    }
    s.push_str("</div></section>");
    if let Some(t) = &real.teardowns {
        s.push_str(&crate::render_real_teardowns(t));
    }
    if let Some(e) = &real.end_users {
        s.push_str(&crate::render_real_end_users(e));
    }
    if let Some(r) = &real.surges {
        s.push_str(&crate::render_real_surges(r, 10, 3));
    }
}

/// A table of contents from the page's sections (`<section id=…><h2>…`), so a long report can
/// be navigated; inserted after `<main>`.
fn with_contents(page: String) -> String {
    let mut items = String::new();
    let mut rest = page.as_str();
    while let Some(i) = rest.find("<section id=\"") {
        rest = &rest[i + 13..];
        let Some(end) = rest.find('"') else { break };
        let id = &rest[..end];
        let title = rest
            .find("<h2>")
            .filter(|&h| h < 200)
            .and_then(|h| {
                let t = &rest[h + 4..];
                t.find("</h2>").map(|e| &t[..e])
            })
            .map(strip_tags)
            .unwrap_or_default();
        if !title.is_empty() {
            let _ = write!(items, r##"<li><a href="#{id}">{}</a></li>"##, esc(&title));
        }
    }
    if items.is_empty() {
        return page;
    }
    let nav = format!(r#"<nav id="contents"><b>Contents</b><ol>{items}</ol></nav>"#);
    page.replacen("<main>", &format!("<main>{nav}"), 1)
}

/// The text of an HTML snippet without its tags (entities left as they are, then unescaped
/// for the few the report writes).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_string()
}

/// Renders the report as one self-contained HTML page.
pub fn render(d: &ReportData) -> String {
    with_contents(render_page(d))
}

fn render_page(d: &ReportData) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let synthetic = !d.synthetic_inputs.is_empty();
    let tag = if synthetic {
        r#"<span class="tag">synthetic data</span>"#
    } else {
        ""
    };
    let _ = write!(
        s,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body><header><h1>{}</h1><p>Generated {} by Chokepoint</p></header><main>",
        esc(&d.title),
        esc(&d.title),
        esc(&d.generated_at)
    );
    real_part(&mut s, &d.real);
    if synthetic {
        s.push_str(r#"<div class="synthetic" id="synthetic"><b>Synthetic inputs.</b> Parts of this report are built from data generated by Chokepoint's scenario generator, not from real records:<ul>"#);
        for i in &d.synthetic_inputs {
            let _ = write!(s, "<li>{}</li>", esc(i));
        }
        s.push_str("</ul>Real inputs (the official watchlists) are named with their publication dates below.</div>");
    }

    // Headlines.
    open_section(&mut s, "headlines", "Headline answers", tag);
    s.push_str(r#"<div class="headlines">"#);
    for h in &d.headlines {
        let _ = write!(
            s,
            r#"<div class="headline"><div class="q">{}</div><div class="a">{}</div><div class="e">{} evidence rows · {}</div>{}</div>"#,
            esc(&h.question),
            esc(&h.answer),
            h.evidence,
            esc(&h.detail),
            h.truth
                .as_ref()
                .map(|t| format!(r#"<div class="t">scenario truth: {}</div>"#, esc(t)))
                .unwrap_or_default()
        );
    }
    s.push_str("</div></section>");

    // Lists.
    if !d.lists.is_empty() {
        s.push_str(r#"<section id="lists"><h2>Lists screened against</h2><table><tr><th>List</th><th class="n">Entities</th><th>Published</th></tr>"#);
        for l in &d.lists {
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td class="n">{}</td><td>{}</td></tr>"#,
                esc(&l.list),
                l.entities,
                esc(&l.published)
            );
        }
        s.push_str("</table></section>");
    }

    // Flows.
    if !d.flows.is_empty() {
        open_section(&mut s, "flows", "CHPL-category flows into Russia", tag);
        let years: Vec<i32> = {
            let mut y: Vec<i32> = d.flows.iter().map(|f| f.year).collect();
            y.sort_unstable();
            y.dedup();
            y
        };
        let labels: Vec<String> = years.iter().map(i32::to_string).collect();
        for (title, key) in [
            ("by country of origin", 0),
            ("by country of dispatch (transit)", 1),
            ("by goods category", 2),
        ] {
            let mut per: BTreeMap<String, Vec<f64>> = BTreeMap::new();
            for f in &d.flows {
                let k = match key {
                    0 => f.origin.to_uppercase(),
                    1 => f.transit.to_uppercase(),
                    _ => f.category.clone(),
                };
                let idx = years.iter().position(|y| *y == f.year).unwrap_or(0);
                per.entry(k).or_insert_with(|| vec![0.0; years.len()])[idx] += f.value_usd;
            }
            let mut series: Vec<(String, Vec<f64>)> = per.into_iter().collect();
            series.sort_by(|a, b| b.1.iter().sum::<f64>().total_cmp(&a.1.iter().sum::<f64>()));
            if series.len() > 8 {
                let rest: Vec<f64> = (0..years.len())
                    .map(|i| series[8..].iter().map(|x| x.1[i]).sum())
                    .collect();
                series.truncate(8);
                series.push(("other".into(), rest));
            }
            let _ = write!(
                s,
                "<h3>Value by year, {title}</h3>{}",
                stacked_bars(&labels, &series, money)
            );
        }
        let total: f64 = d.flows.iter().map(|f| f.value_usd).sum();
        let shipments: u64 = d.flows.iter().map(|f| f.shipments).sum();
        let _ = write!(
            s,
            r#"<p class="muted">{} over {shipments} shipment records.</p></section>"#,
            money(total)
        );
    }

    // Shares.
    if !d.shares.is_empty() {
        open_section(
            &mut s,
            "shares",
            "Critical components recovered from weapons, by origin",
            tag,
        );
        s.push_str(r#"<p class="muted">Three answers hide behind “originated in”: the brand's headquarters, the country of manufacture, and the country the part was shipped from to Russia. Bars show shares over components of known origin, whiskers the 95 % bootstrap interval, n the components behind each share.</p>"#);
        let mut defs: Vec<&str> = d.shares.iter().map(|r| r.definition.as_str()).collect();
        defs.dedup();
        defs.sort_unstable();
        defs.dedup();
        for def in defs {
            let rows: Vec<(String, f64, f64, f64, u64)> = d
                .shares
                .iter()
                .filter(|r| r.definition == def && r.family == "all" && r.period == "all")
                .map(|r| (r.country.to_uppercase(), r.share, r.lo, r.hi, r.n))
                .collect();
            if !rows.is_empty() {
                let _ = write!(s, "<h3>By {}</h3>{}", esc(def), interval_bars(&rows));
            }
        }
        let detail: Vec<_> = d
            .shares
            .iter()
            .filter(|r| r.family != "all" || r.period != "all")
            .collect();
        if !detail.is_empty() {
            s.push_str("<details><summary>Shares by weapon family and period</summary><table><tr><th>Definition</th><th>Family</th><th>Period</th><th>Country</th><th class=\"n\">Share</th><th class=\"n\">95 % interval</th><th class=\"n\">n</th></tr>");
            for r in detail {
                let _ = write!(
                    s,
                    r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="n">{:.1}%</td><td class="n">{:.1}–{:.1}%</td><td class="n">{}</td></tr>"#,
                    esc(&r.definition),
                    esc(&r.family),
                    esc(&r.period),
                    esc(&r.country.to_uppercase()),
                    r.share * 100.0,
                    r.lo * 100.0,
                    r.hi * 100.0,
                    r.n
                );
            }
            s.push_str("</table></details>");
        }
        s.push_str("</section>");
    }

    // Intermediaries.
    if !d.intermediaries.is_empty() {
        open_section(&mut s, "intermediaries", "Top intermediaries", tag);
        let rows: Vec<(String, f64)> = d
            .intermediaries
            .iter()
            .map(|i| {
                (
                    format!("{} ({})", i.name, i.country.to_uppercase()),
                    i.value_usd,
                )
            })
            .collect();
        s.push_str(&hbars(&rows, money));
        s.push_str(r#"<table><tr><th>Company</th><th>Country</th><th class="n">Value</th><th class="n">Shipments</th><th>Indicators</th></tr>"#);
        for i in &d.intermediaries {
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td></tr>"#,
                esc(&i.name),
                esc(&i.country.to_uppercase()),
                money(i.value_usd),
                i.shipments,
                esc(&i.flags.join(", "))
            );
        }
        s.push_str("</table></section>");
    }

    // Chains.
    if !d.chains.is_empty() {
        open_section(
            &mut s,
            "chains",
            "Traced supply chains to defence end users",
            tag,
        );
        for (k, c) in d.chains.iter().enumerate() {
            let _ = write!(
                s,
                r#"<h3 id="chain-{k}">{}</h3>{}"#,
                esc(&c.title),
                chain_svg(c)
            );
            s.push_str(r#"<details><summary>Shipments behind each edge</summary><table><tr><th>From</th><th>To</th><th>What</th><th class="n">Value</th><th>Records</th></tr>"#);
            for e in &c.edges {
                let name = |i: usize| c.nodes.get(i).map(|n| n.label.as_str()).unwrap_or("?");
                let _ = write!(
                    s,
                    r#"<tr><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td><code>{}</code></td></tr>"#,
                    esc(name(e.from)),
                    esc(name(e.to)),
                    esc(&e.label),
                    money(e.value_usd),
                    esc(&e.evidence.join(" "))
                );
            }
            s.push_str("</table></details>");
        }
        s.push_str("</section>");
    }

    // Alerts.
    if !d.alerts.is_empty() {
        open_section(&mut s, "alerts", "Alerts", tag);
        s.push_str(r#"<table><tr><th class="n">Risk</th><th>Subject</th><th>Why</th><th>Status</th><th>Evidence</th></tr>"#);
        for a in &d.alerts {
            let _ = write!(
                s,
                r##"<tr id="alert-{}"><td class="n">{:.2}</td><td>{}</td><td>{}</td><td>{}</td><td><a href="#evidence-{}">{} rows</a></td></tr>"##,
                anchor(&a.id),
                a.score,
                esc(&a.subject),
                a.parts
                    .iter()
                    .map(|p| esc(p))
                    .collect::<Vec<_>>()
                    .join("<br>"),
                esc(&a.status),
                anchor(&a.id),
                a.evidence.len()
            );
        }
        s.push_str("</table><h3>Evidence</h3>");
        for a in &d.alerts {
            let _ = write!(
                s,
                r#"<details id="evidence-{}"><summary>{} — {}</summary><code>{}</code></details>"#,
                anchor(&a.id),
                esc(&a.id),
                esc(&a.subject),
                esc(&a.evidence.join(" "))
            );
        }
        s.push_str("</section>");
    }
    s.push_str("</main></body></html>\n");
    s
}
