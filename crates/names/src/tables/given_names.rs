//! Equivalent given names across Russian, Ukrainian, Belarusian and English.
//!
//! Sanctioned people from Russia, Ukraine and Belarus appear on lists and in trade or registry
//! data under the Russian, Ukrainian, Belarusian or English form of one given name: Александр,
//! Олександр and Аляксандр are Aleksandr, Oleksandr and Aliaksandr, and no skeleton rule can
//! make them meet. This table groups such forms into equivalence classes, each with an id (its
//! usual Russian romanisation) and a [`Strength`]:
//!
//! - [`Strength::Spelling`]: transliteration and national variants of one name (Aleksandr,
//!   Alexander, Oleksandr, Aliaksandr); full evidence;
//! - [`Strength::Translation`]: a translation into another language's name (Michael for
//!   Mikhail, Paul for Pavel), which analysts treat as weaker evidence.
//!
//! A class may have rows of both strengths: two forms are equivalent with the weaker of their
//! strengths (Michael = Mikhail is a translation; Mikhail = Mykhailo a spelling).
//!
//! Forms are looked up by their [`skeleton()`]: latin forms are folded and reduced to
//! their skeleton, Cyrillic forms are romanised the way the analyser romanises them (BGN/PCGN
//! in their detected language and read as Russian, ISO 9 and ICAO) and then reduced, so that
//! every form meets the tokens [`crate::analyze`] gives. The analyser applies the table only to
//! words of person names ([`crate::AnalyzedName::given_names`]); surnames are not in it, and
//! company words are never looked up. Uncertain pairs (Yuri and Georgy, Ivan and John) are
//! left out.

use crate::script::cyrillic::{detect_cyrillic_language, romanize_cyrillic_as, CyrLang, System};
use crate::script::fold::fold;
use crate::script::skeleton::skeleton;
use crate::tables::data;
use chokepoint_refdata::hash::FastMap as HashMap;
use chokepoint_refdata::TableError;
use std::sync::OnceLock;

/// How strong the evidence of two equivalent given names is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Strength {
    /// A translation into another language's name (Michael for Mikhail): weaker evidence.
    Translation,
    /// A transliteration or national variant of one name (Oleksandr for Aleksandr): full
    /// evidence.
    Spelling,
}

impl Strength {
    /// A short stable name: `spelling` or `translation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Spelling => "spelling",
            Strength::Translation => "translation",
        }
    }
}

/// The equivalence class of a given-name form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GivenName {
    /// The class id: the usual Russian romanisation, e.g. `aleksandr`.
    pub class: &'static str,
    /// How this form belongs to the class.
    pub strength: Strength,
}

impl GivenName {
    /// The strength with which two forms are equivalent: `None` for different classes, else
    /// the weaker of the two strengths.
    pub fn equivalence(self, other: GivenName) -> Option<Strength> {
        (self.class == other.class).then(|| self.strength.min(other.strength))
    }
}

/// The table's data file (see its header for the columns and where the entries come from).
const DATA: &str = include_str!("../../data/given_names.csv");

/// One row of the table: a class, a strength, and the forms (latin and Cyrillic) that belong
/// to the class with that strength. Consecutive lines of the data file with one class and
/// strength make one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The class id, e.g. `aleksandr`.
    pub class: String,
    /// How the forms belong to the class.
    pub strength: Strength,
    /// The forms, as written in the table.
    pub forms: Vec<String>,
}

impl Strength {
    /// The strength named as in the table's `strength` column (`spelling`, `translation`).
    fn from_name(name: &str) -> Option<Strength> {
        match name {
            "spelling" => Some(Strength::Spelling),
            "translation" => Some(Strength::Translation),
            _ => None,
        }
    }
}

/// Reads `given_names.csv` into rows.
pub(crate) fn load() -> Result<Vec<Row>, TableError> {
    read(DATA, "chokepoint-names/data/given_names.csv")
}

/// Reads the table from `text`; `origin` names it in errors.
pub(super) fn read(text: &str, origin: &str) -> Result<Vec<Row>, TableError> {
    data::load(text, origin, &["class", "strength", "form"], |t| {
        let mut rows: Vec<Row> = Vec::new();
        for r in t.rows() {
            let class = r.required("class")?;
            let strength = Strength::from_name(r.required("strength")?)
                .ok_or_else(|| r.error("strength", "neither spelling nor translation"))?;
            let form = r.required("form")?.to_string();
            match rows.last_mut() {
                Some(last) if last.class == class && last.strength == strength => {
                    last.forms.push(form);
                }
                _ => rows.push(Row {
                    class: class.to_string(),
                    strength,
                    forms: vec![form],
                }),
            }
        }
        Ok(rows)
    })
}

/// The rows of the table (`data/given_names.csv`), in its order. Keep one row per class and
/// strength; every form of a row must reduce to a skeleton no other class uses (tested).
pub fn rows() -> &'static [Row] {
    static T: OnceLock<Vec<Row>> = OnceLock::new();
    T.get_or_init(|| data::built_in(load()))
}

