//! Errors of the screening crate.

/// An error raised while building or querying an index.
#[derive(Debug, thiserror::Error)]
pub enum ScreenError {
    /// The index would need more than `u32::MAX` names or entities.
    #[error("index too large: more than {0} {1}")]
    TooLarge(u64, &'static str),
}
