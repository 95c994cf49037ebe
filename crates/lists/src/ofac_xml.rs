//! OFAC XML in the `sdn.xml` / `consolidated.xml` schema, read as a stream.
//!
//! Elements are matched on their local names, so the old `http://tempuri.org/sdnList.xsd`
//! namespace, the newer Treasury namespaces, or none, all read the same. The file is streamed
//! with quick-xml: only one `<sdnEntry>` at a time is held, as a small tree, and turned into
//! an [`Entity`] when it closes.
//!
//! Mapping (the same decisions as the legacy CSV reader, [`crate::ofac_csv`]):
//! - `publshInformation/Publish_Date` (`MM/DD/YYYY`) becomes the provenance's publication date
//!   of the entries after it (the source's date from the path is used before it, or without it);
//! - `uid` gives the id `{list}-{uid}`; `sdnType` `Individual` → Person, `Vessel` → Vessel,
//!   `Aircraft` → Airplane, `Entity` → Company when the name carries a legal form, else
//!   Organization;
//! - the name is `lastName, firstName` as the CSV writes it (`lastName` alone when there is no
//!   first name); an individual's natural order `firstName lastName` is an `alias`;
//! - `akaList/aka`: category `weak` → `weakAlias`, else `a.k.a.` → `alias`, `f.k.a.` →
//!   `previousName`, names written like the main name;
//! - `idList/id` types go through [`crate::ofac_remarks::identifier`] (Tax ID No., Registration
//!   ID, Passport, SWIFT/BIC, Vessel Registration Identification, …); unknown types are kept in
//!   `notes` as `type: number`;
//! - addresses, nationalities, citizenships, dates and places of birth, vessel information and
//!   remarks as in the CSV reader.
//!
//! Errors: broken XML (truncated file, mismatched tags, bad characters) is
//! [`ListError::Fatal`] located by line and element path (`line 120, in
//! <sdnList>/<sdnEntry>/<akaList>`); an entry without a numeric `uid`, without a name or with
//! an unknown `sdnType` is a [`ListError::Record`] located as `element <sdnEntry> #34 (line
//! 1200)`.

use crate::input::{first_file, open_input, LineTooLong};
use crate::ofac_csv::{has_legal_form, natural_order};
pub use crate::values::us_date;
use crate::xml::{check_xml_start, too_deep, MAX_DEPTH};
use crate::{country, ofac_remarks, EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use quick_xml::events::Event;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Opens an OFAC XML file as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    Ok(Box::new(OfacXmlReader::new(source)?))
}

/// A streaming reader of one OFAC XML file.
pub struct OfacXmlReader {
    path: PathBuf,
    list: String,
    published: Option<String>,
    reader: quick_xml::Reader<LineCount<Box<dyn BufRead>>>,
    buf: Vec<u8>,
    /// Local names of the open elements, root first.
    stack: Vec<String>,
    /// The entry (or publication information) being read, with its open descendants.
    tree: Vec<Node>,
    entries: usize,
    /// Whether the root element `<sdnList>` has been read.
    root_seen: bool,
    finished: bool,
}

/// One XML event, owned.
enum XEvent {
    Start(String),
    Empty(String),
    End,
    Text(String),
    Eof,
    Other,
}

/// An element of one entry: its local name, text and children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
    line: u64,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed text of the first child called `name`, or "".
    fn text_of(&self, name: &str) -> &str {
        self.child(name).map_or("", |c| c.text.trim())
    }

    /// The children called `item` of the children called `list`.
    fn items<'a>(&'a self, list: &'a str, item: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children
            .iter()
            .filter(move |c| c.name == list)
            .flat_map(move |l| l.children.iter().filter(move |c| c.name == item))
    }
}

impl OfacXmlReader {
    /// Opens the file for streaming.
    pub fn new(source: &Source) -> Result<Self, ListError> {
        let path = first_file(source, "an OFAC XML source without a file")?;
        let mut input = open_input(&path)?;
        check_xml_start(&mut *input, &path, "OFAC")?;
        let mut reader = quick_xml::Reader::from_reader(LineCount::new(input));
        reader.config_mut().check_end_names = true;
        Ok(OfacXmlReader {
            path,
            list: source.list.clone(),
            published: source.published.clone(),
            reader,
            buf: Vec::new(),
            stack: Vec::new(),
            tree: Vec::new(),
            entries: 0,
            root_seen: false,
            finished: false,
        })
    }

