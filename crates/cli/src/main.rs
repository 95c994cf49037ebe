//! The `chokepoint` command: a thin layer over the library crates.

/// `println!` that returns an error instead of panicking when standard output is closed
/// (`chokepoint lists stats | head`).
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?;
    }};
}

mod commands;

mod output;
mod progress;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Chokepoint traces dual-use goods into Russia's military industry: it imports the official
/// watchlists, screens parties against them, and (as stages land) classifies trade, traces
/// supply chains and attributes weapon components to their origin.
#[derive(Parser)]
#[command(name = "chokepoint", version, about, long_about = None)]
struct Cli {
    /// The store file. Defaults to $CHOKEPOINT_DB, else ./chokepoint.db.
    #[arg(
        long,
        global = true,
        env = "CHOKEPOINT_DB",
        default_value = "chokepoint.db"
    )]
    db: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import, inspect and export the watchlists in the store.
    Lists {
        #[command(subcommand)]
        command: commands::lists::ListsCommand,
    },
    /// Screen one name, or a CSV file of parties, against every list in the store.
    Screen(commands::screen::ScreenArgs),
    /// Import, classify and flag customs records.
    Trade {
        #[command(subcommand)]
        command: commands::trade::TradeCommand,
    },
    /// Generate synthetic scenarios with ground truth.
    Scenario {
        #[command(subcommand)]
        command: commands::trade::ScenarioCommand,
    },
    /// Company registries into the store, and the network stage (resolution, shell and network
    /// indicators, communities, alerts) on whatever customs records and registries it holds.
    Network {
        #[command(subcommand)]
        command: commands::network::NetworkCommand,
    },
    /// Resolve trade parties into companies, with the reason of every merge.
    Resolve(commands::resolve::ResolveArgs),
    /// Record an analyst's judgement on two mentions (same, not_same, unsure); it overrides the
    /// machine and survives re-runs.
    Judge(commands::resolve::JudgeArgs),
    /// Score resolution, shell detection, tracing and end-user counts against generated
    /// scenarios' truth, for several seeds.
    NetworkEval(commands::resolve::NetworkEvalArgs),
    /// Trace supply chains in the store's trade records to defence end users, with evidence.
    Trace(commands::trace::TraceArgs),
    /// Origin shares of components recovered from weapons (three definitions, with intervals),
    /// or the trade routes behind a part number or maker.
    Attribute(commands::attribute::AttributeArgs),
    /// Serve the yente-compatible HTTP API (loopback by default).
    Serve(commands::serve::ServeArgs),
    /// Run the whole job on the embedded store: import the real lists and show what they hold.
    Demo(commands::demo::DemoArgs),
    /// Batch jobs over Parquet (classify, screen, aggregate, block) on a DataFusion session or an
    /// Apache Ballista cluster: runs the separately built `chokepoint-cluster` binary.
    Cluster(commands::cluster::ClusterArgs),
}

fn main() {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        interrupt::explain_on_ctrl_c();
    }
    let db = cli.db.clone();
    if let Err(err) = run(cli) {
        let broken_pipe = err.chain().any(|e| {
            e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        });
        if broken_pipe {
            return;
        }
        eprintln!("error: {}", output::error_text(&err, &db));
        std::process::exit(1);
    }
}

/// What Ctrl-C says before the process ends.
mod interrupt {
    /// The sentence printed on Ctrl-C: every import and stage writes in one transaction, so
    /// the one under way is rolled back and what earlier steps committed stays.
    const MESSAGE: &[u8] = b"\ninterrupted: the step under way was not saved (each import and stage is one transaction); the store holds what earlier steps committed\n";

    #[cfg(unix)]
    extern "C" fn on_sigint(_: libc::c_int) {
        // Only async-signal-safe calls here: write(2) and _exit(2).
        unsafe {
            libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len());
            libc::_exit(130);
        }
    }

    /// Installs the Ctrl-C handler (Unix; elsewhere the default handling stays).
    pub fn explain_on_ctrl_c() {
        #[cfg(unix)]
        unsafe {
            libc::signal(
                libc::SIGINT,
                on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Lists { command } => commands::lists::run(&cli.db, command),
        Command::Screen(args) => commands::screen::run(&cli.db, args),
        Command::Trade { command } => commands::trade::run(&cli.db, command),
        Command::Scenario { command } => commands::trade::run_scenario(command),
        Command::Network { command } => commands::network::run(&cli.db, command),
        Command::Resolve(args) => commands::resolve::run_resolve(&cli.db, args),
        Command::Judge(args) => commands::resolve::run_judge(&cli.db, args),
        Command::NetworkEval(args) => commands::resolve::run_network_eval(args),
        Command::Trace(args) => commands::trace::run(&cli.db, args),
        Command::Attribute(args) => commands::attribute::run(&cli.db, args),
        Command::Serve(args) => commands::serve::run(&cli.db, args),
        Command::Demo(args) => commands::demo::run(&cli.db, args),
        Command::Cluster(args) => commands::cluster::run(args),
    }
}
