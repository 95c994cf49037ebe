//! Country names and codes as the lists write them, to ISO 3166-1 alpha-2 (lower case, as FtM).

/// The ISO 3166-1 alpha-2 code (lower case) for a country name or code as a list writes it
/// ("Russia", "RUSSIAN FEDERATION", "RU", "Korea, North"), or `None` when unknown.
pub fn to_code(name: &str) -> Option<&'static str> {
    let _ = name;
    None // filled in by the lists work: a full table of names, alternative names and codes
}
