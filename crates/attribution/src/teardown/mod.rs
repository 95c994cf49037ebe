//! Attribution on real teardowns: Ukraine's GUR "War & Sanctions" catalogue of components
//! found in Russian weapons, read as published and reported by weapon family (role) and by
//! weapon under the three definitions of origin, with the seed's "80 % from China" claim set
//! beside each.
//!
//! Layers: [`gur`] (reading the files, deduplicating) → [`attribute`] (the three answers per
//! component, with the maker registry and origin marks of `chokepoint_parts`) →
//! [`crosscheck`] (GUR's headquarters against the registry) and [`view`] (shares with both
//! denominators and weapon-resampling intervals) → [`claim`] → [`output`] (text, JSON, CSV).
//!
//! Entry points: [`analyze_files`] (read and analyse) or [`analyze`] (an already read
//! catalogue); `chokepoint attribute --components <GUR components file>` prints the report.

pub mod attribute;
pub mod claim;
pub mod crosscheck;
pub mod gur;
pub mod output;
pub mod roles;
pub mod view;

pub use attribute::{attribute_gur, TeardownItem};
pub use claim::{seed_claim, SeedClaim, Verdict, SEED_CLAIM};
pub use crosscheck::{cross_check, HqCrossCheck, HqRelation};
pub use gur::{is_gur_layout, read_gur, GurCatalogue, GurFiles};
pub use roles::Roles;
pub use view::{
    count_text, group_shares, share_entries, Denominator, Estimate, GroupKind, GroupShares,
    ShareEntry, ViewOptions,
};

use crate::error::Result;
use crate::origin::Definition;
use crate::registry::Registry;
use crate::trade::TradeRow;
pub use chokepoint_parts::origin_mark::OriginMarks;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The caveat printed beside every headquarters figure.
pub const HQ_CAVEAT: &str = "GUR's country is the brand's headquarters (Infineon's International Rectifier is \"US\", STMicroelectronics \"CH\"), not where the part was made or bought.";

/// Where each definition's answer comes from, and what it does not say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DefinitionNote {
    /// The definition.
    pub definition: Definition,
    /// Where the answer comes from.
    pub source: String,
    /// What it does not say.
    pub caveat: String,
}

/// Counts of the rows nothing is known about, shown and never dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnknownCounts {
    /// Components whose maker GUR could not name (`Not identified` or blank).
    pub maker_unidentified: usize,
    /// Components whose country GUR leaves blank (`UNK`).
    pub country_unknown: usize,
    /// Components with neither.
    pub both: usize,
    /// Components whose maker the registry does not resolve (by name or part number).
    pub maker_unresolved: usize,
}

/// The whole report on one catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeardownReport {
    /// The files read.
    pub files: GurFiles,
    /// Data rows of the components file.
    pub rows_read: usize,
    /// Malformed rows skipped (lenient reading only).
    pub rows_skipped: usize,
    /// The first errors of skipped rows.
    pub errors: Vec<String>,
    /// Duplicates of a `component_id` removed.
    pub duplicates: gur::Duplicates,
    /// Distinct components.
    pub n_components: usize,
    /// Weapons with at least one component.
    pub n_weapons: usize,
    /// Weapons listed in the weapons file.
    pub n_weapons_listed: usize,
    /// Distinct manufacturer names.
    pub n_makers: usize,
    /// Unknown makers and countries.
    pub unknowns: UnknownCounts,
    /// The sellers GUR names after some makers (`Suppliers JSC CHIP AND DIP`), with the
    /// components each is named for: companies in the supply chain, not countries of dispatch.
    pub sellers: Vec<(String, usize)>,
    /// Trade rows joined (0: manufacture from markings only, dispatch unknown).
    pub trade_rows: usize,
    /// What each definition rests on.
    pub definitions: Vec<DefinitionNote>,
    /// Shares: all, drones, each family, each weapon.
    pub groups: Vec<GroupShares>,
    /// GUR's headquarters against the registry.
    pub crosscheck: HqCrossCheck,
    /// The seed's claim beside each definition.
    pub claim: SeedClaim,
    /// The options of the shares.
    pub options: ViewOptions,
    /// Every component with its answers (not serialised with the report).
    #[serde(skip)]
    pub items: Vec<TeardownItem>,
}

