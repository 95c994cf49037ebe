//! The reader of Ukraine's GUR "War & Sanctions" component catalogue as scraped into
//! `components.csv(.gz)` with its weapons file `drones.csv` beside it (see the NOTES.md of the
//! shared data folder): 17 columns, one row per component, `found_in_drones` a JSON list with the
//! one weapon the component was found in, `manufacturer_country` the brand's headquarters as GUR
//! states it (`UNK` where GUR leaves it blank).
//!
//! The file is read as published: gzip or not (sniffed from the first bytes), its own header,
//! every row checked; duplicates of a `component_id` (the scraper repeated eight entries 316
//! times) are removed and counted, and a duplicate whose content differs from the first copy is
//! reported, never silently merged. Errors name the file, the line and the field.

use crate::error::{AttributionError, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The columns of the components file this reader needs (the file has more; they are kept
/// unread).
pub const COMPONENT_COLUMNS: [&str; 7] = [
    "component_id",
    "name_marking",
    "manufacturer",
    "manufacturer_country",
    "oem_part_number",
    "found_in_drones",
    "source_url",
];

/// The columns of the weapons file this reader needs.
pub const WEAPON_COLUMNS: [&str; 3] = ["id", "display_name", "role"];

/// The names the weapons file goes by beside the components file, in the order tried.
pub const WEAPON_FILE_NAMES: [&str; 3] = ["drones.csv", "drones.csv.gz", "weapons.csv"];

/// The value GUR (and the scraper) writes for a blank country.
pub const UNKNOWN_COUNTRY: &str = "UNK";

/// The two files of a GUR catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GurFiles {
    /// The components file.
    pub components: PathBuf,
    /// The weapons file.
    pub weapons: PathBuf,
}

impl GurFiles {
    /// The components file with its weapons file: `weapons` when given, else the first of
    /// [`WEAPON_FILE_NAMES`] beside the components file.
    pub fn locate(components: &Path, weapons: Option<&Path>) -> Result<GurFiles> {
        let weapons = match weapons {
            Some(w) => w.to_path_buf(),
            None => {
                let dir = components.parent().unwrap_or_else(|| Path::new("."));
                WEAPON_FILE_NAMES
                    .iter()
                    .map(|n| dir.join(n))
                    .find(|p| p.is_file())
                    .ok_or_else(|| {
                        AttributionError::Invalid(format!(
                            "{}: no weapons file beside it (looked for {} in {}); give it with --weapons FILE",
                            components.display(),
                            WEAPON_FILE_NAMES.join(", "),
                            dir.display()
                        ))
                    })?
            }
        };
        Ok(GurFiles {
            components: components.to_path_buf(),
            weapons,
        })
    }
}

/// One weapon of the weapons file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GurWeapon {
    /// GUR's weapon id as the scraper wrote it (`geran-2-uav`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Role (`loitering_munition`, `missile`, `fpv_strike`, `isr`, `ew`, `strike`, `unknown`).
    pub role: String,
    /// Line in the weapons file.
    pub line: u64,
}

/// One component, deduplicated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GurComponent {
    /// `component_id` (`gur-<GUR id>`).
    pub id: String,
    /// Line of its first copy in the components file.
    pub line: u64,
    /// `name_marking`: part type and marking as GUR gives it.
    pub marking: String,
    /// The maker part of `manufacturer` (`Not identified` when GUR could not tell).
    pub manufacturer: String,
    /// The sellers GUR appends to some makers (`Suppliers JSC CHIP AND DIP`, `Importers …`,
    /// `Foreign suppliers …`): companies in the supply chain, not countries.
    pub sellers: Option<String>,
    /// `manufacturer_country` as an ISO alpha-2 code; `None` where GUR wrote `UNK` or nothing.
    pub country: Option<String>,
    /// `oem_part_number` (often empty; sometimes a word of the marking rather than a part).
    pub part_number: String,
    /// The weapon it was found in (an id of the weapons file).
    pub weapon: String,
    /// GUR's page of the component.
    pub source_url: String,
}

