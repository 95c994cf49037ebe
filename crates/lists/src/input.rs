//! Opening a source's files: the first file of a source, its list id, and a buffered reader
//! that decompresses gzip transparently. Every reader starts here.

use crate::{ListError, Source};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The main (first) file of `source`; [`ListError::Unrecognised`] with `message` when the
/// source has no file.
pub(crate) fn first_file(source: &Source, message: &str) -> Result<PathBuf, ListError> {
    source
        .files
        .first()
        .cloned()
        .ok_or_else(|| ListError::Unrecognised {
            file: PathBuf::new(),
            message: message.into(),
        })
}

/// The list id entity ids start with: the source's, else the reader's `default`.
pub(crate) fn list_id(source: &Source, default: &str) -> String {
    if source.list.is_empty() {
        default.to_string()
    } else {
        source.list.clone()
    }
}

/// Opens `path` for buffered reading, transparently decompressing gzip (detected by the magic
/// bytes `1f 8b`, not by the file name).
pub(crate) fn open_input(path: &Path) -> Result<Box<dyn BufRead>, ListError> {
    let io_err = ListError::io(path);
    let file = File::open(path).map_err(&io_err)?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let gz = {
        let head = reader.fill_buf().map_err(&io_err)?;
        head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b
    };
    if gz {
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            flate2::bufread::MultiGzDecoder::new(reader),
        )))
    } else {
        Ok(Box::new(reader))
    }
}
