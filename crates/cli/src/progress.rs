//! Progress bars on standard error (hidden when it is not a terminal).

use indicatif::{ProgressBar, ProgressStyle};

/// A spinner counting items of unknown total, e.g. entities read from a list.
pub fn counter(label: &str) -> ProgressBar {
    let pb = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {prefix:>12} {pos:>9} {msg} [{elapsed_precise}] {per_sec}",
    ) {
        pb.set_style(style);
    }
    pb.set_prefix(label.to_string());
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}
