//! `chokepoint serve`: the yente-compatible HTTP API over the store's lists.

use anyhow::{Context, Result};
use chokepoint_server::{Catalog, ServerConfig};
use chokepoint_store::Store;
use clap::Args;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

/// Options of `serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on. Loopback by default; expose it deliberately.
    #[arg(long, default_value = "127.0.0.1:8000")]
    bind: SocketAddr,
    /// Accepted API keys, comma-separated (also $CHOKEPOINT_API_KEYS), each `KEY` or `LABEL:KEY`;
    /// the label (else `key N`) is the actor the audit trail records. Without keys the API is
    /// open to whoever reaches it, and decisions are recorded as made by the local user.
    #[arg(long, env = "CHOKEPOINT_API_KEYS", value_delimiter = ',')]
    api_keys: Vec<String>,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// Most queries in one /match request.
    #[arg(long, default_value_t = 100)]
    max_batch: usize,
    /// Most results one request may ask for in all (queries × limit).
    #[arg(long, default_value_t = 5_000)]
    max_results: usize,
    /// Seconds one request may take, reading its body included (503 beyond).
    #[arg(long, default_value_t = 30)]
    request_timeout: u64,
    /// Seconds a connection may take to send a request header; idle connections close after it.
    #[arg(long, default_value_t = 10)]
    header_timeout: u64,
    /// Most connections open at once.
    #[arg(long, default_value_t = 256)]
    max_connections: usize,
    /// Origins whose web pages may call the API from a browser (CORS), comma-separated (also
    /// $CHOKEPOINT_CORS_ORIGINS), e.g. `https://app.example`; `*` allows any. None by default.
    /// They may read and screen (`/match`, `/reconcile`), never change alerts.
    #[arg(long, env = "CHOKEPOINT_CORS_ORIGINS", value_delimiter = ',')]
    cors_origins: Vec<String>,
}

/// Loads the store's entities into a catalog for the API.
pub fn load_catalog(db: &Path) -> Result<Catalog> {
    let store = Store::open(db)?;
    let published: HashMap<String, String> = store
        .stats()?
        .lists
        .into_iter()
        .filter_map(|(list, _, published, _)| published.map(|p| (list, p)))
        .collect();
    let entities = crate::commands::screen::load_entities(&store)?;
    let doc = |name: &str| -> Result<Option<serde_json::Value>> {
        Ok(match store.document(name)? {
            Some(text) => Some(
                serde_json::from_str(&text)
                    .with_context(|| format!("stored document `{name}` is not JSON"))?,
            ),
            None => None,
        })
    };
    let canonical = chokepoint_pipeline::canonical_entities(&store, entities)?;
    let mut catalog = Catalog::from_canonical(canonical, &published);
    for name in ["traces", "attribution"] {
        if let Some(v) = doc(name)? {
            catalog = catalog.with_document(name, v);
        }
    }
    if let Some(book) = crate::commands::alert_book::StoreAlerts::open(db, doc("network")?, true)? {
        let book = book.with_pictures(doc("alert_networks")?);
        catalog = catalog.with_alerts(std::sync::Arc::new(book));
    }
    let reviews = chokepoint_screen::reviews::ReviewStore::open(db).with_context(|| {
        format!(
            "cannot open the marks on screening hits in {}",
            db.display()
        )
    })?;
    catalog = catalog.with_reviews(Arc::new(reviews));
    Ok(catalog)
}

/// Runs the server until Ctrl-C.
pub fn run(db: &Path, args: ServeArgs) -> Result<()> {
    let catalog = Arc::new(load_catalog(db)?);
    let api_keys: Vec<String> = args
        .api_keys
        .into_iter()
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    let config = ServerConfig {
        bind: args.bind,
        api_keys,
        max_body_bytes: args.max_body,
        max_batch: args.max_batch,
        max_results: args.max_results,
        request_timeout: std::time::Duration::from_secs(args.request_timeout.max(1)),
        header_timeout: std::time::Duration::from_secs(args.header_timeout.max(1)),
        max_connections: args.max_connections.max(1),
        cors_origins: args
            .cors_origins
            .iter()
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect(),
        ..ServerConfig::default()
    };
    if !config.bind.ip().is_loopback() && config.api_keys.is_empty() {
        eprintln!(
            "warning: listening on {} without API keys: anyone who can reach it can query it",
            config.bind
        );
    }
    eprintln!(
        "serving {} entities on http://{} ({}); /openapi.json documents the API",
        catalog.len(),
        config.bind,
        if config.api_keys.is_empty() {
            "no API key required"
        } else {
            "API key required"
        }
    );
    let app = chokepoint_server::shared_app(catalog, config.clone());
    watch_store(db, Arc::clone(&app), config.clone());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    rt.block_on(chokepoint_server::serve(app, config))
        .with_context(|| format!("cannot serve on {}", args.bind))?;
    Ok(())
}

/// How often the server looks whether the store changed.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Rebuilds the catalog and swaps it into the served app whenever the store's
/// [`Store::serving_version`] changes (a list import, a new network run while serving), so that
/// `/catalog`, screening and the alert queue never serve a stale index. Runs on its own thread;
/// a failed rebuild is reported and the old catalog kept.
fn watch_store(db: &Path, app: chokepoint_server::SharedApp, config: ServerConfig) {
    let db = db.to_path_buf();
    let mut store = Store::open(&db).ok();
    let mut seen = store.as_ref().and_then(|s| s.serving_version().ok());
    std::thread::spawn(move || loop {
        std::thread::sleep(WATCH_EVERY);
        if store.is_none() {
            store = Store::open(&db).ok();
        }
        let now = store.as_ref().and_then(|s| s.serving_version().ok());
        if now.is_none() || now == seen {
            continue;
        }
        match load_catalog(&db) {
            Ok(catalog) => {
                let n = catalog.len();
                let router = chokepoint_server::router(Arc::new(catalog), config.clone());
                match app.write() {
                    Ok(mut g) => *g = router,
                    Err(p) => *p.into_inner() = router,
                }
                eprintln!("the store changed: now serving {n} entities");
                seen = now;
            }
            Err(e) => eprintln!("the store changed but could not be reloaded ({e:#}); still serving the previous index"),
        }
    });
}
