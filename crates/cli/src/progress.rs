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

/// A bar over a known number of items, e.g. parties to screen.
pub fn bar(label: &str, total: u64) -> ProgressBar {
    let pb = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "{prefix:>12} [{bar:40}] {pos}/{len} [{elapsed_precise}<{eta_precise}] {per_sec}",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_prefix(label.to_string());
    pb
}

/// Shows a pipeline stage's progress as a spinner (unknown total) or a bar (known total) on
/// standard error.
#[derive(Default)]
pub struct Bars {
    current: std::cell::RefCell<Option<ProgressBar>>,
}

impl chokepoint_pipeline::Progress for Bars {
    fn begin(&self, label: &str, total: Option<u64>) {
        let pb = match total {
            Some(t) => bar(label, t),
            None => counter(label),
        };
        if let Some(old) = self.current.replace(Some(pb)) {
            old.finish_and_clear();
        }
    }

    fn set(&self, done: u64) {
        if let Some(pb) = self.current.borrow().as_ref() {
            pb.set_position(done);
        }
    }

    fn end(&self) {
        if let Some(pb) = self.current.take() {
            pb.finish_and_clear();
        }
    }
}
