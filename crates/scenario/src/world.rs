//! The scenario's world: companies, trade relationships and the planted schemes.

use super::catalog::{self, Product, COVER_CODES};
use super::names;
use super::rng::{Rng, Sampler};
use chokepoint_refdata::date::Date;
use serde::Serialize;

/// A company of the registry.
#[derive(Debug, Clone, Serialize)]
pub struct Company {
    /// Registry id (`C000001`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Country (ISO alpha-2).
    pub country: String,
    /// Russian INN (Russian companies only).
    pub inn: String,
    /// Incorporation date.
    pub incorporated: Date,
    /// Registered address.
    pub address: String,
    /// Director.
    pub director: String,
    /// Phone.
    pub phone: String,
    /// `importer`, `exporter` or `end_user`.
    pub role: &'static str,
    /// Date the company was designated (sanctioned), if it was.
    pub designated: Option<Date>,
}

/// What a relationship's records hide, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Honest trade.
    Legit,
    /// CHPL code declared until `date`, the neighbouring non-CHPL code after.
    Substitution {
        /// The control date of the switch.
        date: Date,
    },
    /// Sensitive goods declared under a benign cover code; the description gives them away.
    Misdeclared,
    /// Sensitive goods under a cover code with a vague description.
    Vague,
    /// Sensitive goods under a cover code described as the cover goods: only value tells.
    BenignDescription,
    /// Honest change of product line: the pair moves from a CHPL item to genuine parts or
    /// simpler goods of the neighbouring code at `date` (noise for the substitution rules).
    LegitSwitch {
        /// The day the pair switched.
        date: Date,
    },
}

