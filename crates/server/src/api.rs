//! Routes and handlers.

use crate::auth::{require_key, Keys};
use crate::catalog::Catalog;
use crate::entity_json::entity_response;
use crate::error::{ApiError, UrlPath, UrlQuery};
use crate::{openapi, ServerConfig};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chokepoint_model::{Prop, Schema};
use chokepoint_screen::{Hit, Query, SearchOptions, DEFAULT_THRESHOLD};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// The name of Chokepoint's matcher in `/algorithms`.
pub const ALGORITHM: &str = "chokepoint-v1";
/// yente's algorithm names, accepted so that existing clients work; all run Chokepoint's matcher.
const YENTE_ALGORITHMS: &[&str] = &[
    "best",
    "default",
    "logic-v1",
    "logic-v2",
    "name-based",
    "name-qualified",
    "regression-v1",
    "regression-v2",
    "regression-v3",
];

#[derive(Clone)]
struct AppState {
    catalog: Arc<Catalog>,
    config: Arc<ServerConfig>,
}

/// The API's router over a catalog, with keys and limits from `config`.
pub fn router(catalog: Arc<Catalog>, config: ServerConfig) -> Router {
    let keys = Keys(Arc::new(config.api_keys.clone()));
    let max_body = config.max_body_bytes;
    let state = AppState {
        catalog,
        config: Arc::new(config),
    };
    Router::new()
        .route("/match/{dataset}", post(match_entities))
        .route("/search/{dataset}", get(search))
        .route("/entities/{id}", get(entity))
        .route("/algorithms", get(algorithms))
        .route("/catalog", get(catalog_handler))
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi_doc))
        .route("/", get(ui))
        .route("/ui", get(ui))
        .route("/alerts", get(list_alerts))
        .route("/alerts/{id}/status", post(set_alert_status))
        .route("/alerts/{id}/history", get(alert_history))
        .route("/traces", get(traces))
        .route("/attribution", get(attribution))
        .fallback(|| async { ApiError::not_found("no such endpoint; see /openapi.json") })
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(keys, require_key))
        .layer(DefaultBodyLimit::max(max_body))
}

/// The web UI: one self-contained page over this API.
const UI: &str = include_str!("../ui/index.html");

async fn ui() -> axum::response::Html<&'static str> {
    axum::response::Html(UI)
}

fn alert_book(s: &AppState) -> Result<&Arc<dyn crate::AlertBook>, ApiError> {
    s.catalog.alerts().ok_or_else(|| {
        ApiError::not_found("no alerts: run `chokepoint demo` or the network stage first")
    })
}

fn internal(e: String) -> ApiError {
    ApiError {
        status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        detail: e,
    }
}

/// An alert status the API accepts (`open`, `confirmed`, `dismissed`), else a bad request.
fn check_status(status: &str) -> Result<(), ApiError> {
    if ["open", "confirmed", "dismissed"].contains(&status) {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "unknown status `{status}`; expected open, confirmed or dismissed"
        )))
    }
}

/// Query parameters of `/alerts`.
#[derive(Deserialize)]
struct AlertParams {
    limit: Option<usize>,
    status: Option<String>,
}

async fn list_alerts(
    State(s): State<AppState>,
    UrlQuery(p): UrlQuery<AlertParams>,
) -> Result<Json<Value>, ApiError> {
    let book = alert_book(&s)?;
    let limit = p.limit.unwrap_or(50).min(s.config.max_limit);
    if let Some(st) = &p.status {
        check_status(st)?;
    }
    let alerts = book.list(limit, p.status.as_deref()).map_err(internal)?;
    Ok(Json(
        json!({"alerts": alerts, "network": book.network(), "synthetic": book.synthetic()}),
    ))
}

async fn set_alert_status(
    State(s): State<AppState>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let book = alert_book(&s)?;
    let doc: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))?;
    let status = doc.get("status").and_then(Value::as_str).ok_or_else(|| {
        ApiError::unprocessable("`status` is required: open, confirmed or dismissed")
    })?;
    check_status(status)?;
    let note = doc.get("note").and_then(Value::as_str).unwrap_or("");
    let actor = doc.get("actor").and_then(Value::as_str).unwrap_or("api");
    let change = crate::StatusChange {
        id: &id,
        status,
        note,
        actor,
    };
    match book.set_status(change).map_err(internal)? {
        Some(alert) => Ok(Json(alert)),
        None => Err(ApiError::not_found(format!("no alert `{id}`"))),
    }
}

