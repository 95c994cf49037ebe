//! The reconciliation service (OpenRefine's reconciliation API, as yente serves it at
//! `/reconcile/{dataset}`): the service manifest, batches of queries (GET `?queries=` or a POST
//! form field `queries=`), data extension (`extend=`), entity, type and property suggestions,
//! and an HTML preview of an entity.
//!
//! Queries run through the same screening as `/match` ([`crate::api::run_match`]: the work
//! gate, the batch and result limits), so a reconciliation score is a `/match` score. Every
//! field of a query and every parameter is applied or refused with a 400 that names it.

use crate::api::{
    check_algorithm, clean_example, run_match, to_queries, AppState, Filters, Prepared,
};
use crate::error::{ApiError, UrlPath};
use crate::params::Params;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chokepoint_model::{Prop, Schema};
use chokepoint_screen::{Hit, DEFAULT_THRESHOLD};
use serde_json::{json, Map, Value};

/// Results per query when the query gives no `limit` (yente's default).
const DEFAULT_LIMIT: usize = 5;
/// Suggestions per request when the request gives no `limit`.
const SUGGEST_LIMIT: usize = 10;
/// The lowest score a reconciliation candidate is returned with (as `/match`'s default cutoff).
const CUTOFF: f64 = 0.5;

/// The parameters of `GET /reconcile/{dataset}` (manifest, or queries/extension in the URL).
const GET_PARAMS: &[&str] = &["queries", "extend", "algorithm", "changed_since"];
/// The query-string parameters of `POST /reconcile/{dataset}` (the batch is in the form body).
const POST_PARAMS: &[&str] = &["algorithm", "changed_since"];
/// Parameters the reconciliation API documents that Chokepoint refuses, and why.
const REFUSED: &[(&str, &str)] = &[(
    "callback",
    "JSONP is not supported; configure the server's CORS origins (`--cors-origins`) instead",
)];

/// A schema's FtM label and plural, for types in the manifest and suggestions.
fn schema_names(s: Schema) -> (&'static str, &'static str) {
    match s {
        Schema::Person => ("Person", "People"),
        Schema::Company => ("Company", "Companies"),
        Schema::Organization => ("Organization", "Organizations"),
        Schema::LegalEntity => ("Legal entity", "Legal entities"),
        Schema::Vessel => ("Vessel", "Vessels"),
        Schema::Airplane => ("Airplane", "Airplanes"),
        Schema::Address => ("Address", "Addresses"),
    }
}

/// A reconciliation type (`{id, name, description}`) for a schema.
fn type_json(s: Schema) -> Value {
    let (label, plural) = schema_names(s);
    json!({"id": s.as_str(), "name": plural, "description": label})
}

/// A property's human label: FtM's camelCase name in words, with the acronyms spelled.
fn prop_label(p: Prop) -> String {
    match p {
        Prop::InnCode => return "INN (Russian taxpayer number)".into(),
        Prop::OgrnCode => return "OGRN (Russian state registration number)".into(),
        Prop::ImoNumber => return "IMO number".into(),
        Prop::SwiftBic => return "SWIFT/BIC".into(),
        Prop::LeiCode => return "LEI".into(),
        Prop::SourceUrl => return "Source link".into(),
        _ => {}
    }
    let mut out = String::new();
    for (i, c) in p.as_str().chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else if c.is_ascii_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The name parts a query may give besides `name` (joined into one name, as `/match` does).
const NAME_PARTS: &[&str] = &[
    "firstName",
    "secondName",
    "middleName",
    "fatherName",
    "lastName",
];

/// The properties the matcher reads from a query (every other is refused): names, name parts,
/// countries, the birth date and identifiers.
fn matching_properties() -> Vec<&'static str> {
    let mut out = vec![
        "name",
        "alias",
        "previousName",
        "country",
        "nationality",
        "jurisdiction",
        "citizenship",
        "birthDate",
    ];
    out.extend_from_slice(NAME_PARTS);
    out.extend(
        Prop::ALL
            .iter()
            .filter(|p| p.is_identifier())
            .map(|p| p.as_str()),
    );
    out
}

