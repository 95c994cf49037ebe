//! Recovered weapons for the scenario's components file: components are grouped into
//! individually recovered weapons (one airframe or missile each) with an id, a recovery date
//! and a recovery region, and a realistic number of components for the weapon type.
//!
//! Components of one weapon come from shared supply batches: their shipments to Russia fall in
//! one procurement window before the weapon's assembly (so their date codes cluster), and most
//! of them travelled the same dispatch route as the weapon's first component. That dependence
//! is why attribution's bootstrap must resample whole weapons, not single components.
//!
//! Every component still comes from one real customs record of the scenario (the truth file
//! names it), so the true dispatch and origin of every component remain exact.

use super::rng::Rng;
use crate::error::Result;
use crate::files::{create, io, synthetic_marker, ScenarioSummary, COMPONENTS_FILE};
use chokepoint_refdata::date::Date;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// A weapon type whose recovered items are catalogued.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeaponType {
    /// Name as written in the `weapon` column.
    pub name: &'static str,
    /// Component types found in it (the generator's `Product::component` values).
    pub components: &'static [&'static str],
    /// Fewest catalogued foreign components in one recovered item.
    pub min_components: usize,
    /// Most catalogued foreign components in one recovered item.
    pub max_components: usize,
    /// First use against Ukraine in the full-scale war (year, month, day); no item is
    /// recovered earlier.
    pub first_use: (i32, u32, u32),
    /// Relative frequency among recovered items.
    pub weight: f64,
}

impl WeaponType {
    /// The first-use date.
    pub fn first_use_date(&self) -> Date {
        let (y, m, d) = self.first_use;
        Date::from_ymd(y, m, d).unwrap_or_default()
    }
}

/// The weapon types of the generator, with the component counts of one recovered item:
/// Shahed/Geran tens, Orlan-10 dozens, Lancet a dozen or so, cruise and ballistic missiles many.
pub const WEAPON_TYPES: &[WeaponType] = &[
    WeaponType {
        name: "Shahed-136 / Geran-2",
        components: &[
            "microcontroller",
            "GNSS receiver",
            "DC-DC converter",
            "transistor",
            "capacitor",
            "servo",
            "IMU",
        ],
        min_components: 15,
        max_components: 45,
        first_use: (2022, 9, 13),
        weight: 0.30,
    },
    WeaponType {
        name: "Lancet-3",
        components: &[
            "microcontroller",
            "FPGA/DSP",
            "GNSS receiver",
            "transceiver",
            "IMU",
            "servo",
            "memory",
        ],
        min_components: 8,
        max_components: 16,
        first_use: (2022, 7, 1),
        weight: 0.15,
    },
    WeaponType {
        name: "Orlan-10",
        components: &[
            "microcontroller",
            "GNSS receiver",
            "transceiver",
            "memory",
            "DC-DC converter",
            "servo",
        ],
        min_components: 18,
        max_components: 40,
        first_use: (2022, 3, 1),
        weight: 0.20,
    },
    WeaponType {
        name: "Kh-101",
        components: &[
            "FPGA/DSP",
            "microcontroller",
            "memory",
            "amplifier",
            "DC-DC converter",
            "IMU",
            "bearing",
        ],
        min_components: 30,
        max_components: 70,
        first_use: (2022, 3, 1),
        weight: 0.15,
    },
    WeaponType {
        name: "Iskander-M (9M723)",
        components: &["FPGA/DSP", "amplifier", "transistor", "capacitor", "memory"],
        min_components: 25,
        max_components: 60,
        first_use: (2022, 3, 1),
        weight: 0.10,
    },
    WeaponType {
        name: "Kalibr (3M-14)",
        components: &["microcontroller", "GNSS receiver", "bearing", "amplifier"],
        min_components: 20,
        max_components: 50,
        first_use: (2022, 3, 1),
        weight: 0.10,
    },
];

/// The weapon type of a `weapon` column value.
pub fn weapon_type(name: &str) -> Option<&'static WeaponType> {
    WEAPON_TYPES.iter().find(|w| w.name == name)
}

/// Oblasts where recovered items are catalogued, with relative frequencies.
pub const RECOVERY_REGIONS: &[(&str, f64)] = &[
    ("Kyiv", 0.18),
    ("Kharkiv", 0.20),
    ("Donetsk", 0.14),
    ("Zaporizhzhia", 0.10),
    ("Odesa", 0.10),
    ("Dnipropetrovsk", 0.09),
    ("Mykolaiv", 0.07),
    ("Sumy", 0.05),
    ("Kherson", 0.04),
    ("Chernihiv", 0.03),
];

/// First possible recovery date.
pub const RECOVERY_FROM: (i32, u32, u32) = (2022, 3, 1);
/// Last possible recovery date.
pub const RECOVERY_TO: (i32, u32, u32) = (2025, 12, 31);

