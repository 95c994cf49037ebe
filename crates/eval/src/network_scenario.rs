//! A scenario adapter: reads a folder written by the trade crate's scenario generator
//! (`chokepoint_scenario::generate`: `customs.csv`, `companies.csv`, `truth.json`) into
//! a [`Dataset`] with the truth the network evaluation needs, adding what the generator does
//! not write:
//!
//! - **Name variants.** The generator writes every party exactly as the registry names it, so
//!   entity resolution would be trivial. The adapter rewrites a share of the mentions
//!   ([`AdapterOptions::variant_rate`]) the way customs dumps do: transliteration of Cyrillic
//!   (BGN/PCGN), spelled-out or moved legal forms (`Общество с ограниченной
//!   ответственностью «X»`, `X, ООО`, `X LLC`), trade abbreviations (`CO LTD`, `TRDG`,
//!   `ELEC`), case, one-letter typos; it drops some INNs and addresses. The truth (which
//!   registry company each mention is) is kept.
//! - **Domestic deliveries to end users.** The generator names the defence end user of each
//!   scheme in `truth.json` but writes no record linking the importer to it. The adapter plants
//!   three `domestic` records per (scheme importer → end user), dated after the importer's
//!   first scheme import, in the category the importer received — and, so that the end-user
//!   count is not made of schemes only, deliveries from randomly chosen ordinary importers of
//!   sensitive goods. Transshipment schemes get an end user drawn by the seed.
//!
//! Every planted chain is `[exporter, importer, end user]` (registry ids).

use chokepoint_names::{romanize_cyrillic, System};
use chokepoint_network::data::{Dataset, Party, RegistryCompany};
use chokepoint_network::registry::read_companies;
use chokepoint_network::{NetworkError, Result};
use chokepoint_scenario::Rng;
use chokepoint_trade::{ClassifiedRecord, Classifier, CustomsRecord, Date, ReadOptions};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Options of the adapter.
#[derive(Debug, Clone, Copy)]
pub struct AdapterOptions {
    /// Share of party mentions rewritten as a variant.
    pub variant_rate: f64,
    /// Share of receiver INNs dropped.
    pub drop_inn: f64,
    /// Share of addresses dropped.
    pub drop_address: f64,
    /// Ordinary importers that also deliver to an end user, per end user.
    pub legit_deliveries_per_end_user: usize,
}

impl Default for AdapterOptions {
    fn default() -> Self {
        AdapterOptions {
            variant_rate: 0.5,
            drop_inn: 0.1,
            drop_address: 0.15,
            legit_deliveries_per_end_user: 2,
        }
    }
}

/// A planted chain from an exporter through an importer to a defence end user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The scheme id in `truth.json`.
    pub scheme: String,
    /// The scheme type.
    pub kind: String,
    /// Registry ids, upstream first: exporter, importer, end user.
    pub companies: Vec<String>,
}

/// What the evaluation compares against.
#[derive(Debug, Clone, Default)]
pub struct Truth {
    /// The registry index of each party id of the dataset (`None` when unknown or ambiguous).
    pub party_company: Vec<Option<u32>>,
    /// Registry ids of the companies of shell networks (importers and their traders) and of
    /// phoenix successors.
    pub shells: HashSet<String>,
    /// Planted chains.
    pub chains: Vec<Chain>,
    /// Mentions written identically by records of two or more companies (same name, country,
    /// address and INN): their company is unknowable, so their truth is `None`.
    pub ambiguous_mentions: usize,
}

/// A loaded scenario: the dataset and its truth.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The dataset (registry, records with variants, deliveries).
    pub dataset: Dataset,
    /// The truth.
    pub truth: Truth,
}

/// Splits a Russian-style name `ФОРМА «Ядро»` into (form, core).
fn split_quoted(name: &str) -> Option<(&str, String)> {
    let start = name.find('«')?;
    let form = name[..start].trim();
    let core: String = name[start..]
        .chars()
        .filter(|c| *c != '«' && *c != '»')
        .collect();
    Some((form, core.trim().to_string()))
}

fn spelled_form(form: &str) -> &str {
    match form {
        "ООО" => "Общество с ограниченной ответственностью",
        "АО" => "Акционерное общество",
        "ПАО" => "Публичное акционерное общество",
        "ТОО" => "Товарищество с ограниченной ответственностью",
        other => other,
    }
}

fn typo(rng: &mut Rng, s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let letters: Vec<usize> = (1..chars.len().saturating_sub(1))
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    if chars.len() < 8 || letters.is_empty() {
        return s.to_string();
    }
    let i = letters[rng.below(letters.len())];
    let mut out = chars.clone();
    if rng.chance(0.5) {
        out.remove(i);
    } else {
        out.insert(i, chars[i]);
    }
    out.into_iter().collect()
}

