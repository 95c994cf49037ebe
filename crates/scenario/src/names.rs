//! Generated party data: company names per country, addresses (with mass-registration
//! addresses), directors, phone numbers and valid-looking Russian INNs. All invented.

use super::rng::Rng;
use chokepoint_refdata::{Table, TableError};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The word pools, one row per word: `pool,word` (`data/name_pools.csv`, built in).
const NAME_POOLS: &str = include_str!("../data/name_pools.csv");

/// Parses the word pools: pool name → its words in file order.
fn parse_pools(text: &str, origin: &str) -> Result<HashMap<String, Vec<String>>, TableError> {
    let table = Table::parse(text, origin)?;
    table.require_columns(&["pool", "word"])?;
    let mut pools: HashMap<String, Vec<String>> = HashMap::new();
    for row in table.rows() {
        let pool = row.required("pool")?;
        let word = row.required("word")?;
        pools
            .entry(pool.to_string())
            .or_default()
            .push(word.to_string());
    }
    Ok(pools)
}

/// The built-in pools, parsed once.
fn pools() -> &'static Result<HashMap<String, Vec<String>>, TableError> {
    static POOLS: OnceLock<Result<HashMap<String, Vec<String>>, TableError>> = OnceLock::new();
    POOLS.get_or_init(|| parse_pools(NAME_POOLS, "chokepoint-scenario/data/name_pools.csv"))
}

/// Checks that the built-in word pools parse and that every pool the generator draws from is
/// there and not empty ([`crate::generate`] calls it before drawing anything).
pub fn check_pools() -> crate::error::Result<()> {
    let pools = match pools() {
        Ok(p) => p,
        Err(e) => {
            return Err(crate::error::ScenarioError::Data(e.to_string()));
        }
    };
    for pool in ALL_POOLS {
        if pools.get(pool.name).is_none_or(Vec::is_empty) {
            return Err(crate::error::ScenarioError::Data(format!(
                "chokepoint-scenario/data/name_pools.csv: no words in pool `{}`",
                pool.name
            )));
        }
    }
    Ok(())
}

/// A stock of words: the rows of one pool of `data/name_pools.csv`, in file order.
struct Pool {
    name: &'static str,
}

impl Pool {
    const fn new(name: &'static str) -> Pool {
        Pool { name }
    }

    /// The pool's words. The pools are built into the crate and checked by a test and by
    /// [`check_pools`]; a missing pool here is a bug of the crate, not of its input.
    fn get(&self) -> &'static [String] {
        match pools() {
            Ok(p) => match p.get(self.name) {
                Some(words) if !words.is_empty() => words,
                _ => panic!("built-in word pool `{}` is missing or empty", self.name),
            },
            Err(e) => panic!("built-in word pools: {e}"),
        }
    }

    fn pick(&self, rng: &mut Rng) -> &'static str {
        let words = self.get();
        &words[rng.below(words.len())]
    }

    /// A pick skewed towards the head of the list (the common words come first): the index
    /// is the smaller of two uniform draws with probability `skew`.
    fn pick_skewed(&self, rng: &mut Rng, skew: f64) -> &'static str {
        let words = self.get();
        let a = rng.below(words.len());
        let i = if rng.chance(skew) {
            a.min(rng.below(words.len()))
        } else {
            a
        };
        &words[i]
    }
}

