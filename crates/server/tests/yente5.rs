//! yente 5 request shapes (written from yente's API documentation and models): every
//! parameter of `/match` and `/search` is applied or refused with a 400, results carry
//! `explanations`, `total` counts matches, the query echo is cleaned, and one designee is one
//! result however many lists carry it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_server::{router, Catalog, ServerConfig};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;

fn entities() -> Vec<Entity> {
    let mut putin = Entity::from_record(Schema::Person, "ofac-sdn", "35096", Some("2024-05-03"));
    putin.add(Prop::Name, "PUTIN, Vladimir Vladimirovich");
    putin.add(Prop::BirthDate, "1952-10-07");
    putin.add(Prop::Nationality, "ru");
    // The CSL republishes the SDN entry under its number.
    let mut putin_csl = Entity::from_record(Schema::Person, "us-csl", "35096", Some("2022-05-01"));
    putin_csl.add(Prop::Name, "PUTIN, Vladimir Vladimirovich");
    putin_csl.add(Prop::Program, "SDN");
    let mut other = Entity::from_record(Schema::Person, "un", "KPi.099", Some("2026-02-27"));
    other.add(Prop::Name, "IVANOV, Vladimir Petrovich");
    other.add(Prop::Nationality, "by");
    let mut plant = Entity::from_record(Schema::Company, "ofac-sdn", "50001", Some("2024-05-03"));
    plant.add(Prop::Name, "VLADIMIR ELECTROMOTOR PLANT JSC");
    plant.add(Prop::Country, "ru");
    let mut addr = Entity::from_record(Schema::Company, "ofac-sdn", "50002", Some("2024-05-03"));
    addr.add(Prop::Name, "KOVROV MECHANICAL PLANT");
    addr.add(Prop::Address, "Vladimir Oblast, Kovrov");
    addr.add(Prop::Country, "ru");
    vec![putin, putin_csl, other, plant, addr]
}

fn app() -> axum::Router {
    let published: HashMap<String, String> = [
        ("ofac-sdn".to_string(), "2024-05-03".to_string()),
        ("us-csl".to_string(), "2022-05-01".to_string()),
        ("un".to_string(), "2026-02-27".to_string()),
    ]
    .into();
    let catalog = Arc::new(Catalog::new(entities(), &published));
    router(catalog, ServerConfig::default())
}

