//! Streaming readers of customs dumps (CSV with any delimiter, JSON lines, and Parquet with
//! the `parquet` feature) into [`CustomsRecord`]s through a [`ColumnMapping`]. A bad row is an
//! error naming `file:line:field` (for Parquet, the 1-based data row in the `line` slot), or,
//! in lenient mode, is counted and skipped.

use crate::convert::{build, deliver, helper_priority, is_gzip, require, row_error, skip_or_fail};
pub use crate::convert::{Format, ReadOptions, ReadStats, PROGRESS_EVERY};
use crate::csv_split::{RawRecord, Splitter};
use crate::error::{Result, TradeError};
use crate::mapping::ResolvedHeaders;
use crate::record::CustomsRecord;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Reads every record of `path`, handing each to `sink` by value (one allocation per record;
/// see [`for_each_record`] for the zero-copy variant the importer uses); `progress(rows,
/// bytes)` is called every [`PROGRESS_EVERY`] rows and at the end. An error returned by
/// `sink` stops the read.
pub fn read_records(
    path: &Path,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    sink: &mut dyn FnMut(CustomsRecord) -> Result<()>,
) -> Result<ReadStats> {
    for_each_record(path, opts, progress, &mut |r| sink(r.clone()))
}

/// Reads every record of `path`, handing each to `sink` by reference; `progress(rows, bytes)`
/// is called every [`PROGRESS_EVERY`] rows and at the end. An error returned by `sink` stops
/// the read. The record handed to `sink` is reused for later rows: clone it to keep it.
pub fn for_each_record(
    path: &Path,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    sink: &mut dyn FnMut(&CustomsRecord) -> Result<()>,
) -> Result<ReadStats> {
    for_each_prepared::<()>(path, opts, progress, &mut |_, _| {}, &mut |r, _| sink(r))
}

/// Like [`for_each_record`], with a `prepare` step that turns each good record into a `P`
/// before `sink` sees both. For CSV and Parquet, `prepare` runs on the reader's conversion
/// thread, in file order, so per-record work that does not need the sink's state
/// (classification, formatting, interning) overlaps with the sink; for JSON lines it runs just
/// before `sink`.
/// `prepare` is called once per record handed to `sink`, never for skipped rows.
pub fn for_each_prepared<P: Default + Send>(
    path: &Path,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    prepare: &mut (dyn FnMut(&CustomsRecord, &mut P) + Send),
    sink: &mut dyn FnMut(&CustomsRecord, &P) -> Result<()>,
) -> Result<ReadStats> {
    let mut prepared = P::default();
    let mut inline = |r: &CustomsRecord| -> Result<()> {
        prepare(r, &mut prepared);
        sink(r, &prepared)
    };
    let format = opts.format.unwrap_or_else(|| Format::from_path(path));
    if format == Format::Parquet {
        return read_parquet(path, opts, progress, prepare, sink);
    }
    let name = path.display().to_string();
    let input = open_text(path, opts)?;
    match format {
        Format::Csv => read_csv(input, &name, opts, progress, prepare, sink),
        Format::JsonLines => read_jsonl(input, &name, opts, progress, &mut inline),
        Format::Parquet => read_parquet(path, opts, progress, prepare, sink),
    }
}

/// Opens a text file for reading as UTF-8: gzip decompressed (by the `.gz` extension) and a
/// legacy encoding decoded on the fly, counting the file's bytes for progress.
fn open_text(path: &Path, opts: &ReadOptions) -> Result<Box<dyn Counted>> {
    let file = File::open(path).map_err(|e| TradeError::io(path, e))?;
    let counted = CountingReader {
        inner: file,
        bytes: 0,
    };
    let encoding = opts.text_encoding()?;
    let mut input: Box<dyn Counted> = if is_gzip(path) {
        Box::new(Gz(flate2::read::MultiGzDecoder::new(counted)))
    } else {
        Box::new(counted)
    };
    if let Some(e) = encoding {
        input = Box::new(Decoding::new(input, e));
    }
    Ok(input)
}

/// The message of a build without Parquet support.
pub const PARQUET_NOT_BUILT: &str =
    "Parquet support is not built in; rebuild with `--features parquet`";

fn read_parquet<P: Default + Send>(
    path: &Path,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    prepare: &mut (dyn FnMut(&CustomsRecord, &mut P) + Send),
    sink: &mut dyn FnMut(&CustomsRecord, &P) -> Result<()>,
) -> Result<ReadStats> {
    if is_gzip(path) {
        return Err(TradeError::Invalid(format!(
            "{}: gzip around Parquet is not supported (Parquet compresses inside the file); decompress it first",
            path.display()
        )));
    }
    #[cfg(feature = "parquet")]
    {
        crate::parquet_io::read_prepared(path, opts, progress, prepare, sink)
    }
    #[cfg(not(feature = "parquet"))]
    {
        let _ = (opts, progress, prepare, sink);
        Err(TradeError::Invalid(format!(
            "{}: {PARQUET_NOT_BUILT}",
            path.display()
        )))
    }
}

/// A gzip stream over a counted file: progress counts compressed bytes, like the file size.
struct Gz<R: Read>(flate2::read::MultiGzDecoder<CountingReader<R>>);

impl<R: Read> Read for Gz<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Read + Send> Counted for Gz<R> {
    fn bytes_read(&self) -> u64 {
        self.0.get_ref().bytes
    }
}

impl Counted for Box<dyn Counted> {
    fn bytes_read(&self) -> u64 {
        (**self).bytes_read()
    }
}

/// A reader that knows how many bytes of the underlying file it has consumed.
trait Counted: Read + Send {
    fn bytes_read(&self) -> u64;
}

impl<R: Read + Send> Counted for CountingReader<R> {
    fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

/// Decodes a legacy encoding to UTF-8 on the fly.
struct Decoding<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    len: usize,
    done: bool,
}

impl<R: Counted> Decoding<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Decoding {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; 1 << 15],
            out: Vec::new(),
            pos: 0,
            len: 0,
            done: false,
        }
    }
}

