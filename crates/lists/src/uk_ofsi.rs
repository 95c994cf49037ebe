//! UK OFSI consolidated list of financial sanctions targets, CSV.
//!
//! Written from the published format: a first line `Last Updated,DD/MM/YYYY` (the
//! publication date), then the header `Name 6,Name 1,…,Group ID`, then ONE ROW PER NAME: all
//! rows with the same `Group ID` are one target. `Name 6` is the surname (or the whole name of
//! an entity or ship), `Name 1`–`Name 5` the given names.
//!
//! Grouping while streaming: the published file is sorted by name, not by group, so a group's
//! rows need not be adjacent. [`open`] therefore scans the `Group ID` column once to count
//! each group's rows; the second pass emits a group as soon as its last row has been read.
//! A file ordered by group streams with one group in memory; a name-sorted file holds the
//! groups still open (at worst the whole list, a few megabytes).
//!
//! Ids: `uk-ofsi-{Group ID}`. Mapping per row: `Alias Type` "Primary name" → `name`, "FKA" →
//! `previousName`, "Primary name variation" → `alias`, "AKA" → `alias` or, with `Alias
//! Quality` "Low quality", `weakAlias`; `Name Non-Latin Script` → `alias`; `Group Type`
//! Individual → Person, Entity → Organization (Company with a legal form in the name), Ship →
//! Vessel; `DOB` (DD/MM/YYYY, `00` for unknown parts) → `birthDate`; town and country of birth
//! → `birthPlace`; `Nationality` → `nationality`; `Passport Number` → `passportNumber`;
//! `National Identification Number` → `idNumber`; `Position` → `position`; `Address 1`–`6`,
//! post code and `Country` → `address` and `country`; `Regime` → `program`; `Listed On` →
//! `listingDate`; `Other Information` → `notes`, `Title` → `notes` as `title: …`. Fields
//! holding several values as `(1) … (2) …` are split.
//!
//! What the real file (the ConList of 10 April 2025: 18,796 name rows, 4,686 groups) taught,
//! beyond the published format the first fixtures were written from: a group may have several
//! "Primary name" rows (468 groups do; the later ones become aliases); the first line is
//! `Last Updated,10/04/2025` padded with empty cells to the header's width; and the
//! identifiers are not loose text but labelled parts of `Other Information`, `(Label):value`
//! one after another ([`labelled_parts`]): `(IMO number):7408873`, `(Flag of ship):North
//! Korea`, `(Type of ship):Oil tanker`, `(Gender):Male`, `(Phone number)`, `(Email address)`,
//! `(Website)`, and `(Business Reg No):(1) OGRN – 1125261000040 (2) INN – 5261079332 (3) KPP -
//! 526101001`, with dashes between label and number, or the number first (`9709056472 -
//! Russia INN`). Ships therefore get `imoNumber`, `flag` and `type` from their labels; numbers
//! in `Business Reg No` become `innCode` or `ogrnCode` when their check digits hold and
//! `registrationNumber` otherwise; an "INN …"/"OGRN …" written in running text is still read
//! (dashes allowed).
//!
//! Errors: a row with the wrong number of columns or without a `Group ID` is a
//! [`ListError::Record`] with line and column; a short last row (file cut inside it) is
//! [`ListError::Fatal`].

use crate::input::{first_file, list_id, open_input};
use crate::queued::{
    count_keys, csv_reader, header_names, last_of_group, read_row, CsvRows, RowReader, RowStream,
};
use crate::values::{
    add_nationality, add_row_values, country_code, drop_names_repeated_as_aliases, has_legal_form,
    inn_checks, join_squashed, squash,
};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use csv::StringRecord;
use std::collections::HashMap;

/// The list id of the UK OFSI consolidated list.
pub const LIST: &str = "uk-ofsi";

/// `DD/MM/YYYY` (with `00` for an unknown day or month) → ISO `YYYY-MM-DD`, `YYYY-MM` or
/// `YYYY`; `None` for anything else.
pub fn uk_date(s: &str) -> Option<String> {
    let mut it = s.trim().split('/');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    let (d, m, y): (u32, u32, u32) = (
        d.trim().parse().ok()?,
        m.trim().parse().ok()?,
        y.parse().ok()?,
    );
    if y == 0 || m > 12 || d > 31 {
        return None;
    }
    Some(match (m, d) {
        (0, _) => format!("{y:04}"),
        (m, 0) => format!("{y:04}-{m:02}"),
        (m, d) => format!("{y:04}-{m:02}-{d:02}"),
    })
}

