//! Generic organisation words and the abbreviations of them found in trade records
//! (`COMM`, `GRP`, `TECH`, `SRVCES`, `INT'L`, `MFG`...), with their plural and adjective
//! forms folded to one canonical word (`communications` → `communication`, `industrial`
//! and `industries` → `industry`). Such words are tagged [`crate::TokenKind::Generic`].

use crate::script::fold::fold;
use crate::script::skeleton::skeleton;
use crate::tables::data;
use chokepoint_refdata::hash::FastMap as HashMap;
use chokepoint_refdata::TableError;
use std::sync::OnceLock;

/// The table's data file (see its header for the columns and where the entries come from).
const DATA: &str = include_str!("../../data/abbreviations.csv");

/// One row of the table: a spelling, its canonical word, an alternative reading for an
/// ambiguous abbreviation, and whether seeing it marks a name as an organisation.
pub(crate) struct Def {
    canonical: String,
    form: String,
    alt: Option<String>,
    marks_org: bool,
}

/// The table read: single-word forms, and multi-word sequences (matched before them).
pub(crate) struct Defs {
    words: Vec<Def>,
    /// (words, expansion).
    sequences: Vec<(Vec<String>, String)>,
}

/// Reads `abbreviations.csv`; forms of several words are sequences.
pub(crate) fn load() -> Result<Defs, TableError> {
    read(DATA, "chokepoint-names/data/abbreviations.csv")
}

/// Reads the table from `text`; `origin` names it in errors.
pub(super) fn read(text: &str, origin: &str) -> Result<Defs, TableError> {
    data::load(
        text,
        origin,
        &["canonical", "form", "alternative", "marks_org"],
        |t| {
            let mut defs = Defs {
                words: Vec::new(),
                sequences: Vec::new(),
            };
            for r in t.rows() {
                let canonical = r.required("canonical")?.to_string();
                let form = r.required("form")?;
                if form.contains(' ') {
                    let words = form.split(' ').filter(|w| !w.is_empty());
                    defs.sequences
                        .push((words.map(str::to_string).collect(), canonical));
                    continue;
                }
                let alt = r.get("alternative");
                defs.words.push(Def {
                    canonical,
                    form: form.to_string(),
                    alt: (!alt.is_empty()).then(|| alt.to_string()),
                    marks_org: r.parse("marks_org")?,
                });
            }
            Ok(defs)
        },
    )
}

impl Defs {
    /// The number of rows read (words and sequences).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.words.len() + self.sequences.len()
    }
}

fn table() -> &'static Defs {
    static T: OnceLock<Defs> = OnceLock::new();
    T.get_or_init(|| data::built_in(load()))
}

struct Entry {
    canonical: &'static str,
    alt: Option<&'static str>,
    marks_org: bool,
}

struct Index {
    /// By folded spelling.
    exact: HashMap<&'static str, Entry>,
    /// By skeleton, for spellings of six letters or more (other romanisations of the Russian
    /// words: `korporatsiya`, `korporaciya`).
    by_skeleton: HashMap<String, Entry>,
}

fn index() -> &'static Index {
    static I: OnceLock<Index> = OnceLock::new();
    I.get_or_init(|| {
        let mut exact = HashMap::default();
        let mut by_skeleton = HashMap::default();
        for def in &table().words {
            let f = def.form.as_str();
            let e = || Entry {
                canonical: &def.canonical,
                alt: def.alt.as_deref(),
                marks_org: def.marks_org,
            };
            exact.entry(f).or_insert(e());
            if f.len() >= 6 {
                by_skeleton.entry(skeleton(f)).or_insert(e());
            }
        }
        Index { exact, by_skeleton }
    })
}

/// Expands a trade-record abbreviation or folds a generic organisation word to its
/// canonical form: `expand_abbreviation("COMM")` is `Some("communication")`,
/// `expand_abbreviation("Srvces")` is `Some("service")`, `expand_abbreviation("INT'L")` is
/// `Some("international")`. The input is folded first. `None` for words not in the table.
/// The result may hold two words (`IMPEX` → `import export`).
pub fn expand_abbreviation(word: &str) -> Option<&'static str> {
    let folded;
    let w = if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        word
    } else {
        folded = fold(word).replace(' ', "");
        folded.as_str()
    };
    index().exact.get(w).map(|e| e.canonical)
}

/// The second reading of an ambiguous abbreviation (`INST`: institute or instrument;
/// `ELEC`: electronic or electric), if any.
pub fn abbreviation_alternative(word: &str) -> Option<&'static str> {
    index().exact.get(word).and_then(|e| e.alt)
}

/// Looks a folded word (and, for long words, its skeleton) up: (canonical, alternative,
/// marks an organisation).
pub(crate) fn lookup(word: &str, skel: &str) -> Option<(&'static str, Option<&'static str>, bool)> {
    let idx = index();
    let e = match idx.exact.get(word) {
        Some(e) => e,
        None if word.len() >= 6 => idx.by_skeleton.get(skel)?,
        None => return None,
    };
    Some((e.canonical, e.alt, e.marks_org))
}

/// A multi-token abbreviation starting at `i`: (tokens covered, expansion).
pub(crate) fn sequence_at(words: &[&str], i: usize) -> Option<(usize, &'static str)> {
    table().sequences.iter().find_map(|(pat, exp)| {
        let end = i + pat.len();
        (end <= words.len() && words[i..end] == pat[..]).then_some((pat.len(), exp.as_str()))
    })
}
