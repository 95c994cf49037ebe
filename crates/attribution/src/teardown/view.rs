//! Origin shares of a teardown catalogue by weapon family (role), for the drones together, for
//! all components and for each weapon, under each definition, with two denominators side by
//! side — all components of the group, and those whose country is known for the definition —
//! and percentile-bootstrap intervals that resample whole weapons ([`crate::bootstrap`]).
//!
//! Unknowns are never spread over the known countries: the "of all" share counts them in the
//! denominator, the "of known" share leaves them out, and the unknown count and share are shown
//! beside both. A group of one weapon gets no interval (one weapon resampled is always itself).

use super::attribute::TeardownItem;
use super::roles::Roles;
use crate::bootstrap::{fnv1a, percentile_intervals, Rng, Unit};
use crate::origin::Definition;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Options of the shares.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ViewOptions {
    /// Bootstrap replicates.
    pub replicates: usize,
    /// Interval level (0.95 = 95 %).
    pub level: f64,
    /// Seed of the bootstrap.
    pub seed: u64,
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            replicates: 2000,
            level: 0.95,
            seed: 1,
        }
    }
}

/// What a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// Every component.
    All,
    /// Every component of a drone role (see `data/teardown_roles.csv`).
    Drones,
    /// One weapon family (role).
    Family,
    /// One weapon.
    Weapon,
}

impl GroupKind {
    /// `all`, `drones`, `family`, `weapon`.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::All => "all",
            GroupKind::Drones => "drones",
            GroupKind::Family => "family",
            GroupKind::Weapon => "weapon",
        }
    }
}

/// Which components a share is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// All components of the group, unknown country included.
    AllComponents,
    /// The components of the group whose country is known for the definition.
    KnownCountry,
}

impl Denominator {
    /// As printed: `of all`, `of known`.
    pub fn label(self) -> &'static str {
        match self {
            Denominator::AllComponents => "of all components",
            Denominator::KnownCountry => "of components with a known country",
        }
    }
}

/// A share with its counts and interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Components counted (fractional only when a trade join splits a component).
    pub numerator: f64,
    /// Components it is a share of.
    pub denominator: f64,
    /// `numerator / denominator`; `None` when the denominator is 0.
    pub share: Option<f64>,
    /// Lower interval bound; `None` when no interval can be estimated.
    pub lo: Option<f64>,
    /// Upper interval bound.
    pub hi: Option<f64>,
}

impl Estimate {
    fn new(numerator: f64, denominator: f64, interval: Option<(f64, f64)>) -> Self {
        let finite = |x: f64| x.is_finite().then_some(x);
        let share = (denominator > 0.0).then(|| numerator / denominator);
        let (lo, hi) = match (share, interval) {
            (Some(_), Some((lo, hi))) => (finite(lo), finite(hi)),
            _ => (None, None),
        };
        Estimate {
            numerator,
            denominator,
            share,
            lo,
            hi,
        }
    }
}

/// One country under one definition in one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryShare {
    /// ISO alpha-2 code.
    pub country: String,
    /// Share of all components of the group.
    pub of_all: Estimate,
    /// Share of the components with a known country.
    pub of_known: Estimate,
}

/// One definition in one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionShares {
    /// The definition.
    pub definition: Definition,
    /// Components with a known country.
    pub known: f64,
    /// Components with an unknown country.
    pub unknown: f64,
    /// The unknown share of all components.
    pub unknown_share: Estimate,
    /// Why the unknown ones are unknown, with counts (most first).
    pub unknown_reasons: Vec<(String, usize)>,
    /// Countries, most components first.
    pub countries: Vec<CountryShare>,
}

impl DefinitionShares {
    /// A country's share, when present.
    pub fn country(&self, code: &str) -> Option<&CountryShare> {
        self.countries.iter().find(|c| c.country == code)
    }
}

/// One group: all, drones, a family or a weapon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupShares {
    /// The kind of group.
    pub kind: GroupKind,
    /// Its key: `all`, `drones`, the role, or the weapon id.
    pub key: String,
    /// As shown: role label or weapon name.
    pub label: String,
    /// The role (families and weapons).
    pub role: Option<String>,
    /// Components.
    pub n_components: usize,
    /// Weapons (resampling units).
    pub n_weapons: usize,
    /// Why there is no interval, when there is none.
    pub interval_note: Option<String>,
    /// One entry per definition, in [`Definition::ALL`] order.
    pub definitions: Vec<DefinitionShares>,
}

