//! Country of dispatch when part-number links are missing not at random.
//!
//! The plain join ([`crate::origin`]) gives a component the dispatch countries of the shipments
//! to Russia that *name its part number*. Whether a shipment names the part depends on how it
//! was shipped: deceptive or vague descriptions, benign cover codes and substitutions to a
//! neighbouring code hide the part number, and those are the channels evasion uses. The join
//! therefore sees a biased sample of the shipments that could have carried a recovered part,
//! and the dispatch share it gives under-counts the evasion routes (see
//! docs/attribution-coverage.md for the measured bias).
//!
//! This module models the link instead of trusting it. For each component every candidate
//! shipment in its date window (no earlier than its date code, no later than its recovery) is
//! a possible source, with a weight:
//!
//! - **linked rows** (they name the part): weight 1, or [`LinkageOptions::flagged_weight`] when
//!   a trade detector flagged the row — a recovered part went to the military-industrial
//!   complex, which buys through the channels the red flags describe (FIELD.md), so a flagged
//!   shipment is more likely its source than an ordinary one;
//! - **hidden rows** (they name no part number) flagged by a trade detector: each is a
//!   candidate with the flagged weight times the probability that it carried *this* part.
//!   That probability is estimated from the linked rows of the same window: a hidden row
//!   declared under the component's HS heading (a substitution to a neighbouring code) carried
//!   part `k` with probability `n(k) / n(heading)`, the part's share of the part-naming rows
//!   of that heading; a hidden row under a heading no component has (a benign cover code)
//!   carried it with probability `n(k) / n(all component headings)`.
//!
//! The component's dispatch is the weighted vote of all candidates; the weight on hidden rows
//! is its **hidden share** `h` (one minus its linked share). Everything used is what an analyst
//! has: the store's trade rows and the detectors' flags on them, and the components file. The
//! one tunable number, the flagged weight, was tuned on seeds 1–10 of the scenario and is
//! reported with its coverage on seeds 11–30 (docs/attribution-coverage.md).
//!
//! Beside the estimate, [`LinkageReport::bounds`] states what the hidden part could be: every
//! share with the hidden weight given to no country (lower bound) and all to it (upper).

use crate::bootstrap::{fnv1a, quantile, Resample, Rng};
use crate::origin::{made_not_before, AttributeOptions, AttributedComponent, Attribution};
use crate::record::ComponentRecord;
use crate::shares::ShareOptions;
use crate::trade::TradeIndex;
use chokepoint_trade::{Flag, Rule, StoredFlag};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The basis of a dispatch answer computed by [`model_dispatch`].
pub const BASIS: &str = "trade_linkage_model";

/// The trade detectors' flags per trade row: row id → the rules that flagged it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowFlags(HashMap<String, BTreeSet<String>>);

