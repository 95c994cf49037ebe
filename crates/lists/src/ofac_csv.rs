//! OFAC legacy CSV sets: `sdn.csv` (or `cons_prim.csv`) with `add.csv`, `alt.csv` and
//! `sdn_comments.csv` (or their `cons_` twins).
//!
//! The files have no header; `-0- ` stands for an empty field; text fields are quoted and never
//! escape inner quotes, so a quote closes a field only before a comma or the end of the record
//! (`""` is still read as one quote). Lines end in CRLF and the files end with a Ctrl-Z (0x1A)
//! byte, which is skipped, as are blank lines.
//!
//! Reading: the auxiliary files (small) are loaded into maps keyed by entry number first, then
//! the primary file is streamed row by row, one [`Entity`] per row. Auxiliary rows whose entry
//! has no primary row (an aux set newer than the primary file) are ignored and counted in
//! [`Stats`]. The comments file continues a remarks field that OFAC cut at
//! [`REMARKS_LIMIT`] characters; it is joined only to remarks of exactly that length — a
//! comment for a remarks field that is not cut belongs to another publication of the entry and
//! is counted as unused.
//!
//! Mapping: `individual` → Person, `vessel` → Vessel, `aircraft` → Airplane, no type →
//! Company when the name carries a legal form (LLC, LTD, OOO, JSC, GMBH, CO., S.A., …),
//! else Organization. Entity ids are `{list}-{ent_num}`. An individual's name stays as written
//! (`HANIYA, Ismail`) and its natural order (`Ismail HANIYA`) is added as an `alias` when the
//! name has exactly one comma. alt.csv `aka`/`nka` → `alias`, `fka` → `previousName`, an alias
//! whose remarks call it weak or low quality → `weakAlias`. An address row becomes one
//! `address` line (street, city, country) when it has a street or city, and a `country` code.
//! The remarks go to `notes` whole and through [`crate::ofac_remarks::parse`].
//!
//! Encoding ([`detect_encoding`]) is decided per file from the whole file: UTF-8 when the file
//! is valid UTF-8 or shows UTF-8 structure anywhere (a lead byte followed by a continuation
//! byte); Windows-1252 when it is not UTF-8 and every non-ASCII byte is a defined
//! Windows-1252 character; otherwise UTF-8. In a UTF-8 file an invalid byte sequence is a
//! [`ListError::Record`] naming the line, column and field.
//!
//! Errors: a row with the wrong number of columns, a non-numeric `ent_num` or an unknown
//! `SDN_Type` is a [`ListError::Record`]; a quote left open at the end of the file (a file cut
//! mid-record) is [`ListError::Fatal`].

use crate::detect::Part;
use crate::input::LineCap;
use crate::{country, ofac_remarks, EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// OFAC cuts the remarks field of the primary file at this many characters and puts the rest
/// in the comments file.
pub const REMARKS_LIMIT: usize = 1000;

const PRIMARY: &[&str] = &[
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
];
const ADD: &[&str] = &[
    "ent_num",
    "add_num",
    "address",
    "city_state_postal",
    "country",
    "add_remarks",
];
const ALT: &[&str] = &["ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"];
const COMMENTS: &[&str] = &["ent_num", "remarks_extended"];

fn columns(part: Part) -> &'static [&'static str] {
    match part {
        Part::Primary => PRIMARY,
        Part::Add => ADD,
        Part::Alt => ALT,
        Part::Comments => COMMENTS,
    }
}

/// Opens an OFAC legacy CSV set as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    Ok(Box::new(OfacCsvReader::new(source)?))
}

/// What a read of a legacy CSV set did besides yielding entities; complete once the reader
/// has returned `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Entities yielded.
    pub entities: usize,
    /// Address rows attached to an entity.
    pub addresses: usize,
    /// Alias rows attached to an entity.
    pub aliases: usize,
    /// Comment rows joined to a cut remarks field.
    pub comments_joined: usize,
    /// Comment rows whose entry's remarks are not cut (another publication's continuation).
    pub comments_unused: usize,
    /// Auxiliary rows (address, alias, comment) whose entry has no primary row.
    pub orphan_rows: usize,
    /// Distinct entry numbers found only in auxiliary files.
    pub orphan_entries: usize,
}

