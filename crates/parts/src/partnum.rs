//! Part-number normalisation: splitting a marking into part number, date code and lot codes, and
//! stripping packaging suffixes so that `STM32F405RGT6TR`-style reel variants, `/TR`, `-REEL7`,
//! `#PBF`, `/NOPB` and distributor suffixes compare equal to the base part.
//!
//! Two forms are kept: [`PartNumber::normalized`] (upper case, dashes kept, suffixes stripped) for
//! display, and [`PartNumber::key`] (letters and digits only) for joins and prefix rules.

use serde::{Deserialize, Serialize};

/// A normalised part number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartNumber {
    /// As written (trimmed).
    pub raw: String,
    /// Upper case, single dashes, packaging and ordering suffixes removed.
    pub normalized: String,
    /// `normalized` reduced to letters and digits: the join and prefix-rule key.
    pub key: String,
}

/// Packaging, lead-free and distributor suffixes stripped from the end of a part number, longest
/// first. They are only stripped after a separator (`/`, `-`, `#`, `+`, `,`) so that letters that
/// belong to the part itself are kept.
const SUFFIXES: &[&str] = &[
    "TRPBF", "PBF", "NOPB", "REEL13", "REEL7", "REEL", "TR13", "TR", "T1", "T", "E3", "GE3", "ND",
    "CUT", "TAPE", "G4", "Z",
];

/// Separators after which a suffix is stripped.
const SUFFIX_SEPARATORS: &[char] = &['/', '-', '#', '+', ','];

/// Normalises one part number.
pub fn normalize(raw: &str) -> PartNumber {
    let raw = raw.trim().to_string();
    let mut s: String = raw
        .chars()
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '_' => '-',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    // Trailing separators and repeated stripping: "LT1763CS8-5#TRPBF" → "LT1763CS8-5".
    loop {
        let before = s.len();
        s = s.trim_end_matches(SUFFIX_SEPARATORS).to_string();
        if let Some(pos) = s.rfind(SUFFIX_SEPARATORS) {
            let tail = &s[pos + 1..];
            let sep = s[pos..].chars().next().unwrap_or('-');
            // "+" alone (Maxim lead-free) and "+T" strip; "-" suffixes only from the list.
            let listed =
                SUFFIXES.contains(&tail) && !(sep == '-' && matches!(tail, "T" | "Z" | "G4"));
            if listed || (sep == '+' && tail.is_empty()) {
                s.truncate(pos);
            }
        }
        if s.len() == before {
            break;
        }
    }
    // Collapse repeated dashes.
    let mut normalized = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '-' && normalized.ends_with('-') {
            continue;
        }
        normalized.push(c);
    }
    let key = compact(&normalized);
    PartNumber {
        raw,
        normalized,
        key,
    }
}

/// Letters and digits only, upper case: the key used by joins and prefix rules.
pub fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A marking split into its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitMarking {
    /// The token taken as the part number (empty when none looks like one).
    pub part_number: String,
    /// Date codes found (`YYWW`, e.g. `2219` = 2022 week 19).
    pub date_codes: Vec<String>,
    /// Other tokens (lot, trace and assembly-site codes, logos written as text).
    pub other: Vec<String>,
}

/// Splits a marking such as `"STM32F405RGT6 GH21Q 9R CHN 2219"` into the part number (the first
/// token of at least four characters mixing letters and digits), date codes (four-digit `YYWW`
/// tokens with a plausible week) and the rest. Words of a "Made in …" phrase go to `other`.
pub fn split_marking(marking: &str) -> SplitMarking {
    let mut out = SplitMarking::default();
    for token in marking
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '|' | ',' | '\n'))
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if parse_date_code(token).is_some() {
            out.date_codes.push(token.to_string());
        } else if out.part_number.is_empty() && looks_like_part_number(token) {
            out.part_number = token.to_string();
        } else {
            out.other.push(token.to_string());
        }
    }
    out
}

/// Whether a token looks like a part number: at least four letters-or-digits, with at least one
/// letter and one digit.
pub fn looks_like_part_number(token: &str) -> bool {
    let c = compact(token);
    c.len() >= 4
        && c.chars().any(|c| c.is_ascii_digit())
        && c.chars().any(|c| c.is_ascii_alphabetic())
}

/// Parses a four-digit `YYWW` date code into (year, week): years 1990–2039, weeks 1–53.
/// Other date-code conventions (YWW, lot-embedded codes) vary by maker and are not decoded.
pub fn parse_date_code(token: &str) -> Option<(i32, u32)> {
    let t = token.trim();
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yy: i32 = t[..2].parse().ok()?;
    let ww: u32 = t[2..].parse().ok()?;
    if !(1..=53).contains(&ww) {
        return None;
    }
    let year = if yy < 40 {
        2000 + yy
    } else if yy >= 90 {
        1900 + yy
    } else {
        return None;
    };
    Some((year, ww))
}

