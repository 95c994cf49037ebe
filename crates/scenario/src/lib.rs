//! The scenario generator: `generate(seed, rows, out_dir, opts)` writes a synthetic but
//! realistic world for 2021–2025 — customs records, a company registry, components recovered
//! from weapons, the dispatch countries' mirror exports — with planted evasion schemes whose
//! truth goes to separate files (`truth.json`, `truth_records.csv`, `truth_mirror.csv`).
//! Every file is marked synthetic (a `#` header line and a `synthetic` column) and the folder
//! gets a README.txt. The output is a function of the seed alone.

pub mod catalog;
pub mod error;
pub mod files;
pub mod names;
pub mod rng;
pub mod weapons;
pub mod world;

pub use error::{Result, ScenarioError};
use files::{create, io};
pub use files::{
    synthetic_marker, ScenarioSummary, COMPANIES_FILE, COMPONENTS_FILE, CUSTOMS_COLUMNS,
    CUSTOMS_COLUMNS_RU, CUSTOMS_FILE, MIRROR_FILE, TRUTH_FILE, TRUTH_MIRROR_FILE,
    TRUTH_RECORDS_FILE,
};
pub use rng::{Rng, Sampler};

use catalog::Product;
use chokepoint_refdata::date::Date;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use weapons::Sample;
use world::{Plan, Relationship, World};

/// Version of the generator's output: bumped whenever one seed starts to yield different
/// files, so that callers caching generated scenarios on disk (the network benchmark) can
/// key the cache on it. 1: up to 2026-11-29; 2: larger name, address and person stocks.
pub const GENERATOR_VERSION: u32 = 2;

/// Options of the generator.
#[derive(Debug, Clone, Default)]
pub struct ScenarioOptions {
    /// A real list to take defence end-user names from (OFAC legacy `sdn.csv`, or a text file
    /// with one name per line); generated names otherwise. Such names appear only as end users
    /// in the registry and the truth, with no invented INN, address, director or phone.
    pub defence_list: Option<PathBuf>,
    /// Defence end-user names already taken from a list (for example by
    /// [`names::is_defence_entry`] over the entities a list import read): used instead of
    /// reading `defence_list`, so that a run reads the list file once.
    pub defence_names: Option<Vec<String>>,
    /// Write the customs file with Russian column headers (as a Russian dump would have)
    /// instead of the canonical field names.
    pub russian_headers: bool,
}

const MONTH_WEIGHT: [f64; 12] = [
    0.75, 0.85, 1.0, 1.0, 1.0, 0.95, 0.95, 0.95, 1.05, 1.1, 1.15, 1.25,
];

fn year_weight(date: Date) -> f64 {
    let (y, m, _) = date.ymd();
    match (y, m) {
        (2022, 3..=5) => 0.55,
        (2021, _) => 1.0,
        (2022, _) => 0.85,
        (2023, _) => 1.0,
        (2024, _) => 1.1,
        _ => 1.05,
    }
}

fn seasonal_date(rng: &mut Rng, from: Date, to: Date) -> Date {
    let span = (to.0 - from.0).max(0) as usize + 1;
    for _ in 0..64 {
        let d = Date(from.0 + rng.below(span) as i32);
        if rng.f64() * 1.25 * 1.1 < MONTH_WEIGHT[d.month() as usize - 1] * year_weight(d) {
            return d;
        }
    }
    Date(from.0 + rng.below(span) as i32)
}

/// One pending scheme record: the relationship and the window to date it in.
struct Task {
    rel: usize,
    from: Date,
    to: Date,
}