/// Syllables of invented Russian trade names.
static SYL_RU: Pool = Pool::new("syl_ru");
/// Common single-word Russian trade names: real registries hold hundreds of each («Альфа»),
/// told apart by INN and address.
static COMMON_RU: Pool = Pool::new("common_ru");
/// Descriptive stems glued in front of a Russian trade name (Техно-, Пром-, Снаб-, …).
static STEM_RU: Pool = Pool::new("stem_ru");
/// Descriptive endings of a Russian trade name (-трейд, -сервис, -комплект, -инвест, …).
static TAIL_RU: Pool = Pool::new("tail_ru");
/// City and regional adjectives that open a Russian trade name.
static CITY_ADJ_RU: Pool = Pool::new("city_adj_ru");
/// Latin syllables of invented Chinese-style trade names.
static SYL_LAT: Pool = Pool::new("syl_lat");
/// Latin words that open some Hong Kong and UAE trade names.
static WORD_LAT: Pool = Pool::new("word_lat");
/// Turkish syllables of invented trade names.
static SYL_TR: Pool = Pool::new("syl_tr");
/// Russian surnames (masculine forms), the common ones first.
static SURNAME_RU: Pool = Pool::new("surname_ru");
/// Roots of rarer Russian surnames, composed with [`SURNAME_RU_END`] (Берез + ин → Березин).
static SURNAME_RU_ROOT: Pool = Pool::new("surname_ru_root");
/// Endings of composed Russian surnames (masculine).
static SURNAME_RU_END: Pool = Pool::new("surname_ru_end");
/// Male first names with the patronymics they give: (name, patronymic -ich, patronymic -na).
static MALE_RU: Pool = Pool::new("male_ru");
/// Female first names.
static FEMALE_RU: Pool = Pool::new("female_ru");
/// Chinese surnames (pinyin), the common ones first.
static SURNAME_CN: Pool = Pool::new("surname_cn");
/// Syllables of Chinese given names (pinyin).
static GIVEN_CN: Pool = Pool::new("given_cn");
/// Turkish given names and surnames.
static GIVEN_TR: Pool = Pool::new("given_tr");
static SURNAME_TR: Pool = Pool::new("surname_tr");
/// Given names and family names of UAE traders' managers (Arab and South Asian).
static GIVEN_AE: Pool = Pool::new("given_ae");
static SURNAME_AE: Pool = Pool::new("surname_ae");
/// Given names and family names for other countries' managers.
static GIVEN_WEST: Pool = Pool::new("given_west");
static SURNAME_WEST: Pool = Pool::new("surname_west");
/// Syllables of composed surnames for other countries.
static SYL_WEST: Pool = Pool::new("syl_west");
/// Russian cities, the largest first (picked with a skew).
static CITIES_RU: Pool = Pool::new("cities_ru");
/// Russian street names with their type.
static STREETS_RU: Pool = Pool::new("streets_ru");
/// Chinese cities, the trading centres first.
static CITIES_CN: Pool = Pool::new("cities_cn");
/// Chinese road names.
static ROADS_CN: Pool = Pool::new("roads_cn");
/// Hong Kong streets with their districts.
static STREETS_HK: Pool = Pool::new("streets_hk");
/// Turkish neighbourhoods (mahalle) and streets.
static MAHALLE_TR: Pool = Pool::new("mahalle_tr");
static STREETS_TR: Pool = Pool::new("streets_tr");
/// Turkish districts with their city.
static DISTRICTS_TR: Pool = Pool::new("districts_tr");
/// Street words for other countries' addresses.
static STREETS_WORLD: Pool = Pool::new("streets_world");

/// Legal forms of Russian companies (ООО most often).
static LEGAL_FORM_RU: Pool = Pool::new("legal_form_ru");
/// Business words of mainland Chinese company names (… ELECTRONICS CO., LTD).
static COMPANY_KIND_CN: Pool = Pool::new("company_kind_cn");
/// Business words of Hong Kong company names.
static COMPANY_KIND_HK: Pool = Pool::new("company_kind_hk");
/// Business words of UAE company names.
static COMPANY_KIND_AE: Pool = Pool::new("company_kind_ae");
/// Legal forms of UAE companies (free-zone establishments first).
static LEGAL_FORM_AE: Pool = Pool::new("legal_form_ae");
/// Forms of Russian defence end-user names (`{}` is the trade name).
static DEFENCE_KIND_RU: Pool = Pool::new("defence_kind_ru");
/// Towers of Jumeirah Lakes Towers (DMCC) office addresses.
static TOWER_AE: Pool = Pool::new("tower_ae");
/// Dubai streets and districts of mainland office addresses.
static STREET_AE: Pool = Pool::new("street_ae");
/// Other UAE free zones.
static FREE_ZONE_AE: Pool = Pool::new("free_zone_ae");
/// Street kinds of other countries' addresses.
static STREET_KIND_WORLD: Pool = Pool::new("street_kind_world");
/// Endings of invented Turkish surnames.
static SURNAME_END_TR: Pool = Pool::new("surname_end_tr");
/// Endings of invented Western surnames.
static SURNAME_END_WEST: Pool = Pool::new("surname_end_west");

