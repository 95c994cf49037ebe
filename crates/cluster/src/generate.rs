//! Generated input for the jobs, the tests and the benchmark, all marked synthetic:
//!
//! - [`generate`]: a seeded scenario (`chokepoint_scenario::generate`) whose customs file is
//!   written as `customs.parquet` by the trade crate's own writer
//!   (`chokepoint_trade::parquet_io::ParquetWriter`, the columns `chokepoint scenario generate
//!   --parquet` writes), and a synthetic lists snapshot `lists.ftm.json` (FtM JSON lines) naming
//!   every `list_every`-th distinct sender, so that the screening job has hits to find;
//! - [`generate_wide`]: the benchmark's input at scale — the records of a base scenario cycled
//!   to any number of rows, each given a sender and a receiver drawn from a pool of as many
//!   distinct parties as asked (the scenario alone has a few thousand), named by the scenario's
//!   own name generator in the style of each party's country.

use chokepoint_model::{write_ftm_line, Entity, Prop, Schema};
use chokepoint_scenario::names::{company_name, inn};
use chokepoint_scenario::Rng;
use chokepoint_trade::parquet_io::{ParquetWriter, WriteOptions};
use chokepoint_trade::CustomsRecord;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Errors of the generator, each naming the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The scenario generator failed.
    #[error("scenario generation into {0} failed: {1}")]
    Scenario(PathBuf, String),
    /// Reading the generated customs file failed.
    #[error("reading {0} failed: {1}")]
    Read(PathBuf, String),
    /// Writing an output file failed.
    #[error("writing {0} failed: {1}")]
    Write(PathBuf, String),
}

/// What [`generate`] wrote.
#[derive(Debug, Clone)]
pub struct Generated {
    /// `customs.parquet`.
    pub customs: PathBuf,
    /// `lists.ftm.json`.
    pub lists: PathBuf,
    /// Customs records written.
    pub rows: usize,
    /// Entities in the lists snapshot.
    pub listed: usize,
}

/// Generates a scenario of `rows` records with `seed` into `out_dir` and writes
/// `customs.parquet` and `lists.ftm.json` beside its CSV files.
pub fn generate(
    seed: u64,
    rows: u64,
    out_dir: &Path,
    list_every: usize,
) -> Result<Generated, GenerateError> {
    chokepoint_scenario::generate(
        seed,
        rows,
        out_dir,
        &chokepoint_scenario::ScenarioOptions::default(),
    )
    .map_err(|e| GenerateError::Scenario(out_dir.to_path_buf(), e.to_string()))?;
    let csv = out_dir.join(chokepoint_scenario::files::CUSTOMS_FILE);
    let customs = out_dir.join("customs.parquet");
    let lists = out_dir.join("lists.ftm.json");
    let mut writer = ParquetWriter::create(&customs, &WriteOptions::default())
        .map_err(|e| GenerateError::Write(customs.clone(), e.to_string()))?;
    let mut senders: HashSet<String> = HashSet::new();
    let mut listed: Vec<Entity> = Vec::new();
    let mut write_err: Option<String> = None;
    chokepoint_trade::for_each_record(
        &csv,
        &chokepoint_trade::ReadOptions::default(),
        &mut |_, _| {},
        &mut |r| {
            if !r.sender_name.trim().is_empty() && senders.insert(r.sender_name.clone()) {
                let n = senders.len();
                if list_every > 0 && n.is_multiple_of(list_every) {
                    listed.push(listed_company(n, &r.sender_name, &r.sender_country));
                }
            }
            if write_err.is_none() {
                if let Err(e) = writer.write(r) {
                    write_err = Some(e.to_string());
                }
            }
            Ok(())
        },
    )
    .map_err(|e| GenerateError::Read(csv.clone(), e.to_string()))?;
    if let Some(e) = write_err {
        return Err(GenerateError::Write(customs, e));
    }
    let written = writer
        .finish()
        .map_err(|e| GenerateError::Write(customs.clone(), e.to_string()))?;
    write_lists(&lists, &listed)?;
    Ok(Generated {
        customs,
        lists,
        rows: written as usize,
        listed: listed.len(),
    })
}

/// A synthetic list entry naming a company of the records.
fn listed_company(n: usize, name: &str, country: &str) -> Entity {
    let mut e = Entity::from_record(Schema::Company, "synthetic-list", &n.to_string(), None);
    e.add(Prop::Name, name);
    if !country.is_empty() {
        e.add(Prop::Country, &country.to_lowercase());
    }
    e
}

fn write_lists(path: &Path, listed: &[Entity]) -> Result<(), GenerateError> {
    let werr = |e: std::io::Error| GenerateError::Write(path.to_path_buf(), e.to_string());
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(werr)?);
    for e in listed {
        writeln!(out, "{}", write_ftm_line(e)).map_err(werr)?;
    }
    out.flush().map_err(werr)
}