/// Generates a scenario into `out_dir` (created if needed). See the module docs.
pub fn generate(
    seed: u64,
    rows: u64,
    out_dir: &Path,
    opts: &ScenarioOptions,
) -> Result<ScenarioSummary> {
    names::check_pools()?;
    catalog::check()?;
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let defence_names = match (&opts.defence_names, &opts.defence_list) {
        (Some(names), _) => names
            .iter()
            .take(names::DEFENCE_NAMES_MAX)
            .cloned()
            .collect(),
        (None, Some(p)) => names::defence_names_from_list(p, names::DEFENCE_NAMES_MAX)?,
        (None, None) => Vec::new(),
    };
    let mut world_rng = Rng::new(seed, 1);
    let world = world::build(&mut world_rng, rows, &defence_names);
    let mut summary = ScenarioSummary {
        seed,
        companies: world.companies.len(),
        ..Default::default()
    };
    for s in &world.schemes {
        *summary.schemes.entry(s.kind.to_string()).or_default() += 1;
    }
    let subtypes: HashMap<&str, &str> = world
        .schemes
        .iter()
        .map(|s| (s.id.as_str(), s.subtype.as_str()))
        .collect();

    // Scheme tasks.
    let mut rng = Rng::new(seed, 2);
    let mut tasks = Vec::new();
    for (i, r) in world.relationships.iter().enumerate().skip(world.legit) {
        match r.plan {
            Plan::Substitution { date } | Plan::LegitSwitch { date } => {
                let pre = (r.rows * 2 / 5).max(5);
                for k in 0..r.rows {
                    let (from, to) = if k < pre {
                        (r.start, date.add_days(-1))
                    } else {
                        (date, r.end)
                    };
                    tasks.push(Task { rel: i, from, to });
                }
            }
            _ => tasks.extend((0..r.rows).map(|_| Task {
                rel: i,
                from: r.start,
                to: r.end,
            })),
        }
    }
    for i in (1..tasks.len()).rev() {
        let j = rng.below(i + 1);
        tasks.swap(i, j);
    }
    let scheme_rows = tasks.len() as u64;
    let total = rows.max(scheme_rows);
    let legit_pick = rng::Sampler::new((0..world.legit).map(|i| {
        // Zipf-sized relationships: weight by a shuffled rank.
        let rank = 1 + (i * 7919) % world.legit.max(1);
        1.0 / (rank as f64).powf(1.05)
    }));

    let customs_path = out_dir.join(CUSTOMS_FILE);
    let mut out = create(&customs_path)?;
    writeln!(out, "{}", synthetic_marker(seed)).map_err(io(&customs_path))?;
    let mut csv_out = csv::WriterBuilder::new().from_writer(out);
    csv_out.write_record(if opts.russian_headers {
        CUSTOMS_COLUMNS_RU
    } else {
        CUSTOMS_COLUMNS
    })?;
    let truth_path = out_dir.join(TRUTH_RECORDS_FILE);
    let mut truth_out = create(&truth_path)?;
    writeln!(truth_out, "{}", synthetic_marker(seed)).map_err(io(&truth_path))?;
    let mut truth_csv = csv::WriterBuilder::new().from_writer(truth_out);
    truth_csv.write_record([
        "record_id",
        "scheme_type",
        "scheme_id",
        "subtype",
        "true_hs6",
        "declared_hs6",
        "synthetic",
    ])?;

    let mut emitter = Emitter::new(seed, &world);
    let mut next_task = 0usize;
    for n in 0..total {
        let remaining = total - n;
        let tasks_left = (tasks.len() - next_task) as u64;
        let take_scheme = tasks_left > 0
            && (tasks_left >= remaining || rng.below(remaining as usize) < tasks_left as usize);
        let (rel_idx, from, to) = if take_scheme {
            let t = &tasks[next_task];
            next_task += 1;
            (t.rel, t.from, t.to)
        } else {
            let i = legit_pick.sample(&mut rng);
            let r = &world.relationships[i];
            (i, r.start, r.end)
        };
        let rel = &world.relationships[rel_idx];
        let date = seasonal_date(&mut rng, from, to.max(from));
        let emitted = emitter.emit(&mut rng, n, rel, date, &mut csv_out)?;
        for (kind, id) in &rel.labels {
            // Substitution records before the control date are honest declarations.
            if *kind == "hs_substitution" && emitted.declared == rel.product.hs6 {
                continue;
            }
            *summary
                .labelled_records
                .entry(kind.to_string())
                .or_default() += 1;
            truth_csv.write_record([
                emitted.id.as_str(),
                kind,
                id.as_str(),
                subtypes.get(id.as_str()).copied().unwrap_or(""),
                &rel.product.hs6.to_string(),
                &emitted.declared.to_string(),
                "1",
            ])?;
        }
    }
    summary.rows = total;
    csv_out.flush().map_err(io(&customs_path))?;
    truth_csv.flush().map_err(io(&truth_path))?;
    summary.files.push(customs_path);
    summary.files.push(truth_path);

    emitter.write_mirror(seed, out_dir, &mut summary)?;
    (summary.components, summary.weapons) =
        weapons::write_components(seed, out_dir, &emitter.samples, &mut summary)?;
    write_companies(seed, out_dir, &world, &mut summary)?;
    write_truth(seed, out_dir, &world, &summary)?;
    write_readme(seed, out_dir, &mut summary)?;
    Ok(summary)
}