impl<R: Counted> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.len {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            self.done = n == 0;
            let need = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            if self.out.len() < need {
                self.out.resize(need, 0);
            }
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.raw[..n], &mut self.out, self.done);
            self.pos = 0;
            self.len = written;
        }
        let k = buf.len().min(self.len - self.pos);
        buf[..k].copy_from_slice(&self.out[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}

impl<R: Counted> Counted for Decoding<R> {
    fn bytes_read(&self) -> u64 {
        self.inner.bytes_read()
    }
}

struct CountingReader<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head
        .split(|&b| b == b'\n')
        .find(|l| !l.starts_with(b"#"))
        .unwrap_or(head);
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| count(d))
        .unwrap_or(b',')
}

fn read_csv<R: Counted, P: Default + Send>(
    input: R,
    name: &str,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    prepare: &mut (dyn FnMut(&CustomsRecord, &mut P) + Send),
    sink: &mut dyn FnMut(&CustomsRecord, &P) -> Result<()>,
) -> Result<ReadStats> {
    let mut splitter = Splitter::new(input, b',', Some(b'#'));
    let delimiter = match opts.delimiter {
        Some(d) => d,
        None => sniff_delimiter(splitter.peek().map_err(|e| TradeError::io(name, e))?),
    };
    splitter.set_delimiter(delimiter);
    let mut header = RawRecord::default();
    let header_error = |line: u64, message: String| TradeError::Row {
        file: name.to_string(),
        line,
        field: "(header)".into(),
        message,
    };
    splitter
        .read_record(&mut header)
        .map_err(|e| header_error(1, e.to_string()))?;
    let headers = header
        .iter()
        .map(|f| {
            std::str::from_utf8(f).map_err(|_| {
                header_error(
                    header.line(),
                    "invalid UTF-8 (set the file's encoding, e.g. windows-1251)".into(),
                )
            })
        })
        .collect::<Result<Vec<&str>>>()?;
    let resolved = opts.mapping.resolve(headers.iter().copied());
    require(&resolved, name)?;
    // Three stages: csv parsing into batches of byte records (helper thread 1), UTF-8
    // validation and field conversion into records (helper thread 2), the sink (calling
    // thread). Batches flow back empty for reuse, so the steady state allocates nothing.
    let columns = &resolved.columns;
    let width = headers.len();
    std::thread::scope(|scope| -> Result<ReadStats> {
        let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<Batch>(IN_FLIGHT);
        let (raw_free_tx, raw_free_rx) = std::sync::mpsc::channel::<Vec<RawRecord>>();
        let (conv_tx, conv_rx) = std::sync::mpsc::sync_channel::<Converted<P>>(IN_FLIGHT);
        let (conv_free_tx, conv_free_rx) = std::sync::mpsc::channel::<Converted<P>>();
        scope.spawn(move || {
            helper_priority();
            loop {
                let mut records = raw_free_rx.try_recv().unwrap_or_default();
                records.resize_with(BATCH, RawRecord::default);
                let mut len = 0;
                let mut error = None;
                while len < BATCH {
                    match splitter.read_record(&mut records[len]) {
                        Ok(true) => len += 1,
                        Ok(false) => break,
                        Err(e) => {
                            error = Some(e);
                            break;
                        }
                    }
                }
                let done = len < BATCH;
                let bytes = splitter.get_ref().bytes_read();
                let line = records[..len].last().map_or(header.line(), RawRecord::line) + 1;
                if raw_tx
                    .send(Batch {
                        records,
                        len,
                        error: error.map(|e| (e, line)),
                        bytes,
                    })
                    .is_err()
                    || done
                {
                    return;
                }
            }
        });
        scope.spawn(move || {
            helper_priority();
            for mut batch in raw_rx {
                let mut out = conv_free_rx.try_recv().unwrap_or_else(|_| Converted {
                    records: Vec::new(),
                    prepared: Vec::new(),
                    outcome: Vec::new(),
                    csv_error: None,
                    bytes: 0,
                });
                out.records.resize_with(BATCH, CustomsRecord::default);
                out.prepared.resize_with(BATCH, P::default);
                out.outcome.clear();
                let mut fatal = None;
                for (k, slot) in batch.records.iter_mut().take(batch.len).enumerate() {
                    let line = slot.line();
                    if slot.open_quote() || (slot.unterminated() && slot.len() != width) {
                        // The file ends inside this record: it was cut (or a quote never
                        // closes). That is no bad row to skip but a broken file: stop, even
                        // in lenient mode.
                        fatal = Some(TradeError::Row {
                            file: name.to_string(),
                            line,
                            field: "(row)".into(),
                            message: if slot.open_quote() {
                                "the file ends inside a quoted field that opens in this record (a cut file or an unbalanced quote); nothing was imported".into()
                            } else {
                                format!("the file ends in the middle of this record ({} of {width} fields, no line end): it looks cut; nothing was imported", slot.len())
                            },
                        });
                        break;
                    }
                    // One fast UTF-8 check over the record's concatenated fields; a field
                    // is then valid exactly when both its ends fall on character boundaries.
                    let checked = simdutf8::basic::from_utf8(slot.as_slice())
                        .ok()
                        .filter(|all| {
                            (0..slot.len()).all(|i| {
                                slot.range(i).is_some_and(|r| {
                                    all.is_char_boundary(r.start) && all.is_char_boundary(r.end)
                                })
                            })
                        });
                    let outcome = if slot.len() != width {
                        // A cut or misaligned row (a delimiter in an unquoted field, a file
                        // that ends mid-row) would put values under the wrong headers.
                        Some(TradeError::Row {
                            file: name.to_string(),
                            line,
                            field: "(row)".into(),
                            message: format!("{} fields where the header has {width}", slot.len()),
                        })
                    } else if let Some(field) = checked
                        .is_none()
                        .then(|| {
                            // Some field is not UTF-8 (the slice may also hold bytes between
                            // fields, which alone do not make the row bad).
                            (0..slot.len()).find(|&i| {
                                slot.get(i)
                                    .is_none_or(|f| simdutf8::basic::from_utf8(f).is_err())
                            })
                        })
                        .flatten()
                    {
                        let field = columns.get(field).copied().flatten().map_or_else(
                            || format!("column {}", field + 1),
                            |(f, _)| f.as_str().to_string(),
                        );
                        Some(TradeError::Row {
                            file: name.to_string(),
                            line,
                            field,
                            message: "invalid UTF-8 (set the file's encoding, e.g. windows-1251)"
                                .into(),
                        })
                    } else {
                        let record = &mut out.records[k];
                        let built = match checked {
                            Some(all) => build(
                                record,
                                columns,
                                |i| slot.range(i).and_then(|r| all.get(r)),
                                name,
                                line,
                            ),
                            None => build(
                                record,
                                columns,
                                |i| slot.get(i).and_then(|f| std::str::from_utf8(f).ok()),
                                name,
                                line,
                            ),
                        };
                        let outcome = built.map_err(|e| row_error(name, line, e)).err();
                        if outcome.is_none() {
                            prepare(&out.records[k], &mut out.prepared[k]);
                        }
                        outcome
                    };
                    out.outcome.push(outcome);
                }
                out.csv_error = fatal.or_else(|| {
                    batch.error.take().map(|(e, line)| TradeError::Row {
                        file: name.to_string(),
                        line,
                        field: "(row)".into(),
                        message: e.to_string(),
                    })
                });
                out.bytes = batch.bytes;
                let _ = raw_free_tx.send(batch.records);
                if conv_tx.send(out).is_err() {
                    return;
                }
            }
        });
        let mut stats = ReadStats::for_columns(&resolved);
        let mut last_bytes = 0;
        for mut batch in conv_rx {
            let bytes = batch.bytes;
            deliver(
                &mut stats,
                opts.lenient,
                (&batch.records, &batch.prepared, &mut batch.outcome),
                sink,
                progress,
                |_| bytes,
            )?;
            if let Some(bad) = batch.csv_error.take() {
                // A read error (a cut gzip stream, a failing disk): the rest is unreadable.
                return Err(bad);
            }
            last_bytes = batch.bytes;
            let _ = conv_free_tx.send(batch);
        }
        progress(stats.rows_read, last_bytes);
        Ok(stats)
    })
}

