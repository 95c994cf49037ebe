//! Arabic-script names (Arabic, Persian, Urdu, Pashto letters) and the latin spellings of
//! Arabic names.
//!
//! Arabic script is written without short vowels, so a letter table alone gives `mhmd` for
//! محمد. Frequent name words are therefore read from a small dictionary of their usual
//! vocalised forms; other words are romanised letter by letter (long vowels kept) and meet
//! latin spellings through the vowel-free [`crate::phonetic_key`]. The article `ال` is cut
//! off; `عبد` + name is split so that the latin `abd` compounds can join it again.
//!
//! On the latin side, common variant spellings are mapped to one canonical spelling
//! (Mohammed, Muhammad, Mohamed, Mohammad → `muhammad`), `ibn`/`ben` → `bin`, and the
//! `abd al X` / `abdul X` / `abdel X` / `abdulX` compounds are joined to `abdX`.

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

/// Latin spellings of frequent Arabic names → one canonical spelling.
#[rustfmt::skip]
const LATIN_VARIANTS: &[(&str, &[&str])] = &[
    ("muhammad", &["mohammed", "mohamed", "mohammad", "mohamad", "muhammed", "muhamed", "muhamad", "mohd", "mohamud", "mouhamed", "mohammud", "muhammet", "mohummad", "mohamet"]),
    ("ahmad", &["ahmed", "ahmet", "ahamed", "ahmmad", "ahmd"]),
    ("husain", &["hussein", "husein", "hussain", "husayn", "hosein", "hossein", "hussien", "husseyn", "houssein", "hussian", "hussin"]),
    ("mahmud", &["mahmoud", "mahmood", "mahmut", "mehmood"]),
    ("khalid", &["khaled", "khaleed", "khalied", "khalid"]),
    ("umar", &["omar", "omer", "umer", "oumar", "omor"]),
    ("uthman", &["othman", "osman", "usman", "outhman", "ousmane", "othmane"]),
    ("yusuf", &["yousef", "youssef", "yusef", "yousif", "yusif", "yousuf", "yussuf", "youcef", "youssouf", "yusuph"]),
    ("ibrahim", &["ebrahim", "ibraheem", "ibrahem", "ibrahiem"]),
    ("mustafa", &["mostafa", "moustafa", "mustapha", "mostapha", "moustapha", "moustfa", "mustafah"]),
    ("said", &["saeed", "saied", "saeid", "saiid"]),
    ("sayyid", &["sayed", "sayyed", "seyed", "syed", "sayid", "seyyed"]),
    ("salih", &["saleh", "salehe"]),
    ("jamal", &["gamal", "djamel", "jamel", "djamal", "jamaal"]),
    ("yahya", &["yahia", "yehia", "yahiya", "yehya"]),
    ("usama", &["osama", "ousama", "oussama", "usamah", "osamah"]),
    ("abu", &["abou", "abo"]),
    ("bin", &["ibn"]),
    ("qasim", &["kassem", "qassim", "kasim", "qasem", "kasem", "gasim", "qassem", "kassim"]),
    ("tariq", &["tarek", "tarik", "tareq", "tarak", "tareck"]),
    ("adil", &["adel", "aadil"]),
    ("kamal", &["kamel"]),
    ("hamid", &["hamed", "hameed"]),
    ("majid", &["majed", "magid", "maged", "majeed"]),
    ("nasir", &["nasser", "naser", "nassir", "nacer"]),
    ("rashid", &["rachid", "rasheed", "rashed"]),
    ("salim", &["salem", "saleem", "selim"]),
    ("sulaiman", &["suleiman", "sulayman", "soliman", "suleyman", "sleiman", "slimane", "suliman", "sulaimon"]),
    ("faisal", &["faysal", "feisal", "faycal", "faical"]),
    ("yasin", &["yassin", "yaseen", "yassine", "yasine"]),
    ("ali", &["aly"]),
    ("ayman", &["aiman", "aymen"]),
    ("aziz", &["azeez"]),
    ("rahman", &["rehman", "rahmane"]),
    ("mahdi", &["mehdi", "mahdy"]),
    ("nur", &["noor", "nour"]),
    ("din", &["deen", "dine", "eddine", "eddin"]),
    ("hasan", &["hassan", "hassane", "hasen"]),
    ("abdallah", &["abdullah", "abdulla", "abdallah", "abdellah", "abdollah"]),
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

/// Variant spellings → canonical, by folded spelling and by skeleton (so that `Akhmed`,
/// whose skeleton is that of `Ahmed`, is `ahmad` too, and a key analysed again keeps its
/// spelling).
struct LatinDict {
    exact: HashMap<&'static str, &'static str>,
    by_skeleton: HashMap<String, &'static str>,
}

fn latin_dict() -> &'static LatinDict {
    static D: OnceLock<LatinDict> = OnceLock::new();
    D.get_or_init(|| {
        let mut exact = HashMap::default();
        let mut by_skeleton = HashMap::default();
        for (canon, vs) in LATIN_VARIANTS {
            for v in vs.iter().chain(std::iter::once(canon)) {
                exact.insert(*v, *canon);
                by_skeleton.insert(crate::skeleton(v), *canon);
            }
        }
        LatinDict { exact, by_skeleton }
    })
}