/// A label for a matching property (citizenship and the name parts are not model properties).
fn matching_label(pid: &str) -> String {
    match pid.parse::<Prop>() {
        Ok(p) => prop_label(p),
        Err(_) => {
            let mut out = String::new();
            for (i, c) in pid.chars().enumerate() {
                if i == 0 {
                    out.extend(c.to_uppercase());
                } else if c.is_ascii_uppercase() {
                    out.push(' ');
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// The request's own base URL (`http://host`), from `Host` and, behind a proxy,
/// `X-Forwarded-Proto`.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("127.0.0.1:8000");
    let proto = match headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{proto}://{host}")
}

fn dataset_schemata(s: &AppState, dataset: &str) -> Result<Vec<Schema>, ApiError> {
    let d = s
        .catalog
        .dataset(dataset)
        .ok_or_else(|| ApiError::not_found(format!("no dataset `{dataset}`; see /catalog")))?;
    let mut out: Vec<Schema> = Vec::new();
    for e in s.catalog.entities() {
        if !e.schema.is_party() || out.contains(&e.schema) {
            continue;
        }
        if d.name == "default"
            || s.catalog
                .entity_with_sources(&e.id)
                .is_some_and(|(_, _, lists)| lists.iter().any(|l| d.children.contains(l)))
        {
            out.push(e.schema);
        }
    }
    out.sort();
    Ok(out)
}

/// `GET /reconcile/{dataset}`: the manifest, or (with `queries=` or `extend=`) their results.
pub(crate) async fn get(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), GET_PARAMS, REFUSED)?;
    check_algorithm(p.one("algorithm"))?;
    match (p.one("queries"), p.one("extend")) {
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "give either `queries` or `extend`, not both",
        )),
        (Some(q), None) => Ok(Json(queries(&s, &dataset, q, &p).await?).into_response()),
        (None, Some(x)) => Ok(Json(extend(&s, x)?).into_response()),
        (None, None) => {
            let key = form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
                .find(|(k, _)| k == "api_key")
                .map(|(_, v)| v.into_owned());
            Ok(Json(manifest(&s, &dataset, &headers, key.as_deref())?).into_response())
        }
    }
}

/// `POST /reconcile/{dataset}`: a form (`application/x-www-form-urlencoded`) with `queries=`
/// or `extend=`, as OpenRefine sends it.
pub(crate) async fn post(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(raw.as_deref(), POST_PARAMS, REFUSED)?;
    check_algorithm(p.one("algorithm"))?;
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    if form_type.as_deref() != Some("application/x-www-form-urlencoded") {
        return Err(ApiError {
            status: axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            detail: "send the reconciliation batch as a form (`Content-Type: application/x-www-form-urlencoded`, field `queries` or `extend`)".into(),
        });
    }
    let mut queries_field: Option<String> = None;
    let mut extend_field: Option<String> = None;
    for (k, v) in form_urlencoded::parse(&body) {
        let slot = match k.as_ref() {
            "queries" => &mut queries_field,
            "extend" => &mut extend_field,
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown form field `{other}`; expected `queries` or `extend`"
                )))
            }
        };
        if slot.is_some() {
            return Err(ApiError::bad_request(format!(
                "form field `{k}` given more than once"
            )));
        }
        *slot = Some(v.into_owned());
    }
    match (queries_field, extend_field) {
        (Some(q), None) => Ok(Json(queries(&s, &dataset, &q, &p).await?)),
        (None, Some(x)) => Ok(Json(extend(&s, &x)?)),
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "give either `queries` or `extend`, not both",
        )),
        (None, None) => Err(ApiError::unprocessable(
            "the form needs a `queries` field (a JSON object of query id → query) or an `extend` field",
        )),
    }
}

