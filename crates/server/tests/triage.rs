//! Daily triage through the API: marks and notes on screening hits kept in a real store file
//! (`/reviews`, its CSV export), the same write guards as an alert's status (JSON only, no write
//! from another site, the actor from the key), human labels (`/labels`) and each alert's own
//! network picture (`/alerts/{id}/network`).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_screen::reviews::ReviewStore;
use chokepoint_server::{router, Actor, AlertBook, BookError, Catalog, ServerConfig, StatusChange};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;

fn entities() -> Vec<Entity> {
    let mut a = Entity::from_record(Schema::Person, "ofac-sdn", "8031", Some("2024-05-03"));
    a.add(Prop::Name, "ROTENBERG, Arkadiy Romanovich");
    a.add(Prop::BirthDate, "1951-12-15");
    a.add(Prop::Nationality, "ru");
    a.add(Prop::Program, "UKRAINE-EO13661");
    let mut b = Entity::from_record(Schema::Organization, "un", "KPe.001", Some("2026-02-27"));
    b.add(Prop::Name, "KOREA MINING DEVELOPMENT TRADING CORPORATION");
    b.add(Prop::Country, "kp");
    vec![a, b]
}

/// One alert whose picture the book holds.
struct Book;

impl AlertBook for Book {
    fn list(&self, _: usize, _: Option<&str>) -> Result<Vec<Value>, BookError> {
        Ok(vec![
            json!({"id": "company:a", "subject": "A LTD (HK)", "score": 0.9, "parts": [], "evidence": [], "status": "open"}),
        ])
    }
    fn set_status(&self, _: StatusChange<'_>) -> Result<Option<Value>, BookError> {
        Ok(None)
    }
    fn history(&self, _: &str) -> Result<Vec<Value>, BookError> {
        Ok(Vec::new())
    }
    fn network(&self) -> Option<Value> {
        None
    }
    fn synthetic(&self) -> bool {
        true
    }
    fn neighbourhood(&self, id: &str) -> Option<Value> {
        (id == "company:a").then(|| {
            json!({"subject": "n0", "nodes": [{"id": "n0", "label": "A LTD", "role": "subject"}], "edges": []})
        })
    }
}

/// A server over the sample entities with the review tables of a store file in `dir`.
fn app(dir: &std::path::Path, keys: &[&str]) -> axum::Router {
    let reviews = ReviewStore::open(&dir.join("store.db")).unwrap();
    let catalog = Catalog::new(entities(), &HashMap::new())
        .with_reviews(Arc::new(reviews))
        .with_alerts(Arc::new(Book));
    let config = ServerConfig {
        api_keys: keys.iter().map(|k| k.to_string()).collect(),
        ..ServerConfig::default()
    };
    router(Arc::new(catalog), config)
}

async fn send(app: axum::Router, req: Request<Body>) -> (StatusCode, Value, String) {
    let resp = app.oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).to_string();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

fn mark_post(headers: &[(&str, &str)], body: &Value) -> Request<Body> {
    let mut r = Request::builder()
        .method("POST")
        .uri("/reviews")
        .header("host", "127.0.0.1:8000");
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.body(Body::from(body.to_string())).unwrap()
}

fn get(uri: &str, key: Option<&str>) -> Request<Body> {
    let mut r = Request::builder().uri(uri);
    if let Some(k) = key {
        r = r.header("authorization", format!("ApiKey {k}"));
    }
    r.body(Body::empty()).unwrap()
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn a_hit_is_marked_noted_listed_and_exported_and_the_mark_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let app1 = app(dir.path(), &[]);
    let body = json!({"query": "Arkady Rotenberg", "entity_id": "ofac-sdn-8031", "mark": "needs_review", "note": "check the date of birth"});
    let (s, v, _) = send(app1.clone(), mark_post(&[JSON], &body)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["mark"], "needs_review");
    assert_eq!(v["caption"], "ROTENBERG, Arkadiy Romanovich");
    assert_eq!(v["lists"], json!(["ofac-sdn"]));
    assert_eq!(v["actor"], Actor::UNAUTHENTICATED);
    let body = json!({"query": "ARKADY  ROTENBERG", "entity_id": "ofac-sdn-8031", "mark": "false_positive", "note": "born 1962, not 1951"});
    let (s, _, _) = send(app1.clone(), mark_post(&[JSON], &body)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v, _) = send(app1.clone(), get("/reviews?query=arkady%20rotenberg", None)).await;
    assert_eq!(s, StatusCode::OK);
    let marks = v["reviews"].as_array().unwrap();
    assert_eq!(marks.len(), 1, "one mark per hit: {v}");
    assert_eq!(marks[0]["mark"], "false_positive");
    assert_eq!(marks[0]["note"], "born 1962, not 1951");
    let (_, v, _) = send(
        app1.clone(),
        get(
            "/reviews?query=Arkady%20Rotenberg&entity_id=ofac-sdn-8031",
            None,
        ),
    )
    .await;
    let trail: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["mark"].as_str().unwrap())
        .collect();
    assert_eq!(trail, ["needs_review", "false_positive"]);
    // A new server over the same store (a restart, or a reload after an import) has the mark.
    let app2 = app(dir.path(), &[]);
    let (s, _, csv) = send(app2, get("/reviews/export.csv", None)).await;
    assert_eq!(s, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "screened_name,entity_id,entity_name,lists,mark,note,analyst,marked_at"
    );
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].starts_with(
            "ARKADY  ROTENBERG,ofac-sdn-8031,\"ROTENBERG, Arkadiy Romanovich\",ofac-sdn,false positive,\"born 1962, not 1951\","
        ),
        "{}",
        lines[1]
    );
}

