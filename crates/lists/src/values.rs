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