/// A variant of a company name as a customs dump might write it.
pub fn name_variant(rng: &mut Rng, name: &str) -> String {
    if let Some((form, core)) = split_quoted(name) {
        let latin_core = romanize_cyrillic(&core, System::Bgn).to_uppercase();
        let latin_form = romanize_cyrillic(form, System::Bgn).to_uppercase();
        return match rng.below(6) {
            0 => format!("{form} \"{}\"", core.to_uppercase()),
            1 => format!("{latin_form} {latin_core}"),
            2 => format!("{} «{core}»", spelled_form(form)),
            3 => format!("{}, {form}", core.to_uppercase()),
            4 => format!("{form} «{}»", typo(rng, &core)),
            _ => format!(
                "{latin_core} {}",
                if form.contains("АО") { "JSC" } else { "LLC" }
            ),
        };
    }
    let upper = name.to_uppercase();
    let subs: &[(&str, &str)] = &[
        ("CO., LTD", "CO LTD"),
        ("CO., LTD", "COMPANY LIMITED"),
        (" LIMITED", " LTD"),
        (" LIMITED", " CO., LIMITED"),
        ("ELECTRONICS", "ELEC"),
        ("TECHNOLOGY", "TECH"),
        ("TRADING", "TRDG"),
        ("INTERNATIONAL", "INTL"),
        ("GENERAL TRADING", "GEN TRADING"),
        ("IMPORT AND EXPORT", "IMP & EXP"),
        (" GMBH", " GMBH."),
        (" INC.", " INC"),
        ("LTD STI", "LIMITED SIRKETI"),
        (" LLC", ", LLC"),
    ];
    let applicable: Vec<&(&str, &str)> = subs.iter().filter(|(a, _)| upper.contains(a)).collect();
    match rng.below(4) {
        0 | 1 if !applicable.is_empty() => {
            let (a, b) = applicable[rng.below(applicable.len())];
            upper.replacen(a, b, 1)
        }
        2 => typo(rng, &upper),
        _ => {
            if name
                .chars()
                .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))
            {
                romanize_cyrillic(name, System::Bgn).to_uppercase()
            } else {
                upper.replace(['.', ','], "")
            }
        }
    }
}

fn stable_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

struct Mentioner<'a> {
    opts: &'a AdapterOptions,
}

impl Mentioner<'_> {
    /// The party for registry company `c` as one record names it.
    fn mention(&self, rng: &mut Rng, c: &RegistryCompany, receiver: bool) -> Party {
        let name = if rng.chance(self.opts.variant_rate) {
            name_variant(rng, &c.name)
        } else {
            c.name.clone()
        };
        let mut p = Party::new(&name, &c.country);
        if !rng.chance(self.opts.drop_address) {
            let a = if rng.chance(0.2) {
                c.address.to_uppercase()
            } else {
                c.address.clone()
            };
            p = p.with_address(&a);
        }
        if receiver && !rng.chance(self.opts.drop_inn) {
            p = p.with_inn(&c.inn);
        }
        p
    }
}

fn record_for(base: &CustomsRecord, sender: &Party, receiver: &Party) -> CustomsRecord {
    let mut r = base.clone();
    r.sender_name = sender.name.clone();
    r.sender_address = sender.address.clone();
    r.sender_country = sender.country.clone();
    r.receiver_name = receiver.name.clone();
    r.receiver_inn = receiver.inn.clone();
    r.receiver_address = receiver.address.clone();
    r.destination_country = receiver.country.clone();
    r
}

/// What the adapter learns about one (exporter, importer) pair while reading records.
#[derive(Debug, Clone)]
struct PairInfo {
    category: String,
    chpl: bool,
    first: Date,
    last: Date,
    origin: String,
    value: f64,
}

/// Reads the scenario's truth file (`truth.json`).
pub fn read_truth(dir: &Path) -> Result<serde_json::Value> {
    let truth_text =
        std::fs::read_to_string(dir.join(chokepoint_scenario::TRUTH_FILE)).map_err(|e| {
            NetworkError::Invalid {
                what: "truth file",
                value: e.to_string(),
            }
        })?;
    Ok(serde_json::from_str(&truth_text)?)
}

/// Loads a scenario folder (see the module documentation), reading its customs file itself.
/// `classifier` gives each record its category and CHPL flag (as `trade import` would store
/// them). For a run that imported the customs file into the store, use [`from_records`].
pub fn load(
    dir: &Path,
    seed: u64,
    classifier: &Classifier,
    opts: &AdapterOptions,
) -> Result<Loaded> {
    let companies = read_companies(&dir.join(chokepoint_scenario::COMPANIES_FILE))?;
    let truth_json = read_truth(dir)?;
    assemble(companies, &truth_json, seed, opts, |sink| {
        chokepoint_trade::read_records(
            &dir.join(chokepoint_scenario::CUSTOMS_FILE),
            &ReadOptions::default(),
            &mut |_, _| {},
            &mut |r: CustomsRecord| {
                let class = classifier.classify(&r.ved_code).ok();
                let category = class.map(|c| c.category.as_str()).unwrap_or("unknown");
                let chpl = class.is_some_and(|c| c.chpl.is_some());
                sink(r, category, chpl)
            },
        )
        .map(|_| ())
    })
}

