//! The error of a list reader: where it happened and whether reading can go on.

use std::path::{Path, PathBuf};

/// A problem reading a list file, located by file, line (or XML element) and field.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// One record is malformed; the rest of the file can still be read (lenient mode skips it).
    #[error("{file}:{location}: field `{field}`: {message}")]
    Record {
        /// The file being read.
        file: PathBuf,
        /// Where in the file: `line 12` or `element <sdnEntry> #34 (line 1200)`.
        location: String,
        /// The field or column at fault.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The file is broken from here on (bad XML, cut mid-record, bad encoding of the stream):
    /// reading cannot go on, lenient or not.
    #[error("{file}:{location}: {message}")]
    Fatal {
        /// The file being read.
        file: PathBuf,
        /// Where in the file.
        location: String,
        /// What is wrong.
        message: String,
    },
    /// The file cannot be opened or read.
    #[error("{file}: {source}")]
    Io {
        /// The file being read.
        file: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The paths do not form a list the readers know.
    #[error("{file}: {message}")]
    Unrecognised {
        /// The file that could not be placed.
        file: PathBuf,
        /// Why.
        message: String,
    },
}

impl ListError {
    /// Whether a lenient import may skip this error's record and keep reading.
    pub fn is_recoverable(&self) -> bool {
        matches!(self, ListError::Record { .. })
    }

    /// A malformed record at `line {line}` of a text file, in `field`.
    pub(crate) fn at_line(
        file: &Path,
        line: u64,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> ListError {
        ListError::record(file, format!("line {line}"), field, message)
    }

    /// A malformed record element: the `index`-th `<{element}>` of the file, starting at `line`.
    pub(crate) fn in_element(
        file: &Path,
        element: &str,
        index: usize,
        line: u64,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> ListError {
        ListError::record(
            file,
            format!("element <{element}> #{index} (line {line})"),
            field,
            message,
        )
    }

    fn record(
        file: &Path,
        location: String,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> ListError {
        ListError::Record {
            file: file.to_path_buf(),
            location,
            field: field.into(),
            message: message.into(),
        }
    }

    /// The file is broken from `line {line}` on; `within` (the open elements, already written
    /// as the reader shows them) is added as `, in {within}` unless it is empty.
    pub(crate) fn fatal_at(
        file: &Path,
        line: u64,
        within: &str,
        message: impl Into<String>,
    ) -> ListError {
        let location = if within.is_empty() {
            format!("line {line}")
        } else {
            format!("line {line}, in {within}")
        };
        ListError::Fatal {
            file: file.to_path_buf(),
            location,
            message: message.into(),
        }
    }

    /// A maker of [`ListError::Io`] errors of `file`, for `map_err`.
    pub(crate) fn io(file: &Path) -> impl Fn(std::io::Error) -> ListError + '_ {
        move |source| ListError::Io {
            file: file.to_path_buf(),
            source,
        }
    }
}

/// Maps a csv crate error to a list error: a field that is not UTF-8 spoils one record (named
/// from `columns` by its index, else `column N`); a missing or unreadable file is an I/O
/// error; anything else (a broken stream, bad gzip) is fatal at its line.
pub(crate) fn from_csv<S: AsRef<str>>(file: &Path, err: &csv::Error, columns: &[S]) -> ListError {
    let line = err.position().map(|p| p.line()).unwrap_or(0);
    if let csv::ErrorKind::Io(e) = err.kind() {
        if let Some(long) = crate::input::LineTooLong::in_error(e) {
            return long.to_list_error(file);
        }
    }
    match err.kind() {
        csv::ErrorKind::Utf8 { err: utf8, .. } => ListError::at_line(
            file,
            line,
            columns
                .get(utf8.field())
                .map(|c| c.as_ref().to_string())
                .unwrap_or_else(|| format!("column {}", utf8.field() + 1)),
            "not valid UTF-8",
        ),
        csv::ErrorKind::Io(e)
            if e.kind() == std::io::ErrorKind::NotFound
                || e.kind() == std::io::ErrorKind::PermissionDenied =>
        {
            ListError::Io {
                file: file.to_path_buf(),
                source: std::io::Error::new(e.kind(), e.to_string()),
            }
        }
        _ => ListError::Fatal {
            file: file.to_path_buf(),
            location: if line > 0 {
                format!("line {line}")
            } else {
                "unknown position".into()
            },
            message: format!("cannot read the file: {err}"),
        },
    }
}
