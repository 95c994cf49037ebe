//! The teardown report as text (every percentage says its denominator), JSON (every share with
//! its interval, n, numerator, denominator and definition) and CSV (the flat share rows).

use super::crosscheck::HqRelation;
use super::view::{count_text, DefinitionShares, Estimate, GroupKind, GroupShares};
use super::TeardownReport;
use crate::error::{AttributionError, Result};
use crate::origin::Definition;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;

/// Differences, parents and unresolved makers shown in the text (all are in the JSON).
const TEXT_LIST_LIMIT: usize = 25;

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{:.1} %", 100.0 * x))
}

fn n(x: f64) -> String {
    count_text(x)
}

fn est(e: &Estimate) -> String {
    let iv = match (e.lo, e.hi) {
        (Some(lo), Some(hi)) => format!(" [{:.1}–{:.1}]", 100.0 * lo, 100.0 * hi),
        _ => String::new(),
    };
    format!(
        "{}{iv} ({}/{})",
        pct(e.share),
        n(e.numerator),
        n(e.denominator)
    )
}

fn definition_title(d: Definition) -> &'static str {
    match d {
        Definition::Headquarters => "Headquarters",
        Definition::Manufacture => "Country of manufacture",
        Definition::Dispatch => "Country of dispatch",
    }
}

fn country_cell(d: &DefinitionShares, code: &str, of_known: bool) -> String {
    match d.country(code) {
        Some(c) => est(if of_known { &c.of_known } else { &c.of_all }),
        None if of_known && d.known == 0.0 => "- (0/0)".into(),
        None => format!(
            "0 (0/{})",
            n(if of_known {
                d.known
            } else {
                d.known + d.unknown
            })
        ),
    }
}

fn others(d: &DefinitionShares, skip: &[&str], k: usize) -> String {
    let v: Vec<String> = d
        .countries
        .iter()
        .filter(|c| !skip.contains(&c.country.as_str()))
        .take(k)
        .map(|c| format!("{} {}", c.country, n(c.of_all.numerator)))
        .collect();
    if v.is_empty() {
        "-".into()
    } else {
        v.join(", ")
    }
}

fn definition_table(out: &mut String, r: &TeardownReport, d: Definition) {
    let note = r.definitions.iter().find(|x| x.definition == d);
    let _ = writeln!(
        out,
        "\n{} — {}",
        definition_title(d),
        note.map_or("", |x| x.source.as_str())
    );
    if let Some(x) = note {
        let _ = writeln!(out, "  caveat: {}", x.caveat);
    }
    let _ = writeln!(
        out,
        "  {:<58} {:>7} {:>6} {:>15}  {:<30} {:<30} {:<30} next (n)",
        "group",
        "weapons",
        "comps",
        "unknown",
        "CN % of all [95 % CI] (n/N)",
        "CN % of known [95 % CI] (n/N)",
        "US % of known [95 % CI] (n/N)",
    );
    for g in r.groups.iter().filter(|g| g.kind != GroupKind::Weapon) {
        let Some(ds) = g.get(d) else { continue };
        let label = match g.kind {
            GroupKind::Family => format!("  {}", g.label),
            _ => g.label.clone(),
        };
        let _ = writeln!(
            out,
            "  {:<58} {:>7} {:>6} {:>15}  {:<30} {:<30} {:<30} {}",
            truncate(&label, 58),
            g.n_weapons,
            g.n_components,
            format!("{} ({})", n(ds.unknown), pct(ds.unknown_share.share)),
            country_cell(ds, "CN", false),
            country_cell(ds, "CN", true),
            country_cell(ds, "US", true),
            others(ds, &["CN", "US"], 3),
        );
    }
    if d == Definition::Dispatch && !r.sellers.is_empty() {
        let total: usize = r.sellers.iter().map(|s| s.1).sum();
        let _ = writeln!(
            out,
            "  GUR names the seller after the maker for {total} components (a company, not a country of dispatch; screen it with `chokepoint screen`):"
        );
        for (chain, k) in &r.sellers {
            let _ = writeln!(out, "    {k:>3}  {}", truncate(chain, 150));
        }
    }
    if let Some(all) = r.group(GroupKind::All, "all").and_then(|g| g.get(d)) {
        if !all.unknown_reasons.is_empty() {
            let reasons: Vec<String> = all
                .unknown_reasons
                .iter()
                .take(4)
                .map(|(why, k)| format!("{why} ({})", n(*k as f64)))
                .collect();
            let _ = writeln!(out, "  unknown because: {}", reasons.join("; "));
        }
    }
}

