//! A seeded generator of SYNTHETIC component records and matching trade rows whose true origin
//! shares are known by construction — the test bed for interval coverage (no real teardown
//! data exists offline).
//!
//! Model, per family `f` with true shares `p_f` for each definition:
//! - each recovered weapon draws its own country mix `q_w ~ Dirichlet(κ · p_f)` per definition
//!   (weapons built from one supply batch look alike: clustering), and a component count
//!   uniform in the family's range;
//! - each component draws its headquarters, manufacture and dispatch countries from `q_w`;
//!   a maker with that headquarters country is picked from a fixed synthetic line-up of real
//!   companies and given a unique part number with the maker's real prefix, marked with the
//!   maker's name (or a brand later merged into it) or left unmarked for the prefix rules;
//! - missingness is completely at random and the same for every country: a component is
//!   "not identified" (no maker, no part number) with probability `unidentified_rate`; the
//!   marking says "Made in …" with probability `made_in_rate`; a shipment to Russia naming the
//!   part exists with probability `trade_rate` (its origin box is the true country of
//!   manufacture). Decoy rows — the same part shipped elsewhere, or to Russia after the
//!   recovery date — must be ignored by the join.
//!
//! So the share over known components estimates `p_f` without bias, and the truth of the `ALL`
//! group is the mix of the families' `p_f` weighted by their expected component counts.
//! Every record and row is marked `synthetic`.

use chokepoint_attribution::catalog::component_type;
use chokepoint_attribution::date::Date;
use chokepoint_attribution::origin::Definition;
use chokepoint_attribution::record::ComponentRecord;
use chokepoint_attribution::trade::TradeRow;
use chokepoint_scenario::Rng;
use serde::Serialize;

/// One family of the scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilySpec {
    /// Family name.
    pub name: String,
    /// Recovered weapons.
    pub weapons: usize,
    /// Components per weapon, inclusive range.
    pub components: (usize, usize),
    /// True headquarters shares (country, share); shares sum to 1.
    pub headquarters: Vec<(String, f64)>,
    /// True manufacture shares.
    pub manufacture: Vec<(String, f64)>,
    /// True dispatch shares.
    pub dispatch: Vec<(String, f64)>,
}

/// Scenario configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SynthConfig {
    /// Seed.
    pub seed: u64,
    /// Families.
    pub families: Vec<FamilySpec>,
    /// Dirichlet concentration κ of the per-weapon country mix (smaller = more clustering).
    pub concentration: f64,
    /// Probability that the maker's name is marked (else only the part number identifies it).
    pub marked_rate: f64,
    /// Probability that a component is not identified at all (no maker, no part number).
    pub unidentified_rate: f64,
    /// Per-headquarters-country overrides of `unidentified_rate` — missingness NOT at random,
    /// for showing the bias it causes (empty by default).
    pub unidentified_by_hq: Vec<(String, f64)>,
    /// Probability that the marking states "Made in …".
    pub made_in_rate: f64,
    /// Probability that a shipment to Russia naming the part exists.
    pub trade_rate: f64,
    /// Probability of a decoy row (the part shipped elsewhere, or after recovery).
    pub decoy_rate: f64,
}

fn shares(list: &[(&str, f64)]) -> Vec<(String, f64)> {
    list.iter().map(|(c, s)| (c.to_string(), *s)).collect()
}

