//! Country names, ISO alpha-3 codes and Russian/Ukrainian spellings → ISO 3166-1 alpha-2 (upper
//! case), and "Made in …" detection in component markings: attribution's view of the one
//! country normaliser, `chokepoint_refdata::country` (its editable data file
//! `crates/refdata/data/countries.csv`). An unrecognised country is `None` (unknown), never
//! guessed.

use chokepoint_refdata::country::{self, Country};
use std::sync::OnceLock;

pub use chokepoint_refdata::country::COUNTRIES_CSV;

/// Normalises a country as written (ISO alpha-2, alpha-3 or numeric code, English, Russian or
/// Ukrainian name) to ISO alpha-2; `None` when empty or unrecognised. Any two-letter code
/// passes through upper-cased (the table lists names, not every code).
pub fn normalize_country(raw: &str) -> Option<String> {
    if let Some(c) = country::lookup(raw) {
        return Some(c.code().to_string());
    }
    let k = country::key(raw);
    (k.len() == 2 && k.bytes().all(|b| b.is_ascii_lowercase())).then(|| k.to_ascii_uppercase())
}

/// Every alpha-2 code of the table, in file order.
pub fn known_codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| country::all().map(Country::code).collect())
}

/// Finds a country of manufacture written on a part: `MADE IN <country>` (any case, the country
/// one to three words long) or `<country> MADE`. Returns the ISO alpha-2 code; `None` when no
/// such phrase names a known country.
pub fn made_in(marking: &str) -> Option<String> {
    country::made_in(marking).map(|c| c.code().to_string())
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