impl RowFlags {
    /// Collects the flags whose subject is a trade row (mirror flags name a cell, not a row,
    /// and match no row).
    pub fn from_flags<'a>(flags: impl IntoIterator<Item = &'a Flag>) -> Self {
        let mut map: HashMap<String, BTreeSet<String>> = HashMap::new();
        for f in flags {
            map.entry(f.subject.clone())
                .or_default()
                .insert(f.rule.as_str().to_string());
        }
        RowFlags(map)
    }

    /// As [`RowFlags::from_flags`], over flags read back from the store.
    pub fn from_stored(flags: &[StoredFlag]) -> Self {
        Self::from_flags(flags.iter().map(|f| &f.flag))
    }

    /// The rules that flagged a row (none when unflagged).
    pub fn rules(&self, row_id: &str) -> impl Iterator<Item = &str> {
        self.0.get(row_id).into_iter().flatten().map(String::as_str)
    }

    /// Whether a detector flagged the row.
    pub fn is_flagged(&self, row_id: &str) -> bool {
        self.0.contains_key(row_id)
    }

    /// Whether a deceptive-description rule (`desc.*`, `value.high`) flagged the row.
    pub fn doubts_description(&self, row_id: &str) -> bool {
        self.0.get(row_id).is_some_and(|rules| {
            rules.iter().any(|r| {
                r.parse::<Rule>()
                    .is_ok_and(|r| r.family() == "deceptive_description")
            })
        })
    }

    /// Whether a rule that doubts what the declaration says was shipped flagged the row: a
    /// deceptive-description rule (`desc.*`, `value.high`) or a substitution rule (`sub.*`).
    /// Only such rows can stand for a shipment whose part number the description hides; a
    /// transshipment or an undervaluation says nothing about the goods being other than declared.
    pub fn doubts_goods(&self, row_id: &str) -> bool {
        self.0.get(row_id).is_some_and(|rules| {
            rules.iter().any(|r| {
                r.parse::<Rule>().is_ok_and(|r| {
                    matches!(r.family(), "deceptive_description" | "hs_substitution")
                })
            })
        })
    }

    /// Rows with a flag.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no row is flagged.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Options of [`model_dispatch`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LinkageOptions {
    /// Weight of a flagged shipment, relative to an unflagged one, as the source of a
    /// recovered component (tuned on seeds 1–10; 1 = flags carry no information).
    pub flagged_weight: f64,
    /// Whether flagged rows that name no part number are candidates (the hidden channel).
    /// Off, the estimator is the plain join reweighted by flags.
    pub hidden_rows: bool,
}

/// The flagged weight tuned on scenario seeds 1–10 (docs/attribution-coverage.md).
pub const FLAGGED_WEIGHT: f64 = 4.0;

impl Default for LinkageOptions {
    fn default() -> Self {
        LinkageOptions {
            flagged_weight: FLAGGED_WEIGHT,
            hidden_rows: true,
        }
    }
}

/// One component's link model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentLinkage {
    /// Component record id.
    pub id: String,
    /// Shipments naming its part in its window.
    pub linked_rows: usize,
    /// … of which flagged by a trade detector.
    pub flagged_linked_rows: usize,
    /// Hidden (flagged, part-number-less) shipments that were candidates.
    pub hidden_rows: usize,
    /// Share of its dispatch weight on hidden rows (0 when it has no trade answer).
    pub hidden_share: f64,
}

/// A country's share with the hidden part given to no country (`lo`) and all to it (`hi`),
/// and the bootstrap interval around those bounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryBounds {
    /// ISO alpha-2 code.
    pub country: String,
    /// Share if no hidden weight went to the country.
    pub lo: f64,
    /// Share if all hidden weight went to the country.
    pub hi: f64,
    /// The linkage interval's lower end: the `(1 − level) / 2` percentile of `lo` over
    /// bootstrap replicates that resample whole weapons (NaN with fewer than two weapons).
    pub interval_lo: f64,
    /// The linkage interval's upper end: the `(1 + level) / 2` percentile of `hi`.
    pub interval_hi: f64,
}

/// What [`model_dispatch`] did, for the attribution output and the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkageReport {
    /// The estimator's name (`linkage_weighted` or, when hidden rows are off, `flag_weighted`).
    pub estimator: String,
    /// The weight model in one sentence.
    pub model: String,
    /// The options used.
    pub options: LinkageOptions,
    /// Flagged trade rows to Russia.
    pub flagged_rows: usize,
    /// Hidden candidate rows (flagged, naming no part number) to Russia.
    pub hidden_candidate_rows: usize,
    /// Components whose dispatch comes from trade rows (not stated by the record).
    pub components: usize,
    /// … with at least one shipment naming the part in the window (linked by part number).
    pub linked: usize,
    /// `linked / components`.
    pub linked_fraction: f64,
    /// Share of all modelled dispatch weight carried by part-naming rows (1 − mean hidden
    /// share over the linked components).
    pub linked_weight: f64,
    /// Share of the linked rows' weight on flagged rows.
    pub flagged_share_of_linked: f64,
    /// Every dispatch country's share over the modelled components with the hidden part
    /// given to no country and all to it, largest upper bound first.
    pub bounds: Vec<CountryBounds>,
    /// Per component.
    pub per_component: Vec<ComponentLinkage>,
}

