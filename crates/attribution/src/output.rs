//! Output for the CLI: plain-text tables, CSV and JSON of share reports, per-component
//! attributions and trade links.

use crate::bootstrap::Resample;
use crate::error::{AttributionError, Result};
use crate::link::{LinkQuery, LinkReport};
use crate::origin::{AttributedComponent, Definition};
use crate::registry::MakerResolution;
use crate::shares::{DefinitionShares, GroupShares, ShareReport};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

fn pct(x: f64) -> String {
    if x.is_nan() {
        "-".into()
    } else {
        format!("{:.1}", 100.0 * x)
    }
}

fn count(x: f64) -> String {
    if x.fract().abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

fn cell(ds: Option<&DefinitionShares>, country: &str) -> String {
    match ds.and_then(|d| d.share_of(country)) {
        Some(s) => format!(
            "{}% [{}-{}] n={}",
            pct(s.share),
            pct(s.lo),
            pct(s.hi),
            count(s.count)
        ),
        None => "-".into(),
    }
}

fn group_table(out: &mut String, g: &GroupShares) {
    let units = match g.resampled {
        Resample::Weapons => format!("in {} weapons (resampled whole)", g.n_weapons),
        Resample::Components => {
            "each resampled on its own (no weapon id or recovery date to group by)".to_string()
        }
    };
    let _ = writeln!(
        out,
        "\n{} · {} · {} components ({} records) {units}",
        g.family,
        g.period,
        count(g.n_components),
        g.n_records,
    );
    let mut order: BTreeMap<String, f64> = BTreeMap::new();
    for d in &g.definitions {
        for s in &d.shares {
            *order.entry(s.country.clone()).or_default() +=
                if s.share.is_nan() { 0.0 } else { s.share };
        }
    }
    let mut countries: Vec<(String, f64)> = order.into_iter().collect();
    countries.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let w = 32;
    let _ = write!(out, "  {:<8}", "country");
    for d in Definition::ALL {
        let _ = write!(out, " {:<w$}", d.as_str());
    }
    out.push('\n');
    for (c, _) in &countries {
        let _ = write!(out, "  {c:<8}");
        for d in Definition::ALL {
            let _ = write!(out, " {:<w$}", cell(g.get(d), c));
        }
        out.push('\n');
    }
    let _ = write!(out, "  {:<8}", "known");
    for d in Definition::ALL {
        let v = g.get(d).map_or("-".into(), |d| count(d.n_known));
        let _ = write!(out, " {v:<w$}");
    }
    out.push('\n');
    let _ = write!(out, "  {:<8}", "unknown");
    for d in Definition::ALL {
        let v = g.get(d).map_or("-".into(), |d| {
            format!(
                "{} ({}% [{}-{}] of all)",
                count(d.n_unknown),
                pct(d.unknown_share),
                pct(d.unknown_lo),
                pct(d.unknown_hi)
            )
        });
        let _ = write!(out, " {v:<w$}");
    }
    out.push('\n');
}

/// The report as a plain-text table: one block per group, the three definitions side by side;
/// shares are of components with a known country, with the unknowns shown below.
pub fn shares_table(r: &ShareReport) -> String {
    let mut out = String::new();
    let o = &r.options;
    let _ = writeln!(
        out,
        "Origin shares — {} — {} resampled, {} replicates, {:.0}% percentile intervals, seed {}",
        r.filter,
        o.resample.as_str(),
        o.replicates,
        o.level * 100.0,
        o.seed
    );
    let _ = writeln!(
        out,
        "Share = % of components whose country is known for that definition [interval], n = components."
    );
    if r.synthetic {
        let _ = writeln!(
            out,
            "SYNTHETIC DATA: generated records, not real teardowns."
        );
    }
    for g in &r.groups {
        group_table(&mut out, g);
    }
    out
}

fn io(e: std::io::Error) -> AttributionError {
    AttributionError::io("<output>", e)
}

fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x:.6}")
    }
}

