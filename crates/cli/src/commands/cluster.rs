//! `chokepoint cluster …`: the batch jobs on DataFusion / Ballista. They live in the separately
//! built `chokepoint-cluster` binary (crates/cluster, its own Cargo workspace), so the main
//! build never compiles Ballista; this command finds that binary and runs it with the
//! arguments given.

use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The name of the cluster binary.
pub const CLUSTER_BIN: &str = "chokepoint-cluster";

/// Everything after `chokepoint cluster`, passed on unchanged.
#[derive(clap::Args)]
pub struct ClusterArgs {
    /// The `chokepoint-cluster` command and its options (`classify|screen|aggregate|block
    /// --input X.parquet --out DIR [--scheduler df://HOST:PORT]`, `generate`, `compare`,
    /// `bench`; `help` lists them).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<OsString>,
}

/// Where `chokepoint-cluster` is: beside this executable, else on `PATH`.
pub fn find_cluster_binary(
    exe_dir: Option<&Path>,
    path: Option<&std::ffi::OsStr>,
) -> Option<PathBuf> {
    let beside = exe_dir.map(|d| d.join(CLUSTER_BIN));
    if let Some(b) = beside.filter(|b| b.is_file()) {
        return Some(b);
    }
    std::env::split_paths(path?)
        .map(|d| d.join(CLUSTER_BIN))
        .find(|b| b.is_file())
}

/// Runs `chokepoint-cluster` with `args`; its exit status is ours.
pub fn run(args: ClusterArgs) -> Result<()> {
    let exe = std::env::current_exe().ok();
    let exe_dir = exe.as_deref().and_then(Path::parent);
    let Some(bin) = find_cluster_binary(exe_dir, std::env::var_os("PATH").as_deref()) else {
        bail!(
            "`chokepoint cluster` needs the {CLUSTER_BIN} binary, which is built separately (it brings in Apache Ballista): \
             run `cargo build --release --manifest-path crates/cluster/Cargo.toml` and put target/release/{CLUSTER_BIN} \
             beside {} or on PATH (see docs/cluster.md)",
            exe.as_deref().map_or("chokepoint".to_string(), |e| e.display().to_string())
        );
    };
    let status = std::process::Command::new(&bin)
        .args(&args.args)
        .status()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    if !status.success() {
        bail!("{} failed ({status})", bin.display());
    }
    Ok(())
}
