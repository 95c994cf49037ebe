//! Shared by the CLI's integration tests.

use std::path::{Path, PathBuf};

/// The shared data folder ($CHOKEPOINT_SHARED_DATA, else ../shared/data beside the checkout)
/// when it holds `required`; otherwise prints why the test is skipped and returns `None`.
pub fn shared_data(required: &str) -> Option<PathBuf> {
    let p = std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if p.join(required).exists() {
        Some(p)
    } else {
        eprintln!(
            "skipping: {required} not found under {} (set CHOKEPOINT_SHARED_DATA)",
            p.display()
        );
        None
    }
}