/// The report as long CSV: one row per group × definition × country, plus an `UNKNOWN` row per
/// group × definition (its share is of ALL components: column `share_of` says which).
pub fn write_shares_csv<W: Write>(r: &ShareReport, out: W) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "family",
        "period",
        "definition",
        "country",
        "share",
        "lo",
        "hi",
        "share_of",
        "count",
        "n_known",
        "n_unknown",
        "n_components",
        "n_weapons",
        "filter",
        "synthetic",
    ])?;
    for g in &r.groups {
        for d in &g.definitions {
            let common = |w: &mut csv::Writer<W>,
                          country: &str,
                          share: f64,
                          lo: f64,
                          hi: f64,
                          of: &str,
                          n: f64| {
                w.write_record([
                    g.family.as_str(),
                    &g.period,
                    d.definition.as_str(),
                    country,
                    &num(share),
                    &num(lo),
                    &num(hi),
                    of,
                    &count(n),
                    &count(d.n_known),
                    &count(d.n_unknown),
                    &count(g.n_components),
                    &g.n_weapons.to_string(),
                    &r.filter,
                    if r.synthetic { "true" } else { "false" },
                ])
            };
            for s in &d.shares {
                common(&mut w, &s.country, s.share, s.lo, s.hi, "known", s.count)?;
            }
            common(
                &mut w,
                "UNKNOWN",
                d.unknown_share,
                d.unknown_lo,
                d.unknown_hi,
                "all",
                d.n_unknown,
            )?;
        }
    }
    w.flush().map_err(io)
}

/// The report as pretty JSON (NaN, for empty groups, becomes `null`).
pub fn write_shares_json<W: Write>(r: &ShareReport, out: W) -> Result<()> {
    serde_json::to_writer_pretty(out, r)?;
    Ok(())
}

fn maker_cells(m: &MakerResolution) -> [String; 4] {
    match m {
        MakerResolution::Known(k) => [
            "known".into(),
            k.brand.clone(),
            k.company.clone(),
            match &k.prefix_conflict {
                Some(p) => format!("{} (part-number prefix says {p})", k.chain.join(" > ")),
                None => k.chain.join(" > "),
            },
        ],
        MakerResolution::Ambiguous { candidates, .. } => [
            "ambiguous".into(),
            String::new(),
            String::new(),
            candidates.join(" | "),
        ],
        MakerResolution::Unknown { reason } => [
            "unknown".into(),
            String::new(),
            String::new(),
            reason.clone(),
        ],
    }
}

/// Per-component attributions as CSV: maker (status, brand, today's company, merger chain or the
/// reason it is unknown, and a disagreeing part-number prefix rule — a second-source or
/// counterfeit hint) and, for each definition, the country (or `?`) and the basis, with trade
/// evidence ids.
pub fn write_components_csv<W: Write>(comps: &[AttributedComponent], out: W) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "family",
        "weapon",
        "recovered",
        "component_type",
        "part_number",
        "maker_status",
        "brand",
        "company",
        "maker_detail",
        "headquarters",
        "headquarters_basis",
        "manufacture",
        "manufacture_basis",
        "dispatch",
        "dispatch_basis",
        "trade_evidence",
        "synthetic",
    ])?;
    for c in comps {
        let [status, brand, company, detail] = maker_cells(&c.maker);
        let mut evidence: Vec<&str> = c
            .manufacture
            .evidence
            .iter()
            .chain(&c.dispatch.evidence)
            .map(String::as_str)
            .collect();
        evidence.sort_unstable();
        evidence.dedup();
        w.write_record([
            c.id.as_str(),
            &c.family,
            &c.cluster,
            &c.recovered.map(|d| d.to_string()).unwrap_or_default(),
            &c.component_type,
            c.part_number.as_deref().unwrap_or(""),
            &status,
            &brand,
            &company,
            &detail,
            &c.headquarters.display(),
            &c.headquarters.basis,
            &c.manufacture.display(),
            &c.manufacture.basis,
            &c.dispatch.display(),
            &c.dispatch.basis,
            &evidence.join(" "),
            if c.synthetic { "true" } else { "false" },
        ])?;
    }
    w.flush().map_err(io)
}

