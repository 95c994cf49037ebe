//! Country-of-origin marks on component packages: the token a maker prints to say where the part
//! was made (`TAIWAN` on a Xilinx FPGA, `CHN` on the last line of an ST microcontroller), read
//! from a marking through the editable table `data/origin_marks.csv`.
//!
//! This is the one place where a marking decides the country of **manufacture** without a
//! "Made in …" phrase (that phrase is read by `chokepoint_refdata::country::made_in`). A mark is
//! only read as printed: a whole token in capitals, from a rule whose maker scope fits; two
//! different countries in one marking give no answer.

use crate::error::{PartsError, Result};
use crate::registry::Maker;
use chokepoint_refdata::Table;
use serde::Serialize;

/// The built-in origin-mark rules.
pub const ORIGIN_MARKS_CSV: &str = include_str!("../data/origin_marks.csv");

/// One rule: a printed token and the country it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OriginMarkRule {
    /// The token as printed (capitals).
    pub token: String,
    /// The country (ISO alpha-2).
    pub country: String,
    /// Registry companies the rule is limited to; empty = any maker.
    pub makers: Vec<String>,
    /// Free text.
    pub note: String,
}

/// A mark found in a marking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OriginMark {
    /// The token as printed.
    pub token: String,
    /// The country it names (ISO alpha-2).
    pub country: String,
}

/// What a marking says about the country of manufacture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OriginReading {
    /// One country, from one or more marks naming it.
    Country(OriginMark),
    /// Marks naming different countries: no answer.
    Conflict(Vec<OriginMark>),
    /// No mark.
    None,
}

/// The origin-mark rules.
#[derive(Debug, Clone)]
pub struct OriginMarks {
    rules: Vec<OriginMarkRule>,
}

impl OriginMarks {
    /// The built-in rules (`data/origin_marks.csv`).
    pub fn builtin() -> Result<Self> {
        Self::parse(ORIGIN_MARKS_CSV, "data/origin_marks.csv")
    }

