//! What every customs reader shares, below the format readers: the input [`Format`], the
//! [`ReadOptions`] and [`ReadStats`] of a read, and the conversion of one row's text fields
//! into a [`CustomsRecord`] ([`build`]) with its row errors and their delivery. The CSV and
//! JSON-lines reader ([`crate::import`]) and the Parquet reader (`crate::parquet_io`) both
//! build on this module and not on each other.

use crate::date::Date;
use crate::error::{Result, TradeError};
use crate::hs::parse_code;
use crate::mapping::{
    missing_fields, ColumnMapping, MissingField, ResolvedHeaders, Unit, Unmapped,
};
use crate::record::{normalize_country, parse_number, CustomsRecord, Field, FieldWarning};
use std::path::Path;

/// The format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-, semicolon- or tab-separated values with a header row; lines starting with `#`
    /// are comments.
    Csv,
    /// One JSON object per line; keys are mapped like CSV headers.
    JsonLines,
    /// Apache Parquet; column names are mapped like CSV headers and typed values converted to
    /// text first (see [`crate::parquet_io`]). Needs the crate's `parquet` feature: without it
    /// reading such a file is an error saying how to rebuild.
    Parquet,
}

impl Format {
    /// Guesses the format from the file extension (`.jsonl`, `.ndjson`, `.json` → JSON lines;
    /// `.parquet`, `.parq` → Parquet; anything else CSV), looking through a final `.gz` (gzip
    /// files are decompressed on the fly; gzip around Parquet is refused when read).
    pub fn from_path(path: &Path) -> Format {
        let inner = if is_gzip(path) {
            Path::new(path.file_stem().unwrap_or_default())
        } else {
            path
        };
        match inner
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson" | "json") => Format::JsonLines,
            Some("parquet" | "parq") => Format::Parquet,
            _ => Format::Csv,
        }
    }
}

/// How to read a dump.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Header → field mapping (built-in by default).
    pub mapping: ColumnMapping,
    /// Count and skip bad rows instead of failing on the first.
    pub lenient: bool,
    /// Input format; guessed from the extension when `None`.
    pub format: Option<Format>,
    /// CSV delimiter; sniffed from the header line (`,` `;` or tab) when `None`.
    pub delimiter: Option<u8>,
    /// Text encoding label (WHATWG, e.g. `windows-1251`, `gbk`); UTF-8 when `None`. Russian
    /// customs dumps are often Windows-1251.
    pub encoding: Option<String>,
}

impl ReadOptions {
    /// The legacy text encoding to decode from, `None` for UTF-8; an unknown label is an error.
    pub fn text_encoding(&self) -> Result<Option<&'static encoding_rs::Encoding>> {
        match self.encoding.as_deref() {
            None => Ok(None),
            Some(label) => match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
                Some(e) if e == encoding_rs::UTF_8 => Ok(None),
                Some(e) => Ok(Some(e)),
                None => Err(TradeError::Invalid(format!(
                    "unknown text encoding `{label}`"
                ))),
            },
        }
    }
}

/// Counts of one read, and everything the read did not use or had to remark on: nothing is
/// dropped or left out silently.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReadStats {
    /// Data rows seen.
    pub rows_read: u64,
    /// Rows turned into records.
    pub rows_ok: u64,
    /// Bad rows skipped (lenient mode).
    pub rows_skipped: u64,
    /// The first bad rows' errors (at most 20), `file:line:field: message`.
    pub errors: Vec<String>,
    /// The first ten skipped rows, each with its file, line, field and reason (lenient mode).
    pub skipped_rows: Vec<SkippedRow>,
    /// Headers (or JSON keys) that feed no field (the headers of [`ReadStats::unmapped`]).
    pub unmapped_columns: Vec<String>,
    /// Every column that feeds no field, with why (no synonym, a unit the field cannot hold,
    /// another column feeds the field).
    pub unmapped: Vec<Unmapped>,
    /// The fields no column feeds, with the analyses their absence switches off.
    pub missing_fields: Vec<MissingField>,
    /// Records kept with a remark on some field (see [`CustomsRecord::warnings`]).
    pub rows_with_warnings: u64,
    /// Remarks per field name.
    pub warnings_per_field: std::collections::BTreeMap<String, u64>,
    /// The first ten remarks.
    pub warnings: Vec<RowWarning>,
    /// Records with a value but none in USD (no statistical value, invoice in another
    /// currency): unit-value checks skip them.
    pub rows_without_usd_value: u64,
}