fn truncate(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(w - 1).collect();
        t.push('…');
        t
    }
}

fn weapon_table(out: &mut String, r: &TeardownReport) {
    let _ = writeln!(
        out,
        "\nBy weapon (headquarters; one weapon each, so no interval: the counts are exact; CN and US as % of all the weapon's components)"
    );
    let _ = writeln!(
        out,
        "  {:<58} {:<20} {:>5} {:>7} {:>16} {:>16} next (n)",
        "weapon", "role", "comps", "unknown", "CN n (% of all)", "US n (% of all)"
    );
    for g in r.groups.iter().filter(|g| g.kind == GroupKind::Weapon) {
        let Some(ds) = g.get(Definition::Headquarters) else {
            continue;
        };
        let cell = |code: &str| match ds.country(code) {
            Some(c) => format!("{} ({})", n(c.of_all.numerator), pct(c.of_all.share)),
            None => "0".into(),
        };
        let _ = writeln!(
            out,
            "  {:<58} {:<20} {:>5} {:>7} {:>16} {:>16} {}",
            truncate(&g.label, 58),
            truncate(g.role.as_deref().unwrap_or(""), 20),
            g.n_components,
            n(ds.unknown),
            cell("CN"),
            cell("US"),
            others(ds, &["CN", "US"], 3),
        );
    }
    let with_manufacture: Vec<&GroupShares> = r
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::Weapon)
        .filter(|g| {
            g.get(Definition::Manufacture)
                .is_some_and(|d| d.known > 0.0)
        })
        .collect();
    let _ = writeln!(
        out,
        "\nBy weapon, country of manufacture where any is known ({} of {} weapons):",
        with_manufacture.len(),
        r.n_weapons
    );
    for g in with_manufacture {
        if let Some(d) = g.get(Definition::Manufacture) {
            let _ = writeln!(
                out,
                "  {:<58} known {} of {}: {}",
                truncate(&g.label, 58),
                n(d.known),
                g.n_components,
                others(d, &[], 6)
            );
        }
    }
}

