//! Country names, ISO alpha-3 codes and Russian/Ukrainian spellings → ISO 3166-1 alpha-2, and
//! "Made in …" detection in component markings. The table is the editable data file
//! `data/countries.csv`; an unrecognised country is `None` (unknown), never guessed.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The built-in country table (`data/countries.csv`).
pub const COUNTRIES_CSV: &str = include_str!("../data/countries.csv");

struct Table {
    by_name: HashMap<String, &'static str>,
    codes: Vec<&'static str>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut by_name = HashMap::new();
        let mut codes = Vec::new();
        for line in COUNTRIES_CSV
            .lines()
            .skip_while(|l| l.starts_with('#'))
            .skip(1)
        {
            let Some((iso, names)) = line.split_once(',') else {
                continue;
            };
            let iso = iso.trim();
            codes.push(iso);
            by_name.insert(iso.to_string(), iso);
            for name in names.split('|') {
                by_name.insert(country_key(name), iso);
            }
        }
        Table { by_name, codes }
    })
}

/// The matching key of a country name: upper case, Ё read as Е, punctuation as spaces, single spaces.
pub fn country_key(s: &str) -> String {
    let up: String = s
        .chars()
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            'Ё' => 'Е',
            c if c.is_alphanumeric() || c == '\'' => c,
            _ => ' ',
        })
        .filter(|c| *c != '\'')
        .collect();
    up.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Normalises a country as written (ISO alpha-2 or alpha-3 code, English, Russian or Ukrainian
/// name) to ISO alpha-2; `None` when empty or unrecognised. Any two-letter code passes through
/// upper-cased (the table lists names, not every code).
pub fn normalize_country(raw: &str) -> Option<String> {
    let k = country_key(raw);
    if k.is_empty() {
        return None;
    }
    if let Some(c) = table().by_name.get(&k) {
        return Some(c.to_string());
    }
    (k.len() == 2 && k.bytes().all(|b| b.is_ascii_uppercase())).then_some(k)
}

/// Every alpha-2 code of the table, in file order.
pub fn known_codes() -> &'static [&'static str] {
    &table().codes
}

/// Finds a country of manufacture written on a part: `MADE IN <country>` (any case, the country
/// one to three words long) or `<country> MADE`. Returns the ISO alpha-2 code; `None` when no
/// such phrase names a known country.
pub fn made_in(marking: &str) -> Option<String> {
    let k = country_key(marking);
    let words: Vec<&str> = k.split(' ').collect();
    for i in 0..words.len() {
        if words[i] == "MADE" && words.get(i + 1) == Some(&"IN") {
            let start = if words.get(i + 2) == Some(&"THE") {
                i + 3
            } else {
                i + 2
            };
            for len in (1..=3).rev() {
                if start + len <= words.len() {
                    let name = words[start..start + len].join(" ");
                    if let Some(c) = table().by_name.get(&name) {
                        return Some(c.to_string());
                    }
                }
            }
        }
        if words[i] == "MADE" && i > 0 {
            if let Some(c) = table().by_name.get(words[i - 1]) {
                if words[i - 1].len() > 3 {
                    return Some(c.to_string());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_names_and_codes() {
        assert_eq!(normalize_country("cn").as_deref(), Some("CN"));
        assert_eq!(normalize_country("CHN").as_deref(), Some("CN"));
        assert_eq!(normalize_country("Hong Kong SAR").as_deref(), Some("HK"));
        assert_eq!(normalize_country("Китай").as_deref(), Some("CN"));
        assert_eq!(normalize_country("U.S.A.").as_deref(), Some("US"));
        assert_eq!(normalize_country("Türkiye").as_deref(), Some("TR"));
        assert_eq!(normalize_country("Atlantis"), None);
        assert_eq!(normalize_country("lt").as_deref(), Some("LT"));
        assert_eq!(normalize_country("ATL"), None);
        assert_eq!(normalize_country("  "), None);
    }

    #[test]
    fn finds_made_in() {
        assert_eq!(
            made_in("STM32F405 GH21Q MADE IN CHINA").as_deref(),
            Some("CN")
        );
        assert_eq!(made_in("made in the Philippines").as_deref(), Some("PH"));
        assert_eq!(made_in("made in Atlantis"), None);
        assert_eq!(made_in("Made in Philippines 2219").as_deref(), Some("PH"));
        assert_eq!(made_in("TAIWAN MADE").as_deref(), Some("TW"));
        assert_eq!(made_in("Made in Korea").as_deref(), Some("KR"));
        assert_eq!(made_in("XC7A35T 1841"), None);
    }
}
