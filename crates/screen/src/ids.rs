//! Identifier normalisation for the exact-match map.

use chokepoint_model::Prop;

/// Normalises an identifier for exact comparison: keeps letters and digits only, upper-cased,
/// and drops a leading `IMO` on IMO numbers. Returns `None` when fewer than 4 characters remain
/// (too short to identify anything).
///
/// ```
/// use chokepoint_model::Prop;
/// use chokepoint_screen::normalize_identifier;
/// assert_eq!(normalize_identifier(Prop::InnCode, " 7702-070 139 ").as_deref(), Some("7702070139"));
/// assert_eq!(normalize_identifier(Prop::ImoNumber, "IMO 9187629").as_deref(), Some("9187629"));
/// assert_eq!(normalize_identifier(Prop::TaxNumber, "-"), None);
/// ```
pub fn normalize_identifier(prop: Prop, value: &str) -> Option<String> {
    let mut out: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    if prop == Prop::ImoNumber && out.starts_with("IMO") {
        out.drain(..3);
    }
    if out.chars().count() < 4 {
        return None;
    }
    Some(out)
}

/// Whether a conflict between two values of this identifier type is evidence against a match.
/// Registration and passport numbers of different registries often differ for the same party,
/// so only types with one value per party count.
pub(crate) fn conflict_is_evidence(prop: Prop) -> bool {
    matches!(
        prop,
        Prop::InnCode | Prop::OgrnCode | Prop::ImoNumber | Prop::LeiCode
    )
}

/// The short label used in explanations.
pub(crate) fn label(prop: Prop) -> &'static str {
    match prop {
        Prop::InnCode => "INN",
        Prop::OgrnCode => "OGRN",
        Prop::ImoNumber => "IMO",
        Prop::LeiCode => "LEI",
        Prop::SwiftBic => "SWIFT/BIC",
        Prop::TaxNumber => "tax no.",
        Prop::RegistrationNumber => "registration no.",
        Prop::PassportNumber => "passport no.",
        Prop::IdNumber => "ID no.",
        other => other.as_str(),
    }
}