#[derive(Debug, Clone)]
struct Address {
    line: String,
    country: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct AltName {
    prop: Prop,
    name: String,
}

/// A streaming reader of one legacy CSV set, yielding one entity per primary row.
pub struct OfacCsvReader {
    list: String,
    published: Option<String>,
    rows: Rows<LineCap<BufReader<File>>>,
    addresses: HashMap<u64, Vec<Address>>,
    aliases: HashMap<u64, Vec<AltName>>,
    comments: HashMap<u64, String>,
    seen: HashSet<u64>,
    pending: Vec<ListError>,
    stats: Stats,
    finished: bool,
}

impl OfacCsvReader {
    /// Opens the set: loads the auxiliary files and readies the primary file for streaming.
    /// Malformed auxiliary rows are yielded as errors before the first entity.
    pub fn new(source: &Source) -> Result<Self, ListError> {
        let (primary, aux) = split_parts(source)?;
        let mut reader = OfacCsvReader {
            list: source.list.clone(),
            published: source.published.clone(),
            rows: Rows::open(&primary, Part::Primary)?,
            addresses: HashMap::new(),
            aliases: HashMap::new(),
            comments: HashMap::new(),
            seen: HashSet::new(),
            pending: Vec::new(),
            stats: Stats::default(),
            finished: false,
        };
        for (part, path) in aux {
            reader.load_aux(part, &path)?;
        }
        reader.pending.reverse();
        Ok(reader)
    }

    /// Counts of what was attached, joined and ignored.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    fn load_aux(&mut self, part: Part, path: &Path) -> Result<(), ListError> {
        for row in Rows::open(path, part)? {
            let row = match row {
                Ok(row) => row,
                Err(e @ ListError::Record { .. }) => {
                    self.pending.push(e);
                    continue;
                }
                Err(e) => {
                    self.pending.push(e);
                    return Ok(());
                }
            };
            let ent = match row.ent_num(path) {
                Ok(ent) => ent,
                Err(e) => {
                    self.pending.push(e);
                    continue;
                }
            };
            match part {
                Part::Add => {
                    let street = [row.get(2), row.get(3)]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>();
                    let country_name = row.get(4);
                    let mut parts = street.clone();
                    if !country_name.is_empty() {
                        parts.push(country_name);
                    }
                    let line = if street.is_empty() {
                        String::new()
                    } else {
                        parts.join(", ")
                    };
                    let address = Address {
                        line,
                        country: country::to_code(country_name),
                    };
                    self.addresses.entry(ent).or_default().push(address);
                }
                Part::Alt => {
                    let prop = alt_prop(row.get(2), row.get(4));
                    self.aliases.entry(ent).or_default().push(AltName {
                        prop,
                        name: row.get(3).to_string(),
                    });
                }
                Part::Comments => {
                    self.comments.entry(ent).or_default().push_str(row.get(1));
                }
                Part::Primary => {}
            }
        }
        Ok(())
    }

    fn finish(&mut self) {
        self.finished = true;
        let mut orphans = BTreeSet::new();
        for (ent, v) in &self.addresses {
            if !self.seen.contains(ent) {
                self.stats.orphan_rows += v.len();
                orphans.insert(*ent);
            }
        }
        for (ent, v) in &self.aliases {
            if !self.seen.contains(ent) {
                self.stats.orphan_rows += v.len();
                orphans.insert(*ent);
            }
        }
        for ent in self.comments.keys() {
            if !self.seen.contains(ent) {
                self.stats.orphan_rows += 1;
                orphans.insert(*ent);
            }
        }
        self.stats.orphan_entries = orphans.len();
    }