/// Date-sorted row lists with a count of undated rows (always in every window).
#[derive(Default)]
struct Dated {
    dated: Vec<(i64, usize)>,
    undated: Vec<usize>,
}

impl Dated {
    fn push(&mut self, day: Option<i64>, i: usize) {
        match day {
            Some(d) => self.dated.push((d, i)),
            None => self.undated.push(i),
        }
    }

    fn sort(&mut self) {
        self.dated.sort_unstable();
    }

    fn window(&self, after: Option<i64>, before: Option<i64>) -> impl Iterator<Item = usize> + '_ {
        let lo = after.map_or(0, |a| self.dated.partition_point(|&(d, _)| d < a));
        let hi = before.map_or(self.dated.len(), |b| {
            self.dated.partition_point(|&(d, _)| d <= b)
        });
        self.dated[lo..hi.max(lo)]
            .iter()
            .map(|&(_, i)| i)
            .chain(self.undated.iter().copied())
    }

    fn count(&self, after: Option<i64>, before: Option<i64>) -> usize {
        let lo = after.map_or(0, |a| self.dated.partition_point(|&(d, _)| d < a));
        let hi = before.map_or(self.dated.len(), |b| {
            self.dated.partition_point(|&(d, _)| d <= b)
        });
        hi.saturating_sub(lo) + self.undated.len()
    }
}

fn heading(hs6: Option<u32>) -> Option<u32> {
    hs6.map(|h| h / 100)
}

