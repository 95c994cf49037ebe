//! `chokepoint demo`: the main job on the embedded default store.
//!
//! Today it imports the newest publication of every real list found in the data folder into the
//! store (one transaction) and prints what the store holds and what changed. Screening, trade
//! classification, tracing and the report join it as those stages land.

use crate::commands::lists;
use crate::discover;
use anyhow::{bail, Result};
use clap::Args;
use std::path::{Path, PathBuf};

/// Options of the demo.
#[derive(Args)]
pub struct DemoArgs {
    /// The folder of real list data (laid out like ../shared/data). Defaults to
    /// $CHOKEPOINT_LISTS, else ../shared/data when it exists.
    #[arg(long, env = "CHOKEPOINT_LISTS")]
    lists: Option<PathBuf>,
}

fn data_dir(args: &DemoArgs) -> Option<PathBuf> {
    if let Some(p) = &args.lists {
        return Some(p.clone());
    }
    let default = Path::new("../shared/data");
    default.is_dir().then(|| default.to_path_buf())
}

/// Runs the demo.
pub fn run(db: &Path, args: DemoArgs) -> Result<()> {
    outln!("Chokepoint demo — store: {}", db.display());
    let Some(data) = data_dir(&args) else {
        bail!(
            "no list data: pass --lists DIR (a folder laid out like ../shared/data) or set CHOKEPOINT_LISTS"
        );
    };
    let found = discover::newest_lists(&data);
    if found.is_empty() {
        bail!("no known list files under {}", data.display());
    }
    outln!(
        "\n1. Importing the newest publication of {} lists from {}",
        found.len(),
        data.display()
    );
    for f in &found {
        let names: Vec<String> = f.files.iter().map(|p| p.display().to_string()).collect();
        outln!("   {:<13} {}", f.label, names.join(" "));
    }
    let files: Vec<PathBuf> = found.iter().flat_map(|f| f.files.iter().cloned()).collect();
    let t = std::time::Instant::now();
    let reports = lists::import(db, &files, None, false, None)?;
    let total: u64 = reports.iter().map(|r| r.report.entities).sum();
    outln!(
        "   {} entities in {:.1} s; changes since the previous import: {} added, {} changed, {} removed",
        total,
        t.elapsed().as_secs_f64(),
        reports.iter().map(|r| r.report.added).sum::<u64>(),
        reports.iter().map(|r| r.report.changed).sum::<u64>(),
        reports.iter().map(|r| r.report.removed).sum::<u64>(),
    );
    outln!("\n2. What the store holds");
    lists::run(
        db,
        lists::ListsCommand::Stats {
            json: false,
            top: 10,
        },
    )?;
    Ok(())
}