/// Per-component attributions as JSON lines.
pub fn write_components_jsonl<W: Write>(comps: &[AttributedComponent], mut out: W) -> Result<()> {
    for c in comps {
        serde_json::to_writer(&mut out, c)?;
        out.write_all(b"\n").map_err(io)?;
    }
    Ok(())
}

/// A link report as a plain-text table: routes, exporters, importers, evidence rows.
pub fn link_table(r: &LinkReport) -> String {
    let mut out = String::new();
    let q = match &r.query {
        LinkQuery::PartNumber(p) => format!("part number {p}"),
        LinkQuery::Manufacturer(m) => format!("manufacturer {m}"),
    };
    let _ = writeln!(
        out,
        "Shipments to Russia of {q} (matched on {}): {} rows",
        r.matched_on.as_deref().unwrap_or("nothing: unresolved"),
        r.evidence.len()
    );
    let _ = writeln!(out, "\nRoutes (origin -> dispatch -> RU)");
    for x in &r.routes {
        let _ = writeln!(
            out,
            "  {:>3} -> {:>3} -> {}  rows {:>4}  USD {:>12.0}  via {}",
            x.origin,
            x.dispatch,
            x.destination,
            x.rows,
            x.value_usd,
            x.exporters.join("; ")
        );
    }
    for (title, parties) in [("Exporters", &r.exporters), ("Importers", &r.importers)] {
        let _ = writeln!(out, "\n{title}");
        for p in parties {
            let _ = writeln!(
                out,
                "  {:<44} {:>3}  rows {:>4}  USD {:>12.0}  {} .. {}",
                p.name,
                p.country,
                p.rows,
                p.value_usd,
                p.first.map(|d| d.to_string()).unwrap_or_default(),
                p.last.map(|d| d.to_string()).unwrap_or_default()
            );
        }
    }
    let _ = writeln!(out, "\nEvidence");
    for t in &r.evidence {
        let _ = writeln!(
            out,
            "  {:<14} {:<10} {:>3}->{:>3} {} -> {}  {}",
            t.id,
            t.date.map(|d| d.to_string()).unwrap_or_default(),
            t.origin_country,
            t.dispatch_country,
            t.exporter,
            t.importer,
            t.description
        );
    }
    out
}

/// A link report's evidence rows as CSV (with the route and parties on each row).
pub fn write_link_csv<W: Write>(r: &LinkReport, out: W) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "matched_on",
        "id",
        "date",
        "part_number",
        "description",
        "hs6",
        "manufacturer",
        "origin_country",
        "dispatch_country",
        "exporter",
        "exporter_country",
        "importer",
        "value_usd",
        "synthetic",
    ])?;
    for t in &r.evidence {
        w.write_record([
            r.matched_on.as_deref().unwrap_or(""),
            &t.id,
            &t.date.map(|d| d.to_string()).unwrap_or_default(),
            &t.part_number,
            &t.description,
            &t.hs6.map(|h| format!("{h:06}")).unwrap_or_default(),
            &t.manufacturer,
            &t.origin_country,
            &t.dispatch_country,
            &t.exporter,
            &t.exporter_country,
            &t.importer,
            &t.value_usd.map(num).unwrap_or_default(),
            if t.synthetic { "true" } else { "false" },
        ])?;
    }
    w.flush().map_err(io)
}

/// A link report as pretty JSON.
pub fn write_link_json<W: Write>(r: &LinkReport, out: W) -> Result<()> {
    serde_json::to_writer_pretty(out, r)?;
    Ok(())
}