/// The service manifest: name, identifier and schema spaces, the view and preview URL
/// templates, the suggest and extend services, and the default types (the dataset's schemata).
/// An `api_key` given in the URL is passed on to the service paths, as yente does.
fn manifest(
    s: &AppState,
    dataset: &str,
    headers: &HeaderMap,
    api_key: Option<&str>,
) -> Result<Value, ApiError> {
    let schemata = dataset_schemata(s, dataset)?;
    let title = s
        .catalog
        .dataset(dataset)
        .map(|d| d.title.clone())
        .unwrap_or_default();
    let base = base_url(headers);
    let service = format!("{base}/reconcile/{dataset}");
    let key_qs = |first: bool| -> String {
        api_key.map_or(String::new(), |k| {
            let enc: String = form_urlencoded::byte_serialize(k.as_bytes()).collect();
            format!("{}api_key={enc}", if first { "?" } else { "&" })
        })
    };
    let suggest = |kind: &str| json!({"service_url": service, "service_path": format!("/suggest/{kind}{}", key_qs(true))});
    Ok(json!({
        "versions": ["0.2"],
        "name": format!("Chokepoint: {title}"),
        "identifierSpace": format!("{base}/entities/"),
        "schemaSpace": format!("{base}/reconcile/{dataset}/suggest/type"),
        "documentation": format!("{base}/openapi.json"),
        "batchSize": s.config.max_batch.min(25),
        // The web UI's entity page, for people (it asks for the key itself).
        "view": {"url": format!("{base}/#/entity/{{{{id}}}}")},
        "preview": {
            "url": format!("{service}/preview?id={{{{id}}}}{}", key_qs(false)),
            "width": 430,
            "height": 300,
        },
        "suggest": {"entity": suggest("entity"), "type": suggest("type"), "property": suggest("property")},
        "extend": {
            "propose_properties": {"service_url": service, "service_path": format!("/extend/property{}", key_qs(true))},
            "property_settings": [{
                "name": "limit", "label": "Limit", "type": "number", "default": 0,
                "help_text": "Most values to return per row and property (0: all)."
            }],
        },
        "defaultTypes": schemata.into_iter().map(type_json).collect::<Vec<_>>(),
    }))
}

/// One reconciliation query, read: the example to screen, its limit and the types a result
/// must be compatible with (empty: any).
struct ReconQuery {
    id: String,
    example: Value,
    limit: usize,
    types: Vec<Schema>,
}

/// A type name as a schema (`Thing` reads as `LegalEntity`); `at` names the field in the 400.
fn read_schema(at: &str, name: &str) -> Result<Schema, ApiError> {
    match name {
        "Thing" | "LegalEntity" => Ok(Schema::LegalEntity),
        other => other.parse::<Schema>().map_err(|_| {
            ApiError::bad_request(format!(
                "{at}: unknown type `{other}`; see the manifest's defaultTypes"
            ))
        }),
    }
}

/// Properties only a person has (and the name parts).
const PERSON_ONLY: &[&str] = &[
    "birthDate",
    "birthPlace",
    "nationality",
    "citizenship",
    "passportNumber",
    "gender",
    "position",
    "firstName",
    "secondName",
    "middleName",
    "fatherName",
    "lastName",
];
/// Properties only a vessel or an aircraft has.
const CRAFT_ONLY: &[&str] = &["flag", "callSign", "type", "owner"];

/// Whether entities of `schema` may have the property `pid` (FtM's split of properties
/// between people, organisations and craft, as far as this model goes).
fn applies(pid: &str, schema: Schema) -> bool {
    let person_ok = matches!(schema, Schema::Person | Schema::LegalEntity);
    let craft_ok = matches!(schema, Schema::Vessel | Schema::Airplane);
    (person_ok || !PERSON_ONLY.contains(&pid)) && (craft_ok || !CRAFT_ONLY.contains(&pid))
}

