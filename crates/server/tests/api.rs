//! The API speaks yente: /match request and response shapes, hits, and the 4xx answers.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_server::{router, BookError, Catalog, ServerConfig, StatusChange};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;

fn entities() -> Vec<Entity> {
    let mut a = Entity::from_record(Schema::Person, "ofac-sdn", "8031", Some("2024-05-03"));
    a.add(Prop::Name, "ROTENBERG, Arkadiy Romanovich");
    a.add(Prop::Alias, "Arkady Rotenberg");
    a.add(Prop::BirthDate, "1951-12-15");
    a.add(Prop::Nationality, "ru");
    a.add(Prop::Program, "UKRAINE-EO13661");
    let mut b = Entity::from_record(
        Schema::Organization,
        "ofac-sdn",
        "27437",
        Some("2024-05-03"),
    );
    b.add(Prop::Name, "JOINT STOCK COMPANY MIKRON");
    b.add(Prop::Alias, "АО МИКРОН");
    b.add(Prop::InnCode, "7735007358");
    b.add(Prop::Country, "ru");
    let mut c = Entity::from_record(Schema::Organization, "un", "KPe.001", Some("2026-02-27"));
    c.add(Prop::Name, "KOREA MINING DEVELOPMENT TRADING CORPORATION");
    c.add(Prop::Country, "kp");
    let mut v = Entity::from_record(Schema::Vessel, "ofac-sdn", "9999", Some("2024-05-03"));
    v.add(Prop::Name, "ARKADY ROTENBERG");
    v.add(Prop::ImoNumber, "IMO 9187629");
    vec![a, b, c, v]
}

fn app(keys: &[&str]) -> axum::Router {
    let published: HashMap<String, String> = [
        ("ofac-sdn".to_string(), "2024-05-03".to_string()),
        ("un".to_string(), "2026-02-27".to_string()),
    ]
    .into();
    let catalog = Arc::new(Catalog::new(entities(), &published));
    let config = ServerConfig {
        api_keys: keys.iter().map(|k| k.to_string()).collect(),
        max_body_bytes: 64 * 1024,
        max_batch: 3,
        ..ServerConfig::default()
    };
    router(catalog, config)
}

async fn call(
    app: axum::Router,
    method: &str,
    uri: &str,
    body: Option<String>,
    key: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    if let Some(k) = key {
        req = req.header("authorization", format!("ApiKey {k}"));
    }
    let resp = app
        .oneshot(
            req.body(body.map(Body::from).unwrap_or_else(Body::empty))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, v)
}

/// GETs `uri` without a key.
async fn get(app: axum::Router, uri: &str) -> (StatusCode, Value) {
    call(app, "GET", uri, None, None).await
}

/// POSTs a JSON `body` to `uri` without a key.
async fn post(app: axum::Router, uri: &str, body: impl Into<String>) -> (StatusCode, Value) {
    call(app, "POST", uri, Some(body.into()), None).await
}

/// POSTs a JSON `body` to `uri` with an API key (or explicitly none).
async fn post_with_key(
    app: axum::Router,
    uri: &str,
    body: impl Into<String>,
    key: Option<&str>,
) -> (StatusCode, Value) {
    call(app, "POST", uri, Some(body.into()), key).await
}