impl Default for SynthConfig {
    /// Four families loosely shaped like published teardown findings (many US brands, Chinese
    /// and Hong Kong dispatch); the shares are illustrative, not estimates of reality.
    fn default() -> Self {
        SynthConfig {
            seed: 1,
            families: vec![
                FamilySpec {
                    name: "Shahed-136/Geran-2".into(),
                    weapons: 40,
                    components: (8, 24),
                    headquarters: shares(&[
                        ("US", 0.50),
                        ("CH", 0.14),
                        ("CN", 0.16),
                        ("JP", 0.08),
                        ("TW", 0.06),
                        ("DE", 0.06),
                    ]),
                    manufacture: shares(&[
                        ("CN", 0.30),
                        ("TW", 0.20),
                        ("MY", 0.16),
                        ("PH", 0.12),
                        ("US", 0.12),
                        ("TH", 0.10),
                    ]),
                    dispatch: shares(&[
                        ("CN", 0.42),
                        ("HK", 0.28),
                        ("TR", 0.12),
                        ("AE", 0.10),
                        ("KZ", 0.08),
                    ]),
                },
                FamilySpec {
                    name: "Lancet".into(),
                    weapons: 30,
                    components: (6, 18),
                    headquarters: shares(&[("US", 0.40), ("CN", 0.30), ("CH", 0.15), ("NL", 0.15)]),
                    manufacture: shares(&[("CN", 0.45), ("TW", 0.25), ("MY", 0.15), ("US", 0.15)]),
                    dispatch: shares(&[("CN", 0.50), ("HK", 0.30), ("AE", 0.20)]),
                },
                FamilySpec {
                    name: "Orlan-10".into(),
                    weapons: 30,
                    components: (6, 18),
                    headquarters: shares(&[("US", 0.45), ("JP", 0.20), ("CN", 0.20), ("KR", 0.15)]),
                    manufacture: shares(&[("CN", 0.40), ("JP", 0.20), ("MY", 0.20), ("KR", 0.20)]),
                    dispatch: shares(&[("HK", 0.45), ("CN", 0.35), ("TR", 0.20)]),
                },
                FamilySpec {
                    name: "Kh-101".into(),
                    weapons: 20,
                    components: (12, 36),
                    headquarters: shares(&[("US", 0.60), ("CH", 0.15), ("DE", 0.15), ("NL", 0.10)]),
                    manufacture: shares(&[
                        ("US", 0.25),
                        ("MY", 0.25),
                        ("PH", 0.20),
                        ("CN", 0.15),
                        ("TW", 0.15),
                    ]),
                    dispatch: shares(&[("HK", 0.40), ("CN", 0.30), ("TR", 0.15), ("AE", 0.15)]),
                },
            ],
            concentration: 20.0,
            marked_rate: 0.6,
            unidentified_rate: 0.12,
            unidentified_by_hq: Vec::new(),
            made_in_rate: 0.5,
            trade_rate: 0.7,
            decoy_rate: 0.1,
        }
    }
}

/// The truth of one group and definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Truth {
    /// Family, or `ALL`.
    pub family: String,
    /// Definition.
    pub definition: Definition,
    /// True shares over known components.
    pub shares: Vec<(String, f64)>,
}

/// A generated scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Component records (all `synthetic`).
    pub records: Vec<ComponentRecord>,
    /// Trade rows (all `synthetic`), including decoys.
    pub trade: Vec<TradeRow>,
    /// True shares per family and for `ALL`, per definition.
    pub truth: Vec<Truth>,
}

/// A maker of the synthetic line-up: names as marked, part prefix, component type.
struct Maker {
    hq: &'static str,
    marked: &'static [&'static str],
    prefix: &'static str,
    kind: &'static str,
}

/// Real companies grouped by today's owner's headquarters; several marked names exercise merger
/// tracking (Xilinx → AMD, Atmel → Microchip, International Rectifier → Infineon, Freescale → NXP).
const MAKERS: &[Maker] = &[
    Maker {
        hq: "US",
        marked: &["TI", "Texas Instruments Inc."],
        prefix: "TPS",
        kind: "power management IC",
    },
    Maker {
        hq: "US",
        marked: &["Analog Devices", "Linear Technology"],
        prefix: "ADM",
        kind: "interface IC",
    },
    Maker {
        hq: "US",
        marked: &["XILINX"],
        prefix: "XC7A",
        kind: "FPGA",
    },
    Maker {
        hq: "US",
        marked: &["Atmel", "Microchip"],
        prefix: "ATMEGA",
        kind: "microcontroller",
    },
    Maker {
        hq: "US",
        marked: &["Micron"],
        prefix: "MT29F",
        kind: "memory",
    },
    Maker {
        hq: "CH",
        marked: &["ST", "STMicroelectronics"],
        prefix: "STM32F",
        kind: "microcontroller",
    },
    Maker {
        hq: "CH",
        marked: &["u-blox"],
        prefix: "NEO-M8N-",
        kind: "GNSS receiver",
    },
    Maker {
        hq: "CN",
        marked: &["GigaDevice"],
        prefix: "GD32F",
        kind: "microcontroller",
    },
    Maker {
        hq: "CN",
        marked: &["Espressif"],
        prefix: "ESP32-",
        kind: "microcontroller",
    },
    Maker {
        hq: "CN",
        marked: &["WCH", "Nanjing Qinheng"],
        prefix: "CH340",
        kind: "interface IC",
    },
    Maker {
        hq: "CN",
        marked: &["SG Micro"],
        prefix: "SGM",
        kind: "power management IC",
    },
    Maker {
        hq: "DE",
        marked: &["International Rectifier", "Infineon"],
        prefix: "IRF",
        kind: "transistor",
    },
    Maker {
        hq: "DE",
        marked: &["Infineon"],
        prefix: "XMC",
        kind: "microcontroller",
    },
    Maker {
        hq: "NL",
        marked: &["NXP", "Freescale"],
        prefix: "LPC",
        kind: "microcontroller",
    },
    Maker {
        hq: "JP",
        marked: &["Murata"],
        prefix: "GRM",
        kind: "ceramic capacitor",
    },
    Maker {
        hq: "JP",
        marked: &["Renesas"],
        prefix: "R5F",
        kind: "microcontroller",
    },
    Maker {
        hq: "TW",
        marked: &["Winbond"],
        prefix: "W25Q",
        kind: "memory",
    },
    Maker {
        hq: "TW",
        marked: &["MediaTek"],
        prefix: "MT33",
        kind: "GNSS receiver",
    },
    Maker {
        hq: "KR",
        marked: &["Samsung"],
        prefix: "K4B",
        kind: "memory",
    },
];

