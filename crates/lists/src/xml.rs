//! The streaming XML machinery of the UN and EU readers: a cursor over XML events that knows
//! its element path and the line of each event, one record read at a time into a small tree
//! ([`Node`]), and [`RecordStream`], the loop that turns each record element into an entity.
//! Only one record is held in memory at a time.

use crate::input::{first_file, list_id, open_input};
use crate::values::date_part;
use crate::{EntityStream, ListError, Source};
use chokepoint_model::Entity;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

/// A `BufRead` wrapper that counts the newlines of the bytes its consumer has consumed, so a
/// byte position of the XML parser can be turned into a line number without keeping the file.
///
/// Only newline offsets after the last [`LineCounter::forget_before`] mark are kept, so memory
/// is bounded by the size of one record.
struct LineCounter<R> {
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

/// The deepest nesting of elements a list file may have: real lists go 5 to 8 levels deep; a
/// file nested deeper is not a list (and a tree of 150,000 nested elements would overflow the
/// stack when dropped).
pub(crate) const MAX_DEPTH: usize = 64;

/// The message of the error for elements nested deeper than [`MAX_DEPTH`].
pub(crate) fn too_deep() -> String {
    format!(
        "elements nested deeper than {MAX_DEPTH} levels: this is not a list file in the format being read (the store is unchanged)"
    )
}

/// Checks that the text at the start of `input` (after whitespace and a byte-order mark) opens
/// an XML document; otherwise the plain sentence that the file is not XML, naming the format
/// `label` it was to be read as.
pub(crate) fn check_xml_start(
    input: &mut dyn BufRead,
    file: &Path,
    label: &str,
) -> Result<(), ListError> {
    let head = input.fill_buf().map_err(ListError::io(file))?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(&head[..head.len().min(200)]).into_owned();
    let trimmed = text.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('<') {
        return Ok(());
    }
    let start: String = trimmed
        .chars()
        .take_while(|c| *c != '\n' && *c != '\r')
        .take(40)
        .collect::<String>()
        .escape_debug()
        .to_string();
    Err(ListError::Unrecognised {
        file: file.to_path_buf(),
        message: format!(
            "is not XML (line 1 starts with `{start}`), so it cannot be read as {label} XML; check the file or --format (the store is unchanged)"
        ),
    })
}

/// One XML event, owned and simplified: entity references are resolved into text, empty
/// elements come as a start and an end, comments and declarations are dropped.
#[derive(Debug)]
enum XEvent {
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
struct XmlCursor {
    reader: Reader<LineCounter<Box<dyn BufRead>>>,
    buf: Vec<u8>,
    path: Vec<String>,
    file: PathBuf,
}

impl XmlCursor {
    /// A cursor over `input`, read from `file`.
    fn new(input: Box<dyn BufRead>, file: &Path) -> Self {
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
    fn file(&self) -> &Path {
        &self.file
    }

    /// The path of open elements, `A/B/C`.
    fn path(&self) -> String {
        self.path.join("/")
    }

    /// The number of open elements.
    fn depth(&self) -> usize {
        self.path.len()
    }

    /// The line of the last byte of the last event.
    fn current_line(&self) -> u64 {
        let pos = self.reader.buffer_position();
        self.reader.get_ref().line_at(pos.saturating_sub(1))
    }

    /// Lets the line counter drop newline offsets before the current position (call between
    /// records).
    fn mark(&mut self) {
        let pos = self.reader.buffer_position();
        self.reader.get_mut().forget_before(pos);
    }

    /// A fatal error at `line` inside the current element path (`line 12, in <A/B>`).
    fn fatal_at(&self, line: u64, message: impl Into<String>) -> ListError {
        let path = self.path();
        let within = if path.is_empty() {
            String::new()
        } else {
            format!("<{path}>")
        };
        ListError::fatal_at(&self.file, line, &within, message)
    }

    fn xml_error(&self, err: quick_xml::Error) -> ListError {
        if let quick_xml::Error::Io(io) = &err {
            if let Some(long) = crate::input::LineTooLong::in_error(io) {
                return long.to_list_error(&self.file);
            }
        }
        // An encoding error has no error position (it is 0): the text being decoded ends
        // where the reader stands.
        let pos = self.reader.error_position();
        let line = if pos > 0 {
            self.reader.get_ref().line_at(pos)
        } else {
            self.current_line()
        };
        self.fatal_at(line, format!("malformed XML: {err}"))
    }

    /// The next event.
    fn next_event(&mut self) -> Result<XEvent, ListError> {
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
                    if self.path.len() > MAX_DEPTH {
                        self.path.truncate(3);
                        self.path.push("…".into());
                        return Err(self.fatal_at(line, too_deep()));
                    }
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

    /// Reads up to the root element, checks that it is `<{root}>` and returns the date part of
    /// its `date_attr` attribute (the list's publication date), else `fallback`. `label` names
    /// the format in the error for a wrong root.
    fn open_root(
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

    /// Reads the rest of the element that just started (`name`, `attrs`, `line`) into a tree.
    fn read_tree(
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

/// What an XML list looks like to [`open_records`]: its root, where its records stand, and how
/// it is named in errors.
pub(crate) struct XmlList {
    /// The root element's local name.
    pub(crate) root: &'static str,
    /// The root attribute holding the publication timestamp.
    pub(crate) date_attr: &'static str,
    /// The list's name in the error for a wrong root.
    pub(crate) label: &'static str,
    /// The message of the error for a source without a file.
    pub(crate) no_file: &'static str,
    /// The depth of the record elements (the root is depth 1).
    pub(crate) depth: usize,
    /// The local names of the record elements.
    pub(crate) records: &'static [&'static str],
    /// The list id when the source names none.
    pub(crate) list: &'static str,
}

/// Turns one record element of an XML list into an entity.
pub(crate) trait MapRecord {
    /// The entity of `record`, the `index`-th record (from 1) of `file`.
    fn map(&self, record: &Node, file: &Path, index: usize) -> Result<Entity, ListError>;
}

/// Opens an XML list (plain or gzip) as a stream of entities: reads up to the root element for
/// the publication date (a wrong root is [`ListError::Unrecognised`]), then maps each record
/// with the mapper `make` builds from the list id and the publication date.
pub(crate) fn open_records<M: MapRecord + 'static>(
    source: &Source,
    list: &XmlList,
    make: impl FnOnce(String, Option<String>) -> M,
) -> Result<EntityStream, ListError> {
    let file = first_file(source, list.no_file)?;
    let mut input = open_input(&file)?;
    check_xml_start(&mut *input, &file, list.label)?;
    let mut cursor = XmlCursor::new(input, &file);
    let published = cursor.open_root(
        list.root,
        list.date_attr,
        list.label,
        source.published.clone(),
    )?;
    let mapper = make(list_id(source, list.list), published);
    Ok(Box::new(RecordStream {
        cursor,
        depth: list.depth,
        records: list.records,
        mapper,
        index: 0,
        done: false,
    }))
}

/// The error for a record without the field that identifies it: located by the record's
/// element, its `index` in the file and its line.
pub(crate) fn missing_id(record: &Node, field: &str, file: &Path, index: usize) -> ListError {
    ListError::in_element(
        file,
        &record.name,
        index,
        record.line,
        field,
        "missing or empty; the record cannot be identified",
    )
}

/// The stream of an XML list's entities: each record element at `depth` is read whole and
/// mapped; a fatal error ends the stream.
struct RecordStream<M> {
    cursor: XmlCursor,
    depth: usize,
    records: &'static [&'static str],
    mapper: M,
    /// How many records were read so far.
    index: usize,
    done: bool,
}

impl<M> RecordStream<M> {
    /// The next record element, read whole; `None` at the end of the document.
    fn next_record(&mut self) -> Result<Option<Node>, ListError> {
        loop {
            match self.cursor.next_event()? {
                XEvent::Start(name, attrs, line)
                    if self.cursor.depth() == self.depth
                        && self.records.contains(&name.as_str()) =>
                {
                    self.index += 1;
                    let node = self.cursor.read_tree(name, attrs, line)?;
                    self.cursor.mark();
                    return Ok(Some(node));
                }
                XEvent::Start(..) | XEvent::Text(_) | XEvent::End => continue,
                XEvent::Eof => return Ok(None),
            }
        }
    }
}

impl<M: MapRecord> Iterator for RecordStream<M> {
    type Item = Result<Entity, ListError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(node)) => Some(self.mapper.map(&node, self.cursor.file(), self.index)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
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
}
