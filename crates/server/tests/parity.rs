//! yente 5 request shapes beyond `/match` and `/search` (written from yente's API
//! documentation and models and the reconciliation API's specification, not copied): the
//! OpenRefine reconciliation service (manifest, queries by GET and by POST form, suggest,
//! preview, extend), nested `Sanction` entities and `/entities/{id}/adjacent`, `/algorithms`
//! from the weights table, CORS and gzip, and a sweep that every documented parameter of every
//! endpoint is applied or refused with a 400, none silently ignored.

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
    putin.add(Prop::Program, "RUSSIA-EO14024");
    putin.add(Prop::ListingDate, "2022-02-25");
    // The CSL republishes the SDN entry under its number, with its own programme field.
    let mut putin_csl = Entity::from_record(Schema::Person, "us-csl", "35096", Some("2022-05-01"));
    putin_csl.add(Prop::Name, "PUTIN, Vladimir Vladimirovich");
    putin_csl.add(Prop::Program, "SDN");
    let mut other = Entity::from_record(Schema::Person, "un", "KPi.099", Some("2026-02-27"));
    other.add(Prop::Name, "IVANOV, Vladimir Petrovich");
    other.add(Prop::Nationality, "by");
    let mut plant = Entity::from_record(Schema::Company, "ofac-sdn", "50001", Some("2024-05-03"));
    plant.add(Prop::Name, "VLADIMIR ELECTROMOTOR PLANT JSC");
    plant.add(Prop::Country, "ru");
    plant.add(Prop::InnCode, "3328100130");
    let mut tricky = Entity::from_record(Schema::Company, "un", "KPe.777", Some("2026-02-27"));
    tricky.add(Prop::Name, "ACME <B> TRADING & CO");
    tricky.add(Prop::Country, "kp");
    let mut ship = Entity::from_record(Schema::Vessel, "ofac-sdn", "9999", Some("2024-05-03"));
    ship.add(Prop::Name, "VLADIMIR TIKHONOV");
    ship.add(Prop::ImoNumber, "IMO 9187629");
    vec![putin, putin_csl, other, plant, tricky, ship]
}

fn app_with(config: ServerConfig) -> axum::Router {
    let published: HashMap<String, String> = [
        ("ofac-sdn".to_string(), "2024-05-03".to_string()),
        ("us-csl".to_string(), "2022-05-01".to_string()),
        ("un".to_string(), "2026-02-27".to_string()),
    ]
    .into();
    router(Arc::new(Catalog::new(entities(), &published)), config)
}

fn app() -> axum::Router {
    app_with(ServerConfig::default())
}

/// A response: status, headers and the body (decoded from JSON when it is JSON).
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    bytes: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
    fn detail(&self) -> String {
        self.json()["detail"].as_str().unwrap_or("").to_string()
    }
}

async fn send(app: axum::Router, req: Request<Body>) -> Answer {
    let resp = app.oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        bytes,
    }
}

async fn get(uri: &str) -> Answer {
    let req = Request::get(uri)
        .header("host", "chokepoint.test:8000")
        .body(Body::empty())
        .unwrap();
    send(app(), req).await
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn post_form(uri: &str, field: &str, value: &str) -> Answer {
    let req = Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("{field}={}", encode(value))))
        .unwrap();
    send(app(), req).await
}

fn recon_queries() -> Value {
    json!({
        "q0": {"query": "Vladimir Putin", "type": "Person", "limit": 3, "properties": [
            {"pid": "nationality", "v": "Russia"},
            {"pid": "Person:birthDate", "v": "1952-10-07"}
        ]},
        "q1": {"query": "Vladimir Electromotor Plant", "type": "Company"},
        "q2": {"query": "Vladimir", "type": ["Person", "Company"], "limit": 10},
        "q3": {"query": "", "properties": [{"pid": "innCode", "v": 3328100130u64}]}
    })
}

