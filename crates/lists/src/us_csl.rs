//! trade.gov Consolidated Screening List (CSL), CSV, plain or gzip-compressed.
//!
//! The CSL merges eleven US government lists; the `source` column names the sub-list
//! ("Entity List (EL) - Bureau of Industry and Security"), which becomes a `program` value with
//! its short code (`EL`, `SDN`, `DPL`, `MEU`, `UVL`, `NS-MBS`…) next to the values of the
//! `programs` column, so statistics can count entities per sub-list.
//!
//! Ids: `us-csl-{_id}`. One party may appear in several sub-lists under the same `_id` (an
//! OFAC entry on both SDN and CAPTA, say); those rows are merged into one entity whose
//! `program` lists every sub-list, and a different spelling of the name becomes an alias. To
//! merge while streaming, [`open`] first scans the `_id` column once; rows whose id occurs
//! again are held back until their last row has been read, all other rows stream straight
//! through. Memory is bounded by the repeated ids, not by the file.
//!
//! Schemata: `type` Individual → Person, Entity → Organization (Company when the name carries
//! a legal form such as LLC, GmbH, ООО, 有限公司), Vessel → Vessel, Aircraft → Airplane, empty →
//! LegalEntity (Company when the name carries a legal form).
//!
//! File quirks handled: gzip is detected by its magic bytes (`1f 8b`); a repeated header line
//! is skipped; a row with the wrong number of columns is a [`ListError::Record`] naming the
//! line and the first missing (or the extra) column; a file cut inside its last record (a
//! final short row: the file ended inside a quoted field or mid-line) is a
//! [`ListError::Fatal`] at the line where that record starts, after every complete row has
//! been delivered.

use crate::input::{first_file, list_id, open_input};
use crate::queued::{
    count_keys, csv_reader, expect_header, header_names, CsvRows, RowReader, RowStream,
};
use crate::values::{
    add_nationality, add_row_values, country_code, date_part, drop_names_repeated_as_aliases,
    has_legal_form, squash,
};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use csv::StringRecord;
use std::collections::HashMap;

/// The list id of the Consolidated Screening List.
pub const LIST: &str = "us-csl";

/// The short code of a CSL sub-list: the text in parentheses without a trailing ` List`
/// ("Entity List (EL) - Bureau of Industry and Security" → `EL`,
/// "Non-SDN Menu-Based Sanctions List (NS-MBS List) - …" → `NS-MBS`); the whole text if it has
/// no parentheses.
pub fn sub_list_code(source: &str) -> String {
    let s = source.trim();
    if let (Some(a), Some(b)) = (s.find('('), s.find(')')) {
        if a < b {
            let inner = s[a + 1..b].trim();
            return inner
                .strip_suffix(" List")
                .unwrap_or(inner)
                .trim()
                .to_string();
        }
    }
    s.to_string()
}

/// What an identifier label of the `ids` column means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdKind {
    Passport,
    Tax,
    Registration,
    National,
    Swift,
    Lei,
    Imo,
    Website,
    Email,
    Phone,
    Gender,
    Nationality,
    Model,
}

