//! The latin spellings of Arabic names: common variant spellings are mapped to one canonical
//! spelling (Mohammed, Muhammad, Mohamed, Mohammad → `muhammad`), `ibn`/`ben` → `bin`, and the
//! `abd al X` / `abdul X` / `abdel X` / `abdulX` compounds are joined to `abdX`. Arabic script
//! itself is romanised in [`crate::script::arabic`].

use crate::hash::FastMap as HashMap;
use crate::script::skeleton::skeleton;
use std::sync::OnceLock;

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
                by_skeleton.insert(skeleton(v), *canon);
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
            None => d.by_skeleton.get(&skeleton(token)).copied(),
        },
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