    /// Reads rules from a file in the same format.
    pub fn load(path: &std::path::Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| PartsError::io(path, e))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses rules; `name` is used in errors (`name:line: message`).
    pub fn parse(text: &str, name: &str) -> Result<Self> {
        let table = Table::parse(text, name)?;
        table.require_columns(&["token", "country", "makers"])?;
        let mut rules: Vec<OriginMarkRule> = Vec::new();
        for row in table.rows() {
            let bad = |message: String| PartsError::Data {
                file: name.to_string(),
                line: row.line(),
                message,
            };
            let token = row.get("token").trim().to_string();
            if token.is_empty() || !token.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(bad(format!(
                    "token `{token}` must be capital letters A-Z as printed"
                )));
            }
            let country = row.get("country").trim().to_string();
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(bad(format!(
                    "country `{country}` of {token} is not an ISO alpha-2 code"
                )));
            }
            let makers: Vec<String> = row
                .get("makers")
                .split('|')
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(String::from)
                .collect();
            if rules.iter().any(|r| r.token == token && r.makers == makers) {
                return Err(bad(format!("duplicate rule for {token}")));
            }
            rules.push(OriginMarkRule {
                token,
                country,
                makers,
                note: row.get("note").to_string(),
            });
        }
        Ok(OriginMarks { rules })
    }

    /// Every rule, in file order.
    pub fn rules(&self) -> &[OriginMarkRule] {
        &self.rules
    }

    /// The makers the rules name, for checking them against a registry.
    pub fn makers(&self) -> impl Iterator<Item = &str> {
        self.rules
            .iter()
            .flat_map(|r| r.makers.iter().map(String::as_str))
    }

    /// Reads the origin marks of a marking, for a part by `maker` (the resolved maker, when
    /// known: a maker-scoped rule applies when its company is the brand or any owner in the
    /// brand's merger chain; without a maker only unscoped rules apply).
    pub fn read(&self, marking: &str, maker: Option<&Maker>) -> OriginReading {
        let fits = |r: &OriginMarkRule| {
            r.makers.is_empty()
                || maker.is_some_and(|m| {
                    r.makers
                        .iter()
                        .any(|c| *c == m.brand || *c == m.company || m.chain.contains(c))
                })
        };
        let mut found: Vec<OriginMark> = Vec::new();
        for token in marking
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
        {
            if let Some(rule) = self.rules.iter().find(|r| r.token == token && fits(r)) {
                if !found.iter().any(|f| f.token == rule.token) {
                    found.push(OriginMark {
                        token: rule.token.clone(),
                        country: rule.country.clone(),
                    });
                }
            }
        }
        match found.as_slice() {
            [] => OriginReading::None,
            [first, rest @ ..] if rest.iter().all(|f| f.country == first.country) => {
                OriginReading::Country(first.clone())
            }
            _ => OriginReading::Conflict(found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::Registry;

    fn maker(name: &str) -> Maker {
        Registry::builtin()
            .unwrap()
            .resolve(name, "")
            .maker()
            .cloned()
            .unwrap()
    }

    fn country(r: OriginReading) -> Option<String> {
        match r {
            OriginReading::Country(m) => Some(m.country),
            _ => None,
        }
    }

    #[test]
    fn reads_marks_as_printed() {
        let m = OriginMarks::builtin().unwrap();
        let st = maker("STMicroelectronics");
        let xilinx = maker("Xilinx");
        assert_eq!(
            country(m.read("STM32F405 RGT6 GQ205 9R 12 CHN GQ 313", Some(&st))).as_deref(),
            Some("CN")
        );
        assert_eq!(
            country(m.read("XC6SLX16 CSG225DIV1649 D5326423A 2I TAIWAN", Some(&xilinx))).as_deref(),
            Some("TW")
        );
        // a scoped rule applies to its maker only
        assert_eq!(
            country(m.read("STM32F103 MAR 2219", Some(&st))).as_deref(),
            Some("MA")
        );
        assert_eq!(country(m.read("LM358 MAR 2219", Some(&xilinx))), None);
        assert_eq!(country(m.read("LM358 MAR 2219", None)), None);
    }

    #[test]
    fn look_alikes_are_not_marks() {
        let m = OriginMarks::builtin().unwrap();
        for text in [
            "EPCS64N G012W VS CHN839",               // glued to digits
            "ATMEGA2560 16U-TW",                     // two-letter ordering code
            "32-bit microcontroller Japan MB91F467", // GUR's own words, title case
            "CAN transceiver TJA1050",               // a word, not Canada
            "armor made in accordance with the US patent",
        ] {
            assert_eq!(m.read(text, None), OriginReading::None, "{text}");
        }
    }

    #[test]
    fn two_countries_are_a_conflict() {
        let m = OriginMarks::builtin().unwrap();
        assert!(matches!(
            m.read("XC7A35T TAIWAN KOREA", None),
            OriginReading::Conflict(v) if v.len() == 2
        ));
        assert_eq!(
            country(m.read("HX1188NL CHINA CHN", None)).as_deref(),
            Some("CN")
        );
    }

    #[test]
    fn bad_rules_name_the_line() {
        let e = OriginMarks::parse("token,country,makers,note\nCHN,CHN,,\n", "o.csv")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("o.csv:2:"), "{e}");
        let e = OriginMarks::parse("token,country,makers,note\nchn,CN,,\n", "o.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("capital letters"), "{e}");
        let e = OriginMarks::parse("token,makers\nCHN,\n", "o.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("country"), "{e}");
    }

    #[test]
    fn builtin_makers_are_registry_companies() {
        let reg = Registry::builtin().unwrap();
        let m = OriginMarks::builtin().unwrap();
        for c in m.makers() {
            assert!(reg.company(c).is_some(), "{c}");
        }
    }
}
