//! `chokepoint lists …`: import, stats, diff, history, merges, export.

use crate::progress;
use anyhow::Result;
use chokepoint_model::{export_ftm_lines, ExportStats};
use chokepoint_pipeline::{IngestOptions, SourceReport};
use chokepoint_store::Store;
use clap::Subcommand;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Table};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The `lists` subcommands.
#[derive(Subcommand)]
pub enum ListsCommand {
    /// Import list files (format detected from names and content, or --format). All files of
    /// one call form one transaction: if any fails, the store is left as it was.
    Import {
        /// Files to import; OFAC CSV parts (sdn.csv, add.csv, alt.csv, sdn_comments.csv, or the
        /// cons_* files) given together form one list.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Read every path in this format: ofac-sdn-csv, ofac-cons-csv, ofac-xml, un-xml,
        /// us-csl, bis-dpl, eu-fsf, uk-ofsi, ftm-json, eu-annex (EU Official Journal annexes in
        /// OpenSanctions' CSV layout), us-1260h, end-users (an analyst's own end-user list).
        #[arg(long)]
        format: Option<String>,
        /// Skip malformed records (counted and reported) instead of failing.
        #[arg(long)]
        lenient: bool,
        /// The publication date when neither the file nor its path tells it.
        #[arg(long)]
        published: Option<String>,
        /// Import under this list id instead of the format's own (e.g. a synthetic watchlist in
        /// OFAC's format that must not pass for the real SDN list).
        #[arg(long)]
        list: Option<String>,
        /// Import a file that holds no records, removing every entity of its list (refused
        /// otherwise, so that an empty or misread file cannot wipe a list).
        #[arg(long)]
        allow_empty: bool,
        /// Import a publication that removes more than 30 % of its list's entities (refused
        /// otherwise, so that a truncated or misread file cannot silently drop designations).
        #[arg(long)]
        allow_shrink: bool,
    },
    /// Counts per list, schema, country and programme.
    Stats {
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
        /// How many countries and programmes to show.
        #[arg(long, default_value_t = 15)]
        top: usize,
    },
    /// What the latest import of each list (or one import) added, changed and removed:
    /// the entities a compliance team must re-screen.
    Diff {
        /// One import id (see `lists history`).
        #[arg(long)]
        import: Option<i64>,
        /// Only this list.
        #[arg(long)]
        list: Option<String>,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The import history.
    History,
    /// How the list records were merged into one entity per designee: the count per reason
    /// (list reference, shared identifier, same name, analyst judgement) and the merges
    /// themselves. Refreshed after every import and every `judge`.
    Merges {
        /// Only merges of this reason (`list_reference`, `shared_identifier`, `same_name`,
        /// `judgement`).
        #[arg(long)]
        reason: Option<String>,
        /// How many merges to list under the counts.
        #[arg(long, default_value_t = 20)]
        show: usize,
        /// Print every merge as JSON lines instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Export entities as FollowTheMoney JSON lines that the `followthemoney` package accepts:
    /// each record as its entity and a `Sanction` entity for its designation. Values FtM cannot
    /// hold as they are (a national phone number, a date in prose) go to `notes`; the counts of
    /// such changes are printed to standard error.
    Export {
        /// Only this list.
        #[arg(long)]
        list: Option<String>,
        /// Output file; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Runs a `lists` subcommand against the store at `db`.
pub fn run(db: &Path, command: ListsCommand) -> Result<()> {
    match command {
        ListsCommand::Import {
            paths,
            format,
            lenient,
            published,
            list,
            allow_empty,
            allow_shrink,
        } => {
            let options = IngestOptions {
                format,
                lenient,
                published,
                list,
                allow_empty,
                allow_shrink,
            };
            let reports = import(db, &paths, &options)?;
            print_reports(&reports)
        }
        ListsCommand::Stats { json, top } => stats(db, json, top),
        ListsCommand::Diff { import, list, json } => diff(db, import, list.as_deref(), json),
        ListsCommand::History => history(db),
        ListsCommand::Merges { reason, show, json } => merges(db, reason.as_deref(), show, json),
        ListsCommand::Export { list, out } => export(db, list.as_deref(), out.as_deref()),
    }
}

/// Imports `paths` into the store at `db` with `options` in one transaction (the pipeline's
/// list stage).
pub fn import(db: &Path, paths: &[PathBuf], options: &IngestOptions) -> Result<Vec<SourceReport>> {
    let mut store = chokepoint_pipeline::open_store(db)?;
    Ok(chokepoint_pipeline::ingest_lists(
        &mut store,
        paths,
        options,
        &progress::Bars::default(),
    )?)
}

fn print_reports(reports: &[SourceReport]) -> Result<()> {
    let mut t = Table::new();
    t.load_style(UTF8_BORDERS_ONLY);
    t.set_header([
        "list", "format", "entities", "added", "changed", "removed", "skipped", "import",
    ]);
    for r in reports {
        let x = &r.report;
        t.add_row([
            x.list.clone(),
            r.format.name().to_string(),
            x.entities.to_string(),
            x.added.to_string(),
            x.changed.to_string(),
            x.removed.to_string(),
            x.skipped.to_string(),
            x.import_id.to_string(),
        ]);
    }
    outln!("{t}");
    for r in reports {
        for e in &r.skipped_examples {
            eprintln!("skipped: {e}");
        }
        if r.report.skipped > r.skipped_examples.len() as u64 {
            eprintln!(
                "… and {} more skipped in {}",
                r.report.skipped - r.skipped_examples.len() as u64,
                r.report.list
            );
        }
    }
    Ok(())
}

fn stats(db: &Path, json: bool, top: usize) -> Result<()> {
    let store = Store::open(db)?;
    let s = store.stats()?;
    if json {
        let v = serde_json::json!({
            "lists": s.lists.iter().map(|(l, n, p, at)| serde_json::json!({"list": l, "entities": n, "published": p, "imported_at": at})).collect::<Vec<_>>(),
            "schemata": s.schemata.iter().map(|(l, sc, n)| serde_json::json!({"list": l, "schema": sc, "entities": n})).collect::<Vec<_>>(),
            "countries": s.countries.iter().map(|(c, n)| serde_json::json!({"country": c, "entities": n})).collect::<Vec<_>>(),
            "programs": s.programs.iter().map(|(l, p, n)| serde_json::json!({"list": l, "program": p, "entities": n})).collect::<Vec<_>>(),
        });
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    if s.lists.is_empty() {
        outln!(
            "The store {} is empty: import lists with `chokepoint lists import PATH…`.",
            db.display()
        );
        return Ok(());
    }
    let mut t = table(["list", "entities", "published", "imported (UTC)"]);
    let total: u64 = s.lists.iter().map(|l| l.1).sum();
    for (l, n, p, at) in &s.lists {
        t.add_row([
            l.clone(),
            n.to_string(),
            p.clone().unwrap_or_default(),
            at.clone().unwrap_or_default(),
        ]);
    }
    t.add_row([
        "total".to_string(),
        total.to_string(),
        String::new(),
        String::new(),
    ]);
    outln!("Lists\n{t}");
    let mut t = table(["list", "schema", "entities"]);
    for (l, sc, n) in &s.schemata {
        t.add_row([l.clone(), sc.clone(), n.to_string()]);
    }
    outln!("By schema\n{t}");
    let mut t = table(["country", "entities"]);
    for (c, n) in s.countries.iter().take(top) {
        t.add_row([c.clone(), n.to_string()]);
    }
    outln!(
        "Top {top} countries (country, jurisdiction or nationality; {} in all)\n{t}",
        s.countries.len()
    );
    let mut t = table(["list", "program", "entities"]);
    for (l, p, n) in s.programs.iter().take(top) {
        t.add_row([l.clone(), p.clone(), n.to_string()]);
    }
    outln!("Top {top} programmes ({} in all)\n{t}", s.programs.len());
    Ok(())
}

fn table<const N: usize>(header: [&str; N]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_BORDERS_ONLY);
    t.set_header(header);
    t
}

fn diff(db: &Path, import: Option<i64>, list: Option<&str>, json: bool) -> Result<()> {
    let store = Store::open(db)?;
    let delta = store.delta(import, list)?;
    if json {
        let mut out = std::io::stdout().lock();
        for d in &delta {
            writeln!(
                out,
                "{}",
                serde_json::json!({"import": d.import_id, "list": d.list, "change": d.kind.as_str(), "entity_id": d.entity_id, "caption": d.caption})
            )?;
        }
        return Ok(());
    }
    let mut t = table(["import", "list", "change", "entity", "caption"]);
    for d in &delta {
        t.add_row([
            d.import_id.to_string(),
            d.list.clone(),
            d.kind.as_str().to_string(),
            d.entity_id.clone(),
            d.caption.clone(),
        ]);
    }
    outln!("{t}");
    let count = |k: chokepoint_store::DeltaKind| delta.iter().filter(|d| d.kind == k).count();
    outln!(
        "{} added, {} changed, {} removed: {} entities to re-screen.",
        count(chokepoint_store::DeltaKind::Added),
        count(chokepoint_store::DeltaKind::Changed),
        count(chokepoint_store::DeltaKind::Removed),
        count(chokepoint_store::DeltaKind::Added) + count(chokepoint_store::DeltaKind::Changed)
    );
    Ok(())
}

fn history(db: &Path) -> Result<()> {
    let store = Store::open(db)?;
    let mut t = table([
        "import",
        "list",
        "format",
        "published",
        "imported (UTC)",
        "entities",
        "added",
        "changed",
        "removed",
        "skipped",
    ]);
    for r in store.imports()? {
        t.add_row([
            r.id.to_string(),
            r.list,
            r.format,
            r.published.unwrap_or_default(),
            r.imported_at,
            r.entities.to_string(),
            r.added.to_string(),
            r.changed.to_string(),
            r.removed.to_string(),
            r.skipped.to_string(),
        ]);
    }
    outln!("{t}");
    Ok(())
}

fn merges(db: &Path, reason: Option<&str>, show: usize, json: bool) -> Result<()> {
    let store = Store::open(db)?;
    let all = chokepoint_pipeline::stored_merges(&store)?;
    let chosen: Vec<_> = all
        .iter()
        .filter(|m| reason.is_none_or(|r| m.reason == r))
        .collect();
    if json {
        for m in &chosen {
            outln!("{}", serde_json::to_string(m)?);
        }
        return Ok(());
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for m in &all {
        *counts.entry(m.reason.as_str()).or_default() += 1;
    }
    let mut t = table(["reason", "merges"]);
    for (r, n) in &counts {
        t.add_row([r.to_string(), n.to_string()]);
    }
    t.add_row(["total".to_string(), all.len().to_string()]);
    outln!("{t}");
    if show > 0 && !chosen.is_empty() {
        let mut t = table(["canonical", "record", "merged with", "reason", "why"]);
        for m in chosen.iter().take(show) {
            t.add_row([
                m.canonical.clone(),
                m.a.clone(),
                m.b.clone(),
                m.reason.clone(),
                m.detail.clone(),
            ]);
        }
        outln!("{t}");
        if chosen.len() > show {
            outln!(
                "… {} more (--show N, --reason R, --json)",
                chosen.len() - show
            );
        }
    }
    Ok(())
}

fn export(db: &Path, list: Option<&str>, out: Option<&Path>) -> Result<()> {
    let store = Store::open(db)?;
    let mut w: Box<dyn Write> = crate::output::writer(out)?;
    let mut err = None;
    let mut stats = ExportStats::default();
    store.for_each_entity(list, |e| {
        if err.is_none() {
            for line in export_ftm_lines(&e, &mut stats) {
                if let Err(e) = writeln!(w, "{line}") {
                    err = Some(e);
                    break;
                }
            }
        }
    })?;
    if let Some(e) = err {
        return Err(e.into());
    }
    w.flush()?;
    eprintln!(
        "exported {} entities and {} Sanction entities (their designations)",
        stats.entities, stats.sanctions
    );
    for (reason, n) in &stats.changes {
        eprintln!("  {n:>7}  {reason}");
    }
    Ok(())
}
