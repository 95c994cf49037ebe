//! The surge analysis: for every CHPL code (or each of its CN8 children) and every partner,
//! how much EU exports rose after the February 2022 controls beyond what the partner's own
//! history and its other goods explain. The method in full is in `docs/reexport-surges.md`;
//! in short, over the stored monthly values summed over the 27 reporters:
//!
//! 1. **Windows.** *After* = the months from the one after the control month
//!    ([`chokepoint_refdata::control::INVASION`], 2022-02) to the last published month (a month
//!    with no value anywhere in the file is unpublished, never zero). *Baseline* = 2020-01 ..
//!    2021-12 by default. The months in between (2022-01, 2022-02) are a transition, shown but
//!    not used. Each baseline year is summed over the *same calendar months* as the after
//!    window, so seasonality cancels.
//! 2. **Own level and trend.** `B` = the larger of the baseline years' mean and the last
//!    baseline year: a series already rising before the controls is expected at least at its
//!    2021 level.
//! 3. **The partner's rise in other goods.** `G` = the partner's growth, by the same rule, in
//!    every CN8 code of the file that is not on the CHPL (HS4 aggregate rows never counted).
//!    Expected after-window value `E = B × G`.
//! 4. **Lumps.** `A_trim` is the after-window sum with its largest month cut down to the
//!    second largest, so one lumpy shipment cannot rank a row; `A_trim − E` is the excess.
//! 5. **Noise.** The same log ratio `ln((A_trim + k) / (E + k))` is computed for a placebo
//!    "control" one year early (2021 against 2020, every code of the file, the same partners);
//!    its median and robust scale (1.4826 × MAD) give each row a robust z and the share of
//!    placebo rows at least as high, and the *noise ceiling* `(E + k)·exp(median + 2·scale) − k`:
//!    the most that ordinary year-to-year variation gives. `k` damps ratios of tiny flows.
//! 6. **Unexplained rise** `U = A_trim − noise ceiling` in EUR: beyond the partner's own level,
//!    seasonality and trend, beyond its rise in other goods, and beyond ordinary noise.
//!
//! Rows are ranked by `U`. Codes without any baseline value (new in HS 2022 and with no
//! unique predecessor in the file) cannot be compared and are listed as excluded.

use crate::error::{ReexportError, Result};
use crate::month::Month;
use crate::store::Stored;
use chokepoint_refdata::{control, country, date::Date};
use chokepoint_trade::{ChplTier, Classifier};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Which codes the ranked rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The CHPL's six-digit HS 2022 codes, each the sum of its CN8 children.
    Hs6,
    /// Each CN8 child of a CHPL code on its own.
    Cn8,
}

/// What to compare; [`SurgeOptions::default`] is the documented method.
#[derive(Debug, Clone)]
pub struct SurgeOptions {
    /// First and last baseline month (inclusive).
    pub baseline: (Month, Month),
    /// The control date; the after window starts the month after its month.
    pub control: Date,
    /// Ranked codes: CHPL HS6 codes or their CN8 children.
    pub level: Level,
    /// Partners whose drop is the other side of the comparison (ISO alpha-2).
    pub drop_partners: Vec<String>,
    /// Partners whose rise is ranked (ISO alpha-2).
    pub rise_partners: Vec<String>,
    /// EUR added to both sides of the log ratio so that tiny flows do not dominate it.
    pub damping_eur: f64,
    /// How many placebo scales above the placebo median a rise must be to count as
    /// unexplained (2 by default).
    pub noise_z: f64,
}

impl Default for SurgeOptions {
    fn default() -> Self {
        let m = |y, mo| Month::new(y, mo).unwrap_or(Month(0));
        SurgeOptions {
            baseline: (m(2020, 1), m(2021, 12)),
            control: control::INVASION,
            level: Level::Hs6,
            drop_partners: ["RU", "BY"].map(String::from).to_vec(),
            rise_partners: ["AM", "KG", "KZ", "GE", "UZ"].map(String::from).to_vec(),
            damping_eur: 10_000.0,
            noise_z: 2.0,
        }
    }
}

/// One month of a ranked row's series, with the phase it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthPoint {
    /// The month.
    pub month: Month,
    /// EUR, summed over reporters (and CN8 children for an HS6 row).
    pub eur: f64,
    /// `baseline`, `transition`, `after` or `outside`.
    pub phase: &'static str,
}

