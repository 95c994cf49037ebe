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

use crate::input::{first_file, list_id, open_input};
use crate::queued::{csv_reader, header_names, read_row, CsvRows, RowReader, RowStream};
pub use crate::values::us_date;
use crate::values::{country_code, has_legal_form, join_squashed, squash};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use csv::StringRecord;
use std::collections::HashMap;

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

/// Opens a Denied Persons List file (plain or gzip) as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    let file = first_file(source, "no file given for the Denied Persons List")?;
    let mut rdr = csv_reader(open_input(&file)?, b'\t');
    let names = read_row(&mut rdr, &file, &COLUMNS)?
        .map(|header| header_names(&header))
        .unwrap_or_default();
    if !names.iter().any(|n| n == "Name") || !names.iter().any(|n| n == "Effective_Date") {
        return Err(ListError::Unrecognised {
            file,
            message: "the first line is not the Denied Persons List header (`Name<TAB>Street_Address<TAB>…`)".into(),
        });
    }
    let reader = DplRows {
        list: list_id(source, LIST),
        published: source.published.clone(),
        seen: HashMap::new(),
    };
    let columns = COLUMNS.iter().map(|c| c.to_string()).collect();
    Ok(Box::new(RowStream::new(
        CsvRows::new(rdr, file, names, columns),
        reader,
    )))
}

/// The rows of a Denied Persons List file, one entity each.
struct DplRows {
    list: String,
    published: Option<String>,
    /// How often each hash has been used, for `-2`, `-3` suffixes.
    seen: HashMap<String, u32>,
}

impl RowReader for DplRows {
    fn take(&mut self, rows: &mut CsvRows, rec: StringRecord, line: u64) {
        let item = self.entity(rows, &rec, line);
        rows.push(item);
    }
}

impl DplRows {
    fn entity(
        &mut self,
        rows: &CsvRows,
        rec: &StringRecord,
        line: u64,
    ) -> Result<Entity, ListError> {
        let get = |col: &str| rows.get(rec, col);
        let name = squash(get("Name"));
        if name.is_empty() {
            return Err(rows.record_error(line, "Name", "empty name"));
        }
        let street = get("Street_Address");
        let effective = get("Effective_Date");
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
        let address = ["Street_Address", "City", "State", "Postal_Code", "Country"].map(get);
        e.add(Prop::Address, &join_squashed(address, ", "));
        if let Some(code) = country_code(get("Country")) {
            e.add(Prop::Country, &code);
        }
        if let Some(d) = us_date(effective) {
            e.add(Prop::ListingDate, &d);
        }
        let action = get("Action");
        let citation = get("FR_Citation");
        let notes = match (action.is_empty(), citation.is_empty()) {
            (false, false) => format!("{action} ({citation})"),
            (false, true) => action.to_string(),
            (true, _) => citation.to_string(),
        };
        e.add(Prop::Notes, &notes);
        Ok(e)
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
