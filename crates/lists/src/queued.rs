//! The machinery shared by the row-based CSV readers (US CSL, UK OFSI, BIS DPL): the CSV
//! reader with its header's columns ([`CsvRows`]), the check of each row's width (a short last
//! row is a file cut inside its last record), and the loop ([`RowStream`]) that reads a row,
//! skips it or hands it to the reader ([`RowReader`]), which queues the entities (and row
//! errors) it completes; at the end of the input, or at a fatal error, the reader queues
//! whatever it still holds open.
//!
//! Invariants: items leave in the order they were queued; after a fatal error (or the end of
//! the input) the reader is finished once and nothing more is read.

use crate::error::from_csv;
use crate::ListError;
use chokepoint_model::Entity;
use csv::StringRecord;
use std::collections::{HashMap, VecDeque};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// What comes out of a reader: an entity or an error.
pub(crate) type Item = Result<Entity, ListError>;

/// A CSV reader without headers (the readers find their header themselves) and with rows of
/// any width (checked by [`RowStream`]), over `input` with the field `delimiter`.
pub(crate) fn csv_reader(input: Box<dyn BufRead>, delimiter: u8) -> csv::Reader<Box<dyn BufRead>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

/// Reads the next row of `rdr` (a header, or a line before it) from `file`; `None` at the end
/// of the input. Encoding errors name the column from `error_columns`.
pub(crate) fn read_row<S: AsRef<str>>(
    rdr: &mut csv::Reader<Box<dyn BufRead>>,
    file: &Path,
    error_columns: &[S],
) -> Result<Option<StringRecord>, ListError> {
    let mut row = StringRecord::new();
    match rdr.read_record(&mut row) {
        Ok(true) => Ok(Some(row)),
        Ok(false) => Ok(None),
        Err(e) => Err(from_csv(file, &e, error_columns)),
    }
}

/// Reads the header row of `rdr` (from `file`), which `is_header` must accept; otherwise
/// [`ListError::Unrecognised`] saying the first line is not `what`.
pub(crate) fn expect_header(
    rdr: &mut csv::Reader<Box<dyn BufRead>>,
    file: &Path,
    is_header: impl Fn(&StringRecord) -> bool,
    what: &str,
) -> Result<StringRecord, ListError> {
    match read_row(rdr, file, &[] as &[&str])? {
        Some(row) if is_header(&row) => Ok(row),
        _ => Err(ListError::Unrecognised {
            file: file.to_path_buf(),
            message: format!("the first line is not {what}"),
        }),
    }
}

/// Counts one row of `key` off `remaining` (the rows per group of [`count_keys`]); true when
/// it was the group's last row (or the group was not counted), so the group is complete.
pub(crate) fn last_of_group(remaining: &mut HashMap<String, u32>, key: &str) -> bool {
    let left = remaining.get_mut(key).map(|n| {
        *n = n.saturating_sub(1);
        *n
    });
    if left.unwrap_or(0) == 0 {
        remaining.remove(key);
        true
    } else {
        false
    }
}

/// The column names of a header row: trimmed, without a byte-order mark.
pub(crate) fn header_names(header: &StringRecord) -> Vec<String> {
    header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect()
}

/// How many rows of `width` columns (other than headers) carry each non-empty `key`: the
/// first pass of the readers that group rows of one party before emitting it. A row that is
/// not valid UTF-8 is passed over (the second pass reports it); a file that cannot be read to
/// its end (a broken gzip stream, a line over the length cap) is a fatal error of `file` here,
/// before any entity is emitted, since partial counts would split parties.
pub(crate) fn count_keys(
    mut rdr: csv::Reader<Box<dyn BufRead>>,
    file: &Path,
    width: usize,
    is_header: impl Fn(&StringRecord) -> bool,
    key: impl Fn(&StringRecord) -> String,
) -> Result<HashMap<String, u32>, ListError> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut rec = StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => return Ok(counts),
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => continue,
            Err(e) => return Err(from_csv(file, &e, &[] as &[&str])),
        }
        if rec.len() != width || is_header(&rec) {
            continue; // a wrong width is reported as an error in the second pass
        }
        let k = key(&rec);
        if !k.is_empty() {
            *counts.entry(k).or_insert(0) += 1;
        }
    }
}

/// A CSV file being read after its header: the header's columns, the queue of completed
/// items and the row read ahead to tell a short last row from a short row in the middle.
pub(crate) struct CsvRows {
    rdr: csv::Reader<Box<dyn BufRead>>,
    file: PathBuf,
    names: Vec<String>,
    index: HashMap<String, usize>,
    /// The column names a field's encoding error is reported under (by index).
    error_columns: Vec<String>,
    /// Whether the error for a file cut inside a record names the last column present.
    name_last_column: bool,
    lookahead: Option<Result<StringRecord, ListError>>,
    queue: VecDeque<Item>,
    done: bool,
}

/// Why a row does not have the header's width.
enum Width {
    /// The row is malformed; reading goes on.
    Record(ListError),
    /// The file ends inside this row: it was cut.
    Truncated(ListError),
}