/// What [`generate_wide`] wrote.
#[derive(Debug, Clone)]
pub struct GeneratedWide {
    /// `customs.parquet`.
    pub customs: PathBuf,
    /// `lists.ftm.json`.
    pub lists: PathBuf,
    /// Customs records written.
    pub rows: u64,
    /// Distinct senders in the pool.
    pub senders: usize,
    /// Distinct receivers in the pool.
    pub receivers: usize,
    /// Entities in the lists snapshot.
    pub listed: usize,
}

/// Countries of the senders of the wide set, in the proportions drawn: the sender countries the
/// scenario's name generator has a style for.
const SENDER_COUNTRIES: [&str; 5] = ["CN", "HK", "TR", "AE", "DE"];

/// Draws up to `n` distinct company names for a country cycle; stops early when the name
/// generator runs out of new names (`patience` draws in a row give no new one).
fn distinct_names(rng: &mut Rng, n: usize, countries: &[&str]) -> Vec<(String, String)> {
    let mut seen: HashSet<String> = HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    let patience = 10_000;
    let mut misses = 0;
    while out.len() < n && misses < patience {
        let country = countries[out.len() % countries.len()];
        let name = company_name(rng, country);
        if seen.insert(name.clone()) {
            out.push((name, country.to_string()));
            misses = 0;
        } else {
            misses += 1;
        }
    }
    out
}

/// Writes `rows` customs records with about `parties` distinct parties (60 % senders in
/// [`SENDER_COUNTRIES`], 40 % Russian receivers with an INN) into `out_dir/customs.parquet`,
/// and a lists snapshot naming every `list_every`-th sender. The goods, values, dates and
/// routes come from a base scenario of `base_rows` records (seed `seed`), cycled; ids are
/// `W` and the row number. Memory holds the base records and the party pool, not the rows.
pub fn generate_wide(
    seed: u64,
    rows: u64,
    parties: usize,
    base_rows: u64,
    out_dir: &Path,
    list_every: usize,
) -> Result<GeneratedWide, GenerateError> {
    let base_dir = out_dir.join("base");
    chokepoint_scenario::generate(
        seed,
        base_rows,
        &base_dir,
        &chokepoint_scenario::ScenarioOptions::default(),
    )
    .map_err(|e| GenerateError::Scenario(base_dir.clone(), e.to_string()))?;
    let csv = base_dir.join(chokepoint_scenario::files::CUSTOMS_FILE);
    let (base, _) = chokepoint_trade::read_all(&csv, &chokepoint_trade::ReadOptions::default())
        .map_err(|e| GenerateError::Read(csv.clone(), e.to_string()))?;
    if base.is_empty() {
        return Err(GenerateError::Read(csv, "no records".into()));
    }
    let mut rng = Rng::new(seed, 0x77_1de);
    let n_senders = parties * 3 / 5;
    let senders = distinct_names(&mut rng, n_senders, &SENDER_COUNTRIES);
    let receivers: Vec<(String, String)> = distinct_names(&mut rng, parties - n_senders, &["RU"])
        .into_iter()
        .map(|(name, _)| (name, inn(&mut rng)))
        .collect();
    if senders.is_empty() || receivers.is_empty() {
        return Err(GenerateError::Scenario(
            out_dir.to_path_buf(),
            "the name generator gave no names".into(),
        ));
    }
    let customs = out_dir.join("customs.parquet");
    let lists = out_dir.join("lists.ftm.json");
    let werr =
        |e: chokepoint_trade::TradeError| GenerateError::Write(customs.clone(), e.to_string());
    let mut writer = ParquetWriter::create(&customs, &WriteOptions::default()).map_err(werr)?;
    for i in 0..rows {
        let mut r: CustomsRecord = base[(i % base.len() as u64) as usize].clone();
        let (s_name, s_country) = &senders[rng.below(senders.len())];
        let (r_name, r_inn) = &receivers[rng.below(receivers.len())];
        r.id = format!("W{i:010}");
        r.sender_name.clone_from(s_name);
        r.sender_country.clone_from(s_country);
        r.receiver_name.clone_from(r_name);
        r.receiver_inn.clone_from(r_inn);
        r.synthetic = true;
        writer.write(&r).map_err(werr)?;
    }
    let written = writer.finish().map_err(werr)?;
    let listed: Vec<Entity> = senders
        .iter()
        .enumerate()
        .filter(|(i, _)| list_every > 0 && (i + 1).is_multiple_of(list_every))
        .map(|(i, (name, country))| listed_company(i + 1, name, country))
        .collect();
    write_lists(&lists, &listed)?;
    Ok(GeneratedWide {
        customs,
        lists,
        rows: written,
        senders: senders.len(),
        receivers: receivers.len(),
        listed: listed.len(),
    })
}