async fn alert_history(
    State(s): State<AppState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    let book = alert_book(&s)?;
    Ok(Json(
        json!({"id": id, "history": book.history(&id).map_err(internal)?}),
    ))
}

async fn traces(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    s.catalog
        .document("traces")
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found("no traces: run `chokepoint demo` first"))
}

async fn attribution(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    s.catalog
        .document("attribution")
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found("no attribution results: run `chokepoint demo` first"))
}

async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

async fn openapi_doc() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi::DOCUMENT,
    )
        .into_response()
}

fn feature_docs() -> Value {
    let doc = |d: &str, c: f64| json!({"description": d, "coefficient": c, "url": "https://github.com/chokepoint/chokepoint/blob/main/crates/screen"});
    json!({
        "name": doc("Aligned token similarity of the best pair of names across scripts, with typos, word order, transliteration and trade abbreviations", 0.9),
        "name_property": doc("Which name matched: primary name, alias, previous name or weak alias (weak aliases count less)", 0.05),
        "legal_form": doc("Agreement of legal forms as typed name parts (ООО = LLC, АО = JSC, 有限公司 = Co., Ltd.)", 0.02),
        "schema": doc("Compatibility of entity types (a person never matches a vessel)", 1.0),
        "country": doc("Agreement of countries, jurisdictions and nationalities", 0.02),
        "birth_date": doc("Agreement of birth dates (year, month, day)", 0.03),
        "identifier": doc("Exact agreement (near 1.0) or conflict of identifiers: INN, OGRN, IMO, registration, tax, passport numbers", 1.0),
    })
}

async fn algorithms() -> Json<Value> {
    Json(json!({
        "algorithms": [{
            "name": ALGORITHM,
            "description": "Chokepoint's indexed, explainable matcher: candidates from token, trigram, phonetic and identifier postings; a calibrated score over name, legal-form, schema, country, birth-date and identifier features. yente's algorithm names are accepted and run this matcher.",
            "features": feature_docs(),
        }],
        "default": ALGORITHM,
        "best": ALGORITHM,
    }))
}

async fn catalog_handler(State(s): State<AppState>) -> Json<Value> {
    let datasets: Vec<Value> = s
        .catalog
        .datasets()
        .iter()
        .map(|d| {
            json!({
                "name": d.name, "title": d.title, "summary": format!("{} entities", d.entities),
                "url": Value::Null, "load": true, "entities_url": Value::Null,
                "version": d.version, "index_version": d.version, "index_current": true,
                "children": d.children,
            })
        })
        .collect();
    let names: Vec<&str> = s
        .catalog
        .datasets()
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    Json(json!({"datasets": datasets, "current": names, "outdated": [], "index_stale": false}))
}

async fn entity(
    State(s): State<AppState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    s.catalog
        .entity_with_sources(&id)
        .map(|(e, r, l)| Json(entity_response(e, r, l)))
        .ok_or_else(|| ApiError::not_found(format!("no entity with id `{id}`")))
}

fn dataset_lists(s: &AppState, dataset: &str) -> Result<Option<Vec<String>>, ApiError> {
    let d = s
        .catalog
        .dataset(dataset)
        .ok_or_else(|| ApiError::not_found(format!("no dataset `{dataset}`; see /catalog")))?;
    Ok((d.name != "default").then(|| d.children.clone()))
}

fn in_lists(hit: &Hit, lists: &Option<Vec<String>>) -> bool {
    match lists {
        None => true,
        Some(ls) => hit.lists.iter().any(|l| ls.contains(l)),
    }
}