#[tokio::test]
async fn reconcile_manifest_describes_the_service() {
    let a = get("/reconcile/default?api_key=k1").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let m = a.json();
    assert_eq!(m["versions"], json!(["0.2"]));
    assert!(m["name"].as_str().unwrap().contains("All lists"), "{m}");
    assert_eq!(
        m["identifierSpace"],
        "http://chokepoint.test:8000/entities/"
    );
    assert!(m["schemaSpace"].as_str().unwrap().starts_with("http://"));
    assert_eq!(
        m["view"]["url"],
        "http://chokepoint.test:8000/#/entity/{{id}}"
    );
    assert_eq!(
        m["preview"]["url"],
        "http://chokepoint.test:8000/reconcile/default/preview?id={{id}}&api_key=k1"
    );
    assert!(m["preview"]["width"].as_u64().unwrap() > 0);
    for kind in ["entity", "type", "property"] {
        assert_eq!(
            m["suggest"][kind]["service_url"],
            "http://chokepoint.test:8000/reconcile/default"
        );
        assert_eq!(
            m["suggest"][kind]["service_path"],
            format!("/suggest/{kind}?api_key=k1")
        );
    }
    assert_eq!(
        m["extend"]["propose_properties"]["service_path"],
        "/extend/property?api_key=k1"
    );
    let types: Vec<&str> = m["defaultTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["Person", "Company", "Vessel"]);
    assert_eq!(m["defaultTypes"][0]["name"], "People");
    // A list's manifest offers the types that list holds.
    let un = get("/reconcile/un").await.json();
    let types: Vec<&str> = un["defaultTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["Person", "Company"]);
    assert_eq!(get("/reconcile/nope").await.status, StatusCode::NOT_FOUND);
}

fn ids(results: &Value) -> Vec<String> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn reconcile_queries_by_get_and_by_post_form() {
    let batch = recon_queries().to_string();
    let by_get = get(&format!("/reconcile/default?queries={}", encode(&batch))).await;
    assert_eq!(by_get.status, StatusCode::OK, "{}", by_get.text());
    let by_post = post_form("/reconcile/default", "queries", &batch).await;
    assert_eq!(by_post.status, StatusCode::OK, "{}", by_post.text());
    let v = by_post.json();
    assert_eq!(by_get.json(), v, "GET and POST answer the same");
    let q0 = &v["q0"]["result"];
    let top = &q0[0];
    assert_eq!(top["id"], "ofac-sdn-35096");
    assert_eq!(top["name"], "PUTIN, Vladimir Vladimirovich");
    assert_eq!(top["match"], true);
    assert!(top["score"].as_f64().unwrap() > 0.9, "{top}");
    assert_eq!(top["type"][0]["id"], "Person");
    assert!(top["description"].as_str().unwrap().contains("us-csl"));
    // The cleaned nationality and the birth date were applied: both features are there.
    let features: Vec<&str> = top["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(
        features.contains(&"country") && features.contains(&"birth_date"),
        "{top}"
    );
    assert!(q0.as_array().unwrap().len() <= 3, "limit 3");
    // One type: only that type comes back (no company, no vessel).
    assert!(q0
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["type"][0]["id"] == "Person"));
    assert_eq!(v["q1"]["result"][0]["id"], "ofac-sdn-50001");
    assert!(v["q1"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["type"][0]["id"] == "Company"));
    // Several types: any of them, never the vessel named Vladimir.
    let q2 = &v["q2"]["result"];
    assert!(!ids(q2).contains(&"ofac-sdn-9999".to_string()), "{q2}");
    assert!(ids(q2).contains(&"ofac-sdn-50001".to_string()), "{q2}");
    // An identifier alone finds its company.
    assert_eq!(v["q3"]["result"][0]["id"], "ofac-sdn-50001", "{v}");
    // No type: any schema, the vessel included.
    let untyped = json!({"v": {"query": "Vladimir Tikhonov"}}).to_string();
    let v = post_form("/reconcile/default", "queries", &untyped)
        .await
        .json();
    assert_eq!(v["v"]["result"][0]["id"], "ofac-sdn-9999", "{v}");
    // A list's service reconciles against that list only.
    let v = post_form("/reconcile/un", "queries", &batch).await.json();
    assert!(v["q0"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["id"].as_str().unwrap().starts_with("un-")));
}

#[tokio::test]
async fn reconcile_refuses_what_it_cannot_apply() {
    let one = |q: Value| json!({ "q": q }).to_string();
    for (batch, needle) in [
        (
            one(json!({"query": "x", "properties": [{"pid": "address", "v": "Moscow"}]})),
            "address",
        ),
        (
            one(json!({"query": "x", "type_strict": "should"})),
            "type_strict",
        ),
        (one(json!({"query": "x", "colour": "red"})), "colour"),
        (one(json!({"query": "x", "limit": 0})), "limit"),
        (one(json!({"query": "x", "type": "Spaceship"})), "Spaceship"),
        (
            one(json!({"query": "x", "properties": [{"pid": "name", "v": {"id": "Q1"}}]})),
            "v",
        ),
        ("not json".to_string(), "not valid JSON"),
    ] {
        let a = post_form("/reconcile/default", "queries", &batch).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{batch}: {}", a.text());
        assert!(a.detail().contains(needle), "{batch}: {}", a.detail());
    }
    let a = get("/reconcile/default?callback=cb").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.detail().contains("JSONP"), "{}", a.detail());
    let q = encode(&recon_queries().to_string());
    let a = get(&format!("/reconcile/default?queries={q}&extend=%7B%7D")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let a = post_form("/reconcile/default", "query", "{}").await;
    assert!(
        a.detail().contains("unknown form field `query`"),
        "{}",
        a.text()
    );
    // The batch is bounded as /match is.
    let small = ServerConfig {
        max_batch: 2,
        ..ServerConfig::default()
    };
    let req = Request::post("/reconcile/default")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "queries={}",
            encode(&recon_queries().to_string())
        )))
        .unwrap();
    let a = send(app_with(small), req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.detail().contains("too many queries"), "{}", a.detail());
    // A form from another site's page is refused; JSON is not the reconciliation body.
    let req = Request::post("/reconcile/default")
        .header("host", "127.0.0.1:8000")
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("queries=%7B%7D"))
        .unwrap();
    assert_eq!(send(app(), req).await.status, StatusCode::FORBIDDEN);
    let req = Request::post("/reconcile/default")
        .header("content-type", "application/json")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(
        send(app(), req).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
}