/// Extracts part-number candidates from free text such as a customs goods description
/// (`"Микросхема интегральная STM32F407VGT6, микроконтроллер"`): tokens that
/// [`looks_like_part_number`], normalised, and pairs of adjacent ASCII tokens joined when the
/// part number itself contains a space (`"TEN 5-2434"`, `"7506 ACD/P4A"`).
pub fn candidates_in_text(text: &str) -> Vec<PartNumber> {
    let mut out: Vec<PartNumber> = Vec::new();
    let mut push = |p: PartNumber| {
        if !out.iter().any(|q| q.key == p.key) {
            out.push(p);
        }
    };
    let tokens: Vec<&str> = text
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | ';' | '(' | ')' | '[' | ']' | ':' | '"' | '\'' | '«' | '»'
                )
        })
        .map(|t| t.trim_matches(|c: char| c == '.' || c == '-'))
        .collect();
    for token in &tokens {
        if token.is_ascii() && looks_like_part_number(token) {
            push(normalize(token));
        }
    }
    // Joined pairs come after the single tokens, so the first candidate is a whole token.
    for (i, token) in tokens.iter().enumerate() {
        if token.is_empty() || !token.is_ascii() {
            continue;
        }
        if let Some(next) = tokens.get(i + 1).filter(|n| !n.is_empty() && n.is_ascii()) {
            let joined = format!("{token} {next}");
            let has_digit = |t: &str| t.bytes().any(|b| b.is_ascii_digit());
            if (has_digit(token) || has_digit(next))
                && compact(&joined).len() <= 24
                && looks_like_part_number(&joined)
            {
                push(normalize(&joined));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_packaging_suffixes() {
        assert_eq!(normalize("stm32f405rgt6").normalized, "STM32F405RGT6");
        assert_eq!(normalize("LM358DR/NOPB").normalized, "LM358DR");
        assert_eq!(normalize("AD8605ARTZ-REEL7").normalized, "AD8605ARTZ");
        assert_eq!(normalize("LT1763CS8-5#TRPBF").normalized, "LT1763CS8-5");
        assert_eq!(normalize("LT1763CS8-5#PBF").key, "LT1763CS85");
        assert_eq!(normalize("MAX3232ESE+T").normalized, "MAX3232ESE");
        assert_eq!(normalize("MAX3232ESE+").normalized, "MAX3232ESE");
        assert_eq!(normalize("TPS62130RGTR/TR").normalized, "TPS62130RGTR");
        assert_eq!(normalize(" neo-m8n–0–10 ").normalized, "NEO-M8N-0-10");
        assert_eq!(normalize("NEO-M8N-0-10").key, "NEOM8N010");
        assert_eq!(normalize("296-1234-1-ND").normalized, "296-1234-1");
    }

    #[test]
    fn keeps_suffix_letters_that_belong_to_the_part() {
        // "-T" is a real ordering option in some families: not stripped after a dash.
        assert_eq!(normalize("XC7A35T-1FTG256C").normalized, "XC7A35T-1FTG256C");
        assert_eq!(normalize("ADSP-21479BSWZ-2A").key, "ADSP21479BSWZ2A");
        assert_eq!(normalize("IRLML6344TRPBF").normalized, "IRLML6344TRPBF");
    }

    #[test]
    fn splits_markings() {
        let s = split_marking("STM32F405RGT6 GH21Q 9R CHN 2219");
        assert_eq!(s.part_number, "STM32F405RGT6");
        assert_eq!(s.date_codes, vec!["2219"]);
        assert_eq!(s.other, vec!["GH21Q", "9R", "CHN"]);
        assert_eq!(parse_date_code("2219"), Some((2022, 19)));
        assert_eq!(parse_date_code("9952"), Some((1999, 52)));
        assert_eq!(parse_date_code("2260"), None);
        assert_eq!(parse_date_code("7512"), None);
        assert!(split_marking("e3 ST").part_number.is_empty());
    }

    #[test]
    fn finds_candidates_in_descriptions() {
        let c = candidates_in_text("Микросхема интегральная STM32F407VGT6, микроконтроллер, ST");
        assert_eq!(c[0].key, "STM32F407VGT6");
        assert!(
            c.iter().all(|p| p.key.starts_with("STM32F407VGT6")),
            "{c:?}"
        );
        let c = candidates_in_text("Преобразователь напряжения DC-DC TEN 5-2434");
        assert!(c.iter().any(|p| p.key == "TEN52434"), "{c:?}");
        let c = candidates_in_text("Подшипники 7506 ACD/P4A, SKF");
        assert!(c.iter().any(|p| p.key == "7506ACDP4A"), "{c:?}");
        let c = candidates_in_text("GNSS module NEO-M8N-0-10 (u-blox), 2 pcs");
        assert_eq!(c[0].key, "NEOM8N010");
    }
}