    fn entity(&mut self, row: &Row) -> Result<Entity, ListError> {
        let path = self.rows.path.clone();
        let ent = row.ent_num(&path)?;
        let name = row.get(1);
        if name.is_empty() {
            return Err(row.error(&path, 1, "the name is empty"));
        }
        let schema = match row.get(2).to_ascii_lowercase().as_str() {
            "individual" => Schema::Person,
            "vessel" => Schema::Vessel,
            "aircraft" => Schema::Airplane,
            "" if has_legal_form(name) => Schema::Company,
            "" => Schema::Organization,
            other => return Err(row.error(&path, 2, format!("unknown type `{other}`"))),
        };
        self.seen.insert(ent);
        let mut e = Entity::from_record(
            schema,
            &self.list,
            &ent.to_string(),
            self.published.as_deref(),
        );
        e.add(Prop::Name, name);
        if schema == Schema::Person {
            if let Some(natural) = natural_order(name) {
                e.add(Prop::Alias, &natural);
            }
        }
        for program in row.get(3).split(']') {
            e.add(Prop::Program, program.trim().trim_start_matches('['));
        }
        e.add(Prop::Position, row.get(4));
        e.add(Prop::CallSign, row.get(5));
        e.add(Prop::Type, row.get(6));
        if let Some(flag) = country::to_code(row.get(9)) {
            e.add(Prop::Flag, flag);
        }
        e.add(Prop::Owner, row.get(10));
        for alt in self.aliases.get(&ent).into_iter().flatten() {
            e.add(alt.prop, &alt.name);
            self.stats.aliases += 1;
        }
        for address in self.addresses.get(&ent).into_iter().flatten() {
            e.add(Prop::Address, &address.line);
            if let Some(code) = address.country {
                e.add(Prop::Country, code);
            }
            self.stats.addresses += 1;
        }
        let mut remarks = row.get(11).to_string();
        if let Some(more) = self.comments.get(&ent) {
            if remarks.chars().count() == REMARKS_LIMIT {
                remarks.push_str(more);
                self.stats.comments_joined += 1;
            } else {
                self.stats.comments_unused += 1;
            }
        }
        e.add(Prop::Notes, &remarks);
        for (prop, value) in ofac_remarks::parse(&remarks) {
            e.add(prop, &value);
        }
        self.stats.entities += 1;
        Ok(e)
    }
}

impl Iterator for OfacCsvReader {
    type Item = Result<Entity, ListError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.pop() {
            if !e.is_recoverable() {
                self.pending.clear();
                self.finished = true;
            }
            return Some(Err(e));
        }
        if self.finished {
            return None;
        }
        match self.rows.next() {
            None => {
                self.finish();
                None
            }
            Some(Err(e)) => {
                if !e.is_recoverable() {
                    self.finished = true;
                }
                Some(Err(e))
            }
            Some(Ok(row)) => Some(self.entity(&row)),
        }
    }
}

/// The primary file and the auxiliary files with their parts, from a source's file list.
fn split_parts(source: &Source) -> Result<(PathBuf, Vec<(Part, PathBuf)>), ListError> {
    let (primary, rest) = source
        .files
        .split_first()
        .ok_or_else(|| ListError::Unrecognised {
            file: PathBuf::new(),
            message: "an OFAC CSV source without files".into(),
        })?;
    let mut aux = Vec::new();
    for path in rest {
        let part = match Part::from_file_name(path) {
            Some((_, part)) => Some(part),
            None => Rows::open(path, Part::Comments)?
                .first_columns()
                .and_then(Part::from_columns),
        };
        match part {
            Some(Part::Primary) | None => {
                return Err(ListError::Unrecognised {
                    file: path.clone(),
                    message: "not an auxiliary file of an OFAC CSV set (add, alt or comments)"
                        .into(),
                })
            }
            Some(part) => aux.push((part, path.clone())),
        }
    }
    Ok((primary.clone(), aux))
}

