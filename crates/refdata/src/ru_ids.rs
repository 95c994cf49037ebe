//! Russian company and taxpayer identifiers, the one copy every stage calls: ИНН (INN, the
//! taxpayer number: 10 digits for an organisation, 12 for an individual or sole trader) and
//! ОГРН / ОГРНИП (OGRN, the state registration number: 13 digits for an organisation, 15 for a
//! sole trader), with their check digits.
//!
//! [`check_inn`] and [`check_ogrn`] normalise a value as found in a file and say what they did:
//! spaces, dashes, a `ИНН`/`INN` label, a spreadsheet's `.0` and the `/КПП` part of `ИНН/КПП`
//! are removed; a leading zero that a spreadsheet dropped (`286375574` for `0286375574`, INNs
//! of regions 01–09) is restored when the check digit then holds. A value that still fails is
//! kept as written with an [`IdIssue`] — callers mark the field and keep the record; nothing
//! is ever dropped here.

use std::fmt;

/// What kind of identifier a valid value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuIdKind {
    /// ИНН of an organisation (10 digits).
    InnOrganisation,
    /// ИНН of an individual or sole trader (12 digits).
    InnIndividual,
    /// ОГРН of an organisation (13 digits).
    Ogrn,
    /// ОГРНИП of a sole trader (15 digits).
    Ogrnip,
}

impl RuIdKind {
    /// The Russian name of the identifier, as analysts write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RuIdKind::InnOrganisation | RuIdKind::InnIndividual => "ИНН",
            RuIdKind::Ogrn => "ОГРН",
            RuIdKind::Ogrnip => "ОГРНИП",
        }
    }
}

/// Why a value is not a valid identifier (it is then kept as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdIssue {
    /// Characters other than digits remain after cleaning.
    NotDigits,
    /// The number of digits fits no identifier of the kind asked for.
    Length(usize),
    /// The check digit(s) do not hold.
    Checksum,
}

impl fmt::Display for IdIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdIssue::NotDigits => f.write_str("not only digits"),
            IdIssue::Length(n) => write!(f, "{n} digits"),
            IdIssue::Checksum => f.write_str("check digit does not hold"),
        }
    }
}

/// The outcome of checking one identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdCheck {
    /// The value to store: the normalised identifier when valid; else the cleaned digits
    /// ([`clean_id`]) when only digits remain, or the input trimmed when not (never empty
    /// unless the input was).
    pub value: String,
    /// The kind, when valid.
    pub kind: Option<RuIdKind>,
    /// Whether a dropped leading zero was put back to make it valid.
    pub restored_zero: bool,
    /// Why it is not valid, `None` when it is (or when the input is empty).
    pub issue: Option<IdIssue>,
}

impl IdCheck {
    /// Whether the value is a valid identifier.
    pub fn is_valid(&self) -> bool {
        self.kind.is_some()
    }

    /// A one-sentence warning for the analyst when the value was changed or is invalid
    /// (`what` names the identifier, e.g. "INN"); `None` when valid as written or empty.
    pub fn warning(&self, what: &str, raw: &str) -> Option<String> {
        let raw = raw.trim();
        if self.restored_zero {
            Some(format!(
                "{what} `{raw}` lost its leading zero; restored as `{}` (the check digit holds)",
                self.value
            ))
        } else {
            self.issue
                .as_ref()
                .map(|i| format!("{what} `{raw}` is not valid ({i}); kept as written"))
        }
    }
}