/// The columns of `components.csv`: the original ten, then the recovered weapon's.
pub const COMPONENT_COLUMNS: &[&str] = &[
    "id",
    "weapon",
    "componentType",
    "partNumber",
    "manufacturerMarked",
    "brandHqCountry",
    "marking",
    "dateCode",
    "originCountry",
    "synthetic",
    "weaponId",
    "recoveredDate",
    "recoveryRegion",
];

/// The component truth file's name.
pub const TRUTH_COMPONENTS_FILE: &str = "truth_components.csv";

/// Days from the last shipment of a component to the weapon's recovery, at least.
const MIN_LAG: i32 = 21;
/// Length of a weapon's procurement window (days of shipments before assembly).
const WINDOW: i32 = 365;
/// Share of a weapon's components that travelled its main dispatch route (when that route
/// carried the component type in the window).
const SAME_ROUTE: f64 = 0.7;
/// Share of components drawn from scheme shipments (over-represented among recovered parts).
const SCHEME_SHARE: f64 = 0.6;

/// A post-war shipment of a component product kept for the components file.
#[derive(Clone)]
pub(crate) struct Sample {
    pub record_id: String,
    pub pn: String,
    pub brand: &'static str,
    pub hq: &'static str,
    pub origin: String,
    pub dispatch: String,
    pub date: Date,
    pub component: &'static str,
    pub scheme: bool,
}

/// Samples indexed by (scheme, component type) and (scheme, component type, dispatch), each list
/// sorted by shipment date.
struct Index<'s> {
    samples: &'s [Sample],
    by_type: HashMap<(bool, &'s str), Vec<usize>>,
    by_route: HashMap<(bool, &'s str, &'s str), Vec<usize>>,
}

impl<'s> Index<'s> {
    fn new(samples: &'s [Sample]) -> Self {
        let mut order: Vec<usize> = (0..samples.len()).collect();
        order.sort_by_key(|&i| (samples[i].date, i));
        let mut by_type: HashMap<(bool, &str), Vec<usize>> = HashMap::new();
        let mut by_route: HashMap<(bool, &str, &str), Vec<usize>> = HashMap::new();
        for i in order {
            let s = &samples[i];
            by_type.entry((s.scheme, s.component)).or_default().push(i);
            by_route
                .entry((s.scheme, s.component, s.dispatch.as_str()))
                .or_default()
                .push(i);
        }
        Index {
            samples,
            by_type,
            by_route,
        }
    }

    /// The part of a date-sorted list shipped in `from..=to`.
    fn window<'a>(&self, list: &'a [usize], from: Date, to: Date) -> &'a [usize] {
        let lo = list.partition_point(|&i| self.samples[i].date < from);
        let hi = list.partition_point(|&i| self.samples[i].date <= to);
        &list[lo..hi.max(lo)]
    }

    fn of_type(&self, scheme: bool, component: &'s str) -> &[usize] {
        self.by_type
            .get(&(scheme, component))
            .map_or(&[], Vec::as_slice)
    }

    /// The earliest shipment of any of a weapon type's components.
    fn earliest(&self, w: &'static WeaponType) -> Option<Date> {
        w.components
            .iter()
            .flat_map(|c| [true, false].map(|s| self.of_type(s, c).first()))
            .flatten()
            .map(|&i| self.samples[i].date)
            .min()
    }

    /// One component for a weapon assembled at `assembled` whose main route is `route`.
    fn draw(
        &self,
        rng: &mut Rng,
        w: &WeaponType,
        assembled: Date,
        route: Option<&str>,
    ) -> Option<usize> {
        let from = assembled.add_days(-WINDOW);
        let want_scheme = rng.chance(SCHEME_SHARE);
        let component = *rng.pick(w.components);
        let same_route = rng.chance(SAME_ROUTE);
        // Preferred pool first, then the other; the weapon's component type first, then any of
        // its types; the procurement window first, then anything shipped before assembly.
        for scheme in [want_scheme, !want_scheme] {
            if let (true, Some(r)) = (same_route, route) {
                if let Some(list) = self.by_route.get(&(scheme, component, r)) {
                    let hit = self.window(list, from, assembled);
                    if !hit.is_empty() {
                        return Some(*rng.pick(hit));
                    }
                }
            }
            let hit = self.window(self.of_type(scheme, component), from, assembled);
            if !hit.is_empty() {
                return Some(*rng.pick(hit));
            }
        }
        for scheme in [want_scheme, !want_scheme] {
            for c in w.components {
                let hit = self.window(self.of_type(scheme, c), Date(i32::MIN), assembled);
                if !hit.is_empty() {
                    return Some(*rng.pick(hit));
                }
            }
        }
        None
    }
}

/// How many weapons a scenario of `rows` customs records recovers.
pub fn weapon_count(rows: u64) -> usize {
    (rows / 4000).clamp(20, 500) as usize
}

/// A date code `YYWW` of a production date.
fn date_code(produced: Date) -> String {
    let (py, _, _) = produced.ymd();
    let week = 1 + (produced.0 - Date::from_ymd(py, 1, 1).unwrap_or_default().0) / 7;
    format!("{:02}{:02}", py % 100, week.min(52))
}

