//! Behaviour of the index, the scorer and the explanations on small hand-made lists.

use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_screen::{score_names, FeatureKind, Hit, Index, Query, SearchOptions};

fn company(id: &str, names: &[&str], country: Option<&str>) -> Entity {
    let mut e = Entity::from_record(Schema::Company, "test-list", id, Some("2026-01-01"));
    for (i, n) in names.iter().enumerate() {
        e.add(if i == 0 { Prop::Name } else { Prop::Alias }, n);
    }
    if let Some(c) = country {
        e.add(Prop::Country, c);
    }
    e
}

fn person(id: &str, name: &str, birth: Option<&str>) -> Entity {
    let mut e = Entity::from_record(Schema::Person, "test-list", id, None);
    e.add(Prop::Name, name);
    if let Some(b) = birth {
        e.add(Prop::BirthDate, b);
    }
    e
}

fn fixture() -> Index {
    let mut list = vec![
        company(
            "haige",
            &["GUANGZHOU HAIGE COMMUNICATIONS GROUP INCORPORATED COMPANY"],
            Some("cn"),
        ),
        company(
            "cnooc",
            &["CNOOC ENERGY TECHNOLOGY & SERVICES LIMITED"],
            Some("cn"),
        ),
        company(
            "tmc",
            &[
                "TACTICAL MISSILES CORPORATION JSC",
                "KORPORATSIYA TAKTICHESKOE RAKETNOE VOORUZHENIE",
            ],
            Some("ru"),
        ),
        company("murom", &["MUROM INSTRUMENT-MAKING PLANT"], Some("ru")),
        company("sberbank", &["SBERBANK OF RUSSIA"], Some("ru")),
        company("kalashnikov", &["KALASHNIKOV CONCERN"], Some("ru")),
        person("putin", "Vladimir Vladimirovich PUTIN", Some("1952-10-07")),
        person("lavrov", "Sergey Viktorovich LAVROV", Some("1950-03-21")),
        person("shoigu", "Sergei Kuzhugetovich SHOIGU", Some("1955-05-21")),
    ];
    let mut inn = company("elcom", &["ELEKTRONNYE KOMPONENTY OOO"], Some("ru"));
    inn.add(Prop::InnCode, "7702070139");
    inn.add(Prop::OgrnCode, "1027700132195");
    list.push(inn);
    let mut vessel = Entity::from_record(Schema::Vessel, "test-list", "ship", None);
    vessel.add(Prop::Name, "VLADIMIR PUTIN");
    vessel.add(Prop::ImoNumber, "IMO 9187629");
    list.push(vessel);
    // Filler so that rarity weights are meaningful.
    for i in 0..200 {
        list.push(company(
            &format!("filler{i}"),
            &[&format!("NORTHERN TRADING COMPANY NUMBER {i}")],
            Some("ae"),
        ));
    }
    Index::build(list)
}

fn top(index: &Index, q: &Query) -> Option<Hit> {
    index
        .search(q, &SearchOptions::default())
        .into_iter()
        .next()
}

fn top_id(index: &Index, q: &Query) -> Option<String> {
    top(index, q).map(|h| h.entity_id)
}

#[test]
fn finds_typos_reordered_transliterated_and_abbreviated_names() {
    let index = fixture();
    let cases = [
        ("GUANGZHOU HAIGE COMM GRP", "test-list-haige"),
        ("CNOOC ENERGY TECH & SRVCES LTD", "test-list-cnooc"),
        ("Vladimir Vladimirovich PUTN", "test-list-putin"),
        ("Lavrov Sergey", "test-list-lavrov"),
        ("Сергей Викторович Лавров", "test-list-lavrov"),
        ("Шойгу Сергей", "test-list-shoigu"),
        ("TACTICAL MISSILE CORP", "test-list-tmc"),
        ("Kalashnikov Konzern", "test-list-kalashnikov"),
    ];
    for (name, want) in cases {
        let got = top_id(&index, &Query::name(name));
        assert_eq!(got.as_deref(), Some(want), "query {name:?}");
    }
}