struct Emitted {
    id: String,
    declared: u32,
}

struct Emitter<'w> {
    world: &'w World,
    /// (dispatch country, true hs6, year) → exported value in USD.
    mirror: BTreeMap<(String, u32, i32), f64>,
    /// Same key → value of records whose declared code hides the true one.
    mirror_hidden: HashMap<(String, u32, i32), f64>,
    samples: Vec<Sample>,
    seen: u64,
    serial: u64,
    buf: Vec<String>,
    seed: u64,
}

const POSTS: &[&str] = &[
    "10702070", "10005030", "10013160", "10716050", "10404083", "10228010",
];

impl<'w> Emitter<'w> {
    fn new(seed: u64, world: &'w World) -> Self {
        Emitter {
            world,
            mirror: BTreeMap::new(),
            mirror_hidden: HashMap::new(),
            samples: Vec::new(),
            seen: 0,
            serial: 0,
            buf: vec![String::new(); 29],
            seed,
        }
    }

    fn emit<W: Write>(
        &mut self,
        rng: &mut Rng,
        n: u64,
        rel: &Relationship,
        date: Date,
        out: &mut csv::Writer<W>,
    ) -> Result<Emitted> {
        let p: &Product = rel.product;
        let importer = &self.world.companies[rel.importer];
        let exporter = &self.world.companies[rel.exporter];
        let after_switch = matches!(rel.plan, Plan::Substitution { date: d } | Plan::LegitSwitch { date: d } if date >= d);
        let (declared_product, declared) = match (rel.plan, rel.cover) {
            (Plan::Misdeclared | Plan::Vague | Plan::BenignDescription, Some(c)) => (c, c.hs6),
            _ if after_switch => (p, p.neighbour),
            _ => (p, p.hs6),
        };
        let pn = if rel.parts.is_empty() {
            String::new()
        } else {
            rel.parts[rng.below(rel.parts.len())].clone()
        };
        let lang = rng.below(100);
        let desc = match rel.plan {
            Plan::Vague => match lang {
                0..=74 => rng.pick(catalog::phrases("vague_ru")).to_string(),
                75..=92 => rng.pick(catalog::phrases("vague_en")).to_string(),
                _ => rng.pick(catalog::phrases("vague_zh")).to_string(),
            },
            Plan::BenignDescription => {
                let t = rng.pick(&declared_product.ru);
                catalog::describe(t, "", "")
            }
            Plan::LegitSwitch { .. } if after_switch => {
                catalog::neighbour_description(p.neighbour).to_string()
            }
            // After a switch, many declarations also drop the tell-tale wording.
            Plan::Substitution { .. } if after_switch && rng.chance(0.4) => {
                rng.pick(catalog::phrases("generic_parts")).to_string()
            }
            _ => {
                let t = match lang {
                    0..=74 => rng.pick(&p.ru),
                    75..=92 => rng.pick(&p.en),
                    _ => rng.pick(&p.zh),
                };
                catalog::describe(t, &pn, rel.brand.0)
            }
        };
        // Quantities, weights and values of the true goods.
        let qty = (rng.lognormal(p.lot, 0.8)).round().max(1.0);
        let honest_parts = matches!(rel.plan, Plan::LegitSwitch { .. }) && after_switch;
        let unit_price = rng.lognormal(
            p.price * rel.price_factor * if honest_parts { 0.3 } else { 1.0 },
            0.25,
        );
        let usd = (qty * unit_price * 100.0).round() / 100.0;
        let mut net = (qty * p.kg * rng.lognormal(1.0, 0.1) * 1000.0).round() / 1000.0;
        if rel.plan == Plan::Legit && rng.chance(0.003) {
            net *= if rng.chance(0.5) { 10.0 } else { 0.1 };
        }
        let net = net.max(0.001);
        let gross = (net * (1.05 + rng.f64() * 0.25) * 1000.0).round() / 1000.0;
        let exporter_country = exporter.country.as_str();
        let (currency, rate) = if date.year() >= 2022
            && date >= Date::from_ymd(2022, 3, 1).unwrap_or_default()
            && matches!(exporter_country, "CN" | "HK")
            && rng.chance(0.6)
        {
            ("CNY", 7.0)
        } else if matches!(exporter_country, "DE" | "IT" | "NL" | "FI") {
            ("EUR", 0.92)
        } else {
            ("USD", 1.0)
        };
        let dispatch = rel
            .dispatch
            .clone()
            .unwrap_or_else(|| exporter_country.to_string());
        let trading = rel
            .trading
            .clone()
            .unwrap_or_else(|| exporter_country.to_string());
        self.serial += 1;
        let id = format!("SYN{}-{:09}", self.seed, n + 1);
        let (y, m, d) = date.ymd();
        let ccd = format!(
            "{}/{:02}{:02}{:02}/{:07}",
            POSTS[rng.below(POSTS.len())],
            d,
            m,
            y % 100,
            3_000_000 + self.serial % 7_000_000
        );
        let ved = format!(
            "{declared:06}{}",
            ["0000", "1000", "9000", "9009", "0001"][rng.below(5)]
        );
        let unit = if declared_product.key == p.key {
            p.unit
        } else {
            declared_product.unit
        };
        let manufacturer = if rel.plan == Plan::BenignDescription || rel.plan == Plan::Vague {
            ""
        } else {
            rel.brand.0
        };
        let b = &mut self.buf;
        use std::fmt::Write as _;
        for s in b.iter_mut() {
            s.clear();
        }
        b[0].push_str(&id);
        b[1].push_str(if rng.chance(0.9) {
            "import"
        } else {
            "bill_of_lading"
        });
        b[2].push_str(&ccd);
        let _ = write!(b[3], "{}", 1 + rng.below(4));
        let _ = write!(b[4], "{date}");
        b[5].push_str(&ved);
        b[6].push_str(&desc);
        b[7].push_str(manufacturer);
        b[8].push_str(if manufacturer.is_empty() {
            ""
        } else {
            rel.brand.0
        });
        let _ = write!(b[9], "{qty}");
        b[10].push_str(unit);
        let _ = write!(b[11], "{net}");
        let _ = write!(b[12], "{gross}");
        let _ = write!(b[13], "{:.2}", usd * rate);
        b[14].push_str(currency);
        let _ = write!(b[15], "{usd:.2}");
        b[16].push_str(&importer.name);
        b[17].push_str(&importer.inn);
        b[18].push_str(&importer.address);
        b[19].push_str(&exporter.name);
        b[20].push_str(&exporter.address);
        b[21].push_str(exporter_country);
        b[22].push_str(&rel.origin);
        b[23].push_str(&dispatch);
        b[24].push_str(&trading);
        b[25].push_str("RU");
        b[26].push_str("40");
        b[27].push_str(["FCA", "EXW", "CIF", "DAP", "CPT"][rng.below(5)]);
        b[28].push('1');
        out.write_record(b.iter())?;

        // Post-war component shipments go to a reservoir for the recovered-components file.
        let keep = !p.component.is_empty()
            && !pn.is_empty()
            && date >= Date::from_ymd(2022, 3, 1).unwrap_or_default();
        let sample_dispatch = if keep {
            dispatch.clone()
        } else {
            String::new()
        };
        // Mirror: the dispatch country reports the true goods under their true code.
        let key = (dispatch, p.hs6, y);
        *self.mirror.entry(key.clone()).or_default() += usd;
        if declared != p.hs6 {
            *self.mirror_hidden.entry(key).or_default() += usd;
        }
        if keep {
            self.seen += 1;
            let sample = Sample {
                record_id: id.clone(),
                pn,
                brand: rel.brand.0,
                hq: rel.brand.1,
                origin: rel.origin.clone(),
                dispatch: sample_dispatch,
                date,
                component: p.component,
                scheme: !rel.labels.is_empty(),
            };
            const CAP: usize = 4000;
            if self.samples.len() < CAP {
                self.samples.push(sample);
            } else {
                let j = rng.below(self.seen as usize);
                if j < CAP {
                    self.samples[j] = sample;
                }
            }
        }
        Ok(Emitted { id, declared })
    }

