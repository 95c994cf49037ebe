//! The one country normaliser: names and codes as lists, customs dumps and catalogues write
//! them → ISO 3166-1 alpha-2, from the one data file `data/countries.csv`.
//!
//! **Case convention.** The data file and [`Country::code`] write codes upper case, as ISO
//! does and as trade and attribution records store them (`"RU"`); [`Country::lower`] gives the
//! lower-case form that FollowTheMoney entities (the lists stage) store (`"ru"`).
//! [`Country::name`] is the short English name for display.
//!
//! **Matching.** A name matches after [`key`] folds it: case, Latin accents, Ё/Е, dots and
//! apostrophes dropped, `&` read as "and", other punctuation as spaces, and a leading "The " or
//! "Region:" dropped; so "RUSSIAN FEDERATION", "Côte d’Ivoire", "ГОНКОНГ (КИТАЙ)" and
//! "Korea, North" all match. Codes match too: alpha-2 (`ru`), alpha-3 (`RUS`) and numeric
//! (`643`, `051` or `51`). What a caller does with an unknown name (drop it, keep it as given,
//! pass a two-letter code through) is the caller's policy; [`lookup`] only answers `None`.
//!
//! ```
//! use chokepoint_refdata::country;
//! let ru = country::lookup("Российская Федерация").unwrap();
//! assert_eq!((ru.code(), ru.lower(), ru.name()), ("RU", "ru", "Russia"));
//! assert_eq!(country::lookup("Korea, North").map(|c| c.code()), Some("KP"));
//! assert_eq!(country::lookup("Atlantis"), None);
//! ```

use crate::hash::FastMap;
use crate::table::Table;
use std::fmt;
use std::sync::OnceLock;

/// The built-in country table (`data/countries.csv`).
pub const COUNTRIES_CSV: &str = include_str!("../data/countries.csv");

/// One row of the table.
#[derive(Debug)]
struct Entry {
    code: String,
    lower: String,
    name: String,
    alpha3: String,
}

#[derive(Debug)]
struct Countries {
    entries: Vec<Entry>,
    by_key: FastMap<String, u16>,
}

/// A country of the table: an ISO 3166-1 alpha-2 code with its names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(u16);

impl Country {
    fn entry(self) -> &'static Entry {
        &countries().entries[usize::from(self.0)]
    }

    /// The alpha-2 code, upper case (`"RU"`): the form records store.
    pub fn code(self) -> &'static str {
        &self.entry().code
    }

    /// The alpha-2 code, lower case (`"ru"`): the form FollowTheMoney entities store.
    pub fn lower(self) -> &'static str {
        &self.entry().lower
    }

    /// The short English name (`"Russia"`), for display.
    pub fn name(self) -> &'static str {
        &self.entry().name
    }

    /// The ISO alpha-3 code (`"RUS"`), or `""` for codes outside ISO 3166-1 (`XK`, `AN`).
    pub fn alpha3(self) -> &'static str {
        &self.entry().alpha3
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({})", self.code())
    }
}

/// Displays the upper-case code (`RU`).
impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

fn countries() -> &'static Countries {
    static T: OnceLock<Countries> = OnceLock::new();
    T.get_or_init(
        || match parse(COUNTRIES_CSV, "refdata/data/countries.csv") {
            Ok(t) => t,
            // The built-in table is part of the crate and tested; a broken copy is a build bug.
            Err(e) => panic!("the built-in country table is broken: {e}"),
        },
    )
}

fn parse(text: &str, origin: &str) -> Result<Countries, crate::TableError> {
    let table = Table::parse(text, origin)?;
    table.require_columns(&["code", "name", "alpha3", "numeric", "aliases"])?;
    let mut entries = Vec::with_capacity(table.len());
    let mut by_key = FastMap::default();
    for row in table.rows() {
        let code = row.required("code")?;
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(row.error(
                "code",
                &format!("`{code}` is not an upper-case alpha-2 code"),
            ));
        }
        let index = u16::try_from(entries.len())
            .map_err(|_| row.error("code", "more countries than the table can hold"))?;
        let numeric = row.get("numeric");
        let names = [
            code,
            row.required("name")?,
            row.get("alpha3"),
            numeric,
            numeric.trim_start_matches('0'),
        ];
        // A name with an apostrophe is also found with a space for it ("Cote d Ivoire").
        let spelled = names.into_iter().chain(row.get("aliases").split('|'));
        let keyed = spelled.flat_map(|name| {
            let spaced = name
                .contains(APOSTROPHES)
                .then(|| key(&name.replace(APOSTROPHES, " ")));
            std::iter::once(key(name))
                .chain(spaced)
                .map(move |k| (name, k))
        });
        for (name, k) in keyed {
            if k.is_empty() {
                continue;
            }
            if let Some(&other) = by_key.get(&k) {
                if other != index {
                    let other: &Entry = &entries[usize::from(other)];
                    return Err(
                        row.error("aliases", &format!("`{name}` already names {}", other.code))
                    );
                }
            }
            by_key.insert(k, index);
        }
        entries.push(Entry {
            code: code.to_string(),
            lower: code.to_ascii_lowercase(),
            name: row.get("name").to_string(),
            alpha3: row.get("alpha3").to_string(),
        });
    }
    Ok(Countries { entries, by_key })
}