/// Reads one query object: `query`, `type`, `type_strict`, `limit`, `properties` (every other
/// field refused).
fn read_query(s: &AppState, qid: &str, q: &Value) -> Result<ReconQuery, ApiError> {
    let obj = q.as_object().ok_or_else(|| {
        ApiError::unprocessable(format!("queries.{qid}: must be an object with `query`"))
    })?;
    for k in obj.keys() {
        if !["query", "type", "type_strict", "limit", "properties"].contains(&k.as_str()) {
            return Err(ApiError::bad_request(format!(
                "queries.{qid}: unknown field `{k}`; a query has query, type, type_strict, limit and properties"
            )));
        }
    }
    let text = match obj.get("query") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(t)) => t.clone(),
        Some(_) => {
            return Err(ApiError::unprocessable(format!(
                "queries.{qid}.query: must be a string"
            )))
        }
    };
    let types: Vec<Schema> = match obj.get("type") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(t)) => vec![read_schema(&format!("queries.{qid}.type"), t)?],
        Some(Value::Array(a)) => a
            .iter()
            .map(|t| {
                t.as_str()
                    .ok_or_else(|| {
                        ApiError::unprocessable(format!(
                            "queries.{qid}.type: must be a string or a list of strings"
                        ))
                    })
                    .and_then(|t| read_schema(&format!("queries.{qid}.type"), t))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(ApiError::unprocessable(format!(
                "queries.{qid}.type: must be a string or a list of strings"
            )))
        }
    };
    // `any` (the default) and `all` are the same for entities of one type each; `should` (a
    // preference, not a filter) is not supported.
    match obj.get("type_strict").map(|v| v.as_str()) {
        None | Some(Some("any")) => {}
        Some(Some("all")) if types.len() <= 1 => {}
        Some(Some("all")) => {
            return Err(ApiError::bad_request(format!(
                "queries.{qid}.type_strict: `all` with several types matches nothing: an entity has one type"
            )))
        }
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "queries.{qid}.type_strict: {} is not supported; use `any` (types filter the results)",
                other.map_or("a non-string".to_string(), |o| format!("`{o}`"))
            )))
        }
    }
    let limit = match obj.get("limit") {
        None | Some(Value::Null) => DEFAULT_LIMIT,
        Some(v) => v
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| (1..=s.config.max_limit).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "queries.{qid}.limit: must be a whole number from 1 to {}",
                    s.config.max_limit
                ))
            })?,
    };
    let usable = matching_properties();
    let mut props: Map<String, Value> = Map::new();
    if !text.trim().is_empty() {
        props.insert("name".into(), json!([text]));
    }
    match obj.get("properties") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for (i, pv) in list.iter().enumerate() {
                let at = format!("queries.{qid}.properties[{i}]");
                let pid = pv.get("pid").and_then(Value::as_str).ok_or_else(|| {
                    ApiError::unprocessable(format!("{at}: needs `pid` (a property id) and `v`"))
                })?;
                if let Some(k) = pv
                    .as_object()
                    .and_then(|o| o.keys().find(|k| *k != "pid" && *k != "v"))
                {
                    return Err(ApiError::bad_request(format!(
                        "{at}: unknown field `{k}`; a property value has pid and v"
                    )));
                }
                // yente's property ids are qualified (`Person:birthDate`).
                let name = pid.rsplit(':').next().unwrap_or(pid);
                if !usable.contains(&name) {
                    return Err(ApiError::bad_request(format!(
                        "{at}: property `{pid}` is not used in matching; use one of {} (see suggest/property)",
                        usable.join(", ")
                    )));
                }
                let mut values: Vec<Value> = Vec::new();
                let mut push = |v: &Value| -> Result<(), ApiError> {
                    match v {
                        Value::String(x) => values.push(json!(x)),
                        Value::Number(n) => values.push(json!(n.to_string())),
                        _ => {
                            return Err(ApiError::bad_request(format!(
                                "{at}.v: must be a string, a number or a list of them"
                            )))
                        }
                    }
                    Ok(())
                };
                match pv.get("v") {
                    Some(Value::Array(a)) => {
                        for x in a {
                            push(x)?;
                        }
                    }
                    Some(v) => push(v)?,
                    None => {
                        return Err(ApiError::unprocessable(format!("{at}: needs `v`")));
                    }
                }
                let entry = props
                    .entry(name.to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(a) = entry {
                    a.extend(values);
                }
            }
        }
        Some(_) => {
            return Err(ApiError::unprocessable(format!(
                "queries.{qid}.properties: must be a list of {{pid, v}}"
            )))
        }
    }
    let schema = match types.as_slice() {
        [one] => one.as_str(),
        _ => "LegalEntity",
    };
    // One type: the matcher excludes incompatible entities itself; none or several: see
    // `queries`.
    let example = json!({"schema": schema, "properties": props});
    Ok(ReconQuery {
        id: qid.to_string(),
        example,
        limit,
        types,
    })
}

