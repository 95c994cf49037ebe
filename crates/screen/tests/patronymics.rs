//! Equivalent patronymics (Oleksandrovych = Aleksandrovich = Aliaksandravich) against the real
//! lists read at run time from the shared data folder: OFAC SDN (2024-05 primary names with the
//! 2025-12 aliases) and the UN consolidated list (2026-02). Skipped with a message when the
//! folder is absent.
//!
//! Each query is a listed Russian, Ukrainian or Belarusian person whose listed name includes a
//! patronymic, queried with the list's surname and *another national form* of both the given
//! name and the patronymic (the Ukrainian forms of a listed Russian spelling, the Russian forms
//! of a listed Belarusian one…), in Latin or Cyrillic script. The test pins the exact set of
//! queries found at top 1 above the threshold and the exact set missed.
//!
//! Before the patronymics (names crate and scorer of commit ef4e0e7) 34 of the 35 were found
//! at top 1 above 0.83, many of them only through a list alias that already spells the name
//! the query's way or through fuzzy similarity of the patronymics (0.866–0.943 for 17 of
//! them); the miss was Vladimir Vladimirovich Naumau (0.679: Uladzimiravich did not align).
//! Now all 35 are found at 0.950, 27 of them explained by equivalent patronymics.

mod common;

use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_screen::{score_names, Index, Query, SearchOptions, DEFAULT_THRESHOLD};
use std::sync::OnceLock;

/// The real-lists index, built once for the tests of this file; `None` when the data is absent.
fn index() -> Option<&'static Index> {
    static I: OnceLock<Option<Index>> = OnceLock::new();
    I.get_or_init(|| {
        common::real_index(&[
            "ofac/sdn_2024-05/sdn.csv",
            "ofac/sdn_aux_2025-12/alt.csv",
            "un/consolidated_2026-02.xml",
        ])
    })
    .as_ref()
}

/// (query, OFAC SDN record number of the listed person, the listed name for reference).
const CASES: &[(&str, &str, &str)] = &[
    (
        "Viktor Aleksandrovich Lukashenka",
        "9797",
        "LUKASHENKA, Viktar Aliaksandravich",
    ),
    (
        "Dmitry Aleksandrovich Lukashenka",
        "32615",
        "LUKASHENKA, Dzmitry Aliaksandravich",
    ),
    (
        "Vladimir Vladimirovich Naumau",
        "9898",
        "NAUMAU, Uladzimir Uladzimiravich",
    ),
    (
        "Piatro Piatrovich Miklashevich",
        "10136",
        "MIKLASHEVICH, Petr Petrovich",
    ),
    (
        "Aleksandr Petrovich Vetsianevich",
        "34771",
        "VETSIANEVICH, Aliaksandr Piatrovich",
    ),
    (
        "Natalia Ivanovna Kachanava",
        "31950",
        "KACHANAVA, Natallia Ivanauna",
    ),
    (
        "Aleksandr Viktorovich Yanukovych",
        "16721",
        "YANUKOVYCH, Oleksandr Viktorovych",
    ),
    (
        "Aleksandr Serhiiovych Khodakovskyy",
        "17747",
        "KHODAKOVSKYY, Oleksandr Sergeyevich",
    ),
    (
        "Sergei Anatolievich Zdriliuk",
        "17301",
        "ZDRILIUK, Serhii Anatoliyovych",
    ),
    (
        "Andrei Petrovich Klyuyev",
        "16764",
        "KLYUYEV, Andriy Petrovych",
    ),
    (
        "Serhii Yevhenovych Naryshkin",
        "16691",
        "NARYSHKIN, Sergey Yevgenyevich",
    ),
    (
        "Volodymyr Volodymyrovych Putin",
        "35096",
        "PUTIN, Vladimir Vladimirovich",
    ),
    (
        "Serhiy Viktorovych Lavrov",
        "35233",
        "LAVROV, Sergei Viktorovich",
    ),
    (
        "Valentyna Ivanivna Matviyenko",
        "16660",
        "MATVIYENKO, Valentina Ivanovna",
    ),
    (
        "Vladimir Nikolaevich Oliynyk",
        "34460",
        "OLIYNYK, Volodymyr Mykolayovych",
    ),
    (
        "Elena Aleksandrovna Shapurova",
        "44678",
        "SHAPUROVA, Olena Oleksandrivna",
    ),
    (
        "Tatiana Aleksandrovna Kuzmych",
        "39214",
        "KUZ'MYCH, Tetyana Oleksandrivna",
    ),
    ("Ihor Ivanovych Sechin", "16692", "SECHIN, Igor Ivanovich"),
    (
        "Віктор Петрович Іванов",
        "16690",
        "IVANOV, Victor Petrovich",
    ),
    (
        "Yevheniia Oleksandrivna Podgornova",
        "35027",
        "PODGORNOVA, Yevgeniya Aleksandrovna",
    ),
    (
        "Oleksandra Oleksandrivna Kamyshanova",
        "35125",
        "KAMYSHANOVA, Aleksandra Aleksandrovna",
    ),
    (
        "Андрей Николаевич Иванов",
        "43797",
        "IVANOV, Andrey Nikolayevich",
    ),
    (
        "Serhii Mykolaiovych Adonev",
        "40558",
        "ADONEV, Sergei Nikolaevich",
    ),
    (
        "Sergei Nikolaevich Cherevko",
        "39215",
        "CHEREVKO, Serhiy Mykolayovych",
    ),
    (
        "Aleksandr Yurievich Kobets",
        "39212",
        "KOBETS, Oleksandr Yuriyovych",
    ),
    (
        "Aleksandr Nikolaevich Zaitsau",
        "34781",
        "ZAITSAU, Aliaksandr Mikalaevich",
    ),
    (
        "Nikolai Nikolaevich Varabei",
        "32612",
        "VARABEI, Mikalai Mikalaevich",
    ),
    (
        "Viktor Grigorievich Halavanau",
        "9761",
        "HALAVANAU, Viktar Hryhoryavich",
    ),
    (
        "Igor Evgenievich Butkevich",
        "33173",
        "BUTKEVICH, Ihar Yauhenavich",
    ),
    (
        "Aleksandr Yevgenyevich Shatrou",
        "34774",
        "SHATROU, Aliaksandr Yauhenavich",
    ),
    (
        "Dmitry Alekseevich Aleksin",
        "44538",
        "ALEKSIN, Dzmitry Aliakseevich",
    ),
    (
        "Igor Igorevich Semenchev",
        "39213",
        "SEMENCHEV, Ihor Ihorovych",
    ),
    (
        "Viktor Andreevich Emelianenko",
        "39209",
        "EMELIANENKO, Viktor Andriyovych",
    ),
    (
        "Tatiana Yurievna Tumilina",
        "39210",
        "TUMILINA, Tetyana Yuriivna",
    ),
    (
        "Сергій Миколайович Адонєв",
        "40558",
        "ADONEV, Sergei Nikolaevich",
    ),
];