/// Strips what files wrap identifiers in: space and dashes, a label (`ИНН`, `INN`, `ОГРН`,
/// `OGRN`, `ОГРНИП`, `№`, `:`), a spreadsheet's trailing `.0`, and the `/КПП` part of `ИНН/КПП`.
pub fn clean_id(raw: &str) -> String {
    let mut t = raw.trim();
    // `ИНН/КПП` written together: the INN is the part before the slash.
    if let Some((a, _)) = t.split_once(['/', '\\']) {
        t = a;
    }
    let upper = t.to_uppercase();
    let mut s = upper.as_str();
    for label in ["ОГРНИП", "ОГРН", "OGRNIP", "OGRN", "ИНН", "INN"] {
        if let Some(rest) = s.strip_prefix(label) {
            s = rest;
            break;
        }
    }
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '–' | ':' | '№' | '#' | '\''))
        .collect();
    // A number a spreadsheet stored as a float: `7701234567.0`.
    if let Some(stripped) = out.strip_suffix(".0") {
        if stripped.bytes().all(|b| b.is_ascii_digit()) {
            out.truncate(stripped.len());
        }
    }
    out
}

/// The digits of `s` (at most 15, ASCII only) without allocating; `None` for anything else.
fn digits(s: &str) -> Option<([u32; 15], usize)> {
    let b = s.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut d = [0u32; 15];
    for (slot, &c) in d.iter_mut().zip(b) {
        if !c.is_ascii_digit() {
            return None;
        }
        *slot = u32::from(c - b'0');
    }
    Some((d, b.len()))
}

fn weighted(d: &[u32], w: &[u32]) -> u32 {
    d.iter().zip(w).map(|(a, b)| a * b).sum::<u32>() % 11 % 10
}