/// A scored candidate as the reconciliation API shapes it.
fn candidate(s: &AppState, hit: &Hit) -> Value {
    let (label, _) = schema_names(hit.schema);
    let mut description = label.to_string();
    if !hit.lists.is_empty() {
        description.push_str(" · ");
        description.push_str(&hit.lists.join(", "));
    }
    let caption = s
        .catalog
        .entity(&hit.entity_id)
        .map_or(hit.caption.clone(), |e| e.caption().to_string());
    let mut features: Vec<Value> = Vec::new();
    for f in &hit.features {
        if !features.iter().any(|x| x["id"] == f.kind.as_str()) {
            features.push(
                json!({"id": f.kind.as_str(), "value": (f.value * 10_000.0).round() / 10_000.0}),
            );
        }
    }
    json!({
        "id": hit.entity_id,
        "name": caption,
        "description": description,
        "score": (hit.score * 10_000.0).round() / 10_000.0,
        "match": hit.is_match,
        "type": [type_json(hit.schema)],
        "features": features,
    })
}

/// Runs a batch of reconciliation queries (`data`: a JSON object of query id → query).
async fn queries(s: &AppState, dataset: &str, data: &str, p: &Params) -> Result<Value, ApiError> {
    let filters = Filters::from_params(s, dataset, p)?;
    let doc: Value = serde_json::from_str(data)
        .map_err(|e| ApiError::bad_request(format!("`queries` is not valid JSON: {e}")))?;
    let batch = doc.as_object().ok_or_else(|| {
        ApiError::unprocessable("`queries` must be a JSON object of query id → query")
    })?;
    if batch.is_empty() {
        return Err(ApiError::unprocessable("`queries` is empty"));
    }
    if batch.len() > s.config.max_batch {
        return Err(ApiError::bad_request(format!(
            "too many queries in one batch: {} (limit {})",
            batch.len(),
            s.config.max_batch
        )));
    }
    let read: Vec<ReconQuery> = batch
        .iter()
        .map(|(qid, q)| read_query(s, qid, q))
        .collect::<Result<_, _>>()?;
    let asked: usize = read.iter().map(|q| q.limit).sum();
    if asked > s.config.max_results {
        return Err(ApiError::bad_request(format!(
            "this batch may return up to {asked} results; at most {} are allowed: lower the limits or split the batch",
            s.config.max_results
        )));
    }
    let most = read.iter().map(|q| q.limit).max().unwrap_or(DEFAULT_LIMIT);
    let mut prepared = Vec::with_capacity(read.len());
    for q in &read {
        let clean = clean_example(&q.example);
        let mut qs = to_queries(&q.id, &clean)?;
        if q.types.len() != 1 {
            // No type, or several: the matcher excludes none; several are filtered below.
            for x in &mut qs {
                x.schema = None;
            }
        }
        prepared.push(Prepared {
            id: q.id.clone(),
            example: clean,
            queries: qs,
        });
    }
    // Several types: fetch more, as a filter narrows.
    let fetch = if read.iter().any(|q| q.types.len() > 1) {
        most * 2
    } else {
        most
    };
    let ranked = run_match(
        s,
        &filters,
        prepared,
        fetch.min(s.config.max_limit),
        DEFAULT_THRESHOLD,
        CUTOFF,
    )
    .await?;
    let mut out = Map::new();
    for (q, r) in read.iter().zip(ranked) {
        let results: Vec<Value> = r
            .hits
            .iter()
            .filter(|h| q.types.is_empty() || q.types.iter().any(|t| t.compatible(h.schema)))
            .take(q.limit)
            .map(|h| candidate(s, h))
            .collect();
        out.insert(r.id, json!({"result": results}));
    }
    Ok(Value::Object(out))
}

