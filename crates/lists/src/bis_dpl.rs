//! BIS Denied Persons List, tab-separated text with a header line and `"`-quoted fields:
//! `Name, Street_Address, City, State, Country, Postal_Code, Effective_Date, Expiration_Date,
//! Standard_Order, Last_Update, Action, FR_Citation`.
//!
//! The file has one row per denied party and address, and no record ids. Each row becomes one
//! entity with id `us-dpl-{hash}`, where `hash` is the 64-bit FNV-1a of name, street address
//! and effective date (16 hex digits), stable across publications as long as those three do
//! not change; the second and later rows with the same three values get `-2`, `-3`…
//!
//! Mapping: `Name` → `name` (schema Company when the name carries a legal form, else
//! LegalEntity); street, city, state, postal code and country → `address`; `Country` →
//! `country`; `Effective_Date` (MM/DD/YYYY) → `listingDate` (ISO); `Action` and
//! `FR_Citation` → `notes`; every entity has `program` `DPL`.
//!
//! Errors: a row with the wrong number of columns or without a name is a
//! [`ListError::Record`] naming the line and the column; a short last row (the file was cut
//! inside it) is [`ListError::Fatal`].

use crate::queued::{next_queued, Item, QueuedRows};
use crate::un_xml::{country_code, squash};
use crate::us_csl::{has_legal_form, open_input};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use csv::StringRecord;
use std::collections::{HashMap, VecDeque};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The list id of the Denied Persons List.
pub const LIST: &str = "us-dpl";

/// The columns of the published file, in order.
pub const COLUMNS: [&str; 12] = [
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
];

