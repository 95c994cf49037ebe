//! Cyrillic romanisation for Russian, Ukrainian and Belarusian with small tables for the
//! systems met on sanctions lists and trade records: BGN/PCGN, GOST 7.79-2000 system B,
//! ISO 9 (with its diacritics folded away) and the passport system of ICAO Doc 9303.
//!
//! The systems disagree (Щербаков is `shcherbakov`, `shherbakov`, `ŝerbakov`); the
//! [`crate::script::skeleton::skeleton()`] of every output is the same, which is what matching relies on.

/// A Cyrillic romanisation system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum System {
    /// BGN/PCGN (for Ukrainian: the 2010 national system that BGN/PCGN adopted).
    Bgn,
    /// GOST 7.79-2000 system B (ASCII-only: `shh`, `cz`, `x`, `j`).
    Gost779B,
    /// ISO 9:1995, one letter per letter; its diacritics are folded (`ŝ` → `s`).
    Iso9,
    /// ICAO Doc 9303 machine-readable passport romanisation (Russian passports since 2013).
    Icao,
}

/// The language a Cyrillic text is read in; it changes г, и, е and the iotated vowels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CyrLang {
    /// Russian (and the default for other Cyrillic languages).
    #[default]
    Russian,
    /// Ukrainian: і, ї, є, ґ.
    Ukrainian,
    /// Belarusian: ў, і with ы/э.
    Belarusian,
}

/// Collects evidence about the language of Cyrillic letters.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct LangDetector {
    uk: bool,
    be: bool,
    i_dot: bool,
    ru_only: bool,
    i_cyr: bool,
}

impl LangDetector {
    /// Notes one Cyrillic character.
    pub(crate) fn see(&mut self, c: char) {
        match c {
            'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ' => self.uk = true,
            'ў' | 'Ў' => self.be = true,
            'і' | 'І' => self.i_dot = true,
            'ы' | 'Ы' | 'э' | 'Э' => self.ru_only = true,
            'и' | 'И' => self.i_cyr = true,
            _ => {}
        }
    }

    /// The language guessed from what was seen.
    pub(crate) fn lang(&self) -> CyrLang {
        if self.be || (self.i_dot && self.ru_only && !self.i_cyr) {
            CyrLang::Belarusian
        } else if self.uk || self.i_dot {
            CyrLang::Ukrainian
        } else {
            CyrLang::Russian
        }
    }
}

/// Guesses the language of a Cyrillic text from its letters.
pub fn detect_cyrillic_language(text: &str) -> CyrLang {
    let mut d = LangDetector::default();
    text.chars().for_each(|c| d.see(c));
    d.lang()
}

/// Romanises Cyrillic text with `system`, guessing the language from the letters. The result
/// is lower-case ASCII; non-Cyrillic characters are folded and kept, Cyrillic soft and hard
/// signs are dropped.
pub fn romanize_cyrillic(text: &str, system: System) -> String {
    romanize_cyrillic_as(text, detect_cyrillic_language(text), system)
}

/// Romanises Cyrillic text as `lang` with `system` (see [`romanize_cyrillic`]).
pub fn romanize_cyrillic_as(text: &str, lang: CyrLang, system: System) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    romanize_into(text, lang, system, &mut out);
    out
}

fn lower(c: char) -> char {
    match c {
        'а'..='я' | 'ѐ'..='џ' => c,
        'А'..='Я' => char::from_u32(c as u32 + 32).unwrap_or(c),
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 80).unwrap_or(c),
        'Ґ' => 'ґ',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'ї' | 'є'
    )
}

