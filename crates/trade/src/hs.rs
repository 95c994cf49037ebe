//! The Harmonized System 2022 nomenclature, read at run time from `harmonized-system.csv`
//! (columns `section,hscode,description,parent,level`), and the parsing of declared codes.

use crate::error::{Result, TradeError};
use chokepoint_refdata::Table;
use std::collections::HashMap;
use std::path::Path;

/// Why a declared goods code could not be classified. Codes are never guessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not 6 to 10 digits once dots and spaces are removed.
    #[error("malformed goods code `{0}`: expected 6 to 10 digits (dots and spaces allowed)")]
    Malformed(String),
    /// Well formed, but its first six digits are neither an HS 2022 subheading nor a known
    /// pre-2022 code with an HS 2022 successor.
    #[error(
        "unknown goods code `{0}`: not an HS 2022 subheading and not in the pre-2022 concordance"
    )]
    Unknown(String),
}

/// A declared HS / TN VED code reduced to its digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeDigits {
    /// The first six digits as a number (e.g. `854231`).
    pub hs6: u32,
    /// How many digits were declared (6 to 10).
    pub len: u8,
}

/// Parses a declared goods code: 6 to 10 digits, with or without dots, spaces or dashes
/// (`8542.31`, `8542 31 000 0`, `8542310000`). Anything else is [`CodeError::Malformed`].
pub fn parse_code(raw: &str) -> Result<CodeDigits, CodeError> {
    let mut hs6: u32 = 0;
    let mut len: u8 = 0;
    for b in raw.trim().bytes() {
        match b {
            b'0'..=b'9' => {
                if len < 6 {
                    hs6 = hs6 * 10 + u32::from(b - b'0');
                }
                len = len.saturating_add(1);
            }
            b'.' | b' ' | b'-' => {}
            _ => return Err(CodeError::Malformed(raw.to_string())),
        }
    }
    if !(6..=10).contains(&len) {
        return Err(CodeError::Malformed(raw.to_string()));
    }
    Ok(CodeDigits { hs6, len })
}

/// Formats a six-digit code as `NNNN.NN`.
pub fn format_hs6(hs6: u32) -> String {
    format!("{:04}.{:02}", hs6 / 100, hs6 % 100)
}

/// One six-digit HS 2022 subheading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subheading {
    /// The code as a number, e.g. `854231`.
    pub hs6: u32,
    /// The HS section (Roman numeral).
    pub section: String,
    /// The subheading's description.
    pub description: String,
}

/// The HS 2022 nomenclature: chapters, headings and six-digit subheadings.
#[derive(Debug, Clone)]
pub struct Nomenclature {
    chapters: HashMap<u8, String>,
    headings: HashMap<u16, String>,
    subheadings: Vec<Subheading>,
    /// Index into `subheadings` + 1 by six-digit code (0 = absent); a direct table is faster
    /// than hashing on the import path.
    index: Vec<u16>,
}

