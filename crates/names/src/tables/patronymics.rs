//! Equivalent patronymics: Oleksandrovych = Aleksandrovich = Aliaksandravich = Александрович.
//!
//! Russian, Ukrainian and Belarusian names carry a patronymic between the given name and the
//! surname (Иванов Сергей Петрович), and lists spell it in whichever national form they took
//! the name from: Сергеевич, Сергійович and Сяргеевіч are one patronymic. The forms are derived
//! **by rule** from the Cyrillic forms of the men's classes of [`given_names::rows`]
//! (the rules are the regular grammar of the three languages; the few irregular stems are
//! listed), then romanised the way the analyser romanises (every system in Russian, Ukrainian
//! and Belarusian reading) and reduced to their [`skeleton()`], as given names are. Rules
//! on Cyrillic are more robust than rules on romanisations: the romanisation systems already
//! produce `Sergeyevich`, `Sergeevich`, `Serhiiovych`, `Serhiyovych`, `Siarheevich` and their
//! ISO 9 and ICAO spellings, and the skeleton makes them meet the lists' own spellings.
//!
//! - Russian: `-ович`/`-овна`; stems in `-й` take `-евич`/`-евна` (Сергеевич), stems in `-ий`
//!   both `-ьевич` and `-иевич` (Юрьевич, Дмитриевич; lists use both), stems in `-ь` `-евич`
//!   (Игоревич); Павел → Павлович, Пётр → Петрович, Михаил → Михайлович.
//! - Ukrainian: `-ович`/`-івна`; stems in `-й` keep it (Сергійович, Сергіївна), stems in `-о`
//!   drop it (Петрович, Петрівна), `-а` becomes `-айович`/`-аївна` (Миколайович).
//! - Belarusian: `-авіч`/`-аўна` and the stressed `-овіч`/`-оўна` (Аляксандравіч, Пятровіч);
//!   stems in `-й` and `-ь` take `-евіч`/`-еўна` (Сяргеевіч, Мікалаеўна); Павел → Паўлавіч.
//!
//! Every rule is applied to every Cyrillic form of a class whatever its language (an odd form
//! such as Олександрівна from Russian rules on a Ukrainian stem can only ever meet its own
//! class), and keys shared between classes or with a given name are refused (tested).
//! Men's (`-ovich`) and women's (`-ovna`) patronymics are different: Ivanovich and Ivanovna are
//! not equivalent. A patronymic is its own part of a name ([`crate::AnalyzedName::patronymics`]):
//! it is only ever compared with patronymics, never with given names or surnames, and only in
//! persons' names. Patronymics of given names outside the table (Leonidovich, Borisovna) are
//! not recognised.

use crate::script::cyrillic::{romanize_cyrillic_as, CyrLang, System};
use crate::script::fold::fold;
use crate::script::skeleton::skeleton;
use crate::tables::given_names::{self, Strength};
use chokepoint_refdata::hash::FastMap as HashMap;
use std::sync::OnceLock;

/// The classes of the given-name table ([`given_names::rows`]) that are men's given names (patronymics are derived from them).
pub const MEN: &[&str] = &[
    "aleksandr",
    "aleksei",
    "anatoli",
    "andrei",
    "dmitri",
    "evgeni",
    "georgi",
    "grigori",
    "igor",
    "ivan",
    "mikhail",
    "nikolai",
    "oleg",
    "pavel",
    "petr",
    "sergei",
    "vasili",
    "viktor",
    "vladimir",
    "yuri",
];

/// The equivalence class of a patronymic: the father's given-name class and whether it is a
/// woman's (`-ovna`) or a man's (`-ovich`) form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Patronymic {
    /// The given-name class of the father's name, e.g. `aleksandr`.
    pub class: &'static str,
    /// A woman's patronymic (Ivanovna) rather than a man's (Ivanovich).
    pub female: bool,
}

impl Patronymic {
    /// The strength with which two patronymics are equivalent: `None` for different classes or
    /// genders, else [`Strength::Spelling`] (all forms are national or transliteration
    /// variants of one word).
    pub fn equivalence(self, other: Patronymic) -> Option<Strength> {
        (self == other).then_some(Strength::Spelling)
    }
}

