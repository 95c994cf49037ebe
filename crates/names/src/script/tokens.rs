//! Splitting a raw name into script-homogeneous segments and romanising each segment into
//! folded latin words.

use crate::script::cyrillic::{self, CyrLang, System};
use crate::script::latin::{fold_latin_word, is_apostrophe, romanize_generic};
use crate::script::{arabic, chinese, korean};
use unicode_normalization::char::is_combining_mark;

/// The writing system of a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Latin letters and digits (with diacritics, fullwidth forms).
    Latin,
    /// Cyrillic.
    Cyrillic,
    /// Chinese characters (Hanzi, Kanji, Hanja).
    Han,
    /// Arabic script (Arabic, Persian, Urdu, Pashto letters).
    Arabic,
    /// Hangul syllables.
    Hangul,
    /// Anything else (Greek, Hebrew, Thai, kana...), romanised generically.
    Other,
    /// The ampersand, read as `and`.
    Amp,
}

/// One segment of a name: a run of letters of one script.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment<'a> {
    /// The raw text of the segment (may contain joining apostrophes and combining marks).
    pub text: &'a str,
    /// Its script.
    pub script: Script,
}

/// A name cut into segments, with the Cyrillic language guessed from the whole name.
#[derive(Debug, Clone)]
pub(crate) struct Segmented<'a> {
    /// The segments in order.
    pub segs: Vec<Segment<'a>>,
    /// The language used for Cyrillic segments.
    pub lang: CyrLang,
}

enum Class {
    Letter(Script),
    Join,
    Amp,
    Sep,
}

fn script_of(c: char) -> Script {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' => Script::Latin,
        '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{A640}'..='\u{A69F}' => {
            Script::Cyrillic
        }
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '〇' => Script::Han,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => Script::Arabic,
        '\u{AC00}'..='\u{D7A3}' => Script::Hangul,
        '\u{00C0}'..='\u{024F}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{FF10}'..='\u{FF19}'
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}'
        | '\u{2C60}'..='\u{2C7F}'
        | '\u{A720}'..='\u{A7FF}'
        | '\u{0259}' => Script::Latin,
        _ => Script::Other,
    }
}

fn class(c: char) -> Class {
    if c.is_ascii_alphanumeric() {
        return Class::Letter(Script::Latin);
    }
    // Fast paths for the big letter blocks (no Unicode property lookup).
    match c {
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => {
            return Class::Letter(Script::Cyrillic)
        }
        '\u{4E00}'..='\u{9FFF}' => return Class::Letter(Script::Han),
        '\u{AC00}'..='\u{D7A3}' => return Class::Letter(Script::Hangul),
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => return Class::Letter(Script::Arabic),
        _ => {}
    }
    if is_apostrophe(c) {
        Class::Join
    } else if c == '&' || c == '＆' {
        Class::Amp
    } else if c.is_alphanumeric() {
        Class::Letter(script_of(c))
    } else if is_combining_mark(c) {
        Class::Join
    } else {
        Class::Sep
    }
}

/// Cuts `text` into segments: letters of one script, with apostrophes and combining marks
/// kept inside words; everything else separates.
pub(crate) fn segment(text: &str) -> Segmented<'_> {
    let mut segs = Vec::new();
    let mut start: Option<(usize, Script)> = None;
    let mut cyr = cyrillic::LangDetector::default();
    for (i, c) in text.char_indices() {
        match class(c) {
            Class::Letter(script) => {
                if script == Script::Cyrillic {
                    cyr.see(c);
                }
                match start {
                    Some((_, s)) if s == script => {}
                    Some((b, s)) => {
                        segs.push(Segment {
                            text: &text[b..i],
                            script: s,
                        });
                        start = Some((i, script));
                    }
                    None => start = Some((i, script)),
                }
            }
            Class::Join => {}
            Class::Amp => {
                if let Some((b, s)) = start.take() {
                    segs.push(Segment {
                        text: &text[b..i],
                        script: s,
                    });
                }
                segs.push(Segment {
                    text: &text[i..i + c.len_utf8()],
                    script: Script::Amp,
                });
            }
            Class::Sep => {
                if let Some((b, s)) = start.take() {
                    segs.push(Segment {
                        text: &text[b..i],
                        script: s,
                    });
                }
            }
        }
    }
    if let Some((b, s)) = start {
        segs.push(Segment {
            text: &text[b..],
            script: s,
        });
    }
    Segmented {
        segs,
        lang: cyr.lang(),
    }
}

/// Romanises one segment into folded latin words (readable form), appending them to `out`.
pub(crate) fn romanize_segment(
    seg: &Segment<'_>,
    lang: CyrLang,
    sys: System,
    out: &mut Vec<String>,
) {
    match seg.script {
        Script::Latin => {
            let mut w = String::with_capacity(seg.text.len());
            fold_latin_word(seg.text, &mut w);
            if !w.is_empty() {
                out.push(w);
            }
        }
        Script::Cyrillic => {
            let mut w = String::with_capacity(seg.text.len() * 2);
            cyrillic::romanize_into(seg.text, lang, sys, &mut w);
            if !w.is_empty() {
                out.push(w);
            }
        }
        Script::Arabic => arabic::romanize_word(seg.text, out),
        Script::Han => {
            for c in seg.text.chars() {
                let readings = chinese::readings(c);
                if let Some(r) = readings.first() {
                    let mut w = String::with_capacity(r.len());
                    chinese::fold_reading(r, &mut w);
                    out.push(w);
                }
            }
        }
        Script::Hangul => korean::romanize_word(seg.text, out),
        Script::Amp => out.push("and".to_string()),
        Script::Other => romanize_generic(seg.text, out),
    }
}