fn alt_prop(alt_type: &str, remarks: &str) -> Prop {
    let remarks = remarks.to_ascii_lowercase();
    if remarks.contains("weak") || remarks.contains("low quality") {
        return Prop::WeakAlias;
    }
    match alt_type.to_ascii_lowercase().as_str() {
        "fka" | "f.k.a." => Prop::PreviousName,
        _ => Prop::Alias,
    }
}

/// `LAST, First` → `First LAST` for a name with exactly one comma.
pub fn natural_order(name: &str) -> Option<String> {
    let (last, first) = name.split_once(',')?;
    let (last, first) = (last.trim(), first.trim());
    if first.contains(',') || last.is_empty() || first.is_empty() {
        return None;
    }
    Some(format!("{first} {last}"))
}

/// Legal-form words (dots removed, upper case) that make a listed entity a company.
const LEGAL_FORMS: &[&str] = &[
    "LLC",
    "LTD",
    "LIMITED",
    "OOO",
    "ZAO",
    "OAO",
    "PAO",
    "AO",
    "JSC",
    "PJSC",
    "CJSC",
    "OJSC",
    "GMBH",
    "AG",
    "SA",
    "SARL",
    "SRL",
    "SAS",
    "SPA",
    "BV",
    "NV",
    "PLC",
    "INC",
    "INCORPORATED",
    "CORP",
    "CORPORATION",
    "CO",
    "COMPANY",
    "KG",
    "LLP",
    "FZE",
    "FZCO",
    "FZC",
    "PTE",
    "PVT",
    "TOO",
    "BHD",
    "AB",
    "OY",
    "KFT",
    "DOO",
    "EOOD",
    "OOD",
    "SAC",
    "CV",
    "LTDA",
    "LIMITADA",
    "EIRL",
    "SL",
    "OBSHCHESTVO",
    "TOV",
    "CIA",
    "COMPANIA",
    "HOLDING",
    "HOLDINGS",
    "SC",
    "RL",
    "SPR",
    "DMCC",
    "EAD",
    "OU",
    "EIRELI",
    "SIRKETI",
    "ANONIMA",
    "CAMIYYATI",
    "LDA",
    "SRO",
    "ZRT",
    "SAL",
    "AKTSIONERNOE",
    "SAPI",
    "SAB",
];

/// Whether a name carries a company legal form (`… CO., LTD.`, `OOO …`, `… S.A.`).
pub fn has_legal_form(name: &str) -> bool {
    name.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '"' | '\''))
        .map(|w| w.replace('.', "").to_ascii_uppercase())
        .any(|w| LEGAL_FORMS.contains(&w.as_str()))
}

/// The text encoding of a legacy CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (which includes plain ASCII, what OFAC publishes today).
    Utf8,
    /// Windows-1252, as older OFAC downloads saved by spreadsheet tools are.
    Windows1252,
}

/// Decides a file's encoding from the whole file (see the module documentation).
pub fn detect_encoding(path: &Path) -> Result<Encoding, ListError> {
    let io = |source| ListError::Io {
        file: path.to_path_buf(),
        source,
    };
    let mut reader = LineCap::new(BufReader::new(File::open(path).map_err(io)?));
    let mut line = Vec::new();
    let mut invalid = false;
    let mut cp1252_possible = true;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).map_err(io)? == 0 {
            break;
        }
        if std::str::from_utf8(&line).is_ok() {
            if line.iter().any(|b| *b >= 0x80) {
                return Ok(Encoding::Utf8);
            }
            continue;
        }
        invalid = true;
        for pair in line.windows(2) {
            if (0xC2..=0xF4).contains(&pair[0]) && (0x80..=0xBF).contains(&pair[1]) {
                return Ok(Encoding::Utf8);
            }
        }
        if line
            .iter()
            .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
        {
            cp1252_possible = false;
        }
    }
    Ok(if invalid && cp1252_possible {
        Encoding::Windows1252
    } else {
        Encoding::Utf8
    })
}