/// Query parameters of `/match`.
#[derive(Deserialize)]
struct MatchParams {
    limit: Option<usize>,
    threshold: Option<f64>,
    cutoff: Option<f64>,
    algorithm: Option<String>,
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// Turns a yente `EntityExample` into screening queries (one per name).
fn to_queries(qid: &str, example: &Value) -> Result<Vec<Query>, ApiError> {
    let obj = example
        .as_object()
        .ok_or_else(|| ApiError::unprocessable(format!("queries.{qid}: must be an object")))?;
    let schema_name = obj
        .get("schema")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::unprocessable(format!("queries.{qid}.schema: required")))?;
    let schema = match schema_name {
        "Thing" | "LegalEntity" => Some(Schema::LegalEntity),
        other => Some(other.parse::<Schema>().map_err(|_| {
            ApiError::bad_request(format!("queries.{qid}.schema: unknown schema `{other}`"))
        })?),
    };
    let props = match obj.get("properties") {
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            return Err(ApiError::unprocessable(format!(
                "queries.{qid}.properties: must be an object"
            )))
        }
        None => {
            return Err(ApiError::unprocessable(format!(
                "queries.{qid}.properties: required"
            )))
        }
    };
    let get = |k: &str| props.get(k).map(strings).unwrap_or_default();
    let mut names = get("name");
    names.extend(get("alias"));
    names.extend(get("previousName"));
    let parts: Vec<String> = [
        "firstName",
        "secondName",
        "middleName",
        "fatherName",
        "lastName",
    ]
    .iter()
    .flat_map(|k| get(k))
    .collect();
    if !parts.is_empty() {
        names.push(parts.join(" "));
    }
    names.retain(|n| !n.trim().is_empty());
    let mut base = Query {
        schema,
        ..Query::default()
    };
    for k in ["country", "nationality", "jurisdiction", "citizenship"] {
        base.countries.extend(get(k));
    }
    base.birth_date = get("birthDate").into_iter().next();
    for prop in Prop::ALL.iter().filter(|p| p.is_identifier()) {
        for v in get(prop.as_str()) {
            base.identifiers.push((*prop, v));
        }
    }
    if names.is_empty() && base.identifiers.is_empty() {
        return Err(ApiError::unprocessable(format!(
            "queries.{qid}.properties: give at least a name or an identifier"
        )));
    }
    if names.is_empty() {
        names.push(String::new());
    }
    Ok(names
        .into_iter()
        .take(16)
        .map(|n| Query {
            name: n,
            ..base.clone()
        })
        .collect())
}

fn scored_response(s: &AppState, hit: &Hit) -> Value {
    let mut v = match s.catalog.entity_with_sources(&hit.entity_id) {
        Some((e, r, l)) => entity_response(e, r, l),
        None => {
            json!({"id": hit.entity_id, "caption": hit.caption, "schema": hit.schema.as_str(), "properties": {}, "datasets": hit.lists, "referents": [], "target": true})
        }
    };
    let mut features = Map::new();
    for f in &hit.features {
        let e = features
            .entry(f.kind.as_str().to_string())
            .or_insert(json!(f.value));
        if e.as_f64().is_some_and(|x| f.value > x) {
            *e = json!(f.value);
        }
    }
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "score".into(),
            json!((hit.score * 10_000.0).round() / 10_000.0),
        );
        o.insert("features".into(), Value::Object(features));
        o.insert("match".into(), json!(hit.is_match));
        o.insert("matched_name".into(), json!(hit.matched_name));
        o.insert("explanation".into(), json!(hit.explanation));
    }
    v
}

