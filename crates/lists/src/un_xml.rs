//! Reader stub; replaced by the lists work.

use crate::{EntityStream, ListError, Source};

/// Opens `source` as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    Err(ListError::Unrecognised { file: source.files.first().cloned().unwrap_or_default(), message: "reader not implemented yet".into() })
}