/// Irregular stems: (given-name form, stem the suffix is added to, suffix set).
const IRREGULAR: &[(&str, &str, Lang)] = &[
    ("павел", "павл", Lang::Ru),
    ("пётр", "петр", Lang::Ru),
    ("петр", "петр", Lang::Ru),
    ("михаил", "михайл", Lang::Ru),
    ("павел", "паўл", Lang::Be),
    ("міхаіл", "міхайл", Lang::Be),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Ru,
    Uk,
    Be,
}

/// The Cyrillic patronymics (men's, women's) of a Cyrillic given name by the rules of `lang`.
fn derive(name: &str, lang: Lang) -> (Vec<String>, Vec<String>) {
    let n = name.to_lowercase();
    let (mut m, mut f) = (Vec::new(), Vec::new());
    let drop = |k: usize| -> String {
        let mut c: Vec<char> = n.chars().collect();
        c.truncate(c.len().saturating_sub(k));
        c.into_iter().collect()
    };
    if let Some(&(_, stem, _)) = IRREGULAR.iter().find(|r| r.0 == n && r.2 == lang) {
        match lang {
            Lang::Ru => {
                m.push(format!("{stem}ович"));
                f.push(format!("{stem}овна"));
            }
            Lang::Uk => {
                m.push(format!("{stem}ович"));
                f.push(format!("{stem}івна"));
            }
            Lang::Be => {
                m.push(format!("{stem}авіч"));
                f.push(format!("{stem}аўна"));
            }
        }
        return (m, f);
    }
    let last = n.chars().last().unwrap_or(' ');
    let ends2 = |s: &str| n.ends_with(s);
    match lang {
        Lang::Ru => {
            if ends2("ий") {
                let s = drop(2);
                m.extend([format!("{s}ьевич"), format!("{s}иевич")]);
                f.extend([format!("{s}ьевна"), format!("{s}иевна")]);
            } else if last == 'й' || last == 'ь' {
                let s = drop(1);
                m.push(format!("{s}евич"));
                f.push(format!("{s}евна"));
            } else if matches!(last, 'о' | 'а') {
                let s = drop(1);
                m.push(format!("{s}ович"));
                f.push(format!("{s}овна"));
            } else {
                m.push(format!("{n}ович"));
                f.push(format!("{n}овна"));
            }
        }
        Lang::Uk => {
            if last == 'й' {
                m.push(format!("{n}ович"));
                f.push(format!("{}ївна", drop(1)));
            } else if last == 'о' {
                let s = drop(1);
                m.push(format!("{s}ович"));
                f.push(format!("{s}івна"));
            } else if last == 'а' {
                let s = drop(1);
                m.push(format!("{s}айович"));
                f.push(format!("{s}аївна"));
            } else if last == 'ь' {
                m.push(format!("{n}ович"));
                f.push(format!("{}івна", drop(1)));
            } else {
                m.push(format!("{n}ович"));
                f.push(format!("{n}івна"));
            }
        }
        Lang::Be => {
            if last == 'й' || last == 'ь' {
                let s = drop(1);
                m.push(format!("{s}евіч"));
                f.push(format!("{s}еўна"));
                if last == 'ь' {
                    m.push(format!("{n}евіч"));
                }
            } else if last == 'і' {
                m.push(format!("{n}евіч"));
                f.push(format!("{n}еўна"));
            } else if last == 'о' {
                let s = drop(1);
                m.push(format!("{s}овіч"));
                f.push(format!("{s}оўна"));
            } else {
                m.extend([format!("{n}авіч"), format!("{n}овіч")]);
                f.extend([format!("{n}аўна"), format!("{n}оўна")]);
            }
        }
    }
    (m, f)
}