#[test]
fn identifiers_match_exactly_and_lift_the_score() {
    let index = fixture();
    let q = Query::name("Some Other Name LLC").with_identifier(Prop::InnCode, "7702-070-139");
    let hit = top(&index, &q).expect("an INN match is found even when the name differs");
    assert_eq!(hit.entity_id, "test-list-elcom");
    assert!(hit.score >= 0.99, "{}", hit.score);
    let q = Query::name("ELEKTRONNYE KOMPONENTY").with_identifier(Prop::InnCode, "7702070140");
    let hit = top(&index, &q).expect("name still matches");
    assert!(
        hit.features
            .iter()
            .any(|f| f.kind == FeatureKind::Identifier && f.weight < 0.0),
        "{hit:?}"
    );
    let vessel = top(
        &index,
        &Query::name("X").with_identifier(Prop::ImoNumber, "9187629"),
    )
    .expect("IMO");
    assert_eq!(vessel.entity_id, "test-list-ship");
}

#[test]
fn person_queries_do_not_hit_vessels() {
    let index = fixture();
    let hits = index.search(
        &Query::name("Vladimir Putin").with_schema(Schema::Person),
        &SearchOptions::default(),
    );
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.schema != Schema::Vessel), "{hits:?}");
    let any = index.search(&Query::name("Vladimir Putin"), &SearchOptions::default());
    assert!(
        any.iter().any(|h| h.schema == Schema::Vessel),
        "without a schema the vessel is a candidate"
    );
}

#[test]
fn distinct_evidence_gives_distinct_ordered_scores() {
    let index = fixture();
    let opts = SearchOptions::default();
    let score = |q: Query| {
        index
            .search(&q, &opts)
            .into_iter()
            .find(|h| h.entity_id == "test-list-elcom")
            .map(|h| h.score)
    };
    let name = score(Query::name("ELEKTRONNYE KOMPONENTY OOO")).expect("exact name");
    let country =
        score(Query::name("ELEKTRONNYE KOMPONENTY OOO").with_country("RU")).expect("with country");
    let inn = score(
        Query::name("ELEKTRONNYE KOMPONENTY OOO").with_identifier(Prop::InnCode, "7702070139"),
    )
    .expect("with INN");
    let wrong_country =
        score(Query::name("ELEKTRONNYE KOMPONENTY OOO").with_country("cn")).expect("other country");
    assert!(name < 1.0 && name > 0.9, "exact name alone: {name}");
    assert!(name < country, "{name} < {country}");
    assert!(country < inn, "{country} < {inn}");
    assert!(wrong_country < name, "{wrong_country} < {name}");
    let born = |d: &str| {
        index
            .search(
                &Query::name("Sergey Viktorovich LAVROV").with_birth_date(d),
                &opts,
            )
            .first()
            .map(|h| h.score)
            .unwrap_or(0.0)
    };
    assert!(born("1950-03-21") > born("1950") && born("1950") > born("1970"));
}

#[test]
fn scores_are_calibrated_and_never_flat_one() {
    let exact = score_names(
        "Sberbank of Russia",
        "SBERBANK OF RUSSIA",
        Some(Schema::Company),
    );
    let typo = score_names(
        "Sberbnk of Russia",
        "SBERBANK OF RUSSIA",
        Some(Schema::Company),
    );
    let other = score_names("Gazprom", "SBERBANK OF RUSSIA", Some(Schema::Company));
    assert!((0.95..1.0).contains(&exact), "{exact}");
    assert!(exact > typo && typo > other, "{exact} {typo} {other}");
    let person_vs_company = NameScorerCheck::run();
    assert!(person_vs_company);
}

struct NameScorerCheck;

impl NameScorerCheck {
    fn run() -> bool {
        let s = chokepoint_screen::NameScorer::new("Vladimir Putin", Some(Schema::Person));
        let other = chokepoint_screen::NameScorer::new("Vladimir Putin", Some(Schema::Person));
        (s.score_against(&other) - s.score("Vladimir Putin")).abs() < 1e-12
    }
}

#[test]
fn explanations_mention_the_features() {
    let index = fixture();
    let q = Query::name("GUANGZHOU HAIGE COMM GRP").with_country("CN");
    let hit = top(&index, &q).expect("hit");
    let kinds: Vec<FeatureKind> = hit.features.iter().map(|f| f.kind).collect();
    assert!(
        kinds.contains(&FeatureKind::Name) && kinds.contains(&FeatureKind::Country),
        "{kinds:?}"
    );
    assert!(
        hit.explanation.contains("GUANGZHOU HAIGE COMM GRP"),
        "{}",
        hit.explanation
    );
    assert!(
        hit.explanation.contains("abbreviation"),
        "{}",
        hit.explanation
    );
    assert!(
        hit.explanation.contains("country cn = cn"),
        "{}",
        hit.explanation
    );
    assert!(
        hit.explanation.contains("tokens aligned"),
        "{}",
        hit.explanation
    );
    assert_eq!(hit.lists, vec!["test-list".to_string()]);
    assert_eq!(
        hit.caption,
        "GUANGZHOU HAIGE COMMUNICATIONS GROUP INCORPORATED COMPANY"
    );
}

