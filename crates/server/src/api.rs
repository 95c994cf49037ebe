//! Routes and handlers.

use crate::auth::{require_key, Keys};
use crate::catalog::Catalog;
use crate::entity_json::entity_response;
use crate::error::{ApiError, UrlPath, UrlQuery};
use crate::params::Params;
use crate::{openapi, ServerConfig};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
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
pub(crate) const YENTE_ALGORITHMS: &[&str] = &[
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

/// What every handler shares: the catalog, the limits and the gate for screening work.
#[derive(Clone)]
pub(crate) struct AppState {
    /// The entities, their index and datasets.
    pub catalog: Arc<Catalog>,
    /// The server's keys and limits.
    pub config: Arc<ServerConfig>,
    /// Admits screening work (see [`crate::guard::WorkGate`]).
    pub gate: crate::guard::WorkGate,
}

/// The API's router over a catalog, with keys and limits from `config`.
pub fn router(catalog: Arc<Catalog>, config: ServerConfig) -> Router {
    let keys = Keys::parse(&config.api_keys);
    let max_body = config.max_body_bytes;
    let deadline = crate::guard::Deadline(config.request_timeout);
    let cross = crate::guard::CrossSite::new(&config.cors_origins);
    let state = AppState {
        catalog,
        gate: crate::guard::WorkGate::for_this_machine(config.request_timeout / 2),
        config: Arc::new(config),
    };
    Router::new()
        .route("/match/{dataset}", post(match_entities))
        .route("/search/{dataset}", get(search))
        .route("/entities/{id}", get(entity))
        .route("/entities/{id}/adjacent", get(adjacent_all))
        .route("/entities/{id}/adjacent/{property}", get(adjacent_property))
        .route(
            "/reconcile/{dataset}",
            get(crate::reconcile::get).post(crate::reconcile::post),
        )
        .route(
            "/reconcile/{dataset}/suggest/entity",
            get(crate::reconcile::suggest_entity),
        )
        .route(
            "/reconcile/{dataset}/suggest/type",
            get(crate::reconcile::suggest_type),
        )
        .route(
            "/reconcile/{dataset}/suggest/property",
            get(crate::reconcile::suggest_property),
        )
        .route(
            "/reconcile/{dataset}/extend/property",
            get(crate::reconcile::propose_properties),
        )
        .route(
            "/reconcile/{dataset}/preview",
            get(crate::reconcile::preview),
        )
        .route("/algorithms", get(algorithms))
        .route("/catalog", get(catalog_handler))
        .route("/healthz", get(healthz))
        .route("/readyz", get(healthz))
        .route("/updatez", post(updatez).get(updatez))
        .route("/openapi.json", get(openapi_doc))
        .route("/", get(ui))
        .route("/ui", get(ui))
        .route("/alerts", get(list_alerts))
        .route("/alerts/{id}/status", post(set_alert_status))
        .route("/alerts/{id}/history", get(alert_history))
        .route("/traces", get(traces))
        .route("/attribution", get(attribution))
        .merge(crate::triage::routes())
        .fallback(|| async { ApiError::not_found("no such endpoint; see /openapi.json") })
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            cross.clone(),
            crate::guard::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(keys, require_key))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(
            deadline,
            crate::guard::deadline,
        ))
        // gzip when the client accepts it (small bodies and images are left alone).
        .layer(tower_http::compression::CompressionLayer::new())
        // Outermost, so a browser's preflight is answered before the key check.
        .layer(cors_layer(&cross))
}

