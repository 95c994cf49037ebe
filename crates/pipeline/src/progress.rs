//! How a stage reports its progress to whoever runs it (a terminal bar, a server log, nothing).

/// Receives a stage's progress. Every method has a do-nothing default, so a caller implements
/// only what it shows.
pub trait Progress {
    /// A unit of work starts: `label` names it; `total` is its size when known (items or bytes).
    fn begin(&self, _label: &str, _total: Option<u64>) {}
    /// So much of the current unit is done (items or bytes, as `begin` announced).
    fn set(&self, _done: u64) {}
    /// The current unit is done.
    fn end(&self) {}
    /// A line of narrative for the person watching (what a stage found), shown as it comes.
    fn say(&self, _line: &str) {}
}

/// Shows nothing: for tests, libraries and batch runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}