/// A row skipped in lenient mode.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SkippedRow {
    /// The input file.
    pub file: String,
    /// The 1-based line (for Parquet, the data row).
    pub line: u64,
    /// The field that failed (`(row)` for the row as a whole).
    pub field: String,
    /// Why.
    pub reason: String,
}

/// A remark about a record that was kept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowWarning {
    /// The record's id.
    pub record: String,
    /// The field's name.
    pub field: String,
    /// What was noticed.
    pub message: String,
}

const MAX_ERRORS: usize = 20;
/// How many skipped rows and warnings a read keeps to show.
pub const SHOWN: usize = 10;

impl ReadStats {
    /// Fresh stats for a file whose header row resolved as `resolved`.
    pub(crate) fn for_columns(resolved: &ResolvedHeaders) -> Self {
        ReadStats {
            unmapped_columns: resolved.unmapped.iter().map(|u| u.header.clone()).collect(),
            unmapped: resolved.unmapped.clone(),
            missing_fields: missing_fields(resolved),
            ..Default::default()
        }
    }

    /// Counts a good record's remarks and whether it has a USD value.
    pub(crate) fn note(&mut self, r: &CustomsRecord) {
        if r.value_usd().is_none() && r.invoice_amount.is_some() {
            self.rows_without_usd_value += 1;
        }
        if r.warnings.is_empty() {
            return;
        }
        self.rows_with_warnings += 1;
        for w in &r.warnings {
            *self
                .warnings_per_field
                .entry(w.field.as_str().to_string())
                .or_default() += 1;
            if self.warnings.len() < SHOWN {
                self.warnings.push(RowWarning {
                    record: r.id.clone(),
                    field: w.field.as_str().to_string(),
                    message: w.message.clone(),
                });
            }
        }
    }
}
/// How often the progress callback is called, in rows.
pub const PROGRESS_EVERY: u64 = 65_536;

/// A bad value in one row: the field and what is wrong.
pub(crate) struct RowError {
    pub(crate) field: Field,
    pub(crate) message: String,
}

pub(crate) fn err(field: Field, message: impl Into<String>) -> RowError {
    RowError {
        field,
        message: message.into(),
    }
}

/// Whether the file is gzip-compressed (by its `.gz` extension).
pub(crate) fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Lowers the calling helper thread's scheduling priority (Linux `nice` 10; elsewhere
/// nothing). A reader's helper threads (parsing, conversion) feed the calling thread, whose
/// sink — a store insert — is the pipeline's slowest stage; with three busy threads on two
/// cores, equal priorities let the helpers take turns away from it. At a lower priority they
/// still fill every idle core but yield to the sink when it is ready. Failure is harmless
/// and ignored.
pub(crate) fn helper_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's own id; no memory is passed.
    unsafe {
        let tid = libc::gettid();
        let current = libc::getpriority(libc::PRIO_PROCESS, tid as libc::id_t);
        libc::setpriority(
            libc::PRIO_PROCESS,
            tid as libc::id_t,
            (current + 10).min(19),
        );
    }
}

pub(crate) fn require(resolved: &ResolvedHeaders, name: &str) -> Result<()> {
    for f in [Field::VedCode, Field::Date] {
        if !resolved.has(f) {
            return Err(TradeError::Row {
                file: name.to_string(),
                line: 1,
                field: f.as_str().to_string(),
                message: "no column maps to this required field (see `chokepoint trade columns FILE`, and add the header to a mapping file)".into(),
            });
        }
    }
    Ok(())
}

pub(crate) fn row_error(name: &str, line: u64, e: RowError) -> TradeError {
    TradeError::Row {
        file: name.to_string(),
        line,
        field: e.field.as_str().to_string(),
        message: e.message,
    }
}

/// Hands a converted batch to the caller, in file order: each good record (outcome `None`)
/// to `sink` with what `prepare` made of it, each bad one to [`skip_or_fail`]; `progress` is
/// called every [`PROGRESS_EVERY`] rows with `bytes(k)`, the file position after row `k`.
/// Shared by the CSV and Parquet readers.
pub(crate) fn deliver<P>(
    stats: &mut ReadStats,
    lenient: bool,
    (records, prepared, outcome): (&[CustomsRecord], &[P], &mut [Option<TradeError>]),
    sink: &mut dyn FnMut(&CustomsRecord, &P) -> Result<()>,
    progress: &mut dyn FnMut(u64, u64),
    bytes: impl Fn(usize) -> u64,
) -> Result<()> {
    for (k, outcome) in outcome.iter_mut().enumerate() {
        stats.rows_read += 1;
        match outcome.take() {
            None => {
                stats.rows_ok += 1;
                stats.note(&records[k]);
                sink(&records[k], &prepared[k])?;
            }
            Some(e) => skip_or_fail(stats, lenient, e)?,
        }
        if stats.rows_read.is_multiple_of(PROGRESS_EVERY) {
            progress(stats.rows_read, bytes(k));
        }
    }
    Ok(())
}

