//! The description reader: what goods a customs description names, and why. It reads
//!
//! - **part numbers** through the part-number families of `chokepoint-parts`
//!   (`IRF540NPBF` → a power MOSFET) and the component table `rules/components.csv`
//!   (power MOSFET → 8541.29): a recognised part number decides the subheading;
//! - **product words** in Russian, English and Chinese from the analysts' lexicon
//!   `rules/lexicon.csv` (editable; see its header), plus English words taken from the HS 2022
//!   texts of the CHPL subheadings when the nomenclature is given
//!   ([`DescriptionClassifier::with_nomenclature`]);
//! - **modifiers** derived from the HS texts: "parts of …" picks the heading's parts
//!   subheading, a numerical-control word the heading's numerically controlled CHPL subheading;
//! - **vagueness**: a description made only of words that name no goods («Запасные части»,
//!   "Samples").
//!
//! Every [`Reading`] keeps the words and part numbers that decided it ([`Reading::evidence`]),
//! so that a flag can say what it saw.

use crate::error::{read_table_file, Result, TradeError};
use crate::hs::{parse_code, Nomenclature};
use chokepoint_parts::Families;
use chokepoint_refdata::Table;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The built-in lexicon.
pub const DEFAULT_LEXICON: &str = include_str!("../rules/lexicon.csv");

/// The built-in component table (component type of a part-number family → HS 2022 subheading).
pub const DEFAULT_COMPONENTS: &str = include_str!("../rules/components.csv");

/// The weight of a recognised part number: more than any word, so that the part decides.
pub const PART_NUMBER_WEIGHT: f64 = 6.0;

/// Short function words skipped in descriptions and in multi-word terms.
const STOPWORDS: &[&str] = &[
    "и", "в", "с", "со", "для", "из", "на", "по", "не", "от", "до", "к", "а", "of", "and", "or",
    "for", "the", "with", "to", "in", "a", "an", "by",
];

/// Words of HS texts that name no particular goods; skipped when terms are derived from them.
const HS_GENERIC: &[&str] = &[
    "electronic",
    "electrical",
    "electric",
    "apparatus",
    "instruments",
    "instrument",
    "appliances",
    "machines",
    "machine",
    "machinery",
    "tools",
    "parts",
    "accessories",
    "devices",
    "device",
    "articles",
    "other",
    "units",
    "kind",
    "used",
    "solely",
    "principally",
    "whether",
    "not",
    "nec",
    "heading",
    "item",
    "excluding",
    "including",
    "than",
    "use",
    "using",
    "suitable",
    "therewith",
    "such",
    "fixed",
];

#[derive(Debug, Clone)]
struct Term {
    tokens: Vec<String>,
    text: String,
    code: u32,
    digits: u8,
    weight: f64,
}

/// The part number that decided a reading.
#[derive(Debug, Clone, PartialEq)]
pub struct PartEvidence {
    /// The part number as normalised.
    pub part_number: String,
    /// The component it names (from `rules/components.csv`).
    pub component: String,
    /// The HS 2022 subheading of that component.
    pub hs6: u32,
}

/// A prediction from a description.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// The predicted heading (4 digits).
    pub heading: u16,
    /// The predicted six-digit code, when a term, a part number or a modifier was that specific.
    pub hs6: Option<u32>,
    /// Total weight of the votes for the winning heading.
    pub score: f64,
    /// Winning heading's share of all votes (0–1).
    pub confidence: f64,
    /// Whether a recognised part number voted for the winning heading.
    pub part_number: bool,
}

/// What a description says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    /// The goods the description points at, if any term matched.
    pub prediction: Option<Prediction>,
    /// Whether the description is vague: no product word, no part number, only words that
    /// name no goods.
    pub vague: bool,
    /// The words, phrases and part numbers that voted for the winning heading (or, for a vague
    /// description, its generic words), in the order found.
    pub evidence: Vec<String>,
    /// The part number that decided the subheading, if any.
    pub part: Option<PartEvidence>,
}