#[test]
fn no_candidates_and_degenerate_input() {
    let index = fixture();
    let opts = SearchOptions::default();
    assert!(index.search(&Query::name("Zzyzx Qwvjk"), &opts).is_empty());
    assert!(index.search(&Query::name(""), &opts).is_empty());
    assert!(index.search(&Query::name("!!! --- ???"), &opts).is_empty());
    let long = "Ab".repeat(5000);
    let _ = index.search(&Query::name(&long), &opts);
    let many = "word ".repeat(2000);
    let _ = index.search(&Query::name(&many), &opts);
    let _ = score_names("", "", None);
    let _ = score_names(&long, &many, Some(Schema::Company));
    let empty = Index::build(Vec::<Entity>::new());
    assert!(empty.search(&Query::name("Putin"), &opts).is_empty());
    let batch = index.search_batch(&[Query::name("Lavrov"), Query::name("")], &opts);
    assert_eq!(batch.len(), 2);
}

#[test]
fn threshold_flags_matches() {
    let index = fixture();
    let strict = SearchOptions {
        threshold: 0.999,
        ..SearchOptions::default()
    };
    let hits = index.search(&Query::name("Sberbank of Russia"), &strict);
    assert!(!hits.is_empty() && hits.iter().all(|h| !h.is_match));
    let hits = index.search(
        &Query::name("Sberbank of Russia"),
        &SearchOptions::default(),
    );
    assert!(hits[0].is_match);
}

#[test]
fn batch_search_equals_single_searches() {
    let index = fixture();
    let opts = SearchOptions::default();
    let queries: Vec<Query> = [
        "Lavrov",
        "GUANGZHOU HAIGE",
        "Putin Vladimir",
        "nothing here",
        "Сбербанк России",
    ]
    .iter()
    .map(|n| Query::name(n))
    .collect();
    let batch = index.search_batch(&queries, &opts);
    for (q, hits) in queries.iter().zip(&batch) {
        let single = index.search(q, &opts);
        let a: Vec<(&str, f64)> = hits
            .iter()
            .map(|h| (h.entity_id.as_str(), h.score))
            .collect();
        let b: Vec<(&str, f64)> = single
            .iter()
            .map(|h| (h.entity_id.as_str(), h.score))
            .collect();
        assert_eq!(a, b, "{}", q.name);
    }
}

/// A name made only of common tokens ("korea", "trading"…) must still be found as written,
/// even when rows holding rarer spelling variants of those tokens ("korean") exist: those
/// variants once took every candidate slot and the exact name was never scored.
#[test]
fn exact_names_of_common_tokens_beat_rare_variants() {
    let mut entities = Vec::new();
    // Enough names with "korea" and "trading" to make them common tokens in the index.
    for i in 0..450 {
        entities.push(company(
            &format!("filler-{i}"),
            &[&format!("KOREA TRADING DEVELOPMENT UNIT {i} CORPORATION")],
            None,
        ));
    }
    for i in 0..40 {
        entities.push(company(
            &format!("variant-{i}"),
            &[&format!(
                "NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION {i}"
            )],
            None,
        ));
    }
    entities.push(company(
        "target-a",
        &[
            "KOREA MINING DEVELOPMENT TRADING CORPORATION",
            "NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION",
        ],
        None,
    ));
    entities.push(company(
        "target-b",
        &["KOREA MINING DEVELOPMENT TRADING CORPORATION"],
        None,
    ));
    let index = Index::from_entities(&entities);
    let hits = index.search(
        &Query::name("KOREA MINING DEVELOPMENT TRADING CORP"),
        &SearchOptions {
            limit: 5,
            ..SearchOptions::default()
        },
    );
    let top: Vec<&str> = hits.iter().take(2).map(|h| h.entity_id.as_str()).collect();
    assert!(
        top.contains(&"test-list-target-a") && top.contains(&"test-list-target-b"),
        "{top:?}"
    );
    assert_eq!(
        hits[0].matched_name,
        "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    );
    assert!(hits[0].score > 0.95, "{}", hits[0].score);
}