    fn write_mirror(&mut self, seed: u64, dir: &Path, summary: &mut ScenarioSummary) -> Result<()> {
        let mut rng = Rng::new(seed, 3);
        let path = dir.join(MIRROR_FILE);
        let mut out = create(&path)?;
        writeln!(out, "{}", synthetic_marker(seed)).map_err(io(&path))?;
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "reporter",
            "partner",
            "hs6",
            "year",
            "exportValueUsd",
            "synthetic",
        ])?;
        let tpath = dir.join(TRUTH_MIRROR_FILE);
        let mut tout = create(&tpath)?;
        writeln!(tout, "{}", synthetic_marker(seed)).map_err(io(&tpath))?;
        let mut t = csv::Writer::from_writer(tout);
        t.write_record(["reporter", "hs6", "year", "hidden_share", "synthetic"])?;
        for ((country, hs6, year), value) in &self.mirror {
            // FOB vs CIF, timing and rounding: a few percent either way; some cells disagree
            // for ordinary reasons (confidential flows, misallocated partner).
            let mut v = value * rng.lognormal(0.95, 0.08);
            if rng.chance(0.03) {
                v *= if rng.chance(0.5) {
                    0.2 + rng.f64() * 0.3
                } else {
                    2.0 + rng.f64() * 2.0
                };
            }
            w.write_record([
                country.as_str(),
                "RU",
                &format!("{hs6:06}"),
                &year.to_string(),
                &format!("{v:.0}"),
                "1",
            ])?;
            let hidden = self
                .mirror_hidden
                .get(&(country.clone(), *hs6, *year))
                .copied()
                .unwrap_or(0.0);
            if hidden > 0.0 {
                t.write_record([
                    country.as_str(),
                    &format!("{hs6:06}"),
                    &year.to_string(),
                    &format!("{:.3}", hidden / value),
                    "1",
                ])?;
            }
        }
        w.flush().map_err(io(&path))?;
        t.flush().map_err(io(&tpath))?;
        summary.files.push(path);
        summary.files.push(tpath);
        Ok(())
    }
}

