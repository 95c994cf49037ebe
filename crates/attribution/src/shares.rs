//! Origin shares per weapon family and period, for the three definitions side by side, with
//! percentile-bootstrap intervals and the counts behind each share.
//!
//! Conventions:
//! - counts are component weights (quantities); `n_weapons` counts resampling clusters;
//! - a share is over the components whose country is KNOWN for that definition; the unknown
//!   weight is reported separately as `unknown_share` of all components in the group (with its
//!   own interval) — shares are never spread over unknowns;
//! - a component attributed to several countries (several matching shipments) counts
//!   fractionally;
//! - groups: every family and `ALL`, crossed with every period and `all`; the bootstrap
//!   resamples within each group (for `ALL`, across families, unstratified);
//! - a group with fewer than two resampling units (weapons) gets no interval (NaN, printed `-`):
//!   one weapon resampled is always itself, and a zero-width interval would claim certainty;
//! - each group × definition gets its own seed derived from the report seed and the group's
//!   label, so results do not depend on which other groups are present.

use crate::bootstrap::{fnv1a, percentile_intervals, Resample, Rng, Unit};
use crate::catalog::Critical;
use crate::date::Period;
use crate::origin::{AttributedComponent, Definition};
use crate::record::SINGLE_CLUSTER_PREFIX;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Options of [`origin_shares`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareOptions {
    /// One group per weapon family (plus `ALL`); `false` gives `ALL` only.
    pub by_family: bool,
    /// Time grouping of recovery dates.
    pub period: Period,
    /// Which components count.
    pub critical: Critical,
    /// What the bootstrap resamples.
    pub resample: Resample,
    /// Bootstrap replicates.
    pub replicates: usize,
    /// Interval level (0.95 = 95 %).
    pub level: f64,
    /// Seed.
    pub seed: u64,
}

impl Default for ShareOptions {
    fn default() -> Self {
        ShareOptions {
            by_family: true,
            period: Period::All,
            critical: Critical::All,
            resample: Resample::Weapons,
            replicates: 2000,
            level: 0.95,
            seed: 1,
        }
    }
}

/// One country's share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryShare {
    /// ISO alpha-2 code.
    pub country: String,
    /// Share of the known weight (0–1).
    pub share: f64,
    /// Lower interval bound.
    pub lo: f64,
    /// Upper interval bound.
    pub hi: f64,
    /// Weight (component count) behind the share.
    pub count: f64,
}

/// One definition's shares in one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionShares {
    /// The definition.
    pub definition: Definition,
    /// Weight with a known country.
    pub n_known: f64,
    /// Weight with an unknown country.
    pub n_unknown: f64,
    /// Unknown weight over all weight.
    pub unknown_share: f64,
    /// Interval of the unknown share.
    pub unknown_lo: f64,
    /// Interval of the unknown share.
    pub unknown_hi: f64,
    /// Countries by share, largest first.
    pub shares: Vec<CountryShare>,
    /// Bootstrap replicates that had known weight.
    pub replicates_used: usize,
}

impl DefinitionShares {
    /// The share of one country (0 when absent).
    pub fn share_of(&self, country: &str) -> Option<&CountryShare> {
        self.shares.iter().find(|s| s.country == country)
    }
}

/// One group (weapon family × period).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupShares {
    /// Weapon family, or `ALL`.
    pub family: String,
    /// Period label, or `all`.
    pub period: String,
    /// Component weight in the group.
    pub n_components: f64,
    /// Component records in the group.
    pub n_records: usize,
    /// Recovered weapons (clusters) in the group; components with nothing to cluster by (no
    /// weapon id, no recovery date) count one each.
    pub n_weapons: usize,
    /// What the bootstrap actually resampled: [`Resample::Weapons`] when the options ask for
    /// weapons and some component of the group has a weapon id or recovery date to cluster by,
    /// [`Resample::Components`] otherwise (then every component is its own unit and the
    /// intervals are too narrow when weapons cluster).
    pub resampled: Resample,
    /// Shares for each definition, in [`Definition::ALL`] order.
    pub definitions: Vec<DefinitionShares>,
}

impl GroupShares {
    /// The shares for one definition.
    pub fn get(&self, d: Definition) -> Option<&DefinitionShares> {
        self.definitions.iter().find(|x| x.definition == d)
    }
}

/// A full report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareReport {
    /// The options used.
    pub options: ShareOptions,
    /// Human-readable filter label.
    pub filter: String,
    /// Whether any input record was synthetic.
    pub synthetic: bool,
    /// Groups: `ALL` first, then families alphabetically; `all` period first.
    pub groups: Vec<GroupShares>,
}

impl ShareReport {
    /// The group of a family and period label.
    pub fn group(&self, family: &str, period: &str) -> Option<&GroupShares> {
        self.groups
            .iter()
            .find(|g| g.family == family && g.period == period)
    }
}