/// Every pool the generator draws from.
static ALL_POOLS: &[&Pool] = &[
    &SYL_RU,
    &COMMON_RU,
    &STEM_RU,
    &TAIL_RU,
    &CITY_ADJ_RU,
    &SYL_LAT,
    &WORD_LAT,
    &SYL_TR,
    &SURNAME_RU,
    &SURNAME_RU_ROOT,
    &SURNAME_RU_END,
    &MALE_RU,
    &FEMALE_RU,
    &SURNAME_CN,
    &GIVEN_CN,
    &GIVEN_TR,
    &SURNAME_TR,
    &GIVEN_AE,
    &SURNAME_AE,
    &GIVEN_WEST,
    &SURNAME_WEST,
    &SYL_WEST,
    &CITIES_RU,
    &STREETS_RU,
    &CITIES_CN,
    &ROADS_CN,
    &STREETS_HK,
    &MAHALLE_TR,
    &STREETS_TR,
    &DISTRICTS_TR,
    &STREETS_WORLD,
    &SYL_RU_V1,
    &LEGAL_FORM_RU,
    &COMPANY_KIND_CN,
    &COMPANY_KIND_HK,
    &COMPANY_KIND_AE,
    &LEGAL_FORM_AE,
    &DEFENCE_KIND_RU,
    &TOWER_AE,
    &STREET_AE,
    &FREE_ZONE_AE,
    &STREET_KIND_WORLD,
    &SURNAME_END_TR,
    &SURNAME_END_WEST,
];

/// A Russian trade name (the part between the quotes): 2–4 syllables or a common word, with
/// optional descriptive stems (Техно-, -трейд), a second part (-сервис) or a city adjective.
fn trade_name_ru(rng: &mut Rng) -> String {
    let mut core = if rng.chance(0.07) {
        COMMON_RU.pick_skewed(rng, 0.5).to_string()
    } else {
        let n = match rng.below(20) {
            0..=4 => 2,
            5..=15 => 3,
            _ => 4,
        };
        let mut w = String::new();
        for _ in 0..n {
            w.push_str(SYL_RU.pick(rng));
        }
        capitalise(&w)
    };
    if rng.chance(0.2) {
        core = format!("{}{}", STEM_RU.pick(rng), core.to_lowercase());
    }
    match rng.below(10) {
        0..=1 => core = format!("{core}-{}", capitalise(TAIL_RU.pick(rng))),
        2 => core.push_str(TAIL_RU.pick(rng)),
        _ => {}
    }
    if rng.chance(0.06) {
        core = format!("{} {core}", CITY_ADJ_RU.pick(rng));
    }
    core
}

/// A Latin trade name of `2..=max` syllables, upper case.
fn trade_name_lat(rng: &mut Rng, syl: &Pool, max: usize) -> String {
    let n = if max > 2 && rng.chance(0.25) { 3 } else { 2 };
    let mut w = String::new();
    for _ in 0..n.min(max) {
        w.push_str(syl.pick(rng));
    }
    w.to_uppercase()
}

/// A company name in the style of its country.
pub fn company_name(rng: &mut Rng, country: &str) -> String {
    match country {
        "RU" => {
            let core = trade_name_ru(rng);
            let form = LEGAL_FORM_RU.pick(rng);
            format!("{form} «{core}»")
        }
        "CN" => {
            let w = trade_name_lat(rng, &SYL_LAT, 3);
            let city = CITIES_CN.pick(rng).to_uppercase();
            let kind = COMPANY_KIND_CN.pick(rng);
            format!("{city} {w} {kind} CO., LTD")
        }
        "HK" => {
            let w = trade_name_lat(rng, &SYL_LAT, 3);
            let w = if rng.chance(0.3) {
                format!("{} {w}", WORD_LAT.pick(rng))
            } else {
                w
            };
            let kind = COMPANY_KIND_HK.pick(rng);
            let hk = if rng.chance(0.2) { " (HK)" } else { "" };
            format!("{w} {kind}{hk} LIMITED")
        }
        "TR" => {
            let w = trade_name_lat(rng, &SYL_TR, 3);
            let sector = rng.pick(&[
                "",
                "",
                "ELEKTRONIK ",
                "MAKINA ",
                "TEKNOLOJI ",
                "KIMYA ",
                "OTOMOTIV ",
                "ENERJI ",
                "LOJISTIK ",
                "ENDUSTRIYEL ",
            ]);
            format!("{w} {sector}DIS TICARET LTD STI")
        }
        "AE" => {
            let w = trade_name_lat(rng, &SYL_LAT, 3);
            let w = if rng.chance(0.4) {
                format!("{} {w}", WORD_LAT.pick(rng))
            } else {
                w
            };
            let kind = COMPANY_KIND_AE.pick(rng);
            let form = LEGAL_FORM_AE.pick(rng);
            format!("{w} {kind} {form}")
        }
        "KZ" => format!("ТОО «{}»", trade_name_ru(rng)),
        "KG" => format!("ОсОО «{}»", trade_name_ru(rng)),
        "AM" | "UZ" => format!("{} LLC", trade_name_lat(rng, &SYL_LAT, 3)),
        "DE" => format!(
            "{} GmbH",
            capitalise(&trade_name_lat(rng, &SYL_LAT, 3).to_lowercase())
        ),
        "US" => format!(
            "{} Inc.",
            capitalise(&trade_name_lat(rng, &SYL_LAT, 3).to_lowercase())
        ),
        "JP" => format!(
            "{} Co., Ltd.",
            capitalise(&trade_name_lat(rng, &SYL_LAT, 3).to_lowercase())
        ),
        _ => format!("{} LTD", trade_name_lat(rng, &SYL_LAT, 3)),
    }
}