/// Splits a field that lists several values as `(1) a (2) b` into `["a", "b"]`; a field
/// without numbering is one value.
pub fn split_numbered(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    if !rest.starts_with('(') {
        let v = squash(rest);
        return if v.is_empty() { out } else { vec![v] };
    }
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(')') else { break };
        if !after[..close].trim().bytes().all(|b| b.is_ascii_digit()) || close == 0 {
            break;
        }
        let body = &after[close + 1..];
        // The value runs to the next "(digits)".
        let mut end = body.len();
        let mut search = 0;
        while let Some(p) = body[search..].find('(') {
            let at = search + p;
            let tail = &body[at + 1..];
            if let Some(c) = tail.find(')') {
                if c > 0 && tail[..c].trim().bytes().all(|b| b.is_ascii_digit()) {
                    end = at;
                    break;
                }
            }
            search = at + 1;
        }
        let v = squash(&body[..end]);
        if !v.is_empty() {
            out.push(v);
        }
        rest = &body[end..];
        if end == body.len() {
            break;
        }
    }
    if out.is_empty() {
        let v = squash(s);
        if !v.is_empty() {
            out.push(v);
        }
    }
    out
}

/// The first number of one of the lengths `lens` written after the word `label` in a text
/// ("IMO: 9123456", "IMO number 9123456", "INN 7701234567"); letters, `:` and `.` between the
/// label and the digits are skipped.
fn find_code(text: &str, label: &str, lens: &[usize]) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let mut from = 0;
    while let Some(p) = upper[from..].find(label) {
        let at = from + p;
        let start = at + label.len();
        let word_start = !matches!(upper[..at].chars().next_back(), Some(c) if c.is_alphabetic());
        let word_end = !upper[start..].starts_with(|c: char| c.is_ascii_alphabetic());
        if word_start && word_end {
            let digits: String = upper[start..]
                .trim_start_matches(|c: char| {
                    matches!(c, ':' | '.' | '#' | '-' | '–' | '—')
                        || c.is_whitespace()
                        || c.is_ascii_alphabetic()
                })
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if lens.contains(&digits.len()) {
                return Some(digits);
            }
        }
        from = start;
    }
    None
}

/// The labelled parts of OFSI's `Other Information` text, `(Label):value` one after another
/// (`(UK Sanctions List Ref):RUS1831. (Gender):Male (IMO number):7408873`), as (label, value)
/// pairs in order; the value runs to the next `(Label):`. Text before the first label is left
/// out (it stays in `notes` with the rest).
pub fn labelled_parts(info: &str) -> Vec<(&str, &str)> {
    // Start and end of every "(Label):" whose label is words only.
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    let mut from = 0;
    while let Some(p) = info[from..].find("):") {
        let close = from + p;
        if let Some(open) = info[..close].rfind('(') {
            let label = &info[open + 1..close];
            let wordy = !label.trim().is_empty()
                && label.len() <= 40
                && label
                    .chars()
                    .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'');
            if wordy {
                marks.push((open, close + 2, label.trim()));
            }
        }
        from = close + 2;
    }
    marks
        .iter()
        .enumerate()
        .map(|(i, (_, value_start, label))| {
            let end = marks.get(i + 1).map_or(info.len(), |m| m.0);
            (*label, info[*value_start..end].trim())
        })
        .collect()
}

/// Whether a 13- or 15-digit number has valid OGRN (Russian state registration number)
/// check digits.
fn ogrn_checks(digits: &str) -> bool {
    let (body, check, modulus) = match digits.len() {
        13 => (&digits[..12], &digits[12..], 11u64),
        15 => (&digits[..14], &digits[14..], 13u64),
        _ => return false,
    };
    match (body.parse::<u64>(), check.parse::<u64>()) {
        (Ok(b), Ok(c)) => b % modulus % 10 == c,
        _ => false,
    }
}

/// The runs of digits in a text, in order.
fn digit_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
}