/// The skeletons a Cyrillic patronymic meets: its romanisations in every system, read as
/// Russian, Ukrainian and Belarusian.
fn keys(form: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for lang in [CyrLang::Russian, CyrLang::Ukrainian, CyrLang::Belarusian] {
        for sys in [System::Bgn, System::Iso9, System::Icao, System::Gost779B] {
            let f = fold(&romanize_cyrillic_as(form, lang, sys));
            let s = skeleton(f.trim());
            if !s.is_empty() && !s.contains(' ') && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// Every derived patronymic: (class, female, Cyrillic form).
pub fn forms() -> Vec<(&'static str, bool, String)> {
    let mut out = Vec::new();
    for row in given_names::rows() {
        let class = row.class.as_str();
        if row.strength != Strength::Spelling || !MEN.contains(&class) {
            continue;
        }
        for name in &row.forms {
            if !name.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}')) {
                continue;
            }
            for lang in [Lang::Ru, Lang::Uk, Lang::Be] {
                let (m, f) = derive(name, lang);
                for (female, list) in [(false, m), (true, f)] {
                    for p in list {
                        if !out.iter().any(|o: &(&str, bool, String)| o.2 == p) {
                            out.push((class, female, p));
                        }
                    }
                }
            }
        }
    }
    out
}

fn table() -> &'static HashMap<String, Patronymic> {
    static T: OnceLock<HashMap<String, Patronymic>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<String, Option<Patronymic>> = HashMap::default();
        for (class, female, form) in forms() {
            let p = Patronymic { class, female };
            for k in keys(&form) {
                if given_names::given_name(&k).is_some() {
                    continue;
                }
                // A key two classes (or genders) would share is ambiguous: nobody gets it.
                match m.get(&k) {
                    Some(Some(old)) if *old != p => {
                        m.insert(k, None);
                    }
                    Some(_) => {}
                    None => {
                        m.insert(k, Some(p));
                    }
                }
            }
        }
        m.into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect()
    })
}

/// The class of a token of an analysed name (its skeleton, as in [`crate::Token::text`]), if
/// it is a patronymic derived from a given name of the table. The analyser applies it to
/// persons' names only (see [`crate::AnalyzedName::patronymics`]).
pub fn patronymic(token: &str) -> Option<Patronymic> {
    table().get(token).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(latin: &str) -> Option<Patronymic> {
        patronymic(&skeleton(&fold(latin)))
    }

    #[test]
    fn men_are_classes_of_the_table() {
        for c in MEN {
            assert!(given_names::rows().iter().any(|r| r.class == *c), "{c}");
        }
    }

    #[test]
    fn russian_ukrainian_and_belarusian_patronymics_meet() {
        for group in [
            &[
                "Aleksandrovich",
                "Alexandrovich",
                "Oleksandrovych",
                "Aliaksandravich",
            ][..],
            &[
                "Sergeevich",
                "Sergeyevich",
                "Serhiiovych",
                "Serhiyovych",
                "Siarheevich",
            ],
            &["Ivanovna", "Ivanivna", "Ivanauna"],
            &["Ivanovich", "Ivanovych", "Ivanavich"],
            &["Nikolaevich", "Nikolayevich", "Mykolaiovych", "Mikalaevich"],
            &["Yuryevich", "Yurievich", "Yuriiovych", "Yuriyovych"],
            &["Vladimirovich", "Volodymyrovych", "Uladzimiravich"],
            &["Petrovich", "Petrovych", "Piatrovich"],
            &["Petrovna", "Petrivna"],
            &["Pavlovich", "Pavlovych"],
            &["Mikhailovich", "Mykhailovych", "Mikhaylovich"],
            &[
                "Anatolievich",
                "Anatolyevich",
                "Anatoliyovych",
                "Anatoliiovych",
            ],
            &["Evgenievich", "Yevgenyevich", "Yevhenovych"],
            &["Dmitrievich", "Dmytrovych"],
        ] {
            let first = of(group[0]);
            assert!(first.is_some(), "{}", group[0]);
            for f in group {
                assert_eq!(of(f), first, "{f} with {}", group[0]);
            }
        }
    }

    #[test]
    fn men_and_women_and_classes_differ() {
        let (a, b) = (of("Ivanovich"), of("Ivanovna"));
        assert!(a.is_some() && b.is_some() && a != b);
        assert_ne!(of("Aleksandrovich"), of("Alekseevich"));
        assert_eq!(
            of("Aleksandrovich").and_then(|x| of("Oleksandrovych").and_then(|y| x.equivalence(y))),
            Some(Strength::Spelling)
        );
    }

    #[test]
    fn no_given_name_or_surname_is_a_patronymic() {
        for w in [
            "Ivan",
            "Ivanov",
            "Petrov",
            "Aleksandr",
            "Sergeev",
            "Aleksandrov",
            "Ivanenko",
            "Sergei",
            "Pavlo",
        ] {
            assert!(of(w).is_none(), "{w}");
        }
    }
}