#[tokio::test]
async fn yente_match_request_gets_yente_shaped_ranked_hits() {
    // The request as yente's documentation shows it: queries keyed by id, FtM-style examples.
    let body = json!({
        "queries": {
            "q1": {"schema": "Person", "properties": {"name": ["Arkadii Romanovich Rotenberg"], "birthDate": ["1951"]}},
            "q2": {"schema": "Company", "properties": {"name": ["Mikron JSC"], "innCode": ["7735007358"], "jurisdiction": ["ru"]}},
            "q3": {"schema": "Company", "properties": {"name": "Totally Unrelated Bakery GmbH"}}
        }
    });
    let (status, v) = post(app(&[]), "/match/default?limit=3", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["limit"], 3);
    // yente 5: no `matcher` documentation in the response; explanations per result instead.
    assert!(v.get("matcher").is_none(), "{v}");
    let q1 = &v["responses"]["q1"];
    assert_eq!(q1["status"], 200);
    assert_eq!(q1["query"]["schema"], "Person");
    assert_eq!(q1["total"]["relation"], "eq");
    let top = &q1["results"][0];
    assert_eq!(top["id"], "ofac-sdn-8031", "{q1}");
    assert_eq!(top["schema"], "Person");
    assert_eq!(top["match"], true);
    assert!(top["score"].as_f64().unwrap() > 0.7 && top["score"].as_f64().unwrap() < 1.0);
    assert!(top.get("features").is_none());
    assert!(top["explanations"]["name"]["score"].as_f64().unwrap() > 0.7);
    assert!(top["explanations"]["name"]["detail"]
        .as_str()
        .unwrap()
        .contains("name"));
    assert_eq!(top["properties"]["birthDate"][0], "1951-12-15");
    assert_eq!(top["datasets"][0], "ofac-sdn");
    assert!(top["explanation"].as_str().unwrap().len() > 10);
    // A person query never returns the vessel of the same name.
    assert!(q1["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["schema"] != "Vessel"));
    // The INN pins the company down, with a higher score than a name-only match would have.
    let q2 = &v["responses"]["q2"]["results"][0];
    assert_eq!(q2["id"], "ofac-sdn-27437");
    assert!(q2["score"].as_f64().unwrap() >= 0.95, "{q2}");
    assert!(q2["explanations"]["identifier"]["weight"].as_f64().unwrap() > 0.0);
    // Nothing plausible for the bakery.
    assert!(v["responses"]["q3"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["match"] == false));
}

#[tokio::test]
async fn datasets_filter_and_entities_catalog_algorithms_search() {
    let body = json!({"queries": {"a": {"schema": "Company", "properties": {"name": ["Korea Mining Development Trading Corp"]}}}});
    let (s, v) = post(app(&[]), "/match/un", body.to_string()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["responses"]["a"]["results"][0]["id"], "un-KPe.001");
    let (s, v) = post(app(&[]), "/match/ofac-sdn", body.to_string()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["responses"]["a"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["datasets"][0] == "ofac-sdn"));
    let (s, v) = post(app(&[]), "/match/nope", body.to_string()).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");

    let (s, v) = get(app(&[]), "/entities/un-KPe.001").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["caption"], "KOREA MINING DEVELOPMENT TRADING CORPORATION");
    assert_eq!(v["referents"][0], "un-KPe.001");
    let (s, _) = get(app(&[]), "/entities/none").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (_, v) = get(app(&[]), "/catalog").await;
    let names: Vec<&str> = v["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["default", "ofac-sdn", "un"]);
    assert_eq!(v["datasets"][2]["version"], "2026-02-27");
    let (_, v) = get(app(&[]), "/algorithms").await;
    assert_eq!(v["default"], "chokepoint-v1");
    let (s, v) = get(app(&[]), "/search/default?q=mikron").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["results"][0]["id"], "ofac-sdn-27437", "{v}");
    let (s, _) = get(app(&[]), "/healthz").await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = get(app(&[]), "/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    for path in [
        "/match/{dataset}",
        "/search/{dataset}",
        "/entities/{id}",
        "/algorithms",
        "/catalog",
        "/healthz",
    ] {
        assert!(v["paths"][path].is_object(), "{path} documented");
    }
}

#[tokio::test]
async fn bad_requests_get_the_right_4xx() {
    let ok_query = json!({"schema": "Person", "properties": {"name": ["x y"]}});
    // Bad JSON: 400 with a detail.
    let (s, v) = post(app(&[]), "/match/default", "{\"queries\": {").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["detail"].as_str().unwrap().contains("invalid JSON"));
    // Valid JSON of the wrong shape: 422.
    let (s, _) = post(app(&[]), "/match/default", "{\"q\": 1}").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Unknown schema: 400.
    let body = json!({"queries": {"a": {"schema": "Spaceship", "properties": {"name": ["x"]}}}});
    let (s, v) = post(app(&[]), "/match/default", body.to_string()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["detail"].as_str().unwrap().contains("Spaceship"));
    // Oversized batch (limit 3 here): 400 naming the limit.
    let big = json!({"queries": {"a": ok_query, "b": ok_query, "c": ok_query, "d": ok_query}});
    let (s, v) = post(app(&[]), "/match/default", big.to_string()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["detail"].as_str().unwrap().contains("limit 3"), "{v}");
    // Oversized body (over 64 KiB here): 413.
    let huge = json!({"queries": {"a": {"schema": "Person", "properties": {"name": ["x".repeat(70_000)]}}}});
    let (s, _) = post(app(&[]), "/match/default", huge.to_string()).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    // Bad limits and algorithms: 400.
    let one = json!({"queries": {"a": ok_query}}).to_string();
    let (s, _) = post(app(&[]), "/match/default?limit=0", one.clone()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = post(app(&[]), "/match/default?algorithm=magic", one.clone()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = post(app(&[]), "/match/default?algorithm=logic-v2", one.clone()).await;
    assert_eq!(s, StatusCode::OK, "yente's algorithm names are accepted");
    let (s, _) = get(app(&[]), "/nowhere").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn malformed_query_strings_are_json_400s() {
    for uri in [
        "/search/default?q=x&limit=-3",
        "/search/default?q=x&offset=null",
        "/search/default?q=x&limit=1&limit=2",
        "/alerts?limit=abc",
        "/match/default?limit=-2.5",
        "/entities/%FF%FE",
    ] {
        let method = if uri.starts_with("/match") {
            "POST"
        } else {
            "GET"
        };
        let body = (method == "POST").then(|| "{\"queries\": {}}".to_string());
        let (s, v) = call(app(&[]), method, uri, body, None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}");
        let detail = v["detail"].as_str().unwrap_or_default();
        assert!(
            detail.starts_with("bad query string") || detail.starts_with("bad path"),
            "{uri}: {v}"
        );
    }
}

#[tokio::test]
async fn api_keys_are_checked_when_configured() {
    let one = json!({"queries": {"a": {"schema": "Person", "properties": {"name": ["Arkady Rotenberg"]}}}}).to_string();
    let (s, v) = post(app(&["s3cret"]), "/match/default", one.clone()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(v["detail"].as_str().unwrap().contains("API key"));
    for (key, want) in [("wrong", StatusCode::FORBIDDEN), ("s3cret", StatusCode::OK)] {
        let (s, _) =
            post_with_key(app(&["s3cret"]), "/match/default", one.clone(), Some(key)).await;
        assert_eq!(s, want, "key {key}");
    }
    let (s, _) = get(app(&["s3cret"]), "/entities/un-KPe.001?api_key=s3cret").await;
    assert_eq!(s, StatusCode::OK);
    // Health checks need no key.
    let (s, _) = get(app(&["s3cret"]), "/healthz").await;
    assert_eq!(s, StatusCode::OK);
}

/// A minimal alert book: two alerts in memory with an audit trail.
struct Book(std::sync::Mutex<Vec<(Value, Vec<Value>)>>);

impl chokepoint_server::AlertBook for Book {
    fn list(&self, limit: usize, status: Option<&str>) -> Result<Vec<Value>, BookError> {
        let g = self
            .0
            .lock()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        Ok(g.iter()
            .map(|(a, _)| a.clone())
            .filter(|a| status.is_none_or(|s| a["status"] == s))
            .take(limit)
            .collect())
    }
    fn set_status(&self, c: StatusChange<'_>) -> Result<Option<Value>, BookError> {
        let mut g = self
            .0
            .lock()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        let Some((a, h)) = g.iter_mut().find(|(a, _)| a["id"] == c.id) else {
            return Ok(None);
        };
        h.push(json!({"from": a["status"], "to": c.status, "note": c.note, "actor": c.actor}));
        a["status"] = json!(c.status);
        Ok(Some(a.clone()))
    }
    fn history(&self, id: &str) -> Result<Vec<Value>, BookError> {
        let g = self
            .0
            .lock()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        Ok(g.iter()
            .find(|(a, _)| a["id"] == id)
            .map(|(_, h)| h.clone())
            .unwrap_or_default())
    }
    fn network(&self) -> Option<Value> {
        Some(json!({"nodes": [{"id": "a", "label": "A", "kind": "shell"}], "edges": []}))
    }
    fn synthetic(&self) -> bool {
        true
    }
}

#[tokio::test]
async fn alerts_status_changes_are_audited_and_ui_is_served() {
    let alert = |id: &str| json!({"id": id, "subject": "X LLC", "score": 0.9, "parts": [{"rule": "new_company", "score": 0.4, "text": "incorporated 2022-04"}], "evidence": ["r1"], "status": "open"});
    let book = Arc::new(Book(std::sync::Mutex::new(vec![
        (alert("a1"), vec![]),
        (alert("a2"), vec![]),
    ])));
    let catalog = Arc::new(
        Catalog::new(entities(), &HashMap::new())
            .with_alerts(book)
            .with_document("traces", json!({"chains": []})),
    );
    let app = router(catalog, ServerConfig::default());
    let (s, v) = get(app.clone(), "/alerts").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["alerts"].as_array().unwrap().len(), 2);
    assert_eq!(v["synthetic"], true);
    let (s, v) = post(
        app.clone(),
        "/alerts/a2/status",
        json!({"status": "dismissed", "note": "known supplier"}).to_string(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "dismissed");
    let (_, v) = get(app.clone(), "/alerts?status=open").await;
    assert_eq!(v["alerts"].as_array().unwrap().len(), 1);
    let (_, v) = get(app.clone(), "/alerts/a2/history").await;
    assert_eq!(v["history"][0]["to"], "dismissed");
    assert_eq!(v["history"][0]["note"], "known supplier");
    let (s, _) = post(
        app.clone(),
        "/alerts/a2/status",
        json!({"status": "maybe"}).to_string(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = post(
        app.clone(),
        "/alerts/zz/status",
        json!({"status": "open"}).to_string(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = get(app.clone(), "/traces").await;
    assert_eq!((s, v["chains"].is_array()), (StatusCode::OK, true));
    let (s, _) = get(app.clone(), "/attribution").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let resp = app
        .oneshot(Request::builder().uri("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let html = String::from_utf8(
        resp.into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(html.contains("<title>Chokepoint</title>") && html.contains("/match/default"));
}
