//! Folding whole texts: every segment romanised and folded to lower-case ASCII words.

use crate::script::cyrillic::System;
use crate::script::tokens::{romanize_segment, segment};

/// Folds any text to lower-case ASCII words separated by single spaces: Unicode-normalised,
/// diacritics removed, other scripts romanised (Cyrillic with BGN/PCGN, Chinese with pinyin,
/// Arabic, Hangul, and the rest with a generic romaniser), punctuation turned into spaces,
/// apostrophes dropped inside words (`O'Brien` → `obrien`) and `&` read as `and`.
///
/// This is the readable form; [`crate::script::skeleton::skeleton()`] reduces a folded token further so that
/// different romanisations meet.
pub fn fold(text: &str) -> String {
    let segs = segment(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut words = Vec::new();
    for seg in &segs.segs {
        words.clear();
        romanize_segment(seg, segs.lang, System::Bgn, &mut words);
        for w in &words {
            if w.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_and_case() {
        assert_eq!(fold("Müller"), "muller");
        assert_eq!(fold("Şahin"), "sahin");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("O'Brien"), "obrien");
        assert_eq!(fold("Jean-Luc  Picard"), "jean luc picard");
        assert_eq!(fold("A.B. & Sons"), "a b and sons");
        assert_eq!(fold("ＡＢＣ Ｃｏ"), "abc co");
        assert_eq!(fold("Łódź Øre Æther"), "lodz ore aether");
    }
}