fn id_kind(label: &str) -> Option<IdKind> {
    let l = label
        .trim()
        .trim_end_matches([':', '-', ' '])
        .to_lowercase();
    if l.bytes().any(|b| b.is_ascii_digit()) {
        return None; // a value such as "IMO 8898831", not a label
    }
    let has = |s: &str| l.contains(s);
    let kind = if l == "nationality of registration"
        || has("former")
        || has("operator")
        || has("serial number")
    {
        return None;
    } else if has("passport") {
        IdKind::Passport
    } else if has("imo") || l == "vessel registration identification" {
        IdKind::Imo
    } else if has("swift") {
        IdKind::Swift
    } else if l == "legal entity number" || l == "lei" || has("legal entity identifier") {
        IdKind::Lei
    } else if l == "website" {
        IdKind::Website
    } else if l == "email address" || l == "email" {
        IdKind::Email
    } else if has("phone") || l == "fax" {
        IdKind::Phone
    } else if l == "gender" {
        IdKind::Gender
    } else if l == "nationality country" {
        IdKind::Nationality
    } else if l == "aircraft model" {
        IdKind::Model
    } else if has("tax id")
        || has("tax identification")
        || has("fiscal code")
        || has("taxpayer")
        || [
            "nit #",
            "r.f.c.",
            "rfc",
            "ruc #",
            "c.u.i.t.",
            "c.u.i.l.",
            "cuit",
            "inn",
            "vat number",
        ]
        .contains(&l.as_str())
    {
        IdKind::Tax
    } else if has("registration")
        || has("registry")
        || has("company number")
        || has("chamber of commerce")
        || has("enterprise number")
        || has("credit code")
        || has("gazette")
        || has("c.r. no")
        || has("mercantil")
        || has("business number")
        || l == "aircraft tail number"
        || l == "ogrn"
    {
        IdKind::Registration
    } else if has("national id")
        || has("identification number")
        || has("id no")
        || has("id card")
        || has("cedula")
        || has("d.n.i")
        || has("c.u.r.p")
        || l == "ssn"
        || has("travel document")
        || has("personal id")
        || has("identity")
    {
        IdKind::National
    } else {
        return None;
    };
    Some(kind)
}

fn is_dateish(s: &str) -> bool {
    date_part(s).is_some_and(|d| d.len() >= 7) || {
        let parts: Vec<&str> = s.split_whitespace().collect();
        parts.len() == 3 && parts[2].len() == 4 && parts[2].bytes().all(|b| b.is_ascii_digit())
    }
}

/// Parses the `ids` column ("Tax ID No., 7707083893, RU; Passport, K048787" — older exports
/// write each item back to front: "RU, 7707083893, Tax ID No.") into properties.
fn add_ids(e: &mut Entity, ids: &str) {
    for item in ids.split(';') {
        let parts: Vec<&str> = item
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() < 2 {
            continue;
        }
        let (kind, rest) = if let Some(k) = id_kind(parts[0]) {
            (k, &parts[1..])
        } else if let Some(k) = id_kind(parts[parts.len() - 1]) {
            (k, &parts[..parts.len() - 1])
        } else {
            continue;
        };
        let is_cc = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_uppercase());
        let country = if rest.len() > 1 {
            rest.iter().copied().find(|p| is_cc(p))
        } else {
            None
        };
        let Some(value) = rest
            .iter()
            .copied()
            .find(|p| Some(*p) != country && !is_dateish(p))
        else {
            continue;
        };
        let digits = value.bytes().all(|b| b.is_ascii_digit());
        let ru = country == Some("RU");
        let prop = match kind {
            IdKind::Passport => Prop::PassportNumber,
            IdKind::Tax if ru && digits && (value.len() == 10 || value.len() == 12) => {
                Prop::InnCode
            }
            IdKind::Tax => Prop::TaxNumber,
            IdKind::Registration if ru && digits && (value.len() == 13 || value.len() == 15) => {
                Prop::OgrnCode
            }
            IdKind::Registration => Prop::RegistrationNumber,
            IdKind::National => Prop::IdNumber,
            IdKind::Swift => Prop::SwiftBic,
            IdKind::Lei => Prop::LeiCode,
            IdKind::Website => Prop::Website,
            IdKind::Email => Prop::Email,
            IdKind::Phone => Prop::Phone,
            IdKind::Model => Prop::Type,
            IdKind::Gender => {
                e.add(Prop::Gender, &value.to_lowercase());
                continue;
            }
            IdKind::Nationality => {
                add_nationality(e, value);
                continue;
            }
            IdKind::Imo => {
                let v = value.trim_start_matches("IMO").trim();
                if v.bytes().all(|b| b.is_ascii_digit()) {
                    e.add(Prop::ImoNumber, v);
                } else {
                    e.add(Prop::IdNumber, value);
                }
                continue;
            }
        };
        e.add(prop, value);
    }
}