#[tokio::test]
async fn reconcile_suggest_entity_type_and_property() {
    let v = get("/reconcile/default/suggest/entity?prefix=vladimir%20el")
        .await
        .json();
    assert_eq!(v["prefix"], "vladimir el");
    assert_eq!(ids(&v["result"]), ["ofac-sdn-50001"]);
    assert_eq!(v["result"][0]["name"], "VLADIMIR ELECTROMOTOR PLANT JSC");
    assert_eq!(v["result"][0]["type"][0]["id"], "Company");
    // The last word is a prefix; every earlier word must be whole.
    let v = get("/reconcile/default/suggest/entity?prefix=puti")
        .await
        .json();
    assert_eq!(ids(&v["result"]), ["ofac-sdn-35096"]);
    let v = get("/reconcile/default/suggest/entity?prefix=vlad")
        .await
        .json();
    let all = ids(&v["result"]);
    assert!(all.len() >= 4, "{all:?}");
    assert_eq!(
        all[0], "ofac-sdn-50001",
        "captions that begin with it first"
    );
    let v = get("/reconcile/default/suggest/entity?prefix=vlad&type=Person")
        .await
        .json();
    assert_eq!(ids(&v["result"]), ["ofac-sdn-35096", "un-KPi.099"]);
    let v = get("/reconcile/default/suggest/entity?prefix=vlad&type=Person&limit=1&cursor=1")
        .await
        .json();
    assert_eq!(ids(&v["result"]), ["un-KPi.099"]);
    let v = get("/reconcile/un/suggest/entity?prefix=vlad").await.json();
    assert_eq!(ids(&v["result"]), ["un-KPi.099"]);
    let a = get("/reconcile/default/suggest/entity").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.detail().contains("prefix"));

    let v = get("/reconcile/default/suggest/type?prefix=peo")
        .await
        .json();
    assert_eq!(ids(&v["result"]), ["Person"]);
    let v = get("/reconcile/default/suggest/type?prefix=").await.json();
    assert_eq!(ids(&v["result"]), ["Person", "Company", "Vessel"]);

    let v = get("/reconcile/default/suggest/property?prefix=birth")
        .await
        .json();
    assert_eq!(ids(&v["result"]), ["birthDate"]);
    assert_eq!(v["result"][0]["name"], "Birth date");
    let v = get("/reconcile/default/suggest/property?prefix=imo")
        .await
        .json();
    assert_eq!(ids(&v["result"]), ["imoNumber"]);
    // What suggest/property offers, a query may use.
    let all = get("/reconcile/default/suggest/property?limit=100")
        .await
        .json();
    let mut props = Vec::new();
    for pid in ids(&all["result"]) {
        props.push(json!({"pid": pid, "v": "1952"}));
    }
    let batch = json!({"q": {"query": "Putin", "properties": props}}).to_string();
    let a = post_form("/reconcile/default", "queries", &batch).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
}

