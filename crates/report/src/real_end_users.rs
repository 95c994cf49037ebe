//! The report's real-data fragment on military end users: how many of the EU's Annex IV
//! military and military-industrial end users (Regulation 833/2014) sit in China, Hong Kong,
//! Türkiye, the UAE, Central Asia and the Caucasus — the third-country suppliers the EU itself
//! listed — and the publication dates of the lists in the store. Rendered from a typed view
//! ([`RealEndUsersView`]) as one HTML `<section>` with inline markup only (no scripts, no
//! fetches), for the page to include in its "Real data" part.
//!
//! The view is filled by the caller from the lists stage's register
//! (`chokepoint_lists::end_users::third_country_counts` gives the rows, the store's stats the
//! publications); this crate depends on no stage crate.

use crate::fmt::esc;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The end users counted in one country group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndUserCountRow {
    /// The group (`China`, `Hong Kong`, `Central Asia`, `Russia`, …).
    pub group: String,
    /// Whether the group is a third country (a supplier or transit country) rather than the
    /// end users' home ground (Russia, Belarus, occupied Ukraine) or "not printed".
    pub third_country: bool,
    /// End users counted by their country (the country of the last printed address).
    pub by_country: usize,
    /// End users with any printed address in the group.
    pub with_address: usize,
    /// A few of the end users' names, as examples.
    pub examples: Vec<String>,
}

/// One list publication in the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPublication {
    /// The list id (`eu-833-2014`, `uk-ofsi`, …).
    pub list: String,
    /// Entities imported from it.
    pub entities: u64,
    /// The publication date the file or its path gives, if any.
    pub published: Option<String>,
    /// The file(s) imported, for the reader to find the source.
    pub source: String,
}

/// What the fragment shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RealEndUsersView {
    /// The file the end users come from (the Regulation 833/2014 annex file).
    pub source_file: String,
    /// Annex IV end users in that file (the rows below add up to it).
    pub total: usize,
    /// Counts per country group, third countries first.
    pub rows: Vec<EndUserCountRow>,
    /// The list publications in the store, with their dates.
    pub lists: Vec<ListPublication>,
}

/// Renders the fragment: a `<section id="real-end-users">` with the third-country table, the
/// caveat on how a country is assigned, and the list publications.
pub fn render_real_end_users(view: &RealEndUsersView) -> String {
    let mut s = String::new();
    s.push_str(r#"<section id="real-end-users"><h2>Military end users in third countries <span class="tag">real data</span></h2>"#);
    let third: usize = view
        .rows
        .iter()
        .filter(|r| r.third_country)
        .map(|r| r.by_country)
        .sum();
    let _ = write!(
        s,
        r#"<p>Of the {} military and military-industrial end users the EU lists in Annex IV of Regulation 833/2014, <b>{}</b> sit outside Russia, Belarus and occupied Ukraine: suppliers and transit companies the EU itself named. Source: <code>{}</code>, one row per end user.</p>"#,
        view.total,
        third,
        esc(&view.source_file)
    );
    if view.rows.is_empty() {
        s.push_str(r#"<p class="muted">No Annex IV end users in the store: import the EU annex file with <code>chokepoint lists import</code>.</p>"#);
    } else {
        s.push_str(r#"<table><tr><th>Where</th><th class="n">End users</th><th class="n">With an address there</th><th>For example</th></tr>"#);
        for r in &view.rows {
            let class = if r.third_country {
                ""
            } else {
                r#" class="muted""#
            };
            let _ = write!(
                s,
                r#"<tr{class}><td>{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td></tr>"#,
                esc(&r.group),
                r.by_country,
                r.with_address,
                esc(&r.examples.join("; "))
            );
        }
        s.push_str("</table>");
    }
    s.push_str(r#"<p class="muted">The Official Journal prints only addresses: an end user is counted in the country of its last printed address that names one; the second column counts every end user with any address in the group (a company with offices in Hong Kong and Shenzhen counts in both). Regions without a country (“Sevastopol”) are not guessed: they count as “Country not printed”.</p>"#);
    if !view.lists.is_empty() {
        s.push_str(r#"<h3>Lists and their publication dates</h3><table><tr><th>List</th><th class="n">Entities</th><th>Published</th><th>File</th></tr>"#);
        for l in &view.lists {
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td class="n">{}</td><td>{}</td><td><code>{}</code></td></tr>"#,
                esc(&l.list),
                l.entities,
                esc(l.published.as_deref().unwrap_or("not stated")),
                esc(&l.source)
            );
        }
        s.push_str("</table>");
    }
    s.push_str("</section>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> RealEndUsersView {
        RealEndUsersView {
            source_file: "eu/oj_annexes_2026-07/32014R0833.csv".into(),
            total: 4,
            rows: vec![
                EndUserCountRow {
                    group: "Hong Kong".into(),
                    third_country: true,
                    by_country: 2,
                    with_address: 3,
                    examples: vec!["Alpha <Trading> Ltd".into(), "Beta & Co".into()],
                },
                EndUserCountRow {
                    group: "China".into(),
                    third_country: true,
                    by_country: 1,
                    with_address: 2,
                    examples: vec![],
                },
                EndUserCountRow {
                    group: "Russia".into(),
                    third_country: false,
                    by_country: 1,
                    with_address: 1,
                    examples: vec!["JSC Sirius".into()],
                },
            ],
            lists: vec![ListPublication {
                list: "eu-833-2014".into(),
                entities: 1746,
                published: Some("2026-07".into()),
                source: "32014R0833.csv".into(),
            }],
        }
    }

    #[test]
    fn fragment_shows_counts_dates_and_escapes() {
        let html = render_real_end_users(&view());
        assert!(html.starts_with(r#"<section id="real-end-users">"#));
        assert!(html.ends_with("</section>"));
        assert!(html.contains("Of the 4 military"), "{html}");
        assert!(
            html.contains("<b>3</b> sit outside Russia"),
            "only third countries: {html}"
        );
        assert!(html.contains(r#"<tr><td>Hong Kong</td><td class="n">2</td><td class="n">3</td><td>Alpha &lt;Trading&gt; Ltd; Beta &amp; Co</td></tr>"#), "{html}");
        assert!(
            html.contains(r#"<tr class="muted"><td>Russia</td>"#),
            "{html}"
        );
        assert!(
            html.contains("<td>eu-833-2014</td><td class=\"n\">1746</td><td>2026-07</td>"),
            "{html}"
        );
        assert!(
            !html.contains("<script") && !html.contains("http"),
            "self-contained"
        );
    }

    #[test]
    fn empty_view_says_what_to_do() {
        let html = render_real_end_users(&RealEndUsersView::default());
        assert!(html.contains("No Annex IV end users in the store"));
        assert!(!html.contains("<h3>Lists"));
    }
}
