//! Acronyms and short names: one-word brand names (two pinyin syllables and a legal form, as
//! Chinese and Hong Kong traders are named) must not match two-to-four-letter acronym aliases,
//! a one-letter or 100,000-letter name must not match "AA", while real acronym designations
//! (CASIC, AVIC, KRET, NPO names) still match.

mod common;

use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_screen::{score_names, Index, Query, SearchOptions};
use std::sync::OnceLock;

/// A small index of the list names behind issue 15's false alarms: acronym aliases and short
/// names as the lists write them.
fn acronym_index() -> Index {
    let rows: &[(&str, &[&str])] = &[
        ("KURDISTAN WORKERS' PARTY", &["KHK", "PKK", "KADEK"]),
        ("GMM FZE", &[]),
        ("PEOPLE'S PARTY OF LIBERATION", &["PPL"]),
        ("ISLAMIC JIHAD FRONT", &["IJF"]),
        ("AL-ASHTAR BRIGADES", &["AA"]),
        ("HAQQANI NETWORK", &["HQN"]),
    ];
    let mut entities = Vec::new();
    for (i, (name, aliases)) in rows.iter().enumerate() {
        let mut e = Entity::from_record(Schema::Organization, "test", &i.to_string(), None);
        e.add(Prop::Name, name);
        for a in *aliases {
            e.add(Prop::Alias, a);
        }
        entities.push(e);
    }
    Index::build(entities)
}

/// The brand names of the demo's false alarms in issue 15, and others of their kind.
const BRANDS: &[&str] = &[
    "HAIKE LTD",
    "HAOQI LTD",
    "HUAQI LTD",
    "XIAOQI LLC",
    "Gaomei GmbH",
    "PULI LTD",
    "YAOFU LTD",
    "HAOKAI CO.,LTD",
    "LEHUI CO. LIMITED",
];

#[test]
fn one_word_brand_names_do_not_match_acronym_aliases() {
    let index = acronym_index();
    for name in BRANDS {
        let hits = index.search(&Query::name(name), &SearchOptions::default());
        assert!(
            hits.iter().all(|h| !h.is_match),
            "{name} matched: {:?}",
            hits.iter()
                .map(|h| (&h.matched_name, h.score))
                .collect::<Vec<_>>()
        );
    }
    assert!(score_names("HAIKE LTD", "KHK", None) < 0.5);
    assert!(score_names("PULI LTD", "PPL", Some(Schema::Company)) < 0.5);
}

#[test]
fn the_acronyms_themselves_still_match() {
    let index = acronym_index();
    for (query, want) in [
        ("KHK", "test-0"),
        ("KHK CO LTD", "test-0"),
        ("PPL", "test-2"),
        ("AA", "test-4"),
    ] {
        let hits = index.search(&Query::name(query), &SearchOptions::default());
        let top = hits.first().expect("a hit");
        assert_eq!(top.entity_id, want, "{query}");
        assert!(top.is_match, "{query}: {}", top.explanation);
    }
    // An acronym of three letters or more against the words it abbreviates.
    let s = score_names("PLA", "People's Liberation Army", None);
    assert!(s >= chokepoint_screen::DEFAULT_THRESHOLD, "{s}");
}

#[test]
fn short_names_must_be_spelled_alike() {
    let index = acronym_index();
    let huge = "A".repeat(100_000);
    for q in ["A", huge.as_str()] {
        let hits = index.search(&Query::name(q), &SearchOptions::default());
        assert!(
            hits.iter().all(|h| !h.is_match),
            "{}…: {:?}",
            &q[..1],
            hits.iter()
                .map(|h| (&h.matched_name, h.score, &h.explanation))
                .collect::<Vec<_>>()
        );
    }
    assert!(score_names("A", "AA", None) < 0.6);
    // Why it did not match is said.
    let opts = SearchOptions {
        min_score: 0.0,
        ..SearchOptions::default()
    };
    let hits = index.search(&Query::name("A"), &opts);
    let aa = hits
        .iter()
        .find(|h| h.matched_name == "AA")
        .expect("AA scored");
    assert!(
        aa.explanation.contains("short name spelled 'a' vs 'aa'"),
        "{}",
        aa.explanation
    );
    // Two-letter initials of a two-word name are not enough on their own.
    assert!(score_names("HAI KE LTD", "HK", None) < chokepoint_screen::DEFAULT_THRESHOLD);
    // Across scripts the reduced tokens still meet.
    assert!(score_names("КХК", "KHK", None) >= chokepoint_screen::DEFAULT_THRESHOLD);
}

fn real() -> Option<&'static Index> {
    static INDEX: OnceLock<Option<Index>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            common::real_index(&[
                "ofac/sdn_2024-05/sdn.csv",
                "ofac/sdn_aux_2025-12/alt.csv",
                "un/consolidated_2026-02.xml",
                "us_csl/consolidated_2022-05.csv.gz",
            ])
        })
        .as_ref()
}

#[test]
fn on_the_real_lists_brands_stay_clean_and_real_acronyms_match() {
    let Some(index) = real() else { return };
    let opts = SearchOptions::default();
    for name in BRANDS {
        let hits = index.search(&Query::name(name), &opts);
        assert!(
            hits.iter().all(|h| !h.is_match),
            "{name} matched {:?}",
            hits.iter()
                .filter(|h| h.is_match)
                .map(|h| &h.explanation)
                .collect::<Vec<_>>()
        );
    }
    // Real acronym designations and names built on them: the top hit is a match whose names
    // contain the acronym.
    for (query, acronym) in [
        ("CASIC", "casic"),
        ("KRET", "kret"),
        ("AVIC AIRCRAFT CO LTD", "avic"),
        ("AVIC INTERNATIONAL HOLDING CORP", "avic"),
        ("NPO SATURN JSC", "npo"),
        ("NPO URALPODSHIPNIK", "npo"),
    ] {
        let hits = index.search(&Query::name(query), &opts);
        let top = hits.first().unwrap_or_else(|| panic!("{query}: no hit"));
        assert!(top.is_match, "{query}: {}", top.explanation);
        assert!(
            top.matched_name.to_lowercase().contains(acronym)
                || top.caption.to_lowercase().contains(acronym),
            "{query}: {} ({})",
            top.matched_name,
            top.explanation
        );
    }
}
