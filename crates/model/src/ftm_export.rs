//! Strict FollowTheMoney export: every line is an entity that the `followthemoney` package
//! accepts as it stands (each property exists on its schema and each value cleans to itself).
//!
//! The store keeps entities in Chokepoint's own FtM-shaped lines ([`crate::write_ftm_line`]),
//! where a record's designation (`program`, `listingDate`, `sourceUrl`) sits on the designee.
//! FtM models a designation as a separate `Sanction` entity, so the export writes each record
//! as two lines: the designee with only the properties its FtM schema has, and one `Sanction`
//! (id `{designee id}-sanction`, `entity` pointing at the designee) carrying the programmes,
//! listing dates, source URL and the list's record id. [`crate::parse_ftm_record`] reads such a
//! pair back into one entity.
//!
//! A value that FtM's type would reject or rewrite is normalised where the rewrite is certain
//! (whitespace collapsed, an international phone number written `+digits`, a website given
//! `http://`), otherwise kept as a line of `notes` (`phone: 8 (495) 123-45-67`) so that nothing
//! is lost, or dropped when it has no meaning outside Chokepoint (a country code FtM does not
//! know). Every such change is counted by reason in [`ExportStats`].

use crate::entity::{Entity, Provenance};
use crate::schema::{Prop, Schema};
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The FtM schema of the entity that carries a record's designation.
pub const SANCTION_SCHEMA: &str = "Sanction";

/// The properties that move from a designee to its `Sanction` entity on export.
pub const SANCTION_PROPS: &[Prop] = &[Prop::Program, Prop::ListingDate, Prop::SourceUrl];

/// The id of the `Sanction` entity exported for the designee `entity_id`.
pub fn sanction_id(entity_id: &str) -> String {
    format!("{entity_id}-sanction")
}

/// What the strict export changed or left out, counted by reason (for the user to see).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportStats {
    /// Entities written (designees, not counting their `Sanction` lines).
    pub entities: usize,
    /// `Sanction` entities written.
    pub sanctions: usize,
    /// Values rewritten, moved to `notes` or dropped, by reason.
    pub changes: BTreeMap<String, usize>,
}

impl ExportStats {
    fn count(&mut self, reason: String) {
        *self.changes.entry(reason).or_default() += 1;
    }

    /// Adds another export's counts to these.
    pub fn merge(&mut self, other: &ExportStats) {
        self.entities += other.entities;
        self.sanctions += other.sanctions;
        for (k, v) in &other.changes {
            *self.changes.entry(k.clone()).or_default() += v;
        }
    }
}

/// The FtM type of a property's values, as far as the export must clean them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Address,
    String,
    Text,
    Identifier(Format),
    Country,
    Date,
    Phone,
    Email,
    Url,
    Gender,
}

/// The identifier formats whose check digits FtM verifies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    None,
    Imo,
    Inn,
    Ogrn,
    Lei,
    Bic,
}

fn kind(prop: Prop) -> Kind {
    match prop {
        Prop::Name | Prop::Alias | Prop::WeakAlias | Prop::PreviousName => Kind::Name,
        Prop::Address => Kind::Address,
        Prop::Notes => Kind::Text,
        Prop::Country | Prop::Jurisdiction | Prop::Nationality | Prop::Flag => Kind::Country,
        Prop::BirthDate | Prop::ListingDate => Kind::Date,
        Prop::Phone => Kind::Phone,
        Prop::Email => Kind::Email,
        Prop::Website | Prop::SourceUrl => Kind::Url,
        Prop::Gender => Kind::Gender,
        Prop::ImoNumber => Kind::Identifier(Format::Imo),
        Prop::InnCode => Kind::Identifier(Format::Inn),
        Prop::OgrnCode => Kind::Identifier(Format::Ogrn),
        Prop::LeiCode => Kind::Identifier(Format::Lei),
        Prop::SwiftBic => Kind::Identifier(Format::Bic),
        Prop::RegistrationNumber
        | Prop::TaxNumber
        | Prop::PassportNumber
        | Prop::IdNumber
        | Prop::CallSign => Kind::Identifier(Format::None),
        _ => Kind::String,
    }
}