/// Data extension: `{"ids": [...], "properties": [{"id": "country", "settings": {"limit": 0}}]}`
/// → `{"meta": [{id, name}], "rows": {id: {property: [{"str": value}]}}}`.
fn extend(s: &AppState, data: &str) -> Result<Value, ApiError> {
    let doc: Value = serde_json::from_str(data)
        .map_err(|e| ApiError::bad_request(format!("`extend` is not valid JSON: {e}")))?;
    let obj = doc.as_object().ok_or_else(|| {
        ApiError::unprocessable("`extend` must be an object with `ids` and `properties`")
    })?;
    if let Some(k) = obj.keys().find(|k| *k != "ids" && *k != "properties") {
        return Err(ApiError::bad_request(format!(
            "extend: unknown field `{k}`; expected ids and properties"
        )));
    }
    let ids: Vec<String> = obj
        .get("ids")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::unprocessable("extend.ids: required, a list of entity ids"))?
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| ApiError::unprocessable("extend.ids: entity ids are strings"))
        })
        .collect::<Result<_, _>>()?;
    if ids.len() > s.config.max_batch {
        return Err(ApiError::bad_request(format!(
            "too many ids in one extension: {} (limit {})",
            ids.len(),
            s.config.max_batch
        )));
    }
    let mut wanted: Vec<(Prop, usize)> = Vec::new();
    let props = obj
        .get("properties")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ApiError::unprocessable("extend.properties: required, a list of {id, settings}")
        })?;
    for (i, pv) in props.iter().enumerate() {
        let at = format!("extend.properties[{i}]");
        if let Some(k) = pv
            .as_object()
            .and_then(|o| o.keys().find(|k| *k != "id" && *k != "settings"))
        {
            return Err(ApiError::bad_request(format!(
                "{at}: unknown field `{k}`; expected id and settings"
            )));
        }
        let id = pv
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::unprocessable(format!("{at}.id: required")))?;
        let name = id.rsplit(':').next().unwrap_or(id);
        let prop = name.parse::<Prop>().map_err(|_| {
            ApiError::bad_request(format!(
                "{at}.id: unknown property `{id}`; see extend/property"
            ))
        })?;
        let mut limit = 0usize;
        if let Some(settings) = pv.get("settings") {
            let so = settings.as_object().ok_or_else(|| {
                ApiError::unprocessable(format!("{at}.settings: must be an object"))
            })?;
            for (k, v) in so {
                if k != "limit" {
                    return Err(ApiError::bad_request(format!(
                        "{at}.settings: unknown setting `{k}`; the only setting is limit"
                    )));
                }
                limit = match v {
                    Value::Number(n) => n.as_u64().map(|n| n as usize),
                    Value::String(t) if t.trim().is_empty() => Some(0),
                    Value::String(t) => t.trim().parse().ok(),
                    _ => None,
                }
                .ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "{at}.settings.limit: must be a whole number (0: all)"
                    ))
                })?;
            }
        }
        wanted.push((prop, limit));
    }
    let meta: Vec<Value> = wanted
        .iter()
        .map(|(p, _)| json!({"id": p.as_str(), "name": prop_label(*p)}))
        .collect();
    let mut rows = Map::new();
    for id in &ids {
        let mut row = Map::new();
        if let Some(e) = s.catalog.entity(id) {
            for (p, limit) in &wanted {
                let values: Vec<Value> = e
                    .strings(*p)
                    .take(if *limit == 0 { usize::MAX } else { *limit })
                    .map(|v| json!({"str": v}))
                    .collect();
                row.insert(p.as_str().to_string(), Value::Array(values));
            }
        }
        rows.insert(id.clone(), Value::Object(row));
    }
    Ok(json!({"meta": meta, "rows": rows}))
}

/// Whether `label` (or one of its words) begins with the folded `prefix`; an empty prefix
/// matches everything.
fn prefix_matches(prefix: &str, labels: &[&str]) -> bool {
    let p = chokepoint_names::fold(prefix);
    let p = p.trim();
    p.is_empty()
        || labels.iter().any(|l| {
            let l = chokepoint_names::fold(l);
            l.starts_with(p) || l.split(' ').any(|w| w.starts_with(p))
        })
}

/// `prefix`, `limit` and `cursor` (an offset) of a suggest request.
fn suggest_params(
    s: &AppState,
    p: &Params,
    prefix_required: bool,
) -> Result<(String, usize, usize), ApiError> {
    let prefix = p.one("prefix").unwrap_or("").to_string();
    if prefix_required && prefix.trim().is_empty() {
        return Err(ApiError::bad_request("`prefix` is required"));
    }
    let limit = p.number::<usize>("limit")?.unwrap_or(SUGGEST_LIMIT);
    let cursor = p.number::<usize>("cursor")?.unwrap_or(0);
    if limit == 0 || limit > s.config.max_limit || cursor > 10_000 {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {}, cursor at most 10000",
            s.config.max_limit
        )));
    }
    Ok((prefix, limit, cursor))
}

