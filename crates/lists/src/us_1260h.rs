//! The US Department of Defense's Section 1260H list of "Chinese military companies operating
//! in the United States", in OpenSanctions' CSV layout (`datasets/us/dod_chinese_milcorps`):
//! header `Name,Clean Name,Alias,Previous Name,Parent Name,Note,Start date,End date,Source Url`,
//! one row per company and edition of the list (2021–2026), so one company has up to one row
//! per edition that listed it.
//!
//! Rows are grouped into one entity per company, keyed by its `Clean Name` folded to lower-case
//! letters and digits (`Aerospace CH UAV Co., Ltd` and `Aerospace CH UAV Co. Ltd` are one
//! company); id `us-1260h-{key}`. `Name` as printed (`… (S-SEA)*`) and other spellings become
//! aliases; `Alias` → `alias`, `Previous Name` → `previousName` (`;`-separated), `Parent Name`
//! → `notes` as `parent: …`, `Note` → `notes`, each `Start date` → `listingDate`, `Source Url` →
//! `sourceUrl`. A company listed in the newest editions has no `End date` on some row and gets
//! the programme `1260H`; a company whose every row has an end date was removed from the list:
//! it is kept, with the programme `1260H-REMOVED` and a note `removed from the 1260H list on
//! …`, so screening shows it for what it is instead of dropping it silently.
//!
//! Grouping while streaming: the file is read twice; the first pass counts each company's
//! rows and the second emits a company when its last row has been read.
//!
//! Errors: a row with the wrong number of columns, or without a name, is a
//! [`ListError::Record`] naming the line and column; a file cut inside its last record is
//! [`ListError::Fatal`].

use crate::input::{first_file, list_id, open_input};
use crate::queued::{
    count_keys, csv_reader, expect_header, header_names, last_of_group, CsvRows, RowReader,
    RowStream,
};
use crate::values::{add_row_values, date_part, has_legal_form, split_semicolons, squash};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use csv::StringRecord;
use std::collections::HashMap;

/// The list id of the 1260H list.
pub const LIST: &str = "us-1260h";

/// The programme of a company on the current list.
pub const PROGRAM: &str = "1260H";

/// The programme of a company the Department of Defense removed from the list.
pub const PROGRAM_REMOVED: &str = "1260H-REMOVED";

/// The beginning of the header line, for format detection.
pub(crate) const HEADER: &str = "Name,Clean Name,Alias,Previous Name,Parent Name";

/// The grouping key of a company name: its letters and digits, lower case, joined by `-`.
pub fn company_key(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn cell(rec: &StringRecord, i: usize) -> &str {
    rec.get(i)
        .map(|s| s.trim_start_matches('\u{feff}').trim())
        .unwrap_or("")
}

fn is_header(rec: &StringRecord) -> bool {
    cell(rec, 0) == "Name" && cell(rec, 1) == "Clean Name"
}

/// The name a row is grouped by: `Clean Name`, else `Name`.
fn row_key(rec: &StringRecord, clean: usize, name: usize) -> String {
    let n = cell(rec, clean);
    company_key(if n.is_empty() { cell(rec, name) } else { n })
}

/// Opens a 1260H CSV file (plain or gzip) as a stream of entities, one per company.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    let file = first_file(source, "no file given for the 1260H list")?;
    let mut rdr = csv_reader(open_input(&file)?, b',');
    let header = expect_header(
        &mut rdr,
        &file,
        is_header,
        &format!("the 1260H header (`{HEADER},…`)"),
    )?;
    let names = header_names(&header);
    let col = |n: &str| names.iter().position(|h| h == n);
    let (Some(name_col), Some(clean_col)) = (col("Name"), col("Clean Name")) else {
        return Err(ListError::Unrecognised {
            file,
            message: "the 1260H header has no `Name` and `Clean Name` columns".into(),
        });
    };
    // The first pass: rows per company (rows of the wrong width are reported by the second).
    let remaining = count_keys(
        csv_reader(open_input(&file)?, b','),
        &file,
        names.len(),
        is_header,
        |rec| row_key(rec, clean_col, name_col),
    )?;
    let rows = CsvRows::new(rdr, file, names.clone(), names).naming_last_column();
    let reader = MilcorpRows {
        list: list_id(source, LIST),
        published: source.published.clone(),
        name_col,
        clean_col,
        remaining,
        open: HashMap::new(),
        order: Vec::new(),
    };
    Ok(Box::new(RowStream::new(rows, reader)))
}

