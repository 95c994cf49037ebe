//! The reader of Eurostat's monthly CN8 export file (Comext DS-045409 reshaped to one row per
//! product × reporter × partner, one column per month; see the shared data folder's NOTES.md).
//!
//! Columns are found by name: `product_code`, `product_label` (optional), `flow`, `indicator`,
//! `reporter`, `partner`, and one `YYYY-MM` column per month. A cell is a whole number of EUR,
//! `:` (Eurostat's "not available": no trade reported, or suppressed), or either of them
//! followed by Eurostat's flag letters (`c` confidential, `p` provisional, `e` estimated, …),
//! which are kept and counted. The file may be gzipped (detected by its first bytes).
//!
//! What is an error and what is counted:
//! - **an error** (the import stops, naming file, line and field): a missing column, a row with
//!   the wrong number of fields (a truncated or broken file), a cell that is neither a number
//!   nor `:`, an empty product code, the same product × reporter × partner twice, a file that
//!   cannot be read to its end;
//! - **counted and reported, not imported**: rows of another flow or indicator (not exports in
//!   EUR), rows whose reporter or partner the country table does not know, product codes that
//!   are neither CN8 (8 digits) nor HS4 (4 digits). Each such row is listed with its line and
//!   reason ([`Unusable`]).

use crate::error::{ReexportError, Result};
use crate::month::Month;
use chokepoint_refdata::country;
use flate2::read::MultiGzDecoder;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One cell of a monthly column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// A value in EUR.
    Value(u64),
    /// `:` — not available (no trade reported, or suppressed).
    NotAvailable,
}

/// One usable row of the file: a product's monthly EU exports from one reporter to one partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The physical line in the file (1 = the header).
    pub line: u64,
    /// The product code as written: CN8 (8 digits) or an HS4 heading (4 digits).
    pub product_code: String,
    /// Eurostat's product label.
    pub product_label: String,
    /// The reporting member state, ISO alpha-2 (`DE`).
    pub reporter: String,
    /// The partner country, ISO alpha-2 (`RU`, `AM`, …).
    pub partner: String,
    /// The months with a value, in EUR, with Eurostat's flag letters if any (`:` cells are not
    /// listed; they are counted in [`ReadStats`]).
    pub values: Vec<(Month, u64, Option<String>)>,
}

/// A row that was read but could not be used, with why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unusable {
    /// The physical line.
    pub line: u64,
    /// Why it was not imported, in one sentence.
    pub reason: String,
}

/// What reading the file found: every row and cell is accounted for here.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReadStats {
    /// Data rows read (the header not counted).
    pub rows_read: u64,
    /// Rows delivered to the caller.
    pub rows_usable: u64,
    /// Rows that could not be used, each with its line and reason.
    pub unusable: Vec<Unusable>,
    /// Rows whose product code is an HS4 heading (an aggregate of CN8 codes, delivered but
    /// never added to its children).
    pub heading_rows: u64,
    /// Cells with a value.
    pub cells_value: u64,
    /// Cells `:` (not available).
    pub cells_not_available: u64,
    /// Cells with a flag, by flag letters (`c` confidential, …).
    pub flags: BTreeMap<String, u64>,
    /// The month columns of the file, in order.
    pub months: Vec<Month>,
    /// Months whose column has no value in any row: not yet published when the file was
    /// extracted (2022-12 in the 2023-01 extraction), never read as zero trade.
    pub unpublished_months: Vec<Month>,
}

/// The columns the file must have.
const REQUIRED: [&str; 5] = ["product_code", "flow", "indicator", "reporter", "partner"];

/// Opens a file, through gzip when its first two bytes say so.
fn open(path: &Path) -> Result<Box<dyn Read>> {
    let read_err = |e: std::io::Error| ReexportError::Read {
        path: path.to_path_buf(),
        line: 0,
        message: e.to_string(),
    };
    let file = File::open(path).map_err(read_err)?;
    let mut buf = BufReader::with_capacity(1 << 16, file);
    let gz = buf.fill_buf().map_err(read_err)?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(MultiGzDecoder::new(buf))
    } else {
        Box::new(buf)
    })
}

/// A country label as Eurostat writes it (`Belgium (incl. Luxembourg 'LU' -> 1998)`,
/// `Russian Federation (Russia)`) → ISO alpha-2, through the project's one country table.
pub fn country_code(label: &str) -> Option<&'static str> {
    let head = label.split(" (").next().unwrap_or(label);
    country::lookup(head)
        .or_else(|| country::lookup(label))
        .map(|c| c.code())
}

/// Newlines inside a record's quoted fields.
fn newlines(record: &csv::StringRecord) -> u64 {
    record
        .iter()
        .map(|f| f.bytes().filter(|&b| b == b'\n').count() as u64)
        .sum()
}