const MADE_IN: &[(&str, &str)] = &[
    ("CN", "CHINA"),
    ("TW", "TAIWAN"),
    ("MY", "MALAYSIA"),
    ("PH", "PHILIPPINES"),
    ("US", "USA"),
    ("TH", "THAILAND"),
    ("JP", "JAPAN"),
    ("KR", "KOREA"),
    ("DE", "GERMANY"),
    ("VN", "VIETNAM"),
];

const EXPORTERS: &[(&str, &[&str])] = &[
    (
        "CN",
        &[
            "Shenzhen Xinhe Electronic Trading Co (synthetic)",
            "Hunan Dayu Components Ltd (synthetic)",
        ],
    ),
    (
        "HK",
        &[
            "Everbright Components HK Ltd (synthetic)",
            "Pacific Star Trading HK (synthetic)",
        ],
    ),
    ("TR", &["Anka Elektronik Dis Ticaret (synthetic)"]),
    ("AE", &["Gulf Bridge General Trading FZE (synthetic)"]),
    ("KZ", &["Steppe Trade Logistics TOO (synthetic)"]),
];

const IMPORTERS: &[&str] = &[
    "OOO Radiokomplekt (synthetic)",
    "OOO Severnyi Potok (synthetic)",
    "AO Elektronsnab (synthetic)",
];

/// The stream of the scenario's `Rng` that attribution's test bed draws from.
const SYNTH_STREAM: u64 = 11;

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len())]
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut Rng) -> f64 {
    let u1 = rng.f64().max(f64::MIN_POSITIVE);
    let u2 = rng.f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 boosted).
fn gamma(rng: &mut Rng, shape: f64) -> f64 {
    if shape < 1.0 {
        let u = rng.f64().max(f64::MIN_POSITIVE);
        return gamma(rng, shape + 1.0) * u.powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let v = (1.0 + c * x).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u = rng.f64();
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

/// A Dirichlet(κ·p) draw.
fn dirichlet(rng: &mut Rng, p: &[(String, f64)], kappa: f64) -> Vec<f64> {
    let g: Vec<f64> = p
        .iter()
        .map(|(_, s)| gamma(rng, (kappa * s).max(1e-3)))
        .collect();
    let total: f64 = g.iter().sum();
    g.iter().map(|x| x / total.max(f64::MIN_POSITIVE)).collect()
}

fn draw<'a>(rng: &mut Rng, p: &'a [(String, f64)], weights: &[f64]) -> &'a str {
    let mut u = rng.f64();
    for ((c, _), w) in p.iter().zip(weights) {
        if u < *w {
            return c;
        }
        u -= w;
    }
    p.last().map_or("", |(c, _)| c.as_str())
}

