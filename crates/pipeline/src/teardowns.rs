//! Real data, weapon teardowns: finds GUR's component catalogue in the shared data folder,
//! runs attribution's teardown analysis on it and returns both the full report and the view the
//! report page shows ([`chokepoint_report::RealTeardowns`]): China's share by weapon family and
//! definition of origin, and the seed's "80 %" claim beside what each definition shows.

use crate::error::Result;
use chokepoint_attribution::origin::Definition;
use chokepoint_attribution::teardown::{
    self, count_text, GroupKind, OriginMarks, Roles, TeardownReport, ViewOptions,
};
use chokepoint_attribution::{AttributionError, Registry};
use chokepoint_report::{
    ClaimLine, DefinitionCell, DefinitionNote, RealTeardowns, ShareCell, TeardownRow,
};
use std::path::{Path, PathBuf};

/// Where GUR's catalogue sits in the shared data folder: `weapons/gur_components_<date>/`.
pub const GUR_FOLDER_PREFIX: &str = "gur_components_";

/// The components file names looked for in a GUR folder, in order.
pub const GUR_COMPONENT_FILES: [&str; 2] = ["components.csv.gz", "components.csv"];

/// The newest GUR components file under `data` (`weapons/gur_components_*/components.csv.gz`;
/// folder names carry the scrape date, so the last in name order is the newest), if any.
pub fn find_gur_components(data: &Path) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data.join("weapons"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(GUR_FOLDER_PREFIX))
        })
        .collect();
    dirs.sort();
    dirs.iter().rev().find_map(|d| {
        GUR_COMPONENT_FILES
            .iter()
            .map(|f| d.join(f))
            .find(|p| p.is_file())
    })
}

/// What the teardown stage found.
pub struct RealTeardownsOutcome {
    /// Attribution's full report (shares of every group and weapon, cross-check, claim).
    pub report: TeardownReport,
    /// The view the report page shows.
    pub view: RealTeardowns,
}

/// Finds GUR's catalogue under `data` and analyses it (weapons file beside it; built-in maker
/// registry, origin marks and roles; `replicates` bootstrap replicates). `Ok(None)` when the
/// folder holds no GUR catalogue; an error naming file, line and field when it holds a broken one.
pub fn real_teardowns(data: &Path, replicates: usize) -> Result<Option<RealTeardownsOutcome>> {
    let Some(components) = find_gur_components(data) else {
        return Ok(None);
    };
    let files = teardown::GurFiles::locate(&components, None)?;
    let cat = teardown::read_gur(&files, false)?;
    let report = teardown::analyze(
        &cat,
        &Registry::builtin().map_err(AttributionError::from)?,
        &OriginMarks::builtin().map_err(AttributionError::from)?,
        &Roles::builtin()?,
        &[],
        &ViewOptions {
            replicates,
            ..ViewOptions::default()
        },
    );
    let view = teardown_view(&report);
    Ok(Some(RealTeardownsOutcome { report, view }))
}

fn share_cell(e: &teardown::Estimate) -> ShareCell {
    ShareCell {
        numerator: e.numerator,
        denominator: e.denominator,
        share: e.share,
        lo: e.lo,
        hi: e.hi,
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The report page's view of a teardown report: rows for all components, the drones and each
/// family; China's share of all and of known under each definition; the claim on the drone
/// components; the unknowns and the cross-check as notes.
pub fn teardown_view(r: &TeardownReport) -> RealTeardowns {
    let rows = r
        .groups
        .iter()
        .filter(|g| g.kind != GroupKind::Weapon)
        .map(|g| TeardownRow {
            label: g.label.clone(),
            kind: g.kind.as_str().to_string(),
            weapons: g.n_weapons as u64,
            components: g.n_components as u64,
            cells: g
                .definitions
                .iter()
                .map(|d| {
                    let zero = |den: f64| ShareCell {
                        numerator: 0.0,
                        denominator: den,
                        share: (den > 0.0).then_some(0.0),
                        lo: None,
                        hi: None,
                    };
                    let (all, known) = match d.country("CN") {
                        Some(c) => (share_cell(&c.of_all), share_cell(&c.of_known)),
                        None => (zero(g.n_components as f64), zero(d.known)),
                    };
                    DefinitionCell {
                        definition: d.definition.as_str().to_string(),
                        known: d.known,
                        china_of_all: all,
                        china_of_known: known,
                        top: d
                            .countries
                            .iter()
                            .take(3)
                            .map(|c| format!("{} {}", c.country, count_text(c.of_all.numerator)))
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let claim_lines = r
        .claim
        .rows
        .iter()
        .filter(|c| c.group == GroupKind::Drones)
        .map(|c| ClaimLine {
            definition: c.definition.as_str().to_string(),
            verdict: serde_json::to_value(c.verdict)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            sentence: c.sentence.clone(),
        })
        .collect();
    let u = &r.unknowns;
    let cc = &r.crosscheck;
    let mut notes = vec![
        format!(
            "Unknowns are counted, never dropped: GUR names no maker for {} components and no country for {} ({} both); they stay in every \"of all\" denominator.",
            count_text(u.maker_unidentified as f64),
            count_text(u.country_unknown as f64),
            count_text(u.both as f64)
        ),
        format!(
            "Cross-check with Chokepoint's maker registry: it resolves the maker of {} of {} components; where it does, it agrees with GUR's country for {} and follows a merger GUR does not for {} (International Rectifier → Infineon: GUR US, owner DE); China counts {} by GUR's country, {} by the registry's ultimate parents (ISSI, Nexperia, Ampleon are Chinese-owned).",
            count_text(cc.resolved as f64),
            count_text(cc.components as f64),
            count_text(cc.count(teardown::HqRelation::Agree) as f64),
            count_text(cc.count(teardown::HqRelation::Merger) as f64),
            count_text(cc.china.gur as f64),
            count_text(cc.china.registry_parent as f64)
        ),
        r.claim.critical_note.clone(),
    ];
    if let Some(fpv) = r.group(GroupKind::Family, "fpv_strike") {
        notes.push(format!(
            "FPV strike drones are {} components from {} weapons only: their interval is wide.",
            fpv.n_components, fpv.n_weapons
        ));
    }
    RealTeardowns {
        source: format!(
            "GUR \"War & Sanctions\" catalogue of components found in Russian weapons (scraped {})",
            r.files
                .components
                .parent()
                .and_then(|d| d.file_name())
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix(GUR_FOLDER_PREFIX))
                .unwrap_or("")
        ),
        files: vec![file_name(&r.files.components), file_name(&r.files.weapons)],
        rows_read: r.rows_read as u64,
        duplicates_removed: r.duplicates.rows_removed as u64,
        components: r.n_components as u64,
        weapons: r.n_weapons as u64,
        claim: r.claim.claim.clone(),
        claim_lines,
        definitions: Definition::ALL
            .iter()
            .filter_map(|d| r.definitions.iter().find(|n| n.definition == *d))
            .map(|n| DefinitionNote {
                definition: n.definition.as_str().to_string(),
                source: n.source.clone(),
                caveat: n.caveat.clone(),
            })
            .collect(),
        rows,
        notes,
        interval_note: format!(
            "Intervals: {:.0} % percentile bootstrap, {} replicates, resampling whole weapons within each row.",
            100.0 * r.options.level,
            r.options.replicates
        ),
    }
}
