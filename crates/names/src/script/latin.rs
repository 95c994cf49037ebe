//! Latin letters, one character at a time: folding to lower-case ASCII (diacritics removed,
//! `ß` → `ss`), the apostrophes that join words, and the generic romaniser for characters of
//! other scripts. The ground floor of the script layer: it imports nothing of the crate.

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

/// True for the apostrophes (and tatweel) that join the parts of a word (`O'Brien`).
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | 'ʼ' | 'ʹ' | 'ʺ' | '`' | '´' | '‘' | 'ʻ' | 'ʿ' | 'ʾ' | 'ˈ' | '′' | '\u{0640}'
    )
}

/// Folds a latin segment into one lower-case ASCII word, falling back to a generic romaniser
/// for characters that do not decompose.
pub(crate) fn fold_latin_word(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if is_apostrophe(c) || is_combining_mark(c) {
            continue;
        }
        if !fold_latin_char(c, out) {
            push_generic(c, out);
        }
    }
}

fn push_generic(c: char, out: &mut String) {
    let mut buf = [0u8; 4];
    for r in any_ascii::any_ascii(c.encode_utf8(&mut buf)).chars() {
        if r.is_ascii_alphanumeric() {
            out.push(r.to_ascii_lowercase());
        }
    }
}

/// Romanises a segment of any script generically (any_ascii), splitting where the
/// romaniser emits spaces or punctuation.
pub(crate) fn romanize_generic(text: &str, out: &mut Vec<String>) {
    let mut cur = String::new();
    for c in text.chars() {
        if is_apostrophe(c) {
            continue;
        }
        let mut buf = [0u8; 4];
        for r in any_ascii::any_ascii(c.encode_utf8(&mut buf)).chars() {
            if r.is_ascii_alphanumeric() {
                cur.push(r.to_ascii_lowercase());
            } else if r == '\'' || r == '`' {
                // Romanisers mark ejectives and glottal stops with apostrophes: join.
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
}