/// Windows-1252 characters of the bytes 0x80–0x9F; the five undefined ones map to the C1
/// control of the same number, as the WHATWG encoding standard does. 0xA0–0xFF are Latin-1.
const WINDOWS_1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// Decodes Windows-1252 bytes.
fn decode_windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| match b {
            0x80..=0x9F => WINDOWS_1252_80_9F[usize::from(b - 0x80)],
            _ => char::from(*b),
        })
        .collect()
}

/// One record of a legacy CSV file: its first line and its fields (`-0-` already empty).
struct Row {
    line: usize,
    part: Part,
    fields: Vec<String>,
}

impl Row {
    fn get(&self, i: usize) -> &str {
        self.fields.get(i).map(String::as_str).unwrap_or("")
    }

    fn error(&self, path: &Path, column: usize, message: impl Into<String>) -> ListError {
        ListError::Record {
            file: path.to_path_buf(),
            location: format!("line {}", self.line),
            field: columns(self.part)
                .get(column)
                .copied()
                .unwrap_or("?")
                .to_string(),
            message: message.into(),
        }
    }

    fn ent_num(&self, path: &Path) -> Result<u64, ListError> {
        let raw = self.get(0);
        raw.parse()
            .map_err(|_| self.error(path, 0, format!("`{raw}` is not an entry number")))
    }
}

/// Streams the records of one legacy CSV file.
struct Rows<R> {
    reader: R,
    path: PathBuf,
    part: Part,
    encoding: Encoding,
    line: usize,
    buf: Vec<u8>,
}

impl Rows<LineCap<BufReader<File>>> {
    fn open(path: &Path, part: Part) -> Result<Self, ListError> {
        let encoding = detect_encoding(path)?;
        let file = File::open(path).map_err(|source| ListError::Io {
            file: path.to_path_buf(),
            source,
        })?;
        Ok(Rows {
            reader: LineCap::new(BufReader::new(file)),
            path: path.to_path_buf(),
            part,
            encoding,
            line: 0,
            buf: Vec::new(),
        })
    }

    /// The number of columns of the first record, for files named neither add nor alt.
    fn first_columns(mut self) -> Option<usize> {
        self.part = Part::Comments;
        let mut fields = Vec::new();
        let line = self.read_line().ok().flatten()?;
        let mut state = Split::default();
        state.feed(&line, &mut fields);
        state.end(&mut fields);
        Some(fields.len())
    }
}

