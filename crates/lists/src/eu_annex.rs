//! EU sanctions annexes transcribed from the Official Journal, in OpenSanctions' CSV layout
//! (`datasets/eu/journal_sanctions`; the layout is described in `FORMAT.md` beside the files).
//!
//! One file per legal act: a **consolidated** file `{celex}.csv` (header `celex,recordId,
//! programKey,annex,measure,startDate,reason,schema,name,…`) holds every annex of a framework
//! act such as Regulation 833/2014 (`32014R0833`); an **amendment** file starts
//! `amendedCelex,amendmentCelex,recordId,…`. One row is one listed party in one legal context
//! (annex, programme, measure).
//!
//! List id: from the framework act's CELEX number, `eu-833-2014` for `32014R0833` (see
//! [`list_for_celex`]), so each regulation is its own list and importing one does not remove
//! another; an amendment file is a list of its own (`eu-833-2014-amendment-1745-2024`), since
//! it holds only one amending act's additions. Entity ids: `{list}-{annex}-{recordId}` (`eu-833-2014-IV-1`); a row without a printed
//! entry number (the act prints none, and the layout forbids inventing one) gets
//! `{list}-{annex}-n{hash}` from its name, stable across publications.
//!
//! Programme and annex are kept per entity: `program` holds the `programKey` (`EU-RUS`) and
//! the annex as [`annex_program`] writes it (`Reg. 833/2014 Annex IV`; [`parse_annex_program`]
//! reads it back), so Annex IV rows (military and military-industrial end users) can be told
//! from Annex XLII vessels or Annex III banks. `measure` and `reason` go to `notes`;
//! `startDate` (`12.9.2014`) → `listingDate`.
//!
//! Values: every entity column except `name` may hold several values separated by `;` (quoted
//! CSV-style when a value holds `;`). Countries: `country`, `jurisdiction`, `flag` and
//! `nationality` are mapped to ISO codes where known (`Russian` as a nationality stays as
//! written); each `address` adds the country its last parts name (`…, Hong Kong`, `…, People’s
//! Republic of China`), so Annex IV end users, whose country is printed only in the address,
//! have one. Identifiers: a 10- or 12-digit number with valid INN check digits in `innCode`,
//! `taxNumber` or `registrationNumber` (`7704730655 (Tax ID/INN)`) → `innCode`; 13 or 15 digits
//! in `ogrnCode` → `ogrnCode`; others stay in the column's own property, and columns the model
//! has no property for (`kppCode`, `okpoCode`, `mmsi`, `legalForm`, `incorporationDate`, …) go
//! to `notes` as `label: value`, so nothing printed is lost. Schema `Asset` (a facility, zone
//! or crypto-asset) → LegalEntity with `type` `Asset`; `LegalEntity` → Company when the name
//! carries a legal form.
//!
//! Errors: a row with the wrong number of columns, without a name, with an unknown schema or
//! repeating an entry number of its annex is a [`ListError::Record`] naming the line and the
//! column; a file cut inside its last record is [`ListError::Fatal`].

use crate::input::{first_file, list_id, open_input};
use crate::queued::{csv_reader, expect_header, header_names, CsvRows, RowReader, RowStream};
use crate::values::{
    add_nationality, address_country, country_code, dotted_date, has_legal_form, inn_checks,
    split_semicolons, squash,
};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use csv::StringRecord;
use std::collections::HashSet;

/// The list id when neither the source nor the file's CELEX number gives one.
pub const LIST: &str = "eu-oj";

/// The first columns of a consolidated file's header.
pub(crate) const CONSOLIDATED_HEADER: &str = "celex,recordId,programKey,annex";
/// The first columns of an amendment file's header.
pub(crate) const AMENDMENT_HEADER: &str = "amendedCelex,amendmentCelex,recordId,programKey";