/// One monthly row of the file behind a ranked row: the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Reporting member state, ISO alpha-2.
    pub reporter: String,
    /// Partner, ISO alpha-2.
    pub partner: String,
    /// The CN8 code.
    pub cn8: String,
    /// The month.
    pub month: Month,
    /// The value in EUR as the file gives it.
    pub value_eur: u64,
    /// The line of the file the row is on.
    pub line: u64,
}

/// A partner's sums for one code: baseline years, level, after window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sums {
    /// Each baseline year's sum over the after window's calendar months.
    pub baseline_years: Vec<(u32, f64)>,
    /// `B`: the larger of the years' mean and the last year.
    pub baseline: f64,
    /// `A`: the after window's sum.
    pub after: f64,
}

/// The drop of a code's exports to one partner (Russia, Belarus).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drop {
    /// Partner, ISO alpha-2.
    pub partner: String,
    /// `B` over the after window's calendar months.
    pub baseline_eur: f64,
    /// `A`: the after window.
    pub after_eur: f64,
    /// `B − A`.
    pub drop_eur: f64,
    /// `(B − A) / B`, when `B > 0`.
    pub drop_share: Option<f64>,
}

/// One ranked (code, partner) row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurgeRow {
    /// Rank by unexplained rise (1 = largest).
    pub rank: usize,
    /// The code: `8542.31` (HS6) or `85423190` (CN8).
    pub code: String,
    /// Its CHPL tier.
    pub tier: ChplTier,
    /// Its description (HS 2022 for a six-digit code, Eurostat's label for CN8).
    pub label: String,
    /// The CN8 codes of the file summed into it (a pre-2022 code mapped through the HS
    /// 2017→2022 concordance is marked `→`).
    pub cn8: Vec<String>,
    /// The partner, ISO alpha-2.
    pub partner: String,
    /// The partner's name.
    pub partner_name: String,
    /// The code's sums for the partner.
    pub sums: Sums,
    /// `G`: the partner's growth in non-CHPL goods over the same months.
    pub partner_growth: f64,
    /// `E = B × G`.
    pub expected_eur: f64,
    /// `A` with its largest month cut to the second largest.
    pub after_trimmed_eur: f64,
    /// `A_trim − E`: the rise beyond the expected value (a point estimate).
    pub excess_eur: f64,
    /// The upper edge of ordinary year-to-year variation around `E`:
    /// `(E + k) · exp(median + z · scale) − k` of the placebo distribution.
    pub noise_ceiling_eur: f64,
    /// `U = A_trim − noise ceiling`: the rise neither the partner's history, nor its other
    /// goods, nor ordinary noise explain. The ranking key; zero or below means explained.
    pub unexplained_eur: f64,
    /// `(A_trim + k) / (E + k)`.
    pub ratio: f64,
    /// After months above `E / n` (a sustained rise is above in most of them).
    pub months_above: usize,
    /// Number of after months.
    pub after_months: usize,
    /// Robust z of the log ratio against the placebo year.
    pub robust_z: f64,
    /// Share of placebo rows with a log ratio at least as high.
    pub placebo_share: f64,
    /// The same code's drop to each drop partner.
    pub drops: Vec<Drop>,
    /// `U` as a share of the code's drop to Russia (first drop partner), when it dropped.
    pub share_of_drop: Option<f64>,
    /// The monthly series (every month of the file).
    pub monthly: Vec<MonthPoint>,
    /// The file's monthly rows behind it.
    pub evidence: Vec<Evidence>,
}

/// A partner's growth in the control basket (non-CHPL CN8 codes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerGrowth {
    /// Partner, ISO alpha-2.
    pub partner: String,
    /// Baseline level `B` of the basket.
    pub baseline_eur: f64,
    /// After-window sum of the basket.
    pub after_eur: f64,
    /// `G = A / B`.
    pub growth: f64,
    /// The placebo year's growth (last baseline year against the one before).
    pub placebo_growth: Option<f64>,
}

