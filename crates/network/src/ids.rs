//! Russian company identifiers as trade parties and registries write them.
//!
//! TODO(lead): the checksum module `chokepoint_refdata::ru_ids` (INN and OGRN check digits) is
//! being added by another helper; when it lands, [`normalize_inn`] should restore a lost
//! leading zero only where the checksum then holds and mark an identifier whose checksum fails.
//! Until then it keeps digits only and restores the zero by length alone (a 9-digit INN is a
//! 10-digit one whose leading zero a spreadsheet dropped; an 11-digit one, a 12-digit personal
//! INN), which is what the resolution's INN key needs to join `0286375574` and `286375574`.

/// Normalises an INN: digits only, a lost leading zero restored (9 → 10, 11 → 12 digits).
/// Returns the normalised value and, when it was repaired or has an unusual length, a note for
/// the import report. The value is never dropped.
pub fn normalize_inn(raw: &str) -> (String, Option<String>) {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        0 => (digits, None),
        10 | 12 => {
            let note = (digits.len() != raw.trim().len())
                .then(|| format!("INN `{}` read as {digits}", raw.trim()));
            (digits, note)
        }
        9 | 11 => {
            let fixed = format!("0{digits}");
            let note = format!(
                "INN `{}` has {} digits: a lost leading zero restored ({fixed})",
                raw.trim(),
                digits.len()
            );
            (fixed, Some(note))
        }
        n => {
            let note = format!(
                "INN `{}` has {n} digits (10 for a company, 12 for a person): kept as written",
                raw.trim()
            );
            (digits, Some(note))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_inn;

    #[test]
    fn leading_zero_restored_and_nothing_dropped() {
        assert_eq!(normalize_inn("0286375574").0, "0286375574");
        assert!(normalize_inn("0286375574").1.is_none());
        let (v, note) = normalize_inn("286375574");
        assert_eq!(v, "0286375574");
        assert!(note.unwrap().contains("leading zero"));
        assert_eq!(normalize_inn("7701-234567").0, "7701234567");
        let (v, note) = normalize_inn("12345");
        assert_eq!(v, "12345");
        assert!(note.is_some());
        assert_eq!(normalize_inn(""), (String::new(), None));
    }
}