    /// The publication date in effect: `Publish_Date` once read, else the source's.
    pub fn published(&self) -> Option<&str> {
        self.published.as_deref()
    }

    fn element_path(&self) -> String {
        self.stack
            .iter()
            .map(|n| format!("<{n}>"))
            .collect::<Vec<_>>()
            .join("/")
    }

    fn fatal(&self, line: u64, message: String) -> ListError {
        ListError::fatal_at(&self.path, line, &self.element_path(), message)
    }

    /// Reads one event, owned, with entity references resolved to text.
    fn read_event(&mut self) -> Result<XEvent, ListError> {
        self.buf.clear();
        let event = match self.reader.read_event_into(&mut self.buf) {
            Ok(Event::Start(start)) => Ok(XEvent::Start(start.local_name().as_ref().to_string())),
            Ok(Event::Empty(start)) => Ok(XEvent::Empty(start.local_name().as_ref().to_string())),
            Ok(Event::End(_)) => Ok(XEvent::End),
            Ok(Event::Text(text)) => Ok(XEvent::Text(text.xml10_content().into_owned())),
            Ok(Event::CData(text)) => Ok(XEvent::Text(text.xml10_content().into_owned())),
            Ok(Event::GeneralRef(r)) => match r.resolve_char_ref() {
                Ok(Some(c)) => Ok(XEvent::Text(c.to_string())),
                Ok(None) => {
                    let name = r.xml10_content();
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .map(|text| XEvent::Text(text.to_string()))
                        .ok_or_else(|| (false, format!("unknown entity &{name};")))
                }
                Err(e) => Err((false, format!("bad character reference: {e}"))),
            },
            Ok(Event::Eof) => Ok(XEvent::Eof),
            Ok(Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_)) => {
                Ok(XEvent::Other)
            }
            Err(quick_xml::Error::Io(io)) => match LineTooLong::in_error(&io) {
                Some(long) => return Err(long.to_list_error(&self.path)),
                None => Err((true, format!("broken XML: {io}"))),
            },
            Err(e) => Err((true, format!("broken XML: {e}"))),
        };
        event.map_err(|(at_error, message)| {
            // An encoding error has no error position (it is 0): the text being decoded ends
            // where the reader stands.
            let line = if at_error && self.reader.error_position() > 0 {
                line_at(&self.path, self.reader.error_position())
            } else {
                self.reader.get_ref().line()
            };
            self.fatal(line, message)
        })
    }

    /// Reads events until an entry closes; `None` at the end of the document.
    fn next_entry(&mut self) -> Result<Option<Node>, ListError> {
        loop {
            let event = self.read_event()?;
            let line = self.reader.get_ref().line();
            match event {
                XEvent::Start(name) => {
                    if self.stack.is_empty() && name != "sdnList" {
                        return Err(self
                            .fatal(line, format!("the root element is <{name}>, not <sdnList>")));
                    }
                    self.root_seen = true;
                    self.stack.push(name.clone());
                    if self.stack.len() > MAX_DEPTH {
                        self.stack.truncate(3);
                        self.stack.push("…".into());
                        self.tree.clear();
                        return Err(self.fatal(line, too_deep()));
                    }
                    if self.stack.len() >= 2 {
                        self.tree.push(Node {
                            name,
                            line,
                            ..Node::default()
                        });
                    }
                }
                XEvent::Empty(name) => {
                    if let Some(parent) = self.tree.last_mut() {
                        parent.children.push(Node {
                            name,
                            line,
                            ..Node::default()
                        });
                    }
                }
                XEvent::End => {
                    self.stack.pop();
                    if let Some(node) = self.tree.pop() {
                        match self.tree.last_mut() {
                            Some(parent) => parent.children.push(node),
                            None => return Ok(Some(node)),
                        }
                    }
                }
                XEvent::Text(text) => {
                    if let Some(node) = self.tree.last_mut() {
                        node.text.push_str(&text);
                    }
                }
                XEvent::Eof => {
                    if !self.stack.is_empty() {
                        let path = self.element_path();
                        return Err(self.fatal(
                            line,
                            format!("the file ends inside {path}: it is truncated"),
                        ));
                    }
                    if !self.root_seen {
                        return Err(self.fatal(
                            line,
                            "no <sdnList> element: the file holds no OFAC XML list".into(),
                        ));
                    }
                    return Ok(None);
                }
                XEvent::Other => {}
            }
        }
    }

    fn record_error(&self, node: &Node, field: &str, message: impl Into<String>) -> ListError {
        ListError::in_element(
            &self.path,
            "sdnEntry",
            self.entries,
            node.line,
            field,
            message,
        )
    }

    fn entity(&self, node: &Node) -> Result<Entity, ListError> {
        let uid = node.text_of("uid");
        if uid.is_empty() || !uid.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.record_error(node, "uid", format!("`{uid}` is not an entry number")));
        }
        let name = full_name(node.text_of("firstName"), node.text_of("lastName"));
        if name.is_empty() {
            return Err(self.record_error(node, "lastName", "the entry has no name"));
        }
        let sdn_type = node.text_of("sdnType");
        let schema = match sdn_type.to_ascii_lowercase().as_str() {
            "individual" => Schema::Person,
            "vessel" => Schema::Vessel,
            "aircraft" => Schema::Airplane,
            "entity" | "" if has_legal_form(&name) => Schema::Company,
            "entity" | "" => Schema::Organization,
            _ => {
                return Err(self.record_error(
                    node,
                    "sdnType",
                    format!("unknown type `{sdn_type}`"),
                ))
            }
        };
        let mut e = Entity::from_record(schema, &self.list, uid, self.published.as_deref());
        e.add(Prop::Name, &name);
        if schema == Schema::Person {
            if let Some(natural) = natural_order(&name) {
                e.add(Prop::Alias, &natural);
            }
        }
        e.add(Prop::Position, node.text_of("title"));
        for program in node.items("programList", "program") {
            e.add(Prop::Program, program.text.trim());
        }
        add_akas(&mut e, node);
        add_ids(&mut e, node);
        add_addresses(&mut e, node);
        add_person_details(&mut e, node);
        if let Some(vessel) = node.child("vesselInfo") {
            e.add(Prop::CallSign, vessel.text_of("callSign"));
            e.add(Prop::Type, vessel.text_of("vesselType"));
            if let Some(flag) = country::to_code(vessel.text_of("vesselFlag")) {
                e.add(Prop::Flag, flag);
            }
            e.add(Prop::Owner, vessel.text_of("vesselOwner"));
        }
        let remarks = node.text_of("remarks");
        e.add(Prop::Notes, remarks);
        let inner = remarks.trim_start_matches('(').trim_end_matches(')');
        for (prop, value) in ofac_remarks::parse(inner) {
            e.add(prop, &value);
        }
        Ok(e)
    }
}

