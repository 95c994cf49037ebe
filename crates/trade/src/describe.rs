//! The multilingual description classifier: predicts the HS heading / subheading a goods
//! description points at from a lexicon (Russian, English, Chinese terms and part-number
//! prefixes such as STM32, XC7, ADSP-, TMS320) kept as data in `rules/lexicon.csv`, and
//! recognises vague descriptions ("spare parts", «образцы», 样品).

use crate::error::{read_table_file, Result, TradeError};
use crate::hs::parse_code;
use chokepoint_refdata::Table;
use std::collections::HashMap;
use std::path::Path;

/// The built-in lexicon.
pub const DEFAULT_LEXICON: &str = include_str!("../rules/lexicon.csv");

#[derive(Debug, Clone)]
struct Term {
    tokens: Vec<String>,
    code: u32,
    digits: u8,
    weight: f64,
}

/// A prediction from a description.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// The predicted heading (4 digits).
    pub heading: u16,
    /// The predicted six-digit code, when a term was that specific.
    pub hs6: Option<u32>,
    /// Total weight of the votes for the winning heading.
    pub score: f64,
    /// Winning heading's share of all votes (0–1).
    pub confidence: f64,
    /// Whether a part-number prefix contributed.
    pub part_number: bool,
}

/// What a description says.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Reading {
    /// The goods the description points at, if any term matched.
    pub prediction: Option<Prediction>,
    /// Whether the description is vague (a vague term and nothing more specific).
    pub vague: bool,
}

/// Classifies goods descriptions with a lexicon.
#[derive(Debug, Clone)]
pub struct DescriptionClassifier {
    /// Word and phrase terms, indexed by their first token's first char for speed.
    words: HashMap<char, Vec<Term>>,
    cjk: Vec<Term>,
    part_numbers: Vec<Term>,
    vague_words: Vec<Vec<String>>,
    vague_cjk: Vec<String>,
}

fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.to_lowercase().replace('ё', "е"))
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

impl DescriptionClassifier {
    /// The built-in lexicon.
    pub fn builtin() -> Result<Self> {
        Self::parse(DEFAULT_LEXICON, "rules/lexicon.csv")
    }

    /// Reads a lexicon file (`term,kind,code,weight`; kinds `word`, `cjk`, `pn`, `vague`).
    pub fn load(path: &Path) -> Result<Self> {
        let (text, origin) = read_table_file(path)?;
        Self::parse(&text, &origin)
    }

