//! What the web UI's daily triage needs beyond yente's API: analysts' marks on screening hits
//! (`/reviews`, with a CSV export), human labels for properties and countries (`/labels`), and
//! each alert's own network picture (`/alerts/{id}/network`).
//!
//! Marks change state, so `POST /reviews` passes the same guards as an alert's status: JSON only,
//! no write from another site ([`crate::guard::refuse_cross_site`]), a key when keys are
//! configured, and the actor recorded is the key's label, never a name in the body.

use crate::api::AppState;
use crate::error::{ApiError, UrlPath, UrlQuery};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chokepoint_screen::reviews::{Mark, Review, ReviewChange, ReviewError, ReviewStore};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::sync::{Arc, OnceLock};

/// The routes of this module, merged into the API's router.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/labels", get(labels))
        .route("/reviews", get(list_reviews).post(set_review))
        .route("/reviews/export.csv", get(export_reviews))
        .route("/alerts/{id}/network", get(alert_network))
}

/// How the UI names each property and what its values are: `crates/server/data/property_labels.csv`.
pub const PROPERTY_LABELS_CSV: &str = include_str!("../data/property_labels.csv");

/// The labels document `/labels` serves: `{properties: {birthDate: {label, type}}, order:
/// [properties in the table's order], countries: {ru: "Russia"}, marks: {true_match: "true
/// match"}}`. Countries come from the one country
/// table (`chokepoint_refdata::country`), property labels from [`PROPERTY_LABELS_CSV`].
pub fn labels_document() -> Result<Value, String> {
    let table = chokepoint_refdata::Table::parse(
        PROPERTY_LABELS_CSV,
        "crates/server/data/property_labels.csv",
    )
    .map_err(|e| e.to_string())?;
    table
        .require_columns(&["property", "label", "type"])
        .map_err(|e| e.to_string())?;
    let mut properties = Map::new();
    let mut order: Vec<Value> = Vec::new();
    for row in table.rows() {
        let kind = row.get("type");
        if !["name", "country", "date", "identifier", "text"].contains(&kind) {
            return Err(row
                .error("type", "expected name, country, date, identifier or text")
                .to_string());
        }
        let property = row.required("property").map_err(|e| e.to_string())?;
        order.push(Value::String(property.into()));
        properties.insert(
            property.into(),
            json!({"label": row.required("label").map_err(|e| e.to_string())?, "type": kind}),
        );
    }
    let countries: Map<String, Value> = chokepoint_refdata::country::all()
        .map(|c| (c.lower().to_string(), Value::String(c.name().to_string())))
        .collect();
    let marks: Map<String, Value> = Mark::ALL
        .into_iter()
        .map(|m| (m.as_str().to_string(), Value::String(m.label().to_string())))
        .collect();
    Ok(json!({"properties": properties, "order": order, "countries": countries, "marks": marks}))
}

async fn labels() -> Result<Json<Value>, ApiError> {
    static DOC: OnceLock<Result<Value, String>> = OnceLock::new();
    match DOC.get_or_init(labels_document) {
        Ok(v) => Ok(Json(v.clone())),
        Err(e) => Err(ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            detail: format!("the label table is broken: {e}"),
        }),
    }
}

fn review_store(s: &AppState) -> Result<&Arc<ReviewStore>, ApiError> {
    s.catalog.reviews().ok_or_else(|| {
        ApiError::not_found("marks on hits need the store: run `chokepoint serve` on a store")
    })
}

fn review_error(e: ReviewError) -> ApiError {
    match e {
        ReviewError::UnknownMark(_) => ApiError::bad_request(e.to_string()),
        ReviewError::Busy { .. } => ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            detail: e.to_string(),
        },
        ReviewError::Store(_) => ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            detail: e.to_string(),
        },
    }
}

fn review_json(r: &Review) -> Value {
    json!({
        "query": r.query,
        "entity_id": r.entity_id,
        "caption": r.caption,
        "lists": r.lists,
        "mark": r.mark.as_str(),
        "mark_label": r.mark.label(),
        "note": r.note,
        "actor": r.actor,
        "at": r.at,
    })
}

/// Query parameters of `GET /reviews` and its CSV export.
#[derive(Deserialize)]
struct ReviewParams {
    /// Only the marks of this screened name (any spelling that folds the same).
    query: Option<String>,
    /// With `entity_id`: that hit's audit trail instead of the current marks.
    entity_id: Option<String>,
}