/// One `component_id` that occurs more than once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateId {
    /// The id.
    pub id: String,
    /// Rows carrying it (the kept one included).
    pub copies: usize,
    /// Line of the kept (first) copy.
    pub first_line: u64,
    /// Lines of the copies whose content differs from the kept one (the first is kept; these
    /// are listed so that nothing is merged silently).
    pub differing_lines: Vec<u64>,
}

/// The duplicates removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Duplicates {
    /// Rows removed (copies beyond the first).
    pub rows_removed: usize,
    /// The ids concerned, in file order of their first copy.
    pub ids: Vec<DuplicateId>,
}

impl Duplicates {
    /// Copies removed whose content differed from the kept row.
    pub fn differing(&self) -> usize {
        self.ids.iter().map(|d| d.differing_lines.len()).sum()
    }
}

/// A GUR catalogue as read.
#[derive(Debug, Clone, Serialize)]
pub struct GurCatalogue {
    /// The files read.
    pub files: GurFiles,
    /// Data rows of the components file.
    pub rows_read: usize,
    /// Rows skipped as malformed (lenient mode only; strict reading fails instead).
    pub rows_skipped: usize,
    /// The first errors of skipped rows (`file:line:field: message`, at most 20).
    pub errors: Vec<String>,
    /// Duplicates removed.
    pub duplicates: Duplicates,
    /// Components, one per `component_id`, in file order.
    pub components: Vec<GurComponent>,
    /// Weapons, in file order.
    pub weapons: Vec<GurWeapon>,
}

impl GurCatalogue {
    /// A weapon by id.
    pub fn weapon(&self, id: &str) -> Option<&GurWeapon> {
        self.weapons.iter().find(|w| w.id == id)
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const MAX_ERRORS: usize = 20;

fn row_error(file: &Path, line: u64, field: &str, message: impl Into<String>) -> AttributionError {
    AttributionError::Row {
        file: file.display().to_string(),
        line,
        field: field.to_string(),
        message: message.into(),
    }
}

/// The text of a file, gunzipped when it starts with the gzip magic bytes. A gzip stream that
/// is cut off or damaged is an error naming the line of the decompressed text where it stops;
/// text that is not UTF-8 is an error naming its line.
pub fn read_text(path: &Path) -> Result<String> {
    let raw = std::fs::read(path).map_err(|e| AttributionError::io(path, e))?;
    let bytes = if raw.starts_with(&GZIP_MAGIC) {
        let mut out = Vec::new();
        if let Err(e) = flate2::read::MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut out) {
            let lines = out.iter().filter(|&&b| b == b'\n').count() as u64;
            return Err(row_error(
                path,
                lines + 1,
                "gzip",
                format!(
                    "the gzip stream is cut off or damaged after {lines} complete lines of text ({e}); the file is truncated or corrupt — fetch it again"
                ),
            ));
        }
        out
    } else {
        raw
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        row_error(
            path,
            line,
            "text",
            format!("not UTF-8 text (byte {at} of the decompressed file)"),
        )
    })
}

/// Whether a file has the GUR components layout: its header names `component_id` and
/// `found_in_drones` (the two columns no other catalogue Chokepoint reads has). Reads only the
/// beginning of the file (through gzip when compressed).
pub fn is_gur_layout(path: &Path) -> Result<bool> {
    let mut file = std::fs::File::open(path).map_err(|e| AttributionError::io(path, e))?;
    let mut magic = [0u8; 2];
    let n = file
        .read(&mut magic)
        .map_err(|e| AttributionError::io(path, e))?;
    let file = std::fs::File::open(path).map_err(|e| AttributionError::io(path, e))?;
    let mut head = Vec::new();
    let limit = 64 * 1024;
    let result = if n == 2 && magic == GZIP_MAGIC {
        flate2::read::MultiGzDecoder::new(file)
            .take(limit)
            .read_to_end(&mut head)
    } else {
        file.take(limit).read_to_end(&mut head)
    };
    // A damaged stream still shows its header when it has one; the full read reports the damage.
    if result.is_err() && head.is_empty() {
        return Ok(false);
    }
    let text = String::from_utf8_lossy(&head);
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let cols: Vec<&str> = header
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    Ok(cols.contains(&"component_id") && cols.contains(&"found_in_drones"))
}

