//! Hangul romanisation: syllables are decomposed arithmetically into jamo and written with
//! the consonants of the Revised Romanization and the vowels of McCune–Reischauer without
//! its breves (`ㅓ` → `o`, `ㅡ` → `u`), which is how most Korean names appear in latin on
//! lists (`Kim Jong Un`, `Park Ji Sung`). The common surnames have their customary spelling.

const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i",
];
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// Customary latin spellings of frequent surnames.
fn surname(c: char) -> Option<&'static str> {
    Some(match c {
        '김' => "kim",
        '이' | '리' => "lee",
        '박' => "park",
        '최' => "choi",
        '정' => "jung",
        '강' => "kang",
        '조' => "cho",
        '윤' => "yoon",
        '장' => "jang",
        '임' => "lim",
        '한' => "han",
        '오' => "oh",
        '서' => "seo",
        '신' => "shin",
        '권' => "kwon",
        '황' => "hwang",
        '안' => "ahn",
        '송' => "song",
        '류' | '유' => "yoo",
        '홍' => "hong",
        '고' => "ko",
        '문' => "moon",
        '양' => "yang",
        '손' => "son",
        '배' => "bae",
        '백' => "baek",
        '노' => "roh",
        '남' => "nam",
        '심' => "shim",
        '곽' => "kwak",
        '성' => "sung",
        '차' => "cha",
        '주' => "joo",
        '우' => "woo",
        '구' => "koo",
        '전' => "jeon",
        _ => return None,
    })
}

/// Romanises one syllable; `None` for characters that are not Hangul syllables.
pub(crate) fn syllable(c: char) -> Option<String> {
    let idx = (c as u32).checked_sub(0xAC00)?;
    if idx >= 11172 {
        return None;
    }
    let (l, v, t) = (
        (idx / 588) as usize,
        ((idx % 588) / 28) as usize,
        (idx % 28) as usize,
    );
    let mut s = String::with_capacity(6);
    s.push_str(INITIALS[l]);
    s.push_str(VOWELS[v]);
    s.push_str(FINALS[t]);
    Some(s)
}

/// Romanises a Hangul word into one token per syllable; in a word of two to four syllables
/// the first is read as a surname.
pub(crate) fn romanize_word(word: &str, out: &mut Vec<String>) {
    let n = word.chars().count();
    for (i, c) in word.chars().enumerate() {
        if i == 0 && (2..=4).contains(&n) {
            if let Some(s) = surname(c) {
                out.push(s.to_string());
                continue;
            }
        }
        match syllable(c) {
            Some(s) => out.push(s),
            None => crate::script::latin::romanize_generic(c.encode_utf8(&mut [0u8; 4]), out),
        }
    }
}