/// Reads the labelled parts of `Other Information` that the model has properties for: gender,
/// phone, email, website, a ship's IMO number, flag and type, and Russian INN/OGRN numbers
/// (recognised by their check digits) in `Business Reg No`; other registration numbers there
/// → `registrationNumber`.
fn add_labelled(e: &mut Entity, info: &str) {
    for (label, value) in labelled_parts(info) {
        let value = value.trim_end_matches(['.', ';', ',']).trim();
        match label.to_ascii_lowercase().as_str() {
            "gender" if e.schema == Schema::Person => {
                e.add(Prop::Gender, &value.to_lowercase());
            }
            "phone number" | "tel" => {
                for v in split_numbered(value) {
                    e.add(Prop::Phone, &v);
                }
            }
            "email address" => {
                for v in split_numbered(value) {
                    e.add(Prop::Email, &v);
                }
            }
            "website" => {
                for v in split_numbered(value) {
                    e.add(Prop::Website, &v);
                }
            }
            "imo number" => {
                if let Some(imo) = digit_runs(value).find(|r| r.len() == 7) {
                    e.add(Prop::ImoNumber, imo);
                }
            }
            "flag of ship" => {
                if let Some(code) = country_code(value) {
                    e.add(Prop::Flag, &code);
                }
            }
            "type of ship" => {
                e.add(Prop::Type, value);
            }
            "business reg no" => {
                for item in split_numbered(value) {
                    let mut russian = false;
                    for run in digit_runs(&item) {
                        if (run.len() == 10 || run.len() == 12) && inn_checks(run) {
                            e.add(Prop::InnCode, run);
                            russian = true;
                        } else if ogrn_checks(run) {
                            e.add(Prop::OgrnCode, run);
                            russian = true;
                        }
                    }
                    if !russian {
                        e.add(Prop::RegistrationNumber, &item);
                    }
                }
            }
            _ => {}
        }
    }
}

fn cell(rec: &StringRecord, i: usize) -> &str {
    rec.get(i)
        .map(|s| s.trim_start_matches('\u{feff}').trim())
        .unwrap_or("")
}

fn is_header(rec: &StringRecord) -> bool {
    cell(rec, 0) == "Name 6" && rec.iter().any(|f| f.trim() == "Group ID")
}

/// Opens a UK OFSI consolidated list CSV (plain or gzip) as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    let file = first_file(source, "no file given for the UK OFSI list")?;
    let mut rdr = csv_reader(open_input(&file)?, b',');
    let mut published = source.published.clone();
    let mut header = None;
    for _ in 0..2 {
        let Some(row) = read_row(&mut rdr, &file, &[] as &[&str])? else {
            break;
        };
        if cell(&row, 0).eq_ignore_ascii_case("Last Updated") {
            if let Some(d) = uk_date(cell(&row, 1)) {
                published = Some(d);
            }
            continue;
        }
        header = Some(row).filter(is_header);
        break;
    }
    let Some(header) = header else {
        return Err(ListError::Unrecognised {
            file,
            message: "no OFSI header (`Name 6,Name 1,…,Group ID`) in the first two lines".into(),
        });
    };
    let names = header_names(&header);
    let rows = CsvRows::new(rdr, file.clone(), names.clone(), names);
    let width = rows.names().len();
    let group_col = rows.column("Group ID").unwrap_or(width - 1);
    // The first pass: rows per group.
    let remaining = count_keys(
        csv_reader(open_input(&file)?, b','),
        &file,
        width,
        is_header,
        |rec| cell(rec, group_col).to_string(),
    )?;
    let reader = OfsiRows {
        group_col,
        list: list_id(source, LIST),
        published,
        remaining,
        open: HashMap::new(),
        open_order: Vec::new(),
    };
    Ok(Box::new(RowStream::new(rows, reader)))
}

/// The rows of an OFSI file, one name each, gathered into one entity per group.
struct OfsiRows {
    group_col: usize,
    list: String,
    published: Option<String>,
    /// Rows still to come per group.
    remaining: HashMap<String, u32>,
    /// Groups with rows read and rows to come.
    open: HashMap<String, Entity>,
    open_order: Vec<String>,
}

/// A group's entity is complete: give it a name if only aliases were listed.
fn finish(mut e: Entity) -> Entity {
    drop_names_repeated_as_aliases(&mut e);
    if e.first(Prop::Name).is_none() {
        let first = e
            .first(Prop::Alias)
            .or_else(|| e.first(Prop::WeakAlias))
            .map(str::to_string);
        if let Some(n) = first {
            e.add(Prop::Name, &n);
        }
    }
    e
}