fn is_cyr(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// Appends the romanisation of `text` to `out`.
pub(crate) fn romanize_into(text: &str, lang: CyrLang, sys: System, out: &mut String) {
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(raw) = chars.next() {
        let c = lower(raw);
        if !is_cyr(c) {
            if crate::script::latin::is_apostrophe(raw) {
                continue;
            }
            if !crate::script::latin::fold_latin_char(raw, out) {
                out.push(' ');
            }
            prev = if raw.is_alphabetic() { Some('x') } else { None };
            continue;
        }
        let next = chars.peek().map(|&n| lower(n));
        // Word-initial, or after a vowel or a sign: where BGN writes `ye`.
        let word_initial = prev.is_none();
        let after_vowel =
            word_initial || prev.is_some_and(|p| is_vowel(p) || p == 'ь' || p == 'ъ' || p == '\'');
        let s = match lang {
            CyrLang::Russian => ru(c, sys, after_vowel, next),
            CyrLang::Ukrainian => uk(c, sys, word_initial, prev, next),
            CyrLang::Belarusian => be(c, sys, after_vowel, next),
        };
        match s {
            Some(s) => out.push_str(s),
            None => {
                if !other_cyr(c, out) {
                    let mut buf = [0u8; 4];
                    for r in any_ascii::any_ascii(c.encode_utf8(&mut buf)).chars() {
                        if r.is_ascii_alphanumeric() {
                            out.push(r.to_ascii_lowercase());
                        }
                    }
                }
            }
        }
        prev = Some(c);
    }
}

/// Letters shared by all three languages and systems.
fn common(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'д' => "d",
        'з' => "z",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'ь' => "",
        _ => return None,
    })
}

fn gost_ts(next: Option<char>) -> &'static str {
    match next {
        Some('е' | 'и' | 'ы' | 'й' | 'і' | 'є' | 'ї') => "c",
        _ => "cz",
    }
}

/// Letters written the same way in Russian and the other languages except for the system.
fn shared(c: char, sys: System, next: Option<char>) -> Option<&'static str> {
    use System::*;
    Some(match (c, sys) {
        ('ж', Iso9) => "z",
        ('ж', _) => "zh",
        ('х', Bgn | Icao) => "kh",
        ('х', Gost779B) => "x",
        ('х', Iso9) => "h",
        ('ц', Bgn | Icao) => "ts",
        ('ц', Gost779B) => gost_ts(next),
        ('ц', Iso9) => "c",
        ('ч', Iso9) => "c",
        ('ч', _) => "ch",
        ('ш', Iso9) => "s",
        ('ш', _) => "sh",
        ('щ', Bgn | Icao) => "shch",
        ('щ', Gost779B) => "shh",
        ('щ', Iso9) => "s",
        ('ы', _) => "y",
        ('э', _) => "e",
        _ => return None,
    })
}

fn ru(c: char, sys: System, after_vowel: bool, next: Option<char>) -> Option<&'static str> {
    use System::*;
    if let Some(s) = common(c).or_else(|| shared(c, sys, next)) {
        return Some(s);
    }
    Some(match (c, sys) {
        ('г', _) => "g",
        ('е', Bgn) if after_vowel => "ye",
        ('е', _) => "e",
        ('ё', Bgn) if after_vowel => "ye",
        ('ё', Gost779B) => "yo",
        ('ё', _) => "e",
        ('и', _) => "i",
        ('й', Bgn) => "y",
        ('й', Icao) => "i",
        ('й', _) => "j",
        ('ъ', Icao) => "ie",
        ('ъ', _) => "",
        ('ю', Bgn | Gost779B) => "yu",
        ('ю', Icao) => "iu",
        ('ю', Iso9) => "u",
        ('я', Bgn | Gost779B) => "ya",
        ('я', Icao) => "ia",
        ('я', Iso9) => "a",
        ('і', _) => "i",
        ('ѣ', _) => "e",
        ('ѳ', _) => "f",
        ('ѵ', _) => "i",
        _ => return None,
    })
}

fn uk(
    c: char,
    sys: System,
    initial: bool,
    prev: Option<char>,
    next: Option<char>,
) -> Option<&'static str> {
    use System::*;
    if let Some(s) = common(c).or_else(|| shared(c, sys, next)) {
        return Some(s);
    }
    let national = matches!(sys, Bgn | Icao);
    Some(match (c, sys) {
        ('г', _) if national && prev == Some('з') => "gh",
        ('г', _) if national => "h",
        ('г', _) => "g",
        ('ґ', _) => "g",
        ('е', _) => "e",
        ('є', Iso9) => "e",
        ('є', _) if national && !initial => "ie",
        ('є', _) => "ye",
        ('и', Iso9) => "i",
        ('и', _) => "y",
        ('і', _) => "i",
        ('ї', Iso9) => "i",
        ('ї', _) if national && !initial => "i",
        ('ї', _) => "yi",
        ('й', _) if national && !initial => "i",
        ('й', _) if national => "y",
        ('й', _) => "j",
        ('ю', Iso9) => "u",
        ('ю', _) if national && !initial => "iu",
        ('ю', _) => "yu",
        ('я', Iso9) => "a",
        ('я', _) if national && !initial => "ia",
        ('я', _) => "ya",
        ('ё', _) => "io",
        ('ъ', _) => "",
        _ => return None,
    })
}

