//! Reading component records (and, through the same machinery, trade rows) from CSV (any of
//! `,` `;` tab, sniffed) and JSON lines, with header aliases so that real catalogues load without
//! a mapping file: War&Sanctions-style `Marking`, `Manufacturer`, `Country`, `Weapon`,
//! `Component` columns, English and Russian/Ukrainian variants, and the field names themselves.
//!
//! Errors name `file:line:field`. In lenient mode a bad row is counted and skipped.

use crate::columns::{map_headers, Columns};
use crate::country::normalize_country;
use crate::date::Date;
use crate::error::{AttributionError, Result};
use crate::record::ComponentRecord;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text with a header row; lines starting with `#` are comments.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl Format {
    /// `.jsonl`, `.ndjson`, `.json` → JSON lines; anything else CSV.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson" | "json") => Format::JsonLines,
            _ => Format::Csv,
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Count and skip bad rows instead of failing on the first.
    pub lenient: bool,
    /// Format; guessed from the extension when `None`.
    pub format: Option<Format>,
}

/// Counts of one read: rows read, turned into records and skipped, the first bad rows' errors
/// (`file:line:field: message`, at most 20) and the unmapped headers. The same
/// counts as a trade import, so the same type: [`chokepoint_trade::ReadStats`].
pub type ImportStats = chokepoint_trade::ReadStats;

const MAX_ERRORS: usize = 20;
/// One raw row: field → value, with its physical line.
pub(crate) struct RawRow {
    pub line: u64,
    pub values: HashMap<String, String>,
}

impl RawRow {
    pub fn get(&self, field: &str) -> &str {
        self.values.get(field).map_or("", |s| s.trim())
    }
}

/// A row-level failure: the field and the message.
pub(crate) struct RowError {
    pub field: &'static str,
    pub message: String,
}

/// Streams the rows of a file through an alias table, building items with `build`; applies the
/// strict/lenient policy and fills the stats.
pub(crate) fn read_rows<T>(
    path: &Path,
    opts: &ReadOptions,
    columns: &Columns,
    table: &str,
    build: &mut dyn FnMut(&RawRow, &str) -> std::result::Result<T, RowError>,
) -> Result<(Vec<T>, ImportStats)> {
    let file = std::fs::File::open(path).map_err(|e| AttributionError::io(path, e))?;
    let name = path.display().to_string();
    read_rows_from(
        file,
        &name,
        opts.format.unwrap_or_else(|| Format::from_path(path)),
        opts.lenient,
        &columns.header_map(table),
        build,
    )
}

/// As [`read_rows`] on any reader; `name` is used in errors.
pub(crate) fn read_rows_from<T, R: Read>(
    reader: R,
    name: &str,
    format: Format,
    lenient: bool,
    header_map: &HashMap<String, String>,
    build: &mut dyn FnMut(&RawRow, &str) -> std::result::Result<T, RowError>,
) -> Result<(Vec<T>, ImportStats)> {
    let mut stats = ImportStats::default();
    let mut out = Vec::new();
    let mut handle = |row: RawRow, stats: &mut ImportStats| -> Result<()> {
        stats.rows_read += 1;
        match build(&row, name) {
            Ok(item) => {
                stats.rows_ok += 1;
                out.push(item);
                Ok(())
            }
            Err(e) => {
                let err = AttributionError::Row {
                    file: name.to_string(),
                    line: row.line,
                    field: e.field.to_string(),
                    message: e.message,
                };
                if !lenient {
                    return Err(err);
                }
                stats.rows_skipped += 1;
                if stats.errors.len() < MAX_ERRORS {
                    stats.errors.push(err.to_string());
                }
                Ok(())
            }
        }
    };
    let mut buf = BufReader::new(reader);
    match format {
        Format::Csv => {
            let mut text = String::new();
            buf.read_to_string(&mut text)
                .map_err(|e| AttributionError::io(name, e))?;
            let text = text.trim_start_matches('\u{feff}');
            let header_line = text
                .lines()
                .find(|l| !l.starts_with('#') && !l.trim().is_empty())
                .unwrap_or("");
            let delim = [b',', b';', b'\t']
                .into_iter()
                .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
                .unwrap_or(b',');
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(delim)
                .comment(Some(b'#'))
                .flexible(true)
                .from_reader(text.as_bytes());
            let headers: Vec<String> = rdr.headers()?.iter().map(String::from).collect();
            let fields = map_headers(&headers, header_map);
            stats.unmapped_columns = headers
                .iter()
                .zip(&fields)
                .filter(|(_, f)| f.is_none())
                .map(|(h, _)| h.clone())
                .collect();
            for rec in rdr.records() {
                let rec = rec?;
                let line = rec.position().map_or(0, |p| p.line());
                let values = fields
                    .iter()
                    .zip(rec.iter())
                    .filter_map(|(f, v)| f.clone().map(|f| (f, v.to_string())))
                    .collect();
                handle(RawRow { line, values }, &mut stats)?;
            }
        }
        Format::JsonLines => {
            let mut unmapped: Vec<String> = Vec::new();
            for (i, line) in buf.lines().enumerate() {
                let line_no = i as u64 + 1;
                let line = line.map_err(|e| AttributionError::io(name, e))?;
                if line.trim().is_empty() {
                    continue;
                }
                let obj: serde_json::Map<String, serde_json::Value> =
                    match serde_json::from_str(&line) {
                        Ok(o) => o,
                        Err(e) => {
                            let err = AttributionError::Row {
                                file: name.to_string(),
                                line: line_no,
                                field: "json".into(),
                                message: e.to_string(),
                            };
                            if !lenient {
                                return Err(err);
                            }
                            stats.rows_read += 1;
                            stats.rows_skipped += 1;
                            if stats.errors.len() < MAX_ERRORS {
                                stats.errors.push(err.to_string());
                            }
                            continue;
                        }
                    };
                let keys: Vec<String> = obj.keys().cloned().collect();
                let fields = map_headers(&keys, header_map);
                let mut values = HashMap::new();
                for (k, f) in keys.iter().zip(&fields) {
                    match f {
                        Some(f) => {
                            let v = match &obj[k] {
                                serde_json::Value::String(s) => s.clone(),
                                serde_json::Value::Null => String::new(),
                                other => other.to_string(),
                            };
                            values.insert(f.clone(), v);
                        }
                        None => {
                            if !unmapped.contains(k) {
                                unmapped.push(k.clone());
                            }
                        }
                    }
                }
                handle(
                    RawRow {
                        line: line_no,
                        values,
                    },
                    &mut stats,
                )?;
            }
            stats.unmapped_columns = unmapped;
        }
    }
    Ok((out, stats))
}