/// A record with its line.
type LineRecord = (u64, csv::StringRecord);

/// A CSV file's header and records, each record with its line; a record whose field count
/// differs from the header's is an error naming its line.
fn csv_records(
    path: &Path,
    text: &str,
    required: &[&str],
) -> Result<(HashMap<String, usize>, Vec<LineRecord>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| row_error(path, 1, "header", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let index: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), i))
        .collect();
    for c in required {
        if !index.contains_key(*c) {
            return Err(row_error(
                path,
                1,
                c,
                format!(
                    "missing column `{c}` (the header has: {})",
                    headers.join(", ")
                ),
            ));
        }
    }
    let mut out = Vec::new();
    let mut last_line = 1;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(last_line + 1, |p| p.line());
            row_error(path, line, "row", e.to_string())
        })?;
        let line = rec.position().map_or(last_line + 1, |p| p.line());
        last_line = line;
        if rec.len() != headers.len() {
            return Err(row_error(
                path,
                line,
                "row",
                format!(
                    "{} fields where the header has {} (a broken row or a quote left open)",
                    rec.len(),
                    headers.len()
                ),
            ));
        }
        out.push((line, rec));
    }
    Ok((index, out))
}

/// Reads the weapons file: every weapon with its role (`unknown` where empty). A repeated id
/// is an error naming both lines.
pub fn read_weapons(path: &Path) -> Result<Vec<GurWeapon>> {
    let text = read_text(path)?;
    let (index, records) = csv_records(path, &text, &WEAPON_COLUMNS)?;
    let get = |rec: &csv::StringRecord, c: &str| rec.get(index[c]).unwrap_or("").trim().to_string();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::new();
    for (line, rec) in records {
        let id = get(&rec, "id");
        if id.is_empty() {
            return Err(row_error(path, line, "id", "empty weapon id"));
        }
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(row_error(
                path,
                line,
                "id",
                format!("weapon `{id}` again (first on line {first})"),
            ));
        }
        let role = match get(&rec, "role") {
            r if r.is_empty() => "unknown".to_string(),
            r => r,
        };
        out.push(GurWeapon {
            id,
            name: get(&rec, "display_name"),
            role,
            line,
        });
    }
    Ok(out)
}

/// The words with which GUR appends the supply chain to a maker's name, earliest match first.
pub const SELLER_MARKERS: [&str; 3] = [" Foreign suppliers ", " Importers ", " Suppliers "];

/// Splits GUR's `manufacturer` cell into the maker and the sellers GUR names after it
/// (`"Murata Suppliers JSC CHIP AND DIP"` → `Murata`, `Suppliers JSC CHIP AND DIP`).
pub fn split_sellers(raw: &str) -> (String, Option<String>) {
    let cut = SELLER_MARKERS.iter().filter_map(|m| raw.find(m)).min();
    match cut {
        Some(i) => (
            raw[..i].trim().to_string(),
            Some(raw[i..].trim().to_string()),
        ),
        None => (raw.trim().to_string(), None),
    }
}

/// A `manufacturer_country` cell: `None` for `UNK` or blank, the code for two capital letters,
/// an error otherwise.
fn parse_country(raw: &str) -> std::result::Result<Option<String>, String> {
    let t = raw.trim();
    if t.is_empty() || t == UNKNOWN_COUNTRY {
        return Ok(None);
    }
    if t.len() == 2 && t.bytes().all(|b| b.is_ascii_uppercase()) {
        return Ok(Some(t.to_string()));
    }
    Err(format!(
        "`{t}` is not an ISO alpha-2 code or {UNKNOWN_COUNTRY}"
    ))
}