#[tokio::test]
async fn a_bad_mark_an_unknown_entity_or_a_missing_field_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), &[]);
    for (body, want) in [
        (
            json!({"query": "x", "entity_id": "ofac-sdn-8031", "mark": "maybe"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"query": "x", "entity_id": "ofac-sdn-1", "mark": "true_match"}),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"entity_id": "ofac-sdn-8031", "mark": "true_match"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"query": "x", "entity_id": "ofac-sdn-8031"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (s, v, _) = send(app.clone(), mark_post(&[JSON], &body)).await;
        assert_eq!(s, want, "{body}: {v}");
        assert!(v["detail"].as_str().is_some_and(|d| !d.is_empty()), "{v}");
    }
    let (_, v, _) = send(app, get("/reviews", None)).await;
    assert_eq!(v["reviews"], json!([]));
}

#[tokio::test]
async fn a_cross_site_or_non_json_write_cannot_mark_a_hit() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), &[]);
    let body =
        json!({"query": "Korea Mining", "entity_id": "un-KPe.001", "mark": "false_positive"});
    for headers in [
        vec![
            ("origin", "http://evil.example"),
            ("content-type", "text/plain"),
        ],
        vec![
            ("origin", "http://evil.example"),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        vec![("content-type", "text/plain")],
        vec![("sec-fetch-site", "cross-site"), JSON],
        vec![("origin", "http://evil.example"), JSON],
    ] {
        let (s, v, _) = send(app.clone(), mark_post(&headers, &body)).await;
        assert!(
            s == StatusCode::FORBIDDEN || s == StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{headers:?}: {s} {v}"
        );
    }
    let (_, v, _) = send(app.clone(), get("/reviews", None)).await;
    assert_eq!(v["reviews"], json!([]), "nothing was marked");
    // The server's own page may.
    let (s, v, _) = send(
        app.clone(),
        mark_post(&[("origin", "http://127.0.0.1:8000"), JSON], &body),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, v, _) = send(app, get("/reviews", None)).await;
    assert_eq!(v["reviews"][0]["entity_id"], "un-KPe.001");
}

#[tokio::test]
async fn with_keys_a_mark_needs_one_and_records_its_holder_not_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), &["alice:k-alice"]);
    let body = json!({"query": "Korea Mining", "entity_id": "un-KPe.001", "mark": "true_match", "actor": "mallory"});
    let (s, _, _) = send(app.clone(), mark_post(&[JSON], &body)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = send(app.clone(), get("/reviews/export.csv", None)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "the export needs the key too");
    let (s, v, _) = send(
        app.clone(),
        mark_post(&[JSON, ("authorization", "ApiKey k-alice")], &body),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["actor"], "alice");
    let (_, _, csv) = send(app, get("/reviews/export.csv", Some("k-alice"))).await;
    assert!(csv.contains(",true match,,alice,"), "{csv}");
    assert!(!csv.contains("mallory"));
}

#[tokio::test]
async fn labels_name_properties_and_countries_for_people() {
    let dir = tempfile::tempdir().unwrap();
    let (s, v, _) = send(app(dir.path(), &[]), get("/labels", None)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["properties"]["birthDate"]["label"], "Date of birth");
    assert_eq!(v["properties"]["weakAlias"]["label"], "Weak alias");
    assert_eq!(v["properties"]["country"]["type"], "country");
    assert_eq!(v["countries"]["kp"], "Korea, North");
    assert_eq!(v["countries"]["ru"], "Russia");
}

#[tokio::test]
async fn an_alert_has_its_own_network_picture() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), &[]);
    let (s, v, _) = send(app.clone(), get("/alerts/company:a/network", None)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["subject"], "n0");
    let (s, v, _) = send(app, get("/alerts/company:zz/network", None)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["detail"].as_str().unwrap().contains("company:zz"));
}

#[tokio::test]
async fn the_triage_routes_are_documented() {
    let dir = tempfile::tempdir().unwrap();
    let (_, v, _) = send(app(dir.path(), &[]), get("/openapi.json", None)).await;
    for path in [
        "/labels",
        "/reviews",
        "/reviews/export.csv",
        "/alerts/{id}/network",
    ] {
        assert!(v["paths"][path].is_object(), "{path} documented");
    }
    assert_eq!(
        v["paths"]["/reviews"]["post"]["requestBody"]["content"]["application/json"]["schema"]
            ["properties"]["mark"]["enum"],
        json!(["true_match", "false_positive", "needs_review"])
    );
}