/// The list id of a framework act's CELEX number: `32014R0833` → `eu-833-2014`,
/// `32011D0173` → `eu-d-173-2011` (a CFSP decision); `None` for anything that is not a CELEX
/// number of a legal act (sector 3).
pub fn list_for_celex(celex: &str) -> Option<String> {
    let (year, kind, number) = celex_parts(celex)?;
    Some(match kind {
        'R' => format!("eu-{number}-{year}"),
        other => format!("eu-{}-{number}-{year}", other.to_ascii_lowercase()),
    })
}

/// The act's short citation, `833/2014`, of a CELEX number.
fn act_citation(celex: &str) -> Option<String> {
    let (year, _, number) = celex_parts(celex)?;
    Some(format!("{number}/{year}"))
}

fn celex_parts(celex: &str) -> Option<(&str, char, u32)> {
    let c = celex.trim();
    let rest = c.strip_prefix('3')?;
    let year = rest.get(..4)?;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let kind = rest[4..].chars().next()?;
    if !kind.is_ascii_uppercase() {
        return None;
    }
    let number = &rest[4 + kind.len_utf8()..];
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((year, kind, number.parse().ok()?))
}

/// The programme value that keeps an entity's act and annex: `Reg. 833/2014 Annex IV`.
pub fn annex_program(act: &str, annex: &str) -> String {
    format!("Reg. {act} Annex {annex}")
}

/// The act and annex of a programme value [`annex_program`] wrote (`Reg. 833/2014 Annex IV` →
/// `("833/2014", "IV")`); `None` for any other programme.
pub fn parse_annex_program(program: &str) -> Option<(&str, &str)> {
    let rest = program.strip_prefix("Reg. ")?;
    let (act, annex) = rest.split_once(" Annex ")?;
    (!act.is_empty() && !annex.is_empty()).then_some((act, annex))
}

/// The list id a file's header and first data line give, for format detection: the framework
/// act's (`eu-833-2014`) for a consolidated file; for an amendment file, which holds only the
/// additions and changes of one amending act, the framework's id followed by the amending
/// act's (`eu-833-2014-amendment-1745-2024`), so that importing it never replaces the whole
/// list with the rows of one amendment.
pub(crate) fn list_from_head(header: &str, row: &str) -> Option<String> {
    let mut cells = row.split(',');
    let framework = list_for_celex(cells.next()?)?;
    if header.starts_with(AMENDMENT_HEADER) {
        let amendment = act_citation(cells.next()?)?.replace('/', "-");
        Some(format!("{framework}-amendment-{amendment}"))
    } else {
        Some(framework)
    }
}

fn is_header(rec: &StringRecord) -> bool {
    let first = rec.get(0).map(|s| s.trim_start_matches('\u{feff}').trim());
    matches!(first, Some("celex") | Some("amendedCelex"))
}

/// Opens an EU annex CSV file (plain or gzip) as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    let file = first_file(source, "no file given for the EU annex list")?;
    let mut rdr = csv_reader(open_input(&file)?, b',');
    let header = expect_header(
        &mut rdr,
        &file,
        is_header,
        &format!("the EU annex header (`{CONSOLIDATED_HEADER},…` or `{AMENDMENT_HEADER},…`)"),
    )?;
    let names = header_names(&header);
    for required in ["recordId", "programKey", "annex", "schema", "name"] {
        if !names.iter().any(|n| n == required) {
            return Err(ListError::Unrecognised {
                file,
                message: format!("the EU annex header has no `{required}` column"),
            });
        }
    }
    let celex_col = if names.first().map(String::as_str) == Some("amendedCelex") {
        "amendedCelex"
    } else {
        "celex"
    };
    let rows = CsvRows::new(rdr, file, names.clone(), names).naming_last_column();
    let reader = AnnexRows {
        list: list_id(source, LIST),
        published: source.published.clone(),
        celex_col,
        seen: HashSet::new(),
    };
    Ok(Box::new(RowStream::new(rows, reader)))
}

