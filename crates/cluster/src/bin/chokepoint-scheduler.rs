//! `chokepoint-scheduler`: Ballista's scheduler with Chokepoint's functions in its sessions.

use anyhow::{Context, Result};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use clap::Parser;
use std::net::SocketAddr;
use std::sync::Arc;

/// Runs a Ballista scheduler that knows the Chokepoint UDFs.
#[derive(Parser)]
#[command(name = "chokepoint-scheduler", version)]
struct Args {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    bind_host: String,
    /// Host name executors and clients use to reach this scheduler.
    #[arg(long, default_value = "127.0.0.1")]
    external_host: String,
    /// gRPC port.
    #[arg(long, default_value_t = 50050)]
    port: u16,
    /// Seconds without a heartbeat after which an executor is declared dead.
    #[arg(long, default_value_t = 180)]
    executor_timeout: u64,
}

fn main() -> Result<()> {
    chokepoint_cluster::session::runtime()?.block_on(run())
}

async fn run() -> Result<()> {
    let args = Args::parse();
    let config = SchedulerConfig {
        bind_host: args.bind_host.clone(),
        external_host: args.external_host.clone(),
        bind_port: args.port,
        executor_timeout_seconds: args.executor_timeout,
        expire_dead_executor_interval_seconds: (args.executor_timeout / 4).max(1),
        override_session_builder: Some(Arc::new(chokepoint_cluster::session::scheduler_session)),
        ..SchedulerConfig::default()
    };
    let addr: SocketAddr = format!("{}:{}", args.bind_host, args.port)
        .parse()
        .with_context(|| format!("{}:{} is not a socket address", args.bind_host, args.port))?;
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .context("cannot set up the scheduler's cluster state")?;
    eprintln!("chokepoint-scheduler listening on {addr}");
    ballista_scheduler::scheduler_process::start_server(cluster, addr, Arc::new(config))
        .await
        .context("the scheduler stopped")?;
    Ok(())
}