async fn list_reviews(
    State(s): State<AppState>,
    UrlQuery(p): UrlQuery<ReviewParams>,
) -> Result<Json<Value>, ApiError> {
    let store = review_store(&s)?;
    if let Some(entity) = &p.entity_id {
        let query = p.query.as_deref().ok_or_else(|| {
            ApiError::bad_request(
                "`entity_id` needs `query`: a hit is a screened name and an entity",
            )
        })?;
        let trail = store.history(query, entity).map_err(review_error)?;
        return Ok(Json(
            json!({"history": trail.iter().map(review_json).collect::<Vec<_>>()}),
        ));
    }
    let reviews = store.list(p.query.as_deref()).map_err(review_error)?;
    Ok(Json(
        json!({"reviews": reviews.iter().map(review_json).collect::<Vec<_>>()}),
    ))
}

/// The longest screened name and note accepted, in characters.
const MAX_QUERY: usize = 1_000;
const MAX_NOTE: usize = 4_000;

async fn set_review(
    State(s): State<AppState>,
    actor: Option<axum::Extension<crate::Actor>>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let store = review_store(&s)?;
    let doc: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))?;
    let field = |name: &str| doc.get(name).and_then(Value::as_str).map(str::trim);
    let query = field("query").filter(|q| !q.is_empty()).ok_or_else(|| {
        ApiError::unprocessable("`query` is required: the name that was screened")
    })?;
    let entity_id = field("entity_id")
        .filter(|q| !q.is_empty())
        .ok_or_else(|| ApiError::unprocessable("`entity_id` is required: the hit's entity id"))?;
    let mark: Mark = field("mark")
        .ok_or_else(|| {
            ApiError::unprocessable(
                "`mark` is required: true_match, false_positive or needs_review",
            )
        })?
        .parse()
        .map_err(review_error)?;
    let note = field("note").unwrap_or("");
    if query.chars().count() > MAX_QUERY || note.chars().count() > MAX_NOTE {
        return Err(ApiError::bad_request(format!(
            "`query` may hold at most {MAX_QUERY} characters and `note` at most {MAX_NOTE}"
        )));
    }
    // The entity as the catalog holds it: its canonical id, name and lists, never the body's.
    let (entity, _, lists) = s
        .catalog
        .entity_with_sources(entity_id)
        .ok_or_else(|| ApiError::not_found(format!("no entity `{entity_id}`")))?;
    // Who acts is what the key says, never what the body claims.
    let actor = actor
        .map(|a| a.0 .0)
        .unwrap_or_else(|| crate::Actor::UNAUTHENTICATED.to_string());
    let caption = entity.caption();
    let review = store
        .set(&ReviewChange {
            query,
            entity_id: &entity.id,
            caption,
            lists,
            mark,
            note,
            actor: &actor,
        })
        .map_err(review_error)?;
    Ok(Json(review_json(&review)))
}

/// One CSV cell: quoted when needed, and a leading `=`, `+`, `-` or `@` defused with `'` so a
/// spreadsheet never runs a name or note as a formula.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The marked hits as CSV, newest first (see [`export_reviews`]).
pub fn reviews_csv(reviews: &[Review]) -> String {
    let mut out =
        String::from("screened_name,entity_id,entity_name,lists,mark,note,analyst,marked_at\n");
    for r in reviews {
        let row = [
            cell(&r.query),
            cell(&r.entity_id),
            cell(&r.caption),
            cell(&r.lists.join(" ")),
            cell(r.mark.label()),
            cell(&r.note),
            cell(&r.actor),
            cell(&r.at),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

async fn export_reviews(
    State(s): State<AppState>,
    UrlQuery(p): UrlQuery<ReviewParams>,
) -> Result<Response, ApiError> {
    let store = review_store(&s)?;
    let reviews = store.list(p.query.as_deref()).map_err(review_error)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"chokepoint-marked-hits.csv\"",
            ),
        ],
        reviews_csv(&reviews),
    )
        .into_response())
}

async fn alert_network(
    State(s): State<AppState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    let book = s.catalog.alerts().ok_or_else(|| {
        ApiError::not_found("no alerts: run `chokepoint demo` or the network stage first")
    })?;
    book.neighbourhood(&id).map(Json).ok_or_else(|| {
        ApiError::not_found(format!(
            "no network picture for alert `{id}`: run the network stage again to draw it"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_property_has_a_label_and_countries_have_names() {
        let doc = labels_document().unwrap();
        for p in chokepoint_model::Prop::ALL {
            let entry = &doc["properties"][p.as_str()];
            assert!(
                entry["label"].as_str().is_some_and(|l| !l.is_empty()),
                "no label for {}",
                p.as_str()
            );
        }
        assert_eq!(doc["properties"]["birthDate"]["label"], "Date of birth");
        assert_eq!(doc["properties"]["weakAlias"]["label"], "Weak alias");
        assert_eq!(doc["properties"]["nationality"]["type"], "country");
        assert_eq!(doc["countries"]["ru"], "Russia");
        assert_eq!(doc["order"][0], "name", "the table's order: the name first");
        assert_eq!(doc["marks"]["false_positive"], "false positive");
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("-1"), "'-1");
    }
}
