//! EU Financial Sanctions Files (FSF), the consolidated list in XML.
//!
//! Written from the published schema (root `export generationDate="…"`, one `sanctionEntity`
//! per listed party); elements are matched by local name, so both namespaces the Commission
//! has used (`http://eu.europa.eu/fsd/fsf` and `http://eu.europa.ec/fpi/fsd/export`) are read.
//! The file is streamed: one `sanctionEntity` at a time is held in memory.
//!
//! Ids: `eu-fsf-{logicalId}`. Mapping:
//! - `subjectType code="person"` → Person; `"enterprise"` → Organization, or Company when a
//!   name carries a legal form (LLC, ООО, АО, GmbH…); anything else → LegalEntity. The FSF
//!   has no vessel subject type: an enterprise with an IMO number stays an organisation (ship
//!   owners and managers have IMO company numbers too) and gets `imoNumber`.
//! - `nameAlias`: `wholeName` (else first, middle and last name joined); the first strong
//!   alias is `name`, other strong aliases (including those in other scripts, `nameLanguage`)
//!   are `alias`, `strong="false"` → `weakAlias`; `function` → `position`; `gender` M/F →
//!   `male`/`female`.
//! - `citizenship countryIso2Code` → `nationality`; `birthdate` (`birthdate="YYYY-MM-DD"`,
//!   else `year` and `monthOfYear`) → `birthDate`, `city`/`place`/country → `birthPlace`.
//! - `identification` by `identificationTypeCode`: `passport` → `passportNumber`; `regnumber`
//!   → `registrationNumber` (`ogrnCode` for 13/15-digit Russian numbers); `tax`/`fiscalcode`
//!   → `taxNumber` (`innCode` for 10/12-digit Russian numbers); `swiftbic` → `swiftBic`;
//!   `imo` → `imoNumber`; `lei` → `leiCode`; others (`id`, `ssn`, `other`…) → `idNumber`.
//! - `address` (street, PO box, zip code, city, region, place, country) → `address`,
//!   `countryIso2Code` → `country` (`00`, "unknown", is dropped).
//! - `regulation programme` → `program`; `designationDate` (else the earliest regulation
//!   `publicationDate`) → `listingDate`; `remark` → `notes`.
//!
//! Errors: malformed XML is [`ListError::Fatal`] with line and element path; a
//! `sanctionEntity` without `logicalId` is a [`ListError::Record`].

use crate::values::{
    country_code, date_part, drop_names_repeated_as_aliases, has_legal_form, squash,
};
use crate::xml::{missing_id, open_records, MapRecord, Node, XmlList};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use std::path::Path;

/// The list id of the EU consolidated list.
pub const LIST: &str = "eu-fsf";

/// Where the EU list's records stand.
const FSF: XmlList = XmlList {
    root: "export",
    date_attr: "generationDate",
    label: "EU FSF",
    no_file: "no file given for the EU list",
    depth: 2,
    records: &["sanctionEntity"],
    list: LIST,
};

/// Opens an EU FSF XML file (plain or gzip) as a stream of entities.
///
/// Reads up to the root element for the publication date (`generationDate`); a root other
/// than `export` is [`ListError::Unrecognised`].
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    open_records(source, &FSF, |list, published| FsfRecords {
        list,
        published,
    })
}

/// Maps the EU list's `sanctionEntity` records.
struct FsfRecords {
    list: String,
    published: Option<String>,
}

/// The ISO code of an FSF country attribute; `00` means unknown.
fn fsf_country(node: &Node) -> Option<String> {
    node.attr("countryIso2Code")
        .filter(|c| *c != "00")
        .and_then(|c| country_code(&c.to_ascii_uppercase()))
        .or_else(|| node.attr("countryDescription").and_then(country_code))
}

fn alias_name(alias: &Node) -> Option<String> {
    if let Some(whole) = alias.attr("wholeName") {
        return Some(squash(whole));
    }
    let parts: Vec<&str> = ["firstName", "middleName", "lastName"]
        .iter()
        .filter_map(|k| alias.attr(k))
        .collect();
    (!parts.is_empty()).then(|| squash(&parts.join(" ")))
}