/// The apostrophes [`key`] drops.
const APOSTROPHES: [char; 4] = ['\'', '’', 'ʼ', '‘'];

/// The matching key of a country name (see the module documentation): lower case, accents
/// and Ё folded, dots and apostrophes dropped, `&` as "and", other punctuation as spaces,
/// single spaces, a leading "the" or "region" dropped. Also used for other short catalogue
/// names that must match across spellings.
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let folded = match c {
            '.' => continue,
            c if APOSTROPHES.contains(&c) => continue,
            '&' => {
                out.push_str(" and ");
                continue;
            }
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'a'
            }
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' | 'ı' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            'Ё' | 'ё' => 'е',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        out.extend(folded.to_lowercase());
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let mut words = words.as_slice();
    if words.first() == Some(&"region") && words.len() > 1 {
        words = &words[1..];
    }
    if words.first() == Some(&"the") && words.len() > 1 {
        words = &words[1..];
    }
    words.join(" ")
}

/// The country a name or code stands for (any script or case; see the module documentation),
/// or `None` when the table does not know it.
pub fn lookup(name: &str) -> Option<Country> {
    by_key(&key(name))
}

/// The country of an already folded [`key`].
fn by_key(k: &str) -> Option<Country> {
    if k.is_empty() {
        return None;
    }
    countries().by_key.get(k).map(|&i| Country(i))
}

/// The country of an alpha-2 code in either case (`"ru"`, `"RU"`), or `None` when the table
/// has no such code.
pub fn by_code(code: &str) -> Option<Country> {
    let code = code.trim();
    if code.len() != 2 {
        return None;
    }
    let upper = code.to_ascii_uppercase();
    countries()
        .entries
        .iter()
        .position(|e| e.code == upper)
        .and_then(|i| u16::try_from(i).ok())
        .map(Country)
}

/// Every country of the table, in file order.
pub fn all() -> impl Iterator<Item = Country> {
    (0..countries().entries.len()).filter_map(|i| u16::try_from(i).ok().map(Country))
}

