//! The latin spellings of Arabic names: common variant spellings are mapped to one canonical
//! spelling (Mohammed, Muhammad, Mohamed, Mohammad → `muhammad`), `ibn`/`ben` → `bin`, and the
//! `abd al X` / `abdul X` / `abdel X` / `abdulX` compounds are joined to `abdX`. Arabic script
//! itself is romanised in [`crate::script::arabic`]. Table: `data/arabic_names.csv`.

use crate::script::skeleton::skeleton;
use crate::tables::data;
use chokepoint_refdata::hash::FastMap as HashMap;
use chokepoint_refdata::TableError;
use std::sync::OnceLock;

/// The table's data file (see its header for the columns and where the entries come from).
const DATA: &str = include_str!("../../data/arabic_names.csv");

/// Reads `arabic_names.csv`: (canonical, its variant spellings), one entry per run of rows
/// with the same canonical spelling.
pub(crate) fn load() -> Result<Vec<(String, Vec<String>)>, TableError> {
    read(DATA, "chokepoint-names/data/arabic_names.csv")
}

/// Reads the table from `text`; `origin` names it in errors.
pub(super) fn read(text: &str, origin: &str) -> Result<Vec<(String, Vec<String>)>, TableError> {
    data::load(text, origin, &["canonical", "spelling"], |t| {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for r in t.rows() {
            let canonical = r.required("canonical")?;
            let spelling = r.required("spelling")?.to_string();
            match out.last_mut() {
                Some((c, vs)) if c == canonical => vs.push(spelling),
                _ => out.push((canonical.to_string(), vec![spelling])),
            }
        }
        Ok(out)
    })
}

fn table() -> &'static [(String, Vec<String>)] {
    static T: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    T.get_or_init(|| data::built_in(load()))
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
        for (canon, vs) in table() {
            let canon = canon.as_str();
            for v in vs.iter().map(String::as_str).chain(std::iter::once(canon)) {
                exact.insert(v, canon);
                by_skeleton.insert(skeleton(v), canon);
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