impl GroupShares {
    /// The shares of a definition.
    pub fn get(&self, d: Definition) -> Option<&DefinitionShares> {
        self.definitions.iter().find(|x| x.definition == d)
    }
}

/// A count as printed: whole numbers with thousands separators (`5,806`), fractions (a trade
/// join splitting a component) with one decimal.
pub fn count_text(x: f64) -> String {
    let whole = x.round();
    if (x - whole).abs() >= 1e-9 {
        return format!("{x:.1}");
    }
    let s = format!("{whole:.0}");
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// The note of a group without interval.
pub const ONE_WEAPON: &str =
    "one weapon: no interval (a resampled weapon is always itself); the counts are exact";

/// Computes every group's shares: all, drones, each role present (in table order), each weapon
/// (by role, then by component count).
pub fn group_shares(
    items: &[TeardownItem],
    weapon_names: &BTreeMap<String, String>,
    roles: &Roles,
    opts: &ViewOptions,
) -> Vec<GroupShares> {
    let mut out = Vec::new();
    let all: Vec<&TeardownItem> = items.iter().collect();
    out.push(one_group(
        GroupKind::All,
        "all",
        "All components",
        None,
        &all,
        opts,
    ));
    let drone_roles = roles.drones();
    let drones: Vec<&TeardownItem> = items
        .iter()
        .filter(|i| drone_roles.iter().any(|r| r.role == i.role))
        .collect();
    let drone_label = format!(
        "Drones ({})",
        drone_roles
            .iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    out.push(one_group(
        GroupKind::Drones,
        "drones",
        &drone_label,
        None,
        &drones,
        opts,
    ));
    let mut by_role: BTreeMap<(usize, String), Vec<&TeardownItem>> = BTreeMap::new();
    for i in items {
        by_role
            .entry((roles.rank(&i.role), i.role.clone()))
            .or_default()
            .push(i);
    }
    for ((_, role), members) in &by_role {
        out.push(one_group(
            GroupKind::Family,
            role,
            &roles.get(role).label,
            Some(role),
            members,
            opts,
        ));
    }
    let mut by_weapon: BTreeMap<&str, Vec<&TeardownItem>> = BTreeMap::new();
    for i in items {
        by_weapon.entry(i.weapon.as_str()).or_default().push(i);
    }
    let mut weapons: Vec<(&str, Vec<&TeardownItem>)> = by_weapon.into_iter().collect();
    weapons.sort_by(|a, b| {
        let ra = roles.rank(&a.1[0].role);
        let rb = roles.rank(&b.1[0].role);
        (ra, std::cmp::Reverse(a.1.len()), a.0).cmp(&(rb, std::cmp::Reverse(b.1.len()), b.0))
    });
    for (id, members) in weapons {
        let label = weapon_names.get(id).map_or(id, String::as_str);
        out.push(one_group(
            GroupKind::Weapon,
            id,
            label,
            Some(&members[0].role),
            &members,
            opts,
        ));
    }
    out
}

fn one_group(
    kind: GroupKind,
    key: &str,
    label: &str,
    role: Option<&str>,
    items: &[&TeardownItem],
    opts: &ViewOptions,
) -> GroupShares {
    let weapons: BTreeSet<&str> = items.iter().map(|i| i.weapon.as_str()).collect();
    GroupShares {
        kind,
        key: key.to_string(),
        label: label.to_string(),
        role: role.map(String::from),
        n_components: items.len(),
        n_weapons: weapons.len(),
        interval_note: (weapons.len() < 2).then(|| ONE_WEAPON.to_string()),
        definitions: Definition::ALL
            .iter()
            .map(|&d| definition_shares(kind, key, d, items, opts))
            .collect(),
    }
}

fn definition_shares(
    kind: GroupKind,
    key: &str,
    d: Definition,
    items: &[&TeardownItem],
    opts: &ViewOptions,
) -> DefinitionShares {
    let countries: Vec<String> = items
        .iter()
        .flat_map(|i| i.get(d).countries.iter().map(|(c, _)| c.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let at = |c: &str| countries.iter().position(|x| x == c);
    let n = countries.len();
    // Two unit sets per weapon: unknown apart (shares of known) and unknown as a last column
    // (shares of all).
    let mut known_units: BTreeMap<&str, Unit> = BTreeMap::new();
    let mut all_units: BTreeMap<&str, Unit> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for i in items {
        let ku = known_units.entry(&i.weapon).or_insert_with(|| Unit {
            known: vec![0.0; n],
            unknown: 0.0,
        });
        let au = all_units.entry(&i.weapon).or_insert_with(|| Unit {
            known: vec![0.0; n + 1],
            unknown: 0.0,
        });
        let a = i.get(d);
        if a.is_unknown() {
            ku.unknown += 1.0;
            au.known[n] += 1.0;
            *reasons.entry(a.basis.clone()).or_default() += 1;
        } else {
            for (c, w) in &a.countries {
                if let Some(j) = at(c) {
                    ku.known[j] += w;
                    au.known[j] += w;
                }
            }
        }
    }
    let known_units: Vec<Unit> = known_units.into_values().collect();
    let all_units: Vec<Unit> = all_units.into_values().collect();
    let mut totals = vec![0.0; n + 1];
    for u in &all_units {
        for (t, k) in totals.iter_mut().zip(&u.known) {
            *t += k;
        }
    }
    let unknown = totals[n];
    let total = items.len() as f64;
    let known = total - unknown;
    let seed = |denominator: &str| {
        opts.seed
            ^ fnv1a(&format!(
                "{}|{key}|{}|{denominator}",
                kind.as_str(),
                d.as_str()
            ))
    };
    let iv_known = percentile_intervals(
        &known_units,
        n,
        opts.replicates,
        opts.level,
        &mut Rng::new(seed("known")),
    );
    let iv_all = percentile_intervals(
        &all_units,
        n + 1,
        opts.replicates,
        opts.level,
        &mut Rng::new(seed("all")),
    );
    let mut shares: Vec<CountryShare> = countries
        .iter()
        .enumerate()
        .map(|(j, c)| CountryShare {
            country: c.clone(),
            of_all: Estimate::new(totals[j], total, iv_all.shares.get(j).copied()),
            of_known: Estimate::new(totals[j], known, iv_known.shares.get(j).copied()),
        })
        .collect();
    shares.sort_by(|a, b| {
        b.of_all
            .numerator
            .total_cmp(&a.of_all.numerator)
            .then_with(|| a.country.cmp(&b.country))
    });
    let mut unknown_reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    unknown_reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    DefinitionShares {
        definition: d,
        known,
        unknown,
        unknown_share: Estimate::new(unknown, total, Some(iv_known.unknown)),
        unknown_reasons,
        countries: shares,
    }
}

/// One share as a flat, self-describing row (the JSON and CSV outputs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareEntry {
    /// The kind of group.
    pub group_kind: GroupKind,
    /// The group's key.
    pub group: String,
    /// The group's label.
    pub label: String,
    /// The definition of origin.
    pub definition: Definition,
    /// The country, or `unknown` for the unknown share.
    pub country: String,
    /// Which components the share is of.
    pub denominator_kind: Denominator,
    /// Components counted.
    pub numerator: f64,
    /// Components it is a share of.
    pub denominator: f64,
    /// The share (0–1).
    pub share: Option<f64>,
    /// Lower interval bound.
    pub lo: Option<f64>,
    /// Upper interval bound.
    pub hi: Option<f64>,
    /// Components in the group (n).
    pub n_components: usize,
    /// Weapons in the group (resampling units).
    pub n_weapons: usize,
}

/// Every share of every group as flat rows: per definition, each country of all components and
/// of those with a known country, and the unknown share of all components.
pub fn share_entries(groups: &[GroupShares]) -> Vec<ShareEntry> {
    let mut out = Vec::new();
    for g in groups {
        for d in &g.definitions {
            let row = |country: &str, kind: Denominator, e: &Estimate| ShareEntry {
                group_kind: g.kind,
                group: g.key.clone(),
                label: g.label.clone(),
                definition: d.definition,
                country: country.to_string(),
                denominator_kind: kind,
                numerator: e.numerator,
                denominator: e.denominator,
                share: e.share,
                lo: e.lo,
                hi: e.hi,
                n_components: g.n_components,
                n_weapons: g.n_weapons,
            };
            for c in &d.countries {
                out.push(row(&c.country, Denominator::AllComponents, &c.of_all));
                out.push(row(&c.country, Denominator::KnownCountry, &c.of_known));
            }
            out.push(row("unknown", Denominator::AllComponents, &d.unknown_share));
        }
    }
    out
}