pub(crate) fn skip_or_fail(stats: &mut ReadStats, lenient: bool, e: TradeError) -> Result<()> {
    if !lenient {
        return Err(e);
    }
    stats.rows_skipped += 1;
    if stats.skipped_rows.len() < SHOWN {
        if let TradeError::Row {
            file,
            line,
            field,
            message,
        } = &e
        {
            stats.skipped_rows.push(SkippedRow {
                file: file.clone(),
                line: *line,
                field: field.clone(),
                reason: message.clone(),
            });
        }
    }
    if stats.errors.len() < MAX_ERRORS {
        stats.errors.push(e.to_string());
    }
    Ok(())
}

fn number(field: Field, raw: &str) -> Result<Option<f64>, RowError> {
    scaled(field, raw, 1.0)
}

/// A number times the column's scale (thousands, tonnes → kg).
fn scaled(field: Field, raw: &str, scale: f64) -> Result<Option<f64>, RowError> {
    let t = trim(raw);
    if t.is_empty() {
        return Ok(None);
    }
    match parse_number(t) {
        Some(v) if v >= 0.0 && scale != 1.0 => Ok(Some(v * scale)),
        Some(v) if v >= 0.0 => Ok(Some(v)),
        Some(_) => Err(err(field, format!("negative number `{raw}`"))),
        None => Err(err(field, format!("not a number: `{raw}`"))),
    }
}

fn set(dst: &mut String, v: &str) {
    dst.clear();
    dst.push_str(trim(v));
}

/// `str::trim` with a fast path for the common field whose first and last characters are
/// not white space: an ASCII end is checked on its byte; a non-ASCII end (Cyrillic, Chinese,
/// «») has only that one character decoded.
pub(crate) fn trim(v: &str) -> &str {
    let b = v.as_bytes();
    if b.is_empty() {
        return v;
    }
    let first = match b.first() {
        Some(&c) if c < 0x80 => c > b' ',
        Some(_) => v.chars().next().is_some_and(|c| !c.is_whitespace()),
        None => false,
    };
    let last = match b.last() {
        Some(&c) if c < 0x80 => c > b' ',
        Some(_) => v.chars().next_back().is_some_and(|c| !c.is_whitespace()),
        None => false,
    };
    if first && last {
        v
    } else {
        v.trim()
    }
}

