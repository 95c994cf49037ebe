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

use crate::country;
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{Entity, Prop, Schema};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

/// The list id of the UN consolidated list.
pub const LIST: &str = "un";

// ---------------------------------------------------------------------------------------------
// Shared streaming-XML machinery (also used by `eu_fsf`).
// ---------------------------------------------------------------------------------------------

/// A `BufRead` wrapper that counts the newlines of the bytes its consumer has consumed, so a
/// byte position of the XML parser can be turned into a line number without keeping the file.
///
/// Only newline offsets after the last [`LineCounter::forget_before`] mark are kept, so memory
/// is bounded by the size of one record.
pub(crate) struct LineCounter<R> {
    inner: R,
    consumed: u64,
    base_lines: u64,
    recent: Vec<u64>,
}

impl<R: BufRead> LineCounter<R> {
    fn new(inner: R) -> Self {
        LineCounter {
            inner,
            consumed: 0,
            base_lines: 0,
            recent: Vec::new(),
        }
    }

    /// The 1-based line of byte offset `pos` (at or after the last mark).
    fn line_at(&self, pos: u64) -> u64 {
        let k = self.recent.partition_point(|&p| p < pos);
        1 + self.base_lines + k as u64
    }

    /// Folds the newlines before `pos` into a count; later queries must be at or after `pos`.
    fn forget_before(&mut self, pos: u64) {
        let k = self.recent.partition_point(|&p| p < pos);
        self.base_lines += k as u64;
        self.recent.drain(..k);
    }
}

impl<R: BufRead> Read for LineCounter<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.inner.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        let LineCounter {
            inner,
            consumed,
            recent,
            ..
        } = self;
        if let Ok(buf) = inner.fill_buf() {
            let n = amt.min(buf.len());
            for (i, b) in buf[..n].iter().enumerate() {
                if *b == b'\n' {
                    recent.push(*consumed + i as u64);
                }
            }
        }
        *consumed += amt as u64;
        inner.consume(amt);
    }
}

/// One XML event, owned and simplified: entity references are resolved into text, empty
/// elements come as a start and an end, comments and declarations are dropped.
#[derive(Debug)]
pub(crate) enum XEvent {
    /// An element starts: local name, attributes (local name, normalised value), line.
    Start(String, Vec<(String, String)>, u64),
    /// An element ends.
    End,
    /// Character data.
    Text(String),
    /// End of the document.
    Eof,
}

/// A streaming XML reader that knows its element path and the line of each event.
pub(crate) struct XmlCursor {
    reader: Reader<LineCounter<Box<dyn BufRead>>>,
    buf: Vec<u8>,
    path: Vec<String>,
    file: PathBuf,
}

impl XmlCursor {
    /// A cursor over `input`, read from `file`.
    pub(crate) fn new(input: Box<dyn BufRead>, file: &Path) -> Self {
        let mut reader = Reader::from_reader(LineCounter::new(input));
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        XmlCursor {
            reader,
            buf: Vec::new(),
            path: Vec::new(),
            file: file.to_path_buf(),
        }
    }