#[tokio::test]
async fn reconcile_preview_is_escaped_html() {
    let a = get("/reconcile/default/preview?id=us-csl-35096").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(a.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    let html = a.text();
    assert!(html.contains("PUTIN, Vladimir Vladimirovich"), "{html}");
    assert!(html.contains("1952-10-07"), "{html}");
    assert!(
        html.contains("RUSSIA-EO14024") && html.contains("2022-02-25"),
        "{html}"
    );
    let a = get("/reconcile/default/preview?id=un-KPe.777").await;
    let html = a.text();
    assert!(html.contains("ACME &lt;B&gt; TRADING &amp; CO"), "{html}");
    assert!(!html.contains("<B>"), "{html}");
    assert_eq!(
        get("/reconcile/default/preview?id=nope").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get("/reconcile/default/preview").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn reconcile_extends_rows_with_properties() {
    let x = json!({"ids": ["ofac-sdn-35096", "nope"], "properties": [
        {"id": "birthDate"}, {"id": "nationality", "settings": {"limit": "1"}}
    ]})
    .to_string();
    let a = post_form("/reconcile/default", "extend", &x).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let v = a.json();
    assert_eq!(
        v["meta"][0],
        json!({"id": "birthDate", "name": "Birth date"})
    );
    assert_eq!(
        v["rows"]["ofac-sdn-35096"]["birthDate"],
        json!([{"str": "1952-10-07"}])
    );
    assert_eq!(
        v["rows"]["ofac-sdn-35096"]["nationality"],
        json!([{"str": "ru"}])
    );
    assert_eq!(v["rows"]["nope"], json!({}));
    let bad = json!({"ids": ["x"], "properties": [{"id": "colour"}]}).to_string();
    assert_eq!(
        post_form("/reconcile/default", "extend", &bad).await.status,
        StatusCode::BAD_REQUEST
    );
    let v = get("/reconcile/default/extend/property?type=Person")
        .await
        .json();
    assert_eq!(v["type"], "Person");
    assert!(ids(&v["properties"]).contains(&"birthDate".to_string()));
}

#[tokio::test]
async fn entities_nest_their_sanctions_from_each_list_record() {
    let e = get("/entities/ofac-sdn-35096").await.json();
    let sanctions = e["properties"]["sanctions"].as_array().unwrap();
    assert_eq!(sanctions.len(), 2, "one per list record: {sanctions:?}");
    let sdn = &sanctions[0];
    assert_eq!(sdn["schema"], "Sanction");
    assert_eq!(sdn["id"], "ofac-sdn-35096-sanction");
    assert_eq!(sdn["properties"]["entity"], json!(["ofac-sdn-35096"]));
    assert!(sdn["properties"]["authority"][0]
        .as_str()
        .unwrap()
        .contains("Office of Foreign Assets Control"));
    assert_eq!(sdn["properties"]["country"], json!(["us"]));
    assert_eq!(sdn["properties"]["authorityId"], json!(["35096"]));
    assert_eq!(sdn["properties"]["program"], json!(["RUSSIA-EO14024"]));
    assert_eq!(sdn["properties"]["listingDate"], json!(["2022-02-25"]));
    assert_eq!(sdn["datasets"], json!(["ofac-sdn"]));
    assert_eq!(sdn["target"], false);
    // The CSL row's designation carries what that row said, not the SDN's.
    let csl = &sanctions[1];
    assert_eq!(csl["datasets"], json!(["us-csl"]));
    assert_eq!(csl["properties"]["program"], json!(["SDN"]));
    assert!(csl["properties"].get("listingDate").is_none());
    assert_eq!(csl["first_seen"], "2022-05-01T00:00:00");
    // A nested designation's id opens it.
    let one = get("/entities/us-csl-35096-sanction").await.json();
    assert_eq!(&one, csl);
    assert_eq!(
        get("/entities/un-nope-sanction").await.status,
        StatusCode::NOT_FOUND
    );
    let flat = get("/entities/ofac-sdn-35096?nested=false").await.json();
    assert!(flat["properties"].get("sanctions").is_none());
    assert_eq!(flat["id"], "ofac-sdn-35096");
    assert_eq!(
        get("/entities/ofac-sdn-35096?nested=maybe").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn adjacent_entities_are_paged_by_property() {
    let a = get("/entities/us-csl-35096/adjacent?limit=1").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let v = a.json();
    assert_eq!(v["entity"]["id"], "ofac-sdn-35096");
    assert!(v["entity"]["properties"].get("sanctions").is_none());
    let page = &v["adjacent"]["sanctions"];
    assert_eq!(page["total"], json!({"value": 2, "relation": "eq"}));
    assert_eq!(page["limit"], 1);
    assert_eq!(ids(&page["results"]), ["ofac-sdn-35096-sanction"]);
    assert_eq!(
        v["adjacent"].as_object().unwrap().len(),
        1,
        "only relationships the store holds: {v}"
    );
    let v = get("/entities/ofac-sdn-35096/adjacent/sanctions?limit=1&offset=1")
        .await
        .json();
    assert_eq!(ids(&v["results"]), ["us-csl-35096-sanction"]);
    assert_eq!(v["offset"], 1);
    assert_eq!(v["total"]["value"], 2);
    let v = get("/entities/ofac-sdn-35096/adjacent/ownershipOwner")
        .await
        .json();
    assert_eq!(v["total"]["value"], 0);
    assert_eq!(
        get("/entities/ofac-sdn-35096/adjacent/colour").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get("/entities/nope/adjacent").await.status,
        StatusCode::NOT_FOUND
    );
    let a = get("/entities/ofac-sdn-35096/adjacent?sort=caption").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.detail().contains("not supported"));
}

/// The value of a row of the scorer's weights table, read from the file itself.
fn weight(name: &str) -> f64 {
    let table = include_str!("../../screen/data/weights.csv");
    table
        .lines()
        .find_map(|l| {
            let mut cols = l.split(',');
            (cols.next() == Some(name)).then(|| cols.nth(1).unwrap().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("no weight {name}"))
}

#[tokio::test]
async fn algorithms_document_features_from_the_weights_table() {
    let v = get("/algorithms").await.json();
    assert_eq!(v["default"], "chokepoint-v1");
    assert_eq!(v["best"], "chokepoint-v1");
    let algos = v["algorithms"].as_array().unwrap();
    let names: Vec<&str> = algos.iter().map(|a| a["name"].as_str().unwrap()).collect();
    for n in [
        "chokepoint-v1",
        "logic-v2",
        "regression-v1",
        "name-based",
        "best",
    ] {
        assert!(names.contains(&n), "{n} not in {names:?}");
    }
    let ours = &algos[0];
    assert_eq!(ours["docs"]["name"], "chokepoint-v1");
    assert_eq!(ours["docs"]["config"], json!({}));
    assert_eq!(ours["docs"]["features"], ours["features"]);
    assert_eq!(
        ours["threshold"].as_f64(),
        Some(weight("default_threshold"))
    );
    let f = &ours["features"];
    assert_eq!(
        f["name"]["coefficient"].as_f64(),
        Some(weight("name_scale"))
    );
    let country: Vec<(String, f64)> = f["country"]["weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["name"].as_str().unwrap().to_string(),
                w["value"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        country,
        [
            ("country_overlap".to_string(), weight("country_overlap")),
            ("country_none".to_string(), weight("country_none"))
        ]
    );
    assert!(f["country"]["url"]
        .as_str()
        .unwrap()
        .starts_with("crates/screen/data/weights.csv#L"));
    for (_, doc) in f.as_object().unwrap() {
        assert!(!doc["description"].as_str().unwrap().is_empty());
        assert!(!doc["weights"].as_array().unwrap().is_empty(), "{doc}");
    }
    // Every feature a /match result explains is documented.
    let q = json!({"queries": {"q": {"schema": "Company", "properties": {
        "name": ["Vladimir Electromotor Plant OOO"], "country": ["ru"], "innCode": ["3328100130"]}}}});
    let req = Request::post("/match/default")
        .header("content-type", "application/json")
        .body(Body::from(q.to_string()))
        .unwrap();
    let m = send(app(), req).await.json();
    let expl = m["responses"]["q"]["results"][0]["explanations"]
        .as_object()
        .unwrap()
        .clone();
    assert!(expl.len() >= 3, "{expl:?}");
    for k in expl.keys() {
        assert!(f.get(k).is_some(), "feature {k} is not in /algorithms");
    }
}

#[tokio::test]
async fn answers_are_gzipped_when_the_client_accepts_it() {
    let req = Request::get("/algorithms")
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .unwrap();
    let a = send(app(), req).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers["content-encoding"], "gzip");
    let mut plain = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&a.bytes[..]), &mut plain)
        .unwrap();
    let v: Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(v["default"], "chokepoint-v1");
    let plain = get("/algorithms").await;
    assert!(plain.headers.get("content-encoding").is_none());
    assert!(
        plain.bytes.len() > a.bytes.len() * 3,
        "gzip shrinks the JSON"
    );
}

#[tokio::test]
async fn cors_only_for_configured_origins_and_writes_stay_refused() {
    // Not configured: no CORS header, so another site's page cannot read answers.
    let req = Request::get("/catalog")
        .header("origin", "https://app.example")
        .body(Body::empty())
        .unwrap();
    let a = send(app(), req).await;
    assert!(a.headers.get("access-control-allow-origin").is_none());
    let config = || ServerConfig {
        cors_origins: vec!["https://app.example".to_string()],
        api_keys: vec!["k1".to_string()],
        ..ServerConfig::default()
    };
    // A preflight is answered before the key check.
    let req = Request::builder()
        .method("OPTIONS")
        .uri("/match/default")
        .header("origin", "https://app.example")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .body(Body::empty())
        .unwrap();
    let a = send(app_with(config()), req).await;
    assert!(a.status.is_success(), "{}", a.status);
    assert_eq!(
        a.headers["access-control-allow-origin"],
        "https://app.example"
    );
    let allowed = a.headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"));
    // The screening request itself from the allowed origin's page.
    let req = Request::post("/match/default")
        .header("host", "127.0.0.1:8000")
        .header("origin", "https://app.example")
        .header("sec-fetch-site", "cross-site")
        .header("authorization", "ApiKey k1")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"queries": {"q": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}}})
                .to_string(),
        ))
        .unwrap();
    let a = send(app_with(config()), req).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(
        a.headers["access-control-allow-origin"],
        "https://app.example"
    );
    // Another origin gets no CORS grant, and its POST is refused.
    let req = Request::post("/match/default")
        .header("host", "127.0.0.1:8000")
        .header("origin", "https://evil.example")
        .header("authorization", "ApiKey k1")
        .header("content-type", "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let a = send(app_with(config()), req).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.headers.get("access-control-allow-origin").is_none());
    // A write from the allowed origin is still refused.
    let req = Request::post("/updatez")
        .header("host", "127.0.0.1:8000")
        .header("origin", "https://app.example")
        .header("authorization", "ApiKey k1")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(app_with(config()), req).await.status,
        StatusCode::FORBIDDEN
    );
}