impl<R: BufRead> Rows<R> {
    /// The next non-blank line as text, or `None` at the end of the file.
    fn read_line(&mut self) -> Result<Option<String>, ListError> {
        loop {
            self.buf.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut self.buf)
                .map_err(|source| ListError::Io {
                    file: self.path.clone(),
                    source,
                })?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            while matches!(self.buf.last(), Some(b'\n' | b'\r' | 0x1A)) {
                self.buf.pop();
            }
            if self
                .buf
                .iter()
                .all(|b| b.is_ascii_whitespace() || *b == 0x1A)
            {
                continue;
            }
            return self.decode().map(Some);
        }
    }

    fn decode(&self) -> Result<String, ListError> {
        match self.encoding {
            Encoding::Windows1252 => Ok(decode_windows_1252(&self.buf)),
            Encoding::Utf8 => match std::str::from_utf8(&self.buf) {
                Ok(text) => Ok(text.to_string()),
                Err(e) => {
                    let valid = String::from_utf8_lossy(&self.buf[..e.valid_up_to()]).into_owned();
                    let mut fields = Vec::new();
                    let mut state = Split::default();
                    state.feed(&valid, &mut fields);
                    let column = columns(self.part).get(fields.len()).copied().unwrap_or("?");
                    let byte = self.buf.get(e.valid_up_to()).copied().unwrap_or_default();
                    Err(ListError::Record {
                        file: self.path.clone(),
                        location: format!(
                            "line {}, column {}",
                            self.line,
                            valid.chars().count() + 1
                        ),
                        field: column.to_string(),
                        message: format!("invalid UTF-8 (byte 0x{byte:02X}) in a UTF-8 file"),
                    })
                }
            },
        }
    }

    fn next_row(&mut self) -> Result<Option<Row>, ListError> {
        let Some(first) = self.read_line()? else {
            return Ok(None);
        };
        let start = self.line;
        let mut fields = Vec::new();
        let mut state = Split::default();
        state.feed(&first, &mut fields);
        while state.quoted {
            match self.read_line()? {
                Some(more) => {
                    state.field.push('\n');
                    state.feed(&more, &mut fields);
                }
                None => {
                    return Err(ListError::Fatal {
                        file: self.path.clone(),
                        location: format!("line {start}"),
                        message: format!(
                            "unclosed quote in field `{}`: the record starting here is cut off at the end of the file",
                            columns(self.part).get(fields.len()).copied().unwrap_or("?")
                        ),
                    });
                }
            }
        }
        state.end(&mut fields);
        let row = Row {
            line: start,
            part: self.part,
            fields,
        };
        let expected = columns(self.part).len();
        if row.fields.len() != expected {
            let column = row.fields.len().min(expected);
            let field = columns(self.part)
                .get(column)
                .map_or_else(|| format!("column {}", column + 1), |c| c.to_string());
            return Err(ListError::Record {
                file: self.path.clone(),
                location: format!("line {start}"),
                field,
                message: format!("expected {expected} columns, found {}", row.fields.len()),
            });
        }
        Ok(Some(row))
    }
}

impl<R: BufRead> Iterator for Rows<R> {
    type Item = Result<Row, ListError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_row().transpose()
    }
}

/// The field splitter's state, kept across the lines of a multi-line record.
#[derive(Default)]
struct Split {
    field: String,
    quoted: bool,
    was_quoted: bool,
}