impl RowReader for OfsiRows {
    fn is_header(&self, row: &StringRecord) -> bool {
        is_header(row)
    }

    fn take(&mut self, rows: &mut CsvRows, rec: StringRecord, line: u64) {
        let group = cell(&rec, self.group_col).to_string();
        if group.is_empty() {
            let err =
                rows.record_error(line, "Group ID", "empty group id; the row cannot be placed");
            rows.push(Err(err));
            return;
        }
        let row = self.map_row(rows, &group, &rec);
        let acc = match self.open.remove(&group) {
            Some(mut acc) => {
                merge(&mut acc, row);
                acc
            }
            None => {
                self.open_order.push(group.clone());
                row
            }
        };
        if last_of_group(&mut self.remaining, &group) {
            self.open_order.retain(|g| *g != group);
            rows.push(Ok(finish(acc)));
        } else {
            self.open.insert(group, acc);
        }
    }

    fn finish(&mut self, rows: &mut CsvRows) {
        for g in std::mem::take(&mut self.open_order) {
            if let Some(e) = self.open.remove(&g) {
                rows.push(Ok(finish(e)));
            }
        }
    }
}

impl OfsiRows {
    /// The trimmed value of column `col`, without a byte-order mark.
    fn get<'r>(rows: &CsvRows, rec: &'r StringRecord, col: &str) -> &'r str {
        rows.column(col).map(|i| cell(rec, i)).unwrap_or("")
    }

    fn map_row(&self, rows: &CsvRows, group: &str, rec: &StringRecord) -> Entity {
        let get = |col: &str| Self::get(rows, rec, col);
        let name = join_squashed(
            ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"].map(get),
            " ",
        );
        let schema = match get("Group Type").to_ascii_lowercase().as_str() {
            "individual" => Schema::Person,
            "ship" => Schema::Vessel,
            "entity" if has_legal_form(&name) => Schema::Company,
            "entity" => Schema::Organization,
            _ => Schema::LegalEntity,
        };
        let mut e = Entity::from_record(schema, &self.list, group, self.published.as_deref());
        let alias_type = get("Alias Type").to_ascii_lowercase();
        let quality = get("Alias Quality").to_ascii_lowercase();
        let prop = match alias_type.as_str() {
            "primary name" => Prop::Name,
            "fka" | "f.k.a." | "formerly known as" => Prop::PreviousName,
            _ if quality.starts_with("low") => Prop::WeakAlias,
            _ => Prop::Alias,
        };
        e.add(prop, &name);
        e.add(Prop::Alias, &squash(get("Name Non-Latin Script")));
        for d in split_numbered(get("DOB")) {
            match uk_date(&d) {
                Some(iso) => e.add(Prop::BirthDate, &iso),
                None => e.add(Prop::BirthDate, &d),
            };
        }
        let birth = join_squashed(["Town of Birth", "Country of Birth"].map(get), ", ");
        e.add(Prop::BirthPlace, &birth);
        for n in split_numbered(get("Nationality")) {
            add_nationality(&mut e, &n);
        }
        for p in split_numbered(get("Passport Number")) {
            e.add(Prop::PassportNumber, &p);
        }
        for p in split_numbered(get("National Identification Number")) {
            e.add(Prop::IdNumber, &p);
        }
        for p in split_numbered(get("Position")) {
            e.add(Prop::Position, &p);
        }
        let address = [
            "Address 1",
            "Address 2",
            "Address 3",
            "Address 4",
            "Address 5",
            "Address 6",
            "Post/Zip Code",
            "Country",
        ]
        .map(get);
        e.add(Prop::Address, &join_squashed(address, ", "));
        if let Some(code) = country_code(get("Country")) {
            e.add(Prop::Country, &code);
        }
        e.add(Prop::Program, &squash(get("Regime")));
        if let Some(d) = uk_date(get("Listed On")) {
            e.add(Prop::ListingDate, &d);
        }
        let info = get("Other Information");
        e.add(Prop::Notes, info);
        let title = squash(get("Title"));
        if !title.is_empty() {
            e.add(Prop::Notes, &format!("title: {title}"));
        }
        add_labelled(&mut e, info);
        if schema == Schema::Vessel {
            if let Some(imo) = find_code(info, "IMO", &[7]) {
                e.add(Prop::ImoNumber, &imo);
            }
        } else if schema != Schema::Person {
            if let Some(inn) = find_code(info, "INN", &[10, 12]) {
                e.add(Prop::InnCode, &inn);
            }
            if let Some(ogrn) = find_code(info, "OGRN", &[13, 15]) {
                e.add(Prop::OgrnCode, &ogrn);
            }
        }
        e
    }
}

