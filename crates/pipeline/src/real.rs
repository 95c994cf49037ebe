//! The demo's real-data part: the seed's questions answered from public data, kept apart from
//! the synthetic scenario. Weapon teardowns (GUR's catalogue, [`crate::teardowns`]), military end
//! users in third countries (EU Annex IV in the store, `chokepoint_lists::end_users`), and
//! re-export surges in EU exports ([`crate::reexport`]). Each part is present only when its file
//! is; each headline names its source file and the rows behind it.

use crate::error::Result;
use chokepoint_lists::end_users::{defence_end_users, third_country_counts};
use chokepoint_report::{
    EndUserCountRow, Headline, ListPublication, RealEndUsersView, RealSurgesView, RealTeardowns,
};
use chokepoint_store::Store;
use std::path::Path;

/// What the real-data part shows and prints.
#[derive(Debug, Clone, Default)]
pub struct RealPart {
    /// Headline answers, each with its source and evidence count.
    pub headlines: Vec<Headline>,
    /// Components in Russian weapons by origin definition (GUR), when the file is present.
    pub teardowns: Option<RealTeardowns>,
    /// EU Annex IV military end users by country group, when Regulation 833/2014 is imported.
    pub end_users: Option<RealEndUsersView>,
    /// Re-export surges in EU exports (Eurostat CN8), when the file is present.
    pub surges: Option<RealSurgesView>,
}

/// The EU list that carries Annex IV (as the EU annex reader names it).
const EU_833: &str = "eu-833-2014";

/// Builds the real-data part from the shared data folder and the lists already in the store.
/// A missing source leaves its part out; a broken one is an error naming file, line and field.
pub fn real_part(store: &mut Store, data: &Path, replicates: usize) -> Result<RealPart> {
    let mut part = RealPart::default();
    if let Some(t) = crate::teardowns::real_teardowns(data, replicates)? {
        if let Some(all) = t.view.rows.iter().find(|r| r.kind == "all") {
            if let Some(hq) = all.cells.iter().find(|c| c.definition == "headquarters") {
                let of_all = hq.china_of_all;
                part.headlines.push(Headline {
                    question: "Components found in Russian weapons whose brand is headquartered in China".into(),
                    answer: format!(
                        "{} of {} ({})",
                        of_all.numerator as u64,
                        of_all.denominator as u64,
                        pct(of_all.share)
                    ),
                    evidence: of_all.numerator as u64,
                    detail: format!(
                        "{} of the {} with a known country; source {} ({} rows, {} duplicates removed); GUR's country is the brand's headquarters, not where a part was made or shipped from",
                        pct(hq.china_of_known.share),
                        hq.known as u64,
                        t.view.files.join(", "),
                        t.view.rows_read,
                        t.view.duplicates_removed
                    ),
                    truth: None,
                });
            }
        }
        part.teardowns = Some(t.view);
    }
    let lists = store.stats()?.lists;
    if lists.iter().any(|(l, _, _, _)| l == EU_833) {
        let register = defence_end_users(store)?;
        let annex_iv: Vec<_> = register
            .iter()
            .filter(|u| u.list == EU_833)
            .cloned()
            .collect();
        let counts = third_country_counts(&annex_iv);
        let rows: Vec<EndUserCountRow> = counts
            .iter()
            .map(|c| EndUserCountRow {
                group: c.group.clone(),
                third_country: c.third_country,
                by_country: c.by_country,
                with_address: c.with_address,
                examples: c.examples.clone(),
            })
            .collect();
        let third: usize = rows
            .iter()
            .filter(|r| r.third_country)
            .map(|r| r.by_country)
            .sum();
        let group = |g: &str| {
            rows.iter()
                .find(|r| r.group == g)
                .map_or(0, |r| r.by_country)
        };
        let source = format!("{EU_833} (Regulation 833/2014, Annex IV) as imported into the store");
        part.headlines.push(Headline {
            question: "EU-listed military end users of Russia located in third countries".into(),
            answer: format!("{third} of {}", annex_iv.len()),
            evidence: third as u64,
            detail: format!(
                "China {}, Hong Kong {}, Türkiye {}; source {source}; a country is that of the end user's last printed address",
                group("China"),
                group("Hong Kong"),
                group("Türkiye")
            ),
            truth: None,
        });
        part.end_users = Some(RealEndUsersView {
            source_file: source,
            total: annex_iv.len(),
            rows,
            lists: lists
                .iter()
                .map(|(l, n, p, _)| ListPublication {
                    list: l.clone(),
                    entities: *n,
                    published: p.clone(),
                    source: l.clone(),
                })
                .collect(),
        });
    }
    if data.join(chokepoint_reexport::SHARED_FILE).is_file() {
        let s = crate::reexport::real_surges(store, data, 10)?;
        if let Some(top) = s.view.rows.first() {
            part.headlines.push(Headline {
                question: "Largest unexplained rise of EU exports of CHPL goods to a neighbour of Russia after the 2022 controls".into(),
                answer: format!(
                    "{} to {}: +{:.1} M EUR",
                    top.code,
                    top.partner_name,
                    top.unexplained_eur / 1e6
                ),
                evidence: s.view.rows_imported,
                detail: format!(
                    "{}: {} rows imported; baseline {}, after {}; values in EUR, EU exports only",
                    s.view.source, s.view.rows_imported, s.view.baseline, s.view.after
                ),
                truth: None,
            });
        }
        part.surges = Some(s.view);
    }
    Ok(part)
}

fn pct(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{:.1} %", 100.0 * x))
}