/// Records converted by the second stage, with each row's outcome (`None` = ok) and, for good
/// rows, what `prepare` made of it.
struct Converted<P> {
    records: Vec<CustomsRecord>,
    prepared: Vec<P>,
    outcome: Vec<Option<TradeError>>,
    /// A read error after the batch's records.
    csv_error: Option<TradeError>,
    bytes: u64,
}

const BATCH: usize = 1024;

/// Batches queued between two stages, each of [`BATCH`] rows (8 measured no better than 4,
/// with 13 MB more memory).
const IN_FLIGHT: usize = 4;

struct Batch {
    records: Vec<RawRecord>,
    len: usize,
    /// A read error after the batch's records, with the line it stopped at.
    error: Option<(std::io::Error, u64)>,
    bytes: u64,
}

fn read_jsonl<R: Counted>(
    input: R,
    name: &str,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    sink: &mut dyn FnMut(&CustomsRecord) -> Result<()>,
) -> Result<ReadStats> {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut stats = ReadStats::default();
    let mut line_no = 0u64;
    let mut buf = String::new();
    let mut keys: Vec<String> = Vec::new();
    let mut resolved: Option<ResolvedHeaders> = None;
    let mut rec = CustomsRecord::default();
    loop {
        buf.clear();
        let n = reader.read_line(&mut buf).map_err(|e| TradeError::Row {
            file: name.to_string(),
            line: line_no + 1,
            field: "(row)".into(),
            message: e.to_string(),
        })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let unterminated = !buf.ends_with('\n');
        let text = buf.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        stats.rows_read += 1;
        let obj: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(text) {
            Ok(o) => o,
            Err(e) => {
                let bad = TradeError::Row {
                    file: name.to_string(),
                    line: line_no,
                    field: "(row)".into(),
                    message: if unterminated && e.is_eof() {
                        format!("the file ends in the middle of this record ({e}): it looks cut; nothing was imported")
                    } else {
                        e.to_string()
                    },
                };
                if unterminated && e.is_eof() {
                    // A cut file, not a bad row: stop even in lenient mode.
                    return Err(bad);
                }
                skip_or_fail(&mut stats, opts.lenient, bad)?;
                continue;
            }
        };
        // Resolve the keys once per distinct key set (usually once per file).
        if resolved.is_none()
            || keys.len() != obj.len()
            || !keys.iter().zip(obj.keys()).all(|(a, b)| a == b)
        {
            keys = obj.keys().cloned().collect();
            let r = opts.mapping.resolve(keys.iter().map(String::as_str));
            require(&r, name)?;
            let first = ReadStats::for_columns(&r);
            if resolved.is_none() {
                stats.missing_fields = first.missing_fields;
            } else {
                // Later key sets: a field is missing only when missing from every one.
                stats
                    .missing_fields
                    .retain(|m| first.missing_fields.contains(m));
            }
            for u in first.unmapped {
                if !stats.unmapped_columns.contains(&u.header) {
                    stats.unmapped_columns.push(u.header.clone());
                    stats.unmapped.push(u);
                }
            }
            resolved = Some(r);
        }
        let Some(res) = resolved.as_ref() else {
            continue;
        };
        let values: Vec<String> = obj
            .values()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            })
            .collect();
        match build(
            &mut rec,
            &res.columns,
            |i| values.get(i).map(String::as_str),
            name,
            line_no,
        ) {
            Ok(()) => {
                stats.rows_ok += 1;
                stats.note(&rec);
                sink(&rec)?;
            }
            Err(e) => skip_or_fail(&mut stats, opts.lenient, row_error(name, line_no, e))?,
        }
        if stats.rows_read.is_multiple_of(PROGRESS_EVERY) {
            progress(stats.rows_read, reader.get_ref().bytes_read());
        }
    }
    progress(stats.rows_read, reader.get_ref().bytes_read());
    Ok(stats)
}

