//! The percentile bootstrap for origin shares, resampling clusters (recovered weapons) or single
//! components, with a small seeded generator so every run is reproducible.
//!
//! Why weapons: components of one weapon share a supply batch, so they are not independent
//! draws; resampling components would treat a 20-chip airframe as 20 independent observations
//! and give intervals that are too narrow. Resampling whole weapons (the cluster bootstrap)
//! keeps that dependence. [`Resample::Components`] exists for comparison only.

use serde::{Deserialize, Serialize};

/// A seeded SplitMix64 generator (deterministic, no dependencies).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias (Lemire's method).
    pub fn below(&mut self, n: usize) -> usize {
        let n = n.max(1) as u64;
        loop {
            let m = u128::from(self.next_u64()) * u128::from(n);
            let low = m as u64;
            if low >= n.wrapping_neg() % n {
                return (m >> 64) as usize;
            }
        }
    }

    /// A uniform float in `[0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// FNV-1a of a string, to derive per-group seeds that do not depend on group order.
pub fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What is resampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resample {
    /// Whole recovered weapons (clusters of components): the honest default.
    #[default]
    Weapons,
    /// Single components as if independent (too narrow when weapons cluster; for comparison).
    Components,
}

impl Resample {
    /// The unit in plural, for messages: `weapons` or `components`.
    pub fn as_str(self) -> &'static str {
        match self {
            Resample::Weapons => "weapons",
            Resample::Components => "components",
        }
    }
}

/// The totals of one resampling unit: known weight per country (indexed like the caller's
/// country list) and unknown weight.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unit {
    /// Known weight per country.
    pub known: Vec<f64>,
    /// Weight whose country is unknown.
    pub unknown: f64,
}

/// Percentile intervals of one bootstrap.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Intervals {
    /// `(lo, hi)` of each country's share of the known weight.
    pub shares: Vec<(f64, f64)>,
    /// `(lo, hi)` of the unknown share of all weight.
    pub unknown: (f64, f64),
    /// Replicates with some known weight (the others cannot give shares and are dropped).
    pub replicates_used: usize,
}

/// The `q` quantile of sorted values (linear interpolation between order statistics).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo as f64)
}

/// Percentile-bootstrap intervals at `level` (e.g. 0.95) for the shares over `units`:
/// `replicates` times, draw `units.len()` units with replacement, sum, and take each country's
/// share of the known weight and the unknown share of all weight. With fewer than two units the
/// bounds are NaN (no interval can be estimated).
pub fn percentile_intervals(
    units: &[Unit],
    n_countries: usize,
    replicates: usize,
    level: f64,
    rng: &mut Rng,
) -> Intervals {
    // One unit resamples to itself: a zero-width interval would claim certainty it does not have.
    if units.len() < 2 || replicates == 0 {
        return Intervals {
            shares: vec![(f64::NAN, f64::NAN); n_countries],
            unknown: (f64::NAN, f64::NAN),
            replicates_used: 0,
        };
    }
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(replicates); n_countries];
    let mut unknown_samples = Vec::with_capacity(replicates);
    let mut sum = vec![0.0; n_countries];
    let mut used = 0;
    for _ in 0..replicates {
        sum.iter_mut().for_each(|s| *s = 0.0);
        let mut unknown = 0.0;
        for _ in 0..units.len() {
            let u = &units[rng.below(units.len())];
            for (s, k) in sum.iter_mut().zip(&u.known) {
                *s += k;
            }
            unknown += u.unknown;
        }
        let known: f64 = sum.iter().sum();
        if known + unknown > 0.0 {
            unknown_samples.push(unknown / (known + unknown));
        }
        if known > 0.0 {
            used += 1;
            for (samp, s) in samples.iter_mut().zip(&sum) {
                samp.push(s / known);
            }
        }
    }
    let alpha = (1.0 - level).clamp(0.0, 1.0);
    let interval = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (quantile(v, alpha / 2.0), quantile(v, 1.0 - alpha / 2.0))
    };
    Intervals {
        shares: samples.iter_mut().map(interval).collect(),
        unknown: interval(&mut unknown_samples),
        replicates_used: used,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_in_range() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut counts = [0usize; 3];
        for _ in 0..3000 {
            counts[a.below(3)] += 1;
        }
        assert!(counts.iter().all(|&c| c > 800), "{counts:?}");
        let u = a.uniform();
        assert!((0.0..1.0).contains(&u));
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 5.0);
        assert_eq!(quantile(&v, 0.125), 1.5);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn a_single_unit_gives_no_interval() {
        let units = vec![Unit {
            known: vec![1.0],
            unknown: 0.0,
        }];
        let iv = percentile_intervals(&units, 1, 100, 0.95, &mut Rng::new(1));
        assert!(iv.shares[0].0.is_nan() && iv.shares[0].1.is_nan());
        assert_eq!(iv.replicates_used, 0);
    }

    #[test]
    fn identical_units_give_a_degenerate_interval() {
        let units = vec![
            Unit {
                known: vec![3.0, 1.0],
                unknown: 1.0
            };
            10
        ];
        let iv = percentile_intervals(&units, 2, 200, 0.95, &mut Rng::new(1));
        assert_eq!(iv.shares[0], (0.75, 0.75));
        assert_eq!(iv.unknown, (0.2, 0.2));
        assert_eq!(iv.replicates_used, 200);
    }
}
