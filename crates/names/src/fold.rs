//! Character folding: Unicode compatibility decomposition, case folding and removal of
//! diacritics for latin-script text.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Letters that compatibility decomposition does not reduce to ASCII but that have an
/// agreed plain-latin spelling.
fn special_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' | 'ǽ' | 'Ǽ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' | 'ǿ' | 'Ǿ' => "o",
        'đ' | 'Đ' | 'ð' | 'Ð' | 'ɖ' => "d",
        'þ' | 'Þ' => "th",
        'ł' | 'Ł' | 'ŀ' | 'Ŀ' => "l",
        'ı' | 'İ' => "i",
        'ħ' | 'Ħ' => "h",
        'ŧ' | 'Ŧ' => "t",
        'ĸ' => "k",
        'ŋ' | 'Ŋ' => "n",
        'ſ' => "s",
        'ƒ' => "f",
        'ə' | 'Ə' | 'ǝ' => "e",
        'ɛ' | 'Ɛ' => "e",
        'ɔ' | 'Ɔ' => "o",
        _ => return None,
    })
}

/// Appends the folded form of one latin (or other non-special) character to `out`:
/// lower-case ASCII with diacritics removed. Returns `false` when nothing ASCII could be
/// produced by decomposition (the caller may then fall back to a romaniser).
pub(crate) fn fold_latin_char(c: char, out: &mut String) -> bool {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return true;
    }
    if let Some(s) = special_latin(c) {
        out.push_str(s);
        return true;
    }
    let before = out.len();
    let mut other = false;
    decompose_compatible(c, |d| {
        if d.is_ascii() {
            out.push(d.to_ascii_lowercase());
        } else if let Some(s) = special_latin(d) {
            out.push_str(s);
        } else if !is_combining_mark(d) {
            other = true;
        }
    });
    if other && out.len() == before {
        return false;
    }
    true
}

/// Folds any text to lower-case ASCII words separated by single spaces: Unicode-normalised,
/// diacritics removed, other scripts romanised (Cyrillic with BGN/PCGN, Chinese with pinyin,
/// Arabic, Hangul, and the rest with a generic romaniser), punctuation turned into spaces,
/// apostrophes dropped inside words (`O'Brien` → `obrien`) and `&` read as `and`.
///
/// This is the readable form; [`crate::skeleton()`] reduces a folded token further so that
/// different romanisations meet.
pub fn fold(text: &str) -> String {
    let segs = crate::tokens::segment(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut words = Vec::new();
    for seg in &segs.segs {
        words.clear();
        crate::tokens::romanize_segment(seg, segs.lang, crate::System::Bgn, &mut words);
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