impl Nomenclature {
    /// Reads `harmonized-system.csv` from the HS data folder.
    pub fn load(path: &Path) -> Result<Self> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| TradeError::Data {
            path: display.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        let table = Table::parse(&text, &display)?;
        if table.header().len() < 3 {
            return Err(TradeError::Data {
                path: display,
                line: 1,
                message: "expected section,hscode,description,parent,level".into(),
            });
        }
        let mut chapters = HashMap::new();
        let mut headings = HashMap::new();
        let mut subheadings = Vec::new();
        let mut index = vec![0u16; 1_000_000];
        for row in table.rows() {
            let line = row.line();
            let bad = |m: &str| TradeError::Data {
                path: display.clone(),
                line,
                message: m.to_string(),
            };
            let (section, code, description) = (row.at(0), row.at(1), row.at(2));
            // The file's aggregate rows (section `TOTAL`: codes 99, 9999, 999999 and `TOTAL`)
            // are statistical totals, not goods: a declared 9999.99 is reported as unknown.
            if section == "TOTAL" {
                continue;
            }
            if !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("hscode is not numeric"));
            }
            let n: u32 = code.parse().map_err(|_| bad("hscode is not numeric"))?;
            match code.len() {
                2 => {
                    chapters.insert(n as u8, description.to_string());
                }
                4 => {
                    headings.insert(n as u16, description.to_string());
                }
                6 => {
                    subheadings.push(Subheading {
                        hs6: n,
                        section: section.to_string(),
                        description: description.to_string(),
                    });
                    index[n as usize] = subheadings.len() as u16;
                }
                _ => return Err(bad("hscode must have 2, 4 or 6 digits")),
            }
        }
        if subheadings.is_empty() {
            return Err(TradeError::Data {
                path: display,
                line: 0,
                message: "no six-digit codes".into(),
            });
        }
        Ok(Nomenclature {
            chapters,
            headings,
            subheadings,
            index,
        })
    }

    /// The subheading with this six-digit code, if it exists in HS 2022.
    #[inline]
    pub fn subheading(&self, hs6: u32) -> Option<&Subheading> {
        let i = *self.index.get(hs6 as usize)? as usize;
        if i == 0 {
            None
        } else {
            self.subheadings.get(i - 1)
        }
    }

    /// Whether this six-digit code exists in HS 2022.
    #[inline]
    pub fn contains(&self, hs6: u32) -> bool {
        self.index.get(hs6 as usize).is_some_and(|&i| i != 0)
    }

    /// The description of a two-digit chapter.
    pub fn chapter(&self, chapter: u8) -> Option<&str> {
        self.chapters.get(&chapter).map(String::as_str)
    }

    /// The description of a four-digit heading.
    pub fn heading(&self, heading: u16) -> Option<&str> {
        self.headings.get(&heading).map(String::as_str)
    }

    /// Every six-digit subheading, in file order.
    pub fn subheadings(&self) -> &[Subheading] {
        &self.subheadings
    }

    /// The six-digit codes of the same heading as `hs6`, excluding `hs6` itself.
    pub fn siblings(&self, hs6: u32) -> Vec<u32> {
        let heading = hs6 / 100;
        self.subheadings
            .iter()
            .map(|s| s.hs6)
            .filter(|&c| c / 100 == heading && c != hs6)
            .collect()
    }
}

/// A pre-2022 code and its HS 2022 successors, from the concordance rules file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concordance {
    map: HashMap<u32, Vec<u32>>,
}

/// The built-in concordance of pre-2022 codes (`rules/hs_concordance.csv`).
pub const DEFAULT_CONCORDANCE: &str = include_str!("../rules/hs_concordance.csv");

impl Concordance {
    /// Parses a concordance CSV with columns `old_hs6,new_hs6,note`; several rows for one old
    /// code list its successors, the first being the one used for classification.
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let mut map: HashMap<u32, Vec<u32>> = HashMap::new();
        let table = Table::parse(text, origin)?;
        for row in table.rows() {
            let line = row.line();
            let bad = |m: &str| TradeError::Data {
                path: origin.to_string(),
                line,
                message: m.to_string(),
            };
            let old = parse_code(row.at(0))
                .ok()
                .ok_or_else(|| bad("bad old_hs6"))?;
            let new = parse_code(row.at(1))
                .ok()
                .ok_or_else(|| bad("bad new_hs6"))?;
            map.entry(old.hs6).or_default().push(new.hs6);
        }
        Ok(Concordance { map })
    }

    /// The HS 2022 successors of a pre-2022 six-digit code (first = preferred).
    pub fn successors(&self, old_hs6: u32) -> Option<&[u32]> {
        self.map.get(&old_hs6).map(Vec::as_slice)
    }

    /// Number of old codes known.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the concordance is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_with_and_without_dots() {
        assert_eq!(
            parse_code("8542.31").unwrap(),
            CodeDigits {
                hs6: 854231,
                len: 6
            }
        );
        assert_eq!(
            parse_code("8542 31 000 0").unwrap(),
            CodeDigits {
                hs6: 854231,
                len: 10
            }
        );
        assert_eq!(parse_code("8542310000").unwrap().hs6, 854231);
        assert_eq!(parse_code("0101.21").unwrap().hs6, 10121);
        assert!(matches!(parse_code("85423"), Err(CodeError::Malformed(_))));
        assert!(matches!(
            parse_code("85423100001"),
            Err(CodeError::Malformed(_))
        ));
        assert!(matches!(
            parse_code("8542.3x"),
            Err(CodeError::Malformed(_))
        ));
        assert!(matches!(parse_code(""), Err(CodeError::Malformed(_))));
    }

    #[test]
    fn formats() {
        assert_eq!(format_hs6(854231), "8542.31");
        assert_eq!(format_hs6(10121), "0101.21");
    }

    #[test]
    fn concordance_parses_builtin() {
        let c = Concordance::parse(DEFAULT_CONCORDANCE, "builtin").unwrap();
        assert_eq!(c.successors(880330), Some(&[880730][..]));
        assert_eq!(c.successors(854890), Some(&[854800][..]));
        assert_eq!(c.successors(854150).map(|s| s.len()), Some(2));
    }
}