/// Parses one cell: `Ok((cell, flag))`, or `Err(message)`.
fn parse_cell(text: &str) -> std::result::Result<(Cell, Option<String>), String> {
    let t = text.trim();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (body, flag) = t.split_at(split);
    let body = body.trim();
    if !flag.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(format!(
            "`{text}` is not a whole number of EUR or `:` (not available), with or without Eurostat flag letters"
        ));
    }
    let flag = (!flag.is_empty()).then(|| flag.to_string());
    if body == ":" {
        return Ok((Cell::NotAvailable, flag));
    }
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{text}` is not a whole number of EUR or `:` (not available)"
        ));
    }
    body.parse::<u64>()
        .map(|v| (Cell::Value(v), flag))
        .map_err(|_| format!("`{text}` is too large for a value in EUR"))
}

/// Reads the whole file, calling `each` with every usable row in file order; returns what
/// was read. The first error stops the read (nothing is half-delivered silently: the caller's
/// transaction is dropped).
pub fn read_file(path: &Path, mut each: impl FnMut(Row) -> Result<()>) -> Result<ReadStats> {
    let input = open(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let path_buf: PathBuf = path.to_path_buf();
    let data_err = |line: u64, field: &str, message: String| ReexportError::Data {
        path: path_buf.clone(),
        line,
        field: field.to_string(),
        message,
    };
    let mut record = csv::StringRecord::new();
    let read_next = |reader: &mut csv::Reader<Box<dyn Read>>,
                     record: &mut csv::StringRecord,
                     last_line: u64|
     -> Result<bool> {
        reader.read_record(record).map_err(|e| ReexportError::Read {
            path: path.to_path_buf(),
            line: last_line,
            message: match e.kind() {
                csv::ErrorKind::Io(io) => io.to_string(),
                _ => e.to_string(),
            },
        })
    };
    if !read_next(&mut reader, &mut record, 0)? {
        return Err(data_err(1, "header", "the file is empty".into()));
    }
    let header: Vec<String> = record
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let mut cols = [0usize; 5];
    for (slot, name) in cols.iter_mut().zip(REQUIRED) {
        *slot = find(name).ok_or_else(|| {
            data_err(
                1,
                name,
                format!(
                    "the header has no `{name}` column (it has: {})",
                    header.join(", ")
                ),
            )
        })?;
    }
    let [c_code, c_flow, c_indicator, c_reporter, c_partner] = cols;
    let c_label = find("product_label");
    let month_cols: Vec<(usize, Month)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Month::parse(h).map(|m| (i, m)))
        .collect();
    if month_cols.is_empty() {
        return Err(data_err(
            1,
            "YYYY-MM",
            "the header has no month columns (`2020-01`, …)".into(),
        ));
    }
    let mut stats = ReadStats {
        months: month_cols.iter().map(|&(_, m)| m).collect(),
        ..ReadStats::default()
    };
    let mut month_has_value = vec![false; month_cols.len()];
    let mut seen: HashMap<(String, String, String), u64> = HashMap::new();
    let mut last_line = 1u64;
    let mut next_line = 2 + newlines(&record);
    loop {
        if !read_next(&mut reader, &mut record, last_line)? {
            break;
        }
        // Physical lines counted here (the csv reader's own count is one short after CRLF
        // endings): a record starts one line after the previous one and the newlines inside
        // its quoted fields, or later when the reader passed over blank lines.
        let line = next_line.max(record.position().map_or(0, |p| p.line()));
        next_line += 1 + newlines(&record);
        last_line = line;
        stats.rows_read += 1;
        if record.len() != header.len() {
            return Err(data_err(
                line,
                header
                    .get(record.len())
                    .map_or("(extra field)", |s| s.as_str()),
                format!(
                    "the row has {} fields where the header has {} (a truncated or broken row)",
                    record.len(),
                    header.len()
                ),
            ));
        }
        let get = |i: usize| record.get(i).unwrap_or("").trim();
        let code = get(c_code);
        if code.is_empty() {
            return Err(data_err(
                line,
                "product_code",
                "the product code is empty".into(),
            ));
        }
        let mut unusable = |reason: String| {
            stats.unusable.push(Unusable { line, reason });
        };
        if !get(c_flow).eq_ignore_ascii_case("EXPORT") {
            unusable(format!("flow `{}` is not EXPORT", get(c_flow)));
            continue;
        }
        if !get(c_indicator).eq_ignore_ascii_case("VALUE_IN_EUROS") {
            unusable(format!(
                "indicator `{}` is not VALUE_IN_EUROS (only values in EUR are compared)",
                get(c_indicator)
            ));
            continue;
        }
        if !(code.len() == 8 || code.len() == 4) || !code.bytes().all(|b| b.is_ascii_digit()) {
            unusable(format!(
                "product code `{code}` is neither a CN8 code (8 digits) nor an HS4 heading"
            ));
            continue;
        }
        let Some(reporter) = country_code(get(c_reporter)) else {
            unusable(format!(
                "reporter `{}` is not a country we know",
                get(c_reporter)
            ));
            continue;
        };
        let Some(partner) = country_code(get(c_partner)) else {
            unusable(format!(
                "partner `{}` is not a country we know",
                get(c_partner)
            ));
            continue;
        };
        let key = (code.to_string(), reporter.to_string(), partner.to_string());
        if let Some(first) = seen.insert(key, line) {
            return Err(data_err(
                line,
                "product_code",
                format!(
                    "product {code}, reporter {reporter}, partner {partner} was already given on line {first}"
                ),
            ));
        }
        let mut values = Vec::new();
        for (k, &(i, month)) in month_cols.iter().enumerate() {
            let (cell, flag) = parse_cell(get(i)).map_err(|m| data_err(line, &header[i], m))?;
            if let Some(f) = &flag {
                *stats.flags.entry(f.clone()).or_default() += 1;
            }
            match cell {
                Cell::Value(v) => {
                    stats.cells_value += 1;
                    month_has_value[k] = true;
                    values.push((month, v, flag));
                }
                Cell::NotAvailable => stats.cells_not_available += 1,
            }
        }
        if code.len() == 4 {
            stats.heading_rows += 1;
        }
        stats.rows_usable += 1;
        each(Row {
            line,
            product_code: code.to_string(),
            product_label: c_label.map(|c| get(c).to_string()).unwrap_or_default(),
            reporter: reporter.to_string(),
            partner: partner.to_string(),
            values,
        })?;
    }
    stats.unpublished_months = month_cols
        .iter()
        .zip(&month_has_value)
        .filter(|(_, &has)| !has)
        .map(|(&(_, m), _)| m)
        .collect();
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(parse_cell("4162"), Ok((Cell::Value(4162), None)));
        assert_eq!(parse_cell(":"), Ok((Cell::NotAvailable, None)));
        assert_eq!(
            parse_cell(": c"),
            Ok((Cell::NotAvailable, Some("c".into())))
        );
        assert_eq!(parse_cell("12 p"), Ok((Cell::Value(12), Some("p".into()))));
        for bad in ["12.5", "-3", "1,000", "", "abc", "12 P", "n/a"] {
            assert!(parse_cell(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn eurostat_country_labels() {
        assert_eq!(country_code("Russian Federation (Russia)"), Some("RU"));
        assert_eq!(country_code("Belarus (Belorussia)"), Some("BY"));
        assert_eq!(
            country_code("Belgium (incl. Luxembourg 'LU' -> 1998)"),
            Some("BE")
        );
        assert_eq!(country_code("Ireland (Eire)"), Some("IE"));
        assert_eq!(country_code("Kyrgyzstan"), Some("KG"));
        assert_eq!(country_code("Atlantis"), None);
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<u64> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(&p, text).unwrap();
        let mut lines = Vec::new();
        read_file(&p, |r| {
            lines.push(r.line);
            Ok(())
        })
        .unwrap();
        lines
    }

    #[test]
    fn physical_lines_with_lf_and_crlf() {
        let body = [
            "product_code,flow,indicator,reporter,partner,2020-01",
            "85423990,EXPORT,VALUE_IN_EUROS,Germany,Armenia,1",
            "85423990,EXPORT,VALUE_IN_EUROS,France,Armenia,2",
            "85423990,EXPORT,VALUE_IN_EUROS,Italy,Armenia,3",
        ];
        assert_eq!(lines_of(&(body.join("\n") + "\n")), [2, 3, 4]);
        assert_eq!(lines_of(&(body.join("\r\n") + "\r\n")), [2, 3, 4]);
        // A label with a newline inside its quotes takes two lines.
        let mut quoted = body.map(String::from).to_vec();
        quoted[0] = quoted[0].replace("flow,", "product_label,flow,");
        quoted[1] = quoted[1].replace("85423990,", "85423990,\"two\nlines\",");
        quoted[2] = quoted[2].replace("85423990,", "85423990,x,");
        quoted[3] = quoted[3].replace("85423990,", "85423990,x,");
        assert_eq!(lines_of(&(quoted.join("\r\n") + "\r\n")), [2, 4, 5]);
        // Blank lines are passed over and counted; a byte-order mark does not hide a column.
        let blank = format!(
            "\u{feff}{}\n{}\n\n{}\n{}\n",
            body[0], body[1], body[2], body[3]
        );
        assert_eq!(lines_of(&blank), [2, 3, 5]);
    }
}
