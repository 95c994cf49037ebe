//! The Chokepoint HTTP API.
//!
//! Speaks OpenSanctions yente's API so that its clients work unchanged:
//! `POST /match/{dataset}`, `GET /search/{dataset}`, `GET /entities/{id}`, `GET /algorithms`,
//! `GET /catalog`, `GET /healthz`, with yente's request and response shapes. `GET /openapi.json`
//! documents it.
//!
//! Security defaults: [`ServerConfig::default`] binds to loopback; when API keys are configured
//! every route but `/healthz` requires one (`Authorization: ApiKey KEY`, `Bearer KEY`, or
//! `?api_key=KEY`); request bodies are capped ([`ServerConfig::max_body_bytes`]) and so is the
//! number of queries in one `/match` batch ([`ServerConfig::max_batch`]). Errors are yente-shaped
//! JSON `{"detail": "…"}` with the right 4xx status.

mod api;
mod auth;
mod catalog;
mod entity_json;
mod error;
mod extras;
mod openapi;
mod params;

pub use api::router;
pub use catalog::Catalog;
pub use error::ApiError;
pub use extras::{AlertBook, StatusChange};

use std::net::SocketAddr;
use std::sync::Arc;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The address to listen on; loopback by default.
    pub bind: SocketAddr,
    /// Accepted API keys; empty means no key is required.
    pub api_keys: Vec<String>,
    /// The largest request body accepted, in bytes (413 beyond).
    pub max_body_bytes: usize,
    /// The most queries one `/match` request may carry (400 beyond).
    pub max_batch: usize,
    /// The most results one query may ask for.
    pub max_limit: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8000)),
            api_keys: Vec::new(),
            max_body_bytes: 1 << 20,
            max_batch: 100,
            max_limit: 500,
        }
    }
}

/// Serves the API until Ctrl-C.
pub async fn serve(catalog: Arc<Catalog>, config: ServerConfig) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let app = router(catalog, config);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