/// The canonical latin spelling of a frequent Arabic name word, if `token` (folded) is one of
/// its variants.
/// `skel` is the token's skeleton when the caller has it.
pub(crate) fn canonical_latin(token: &str, skel: Option<&str>) -> Option<&'static str> {
    let d = latin_dict();
    match d.exact.get(token) {
        Some(c) => Some(*c),
        None => match skel {
            Some(s) => d.by_skeleton.get(s).copied(),
            None => d.by_skeleton.get(&crate::skeleton(token)).copied(),
        },
    }
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

/// Prefixes of latin `abd` compounds written as one word.
const ABD_PREFIXES: &[&str] = &[
    "abdoul", "abdul", "abdel", "abdal", "abdol", "abdur", "abder", "abdar", "abdor", "abd",
];

/// Articles that may stand between `abd` and the name.
const ARTICLES: &[&str] = &[
    "al", "el", "ul", "ar", "ur", "er", "as", "us", "ad", "ud", "an", "at", "az", "ash",
];

fn join_abd(rest: &str) -> String {
    let r = match rest {
        "allah" | "alla" | "ullah" | "ulla" | "llah" | "lah" => "lah",
        r => r,
    };
    let mut s = String::with_capacity(3 + r.len());
    s.push_str("abd");
    s.push_str(r);
    s
}

/// The single-word Arabic rules for a folded word: an `abd` compound written as one word
/// becomes `abdX` (`abdulrahman`, `abderrahmane` → `abdrahman`...), a frequent name its
/// canonical spelling. `None` when nothing applies.
pub(crate) fn normalize_word(w: &str, skel: Option<&str>) -> Option<String> {
    if let Some(c) = canonical_latin(w, skel) {
        return Some(if c == "abdallah" {
            "abdlah".to_string()
        } else {
            c.to_string()
        });
    }
    // The article written joined: `Alhassan`, `Elsayed`.
    if w.len() >= 6 && (w.starts_with("al") || w.starts_with("el")) {
        if let Some(c) = canonical_latin(&w[2..], None) {
            return Some(c.to_string());
        }
    }
    if w.len() > 4 && w.starts_with("abd") {
        let p = ABD_PREFIXES
            .iter()
            .find(|p| w.starts_with(*p) && w.len() >= p.len() + 3)?;
        return Some(join_abd(&w[p.len()..]));
    }
    None
}

/// If `w` starts a separate `abd` compound (`abd`, `abdul`, `abdel`...): `Some(bare)`,
/// where `bare` is true for plain `abd`, which joins only across an article or with `allah`
/// (عبد alone is also the name Abid).
pub(crate) fn abd_head(w: &str) -> Option<bool> {
    match w {
        "abd" => Some(true),
        "abdul" | "abdel" | "abdal" | "abdol" | "abdoul" | "abdu" | "abdur" | "abder" => {
            Some(false)
        }
        _ => None,
    }
}

/// Second elements of theophoric compounds, written apart or joined: `X allah` = `Xullah`,
/// `X al-Din` = `X ud-Din` = `Xuddin` = `X Eddine`.
#[rustfmt::skip]
const SUFFIXES: &[(&[&str], &str)] = &[
    (&["allah", "ullah", "ulla", "ollah", "illah", "ulah", "lah"], "ullah"),
    (&["din", "uddin", "uddine", "eddine", "eddin", "addin", "aldin", "eldin", "oddin", "oudine", "ouddine", "udin", "edin"], "uddin"),
];

/// If `w` is the separate second element of a compound (`allah`, `din`...), its joined
/// ending (`ullah`, `uddin`).
pub(crate) fn compound_tail(w: &str) -> Option<&'static str> {
    SUFFIXES
        .iter()
        .find(|(forms, _)| forms.contains(&w))
        .map(|(_, e)| *e)
}

/// Rewrites the ending of a joined compound to its canonical spelling
/// (`Jalaluddin`, `Jalaloudine` → `jalaluddin`; `Khairallah` → `khairullah`).
pub(crate) fn canonical_compound(w: &str) -> Option<String> {
    for (forms, canon) in SUFFIXES {
        for f in forms.iter().filter(|f| f.len() >= 4) {
            if w.len() >= f.len() + 3 && w.ends_with(f) {
                let stem = &w[..w.len() - f.len()];
                return Some(format!("{stem}{canon}"));
            }
        }
    }
    None
}

/// True if `w` is an Arabic article that may stand inside an `abd` compound.
pub(crate) fn is_article(w: &str) -> bool {
    ARTICLES.contains(&w)
}

/// Joins `abd` with the name that follows it.
pub(crate) fn join_abd_with(rest: &str) -> String {
    join_abd(rest)
}