/// A company being gathered from its rows.
struct Company {
    entity: Entity,
    /// Whether some row has no end date (the company is on the current list).
    current: bool,
    /// The latest end date of its rows.
    ended: Option<String>,
}

/// The rows of a 1260H file, gathered into one entity per company.
struct MilcorpRows {
    list: String,
    published: Option<String>,
    name_col: usize,
    clean_col: usize,
    remaining: HashMap<String, u32>,
    open: HashMap<String, Company>,
    order: Vec<String>,
}

fn finish(mut c: Company) -> Entity {
    if c.current {
        c.entity.add(Prop::Program, PROGRAM);
    } else {
        c.entity.add(Prop::Program, PROGRAM_REMOVED);
        if let Some(end) = &c.ended {
            c.entity.add(
                Prop::Notes,
                &format!("removed from the 1260H list on {end}"),
            );
        }
    }
    crate::values::drop_names_repeated_as_aliases(&mut c.entity);
    c.entity
}

impl RowReader for MilcorpRows {
    fn is_header(&self, row: &StringRecord) -> bool {
        is_header(row)
    }

    fn take(&mut self, rows: &mut CsvRows, rec: StringRecord, line: u64) {
        let key = row_key(&rec, self.clean_col, self.name_col);
        if key.is_empty() {
            rows.push(Err(rows.record_error(
                line,
                "Clean Name",
                "no company name",
            )));
            return;
        }
        let get = |c: &str| rows.get(&rec, c);
        let clean = squash(get("Clean Name"));
        let printed = squash(get("Name"));
        let name = if clean.is_empty() { &printed } else { &clean };
        let schema = if has_legal_form(name) {
            Schema::Company
        } else {
            Schema::Organization
        };
        let mut e = Entity::from_record(schema, &self.list, &key, self.published.as_deref());
        e.add(Prop::Name, name);
        e.add(Prop::Alias, &printed);
        for a in split_semicolons(get("Alias")) {
            e.add(Prop::Alias, &a);
        }
        for a in split_semicolons(get("Previous Name")) {
            e.add(Prop::PreviousName, &a);
        }
        for p in split_semicolons(get("Parent Name")) {
            e.add(Prop::Notes, &format!("parent: {p}"));
        }
        e.add(Prop::Notes, &squash(get("Note")));
        let start = get("Start date");
        match date_part(start) {
            Some(d) => e.add(Prop::ListingDate, &d),
            None => e.add(Prop::Notes, &format!("Start date: {start}")),
        };
        e.add(Prop::SourceUrl, get("Source Url"));
        let end = get("End date");
        let ended = (!end.is_empty()).then(|| date_part(end).unwrap_or_else(|| end.to_string()));
        let row_current = ended.is_none();
        let company = match self.open.remove(&key) {
            Some(mut c) => {
                if c.entity.schema == Schema::Organization && schema == Schema::Company {
                    c.entity.schema = Schema::Company;
                }
                add_row_values(&mut c.entity, e, true);
                c.current |= row_current;
                if ended > c.ended {
                    c.ended = ended;
                }
                c
            }
            None => {
                self.order.push(key.clone());
                Company {
                    entity: e,
                    current: row_current,
                    ended,
                }
            }
        };
        if last_of_group(&mut self.remaining, &key) {
            self.order.retain(|k| *k != key);
            rows.push(Ok(finish(company)));
        } else {
            self.open.insert(key, company);
        }
    }

    fn finish(&mut self, rows: &mut CsvRows) {
        for k in std::mem::take(&mut self.order) {
            if let Some(c) = self.open.remove(&k) {
                rows.push(Ok(finish(c)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_punctuation_and_case() {
        assert_eq!(
            company_key("Aerospace CH UAV Co., Ltd"),
            company_key("AEROSPACE CH UAV CO. LTD")
        );
        assert_eq!(company_key("AVIC Xi’an Aircraft"), "avic-xi-an-aircraft");
        assert_eq!(company_key(" ,. "), "");
    }
}