/// Generates a scenario.
pub fn generate(cfg: &SynthConfig) -> Scenario {
    // The synthetic world's one seeded generator (stream 11: attribution's test bed).
    let mut rng = Rng::new(cfg.seed, SYNTH_STREAM);
    let mut records = Vec::new();
    let mut trade = Vec::new();
    let mut serial = 0u32;
    let start = Date::ymd(2022, 6, 1).map_or(19_144, |d| d.days());
    let span = 3 * 365;
    for fam in &cfg.families {
        let short: String = fam
            .name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        for w in 0..fam.weapons {
            let weapon_id = format!("SYN-{short}-{w:03}");
            let recovered = Date::from_days(start + rng.below(span) as i64);
            let q_hq = dirichlet(&mut rng, &fam.headquarters, cfg.concentration);
            let q_made = dirichlet(&mut rng, &fam.manufacture, cfg.concentration);
            let q_disp = dirichlet(&mut rng, &fam.dispatch, cfg.concentration);
            let (lo, hi) = fam.components;
            let n = lo + rng.below(hi.saturating_sub(lo) + 1);
            for _ in 0..n {
                serial += 1;
                let hq = draw(&mut rng, &fam.headquarters, &q_hq);
                let made = draw(&mut rng, &fam.manufacture, &q_made);
                let disp = draw(&mut rng, &fam.dispatch, &q_disp);
                let candidates: Vec<&Maker> = MAKERS.iter().filter(|m| m.hq == hq).collect();
                let maker = if candidates.is_empty() {
                    None
                } else {
                    Some(candidates[rng.below(candidates.len())])
                };
                let rate = cfg
                    .unidentified_by_hq
                    .iter()
                    .find(|(c, _)| c == hq)
                    .map_or(cfg.unidentified_rate, |(_, r)| *r);
                let identified = rng.f64() >= rate;
                let marked = rng.f64() < cfg.marked_rate;
                let states_made_in = rng.f64() < cfg.made_in_rate;
                let shipped = rng.f64() < cfg.trade_rate;
                let decoy = rng.f64() < cfg.decoy_rate;
                let week = 1 + rng.below(52);
                let date_code = format!("{:02}{week:02}", (recovered.year() - 1).rem_euclid(100));
                let (part, manufacturer, kind) = match maker {
                    Some(m) if identified => {
                        let letters = ["T6", "C8", "AU", "IQ", "BG"];
                        let part = format!("{}{serial:06}{}", m.prefix, pick(&mut rng, &letters));
                        let name = if marked {
                            pick(&mut rng, m.marked).to_string()
                        } else {
                            String::new()
                        };
                        (part, name, m.kind)
                    }
                    _ => (
                        String::new(),
                        "not identified".to_string(),
                        "integrated circuit",
                    ),
                };
                let suffix = *pick(&mut rng, &["", "", "", "/TR", "-REEL7", "#PBF"]);
                let made_name = MADE_IN
                    .iter()
                    .find(|(c, _)| *c == made)
                    .map_or(made, |(_, n)| n);
                let mut marking = if part.is_empty() {
                    format!("scratched {date_code}")
                } else {
                    format!("{part} {date_code}")
                };
                if states_made_in {
                    marking.push_str(&format!(" MADE IN {made_name}"));
                }
                let id = format!("syn-c{serial:06}");
                records.push(ComponentRecord {
                    id: id.clone(),
                    weapon: fam.name.clone(),
                    family: fam.name.clone(),
                    weapon_id: weapon_id.clone(),
                    recovered: Some(recovered),
                    component_type: kind.to_string(),
                    part_number: if part.is_empty() {
                        String::new()
                    } else {
                        format!("{part}{suffix}")
                    },
                    manufacturer,
                    marking,
                    date_code,
                    source: format!("synthetic:seed={}", cfg.seed),
                    quantity: 1,
                    synthetic: true,
                    ..Default::default()
                });
                if part.is_empty() {
                    continue;
                }
                let hs6 = component_type(kind).map(|t| t.hs6);
                let row =
                    |id: String, dispatch: &str, destination: &str, date: Date, rng: &mut Rng| {
                        TradeRow {
                            id,
                            part_number: String::new(),
                            description: format!(
                                "{} {part}",
                                pick(
                                    rng,
                                    &[
                                        "Микросхема интегральная",
                                        "Electronic component",
                                        "电子元器件"
                                    ]
                                )
                            ),
                            hs6,
                            manufacturer: String::new(),
                            origin_country: made.to_string(),
                            dispatch_country: dispatch.to_string(),
                            exporter: EXPORTERS.iter().find(|(c, _)| *c == dispatch).map_or_else(
                                || format!("Exporter {dispatch} (synthetic)"),
                                |(_, e)| pick(rng, e).to_string(),
                            ),
                            exporter_country: dispatch.to_string(),
                            importer: pick(rng, IMPORTERS).to_string(),
                            destination: destination.to_string(),
                            date: Some(date),
                            value_usd: Some((50.0 + 5000.0 * rng.f64()).round()),
                            synthetic: true,
                        }
                    };
                if shipped {
                    let date = Date::from_days(recovered.days() - 30 - rng.below(400) as i64);
                    made_before_shipped(records.last_mut(), date);
                    trade.push(row(format!("syn-t{serial:06}"), disp, "RU", date, &mut rng));
                }
                if decoy {
                    // Same part, wrong destination or shipped after recovery: must not count.
                    let other = if disp == "TR" { "AE" } else { "TR" };
                    let (dest, date) = if rng.f64() < 0.5 {
                        ("DE", Date::from_days(recovered.days() - 60))
                    } else {
                        (
                            "RU",
                            Date::from_days(recovered.days() + 10 + rng.below(200) as i64),
                        )
                    };
                    trade.push(row(
                        format!("syn-d{serial:06}"),
                        other,
                        dest,
                        date,
                        &mut rng,
                    ));
                }
            }
        }
    }
    Scenario {
        records,
        trade,
        truth: truth(cfg),
    }
}