/// Replaces the dispatch answer of every component joined by part number with the linkage
/// model's (see the module docs) and reports the model. `records` are the components'
/// records (`attributed[i].index` points into them), `trade` the index the join used,
/// `attribute_options` the join's options (for the date window). Components whose record
/// states the dispatch keep it; components with no linked row stay unknown. The bounds'
/// intervals use `share_options`' resampling unit, replicates, level and seed.
pub fn model_dispatch(
    records: &[ComponentRecord],
    attributed: &mut [AttributedComponent],
    trade: &TradeIndex,
    flags: &RowFlags,
    attribute_options: &AttributeOptions,
    options: &LinkageOptions,
    share_options: &ShareOptions,
) -> LinkageReport {
    let rows = trade.rows();
    let day = |i: usize| rows[i].date.map(|d| d.days());
    let flagged: Vec<bool> = rows.iter().map(|r| flags.is_flagged(&r.id)).collect();
    let weight = |i: usize| {
        if flagged[i] {
            options.flagged_weight
        } else {
            1.0
        }
    };
    let headings: BTreeSet<u32> = attributed.iter().filter_map(|c| heading(c.hs6)).collect();
    // Part-naming rows per component heading and over all of them; hidden flagged rows under a
    // component heading (substitutions) and under any other (cover codes).
    let mut named_by: HashMap<u32, Dated> = HashMap::new();
    let mut named_all = Dated::default();
    let mut hidden_by: HashMap<u32, Dated> = HashMap::new();
    let mut hidden_cover = Dated::default();
    let mut hidden_candidates = 0;
    for (i, row) in rows.iter().enumerate() {
        let h = heading(row.hs6);
        let component_heading = h.filter(|h| headings.contains(h));
        if trade.names_part(i) {
            if let Some(h) = component_heading {
                named_by.entry(h).or_default().push(day(i), i);
                named_all.push(day(i), i);
            }
        } else if options.hidden_rows
            && flags.doubts_goods(&row.id)
            && !row.dispatch_country.is_empty()
        {
            match component_heading {
                Some(h) => hidden_by.entry(h).or_default().push(day(i), i),
                // A substitution moves goods to a neighbouring code of their own heading: one
                // under a heading no component has is some other product. A deceptive
                // description under a benign cover code can hide any component.
                None if flags.doubts_description(&row.id) => hidden_cover.push(day(i), i),
                None => continue,
            }
            hidden_candidates += 1;
        }
    }
    for d in named_by
        .values_mut()
        .chain(hidden_by.values_mut())
        .chain([&mut named_all, &mut hidden_cover])
    {
        d.sort();
    }

    let mut per_component = Vec::new();
    // Per resampling unit: (weight, hidden weight, linked weight per country).
    let mut units: BTreeMap<String, (f64, f64, BTreeMap<String, f64>)> = BTreeMap::new();
    let (mut total, mut hidden_total, mut linked_w, mut flagged_w) = (0.0, 0.0, 0.0, 0.0);
    let mut n_model = 0;
    let mut n_linked = 0;
    for c in attributed.iter_mut() {
        if c.dispatch.basis == "record" {
            continue;
        }
        n_model += 1;
        let Some(r) = records.get(c.index) else {
            continue;
        };
        let before = attribute_options
            .trade_before_recovery
            .then_some(r.recovered)
            .flatten();
        let after = attribute_options
            .trade_after_date_code
            .then(|| made_not_before(r))
            .flatten();
        let company = c.maker.maker().map(|m| m.company.clone());
        let (linked, _) = trade.matches_between(
            c.part_number
                .as_deref()
                .map(|p| crate::partnum::normalize(p).key)
                .as_deref(),
            if attribute_options.join_hs_and_maker {
                c.hs6.zip(company.as_deref())
            } else {
                None
            },
            after,
            before,
        );
        let linked: Vec<usize> = linked
            .into_iter()
            .filter(|&i| !rows[i].dispatch_country.is_empty())
            .collect();
        if linked.is_empty() {
            continue;
        }
        n_linked += 1;
        let (a, b) = (after.map(|d| d.days()), before.map(|d| d.days()));
        let mut votes: BTreeMap<&str, f64> = BTreeMap::new();
        let mut visible = 0.0;
        let mut n_flagged = 0;
        for &i in &linked {
            let w = weight(i);
            visible += w;
            n_flagged += usize::from(flagged[i]);
            flagged_w += if flagged[i] { w } else { 0.0 };
            *votes.entry(rows[i].dispatch_country.as_str()).or_default() += w;
        }
        linked_w += visible;
        let n_k = linked.len() as f64;
        let mut hidden = 0.0;
        let mut n_hidden = 0;
        let h = heading(c.hs6);
        let typed = h
            .and_then(|h| hidden_by.get(&h).zip(named_by.get(&h)))
            .map(|(hid, named)| (hid, named.count(a, b)));
        let cover_n = named_all.count(a, b);
        let sources = typed
            .filter(|(_, n)| *n > 0)
            .map(|(hid, n)| (hid, n_k / n as f64))
            .into_iter()
            .chain((cover_n > 0).then_some((&hidden_cover, n_k / cover_n as f64)));
        for (list, p) in sources {
            for i in list.window(a, b) {
                let w = weight(i) * p;
                hidden += w;
                n_hidden += 1;
                *votes.entry(rows[i].dispatch_country.as_str()).or_default() += w;
            }
        }
        let all = visible + hidden;
        let share = hidden / all;
        let cw = c.weight;
        total += cw;
        hidden_total += cw * share;
        let key = match share_options.resample {
            Resample::Weapons => c.cluster.clone(),
            Resample::Components => c.id.clone(),
        };
        let unit = units.entry(key).or_default();
        unit.0 += cw;
        unit.1 += cw * share;
        for k in votes.keys() {
            unit.2.entry((*k).to_string()).or_default();
        }
        // The linked part of the answer, for the bounds.
        for &i in &linked {
            *unit.2.entry(rows[i].dispatch_country.clone()).or_default() += cw * weight(i) / all;
        }
        c.dispatch = Attribution {
            countries: votes
                .into_iter()
                .map(|(k, v)| (k.to_string(), v / all))
                .collect(),
            basis: BASIS.into(),
            evidence: linked.iter().map(|&i| rows[i].id.clone()).collect(),
        };
        per_component.push(ComponentLinkage {
            id: c.id.clone(),
            linked_rows: linked.len(),
            flagged_linked_rows: n_flagged,
            hidden_rows: n_hidden,
            hidden_share: share,
        });
    }
    let hidden_frac = if total > 0.0 {
        hidden_total / total
    } else {
        0.0
    };
    let mut bounds = bounds_with_intervals(&units, share_options);
    bounds.sort_by(|x, y| {
        y.hi.total_cmp(&x.hi)
            .then_with(|| x.country.cmp(&y.country))
    });
    let estimator = if options.hidden_rows {
        "linkage_weighted"
    } else {
        "flag_weighted"
    };
    LinkageReport {
        estimator: estimator.into(),
        model: format!(
            "each shipment to Russia in a component's window (date code to recovery) is a candidate source: rows naming the part weigh 1, flagged rows {}×{}",
            options.flagged_weight,
            if options.hidden_rows {
                "; flagged rows naming no part weigh that times the part's share of the part-naming rows of their HS heading (of all component headings for cover codes)"
            } else {
                ""
            }
        ),
        options: *options,
        flagged_rows: flagged.iter().filter(|&&f| f).count(),
        hidden_candidate_rows: hidden_candidates,
        components: n_model,
        linked: n_linked,
        linked_fraction: if n_model > 0 {
            n_linked as f64 / n_model as f64
        } else {
            f64::NAN
        },
        linked_weight: 1.0 - hidden_frac,
        flagged_share_of_linked: if linked_w > 0.0 {
            flagged_w / linked_w
        } else {
            f64::NAN
        },
        bounds,
        per_component,
    }
}

