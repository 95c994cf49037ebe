//! GUR's headquarters country checked against the maker registry (`chokepoint_parts`), which
//! follows mergers to today's owner and records ultimate parents.
//!
//! For every component whose maker the registry resolves, GUR's country is compared with the
//! registry's country of today's owner:
//! - **agree**: the same country;
//! - **merger**: GUR gives the brand company's own country and the registry follows a merger
//!   elsewhere (International Rectifier: GUR `US`, owner Infineon `DE`);
//! - **differ**: neither the brand's nor the owner's country (a registry or GUR error to look at);
//! - **filled**: GUR gives no country and the registry names the maker (by name or part number).
//!
//! Ultimate parents that sit in another country than the owner (ISSI → a Beijing consortium,
//! Nexperia → Wingtech) are listed apart: they do not contradict GUR, but they change the
//! answer under the "ultimate parent" reading of headquarters. The China count under each
//! reading is reported so the effect of the choice is visible.

use super::attribute::TeardownItem;
use crate::registry::MakerResolution;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How GUR's country and the registry's relate for one maker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HqRelation {
    /// The registry's owner is in GUR's country.
    Agree,
    /// GUR gives the brand's own country; the registry follows a merger to another country.
    Merger,
    /// GUR gives neither the brand's nor the owner's country.
    Differ,
    /// GUR gives no country; the registry knows the maker.
    Filled,
}

/// One maker (as GUR writes it) whose country GUR and the registry see differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HqDifference {
    /// The manufacturer as GUR writes it.
    pub maker: String,
    /// GUR's country (`None` for UNK).
    pub gur_country: Option<String>,
    /// The brand company the registry resolves the name (or part number) to.
    pub registry_brand: String,
    /// The brand and its acquirers, in order.
    pub chain: Vec<String>,
    /// The brand company's own country.
    pub brand_hq: String,
    /// Today's owner's country.
    pub owner_hq: String,
    /// The ultimate parent's country.
    pub parent_country: String,
    /// The relation.
    pub relation: HqRelation,
    /// Components concerned.
    pub components: usize,
    /// Weapons they were found in.
    pub weapons: usize,
}

/// A maker name the registry does not resolve, with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    /// The manufacturer as GUR writes it.
    pub maker: String,
    /// GUR's country.
    pub gur_country: Option<String>,
    /// Components.
    pub components: usize,
    /// Why the registry does not resolve it (unregistered, ambiguous, no rule).
    pub reason: String,
}

/// China's count under three readings of headquarters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChinaCounts {
    /// GUR's country as stated.
    pub gur: usize,
    /// The registry's owner country where the registry knows the maker, GUR's otherwise.
    pub registry_owner: usize,
    /// The registry's ultimate-parent country where it knows the maker, GUR's otherwise.
    pub registry_parent: usize,
    /// Components with a known country under the owner reading.
    pub known_owner: usize,
    /// Components with a known country under the parent reading.
    pub known_parent: usize,
}

/// The cross-check of GUR's headquarters with the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HqCrossCheck {
    /// Components checked (all).
    pub components: usize,
    /// Components whose maker the registry resolves.
    pub resolved: usize,
    /// … of which resolved by a part-number prefix rule (no usable maker name).
    pub resolved_by_part_number: usize,
    /// Components per relation.
    pub by_relation: BTreeMap<HqRelation, usize>,
    /// Components whose maker the registry does not resolve.
    pub unresolved: usize,
    /// Distinct maker names GUR writes.
    pub makers: usize,
    /// Distinct maker names the registry resolves.
    pub makers_resolved: usize,
    /// Every maker with a relation other than agree, most components first.
    pub differences: Vec<HqDifference>,
    /// Makers that agree with GUR but whose ultimate parent is in another country.
    pub parents_elsewhere: Vec<HqDifference>,
    /// The unresolved makers, most components first.
    pub unresolved_makers: Vec<Unresolved>,
    /// China's count under each reading.
    pub china: ChinaCounts,
}

#[derive(Default)]
struct Acc {
    components: usize,
    weapons: BTreeSet<String>,
}