/// A trading relationship: one importer, one exporter, one product line, over a period.
#[derive(Debug, Clone)]
pub struct Relationship {
    /// Index of the Russian importer.
    pub importer: usize,
    /// Index of the foreign exporter.
    pub exporter: usize,
    /// The true product.
    pub product: &'static Product,
    /// Cover product for misdeclaration plans.
    pub cover: Option<&'static Product>,
    /// Brand and its headquarters country.
    pub brand: (&'static str, &'static str),
    /// Part numbers of the product line.
    pub parts: Vec<String>,
    /// Price factor of this relationship.
    pub price_factor: f64,
    /// Active period.
    pub start: Date,
    /// Active period end (inclusive).
    pub end: Date,
    /// Origin country of the goods.
    pub origin: String,
    /// Dispatch country when it differs from the exporter's (transshipment).
    pub dispatch: Option<String>,
    /// Trading country when it differs from the exporter's.
    pub trading: Option<String>,
    /// The plan.
    pub plan: Plan,
    /// Scheme labels of this relationship's records: (scheme type, scheme id).
    pub labels: Vec<(&'static str, String)>,
    /// Fixed number of records for scheme relationships (0 = drawn from the Zipf pool).
    pub rows: usize,
}

/// A planted scheme as written to the truth file.
#[derive(Debug, Clone, Serialize)]
pub struct Scheme {
    /// Scheme id.
    pub id: String,
    /// Scheme type: `hs_substitution`, `deceptive_description`, `shell_network`,
    /// `transshipment`, `phoenix`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Variant within the type.
    pub subtype: String,
    /// Companies involved (registry ids).
    pub companies: Vec<String>,
    /// The defence end user the goods are meant for, if any.
    pub end_user: Option<String>,
    /// True HS code of the goods.
    pub true_hs6: Option<u32>,
    /// Declared HS code.
    pub declared_hs6: Option<u32>,
    /// Control date the scheme reacts to.
    pub control_date: Option<Date>,
    /// Free-text explanation.
    pub note: String,
}

/// Everything the emitter needs.
#[derive(Debug, Clone)]
pub struct World {
    /// Registry.
    pub companies: Vec<Company>,
    /// Relationships (legit first, then scheme relationships).
    pub relationships: Vec<Relationship>,
    /// Number of legit relationships at the start of `relationships`.
    pub legit: usize,
    /// Schemes.
    pub schemes: Vec<Scheme>,
    /// Phoenix pairs (old id, new id).
    pub phoenix: Vec<(String, String)>,
    /// Companies (indices into `companies`) that share an address, a director or a phone on
    /// purpose: honest business centres, holdings and serviced offices, shell networks (the
    /// importers, and the Hong Kong traders at one secretarial address) and phoenix pairs.
    /// Any other sharing is by chance of the name and address draws.
    pub groups: Vec<Vec<usize>>,
}

const POST_HUBS: &[(&str, f64)] = &[
    ("CN", 56.0),
    ("HK", 19.0),
    ("TR", 6.0),
    ("AE", 4.0),
    ("KZ", 3.0),
    ("KG", 2.5),
    ("AM", 2.0),
    ("UZ", 1.5),
    ("IN", 2.0),
    ("RS", 1.0),
    ("TH", 1.0),
    ("MY", 1.0),
    ("VN", 1.0),
];
const PRE_SUPPLIERS: &[(&str, f64)] = &[
    ("DE", 20.0),
    ("US", 10.0),
    ("JP", 10.0),
    ("NL", 6.0),
    ("FI", 6.0),
    ("KR", 8.0),
    ("TW", 6.0),
    ("CN", 24.0),
    ("HK", 6.0),
    ("IT", 4.0),
];
const ORDINARY_SUPPLIERS: &[(&str, f64)] = &[
    ("CN", 40.0),
    ("TR", 10.0),
    ("BY", 8.0),
    ("KZ", 5.0),
    ("DE", 6.0),
    ("IT", 5.0),
    ("HK", 4.0),
    ("KR", 5.0),
    ("IN", 5.0),
    ("AE", 3.0),
    ("UZ", 3.0),
    ("VN", 3.0),
    ("JP", 3.0),
];
const COALITION: &[&str] = &[
    "DE", "US", "JP", "NL", "FI", "KR", "IT", "GB", "FR", "CH", "SE",
];
const EAEU_HUBS: &[&str] = &["KG", "KZ", "AM"];

fn pick_weighted(rng: &mut Rng, table: &[(&'static str, f64)]) -> &'static str {
    let w: Vec<f64> = table.iter().map(|t| t.1).collect();
    table[rng.weighted(&w)].0
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap_or_default()
}

fn random_date(rng: &mut Rng, from: Date, to: Date) -> Date {
    Date(from.0 + rng.below((to.0 - from.0).max(0) as usize + 1) as i32)
}

/// Builds the world for `rows` customs records.
pub fn build(rng: &mut Rng, rows: u64, defence_names: &[String]) -> World {
    // Names, addresses, people, phones and INNs come from their own stream, seeded from the
    // world stream's next value without advancing it, so that the world's structure does not
    // depend on how names are drawn.
    let names_rng = Rng::new(rng.clone().next_u64(), NAMES_STREAM);
    let mut w = WorldBuilder {
        rng,
        names: names_rng,
        companies: Vec::new(),
        exporters_by_country: Default::default(),
    };
    let begin = date(2021, 1, 1);
    let end = date(2025, 12, 31);
    let war = chokepoint_refdata::control::INVASION;
    let control = chokepoint_refdata::control::dates();

    // --- legitimate importers and exporters
    let n_imp = (rows / 150).clamp(40, 40_000) as usize;
    let n_exp = (rows / 120).clamp(60, 50_000) as usize;
    let mut importers = Vec::with_capacity(n_imp);
    for _ in 0..n_imp {
        let inc = if w.rng.chance(0.08) {
            random_date(w.rng, date(2022, 3, 1), date(2024, 12, 31))
        } else {
            random_date(w.rng, date(1995, 1, 1), date(2021, 6, 30))
        };
        importers.push(w.company("RU", "importer", inc));
    }
    // Legitimate shared addresses (business centres) and shared directors (holdings).
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in (0..n_imp).step_by(10) {
        let k = 1 + w.rng.below(3);
        let mut centre = vec![importers[i]];
        for j in 1..=k {
            if i + j < n_imp && w.rng.chance(0.5) {
                let a = w.companies[importers[i]].address.clone();
                w.companies[importers[i + j]].address = a;
                centre.push(importers[i + j]);
            }
        }
        if centre.len() > 1 {
            groups.push(centre);
        }
        if i + 1 < n_imp && w.rng.chance(0.3) {
            let d = w.companies[importers[i]].director.clone();
            w.companies[importers[i + 1]].director = d;
            groups.push(vec![importers[i], importers[i + 1]]);
        }
    }
    for _ in 0..n_exp {
        let country = if w.rng.chance(0.5) {
            pick_weighted(w.rng, POST_HUBS)
        } else if w.rng.chance(0.5) {
            pick_weighted(w.rng, PRE_SUPPLIERS)
        } else {
            pick_weighted(w.rng, ORDINARY_SUPPLIERS)
        };
        let inc = random_date(w.rng, date(1990, 1, 1), date(2023, 12, 31));
        w.exporter(country, inc);
    }
    let defence: Vec<usize> = (0..12)
        .map(|i| {
            let name = defence_names
                .get(i)
                .cloned()
                .unwrap_or_else(|| names::defence_name(w.rng));
            let inc = random_date(w.rng, date(1992, 1, 1), date(2005, 1, 1));
            let idx = w.company("RU", "end_user", inc);
            if i < defence_names.len() {
                // A real designated company's name: invent nothing else about it.
                let c = &mut w.companies[idx];
                c.inn.clear();
                c.address.clear();
                c.director.clear();
                c.phone.clear();
            }
            w.companies[idx].name = name;
            idx
        })
        .collect();

    // --- legitimate relationships
    let n_rel = (rows / 30).clamp(200, 400_000) as usize;
    let importer_pick = Sampler::zipf(importers.len(), 0.9);
    let mut rels = Vec::with_capacity(n_rel + 1000);
    for _ in 0..n_rel {
        let importer = importers[importer_pick.sample(w.rng)];
        let sensitive = w.rng.chance(0.25);
        let product = if sensitive {
            w.rng.pick(catalog::sensitive())
        } else {
            w.rng.pick(catalog::ordinary())
        };
        let inc = w.companies[importer].incorporated;
        let (country, start, stop) = if sensitive {
            match w.rng.below(10) {
                0..=3 => (
                    pick_weighted(w.rng, PRE_SUPPLIERS),
                    begin,
                    war.add_days(w.rng.below(90) as i32),
                ),
                4..=5 => (pick_weighted(w.rng, POST_HUBS), begin, end),
                _ => (
                    pick_weighted(w.rng, POST_HUBS),
                    random_date(w.rng, date(2022, 3, 1), date(2024, 6, 30)),
                    end,
                ),
            }
        } else {
            let s = random_date(w.rng, begin, date(2024, 12, 31));
            (
                pick_weighted(w.rng, ORDINARY_SUPPLIERS),
                s,
                random_date(w.rng, s.add_days(180), end),
            )
        };
        let start = start.max(inc);
        if start >= stop {
            continue;
        }
        let exporter = w.exporter_in(country);
        rels.push(w.relationship(importer, exporter, product, start, stop, Plan::Legit));
    }
    // Honest look-alikes of the schemes, so that their rules have something to get wrong:
    // fresh firms sharing a serviced office, and distributors that invoice from Hong Kong
    // while shipping coalition-brand goods from a mainland warehouse.
    let scale0 = (rows as f64 / 100_000.0).max(0.3);
    for _ in 0..((4.0 * scale0).round() as usize).max(1) {
        skip_v1_address(w.rng, "RU");
        let office = names::address(&mut w.names, "RU");
        let mut tenants = Vec::new();
        for _ in 0..3 + w.rng.below(4) {
            let inc = random_date(w.rng, date(2022, 3, 1), date(2024, 12, 31));
            let c = w.company("RU", "importer", inc);
            w.companies[c].address = office.clone();
            tenants.push(c);
            let product = if w.rng.chance(0.4) {
                w.rng.pick(catalog::sensitive())
            } else {
                w.rng.pick(catalog::ordinary())
            };
            let hub = pick_weighted(w.rng, POST_HUBS);
            let exporter = w.exporter_in(hub);
            rels.push(w.relationship(c, exporter, product, inc.add_days(30), end, Plan::Legit));
        }
        groups.push(tenants);
    }
    for _ in 0..((10.0 * scale0).round() as usize).max(1) {
        let product = w.rng.pick(catalog::sensitive());
        let importer = importers[importer_pick.sample(w.rng)];
        let exporter = w.exporter_in("HK");
        let start = random_date(w.rng, date(2022, 3, 1), date(2024, 6, 30))
            .max(w.companies[importer].incorporated);
        let mut r = w.relationship(importer, exporter, product, start, end, Plan::Legit);
        r.origin = COALITION[w.rng.below(COALITION.len())].to_string();
        r.dispatch = Some("CN".into());
        rels.push(r);
    }
    let legit = rels.len();

    // --- planted schemes
    let mut schemes = Vec::new();
    let scale = (rows as f64 / 100_000.0).max(0.3);
    let n = |base: f64| ((base * scale).round() as usize).max(3);
    let substitutable: Vec<&'static Product> = catalog::sensitive()
        .iter()
        .filter(|p| p.neighbour != 0)
        .collect();
    let small_valuable: Vec<&'static Product> = catalog::sensitive()
        .iter()
        .filter(|p| p.price / p.kg >= 250.0)
        .collect();
    let covers: Vec<&'static Product> = COVER_CODES
        .iter()
        .filter_map(|k| catalog::by_key(k))
        .collect();

    // HS substitution: a pair declares the CHPL code, then the neighbouring code after a control date.
    for k in 0..n(40.0) {
        let product = *w.rng.pick(&substitutable);
        let d = control[w.rng.below(control.len())];
        let country = pick_weighted(w.rng, POST_HUBS);
        let start = random_date(w.rng, begin, d.add_days(-200));
        let importer = importers[w.rng.below(importers.len())];
        if w.companies[importer].incorporated > start {
            w.companies[importer].incorporated = start.add_days(-(400 + w.rng.below(3000) as i32));
        }
        let exporter = w.exporter_in(country);
        let mut r = w.relationship(
            importer,
            exporter,
            product,
            start,
            end,
            Plan::Substitution { date: d },
        );
        r.rows = 14 + w.rng.below(30);
        let id = format!("SUB-{k:04}");
        r.labels.push(("hs_substitution", id.clone()));
        let end_user = defence[w.rng.below(defence.len())];
        schemes.push(Scheme {
            id,
            kind: "hs_substitution",
            subtype: "neighbour_code_after_control_date".into(),
            companies: vec![
                w.companies[importer].id.clone(),
                w.companies[exporter].id.clone(),
            ],
            end_user: Some(w.companies[end_user].id.clone()),
            true_hs6: Some(product.hs6),
            declared_hs6: Some(product.neighbour),
            control_date: Some(d),
            note: format!(
                "{} declared as {} from {}",
                product.hs6, product.neighbour, d
            ),
        });
        rels.push(r);
    }

    // Honest product-line changes to the neighbouring code: not a scheme, but what makes the
    // substitution rules earn their precision.
    for _ in 0..n(10.0) {
        let product = *w.rng.pick(&substitutable);
        let country = pick_weighted(w.rng, POST_HUBS);
        let start = random_date(w.rng, begin, date(2023, 6, 30));
        let switch = random_date(w.rng, start.add_days(150), date(2025, 3, 1));
        let importer = importers[w.rng.below(importers.len())];
        let exporter = w.exporter_in(country);
        let mut r = w.relationship(
            importer,
            exporter,
            product,
            start.max(w.companies[importer].incorporated),
            end,
            Plan::LegitSwitch { date: switch },
        );
        r.rows = 10 + w.rng.below(25);
        rels.push(r);
    }

    // Deceptive descriptions: sensitive goods under a benign cover code.
    for (k, plan) in std::iter::repeat_n(Plan::Misdeclared, n(30.0))
        .chain(std::iter::repeat_n(Plan::Vague, n(20.0)))
        .chain(std::iter::repeat_n(Plan::BenignDescription, n(10.0)))
        .enumerate()
    {
        let product = if plan == Plan::Misdeclared {
            w.rng.pick(catalog::sensitive())
        } else {
            *w.rng.pick(&small_valuable)
        };
        let cover = *w.rng.pick(&covers);
        let country = pick_weighted(w.rng, POST_HUBS);
        let start = random_date(w.rng, date(2022, 3, 1), date(2025, 3, 1));
        let importer = if w.rng.chance(0.5) {
            importers[w.rng.below(importers.len())]
        } else {
            let inc = start.add_days(-(30 + w.rng.below(300) as i32));
            w.company("RU", "importer", inc)
        };
        let exporter = w.exporter_in(country);
        let mut r = w.relationship(importer, exporter, product, start, end, plan);
        r.cover = Some(cover);
        r.rows = 5 + w.rng.below(25);
        let id = format!("DEC-{k:04}");
        r.labels.push(("deceptive_description", id.clone()));
        let subtype = match plan {
            Plan::Misdeclared => "misdeclared_code",
            Plan::Vague => "vague_description",
            _ => "benign_description",
        };
        schemes.push(Scheme {
            id,
            kind: "deceptive_description",
            subtype: subtype.into(),
            companies: vec![
                w.companies[importer].id.clone(),
                w.companies[exporter].id.clone(),
            ],
            end_user: Some(w.companies[defence[w.rng.below(defence.len())]].id.clone()),
            true_hs6: Some(product.hs6),
            declared_hs6: Some(cover.hs6),
            control_date: None,
            note: format!(
                "{} ({}) declared as {} ({})",
                product.key, product.hs6, cover.key, cover.hs6
            ),
        });
        rels.push(r);
    }

    // Shell networks: fresh importers at one mass-registration address with shared directors
    // and phones, buying CHPL goods from fresh Hong Kong / UAE traders.
    for k in 0..n(4.0) {
        let id = format!("SHELL-{k:04}");
        skip_v1_address(w.rng, "RU");
        skip(w.rng, 2 * 2 + 2);
        let mass_address = names::address(&mut w.names, "RU");
        let directors: Vec<String> = (0..2).map(|_| names::person(&mut w.names, "RU")).collect();
        let phone = names::phone(&mut w.names, "RU");
        let hk_address = format!(
            "Room {}, {}/F, {} Bonham Strand, Sheung Wan, Hong Kong",
            1 + w.rng.below(30),
            3 + w.rng.below(20),
            100 + w.rng.below(90)
        );
        let mut members = Vec::new();
        let (mut importers_here, mut traders_hk) = (Vec::new(), Vec::new());
        let size = 5 + w.rng.below(6);
        let first = random_date(w.rng, date(2022, 4, 1), date(2024, 6, 30));
        for m in 0..size {
            let inc = first.add_days((m * 20 + w.rng.below(40)) as i32);
            let c = w.company("RU", "importer", inc);
            w.companies[c].address = mass_address.clone();
            w.companies[c].director = directors[m % 2].clone();
            if w.rng.chance(0.6) {
                w.companies[c].phone = phone.clone();
            }
            let hub = if w.rng.chance(0.7) { "HK" } else { "AE" };
            let e_inc = inc.add_days(-(w.rng.below(60) as i32));
            let e = w.company(hub, "exporter", e_inc);
            if hub == "HK" {
                w.companies[e].address = hk_address.clone();
                traders_hk.push(e);
            }
            importers_here.push(c);
            let product = w.rng.pick(catalog::sensitive());
            let mut r = w.relationship(c, e, product, inc.add_days(14), end, Plan::Legit);
            r.rows = 5 + w.rng.below(20);
            r.labels.push(("shell_network", id.clone()));
            rels.push(r);
            members.push(w.companies[c].id.clone());
            members.push(w.companies[e].id.clone());
        }
        groups.push(importers_here);
        if traders_hk.len() > 1 {
            groups.push(traders_hk);
        }
        schemes.push(Scheme {
            id,
            kind: "shell_network",
            subtype: "mass_address_shared_directors".into(),
            companies: members,
            end_user: Some(w.companies[defence[w.rng.below(defence.len())]].id.clone()),
            true_hs6: None,
            declared_hs6: None,
            control_date: None,
            note: format!("mass address {mass_address}"),
        });
    }

    // Transshipment chains: coalition-brand goods re-exported through Central Asian or
    // Caucasus traders, invoiced from Hong Kong or the UAE.
    for k in 0..n(10.0) {
        let id = format!("TRANS-{k:04}");
        let product = w.rng.pick(catalog::sensitive());
        let hub = *w.rng.pick(EAEU_HUBS);
        let trader = if w.rng.chance(0.6) { "HK" } else { "AE" };
        let importer = importers[w.rng.below(importers.len())];
        let exporter = w.exporter_in(hub);
        let start = random_date(w.rng, date(2022, 4, 1), date(2025, 1, 1));
        let mut r = w.relationship(importer, exporter, product, start, end, Plan::Legit);
        r.origin = COALITION[w.rng.below(COALITION.len())].to_string();
        r.trading = Some(trader.to_string());
        r.dispatch = Some(hub.to_string());
        r.rows = 5 + w.rng.below(20);
        r.labels.push(("transshipment", id.clone()));
        schemes.push(Scheme {
            id,
            kind: "transshipment",
            subtype: format!("{}->{trader}->{hub}->RU", r.origin),
            companies: vec![
                w.companies[importer].id.clone(),
                w.companies[exporter].id.clone(),
            ],
            end_user: None,
            true_hs6: Some(product.hs6),
            declared_hs6: Some(product.hs6),
            control_date: None,
            note: "coalition goods via an EAEU hub".into(),
        });
        rels.push(r);
    }

    // Phoenix companies: an importer designated at a date continues as a renamed company.
    let mut phoenix = Vec::new();
    for k in 0..n(5.0) {
        let id = format!("PHX-{k:04}");
        let old = importers[w.rng.below(importers.len())];
        let designated = random_date(w.rng, date(2022, 6, 1), date(2024, 12, 1));
        w.companies[old].designated = Some(designated);
        let new_inc = designated.add_days(10 + w.rng.below(60) as i32);
        let new = w.company("RU", "importer", new_inc);
        // The successor keeps the predecessor's legal form and name inside the quotes, with a
        // suffix: «ООО ТД «Верин»» → «ООО ТД «Верин-М»».
        let (form, core) = phoenix_parts(&w.companies[old].name);
        w.companies[new].name = format!(
            "{form} «{core}{}»",
            w.rng.pick(&["-М", " Плюс", "-Трейд", " Новый"])
        );
        w.companies[new].address = w.companies[old].address.clone();
        if w.rng.chance(0.7) {
            w.companies[new].director = w.companies[old].director.clone();
        } else {
            w.companies[new].phone = w.companies[old].phone.clone();
        }
        let product = w.rng.pick(catalog::sensitive());
        let hub = pick_weighted(w.rng, POST_HUBS);
        let exporter = w.exporter_in(hub);
        let mut before = w.relationship(
            old,
            exporter,
            product,
            date(2021, 1, 1).max(w.companies[old].incorporated),
            designated,
            Plan::Legit,
        );
        before.rows = 5 + w.rng.below(10);
        let mut after = w.relationship(
            new,
            exporter,
            product,
            w.companies[new].incorporated.add_days(7),
            end,
            Plan::Legit,
        );
        after.parts = before.parts.clone();
        after.rows = 5 + w.rng.below(20);
        after.labels.push(("phoenix", id.clone()));
        rels.push(before);
        rels.push(after);
        phoenix.push((w.companies[old].id.clone(), w.companies[new].id.clone()));
        groups.push(vec![old, new]);
        schemes.push(Scheme {
            id,
            kind: "phoenix",
            subtype: "renamed_after_designation".into(),
            companies: vec![w.companies[old].id.clone(), w.companies[new].id.clone()],
            end_user: None,
            true_hs6: Some(product.hs6),
            declared_hs6: Some(product.hs6),
            control_date: Some(designated),
            note: "same address and director or phone".into(),
        });
    }
    let companies = std::mem::take(&mut w.companies);
    World {
        companies,
        relationships: rels,
        legit,
        schemes,
        phoenix,
        groups,
    }
}

/// The stream of a seed that names, addresses, people, phones and INNs are drawn from.
const NAMES_STREAM: u64 = 6;

/// Advances `rng` by `n` draws.
fn skip(rng: &mut Rng, n: usize) {
    for _ in 0..n {
        rng.next_u64();
    }
}

/// Advances the world stream by as many draws as generator version 1 spent on an address of
/// `country` (names now come from their own stream; skipping keeps every seed's world —
/// companies, dates, relationships, schemes — as it was).
fn skip_v1_address(rng: &mut Rng, country: &str) {
    skip(
        rng,
        match country {
            "RU" | "CN" | "HK" => 4,
            "TR" => 2,
            _ => 1,
        },
    );
}

/// As [`skip_v1_address`], for everything version 1 drew for a new company: name, INN
/// (Russian companies), address, director and phone.
fn skip_v1_company(rng: &mut Rng, country: &str) {
    let name = match country {
        "RU" => 2 + rng.below(2) + 1,
        "CN" => 4,
        "HK" => 3,
        _ => 2,
    };
    skip(rng, name);
    if country == "RU" {
        skip(rng, 8);
    }
    skip_v1_address(rng, country);
    skip(rng, 2 + 2);
}

struct WorldBuilder<'r> {
    rng: &'r mut Rng,
    names: Rng,
    companies: Vec<Company>,
    exporters_by_country: std::collections::HashMap<&'static str, Vec<usize>>,
}

impl WorldBuilder<'_> {
    fn company(&mut self, country: &str, role: &'static str, incorporated: Date) -> usize {
        let id = format!("C{:06}", self.companies.len() + 1);
        skip_v1_company(self.rng, country);
        let n = &mut self.names;
        let c = Company {
            id,
            name: names::company_name(n, country),
            country: country.to_string(),
            inn: if country == "RU" {
                names::inn(n)
            } else {
                String::new()
            },
            incorporated,
            address: names::address(n, country),
            director: names::person(n, country),
            phone: names::phone(n, country),
            role,
            designated: None,
        };
        self.companies.push(c);
        self.companies.len() - 1
    }

    fn exporter(&mut self, country: &'static str, inc: Date) -> usize {
        let i = self.company(country, "exporter", inc);
        self.exporters_by_country
            .entry(country)
            .or_default()
            .push(i);
        i
    }

    fn exporter_in(&mut self, country: &'static str) -> usize {
        match self.exporters_by_country.get(country) {
            Some(list) if !list.is_empty() && self.rng.chance(0.9) => {
                list[self.rng.below(list.len())]
            }
            _ => {
                let inc = random_date(self.rng, date(1995, 1, 1), date(2023, 6, 30));
                self.exporter(country, inc)
            }
        }
    }

    fn relationship(
        &mut self,
        importer: usize,
        exporter: usize,
        product: &'static Product,
        start: Date,
        end: Date,
        plan: Plan,
    ) -> Relationship {
        let brand = *self.rng.pick(&product.brands);
        let parts = if product.parts.is_empty() {
            Vec::new()
        } else {
            (0..1 + self.rng.below(3))
                .map(|_| {
                    let pattern = *self.rng.pick(&product.parts);
                    catalog::part_number(self.rng, pattern)
                })
                .collect()
        };
        let exporter_country = self.companies[exporter].country.clone();
        let origin = match brand.1 {
            "" => exporter_country.clone(),
            "US" | "CH" | "NL" | "DE" | "SE" if self.rng.chance(0.6) => {
                self.rng.pick(&["MY", "CN", "PH", "TH", "TW"]).to_string()
            }
            hq => hq.to_string(),
        };
        Relationship {
            importer,
            exporter,
            product,
            cover: None,
            brand,
            parts,
            // Suppliers of the same goods differ in price, within about 3x of the market.
            price_factor: self.rng.lognormal(1.0, product.sigma * 0.8).clamp(0.3, 3.3),
            start,
            end,
            origin,
            dispatch: None,
            trading: None,
            plan,
            labels: Vec::new(),
            rows: 0,
        }
    }
}

/// A Russian company name split into its legal form and the name inside the outer quotes
/// (`АО «Альфа»` → (`АО`, `Альфа`)); `ООО` when the name has no form before its quotes.
fn phoenix_parts(name: &str) -> (String, String) {
    match name.split_once('«') {
        Some((form, rest)) => {
            let form = form.trim();
            let core = rest.trim_end_matches('»').trim();
            (
                if form.is_empty() { "ООО" } else { form }.to_string(),
                core.to_string(),
            )
        }
        None => ("ООО".to_string(), name.trim().to_string()),
    }
}