/// Per CHPL code: the drop to Russia and Belarus against the rise to the others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeSummary {
    /// The code.
    pub code: String,
    /// Its tier.
    pub tier: ChplTier,
    /// The drops.
    pub drops: Vec<Drop>,
    /// Raw rise `A − B` summed over the rise partners.
    pub rise_eur: f64,
    /// Unexplained rise summed over the rise partners (positive rows only).
    pub unexplained_eur: f64,
}

/// What could not be compared, each counted and named.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Excluded {
    /// Rows of HS4 headings (aggregates of CN8 codes; summing them would count twice).
    pub heading_rows: u64,
    /// CHPL codes with no value in any baseline month (new in HS 2022, no unique predecessor).
    pub no_baseline: Vec<String>,
    /// CN8 codes whose pre-2022 subheading split into several HS 2022 codes (not assigned).
    pub split_codes: Vec<String>,
    /// CN8 codes neither in HS 2022 nor in the concordance.
    pub unknown_codes: Vec<String>,
    /// Series of partners neither dropped nor ranked.
    pub other_partner_series: u64,
}

/// The placebo distribution the robust z is measured against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placebo {
    /// The placebo "after" year and baseline year.
    pub years: (u32, u32),
    /// Number of (code, partner) placebo rows.
    pub n: usize,
    /// Their median log ratio.
    pub median: f64,
    /// 1.4826 × their median absolute deviation.
    pub scale: f64,
}

/// The analysis: every ranked row, the partners' growth, the codes' drops, what was excluded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurgeTable {
    /// The file the store's import came from.
    pub source: String,
    /// Rows of the file read, imported, not usable.
    pub rows_read: u64,
    /// Rows imported.
    pub rows_imported: u64,
    /// Rows not usable (listed in the store with their reasons).
    pub rows_unusable: u64,
    /// `:` cells (not available) in the imported rows.
    pub cells_not_available: u64,
    /// Cells with Eurostat flag letters (`c=12,…`; empty when none).
    pub flags: String,
    /// The level of the ranked codes.
    pub level: Level,
    /// The control date.
    pub control: String,
    /// Baseline first and last month.
    pub baseline: (Month, Month),
    /// Transition months (between baseline and after, not used).
    pub transition: Vec<Month>,
    /// After window first and last month.
    pub after: (Month, Month),
    /// Months without any value in the file.
    pub unpublished: Vec<Month>,
    /// `k` of the log ratio.
    pub damping_eur: f64,
    /// `z` of the noise ceiling.
    pub noise_z: f64,
    /// Each partner's growth in non-CHPL goods.
    pub partner_growth: Vec<PartnerGrowth>,
    /// Every (code, rise partner) row, by unexplained rise, largest first.
    pub rows: Vec<SurgeRow>,
    /// Per code: the drop against the rise.
    pub codes: Vec<CodeSummary>,
    /// What could not be compared.
    pub excluded: Excluded,
    /// The placebo distribution.
    pub placebo: Placebo,
    /// What the figures do and do not say.
    pub caveats: Vec<String>,
}

/// How a CN8 code of the file falls in HS 2022.
enum CodeClass {
    /// A CHPL code (HS 2022), with whether it came through the concordance.
    Chpl(u32, ChplTier, bool),
    /// Not on the CHPL: part of the control basket.
    Other,
    /// A pre-2022 code that split: not assigned.
    Split,
    /// Unknown to HS 2022 and the concordance.
    Unknown,
}

fn classify(classifier: &Classifier, cn8: &str) -> CodeClass {
    let Ok(n) = cn8.parse::<u32>() else {
        return CodeClass::Unknown;
    };
    let hs6 = n / 100;
    let (hs2022, remapped) = if classifier.nomenclature().contains(hs6) {
        (hs6, false)
    } else {
        match classifier.concordance().successors(hs6) {
            Some([one]) => (*one, true),
            Some(s) if s.len() > 1 => {
                // A split matters only if one of the successors is on the CHPL.
                return if s.iter().any(|&h| classifier.chpl().tier(h).is_some()) {
                    CodeClass::Split
                } else {
                    CodeClass::Other
                };
            }
            _ => return CodeClass::Unknown,
        }
    };
    match classifier.chpl().tier(hs2022) {
        Some(t) => CodeClass::Chpl(hs2022, t, remapped),
        None => CodeClass::Other,
    }
}

fn format_hs6(h: u32) -> String {
    format!("{:04}.{:02}", h / 100, h % 100)
}