/// CORS for the configured origins: reads and POSTs with JSON or form bodies and the API-key
/// header from those origins' pages; with no origin configured, no CORS header at all.
fn cors_layer(cross: &crate::guard::CrossSite) -> tower_http::cors::CorsLayer {
    use axum::http::{header, HeaderValue, Method};
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let origins: Vec<HeaderValue> = cross
        .origins()
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let allow = if cross.any() {
        AllowOrigin::any()
    } else if origins.is_empty() {
        return CorsLayer::new();
    } else {
        AllowOrigin::list(origins)
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(3600))
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

fn internal(e: crate::BookError) -> ApiError {
    let status = match e {
        crate::BookError::Busy { .. } => axum::http::StatusCode::SERVICE_UNAVAILABLE,
        crate::BookError::Failed(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR,
    };
    ApiError {
        status,
        detail: e.to_string(),
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
    actor: Option<axum::Extension<crate::Actor>>,
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
    // Who acts is what the key says, never what the body claims.
    let actor = actor
        .map(|a| a.0 .0)
        .unwrap_or_else(|| crate::Actor::UNAUTHENTICATED.to_string());
    let actor = actor.as_str();
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

/// yente's `/updatez` (re-index from the data sources) has no counterpart: the catalog is
/// built from the store when the server starts.
async fn updatez() -> ApiError {
    ApiError::bad_request(
        "index updates are not supported: import lists with `chokepoint lists import` and restart `chokepoint serve`",
    )
}

async fn healthz(RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    // yente's `/healthz` and `/readyz` take no parameter: any is refused, never ignored.
    Params::parse(raw.as_deref(), &[], &[])?;
    Ok(Json(json!({"status": "ok"})))
}

async fn openapi_doc() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi::DOCUMENT,
    )
        .into_response()
}

async fn algorithms(RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    // yente's `/algorithms` takes no parameter: any is refused, never ignored.
    Params::parse(raw.as_deref(), &[], &[])?;
    Ok(Json(crate::algorithms::response()))
}

async fn catalog_handler(
    State(s): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    // yente's `/catalog` takes no parameter: any is refused, never ignored.
    Params::parse(raw.as_deref(), &[], &[])?;
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
    Ok(Json(
        json!({"datasets": datasets, "current": names, "outdated": [], "index_stale": false}),
    ))
}

/// Parameters yente's entity endpoints document that Chokepoint cannot apply, and why.
const ENTITY_REFUSED: &[(&str, &str)] = &[(
    "sort",
    "adjacent entities come in list order; sorting is not supported",
)];

fn find_entity<'a>(
    s: &'a AppState,
    id: &str,
) -> Result<(&'a chokepoint_model::Entity, &'a [String], &'a [String]), ApiError> {
    s.catalog
        .entity_with_sources(id)
        .ok_or_else(|| ApiError::not_found(format!("no entity with id `{id}`")))
}

/// A yes/no parameter (`true`/`false`, `1`/`0`), or a 400 naming it.
fn flag(p: &Params, key: &str, default: bool) -> Result<bool, ApiError> {
    match p.one(key) {
        None => Ok(default),
        Some("true") | Some("1") => Ok(true),
        Some("false") | Some("0") => Ok(false),
        Some(x) => Err(ApiError::bad_request(format!(
            "parameter `{key}`: `{x}` is not true or false"
        ))),
    }
}

async fn entity(
    State(s): State<AppState>,
    UrlPath(id): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["nested"], &[])?;
    let nested = flag(&p, "nested", true)?;
    // A nested Sanction's id (`{record id}-sanction`) opens that designation.
    if s.catalog.entity(&id).is_none() {
        if let Some(e) = id
            .strip_suffix("-sanction")
            .and_then(|record| s.catalog.entity(record))
        {
            if let Some(sanction) = crate::adjacent::sanctions(e)
                .into_iter()
                .find(|x| x["id"] == id.as_str())
            {
                return Ok(Json(sanction));
            }
        }
    }
    let (e, r, l) = find_entity(&s, &id)?;
    Ok(Json(crate::adjacent::entity_nested(e, r, l, nested)))
}

/// `limit` (default 10, at most the server's `max_limit`) and `offset` (at most 10,000).
fn page_params(s: &AppState, p: &Params) -> Result<(usize, usize), ApiError> {
    let limit = p.number::<usize>("limit")?.unwrap_or(10);
    let offset = p.number::<usize>("offset")?.unwrap_or(0);
    if limit == 0 || limit > s.config.max_limit || offset > 10_000 {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {}, offset at most 10000",
            s.config.max_limit
        )));
    }
    Ok((limit, offset))
}

async fn adjacent_all(
    State(s): State<AppState>,
    UrlPath(id): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["limit", "offset"], ENTITY_REFUSED)?;
    let (limit, offset) = page_params(&s, &p)?;
    let (e, r, l) = find_entity(&s, &id)?;
    let mut adjacent = Map::new();
    for prop in crate::adjacent::RELATIONSHIP_PROPERTIES {
        let all = crate::adjacent::adjacent(e, prop).unwrap_or_default();
        if !all.is_empty() {
            adjacent.insert(
                (*prop).to_string(),
                crate::adjacent::page(all, limit, offset),
            );
        }
    }
    Ok(Json(
        json!({"entity": entity_response(e, r, l), "adjacent": adjacent}),
    ))
}

