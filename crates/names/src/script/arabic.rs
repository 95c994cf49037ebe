//! Arabic script (Arabic, Persian, Urdu, Pashto letters) romanised.
//!
//! Arabic script is written without short vowels, so a letter table alone gives `mhmd` for
//! محمد. Frequent name words are therefore read from a small dictionary of their usual
//! vocalised forms; other words are romanised letter by letter (long vowels kept) and meet
//! latin spellings through the vowel-free [`crate::script::phonetic::phonetic_key`]. The article `ال` is cut
//! off; `عبد` + name is split so that the latin `abd` compounds can join it again. The latin
//! spellings of Arabic names are unified by the table layer (`tables/arabic_names.rs`).

use chokepoint_refdata::hash::FastMap as HashMap;
use std::sync::OnceLock;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Frequent name words in Arabic script → their usual vocalised latin form.
#[rustfmt::skip]
const SCRIPT_NAMES: &[(&str, &str)] = &[
    ("محمد", "muhammad"), ("احمد", "ahmad"), ("علي", "ali"), ("على", "ali"), ("حسن", "hasan"),
    ("حسين", "husain"), ("محمود", "mahmud"), ("خالد", "khalid"), ("عمر", "umar"),
    ("عثمان", "uthman"), ("يوسف", "yusuf"), ("ابراهيم", "ibrahim"), ("مصطفى", "mustafa"),
    ("سعيد", "said"), ("صالح", "salih"), ("جمال", "jamal"), ("عبد", "abd"), ("الله", "allah"),
    ("كمال", "kamal"), ("حامد", "hamid"), ("ياسين", "yasin"), ("سليمان", "sulaiman"),
    ("طارق", "tariq"), ("قاسم", "qasim"), ("يحيى", "yahya"), ("يحيي", "yahya"),
    ("منصور", "mansur"), ("عزيز", "aziz"), ("رحمن", "rahman"), ("رحمان", "rahman"),
    ("رحيم", "rahim"), ("كريم", "karim"), ("مجيد", "majid"), ("فيصل", "faisal"),
    ("سلطان", "sultan"), ("ناصر", "nasir"), ("نور", "nur"), ("دين", "din"), ("جان", "jan"),
    ("خان", "khan"), ("شاه", "shah"), ("اغا", "agha"), ("بن", "bin"), ("ابن", "bin"),
    ("ولد", "ould"), ("ابو", "abu"), ("بكر", "bakr"), ("هاشم", "hashim"), ("سالم", "salim"),
    ("رشيد", "rashid"), ("عادل", "adil"), ("صدام", "saddam"), ("اسامة", "usama"),
    ("لادن", "ladin"), ("حمزة", "hamza"), ("سعد", "saad"), ("فاطمة", "fatima"),
    ("عائشة", "aisha"), ("مريم", "maryam"), ("زينب", "zainab"), ("خديجة", "khadija"),
    ("امين", "amin"), ("اسماعيل", "ismail"), ("موسى", "musa"), ("عيسى", "isa"),
    ("داود", "dawud"), ("سليم", "salim"), ("نبيل", "nabil"), ("ماجد", "majid"),
    ("وليد", "walid"), ("طه", "taha"), ("جعفر", "jafar"), ("مهدي", "mahdi"), ("هادي", "hadi"),
    ("حيدر", "haidar"), ("عباس", "abbas"), ("قادر", "qadir"), ("غني", "ghani"),
    ("ستار", "sattar"), ("رزاق", "razzaq"), ("لطيف", "latif"), ("غفور", "ghafur"),
    ("حكيم", "hakim"), ("حليم", "halim"), ("فتاح", "fattah"), ("ولي", "wali"),
    ("شريف", "sharif"), ("زيد", "zaid"), ("مختار", "mukhtar"), ("منير", "munir"),
    ("بشار", "bashar"), ("ايمن", "ayman"), ("اسد", "asad"), ("رامي", "rami"),
    ("حافظ", "hafiz"), ("جبار", "jabbar"), ("قدوس", "quddus"), ("باقي", "baqi"),
];