/// `lastName, firstName` (the legacy CSV's form), or whichever part there is.
fn full_name(first: &str, last: &str) -> String {
    match (first.is_empty(), last.is_empty()) {
        (false, false) => format!("{last}, {first}"),
        (true, _) => last.to_string(),
        (false, true) => first.to_string(),
    }
}

fn add_akas(e: &mut Entity, node: &Node) {
    for aka in node.items("akaList", "aka") {
        let name = full_name(aka.text_of("firstName"), aka.text_of("lastName"));
        let prop = if aka.text_of("category").eq_ignore_ascii_case("weak") {
            Prop::WeakAlias
        } else if aka.text_of("type").eq_ignore_ascii_case("f.k.a.") {
            Prop::PreviousName
        } else {
            Prop::Alias
        };
        e.add(prop, &name);
    }
}

fn add_ids(e: &mut Entity, node: &Node) {
    for id in node.items("idList", "id") {
        let (id_type, number) = (id.text_of("idType"), id.text_of("idNumber"));
        let country = Some(id.text_of("idCountry")).filter(|c| !c.is_empty());
        let props = ofac_remarks::identifier(id_type, number, country);
        if props.is_empty() {
            e.add(
                Prop::Notes,
                &format!("{}: {number}", id_type.trim_end_matches([':', '-', ' '])),
            );
        }
        for (prop, value) in props {
            e.add(prop, &value);
        }
    }
}

fn add_addresses(e: &mut Entity, node: &Node) {
    for address in node.items("addressList", "address") {
        let street: Vec<&str> = [
            "address1",
            "address2",
            "address3",
            "address",
            "city",
            "stateOrProvince",
            "postalCode",
        ]
        .iter()
        .map(|f| address.text_of(f))
        .filter(|s| !s.is_empty())
        .collect();
        let country_name = address.text_of("country");
        if !street.is_empty() {
            let mut parts = street;
            if !country_name.is_empty() {
                parts.push(country_name);
            }
            e.add(Prop::Address, &parts.join(", "));
        }
        if let Some(code) = country::to_code(country_name) {
            e.add(Prop::Country, code);
        }
    }
}