/// The queries not found at top 1 above the threshold (pinned).
const MISSES: &[&str] = &[];

/// The queries missed before the patronymics (for the record; see the module docs).
#[allow(dead_code)]
const MISSES_BEFORE: &[&str] = &["Vladimir Vladimirovich Naumau"];

/// The queries found through a row whose patronymic is spelled the query's way (an alias, or
/// the same Cyrillic romanisation), so that the explanation names no equivalent patronymic
/// (pinned). All others are found through the equivalence.
const PLAIN: &[&str] = &[
    "Aleksandr Viktorovich Yanukovych",
    "Andrei Petrovich Klyuyev",
    "Serhiy Viktorovych Lavrov",
    "Tatiana Aleksandrovna Kuzmych",
    "Ihor Ivanovych Sechin",
    "Віктор Петрович Іванов",
    "Андрей Николаевич Иванов",
    "Igor Evgenievich Butkevich",
];

#[test]
fn other_national_forms_of_listed_patronymics_hit_their_records() {
    let Some(index) = index() else { return };
    let (misses, plain, report) =
        common::person_top_hits(index, CASES, "patronymic ", "PATRONYMICS_REPORT");
    assert_eq!(misses, MISSES, "\n{report}");
    assert_eq!(plain, PLAIN, "\n{report}");
}

#[test]
fn national_forms_of_patronymics_meet() {
    let p = Some(Schema::Person);
    for (a, b) in [
        (
            "Oleksandr Oleksandrovych Ivanenko",
            "Aleksandr Aleksandrovich Ivanenko",
        ),
        (
            "Aliaksandr Aliaksandravich Ivanenko",
            "Aleksandr Aleksandrovich Ivanenko",
        ),
        ("Sergei Sergeyevich Orlov", "Serhii Serhiiovych Orlov"),
        ("Siarhei Siarheevich Orlov", "Sergei Sergeevich Orlov"),
        ("Anna Ivanovna Petrova", "Hanna Ivanivna Petrova"),
        ("Natalia Ivanovna Petrova", "Natallia Ivanauna Petrova"),
        ("Igor Nikolaevich Bezler", "Ihor Mykolaiovych Bezler"),
        ("Dmitry Vladimirovich Orlov", "Dzmitry Uladzimiravich Orlov"),
        ("Yuri Yurievich Orlov", "Yurii Yuriiovych Orlov"),
    ] {
        let s = score_names(a, b, p);
        let same = score_names(b, b, p);
        assert!(s >= DEFAULT_THRESHOLD, "{a} / {b}: {s}");
        assert!(same - s < 0.02, "{a} / {b}: {s} vs {same}");
    }
}