/// 64-bit FNV-1a of `parts`, each followed by a separator byte, as 16 lower-case hex digits.
pub fn record_hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.trim().bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// `MM/DD/YYYY` → `YYYY-MM-DD`; `None` for anything else.
pub fn us_date(s: &str) -> Option<String> {
    let mut it = s.trim().split('/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some()
        || y.len() != 4
        || m.is_empty()
        || d.is_empty()
        || m.len() > 2
        || d.len() > 2
    {
        return None;
    }
    let (m, d, y): (u32, u32, u32) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Opens a Denied Persons List file (plain or gzip) as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    let file = source
        .files
        .first()
        .cloned()
        .ok_or_else(|| ListError::Unrecognised {
            file: PathBuf::new(),
            message: "no file given for the Denied Persons List".into(),
        })?;
    let input = open_input(&file)?;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut header = StringRecord::new();
    let ok = rdr.read_record(&mut header).map_err(|e| fatal(&file, &e))?;
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    if !ok || !names.iter().any(|n| n == "Name") || !names.iter().any(|n| n == "Effective_Date") {
        return Err(ListError::Unrecognised {
            file,
            message: "the first line is not the Denied Persons List header (`Name<TAB>Street_Address<TAB>…`)".into(),
        });
    }
    let index = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    let list = if source.list.is_empty() {
        LIST.to_string()
    } else {
        source.list.clone()
    };
    Ok(Box::new(DplStream {
        rdr,
        file,
        names,
        index,
        list,
        published: source.published.clone(),
        seen: HashMap::new(),
        queue: VecDeque::new(),
        lookahead: None,
        done: false,
    }))
}

fn fatal(file: &Path, err: &csv::Error) -> ListError {
    crate::error::from_csv(file, err, |i| COLUMNS.get(i).map(|s| s.to_string()))
}

struct DplStream {
    rdr: csv::Reader<Box<dyn BufRead>>,
    file: PathBuf,
    names: Vec<String>,
    index: HashMap<String, usize>,
    list: String,
    published: Option<String>,
    /// How often each hash has been used, for `-2`, `-3` suffixes.
    seen: HashMap<String, u32>,
    queue: VecDeque<Result<Entity, ListError>>,
    lookahead: Option<Result<StringRecord, ListError>>,
    done: bool,
}

impl DplStream {
    fn read(&mut self) -> Option<Result<StringRecord, ListError>> {
        if let Some(r) = self.lookahead.take() {
            return Some(r);
        }
        let mut rec = StringRecord::new();
        match self.rdr.read_record(&mut rec) {
            Ok(true) => Some(Ok(rec)),
            Ok(false) => None,
            Err(e) => Some(Err(fatal(&self.file, &e))),
        }
    }

    fn get<'r>(&self, rec: &'r StringRecord, col: &str) -> &'r str {
        self.index
            .get(col)
            .and_then(|i| rec.get(*i))
            .map(str::trim)
            .unwrap_or("")
    }

    fn record_error(&self, line: u64, field: &str, message: String) -> ListError {
        ListError::Record {
            file: self.file.clone(),
            location: format!("line {line}"),
            field: field.to_string(),
            message,
        }
    }

    fn handle(&mut self, rec: StringRecord) -> Option<Result<Entity, ListError>> {
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let want = self.names.len();
        if rec.len() != want {
            if rec.len() < want {
                let next = self.read();
                if next.is_none() {
                    self.done = true;
                    return Some(Err(ListError::Fatal {
                        file: self.file.clone(),
                        location: format!("line {line}"),
                        message: format!(
                            "the file ends inside a record ({} of {want} columns): truncated",
                            rec.len()
                        ),
                    }));
                }
                self.lookahead = next;
                let field = self.names[rec.len()].clone();
                return Some(Err(self.record_error(
                    line,
                    &field,
                    format!(
                        "{} columns instead of {want}: `{field}` and later columns are missing",
                        rec.len()
                    ),
                )));
            }
            return Some(Err(self.record_error(
                line,
                &format!("column {}", want + 1),
                format!(
                    "{} columns instead of {want}: unexpected extra column",
                    rec.len()
                ),
            )));
        }
        let name = squash(self.get(&rec, "Name"));
        if name.is_empty() {
            return Some(Err(self.record_error(line, "Name", "empty name".into())));
        }
        let street = self.get(&rec, "Street_Address");
        let effective = self.get(&rec, "Effective_Date");
        let hash = record_hash(&[&name, street, effective]);
        let n = self.seen.entry(hash.clone()).or_insert(0);
        *n += 1;
        let record_id = if *n == 1 { hash } else { format!("{hash}-{n}") };
        let schema = if has_legal_form(&name) {
            Schema::Company
        } else {
            Schema::LegalEntity
        };
        let mut e = Entity::from_record(schema, &self.list, &record_id, self.published.as_deref());
        e.add(Prop::Name, &name);
        e.add(Prop::Program, "DPL");
        let address: Vec<String> = ["Street_Address", "City", "State", "Postal_Code", "Country"]
            .iter()
            .map(|c| squash(self.get(&rec, c)))
            .filter(|s| !s.is_empty())
            .collect();
        e.add(Prop::Address, &address.join(", "));
        if let Some(code) = country_code(self.get(&rec, "Country")) {
            e.add(Prop::Country, &code);
        }
        if let Some(d) = us_date(effective) {
            e.add(Prop::ListingDate, &d);
        }
        let action = self.get(&rec, "Action");
        let citation = self.get(&rec, "FR_Citation");
        let notes = match (action.is_empty(), citation.is_empty()) {
            (false, false) => format!("{action} ({citation})"),
            (false, true) => action.to_string(),
            (true, _) => citation.to_string(),
        };
        e.add(Prop::Notes, &notes);
        Some(Ok(e))
    }
}

impl Iterator for DplStream {
    type Item = Item;

    fn next(&mut self) -> Option<Self::Item> {
        next_queued(self)
    }
}

impl QueuedRows for DplStream {
    fn queue(&mut self) -> &mut VecDeque<Item> {
        &mut self.queue
    }

    fn done(&mut self) -> &mut bool {
        &mut self.done
    }

    fn read_row(&mut self) -> Option<Result<StringRecord, ListError>> {
        self.read()
    }

    fn take(&mut self, row: StringRecord) {
        if let Some(item) = self.handle(row) {
            self.queue.push_back(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_hashes() {
        assert_eq!(us_date("06/19/2003").as_deref(), Some("2003-06-19"));
        assert_eq!(us_date("2003-06-19"), None);
        assert_eq!(us_date("13/01/2003"), None);
        assert_eq!(record_hash(&["a", "b"]), record_hash(&[" a", "b "]));
        assert_ne!(record_hash(&["ab", ""]), record_hash(&["a", "b"]));
        assert_eq!(record_hash(&["x"]).len(), 16);
    }
}
