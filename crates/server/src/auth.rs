//! API keys: when configured, every route but `/healthz` needs one.

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The accepted keys.
#[derive(Clone)]
pub struct Keys(pub Arc<Vec<String>>);

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
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "api_key")
            .map(|(_, v)| v.to_string())
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

/// Middleware: 401 without a key, 403 with a wrong one.
pub async fn require_key(State(keys): State<Keys>, req: Request, next: Next) -> Response {
    if keys.0.is_empty() || req.uri().path() == "/healthz" {
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
        Some(k) if keys.0.iter().any(|good| same(good, &k)) => next.run(req).await,
        Some(_) => ApiError {
            status: StatusCode::FORBIDDEN,
            detail: "the API key is not valid".into(),
        }
        .into_response(),
    }
}
