//! `chokepoint demo`: the whole job on the embedded default store, a SYNTHETIC scenario with
//! its truth beside every answer. The stages and their order are the pipeline's
//! ([`chokepoint_pipeline::demo`]); this command only shows them.

use crate::progress::Bars;
use anyhow::Result;
use chokepoint_pipeline::demo::{self, DemoOptions};
use clap::Args;
use std::path::{Path, PathBuf};

/// Options of the demo.
#[derive(Args)]
pub struct DemoArgs {
    /// The folder of real data (laid out like ../shared/data: lists and the HS/CHPL files).
    /// Defaults to $CHOKEPOINT_LISTS, else $CHOKEPOINT_SHARED_DATA, else ../shared/data.
    #[arg(long, env = "CHOKEPOINT_LISTS")]
    lists: Option<PathBuf>,
    /// Use the scenario's own watchlist even when real lists are found.
    #[arg(long)]
    synthetic_lists: bool,
    /// Scenario seed.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Customs rows to generate.
    #[arg(long, default_value_t = 200_000)]
    rows: u64,
    /// Where the scenario, the report and the summary go.
    #[arg(long, default_value = "chokepoint-demo")]
    out: PathBuf,
}

fn data_dir(args: &DemoArgs) -> PathBuf {
    if let Some(p) = &args.lists {
        return p.clone();
    }
    if let Some(p) = std::env::var_os("CHOKEPOINT_SHARED_DATA") {
        return PathBuf::from(p);
    }
    PathBuf::from("../shared/data")
}

/// A progress display that also prints the demo's narrative lines as they come.
struct Narrated(Bars);

impl chokepoint_pipeline::Progress for Narrated {
    fn begin(&self, label: &str, total: Option<u64>) {
        self.0.begin(label, total);
    }
    fn set(&self, done: u64) {
        self.0.set(done);
    }
    fn end(&self) {
        self.0.end();
    }
    fn say(&self, line: &str) {
        use std::io::Write;
        // A closed standard output (a pipe to `head`) stops the narrative, not the demo.
        let _ = writeln!(std::io::stdout().lock(), "{line}");
    }
}

/// Runs the demo.
pub fn run(db: &Path, args: DemoArgs) -> Result<()> {
    let t = std::time::Instant::now();
    let options = DemoOptions {
        data: data_dir(&args),
        out: args.out.clone(),
        seed: args.seed,
        rows: args.rows,
        synthetic_lists: args.synthetic_lists,
    };
    outln!(
        "Chokepoint demo — store {}, output {}",
        db.display(),
        options.out.display()
    );
    let run = demo::run(db, &options, &Narrated(Bars::default()))?;
    outln!(
        "\n7. Report: {}  (open it in a browser; it needs no network)",
        run.report_path.display()
    );
    outln!("\nHeadline answers (SYNTHETIC scenario — the truth beside each):");
    for h in &run.report.headlines {
        outln!(
            "  • {}: {} [{} evidence rows]{}",
            h.question,
            h.answer,
            h.evidence,
            h.truth
                .as_ref()
                .map(|t| format!(" — truth: {t}"))
                .unwrap_or_default()
        );
    }
    if !run.report.real.headlines.is_empty() {
        outln!("\nReal data (public files, not the scenario — the source beside each):");
        for h in &run.report.real.headlines {
            outln!(
                "  • {}: {} [{} evidence rows] — {}",
                h.question,
                h.answer,
                h.evidence,
                h.detail
            );
        }
    }
    outln!(
        "\nDone in {:.1} s. Next: `chokepoint serve` for the API and web UI on http://127.0.0.1:8000",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