/// A defence-industry end user name (generated, not real).
pub fn defence_name(rng: &mut Rng) -> String {
    let w = capitalise(&format!("{}{}", SYL_RU_V1.pick(rng), SYL_RU_V1.pick(rng)));
    let kind = DEFENCE_KIND_RU.pick(rng);
    kind.replace("{}", &w) + "»"
}

/// The first 30 syllables of [`SYL_RU`], which defence names draw from (kept so that a seed's
/// end users keep their names).
static SYL_RU_V1: Pool = Pool::new("syl_ru_v1");

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A building number skewed towards small numbers (most streets are short).
fn building(rng: &mut Rng, max: usize) -> usize {
    1 + rng.below(max).min(rng.below(max))
}

/// A street address in the style of its country.
pub fn address(rng: &mut Rng, country: &str) -> String {
    match country {
        "RU" => {
            let city = CITIES_RU.pick_skewed(rng, 0.5);
            let street = STREETS_RU.pick(rng);
            let house = building(rng, 150);
            let block = match rng.below(10) {
                0 => format!(", корп. {}", 1 + rng.below(6)),
                1 => format!(", стр. {}", 1 + rng.below(12)),
                _ => String::new(),
            };
            let room = if rng.chance(0.7) {
                format!("офис {}", 1 + rng.below(500))
            } else {
                format!("пом. {}", 1 + rng.below(60))
            };
            format!("{city}, {street}, д. {house}{block}, {room}")
        }
        "CN" => format!(
            "Room {}{:02}, No. {} {}, {}",
            1 + rng.below(30),
            1 + rng.below(30),
            building(rng, 500),
            ROADS_CN.pick(rng),
            CITIES_CN.pick(rng)
        ),
        "HK" => format!(
            "Unit {}, {}/F, {} {}, Hong Kong",
            rng.pick(&["A", "B", "C", "D", "E", "F", "G", "H", "1", "2", "3", "5", "6", "8"]),
            2 + rng.below(38),
            building(rng, 300),
            STREETS_HK.pick(rng)
        ),
        "AE" => match rng.below(10) {
            0..=2 => format!(
                "Office {}, LOB {}, Jebel Ali Free Zone, Dubai",
                101 + rng.below(1800),
                1 + rng.below(21)
            ),
            3..=4 => format!(
                "Unit {}-{:02}, {} Tower, Cluster {}, Jumeirah Lakes Towers, DMCC, Dubai",
                1 + rng.below(45),
                1 + rng.below(40),
                TOWER_AE.pick(rng),
                char::from(b'A' + rng.below(26) as u8)
            ),
            5 => format!(
                "Office {}, Building {}{}, Dubai Airport Free Zone, Dubai",
                101 + rng.below(700),
                rng.pick(&["5", "6", "7", "E", "W", "A", "B"]),
                rng.pick(&["A", "B", "C", "E", "W", ""])
            ),
            6 => format!(
                "Executive Desk Q1-{:02}-{:03}/{}, SAIF Zone, Sharjah",
                1 + rng.below(9),
                1 + rng.below(150),
                rng.pick(&["A", "B", "C", "D"])
            ),
            7 => format!(
                "Office {}, Block {}, Hamriyah Free Zone, Sharjah",
                1 + rng.below(400),
                rng.pick(&["A", "B", "C", "D", "E", "F"])
            ),
            8 => format!(
                "Office {}, {}, Dubai",
                101 + rng.below(1500),
                STREET_AE.pick(rng)
            ),
            _ => format!("Office {}, {}", 1 + rng.below(900), FREE_ZONE_AE.pick(rng)),
        },
        "TR" => format!(
            "{} Mah. {} Sok. No:{} D:{}, {}",
            MAHALLE_TR.pick(rng),
            STREETS_TR.pick(rng),
            building(rng, 120),
            1 + rng.below(30),
            DISTRICTS_TR.pick_skewed(rng, 0.4)
        ),
        _ => {
            let suite = if rng.chance(0.4) {
                format!(", Unit {}", 1 + rng.below(60))
            } else {
                String::new()
            };
            format!(
                "{} {} {}{suite}, {}",
                building(rng, 999),
                STREETS_WORLD.pick(rng),
                STREET_KIND_WORLD.pick(rng),
                country
            )
        }
    }
}