impl Reading {
    /// The evidence as one phrase for an explanation: `«осциллограф», part number IRF540NPBF`.
    pub fn evidence_text(&self) -> String {
        self.evidence.join(", ")
    }
}

/// Classifies goods descriptions: lexicon words, part-number families, HS-derived modifiers.
#[derive(Debug, Clone)]
pub struct DescriptionClassifier {
    /// Word and phrase terms, indexed by their first token's first char for speed.
    words: HashMap<char, Vec<Term>>,
    cjk: Vec<Term>,
    parts_words: Vec<Vec<String>>,
    parts_cjk: Vec<String>,
    nc_words: Vec<Vec<String>>,
    nc_cjk: Vec<String>,
    generic_words: Vec<String>,
    generic_cjk: Vec<String>,
    families: Families,
    components: HashMap<String, (u32, String)>,
    /// Heading → its parts subheading (from the HS texts).
    parts_subheading: HashMap<u16, u32>,
    /// Heading → its numerically controlled CHPL subheading (from the HS and CHPL texts).
    nc_subheading: HashMap<u16, u32>,
}

fn raw_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.to_lowercase().replace('ё', "е"))
        .collect()
}

/// Lower-case word tokens without the short function words.
fn tokenize(text: &str) -> Vec<String> {
    raw_tokens(text)
        .into_iter()
        .filter(|t| !STOPWORDS.contains(&t.as_str()))
        .collect()
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn token_matches(term: &str, token: &str) -> bool {
    if term.chars().count() <= 3 {
        token == term
    } else {
        token.starts_with(term)
    }
}

fn phrase_at(phrase: &[String], tokens: &[String], i: usize) -> bool {
    i + phrase.len() <= tokens.len()
        && phrase
            .iter()
            .zip(&tokens[i..])
            .all(|(a, b)| token_matches(a, b))
}

fn contains_phrase(phrase: &[String], tokens: &[String]) -> bool {
    !phrase.is_empty() && (0..tokens.len()).any(|i| phrase_at(phrase, tokens, i))
}

/// An English stem of an HS word: plural endings dropped ("oscilloscopes" → "oscilloscop").
fn stem(word: &str) -> String {
    if word.chars().count() > 5 {
        if let Some(s) = word.strip_suffix("es") {
            return s.to_string();
        }
    }
    if word.chars().count() > 4 {
        if let Some(s) = word.strip_suffix('s') {
            return s.to_string();
        }
    }
    word.to_string()
}

/// One vote: code, digits (4 or 6), weight, what cast it, whether it is a part number.
type Vote = (u32, u8, f64, String, bool);

fn heading_of(code: u32, digits: u8) -> u16 {
    if digits == 6 {
        (code / 100) as u16
    } else {
        code as u16
    }
}

impl DescriptionClassifier {
    /// The built-in lexicon, part-number families and component table.
    pub fn builtin() -> Result<Self> {
        Self::parse(DEFAULT_LEXICON, "rules/lexicon.csv")
    }

    /// Reads a lexicon file (`term,kind,code,weight`; kinds `word`, `cjk`, `parts`, `nc`,
    /// `generic`), with the built-in families and component table.
    pub fn load(path: &Path) -> Result<Self> {
        let (text, origin) = read_table_file(path)?;
        Self::parse(&text, &origin)
    }

    /// Parses lexicon text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let families = Families::builtin().map_err(|e| TradeError::Invalid(e.to_string()))?;
        let components = parse_components(DEFAULT_COMPONENTS, "rules/components.csv")?;
        let mut c = DescriptionClassifier {
            words: HashMap::new(),
            cjk: Vec::new(),
            parts_words: Vec::new(),
            parts_cjk: Vec::new(),
            nc_words: Vec::new(),
            nc_cjk: Vec::new(),
            generic_words: Vec::new(),
            generic_cjk: Vec::new(),
            families,
            components,
            parts_subheading: HashMap::new(),
            nc_subheading: HashMap::new(),
        };
        for component in c.families.components() {
            if !c.components.contains_key(component) {
                return Err(TradeError::Invalid(format!(
                    "rules/components.csv: no row for component `{component}` named in the part-number families"
                )));
            }
        }
        let table = Table::parse(text, origin)?;
        for row in table.rows() {
            let bad = TradeError::data_at(origin, row.line());
            let term = row.at(0).trim();
            let kind = row.at(1).trim();
            if term.is_empty() {
                return Err(bad("empty term".into()));
            }
            let cjk = term.chars().any(is_cjk);
            match kind {
                "parts" | "nc" | "generic" => {
                    let tokens = tokenize(term);
                    if !cjk && tokens.is_empty() && kind != "generic" {
                        return Err(bad("term has no letters".into()));
                    }
                    match (kind, cjk) {
                        ("parts", true) => c.parts_cjk.push(term.to_string()),
                        ("parts", false) => c.parts_words.push(tokens),
                        ("nc", true) => c.nc_cjk.push(term.to_string()),
                        ("nc", false) => c.nc_words.push(tokens),
                        (_, true) => c.generic_cjk.push(term.to_string()),
                        (_, false) => c.generic_words.extend(raw_tokens(term)),
                    }
                    continue;
                }
                "word" | "cjk" => {}
                "pn" => {
                    return Err(bad(
                        "part-number prefixes belong in the parts crate's data/families.csv".into(),
                    ))
                }
                other => return Err(bad(format!("unknown kind `{other}`"))),
            }
            let code_text: String = row.at(2).chars().filter(|ch| ch.is_ascii_digit()).collect();
            let (code, digits) = match code_text.len() {
                4 => (
                    code_text
                        .parse::<u32>()
                        .map_err(|_| bad("bad code".into()))?,
                    4,
                ),
                6 => (
                    parse_code(&code_text).map_err(|e| bad(e.to_string()))?.hs6,
                    6,
                ),
                _ => return Err(bad(format!("code `{}` must have 4 or 6 digits", row.at(2)))),
            };
            let weight: f64 = row
                .at(3)
                .trim()
                .parse()
                .map_err(|_| bad("bad weight".into()))?;
            if kind == "cjk" {
                c.cjk.push(Term {
                    tokens: vec![term.to_string()],
                    text: term.to_string(),
                    code,
                    digits,
                    weight,
                });
            } else {
                c.add_word(term, tokenize(term), code, digits, weight)
                    .map_err(|m| bad(m.into()))?;
            }
        }
        Ok(c)
    }

    fn add_word(
        &mut self,
        text: &str,
        tokens: Vec<String>,
        code: u32,
        digits: u8,
        weight: f64,
    ) -> std::result::Result<(), &'static str> {
        let Some(first) = tokens.first().and_then(|t| t.chars().next()) else {
            return Err("term has no letters");
        };
        self.words.entry(first).or_default().push(Term {
            tokens,
            text: text.to_string(),
            code,
            digits,
            weight,
        });
        Ok(())
    }

    /// Adds what the HS 2022 texts say: each heading's parts subheading (the last subheading
    /// whose text names parts, for headings that are not themselves about parts), each
    /// machine-tool heading's numerically controlled CHPL subheading, and English terms from
    /// the texts of the CHPL subheadings (the first phrase that names goods, generic words
    /// such as "apparatus" left out; a phrase shared by several subheadings of one heading
    /// votes for the heading). `chpl` lists the CHPL codes.
    pub fn with_nomenclature(mut self, nomenclature: &Nomenclature, chpl: &[u32]) -> Self {
        let chpl: HashSet<u32> = chpl.iter().copied().collect();
        for s in nomenclature.subheadings() {
            let heading = (s.hs6 / 100) as u16;
            let text = s.description.to_lowercase();
            let heading_text = nomenclature
                .heading(heading)
                .unwrap_or_default()
                .to_lowercase();
            if text.contains("part") && !heading_text.starts_with("parts") {
                let about_parts = heading_text
                    .split(';')
                    .next()
                    .is_some_and(|h| h.contains("parts"));
                if !about_parts {
                    self.parts_subheading.insert(heading, s.hs6);
                }
            }
            if chpl.contains(&s.hs6) && text.contains("numerically controlled") {
                self.nc_subheading.entry(heading).or_insert(s.hs6);
            }
        }
        // English terms from the CHPL texts.
        let mut phrases: HashMap<Vec<String>, Vec<u32>> = HashMap::new();
        for &code in &chpl {
            let Some(s) = nomenclature.subheading(code) else {
                continue;
            };
            for phrase in hs_phrases(&s.description) {
                let codes = phrases.entry(phrase).or_default();
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
        let mut phrases: Vec<(Vec<String>, Vec<u32>)> = phrases.into_iter().collect();
        phrases.sort();
        for (tokens, codes) in phrases {
            let heading = codes[0] / 100;
            let (code, digits) = if codes.len() == 1 {
                (codes[0], 6)
            } else if codes.iter().all(|c| c / 100 == heading) {
                (heading, 4)
            } else {
                continue;
            };
            let weight = if tokens.len() >= 2 { 2.0 } else { 1.0 };
            let text = tokens.join(" ");
            let _ = self.add_word(&text, tokens, code, digits, weight);
        }
        self
    }

    /// The part numbers of a description that belong to a known family, with their component
    /// and its HS subheading.
    pub fn part_numbers(&self, description: &str) -> Vec<PartEvidence> {
        self.families
            .recognise(description)
            .into_iter()
            .filter_map(|r| {
                let (hs6, name) = self.components.get(&r.family.component)?;
                Some(PartEvidence {
                    part_number: r.part.normalized.clone(),
                    component: name.clone(),
                    hs6: *hs6,
                })
            })
            .collect()
    }

    /// Reads a description.
    pub fn read(&self, description: &str) -> Reading {
        let tokens = tokenize(description);
        let mut votes: Vec<Vote> = Vec::new();
        for (i, tok) in tokens.iter().enumerate() {
            let Some(first) = tok.chars().next() else {
                continue;
            };
            let Some(terms) = self.words.get(&first) else {
                continue;
            };
            for t in terms {
                if phrase_at(&t.tokens, &tokens, i) {
                    votes.push((t.code, t.digits, t.weight, format!("«{}»", t.text), false));
                }
            }
        }
        let has_cjk = description.chars().any(is_cjk);
        if has_cjk {
            for t in &self.cjk {
                if description.contains(t.tokens[0].as_str()) {
                    votes.push((t.code, t.digits, t.weight, format!("«{}»", t.text), false));
                }
            }
        }
        let parts = self.part_numbers(description);
        for p in &parts {
            votes.push((
                p.hs6,
                6,
                PART_NUMBER_WEIGHT,
                format!("part number {} ({})", p.part_number, p.component),
                true,
            ));
        }
        if votes.is_empty() {
            let generic = self.generic_evidence(description, &tokens, has_cjk);
            return Reading {
                prediction: None,
                vague: generic.is_some(),
                evidence: generic.unwrap_or_default(),
                part: None,
            };
        }
        let total: f64 = votes.iter().map(|v| v.2).sum();
        let mut by_heading: Vec<(u16, f64)> = Vec::new();
        for v in &votes {
            let h = heading_of(v.0, v.1);
            match by_heading.iter_mut().find(|(x, _)| *x == h) {
                Some(e) => e.1 += v.2,
                None => by_heading.push((h, v.2)),
            }
        }
        // Highest score wins; ties go to the lower heading so the result is deterministic.
        by_heading.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (heading, score) = by_heading[0];
        let part = parts.into_iter().find(|p| (p.hs6 / 100) as u16 == heading);
        let hs6 = if let Some(p) = &part {
            Some(p.hs6)
        } else {
            let mut best6: Option<(u32, f64)> = None;
            for v in votes
                .iter()
                .filter(|v| v.1 == 6 && heading_of(v.0, v.1) == heading)
            {
                let w: f64 = votes
                    .iter()
                    .filter(|x| x.1 == 6 && x.0 == v.0)
                    .map(|x| x.2)
                    .sum();
                if best6.is_none_or(|(c, bw)| w > bw || (w == bw && v.0 < c)) {
                    best6 = Some((v.0, w));
                }
            }
            best6.map(|b| b.0).or_else(|| {
                let said = |words: &[Vec<String>], cjk: &[String]| {
                    words.iter().any(|w| contains_phrase(w, &tokens))
                        || (has_cjk && cjk.iter().any(|w| description.contains(w.as_str())))
                };
                if said(&self.parts_words, &self.parts_cjk) {
                    self.parts_subheading.get(&heading).copied()
                } else if said(&self.nc_words, &self.nc_cjk) {
                    self.nc_subheading.get(&heading).copied()
                } else {
                    None
                }
            })
        };
        let mut evidence: Vec<String> = Vec::new();
        for v in votes.iter().filter(|v| heading_of(v.0, v.1) == heading) {
            if !evidence.contains(&v.3) {
                evidence.push(v.3.clone());
            }
        }
        Reading {
            prediction: Some(Prediction {
                heading,
                hs6,
                score,
                confidence: score / total,
                part_number: part.is_some(),
            }),
            vague: false,
            evidence,
            part,
        }
    }

    /// The generic words of a description made only of words that name no goods (and
    /// numbers); `None` when it names something else.
    fn generic_evidence(
        &self,
        description: &str,
        tokens: &[String],
        has_cjk: bool,
    ) -> Option<Vec<String>> {
        let mut found = Vec::new();
        for t in tokens {
            if t.chars().all(|c| c.is_ascii_digit()) || t.chars().all(is_cjk) {
                continue;
            }
            let g = self.generic_words.iter().find(|g| token_matches(g, t))?;
            if !found.contains(g) {
                found.push(g.clone());
            }
        }
        if has_cjk {
            let mut rest = description.to_string();
            for g in &self.generic_cjk {
                if rest.contains(g.as_str()) {
                    rest = rest.replace(g.as_str(), " ");
                    found.push(g.clone());
                }
            }
            if rest.chars().any(is_cjk) {
                return None;
            }
        }
        (!found.is_empty()).then(|| found.into_iter().map(|g| format!("«{g}»")).collect())
    }
}

/// The first phrases of an HS text that name goods: the text is cut at `;`, each part at
/// `,`, `(` and " and "/" or "; a phrase keeps its non-generic words (stemmed), at most three.
/// The first part that yields a phrase is used.
fn hs_phrases(description: &str) -> Vec<Vec<String>> {
    for part in description.split(';') {
        let first = part.split([',', '(']).next().unwrap_or_default();
        let mut out = Vec::new();
        for piece in first
            .to_lowercase()
            .split(" and ")
            .flat_map(|p| p.split(" or ").map(str::to_string).collect::<Vec<_>>())
        {
            let words: Vec<String> = raw_tokens(&piece)
                .into_iter()
                .filter(|w| {
                    !STOPWORDS.contains(&w.as_str())
                        && !HS_GENERIC.contains(&w.as_str())
                        && w.chars().count() >= 4
                        && !w.chars().any(|c| c.is_ascii_digit())
                })
                .map(|w| stem(&w))
                .collect();
            if !words.is_empty() && words.len() <= 3 {
                out.push(words);
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    Vec::new()
}

/// Parses the component table (`component,hs6,name`).
fn parse_components(text: &str, origin: &str) -> Result<HashMap<String, (u32, String)>> {
    let table = Table::parse(text, origin)?;
    table.require_columns(&["component", "hs6", "name"])?;
    let mut out = HashMap::new();
    for row in table.rows() {
        let bad = TradeError::data_at(origin, row.line());
        let hs6 = parse_code(row.get("hs6"))
            .map_err(|e| bad(e.to_string()))?
            .hs6;
        let key = row.get("component").trim().to_string();
        if out
            .insert(key.clone(), (hs6, row.get("name").trim().to_string()))
            .is_some()
        {
            return Err(bad(format!("duplicate component {key}")));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c() -> DescriptionClassifier {
        DescriptionClassifier::builtin().unwrap()
    }

    fn predict(text: &str) -> (u16, Option<u32>) {
        let p = c()
            .read(text)
            .prediction
            .unwrap_or_else(|| panic!("no prediction for {text}"));
        (p.heading, p.hs6)
    }

    #[test]
    fn reads_product_words_in_three_languages() {
        assert_eq!(predict("Микросхемы"), (8542, None));
        assert_eq!(
            predict("Микроконтроллеры 32-разрядные"),
            (8542, Some(854231))
        );
        assert_eq!(predict("单片机芯片"), (8542, Some(854231)));
        assert_eq!(
            predict("Осциллографы цифровые MSO5074"),
            (9030, Some(903020))
        );
        assert_eq!(
            predict("Digital oscilloscope 200 MHz"),
            (9030, Some(903020))
        );
        assert_eq!(predict("Порох охотничий бездымный"), (3601, None));
        assert_eq!(
            predict("Нитроцеллюлоза (коллоксилин)"),
            (3912, Some(391220))
        );
        assert_eq!(
            predict("Подшипник шариковый радиальный"),
            (8482, Some(848210))
        );
    }

    #[test]
    fn part_numbers_decide_the_subheading() {
        let r = c().read("Части полупроводниковых приборов IRF540NPBF");
        let p = r.prediction.unwrap();
        assert_eq!(
            (p.heading, p.hs6, p.part_number),
            (8541, Some(854129), true)
        );
        assert_eq!(r.part.as_ref().unwrap().part_number, "IRF540NPBF");
        assert!(r.evidence_text().contains("IRF540NPBF"), "{r:?}");
        assert_eq!(predict("SoC 5CSEMA5F31C6N"), (8542, Some(854239)));
        assert_eq!(predict("IC STM32F405RGT6"), (8542, Some(854231)));
        assert_eq!(predict("IRLML6344TRPBF"), (8541, Some(854121)));
        assert_eq!(predict("Модуль NEO-M8N-0-10"), (8526, Some(852691)));
    }

    #[test]
    fn honest_articles_outvote_the_sensitive_words_they_contain() {
        for (text, heading) in [
            ("Подшипник ступицы колеса в сборе KIA", 8708),
            ("Автомагнитола с GPS навигацией", 8527),
            ("Набор для детского творчества с микроконтроллером", 9503),
            ("Лак нитроцеллюлозный для дерева", 3208),
            ("Модуль оперативной памяти для компьютера", 8473),
        ] {
            let p = c().read(text).prediction.unwrap();
            assert_eq!(p.heading, heading, "{text}: {p:?}");
        }
    }

    #[test]
    fn vague_descriptions_are_made_of_generic_words_only() {
        for v in [
            "Запасные части",
            "Образцы продукции, не для продажи",
            "Spare parts",
            "SAMPLES",
            "样品",
            "Комплектующие к оборудованию",
        ] {
            let r = c().read(v);
            assert!(r.vague, "{v}");
            assert!(!r.evidence.is_empty(), "{v}");
        }
        for v in [
            "Запасные части для автомобилей",
            "Футболки",
            "汽车配件",
            "Части микросхем",
        ] {
            assert!(!c().read(v).vague, "{v}");
        }
    }

    #[test]
    fn bad_lexicon_rows_are_reported() {
        let e = DescriptionClassifier::parse("term,kind,code,weight\nfoo,word,85,1\n", "lx")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("lx:2:"), "{e}");
        let e = DescriptionClassifier::parse("term,kind,code,weight\nfoo,bar,8542,1\n", "lx")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown kind"), "{e}");
        let e = DescriptionClassifier::parse("term,kind,code,weight\nIRF,pn,8541,4\n", "lx")
            .unwrap_err()
            .to_string();
        assert!(e.contains("families.csv"), "{e}");
    }
}