/// The headers of a file as the importer sees them, without reading its records: a CSV
/// file's header row (delimiter sniffed, encoding and gzip as for an import), the keys of a
/// JSON-lines file's first record, a Parquet file's column names.
pub fn file_headers(path: &Path, opts: &ReadOptions) -> Result<Vec<String>> {
    let format = opts.format.unwrap_or_else(|| Format::from_path(path));
    if format == Format::Parquet {
        #[cfg(feature = "parquet")]
        {
            return crate::parquet_io::column_names(path);
        }
        #[cfg(not(feature = "parquet"))]
        {
            return Err(TradeError::Invalid(format!(
                "{}: {PARQUET_NOT_BUILT}",
                path.display()
            )));
        }
    }
    let name = path.display().to_string();
    let input = open_text(path, opts)?;
    let header_error = |line: u64, message: String| TradeError::Row {
        file: name.clone(),
        line,
        field: "(header)".into(),
        message,
    };
    match format {
        Format::JsonLines => {
            let mut reader = BufReader::new(input);
            let mut buf = String::new();
            let mut line = 0;
            loop {
                buf.clear();
                let n = reader
                    .read_line(&mut buf)
                    .map_err(|e| header_error(line + 1, e.to_string()))?;
                line += 1;
                if n == 0 {
                    return Ok(Vec::new());
                }
                let t = buf.trim();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                let obj: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(t).map_err(|e| header_error(line, e.to_string()))?;
                return Ok(obj.keys().cloned().collect());
            }
        }
        _ => {
            let mut splitter = Splitter::new(input, b',', Some(b'#'));
            let delimiter = match opts.delimiter {
                Some(d) => d,
                None => sniff_delimiter(splitter.peek().map_err(|e| TradeError::io(path, e))?),
            };
            splitter.set_delimiter(delimiter);
            let mut header = RawRecord::default();
            splitter
                .read_record(&mut header)
                .map_err(|e| header_error(1, e.to_string()))?;
            header
                .iter()
                .map(|f| {
                    std::str::from_utf8(f).map(str::to_string).map_err(|_| {
                        header_error(
                            header.line(),
                            "invalid UTF-8 (set the file's encoding, e.g. windows-1251)".into(),
                        )
                    })
                })
                .collect()
        }
    }
}

/// How each header of a file would map, before importing: one [`ColumnPlan`] per column, and
/// the fields the file lacks with what their absence switches off.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ColumnsReport {
    /// One entry per column, in file order.
    pub columns: Vec<ColumnPlan>,
    /// Fields no column feeds, with the analyses switched off.
    pub missing: Vec<crate::mapping::MissingField>,
    /// Whether the file has the columns an import requires (date and goods code).
    pub importable: bool,
}

