//! Helpers shared by the screen crate's integration tests on the real lists.

use chokepoint_model::Entity;
use chokepoint_screen::{Index, Query, SearchOptions};
use std::path::PathBuf;

/// The shared data folder: `$CHOKEPOINT_SHARED_DATA`, else `shared/data` beside the checkout.
#[allow(dead_code)]
pub fn data_dir() -> PathBuf {
    match std::env::var("CHOKEPOINT_SHARED_DATA") {
        Ok(p) => PathBuf::from(p),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// An index over the given list files (paths relative to the shared data folder), or `None`
/// with a note saying why the test is skipped when a file is missing or unreadable.
#[allow(dead_code)]
pub fn real_index(files: &[&str]) -> Option<Index> {
    let d = data_dir();
    let paths: Vec<PathBuf> = files.iter().map(|f| d.join(f)).collect();
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        eprintln!(
            "skipped: {} not found (set CHOKEPOINT_SHARED_DATA)",
            missing.display()
        );
        return None;
    }
    let sources = chokepoint_lists::plan(&paths, None).ok()?;
    let mut entities: Vec<Entity> = Vec::new();
    for s in &sources {
        let stream = chokepoint_lists::open(s).ok()?;
        entities.extend(stream.flatten());
    }
    Some(Index::build(entities))
}

/// The list's own record number at the end of an entity id (`ofac-sdn-37697` → `37697`).
#[allow(dead_code)]
pub fn record_number(entity_id: &str) -> &str {
    entity_id.rsplit('-').next().unwrap_or(entity_id)
}

/// Person queries run against the index, each `(query, record number it should hit at top 1
/// as a match, the listed name)`. Returns the queries missed, the queries found whose
/// explanation does not mention `rule` (found without the rule under test), and a report of
/// every top hit, printed when the environment variable `report_env` is set.
#[allow(dead_code)]
pub fn person_top_hits<'q>(
    index: &Index,
    cases: &[(&'q str, &str, &str)],
    rule: &str,
    report_env: &str,
) -> (Vec<&'q str>, Vec<&'q str>, String) {
    let opts = SearchOptions {
        limit: 5,
        ..SearchOptions::default()
    };
    let (mut misses, mut without_rule, mut report) = (Vec::new(), Vec::new(), Vec::new());
    for &(query, number, listed) in cases {
        let q = Query::name(query).with_schema(chokepoint_model::Schema::Person);
        let hits = index.search(&q, &opts);
        let top = hits.first();
        let found = top.is_some_and(|h| record_number(&h.entity_id) == number && h.is_match);
        report.push(format!(
            "{}{query} -> {listed}: {}",
            if found { "" } else { "MISS " },
            top.map_or("nothing".to_string(), |h| format!(
                "{} {:.3} {}",
                h.entity_id, h.score, h.explanation
            ))
        ));
        match top {
            Some(h) if found && !h.explanation.contains(rule) => without_rule.push(query),
            Some(_) if found => {}
            _ => misses.push(query),
        }
    }
    let report = report.join("\n");
    if std::env::var_os(report_env).is_some() {
        eprintln!("{report}");
    }
    (misses, without_rule, report)
}
