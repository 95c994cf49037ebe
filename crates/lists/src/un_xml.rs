//! UN Security Council consolidated list, XML (`CONSOLIDATED_LIST` with `INDIVIDUALS/INDIVIDUAL`
//! and `ENTITIES/ENTITY`).
//!
//! The file is read with a streaming XML parser: only one record (`<INDIVIDUAL>` or `<ENTITY>`)
//! is held in memory at a time. Entity ids are `un-{REFERENCE_NUMBER}` (for example
//! `un-QDi.001`); the publication date comes from the root's `dateGenerated` attribute.
//!
//! Mapping: `FIRST_NAME`..`FOURTH_NAME` → `name`; `NAME_ORIGINAL_SCRIPT` → `alias` (the name in
//! Arabic, Cyrillic, Chinese… script, which cross-script screening needs); aliases of quality
//! `Good`/`a.k.a.` (or unstated) → `alias`, `Low` → `weakAlias`, `f.k.a.` → `previousName`;
//! `NATIONALITY` → `nationality` (ISO code when known, else the name as written); dates of birth
//! (`DATE`, `YEAR`, `FROM_YEAR`–`TO_YEAR`) → `birthDate`; place of birth → `birthPlace`;
//! documents → `passportNumber` or `idNumber`; addresses → `address` and `country`;
//! `UN_LIST_TYPE` → `program`; `LISTED_ON` → `listingDate`; `COMMENTS1` → `notes`;
//! `DESIGNATION` → `position`; `GENDER` → `gender` (lower case). Individuals become `Person`,
//! entities `Organization`.
//!
//! Errors: malformed XML is [`ListError::Fatal`] with the line (computed from the byte
//! position) and the element path; a record without `REFERENCE_NUMBER` is a
//! [`ListError::Record`] naming the element, its index and line, and the field.

use crate::values::{
    add_nationality, country_code, date_part, drop_names_repeated_as_aliases, join_squashed, squash,
};
use crate::xml::{missing_id, open_records, MapRecord, Node, XmlList};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use std::path::Path;

/// The list id of the UN consolidated list.
pub const LIST: &str = "un";

/// Where the UN list's records stand.
const UN: XmlList = XmlList {
    root: "CONSOLIDATED_LIST",
    date_attr: "dateGenerated",
    label: "UN",
    no_file: "no file given for the UN list",
    depth: 3,
    records: &["INDIVIDUAL", "ENTITY"],
    list: LIST,
};

/// Opens a UN consolidated XML file (plain or gzip) as a stream of entities.
///
/// Reads up to the root element to learn the publication date; a file whose root is not
/// `CONSOLIDATED_LIST` is [`ListError::Unrecognised`].
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    open_records(source, &UN, |list, published| UnRecords { list, published })
}

/// Maps the UN list's `INDIVIDUAL` and `ENTITY` records.
struct UnRecords {
    list: String,
    published: Option<String>,
}

impl MapRecord for UnRecords {
    fn map(&self, node: &Node, file: &Path, index: usize) -> Result<Entity, ListError> {
        let person = node.name == "INDIVIDUAL";
        let reference = node
            .text_of("REFERENCE_NUMBER")
            .ok_or_else(|| missing_id(node, "REFERENCE_NUMBER", file, index))?;
        let schema = if person {
            Schema::Person
        } else {
            Schema::Organization
        };
        let mut e = Entity::from_record(schema, &self.list, reference, self.published.as_deref());

        let name = join_squashed(
            ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
                .iter()
                .filter_map(|f| node.text_of(f)),
            " ",
        );
        e.add(Prop::Name, &name);
        for orig in node
            .children_named("NAME_ORIGINAL_SCRIPT")
            .filter_map(Node::value)
        {
            e.add(Prop::Alias, &squash(orig));
        }
        let alias_tag = if person {
            "INDIVIDUAL_ALIAS"
        } else {
            "ENTITY_ALIAS"
        };
        for alias in node.children_named(alias_tag) {
            let Some(name) = alias.text_of("ALIAS_NAME") else {
                continue;
            };
            let quality = alias.text_of("QUALITY").unwrap_or("").to_ascii_lowercase();
            let prop = match quality.as_str() {
                "low" => Prop::WeakAlias,
                "f.k.a." | "fka" => Prop::PreviousName,
                _ => Prop::Alias,
            };
            e.add(prop, &squash(name));
        }
        if let Some(v) = node.text_of("UN_LIST_TYPE") {
            e.add(Prop::Program, v);
        }
        if let Some(v) = node.text_of("LISTED_ON").and_then(date_part) {
            e.add(Prop::ListingDate, &v);
        }
        if let Some(v) = node.text_of("COMMENTS1") {
            e.add(Prop::Notes, v);
        }
        if let Some(v) = node.text_of("GENDER") {
            e.add(Prop::Gender, &v.to_lowercase());
        }
        for d in node.children_named("DESIGNATION") {
            for v in d.children_named("VALUE").filter_map(Node::value) {
                e.add(Prop::Position, &squash(v));
            }
        }
        for n in node.children_named("NATIONALITY") {
            for v in n.children_named("VALUE").filter_map(Node::value) {
                add_nationality(&mut e, v);
            }
        }
        for dob in node.children_named("INDIVIDUAL_DATE_OF_BIRTH") {
            if let Some(d) = dob.text_of("DATE").and_then(date_part) {
                e.add(Prop::BirthDate, &d);
            }
            if let Some(y) = dob.text_of("YEAR").and_then(date_part) {
                e.add(Prop::BirthDate, &y);
            }
            let from = dob.text_of("FROM_YEAR").and_then(|y| y.parse::<u32>().ok());
            let to = dob.text_of("TO_YEAR").and_then(|y| y.parse::<u32>().ok());
            match (from, to) {
                (Some(a), Some(b)) if a <= b && b - a <= 10 => {
                    for y in a..=b {
                        e.add(Prop::BirthDate, &y.to_string());
                    }
                }
                (a, b) => {
                    for y in [a, b].into_iter().flatten() {
                        e.add(Prop::BirthDate, &y.to_string());
                    }
                }
            }
        }
        for pob in node.children_named("INDIVIDUAL_PLACE_OF_BIRTH") {
            let place = join_parts(pob, &["STREET", "CITY", "STATE_PROVINCE", "COUNTRY"]);
            e.add(Prop::BirthPlace, &place);
        }
        for doc in node.children_named("INDIVIDUAL_DOCUMENT") {
            let Some(number) = doc.text_of("NUMBER") else {
                continue;
            };
            let kind = squash(doc.text_of("TYPE_OF_DOCUMENT").unwrap_or("")).to_lowercase();
            let prop = if kind.contains("passport")
                || kind.contains("pasaporte")
                || kind.contains("passeport")
            {
                Prop::PassportNumber
            } else {
                Prop::IdNumber
            };
            e.add(prop, &squash(number));
        }
        let addr_tag = if person {
            "INDIVIDUAL_ADDRESS"
        } else {
            "ENTITY_ADDRESS"
        };
        for addr in node.children_named(addr_tag) {
            let line = join_parts(
                addr,
                &["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"],
            );
            e.add(Prop::Address, &line);
            if let Some(code) = addr.text_of("COUNTRY").and_then(country_code) {
                e.add(Prop::Country, &code);
            }
        }
        drop_names_repeated_as_aliases(&mut e);
        Ok(e)
    }
}

/// The non-blank texts of the named children, squashed and joined with `, `.
fn join_parts(node: &Node, fields: &[&str]) -> String {
    join_squashed(fields.iter().filter_map(|f| node.text_of(f)), ", ")
}