/// A CSL date of birth as ISO dates: `1962-08-06`, `1962`, `circa 1962` → `1962`,
/// `1969 to 1971` → each year (both ends only for spans over ten years); other text as is.
fn birth_dates(raw: &str) -> Vec<String> {
    let d = raw.trim();
    let d = d.strip_prefix("circa ").unwrap_or(d).trim();
    if let Some((a, b)) = d.split_once(" to ") {
        if let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
            if a <= b && b - a <= 10 {
                return (a..=b).map(|y| y.to_string()).collect();
            }
            return vec![a.to_string(), b.to_string()];
        }
    }
    match date_part(d) {
        Some(iso) if iso.len() == d.len() => vec![iso],
        _ => vec![d.to_string()],
    }
}

fn is_header(rec: &StringRecord) -> bool {
    rec.get(0).map(|s| s.trim_start_matches('\u{feff}').trim()) == Some("_id")
}

/// Opens a CSL CSV file as a stream of entities (see the module documentation).
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    let file = first_file(source, "no file given for the Consolidated Screening List")?;
    let mut rdr = csv_reader(open_input(&file)?, b',');
    let header = expect_header(
        &mut rdr,
        &file,
        is_header,
        "the CSL header (`_id,source,entity_number,type,…`)",
    )?;
    let names = header_names(&header);
    for required in ["source", "name"] {
        if !names.iter().any(|n| n == required) {
            return Err(ListError::Unrecognised {
                file,
                message: format!("the header has no `{required}` column"),
            });
        }
    }
    // The first pass: which ids occur more than once.
    let mut repeats = count_keys(
        csv_reader(open_input(&file)?, b','),
        &file,
        names.len(),
        is_header,
        |rec| rec.get(0).map(str::trim).unwrap_or("").to_string(),
    )?;
    repeats.retain(|_, n| *n > 1);
    let reader = CslRows {
        list: list_id(source, LIST),
        published: source.published.clone(),
        repeats,
        pending: HashMap::new(),
        pending_order: Vec::new(),
    };
    let rows = CsvRows::new(rdr, file, names, Vec::new()).naming_last_column();
    Ok(Box::new(RowStream::new(rows, reader)))
}

/// The rows of a CSL file: rows of an id that occurs once stream straight through, the others
/// are merged and held back until the last row of their id.
struct CslRows {
    list: String,
    published: Option<String>,
    /// Ids that occur on several rows, with the number of rows still to come.
    repeats: HashMap<String, u32>,
    /// Merged entities waiting for more rows of their id.
    pending: HashMap<String, Entity>,
    pending_order: Vec<String>,
}

impl RowReader for CslRows {
    fn is_header(&self, row: &StringRecord) -> bool {
        is_header(row)
    }

    fn take(&mut self, rows: &mut CsvRows, rec: StringRecord, line: u64) {
        let id = rows.get(&rec, "_id").to_string();
        if id.is_empty() {
            rows.push(Err(rows.record_error(
                line,
                "_id",
                "empty id; the record cannot be identified",
            )));
            return;
        }
        let entity = self.map_row(rows, &id, &rec);
        match self.repeats.get_mut(&id) {
            None => rows.push(Ok(entity)),
            Some(left) => {
                *left -= 1;
                let last = *left == 0;
                match self.pending.get_mut(&id) {
                    Some(acc) => merge(acc, entity),
                    None => {
                        self.pending.insert(id.clone(), entity);
                        self.pending_order.push(id.clone());
                    }
                }
                if last {
                    self.repeats.remove(&id);
                    self.pending_order.retain(|x| *x != id);
                    if let Some(e) = self.pending.remove(&id) {
                        rows.push(Ok(e));
                    }
                }
            }
        }
    }

    fn finish(&mut self, rows: &mut CsvRows) {
        for id in std::mem::take(&mut self.pending_order) {
            if let Some(e) = self.pending.remove(&id) {
                rows.push(Ok(e));
            }
        }
    }
}