impl CsvRows {
    /// The rows of `rdr` (read from `file`) after the `header` row; encoding errors name the
    /// column from `error_columns`.
    pub(crate) fn new(
        rdr: csv::Reader<Box<dyn BufRead>>,
        file: PathBuf,
        names: Vec<String>,
        error_columns: Vec<String>,
    ) -> Self {
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        CsvRows {
            rdr,
            file,
            names,
            index,
            error_columns,
            name_last_column: false,
            lookahead: None,
            queue: VecDeque::new(),
            done: false,
        }
    }

    /// Names the last column present in the error for a file cut inside a record.
    pub(crate) fn naming_last_column(mut self) -> Self {
        self.name_last_column = true;
        self
    }

    /// The header's column names.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The position of the column `name`.
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The trimmed value of column `name` in `rec`; "" when there is no such column.
    pub(crate) fn get<'r>(&self, rec: &'r StringRecord, name: &str) -> &'r str {
        self.index
            .get(name)
            .and_then(|i| rec.get(*i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// Queues a completed item.
    pub(crate) fn push(&mut self, item: Item) {
        self.queue.push_back(item);
    }

    /// A malformed row at `line`, in `field`.
    pub(crate) fn record_error(
        &self,
        line: u64,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> ListError {
        ListError::at_line(&self.file, line, field, message)
    }

    /// The next row (the one read ahead first), an error, or `None` at the end of the input.
    fn read(&mut self) -> Option<Result<StringRecord, ListError>> {
        if let Some(r) = self.lookahead.take() {
            return Some(r);
        }
        let mut rec = StringRecord::new();
        match self.rdr.read_record(&mut rec) {
            Ok(true) => Some(Ok(rec)),
            Ok(false) => None,
            Err(e) => Some(Err(from_csv(&self.file, &e, &self.error_columns))),
        }
    }

    /// Checks that `rec` (starting at `line`) has the header's width. A short row that is the
    /// last of the input is [`Width::Truncated`]; any other wrong width is a record error
    /// naming the first missing column (or the extra one).
    fn check_width(&mut self, rec: &StringRecord, line: u64) -> Result<(), Width> {
        let want = self.names.len();
        if rec.len() == want {
            return Ok(());
        }
        if rec.len() < want {
            let next = self.read();
            if next.is_none() {
                let last = if self.name_last_column {
                    format!(
                        ", last `{}`",
                        self.names
                            .get(rec.len().saturating_sub(1))
                            .map(String::as_str)
                            .unwrap_or("")
                    )
                } else {
                    String::new()
                };
                return Err(Width::Truncated(ListError::Fatal {
                    file: self.file.clone(),
                    location: format!("line {line}"),
                    message: format!(
                        "the file ends inside a record ({} of {want} columns{last}): truncated",
                        rec.len()
                    ),
                }));
            }
            self.lookahead = next;
        }
        let field = match self.names.get(rec.len()) {
            Some(name) => name.clone(),
            None => format!("column {}", want + 1),
        };
        let message = if rec.len() < want {
            format!(
                "{} columns instead of {want}: `{field}` and later columns are missing",
                rec.len()
            )
        } else {
            format!(
                "{} columns instead of {want}: unexpected extra column",
                rec.len()
            )
        };
        Err(Width::Record(self.record_error(line, field, message)))
    }
}

/// A row-based reader driven by [`RowStream`].
pub(crate) trait RowReader {
    /// Whether a row is a header line (repeated inside the file), which is skipped like an
    /// empty row; none is by default.
    fn is_header(&self, _row: &StringRecord) -> bool {
        false
    }
    /// Takes one row of the header's width, starting at `line`, queueing the items it
    /// completes in `rows`.
    fn take(&mut self, rows: &mut CsvRows, row: StringRecord, line: u64);
    /// Queues what is still open when the input ends; nothing by default.
    fn finish(&mut self, _rows: &mut CsvRows) {}
}

/// The stream of entities of a [`RowReader`] over its [`CsvRows`].
pub(crate) struct RowStream<R> {
    rows: CsvRows,
    reader: R,
}

impl<R: RowReader> RowStream<R> {
    /// Streams `rows` through `reader`.
    pub(crate) fn new(rows: CsvRows, reader: R) -> Self {
        RowStream { rows, reader }
    }

    /// Ends the stream: the reader queues what it holds open, nothing more is read.
    fn finish(&mut self) {
        self.reader.finish(&mut self.rows);
        self.rows.done = true;
    }

    fn take(&mut self, row: StringRecord) {
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        match self.rows.check_width(&row, line) {
            Ok(()) => self.reader.take(&mut self.rows, row, line),
            Err(Width::Record(e)) => self.rows.push(Err(e)),
            Err(Width::Truncated(e)) => {
                self.finish();
                self.rows.push(Err(e));
            }
        }
    }
}

impl<R: RowReader> Iterator for RowStream<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.rows.queue.pop_front() {
                return Some(item);
            }
            if self.rows.done {
                return None;
            }
            match self.rows.read() {
                None => self.finish(),
                Some(Err(e)) => {
                    if !e.is_recoverable() {
                        self.finish();
                    }
                    self.rows.push(Err(e));
                }
                Some(Ok(row)) => {
                    let empty = row.iter().all(|f| f.trim().is_empty());
                    if !empty && !self.reader.is_header(&row) {
                        self.take(row);
                    }
                }
            }
        }
    }
}
