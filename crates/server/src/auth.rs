//! API keys: when configured, every route but `/healthz` and the UI page needs one, and the
//! key names who acts (the audit trail's actor comes from here, never from a request body).

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The accepted keys, each with the label the audit trail records for it.
#[derive(Clone)]
pub struct Keys(pub Arc<Vec<(String, String)>>);

impl Keys {
    /// Keys as configured: `label:key` names the holder; a bare `key` is labelled `key N` (its
    /// 1-based position in the configuration), so the key itself never reaches the audit trail.
    pub fn parse(configured: &[String]) -> Keys {
        let keys = configured
            .iter()
            .enumerate()
            .map(|(i, k)| match k.split_once(':') {
                Some((label, key)) if !label.trim().is_empty() && !key.trim().is_empty() => {
                    (label.trim().to_string(), key.trim().to_string())
                }
                _ => (format!("key {}", i + 1), k.trim().to_string()),
            })
            .collect();
        Keys(Arc::new(keys))
    }
}

/// Who makes a request, as the server established it: the label of the API key presented, or
/// [`Actor::UNAUTHENTICATED`] when the server runs without keys. Handlers read it from the
/// request's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor(pub String);

impl Actor {
    /// The actor recorded when no API keys are configured.
    pub const UNAUTHENTICATED: &'static str = "local user (no API keys configured)";
}

/// Paths served without a key: the health check and the UI page itself (it holds no data and
/// asks for the key before calling the API).
fn public(path: &str) -> bool {
    matches!(path, "/healthz" | "/" | "/ui")
}

/// The key a request carries: `Authorization: ApiKey K`, `Authorization: Bearer K`, or `?api_key=K`.
fn presented(req: &Request) -> Option<String> {
    if let Some(h) = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let h = h.trim();
        for scheme in ["ApiKey ", "Bearer "] {
            if let Some(k) = h.strip_prefix(scheme) {
                return Some(k.trim().to_string());
            }
        }
        return Some(h.to_string());
    }
    req.uri().query().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "api_key")
            .map(|(_, v)| v)
    })
}

/// Constant-time comparison, so response timing does not leak how much of a key was right.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Middleware: 401 without a key, 403 with a wrong one; otherwise records the [`Actor`].
pub async fn require_key(State(keys): State<Keys>, mut req: Request, next: Next) -> Response {
    if keys.0.is_empty() {
        req.extensions_mut()
            .insert(Actor(Actor::UNAUTHENTICATED.to_string()));
        return next.run(req).await;
    }
    if public(req.uri().path()) {
        return next.run(req).await;
    }
    match presented(&req) {
        None => {
            let mut resp = ApiError {
                status: StatusCode::UNAUTHORIZED,
                detail: "an API key is required: send `Authorization: ApiKey YOUR_KEY`".into(),
            }
            .into_response();
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("ApiKey"),
            );
            resp
        }
        Some(k) => match keys.0.iter().find(|(_, good)| same(good, &k)) {
            Some((label, _)) => {
                req.extensions_mut().insert(Actor(label.clone()));
                next.run(req).await
            }
            None => ApiError {
                status: StatusCode::FORBIDDEN,
                detail: "the API key is not valid".into(),
            }
            .into_response(),
        },
    }
}