fn write_companies(
    seed: u64,
    dir: &Path,
    world: &World,
    summary: &mut ScenarioSummary,
) -> Result<()> {
    let path = dir.join(COMPANIES_FILE);
    let mut out = create(&path)?;
    writeln!(out, "{}", synthetic_marker(seed)).map_err(io(&path))?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "name",
        "country",
        "innCode",
        "incorporationDate",
        "address",
        "director",
        "phone",
        "role",
        "designated",
        "synthetic",
    ])?;
    for c in &world.companies {
        w.write_record([
            c.id.as_str(),
            &c.name,
            &c.country,
            &c.inn,
            &c.incorporated.to_string(),
            &c.address,
            &c.director,
            &c.phone,
            c.role,
            &c.designated.map(|d| d.to_string()).unwrap_or_default(),
            "1",
        ])?;
    }
    w.flush().map_err(io(&path))?;
    summary.files.push(path);
    Ok(())
}

fn write_truth(seed: u64, dir: &Path, world: &World, summary: &ScenarioSummary) -> Result<()> {
    let path = dir.join(TRUTH_FILE);
    let truth = serde_json::json!({
        "synthetic": true,
        "note": synthetic_marker(seed),
        "seed": seed,
        "rows": summary.rows,
        "schemes": world.schemes,
        "phoenix": world.phoenix,
        "labelled_records": summary.labelled_records,
        "files": {
            "records": TRUTH_RECORDS_FILE,
            "mirror_cells": TRUTH_MIRROR_FILE,
            "components": weapons::TRUTH_COMPONENTS_FILE,
        },
    });
    let out = create(&path)?;
    serde_json::to_writer_pretty(out, &truth)?;
    Ok(())
}

