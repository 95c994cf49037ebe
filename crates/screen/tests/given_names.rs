//! Equivalent given names (Oleksandr = Aleksandr = Aliaksandr, Serhii = Sergei, Mykola =
//! Nikolai…) against the real lists read at run time from the shared data folder: OFAC SDN
//! (2024-05 primary names with the 2025-12 aliases) and the UN consolidated list (2026-02).
//! Skipped with a message when the folder is absent.
//!
//! Each query is a listed Russian, Ukrainian or Belarusian person's surname exactly as the list
//! gives it, with the given name in another national form (the Ukrainian form of a listed
//! Russian spelling, the Russian form of a listed Belarusian one…). The test pins the exact set
//! of queries found at top 1 above the threshold and the exact set missed.
//!
//! Before the given-name table (commit a20a534) 17 of the 22 were found at top 1 above 0.83;
//! the misses were Piatro Miklashevich (0.813), Volodymyr Konstantinov (0.785), Serhiy
//! Naryshkin (0.522), Olena Mizulina (0.801) and Ihor Plotnitsky (another PLOTNITSKIY at top
//! 1). Now all 22 are found.

mod common;

use common::record_number;

use chokepoint_model::{Entity, Schema};
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
        "Aleksandr Zimousky",
        "9762",
        "ZIMOUSKY, Aliaksandr Leanidavich",
    ),
    (
        "Dmitry Paulichenka",
        "9768",
        "PAULICHENKA, Dzmitry Valeryevich",
    ),
    (
        "Vladimir Naumau",
        "9898",
        "NAUMAU, Uladzimir Uladzimiravich",
    ),
    ("Aleh Slizhevsky", "10138", "SLIZHEVSKY, Oleg Leonidovich"),
    (
        "Piatro Miklashevich",
        "10136",
        "MIKLASHEVICH, Petr Petrovich",
    ),
    ("Serhii Aksyonov", "16642", "AKSYONOV, Sergey Valeryevich"),
    (
        "Volodymyr Konstantinov",
        "16648",
        "KONSTANTINOV, Vladimir Andreyevich",
    ),
    (
        "Aleksandr Yanukovych",
        "16721",
        "YANUKOVYCH, Oleksandr Viktorovych",
    ),
    ("Sergei Arbuzov", "16737", "ARBUZOV, Serhiy"),
    ("Nikolai Azarov", "16762", "AZAROV, Mykola Yanovych"),
    ("Andrei Klyuyev", "16764", "KLYUYEV, Andriy Petrovych"),
    ("Oleg Tsaryov", "17163", "TSARYOV, Oleh Anatolievich"),
    ("Petro Zima", "16715", "ZIMA, Pyotr Anatoliyovych"),
    ("Pavlo Gubarev", "17256", "GUBAREV, Pavel"),
    (
        "Aleksandr Khodakovskyy",
        "17747",
        "KHODAKOVSKYY, Oleksandr Sergeyevich",
    ),
    ("Sergei Zdriliuk", "17301", "ZDRILIUK, Serhii Anatoliyovych"),
    (
        "Serhiy Naryshkin",
        "16691",
        "NARYSHKIN, Sergey Yevgenyevich",
    ),
    ("Olena Mizulina", "16661", "MIZULINA, Yelena Borisovna"),
    ("Ihor Bezler", "17083", "BEZLER, Igor Nikolayevich"),
    ("Ihor Plotnitsky", "17426", "PLOTNITSKY, Igor Venediktovich"),
    ("Mykola Kozitsyn", "17241", "KOZITSYN, Nikolai"),
    ("Dmytro Kozak", "16709", "KOZAK, Dmitry"),
];

/// The queries not found at top 1 above the threshold (pinned).
const MISSES: &[&str] = &[];

/// The queries found through a list alias that already spells the given name that way (the
/// explanation names no equivalence; pinned). All others are found through the equivalence.
/// Sergei Zdriliuk was one of them until the patronymics: its aliases `ZDRILYUK, Sergei` and
/// `ZDRYLYUK, Serhiy` tie at 0.950, and since then the second explains the hit.
const ALREADY: &[&str] = &["Oleg Tsaryov", "Petro Zima", "Ihor Bezler"];

#[test]
fn other_national_forms_of_listed_given_names_hit_their_records() {
    let Some(index) = index() else { return };
    let (misses, already, report) =
        common::person_top_hits(index, CASES, "given name", "GIVEN_NAMES_REPORT");
    assert_eq!(misses, MISSES, "\n{report}");
    assert_eq!(already, ALREADY, "\n{report}");
}

#[test]
fn queries_without_a_schema_find_them_too() {
    let Some(index) = index() else { return };
    for (query, number) in [
        ("Oleksandr Yanukovych", "16721"),
        ("Mykola Azarov", "16762"),
    ] {
        let hits = index.search(&Query::name(query), &SearchOptions::default());
        assert!(
            hits.first()
                .is_some_and(|h| record_number(&h.entity_id) == number && h.is_match),
            "{query}: {:?}",
            hits.first().map(|h| (&h.entity_id, h.score))
        );
    }
}

#[test]
fn different_given_names_with_one_surname_stay_apart() {
    let p = Some(Schema::Person);
    let same = score_names("Oleksandr Ivanov", "Aleksandr Ivanov", p);
    let other = score_names("Aleksandr Ivanov", "Aleksei Ivanov", p);
    let other_uk = score_names("Oleksandr Ivanov", "Aleksei Ivanov", p);
    let other_be = score_names("Aliaksandr Ivanov", "Oleksii Ivanov", p);
    assert!(same >= DEFAULT_THRESHOLD, "equivalent: {same}");
    for s in [other, other_uk, other_be] {
        assert!(s < DEFAULT_THRESHOLD && s < same, "{s} vs {same}");
    }
    // A translation is weaker evidence than a spelling variant.
    let translation = score_names("Michael Ivanov", "Mikhail Ivanov", p);
    let spelling = score_names("Mykhailo Ivanov", "Mikhail Ivanov", p);
    assert!(translation < spelling, "{translation} vs {spelling}");
    // Companies: a word that looks like a given name is not rewritten.
    let c = Some(Schema::Company);
    assert!(
        score_names("Pavlo Trading LLC", "Pavel Trading LLC", c)
            < score_names("Pavlo Ivanenko", "Pavel Ivanenko", p)
    );
}

#[test]
fn the_index_finds_the_other_form_and_explains_it() {
    let mut a = Entity::from_record(Schema::Person, "t", "1", None);
    a.add(chokepoint_model::Prop::Name, "Aleksandr Ivanenko");
    let mut b = Entity::from_record(Schema::Person, "t", "2", None);
    b.add(chokepoint_model::Prop::Name, "Aleksei Ivanenko");
    let mut c = Entity::from_record(Schema::Company, "t", "3", None);
    c.add(chokepoint_model::Prop::Name, "Oleksandr Ivanenko Trading");
    let index = Index::build(vec![a, b, c]);
    let hits = index.search(
        &Query::name("Oleksandr Ivanenko").with_schema(Schema::Person),
        &SearchOptions::default(),
    );
    let top = &hits[0];
    assert_eq!(top.entity_id, "t-1");
    assert!(top.is_match, "{}", top.explanation);
    assert!(
        top.explanation
            .contains("given name oleksandr = aleksandr (equivalent forms of aleksandr, spelling)"),
        "{}",
        top.explanation
    );
    assert!(hits.iter().all(|h| h.entity_id != "t-2" || !h.is_match));
}
