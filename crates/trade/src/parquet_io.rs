//! Parquet in and out (crate feature `parquet`), on the `parquet` crate's low-level column
//! readers and writers (no Arrow).
//!
//! **Reading** ([`read_prepared`], reached through [`crate::for_each_record`] for `.parquet` files):
//! column names go through the same [`crate::ColumnMapping`] as CSV headers (a nested column
//! is named by its dotted path), and each row's typed values become text handed to the same
//! row builder and validation as CSV rows:
//!
//! | Parquet type | text |
//! |---|---|
//! | BYTE_ARRAY (STRING, ENUM, JSON or plain) | the UTF-8 string; a plain BYTE_ARRAY column is decoded with [`crate::ReadOptions::encoding`] when one is given |
//! | INT32, INT64, unsigned INT annotations | the integer |
//! | FLOAT, DOUBLE | the shortest decimal that reads back to the same value |
//! | DECIMAL (INT32, INT64, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY) | the exact decimal (`1250.50`) |
//! | DATE | ISO `YYYY-MM-DD` |
//! | TIMESTAMP (millis, micros, nanos) and legacy INT96 | the ISO date of the instant (UTC) |
//! | BOOLEAN | `true` / `false` |
//! | FLOAT16, UUID and other binary | the number; lower-case hex |
//! | null | empty |
//!
//! Rows are read in batches of [`BATCH_ROWS`] across the mapped columns only, row group by row
//! group, in three stages on three threads (decoding to text; building records and the
//! caller's `prepare`; the sink), with a few batches in flight and reused, so memory stays
//! bounded by those batches and a page per column whatever the file's size.
//! Errors are [`TradeError::Row`] with the **1-based data row number in the `line` slot** (row
//! 1 is the file's first record; there is no header line) and the field; a file that is not
//! Parquet, is truncated or is corrupt gives [`TradeError::Parquet`] (or a `Row` error naming
//! the column whose data is corrupt) and never a panic. In lenient mode bad values skip their
//! row; corrupt data stops the read, since nothing after it can be trusted. Progress reports
//! rows and the compressed bytes of the row groups consumed.
//!
//! **Writing** ([`ParquetWriter`], [`write_records`]): every [`CustomsRecord`] field as a typed
//! column named by its canonical name (strings as STRING, empty as null; numbers as DOUBLE;
//! `date` as DATE; `synthetic` as BOOLEAN), snappy-compressed, with the file metadata key
//! `synthetic` = `true` when any record is synthetic.

use crate::convert::{build, err, require, row_error, ReadOptions, ReadStats, RowError};
use crate::date::Date;
use crate::error::{Result, TradeError};
use crate::mapping::Unit;
use crate::record::{CustomsRecord, Field};
use parquet::basic::{Compression, ConvertedType, LogicalType, TimeUnit, Type as PhysicalType};
use parquet::column::reader::ColumnReader;
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, DoubleType, FixedLenByteArray, Int32Type, Int96,
};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::FileReader;
use parquet::file::serialized_reader::SerializedFileReader;
use parquet::file::writer::{
    SerializedColumnWriter, SerializedFileWriter, SerializedRowGroupWriter,
};
use parquet::schema::types::ColumnDescriptor;
use std::borrow::Borrow;
use std::fmt::Write as _;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::sync::Arc;

/// Rows decoded per column per step of the reader.
pub const BATCH_ROWS: usize = 4096;

/// Runs a call into the parquet crate, turning its error, and any panic it raises on malformed
/// input, into a message.
fn guard<T>(f: impl FnOnce() -> Result<T, ParquetError>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .map_or_else(
                || "the decoder failed on malformed data".to_string(),
                |m| format!("the decoder failed on malformed data ({m})"),
            )),
    }
}

fn file_error(name: &str, message: impl Into<String>) -> TradeError {
    TradeError::Parquet {
        file: name.to_string(),
        message: message.into(),
    }
}