/// Whether `s` (digits only) is a valid INN: 10 digits with one check digit, or 12 with two.
/// Allocation-free: importers call it on every record.
pub fn inn_checksum_ok(s: &str) -> bool {
    let Some((d, n)) = digits(s) else {
        return false;
    };
    match n {
        10 => weighted(&d[..9], &[2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[9],
        12 => {
            weighted(&d[..10], &[7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[10]
                && weighted(&d[..11], &[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[11]
        }
        _ => false,
    }
}

/// Whether `s` (digits only) is a valid OGRN (13 digits: the first 12 modulo 11, modulo 10)
/// or OGRNIP (15 digits: the first 14 modulo 13, modulo 10).
pub fn ogrn_checksum_ok(s: &str) -> bool {
    let Some((d, n)) = digits(s) else {
        return false;
    };
    let (body, modulus) = match n {
        13 => (&d[..12], 11u64),
        15 => (&d[..14], 13u64),
        _ => return false,
    };
    let rem = body
        .iter()
        .fold(0u64, |acc, &x| (acc * 10 + u64::from(x)) % modulus);
    (rem % 10) as u32 == d[n - 1]
}

fn check(raw: &str, valid: fn(&str) -> bool, kind: fn(usize) -> Option<RuIdKind>) -> IdCheck {
    let cleaned = clean_id(raw);
    let kept = raw.trim().to_string();
    if cleaned.is_empty() {
        return IdCheck {
            value: kept,
            kind: None,
            restored_zero: false,
            issue: (!raw.trim().is_empty()).then_some(IdIssue::NotDigits),
        };
    }
    if !cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return IdCheck {
            value: kept,
            kind: None,
            restored_zero: false,
            issue: Some(IdIssue::NotDigits),
        };
    }
    let n = cleaned.len();
    if let Some(k) = kind(n) {
        if valid(&cleaned) {
            return IdCheck {
                value: cleaned,
                kind: Some(k),
                restored_zero: false,
                issue: None,
            };
        }
    }
    // A leading zero lost in a spreadsheet: one digit short of a valid length.
    if let Some(k) = kind(n + 1) {
        let padded = format!("0{cleaned}");
        if valid(&padded) {
            return IdCheck {
                value: padded,
                kind: Some(k),
                restored_zero: true,
                issue: None,
            };
        }
    }
    IdCheck {
        value: cleaned,
        kind: None,
        restored_zero: false,
        issue: Some(if kind(n).is_some() {
            IdIssue::Checksum
        } else {
            IdIssue::Length(n)
        }),
    }
}

/// Checks and normalises an INN as found in a file (see the module docs).
pub fn check_inn(raw: &str) -> IdCheck {
    check(raw, inn_checksum_ok, |n| match n {
        10 => Some(RuIdKind::InnOrganisation),
        12 => Some(RuIdKind::InnIndividual),
        _ => None,
    })
}

/// Checks and normalises an OGRN or OGRNIP as found in a file (see the module docs; OGRNs
/// start with 1 or 5 and OGRNIPs with 3, so no leading zero is ever restored in practice, but
/// the same rule applies).
pub fn check_ogrn(raw: &str) -> IdCheck {
    check(raw, ogrn_checksum_ok, |n| match n {
        13 => Some(RuIdKind::Ogrn),
        15 => Some(RuIdKind::Ogrnip),
        _ => None,
    })
}

/// The normalised INN when `raw` is (or becomes, with a restored leading zero) a valid one:
/// the key to compare parties by.
pub fn normalize_inn(raw: &str) -> Option<String> {
    let c = check_inn(raw);
    c.is_valid().then_some(c.value)
}

/// The normalised OGRN or OGRNIP when `raw` is a valid one.
pub fn normalize_ogrn(raw: &str) -> Option<String> {
    let c = check_ogrn(raw);
    c.is_valid().then_some(c.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inn_check_digits() {
        // Published INNs: Sberbank 7707083893, Gazprom 7736050003, and a Bashkortostan INN
        // (region 02) that starts with zero.
        for ok in ["7707083893", "7736050003", "0286375574", "500100732259"] {
            assert!(inn_checksum_ok(ok), "{ok}");
        }
        for bad in [
            "7707083894",
            "0286375575",
            "500100732258",
            "770708389",
            "abcdefghij",
        ] {
            assert!(!inn_checksum_ok(bad), "{bad}");
        }
    }

    #[test]
    fn ogrn_check_digits() {
        // Sberbank 1027700132195, Gazprom 1027700070518; an OGRNIP 304500116000157.
        for ok in ["1027700132195", "1027700070518", "304500116000157"] {
            assert!(ogrn_checksum_ok(ok), "{ok}");
        }
        for bad in ["1027700132196", "304500116000158", "102770013219"] {
            assert!(!ogrn_checksum_ok(bad), "{bad}");
        }
    }

    #[test]
    fn lost_leading_zero_is_restored_only_when_the_checksum_holds() {
        let c = check_inn("286375574");
        assert_eq!(c.value, "0286375574");
        assert!(c.restored_zero && c.is_valid());
        assert!(c
            .warning("INN", "286375574")
            .unwrap()
            .contains("restored as `0286375574`"));
        // Nine digits whose zero-padded form fails: kept as written, with a warning.
        let c = check_inn("286375575");
        assert_eq!(c.value, "286375575");
        assert!(!c.is_valid());
        assert_eq!(c.issue, Some(IdIssue::Length(9)));
        assert!(c
            .warning("INN", "286375575")
            .unwrap()
            .contains("kept as written"));
    }

    #[test]
    fn wrappers_are_cleaned() {
        for raw in [
            "ИНН 7707083893",
            " 7707-083-893 ",
            "7707083893.0",
            "7707083893/773601001",
            "INN: 7707083893",
        ] {
            let c = check_inn(raw);
            assert_eq!(c.value, "7707083893", "{raw}");
            assert!(c.is_valid() && !c.restored_zero && c.warning("INN", raw).is_none());
        }
        assert_eq!(
            normalize_ogrn("ОГРН 1027700132195").as_deref(),
            Some("1027700132195")
        );
        let c = check_inn("77O7083893");
        assert_eq!(
            (c.value.as_str(), c.issue),
            ("77O7083893", Some(IdIssue::NotDigits))
        );
        let c = check_inn("7707083894");
        assert_eq!(c.issue, Some(IdIssue::Checksum));
        assert_eq!(check_inn("").issue, None);
        assert_eq!(check_inn("").value, "");
    }
}
