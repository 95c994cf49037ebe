//! What later pipeline stages add to the API: alerts with analyst status, traces and
//! attribution results. The server only serves them; the stages compute them.

use serde_json::Value;

/// An analyst's change of one alert's status, as the API receives it: named fields, so the
/// four strings cannot be passed in the wrong order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange<'a> {
    /// The alert's id.
    pub id: &'a str,
    /// The new status: `open`, `confirmed` or `dismissed`.
    pub status: &'a str,
    /// The analyst's note.
    pub note: &'a str,
    /// Who made the change.
    pub actor: &'a str,
}

/// Why an [`AlertBook`] call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BookError {
    /// The store is held by another writer (an import) for longer than the call may wait; the
    /// client should retry. Answered 503 with `Retry-After`, never 500.
    #[error("the store is busy with another write (an import?) and stayed busy for {waited_ms} ms; nothing was changed, retry in a moment")]
    Busy {
        /// How long the call waited for the store.
        waited_ms: u64,
    },
    /// Anything else; answered 500 with the message.
    #[error("{0}")]
    Failed(String),
}

/// A store of alerts the analyst works through. Implemented by the network stage.
pub trait AlertBook: Send + Sync {
    /// Alerts ranked by risk, each a JSON object with at least `id`, `subject`, `score`,
    /// `parts` (`[{rule, score, text}]`), `evidence` (row ids) and `status`.
    fn list(&self, limit: usize, status: Option<&str>) -> Result<Vec<Value>, BookError>;
    /// Makes an analyst's [`StatusChange`], recording who and when in the audit trail; returns
    /// the alert as it is now, or `Ok(None)` if there is no such alert.
    fn set_status(&self, change: StatusChange<'_>) -> Result<Option<Value>, BookError>;
    /// The audit trail of one alert, oldest first.
    fn history(&self, id: &str) -> Result<Vec<Value>, BookError>;
    /// A small network picture for the alert queue: `{nodes: [{id, label, kind}], edges: [{source, target, value, label}]}`.
    fn network(&self) -> Option<Value>;
    /// Whether the alerts were built from synthetic scenario data.
    fn synthetic(&self) -> bool;
    /// The network picture of one alert: its subject at the centre and only its neighbourhood,
    /// `{subject, nodes: [{id, label, country, kind, role}], edges: [{source, target, value,
    /// label, kind}]}` (the network stage's `picture::Neighbourhood`); `None` when there is none.
    fn neighbourhood(&self, id: &str) -> Option<Value> {
        let _ = id;
        None
    }
}