/// How a column's values become text.
#[derive(Debug, Clone, Copy)]
enum Conv {
    /// Bytes as UTF-8, or decoded with a legacy encoding.
    Text(Option<&'static encoding_rs::Encoding>),
    /// Integers, floats and booleans as written.
    Plain,
    /// An unsigned integer stored in a signed physical type.
    Unsigned,
    /// A decimal with this scale.
    Decimal(u32),
    /// Days since 1970-01-01.
    Date,
    /// An instant in units of which there are this many per day.
    Timestamp(i64),
    /// The legacy INT96 timestamp (nanoseconds of the day and Julian day).
    Int96,
    /// IEEE 754 half precision in two bytes.
    Float16,
    /// Other binary data, as lower-case hex.
    Hex,
}

fn conv_of(descr: &ColumnDescriptor, encoding: Option<&'static encoding_rs::Encoding>) -> Conv {
    let physical = descr.physical_type();
    let scale = u32::try_from(descr.type_scale()).unwrap_or(0);
    let binary = matches!(
        physical,
        PhysicalType::BYTE_ARRAY | PhysicalType::FIXED_LEN_BYTE_ARRAY
    );
    match descr.logical_type_ref() {
        Some(LogicalType::Decimal(d)) => return Conv::Decimal(u32::try_from(d.scale).unwrap_or(0)),
        Some(LogicalType::Date) => return Conv::Date,
        Some(LogicalType::Timestamp(t)) => {
            return Conv::Timestamp(match t.unit {
                TimeUnit::MILLIS => 86_400_000,
                TimeUnit::MICROS => 86_400_000_000,
                TimeUnit::NANOS => 86_400_000_000_000,
            })
        }
        Some(LogicalType::Integer(i)) if !i.is_signed => return Conv::Unsigned,
        Some(LogicalType::String | LogicalType::Enum | LogicalType::Json) => {
            return Conv::Text(None)
        }
        Some(LogicalType::Float16) => return Conv::Float16,
        Some(LogicalType::Uuid) => return Conv::Hex,
        _ => {}
    }
    match descr.converted_type() {
        ConvertedType::DECIMAL => Conv::Decimal(scale),
        ConvertedType::DATE => Conv::Date,
        ConvertedType::TIMESTAMP_MILLIS => Conv::Timestamp(86_400_000),
        ConvertedType::TIMESTAMP_MICROS => Conv::Timestamp(86_400_000_000),
        ConvertedType::UINT_8
        | ConvertedType::UINT_16
        | ConvertedType::UINT_32
        | ConvertedType::UINT_64 => Conv::Unsigned,
        ConvertedType::UTF8 | ConvertedType::ENUM | ConvertedType::JSON => Conv::Text(None),
        _ if physical == PhysicalType::INT96 => Conv::Int96,
        // Plain binary: text in the given encoding, else UTF-8 (as pandas and Spark write).
        _ if binary => Conv::Text(encoding),
        _ => Conv::Plain,
    }
}

/// One batch of a column's decoded values (non-null values only, in order).
enum Values {
    Bool(Vec<bool>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    I96(Vec<Int96>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    Bytes(Vec<ByteArray>),
    Fixed(Vec<FixedLenByteArray>),
}

impl Values {
    fn for_type(t: PhysicalType) -> Values {
        match t {
            PhysicalType::BOOLEAN => Values::Bool(Vec::new()),
            PhysicalType::INT32 => Values::I32(Vec::new()),
            PhysicalType::INT64 => Values::I64(Vec::new()),
            PhysicalType::INT96 => Values::I96(Vec::new()),
            PhysicalType::FLOAT => Values::F32(Vec::new()),
            PhysicalType::DOUBLE => Values::F64(Vec::new()),
            PhysicalType::BYTE_ARRAY => Values::Bytes(Vec::new()),
            PhysicalType::FIXED_LEN_BYTE_ARRAY => Values::Fixed(Vec::new()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Values::Bool(v) => v.len(),
            Values::I32(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::I96(v) => v.len(),
            Values::F32(v) => v.len(),
            Values::F64(v) => v.len(),
            Values::Bytes(v) => v.len(),
            Values::Fixed(v) => v.len(),
        }
    }
}

/// A mapped column: where it is in the file, the field it feeds and how its values become text.
struct Col {
    /// Leaf index in the file schema.
    index: usize,
    /// Name in the file (dotted path for nested columns).
    name: String,
    field: Field,
    /// The unit the header names (currency, scale).
    unit: Unit,
    conv: Conv,
    max_def: i16,
    physical: PhysicalType,
}

/// One batch of a column's definition levels and decoded values.
struct ColBatch {
    def: Vec<i16>,
    values: Values,
}

/// One batch of a column's values as text: the rows' texts one after another, with the end
/// of each row's text (a null or bad value is empty).
#[derive(Default)]
struct ColText {
    text: String,
    ends: Vec<usize>,
}

impl ColText {
    /// Row `k`'s text.
    fn get(&self, k: usize) -> Option<&str> {
        let start = match k.checked_sub(1) {
            None => 0,
            Some(j) => *self.ends.get(j)?,
        };
        self.text.get(start..*self.ends.get(k)?)
    }
}

impl ColBatch {
    fn new(col: &Col) -> Self {
        ColBatch {
            def: Vec::with_capacity(BATCH_ROWS),
            values: Values::for_type(col.physical),
        }
    }

    /// Decodes the next batch of up to [`BATCH_ROWS`] rows; returns how many rows it holds.
    fn read(&mut self, reader: &mut ColumnReader, max_def: i16) -> Result<usize, String> {
        let ColBatch { def, values } = self;
        def.clear();
        let def = (max_def > 0).then_some(def);
        macro_rules! read {
            ($r:expr, $v:expr) => {{
                $v.clear();
                $r.read_records(BATCH_ROWS, def, None, $v)
            }};
        }
        let (records, _, _) = guard(|| match (reader, &mut *values) {
            (ColumnReader::BoolColumnReader(r), Values::Bool(v)) => read!(r, v),
            (ColumnReader::Int32ColumnReader(r), Values::I32(v)) => read!(r, v),
            (ColumnReader::Int64ColumnReader(r), Values::I64(v)) => read!(r, v),
            (ColumnReader::Int96ColumnReader(r), Values::I96(v)) => read!(r, v),
            (ColumnReader::FloatColumnReader(r), Values::F32(v)) => read!(r, v),
            (ColumnReader::DoubleColumnReader(r), Values::F64(v)) => read!(r, v),
            (ColumnReader::ByteArrayColumnReader(r), Values::Bytes(v)) => read!(r, v),
            (ColumnReader::FixedLenByteArrayColumnReader(r), Values::Fixed(v)) => read!(r, v),
            _ => Err(ParquetError::General(
                "column reader and physical type disagree".into(),
            )),
        })?;
        let present = if max_def > 0 {
            if self.def.len() != records {
                return Err(format!(
                    "{} definition levels for {records} rows",
                    self.def.len()
                ));
            }
            self.def.iter().filter(|&&d| d == max_def).count()
        } else {
            records
        };
        if present != self.values.len() {
            return Err(format!(
                "{} values where the levels promise {present}",
                self.values.len()
            ));
        }
        Ok(records)
    }

    /// The fast path for a UTF-8 string column: the batch's `rows` values go into `t` after
    /// one UTF-8 check over all of them (every value is valid exactly when their concatenation
    /// is and each value's ends fall on character boundaries). Returns `false`, leaving `t`
    /// to be cleared, for other columns and whenever any value needs [`ColBatch::format`]'s
    /// per-value checks and messages.
    fn utf8_text(&self, col: &Col, rows: usize, scratch: &mut Vec<u8>, t: &mut ColText) -> bool {
        let (Conv::Text(None), Values::Bytes(v)) = (col.conv, &self.values) else {
            return false;
        };
        scratch.clear();
        let mut next = v.iter();
        for k in 0..rows {
            let null = col.max_def > 0 && self.def.get(k).is_none_or(|&d| d < col.max_def);
            if !null {
                let Some(x) = next.next() else { return false };
                scratch.extend_from_slice(x.data());
            }
            t.ends.push(scratch.len());
        }
        match simdutf8::basic::from_utf8(scratch) {
            Ok(all) if t.ends.iter().all(|&e| all.is_char_boundary(e)) => {
                t.text.push_str(all);
                true
            }
            _ => false,
        }
    }

    /// Appends row `k` of this batch of `col` to `out` (nothing for a null); `next` is the
    /// index of the batch's next non-null value.
    fn format(
        &self,
        col: &Col,
        next: &mut usize,
        out: &mut String,
        k: usize,
    ) -> Result<(), RowError> {
        if col.max_def > 0 && self.def.get(k).is_none_or(|&d| d < col.max_def) {
            return Ok(());
        }
        let i = *next;
        *next += 1;
        let field = col.field;
        let missing = || err(field, "value missing from the column's data");
        match (&self.values, col.conv) {
            (Values::Bool(v), _) => out.push_str(if *v.get(i).ok_or_else(missing)? {
                "true"
            } else {
                "false"
            }),
            (Values::I32(v), conv) => {
                let x = *v.get(i).ok_or_else(missing)?;
                match conv {
                    Conv::Unsigned => write_display(out, x as u32),
                    Conv::Decimal(s) => write_decimal(out, i128::from(x), s),
                    Conv::Date => write_display(out, Date(x)),
                    _ => write_display(out, x),
                }
            }
            (Values::I64(v), conv) => {
                let x = *v.get(i).ok_or_else(missing)?;
                match conv {
                    Conv::Unsigned => write_display(out, x as u64),
                    Conv::Decimal(s) => write_decimal(out, i128::from(x), s),
                    Conv::Timestamp(per_day) => {
                        let days = i32::try_from(x.div_euclid(per_day))
                            .map_err(|_| err(field, format!("timestamp out of range: {x}")))?;
                        write_display(out, Date(days));
                    }
                    Conv::Date => {
                        let days = i32::try_from(x)
                            .map_err(|_| err(field, format!("date out of range: {x}")))?;
                        write_display(out, Date(days));
                    }
                    _ => write_display(out, x),
                }
            }
            (Values::I96(v), _) => {
                let d = v.get(i).ok_or_else(missing)?.data();
                // Julian day number; 2440588 is 1970-01-01. The nanoseconds of the day
                // (d[0], d[1]) never change the date.
                let days = i64::from(d[2]) - 2_440_588;
                let days =
                    i32::try_from(days).map_err(|_| err(field, "INT96 timestamp out of range"))?;
                write_display(out, Date(days));
            }
            (Values::F32(v), _) => write_display(out, *v.get(i).ok_or_else(missing)?),
            (Values::F64(v), _) => write_display(out, *v.get(i).ok_or_else(missing)?),
            (Values::Bytes(v), conv) => {
                bytes_text(out, v.get(i).ok_or_else(missing)?.data(), conv, field)?
            }
            (Values::Fixed(v), conv) => {
                bytes_text(out, v.get(i).ok_or_else(missing)?.data(), conv, field)?
            }
        }
        Ok(())
    }
}

fn write_display(out: &mut String, v: impl std::fmt::Display) {
    let _ = write!(out, "{v}");
}

/// Writes an unscaled integer with `scale` decimal places, exactly.
fn write_decimal(out: &mut String, unscaled: i128, scale: u32) {
    if unscaled < 0 {
        out.push('-');
    }
    let digits = unscaled.unsigned_abs().to_string();
    let scale = scale as usize;
    if scale == 0 {
        out.push_str(&digits);
    } else if digits.len() <= scale {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(&digits);
    } else {
        let (int, frac) = digits.split_at(digits.len() - scale);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
}

fn bytes_text(out: &mut String, b: &[u8], conv: Conv, field: Field) -> Result<(), RowError> {
    match conv {
        Conv::Decimal(scale) => {
            if b.len() > 16 {
                return Err(err(field, "decimal wider than 128 bits"));
            }
            let mut v: i128 = if b.first().is_some_and(|&x| x & 0x80 != 0) {
                -1
            } else {
                0
            };
            for &x in b {
                v = (v << 8) | i128::from(x);
            }
            write_decimal(out, v, scale);
        }
        Conv::Float16 => match b {
            [lo, hi] => write_display(out, f16_to_f32(u16::from_le_bytes([*lo, *hi]))),
            _ => return Err(err(field, "FLOAT16 value is not two bytes")),
        },
        Conv::Hex => {
            for x in b {
                let _ = write!(out, "{x:02x}");
            }
        }
        Conv::Text(Some(encoding)) => {
            let (text, _) = encoding.decode_without_bom_handling(b);
            out.push_str(&text);
        }
        _ => match simdutf8::basic::from_utf8(b) {
            Ok(s) => out.push_str(s),
            Err(_) => {
                return Err(err(
                    field,
                    "invalid UTF-8 (set the file's encoding, e.g. windows-1251)",
                ))
            }
        },
    }
    Ok(())
}

/// IEEE 754 binary16 → f32 (exact).
fn f16_to_f32(h: u16) -> f32 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let frac = f32::from(h & 0x3ff);
    match exp {
        0 => sign * frac * 2f32.powi(-24),
        31 if frac == 0.0 => sign * f32::INFINITY,
        31 => f32::NAN,
        _ => sign * (1.0 + frac / 1024.0) * 2f32.powi(exp - 15),
    }
}

/// Where a batch of rows lies in the file: for error rows and progress.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    /// 1-based data row number of the batch's first row.
    first: u64,
    /// Rows of the row group before this batch.
    group_done: u64,
    /// Rows of the row group.
    group_rows: u64,
    /// Compressed bytes of the row group.
    group_bytes: u64,
    /// Compressed bytes of the row groups before this one.
    done_bytes: u64,
}

/// Up to [`BATCH_ROWS`] rows as text, from the decode stage to the conversion stage (and back
/// for reuse).
#[derive(Default)]
struct TextBatch {
    /// Each mapped column's values.
    cols: Vec<ColText>,
    /// Each row's first bad value (in column order), if any.
    bad: Vec<Option<RowError>>,
    len: usize,
    at: Place,
}

/// What the decode stage hands the conversion stage.
enum Decoded {
    /// A batch of rows.
    Rows(TextBatch),
    /// Unreadable or corrupt data: nothing after it is read.
    Failed(TradeError),
    /// Every row group has been read.
    End,
}

/// A batch converted to records, with each row's outcome (`None` = good) and, for good rows,
/// what `prepare` made of it.
struct Converted<P> {
    records: Vec<CustomsRecord>,
    prepared: Vec<P>,
    outcome: Vec<Option<TradeError>>,
    at: Place,
}

/// What the conversion stage hands the sink.
enum Stage<P> {
    Rows(Converted<P>),
    Failed(TradeError),
    End,
}

/// Batches in flight between two stages (the rest wait in the free lists for reuse).
const IN_FLIGHT: usize = 2;

/// Reads every record of a Parquet file, turning each good record into a `P` with `prepare`
/// and handing both to `sink` (the record is reused for later rows); `progress(rows, bytes)`
/// is called every [`crate::convert::PROGRESS_EVERY`] rows with the compressed bytes of the
/// row groups consumed so far, and at the end with the file size. See the module docs for
/// the type conversions and for the row number in errors' `line` slot. Called by
/// [`crate::import::for_each_prepared`] for [`crate::Format::Parquet`]; without a `prepare` step,
/// read a Parquet file through [`crate::for_each_record`] (which also refuses gzip around
/// Parquet).
///
/// Three stages on three threads, as for CSV: decoding the column chunks in batches of
/// [`BATCH_ROWS`] rows and turning the typed values into text (helper thread 1); records
/// through the shared row builder, then `prepare` (helper thread 2); the sink, lenient-mode
/// bookkeeping and progress (calling thread). Batches flow back empty for reuse, and at most a few are in
/// flight, so memory stays bounded. Rows reach `sink` in file order, and an error stops the
/// read at the same row as a one-thread read would.
pub fn read_prepared<P: Default + Send>(
    path: &Path,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    prepare: &mut (dyn FnMut(&CustomsRecord, &mut P) + Send),
    sink: &mut dyn FnMut(&CustomsRecord, &P) -> Result<()>,
) -> Result<ReadStats> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| TradeError::io(path, e))?;
    let file_len = file.metadata().map_err(|e| TradeError::io(path, e))?.len();
    let encoding = opts.text_encoding()?;
    let reader = guard(|| SerializedFileReader::new(file))
        .map_err(|m| file_error(&name, format!("not a readable Parquet file ({m})")))?;
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    let names: Vec<String> = schema.columns().iter().map(|c| c.path().string()).collect();
    let resolved = opts.mapping.resolve(names.iter().map(String::as_str));
    require(&resolved, &name)?;
    let mut cols = Vec::new();
    for (index, (descr, column)) in schema.columns().iter().zip(&resolved.columns).enumerate() {
        let Some((field, unit)) = *column else {
            continue;
        };
        if descr.max_rep_level() > 0 {
            return Err(file_error(
                &name,
                format!(
                    "column `{}` (mapped to {field}) is a repeated (list) column, which the importer does not read; map it to no field",
                    names[index]
                ),
            ));
        }
        cols.push(Col {
            index,
            name: names[index].clone(),
            field,
            unit,
            conv: conv_of(descr, encoding),
            max_def: descr.max_def_level(),
            physical: descr.physical_type(),
        });
    }
    let total_bytes: u64 = meta
        .row_groups()
        .iter()
        .map(|g| u64::try_from(g.compressed_size()).unwrap_or(0))
        .sum();
    let fields: Vec<Option<(Field, Unit)>> = cols.iter().map(|c| Some((c.field, c.unit))).collect();
    let mut stats = ReadStats::for_columns(&resolved);
    let (name, cols, fields) = (name.as_str(), cols.as_slice(), fields.as_slice());
    std::thread::scope(|scope| -> Result<ReadStats> {
        let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<Decoded>(IN_FLIGHT);
        let (raw_free_tx, raw_free_rx) = std::sync::mpsc::channel::<TextBatch>();
        let (conv_tx, conv_rx) = std::sync::mpsc::sync_channel::<Stage<P>>(IN_FLIGHT);
        let (conv_free_tx, conv_free_rx) = std::sync::mpsc::channel::<Converted<P>>();
        scope.spawn(move || {
            crate::convert::helper_priority();
            let last = match decode(&reader, cols, name, &raw_tx, &raw_free_rx) {
                Ok(true) => Decoded::End,
                // The conversion stage has stopped.
                Ok(false) => return,
                Err(e) => Decoded::Failed(e),
            };
            let _ = raw_tx.send(last);
        });
        scope.spawn(move || {
            crate::convert::helper_priority();
            for msg in raw_rx {
                let out = match msg {
                    Decoded::Rows(mut batch) => {
                        let (len, at) = (batch.len, batch.at);
                        let mut out = conv_free_rx.try_recv().unwrap_or_else(|_| Converted {
                            records: Vec::new(),
                            prepared: Vec::new(),
                            outcome: Vec::new(),
                            at,
                        });
                        if out.records.len() < len {
                            out.records.resize_with(len, CustomsRecord::default);
                            out.prepared.resize_with(len, P::default);
                        }
                        out.outcome.clear();
                        out.at = at;
                        let texts = &batch.cols;
                        for (k, bad) in batch.bad.iter_mut().take(len).enumerate() {
                            let row = at.first + k as u64;
                            let built = match bad.take() {
                                Some(e) => Err(e),
                                None => build(
                                    &mut out.records[k],
                                    fields,
                                    |i| texts.get(i).and_then(|t| t.get(k)),
                                    name,
                                    row,
                                ),
                            };
                            out.outcome.push(match built {
                                Ok(()) => {
                                    prepare(&out.records[k], &mut out.prepared[k]);
                                    None
                                }
                                Err(e) => Some(row_error(name, row, e)),
                            });
                        }
                        let _ = raw_free_tx.send(batch);
                        Stage::Rows(out)
                    }
                    Decoded::Failed(e) => Stage::Failed(e),
                    Decoded::End => Stage::End,
                };
                if conv_tx.send(out).is_err() {
                    return;
                }
            }
        });
        for msg in conv_rx {
            let mut batch = match msg {
                Stage::Rows(batch) => batch,
                Stage::Failed(e) => return Err(e),
                Stage::End => {
                    progress(stats.rows_read, file_len.max(total_bytes));
                    return Ok(stats);
                }
            };
            let at = batch.at;
            crate::convert::deliver(
                &mut stats,
                opts.lenient,
                (&batch.records, &batch.prepared, &mut batch.outcome),
                sink,
                progress,
                |k| {
                    let part =
                        at.group_bytes * (at.group_done + k as u64 + 1) / at.group_rows.max(1);
                    at.done_bytes + part
                },
            )?;
            let _ = conv_free_tx.send(batch);
        }
        // A stage ended without saying why (it panicked outside the decoder's guard; the
        // scope re-raises that panic once the threads are joined).
        Err(file_error(
            name,
            "the reader stopped before the end of the file",
        ))
    })
}

/// The decode stage: reads the mapped columns of every row group in batches of
/// [`BATCH_ROWS`] rows and sends them on as text. Returns `Ok(false)` when the next stage has gone
/// (the read was stopped), `Ok(true)` after the last row group.
fn decode(
    reader: &SerializedFileReader<File>,
    cols: &[Col],
    name: &str,
    tx: &std::sync::mpsc::SyncSender<Decoded>,
    free: &std::sync::mpsc::Receiver<TextBatch>,
) -> Result<bool> {
    let mut done_bytes = 0u64;
    let mut row_no = 0u64;
    let mut readers = Vec::with_capacity(cols.len());
    let mut typed: Vec<ColBatch> = cols.iter().map(ColBatch::new).collect();
    let mut scratch = Vec::new();
    for g in 0..reader.num_row_groups() {
        let group = guard(|| reader.get_row_group(g))
            .map_err(|m| file_error(name, format!("row group {}: {m}", g + 1)))?;
        let group_rows = u64::try_from(group.metadata().num_rows()).unwrap_or(0);
        let group_bytes = u64::try_from(group.metadata().compressed_size()).unwrap_or(0);
        readers.clear();
        for c in cols {
            let r = guard(|| group.get_column_reader(c.index)).map_err(|m| {
                file_error(
                    name,
                    format!("row group {}, column `{}`: {m}", g + 1, c.name),
                )
            })?;
            readers.push(r);
        }
        let mut group_done = 0u64;
        while group_done < group_rows {
            let first = row_no + 1;
            let mut n = None;
            for ((c, r), b) in cols.iter().zip(&mut readers).zip(&mut typed) {
                let got = b.read(r, c.max_def).map_err(|m| TradeError::Row {
                    file: name.to_string(),
                    line: first,
                    field: c.field.as_str().to_string(),
                    message: format!("corrupt Parquet data in column `{}`: {m}", c.name),
                })?;
                match n {
                    None => n = Some(got),
                    Some(k) if k == got => {}
                    Some(k) => {
                        return Err(TradeError::Row {
                            file: name.to_string(),
                            line: first,
                            field: c.field.as_str().to_string(),
                            message: format!(
                                "corrupt Parquet data: column `{}` has {got} rows where others have {k}",
                                c.name
                            ),
                        })
                    }
                }
            }
            // With no mapped column there is nothing to read; `require` rules that out.
            let n = match n {
                Some(n) => n as u64,
                None => (group_rows - group_done).min(BATCH_ROWS as u64),
            };
            if n == 0 {
                return Err(TradeError::Row {
                    file: name.to_string(),
                    line: first,
                    field: "(row)".into(),
                    message: format!(
                        "corrupt Parquet data: row group {} ends after {group_done} of its {group_rows} rows",
                        g + 1
                    ),
                });
            }
            let len = usize::try_from(n).unwrap_or(BATCH_ROWS);
            let mut batch = free.try_recv().unwrap_or_default();
            batch.cols.resize_with(cols.len(), ColText::default);
            batch.bad.clear();
            batch.bad.resize_with(len, || None);
            batch.len = len;
            batch.at = Place {
                first,
                group_done,
                group_rows,
                group_bytes,
                done_bytes,
            };
            // Column by column; a row's first bad value in column order is its error.
            for ((c, b), t) in cols.iter().zip(&typed).zip(&mut batch.cols) {
                t.text.clear();
                t.ends.clear();
                if b.utf8_text(c, len, &mut scratch, t) {
                    continue;
                }
                t.text.clear();
                t.ends.clear();
                let mut next = 0;
                for (k, bad) in batch.bad.iter_mut().enumerate() {
                    let start = t.text.len();
                    if let Err(e) = b.format(c, &mut next, &mut t.text, k) {
                        t.text.truncate(start);
                        bad.get_or_insert(e);
                    }
                    t.ends.push(t.text.len());
                }
            }
            if tx.send(Decoded::Rows(batch)).is_err() {
                return Ok(false);
            }
            row_no += n;
            group_done += n;
        }
        done_bytes += group_bytes;
    }
    Ok(true)
}

/// Options of [`ParquetWriter`].
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// Rows per row group (the unit a reader decodes and a writer buffers).
    pub row_group_rows: usize,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            row_group_rows: 131_072,
        }
    }
}

