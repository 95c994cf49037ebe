//! Stage 1: watchlists into the store.

use crate::error::{ListImportError, PipelineError, Result};
use crate::progress::Progress;
use chokepoint_lists::{open, plan, Entity, Format, ListError, Source};
use chokepoint_store::{ImportMeta, ImportReport, ImportTx, Store, StoreError};
use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;

/// How to read the list files.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Read every path in this format (a [`Format::name`]) instead of detecting it.
    pub format: Option<String>,
    /// Skip malformed records (counted, the first ten kept) instead of failing.
    pub lenient: bool,
    /// The publication date when neither the file nor its path tells it.
    pub published: Option<String>,
    /// Import under this list id instead of the format's own (e.g. a synthetic watchlist in
    /// OFAC's format that must not pass for the real SDN list).
    pub list: Option<String>,
    /// Import a publication that holds no records (which removes every entity of its list).
    /// Without it such an import is refused and the store is left as it was: an empty
    /// `sdn.csv`, an empty `<sdnList></sdnList>` or a file read in the wrong format would
    /// otherwise wipe a whole list.
    pub allow_empty: bool,
    /// Import a publication that removes more than [`MAX_SHRINK`] of its list's entities.
    /// Without it such an import is refused and the store left as it was: a truncated or
    /// partly misread file would otherwise silently drop designations.
    pub allow_shrink: bool,
}

/// The largest share of a list's entities that one import may remove without
/// [`IngestOptions::allow_shrink`].
pub const MAX_SHRINK: f64 = 0.30;

/// One imported list publication with what the reader skipped.
#[derive(Debug)]
pub struct SourceReport {
    /// The store's report: counts added, changed, removed.
    pub report: ImportReport,
    /// The source's format.
    pub format: Format,
    /// Up to 10 skipped-record errors (lenient mode) to show the user.
    pub skipped_examples: Vec<String>,
}

/// Imports the list files `paths` into the store in one transaction: if any file fails, the
/// store is left exactly as it was. OFAC CSV parts given together form one list.
pub fn ingest_lists(
    store: &mut Store,
    paths: &[PathBuf],
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Result<Vec<SourceReport>> {
    ingest_lists_inspect(store, paths, options, progress, &mut |_| {})
}

/// Imports list files like [`ingest_lists`] and shows `inspect` every entity read, in the
/// order the readers yield them (a later stage that needs something of a list file then
/// takes it here instead of reading the file again).
pub fn ingest_lists_inspect(
    store: &mut Store,
    paths: &[PathBuf],
    options: &IngestOptions,
    progress: &dyn Progress,
    inspect: &mut dyn FnMut(&Entity),
) -> Result<Vec<SourceReport>> {
    let format = match options.format.as_deref() {
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            PipelineError::Input(format!(
                "unknown format `{name}`; expected one of {}",
                names.join(", ")
            ))
        })?),
        None => None,
    };
    for p in paths {
        if !p.exists() {
            return Err(PipelineError::Input(format!(
                "{}: no such file",
                p.display()
            )));
        }
    }
    let mut sources = plan(paths, format)?;
    if let Some(l) = &options.list {
        if sources.len() > 1 {
            return Err(PipelineError::Input(format!(
                "--list names one list, but the paths form {} lists",
                sources.len()
            )));
        }
        for s in &mut sources {
            s.list.clone_from(l);
        }
    }
    let mut tx = store.begin_import()?;
    let mut out = Vec::new();
    for source in &sources {
        out.push(import_source(&mut tx, source, options, progress, inspect)?);
    }
    tx.commit()?;
    // The canonical entities' merges follow the lists (and the judgements) as data.
    crate::screen::refresh_merges(store)?;
    Ok(out)
}

/// The sentence refusing an import that read no records from `source`.
fn shrink_message(source: &Source, report: &ImportReport, before: u64) -> String {
    let files: Vec<String> = source
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    format!(
        "{}: importing it would remove {} of the {before} entities of the list `{}` ({:.0} %, more than the {:.0} % one publication may remove unasked); the store is unchanged: check that the file is complete and read in the right --format, or pass --allow-shrink if the list really shrank.",
        files.join(", "),
        report.removed,
        source.list,
        100.0 * report.removed as f64 / before as f64,
        100.0 * MAX_SHRINK
    )
}

fn empty_import_message(source: &Source, report: &ImportReport) -> String {
    let files: Vec<String> = source
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    let skipped = if report.skipped > 0 {
        format!(" ({} malformed records skipped)", report.skipped)
    } else {
        String::new()
    };
    let effect = if report.removed > 0 {
        format!(
            "would remove all {} entities of the list `{}`",
            report.removed, source.list
        )
    } else {
        format!("would record the list `{}` as empty", source.list)
    };
    format!(
        "{}: no records read as {}{skipped}; importing it {effect}. The store is unchanged: check the file and --format, or pass --allow-empty if the list really is empty now.",
        files.join(", "),
        source.format.name(),
    )
}

fn import_source(
    tx: &mut ImportTx<'_>,
    source: &Source,
    options: &IngestOptions,
    progress: &dyn Progress,
    inspect: &mut dyn FnMut(&Entity),
) -> Result<SourceReport> {
    let lenient = options.lenient;
    let mut stream = open(source)?.peekable();
    // The reader may know the publication date better than the path (XML headers).
    let from_content = match stream.peek() {
        Some(Ok(e)) => e.provenance.published.clone(),
        _ => None,
    };
    let meta = ImportMeta {
        list: source.list.clone(),
        format: source.format.name().to_string(),
        published: options
            .published
            .clone()
            .or(from_content)
            .or_else(|| source.published.clone()),
        files: source
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect(),
    };
    let skipped = Rc::new(Cell::new(0u64));
    let examples = Rc::new(RefCell::new(Vec::new()));
    let filtered = {
        let skipped = Rc::clone(&skipped);
        let examples = Rc::clone(&examples);
        stream
            .filter(move |item| match item {
                Err(e) if lenient && e.is_recoverable() => {
                    skipped.set(skipped.get() + 1);
                    let mut ex = examples.borrow_mut();
                    if ex.len() < 10 {
                        ex.push(e.to_string());
                    }
                    false
                }
                _ => true,
            })
            .inspect(|item| {
                if let Ok(e) = item {
                    inspect(e);
                }
            })
    };
    progress.begin(&source.list, None);
    let skipped_count = Rc::clone(&skipped);
    let result = tx.import(&meta, filtered, |n| progress.set(n), &move || {
        skipped_count.get()
    });
    progress.end();
    let report = result.map_err(|e| match e {
        StoreError::Source(inner) => match inner.downcast::<ListError>() {
            Ok(le) => PipelineError::ListImport(Box::new(ListImportError {
                list: source.list.clone(),
                hint: if lenient {
                    ""
                } else {
                    " (use --lenient to skip malformed records)"
                },
                source: *le,
            })),
            Err(other) => PipelineError::Input(other.to_string()),
        },
        other => PipelineError::Store(other),
    })?;
    if report.entities == 0 && !(options.allow_empty || options.allow_shrink) {
        return Err(PipelineError::Input(empty_import_message(source, &report)));
    }
    let before = report.entities + report.removed - report.added;
    if report.entities > 0
        && before > 0
        && report.removed as f64 > MAX_SHRINK * before as f64
        && !options.allow_shrink
    {
        return Err(PipelineError::Input(shrink_message(
            source, &report, before,
        )));
    }
    let skipped_examples = examples.borrow().clone();
    Ok(SourceReport {
        report,
        format: source.format,
        skipped_examples,
    })
}
