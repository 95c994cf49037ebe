//! Russian company identifiers as trade parties and registries write them, through refdata's
//! one INN rule ([`chokepoint_refdata::ru_ids`]).

/// Normalises an INN for the resolution key: refdata's check ([`chokepoint_refdata::ru_ids::check_inn`])
/// — separators and labels stripped, a lost leading zero restored only where the check digit
/// then holds. Returns the value and, when it was repaired or is not a valid INN, a one-sentence
/// note for the import report. The value is never dropped: an invalid one is kept as written.
pub fn normalize_inn(raw: &str) -> (String, Option<String>) {
    let check = chokepoint_refdata::ru_ids::check_inn(raw);
    let note = check.warning("INN", raw);
    (check.value, note)
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
        // Nine digits whose zero-padded form fails the check digit: kept, with a note.
        let (v, note) = normalize_inn("286375575");
        assert_eq!(v, "286375575");
        assert!(note.unwrap().contains("not valid"));
        let (v, note) = normalize_inn("12345");
        assert_eq!(v, "12345");
        assert!(note.is_some());
        assert_eq!(normalize_inn(""), (String::new(), None));
    }
}