/// How one column would map.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ColumnPlan {
    /// The header as written.
    pub header: String,
    /// The record field it feeds, `None` when not mapped.
    pub field: Option<String>,
    /// The currency its values are taken in (money fields).
    pub currency: Option<String>,
    /// The factor its values are multiplied by (thousands, tonnes → kg), 1 when none.
    pub scale: f64,
    /// Why it is not mapped (empty when mapped).
    pub note: String,
}

/// Reads a file's headers ([`file_headers`]) and says how each would map under
/// `opts.mapping`: what `chokepoint trade columns FILE` prints.
pub fn explain_columns(path: &Path, opts: &ReadOptions) -> Result<ColumnsReport> {
    let headers = file_headers(path, opts)?;
    let resolved = opts.mapping.resolve(headers.iter().map(String::as_str));
    let columns = headers
        .iter()
        .enumerate()
        .map(|(i, h)| match resolved.columns.get(i).copied().flatten() {
            Some((f, unit)) => ColumnPlan {
                header: h.clone(),
                field: Some(f.as_str().to_string()),
                currency: unit.currency.map(str::to_string),
                scale: unit.scale,
                note: String::new(),
            },
            None => ColumnPlan {
                header: h.clone(),
                field: None,
                currency: None,
                scale: 1.0,
                note: resolved
                    .unmapped
                    .iter()
                    .find(|u| u.column == i)
                    .map_or_else(String::new, |u| u.reason.clone()),
            },
        })
        .collect();
    Ok(ColumnsReport {
        columns,
        missing: crate::mapping::missing_fields(&resolved),
        importable: require(&resolved, "").is_ok(),
    })
}