/// The bounds of every country over all units, and their percentile-bootstrap interval:
/// resample the units, take the lower bound's `(1 − level) / 2` and the upper bound's
/// `(1 + level) / 2` percentile.
fn bounds_with_intervals(
    units: &BTreeMap<String, (f64, f64, BTreeMap<String, f64>)>,
    opts: &ShareOptions,
) -> Vec<CountryBounds> {
    let countries: BTreeSet<&String> = units.values().flat_map(|u| u.2.keys()).collect();
    let countries: Vec<&String> = countries.into_iter().collect();
    let units: Vec<(f64, f64, Vec<f64>)> = units
        .values()
        .map(|(w, h, by)| {
            let v = countries
                .iter()
                .map(|c| by.get(*c).copied().unwrap_or(0.0))
                .collect();
            (*w, *h, v)
        })
        .collect();
    let sums = |pick: &mut dyn FnMut() -> usize, n: usize| {
        let mut w = 0.0;
        let mut h = 0.0;
        let mut lo = vec![0.0; countries.len()];
        for _ in 0..n {
            let u = &units[pick()];
            w += u.0;
            h += u.1;
            for (l, x) in lo.iter_mut().zip(&u.2) {
                *l += x;
            }
        }
        (w, h, lo)
    };
    let mut i = 0;
    let (w, h, lo) = sums(
        &mut || {
            i += 1;
            i - 1
        },
        units.len(),
    );
    let mut samples: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); countries.len()];
    if units.len() >= 2 {
        let mut rng = Rng::new(opts.seed ^ fnv1a("dispatch-linkage-bounds"));
        for _ in 0..opts.replicates {
            let n = units.len();
            let (bw, bh, blo) = sums(&mut || rng.below(n), n);
            if bw > 0.0 {
                for (s, l) in samples.iter_mut().zip(&blo) {
                    s.0.push(l / bw);
                    s.1.push((l + bh) / bw);
                }
            }
        }
    }
    let alpha = (1.0 - opts.level).clamp(0.0, 1.0);
    countries
        .iter()
        .zip(lo)
        .zip(samples)
        .map(|((c, l), (mut slo, mut shi))| {
            slo.sort_by(f64::total_cmp);
            shi.sort_by(f64::total_cmp);
            let (lo, hi) = if w > 0.0 {
                (l / w, (l + h) / w)
            } else {
                (f64::NAN, f64::NAN)
            };
            CountryBounds {
                country: (*c).clone(),
                lo,
                hi,
                interval_lo: quantile(&slo, alpha / 2.0),
                interval_hi: quantile(&shi, 1.0 - alpha / 2.0),
            }
        })
        .collect()
}