fn crosscheck_text(out: &mut String, r: &TeardownReport) {
    let c = &r.crosscheck;
    let _ = writeln!(
        out,
        "\nHeadquarters cross-check with the maker registry (crates/parts/data/manufacturers.csv, mergers followed to today's owner)"
    );
    let _ = writeln!(
        out,
        "  the registry resolves the maker of {} of {} components ({} of {} maker names; {} by part-number prefix); not resolved: {}",
        n(c.resolved as f64),
        n(c.components as f64),
        c.makers_resolved,
        c.makers,
        n(c.resolved_by_part_number as f64),
        n(c.unresolved as f64)
    );
    let _ = writeln!(
        out,
        "  of the resolved: GUR and registry agree {}; GUR gives the brand's own country where the registry follows a merger {}; they differ otherwise {}; GUR blank, registry knows {}",
        n(c.count(HqRelation::Agree) as f64),
        n(c.count(HqRelation::Merger) as f64),
        n(c.count(HqRelation::Differ) as f64),
        n(c.count(HqRelation::Filled) as f64),
    );
    let _ = writeln!(
        out,
        "  China (CN) components by headquarters: GUR {} of {}; registry's owner where it knows the maker (GUR elsewhere) {} of {} known; registry's ultimate parent {} of {} known",
        n(c.china.gur as f64),
        n(c.components as f64),
        n(c.china.registry_owner as f64),
        n(c.china.known_owner as f64),
        n(c.china.registry_parent as f64),
        n(c.china.known_parent as f64),
    );
    let list = |out: &mut String, title: &str, v: &[super::crosscheck::HqDifference]| {
        let _ = writeln!(
            out,
            "  {title} ({} makers; first {}):",
            v.len(),
            TEXT_LIST_LIMIT.min(v.len())
        );
        for d in v.iter().take(TEXT_LIST_LIMIT) {
            let rel = match d.relation {
                HqRelation::Agree => "agree",
                HqRelation::Merger => "merger",
                HqRelation::Differ => "differ",
                HqRelation::Filled => "filled",
            };
            let _ = writeln!(
                out,
                "    {:<7} {:<55} GUR {:<3} registry {} ({} → {}{}): {} components in {} weapons",
                rel,
                truncate(&d.maker, 55),
                d.gur_country.as_deref().unwrap_or("UNK"),
                d.chain.join(" → "),
                d.brand_hq,
                d.owner_hq,
                if d.parent_country != d.owner_hq {
                    format!(", ultimate parent {}", d.parent_country)
                } else {
                    String::new()
                },
                d.components,
                d.weapons
            );
        }
    };
    list(out, "GUR and registry differ", &c.differences);
    list(
        out,
        "agree, but the ultimate parent sits in another country",
        &c.parents_elsewhere,
    );
    let _ = writeln!(
        out,
        "  makers the registry does not resolve, most components first ({} names; first {}):",
        c.unresolved_makers.len(),
        TEXT_LIST_LIMIT.min(c.unresolved_makers.len())
    );
    for u in c.unresolved_makers.iter().take(TEXT_LIST_LIMIT) {
        let _ = writeln!(
            out,
            "    {:<55} GUR {:<3} {:>4} components  ({})",
            truncate(&u.maker, 55),
            u.gur_country.as_deref().unwrap_or("UNK"),
            u.components,
            u.reason
        );
    }
}

/// The report as text.
pub fn text(r: &TeardownReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "GUR \"War & Sanctions\" components: {} (weapons: {})",
        r.files.components.display(),
        r.files.weapons.display()
    );
    let dup = &r.duplicates;
    let ids: Vec<String> = dup
        .ids
        .iter()
        .take(10)
        .map(|d| format!("{} ×{}", d.id, d.copies))
        .collect();
    let _ = writeln!(
        out,
        "  {} rows read; {} duplicate rows removed ({} component_ids repeated: {}{}; {} copies differed from the kept row){} → {} components in {} weapons ({} listed), {} maker names",
        n(r.rows_read as f64),
        n(dup.rows_removed as f64),
        dup.ids.len(),
        ids.join(", "),
        if dup.ids.len() > 10 { ", …" } else { "" },
        dup.differing(),
        if r.rows_skipped > 0 {
            format!("; {} malformed rows skipped (--lenient)", r.rows_skipped)
        } else {
            String::new()
        },
        n(r.n_components as f64),
        r.n_weapons,
        r.n_weapons_listed,
        r.n_makers
    );
    for e in &r.errors {
        let _ = writeln!(out, "    skipped: {e}");
    }
    let u = &r.unknowns;
    let _ = writeln!(
        out,
        "  unknown, counted and kept in every denominator of all: maker not identified by GUR {}; country UNK {}; both {}; maker not resolved by the registry {}",
        n(u.maker_unidentified as f64),
        n(u.country_unknown as f64),
        n(u.both as f64),
        n(u.maker_unresolved as f64)
    );
    let _ = writeln!(out, "\nThe seed's claim: \"{}\"", r.claim.claim);
    let _ = writeln!(out, "  {}", r.claim.critical_note);
    for row in &r.claim.rows {
        let _ = writeln!(
            out,
            "  {:<13} {:<7} {}",
            row.definition.as_str(),
            row.group.as_str(),
            row.sentence
        );
    }
    let _ = writeln!(
        out,
        "\nPercentages: \"% of all\" counts every component of the group (unknown country included) in the denominator; \"% of known\" only those whose country is known for the definition. n/N = numerator/denominator. Intervals: {:.0} % percentile bootstrap, {} replicates, resampling whole weapons within the group (seed {}).",
        100.0 * r.options.level,
        r.options.replicates,
        r.options.seed
    );
    for d in Definition::ALL {
        definition_table(&mut out, r, d);
    }
    weapon_table(&mut out, r);
    crosscheck_text(&mut out, r);
    out
}