    /// The file being read.
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }

    /// The path of open elements, `A/B/C`.
    pub(crate) fn path(&self) -> String {
        self.path.join("/")
    }

    /// The number of open elements.
    pub(crate) fn depth(&self) -> usize {
        self.path.len()
    }

    /// The line of the last byte of the last event.
    fn current_line(&self) -> u64 {
        let pos = self.reader.buffer_position();
        self.reader.get_ref().line_at(pos.saturating_sub(1))
    }

    /// Lets the line counter drop newline offsets before the current position (call between
    /// records).
    pub(crate) fn mark(&mut self) {
        let pos = self.reader.buffer_position();
        self.reader.get_mut().forget_before(pos);
    }

    /// A fatal error at `line` inside the current element path.
    pub(crate) fn fatal_at(&self, line: u64, message: impl Into<String>) -> ListError {
        let path = self.path();
        let location = if path.is_empty() {
            format!("line {line}")
        } else {
            format!("line {line}, in <{path}>")
        };
        ListError::Fatal {
            file: self.file.clone(),
            location,
            message: message.into(),
        }
    }

    fn xml_error(&self, err: quick_xml::Error) -> ListError {
        let pos = self.reader.error_position();
        let line = self.reader.get_ref().line_at(pos);
        self.fatal_at(line, format!("malformed XML: {err}"))
    }

    /// The next event.
    pub(crate) fn next_event(&mut self) -> Result<XEvent, ListError> {
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(err) => return Err(self.xml_error(err)),
            };
            match event {
                Event::Start(e) => {
                    let name = e.local_name().as_ref().to_string();
                    let mut attrs = Vec::new();
                    let mut bad = None;
                    for attr in e.attributes() {
                        match attr {
                            Ok(a) => {
                                let key = a.key.local_name().as_ref().to_string();
                                match a.normalized_value(XmlVersion::Implicit1_0) {
                                    Ok(v) => attrs.push((key, v.into_owned())),
                                    Err(err) => {
                                        bad = Some(format!("attribute `{key}`: {err}"));
                                        break;
                                    }
                                }
                            }
                            Err(err) => {
                                bad = Some(format!("bad attribute: {err}"));
                                break;
                            }
                        }
                    }
                    self.path.push(name.clone());
                    let line = self.current_line();
                    if let Some(message) = bad {
                        return Err(self.fatal_at(line, format!("malformed XML: {message}")));
                    }
                    return Ok(XEvent::Start(name, attrs, line));
                }
                Event::End(_) => {
                    self.path.pop();
                    return Ok(XEvent::End);
                }
                Event::Empty(_) => {
                    // expand_empty_elements is on; never reached.
                    continue;
                }
                Event::Text(t) => return Ok(XEvent::Text(t.xml10_content().into_owned())),
                Event::CData(t) => return Ok(XEvent::Text(t.xml10_content().into_owned())),
                Event::GeneralRef(r) => {
                    let text: Result<String, String> = match r.resolve_char_ref() {
                        Ok(Some(c)) => Ok(c.to_string()),
                        Ok(None) => match r.xml10_content().as_ref() {
                            "amp" => Ok("&".to_string()),
                            "lt" => Ok("<".to_string()),
                            "gt" => Ok(">".to_string()),
                            "quot" => Ok("\"".to_string()),
                            "apos" => Ok("'".to_string()),
                            other => Err(format!("unknown entity `&{other};`")),
                        },
                        Err(err) => Err(err.to_string()),
                    };
                    return match text {
                        Ok(t) => Ok(XEvent::Text(t)),
                        Err(message) => {
                            let line = self.current_line();
                            Err(self.fatal_at(line, format!("malformed XML: {message}")))
                        }
                    };
                }
                Event::Eof => {
                    if !self.path.is_empty() {
                        let line = self.current_line();
                        return Err(self.fatal_at(
                            line,
                            "file ends before its elements are closed (truncated?)",
                        ));
                    }
                    return Ok(XEvent::Eof);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            }
        }
    }

    /// Reads the rest of the element that just started (`name`, `attrs`, `line`) into a tree.
    pub(crate) fn read_tree(
        &mut self,
        name: String,
        attrs: Vec<(String, String)>,
        line: u64,
    ) -> Result<Node, ListError> {
        let mut stack = vec![Node {
            name,
            attrs,
            text: String::new(),
            children: Vec::new(),
            line,
        }];
        loop {
            match self.next_event()? {
                XEvent::Start(n, a, l) => stack.push(Node {
                    name: n,
                    attrs: a,
                    text: String::new(),
                    children: Vec::new(),
                    line: l,
                }),
                XEvent::Text(t) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&t);
                    }
                }
                XEvent::End => {
                    let Some(done) = stack.pop() else {
                        let line = self.current_line();
                        return Err(self.fatal_at(line, "unbalanced end tag"));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
                XEvent::Eof => {
                    let line = self.current_line();
                    return Err(self.fatal_at(line, "file ends inside a record (truncated?)"));
                }
            }
        }
    }
}