/// A person's full name in the style of the country: Russian surname, given name and
/// patronymic (`Иванов Сергей Петрович`); Chinese surname and one- or two-syllable given name
/// (`Zhang Jianhua`); Turkish, Gulf and other given name and surname.
pub fn person(rng: &mut Rng, country: &str) -> String {
    match country {
        "RU" | "KZ" | "KG" | "BY" => {
            let composed;
            let surname = if rng.chance(0.5) {
                composed = format!("{}{}", SURNAME_RU_ROOT.pick(rng), SURNAME_RU_END.pick(rng));
                composed.as_str()
            } else {
                SURNAME_RU.pick_skewed(rng, 0.15)
            };
            let father = MALE_RU.pick(rng);
            let mut parts = father.split(':');
            let (_, ich, na) = (parts.next(), parts.next(), parts.next());
            if rng.chance(0.72) {
                let first = MALE_RU
                    .pick_skewed(rng, 0.5)
                    .split(':')
                    .next()
                    .unwrap_or("");
                format!("{surname} {first} {}", ich.unwrap_or(""))
            } else {
                let first = FEMALE_RU.pick_skewed(rng, 0.15);
                format!("{} {first} {}", feminine(surname), na.unwrap_or(""))
            }
        }
        "TR" => {
            let given = GIVEN_TR.pick(rng);
            if rng.chance(0.1) {
                format!("{given} {}", SURNAME_TR.pick(rng))
            } else {
                let root = capitalise(&format!("{}{}", SYL_TR.pick(rng), SYL_TR.pick(rng)));
                let end = SURNAME_END_TR.pick(rng);
                format!("{given} {root}{end}")
            }
        }
        // Given name, father's given name, family name (Mohammed Saeed Al Mansoori; Rahul
        // Kumar Sharma).
        "AE" if rng.chance(0.75) => format!(
            "{} {} {}",
            GIVEN_AE.pick(rng),
            GIVEN_AE.pick(rng),
            SURNAME_AE.pick(rng)
        ),
        "AE" => person(rng, "RU"),
        "CN" | "HK" | "TW" | "SG" | "MY" => {
            let surname = SURNAME_CN.pick_skewed(rng, 0.3);
            let g1 = GIVEN_CN.pick(rng);
            if rng.chance(0.9) {
                format!("{surname} {g1}{}", GIVEN_CN.pick(rng).to_lowercase())
            } else {
                format!("{surname} {g1}")
            }
        }
        _ => {
            let given = GIVEN_WEST.pick(rng);
            if rng.chance(0.1) {
                format!("{given} {}", SURNAME_WEST.pick(rng))
            } else {
                let root = capitalise(&format!("{}{}", SYL_WEST.pick(rng), SYL_WEST.pick(rng)));
                let end = SURNAME_END_WEST.pick(rng);
                format!("{given} {root}{end}")
            }
        }
    }
}

/// The feminine form of a Russian surname (Иванов → Иванова, Островский → Островская;
/// -енко stays).
fn feminine(surname: &str) -> String {
    if let Some(stem) = surname.strip_suffix("ий") {
        format!("{stem}ая")
    } else if surname.ends_with("ов") || surname.ends_with("ев") || surname.ends_with("ин") {
        format!("{surname}а")
    } else {
        surname.to_string()
    }
}

