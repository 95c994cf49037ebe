//! Helpers shared by the screen crate's integration tests on the real lists.

use chokepoint_model::Entity;
use chokepoint_screen::Index;
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
