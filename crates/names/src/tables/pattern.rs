//! How a word of a table's pattern (a legal form, an organisation type) meets a word of a name.

/// Whether a pattern word, given as (folded, skeleton), matches a name's word given as
/// (`folded`, `skel`): a pattern word of four letters or more matches by skeleton, so that
/// other romanisations meet it; a shorter one only as written (`ao` is not `ai`).
pub(crate) fn word_matches(pattern: (&str, &str), folded: &str, skel: &str) -> bool {
    if pattern.0.len() >= 4 {
        pattern.1 == skel
    } else {
        pattern.0 == folded
    }
}