pub(crate) fn bad(field: &'static str, message: impl Into<String>) -> RowError {
    RowError {
        field,
        message: message.into(),
    }
}

/// Parses an HS code cell to its six digits; `Ok(None)` when empty.
pub(crate) fn parse_hs6(
    raw: &str,
    field: &'static str,
) -> std::result::Result<Option<u32>, RowError> {
    let digits: String = raw.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    if digits.len() < 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(
            field,
            format!("`{raw}` is not an HS code of 6–10 digits"),
        ));
    }
    digits[..6]
        .parse()
        .map(Some)
        .map_err(|_| bad(field, format!("bad HS code `{raw}`")))
}

/// A country cell → ISO alpha-2; empty stays empty; unrecognised is an error (never guessed).
pub(crate) fn parse_country(
    raw: &str,
    field: &'static str,
) -> std::result::Result<String, RowError> {
    if raw.trim().is_empty() || crate::registry::Registry::is_unidentified(raw) {
        return Ok(String::new());
    }
    normalize_country(raw).ok_or_else(|| bad(field, format!("unknown country `{}`", raw.trim())))
}

pub(crate) fn parse_bool(raw: &str, field: &'static str) -> std::result::Result<bool, RowError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "0" | "no" | "n" => Ok(false),
        "true" | "1" | "yes" | "y" => Ok(true),
        other => Err(bad(field, format!("`{other}` is not a boolean"))),
    }
}

fn build_component(row: &RawRow, file: &str) -> std::result::Result<ComponentRecord, RowError> {
    let recovered = match row.get("recovered") {
        "" => None,
        s => Some(Date::parse(s).ok_or_else(|| bad("recovered", format!("bad date `{s}`")))?),
    };
    let quantity = match row.get("quantity") {
        "" => 1,
        s => s
            .parse::<f64>()
            .ok()
            .filter(|q| *q >= 1.0 && q.fract() == 0.0 && *q < 1e6)
            .map(|q| q as u32)
            .ok_or_else(|| bad("quantity", format!("`{s}` is not a positive whole number")))?,
    };
    let rec = ComponentRecord {
        id: match row.get("id") {
            "" => format!("{file}:{}", row.line),
            s => s.to_string(),
        },
        weapon: row.get("weapon").to_string(),
        family: row.get("family").to_string(),
        weapon_id: row.get("weapon_id").to_string(),
        recovered,
        region: row.get("region").to_string(),
        component_type: row.get("component_type").to_string(),
        part_number: row.get("part_number").to_string(),
        manufacturer: row.get("manufacturer").to_string(),
        marking: row.get("marking").to_string(),
        date_code: row.get("date_code").to_string(),
        source: row.get("source").to_string(),
        made_in: parse_country(row.get("made_in"), "made_in")?,
        shipped_from: parse_country(row.get("shipped_from"), "shipped_from")?,
        catalogue_country: parse_country(row.get("catalogue_country"), "catalogue_country")?,
        hs6: parse_hs6(row.get("hs6"), "hs6")?,
        quantity,
        synthetic: parse_bool(row.get("synthetic"), "synthetic")?,
    };
    if rec.part_number.is_empty() && rec.marking.is_empty() && rec.manufacturer.is_empty() {
        return Err(bad(
            "part_number",
            "no part number, marking or manufacturer",
        ));
    }
    Ok(rec)
}