impl CslRows {
    fn map_row(&self, c: &CsvRows, id: &str, rec: &StringRecord) -> Entity {
        let name = squash(c.get(rec, "name"));
        let schema = match c.get(rec, "type").to_ascii_lowercase().as_str() {
            "individual" => Schema::Person,
            "vessel" => Schema::Vessel,
            "aircraft" => Schema::Airplane,
            "entity" if has_legal_form(&name) => Schema::Company,
            "entity" => Schema::Organization,
            _ if has_legal_form(&name) => Schema::Company,
            _ => Schema::LegalEntity,
        };
        let mut e = Entity::from_record(schema, &self.list, id, self.published.as_deref());
        e.add(Prop::Name, &name);
        let split = |col: &str| {
            c.get(rec, col)
                .split(';')
                .map(squash)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        for alias in split("alt_names") {
            e.add(Prop::Alias, &alias);
        }
        let source = c.get(rec, "source");
        if !source.is_empty() {
            e.add(Prop::Program, &sub_list_code(source));
        }
        for p in split("programs") {
            e.add(Prop::Program, &p);
        }
        e.add(Prop::Position, &squash(c.get(rec, "title")));
        for addr in split("addresses") {
            if let Some(code) = addr.rsplit(',').next().and_then(country_code) {
                e.add(Prop::Country, &code);
            }
            e.add(Prop::Address, &addr);
        }
        if let Some(d) = date_part(c.get(rec, "start_date")) {
            e.add(Prop::ListingDate, &d);
        }
        e.add(Prop::CallSign, c.get(rec, "call_sign"));
        e.add(Prop::Type, c.get(rec, "vessel_type"));
        let flag = c.get(rec, "vessel_flag");
        match country_code(flag) {
            Some(code) => e.add(Prop::Flag, &code),
            None => e.add(Prop::Flag, flag),
        };
        e.add(Prop::Owner, &squash(c.get(rec, "vessel_owner")));
        e.add(Prop::Notes, c.get(rec, "remarks"));
        e.add(Prop::SourceUrl, c.get(rec, "source_information_url"));
        for n in split("citizenships")
            .into_iter()
            .chain(split("nationalities"))
        {
            add_nationality(&mut e, &n);
        }
        for d in split("dates_of_birth") {
            for iso in birth_dates(&d) {
                e.add(Prop::BirthDate, &iso);
            }
        }
        for p in split("places_of_birth") {
            e.add(Prop::BirthPlace, &p);
        }
        add_ids(&mut e, c.get(rec, "ids"));
        drop_names_repeated_as_aliases(&mut e);
        e
    }
}

/// Merges a later row of the same id into `acc`: its values are added (a different name
/// becomes an alias) and a more specific schema wins over LegalEntity.
fn merge(acc: &mut Entity, other: Entity) {
    if acc.schema == Schema::LegalEntity && other.schema != Schema::LegalEntity {
        acc.schema = other.schema;
    }
    add_row_values(acc, other, true);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_date_forms() {
        assert_eq!(birth_dates("1962-08-06"), ["1962-08-06"]);
        assert_eq!(birth_dates("circa 1944"), ["1944"]);
        assert_eq!(birth_dates("1969 to 1971"), ["1969", "1970", "1971"]);
        assert_eq!(birth_dates("unknown"), ["unknown"]);
    }

    #[test]
    fn sub_lists() {
        assert_eq!(
            sub_list_code("Entity List (EL) - Bureau of Industry and Security"),
            "EL"
        );
        assert_eq!(
            sub_list_code("Military End User (MEU) List - Bureau of Industry and Security"),
            "MEU"
        );
        assert_eq!(
            sub_list_code("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department"),
            "NS-MBS"
        );
    }

    #[test]
    fn ids_both_orders() {
        let mut e = Entity::from_record(Schema::Company, "t", "1", None);
        add_ids(
            &mut e,
            "Tax ID No., 7707083893, RU; RU, 1027700132195, Registration Number; JO, 2014-08-30, 2009-08-31, K475336, Passport; \
             SWIFT/BIC, SABRRUMM; Male, Gender; IMO 9688790, Vessel Registration Identification; \
             Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 and/or 589.209, Secondary sanctions risk:",
        );
        assert_eq!(e.first(Prop::InnCode), Some("7707083893"));
        assert_eq!(e.first(Prop::OgrnCode), Some("1027700132195"));
        assert_eq!(e.first(Prop::PassportNumber), Some("K475336"));
        assert_eq!(e.first(Prop::SwiftBic), Some("SABRRUMM"));
        assert_eq!(e.first(Prop::Gender), Some("male"));
        assert_eq!(e.first(Prop::ImoNumber), Some("9688790"));
        assert_eq!(e.value_count(), 6);
    }
}