impl TeardownReport {
    /// A group by kind and key.
    pub fn group(&self, kind: GroupKind, key: &str) -> Option<&GroupShares> {
        self.groups.iter().find(|g| g.kind == kind && g.key == key)
    }

    /// Every share as flat rows.
    pub fn shares(&self) -> Vec<ShareEntry> {
        share_entries(&self.groups)
    }
}

fn definition_notes(trade_given: bool) -> Vec<DefinitionNote> {
    vec![
        DefinitionNote {
            definition: Definition::Headquarters,
            source: "GUR's manufacturer_country as stated (UNK = unknown), cross-checked with the maker registry".into(),
            caveat: HQ_CAVEAT.into(),
        },
        DefinitionNote {
            definition: Definition::Manufacture,
            source: if trade_given {
                "a Made in phrase or a country-of-origin mark printed on the package (parts' origin_marks.csv), else the country of origin of shipments of the same part number".into()
            } else {
                "a Made in phrase or a country-of-origin mark printed on the package (parts' origin_marks.csv); unknown otherwise".into()
            },
            caveat: "the registry records headquarters, not fabs or assembly sites, so it never decides this alone; nothing is guessed".into(),
        },
        DefinitionNote {
            definition: Definition::Dispatch,
            source: if trade_given {
                "the country of dispatch of shipments to Russia naming the part number".into()
            } else {
                "not in GUR: it records no shipment or country of dispatch (for a few components it names a Russian importer or a supplier, a company, not a country)".into()
            },
            caveat: "customs declarations naming the part number and their country of dispatch (box 15) supply it: give them with --trade FILE or --stored-trade".into(),
        },
    ]
}

/// Analyses a catalogue already read: attributes every component (joining `trade` by part
/// number when given), cross-checks headquarters, computes the shares and sets the claim
/// beside them.
pub fn analyze(
    cat: &GurCatalogue,
    registry: &Registry,
    marks: &OriginMarks,
    roles: &Roles,
    trade: &[TradeRow],
    opts: &ViewOptions,
) -> TeardownReport {
    let items = attribute_gur(cat, registry, marks, trade);
    let names: BTreeMap<String, String> = cat
        .weapons
        .iter()
        .map(|w| (w.id.clone(), w.name.clone()))
        .collect();
    let groups = group_shares(&items, &names, roles, opts);
    let crosscheck = cross_check(&items);
    let claim = seed_claim(&groups, !trade.is_empty());
    let unknowns = UnknownCounts {
        maker_unidentified: items.iter().filter(|i| i.maker_unidentified).count(),
        country_unknown: items.iter().filter(|i| i.gur_country.is_none()).count(),
        both: items
            .iter()
            .filter(|i| i.maker_unidentified && i.gur_country.is_none())
            .count(),
        maker_unresolved: crosscheck.unresolved,
    };
    let mut sellers: BTreeMap<String, usize> = BTreeMap::new();
    for s in items.iter().filter_map(|i| i.sellers.as_ref()) {
        *sellers.entry(s.clone()).or_default() += 1;
    }
    let mut sellers: Vec<(String, usize)> = sellers.into_iter().collect();
    sellers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let weapons_used: std::collections::BTreeSet<&str> =
        items.iter().map(|i| i.weapon.as_str()).collect();
    TeardownReport {
        files: cat.files.clone(),
        rows_read: cat.rows_read,
        rows_skipped: cat.rows_skipped,
        errors: cat.errors.clone(),
        duplicates: cat.duplicates.clone(),
        n_components: items.len(),
        n_weapons: weapons_used.len(),
        n_weapons_listed: cat.weapons.len(),
        n_makers: crosscheck.makers,
        unknowns,
        sellers,
        trade_rows: trade.len(),
        definitions: definition_notes(!trade.is_empty()),
        groups,
        crosscheck,
        claim,
        options: *opts,
        items,
    }
}

/// Reads a GUR catalogue (weapons file given, or found beside the components file) and
/// analyses it with the built-in registry, origin marks and roles.
pub fn analyze_files(
    components: &Path,
    weapons: Option<&Path>,
    lenient: bool,
    opts: &ViewOptions,
) -> Result<TeardownReport> {
    let files = GurFiles::locate(components, weapons)?;
    let cat = read_gur(&files, lenient)?;
    Ok(analyze(
        &cat,
        &Registry::builtin()?,
        &OriginMarks::builtin()?,
        &Roles::builtin()?,
        &[],
        opts,
    ))
}