/// The rows of an annex file, one entity each.
struct AnnexRows {
    list: String,
    published: Option<String>,
    /// The column holding the framework act's CELEX number.
    celex_col: &'static str,
    /// Record keys already read, to refuse a repeated entry number of one annex.
    seen: HashSet<String>,
}

/// A stable short hash of a name (FNV-1a, 64 bits) for rows without an entry number.
fn name_hash(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.to_lowercase().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

/// The digits of a value once spaces are removed (`1 121 402 000 213` → `1121402000213`), when
/// the value starts with a run of digits and spaces of the given lengths.
fn leading_digits(value: &str, lens: &[usize]) -> Option<String> {
    let digits: String = value
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ' ')
        .filter(char::is_ascii_digit)
        .collect();
    lens.contains(&digits.len()).then_some(digits)
}

impl RowReader for AnnexRows {
    fn is_header(&self, row: &StringRecord) -> bool {
        is_header(row)
    }

    fn take(&mut self, rows: &mut CsvRows, rec: StringRecord, line: u64) {
        let get = |col: &str| rows.get(&rec, col);
        let name = squash(get("name"));
        if name.is_empty() {
            rows.push(Err(rows.record_error(line, "name", "empty name")));
            return;
        }
        let annex = get("annex").to_string();
        let record_id = get("recordId").to_string();
        let schema_text = get("schema");
        let schema = match schema_text {
            "Person" => Schema::Person,
            "Company" => Schema::Company,
            "Organization" if has_legal_form(&name) => Schema::Company,
            "Organization" => Schema::Organization,
            "LegalEntity" if has_legal_form(&name) => Schema::Company,
            "LegalEntity" | "Asset" => Schema::LegalEntity,
            "Vessel" => Schema::Vessel,
            other => {
                let err = rows.record_error(
                    line,
                    "schema",
                    format!("unknown schema `{other}` (expected Person, LegalEntity, Organization, Company, Vessel or Asset)"),
                );
                rows.push(Err(err));
                return;
            }
        };
        let annex_key = if annex.is_empty() { "0" } else { &annex };
        let key = if record_id.is_empty() {
            format!("{annex_key}-n{}", name_hash(&name))
        } else {
            format!("{annex_key}-{record_id}")
        };
        if !self.seen.insert(key.clone()) {
            let (field, message) = if record_id.is_empty() {
                (
                    "name",
                    format!(
                        "`{name}` is listed twice in annex {annex_key} without an entry number"
                    ),
                )
            } else {
                (
                    "recordId",
                    format!("entry {record_id} of annex {annex_key} is listed twice"),
                )
            };
            rows.push(Err(rows.record_error(line, field, message)));
            return;
        }
        let mut e = Entity::from_record(schema, &self.list, &key, self.published.as_deref());
        e.add(Prop::Name, &name);
        if schema_text == "Asset" {
            e.add(Prop::Type, "Asset");
        }
        let multi = |col: &str| split_semicolons(rows.get(&rec, col));
        for a in multi("alias") {
            e.add(Prop::Alias, &a);
        }
        for a in multi("weakAlias") {
            e.add(Prop::WeakAlias, &a);
        }
        for a in multi("previousName") {
            e.add(Prop::PreviousName, &a);
        }
        e.add(Prop::Program, get("programKey"));
        if let Some(act) = act_citation(get(self.celex_col)) {
            if !annex.is_empty() {
                e.add(Prop::Program, &annex_program(&act, &annex));
            }
        }
        let measure = get("measure");
        if !measure.is_empty() {
            e.add(Prop::Notes, &format!("measure: {measure}"));
        }
        e.add(Prop::Notes, &squash(get("reason")));
        let start = get("startDate");
        match dotted_date(start) {
            Some(d) => e.add(Prop::ListingDate, &d),
            None if !start.is_empty() => e.add(Prop::Notes, &format!("startDate: {start}")),
            None => false,
        };
        for (col, prop) in [
            ("country", Prop::Country),
            ("jurisdiction", Prop::Jurisdiction),
            ("flag", Prop::Flag),
        ] {
            for v in multi(col) {
                match country_code(&v) {
                    Some(code) => e.add(prop, &code),
                    None => e.add(Prop::Notes, &format!("{col}: {v}")),
                };
            }
        }
        for v in multi("nationality") {
            add_nationality(&mut e, &v);
        }
        for a in multi("address") {
            if let Some(code) = address_country(&a) {
                e.add(Prop::Country, &code);
            }
            e.add(Prop::Address, &a);
        }
        for d in multi("birthDate") {
            match dotted_date(&d) {
                Some(iso) => e.add(Prop::BirthDate, &iso),
                None => e.add(Prop::BirthDate, &d),
            };
        }
        for (col, prop) in [
            ("birthPlace", Prop::BirthPlace),
            ("position", Prop::Position),
            ("passportNumber", Prop::PassportNumber),
            ("idNumber", Prop::IdNumber),
            ("leiCode", Prop::LeiCode),
            ("swiftBic", Prop::SwiftBic),
            ("imoNumber", Prop::ImoNumber),
            ("phone", Prop::Phone),
            ("email", Prop::Email),
            ("website", Prop::Website),
            ("notes", Prop::Notes),
        ] {
            for v in multi(col) {
                e.add(prop, &v);
            }
        }
        for g in multi("gender") {
            e.add(Prop::Gender, &g.to_lowercase());
        }
        for (col, fallback) in [
            ("innCode", Prop::InnCode),
            ("taxNumber", Prop::TaxNumber),
            ("registrationNumber", Prop::RegistrationNumber),
        ] {
            for v in multi(col) {
                match leading_digits(&v, &[10, 12]).filter(|d| inn_checks(d)) {
                    Some(inn) => e.add(Prop::InnCode, &inn),
                    None => e.add(fallback, &v),
                };
            }
        }
        for v in multi("ogrnCode") {
            match leading_digits(&v, &[13, 15]) {
                Some(ogrn) => e.add(Prop::OgrnCode, &ogrn),
                None => e.add(Prop::RegistrationNumber, &v),
            };
        }
        for col in [
            "kppCode",
            "okpoCode",
            "mmsi",
            "ticker",
            "legalForm",
            "sector",
            "incorporationDate",
            "appearance",
            "ethnicity",
            "fatherName",
            "motherName",
        ] {
            for v in multi(col) {
                e.add(Prop::Notes, &format!("{col}: {v}"));
            }
        }
        rows.push(Ok(e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn celex_numbers() {
        assert_eq!(list_for_celex("32014R0833").as_deref(), Some("eu-833-2014"));
        assert_eq!(list_for_celex("32006R0765").as_deref(), Some("eu-765-2006"));
        assert_eq!(
            list_for_celex("32011D0173").as_deref(),
            Some("eu-d-173-2011")
        );
        assert_eq!(list_for_celex("02014R0833-20260717"), None);
        assert_eq!(list_for_celex("celex"), None);
        assert_eq!(act_citation("32014R0269").as_deref(), Some("269/2014"));
    }

    #[test]
    fn annex_programs_round_trip() {
        let p = annex_program("833/2014", "IV");
        assert_eq!(p, "Reg. 833/2014 Annex IV");
        assert_eq!(parse_annex_program(&p), Some(("833/2014", "IV")));
        assert_eq!(parse_annex_program("EU-RUS"), None);
    }

    #[test]
    fn identifiers() {
        assert_eq!(
            leading_digits("7704730655 (Tax ID/INN)", &[10, 12]).as_deref(),
            Some("7704730655")
        );
        assert_eq!(
            leading_digits("1 121 402 000 213", &[13, 15]).as_deref(),
            Some("1121402000213")
        );
        assert_eq!(leading_digits("Passport 717637093", &[10]), None);
        assert_ne!(name_hash("A"), name_hash("B"));
        assert_eq!(name_hash("Shenzhen X"), name_hash("SHENZHEN X"));
    }
}