fn add_person_details(e: &mut Entity, node: &Node) {
    for (list, item) in [
        ("nationalityList", "nationality"),
        ("citizenshipList", "citizenship"),
    ] {
        for n in node.items(list, item) {
            if let Some(code) = country::to_code(n.text_of("country")) {
                e.add(Prop::Nationality, code);
            }
        }
    }
    for dob in node.items("dateOfBirthList", "dateOfBirthItem") {
        for date in ofac_remarks::birth_dates(dob.text_of("dateOfBirth")) {
            e.add(Prop::BirthDate, &date);
        }
    }
    for pob in node.items("placeOfBirthList", "placeOfBirthItem") {
        e.add(Prop::BirthPlace, pob.text_of("placeOfBirth"));
    }
}

impl Iterator for OfacXmlReader {
    type Item = Result<Entity, ListError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            match self.next_entry() {
                Err(e) => {
                    self.finished = true;
                    return Some(Err(e));
                }
                Ok(None) => self.finished = true,
                Ok(Some(node)) if node.name == "publshInformation" => {
                    if let Some(date) = us_date(node.text_of("Publish_Date")) {
                        self.published = Some(date);
                    }
                }
                Ok(Some(node)) if node.name == "sdnEntry" => {
                    self.entries += 1;
                    return Some(self.entity(&node));
                }
                Ok(Some(_)) => {}
            }
        }
        None
    }
}

/// A reader that counts the newlines quick-xml has consumed, so an event's line is known.
struct LineCount<R> {
    inner: R,
    newlines: u64,
}

impl<R> LineCount<R> {
    fn new(inner: R) -> Self {
        LineCount { inner, newlines: 0 }
    }

    /// The 1-based line of the first byte not yet consumed.
    fn line(&self) -> u64 {
        self.newlines + 1
    }
}

impl<R: BufRead> Read for LineCount<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(out)?;
        self.newlines += out[..n].iter().filter(|b| **b == b'\n').count() as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCount<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amount.min(buf.len());
            self.newlines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
        }
        self.inner.consume(amount);
    }
}