/// The true shares of a configuration: each family's, and `ALL` as the families' mix weighted
/// by expected component counts (missingness is the same everywhere, so it cancels; with
/// `unidentified_by_hq` set it does not, and estimates over known components are biased).
pub fn truth(cfg: &SynthConfig) -> Vec<Truth> {
    let mut out = Vec::new();
    let weight = |f: &FamilySpec| f.weapons as f64 * (f.components.0 + f.components.1) as f64 / 2.0;
    let total: f64 = cfg.families.iter().map(weight).sum();
    for d in Definition::ALL {
        let of = |f: &FamilySpec| -> Vec<(String, f64)> {
            match d {
                Definition::Headquarters => f.headquarters.clone(),
                Definition::Manufacture => f.manufacture.clone(),
                Definition::Dispatch => f.dispatch.clone(),
            }
        };
        let mut all: Vec<(String, f64)> = Vec::new();
        for f in &cfg.families {
            for (c, s) in of(f) {
                let add = s * weight(f) / total.max(f64::MIN_POSITIVE);
                match all.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, v)) => *v += add,
                    None => all.push((c, add)),
                }
            }
            out.push(Truth {
                family: f.name.clone(),
                definition: d,
                shares: of(f),
            });
        }
        out.push(Truth {
            family: "ALL".into(),
            definition: d,
            shares: all,
        });
    }
    out
}

/// A part cannot be shipped before it was made: when the record's date code is later than its
/// shipment, the code (and the marking) become the week two months before the shipment. Draws
/// nothing from the generator, so every other value of a seed stays as it was.
fn made_before_shipped(record: Option<&mut ComponentRecord>, shipped: Date) {
    let Some(r) = record else { return };
    if chokepoint_attribution::origin::made_not_before(r).is_none_or(|m| m.days() <= shipped.days())
    {
        return;
    }
    let made = Date::from_days(shipped.days() - 60);
    let jan1 = Date::ymd(made.year(), 1, 1).map_or(made.days(), |d| d.days());
    let week = (1 + (made.days() - jan1) / 7).min(52);
    let code = format!("{:02}{week:02}", made.year().rem_euclid(100));
    r.marking = r.marking.replacen(&r.date_code, &code, 1);
    r.date_code = code;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_synthetic() {
        let cfg = SynthConfig::default();
        let a = generate(&cfg);
        let b = generate(&cfg);
        assert_eq!(a, b);
        assert!(a.records.iter().all(|r| r.synthetic));
        assert!(a.trade.iter().all(|r| r.synthetic));
        let c = generate(&SynthConfig { seed: 2, ..cfg });
        assert_ne!(a.records, c.records);
    }

    #[test]
    fn truth_sums_to_one() {
        for t in truth(&SynthConfig::default()) {
            let s: f64 = t.shares.iter().map(|(_, v)| v).sum();
            assert!(
                (s - 1.0).abs() < 1e-9,
                "{} {:?}: {s}",
                t.family,
                t.definition
            );
        }
    }

    #[test]
    fn gamma_mean_is_shape() {
        let mut rng = Rng::new(3, SYNTH_STREAM);
        for shape in [0.5, 2.0, 8.0] {
            let n = 20_000;
            let mean: f64 = (0..n).map(|_| gamma(&mut rng, shape)).sum::<f64>() / n as f64;
            assert!(
                (mean - shape).abs() < 0.05 * shape + 0.02,
                "{shape}: {mean}"
            );
        }
    }
}