/// One XML element of a record, with its attributes, text and children.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The local name.
    pub(crate) name: String,
    /// Attributes (local name, value).
    pub(crate) attrs: Vec<(String, String)>,
    /// The concatenated text directly inside this element.
    pub(crate) text: String,
    /// Child elements in document order.
    pub(crate) children: Vec<Node>,
    /// The line of the start tag.
    pub(crate) line: u64,
}

impl Node {
    /// A non-blank attribute value, trimmed.
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Children with a local name.
    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child with a local name.
    pub(crate) fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// This element's text, trimmed, if not blank.
    pub(crate) fn value(&self) -> Option<&str> {
        let t = self.text.trim();
        (!t.is_empty()).then_some(t)
    }

    /// The trimmed, non-blank text of the first child named `name`.
    pub(crate) fn text_of(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .filter(|c| c.name == name)
            .find_map(Node::value)
    }
}

/// Collapses runs of whitespace (including newlines) into single spaces and trims.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl XmlCursor {
    /// Reads up to the root element, checks that it is `<{root}>` and returns the date part of
    /// its `date_attr` attribute (the list's publication date), else `fallback`. `label` names
    /// the format in the error for a wrong root.
    pub(crate) fn open_root(
        &mut self,
        root: &str,
        date_attr: &str,
        label: &str,
        fallback: Option<String>,
    ) -> Result<Option<String>, ListError> {
        loop {
            match self.next_event()? {
                XEvent::Start(name, attrs, _) => {
                    if name != root {
                        return Err(ListError::Unrecognised {
                            file: self.file.clone(),
                            message: format!(
                                "root element is <{name}>, expected <{root}> ({label})"
                            ),
                        });
                    }
                    let date = attrs
                        .iter()
                        .find(|(k, _)| k == date_attr)
                        .and_then(|(_, v)| date_part(v));
                    return Ok(date.or(fallback));
                }
                XEvent::Text(_) | XEvent::End => continue,
                XEvent::Eof => {
                    return Err(ListError::Unrecognised {
                        file: self.file.clone(),
                        message: "empty XML document".into(),
                    });
                }
            }
        }
    }
}

/// The ISO date part (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) at the start of a timestamp.
pub(crate) fn date_part(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.len() >= r.end && b[r].iter().all(u8::is_ascii_digit);
    if digits(0..4)
        && b.len() >= 10
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
    {
        Some(s[..10].to_string())
    } else if digits(0..4) && b.len() >= 7 && b[4] == b'-' && digits(5..7) {
        Some(s[..7].to_string())
    } else if digits(0..4) && (b.len() == 4 || !b[4].is_ascii_digit()) {
        Some(s[..4].to_string())
    } else {
        None
    }
}

/// The ISO alpha-2 code of a country as the list writes it: [`country::to_code`], else (for a
/// bare two-letter code such as `RU`) the code in lower case.
pub(crate) fn country_code(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if let Some(code) = country::to_code(raw) {
        return Some(code.to_string());
    }
    if raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(raw.to_ascii_lowercase());
    }
    None
}

/// Adds a nationality: the ISO code when known, else the text as written.
pub(crate) fn add_nationality(entity: &mut Entity, raw: &str) {
    let raw = squash(raw);
    match country_code(&raw) {
        Some(code) => entity.add(Prop::Nationality, &code),
        None => entity.add(Prop::Nationality, &raw),
    };
}