impl Split {
    fn feed(&mut self, line: &str, fields: &mut Vec<String>) {
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if self.quoted {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        self.field.push('"');
                        continue;
                    }
                    // A quote closes the field only before a comma or the end of the record.
                    let rest = chars.clone().find(|c| *c != ' ');
                    if matches!(rest, None | Some(',')) {
                        self.quoted = false;
                        continue;
                    }
                }
                self.field.push(c);
            } else if c == ',' {
                fields.push(self.take());
            } else if self.was_quoted && c.is_whitespace() {
                // Blanks between a closing quote and the comma.
            } else if c == '"' && self.field.trim().is_empty() && !self.was_quoted {
                self.field.clear();
                self.quoted = true;
                self.was_quoted = true;
            } else {
                self.field.push(c);
            }
        }
    }

    fn end(&mut self, fields: &mut Vec<String>) {
        fields.push(self.take());
    }

    /// The field read so far: a quoted field verbatim (the remarks keep a trailing space that
    /// counts towards [`REMARKS_LIMIT`]), an unquoted one trimmed, `-0-` empty.
    fn take(&mut self) -> String {
        let value = std::mem::take(&mut self.field);
        if std::mem::take(&mut self.was_quoted) {
            return value;
        }
        let value = value.trim();
        if value == "-0-" {
            String::new()
        } else {
            value.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<String> {
        let mut fields = Vec::new();
        let mut s = Split::default();
        s.feed(line, &mut fields);
        s.end(&mut fields);
        fields
    }

    #[test]
    fn fields_are_split_as_ofac_writes_them() {
        assert_eq!(
            split(
                r#"306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'.""#
            ),
            vec![
                "306",
                "BANCO NACIONAL DE CUBA",
                "",
                "CUBA",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "a.k.a. 'BNC'."
            ]
        );
        assert_eq!(
            split(r#"1,"ACME "RED" CO, LTD",x"#),
            vec!["1", "ACME \"RED\" CO, LTD", "x"]
        );
        assert_eq!(split(r#"1,"say ""hi""",-0-"#), vec!["1", "say \"hi\"", ""]);
        assert_eq!(split("1,\"-0-\""), vec!["1", "-0-"]);
        assert_eq!(split("1,\"A \"  ,-0- "), vec!["1", "A ", ""]);
    }

    #[test]
    fn names_and_legal_forms() {
        assert_eq!(
            natural_order("HANIYA, Ismail Abdul Salah").as_deref(),
            Some("Ismail Abdul Salah HANIYA")
        );
        assert_eq!(natural_order("SMITH, John, Jr."), None);
        assert_eq!(natural_order("CIMEX"), None);
        for company in [
            "ANGLO-CARIBBEAN CO., LTD.",
            "CECOEX, S.A.",
            "OOO TEKHNOLOGII",
            "SIEMENS GMBH",
            "ACME LLC",
        ] {
            assert!(has_legal_form(company), "{company}");
        }
        for org in ["BANCO NACIONAL DE CUBA", "HIZBALLAH", "CIMEX", "COSTA RICA"] {
            assert!(!has_legal_form(org), "{org}");
        }
        assert_eq!(alt_prop("fka", ""), Prop::PreviousName);
        assert_eq!(alt_prop("aka", ""), Prop::Alias);
        assert_eq!(alt_prop("aka", "weak"), Prop::WeakAlias);
    }

    #[test]
    fn encodings_are_decided_per_file() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        assert_eq!(
            detect_encoding(&write("a", b"1,\"ACME\"\r\n")).unwrap(),
            Encoding::Utf8
        );
        assert_eq!(
            detect_encoding(&write("b", "1,\"M\u{dc}LLER\"\r\n".as_bytes())).unwrap(),
            Encoding::Utf8
        );
        let latin = write("c", b"1,\"M\xDCLLER, Andr\xE9\"\r\n2,\"SOCI\xC9T\xC9\"\r\n");
        assert_eq!(detect_encoding(&latin).unwrap(), Encoding::Windows1252);
        let mut rows = Rows::open(&latin, Part::Comments).unwrap();
        assert_eq!(
            rows.next().unwrap().unwrap().fields,
            vec!["1", "M\u{dc}LLER, Andr\u{e9}"]
        );
        // A cut multi-byte sequence (first two bytes of a UTF-8 quote mark) is UTF-8 gone bad.
        let cut = write("d", b"1,\"ACME\"\r\n2,\"O\xE2\x80 BRIEN\"\r\n3,\"Z\"\r\n");
        assert_eq!(detect_encoding(&cut).unwrap(), Encoding::Utf8);
        let items: Vec<_> = Rows::open(&cut, Part::Comments).unwrap().collect();
        assert_eq!(items.len(), 3);
        let err = items[1].as_ref().err().unwrap();
        assert!(err.is_recoverable());
        assert_eq!(err.to_string(), format!("{}:line 2, column 5: field `remarks_extended`: invalid UTF-8 (byte 0xE2) in a UTF-8 file", cut.display()));
        assert!(items[2].is_ok());
    }

    #[test]
    fn ctrl_z_and_blank_lines_are_skipped_and_cut_records_are_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("ok.csv");
        std::fs::write(&ok, b"1,\"A\"\r\n\r\n2,\"multi\r\nline\"\r\n\x1a").unwrap();
        let rows: Vec<_> = Rows::open(&ok, Part::Comments)
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].fields[1], "multi\nline");
        assert_eq!(rows[1].line, 3);
        let cut = dir.path().join("cut.csv");
        std::fs::write(&cut, b"1,\"A\"\r\n2,\"cut off").unwrap();
        let items: Vec<_> = Rows::open(&cut, Part::Comments).unwrap().collect();
        let err = items[1].as_ref().err().unwrap();
        assert!(!err.is_recoverable());
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(err.to_string().contains("remarks_extended"), "{err}");
    }
}