/// Reads component records from a CSV or JSON-lines file with the built-in header aliases.
pub fn read_components(
    path: &Path,
    opts: &ReadOptions,
) -> Result<(Vec<ComponentRecord>, ImportStats)> {
    read_components_with(path, opts, &Columns::builtin())
}

/// Reads component records with given header tables (e.g. built-in plus a user file, see
/// [`Columns::with_file`]).
pub fn read_components_with(
    path: &Path,
    opts: &ReadOptions,
    columns: &Columns,
) -> Result<(Vec<ComponentRecord>, ImportStats)> {
    read_rows(path, opts, columns, "component", &mut build_component)
}

/// Reads component records from text (for tests and embedded data); `name` is used in errors.
pub fn parse_components(
    text: &str,
    name: &str,
    format: Format,
    lenient: bool,
) -> Result<(Vec<ComponentRecord>, ImportStats)> {
    read_rows_from(
        text.as_bytes(),
        name,
        format,
        lenient,
        &Columns::builtin().header_map("component"),
        &mut build_component,
    )
}

/// Writes component records as CSV with the canonical field names as headers (readable back by
/// [`read_components`]).
pub fn write_components_csv<W: std::io::Write>(records: &[ComponentRecord], out: W) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "weapon",
        "family",
        "weapon_id",
        "recovered",
        "region",
        "component_type",
        "part_number",
        "manufacturer",
        "marking",
        "date_code",
        "source",
        "made_in",
        "shipped_from",
        "catalogue_country",
        "hs6",
        "quantity",
        "synthetic",
    ])?;
    for r in records {
        w.write_record([
            r.id.as_str(),
            &r.weapon,
            &r.family,
            &r.weapon_id,
            &r.recovered.map(|d| d.to_string()).unwrap_or_default(),
            &r.region,
            &r.component_type,
            &r.part_number,
            &r.manufacturer,
            &r.marking,
            &r.date_code,
            &r.source,
            &r.made_in,
            &r.shipped_from,
            &r.catalogue_country,
            &r.hs6.map(|h| format!("{h:06}")).unwrap_or_default(),
            &r.quantity.max(1).to_string(),
            if r.synthetic { "true" } else { "false" },
        ])?;
    }
    w.flush().map_err(|e| AttributionError::io("<output>", e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_war_and_sanctions_style_csv() {
        let text = "Weapon;Component;Marking;Manufacturer;Country;Source\n\
                    Shahed-136;MCU;STM32F405RGT6 GH21Q 2219;STMicroelectronics;Switzerland;war-sanctions\n\
                    Orlan-10;GNSS;NEO-M8N;u-blox;CH;war-sanctions\n";
        let (recs, stats) = parse_components(text, "ws.csv", Format::Csv, false).unwrap();
        assert_eq!(stats.rows_ok, 2);
        assert_eq!(recs[0].family(), "Shahed-136/Geran-2");
        assert_eq!(recs[0].catalogue_country, "CH");
        assert_eq!(recs[0].part().unwrap().key, "STM32F405RGT6");
        assert_eq!(recs[0].id, "ws.csv:2");
        assert_eq!(recs[1].component_type, "GNSS");
    }

    #[test]
    fn strict_errors_name_file_line_field_and_lenient_counts() {
        let text = "weapon,part number,recovery date,made in\n\
                    Lancet,STM32F405,2023-05-01,China\n\
                    Lancet,GD32F103,2023-13-01,China\n\
                    Lancet,ESP32,2023-05-01,Atlantis\n\
                    Lancet,,,\n";
        let e = parse_components(text, "c.csv", Format::Csv, false)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.csv:3:recovered:"), "{e}");
        let (recs, stats) = parse_components(text, "c.csv", Format::Csv, true).unwrap();
        assert_eq!(recs.len(), 1);
        assert_eq!(stats.rows_skipped, 3);
        assert!(
            stats.errors[1].starts_with("c.csv:4:made_in:"),
            "{:?}",
            stats.errors
        );
        assert!(
            stats.errors[2].starts_with("c.csv:5:part_number:"),
            "{:?}",
            stats.errors
        );
    }

    #[test]
    fn reads_json_lines_and_round_trips_csv() {
        let text = "{\"weapon\":\"Kh-101\",\"part_number\":\"XC7A35T\",\"quantity\":2,\"hs6\":\"8542.39\",\"extra\":1}\n\
                    not json\n";
        let e = parse_components(text, "c.jsonl", Format::JsonLines, false).unwrap_err();
        assert!(e.to_string().starts_with("c.jsonl:2:json:"), "{e}");
        let (recs, stats) = parse_components(text, "c.jsonl", Format::JsonLines, true).unwrap();
        assert_eq!(recs[0].quantity, 2);
        assert_eq!(recs[0].hs6, Some(854239));
        assert_eq!(stats.unmapped_columns, vec!["extra"]);
        let mut out = Vec::new();
        write_components_csv(&recs, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (back, _) = parse_components(&text, "x.csv", Format::Csv, false).unwrap();
        assert_eq!(back[0].part_number, "XC7A35T");
        assert_eq!(back[0].quantity, 2);
        assert_eq!(back[0].hs6, Some(854239));
    }
}