impl MapRecord for FsfRecords {
    fn map(&self, node: &Node, file: &Path, index: usize) -> Result<Entity, ListError> {
        let id = node
            .attr("logicalId")
            .ok_or_else(|| missing_id(node, "logicalId", file, index))?;
        let names: Vec<(String, bool)> = node
            .children_named("nameAlias")
            .filter_map(|a| alias_name(a).map(|n| (n, a.attr("strong") != Some("false"))))
            .collect();
        let subject = node
            .child("subjectType")
            .and_then(|s| s.attr("code"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let schema = match subject.as_str() {
            "person" => Schema::Person,
            "enterprise" if names.iter().any(|(n, _)| has_legal_form(n)) => Schema::Company,
            "enterprise" => Schema::Organization,
            _ => Schema::LegalEntity,
        };
        let mut e = Entity::from_record(schema, &self.list, id, self.published.as_deref());
        let primary = names.iter().position(|(_, strong)| *strong).unwrap_or(0);
        for (i, (name, strong)) in names.iter().enumerate() {
            let prop = if i == primary {
                Prop::Name
            } else if *strong {
                Prop::Alias
            } else {
                Prop::WeakAlias
            };
            e.add(prop, name);
        }
        for alias in node.children_named("nameAlias") {
            if let Some(f) = alias.attr("function") {
                e.add(Prop::Position, &squash(f));
            }
            match alias.attr("gender").map(str::to_ascii_uppercase).as_deref() {
                Some("M") => e.add(Prop::Gender, "male"),
                Some("F") => e.add(Prop::Gender, "female"),
                _ => false,
            };
        }
        for c in node.children_named("citizenship") {
            match fsf_country(c) {
                Some(code) => e.add(Prop::Nationality, &code),
                None => e.add(
                    Prop::Nationality,
                    c.attr("countryDescription").unwrap_or(""),
                ),
            };
        }
        for b in node.children_named("birthdate") {
            let date = b.attr("birthdate").and_then(date_part).or_else(|| {
                let year = b.attr("year").and_then(date_part)?;
                match b.attr("monthOfYear").and_then(|m| m.parse::<u32>().ok()) {
                    Some(m) if (1..=12).contains(&m) => Some(format!("{year}-{m:02}")),
                    _ => Some(year),
                }
            });
            if let Some(d) = date {
                e.add(Prop::BirthDate, &d);
            }
            let country = b
                .attr("countryDescription")
                .filter(|c| !c.eq_ignore_ascii_case("unknown"));
            let place: Vec<&str> = [b.attr("city"), b.attr("place"), b.attr("region"), country]
                .into_iter()
                .flatten()
                .collect();
            e.add(Prop::BirthPlace, &squash(&place.join(", ")));
        }
        for ident in node.children_named("identification") {
            let Some(number) = ident.attr("number").or_else(|| ident.attr("latinNumber")) else {
                continue;
            };
            let code = ident
                .attr("identificationTypeCode")
                .unwrap_or("")
                .to_ascii_lowercase();
            let desc = ident
                .attr("identificationTypeDescription")
                .unwrap_or("")
                .to_lowercase();
            let ru = ident
                .attr("countryIso2Code")
                .is_some_and(|c| c.eq_ignore_ascii_case("RU"));
            let digits = number.bytes().all(|b| b.is_ascii_digit());
            let tax = matches!(code.as_str(), "tax" | "fiscalcode" | "taxid" | "inn")
                || desc.contains("tax")
                || desc.contains("inn")
                || desc.contains("инн");
            let prop = match code.as_str() {
                "passport" => Prop::PassportNumber,
                "swiftbic" | "bic" => Prop::SwiftBic,
                "imo" => Prop::ImoNumber,
                "lei" => Prop::LeiCode,
                _ if tax && ru && digits && (number.len() == 10 || number.len() == 12) => {
                    Prop::InnCode
                }
                _ if tax => Prop::TaxNumber,
                "regnumber" | "registration" | "ogrn"
                    if ru && digits && (number.len() == 13 || number.len() == 15) =>
                {
                    Prop::OgrnCode
                }
                "regnumber" | "registration" | "ogrn" => Prop::RegistrationNumber,
                _ if desc.contains("passport") => Prop::PassportNumber,
                _ => Prop::IdNumber,
            };
            e.add(prop, &squash(number));
        }
        for a in node.children_named("address") {
            let country = a
                .attr("countryDescription")
                .filter(|c| !c.eq_ignore_ascii_case("unknown"));
            let parts: Vec<&str> = [
                a.attr("street"),
                a.attr("poBox"),
                a.attr("zipCode"),
                a.attr("city"),
                a.attr("region"),
                a.attr("place"),
                country,
            ]
            .into_iter()
            .flatten()
            .collect();
            e.add(Prop::Address, &squash(&parts.join(", ")));
            if let Some(code) = fsf_country(a) {
                e.add(Prop::Country, &code);
            }
        }
        let mut earliest: Option<String> = None;
        for r in node.children_named("regulation") {
            if let Some(p) = r.attr("programme") {
                e.add(Prop::Program, p);
            }
            if let Some(d) = r.attr("publicationDate").and_then(date_part) {
                earliest = match earliest {
                    Some(x) if x <= d => Some(x),
                    _ => Some(d),
                };
            }
        }
        match node
            .attr("designationDate")
            .and_then(date_part)
            .or(earliest)
        {
            Some(d) => e.add(Prop::ListingDate, &d),
            None => false,
        };
        for r in node.children_named("remark").filter_map(Node::value) {
            e.add(Prop::Notes, r);
        }
        drop_names_repeated_as_aliases(&mut e);
        Ok(e)
    }
}