/// The 1-based line of a byte offset of the (decompressed) text, by reading the file again
/// (used once, for a fatal error).
fn line_at(path: &Path, offset: u64) -> u64 {
    let Ok(input) = open_input(path) else {
        return 0;
    };
    let mut line = 1;
    let mut reader = input.take(offset);
    let mut chunk = [0u8; 64 * 1024];
    while let Ok(n) = reader.read(&mut chunk) {
        if n == 0 {
            break;
        }
        line += chunk[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    const SAMPLE: &str = r#"<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation>
    <Publish_Date>05/03/2024</Publish_Date>
    <Record_Count>2</Record_Count>
  </publshInformation>
  <sdnEntry>
    <uid>36</uid>
    <lastName>AEROCARIBBEAN AIRLINES &amp; CO</lastName>
    <sdnType>Entity</sdnType>
    <programList><program>CUBA</program></programList>
    <idList>
      <id><uid>1</uid><idType>Tax ID No.</idType><idNumber>7744001497</idNumber><idCountry>Russia</idCountry></id>
      <id><uid>2</uid><idType>MMSI</idType><idNumber>572469210</idNumber></id>
    </idList>
    <akaList>
      <aka><uid>12</uid><type>a.k.a.</type><category>strong</category><lastName>AERO-CARIBBEAN</lastName></aka>
      <aka><uid>13</uid><type>a.k.a.</type><category>weak</category><lastName>AC</lastName></aka>
      <aka><uid>14</uid><type>f.k.a.</type><category>strong</category><lastName>OLD NAME</lastName></aka>
    </akaList>
    <addressList>
      <address><uid>25</uid><city>Havana</city><country>Cuba</country></address>
    </addressList>
  </sdnEntry>
  <sdnEntry>
    <uid>2676</uid>
    <firstName>Ayman</firstName>
    <lastName>AL ZAWAHIRI</lastName>
    <sdnType>Individual</sdnType>
    <dateOfBirthList><dateOfBirthItem><uid>1</uid><dateOfBirth>19 Jun 1951</dateOfBirth><mainEntry>true</mainEntry></dateOfBirthItem></dateOfBirthList>
    <placeOfBirthList><placeOfBirthItem><uid>2</uid><placeOfBirth>Giza, Egypt</placeOfBirth></placeOfBirthItem></placeOfBirthList>
    <nationalityList><nationality><uid>3</uid><country>Egypt</country></nationality></nationalityList>
  </sdnEntry>
</sdnList>
"#;

    fn source(dir: &Path, name: &str, xml: &str) -> Source {
        let path = dir.join(name);
        std::fs::write(&path, xml).unwrap();
        Source {
            format: Format::OfacXml,
            list: "ofac-sdn".into(),
            published: None,
            files: vec![path],
        }
    }

    #[test]
    fn entries_map_to_entities() {
        let dir = tempfile::tempdir().unwrap();
        let items: Vec<Entity> = open(&source(dir.path(), "sdn.xml", SAMPLE))
            .unwrap()
            .map(|e| e.unwrap())
            .collect();
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert_eq!(a.id, "ofac-sdn-36");
        assert_eq!(a.caption(), "AEROCARIBBEAN AIRLINES & CO");
        assert_eq!(a.schema, Schema::Company);
        assert_eq!(a.provenance.published.as_deref(), Some("2024-05-03"));
        assert_eq!(a.first(Prop::Alias), Some("AERO-CARIBBEAN"));
        assert_eq!(a.first(Prop::WeakAlias), Some("AC"));
        assert_eq!(a.first(Prop::PreviousName), Some("OLD NAME"));
        assert_eq!(a.first(Prop::InnCode), Some("7744001497"));
        assert_eq!(a.first(Prop::Notes), Some("MMSI: 572469210"));
        assert_eq!(a.first(Prop::Address), Some("Havana, Cuba"));
        assert_eq!(a.first(Prop::Country), Some("cu"));
        let p = &items[1];
        assert_eq!(p.schema, Schema::Person);
        assert_eq!(p.caption(), "AL ZAWAHIRI, Ayman");
        assert_eq!(p.first(Prop::Alias), Some("Ayman AL ZAWAHIRI"));
        assert_eq!(p.first(Prop::BirthDate), Some("1951-06-19"));
        assert_eq!(p.first(Prop::BirthPlace), Some("Giza, Egypt"));
        assert_eq!(p.first(Prop::Nationality), Some("eg"));
    }

    #[test]
    fn broken_xml_is_fatal_with_line_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let cut = &SAMPLE[..SAMPLE.find("<akaList>").unwrap() + 20];
        let items: Vec<_> = open(&source(dir.path(), "cut.xml", cut)).unwrap().collect();
        assert_eq!(items.len(), 1);
        let err = items[0].as_ref().unwrap_err();
        assert!(!err.is_recoverable());
        let text = err.to_string();
        assert!(text.contains("<sdnList>/<sdnEntry>/<akaList>"), "{text}");
        assert!(text.contains("line 17"), "{text}");

        let mismatched = SAMPLE.replace("</firstName>", "</lastName>");
        let items: Vec<_> = open(&source(dir.path(), "bad.xml", &mismatched))
            .unwrap()
            .collect();
        assert!(items[0].is_ok());
        let err = items.last().unwrap().as_ref().unwrap_err();
        assert!(matches!(err, ListError::Fatal { .. }));
        assert!(
            err.to_string()
                .contains("line 27, in <sdnList>/<sdnEntry>/<firstName>"),
            "{err}"
        );
        assert!(err.to_string().contains("<sdnEntry>"), "{err}");
    }

    #[test]
    fn bad_entries_are_recoverable() {
        let dir = tempfile::tempdir().unwrap();
        let xml = SAMPLE
            .replace("<uid>36</uid>", "<uid>x36</uid>")
            .replace("Individual", "Robot");
        let items: Vec<_> = open(&source(dir.path(), "rec.xml", &xml))
            .unwrap()
            .collect();
        assert_eq!(items.len(), 2);
        let first = items[0].as_ref().unwrap_err();
        assert!(first.is_recoverable());
        assert!(
            first
                .to_string()
                .contains("element <sdnEntry> #1 (line 7): field `uid`"),
            "{first}"
        );
        let second = items[1].as_ref().unwrap_err();
        assert!(
            second.to_string().contains("#2 (line 25): field `sdnType`"),
            "{second}"
        );
    }

    #[test]
    fn other_roots_and_dates() {
        let dir = tempfile::tempdir().unwrap();
        let items: Vec<_> = open(&source(
            dir.path(),
            "un.xml",
            "<CONSOLIDATED_LIST></CONSOLIDATED_LIST>",
        ))
        .unwrap()
        .collect();
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("not <sdnList>"));
        assert_eq!(us_date("04/06/2018").as_deref(), Some("2018-04-06"));
        assert_eq!(us_date("2018-04-06"), None);
    }
}