/// The string columns written, in order, with their accessors.
/// A string column: its field and accessor.
type TextColumn = (Field, fn(&CustomsRecord) -> &str);
/// A number column: its field and accessor.
type NumberColumn = (Field, fn(&CustomsRecord) -> Option<f64>);

const TEXT_COLUMNS: &[TextColumn] = &[
    (Field::Id, |r| &r.id),
    (Field::RecordType, |r| &r.record_type),
    (Field::CcdNumber, |r| &r.ccd_number),
    (Field::VedCode, |r| &r.ved_code),
    (Field::GoodsDescription, |r| &r.goods_description),
    (Field::Manufacturer, |r| &r.manufacturer),
    (Field::Brand, |r| &r.brand),
    (Field::Unit, |r| &r.unit),
    (Field::Currency, |r| &r.currency),
    (Field::ReceiverName, |r| &r.receiver_name),
    (Field::ReceiverInn, |r| &r.receiver_inn),
    (Field::ReceiverAddress, |r| &r.receiver_address),
    (Field::SenderName, |r| &r.sender_name),
    (Field::SenderAddress, |r| &r.sender_address),
    (Field::SenderCountry, |r| &r.sender_country),
    (Field::OriginCountry, |r| &r.origin_country),
    (Field::DepartureCountry, |r| &r.departure_country),
    (Field::TradingCountry, |r| &r.trading_country),
    (Field::DestinationCountry, |r| &r.destination_country),
    (Field::CustomsProcedure, |r| &r.customs_procedure),
    (Field::Incoterms, |r| &r.incoterms),
];