/// The JSON document: the summary, the claim, the cross-check, the definitions and every share
/// as a flat row.
#[derive(Serialize)]
struct JsonReport<'a> {
    source: &'static str,
    files: &'a super::GurFiles,
    rows_read: usize,
    rows_skipped: usize,
    errors: &'a [String],
    duplicates: &'a super::gur::Duplicates,
    components: usize,
    weapons: usize,
    weapons_listed: usize,
    makers: usize,
    unknowns: &'a super::UnknownCounts,
    sellers: &'a [(String, usize)],
    trade_rows: usize,
    definitions: &'a [super::DefinitionNote],
    interval: IntervalNote,
    claim: &'a super::SeedClaim,
    crosscheck: &'a super::HqCrossCheck,
    shares: Vec<super::ShareEntry>,
}

#[derive(Serialize)]
struct IntervalNote {
    method: &'static str,
    level: f64,
    replicates: usize,
    seed: u64,
}

/// Writes the report as one JSON document.
pub fn write_json<W: Write>(r: &TeardownReport, mut out: W) -> Result<()> {
    let doc = JsonReport {
        source: "GUR War & Sanctions component catalogue (scraped)",
        files: &r.files,
        rows_read: r.rows_read,
        rows_skipped: r.rows_skipped,
        errors: &r.errors,
        duplicates: &r.duplicates,
        components: r.n_components,
        weapons: r.n_weapons,
        weapons_listed: r.n_weapons_listed,
        makers: r.n_makers,
        unknowns: &r.unknowns,
        sellers: &r.sellers,
        trade_rows: r.trade_rows,
        definitions: &r.definitions,
        interval: IntervalNote {
            method: "percentile bootstrap resampling whole weapons within each group; none for a group of one weapon",
            level: r.options.level,
            replicates: r.options.replicates,
            seed: r.options.seed,
        },
        claim: &r.claim,
        crosscheck: &r.crosscheck,
        shares: r.shares(),
    };
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out).map_err(|e| AttributionError::io("<output>", e))?;
    Ok(())
}

/// Writes every share as one CSV row.
pub fn write_csv<W: Write>(r: &TeardownReport, out: W) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for e in r.shares() {
        w.serialize(e)?;
    }
    w.flush().map_err(|e| AttributionError::io("<output>", e))?;
    Ok(())
}

/// Writes every component with its maker and its answer under each definition, one CSV row
/// each (`--components-out`).
pub fn write_items_csv<W: Write>(items: &[super::TeardownItem], out: W) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "component_id",
        "weapon",
        "role",
        "manufacturer",
        "sellers",
        "registry_maker",
        "gur_country",
        "headquarters",
        "manufacture",
        "manufacture_basis",
        "dispatch",
        "dispatch_basis",
    ])?;
    for i in items {
        let maker = match &i.maker {
            crate::registry::MakerResolution::Known(m) => m.chain.join(" > "),
            crate::registry::MakerResolution::Ambiguous { candidates, .. } => {
                format!("ambiguous: {}", candidates.join(" | "))
            }
            crate::registry::MakerResolution::Unknown { reason } => format!("unknown: {reason}"),
        };
        w.write_record([
            i.id.as_str(),
            &i.weapon,
            &i.role,
            &i.manufacturer,
            i.sellers.as_deref().unwrap_or(""),
            &maker,
            i.gur_country.as_deref().unwrap_or("UNK"),
            &i.headquarters.display(),
            &i.manufacture.display(),
            &i.manufacture.basis,
            &i.dispatch.display(),
            &i.dispatch.basis,
        ])?;
    }
    w.flush().map_err(|e| AttributionError::io("<output>", e))?;
    Ok(())
}