async fn call(method: &str, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let resp = app().oneshot(req.body(body).unwrap()).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn putin_query() -> Value {
    json!({"queries": {"q": {"schema": "Person", "properties": {
        "name": ["Vladimir Putin"], "nationality": ["Russia"], "birthDate": ["1952-10-07T00:00:00"]
    }}}})
}

#[tokio::test]
async fn one_designee_is_one_result_with_every_list() {
    let (s, v) = call("POST", "/match/default", Some(putin_query())).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let results = v["responses"]["q"]["results"].as_array().unwrap();
    let putins: Vec<&Value> = results
        .iter()
        .filter(|r| r["caption"] == "PUTIN, Vladimir Vladimirovich")
        .collect();
    assert_eq!(putins.len(), 1, "{results:?}");
    assert_eq!(putins[0]["id"], "ofac-sdn-35096");
    assert_eq!(putins[0]["datasets"], json!(["ofac-sdn", "us-csl"]));
    assert_eq!(
        putins[0]["referents"],
        json!(["ofac-sdn-35096", "us-csl-35096"])
    );
    // The merged record's id opens the designee.
    let (s, e) = call("GET", "/entities/us-csl-35096", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["id"], "ofac-sdn-35096");
}

#[tokio::test]
async fn results_explain_total_counts_matches_and_the_echo_is_cleaned() {
    let (_, v) = call("POST", "/match/default?cutoff=0.1", Some(putin_query())).await;
    let r = &v["responses"]["q"];
    // Cleaned echo: Russia → ru, the date-time cut to its date.
    assert_eq!(r["query"]["properties"]["nationality"], json!(["ru"]));
    assert_eq!(r["query"]["properties"]["birthDate"], json!(["1952-10-07"]));
    let top = &r["results"][0];
    assert_eq!(top["match"], true);
    // The cleaned country counts as agreement, not as a mismatch.
    assert!(
        top["explanations"]["country"]["weight"].as_f64().unwrap() > 0.0,
        "{top}"
    );
    assert!(top["explanations"]["birth_date"]["detail"]
        .as_str()
        .unwrap()
        .contains("1952"));
    assert!(top.get("features").is_none() && v.get("matcher").is_none());
    // total = results at or above the threshold; lower results are still returned.
    let results = r["results"].as_array().unwrap();
    let matches = results.iter().filter(|x| x["match"] == true).count();
    assert_eq!(r["total"]["value"], matches);
    assert!(
        results.len() > matches,
        "a low cutoff returns non-matches too: {results:?}"
    );
    // A query with no match at all: total 0 even though candidates come back.
    let q = json!({"queries": {"q": {"schema": "Person", "properties": {"name": ["Vladimir Ivanovsky-Korsakov"]}}}});
    let (_, v) = call("POST", "/match/default?cutoff=0.1", Some(q)).await;
    assert_eq!(v["responses"]["q"]["total"]["value"], 0, "{v}");
}

#[tokio::test]
async fn match_filters_are_applied() {
    let q = || Some(putin_query());
    let ids = |v: &Value| -> Vec<String> {
        v["responses"]["q"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, all) = call("POST", "/match/default?cutoff=0.1", q()).await;
    assert!(ids(&all).contains(&"un-KPi.099".to_string()), "{all}");
    let (_, v) = call("POST", "/match/default?cutoff=0.1&include_dataset=un", q()).await;
    assert_eq!(ids(&v), ["un-KPi.099"]);
    let (_, v) = call("POST", "/match/default?cutoff=0.1&exclude_dataset=un", q()).await;
    assert!(!ids(&v).contains(&"un-KPi.099".to_string()) && !ids(&v).is_empty());
    // Excluding a merged record's id excludes its designee.
    let (_, v) = call(
        "POST",
        "/match/default?cutoff=0.1&exclude_entity_ids=us-csl-35096&exclude_entity_ids=un-KPi.099",
        q(),
    )
    .await;
    assert!(
        !ids(&v)
            .iter()
            .any(|i| i == "ofac-sdn-35096" || i == "un-KPi.099"),
        "{v}"
    );
    let (_, v) = call(
        "POST",
        "/match/default?cutoff=0.1&changed_since=2025-01-01",
        q(),
    )
    .await;
    assert_eq!(
        ids(&v),
        ["un-KPi.099"],
        "only the UN list was published since"
    );
    let company =
        json!({"queries": {"q": {"schema": "LegalEntity", "properties": {"name": ["Vladimir"]}}}});
    let (_, v) = call(
        "POST",
        "/match/default?cutoff=0.1&exclude_schema=Company",
        Some(company),
    )
    .await;
    assert!(!ids(&v).contains(&"ofac-sdn-50001".to_string()), "{v}");
}

#[tokio::test]
async fn unsupported_parameters_are_refused_not_ignored() {
    for (uri, body, needle) in [
        ("/match/default?topics=sanction", putin_query(), "topics"),
        (
            "/match/default?fuzzy=true",
            putin_query(),
            "unknown parameter `fuzzy`",
        ),
        (
            "/match/default?include_dataset=nope",
            putin_query(),
            "no dataset `nope`",
        ),
        (
            "/match/default?exclude_schema=Spaceship",
            putin_query(),
            "Spaceship",
        ),
        (
            "/match/default?changed_since=yesterday",
            putin_query(),
            "ISO 8601",
        ),
        (
            "/match/default",
            json!({"queries": putin_query()["queries"], "weights": {"name_literal": 0.8}}),
            "weights",
        ),
        (
            "/match/default",
            json!({"queries": putin_query()["queries"], "config": {"nm_number_mismatch": 0.1}}),
            "config",
        ),
        (
            "/match/default",
            json!({"queries": putin_query()["queries"], "extra": 1}),
            "extra",
        ),
    ] {
        let (s, v) = call("POST", uri, Some(body)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert!(v["detail"].as_str().unwrap().contains(needle), "{uri}: {v}");
    }
    // Empty weights and config are what yente clients send by default: accepted.
    let body = json!({"queries": putin_query()["queries"], "weights": {}, "config": {}});
    let (s, v) = call("POST", "/match/default", Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    for uri in [
        "/search/default?q=vladimir&topics=sanction",
        "/search/default?q=vladimir&filter=country:ru",
        "/search/default?q=vladimir&sort=caption",
        "/search/default?q=vladimir&facets=colour",
        "/search/default?q=vladimir&countries=Atlantis",
    ] {
        let (s, v) = call("GET", uri, None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
    }
}

#[tokio::test]
async fn search_is_full_text_with_filters_and_facets() {
    let (s, v) = call("GET", "/search/default?q=vladimir&fuzzy=false", None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let ids: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // Every entity with the word: in a name (Putin, Ivanov, the plant) or only in an address.
    for want in [
        "ofac-sdn-35096",
        "un-KPi.099",
        "ofac-sdn-50001",
        "ofac-sdn-50002",
    ] {
        assert!(ids.contains(&want), "{want} not in {ids:?}");
    }
    assert_eq!(v["total"]["value"], 4);
    assert_eq!(
        ids.last(),
        Some(&"ofac-sdn-50002"),
        "address-only match ranks last"
    );
    let countries = &v["facets"]["countries"]["values"];
    assert_eq!(countries[0]["name"], "ru");
    assert_eq!(countries[0]["label"], "Russia");
    assert_eq!(countries[0]["count"], 3);
    let (_, v) = call(
        "GET",
        "/search/default?q=vladimir&schema=Person&countries=Belarus",
        None,
    )
    .await;
    assert_eq!(v["total"]["value"], 1);
    assert_eq!(v["results"][0]["id"], "un-KPi.099");
    let (_, v) = call(
        "GET",
        "/search/default?q=Vladimir%20Putin&fuzzy=false",
        None,
    )
    .await;
    assert_eq!(v["total"]["value"], 1, "every word must occur: {v}");
    let (_, v) = call("GET", "/search/default?q=vladimir&exclude_entity_ids=us-csl-35096&datasets=ofac-sdn&limit=1&offset=1", None).await;
    assert_eq!(v["total"]["value"], 2, "{v}");
    assert_eq!(v["results"].as_array().unwrap().len(), 1);
    // Cyrillic query, folded across scripts.
    let (_, v) = call(
        "GET",
        "/search/default?q=%D0%92%D0%BB%D0%B0%D0%B4%D0%B8%D0%BC%D0%B8%D1%80&fuzzy=false",
        None,
    )
    .await;
    assert_eq!(v["total"]["value"], 4, "{v}");
}

#[tokio::test]
async fn readiness_and_updates() {
    let (s, v) = call("GET", "/readyz", None).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("ok")));
    let (s, v) = call("POST", "/updatez", None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["detail"].as_str().unwrap().contains("not supported"));
}