fn suggest_response(prefix: &str, result: Vec<Value>) -> Json<Value> {
    Json(json!({"code": "/api/status/ok", "status": "200 OK", "prefix": prefix, "result": result}))
}

/// `GET /reconcile/{dataset}/suggest/entity?prefix=`: entities whose names complete the prefix
/// as typed (optionally of a `type`).
pub(crate) async fn suggest_entity(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(
        raw.as_deref(),
        &["prefix", "limit", "cursor", "type", "type_strict"],
        REFUSED,
    )?;
    let (prefix, limit, cursor) = suggest_params(&s, &p, true)?;
    let ty = match p.one("type") {
        Some(t) if !t.is_empty() => Some(read_schema("parameter `type`", t)?),
        _ => None,
    };
    match p.one("type_strict") {
        None | Some("any") | Some("all") => {}
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "parameter `type_strict`: `{other}` is not supported; use `any`"
            )))
        }
    }
    let scope = s
        .catalog
        .dataset(&dataset)
        .ok_or_else(|| ApiError::not_found(format!("no dataset `{dataset}`; see /catalog")))?
        .clone();
    let catalog = std::sync::Arc::clone(&s.catalog);
    let found = s
        .gate
        .run(limit + cursor, move || {
            // Filter first, then page: every candidate is needed for the filter.
            let (all, _) = catalog.suggest(&prefix, 0, usize::MAX);
            let kept: Vec<usize> = all
                .into_iter()
                .filter(|i| {
                    catalog.entity_at(*i).is_some_and(|(e, _, lists)| {
                        e.schema.is_party()
                            && ty.is_none_or(|t| t.compatible(e.schema))
                            && (scope.name == "default"
                                || lists.iter().any(|l| scope.children.contains(l)))
                    })
                })
                .collect();
            (prefix, kept)
        })
        .await?;
    let (prefix, kept) = found;
    let result: Vec<Value> = kept
        .iter()
        .skip(cursor)
        .take(limit)
        .filter_map(|i| s.catalog.entity_at(*i))
        .map(|(e, _, lists)| {
            let (label, _) = schema_names(e.schema);
            json!({
                "id": e.id,
                "name": e.caption(),
                "description": format!("{label} · {}", lists.join(", ")),
                "type": [type_json(e.schema)],
                "notable": [type_json(e.schema)],
            })
        })
        .collect();
    Ok(suggest_response(&prefix, result))
}

/// `GET /reconcile/{dataset}/suggest/type?prefix=`: the dataset's types whose name begins with
/// the prefix.
pub(crate) async fn suggest_type(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["prefix", "limit", "cursor"], REFUSED)?;
    let (prefix, limit, cursor) = suggest_params(&s, &p, false)?;
    let result: Vec<Value> = dataset_schemata(&s, &dataset)?
        .into_iter()
        .filter(|sc| {
            let (label, plural) = schema_names(*sc);
            prefix_matches(&prefix, &[sc.as_str(), label, plural])
        })
        .skip(cursor)
        .take(limit)
        .map(type_json)
        .collect();
    Ok(suggest_response(&prefix, result))
}

/// `GET /reconcile/{dataset}/suggest/property?prefix=`: the properties a query may give (the
/// ones the matcher reads) whose id or label begins with the prefix.
pub(crate) async fn suggest_property(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(
        raw.as_deref(),
        &["prefix", "limit", "cursor", "type"],
        REFUSED,
    )?;
    let (prefix, limit, cursor) = suggest_params(&s, &p, false)?;
    let ty = match p.one("type").filter(|t| !t.is_empty()) {
        Some(t) => read_schema("parameter `type`", t)?,
        None => Schema::LegalEntity,
    };
    s.catalog
        .dataset(&dataset)
        .ok_or_else(|| ApiError::not_found(format!("no dataset `{dataset}`; see /catalog")))?;
    let result: Vec<Value> = matching_properties()
        .into_iter()
        .filter(|pid| applies(pid, ty))
        .filter(|pid| prefix_matches(&prefix, &[pid, &matching_label(pid)]))
        .skip(cursor)
        .take(limit)
        .map(|pid| json!({"id": pid, "name": matching_label(pid), "description": format!("{} ({pid}), used in matching", matching_label(pid))}))
        .collect();
    Ok(suggest_response(&prefix, result))
}

