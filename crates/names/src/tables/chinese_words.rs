//! The dictionary that cuts Chinese company names into words: legal forms (有限公司),
//! generic company words (科技 technology, 贸易 trading, 集团 group, 香港 Hong Kong...) and big
//! place names, so that the remaining brand or personal-name syllables can be joined into
//! words (华为 → `huawei`); table: `data/chinese_words.csv`. The characters themselves are
//! read by [`crate::script::chinese`].

use crate::script::chinese::readings;
use crate::tables::data;
use crate::tables::legal_forms::{self, LegalClass, LegalForm};
use chokepoint_refdata::hash::FastMap;
use chokepoint_refdata::TableError;
use std::sync::OnceLock;

/// What a stretch of Chinese text is.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    /// A legal form.
    Legal(LegalForm),
    /// A generic company word, as its canonical English word(s).
    Generic(&'static str),
    /// A place or other word with a fixed latin spelling.
    Fixed(&'static str),
    /// A name word: the plain pinyin readings of each character (first = most common).
    Name(Vec<Vec<&'static str>>),
}

/// What a dictionary word is.
enum Kind {
    /// A legal form: canonical form and family.
    Legal(String, LegalClass),
    /// A generic company word: its canonical English word(s).
    Generic(String),
    /// A place or other word with a fixed latin spelling.
    Fixed(String),
}

/// The table's data file (see its header for the columns and where the entries come from).
const DATA: &str = include_str!("../../data/chinese_words.csv");

/// The longest dictionary word, in characters.
const MAX_WORD: usize = 6;

/// The dictionary read: its words in the order of the file, and the two-character surnames.
pub(crate) struct Dictionary {
    words: Vec<(String, Kind)>,
    /// Two-character surnames (read as one word before the given name).
    compound_surnames: Vec<String>,
}

impl Dictionary {
    /// The number of rows read.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.words.len() + self.compound_surnames.len()
    }
}

/// Reads `chinese_words.csv`.
pub(crate) fn load() -> Result<Dictionary, TableError> {
    read(DATA, "chokepoint-names/data/chinese_words.csv")
}

/// Reads the table from `text`; `origin` names it in errors.
pub(super) fn read(text: &str, origin: &str) -> Result<Dictionary, TableError> {
    data::load(text, origin, &["word", "kind", "latin", "class"], |t| {
        let mut d = Dictionary {
            words: Vec::new(),
            compound_surnames: Vec::new(),
        };
        for r in t.rows() {
            let word = r.required("word")?.to_string();
            if !(2..=MAX_WORD).contains(&word.chars().count()) {
                return Err(r.error("word", "a word has two to six characters"));
            }
            let kind = match r.required("kind")? {
                "legal" => {
                    let class = LegalClass::from_name(r.required("class")?)
                        .ok_or_else(|| r.error("class", "not a legal-form family"))?;
                    Kind::Legal(r.required("latin")?.to_string(), class)
                }
                "generic" => Kind::Generic(r.required("latin")?.to_string()),
                "place" => Kind::Fixed(r.required("latin")?.to_string()),
                "compound_surname" => {
                    d.compound_surnames.push(word);
                    continue;
                }
                _ => {
                    return Err(
                        r.error("kind", "neither legal, generic, place nor compound_surname")
                    )
                }
            };
            d.words.push((word, kind));
        }
        Ok(d)
    })
}

fn dictionary() -> &'static Dictionary {
    static D: OnceLock<Dictionary> = OnceLock::new();
    D.get_or_init(|| data::built_in(load()))
}

struct Index {
    words: FastMap<&'static str, usize>,
    first_chars: Vec<char>,
}

fn index() -> &'static Index {
    static I: OnceLock<Index> = OnceLock::new();
    I.get_or_init(|| {
        let mut words = FastMap::default();
        let mut first_chars = Vec::new();
        for (i, (w, _)) in dictionary().words.iter().enumerate() {
            words.insert(w.as_str(), i);
            if let Some(c) = w.chars().next() {
                if !first_chars.contains(&c) {
                    first_chars.push(c);
                }
            }
        }
        first_chars.sort_unstable();
        Index { words, first_chars }
    })
}

fn lookup(chars: &[char], i: usize) -> Option<(usize, &'static Kind)> {
    let idx = index();
    idx.first_chars.binary_search(&chars[i]).ok()?;
    let max = MAX_WORD.min(chars.len() - i);
    let mut buf = String::with_capacity(max * 3);
    let mut best = None;
    for len in 1..=max {
        buf.push(chars[i + len - 1]);
        if len < 2 {
            continue;
        }
        if let Some(&k) = idx.words.get(buf.as_str()) {
            best = Some((len, &dictionary().words[k].1));
        }
    }
    best
}

/// Cuts a run of Chinese characters into pieces. `person` reads a dictionary-free run of two
/// to four characters as surname + given name.
pub(crate) fn pieces(run: &str, person: bool) -> Vec<Piece> {
    let chars: Vec<char> = run.chars().collect();
    let mut out = Vec::new();
    let mut name: Vec<char> = Vec::new();
    let mut hits = 0;
    let mut i = 0;
    while i < chars.len() {
        if let Some((len, kind)) = lookup(&chars, i) {
            flush(&mut name, &mut out);
            hits += 1;
            out.push(match kind {
                Kind::Legal(c, class) => Piece::Legal(legal_forms::make(c, *class)),
                Kind::Generic(g) => Piece::Generic(g),
                Kind::Fixed(f) => Piece::Fixed(f),
            });
            i += len;
            // 深圳市, 广东省, 南山区: the administrative suffix after a known place.
            if matches!(kind, Kind::Fixed(_))
                && chars
                    .get(i)
                    .is_some_and(|c| matches!(c, '市' | '省' | '区' | '區' | '县' | '縣'))
            {
                i += 1;
            }
        } else {
            name.push(chars[i]);
            i += 1;
        }
    }
    if hits == 0 && person && (2..=4).contains(&name.len()) {
        let two: String = name.iter().take(2).collect();
        let split = if name.len() > 2 && dictionary().compound_surnames.contains(&two) {
            2
        } else {
            1
        };
        let given = name.split_off(split);
        flush(&mut name, &mut out);
        let mut given = given;
        flush(&mut given, &mut out);
        return out;
    }
    flush(&mut name, &mut out);
    out
}

fn flush(name: &mut Vec<char>, out: &mut Vec<Piece>) {
    if name.is_empty() {
        return;
    }
    let r: Vec<Vec<&'static str>> = name
        .iter()
        .map(|&c| readings(c))
        .filter(|r| !r.is_empty())
        .collect();
    if !r.is_empty() {
        out.push(Piece::Name(r));
    }
    name.clear();
}

/// True if the run has any dictionary word (legal form, generic word, place).
pub(crate) fn has_dictionary_word(run: &str) -> bool {
    let chars: Vec<char> = run.chars().collect();
    (0..chars.len()).any(|i| lookup(&chars, i).is_some())
}