/// Reads a whole file into memory (for detectors and evaluation on moderate files).
pub fn read_all(path: &Path, opts: &ReadOptions) -> Result<(Vec<CustomsRecord>, ReadStats)> {
    let mut out = Vec::new();
    let stats = read_records(path, opts, &mut |_, _| {}, &mut |r| {
        out.push(r);
        Ok(())
    })?;
    Ok((out, stats))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The message of a strict read of `p`, and the records and counts of a lenient one.
    fn strict_and_lenient(p: &Path) -> (String, Vec<CustomsRecord>, ReadStats) {
        let e = read_all(p, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        let lenient = ReadOptions {
            lenient: true,
            ..Default::default()
        };
        let (recs, stats) = read_all(p, &lenient).unwrap();
        (e, recs, stats)
    }

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.path().join(name);
        let mut f = File::create(&p).unwrap();
        f.write_all(text.as_bytes()).unwrap();
        p
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn helper_priority_lowers_the_calling_thread_once() {
        let nice = || {
            // SAFETY: plain system calls on the calling thread's own id.
            unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
        };
        let main_before = nice();
        let (before, after) = std::thread::spawn(move || {
            let before = nice();
            helper_priority();
            (before, nice())
        })
        .join()
        .unwrap();
        assert_eq!(after, (before + 10).min(19));
        // Only the helper thread itself changed.
        assert_eq!(nice(), main_before);
    }

    const RU: &str = "Номер ДТ;Дата;Код ТН ВЭД;Описание товара;Получатель;ИНН получателя;Отправитель;Страна отправления;Страна происхождения;Торгующая страна;Стоимость;Валюта;Вес нетто;Примечание\n\
        10702070/190523/3001234;19.05.2023;8542 31 900 0;МИКРОСХЕМА STM32F407VGT6;ООО \"ВЕКТОР\";7701234567;SHENZHEN XINGDA ELECTRONICS CO LTD;Гонконг;КИТАЙ;ГОНКОНГ;1 250,50;USD;0,4;x\n";

    #[test]
    fn russian_dump_reads_out_of_the_box() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "ru.csv", RU);
        let (recs, stats) = read_all(&p, &ReadOptions::default()).unwrap();
        assert_eq!(stats.rows_ok, 1);
        assert_eq!(stats.unmapped_columns, vec!["Примечание".to_string()]);
        assert_eq!(stats.unmapped[0].reason, "no synonym matches this header");
        let r = &recs[0];
        assert_eq!(r.id, "10702070/190523/3001234");
        assert_eq!(r.date.to_string(), "2023-05-19");
        assert_eq!(r.ved_code, "8542 31 900 0");
        assert_eq!(r.receiver_inn, "7701234567");
        assert_eq!(
            (
                r.departure_country.as_str(),
                r.origin_country.as_str(),
                r.trading_country.as_str()
            ),
            ("HK", "CN", "HK")
        );
        assert_eq!(r.invoice_amount, Some(1250.5));
        assert_eq!(r.net_weight, Some(0.4));
    }

    #[test]
    fn bad_rows_name_file_line_field_or_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let text = "ccdNumber,date,vedCode,invoiceAmount\nA,2023-01-01,854231,10\nB,2023-01-02,85X231,10\nC,2023-13-02,854231,10\nD,2023-01-04,854231,ten\nE,2023-01-05,854231,5\n";
        let p = write(&dir, "bad.csv", text);
        let e = read_all(&p, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("bad.csv:3:vedCode: malformed goods code `85X231`: expected 6 to 10 digits (dots and spaces allowed)"), "{e}");
        let opts = ReadOptions {
            lenient: true,
            ..Default::default()
        };
        let (recs, stats) = read_all(&p, &opts).unwrap();
        assert_eq!(
            recs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["A", "E"]
        );
        assert_eq!(
            (stats.rows_read, stats.rows_ok, stats.rows_skipped),
            (5, 2, 3)
        );
        assert!(
            stats.errors[1].contains("bad.csv:4:date"),
            "{:?}",
            stats.errors
        );
        assert!(
            stats.errors[2].contains("bad.csv:5:invoiceAmount"),
            "{:?}",
            stats.errors
        );
    }

    #[test]
    fn invalid_utf8_names_the_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cp1251.csv");
        let mut bytes = b"date,vedCode,goodsDescription\n2023-01-01,854231,".to_vec();
        bytes.extend_from_slice(&[0xcc, 0xe8, 0xea, 0xf0, 0xee]); // «Микро» in Windows-1251
        bytes.extend_from_slice(b"\n2023-01-02,854231,ok\n");
        std::fs::write(&p, bytes).unwrap();
        let (e, recs, stats) = strict_and_lenient(&p);
        assert!(
            e.contains("cp1251.csv:2:goodsDescription: invalid UTF-8"),
            "{e}"
        );
        assert_eq!((recs.len(), stats.rows_skipped), (1, 1));
    }

    #[test]
    fn prepare_sees_each_good_record_once_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut csv = String::from("id,date,vedCode\n");
        for i in 0..3000 {
            // Every 500th row has a bad code: skipped in lenient mode, never prepared.
            let code = if i % 500 == 7 { "85" } else { "854231" };
            csv.push_str(&format!("r{i},2023-01-01,{code}\n"));
        }
        let jsonl: String = (0..5)
            .map(|i| {
                format!("{{\"id\":\"j{i}\",\"date\":\"2023-01-01\",\"vedCode\":\"854231\"}}\n")
            })
            .collect();
        for (name, text, good) in [("p.csv", csv, 2994usize), ("p.jsonl", jsonl, 5)] {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            let opts = ReadOptions {
                lenient: true,
                ..Default::default()
            };
            let mut calls = 0usize;
            let mut seen = Vec::new();
            let stats = for_each_prepared::<(usize, String)>(
                &p,
                &opts,
                &mut |_, _| {},
                &mut |r, slot| {
                    calls += 1;
                    *slot = (calls, r.id.clone());
                },
                &mut |r, slot| {
                    assert_eq!(slot.1, r.id, "prepared value belongs to its record");
                    seen.push(slot.0);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(calls, good, "{name}");
            assert_eq!(stats.rows_ok as usize, good);
            assert_eq!(
                seen,
                (1..=good).collect::<Vec<_>>(),
                "{name}: in file order"
            );
        }
    }

    #[test]
    fn rows_of_the_wrong_width_are_errors() {
        // A delimiter in an unquoted field: a bad row, skipped in lenient mode.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("width.csv");
        std::fs::write(
            &p,
            "date,vedCode,goodsDescription\n2023-01-01,854231,chips\n2023-01-02,854231,chips, ICs\n2023-01-03,854231,last row without a newline",
        )
        .unwrap();
        let (e, recs, stats) = strict_and_lenient(&p);
        assert!(
            e.contains("width.csv:3:(row): 4 fields where the header has 3"),
            "{e}"
        );
        assert_eq!(recs.len(), 2, "{:?}", stats.errors);
        assert_eq!(stats.rows_skipped, 1);
        // A last line without a newline but with every field stands.
        assert_eq!(recs[1].goods_description, "last row without a newline");
    }

    #[test]
    fn a_cut_file_stops_even_in_lenient_mode() {
        let dir = tempfile::tempdir().unwrap();
        let lenient = ReadOptions {
            lenient: true,
            ..Default::default()
        };
        let head = "date,vedCode,goodsDescription,netWeight\n2023-01-01,854231,chips,1\n";
        // Cut inside a quoted field, and cut mid-record (two of four fields, no line end).
        for (name, tail, want) in [
            (
                "quote.csv",
                "2023-01-03,854231,\"Микросхема, ка",
                "quote.csv:3:(row): the file ends inside a quoted field",
            ),
            (
                "cut.csv",
                "2023-01-03,8542",
                "cut.csv:3:(row): the file ends in the middle of this record (2 of 4 fields",
            ),
        ] {
            let p = write(&dir, name, &format!("{head}{tail}"));
            for opts in [ReadOptions::default(), lenient.clone()] {
                let e = read_all(&p, &opts).unwrap_err().to_string();
                assert!(e.contains(want), "{e}");
            }
        }
        let p = write(
            &dir,
            "cut.jsonl",
            "{\"date\":\"2023-01-01\",\"vedCode\":\"854231\"}\n{\"date\":\"2023-01-02\",\"vedCo",
        );
        let e = read_all(&p, &lenient).unwrap_err().to_string();
        assert!(
            e.contains("cut.jsonl:2:(row): the file ends in the middle of this record"),
            "{e}"
        );
    }

    #[test]
    fn lenient_keeps_the_first_ten_skipped_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("id,date,vedCode\n");
        for i in 0..40 {
            let code = if i % 3 == 0 { "85X" } else { "854231" };
            text.push_str(&format!("r{i},2023-01-01,{code}\n"));
        }
        let p = write(&dir, "skips.csv", &text);
        let lenient = ReadOptions {
            lenient: true,
            ..Default::default()
        };
        let (recs, stats) = read_all(&p, &lenient).unwrap();
        assert_eq!((recs.len(), stats.rows_skipped), (26, 14));
        assert_eq!(stats.skipped_rows.len(), 10);
        let first = &stats.skipped_rows[0];
        assert!(first.file.ends_with("skips.csv"));
        assert_eq!((first.line, first.field.as_str()), (2, "vedCode"));
        assert!(
            first.reason.contains("malformed goods code `85X`"),
            "{}",
            first.reason
        );
        assert_eq!(
            stats
                .skipped_rows
                .iter()
                .map(|s| s.line)
                .collect::<Vec<_>>(),
            [2, 5, 8, 11, 14, 17, 20, 23, 26, 29]
        );
    }

    #[test]
    fn inn_without_its_leading_zero_is_restored_and_bad_inns_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "inn.csv",
            "id;Дата;Код ТН ВЭД;ИНН получателя\na;01.02.2023;8542310000;286375574\nb;01.02.2023;8542310000;7707083894\nc;01.02.2023;8542310000;нет\nd;01.02.2023;8542310000;7707083893\n",
        );
        let (recs, stats) = read_all(&p, &ReadOptions::default()).unwrap();
        assert_eq!(stats.rows_ok, 4, "no row is dropped");
        let inns: Vec<&str> = recs.iter().map(|r| r.receiver_inn.as_str()).collect();
        assert_eq!(inns, ["0286375574", "7707083894", "нет", "7707083893"]);
        assert!(recs[0].warnings[0]
            .message
            .contains("restored as `0286375574`"));
        assert!(recs[1].warnings[0]
            .message
            .contains("check digit does not hold"));
        assert!(recs[2].warnings[0].message.contains("not only digits"));
        assert!(recs[3].warnings.is_empty());
        assert_eq!(stats.rows_with_warnings, 3);
        assert_eq!(stats.warnings_per_field.get("receiverInn"), Some(&3));
        assert_eq!(stats.warnings[0].record, "a");
    }

    #[test]
    fn value_currency_comes_from_the_header_and_unmapped_columns_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "usd.csv",
            "Дата;Код ТН ВЭД;Фактурная стоимость, USD;Валюта;Вес нетто, т;Стоимость по ведомости, руб.;ОГРН получателя\n01.02.2023;8542310000;1 500,00;EUR;0,002;99000;1027700132195\n",
        );
        let (recs, stats) = read_all(&p, &ReadOptions::default()).unwrap();
        let r = &recs[0];
        assert_eq!(
            (r.invoice_amount, r.currency.as_str()),
            (Some(1500.0), "USD")
        );
        assert_eq!(r.value_usd(), Some(1500.0));
        assert_eq!(r.net_weight, Some(2.0), "tonnes to kg");
        assert!(
            r.warnings[0].message.contains("currency column says EUR"),
            "{:?}",
            r.warnings
        );
        assert_eq!(
            stats.unmapped_columns,
            ["Стоимость по ведомости, руб.", "ОГРН получателя"]
        );
        assert!(stats
            .missing_fields
            .iter()
            .any(|m| m.fields == ["receiverName", "receiverInn"]));
        assert!(!stats
            .missing_fields
            .iter()
            .any(|m| m.fields[0] == "invoiceAmount"));
        // A value in roubles only: kept with its currency, counted as having no USD value.
        let p = write(
            &dir,
            "rub.csv",
            "Дата;Код ТН ВЭД;Таможенная стоимость, руб.\n01.02.2023;8542310000;120000\n",
        );
        let (recs, stats) = read_all(&p, &ReadOptions::default()).unwrap();
        assert_eq!(
            (recs[0].invoice_amount, recs[0].currency.as_str()),
            (Some(120000.0), "RUB")
        );
        assert_eq!(recs[0].value_usd(), None);
        assert_eq!(stats.rows_without_usd_value, 1);
    }

    #[test]
    fn a_character_split_across_two_fields_is_invalid() {
        // The row's fields concatenated are valid UTF-8 («П» = D0 9F), each field alone is not:
        // the one-pass check must still name the first broken field.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("split.csv");
        let mut bytes =
            b"date,vedCode,manufacturer,goodsDescription\n2023-01-01,854231,ab".to_vec();
        bytes.extend_from_slice(&[0xd0, b',', 0x9f]);
        bytes.extend_from_slice(b"cd\n2023-01-02,854231,x,\xd0\x9f\n");
        std::fs::write(&p, bytes).unwrap();
        let (e, recs, _) = strict_and_lenient(&p);
        assert!(e.contains("split.csv:2:manufacturer: invalid UTF-8"), "{e}");
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].goods_description, "П");
    }

    #[test]
    fn fields_are_trimmed_of_unicode_and_ascii_space() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("space.csv");
        std::fs::write(
            &p,
            "date,vedCode,receiverName,senderCountry\n2023-01-01, 854231 ,\u{a0}ООО «Альфа»\u{3000}, cn \n",
        )
        .unwrap();
        let (recs, _) = read_all(&p, &ReadOptions::default()).unwrap();
        assert_eq!(recs[0].ved_code, "854231");
        assert_eq!(recs[0].receiver_name, "ООО «Альфа»");
        assert_eq!(recs[0].sender_country, "CN");
    }

    #[test]
    fn windows_1251_dump_reads_with_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cp1251.csv");
        let text = "Дата;Код ТН ВЭД;Описание товара;Страна происхождения\n19.05.2023;8542310000;Микросхема STM32F407VGT6;КИТАЙ\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        std::fs::write(&p, &bytes).unwrap();
        let opts = ReadOptions {
            encoding: Some("windows-1251".into()),
            ..Default::default()
        };
        let (recs, stats) = read_all(&p, &opts).unwrap();
        assert_eq!(stats.rows_ok, 1);
        assert_eq!(recs[0].goods_description, "Микросхема STM32F407VGT6");
        assert_eq!(recs[0].origin_country, "CN");
        let bad = ReadOptions {
            encoding: Some("klingon".into()),
            ..Default::default()
        };
        assert!(read_all(&p, &bad)
            .unwrap_err()
            .to_string()
            .contains("unknown text encoding"));
    }

    #[test]
    fn gzip_files_read_through() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("dump.jsonl.gz");
        let mut gz =
            flate2::write::GzEncoder::new(File::create(&p).unwrap(), flate2::Compression::fast());
        for i in 0..3000 {
            writeln!(
                gz,
                "{{\"Дата\":\"2024-03-01\",\"Код ТН ВЭД\":\"8482100001\",\"id\":\"g{i}\"}}"
            )
            .unwrap();
        }
        gz.finish().unwrap();
        assert_eq!(Format::from_path(&p), Format::JsonLines);
        let mut last = (0, 0);
        let mut n = 0;
        let stats = read_records(
            &p,
            &ReadOptions::default(),
            &mut |r, b| last = (r, b),
            &mut |_| {
                n += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!((stats.rows_ok, n), (3000, 3000));
        assert_eq!(
            last,
            (3000, std::fs::metadata(&p).unwrap().len()),
            "progress counts compressed bytes"
        );
    }

    #[test]
    fn many_rows_cross_batches_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("id,date,vedCode\n");
        for i in 0..5000 {
            text.push_str(&format!(
                "r{i},2023-01-01,{}\n",
                if i == 4321 { "85X" } else { "854231" }
            ));
        }
        let p = write(&dir, "big.csv", &text);
        let (e, recs, stats) = strict_and_lenient(&p);
        assert!(e.contains("big.csv:4323:vedCode"), "{e}");
        assert_eq!((recs.len(), stats.rows_skipped), (4999, 1));
        assert_eq!(recs[4321].id, "r4322");
    }

    #[test]
    fn missing_required_column_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "x.csv", "ccdNumber,Дата\nA,2023-01-01\n");
        let e = read_all(&p, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("x.csv:1:vedCode"), "{e}");
    }

    #[test]
    fn parquet_is_chosen_by_extension() {
        assert_eq!(Format::from_path(Path::new("a/x.parquet")), Format::Parquet);
        assert_eq!(Format::from_path(Path::new("X.PARQ")), Format::Parquet);
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "x.parquet.gz", "");
        let e = read_all(&p, &ReadOptions::default()).unwrap_err();
        assert!(e.to_string().contains("gzip around Parquet"), "{e}");
    }

    #[cfg(not(feature = "parquet"))]
    #[test]
    fn parquet_without_the_feature_says_how_to_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "x.parquet", "PAR1");
        let e = read_all(&p, &ReadOptions::default()).unwrap_err();
        assert!(
            e.to_string().ends_with(
                "x.parquet: Parquet support is not built in; rebuild with `--features parquet`"
            ),
            "{e}"
        );
    }

    #[test]
    fn json_lines_read_with_mapping() {
        let dir = tempfile::tempdir().unwrap();
        let text = "{\"Дата\":\"2024-03-01\",\"Код ТН ВЭД\":\"8482100001\",\"Получатель\":\"АО ПОДШИПНИК\",\"Стоимость\":1200.5,\"synthetic\":true}\n\n{\"Дата\":\"2024-03-02\",\"Код ТН ВЭД\":\"8482.10\",\"Получатель\":\"X\",\"Стоимость\":null}\n";
        let p = write(&dir, "x.jsonl", text);
        let (recs, stats) = read_all(&p, &ReadOptions::default()).unwrap();
        assert_eq!(stats.rows_ok, 2);
        assert_eq!(recs[0].invoice_amount, Some(1200.5));
        assert!(recs[0].synthetic);
        assert_eq!(recs[1].invoice_amount, None);
        assert!(recs[1].id.ends_with("x.jsonl:3"), "{}", recs[1].id);
        let bad = write(
            &dir,
            "y.jsonl",
            "{\"date\":\"2024-03-01\",\"vedCode\":\"848210\"}\n{oops\n",
        );
        let e = read_all(&bad, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("y.jsonl:2:(row)"), "{e}");
    }
}
