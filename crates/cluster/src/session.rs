//! The two engines of one code path: a local DataFusion [`SessionContext`], or a Ballista
//! client session whose plans run on a scheduler and its executors. Both carry the same UDFs,
//! and so do the scheduler's sessions ([`scheduler_session`]) and the executors' registries
//! ([`executor_registry`]).

use ballista::prelude::SessionContextExt;
use ballista_core::registry::BallistaFunctionRegistry;
use datafusion::common::Result;
use datafusion::execution::{SessionState, SessionStateBuilder};
use datafusion::prelude::{SessionConfig, SessionContext};

/// Stack size of the runtime threads of the binaries (planning recurses over the plan).
pub const STACK_BYTES: usize = 32 * 1024 * 1024;

/// The Tokio runtime every binary of this crate runs on: multi-threaded, with
/// [`STACK_BYTES`] stacks — DataFusion plans deep expression trees recursively, and the default
/// 2 MiB worker stacks overflow on the blocking job's plan in an unoptimised build.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(STACK_BYTES)
        .build()
}

/// Where a job runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// A DataFusion session in this process.
    Local,
    /// A Ballista scheduler, e.g. `df://127.0.0.1:50050`.
    Cluster(String),
}

impl Engine {
    /// `Cluster(url)` when a scheduler is given, else `Local`.
    pub fn from_scheduler(url: Option<&str>) -> Engine {
        match url {
            Some(u) => Engine::Cluster(u.to_string()),
            None => Engine::Local,
        }
    }
}

/// Partitions of a local session: every core, at least two (so the local plan has the same
/// repartitioning shape as a cluster's).
fn target_partitions() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2)
}

/// A session context for `engine` with every Chokepoint UDF registered.
pub async fn context(engine: &Engine) -> Result<SessionContext> {
    match engine {
        Engine::Local => {
            let config = SessionConfig::new().with_target_partitions(target_partitions());
            let ctx = SessionContext::new_with_config(config);
            for f in crate::udf::all() {
                ctx.register_udf((*f).clone());
            }
            Ok(ctx)
        }
        Engine::Cluster(url) => {
            let state = SessionStateBuilder::new()
                .with_default_features()
                .with_config(ballista_config())
                .build();
            // Ballista's upgrade of the state replaces its scalar functions with Ballista's
            // list, so the UDFs are registered on the context it returns.
            let ctx = SessionContext::remote_with_state(url, state).await?;
            for f in crate::udf::all() {
                ctx.register_udf((*f).clone());
            }
            Ok(ctx)
        }
    }
}

fn ballista_config() -> SessionConfig {
    use ballista_core::extension::SessionConfigExt;
    SessionConfig::new_with_ballista()
}

/// The scheduler's session builder: Ballista's default session with the Chokepoint UDFs, so the
/// scheduler can decode and plan queries that call them.
pub fn scheduler_session(config: SessionConfig) -> Result<SessionState> {
    let state = ballista_core::utils::default_session_builder(config)?;
    let mut builder = SessionStateBuilder::new_from_existing(state);
    builder
        .scalar_functions()
        .get_or_insert_with(Vec::new)
        .extend(crate::udf::all());
    Ok(builder.build())
}

/// An executor's function registry: DataFusion's and Ballista's functions plus the Chokepoint
/// UDFs, so executors can decode and run the tasks that call them.
pub fn executor_registry() -> BallistaFunctionRegistry {
    let mut registry = BallistaFunctionRegistry::default();
    for f in crate::udf::all() {
        registry.scalar_functions.insert(f.name().to_string(), f);
    }
    registry
}