/// Drops aliases, weak aliases and previous names that repeat one of the entity's names
/// exactly (lists often repeat the primary name among the aliases).
pub(crate) fn drop_names_repeated_as_aliases(entity: &mut Entity) {
    let names: Vec<String> = entity.strings(Prop::Name).map(str::to_string).collect();
    for prop in [Prop::Alias, Prop::WeakAlias, Prop::PreviousName] {
        if !entity.strings(prop).any(|a| names.iter().any(|n| n == a)) {
            continue;
        }
        let keep: Vec<_> = entity
            .values(prop)
            .iter()
            .filter(|v| !names.contains(&v.value))
            .cloned()
            .collect();
        entity.clear(prop);
        for v in keep {
            entity.add_sourced(prop, &v.value, v.provenance);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The UN reader.
// ---------------------------------------------------------------------------------------------

/// Opens a UN consolidated XML file (plain or gzip) as a stream of entities.
///
/// Reads up to the root element to learn the publication date; a file whose root is not
/// `CONSOLIDATED_LIST` is [`ListError::Unrecognised`].
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    let file = source
        .files
        .first()
        .cloned()
        .ok_or_else(|| ListError::Unrecognised {
            file: PathBuf::new(),
            message: "no file given for the UN list".into(),
        })?;
    let input = crate::us_csl::open_input(&file)?;
    let mut cursor = XmlCursor::new(input, &file);
    let published = cursor.open_root(
        "CONSOLIDATED_LIST",
        "dateGenerated",
        "UN",
        source.published.clone(),
    )?;
    let list = if source.list.is_empty() {
        LIST.to_string()
    } else {
        source.list.clone()
    };
    Ok(Box::new(UnStream {
        cursor,
        list,
        published,
        index: 0,
        done: false,
    }))
}

struct UnStream {
    cursor: XmlCursor,
    list: String,
    published: Option<String>,
    /// How many records (`INDIVIDUAL` or `ENTITY`) were read so far.
    index: usize,
    done: bool,
}

impl Iterator for UnStream {
    type Item = Result<Entity, ListError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            let event = match self.cursor.next_event() {
                Ok(ev) => ev,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            match event {
                XEvent::Start(name, attrs, line)
                    if self.cursor.depth() == 3 && (name == "INDIVIDUAL" || name == "ENTITY") =>
                {
                    self.index += 1;
                    let node = match self.cursor.read_tree(name, attrs, line) {
                        Ok(n) => n,
                        Err(e) => {
                            self.done = true;
                            return Some(Err(e));
                        }
                    };
                    self.cursor.mark();
                    return Some(self.map_record(&node));
                }
                XEvent::Start(..) | XEvent::Text(_) | XEvent::End => continue,
                XEvent::Eof => {
                    self.done = true;
                    return None;
                }
            }
        }
    }
}

impl UnStream {
    fn map_record(&self, node: &Node) -> Result<Entity, ListError> {
        let person = node.name == "INDIVIDUAL";
        let reference = node
            .text_of("REFERENCE_NUMBER")
            .ok_or_else(|| ListError::Record {
                file: self.cursor.file().to_path_buf(),
                location: format!(
                    "element <{}> #{} (line {})",
                    node.name, self.index, node.line
                ),
                field: "REFERENCE_NUMBER".into(),
                message: "missing or empty; the record cannot be identified".into(),
            })?;
        let schema = if person {
            Schema::Person
        } else {
            Schema::Organization
        };
        let mut e = Entity::from_record(schema, &self.list, reference, self.published.as_deref());

        let name_parts: Vec<String> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
            .iter()
            .filter_map(|f| node.text_of(f))
            .map(squash)
            .collect();
        e.add(Prop::Name, &name_parts.join(" "));
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
    fields
        .iter()
        .filter_map(|f| node.text_of(f))
        .map(squash)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_counter_counts_consumed_newlines() {
        let mut lc = LineCounter::new(io::BufReader::with_capacity(4, &b"ab\ncd\nef\n"[..]));
        let mut s = String::new();
        lc.read_to_string(&mut s).unwrap();
        assert_eq!(lc.line_at(0), 1);
        assert_eq!(lc.line_at(3), 2);
        assert_eq!(lc.line_at(7), 3);
        lc.forget_before(4);
        assert_eq!(lc.line_at(7), 3);
    }

    #[test]
    fn dates() {
        assert_eq!(
            date_part("2026-02-27T00:00:09.554Z").as_deref(),
            Some("2026-02-27")
        );
        assert_eq!(date_part("1962").as_deref(), Some("1962"));
        assert_eq!(date_part("1962-05").as_deref(), Some("1962-05"));
        assert_eq!(date_part("n/a"), None);
    }
}