async fn match_entities(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    UrlQuery(params): UrlQuery<MatchParams>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let lists = dataset_lists(&s, &dataset)?;
    if let Some(a) = &params.algorithm {
        if a != ALGORITHM && !YENTE_ALGORITHMS.contains(&a.as_str()) {
            return Err(ApiError::bad_request(format!(
                "unknown algorithm `{a}`; see /algorithms"
            )));
        }
    }
    let limit = params.limit.unwrap_or(5);
    if limit == 0 || limit > s.config.max_limit {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {}",
            s.config.max_limit
        )));
    }
    let threshold = params.threshold.unwrap_or(DEFAULT_THRESHOLD);
    let cutoff = params.cutoff.unwrap_or(0.5);
    if !(0.0..=1.0).contains(&threshold) || !(0.0..=1.0).contains(&cutoff) {
        return Err(ApiError::bad_request(
            "threshold and cutoff must be between 0 and 1",
        ));
    }
    let doc: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))?;
    let queries = doc
        .get("queries")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            ApiError::unprocessable("`queries` is required: an object of query id → entity example")
        })?;
    if queries.len() > s.config.max_batch {
        return Err(ApiError::bad_request(format!(
            "too many queries in one batch: {} (limit {})",
            queries.len(),
            s.config.max_batch
        )));
    }
    if queries.is_empty() {
        return Err(ApiError::unprocessable("`queries` is empty"));
    }
    let mut prepared: Vec<(String, Value, Vec<Query>)> = Vec::with_capacity(queries.len());
    for (qid, example) in queries {
        prepared.push((qid.clone(), example.clone(), to_queries(qid, example)?));
    }
    let catalog = Arc::clone(&s.catalog);
    let fetch = if lists.is_some() {
        limit * 4 + 20
    } else {
        limit
    };
    let opts = SearchOptions {
        threshold,
        min_score: cutoff,
        limit: fetch,
        explain: true,
    };
    let flat: Vec<Query> = prepared
        .iter()
        .flat_map(|(_, _, qs)| qs.iter().cloned())
        .collect();
    let results = tokio::task::spawn_blocking(move || catalog.index.search_batch(&flat, &opts))
        .await
        .map_err(|e| ApiError {
            status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            detail: e.to_string(),
        })?;
    let mut results = results.into_iter();
    let mut responses = Map::new();
    for (qid, example, qs) in prepared {
        // Several names of one query: keep each entity's best hit.
        let mut best: HashMap<String, Hit> = HashMap::new();
        for _ in 0..qs.len() {
            for hit in results.next().unwrap_or_default() {
                if !in_lists(&hit, &lists) {
                    continue;
                }
                match best.get(&hit.entity_id) {
                    Some(b) if b.score >= hit.score => {}
                    _ => {
                        best.insert(hit.entity_id.clone(), hit);
                    }
                }
            }
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entity_id.cmp(&b.entity_id))
        });
        let total = hits.len();
        hits.truncate(limit);
        let results: Vec<Value> = hits.iter().map(|h| scored_response(&s, h)).collect();
        responses.insert(
            qid,
            json!({"status": 200, "results": results, "total": {"value": total, "relation": "eq"}, "query": example}),
        );
    }
    Ok(Json(
        json!({"responses": responses, "matcher": feature_docs(), "limit": limit}),
    ))
}

/// Query parameters of `/search`.
#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    schema: Option<String>,
    countries: Option<String>,
}

async fn search(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    UrlQuery(p): UrlQuery<SearchParams>,
) -> Result<Json<Value>, ApiError> {
    let lists = dataset_lists(&s, &dataset)?;
    let q = p.q.unwrap_or_default();
    let limit = p.limit.unwrap_or(10);
    let offset = p.offset.unwrap_or(0);
    if limit == 0 || limit > s.config.max_limit || offset > 10_000 {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {}, offset at most 10000",
            s.config.max_limit
        )));
    }
    if q.trim().is_empty() {
        return Err(ApiError::bad_request("`q` is required"));
    }
    let mut query = Query::name(&q);
    if let Some(sc) = &p.schema {
        query.schema = Some(
            sc.parse::<Schema>()
                .map_err(|_| ApiError::bad_request(format!("unknown schema `{sc}`")))?,
        );
    }
    if let Some(c) = &p.countries {
        query.countries = c.split(',').map(str::to_string).collect();
    }
    let opts = SearchOptions {
        threshold: DEFAULT_THRESHOLD,
        min_score: 0.3,
        limit: offset + limit * 4 + 20,
        explain: false,
    };
    let hits: Vec<Hit> = s
        .catalog
        .index
        .search(&query, &opts)
        .into_iter()
        .filter(|h| in_lists(h, &lists))
        .collect();
    let total = hits.len();
    let results: Vec<Value> = hits
        .iter()
        .skip(offset)
        .take(limit)
        .map(|h| {
            let mut v = s
                .catalog
                .entity_with_sources(&h.entity_id)
                .map(|(e, r, l)| entity_response(e, r, l))
                .unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "score".into(),
                    json!((h.score * 10_000.0).round() / 10_000.0),
                );
            }
            v
        })
        .collect();
    Ok(Json(
        json!({"limit": limit, "offset": offset, "total": {"value": total, "relation": "eq"}, "results": results, "facets": {}}),
    ))
}
