//! The Chokepoint HTTP API.
//!
//! Speaks OpenSanctions yente's API so that its clients work unchanged:
//! `POST /match/{dataset}`, `GET /search/{dataset}`, `GET /entities/{id}` (with nested
//! `Sanction` entities) and `/entities/{id}/adjacent`, `GET /algorithms`, `GET /catalog`,
//! `/reconcile/{dataset}` (OpenRefine's reconciliation API: manifest, queries, suggest, preview,
//! extend), `GET /healthz` and `/readyz`, with yente's request and response shapes.
//! `GET /openapi.json` documents it. Answers are gzipped for clients that accept it; browsers
//! of other sites may read them only from the configured CORS origins
//! ([`ServerConfig::cors_origins`]).
//!
//! Security defaults: [`ServerConfig::default`] binds to loopback; when API keys are configured
//! every route but `/healthz` and the UI page requires one (`Authorization: ApiKey KEY`,
//! `Bearer KEY`, or `?api_key=KEY`), and the key's label is the actor in the audit trail.
//! Every request's work is bounded: the body ([`ServerConfig::max_body_bytes`]), the queries in
//! one `/match` batch ([`ServerConfig::max_batch`]), the results one request may produce
//! ([`ServerConfig::max_results`]), the time it may take ([`ServerConfig::request_timeout`]);
//! large batches queue for a few permits so that single-name queries are not starved
//! ([`guard::WorkGate`]). Connections that send no complete request header within
//! [`ServerConfig::header_timeout`] (idle keep-alive connections included) are closed, and at most [`ServerConfig::max_connections`] are open at once. State-changing requests from
//! other sites are refused ([`guard::refuse_cross_site`]). Errors are yente-shaped JSON
//! `{"detail": "…"}` with the right 4xx/5xx status.

mod adjacent;
mod algorithms;
mod api;
mod auth;
mod catalog;
mod entity_json;
mod error;
mod extras;
pub mod guard;
mod lists;
mod openapi;
mod params;
mod reconcile;
pub mod triage;

pub use api::router;
pub use auth::Actor;
pub use catalog::Catalog;
pub use error::ApiError;
pub use extras::{AlertBook, BookError, StatusChange};

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

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
    /// The most results one request may ask for in all: queries × limit (400 beyond). This
    /// bounds the response size (about 1 KB a result with explanations) and the work.
    pub max_results: usize,
    /// The longest one request may take, reading its body included (503 beyond).
    pub request_timeout: Duration,
    /// The longest a connection may take to send a complete request header, counted from when
    /// it is ready for the next request: a slow header and an idle keep-alive connection are
    /// both closed after it.
    pub header_timeout: Duration,
    /// The most connections open at once; more are closed as soon as they are accepted.
    pub max_connections: usize,
    /// Origins (`https://app.example`) whose pages may call the API from a browser (CORS:
    /// reads and the read-only POSTs `/match` and `/reconcile`, never a write); `*` allows any
    /// origin. Empty (the default): no CORS headers, so browsers let only this server's own
    /// pages read its answers.
    pub cors_origins: Vec<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8000)),
            api_keys: Vec::new(),
            max_body_bytes: 1 << 20,
            max_batch: 100,
            max_limit: 500,
            max_results: 5_000,
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            max_connections: 256,
            cors_origins: Vec::new(),
        }
    }
}

/// The router being served, replaceable while the server runs: when the store changes (a list
/// import, a new network run), the caller builds a new catalog and router and swaps it in; every
/// request is dispatched to the router current when it arrives.
pub type SharedApp = Arc<std::sync::RwLock<axum::Router>>;

/// A [`SharedApp`] over a catalog with `config`'s keys and limits.
pub fn shared_app(catalog: Arc<Catalog>, config: ServerConfig) -> SharedApp {
    Arc::new(std::sync::RwLock::new(router(catalog, config)))
}

/// Serves the API until Ctrl-C, with the connection limits and timeouts of `config`; `app` may
/// be replaced meanwhile (see [`SharedApp`]).
pub async fn serve(app: SharedApp, config: ServerConfig) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let limits = ConnectionLimits::from(&config);
    serve_connections(listener, app, limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// The per-connection limits [`serve_connections`] applies.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// See [`ServerConfig::header_timeout`].
    pub header_timeout: Duration,
    /// See [`ServerConfig::max_connections`].
    pub max_connections: usize,
}

impl From<&ServerConfig> for ConnectionLimits {
    fn from(c: &ServerConfig) -> Self {
        ConnectionLimits {
            header_timeout: c.header_timeout,
            max_connections: c.max_connections,
        }
    }
}

/// Accepts connections on `listener` and serves `app` on each (HTTP/1.1) until `shutdown`
/// completes: a connection must send each request header within the header timeout (else it is
/// closed, idle keep-alive connections included), and beyond the connection limit a new connection
/// is closed at once.
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: SharedApp,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let open = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            _ = &mut shutdown => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors or a connection reset before accept: wait and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let app = Arc::clone(&app);
        let service =
            hyper::service::service_fn(move |req: axum::http::Request<hyper::body::Incoming>| {
                // The router current at this request (a poisoned lock still holds a router).
                let router = match app.read() {
                    Ok(g) => g.clone(),
                    Err(p) => p.into_inner().clone(),
                };
                tower::ServiceExt::oneshot(router, req.map(axum::body::Body::new))
            });
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .keep_alive(true)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let _ = conn.await;
            drop(permit);
        });
    }
}