/// The number columns written, in order, with their accessors.
const NUMBER_COLUMNS: &[NumberColumn] = &[
    (Field::Quantity, |r| r.quantity),
    (Field::NetWeight, |r| r.net_weight),
    (Field::GrossWeight, |r| r.gross_weight),
    (Field::InvoiceAmount, |r| r.invoice_amount),
    (Field::UsdAmount, |r| r.usd_amount),
];

fn schema_text() -> String {
    let mut s = String::from("message customs_record {\n");
    s.push_str("  REQUIRED INT32 date (DATE);\n");
    for (f, _) in TEXT_COLUMNS {
        let _ = writeln!(s, "  OPTIONAL BYTE_ARRAY {} (STRING);", f.as_str());
    }
    for (f, _) in NUMBER_COLUMNS {
        let _ = writeln!(s, "  OPTIONAL DOUBLE {};", f.as_str());
    }
    s.push_str("  REQUIRED BOOLEAN synthetic;\n}\n");
    s
}

/// Writes [`CustomsRecord`]s to a Parquet file one at a time, buffering one row group.
pub struct ParquetWriter {
    name: String,
    writer: Option<SerializedFileWriter<BufWriter<File>>>,
    buffer: Vec<CustomsRecord>,
    row_group_rows: usize,
    rows: u64,
    synthetic: bool,
}