async fn adjacent_property(
    State(s): State<AppState>,
    UrlPath((id, property)): UrlPath<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["limit", "offset"], ENTITY_REFUSED)?;
    let (limit, offset) = page_params(&s, &p)?;
    let (e, _, _) = find_entity(&s, &id)?;
    let all = crate::adjacent::adjacent(e, &property).ok_or_else(|| {
        ApiError::not_found(format!(
            "no such property `{property}`: adjacent entities are listed under {}",
            crate::adjacent::RELATIONSHIP_PROPERTIES.join(", ")
        ))
    })?;
    Ok(Json(crate::adjacent::page(all, limit, offset)))
}

fn dataset_lists(s: &AppState, dataset: &str) -> Result<Option<Vec<String>>, ApiError> {
    let d = s
        .catalog
        .dataset(dataset)
        .ok_or_else(|| ApiError::not_found(format!("no dataset `{dataset}`; see /catalog")))?;
    Ok((d.name != "default").then(|| d.children.clone()))
}

/// A 400 unless `algorithm` is absent, Chokepoint's matcher or one of yente's names.
pub(crate) fn check_algorithm(algorithm: Option<&str>) -> Result<(), ApiError> {
    match algorithm {
        Some(a) if a != ALGORITHM && !YENTE_ALGORITHMS.contains(&a) => Err(ApiError::bad_request(
            format!("unknown algorithm `{a}`; see /algorithms"),
        )),
        _ => Ok(()),
    }
}

/// The parameters `/match` applies (see yente's `/match/{dataset}`).
const MATCH_PARAMS: &[&str] = &[
    "limit",
    "threshold",
    "cutoff",
    "algorithm",
    "include_dataset",
    "exclude_dataset",
    "exclude_schema",
    "exclude_entity_ids",
    "changed_since",
];

/// Parameters yente documents that Chokepoint cannot apply, and why.
const MATCH_REFUSED: &[(&str, &str)] = &[(
    "topics",
    "Chokepoint's entities carry no topic tags (every entity is a listed party); leave it out",
)];

/// The result filters of `/match` and `/search`, each applied to every candidate.
pub(crate) struct Filters {
    /// The dataset's lists (`None` for `default`: every list).
    scope: Option<Vec<String>>,
    /// `include_dataset`: keep entities on one of these lists.
    include: Vec<String>,
    /// `exclude_dataset`: drop entities on any of these lists.
    exclude: Vec<String>,
    /// `exclude_schema`: drop entities of these schemata.
    exclude_schema: Vec<Schema>,
    /// `exclude_entity_ids`: drop these entities (by canonical or merged record id).
    exclude_ids: Vec<String>,
    /// `changed_since`: keep entities whose list was published on or after this date.
    changed_since: Option<String>,
}