/// Writes `components.csv` and `truth_components.csv`: [`weapon_count`] recovered weapons,
/// each with its components drawn from the post-war component shipments in `samples`.
/// Returns the number of components and of weapons written.
pub(crate) fn write_components(
    seed: u64,
    dir: &Path,
    samples: &[Sample],
    summary: &mut ScenarioSummary,
) -> Result<(usize, usize)> {
    let mut rng = Rng::new(seed, 4);
    let index = Index::new(samples);
    let from =
        Date::from_ymd(RECOVERY_FROM.0, RECOVERY_FROM.1, RECOVERY_FROM.2).unwrap_or_default();
    let to = Date::from_ymd(RECOVERY_TO.0, RECOVERY_TO.1, RECOVERY_TO.2).unwrap_or_default();
    // Each type's earliest possible recovery: after its first use and after a shipment of one
    // of its components could have been built in.
    let earliest: Vec<Option<Date>> = WEAPON_TYPES
        .iter()
        .map(|w| {
            let e = index.earliest(w)?.add_days(MIN_LAG);
            let e = e.max(w.first_use_date()).max(from);
            (e <= to).then_some(e)
        })
        .collect();
    let weights: Vec<f64> = WEAPON_TYPES
        .iter()
        .zip(&earliest)
        .map(|(w, e)| if e.is_some() { w.weight } else { 0.0 })
        .collect();
    let region_weights: Vec<f64> = RECOVERY_REGIONS.iter().map(|r| r.1).collect();

    let path = dir.join(COMPONENTS_FILE);
    let mut out = create(&path)?;
    writeln!(out, "{}", synthetic_marker(seed)).map_err(io(&path))?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COMPONENT_COLUMNS)?;
    let tpath = dir.join(TRUTH_COMPONENTS_FILE);
    let mut tout = create(&tpath)?;
    writeln!(tout, "{}", synthetic_marker(seed)).map_err(io(&tpath))?;
    let mut t = csv::Writer::from_writer(tout);
    t.write_record([
        "component_id",
        "record_id",
        "synthetic",
        "weapon_id",
        "recovered_date",
        "recovery_region",
    ])?;
    let mut written = 0;
    let mut weapons = 0;
    if weights.iter().any(|&x| x > 0.0) {
        for k in 0..weapon_count(summary.rows) {
            let ti = rng.weighted(&weights);
            let (wt, Some(first)) = (&WEAPON_TYPES[ti], earliest[ti]) else {
                continue;
            };
            let recovered = Date(first.0 + rng.below((to.0 - first.0) as usize + 1) as i32);
            // Assembled some weeks to months before recovery, never before the first part
            // could have arrived.
            let assembled = recovered
                .add_days(-(MIN_LAG + rng.below(150) as i32))
                .max(first.add_days(-MIN_LAG));
            let region = RECOVERY_REGIONS[rng.weighted(&region_weights)].0;
            let weapon_id = format!("W{seed}-{:06}", k + 1);
            let recovered_s = recovered.to_string();
            let count = wt.min_components + rng.below(wt.max_components - wt.min_components + 1);
            // Parts of one batch were made within a few months of each other.
            let batch_lag = 30 + rng.below(240) as i32;
            let mut route: Option<&str> = None;
            let mut any = false;
            for _ in 0..count {
                let Some(si) = index.draw(&mut rng, wt, assembled, route) else {
                    break;
                };
                let s = &samples[si];
                route.get_or_insert(s.dispatch.as_str());
                let produced = s.date.add_days(-(batch_lag + rng.below(60) as i32));
                let code = date_code(produced);
                let marked = if rng.chance(0.1) {
                    "not identified"
                } else {
                    s.brand
                };
                written += 1;
                any = true;
                let id = format!("CMP{seed}-{written:06}");
                w.write_record([
                    id.as_str(),
                    wt.name,
                    s.component,
                    &s.pn,
                    marked,
                    s.hq,
                    &format!("{} {code}", s.pn),
                    &code,
                    &s.origin,
                    "1",
                    &weapon_id,
                    &recovered_s,
                    region,
                ])?;
                t.write_record([
                    id.as_str(),
                    s.record_id.as_str(),
                    "1",
                    &weapon_id,
                    &recovered_s,
                    region,
                ])?;
            }
            weapons += usize::from(any);
        }
    }
    w.flush().map_err(io(&path))?;
    t.flush().map_err(io(&tpath))?;
    summary.files.push(path);
    summary.files.push(tpath);
    Ok((written, weapons))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_dates_are_sane() {
        for w in WEAPON_TYPES {
            assert!(2 <= w.min_components && w.min_components <= w.max_components);
            assert!(w.first_use_date().0 > 0, "{}", w.name);
        }
        assert_eq!(date_code(Date::from_ymd(2023, 1, 1).unwrap()), "2301");
        assert_eq!(date_code(Date::from_ymd(2024, 12, 31).unwrap()), "2452");
        assert_eq!(weapon_count(200_000), 50);
        assert_eq!(weapon_count(1000), 20);
    }
}