/// The longest value FtM's type stores (longer values fail its validation).
fn max_len(kind: Kind) -> usize {
    match kind {
        Kind::Name => 384,
        Kind::Address => 250,
        Kind::Identifier(_) => 64,
        Kind::Text => 65_000,
        _ => 1024,
    }
}

/// Whether FtM's schema `schema` has the property `prop` (FtM's schema files: Thing,
/// LegalEntity, Person, Organization, Company, Vehicle, Vessel, Airplane, Address). The
/// designation properties are not asked: they go to the `Sanction` entity.
pub fn ftm_has_property(schema: Schema, prop: Prop) -> bool {
    use Prop::*;
    let thing = matches!(
        prop,
        Name | Alias
            | WeakAlias
            | PreviousName
            | Country
            | Prop::Address
            | Program
            | Notes
            | SourceUrl
    );
    let legal = matches!(
        prop,
        Jurisdiction
            | RegistrationNumber
            | InnCode
            | OgrnCode
            | TaxNumber
            | IdNumber
            | SwiftBic
            | LeiCode
            | Phone
            | Email
            | Website
    );
    thing
        || match schema {
            Schema::LegalEntity => legal,
            Schema::Person => {
                legal
                    || matches!(
                        prop,
                        Nationality | BirthDate | BirthPlace | PassportNumber | Position | Gender
                    )
            }
            Schema::Organization | Schema::Company => legal || prop == ImoNumber,
            Schema::Vessel => matches!(
                prop,
                ImoNumber | Flag | CallSign | Type | RegistrationNumber
            ),
            Schema::Airplane => matches!(prop, Type | RegistrationNumber),
            Schema::Address => false,
        }
}