/// The skeletons a form of the table meets: the latin form's own, or for a Cyrillic form the
/// skeletons of its romanisations as the analyser makes them.
pub(crate) fn form_keys(form: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |latin: &str| {
        let f = fold(latin);
        let s = skeleton(f.trim());
        if !s.is_empty() && !s.contains(' ') && !out.contains(&s) {
            out.push(s);
        }
    };
    if form.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}')) {
        let detected = detect_cyrillic_language(form);
        for lang in [detected, CyrLang::Russian] {
            for sys in [System::Bgn, System::Iso9, System::Icao, System::Gost779B] {
                push(&romanize_cyrillic_as(form, lang, sys));
            }
        }
    } else {
        push(form);
    }
    out
}

fn table() -> &'static HashMap<String, GivenName> {
    static T: OnceLock<HashMap<String, GivenName>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<String, GivenName> = HashMap::default();
        for row in rows() {
            let (class, strength) = (row.class.as_str(), row.strength);
            for form in &row.forms {
                for k in form_keys(form) {
                    // A spelling row wins over a translation row of the same skeleton.
                    let g = GivenName { class, strength };
                    match m.get(&k) {
                        Some(old) if old.strength >= strength => {}
                        _ => {
                            m.insert(k, g);
                        }
                    }
                }
            }
        }
        m
    })
}

/// The class of a token of an analysed name (its skeleton, as in [`crate::Token::text`]), if
/// it is a form of a given name in the table. Apply it to given names of persons only: the
/// analyser does (see [`crate::AnalyzedName::given_names`]).
pub fn given_name(token: &str) -> Option<GivenName> {
    table().get(token).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_of(form: &str) -> Option<&'static str> {
        let keys = form_keys(form);
        keys.first().and_then(|k| given_name(k)).map(|g| g.class)
    }

    #[test]
    fn every_form_is_in_its_own_class_and_no_key_is_shared() {
        let mut seen: HashMap<String, &str> = HashMap::default();
        for row in rows() {
            let class = row.class.as_str();
            for form in &row.forms {
                let keys = form_keys(form);
                assert!(!keys.is_empty(), "{form} has a key");
                for k in keys {
                    if let Some(other) = seen.insert(k.clone(), class) {
                        assert_eq!(other, class, "{form} ({k}) in {class} and {other}");
                    }
                    assert_eq!(given_name(&k).map(|g| g.class), Some(class), "{form} ({k})");
                }
            }
        }
    }

    #[test]
    fn national_forms_meet() {
        for group in [
            &[
                "Aleksandr",
                "Alexander",
                "Oleksandr",
                "Aliaksandr",
                "Александр",
                "Олександр",
                "Аляксандр",
            ][..],
            &[
                "Sergei",
                "Sergey",
                "Serhii",
                "Serhiy",
                "Siarhei",
                "Сергей",
                "Сергій",
            ],
            &["Yuri", "Yury", "Yuriy", "Iurii", "Yurii", "Юрий", "Юрій"],
            &["Dmitri", "Dmitry", "Dmytro", "Dzmitry", "Дмитрий", "Дмитро"],
            &[
                "Evgeny",
                "Yevgeniy",
                "Ievgen",
                "Yevhen",
                "Evgenii",
                "Євген",
                "Яўген",
            ],
            &[
                "Vladimir",
                "Volodymyr",
                "Uladzimir",
                "Уладзімір",
                "Володимир",
            ],
            &["Olga", "Olha", "Volha", "Вольга"],
            &["Tatiana", "Tetiana", "Tatsiana", "Таццяна", "Тетяна"],
        ] {
            let first = class_of(group[0]);
            assert!(first.is_some(), "{}", group[0]);
            for f in group {
                assert_eq!(class_of(f), first, "{f} with {}", group[0]);
            }
        }
    }

    #[test]
    fn strengths() {
        let g = |f: &str| form_keys(f).first().and_then(|k| given_name(k));
        let (mikhail, mykhailo, michael) = (g("Mikhail"), g("Mykhailo"), g("Michael"));
        let (Some(a), Some(b), Some(c)) = (mikhail, mykhailo, michael) else {
            panic!("forms missing");
        };
        assert_eq!(a.equivalence(b), Some(Strength::Spelling));
        assert_eq!(a.equivalence(c), Some(Strength::Translation));
        assert_eq!(c.equivalence(b), Some(Strength::Translation));
        let aleksei = g("Aleksei");
        assert!(aleksei.is_some_and(|x| a.equivalence(x).is_none()));
        assert_eq!(Strength::Spelling.as_str(), "spelling");
    }

    #[test]
    fn surnames_and_other_words_are_not_in_the_table() {
        for w in [
            "ivanov",
            "ivanenko",
            "petrov",
            "sergeev",
            "aleksandrov",
            "trading",
            "pavlov",
        ] {
            assert!(given_name(&skeleton(w)).is_none(), "{w}");
        }
    }
}