/// The windows of the analysis over the file's months.
struct Windows {
    first: Month,
    len: usize,
    after: Vec<Month>,
    transition: Vec<Month>,
    years: Vec<u32>,
}

impl Windows {
    fn new(stored: &Stored, opts: &SurgeOptions) -> Result<Windows> {
        let published: Vec<Month> = stored
            .months
            .iter()
            .copied()
            .filter(|m| !stored.unpublished_months.contains(m))
            .collect();
        let (Some(&first), Some(&last_file)) = (stored.months.first(), stored.months.last()) else {
            return Err(ReexportError::Analysis(
                "the import has no month columns".into(),
            ));
        };
        let last = published.last().copied().unwrap_or(first);
        let start = Month::of(opts.control).next();
        let after: Vec<Month> = published.iter().copied().filter(|&m| m >= start).collect();
        if after.is_empty() {
            return Err(ReexportError::Analysis(format!(
                "no published month after the control date {} (the file ends {last})",
                opts.control
            )));
        }
        let (b0, b1) = opts.baseline;
        if b0 < first || b1 >= start || b0 > b1 {
            return Err(ReexportError::Analysis(format!(
                "the baseline {b0}..{b1} must lie within the file ({first}..{last_file}) and before {start}"
            )));
        }
        let transition = published
            .iter()
            .copied()
            .filter(|&m| m > b1 && m < start)
            .collect();
        // Baseline years whose same calendar months all lie in the baseline.
        let years = (b0.year()..=b1.year())
            .filter(|&y| {
                after
                    .iter()
                    .all(|a| Month::new(y, a.month()).is_some_and(|m| m >= b0 && m <= b1))
            })
            .collect::<Vec<_>>();
        if years.is_empty() {
            return Err(ReexportError::Analysis(format!(
                "the baseline {b0}..{b1} holds no whole year of the after window's calendar months"
            )));
        }
        Ok(Windows {
            first,
            len: (last_file.0 - first.0 + 1) as usize,
            after,
            transition,
            years,
        })
    }

    fn index(&self, m: Month) -> Option<usize> {
        m.0.checked_sub(self.first.0)
            .map(|i| i as usize)
            .filter(|&i| i < self.len)
    }

    fn at(&self, series: &[f64], m: Month) -> f64 {
        self.index(m)
            .and_then(|i| series.get(i))
            .copied()
            .unwrap_or(0.0)
    }

    /// Sum of a series over the after window's calendar months in `year`.
    fn year_sum(&self, series: &[f64], year: u32) -> f64 {
        self.after
            .iter()
            .filter_map(|a| Month::new(year, a.month()))
            .map(|m| self.at(series, m))
            .sum()
    }

    fn sums(&self, series: &[f64]) -> Sums {
        let baseline_years: Vec<(u32, f64)> = self
            .years
            .iter()
            .map(|&y| (y, self.year_sum(series, y)))
            .collect();
        let mean =
            baseline_years.iter().map(|&(_, v)| v).sum::<f64>() / baseline_years.len() as f64;
        let last = baseline_years.last().map_or(0.0, |&(_, v)| v);
        Sums {
            baseline: mean.max(last),
            after: self.after.iter().map(|&m| self.at(series, m)).sum(),
            baseline_years,
        }
    }

    /// The after-window values.
    fn after_values(&self, series: &[f64]) -> Vec<f64> {
        self.after.iter().map(|&m| self.at(series, m)).collect()
    }

    /// The placebo pair: (after = last baseline year, baseline = the year before), if the
    /// baseline has two years.
    fn placebo_years(&self) -> Option<(u32, u32)> {
        let n = self.years.len();
        (n >= 2).then(|| (self.years[n - 1], self.years[n - 2]))
    }

    /// The placebo year's values over the after window's calendar months.
    fn year_values(&self, series: &[f64], year: u32) -> Vec<f64> {
        self.after
            .iter()
            .filter_map(|a| Month::new(year, a.month()))
            .map(|m| self.at(series, m))
            .collect()
    }
}

/// The sum with the largest value cut down to the second largest.
fn trimmed_sum(values: &[f64]) -> f64 {
    let sum: f64 = values.iter().sum();
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    match sorted.as_slice() {
        [a, b, ..] => sum - (a - b),
        _ => sum,
    }
}