/// Drops invisible characters (zero-width spaces and joiners, direction marks and embeddings,
/// soft hyphens, word joiners),
/// collapses runs of whitespace and control characters into single spaces and composes the
/// text (Unicode NFC), as FtM does.
fn squash(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s.nfc().collect();
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .filter(|c| {
                    !matches!(
                        c,
                        '\u{200b}'..='\u{200f}'
                            | '\u{feff}'
                            | '\u{ad}'
                            | '\u{202a}'..='\u{202e}'
                            | '\u{2060}'..='\u{2069}'
                    )
                })
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name without the pair of quotes that wraps it (`'Azovsky zavod'`), as FtM reads names.
fn strip_quotes(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'"' | b'\'') && matches!(b[b.len() - 1], b'"' | b'\'') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// An address with FtM's separators: `;` and line breaks as `, `, doubled commas merged.
fn clean_address(s: &str) -> String {
    let mut out = squash(&s.replace(';', ", "));
    loop {
        let next = out
            .replace(",,", ",")
            .replace(", ,", ",")
            .replace(",.", ",")
            .replace(", .", ",");
        if next == out {
            break;
        }
        out = next;
    }
    squash(&out.replace(',', ", "))
}

/// Whether an OGRNIP's (15 digits) remainder modulo 13 is a digit: FtM refuses remainders 11
/// and 12, which the check-digit rule alone would fold to 1 and 2.
fn ogrn_control_is_digit(s: &str) -> bool {
    if s.len() != 15 {
        return true;
    }
    let rem = s[..14]
        .bytes()
        .fold(0u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 13);
    rem <= 10
}

/// An identifier as FtM's format writes it, or `None` when its check digits fail.
fn clean_identifier(format: Format, v: &str) -> Option<String> {
    use chokepoint_refdata::ru_ids;
    let compact: String = v.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    match format {
        Format::None => Some(v.to_string()),
        Format::Imo => {
            let digits = compact
                .strip_prefix("IMO")
                .or_else(|| compact.strip_prefix("imo"))
                .unwrap_or(&compact);
            (digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| format!("IMO{digits}"))
        }
        Format::Inn => ru_ids::inn_checksum_ok(&compact).then_some(compact),
        Format::Ogrn => (!compact.starts_with('0')
            && ogrn_control_is_digit(&compact)
            && ru_ids::ogrn_checksum_ok(&compact))
        .then_some(compact),
        Format::Lei => {
            let up = compact.to_ascii_uppercase();
            let mut rem = 0u32;
            for c in up.chars() {
                let d = c.to_digit(36)?;
                rem = if d >= 10 {
                    (rem * 100 + d) % 97
                } else {
                    (rem * 10 + d) % 97
                };
            }
            (up.len() == 20 && rem == 1).then_some(up)
        }
        Format::Bic => {
            let up = compact.to_ascii_uppercase();
            let b = up.as_bytes();
            let ok = matches!(b.len(), 8 | 11)
                && b[..6].iter().all(u8::is_ascii_alphabetic)
                && chokepoint_refdata::country::by_code(&up[4..6]).is_some();
            // FtM keeps the institution's eight characters, not the branch.
            ok.then(|| up[..8].to_string())
        }
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let year_ok = b.len() >= 4 && digits(0..4) && num(0..4) >= 1000;
    let month_ok = || b[4] == b'-' && digits(5..7) && (1..=12).contains(&num(5..7));
    match b.len() {
        4 => year_ok,
        7 => year_ok && month_ok(),
        10 => {
            year_ok && month_ok() && b[7] == b'-' && digits(8..10) && {
                let (y, m, d) = (num(0..4), num(5..7), num(8..10));
                let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
                let days = match m {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                (1..=days).contains(&d)
            }
        }
        _ => false,
    }
}

fn clean_email(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches("mailto:");
    let (local, domain) = s.rsplit_once('@')?;
    let ok_local = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let tld = domain.rsplit('.').next().unwrap_or("");
    let ok_domain = domain.contains('.')
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    (ok_local && ok_domain).then(|| format!("{local}@{}", domain.to_ascii_lowercase()))
}

fn clean_url(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches(['#', '?']);
    if s.contains(char::is_whitespace) || s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let full = if lower.starts_with("http://") || lower.starts_with("https://") {
        s.to_string()
    } else if lower.contains("://") {
        return None;
    } else {
        format!("http://{s}")
    };
    let (scheme, rest) = full.split_once("://")?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let ok_host = host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    ok_host.then(|| {
        format!(
            "{}://{}{path}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
    })
}

/// The value as FtM's type for `prop` writes it, or why it cannot be written there.
fn clean_value(prop: Prop, value: &str) -> Result<String, &'static str> {
    let v = squash(value);
    if v.is_empty() {
        return Err("blank");
    }
    let k = kind(prop);
    let clean = match k {
        Kind::Text | Kind::String => Ok(v),
        Kind::Name => Ok(squash(strip_quotes(&v))),
        Kind::Address => Ok(clean_address(&v)),
        Kind::Identifier(format) => clean_identifier(format, &v).ok_or("check digits fail"),
        Kind::Country => {
            let code = v.to_ascii_lowercase();
            // FtM reads `an` (the former Netherlands Antilles) as the Netherlands.
            if code.len() == 2
                && code != "an"
                && chokepoint_refdata::country::by_code(&code).is_some()
            {
                Ok(code)
            } else {
                Err("not an FtM country code")
            }
        }
        Kind::Date => {
            if is_date(&v) {
                Ok(v)
            } else {
                Err("not an ISO date")
            }
        }
        // FtM keeps only numbers that libphonenumber finds valid; without its numbering plans
        // the export cannot tell which those are, so every number is kept as a note.
        Kind::Phone => Err("not checked against numbering plans"),
        Kind::Email => clean_email(&v).ok_or("not an e-mail address"),
        Kind::Url => clean_url(&v).ok_or("not a URL"),
        Kind::Gender => match v.to_ascii_lowercase().as_str() {
            "male" | "m" => Ok("male".into()),
            "female" | "f" => Ok("female".into()),
            "other" => Ok("other".into()),
            _ => Err("not male, female or other"),
        },
    }?;
    if clean.is_empty() {
        Err("blank")
    } else if clean.chars().count() > max_len(k) {
        Err("longer than FtM stores")
    } else {
        Ok(clean)
    }
}

/// The codes of a value that names countries (`Estonia, Russia`, `Latvia and Israel`), when
/// every part is a country the table knows.
fn country_names(value: &str) -> Option<Vec<String>> {
    let text = value
        .replace(" and/or ", ",")
        .replace(" and ", ",")
        .replace(" or ", ",");
    let mut codes = Vec::new();
    for part in text.split([',', ';', '/']) {
        let part = part.trim().trim_end_matches('.');
        if part.is_empty() {
            continue;
        }
        let code = chokepoint_refdata::country::lookup(part)?
            .lower()
            .to_string();
        if code == "an" {
            return None;
        }
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    (!codes.is_empty()).then_some(codes)
}

/// Property name → values with their provenance, in the order they will be written.
type Props = BTreeMap<&'static str, Vec<(String, Arc<Provenance>)>>;

fn push(props: &mut Props, name: &'static str, value: String, prov: &Arc<Provenance>) {
    let values = props.entry(name).or_default();
    if !values.iter().any(|(v, _)| *v == value) {
        values.push((value, Arc::clone(prov)));
    }
}

fn prov_json(p: &Provenance) -> Json {
    json!({"list": p.list, "record_id": p.record_id, "published": p.published})
}

/// One FtM line from its parts; `sources`/`source_index` only when a value has a provenance
/// other than the record's (as [`crate::write_ftm_line`] does).
fn line(id: &str, schema: &str, record: &Arc<Provenance>, props: &Props) -> String {
    let mut sources: Vec<Arc<Provenance>> = vec![Arc::clone(record)];
    let mut datasets = vec![record.list.clone()];
    let mut out = Map::new();
    let mut index = Map::new();
    let mut foreign = false;
    for (name, values) in props {
        out.insert(
            (*name).to_string(),
            Json::Array(
                values
                    .iter()
                    .map(|(v, _)| Json::String(v.clone()))
                    .collect(),
            ),
        );
        let mut idx = Vec::with_capacity(values.len());
        for (_, p) in values {
            let i = match sources.iter().position(|s| **s == **p) {
                Some(i) => i,
                None => {
                    sources.push(Arc::clone(p));
                    if !datasets.contains(&p.list) {
                        datasets.push(p.list.clone());
                    }
                    sources.len() - 1
                }
            };
            foreign |= i != 0;
            idx.push(Json::from(i));
        }
        index.insert((*name).to_string(), Json::Array(idx));
    }
    let mut obj = Map::new();
    obj.insert("id".into(), Json::String(id.to_string()));
    obj.insert("schema".into(), Json::String(schema.to_string()));
    obj.insert("properties".into(), Json::Object(out));
    obj.insert("datasets".into(), json!(datasets));
    obj.insert("referents".into(), json!([]));
    obj.insert("record".into(), prov_json(record));
    if foreign {
        obj.insert(
            "sources".into(),
            Json::Array(sources.iter().map(|p| prov_json(p)).collect()),
        );
        obj.insert("source_index".into(), Json::Object(index));
    }
    Json::Object(obj).to_string()
}

/// Writes `entity` as strict FtM JSON lines (without trailing newlines): the designee, then its
/// `Sanction` entity when the record carries a designation (a programme, listing date or source
/// URL). What had to change is counted into `stats`.
pub fn export_ftm_lines(entity: &Entity, stats: &mut ExportStats) -> Vec<String> {
    let schema = entity.schema;
    let mut props = Props::new();
    let mut sanction = Props::new();
    for (prop, values) in entity.properties() {
        let to_sanction = SANCTION_PROPS.contains(&prop);
        let own = to_sanction || ftm_has_property(schema, prop);
        // An aircraft's or vessel's jurisdiction is the country it is registered in.
        let target = if !own && prop == Prop::Jurisdiction {
            stats.count(format!("{schema}.jurisdiction written as country"));
            Prop::Country
        } else {
            prop
        };
        let fits = own || target != prop;
        for v in values {
            match clean_value(target, &v.value) {
                Ok(clean) if fits => {
                    if clean != v.value {
                        stats.count(format!("{}: rewritten as FtM writes it", prop.as_str()));
                    }
                    let map = if to_sanction {
                        &mut sanction
                    } else {
                        &mut props
                    };
                    push(map, target.as_str(), clean, &v.provenance);
                }
                Err(_)
                    if fits
                        && kind(target) == Kind::Country
                        && country_names(&v.value).is_some() =>
                {
                    stats.count(format!("{}: country names written as codes", prop.as_str()));
                    for code in country_names(&v.value).unwrap_or_default() {
                        push(&mut props, target.as_str(), code, &v.provenance);
                    }
                }
                Ok(_) | Err(_) => {
                    let reason = if fits {
                        format!("{}: moved to notes", prop.as_str())
                    } else {
                        format!(
                            "{schema}.{}: not an FtM property, moved to notes",
                            prop.as_str()
                        )
                    };
                    stats.count(reason);
                    let note = format!("{}: {}", prop.as_str(), squash(&v.value));
                    push(&mut props, Prop::Notes.as_str(), note, &v.provenance);
                }
            }
        }
    }
    // FtM requires a name on every Thing: the first alias stands in when a record has none.
    if !props.contains_key("name") {
        let stand_in = ["alias", "previousName", "weakAlias"]
            .iter()
            .find_map(|k| props.get(k).and_then(|v| v.first()).cloned());
        let (value, prov) =
            stand_in.unwrap_or_else(|| (entity.id.clone(), Arc::clone(&entity.provenance)));
        stats.count("name: none in the record, an alias or the id stands in".into());
        push(&mut props, "name", value, &prov);
    }
    stats.entities += 1;
    let mut lines = vec![line(
        &entity.id,
        schema.as_str(),
        &entity.provenance,
        &props,
    )];
    if !sanction.is_empty() {
        let record = &entity.provenance;
        push(&mut sanction, "entity", entity.id.clone(), record);
        push(&mut sanction, "recordId", record.record_id.clone(), record);
        stats.sanctions += 1;
        lines.push(line(
            &sanction_id(&entity.id),
            SANCTION_SCHEMA,
            record,
            &sanction,
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(line: &str) -> Json {
        serde_json::from_str(line).unwrap()
    }

    #[test]
    fn designation_goes_to_a_sanction_entity() {
        let mut e = Entity::from_record(Schema::Company, "un-sc", "KPe.001", Some("2026-02-01"));
        e.add(Prop::Name, "KOREA  MINING\nDEVELOPMENT");
        e.add(Prop::Program, "DPRK");
        e.add(Prop::ListingDate, "2009-04-24");
        e.add(Prop::Country, "KP");
        e.add(Prop::Country, "nm");
        e.add(Prop::Nationality, "Estonia, Russia");
        let mut stats = ExportStats::default();
        let lines = export_ftm_lines(&e, &mut stats);
        assert_eq!(lines.len(), 2);
        let d = doc(&lines[0]);
        assert_eq!(d["properties"]["name"], json!(["KOREA MINING DEVELOPMENT"]));
        assert_eq!(d["properties"]["country"], json!(["kp"]));
        assert!(d["properties"].get("listingDate").is_none());
        assert!(d["properties"].get("program").is_none());
        assert!(
            d["properties"].get("nationality").is_none(),
            "not a Company property"
        );
        let s = doc(&lines[1]);
        assert_eq!(s["schema"], "Sanction");
        assert_eq!(s["id"], "un-sc-KPe.001-sanction");
        assert_eq!(s["properties"]["entity"], json!(["un-sc-KPe.001"]));
        assert_eq!(s["properties"]["program"], json!(["DPRK"]));
        assert_eq!(s["properties"]["listingDate"], json!(["2009-04-24"]));
        assert_eq!(s["properties"]["recordId"], json!(["KPe.001"]));
        assert_eq!(stats.sanctions, 1);
        assert_eq!(stats.changes.get("country: moved to notes"), Some(&1));
        assert_eq!(
            d["properties"]["notes"],
            json!(["country: nm", "nationality: Estonia, Russia"])
        );
    }

    #[test]
    fn values_outside_ftm_types_are_normalised_or_kept_as_notes() {
        let mut e = Entity::from_record(Schema::Airplane, "ofac-sdn", "9", None);
        e.add(Prop::Alias, "EP-ABC");
        e.add(Prop::Jurisdiction, "ir");
        e.add(Prop::Owner, "MAHAN AIR");
        let mut stats = ExportStats::default();
        let lines = export_ftm_lines(&e, &mut stats);
        assert_eq!(lines.len(), 1, "no designation, no Sanction");
        let d = doc(&lines[0]);
        assert_eq!(d["properties"]["country"], json!(["ir"]));
        assert_eq!(d["properties"]["name"], json!(["EP-ABC"]));
        assert_eq!(d["properties"]["notes"], json!(["owner: MAHAN AIR"]));
        assert!(d["properties"].get("jurisdiction").is_none());

        let mut p = Entity::from_record(Schema::Person, "uk-ofsi", "1", None);
        p.add(Prop::Name, "X");
        p.add(Prop::Phone, "+7 (495) 123-45-67");
        p.add(Prop::Phone, "8 495 1234567");
        p.add(Prop::Website, "www.Example.com");
        p.add(Prop::BirthDate, "circa 1960");
        p.add(Prop::Nationality, "Estonia, Russia");
        let d = doc(&export_ftm_lines(&p, &mut stats)[0]);
        assert!(d["properties"].get("phone").is_none());
        assert_eq!(d["properties"]["nationality"], json!(["ee", "ru"]));
        assert_eq!(
            d["properties"]["website"],
            json!(["http://www.example.com/"])
        );
        assert_eq!(
            d["properties"]["notes"],
            json!([
                "birthDate: circa 1960",
                "phone: +7 (495) 123-45-67",
                "phone: 8 495 1234567"
            ])
        );
    }

    #[test]
    fn export_reads_back_into_the_same_entity() {
        use crate::ftm::{parse_ftm_record, FtmRecord};
        let mut e = Entity::from_record(Schema::Person, "uk-ofsi", "RUS0001", Some("2025-04-10"));
        e.add(Prop::Name, "Ivan Petrov");
        e.add(Prop::Program, "Russia");
        e.add(Prop::ListingDate, "2022-02-24");
        e.add(Prop::Country, "ru");
        let lines = export_ftm_lines(&e, &mut ExportStats::default());
        let d = Provenance::new("x", "", None);
        let Ok(FtmRecord::Entity(mut back, _)) = parse_ftm_record("f", 1, &lines[0], &d) else {
            panic!("{}", lines[0]);
        };
        let Ok(FtmRecord::Sanction(s)) = parse_ftm_record("f", 2, &lines[1], &d) else {
            panic!("{}", lines[1]);
        };
        assert_eq!(s.entity_id, back.id);
        assert_ne!(back, e, "the designee line alone lacks the designation");
        s.attach_to(&mut back);
        assert_eq!(back, e);
        let err = parse_ftm_record(
            "f",
            3,
            r#"{"id":"s","schema":"Sanction","properties":{}}"#,
            &d,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("f:3: field `properties.entity`"),
            "{err}"
        );
    }

    #[test]
    fn helpers_accept_only_what_ftm_writes() {
        assert!(is_date("2024") && is_date("2024-05") && is_date("2024-05-31"));
        assert!(!is_date("2024-13") && !is_date("31.05.2024") && !is_date("2024-05-32"));
        assert!(!is_date("0017-05-26") && !is_date("2023-02-29") && is_date("2024-02-29"));
        assert_eq!(
            clean_identifier(Format::Imo, "9074729").as_deref(),
            Some("IMO9074729")
        );
        assert_eq!(
            clean_identifier(Format::Lei, "253400JT3MQWNDKMJE44").as_deref(),
            Some("253400JT3MQWNDKMJE44")
        );
        assert_eq!(clean_identifier(Format::Lei, "253400JT3MQWNDKMJE45"), None);
        assert_eq!(
            clean_identifier(Format::Bic, "SOMRRUM1KST").as_deref(),
            Some("SOMRRUM1")
        );
        assert_eq!(clean_identifier(Format::Ogrn, "1037739183892"), None);
        assert_eq!(
            clean_identifier(Format::Ogrn, "1027700430889").as_deref(),
            Some("1027700430889")
        );
        assert_eq!(
            clean_address("P.O. Box 1,, Beirut; Lebanon"),
            "P.O. Box 1, Beirut, Lebanon"
        );
        assert_eq!(strip_quotes("'Azovsky zavod'"), "Azovsky zavod");
        assert_eq!(squash("Di\u{ad}rectorate  of"), "Directorate of");
        assert_eq!(squash("Батальи\u{306}он"), "Батальйон");
        assert_eq!(clean_email("general@angstrem.r"), None);
        assert_eq!(
            clean_email("Info@Example.COM").as_deref(),
            Some("Info@example.com")
        );
        assert_eq!(clean_email("not an email"), None);
        assert!(ftm_has_property(Schema::Vessel, Prop::ImoNumber));
        assert!(!ftm_has_property(Schema::Airplane, Prop::Jurisdiction));
        assert!(!ftm_has_property(Schema::Company, Prop::ListingDate));
    }
}