fn be(c: char, sys: System, after_vowel: bool, next: Option<char>) -> Option<&'static str> {
    use System::*;
    if let Some(s) = common(c).or_else(|| shared(c, sys, next)) {
        return Some(s);
    }
    Some(match (c, sys) {
        ('г', Bgn | Icao) => "h",
        ('г', _) => "g",
        ('ґ', _) => "g",
        ('е', Bgn | Icao) if after_vowel => "ye",
        ('е', _) => "e",
        ('ё', Iso9) => "e",
        ('ё', Bgn | Icao) if !after_vowel => "io",
        ('ё', _) => "yo",
        ('і' | 'и', _) => "i",
        ('й', Bgn) => "y",
        ('й', Icao) => "i",
        ('й', _) => "j",
        ('ў', Bgn) => "w",
        ('ў', _) => "u",
        ('ю', Iso9) => "u",
        ('ю', Bgn | Icao) if !after_vowel => "iu",
        ('ю', _) => "yu",
        ('я', Iso9) => "a",
        ('я', Bgn | Icao) if !after_vowel => "ia",
        ('я', _) => "ya",
        ('ъ', _) => "",
        _ => return None,
    })
}

/// Letters of other Cyrillic alphabets seen in Central Asian names (Kazakh, Kyrgyz, Tatar,
/// Bashkir, Tajik, Uzbek Cyrillic), romanised plainly.
fn other_cyr(c: char, out: &mut String) -> bool {
    let s = match c {
        'ә' => "a",
        'ғ' => "gh",
        'қ' => "q",
        'ң' => "ng",
        'ө' => "o",
        'ұ' | 'ү' | 'ӯ' => "u",
        'һ' => "h",
        'җ' => "zh",
        'ҙ' => "z",
        'ҫ' => "s",
        'ӣ' => "i",
        'ҳ' => "h",
        'ҷ' => "j",
        'ђ' => "dj",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "c",
        'џ' => "dz",
        'ѓ' => "gj",
        'ќ' => "kj",
        'ѕ' => "dz",
        _ => return false,
    };
    out.push_str(s);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systems() {
        let n = "Щербаков Юрий Евгеньевич";
        assert_eq!(
            romanize_cyrillic(n, System::Bgn),
            "shcherbakov yuriy yevgen'yevich".replace('\'', "")
        );
        assert_eq!(
            romanize_cyrillic(n, System::Icao),
            "shcherbakov iurii evgenevich"
        );
        assert_eq!(
            romanize_cyrillic(n, System::Gost779B),
            "shherbakov yurij evgenevich"
        );
        assert_eq!(
            romanize_cyrillic(n, System::Iso9),
            "serbakov urij evgenevic"
        );
        assert_eq!(romanize_cyrillic("Цой", System::Gost779B), "czoj");
        assert_eq!(romanize_cyrillic("Цыганов", System::Gost779B), "cyganov");
    }

    #[test]
    fn ukrainian_and_belarusian() {
        assert_eq!(
            detect_cyrillic_language("Юлія Тимошенко"),
            CyrLang::Ukrainian
        );
        assert_eq!(
            romanize_cyrillic("Юлія Тимошенко", System::Bgn),
            "yuliia tymoshenko"
        );
        assert_eq!(
            romanize_cyrillic("Григорій Згурський", System::Bgn),
            "hryhorii zghurskyi"
        );
        assert_eq!(
            romanize_cyrillic("Ґалаґан Їжакевич Євген", System::Bgn),
            "galagan yizhakevych yevhen"
        );
        assert_eq!(
            detect_cyrillic_language("Аляксандр Лукашэнка"),
            CyrLang::Russian
        );
        assert_eq!(
            detect_cyrillic_language("Беларусь Ўладзімір"),
            CyrLang::Belarusian
        );
        assert_eq!(
            romanize_cyrillic("Ўладзімір Гомель", System::Bgn),
            "wladzimir homel"
        );
    }
}
