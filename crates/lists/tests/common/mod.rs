//! Helpers shared by the lists crate's integration tests.

use std::path::PathBuf;

/// The shared data folder: `$CHOKEPOINT_SHARED_DATA`, else `shared/data` beside the checkout.
#[allow(dead_code)]
pub fn data_path() -> PathBuf {
    std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        })
}

/// The shared data folder when it holds the OFAC files; `None` (the test then skips, saying
/// why) when it is missing.
#[allow(dead_code)]
pub fn data_dir() -> Option<PathBuf> {
    let dir = data_path();
    if dir.join("ofac").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: shared data folder {} not found (set CHOKEPOINT_SHARED_DATA)",
            dir.display()
        );
        None
    }
}