fn write_readme(seed: u64, dir: &Path, summary: &mut ScenarioSummary) -> Result<()> {
    let path = dir.join("README.txt");
    let text = format!(
        "SYNTHETIC DATA — generated by `chokepoint scenario generate --seed {seed} --rows {}`.\n\
         Every company, person, address, phone, shipment and component in this folder is invented.\n\
         Nothing here describes a real company or a real shipment, and nothing built from these files\n\
         may be presented as a finding about the real world.\n\n\
         Files (each starts with a `# SYNTHETIC` line and has a `synthetic` column):\n\
         - {CUSTOMS_FILE}: customs records (Russian imports, 2021-2025), FtM EconomicActivity-like columns\n\
         - {COMPANIES_FILE}: company registry (incorporation dates, addresses, directors, phones, designations)\n\
         - {COMPONENTS_FILE}: components recovered from weapons (weapon, type, part number, marking, date code,\n\
           recovered weapon id, recovery date and oblast; components of one weapon share supply batches)\n\
         - {MIRROR_FILE}: the dispatch countries' reported exports to Russia by HS6 and year\n\
         - {TRUTH_FILE}, {TRUTH_RECORDS_FILE}, {TRUTH_MIRROR_FILE}, truth_components.csv: the planted\n\
           schemes. Detectors must never read these; only the evaluation does.\n",
        summary.rows
    );
    std::fs::write(&path, text).map_err(io(&path))?;
    summary.files.push(path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_marked_and_complete() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let sa = generate(11, 3000, a.path(), &ScenarioOptions::default()).unwrap();
        generate(11, 3000, b.path(), &ScenarioOptions::default()).unwrap();
        assert_eq!(sa.rows, 3000);
        for f in [
            CUSTOMS_FILE,
            COMPANIES_FILE,
            COMPONENTS_FILE,
            MIRROR_FILE,
            TRUTH_RECORDS_FILE,
            TRUTH_MIRROR_FILE,
            TRUTH_FILE,
        ] {
            let x = std::fs::read(a.path().join(f)).unwrap();
            let y = std::fs::read(b.path().join(f)).unwrap();
            assert!(x == y, "{f} differs between runs of one seed");
            let text = String::from_utf8(x).unwrap();
            assert!(text.contains("SYNTHETIC"), "{f} not marked synthetic");
        }
        assert!(std::fs::read_to_string(a.path().join("README.txt"))
            .unwrap()
            .starts_with("SYNTHETIC"));
        for kind in [
            "hs_substitution",
            "deceptive_description",
            "shell_network",
            "transshipment",
            "phoenix",
        ] {
            assert!(
                sa.schemes.get(kind).copied().unwrap_or(0) >= 3,
                "{kind}: {:?}",
                sa.schemes
            );
            assert!(
                sa.labelled_records.get(kind).copied().unwrap_or(0) > 0,
                "{kind}: {:?}",
                sa.labelled_records
            );
        }
        let c = tempfile::tempdir().unwrap();
        generate(12, 3000, c.path(), &ScenarioOptions::default()).unwrap();
        assert_ne!(
            std::fs::read(a.path().join(CUSTOMS_FILE)).unwrap(),
            std::fs::read(c.path().join(CUSTOMS_FILE)).unwrap()
        );
    }

    #[test]
    fn customs_file_reads_back_with_both_header_styles() {
        let dir = tempfile::tempdir().unwrap();
        let opts = ScenarioOptions {
            russian_headers: true,
            ..Default::default()
        };
        generate(5, 2000, dir.path(), &opts).unwrap();
        let (recs, stats) =
            chokepoint_trade::read_all(&dir.path().join(CUSTOMS_FILE), &Default::default())
                .unwrap();
        assert_eq!(stats.rows_ok, 2000, "{:?}", stats.errors);
        assert!(
            stats.unmapped_columns.is_empty(),
            "{:?}",
            stats.unmapped_columns
        );
        assert!(recs
            .iter()
            .all(|r| r.synthetic && r.usd_amount.is_some() && !r.receiver_inn.is_empty()));
        let years: std::collections::BTreeSet<i32> = recs.iter().map(|r| r.date.year()).collect();
        assert_eq!(
            years.into_iter().collect::<Vec<_>>(),
            vec![2021, 2022, 2023, 2024, 2025]
        );
    }
}