/// Adds a later row of a group to the entity built so far; a second primary name becomes an
/// alias, and a more specific schema wins over LegalEntity.
fn merge(acc: &mut Entity, row: Entity) {
    if acc.schema == Schema::LegalEntity
        || (acc.schema == Schema::Organization && row.schema == Schema::Company)
    {
        acc.schema = row.schema;
    }
    add_row_values(acc, row, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(uk_date("14/03/1965").as_deref(), Some("1965-03-14"));
        assert_eq!(uk_date("00/00/1962").as_deref(), Some("1962"));
        assert_eq!(uk_date("00/05/1962").as_deref(), Some("1962-05"));
        assert_eq!(uk_date("1962"), None);
    }

    #[test]
    fn numbered_fields() {
        assert_eq!(
            split_numbered("(1) Russia (2) Ukraine"),
            ["Russia", "Ukraine"]
        );
        assert_eq!(split_numbered("Russia"), ["Russia"]);
        assert_eq!(
            split_numbered("(1) Director (Finance) (2) Owner"),
            ["Director (Finance)", "Owner"]
        );
        assert!(split_numbered("  ").is_empty());
    }

    #[test]
    fn labelled_other_information() {
        let info = "(UK Sanctions List Ref):DPR0100. Listed as asset of X (OFSI ID: 13635, UN Ref KPe.064) (IMO number):7408873 (Flag of ship):North Korea (Type of ship):Oil tanker";
        let parts = labelled_parts(info);
        let labels: Vec<&str> = parts.iter().map(|p| p.0).collect();
        assert_eq!(
            labels,
            [
                "UK Sanctions List Ref",
                "IMO number",
                "Flag of ship",
                "Type of ship"
            ]
        );
        assert_eq!(parts[1].1, "7408873");
        let mut ship = Entity::from_record(Schema::Vessel, "uk-ofsi", "1", None);
        add_labelled(&mut ship, info);
        assert_eq!(ship.first(Prop::ImoNumber), Some("7408873"));
        assert_eq!(ship.first(Prop::Flag), Some("kp"));
        assert_eq!(ship.first(Prop::Type), Some("Oil tanker"));

        let mut firm = Entity::from_record(Schema::Company, "uk-ofsi", "2", None);
        add_labelled(
            &mut firm,
            "(Business Reg No):(1) OGRN – 1125261000040 (2) INN – 5261079332 (3) KPP - 526101001 (Phone number):(1) +7 495 1 (2) +7 495 2 (Gender):Male",
        );
        assert_eq!(firm.first(Prop::InnCode), Some("5261079332"));
        assert_eq!(firm.first(Prop::OgrnCode), Some("1125261000040"));
        assert_eq!(
            firm.strings(Prop::RegistrationNumber).collect::<Vec<_>>(),
            ["KPP - 526101001"]
        );
        assert_eq!(firm.strings(Prop::Phone).count(), 2);
        assert_eq!(
            firm.first(Prop::Gender),
            None,
            "gender is read for people only"
        );
        assert!(ogrn_checks("1027700132195"));
        assert!(!ogrn_checks("1027700132196"));
    }

    #[test]
    fn codes_in_text() {
        assert_eq!(
            find_code("Vessel. IMO: 9123456. Flag: Panama", "IMO", &[7]).as_deref(),
            Some("9123456")
        );
        assert_eq!(
            find_code("IMO number 9234567", "IMO", &[7]).as_deref(),
            Some("9234567")
        );
        assert_eq!(find_code("no number", "IMO", &[7]), None);
        assert_eq!(
            find_code("BEGINNING 7701234567; INN 7707083893", "INN", &[10, 12]).as_deref(),
            Some("7707083893")
        );
    }
}