/// How a parameter is checked in the sweep.
enum Check {
    /// Applied: a value it cannot take is a 400 that names it (so it is read, not ignored).
    Applied(&'static str),
    /// Applied, free text: a good value is answered 200 (its effect is pinned elsewhere).
    Free(&'static str),
    /// Documented by yente, not supported here: a 400 saying so.
    Refused(&'static str),
}

#[tokio::test]
async fn every_documented_parameter_is_applied_or_refused() {
    use Check::*;
    let match_body =
        json!({"queries": {"q": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}}});
    let recon = encode(&json!({"q": {"query": "Putin"}}).to_string());
    // (method, path, base query string, parameter, check)
    let sweep: Vec<(&str, String, String, &str, Check)> = vec![
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "limit",
            Applied("x"),
        ),
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "threshold",
            Applied("2"),
        ),
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "cutoff",
            Applied("x"),
        ),
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "algorithm",
            Applied("nope"),
        ),
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "include_dataset",
            Applied("nope"),
        ),
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "exclude_dataset",
            Applied("nope"),
        ),
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "exclude_schema",
            Applied("Spaceship"),
        ),
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "exclude_entity_ids",
            Free("un-KPi.099"),
        ),
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "changed_since",
            Applied("yesterday"),
        ),
        (
            "POST",
            "/match/default".into(),
            String::new(),
            "topics",
            Refused("sanction"),
        ),
        (
            "GET",
            "/search/default".into(),
            String::new(),
            "q",
            Free("putin"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "schema",
            Applied("Spaceship"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "include_dataset",
            Applied("nope"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "exclude_dataset",
            Applied("nope"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "exclude_schema",
            Applied("Spaceship"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "exclude_entity_ids",
            Free("un-KPi.099"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "changed_since",
            Applied("yesterday"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "countries",
            Applied("Atlantis"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "datasets",
            Applied("nope"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "limit",
            Applied("0"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "offset",
            Applied("x"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "fuzzy",
            Applied("maybe"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "facets",
            Applied("colour"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "filter_op",
            Applied("XOR"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "topics",
            Refused("sanction"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "filter",
            Refused("country:ru"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "sort",
            Refused("caption"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "target",
            Refused("true"),
        ),
        (
            "GET",
            "/search/default".into(),
            "q=vladimir".into(),
            "simple",
            Refused("true"),
        ),
        (
            "GET",
            "/entities/ofac-sdn-35096".into(),
            String::new(),
            "nested",
            Applied("maybe"),
        ),
        (
            "GET",
            "/entities/ofac-sdn-35096/adjacent".into(),
            String::new(),
            "limit",
            Applied("0"),
        ),
        (
            "GET",
            "/entities/ofac-sdn-35096/adjacent".into(),
            String::new(),
            "offset",
            Applied("x"),
        ),
        (
            "GET",
            "/entities/ofac-sdn-35096/adjacent".into(),
            String::new(),
            "sort",
            Refused("caption"),
        ),
        (
            "GET",
            "/entities/ofac-sdn-35096/adjacent/sanctions".into(),
            String::new(),
            "limit",
            Applied("x"),
        ),
        (
            "GET",
            "/entities/ofac-sdn-35096/adjacent/sanctions".into(),
            String::new(),
            "offset",
            Applied("x"),
        ),
        (
            "GET",
            "/entities/ofac-sdn-35096/adjacent/sanctions".into(),
            String::new(),
            "sort",
            Refused("caption"),
        ),
        (
            "GET",
            "/reconcile/default".into(),
            String::new(),
            "queries",
            Applied("not-json"),
        ),
        (
            "GET",
            "/reconcile/default".into(),
            String::new(),
            "extend",
            Applied("not-json"),
        ),
        (
            "GET",
            "/reconcile/default".into(),
            format!("queries={recon}"),
            "algorithm",
            Applied("nope"),
        ),
        (
            "GET",
            "/reconcile/default".into(),
            format!("queries={recon}"),
            "changed_since",
            Applied("yesterday"),
        ),
        (
            "GET",
            "/reconcile/default".into(),
            String::new(),
            "callback",
            Refused("cb"),
        ),
        (
            "POST",
            "/reconcile/default".into(),
            String::new(),
            "algorithm",
            Applied("nope"),
        ),
        (
            "POST",
            "/reconcile/default".into(),
            String::new(),
            "changed_since",
            Applied("yesterday"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/entity".into(),
            String::new(),
            "prefix",
            Free("puti"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/entity".into(),
            "prefix=vlad".into(),
            "limit",
            Applied("x"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/entity".into(),
            "prefix=vlad".into(),
            "cursor",
            Applied("x"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/entity".into(),
            "prefix=vlad".into(),
            "type",
            Applied("Spaceship"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/entity".into(),
            "prefix=vlad".into(),
            "type_strict",
            Applied("should"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/type".into(),
            String::new(),
            "prefix",
            Free("pe"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/type".into(),
            String::new(),
            "limit",
            Applied("x"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/type".into(),
            String::new(),
            "cursor",
            Applied("x"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/property".into(),
            String::new(),
            "prefix",
            Free("bi"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/property".into(),
            String::new(),
            "limit",
            Applied("0"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/property".into(),
            String::new(),
            "cursor",
            Applied("x"),
        ),
        (
            "GET",
            "/reconcile/default/suggest/property".into(),
            String::new(),
            "type",
            Applied("Spaceship"),
        ),
        (
            "GET",
            "/reconcile/default/extend/property".into(),
            String::new(),
            "type",
            Applied("Spaceship"),
        ),
        (
            "GET",
            "/reconcile/default/extend/property".into(),
            String::new(),
            "limit",
            Applied("x"),
        ),
        (
            "GET",
            "/reconcile/default/preview".into(),
            String::new(),
            "id",
            Free("ofac-sdn-35096"),
        ),
    ];
    for (method, path, base, param, check) in &sweep {
        let value = match check {
            Applied(v) | Free(v) | Refused(v) => v,
        };
        let sep = if base.is_empty() { "" } else { "&" };
        let uri = format!("{path}?{base}{sep}{param}={}", encode(value));
        let mut req = Request::builder().method(*method).uri(&uri);
        let body = if *method != "POST" {
            Body::empty()
        } else if path.starts_with("/reconcile") {
            req = req.header("content-type", "application/x-www-form-urlencoded");
            Body::from(format!("queries={recon}"))
        } else {
            req = req.header("content-type", "application/json");
            Body::from(match_body.to_string())
        };
        let a = send(app(), req.body(body).unwrap()).await;
        match check {
            Applied(_) => {
                assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.text());
                let d = a.detail();
                assert!(
                    d.contains(param) || d.contains(value),
                    "{uri}: the 400 names neither `{param}` nor `{value}`: {d}"
                );
            }
            Free(_) => assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.text()),
            Refused(_) => {
                assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.text());
                assert!(
                    a.detail().contains("not supported"),
                    "{uri}: {}",
                    a.detail()
                );
            }
        }
    }
    // The sweep and the OpenAPI document agree: every swept parameter is documented for its
    // path, and every query parameter documented for a swept path is swept.
    let doc = get("/openapi.json").await.json();
    let template = |path: &str| {
        path.replace("/default", "/{dataset}")
            .replace("ofac-sdn-35096", "{id}")
            .replace("/adjacent/sanctions", "/adjacent/{property}")
    };
    for (method, path, _, param, _) in &sweep {
        let t = template(path);
        let op = &doc["paths"][&t][method.to_ascii_lowercase()];
        let documented = op["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{method} {t} is not in /openapi.json"))
            .iter()
            .any(|p| p["name"] == *param && p["in"] == "query");
        assert!(
            documented,
            "{method} {t}: `{param}` is not in /openapi.json"
        );
    }
    for (method, path, _, _, _) in &sweep {
        let t = template(path);
        let op = &doc["paths"][&t][method.to_ascii_lowercase()];
        for p in op["parameters"].as_array().unwrap() {
            if p["in"] != "query" {
                continue;
            }
            let name = p["name"].as_str().unwrap();
            assert!(
                sweep
                    .iter()
                    .any(|(m, pa, _, n, _)| m == method && template(pa) == t && *n == name),
                "{method} {t}: documented `{name}` is not swept"
            );
        }
    }
    // A parameter no endpoint documents is refused everywhere, parameterless endpoints included.
    for (method, path) in [
        ("POST", "/match/default"),
        ("GET", "/search/default?q=x"),
        ("GET", "/entities/ofac-sdn-35096"),
        ("GET", "/entities/ofac-sdn-35096/adjacent"),
        ("GET", "/entities/ofac-sdn-35096/adjacent/sanctions"),
        ("GET", "/catalog"),
        ("GET", "/algorithms"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/reconcile/default"),
        ("POST", "/reconcile/default"),
        ("GET", "/reconcile/default/suggest/entity?prefix=x"),
        ("GET", "/reconcile/default/suggest/type"),
        ("GET", "/reconcile/default/suggest/property"),
        ("GET", "/reconcile/default/extend/property"),
        ("GET", "/reconcile/default/preview?id=ofac-sdn-35096"),
    ] {
        let sep = if path.contains('?') { '&' } else { '?' };
        let uri = format!("{path}{sep}bogus=1");
        let mut req = Request::builder().method(method).uri(&uri);
        let body = match (method, path) {
            ("POST", "/match/default") => {
                req = req.header("content-type", "application/json");
                Body::from(match_body.to_string())
            }
            ("POST", _) => {
                req = req.header("content-type", "application/x-www-form-urlencoded");
                Body::from(format!("queries={recon}"))
            }
            _ => Body::empty(),
        };
        let a = send(app(), req.body(body).unwrap()).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.text());
        assert!(a.detail().contains("`bogus`"), "{uri}: {}", a.detail());
    }
    // The applied filters of /search combine as `filter_op` says.
    let v = get("/search/default?q=vladimir&fuzzy=false&countries=ru&countries=by")
        .await
        .json();
    assert_eq!(v["total"]["value"], 3, "OR: {v}");
    let v = get("/search/default?q=vladimir&fuzzy=false&countries=ru&countries=by&filter_op=AND")
        .await
        .json();
    assert_eq!(v["total"]["value"], 0, "AND: {v}");
    let v =
        get("/search/default?q=putin&fuzzy=false&datasets=ofac-sdn&datasets=us-csl&filter_op=AND")
            .await
            .json();
    assert_eq!(v["total"]["value"], 1, "AND over datasets: {v}");
    let v = get("/search/default?q=vladimir&fuzzy=false&datasets=un&datasets=us-csl&filter_op=AND")
        .await
        .json();
    assert_eq!(v["total"]["value"], 0, "{v}");
}