impl ParquetWriter {
    /// Creates (or truncates) `path`.
    pub fn create(path: &Path, opts: &WriteOptions) -> Result<Self> {
        let name = path.display().to_string();
        let file = File::create(path).map_err(|e| TradeError::io(path, e))?;
        let schema = parquet::schema::parser::parse_message_type(&schema_text())
            .map_err(|e| file_error(&name, e.to_string()))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("chokepoint-trade {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer =
            SerializedFileWriter::new(BufWriter::new(file), Arc::new(schema), Arc::new(props))
                .map_err(|e| file_error(&name, e.to_string()))?;
        Ok(ParquetWriter {
            name,
            writer: Some(writer),
            buffer: Vec::new(),
            row_group_rows: opts.row_group_rows.max(1),
            rows: 0,
            synthetic: false,
        })
    }

    /// Adds one record (written when its row group is full, or on [`ParquetWriter::finish`]).
    pub fn write(&mut self, record: &CustomsRecord) -> Result<()> {
        self.synthetic |= record.synthetic;
        self.buffer.push(record.clone());
        self.rows += 1;
        if self.buffer.len() >= self.row_group_rows {
            self.flush_group()?;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let name = self.name.clone();
        let pq = |e: ParquetError| file_error(&name, e.to_string());
        let Some(writer) = self.writer.as_mut() else {
            return Err(file_error(&self.name, "writer already finished"));
        };
        let recs = &self.buffer;
        let mut group = writer.next_row_group().map_err(pq)?;
        // date
        let mut col = next_column(&mut group, &name)?;
        let dates: Vec<i32> = recs.iter().map(|r| r.date.0).collect();
        col.typed::<Int32Type>()
            .write_batch(&dates, None, None)
            .map_err(pq)?;
        col.close().map_err(pq)?;
        let mut def = Vec::with_capacity(recs.len());
        for (_, get) in TEXT_COLUMNS {
            def.clear();
            let mut values = Vec::with_capacity(recs.len());
            for r in recs {
                let v = get(r);
                def.push(i16::from(!v.is_empty()));
                if !v.is_empty() {
                    values.push(ByteArray::from(v));
                }
            }
            let mut col = next_column(&mut group, &name)?;
            col.typed::<ByteArrayType>()
                .write_batch(&values, Some(&def), None)
                .map_err(pq)?;
            col.close().map_err(pq)?;
        }
        for (_, get) in NUMBER_COLUMNS {
            def.clear();
            let mut values = Vec::with_capacity(recs.len());
            for r in recs {
                let v = get(r);
                def.push(i16::from(v.is_some()));
                values.extend(v);
            }
            let mut col = next_column(&mut group, &name)?;
            col.typed::<DoubleType>()
                .write_batch(&values, Some(&def), None)
                .map_err(pq)?;
            col.close().map_err(pq)?;
        }
        let flags: Vec<bool> = recs.iter().map(|r| r.synthetic).collect();
        let mut col = next_column(&mut group, &name)?;
        col.typed::<BoolType>()
            .write_batch(&flags, None, None)
            .map_err(pq)?;
        col.close().map_err(pq)?;
        group.close().map_err(pq)?;
        self.buffer.clear();
        Ok(())
    }

    /// Writes the last row group and the footer (with `synthetic` = `true` in the file
    /// metadata when any record was synthetic); returns the number of records written.
    pub fn finish(mut self) -> Result<u64> {
        self.flush_group()?;
        let name = self.name.clone();
        let pq = |e: ParquetError| file_error(&name, e.to_string());
        let Some(mut writer) = self.writer.take() else {
            return Err(file_error(&self.name, "writer already finished"));
        };
        if self.synthetic {
            writer.append_key_value_metadata(KeyValue::new(
                "synthetic".to_string(),
                "true".to_string(),
            ));
        }
        // Writes the footer and flushes the buffered file.
        writer.close().map_err(pq)?;
        Ok(self.rows)
    }
}

/// Writes `records` to a Parquet file at `path` (see the module docs for the columns) with
/// the default [`WriteOptions`]; returns the number written.
pub fn write_records<I>(path: &Path, records: I) -> Result<u64>
where
    I: IntoIterator,
    I::Item: Borrow<CustomsRecord>,
{
    write_records_with(path, records, &WriteOptions::default())
}

/// [`write_records`] with explicit options.
pub fn write_records_with<I>(path: &Path, records: I, opts: &WriteOptions) -> Result<u64>
where
    I: IntoIterator,
    I::Item: Borrow<CustomsRecord>,
{
    let mut w = ParquetWriter::create(path, opts)?;
    for r in records {
        w.write(r.borrow())?;
    }
    w.finish()
}

fn next_column<'a>(
    group: &'a mut SerializedRowGroupWriter<'_, BufWriter<File>>,
    name: &str,
) -> Result<SerializedColumnWriter<'a>> {
    group
        .next_column()
        .map_err(|e| file_error(name, e.to_string()))?
        .ok_or_else(|| file_error(name, "schema has fewer columns than written"))
}

