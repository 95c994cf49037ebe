//! Opening a source's files: the first file of a source, its list id, and a buffered reader
//! that decompresses gzip transparently and refuses a line longer than [`MAX_LINE`] (so
//! `/dev/zero`, or a small gzip that expands to one endless line, stops with an error at a
//! bounded memory, whatever `--format` says). Every reader starts here.

use crate::{ListError, Source};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
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

/// The longest line a list file may have: 64 MiB. The longest line of any real list we read is
/// a few hundred kilobytes (an OFAC remarks field, a UK statement of reasons, an FtM entity);
/// a longer one is not a list, or a damaged one.
pub const MAX_LINE: u64 = 64 * 1024 * 1024;

/// The error of a line longer than the cap, carried inside an `io::Error` so that every
/// reader can report it at its line ([`LineTooLong::in_error`]).
#[derive(Debug)]
pub(crate) struct LineTooLong {
    /// The line (from 1).
    pub(crate) line: u64,
    max: u64,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} {}", self.line, self.what())
    }
}

impl std::error::Error for LineTooLong {}

impl LineTooLong {
    /// The over-long line an I/O error reports, if it is one.
    pub(crate) fn in_error(err: &io::Error) -> Option<&LineTooLong> {
        err.get_ref().and_then(|e| e.downcast_ref::<LineTooLong>())
    }

    /// What is wrong, without the line.
    fn what(&self) -> String {
        format!(
            "is longer than {} MiB: this is not a list file in the format being read, or it is damaged (the store is unchanged)",
            self.max / (1024 * 1024)
        )
    }

    /// The error of `file` for this line.
    pub(crate) fn to_list_error(&self, file: &Path) -> ListError {
        ListError::Fatal {
            file: file.to_path_buf(),
            location: format!("line {}", self.line),
            message: format!("the line {}", self.what()),
        }
    }
}

/// A reader that fails, with the line it is on, once more than `max` bytes have been read
/// without a newline. Lines are counted from 1.
pub(crate) struct LineCap<R> {
    inner: R,
    max: u64,
    since_newline: u64,
    line: u64,
}

impl<R> LineCap<R> {
    /// Caps the lines of `inner` at [`MAX_LINE`].
    pub(crate) fn new(inner: R) -> Self {
        LineCap::with_max(inner, MAX_LINE)
    }

    /// Caps the lines of `inner` at `max` bytes.
    pub(crate) fn with_max(inner: R, max: u64) -> Self {
        LineCap {
            inner,
            max,
            since_newline: 0,
            line: 1,
        }
    }

    /// Counts the lines of bytes passed on; stops counting at the first line that is too
    /// long, so the error names it.
    fn note(&mut self, bytes: &[u8]) {
        for segment in bytes.split_inclusive(|b| *b == b'\n') {
            if self.since_newline > self.max {
                return;
            }
            self.since_newline += segment.len() as u64;
            if segment.last() == Some(&b'\n') && self.since_newline <= self.max + 1 {
                self.line += 1;
                self.since_newline = 0;
            }
        }
    }

    fn check(&self) -> io::Result<()> {
        if self.since_newline > self.max {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                LineTooLong {
                    line: self.line,
                    max: self.max,
                },
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for LineCap<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.check()?;
        let n = self.inner.read(out)?;
        self.note(&out[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCap<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.check()?;
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        let mut seen = Vec::new();
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            seen.extend_from_slice(&buf[..n]);
        }
        self.note(&seen);
        self.inner.consume(amt);
    }
}

/// Opens `path` for buffered reading, transparently decompressing gzip (detected by the magic
/// bytes `1f 8b`, not by the file name), with lines capped at [`MAX_LINE`].
pub(crate) fn open_input(path: &Path) -> Result<Box<dyn BufRead>, ListError> {
    let io_err = ListError::io(path);
    let file = File::open(path).map_err(&io_err)?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let gz = {
        let head = reader.fill_buf().map_err(&io_err)?;
        head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b
    };
    if gz {
        Ok(Box::new(LineCap::new(BufReader::with_capacity(
            64 * 1024,
            flate2::bufread::MultiGzDecoder::new(reader),
        ))))
    } else {
        Ok(Box::new(LineCap::new(reader)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_stop_with_their_line_number() {
        let text = b"short\nalso short\n0123456789abcdef\n";
        let mut ok = String::new();
        LineCap::with_max(&text[..], 16)
            .read_to_string(&mut ok)
            .unwrap();
        assert_eq!(ok.len(), text.len());
        let long = b"short\n0123456789abcdefXYZ\n";
        let mut capped = LineCap::with_max(io::BufReader::with_capacity(4, &long[..]), 16);
        let err = capped.read_to_string(&mut String::new()).unwrap_err();
        assert!(
            err.to_string().starts_with("line 2 is longer than 0 MiB"),
            "{err}"
        );
        let mut lines = LineCap::with_max(io::BufReader::with_capacity(4, &long[..]), 16);
        let mut buf = Vec::new();
        lines.read_until(b'\n', &mut buf).unwrap();
        assert_eq!(buf, b"short\n");
        buf.clear();
        assert!(lines.read_until(b'\n', &mut buf).is_err());
    }
}