/// `GET /reconcile/{dataset}/extend/property?type=`: the properties data extension can fetch
/// for a type.
pub(crate) async fn propose_properties(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["type", "limit"], REFUSED)?;
    s.catalog
        .dataset(&dataset)
        .ok_or_else(|| ApiError::not_found(format!("no dataset `{dataset}`; see /catalog")))?;
    let ty = match p.one("type").filter(|t| !t.is_empty()) {
        Some(t) => read_schema("parameter `type`", t)?,
        None => Schema::LegalEntity,
    };
    let limit = p.number::<usize>("limit")?.unwrap_or(0);
    let mut properties: Vec<Value> = Prop::ALL
        .iter()
        .filter(|p| applies(p.as_str(), ty))
        .map(|p| json!({"id": p.as_str(), "name": prop_label(*p)}))
        .collect();
    if limit > 0 {
        properties.truncate(limit);
    }
    Ok(Json(
        json!({"type": ty.as_str(), "limit": limit, "properties": properties}),
    ))
}

use chokepoint_refdata::html::esc;

/// `GET /reconcile/{dataset}/preview?id=`: a small HTML card of the entity (caption, type,
/// lists, the properties a reviewer checks first, its designations), for OpenRefine's preview.
pub(crate) async fn preview(
    State(s): State<AppState>,
    UrlPath(dataset): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &["id"], REFUSED)?;
    s.catalog
        .dataset(&dataset)
        .ok_or_else(|| ApiError::not_found(format!("no dataset `{dataset}`; see /catalog")))?;
    let id = p
        .one("id")
        .filter(|i| !i.is_empty())
        .ok_or_else(|| ApiError::bad_request("`id` is required"))?;
    let (e, _, lists) = s
        .catalog
        .entity_with_sources(id)
        .ok_or_else(|| ApiError::not_found(format!("no entity with id `{id}`")))?;
    let (label, _) = schema_names(e.schema);
    let mut rows = String::new();
    for prop in [
        Prop::Alias,
        Prop::BirthDate,
        Prop::Nationality,
        Prop::Country,
        Prop::Jurisdiction,
        Prop::RegistrationNumber,
        Prop::InnCode,
        Prop::OgrnCode,
        Prop::ImoNumber,
        Prop::PassportNumber,
        Prop::Address,
    ] {
        let vals: Vec<String> = e.strings(prop).take(5).map(esc).collect();
        if !vals.is_empty() {
            rows.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>",
                esc(&prop_label(prop)),
                vals.join("<br>")
            ));
        }
    }
    let mut designations = String::new();
    for sanction in crate::adjacent::sanctions(e) {
        let props = &sanction["properties"];
        let join = |k: &str| {
            props[k]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(esc)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        designations.push_str(&format!(
            "<li>{}{}{}</li>",
            esc(sanction["caption"].as_str().unwrap_or("")),
            if join("program").is_empty() {
                String::new()
            } else {
                format!(": {}", join("program"))
            },
            if join("listingDate").is_empty() {
                String::new()
            } else {
                format!(" (listed {})", join("listingDate"))
            },
        ));
    }
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{caption}</title>\
         <style>body{{font:13px sans-serif;margin:8px}}th{{text-align:left;padding-right:8px;vertical-align:top}}</style></head>\
         <body><h3>{caption}</h3><p>{label} · <code>{id}</code> · {lists}</p><table>{rows}</table>\
         <p>Designations:</p><ul>{designations}</ul></body></html>",
        caption = esc(e.caption()),
        id = esc(&e.id),
        lists = esc(&lists.join(", ")),
    );
    // The card is embedded in OpenRefine's page: it runs no script and loads nothing.
    Ok((
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'",
        )],
        Html(html),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_prefixes() {
        assert_eq!(prop_label(Prop::BirthDate), "Birth date");
        assert_eq!(prop_label(Prop::RegistrationNumber), "Registration number");
        assert_eq!(matching_label("firstName"), "First name");
        assert!(prefix_matches("birth", &["birthDate", "Birth date"]));
        assert!(prefix_matches("DATE", &["birthDate", "Birth date"]));
        assert!(!prefix_matches("nation", &["birthDate", "Birth date"]));
        assert_eq!(
            esc("<a href='x'>&</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