/// Builds `r` from one row: `columns` gives each column's field and unit, `get(i)` the
/// column's text. A bad value is an error naming the field; a value kept with a remark (an INN
/// that fails its check digit, a restored leading zero, a currency column that contradicts the
/// value header's currency) goes to `r.warnings`.
pub(crate) fn build<'a>(
    r: &mut CustomsRecord,
    columns: &[Option<(Field, Unit)>],
    get: impl Fn(usize) -> Option<&'a str>,
    name: &str,
    line: u64,
) -> Result<(), RowError> {
    for s in [
        &mut r.id,
        &mut r.record_type,
        &mut r.ccd_number,
        &mut r.ved_code,
        &mut r.goods_description,
        &mut r.manufacturer,
        &mut r.brand,
        &mut r.unit,
        &mut r.currency,
        &mut r.receiver_name,
        &mut r.receiver_inn,
        &mut r.receiver_address,
        &mut r.sender_name,
        &mut r.sender_address,
        &mut r.sender_country,
        &mut r.origin_country,
        &mut r.departure_country,
        &mut r.trading_country,
        &mut r.destination_country,
        &mut r.customs_procedure,
        &mut r.incoterms,
    ] {
        s.clear();
    }
    r.quantity = None;
    r.net_weight = None;
    r.gross_weight = None;
    r.invoice_amount = None;
    r.usd_amount = None;
    r.synthetic = false;
    r.warnings.clear();
    let mut goods_number = "";
    let mut have_date = false;
    let mut value_currency = None;
    for (i, c) in columns.iter().enumerate() {
        let Some((f, unit)) = c else { continue };
        let v = get(i).unwrap_or("");
        match f {
            Field::Id => set(&mut r.id, v),
            Field::RecordType => set(&mut r.record_type, v),
            Field::CcdNumber => set(&mut r.ccd_number, v),
            Field::GoodsNumber => goods_number = v.trim(),
            Field::Date => {
                r.date = Date::parse(v)
                    .ok_or_else(|| err(Field::Date, format!("unrecognised date `{v}`")))?;
                have_date = true;
            }
            Field::VedCode => {
                parse_code(v).map_err(|e| err(Field::VedCode, e.to_string()))?;
                set(&mut r.ved_code, v);
            }
            Field::GoodsDescription => set(&mut r.goods_description, v),
            Field::Manufacturer => set(&mut r.manufacturer, v),
            Field::Brand => set(&mut r.brand, v),
            Field::Quantity => r.quantity = number(*f, v)?,
            Field::Unit => set(&mut r.unit, v),
            Field::NetWeight => r.net_weight = scaled(*f, v, unit.scale)?,
            Field::GrossWeight => r.gross_weight = scaled(*f, v, unit.scale)?,
            Field::InvoiceAmount => {
                r.invoice_amount = scaled(*f, v, unit.scale)?;
                value_currency = unit.currency;
            }
            Field::Currency => {
                set(&mut r.currency, v);
                r.currency.make_ascii_uppercase();
            }
            Field::UsdAmount => r.usd_amount = scaled(*f, v, unit.scale)?,
            Field::ReceiverName => set(&mut r.receiver_name, v),
            Field::ReceiverInn => {
                let t = trim(v);
                // The common case, a valid INN as written, costs one check and no allocation.
                if matches!(t.len(), 10 | 12) && chokepoint_refdata::ru_ids::inn_checksum_ok(t) {
                    set(&mut r.receiver_inn, t);
                } else {
                    let checked = chokepoint_refdata::ru_ids::check_inn(t);
                    if let Some(message) = checked.warning("INN", t) {
                        r.warnings.push(FieldWarning {
                            field: Field::ReceiverInn,
                            message,
                        });
                    }
                    set(&mut r.receiver_inn, &checked.value);
                }
            }
            Field::ReceiverAddress => set(&mut r.receiver_address, v),
            Field::SenderName => set(&mut r.sender_name, v),
            Field::SenderAddress => set(&mut r.sender_address, v),
            Field::SenderCountry => set_country(&mut r.sender_country, v),
            Field::OriginCountry => set_country(&mut r.origin_country, v),
            Field::DepartureCountry => set_country(&mut r.departure_country, v),
            Field::TradingCountry => set_country(&mut r.trading_country, v),
            Field::DestinationCountry => set_country(&mut r.destination_country, v),
            Field::CustomsProcedure => set(&mut r.customs_procedure, v),
            Field::Incoterms => {
                set(&mut r.incoterms, v);
                r.incoterms.make_ascii_uppercase();
            }
            Field::Synthetic => {
                r.synthetic = matches!(v.trim(), "1" | "true" | "TRUE" | "yes" | "synthetic")
            }
        }
    }
    if let Some(c) = value_currency {
        // The value's header names its currency: that is the currency of the value, whatever a
        // currency column says (a contradiction is kept as a remark).
        if !r.currency.is_empty() && r.currency != c && r.invoice_amount.is_some() {
            r.warnings.push(FieldWarning {
                field: Field::Currency,
                message: format!(
                    "currency column says {} but the value's header says {c}; {c} kept",
                    r.currency
                ),
            });
        }
        r.currency.clear();
        r.currency.push_str(c);
    }
    if !have_date {
        return Err(err(Field::Date, "missing"));
    }
    if r.ved_code.is_empty() {
        return Err(err(Field::VedCode, "missing"));
    }
    if r.id.is_empty() {
        use std::fmt::Write;
        let _ = if r.ccd_number.is_empty() {
            write!(r.id, "{name}:{line}")
        } else if goods_number.is_empty() {
            write!(r.id, "{}", r.ccd_number)
        } else {
            write!(r.id, "{}/{}", r.ccd_number, goods_number)
        };
    }
    Ok(())
}

fn set_country(dst: &mut String, v: &str) {
    let t = trim(v);
    let b = t.as_bytes();
    dst.clear();
    if b.len() == 2 && b.iter().all(u8::is_ascii_uppercase) {
        dst.push_str(t);
    } else {
        dst.push_str(&normalize_country(t));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_trim_agrees_with_str_trim() {
        let spaces: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert!(spaces.len() > 20, "{spaces:?}");
        let cores = [
            "",
            "a",
            "Ж",
            "ООО «Вектор»",
            "«x»",
            "芯片",
            "é",
            "a b",
            "\u{2060}",
        ];
        for core in cores {
            assert_eq!(trim(core), core.trim());
            for &s in &spaces {
                for text in [
                    format!("{s}{core}"),
                    format!("{core}{s}"),
                    format!("{s}{core}{s}"),
                ] {
                    assert_eq!(trim(&text), text.trim(), "{text:?}");
                }
            }
        }
    }
}
