//! `chokepoint-executor`: Ballista's executor with Chokepoint's functions in its registry.

use anyhow::{Context, Result};
use ballista_executor::executor_process::{start_executor_process, ExecutorProcessConfig};
use clap::Parser;
use std::sync::Arc;

/// Runs a Ballista executor that knows the Chokepoint UDFs.
#[derive(Parser)]
#[command(name = "chokepoint-executor", version)]
struct Args {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    bind_host: String,
    /// Host name the scheduler and other executors use to reach this one.
    #[arg(long, default_value = "127.0.0.1")]
    external_host: String,
    /// Arrow Flight port (shuffle reads).
    #[arg(long, default_value_t = 50051)]
    port: u16,
    /// gRPC port.
    #[arg(long, default_value_t = 50052)]
    grpc_port: u16,
    /// Scheduler host.
    #[arg(long, default_value = "127.0.0.1")]
    scheduler_host: String,
    /// Scheduler port.
    #[arg(long, default_value_t = 50050)]
    scheduler_port: u16,
    /// Task slots (concurrent tasks), at least 1; all cores by default.
    #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    concurrent_tasks: Option<usize>,
    /// Directory for shuffle files (a temporary directory by default).
    #[arg(long)]
    work_dir: Option<String>,
    /// Seconds between heartbeats to the scheduler.
    #[arg(long, default_value_t = 60)]
    heartbeat: u64,
}

fn main() -> Result<()> {
    chokepoint_cluster::session::runtime()?.block_on(run())
}

async fn run() -> Result<()> {
    let args = Args::parse();
    let mut config = ExecutorProcessConfig {
        bind_host: args.bind_host,
        external_host: Some(args.external_host),
        port: args.port,
        grpc_port: args.grpc_port,
        scheduler_host: args.scheduler_host,
        scheduler_port: args.scheduler_port,
        work_dir: args.work_dir,
        executor_heartbeat_interval_seconds: args.heartbeat,
        override_function_registry: Some(
            Arc::new(chokepoint_cluster::session::executor_registry()),
        ),
        ..ExecutorProcessConfig::default()
    };
    if let Some(n) = args.concurrent_tasks {
        config.vcores = n;
    }
    eprintln!(
        "chokepoint-executor on port {} reporting to {}:{}",
        config.port, config.scheduler_host, config.scheduler_port
    );
    start_executor_process(Arc::new(config))
        .await
        .context("the executor stopped")?;
    Ok(())
}