/// Computes the shares of attributed components.
pub fn origin_shares(components: &[AttributedComponent], opts: &ShareOptions) -> ShareReport {
    let selected: Vec<&AttributedComponent> =
        components.iter().filter(|c| c.is(&opts.critical)).collect();
    let mut keys: BTreeSet<(String, String)> = BTreeSet::new();
    let mut members: BTreeMap<(String, String), Vec<&AttributedComponent>> = BTreeMap::new();
    for c in &selected {
        let fams = if opts.by_family {
            vec!["ALL".to_string(), c.family.clone()]
        } else {
            vec!["ALL".to_string()]
        };
        let periods = if opts.period == Period::All {
            vec!["all".to_string()]
        } else {
            vec!["all".to_string(), opts.period.label(c.recovered)]
        };
        for f in &fams {
            for p in &periods {
                keys.insert((f.clone(), p.clone()));
                members.entry((f.clone(), p.clone())).or_default().push(c);
            }
        }
    }
    let mut order: Vec<(String, String)> = keys.into_iter().collect();
    order.sort_by(|a, b| {
        (a.0 != "ALL", &a.0, a.1 != "all", &a.1).cmp(&(b.0 != "ALL", &b.0, b.1 != "all", &b.1))
    });
    let groups = order
        .into_iter()
        .map(|key| {
            let comps = members.remove(&key).unwrap_or_default();
            group_shares(&key.0, &key.1, &comps, opts)
        })
        .collect();
    ShareReport {
        options: opts.clone(),
        filter: opts.critical.label(),
        synthetic: components.iter().any(|c| c.synthetic),
        groups,
    }
}

fn group_shares(
    family: &str,
    period: &str,
    comps: &[&AttributedComponent],
    opts: &ShareOptions,
) -> GroupShares {
    let clusters: BTreeSet<&str> = comps.iter().map(|c| c.cluster.as_str()).collect();
    let definitions = Definition::ALL
        .iter()
        .map(|&d| definition_shares(family, period, d, comps, opts))
        .collect();
    GroupShares {
        family: family.into(),
        period: period.into(),
        n_components: comps.iter().map(|c| c.weight).sum(),
        n_records: comps.len(),
        n_weapons: clusters.len(),
        resampled: if opts.resample == Resample::Weapons
            && comps
                .iter()
                .any(|c| !c.cluster.starts_with(SINGLE_CLUSTER_PREFIX))
        {
            Resample::Weapons
        } else {
            Resample::Components
        },
        definitions,
    }
}

fn definition_shares(
    family: &str,
    period: &str,
    d: Definition,
    comps: &[&AttributedComponent],
    opts: &ShareOptions,
) -> DefinitionShares {
    let countries: Vec<String> = comps
        .iter()
        .flat_map(|c| c.get(d).countries.iter().map(|(k, _)| k.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index = |k: &str| countries.iter().position(|c| c == k);
    // Units: one per cluster (or per component).
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    for (i, c) in comps.iter().enumerate() {
        let key = match opts.resample {
            Resample::Weapons => c.cluster.clone(),
            Resample::Components => format!("#{i:09}"),
        };
        let unit = units.entry(key).or_insert_with(|| Unit {
            known: vec![0.0; countries.len()],
            unknown: 0.0,
        });
        let a = c.get(d);
        if a.is_unknown() {
            unit.unknown += c.weight;
        } else {
            for (k, w) in &a.countries {
                if let Some(j) = index(k) {
                    unit.known[j] += c.weight * w;
                }
            }
        }
    }
    let units: Vec<Unit> = units.into_values().collect();
    let mut total = vec![0.0; countries.len()];
    let mut unknown = 0.0;
    for u in &units {
        for (t, k) in total.iter_mut().zip(&u.known) {
            *t += k;
        }
        unknown += u.unknown;
    }
    let known: f64 = total.iter().sum();
    let seed = opts.seed ^ fnv1a(&format!("{family}|{period}|{}", d.as_str()));
    let iv = percentile_intervals(
        &units,
        countries.len(),
        opts.replicates,
        opts.level,
        &mut Rng::new(seed),
    );
    let mut shares: Vec<CountryShare> = countries
        .iter()
        .zip(&total)
        .zip(&iv.shares)
        .map(|((c, t), (lo, hi))| CountryShare {
            country: c.clone(),
            share: if known > 0.0 { t / known } else { f64::NAN },
            lo: *lo,
            hi: *hi,
            count: *t,
        })
        .collect();
    shares.sort_by(|a, b| {
        b.count
            .total_cmp(&a.count)
            .then_with(|| a.country.cmp(&b.country))
    });
    let all = known + unknown;
    DefinitionShares {
        definition: d,
        n_known: known,
        n_unknown: unknown,
        unknown_share: if all > 0.0 { unknown / all } else { f64::NAN },
        unknown_lo: iv.unknown.0,
        unknown_hi: iv.unknown.1,
        shares,
        replicates_used: iv.replicates_used,
    }
}