fn normalize_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ی' | 'ې' | 'ۍ' | 'ي' => 'ي',
        'ک' => 'ك',
        'ۀ' | 'ە' | 'ہ' | 'ھ' => 'ه',
        'ۃ' => 'ة',
        _ => c,
    }
}

/// Normalises an Arabic-script word: presentation forms decomposed, short-vowel marks and
/// tatweel removed, alef and yeh variants unified.
fn normalize(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    for c in word.chars() {
        decompose_compatible(c, |d| {
            if !is_combining_mark(d) && d != '\u{0640}' && d.is_alphanumeric() {
                s.push(normalize_letter(d));
            }
        });
    }
    s
}

fn script_dict() -> &'static HashMap<String, &'static str> {
    static D: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    D.get_or_init(|| {
        SCRIPT_NAMES
            .iter()
            .map(|(k, v)| (normalize(k), *v))
            .collect()
    })
}

fn letter(
    c: char,
    first: bool,
    prev_cons: bool,
    next_cons: bool,
    prev_alef_n: bool,
) -> &'static str {
    match c {
        'ا' => "a",
        'ب' => "b",
        'ت' | 'ط' | 'ٹ' | 'ټ' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' | 'ه' | 'ھ' | 'ہ' => "h",
        'خ' => "kh",
        'د' | 'ض' | 'ڈ' | 'ډ' => "d",
        'ذ' => "dh",
        'ر' | 'ڑ' | 'ړ' => "r",
        'ز' | 'ظ' => "z",
        'س' | 'ص' => "s",
        'ش' | 'ښ' => "sh",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' => "k",
        'گ' | 'ګ' => "g",
        'ل' => "l",
        'م' => "m",
        'ن' | 'ں' | 'ڼ' => "n",
        'و' if first => "w",
        'و' if prev_cons || !next_cons => "u",
        'و' => "w",
        'ي' if first => "y",
        'ي' => "i",
        'ى' if prev_alef_n => "i",
        'ى' => "a",
        'ة' => "a",
        'پ' => "p",
        'چ' => "ch",
        'ژ' => "zh",
        'ځ' => "dz",
        'ے' => "e",
        'ع' | 'ء' | 'ئ' | 'ؤ' => "",
        _ => "",
    }
}

fn is_cons(c: char) -> bool {
    !matches!(c, 'ا' | 'و' | 'ي' | 'ى' | 'ع' | 'ء' | 'ئ' | 'ؤ' | 'ة')
}

fn transliterate(word: &str) -> String {
    if let Some(v) = script_dict().get(word) {
        return (*v).to_string();
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(chars.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            out.push(c);
            continue;
        }
        if ('٠'..='٩').contains(&c) {
            out.push(char::from(b'0' + (c as u32 - '٠' as u32) as u8));
            continue;
        }
        let prev_cons = i > 0 && is_cons(chars[i - 1]);
        let next_cons = chars.get(i + 1).is_some_and(|&n| is_cons(n));
        // Persian and Urdu write final ye as ى: `حقانى` is Haqqani, not Haqqana.
        let prev_alef_n = i >= 2 && chars[i - 1] == 'ن' && chars[i - 2] == 'ا';
        out.push_str(letter(c, i == 0, prev_cons, next_cons, prev_alef_n));
    }
    out
}

/// Romanises one Arabic-script word into latin tokens (usually one; `عبدالله` gives `abd`,
/// `allah`), cutting the article `ال`.
pub(crate) fn romanize_word(word: &str, out: &mut Vec<String>) {
    let w = normalize(word);
    if w.is_empty() {
        return;
    }
    if script_dict().contains_key(&w) {
        out.push(transliterate(&w));
        return;
    }
    let mut rest: &str = &w;
    if rest.starts_with("عبد") && rest.chars().count() > 4 {
        out.push("abd".to_string());
        rest = &rest["عبد".len()..];
    }
    if rest.starts_with("ال") && rest.chars().count() > 3 && !script_dict().contains_key(rest) {
        // The article: kept as a separate word so that `abd al X` can join; dropped later.
        out.push("al".to_string());
        rest = &rest["ال".len()..];
    }
    let t = transliterate(rest);
    if !t.is_empty() {
        out.push(t);
    }
}
