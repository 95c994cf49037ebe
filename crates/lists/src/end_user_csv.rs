//! An analyst's own list of defence end users, a small CSV the analyst writes:
//!
//! ```text
//! name,country,inn,ogrn,aliases,reason
//! "АО «Концерн ВКО «Алмаз-Антей»",RU,7731084175,,Almaz-Antey; Almaz Antey,air-defence systems maker
//! ```
//!
//! Only `name` is required; columns may come in any order; `aliases` holds several names
//! separated by `;`; `country` is a name or code (`RU`, `Russia`, `Россия`); `inn` and `ogrn`
//! are Russian identifiers; `reason` says why the party is a defence end user (it becomes the
//! register's reason). An `id` column, when present, keeps the analyst's own ids; otherwise the
//! id is the name folded to lower-case letters and digits. Detected without `--format` when
//! the header holds `name` and `reason` and no column outside the ones above.
//!
//! Every entity gets the programme [`PROGRAM`], which is how the defence end-user register
//! ([`crate::end_users`]) recognises an analyst's list whatever list id it was imported under
//! (default `analyst-end-users`). Schema: Company when the name carries a legal form, else
//! Organization.
//!
//! Errors: a row without a name, or with the wrong number of columns, is a
//! [`ListError::Record`] naming the line and column; a country that is not recognised is a
//! record error on `country` (so a typo is seen, not silently dropped); a file cut inside its
//! last record is [`ListError::Fatal`].

use crate::input::{first_file, list_id, open_input};
use crate::queued::{csv_reader, header_names, read_row, CsvRows, RowReader, RowStream};
use crate::values::{country_code, has_legal_form, split_semicolons, squash};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use csv::StringRecord;
use std::collections::HashSet;

/// The default list id of an analyst's end-user list.
pub const LIST: &str = "analyst-end-users";

/// The programme every entity of an analyst's end-user list carries.
pub const PROGRAM: &str = "ANALYST-END-USER";

/// The columns the file may have.
pub const COLUMNS: &[&str] = &["id", "name", "country", "inn", "ogrn", "aliases", "reason"];

/// Whether a header line (`name,country,reason`) is an analyst's end-user list: it has `name`
/// and `reason` and only columns of [`COLUMNS`].
pub(crate) fn is_end_user_header(line: &str) -> bool {
    let cols: Vec<String> = line
        .split(',')
        .map(|c| c.trim().trim_matches('"').trim().to_ascii_lowercase())
        .collect();
    cols.iter().any(|c| c == "name")
        && cols.iter().any(|c| c == "reason")
        && cols.iter().all(|c| COLUMNS.contains(&c.as_str()))
}

/// Opens an analyst's end-user CSV as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    let file = first_file(source, "no file given for the end-user list")?;
    let mut rdr = csv_reader(open_input(&file)?, b',');
    let header = match read_row(&mut rdr, &file, &[] as &[&str])? {
        Some(row) => row,
        None => return Err(ListError::Unrecognised {
            file,
            message:
                "empty file: an end-user list needs a header `name,country,inn,ogrn,aliases,reason`"
                    .into(),
        }),
    };
    let names: Vec<String> = header_names(&header)
        .into_iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    if !names.iter().any(|n| n == "name") {
        return Err(ListError::Unrecognised {
            file,
            message: "the end-user list's header has no `name` column".into(),
        });
    }
    let rows = CsvRows::new(rdr, file, names.clone(), names).naming_last_column();
    let reader = EndUserRows {
        list: list_id(source, LIST),
        published: source.published.clone(),
        seen: HashSet::new(),
    };
    Ok(Box::new(RowStream::new(rows, reader)))
}

struct EndUserRows {
    list: String,
    published: Option<String>,
    seen: HashSet<String>,
}

impl RowReader for EndUserRows {
    fn take(&mut self, rows: &mut CsvRows, rec: StringRecord, line: u64) {
        let get = |c: &str| rows.get(&rec, c);
        let name = squash(get("name"));
        if name.is_empty() {
            rows.push(Err(rows.record_error(line, "name", "empty name")));
            return;
        }
        let id = match get("id") {
            "" => crate::us_1260h::company_key(&name),
            own => own.to_string(),
        };
        if !self.seen.insert(id.clone()) {
            let err = rows.record_error(line, "name", format!("`{id}` is listed twice"));
            rows.push(Err(err));
            return;
        }
        let country = get("country");
        let code = if country.is_empty() {
            None
        } else {
            match country_code(country) {
                Some(c) => Some(c),
                None => {
                    let err = rows.record_error(
                        line,
                        "country",
                        format!("`{country}` is not a country name or code"),
                    );
                    rows.push(Err(err));
                    return;
                }
            }
        };
        let schema = if has_legal_form(&name) {
            Schema::Company
        } else {
            Schema::Organization
        };
        let mut e = Entity::from_record(schema, &self.list, &id, self.published.as_deref());
        e.add(Prop::Name, &name);
        for a in split_semicolons(get("aliases")) {
            e.add(Prop::Alias, &a);
        }
        if let Some(c) = code {
            e.add(Prop::Country, &c);
        }
        e.add(Prop::InnCode, get("inn"));
        e.add(Prop::OgrnCode, get("ogrn"));
        e.add(Prop::Notes, &squash(get("reason")));
        e.add(Prop::Program, PROGRAM);
        rows.push(Ok(e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert!(is_end_user_header("name,country,inn,ogrn,aliases,reason"));
        assert!(is_end_user_header("\"Name\",\"Reason\""));
        assert!(!is_end_user_header("name,country"));
        assert!(!is_end_user_header("id,name,schema,country,reason"));
    }
}