/// A phone number with the country's calling code.
pub fn phone(rng: &mut Rng, country: &str) -> String {
    let code = match country {
        "RU" | "KZ" => "+7",
        "CN" => "+86",
        "HK" => "+852",
        "TR" => "+90",
        "AE" => "+971",
        "KG" => "+996",
        "AM" => "+374",
        "UZ" => "+998",
        "DE" => "+49",
        "US" => "+1",
        "JP" => "+81",
        _ => "+44",
    };
    format!(
        "{code} {}{:07}",
        100 + rng.below(900),
        rng.below(10_000_000)
    )
}

/// A ten-digit legal-entity INN with a valid check digit.
pub fn inn(rng: &mut Rng) -> String {
    let mut inn: String = std::iter::once('7')
        .chain((0..8).map(|_| char::from(b'0' + rng.below(10) as u8)))
        .collect();
    // The check digit is the one refdata's checksum (the one copy of the rule) accepts.
    let check = (b'0'..=b'9')
        .map(char::from)
        .find(|c| inn_valid(&format!("{inn}{c}")))
        .unwrap_or('0');
    inn.push(check);
    inn
}

/// Whether a ten-digit INN's check digit is valid (refdata's `ru_ids` rule).
pub fn inn_valid(inn: &str) -> bool {
    inn.len() == 10 && chokepoint_refdata::ru_ids::inn_checksum_ok(inn)
}

/// How many defence end-user names the generator takes from a real list.
pub const DEFENCE_NAMES_MAX: usize = 12;

/// Whether an OFAC SDN entry is one the generator takes as a defence end user: the one rule
/// of `chokepoint_refdata::defence` (an entity under the Russia programme, EO 14024, whose
/// name has a defence-industry word).
pub use chokepoint_refdata::defence::is_defence_entry;

/// Reads defence-industry names from a real list: OFAC's legacy `sdn.csv` (entities under
/// program RUSSIA-EO14024 whose names read as defence plants or design bureaus) or a plain
/// text file with one name per line. Returns at most `max` names.
pub fn defence_names_from_list(
    path: &std::path::Path,
    max: usize,
) -> crate::error::Result<Vec<String>> {
    let text = std::fs::read(path).map_err(|e| crate::error::ScenarioError::io(path, e))?;
    let text = String::from_utf8_lossy(&text);
    let mut out = Vec::new();
    if path.extension().is_some_and(|e| e == "csv") {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for row in reader.records().flatten() {
            let (Some(name), Some(kind), Some(program)) = (row.get(1), row.get(2), row.get(3))
            else {
                continue;
            };
            if is_defence_entry(name.trim(), kind.trim() == "-0-", &[program]) {
                out.push(name.trim().to_string());
            }
            if out.len() >= max {
                break;
            }
        }
    } else {
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .take(max)
                .map(String::from),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_pools_parse_and_none_is_missing_or_empty() {
        check_pools().unwrap();
        let pools = pools().as_ref().unwrap();
        assert_eq!(
            pools.len(),
            ALL_POOLS.len(),
            "a pool in the file is never drawn from"
        );
        assert_eq!(SYL_RU_V1.get(), &SYL_RU.get()[..30]);
    }

    #[test]
    fn a_malformed_pool_file_names_the_file_and_line() {
        let e = parse_pools("name,word\nsyl_ru,ал\n", "pools.csv").unwrap_err();
        assert!(e.to_string().contains("pools.csv"), "{e}");
        let e = parse_pools("pool,word\nsyl_ru\n", "pools.csv").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn inns_have_valid_check_digits() {
        let mut rng = Rng::new(3, 0);
        for _ in 0..100 {
            let i = inn(&mut rng);
            assert_eq!(i.len(), 10);
            assert!(inn_valid(&i), "{i}");
        }
        assert!(!inn_valid("7701234560") || !inn_valid("7701234561"));
    }

    #[test]
    fn names_look_national() {
        let mut rng = Rng::new(3, 1);
        assert!(company_name(&mut rng, "RU").contains('«'));
        assert!(company_name(&mut rng, "HK").ends_with("LIMITED"));
        assert!(
            defence_name(&mut rng).starts_with("АО") || defence_name(&mut rng).starts_with("ПАО")
        );
        assert!(phone(&mut rng, "HK").starts_with("+852 "));
        for _ in 0..200 {
            let p = person(&mut rng, "RU");
            let parts: Vec<&str> = p.split(' ').collect();
            assert_eq!(parts.len(), 3, "{p}");
            assert!(
                ["вич", "вна", "ич", "ична"]
                    .iter()
                    .any(|e| parts[2].ends_with(e)),
                "{p}"
            );
        }
    }
}