/// Finds a country of manufacture written on a part: `MADE IN <country>` (any case, the
/// country one to three words long, longest first) or `<country> MADE` (a name of more than
/// three bytes). `None` when no such phrase names a known country.
pub fn made_in(marking: &str) -> Option<Country> {
    let k = key(marking);
    let words: Vec<&str> = k.split(' ').collect();
    for i in 0..words.len() {
        if words[i] == "made" && words.get(i + 1) == Some(&"in") {
            let start = if words.get(i + 2) == Some(&"the") {
                i + 3
            } else {
                i + 2
            };
            for len in (1..=3).rev() {
                if start + len <= words.len() {
                    if let Some(c) = by_key(&words[start..start + len].join(" ")) {
                        return Some(c);
                    }
                }
            }
        }
        if words[i] == "made" && i > 0 && words[i - 1].len() > 3 {
            if let Some(c) = by_key(words[i - 1]) {
                return Some(c);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str) -> Option<&'static str> {
        lookup(name).map(Country::code)
    }

    #[test]
    fn list_spellings() {
        for (name, c) in [
            ("Russia", "RU"),
            ("RUSSIAN FEDERATION", "RU"),
            ("Region: Russia", "RU"),
            ("Korea, North", "KP"),
            ("Democratic People's Republic of Korea", "KP"),
            ("Korea, South", "KR"),
            ("Iran (Islamic Republic of)", "IR"),
            ("Burma", "MM"),
            ("Syrian Arab Republic", "SY"),
            ("Türkiye", "TR"),
            ("TÜRKİYE", "TR"),
            ("UAE", "AE"),
            ("U.A.E.", "AE"),
            ("Congo, Democratic Republic of the", "CD"),
            ("Congo, Republic of the", "CG"),
            ("Palestinian", "PS"),
            ("Region: Gaza", "PS"),
            ("Region: Crimea", "UA"),
            ("Man, Isle of", "IM"),
            ("Bahamas, The", "BS"),
            ("The Gambia", "GM"),
            ("Cote d Ivoire", "CI"),
            ("Côte d’Ivoire", "CI"),
            ("Bosnia & Herzegovina", "BA"),
            ("Kosovo", "XK"),
            ("Netherlands Antilles", "AN"),
            ("U.K.", "GB"),
            (" china ", "CN"),
        ] {
            assert_eq!(code(name), Some(c), "{name}");
        }
    }

    #[test]
    fn customs_and_catalogue_spellings_in_several_scripts() {
        for (name, c) in [
            ("РОССИЯ", "RU"),
            ("Российская Федерация", "RU"),
            ("РФ", "RU"),
            ("РОСІЯ", "RU"),
            ("俄罗斯", "RU"),
            ("КИТАЙ", "CN"),
            ("中国", "CN"),
            ("ГОНКОНГ (КИТАЙ)", "HK"),
            ("香港", "HK"),
            ("СОЕДИНЁННЫЕ ШТАТЫ АМЕРИКИ", "US"),
            ("СОЕДИНЕННЫЕ ШТАТЫ", "US"),
            ("U.S.A.", "US"),
            ("U S A", "US"),
            ("KOREA, REPUBLIC OF", "KR"),
            ("КОРЕЯ, РЕСПУБЛИКА", "KR"),
            ("KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF", "KP"),
            ("ВЕЛИКА БРИТАНІЯ", "GB"),
            ("КИРГИЗСКАЯ РЕСПУБЛИКА", "KG"),
            ("Hong Kong SAR", "HK"),
            ("TAIWAN ROC", "TW"),
            ("Deutschland", "DE"),
            ("PEOPLE'S REPUBLIC OF CHINA", "CN"),
            ("PEOPLES REPUBLIC OF CHINA", "CN"),
        ] {
            assert_eq!(code(name), Some(c), "{name}");
        }
    }

    #[test]
    fn codes_in_every_form() {
        assert_eq!(code("ru"), Some("RU"));
        assert_eq!(code("CN"), Some("CN"));
        assert_eq!(code("CHN"), Some("CN"));
        assert_eq!(code("rus"), Some("RU"));
        assert_eq!(code("643"), Some("RU"));
        assert_eq!(code("051"), Some("AM"));
        assert_eq!(code("51"), Some("AM"));
        assert_eq!(by_code("ru").map(Country::name), Some("Russia"));
        assert_eq!(by_code(" RU ").map(Country::lower), Some("ru"));
        assert_eq!(by_code("zz"), None);
        assert_eq!(by_code("rus"), None);
        let ru = by_code("RU").unwrap();
        assert_eq!((ru.to_string(), ru.alpha3()), ("RU".to_string(), "RUS"));
        assert_eq!(format!("{ru:?}"), "Country(RU)");
    }

    #[test]
    fn unknown_and_disputed_have_no_country() {
        for name in [
            "",
            "  ",
            "-0-",
            "undetermined",
            "Region: Jammu and Kashmir",
            "Region: Kafia Kingi",
            "Atlantis",
            "zz",
            "ATL",
        ] {
            assert_eq!(lookup(name), None, "{name}");
        }
    }

    #[test]
    fn table_is_consistent() {
        let n = all().count();
        assert!(n >= 250, "{n}");
        let mut seen = std::collections::HashSet::new();
        for c in all() {
            assert!(seen.insert(c.code()), "duplicate {}", c.code());
            assert_eq!(lookup(c.code()), Some(c));
            assert_eq!(lookup(c.lower()), Some(c));
            assert_eq!(lookup(c.name()), Some(c), "{}", c.name());
            assert_eq!(by_code(c.code()), Some(c));
            if !c.alpha3().is_empty() {
                assert_eq!(lookup(c.alpha3()), Some(c));
            }
        }
    }

    #[test]
    fn broken_tables_name_the_row() {
        let e = parse("code,name,alpha3,numeric,aliases\nru,Russia,,,\n", "c.csv").unwrap_err();
        assert!(
            e.to_string().starts_with("c.csv, line 2, column `code`"),
            "{e}"
        );
        let e = parse(
            "code,name,alpha3,numeric,aliases\nRU,Russia,,,\nBY,Belarus,,,Russia\n",
            "c.csv",
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("line 3") && e.to_string().contains("names RU"),
            "{e}"
        );
        assert!(parse("code,name\nRU,Russia\n", "c.csv").is_err());
    }

    #[test]
    fn finds_made_in() {
        let m = |s: &str| made_in(s).map(Country::code);
        assert_eq!(m("STM32F405 GH21Q MADE IN CHINA"), Some("CN"));
        assert_eq!(m("made in the Philippines"), Some("PH"));
        assert_eq!(m("made in Atlantis"), None);
        assert_eq!(m("Made in Philippines 2219"), Some("PH"));
        assert_eq!(m("TAIWAN MADE"), Some("TW"));
        assert_eq!(m("Made in Korea"), Some("KR"));
        assert_eq!(m("Made in U.S.A."), Some("US"));
        assert_eq!(m("XC7A35T 1841"), None);
        assert_eq!(
            m("USA MADE"),
            None,
            "three letters are too short before MADE"
        );
    }
}