impl Filters {
    pub(crate) fn from_params(
        s: &AppState,
        dataset: &str,
        p: &Params,
    ) -> Result<Filters, ApiError> {
        let scope = dataset_lists(s, dataset)?;
        let known = |names: Vec<String>, key: &str| -> Result<Vec<String>, ApiError> {
            for n in &names {
                if s.catalog.dataset(n).is_none() {
                    return Err(ApiError::bad_request(format!(
                        "parameter `{key}`: no dataset `{n}`; see /catalog"
                    )));
                }
            }
            Ok(names)
        };
        let exclude_schema = p
            .all("exclude_schema")
            .iter()
            .map(|x| {
                x.parse::<Schema>().map_err(|_| {
                    ApiError::bad_request(format!(
                        "parameter `exclude_schema`: unknown schema `{x}`"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let changed_since = match p.one("changed_since") {
            Some(d) => Some(crate::params::iso_date("changed_since", d)?),
            None => None,
        };
        Ok(Filters {
            scope,
            include: known(p.all("include_dataset"), "include_dataset")?,
            exclude: known(p.all("exclude_dataset"), "exclude_dataset")?,
            exclude_schema,
            exclude_ids: p.all("exclude_entity_ids"),
            changed_since,
        })
    }

    /// Whether `hit` passes every filter.
    pub(crate) fn keep(&self, s: &AppState, hit: &Hit) -> bool {
        let on = |ls: &[String]| hit.lists.iter().any(|l| ls.contains(l));
        if self.scope.as_deref().is_some_and(|ls| !on(ls))
            || (!self.include.is_empty() && !on(&self.include))
            || on(&self.exclude)
            || self.exclude_schema.contains(&hit.schema)
            || self
                .exclude_ids
                .iter()
                .any(|x| *x == hit.entity_id || hit.referents.contains(x))
        {
            return false;
        }
        match &self.changed_since {
            None => true,
            Some(since) => s
                .catalog
                .entity(&hit.entity_id)
                .and_then(|e| e.provenance.published.as_deref())
                .is_some_and(|p| p >= since.as_str()),
        }
    }

    /// Whether any filter narrows the results (so that more candidates are fetched).
    fn narrows(&self) -> bool {
        self.scope.is_some()
            || !self.include.is_empty()
            || !self.exclude.is_empty()
            || !self.exclude_schema.is_empty()
            || !self.exclude_ids.is_empty()
            || self.changed_since.is_some()
    }
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// Properties whose values are countries (cleaned to lower-case ISO codes).
const COUNTRY_PROPS: &[&str] = &["country", "nationality", "jurisdiction", "citizenship"];

/// An example's properties cleaned as FollowTheMoney cleans them: values trimmed and squashed,
/// countries as lower-case ISO codes (`Russia` → `ru`; a value that names no country is
/// dropped), dates cut to their ISO date part. Returns the cleaned example for the echo.
pub(crate) fn clean_example(example: &Value) -> Value {
    let Some(obj) = example.as_object() else {
        return example.clone();
    };
    let mut out = obj.clone();
    if let Some(Value::Object(props)) = obj.get("properties") {
        let mut clean = Map::new();
        for (k, v) in props {
            let mut vals: Vec<String> = Vec::new();
            for x in strings(v) {
                let x = x.split_whitespace().collect::<Vec<_>>().join(" ");
                let x = if COUNTRY_PROPS.contains(&k.as_str()) {
                    match chokepoint_refdata::country::lookup(&x) {
                        Some(c) => c.lower().to_string(),
                        None => continue,
                    }
                } else if k.ends_with("Date") {
                    x.chars().take(10).collect()
                } else {
                    x
                };
                if !x.is_empty() && !vals.contains(&x) {
                    vals.push(x);
                }
            }
            clean.insert(k.clone(), json!(vals));
        }
        out.insert("properties".into(), Value::Object(clean));
    }
    Value::Object(out)
}

/// Turns a yente `EntityExample` into screening queries (one per name).
pub(crate) fn to_queries(qid: &str, example: &Value) -> Result<Vec<Query>, ApiError> {
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

/// yente 5's `explanations` of a result: one entry per feature, with the feature's raw value
/// (`score`), its signed contribution to the score (`weight`) and the sentence a reviewer reads
/// (`detail`), e.g. why a short alias matched.
fn explanations(hit: &Hit) -> Map<String, Value> {
    let mut out = Map::new();
    for f in &hit.features {
        let entry = json!({
            "score": (f.value * 10_000.0).round() / 10_000.0,
            "weight": (f.weight * 10_000.0).round() / 10_000.0,
            "detail": f.text,
        });
        match out.get(f.kind.as_str()) {
            Some(old) if old["weight"].as_f64().unwrap_or(0.0).abs() >= f.weight.abs() => {}
            _ => {
                out.insert(f.kind.as_str().to_string(), entry);
            }
        }
    }
    out
}

fn scored_response(s: &AppState, hit: &Hit) -> Value {
    let mut v = match s.catalog.entity_with_sources(&hit.entity_id) {
        Some((e, r, l)) => entity_response(e, r, l),
        None => {
            json!({"id": hit.entity_id, "caption": hit.caption, "schema": hit.schema.as_str(), "properties": {}, "datasets": hit.lists, "referents": hit.referents, "target": true})
        }
    };
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "score".into(),
            json!((hit.score * 10_000.0).round() / 10_000.0),
        );
        o.insert("match".into(), json!(hit.is_match));
        o.insert("explanations".into(), Value::Object(explanations(hit)));
        o.insert("matched_name".into(), json!(hit.matched_name));
        o.insert("explanation".into(), json!(hit.explanation));
    }
    v
}

async fn match_entities(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(raw.as_deref(), MATCH_PARAMS, MATCH_REFUSED)?;
    let filters = Filters::from_params(&s, &dataset, &params)?;
    check_algorithm(params.one("algorithm"))?;
    let limit = params.number::<usize>("limit")?.unwrap_or(5);
    if limit == 0 || limit > s.config.max_limit {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {}",
            s.config.max_limit
        )));
    }
    let threshold = params
        .number::<f64>("threshold")?
        .unwrap_or(DEFAULT_THRESHOLD);
    let cutoff = params.number::<f64>("cutoff")?.unwrap_or(0.5);
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
    if let Some(obj) = doc.as_object() {
        for (k, v) in obj {
            let empty = v.is_null() || v.as_object().is_some_and(Map::is_empty);
            match k.as_str() {
                "queries" => {}
                "weights" | "config" if empty => {}
                "weights" => {
                    return Err(ApiError::bad_request(
                        "`weights` is not supported: Chokepoint's weights are the rows of crates/screen/data/weights.csv, not set per request",
                    ))
                }
                "config" => {
                    return Err(ApiError::bad_request(
                        "`config` is not supported: Chokepoint's matcher takes no per-request configuration",
                    ))
                }
                other => {
                    return Err(ApiError::bad_request(format!(
                        "unknown field `{other}` in the request body; expected `queries` (and optionally empty `weights`, `config`)"
                    )))
                }
            }
        }
    }
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
    let asked = queries.len().saturating_mul(limit);
    if asked > s.config.max_results {
        return Err(ApiError::bad_request(format!(
            "this request may return up to {asked} results ({} queries × limit {limit}); \
             at most {} are allowed: lower `limit` or split the batch",
            queries.len(),
            s.config.max_results
        )));
    }
    let mut prepared: Vec<Prepared> = Vec::with_capacity(queries.len());
    for (qid, example) in queries {
        let clean = clean_example(example);
        let qs = to_queries(qid, &clean)?;
        prepared.push(Prepared {
            id: qid.clone(),
            example: clean,
            queries: qs,
        });
    }
    let ranked = run_match(&s, &filters, prepared, limit, threshold, cutoff).await?;
    let mut responses = Map::new();
    for r in ranked {
        let results: Vec<Value> = r.hits.iter().map(|h| scored_response(&s, h)).collect();
        responses.insert(
            r.id,
            json!({"status": 200, "results": results, "total": {"value": r.total, "relation": r.relation}, "query": r.example}),
        );
    }
    Ok(Json(json!({"responses": responses, "limit": limit})))
}

/// One query of a batch, ready to screen: its id, its cleaned example (echoed back) and its
/// screening queries (one per name).
pub(crate) struct Prepared {
    /// The client's query id.
    pub id: String,
    /// The cleaned example.
    pub example: Value,
    /// One screening query per name of the example.
    pub queries: Vec<Query>,
}

/// The results of one prepared query.
pub(crate) struct Ranked {
    /// The client's query id.
    pub id: String,
    /// The cleaned example.
    pub example: Value,
    /// The best `limit` hits at or above the cutoff, best first, one per entity.
    pub hits: Vec<Hit>,
    /// yente's `total`: the results at or above the threshold.
    pub total: usize,
    /// `eq`, or `gte` when more candidates may have matched than were fetched.
    pub relation: &'static str,
}

/// Screens a batch as `/match` does (and `/reconcile`): enough candidates per query to count
/// every result at or above the threshold and to fill `limit` after the filters, run on the
/// [`crate::guard::WorkGate`] so a heavy batch queues and single-name queries go through.
pub(crate) async fn run_match(
    s: &AppState,
    filters: &Filters,
    prepared: Vec<Prepared>,
    limit: usize,
    threshold: f64,
    cutoff: f64,
) -> Result<Vec<Ranked>, ApiError> {
    let catalog = Arc::clone(&s.catalog);
    let fetch = if filters.narrows() {
        limit * 4 + 40
    } else {
        limit + 20
    };
    let opts = SearchOptions {
        threshold,
        min_score: cutoff,
        limit: fetch,
        explain: true,
    };
    let flat: Vec<Query> = prepared
        .iter()
        .flat_map(|p| p.queries.iter().cloned())
        .collect();
    let work = flat.len().saturating_mul(fetch);
    let results = s
        .gate
        // One thread per request (not the index's parallel batch search): the gate admits one
        // heavy batch fewer than there are cores, so single-name queries keep a core.
        .run(work, move || {
            flat.iter()
                .map(|q| catalog.index.search(q, &opts))
                .collect::<Vec<_>>()
        })
        .await?;
    let mut results = results.into_iter();
    let mut out = Vec::with_capacity(prepared.len());
    for p in prepared {
        // Several names of one query: keep each entity's best hit.
        let mut best: HashMap<String, Hit> = HashMap::new();
        for _ in 0..p.queries.len() {
            for hit in results.next().unwrap_or_default() {
                if !filters.keep(s, &hit) {
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
        // yente's `total`: the results at or above the threshold, not the candidates.
        let total = hits.iter().filter(|h| h.is_match).count();
        let relation = if total >= fetch { "gte" } else { "eq" };
        hits.truncate(limit);
        out.push(Ranked {
            id: p.id,
            example: p.example,
            hits,
            total,
            relation,
        });
    }
    Ok(out)
}

/// The parameters `/search` applies (see yente's `/search/{dataset}`).
const SEARCH_PARAMS: &[&str] = &[
    "q",
    "limit",
    "offset",
    "schema",
    "countries",
    "datasets",
    "include_dataset",
    "exclude_dataset",
    "exclude_schema",
    "exclude_entity_ids",
    "changed_since",
    "facets",
    "fuzzy",
    "filter_op",
];

/// Parameters yente's `/search` documents that Chokepoint cannot apply, and why.
const SEARCH_REFUSED: &[(&str, &str)] = &[
    (
        "topics",
        "Chokepoint's entities carry no topic tags (every entity is a listed party); leave it out",
    ),
    (
        "filter",
        "property filters are not supported; use schema, countries, datasets or the exclude_* parameters",
    ),
    ("sort", "results are ranked by relevance only"),
    (
        "simple",
        "the query is always read as plain words (every word must occur), never as a query syntax",
    ),
    ("target", "every entity here is a listed target"),
];

/// The facets `/search` counts.
const FACETS: &[(&str, &str)] = &[
    ("countries", "Countries"),
    ("schema", "Types"),
    ("datasets", "Data sources"),
];

async fn search(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(raw.as_deref(), SEARCH_PARAMS, SEARCH_REFUSED)?;
    let mut filters = Filters::from_params(&s, &dataset, &p)?;
    // yente's `filter_op`: how several values of `countries` (or of `datasets`) combine.
    let all_of = match p.one("filter_op").map(str::to_ascii_uppercase).as_deref() {
        None | Some("OR") => false,
        Some("AND") => true,
        Some(_) => {
            return Err(ApiError::bad_request(
                "parameter `filter_op`: expected OR or AND",
            ))
        }
    };
    let mut all_datasets: Vec<String> = Vec::new();
    for d in p.all("datasets") {
        if s.catalog.dataset(&d).is_none() {
            return Err(ApiError::bad_request(format!(
                "parameter `datasets`: no dataset `{d}`; see /catalog"
            )));
        }
        if all_of {
            all_datasets.push(d);
        } else {
            filters.include.push(d);
        }
    }
    let q = p.one("q").unwrap_or_default().to_string();
    let limit = p.number::<usize>("limit")?.unwrap_or(10);
    let offset = p.number::<usize>("offset")?.unwrap_or(0);
    if limit == 0 || limit > s.config.max_limit || offset > 10_000 {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {}, offset at most 10000",
            s.config.max_limit
        )));
    }
    let schema = match p.one("schema") {
        Some(sc) => Some(
            sc.parse::<Schema>()
                .map_err(|_| ApiError::bad_request(format!("unknown schema `{sc}`")))?,
        ),
        None => None,
    };
    let mut countries: Vec<String> = Vec::new();
    for c in p.all("countries").iter().flat_map(|c| c.split(',')) {
        let code = chokepoint_refdata::country::lookup(c.trim()).ok_or_else(|| {
            ApiError::bad_request(format!("parameter `countries`: unknown country `{c}`"))
        })?;
        countries.push(code.lower().to_string());
    }
    let fuzzy = match p.one("fuzzy") {
        None | Some("true") | Some("1") => true,
        Some("false") | Some("0") => false,
        Some(x) => {
            return Err(ApiError::bad_request(format!(
                "parameter `fuzzy`: `{x}` is not true or false"
            )))
        }
    };
    let wanted_facets = p.all("facets");
    for f in &wanted_facets {
        if !FACETS.iter().any(|(n, _)| n == f) {
            return Err(ApiError::bad_request(format!(
                "parameter `facets`: unknown facet `{f}`; expected countries, schema or datasets"
            )));
        }
    }
    if q.trim().is_empty() {
        return Err(ApiError::bad_request("`q` is required"));
    }
    let catalog = Arc::clone(&s.catalog);
    let words = q.clone();
    let found = s
        .gate
        .run(limit + offset, move || catalog.full_text(&words, fuzzy))
        .await?;
    let mut results: Vec<(f64, &chokepoint_model::Entity, &[String], &[String])> = Vec::new();
    for (score, i) in found {
        let Some((e, refs, lists)) = s.catalog.entity_at(i) else {
            continue;
        };
        let hit = Hit {
            entity_id: e.id.clone(),
            caption: String::new(),
            schema: e.schema,
            matched_name: String::new(),
            matched_prop: Prop::Name,
            score,
            is_match: false,
            lists: lists.to_vec(),
            referents: refs.to_vec(),
            features: Vec::new(),
            explanation: String::new(),
        };
        if !filters.keep(&s, &hit) || schema.is_some_and(|sc| !sc.compatible(e.schema)) {
            continue;
        }
        let theirs = entity_countries(e);
        let country_ok = if all_of {
            countries.iter().all(|c| theirs.contains(c))
        } else {
            countries.is_empty() || theirs.iter().any(|c| countries.contains(c))
        };
        if !country_ok || !all_datasets.iter().all(|d| lists.contains(d)) {
            continue;
        }
        results.push((score, e, refs, lists));
    }
    let total = results.len();
    let mut facets = Map::new();
    for (name, label) in FACETS
        .iter()
        .filter(|(n, _)| wanted_facets.is_empty() || wanted_facets.iter().any(|w| w == n))
    {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for (_, e, _, lists) in &results {
            let keys: Vec<String> = match *name {
                "countries" => entity_countries(e),
                "schema" => vec![e.schema.as_str().to_string()],
                _ => lists.to_vec(),
            };
            for k in keys {
                *counts.entry(k).or_default() += 1;
            }
        }
        let mut values: Vec<(String, usize)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let values: Vec<Value> = values
            .into_iter()
            .map(|(k, n)| {
                let label = match *name {
                    "countries" => chokepoint_refdata::country::by_code(&k)
                        .map_or(k.clone(), |c| c.name().to_string()),
                    "datasets" => s.catalog.dataset(&k).map_or(k.clone(), |d| d.title.clone()),
                    _ => k.clone(),
                };
                json!({"name": k, "label": label, "count": n})
            })
            .collect();
        facets.insert(name.to_string(), json!({"label": label, "values": values}));
    }
    let page: Vec<Value> = results
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(score, e, refs, lists)| {
            let mut v = entity_response(e, refs, lists);
            if let Some(o) = v.as_object_mut() {
                o.insert("score".into(), json!((score * 10_000.0).round() / 10_000.0));
            }
            v
        })
        .collect();
    Ok(Json(
        json!({"limit": limit, "offset": offset, "total": {"value": total, "relation": "eq"}, "results": page, "facets": facets}),
    ))
}

/// An entity's countries (country, jurisdiction, nationality, flag), lower case, once each.
fn entity_countries(e: &chokepoint_model::Entity) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in [
        Prop::Country,
        Prop::Jurisdiction,
        Prop::Nationality,
        Prop::Flag,
    ] {
        for c in e.strings(p) {
            let c = c.trim().to_ascii_lowercase();
            if c.len() == 2 && !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}
