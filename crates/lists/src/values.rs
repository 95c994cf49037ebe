//! Value normalisers and entity finishing shared by the list readers: whitespace, ISO dates,
//! country codes, nationalities, legal forms, names repeated as aliases, and the merge of a
//! later row into an entity built from earlier rows of the same party.

use crate::country;
use chokepoint_model::{Entity, Prop};

/// Collapses runs of whitespace (including newlines) into single spaces and trims.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The non-empty `parts`, each squashed, joined with `sep` (a name from its parts, an
/// address from its lines).
pub(crate) fn join_squashed<'a>(parts: impl IntoIterator<Item = &'a str>, sep: &str) -> String {
    parts
        .into_iter()
        .map(squash)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

/// The ISO date part (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) at the start of a timestamp.
pub(crate) fn date_part(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.len() >= r.end && b[r].iter().all(u8::is_ascii_digit);
    if digits(0..4)
        && b.len() >= 10
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
    {
        Some(s[..10].to_string())
    } else if digits(0..4) && b.len() >= 7 && b[4] == b'-' && digits(5..7) {
        Some(s[..7].to_string())
    } else if digits(0..4) && (b.len() == 4 || !b[4].is_ascii_digit()) {
        Some(s[..4].to_string())
    } else {
        None
    }
}

/// A US date `MM/DD/YYYY` (one- or two-digit month and day) → ISO `YYYY-MM-DD`; `None` for
/// anything else. Public as `bis_dpl::us_date` and `ofac_xml::us_date`.
pub fn us_date(s: &str) -> Option<String> {
    let mut it = s.trim().split('/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some()
        || y.len() != 4
        || m.is_empty()
        || d.is_empty()
        || m.len() > 2
        || d.len() > 2
    {
        return None;
    }
    let (m, d, y): (u32, u32, u32) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The ISO alpha-2 code of a country as the list writes it: [`country::to_code`], else (for a
/// bare two-letter code such as `RU`) the code in lower case.
pub(crate) fn country_code(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if let Some(code) = country::to_code(raw) {
        return Some(code.to_string());
    }
    if raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(raw.to_ascii_lowercase());
    }
    None
}

/// Adds a nationality: the ISO code when known, else the text as written.
pub(crate) fn add_nationality(entity: &mut Entity, raw: &str) {
    let raw = squash(raw);
    match country_code(&raw) {
        Some(code) => entity.add(Prop::Nationality, &code),
        None => entity.add(Prop::Nationality, &raw),
    };
}

/// Drops aliases, weak aliases and previous names that repeat one of the entity's names
/// exactly (lists often repeat the primary name among the aliases).
pub(crate) fn drop_names_repeated_as_aliases(entity: &mut Entity) {
    let names: Vec<String> = entity.strings(Prop::Name).map(str::to_string).collect();
    for prop in [Prop::Alias, Prop::WeakAlias, Prop::PreviousName] {
        if !entity.strings(prop).any(|a| names.iter().any(|n| n == a)) {
            continue;
        }
        let keep: Vec<_> = entity
            .values(prop)
            .iter()
            .filter(|v| !names.contains(&v.value))
            .cloned()
            .collect();
        entity.clear(prop);
        for v in keep {
            entity.add_sourced(prop, &v.value, v.provenance);
        }
    }
}

/// Whether an organisation name carries a legal form (LLC, Ltd, GmbH, S.A., ООО, АО, 有限公司…),
/// which marks it as a company rather than another kind of organisation.
pub(crate) fn has_legal_form(name: &str) -> bool {
    const CJK: &[&str] = &[
        "有限公司",
        "股份",
        "公司",
        "株式会社",
        "有限会社",
        "주식회사",
    ];
    if CJK.iter().any(|f| name.contains(f)) {
        return true;
    }
    const ANYWHERE: &[&str] = &[
        "LLC",
        "LTD",
        "LIMITED",
        "INC",
        "INCORPORATED",
        "CORP",
        "CORPORATION",
        "COMPANY",
        "GMBH",
        "PLC",
        "LLP",
        "OOO",
        "ООО",
        "ОАО",
        "ЗАО",
        "ПАО",
        "АО",
        "НАО",
        "ТОО",
        "ТОВ",
        "OAO",
        "ZAO",
        "PAO",
        "PJSC",
        "JSC",
        "OJSC",
        "CJSC",
        "PTE",
        "PTY",
        "BHD",
        "KFT",
        "SPA",
        "SARL",
        "SAS",
        "SRL",
        "FZE",
        "FZCO",
        "FZC",
        "TOO",
        "EOOD",
        "OOD",
        "DOO",
        "ULC",
        "AKTIENGESELLSCHAFT",
        "SOCIEDAD",
        "SOCIETE",
        "SOCIÉTÉ",
        "LTDA",
        "SAC",
        "SRO",
        "EURL",
    ];
    const AT_END: &[&str] = &[
        "AG", "SA", "AB", "AS", "AO", "BV", "NV", "OY", "KG", "SE", "CO", "KK", "SL", "CV",
    ];
    let tokens: Vec<String> = name
        .split(|c: char| {
            c.is_whitespace()
                || c == ','
                || c == '('
                || c == ')'
                || c == '"'
                || c == '«'
                || c == '»'
        })
        .map(|t| {
            t.chars()
                .filter(|c| *c != '.' && *c != '\'' && *c != '“' && *c != '”')
                .collect::<String>()
        })
        .map(|t| t.to_uppercase())
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.iter().any(|t| ANYWHERE.contains(&t.as_str())) {
        return true;
    }
    tokens.last().is_some_and(|t| AT_END.contains(&t.as_str()))
}

/// Adds the values of `row` (a later row of the same party) to `acc`: once `acc` has a name,
/// a row's name becomes an alias; with `skip_aliases_named`, an alias that repeats one of
/// `acc`'s names is left out. The schema is the caller's to decide.
pub(crate) fn add_row_values(acc: &mut Entity, row: Entity, skip_aliases_named: bool) {
    let has_name = acc.first(Prop::Name).is_some();
    for (prop, values) in row.properties() {
        for v in values {
            let prop = if prop == Prop::Name && has_name {
                Prop::Alias
            } else {
                prop
            };
            if skip_aliases_named
                && prop == Prop::Alias
                && acc.strings(Prop::Name).any(|n| n == v.value)
            {
                continue;
            }
            acc.add_sourced(prop, &v.value, v.provenance.clone());
        }
    }
}

/// A dotted European date `D.M.YYYY` (one- or two-digit day and month, as the EU Official
/// Journal prints them) → ISO `YYYY-MM-DD`; an ISO date or partial date (`2011`, `2011-02`) is
/// kept; `None` for anything else.
pub(crate) fn dotted_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(iso) = date_part(s).filter(|d| d.len() == s.len()) {
        return Some(iso);
    }
    let mut it = s.split('.');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some()
        || y.len() != 4
        || d.is_empty()
        || m.is_empty()
        || d.len() > 2
        || m.len() > 2
    {
        return None;
    }
    let (d, m, y): (u32, u32, u32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Whether `digits` is a Russian taxpayer number (INN) with valid check digits: ten digits for
/// an organisation, twelve for a person.
pub(crate) fn inn_checks(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != digits.len() {
        return false;
    }
    let check =
        |w: &[u32], n: usize| w.iter().zip(&d).map(|(a, b)| a * b).sum::<u32>() % 11 % 10 == d[n];
    match d.len() {
        10 => check(&[2, 4, 10, 3, 5, 9, 4, 6, 8], 9),
        12 => {
            check(&[7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 10)
                && check(&[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 11)
        }
        _ => false,
    }
}

/// The country of one postal address as lists print it, from its last comma-separated part
/// that names a country ("…, Moscow, Russian Federation", "…, Hong Kong", "560066 Republic of
/// India"): each part is tried whole, then without postcodes, a trailing dot or a bracketed
/// abbreviation, then by its trailing words ("Office 209 Russian Federation"). Numbers alone
/// never count as a country (a numeric ISO code would match a house number).
pub(crate) fn address_country(address: &str) -> Option<String> {
    for part in address.rsplit(',') {
        if let Some(code) = part_country(part) {
            return Some(code);
        }
    }
    None
}

fn part_country(part: &str) -> Option<String> {
    let cleaned: String = {
        let no_brackets = match (part.find('('), part.rfind(')')) {
            (Some(a), Some(b)) if a < b => format!("{} {}", &part[..a], &part[b + 1..]),
            _ => part.to_string(),
        };
        no_brackets
            .split_whitespace()
            .filter(|w| !w.bytes().any(|b| b.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let cleaned = cleaned.trim().trim_end_matches('.').trim();
    if cleaned.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return None;
    }
    if let Some(c) = crate::country::to_code(cleaned) {
        return Some(c.to_string());
    }
    // Trailing or leading words: "Office Russian Federation", "Russian Federation jsc-x.com/".
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    for len in (1..words.len()).rev() {
        for start in [words.len() - len, 0] {
            let candidate = words[start..start + len].join(" ");
            if candidate.chars().count() >= 4 {
                if let Some(c) = crate::country::to_code(&candidate) {
                    return Some(c.to_string());
                }
            }
        }
    }
    None
}

/// Splits a multi-valued cell written as `a; b; "c; d"` (values separated by `;`, spaces after
/// a separator skipped, a value holding `;` or `"` quoted CSV-style with inner quotes doubled)
/// into its squashed, non-empty values. An unbalanced quote keeps the rest of the cell as one
/// value, so nothing is lost.
pub(crate) fn split_semicolons(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut value = String::new();
    let mut chars = cell.chars().peekable();
    let mut at_start = true;
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    value.push('"');
                } else {
                    quoted = false;
                }
            } else {
                value.push(c);
            }
            continue;
        }
        match c {
            ';' => {
                out.push(squash(&value));
                value.clear();
                at_start = true;
            }
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            c if at_start && c.is_whitespace() => {}
            c => {
                value.push(c);
                at_start = false;
            }
        }
    }
    out.push(squash(&value));
    out.retain(|v| !v.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            date_part("2026-02-27T00:00:09.554Z").as_deref(),
            Some("2026-02-27")
        );
        assert_eq!(date_part("1962").as_deref(), Some("1962"));
        assert_eq!(date_part("1962-05").as_deref(), Some("1962-05"));
        assert_eq!(date_part("n/a"), None);
        assert_eq!(dotted_date("12.9.2014").as_deref(), Some("2014-09-12"));
        assert_eq!(dotted_date("2011-02").as_deref(), Some("2011-02"));
        assert_eq!(dotted_date("31.13.2014"), None);
        assert_eq!(dotted_date("Approximately 1952"), None);
    }

    #[test]
    fn inn_check_digits() {
        assert!(inn_checks("7704730655"));
        assert!(inn_checks("7707083893"));
        assert!(!inn_checks("7707083894"));
        assert!(inn_checks("500100732259"));
        assert!(!inn_checks("500100732258"));
        assert!(!inn_checks("77070838"));
    }

    #[test]
    fn address_countries() {
        let cases = [
            (
                "119435, Moscow, Pirogovskaya M. Str., 18, Building 1, Russian Federation",
                Some("ru"),
            ),
            ("Unit 5, 12/F, Kowloon, Hong Kong", Some("hk")),
            ("Shenzhen, People’s Republic of China", Some("cn")),
            ("Istanbul, Republic of Türkiye", Some("tr")),
            ("Dubai, United Arab Emirates (UAE)", Some("ae")),
            ("Bangalore 560066 Republic of India", Some("in")),
            ("Moscow, Office 209 Russian Federation", Some("ru")),
            ("Building 8, 4", None),
            ("Shenzhen, People’s Republic of China, Shenzhen", Some("cn")),
        ];
        for (a, want) in cases {
            assert_eq!(address_country(a).as_deref(), want, "{a}");
        }
    }

    #[test]
    fn semicolon_cells() {
        assert_eq!(split_semicolons("Foo; Bar"), ["Foo", "Bar"]);
        assert_eq!(split_semicolons("\"Foo; Bar\"; Baz"), ["Foo; Bar", "Baz"]);
        assert!(split_semicolons(" ").is_empty());
        assert_eq!(
            split_semicolons("Ermak-Trade; \"Ермак \"\"Трейд\"\"\""),
            ["Ermak-Trade", "Ермак \"Трейд\""]
        );
        assert_eq!(split_semicolons("a;; b ;"), ["a", "b"]);
        assert_eq!(split_semicolons("x; \"open; y"), ["x", "open; y"]);
    }

    #[test]
    fn legal_forms() {
        assert!(has_legal_form("ARROWTRONIC, LLC"));
        assert!(has_legal_form("ООО \"РОМАШКА\""));
        assert!(has_legal_form("BANCO VTB AFRICA S.A."));
        assert!(has_legal_form("深圳市某某电子有限公司"));
        assert!(has_legal_form("AIR FREIGHT LTD."));
        assert!(!has_legal_form("AARON ABRAHAM VILLA"));
        assert!(
            !has_legal_form("SAAB AS SALAM"),
            "AS only counts at the end"
        );
    }
}
