//! Country names and codes as the lists write them, to ISO 3166-1 alpha-2 (lower case, as FtM).
//!
//! The lists' view of the one country normaliser, `chokepoint_refdata::country` (its data file
//! `crates/refdata/data/countries.csv`): every ISO 3166-1 alpha-2 code with its short name and
//! the variants that watchlists use: OFAC's "Korea, North", "Burma", "Congo, Democratic
//! Republic of the", "Man, Isle of", "Palestinian", "Region: Crimea"; the UN's "Iran (Islamic
//! Republic of)", "Syrian Arab Republic"; and common forms ("UAE", "Türkiye"). Two additions
//! outside ISO 3166-1 follow FtM: `xk` (Kosovo) and `an` (the former Netherlands Antilles,
//! which OFAC still writes). Regions are mapped to the country they belong to ("Region:
//! Crimea" → `ua`, "West Bank"/"Gaza" → `ps`); disputed or supranational regions ("Region:
//! Jammu and Kashmir", "Region: Kafia Kingi", "Region: Commonwealth of Independent States")
//! and "undetermined" have no code.
//!
//! Matching ignores case, dots, commas, brackets, apostrophes, hyphens, a leading "The " and a
//! leading "Region:", and folds common accented letters, so "RUSSIAN FEDERATION",
//! "Cote d'Ivoire" and "Côte d’Ivoire" all match.

use chokepoint_refdata::country::{self, Country};

/// The ISO 3166-1 alpha-2 code (lower case) for a country name or code as a list writes it
/// ("Russia", "RUSSIAN FEDERATION", "RU", "Korea, North"), or `None` when unknown.
pub fn to_code(name: &str) -> Option<&'static str> {
    country::lookup(name).map(Country::lower)
}

/// The short English name of a code (`"ru"` → `"Russia"`), or `None` for an unknown code.
pub fn name(code: &str) -> Option<&'static str> {
    country::by_code(code).map(Country::name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_spellings_map_to_codes() {
        let cases = [
            ("Russia", "ru"),
            ("RUSSIAN FEDERATION", "ru"),
            ("Region: Russia", "ru"),
            ("Korea, North", "kp"),
            ("Democratic People's Republic of Korea", "kp"),
            ("Korea, South", "kr"),
            ("Iran", "ir"),
            ("Iran (Islamic Republic of)", "ir"),
            ("Burma", "mm"),
            ("Syria", "sy"),
            ("Syrian Arab Republic", "sy"),
            ("Turkey", "tr"),
            ("Türkiye", "tr"),
            ("UAE", "ae"),
            ("United Arab Emirates", "ae"),
            ("Hong Kong", "hk"),
            ("Congo, Democratic Republic of the", "cd"),
            ("Congo, Republic of the", "cg"),
            ("Palestinian", "ps"),
            ("West Bank", "ps"),
            ("Region: Gaza", "ps"),
            ("Region: Crimea", "ua"),
            ("Man, Isle of", "im"),
            ("Bahamas, The", "bs"),
            ("The Gambia", "gm"),
            ("Cote d Ivoire", "ci"),
            ("Côte d’Ivoire", "ci"),
            ("Virgin Islands, British", "vg"),
            ("North Macedonia, The Republic of", "mk"),
            ("Bosnia and Herzegovina", "ba"),
            ("Kosovo", "xk"),
            ("U.K.", "gb"),
            ("USA", "us"),
            ("ru", "ru"),
            ("CN", "cn"),
            (" china ", "cn"),
        ];
        for (name, code) in cases {
            assert_eq!(to_code(name), Some(code), "{name}");
        }
    }

    #[test]
    fn unknown_and_disputed_have_no_code() {
        for name in [
            "",
            "-0-",
            "undetermined",
            "Region: Jammu and Kashmir",
            "Atlantis",
            "zz",
            "Region: Kafia Kingi",
        ] {
            assert_eq!(to_code(name), None, "{name}");
        }
    }

    #[test]
    fn table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for c in country::all() {
            let code = c.lower();
            assert_eq!(code.len(), 2);
            assert!(seen.insert(code), "duplicate code {code}");
            assert_eq!(to_code(code), Some(code), "{code} as a code");
            assert_eq!(to_code(c.name()), Some(code), "{}", c.name());
            assert_eq!(name(code), Some(c.name()));
        }
        assert!(seen.len() >= 250);
        assert_eq!(name("RU"), Some("Russia"));
        assert_eq!(name("zz"), None);
    }
}