/// Builds the network's view of a scenario from the customs records that the trade stage
/// stored (in import order, with the classification the import gave them), the registry
/// (`companies.csv` as [`read_companies`] returns it) and the truth file's JSON: the same
/// [`Loaded`] as [`load`] gives for the folder, without reading the customs file again.
pub fn from_records(
    records: &[ClassifiedRecord],
    companies: Vec<RegistryCompany>,
    truth_json: &serde_json::Value,
    seed: u64,
    opts: &AdapterOptions,
) -> Result<Loaded> {
    assemble(companies, truth_json, seed, opts, |sink| {
        for c in records {
            sink(c.record.clone(), c.category_name(), c.is_chpl())?;
        }
        Ok(())
    })
}

/// A receiver of one customs record with its category and CHPL flag.
type Sink<'a> = dyn FnMut(CustomsRecord, &str, bool) -> chokepoint_trade::Result<()> + 'a;

fn assemble(
    companies: Vec<RegistryCompany>,
    truth_json: &serde_json::Value,
    seed: u64,
    opts: &AdapterOptions,
    feed: impl FnOnce(&mut Sink<'_>) -> chokepoint_trade::Result<()>,
) -> Result<Loaded> {
    let mut ds = Dataset::new();
    let m = Mentioner { opts };
    let mut party_company: Vec<Option<u32>> = Vec::new();
    let mut by_id: HashMap<String, u32> = HashMap::new();
    // (name, address) → registry indices, to find the true company of a record's party.
    let mut by_name_addr: HashMap<(String, String), Vec<u32>> = HashMap::new();
    let mut end_users: Vec<u32> = Vec::new();
    let mut reg: Vec<RegistryCompany> = Vec::with_capacity(companies.len());
    for (k, c) in companies.into_iter().enumerate() {
        let k = k as u32;
        by_id.insert(c.id.clone(), k);
        by_name_addr
            .entry((c.name.clone(), c.address.clone()))
            .or_default()
            .push(k);
        if c.defence {
            end_users.push(k);
        }
        let pid = ds.add_registry(c.clone())?;
        set_truth(&mut party_company, pid, k);
        reg.push(c);
    }
    let find = |name: &str, addr: &str, inn: &str| -> Option<u32> {
        let list = by_name_addr.get(&(name.to_string(), addr.to_string()))?;
        list.iter()
            .copied()
            .find(|&k| inn.is_empty() || reg[k as usize].inn == inn)
            .or_else(|| list.first().copied())
    };
    let mut rng = Rng::new(seed, 77);
    let mut pair_info: HashMap<(u32, u32), PairInfo> = HashMap::new();
    let mut importers_sensitive: Vec<u32> = Vec::new();
    let mut sink = |r: CustomsRecord, category: &str, chpl: bool| -> chokepoint_trade::Result<()> {
        let imp = find(&r.receiver_name, &r.receiver_address, &r.receiver_inn);
        let exp = find(&r.sender_name, &r.sender_address, "");
        let mut rng_r = Rng::new(seed ^ stable_hash(&r.id), 5);
        let rec = match (exp, imp) {
            (Some(e), Some(i)) => {
                let sp = m.mention(&mut rng_r, &reg[e as usize], false);
                let rp = m.mention(&mut rng_r, &reg[i as usize], true);
                let slot = pair_info.entry((e, i)).or_insert(PairInfo {
                    category: category.to_string(),
                    chpl,
                    first: r.date,
                    last: r.date,
                    origin: r.origin_country.clone(),
                    value: 0.0,
                });
                slot.first = slot.first.min(r.date);
                slot.last = slot.last.max(r.date);
                slot.value += r.value_usd().unwrap_or(0.0);
                if chpl {
                    importers_sensitive.push(i);
                }
                record_for(&r, &sp, &rp)
            }
            _ => r,
        };
        let s =
            ds.add_record(&rec, category, chpl)
                .map_err(|e| chokepoint_trade::TradeError::Row {
                    file: "adapter".into(),
                    line: 0,
                    field: "party".into(),
                    message: e.to_string(),
                })? as usize;
        if let (Some(e), Some(i)) = (exp, imp) {
            set_truth(&mut party_company, ds.shipments.sender[s], e);
            set_truth(&mut party_company, ds.shipments.receiver[s], i);
        }
        Ok(())
    };
    feed(&mut sink)?;
    // Schemes and chains.
    let mut truth = Truth::default();
    let schemes = truth_json
        .get("schemes")
        .and_then(|s| s.as_array())
        .cloned()
        .unwrap_or_default();
    let mut deliveries: Vec<(u32, u32, u32)> = Vec::new(); // (exporter, importer, end user)
    for s in &schemes {
        let kind = s.get("type").and_then(|v| v.as_str()).unwrap_or("");
        let id = s
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let members: Vec<u32> = s
            .get("companies")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().and_then(|x| by_id.get(x).copied()))
                    .collect()
            })
            .unwrap_or_default();
        if kind == "shell_network" {
            for &k in &members {
                truth.shells.insert(reg[k as usize].id.clone());
            }
        }
        if kind == "phoenix" {
            if let Some(&new) = members.get(1) {
                truth.shells.insert(reg[new as usize].id.clone());
            }
            continue;
        }
        let end_user = match s.get("end_user").and_then(|v| v.as_str()) {
            Some(e) => by_id.get(e).copied(),
            None if !end_users.is_empty() => Some(end_users[rng.below(end_users.len())]),
            None => None,
        };
        let Some(eu) = end_user else { continue };
        // Members come as importer, exporter pairs.
        for pair in members.chunks(2) {
            let [i, e] = pair else { continue };
            if !pair_info.contains_key(&(*e, *i)) {
                continue;
            }
            deliveries.push((*e, *i, eu));
            truth.chains.push(Chain {
                scheme: id.clone(),
                kind: kind.to_string(),
                companies: vec![
                    reg[*e as usize].id.clone(),
                    reg[*i as usize].id.clone(),
                    reg[eu as usize].id.clone(),
                ],
            });
        }
    }
    // Ordinary deliveries.
    importers_sensitive.sort_unstable();
    importers_sensitive.dedup();
    let mut supplier_of: HashMap<u32, u32> = HashMap::new();
    for &(e, i) in pair_info.keys() {
        let slot = supplier_of.entry(i).or_insert(e);
        *slot = (*slot).min(e);
    }
    if !importers_sensitive.is_empty() {
        for &eu in &end_users {
            for _ in 0..opts.legit_deliveries_per_end_user {
                let i = importers_sensitive[rng.below(importers_sensitive.len())];
                if let Some(&e) = supplier_of.get(&i) {
                    deliveries.push((e, i, eu));
                }
            }
        }
    }
    deliveries.sort_unstable();
    deliveries.dedup();
    for (n, &(e, i, eu)) in deliveries.iter().enumerate() {
        let Some(p) = pair_info.get(&(e, i)).cloned() else {
            continue;
        };
        for k in 0..3i32 {
            let span = (p.last.0 - p.first.0).max(1);
            let date = Date(p.first.0 + 10 + span * k / 3 + rng.below(30) as i32);
            let mut rr = Rng::new(seed ^ ((n as u64) << 8) ^ k as u64, 9);
            let sp = m.mention(&mut rr, &reg[i as usize], false);
            let rp = m.mention(&mut rr, &reg[eu as usize], true);
            let base = CustomsRecord {
                id: format!("DLV{seed}-{n:06}-{k}"),
                record_type: "domestic".into(),
                date,
                usd_amount: Some((p.value / 4.0).round()),
                origin_country: p.origin.clone(),
                departure_country: "RU".into(),
                trading_country: "RU".into(),
                synthetic: true,
                ..CustomsRecord::default()
            };
            let rec = record_for(&base, &sp, &rp);
            let s = ds.add_record(&rec, &p.category, p.chpl)? as usize;
            set_truth(&mut party_company, ds.shipments.sender[s], i);
            set_truth(&mut party_company, ds.shipments.receiver[s], eu);
        }
    }
    truth.ambiguous_mentions = party_company
        .iter()
        .filter(|c| **c == Some(AMBIGUOUS))
        .count();
    truth.party_company = party_company
        .into_iter()
        .map(|c| c.filter(|&c| c != AMBIGUOUS))
        .collect();
    truth.party_company.resize(ds.parties.len(), None);
    Ok(Loaded { dataset: ds, truth })
}

/// Marks a mention that records of two different companies write identically.
const AMBIGUOUS: u32 = u32::MAX;

fn set_truth(v: &mut Vec<Option<u32>>, pid: u32, k: u32) {
    if pid == chokepoint_network::data::NO_PARTY {
        return;
    }
    let i = pid as usize;
    if v.len() <= i {
        v.resize(i + 1, None);
    }
    match v[i] {
        None => v[i] = Some(k),
        Some(c) if c != k => v[i] = Some(AMBIGUOUS),
        _ => {}
    }
}