/// A `found_in_drones` cell: the one weapon id of its JSON list.
fn parse_weapon(raw: &str) -> std::result::Result<String, String> {
    let list: Vec<String> = serde_json::from_str(raw.trim())
        .map_err(|e| format!("`{raw}` is not a JSON list of weapon ids ({e})"))?;
    match list.as_slice() {
        [one] if !one.trim().is_empty() => Ok(one.trim().to_string()),
        [] | [_] => Err("no weapon: the component cannot be placed in a weapon".into()),
        many => Err(format!(
            "{} weapons ({}); a component comes from one weapon",
            many.len(),
            many.join(", ")
        )),
    }
}

/// Reads a GUR catalogue: the weapons file, then the components file (every row checked,
/// duplicates of a `component_id` removed and counted). Strict reading fails on the first bad
/// row with `file:line:field: message`; `lenient` skips bad rows, counts them and keeps the
/// first errors. A broken file (truncated gzip, missing column, a row with the wrong number of
/// fields) fails in both modes.
pub fn read_gur(files: &GurFiles, lenient: bool) -> Result<GurCatalogue> {
    let weapons = read_weapons(&files.weapons)?;
    let weapon_ids: HashMap<&str, ()> = weapons.iter().map(|w| (w.id.as_str(), ())).collect();
    let path = &files.components;
    let text = read_text(path)?;
    let (index, records) = csv_records(path, &text, &COMPONENT_COLUMNS)?;
    let mut cat = GurCatalogue {
        files: files.clone(),
        rows_read: records.len(),
        rows_skipped: 0,
        errors: Vec::new(),
        duplicates: Duplicates::default(),
        components: Vec::new(),
        weapons: Vec::new(),
    };
    // id → (index of the kept component, its raw record, index in duplicates.ids)
    let mut kept: HashMap<String, (usize, csv::StringRecord, Option<usize>)> = HashMap::new();
    for (line, rec) in records {
        let get = |c: &str| rec.get(index[c]).unwrap_or("").trim().to_string();
        let built = (|| {
            let id = get("component_id");
            if id.is_empty() {
                return Err(row_error(path, line, "component_id", "empty component id"));
            }
            let country = parse_country(&get("manufacturer_country"))
                .map_err(|m| row_error(path, line, "manufacturer_country", m))?;
            let weapon = parse_weapon(&get("found_in_drones"))
                .map_err(|m| row_error(path, line, "found_in_drones", m))?;
            if !weapon_ids.contains_key(weapon.as_str()) {
                return Err(row_error(
                    path,
                    line,
                    "found_in_drones",
                    format!(
                        "weapon `{weapon}` is not in the weapons file {}",
                        files.weapons.display()
                    ),
                ));
            }
            let (manufacturer, sellers) = split_sellers(&get("manufacturer"));
            Ok(GurComponent {
                id,
                line,
                marking: get("name_marking"),
                manufacturer,
                sellers,
                country,
                part_number: get("oem_part_number"),
                weapon,
                source_url: get("source_url"),
            })
        })();
        let component = match built {
            Ok(c) => c,
            Err(e) if lenient => {
                cat.rows_skipped += 1;
                if cat.errors.len() < MAX_ERRORS {
                    cat.errors.push(e.to_string());
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        match kept.get_mut(&component.id) {
            Some((kept_at, first, dup)) => {
                let same = first.iter().eq(rec.iter());
                let first_line = cat.components[*kept_at].line;
                let di = *dup.get_or_insert_with(|| {
                    cat.duplicates.ids.push(DuplicateId {
                        id: component.id.clone(),
                        copies: 1,
                        first_line,
                        differing_lines: Vec::new(),
                    });
                    cat.duplicates.ids.len() - 1
                });
                let d = &mut cat.duplicates.ids[di];
                d.copies += 1;
                if !same {
                    d.differing_lines.push(line);
                }
                cat.duplicates.rows_removed += 1;
            }
            None => {
                kept.insert(
                    component.id.clone(),
                    (cat.components.len(), rec.clone(), None),
                );
                cat.components.push(component);
            }
        }
    }
    cat.weapons = weapons;
    Ok(cat)
}