#[test]
fn russian_cyrillic_and_ukrainian_latin_in_any_word_order() {
    let p = Some(Schema::Person);
    for a in ["Иванов Сергей Петрович", "Сергей Петрович Иванов"]
    {
        for b in [
            "Serhii Petrovych Ivanov",
            "Ivanov Serhii Petrovych",
            "Petrovych Serhii Ivanov",
        ] {
            let s = score_names(a, b, p);
            assert!(s >= DEFAULT_THRESHOLD, "{a} / {b}: {s}");
            assert!(score_names(a, b, None) >= DEFAULT_THRESHOLD, "{a} / {b}");
        }
    }
}

#[test]
fn a_patronymic_never_matches_a_given_name_or_surname() {
    let p = Some(Schema::Person);
    // Given name and patronymic swapped: two different people.
    let swapped = score_names("Ivan Sergeevich Orlov", "Sergei Ivanovich Orlov", p);
    assert!(swapped < DEFAULT_THRESHOLD, "{swapped}");
    // A patronymic is not the given name it comes from, nor the surname made from it.
    let given = score_names("Ivanovich Orlov", "Ivan Orlov", p);
    let surname = score_names("Sergei Petrovich", "Sergei Petrov", p);
    let same = score_names("Sergei Petrovych", "Sergei Petrovich", p);
    assert!(given < DEFAULT_THRESHOLD, "{given}");
    assert!(surname < DEFAULT_THRESHOLD, "{surname}");
    assert!(same >= DEFAULT_THRESHOLD, "{same}");
    // Men's and women's patronymics of one father's name are different words.
    assert!(
        score_names("Ivanovna", "Ivanovich", p) < DEFAULT_THRESHOLD,
        "Ivanovna / Ivanovich"
    );
}

#[test]
fn a_different_patronymic_lowers_the_score_a_little() {
    let p = Some(Schema::Person);
    let same = score_names("Sergei Petrovich Ivanov", "Sergei Petrovich Ivanov", p);
    let other = score_names("Sergei Petrovich Ivanov", "Sergei Ivanovich Ivanov", p);
    let other_uk = score_names("Serhii Petrovych Ivanov", "Sergei Ivanovich Ivanov", p);
    let none = score_names("Sergei Petrovich Ivanov", "Sergei Ivanov", p);
    for s in [other, other_uk] {
        assert!(s >= DEFAULT_THRESHOLD, "not a veto: {s}");
        assert!(s < same && s < none, "{s} vs {same} / {none}");
        assert!(same - s <= 0.08, "a little: {s} vs {same}");
    }
}

#[test]
fn the_index_finds_the_other_form_and_explains_it() {
    let person = |id: &str, name: &str| {
        let mut e = Entity::from_record(Schema::Person, "t", id, None);
        e.add(Prop::Name, name);
        e
    };
    let mut c = Entity::from_record(Schema::Company, "t", "4", None);
    c.add(Prop::Name, "Aleksandrovich Trading");
    let index = Index::build(vec![
        person("1", "Ivanenko, Sergei Aleksandrovich"),
        person("2", "Ivanenko, Sergei Alekseevich"),
        person("3", "Ivanenko, Ivan Sergeevich"),
        c,
    ]);
    let hits = index.search(
        &Query::name("Serhii Oleksandrovych Ivanenko").with_schema(Schema::Person),
        &SearchOptions::default(),
    );
    let top = &hits[0];
    assert_eq!(top.entity_id, "t-1", "{hits:?}");
    assert!(top.is_match, "{}", top.explanation);
    assert!(
        top.explanation.contains(
            "patronymic oleksandrovyc = aleksandrovic (equivalent patronymics from aleksandr, spelling)"
        ) || top.explanation.contains("patronymic oleksandrovic = aleksandrovic"),
        "{}",
        top.explanation
    );
    // The other patronymic is a hit too, a little lower, and says why.
    let second = hits.iter().find(|h| h.entity_id == "t-2");
    assert!(
        second.is_some_and(|h| h.score < top.score && h.explanation.contains("patronymic")),
        "{hits:?}"
    );
    // Sergeevich is no given name: Ivan Sergeevich stays below the threshold.
    assert!(hits.iter().all(|h| h.entity_id != "t-3" || !h.is_match));
}