/// Cross-checks every item's GUR country with its registry maker.
pub fn cross_check(items: &[TeardownItem]) -> HqCrossCheck {
    let mut by_relation: BTreeMap<HqRelation, usize> = BTreeMap::new();
    let mut groups: BTreeMap<(String, Option<String>, String), (HqDifference, Acc)> =
        BTreeMap::new();
    let mut parents: BTreeMap<(String, Option<String>, String), (HqDifference, Acc)> =
        BTreeMap::new();
    let mut unresolved: BTreeMap<(String, Option<String>), (String, usize)> = BTreeMap::new();
    let mut makers = BTreeSet::new();
    let mut makers_resolved = BTreeSet::new();
    let mut china = ChinaCounts {
        gur: 0,
        registry_owner: 0,
        registry_parent: 0,
        known_owner: 0,
        known_parent: 0,
    };
    let (mut resolved, mut by_part) = (0, 0);
    for it in items {
        makers.insert(it.manufacturer.clone());
        let gur = it.gur_country.as_deref();
        china.gur += usize::from(gur == Some("CN"));
        let m = match &it.maker {
            MakerResolution::Known(m) => m,
            other => {
                let reason = match other {
                    MakerResolution::Ambiguous { candidates, .. } => {
                        format!("ambiguous: {}", candidates.join(" | "))
                    }
                    MakerResolution::Unknown { reason } => reason.clone(),
                    MakerResolution::Known(_) => String::new(),
                };
                let e = unresolved
                    .entry((it.manufacturer.clone(), it.gur_country.clone()))
                    .or_insert((reason, 0));
                e.1 += 1;
                china.registry_owner += usize::from(gur == Some("CN"));
                china.registry_parent += usize::from(gur == Some("CN"));
                china.known_owner += usize::from(gur.is_some());
                china.known_parent += usize::from(gur.is_some());
                continue;
            }
        };
        resolved += 1;
        if m.basis == crate::registry::MakerBasis::PartNumberPrefix {
            by_part += 1;
        }
        makers_resolved.insert(it.manufacturer.clone());
        china.registry_owner += usize::from(m.hq == "CN");
        china.registry_parent += usize::from(m.parent_country == "CN");
        china.known_owner += 1;
        china.known_parent += 1;
        let relation = match gur {
            None => HqRelation::Filled,
            Some(g) if g == m.hq => HqRelation::Agree,
            Some(g) if g == m.brand_hq => HqRelation::Merger,
            Some(_) => HqRelation::Differ,
        };
        *by_relation.entry(relation).or_default() += 1;
        let diff = || HqDifference {
            maker: it.manufacturer.clone(),
            gur_country: it.gur_country.clone(),
            registry_brand: m.brand.clone(),
            chain: m.chain.clone(),
            brand_hq: m.brand_hq.clone(),
            owner_hq: m.hq.clone(),
            parent_country: m.parent_country.clone(),
            relation,
            components: 0,
            weapons: 0,
        };
        let key = (
            it.manufacturer.clone(),
            it.gur_country.clone(),
            m.brand.clone(),
        );
        let target = if relation != HqRelation::Agree {
            Some(&mut groups)
        } else if m.parent_country != m.hq {
            Some(&mut parents)
        } else {
            None
        };
        if let Some(t) = target {
            let e = t.entry(key).or_insert_with(|| (diff(), Acc::default()));
            e.1.components += 1;
            e.1.weapons.insert(it.weapon.clone());
        }
    }
    let finish = |g: BTreeMap<(String, Option<String>, String), (HqDifference, Acc)>| {
        let mut v: Vec<HqDifference> = g
            .into_values()
            .map(|(mut d, a)| {
                d.components = a.components;
                d.weapons = a.weapons.len();
                d
            })
            .collect();
        v.sort_by(|a, b| {
            (a.relation, std::cmp::Reverse(a.components), &a.maker).cmp(&(
                b.relation,
                std::cmp::Reverse(b.components),
                &b.maker,
            ))
        });
        v
    };
    let mut unresolved_makers: Vec<Unresolved> = unresolved
        .into_iter()
        .map(|((maker, gur_country), (reason, components))| Unresolved {
            maker,
            gur_country,
            components,
            reason,
        })
        .collect();
    unresolved_makers.sort_by(|a, b| {
        b.components
            .cmp(&a.components)
            .then_with(|| a.maker.cmp(&b.maker))
    });
    HqCrossCheck {
        components: items.len(),
        resolved,
        resolved_by_part_number: by_part,
        by_relation,
        unresolved: items.len() - resolved,
        makers: makers.len(),
        makers_resolved: makers_resolved.len(),
        differences: finish(groups),
        parents_elsewhere: finish(parents),
        unresolved_makers,
        china,
    }
}

impl HqCrossCheck {
    /// Components with a relation.
    pub fn count(&self, r: HqRelation) -> usize {
        self.by_relation.get(&r).copied().unwrap_or(0)
    }
}