    /// Parses lexicon text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let mut c = DescriptionClassifier {
            words: HashMap::new(),
            cjk: Vec::new(),
            part_numbers: Vec::new(),
            vague_words: Vec::new(),
            vague_cjk: Vec::new(),
        };
        let table = Table::parse(text, origin)?;
        for row in table.rows() {
            let line = row.line();
            let bad = TradeError::data_at(origin, line);
            let term = row.at(0).trim();
            let kind = row.at(1).trim();
            if term.is_empty() {
                return Err(bad("empty term".into()));
            }
            if kind == "vague" {
                if term.chars().any(is_cjk) {
                    c.vague_cjk.push(term.to_string());
                } else {
                    c.vague_words.push(tokenize(term));
                }
                continue;
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
            match kind {
                "word" => {
                    let tokens = tokenize(term);
                    let Some(first) = tokens.first().and_then(|t| t.chars().next()) else {
                        return Err(bad("term has no letters".into()));
                    };
                    c.words.entry(first).or_default().push(Term {
                        tokens,
                        code,
                        digits,
                        weight,
                    });
                }
                "cjk" => c.cjk.push(Term {
                    tokens: vec![term.to_string()],
                    code,
                    digits,
                    weight,
                }),
                "pn" => c.part_numbers.push(Term {
                    tokens: vec![term.to_uppercase()],
                    code,
                    digits,
                    weight,
                }),
                other => return Err(bad(format!("unknown kind `{other}`"))),
            }
        }
        Ok(c)
    }

    /// Reads a description.
    pub fn read(&self, description: &str) -> Reading {
        let tokens = tokenize(description);
        let mut votes: Vec<(u32, u8, f64, bool)> = Vec::new();
        for (i, tok) in tokens.iter().enumerate() {
            let Some(first) = tok.chars().next() else {
                continue;
            };
            let Some(terms) = self.words.get(&first) else {
                continue;
            };
            for t in terms {
                if i + t.tokens.len() <= tokens.len()
                    && t.tokens
                        .iter()
                        .zip(&tokens[i..])
                        .all(|(a, b)| token_matches(a, b))
                {
                    votes.push((t.code, t.digits, t.weight, false));
                }
            }
        }
        if description.chars().any(is_cjk) {
            for t in &self.cjk {
                if description.contains(t.tokens[0].as_str()) {
                    votes.push((t.code, t.digits, t.weight, false));
                }
            }
        }
        for raw in description
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':'))
        {
            if raw.len() < 3 {
                continue;
            }
            let upper = raw.to_uppercase();
            for t in &self.part_numbers {
                let p = &t.tokens[0];
                if let Some(rest) = upper.strip_prefix(p.as_str()) {
                    let open = p.ends_with(|c: char| c.is_ascii_digit() || c == '-');
                    if open || rest.starts_with(|c: char| c.is_ascii_digit()) {
                        votes.push((t.code, t.digits, t.weight, true));
                    }
                }
            }
        }
        if votes.is_empty() {
            let vague = self.vague_words.iter().any(|v| {
                (0..tokens.len()).any(|i| {
                    i + v.len() <= tokens.len()
                        && v.iter().zip(&tokens[i..]).all(|(a, b)| token_matches(a, b))
                })
            }) || self
                .vague_cjk
                .iter()
                .any(|v| description.contains(v.as_str()));
            return Reading {
                prediction: None,
                vague,
            };
        }
        let heading_of = |code: u32, digits: u8| {
            if digits == 6 {
                (code / 100) as u16
            } else {
                code as u16
            }
        };
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
        let part_number = votes.iter().any(|v| v.3 && heading_of(v.0, v.1) == heading);
        Reading {
            prediction: Some(Prediction {
                heading,
                hs6: best6.map(|b| b.0),
                score,
                confidence: score / total,
                part_number,
            }),
            vague: false,
        }
    }
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
    fn reads_three_languages_and_part_numbers() {
        assert_eq!(
            predict("Микросхема интегральная STM32F407VGT6, микроконтроллер"),
            (8542, Some(854231))
        );
        assert_eq!(predict("Микросхемы"), (8542, None));
        assert_eq!(
            predict("集成电路 XC7A35T-1CSG324C 可编程逻辑器件"),
            (8542, Some(854239))
        );
        assert_eq!(predict("单片机芯片"), (8542, Some(854231)));
        assert_eq!(predict("IC TMS320F28335PGFA"), (8542, Some(854231)));
        assert_eq!(predict("ADSP-21489BSWZ-4B"), (8542, Some(854231)));
        assert_eq!(predict("ATmega328P-AU"), (8542, Some(854231)));
        assert_eq!(predict("LM358DR"), (8542, Some(854233)));
        assert_eq!(
            predict("Транзисторы MOSFET IRLML6344TRPBF"),
            (8541, Some(854121))
        );
        assert_eq!(
            predict("Конденсаторы чип керамические GRM188R71H104KA93D"),
            (8532, Some(853224))
        );
        assert_eq!(predict("贴片电容"), (8532, None));
        assert_eq!(predict("Подшипник шариковый 6205-2RS1"), (8482, None));
        assert_eq!(predict("深沟球轴承 608ZZ"), (8482, None));
        assert_eq!(predict("Станок токарный с ЧПУ"), (8458, None));
        assert_eq!(predict("Порох пироксилиновый"), (3601, None));
        assert_eq!(
            predict("Нитроцеллюлоза (коллоксилин)"),
            (3912, Some(391220))
        );
        assert_eq!(
            predict("Модуль навигационный GPS/ГЛОНАСС NEO-M8N-0-10"),
            (8526, Some(852691))
        );
        assert_eq!(
            predict("Преобразователь напряжения DC-DC TEN 5-2411"),
            (8504, Some(850440))
        );
    }

    #[test]
    fn honest_lookalikes_keep_their_codes() {
        assert_eq!(
            predict("Модуль оперативной памяти для компьютера KVR16S11/8"),
            (8473, Some(847330))
        );
        assert_eq!(
            predict("Части интегральных схем: выводные рамки"),
            (8542, Some(854290))
        );
        assert_eq!(predict("Кабели USB с соединителями"), (8544, None));
        assert!(
            c().read("Ice cream").prediction.is_none(),
            "`ic` must not match inside words"
        );
        assert!(c().read("Basic tools").prediction.is_none());
    }

    #[test]
    fn vague_descriptions() {
        for v in [
            "Запасные части",
            "Образцы продукции, не для продажи",
            "Spare parts",
            "SAMPLES",
            "样品",
            "Товары народного потребления",
        ] {
            assert!(c().read(v).vague, "{v}");
        }
        for v in [
            "Запасные части для автомобилей: F001234567",
            "Футболки",
            "汽车配件",
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
    }
}