/// The file-level key-value metadata of a Parquet file (e.g. `synthetic`).
pub fn file_metadata(path: &Path) -> Result<Vec<(String, Option<String>)>> {
    Ok(open_reader(path)?
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .map(|kv| {
            kv.iter()
                .map(|k| (k.key.clone(), k.value.clone()))
                .collect()
        })
        .unwrap_or_default())
}

/// Opens a Parquet file's reader, with the error the importer gives for a file that is not
/// Parquet.
fn open_reader(path: &Path) -> Result<SerializedFileReader<File>> {
    let file = File::open(path).map_err(|e| TradeError::io(path, e))?;
    guard(|| SerializedFileReader::new(file)).map_err(|m| {
        file_error(
            &path.display().to_string(),
            format!("not a readable Parquet file ({m})"),
        )
    })
}

/// The column names of a Parquet file as the importer maps them (dotted paths for nested
/// columns), in schema order.
pub fn column_names(path: &Path) -> Result<Vec<String>> {
    Ok(open_reader(path)?
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.path().string())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        let f = |v: i128, s: u32| {
            let mut out = String::new();
            write_decimal(&mut out, v, s);
            out
        };
        assert_eq!(f(125_050, 2), "1250.50");
        assert_eq!(f(5, 3), "0.005");
        assert_eq!(f(-5, 1), "-0.5");
        assert_eq!(f(42, 0), "42");
        let mut out = String::new();
        bytes_text(&mut out, &[0xff, 0x85], Conv::Decimal(1), Field::Quantity)
            .ok()
            .unwrap();
        assert_eq!(out, "-12.3");
    }

    #[test]
    fn half_floats_convert() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
    }
}
