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
    /// Accepted API keys, comma-separated (also $CHOKEPOINT_API_KEYS). Without keys the API is open.
    #[arg(long, env = "CHOKEPOINT_API_KEYS", value_delimiter = ',')]
    api_keys: Vec<String>,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// Most queries in one /match request.
    #[arg(long, default_value_t = 100)]
    max_batch: usize,
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
        catalog = catalog.with_alerts(std::sync::Arc::new(book));
    }
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
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    rt.block_on(chokepoint_server::serve(catalog, config))
        .with_context(|| format!("cannot serve on {}", args.bind))?;
    Ok(())
}