/// The median (the mean of the middle two for an even count; 0 for none), by selection.
fn median(v: &mut [f64]) -> f64 {
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    let (lower, upper, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
    let upper = *upper;
    if n % 2 == 1 {
        upper
    } else {
        let lower_max = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lower_max + upper) / 2.0
    }
}

fn growth(after: f64, baseline: f64) -> f64 {
    if baseline > 0.0 {
        after / baseline
    } else {
        1.0
    }
}

/// Runs the analysis over a stored import, classifying codes with `classifier` (HS 2022, the
/// CHPL and the HS 2017→2022 concordance: the same tables trade uses).
pub fn analyse(
    stored: &Stored,
    classifier: &Classifier,
    opts: &SurgeOptions,
) -> Result<SurgeTable> {
    let w = Windows::new(stored, opts)?;
    let mut excluded = Excluded::default();
    let wanted: BTreeSet<&str> = opts
        .drop_partners
        .iter()
        .chain(&opts.rise_partners)
        .map(String::as_str)
        .collect();
    // Monthly sums: (unit, partner) for CHPL units; (all-goods unit, partner) for the placebo;
    // partner for the control basket.
    let mut chpl: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    let mut unit_info: BTreeMap<String, (ChplTier, BTreeSet<String>, String)> = BTreeMap::new();
    let mut every: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    let mut basket: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut evidence: BTreeMap<(String, String), Vec<Evidence>> = BTreeMap::new();
    let mut baseline_seen: BTreeSet<String> = BTreeSet::new();
    let (b0, b1) = opts.baseline;
    let mut split = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for s in &stored.series {
        if s.code.len() == 4 {
            excluded.heading_rows += 1;
            continue;
        }
        if !wanted.contains(s.partner.as_str()) {
            excluded.other_partner_series += 1;
            continue;
        }
        let add = |target: &mut Vec<f64>| {
            if target.is_empty() {
                target.resize(w.len, 0.0);
            }
            for &(m, v) in &s.values {
                if let Some(i) = w.index(m) {
                    target[i] += v as f64;
                }
            }
        };
        let class = classify(classifier, &s.code);
        let every_unit = match (&class, opts.level) {
            (CodeClass::Chpl(h, ..), Level::Hs6) => format_hs6(*h),
            (_, Level::Hs6) => s
                .code
                .get(..6)
                .map_or(s.code.clone(), |c| format!("{}.{}", &c[..4], &c[4..])),
            (_, Level::Cn8) => s.code.clone(),
        };
        match class {
            CodeClass::Chpl(h, tier, remapped) => {
                let unit = match opts.level {
                    Level::Hs6 => format_hs6(h),
                    Level::Cn8 => s.code.clone(),
                };
                let label = match opts.level {
                    Level::Hs6 => classifier.description(h).unwrap_or_default().to_string(),
                    Level::Cn8 => stored.products.get(&s.code).cloned().unwrap_or_default(),
                };
                let info = unit_info
                    .entry(unit.clone())
                    .or_insert_with(|| (tier, BTreeSet::new(), label));
                info.1.insert(if remapped {
                    format!("{}→{}", s.code, format_hs6(h))
                } else {
                    s.code.clone()
                });
                if s.values.iter().any(|&(m, _)| m >= b0 && m <= b1) {
                    baseline_seen.insert(unit.clone());
                }
                add(chpl.entry((unit.clone(), s.partner.clone())).or_default());
                let ev = evidence.entry((unit, s.partner.clone())).or_default();
                ev.extend(s.values.iter().map(|&(m, v)| Evidence {
                    reporter: s.reporter.clone(),
                    partner: s.partner.clone(),
                    cn8: s.code.clone(),
                    month: m,
                    value_eur: v,
                    line: s.line,
                }));
            }
            CodeClass::Other => add(basket.entry(s.partner.clone()).or_default()),
            CodeClass::Split => {
                split.insert(s.code.clone());
                continue;
            }
            CodeClass::Unknown => {
                unknown.insert(s.code.clone());
                continue;
            }
        }
        add(every.entry((every_unit, s.partner.clone())).or_default());
    }
    excluded.split_codes = split.into_iter().collect();
    excluded.unknown_codes = unknown.into_iter().collect();
    excluded.no_baseline = unit_info
        .keys()
        .filter(|u| !baseline_seen.contains(*u))
        .cloned()
        .collect();

    // The partners' growth in the control basket, and in the placebo year.
    let placebo_years = w.placebo_years();
    let mut partner_growth = Vec::new();
    let mut g_of: BTreeMap<String, (f64, Option<f64>)> = BTreeMap::new();
    for p in opts.drop_partners.iter().chain(&opts.rise_partners) {
        let empty = Vec::new();
        let series = basket.get(p).unwrap_or(&empty);
        let sums = w.sums(series);
        let g = growth(sums.after, sums.baseline);
        let gp =
            placebo_years.map(|(ya, yb)| growth(w.year_sum(series, ya), w.year_sum(series, yb)));
        g_of.insert(p.clone(), (g, gp));
        partner_growth.push(PartnerGrowth {
            partner: p.clone(),
            baseline_eur: sums.baseline,
            after_eur: sums.after,
            growth: g,
            placebo_growth: gp,
        });
    }

    let k = opts.damping_eur.max(0.0);
    // The placebo distribution: every code of the file (CHPL or not) for the rise partners.
    let mut placebo_lr: Vec<f64> = Vec::new();
    if let Some((ya, yb)) = placebo_years {
        for ((_, p), series) in &every {
            if !opts.rise_partners.contains(p) {
                continue;
            }
            let gp = g_of.get(p).and_then(|g| g.1).unwrap_or(1.0);
            let base = w.year_sum(series, yb);
            let after = w.year_values(series, ya);
            if base <= 0.0 && after.iter().all(|&v| v <= 0.0) {
                continue;
            }
            let a = trimmed_sum(&after);
            placebo_lr.push(((a + k) / (base * gp + k)).ln());
        }
    }
    let mut sorted_lr = placebo_lr.clone();
    let med = median(&mut sorted_lr);
    let mut dev: Vec<f64> = placebo_lr.iter().map(|x| (x - med).abs()).collect();
    let scale = (1.4826 * median(&mut dev)).max(1e-9);
    let placebo = Placebo {
        years: placebo_years.unwrap_or((0, 0)),
        n: placebo_lr.len(),
        median: med,
        scale,
    };

    let drops_of = |unit: &str| -> Vec<Drop> {
        opts.drop_partners
            .iter()
            .map(|p| {
                let empty = Vec::new();
                let series = chpl.get(&(unit.to_string(), p.clone())).unwrap_or(&empty);
                let s = w.sums(series);
                Drop {
                    partner: p.clone(),
                    baseline_eur: s.baseline,
                    after_eur: s.after,
                    drop_eur: s.baseline - s.after,
                    drop_share: (s.baseline > 0.0).then(|| (s.baseline - s.after) / s.baseline),
                }
            })
            .collect()
    };

    let phase = |m: Month| -> &'static str {
        if m >= b0 && m <= b1 {
            "baseline"
        } else if w.after.contains(&m) {
            "after"
        } else if w.transition.contains(&m) {
            "transition"
        } else {
            "outside"
        }
    };

    let mut rows = Vec::new();
    let mut codes = Vec::new();
    for (unit, (tier, cn8, label)) in &unit_info {
        if excluded.no_baseline.contains(unit) {
            continue;
        }
        let drops = drops_of(unit);
        let mut rise = 0.0;
        let mut unexplained_sum = 0.0;
        for p in &opts.rise_partners {
            let empty = Vec::new();
            let key = (unit.clone(), p.clone());
            let series = chpl.get(&key).unwrap_or(&empty);
            let sums = w.sums(series);
            let g = g_of.get(p).map_or(1.0, |g| g.0);
            let expected = sums.baseline * g;
            let after_values = w.after_values(series);
            let a_trim = trimmed_sum(&after_values);
            let excess = a_trim - expected;
            let ceiling = ((expected + k) * (placebo.median + opts.noise_z * placebo.scale).exp()
                - k)
                .max(0.0);
            let unexplained = a_trim - ceiling;
            let ratio = (a_trim + k) / (expected + k);
            let lr = ratio.ln();
            let n = after_values.len();
            let per_month = expected / n as f64;
            let months_above = after_values.iter().filter(|&&v| v > per_month).count();
            let placebo_share = if placebo_lr.is_empty() {
                f64::NAN
            } else {
                placebo_lr.iter().filter(|&&x| x >= lr).count() as f64 / placebo_lr.len() as f64
            };
            rise += sums.after - sums.baseline;
            if unexplained > 0.0 {
                unexplained_sum += unexplained;
            }
            let russia_drop = drops.first().map_or(0.0, |d| d.drop_eur);
            let mut ev = evidence.get(&key).cloned().unwrap_or_default();
            ev.sort_by(|a, b| (a.month, &a.cn8, &a.reporter).cmp(&(b.month, &b.cn8, &b.reporter)));
            rows.push(SurgeRow {
                rank: 0,
                code: unit.clone(),
                tier: *tier,
                label: label.clone(),
                cn8: cn8.iter().cloned().collect(),
                partner: p.clone(),
                partner_name: country::by_code(p).map_or(p.clone(), |c| c.name().to_string()),
                partner_growth: g,
                expected_eur: expected,
                after_trimmed_eur: a_trim,
                excess_eur: excess,
                noise_ceiling_eur: ceiling,
                unexplained_eur: unexplained,
                ratio,
                months_above,
                after_months: n,
                robust_z: (lr - placebo.median) / placebo.scale,
                placebo_share,
                drops: drops.clone(),
                share_of_drop: (russia_drop > 0.0).then(|| unexplained / russia_drop),
                monthly: (0..w.len)
                    .map(|i| {
                        let m = Month(w.first.0 + i as u32);
                        MonthPoint {
                            month: m,
                            eur: series.get(i).copied().unwrap_or(0.0),
                            phase: phase(m),
                        }
                    })
                    .collect(),
                evidence: ev,
                sums,
            });
        }
        codes.push(CodeSummary {
            code: unit.clone(),
            tier: *tier,
            drops,
            rise_eur: rise,
            unexplained_eur: unexplained_sum,
        });
    }
    rows.sort_by(|a, b| {
        b.unexplained_eur
            .total_cmp(&a.unexplained_eur)
            .then_with(|| (&a.code, &a.partner).cmp(&(&b.code, &b.partner)))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    codes.sort_by(|a, b| b.unexplained_eur.total_cmp(&a.unexplained_eur));

    let after = (w.after[0], w.after[w.after.len() - 1]);
    let mut caveats = vec![
        "Values are in EUR as Eurostat publishes them (not deflated, not converted to USD).".to_string(),
        "EU-27 exports only: what the partners bought from the EU, not from China, Türkiye or the UK; a rise is a lead to check, not proof of re-export to Russia.".to_string(),
        "`:` is Eurostat's \"not available\": no trade reported, or withheld as confidential; confidential trade is published only at coarser levels, so sums of CN8 codes can understate the total.".to_string(),
        "The control basket (G) is the file's other CN8 codes, themselves goods named in EU export bans: where those were also diverted, G is high and the unexplained rise is understated.".to_string(),
    ];
    if !stored.unpublished_months.is_empty() {
        caveats.push(format!(
            "Months with no value anywhere in the file are unpublished at extraction and left out: {}.",
            stored.unpublished_months.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    Ok(SurgeTable {
        source: stored.path.clone(),
        rows_read: stored.rows_read,
        rows_imported: stored.rows_imported,
        rows_unusable: stored.rows_unusable,
        cells_not_available: stored.cells_not_available,
        flags: stored.flags.clone(),
        level: opts.level,
        control: opts.control.to_string(),
        baseline: opts.baseline,
        transition: w.transition.clone(),
        after,
        unpublished: stored.unpublished_months.clone(),
        damping_eur: k,
        noise_z: opts.noise_z,
        partner_growth,
        rows,
        codes,
        excluded,
        placebo,
        caveats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_cuts_the_largest_month_to_the_second() {
        assert_eq!(trimmed_sum(&[1.0, 10.0, 3.0]), 1.0 + 3.0 + 3.0);
        assert_eq!(trimmed_sum(&[5.0]), 5.0);
        assert_eq!(trimmed_sum(&[]), 0.0);
        assert_eq!(median(&mut [3.0, 1.0, 2.0, 10.0]), 2.5);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [7.0]), 7.0);
        assert_eq!(median(&mut []), 0.0);
    }
}
