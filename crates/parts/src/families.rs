//! Part-number families: the kind of component a part number names (`IRF540NPBF` → a power
//! MOSFET, `5CSEMA5F31C6N` → an FPGA with Arm cores), from the makers' ordering-code
//! conventions kept in the editable table `data/families.csv`. Trade detection reads a part
//! number in a goods description through it; what the component type means in HS terms is
//! trade's own table.

use crate::error::{PartsError, Result};
use crate::partnum::{self, PartNumber};
use chokepoint_refdata::Table;
use std::collections::HashMap;
use std::path::Path;

/// The built-in family table.
pub const FAMILIES_CSV: &str = include_str!("../data/families.csv");

/// One family row: a prefix of the compact part number and the component type it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    /// Compact prefix (upper-case letters and digits).
    pub prefix: String,
    /// Component type (a key of trade's `rules/components.csv`).
    pub component: String,
    /// The family, for a reviewer.
    pub note: String,
}

/// A part number found in text together with its family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised<'a> {
    /// The part number as normalised from the text.
    pub part: PartNumber,
    /// The family it belongs to.
    pub family: &'a Family,
}

/// The family table, looked up by longest prefix.
#[derive(Debug, Clone, Default)]
pub struct Families {
    by_prefix: HashMap<String, Family>,
    max_len: usize,
}

impl Families {
    /// The built-in table (`data/families.csv`).
    pub fn builtin() -> Result<Self> {
        Self::parse(FAMILIES_CSV, "data/families.csv")
    }

    /// Reads a replacement table from a file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| PartsError::io(path, e))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses table text (`prefix,component,note`); `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let table = Table::parse(text, origin)?;
        table.require_columns(&["prefix", "component"])?;
        let mut out = Families::default();
        for row in table.rows() {
            let bad = |message: String| PartsError::Data {
                file: origin.to_string(),
                line: row.line(),
                message,
            };
            let raw = row.get("prefix");
            let prefix = partnum::compact(raw);
            if prefix.len() < 2 || prefix.len() != raw.trim().len() {
                return Err(bad(format!(
                    "prefix `{raw}` must be at least two letters or digits and nothing else"
                )));
            }
            let component = row.get("component").trim();
            if component.is_empty()
                || !component
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
            {
                return Err(bad(format!(
                    "component `{component}` must be lower-case letters, digits and underscores"
                )));
            }
            out.max_len = out.max_len.max(prefix.len());
            let family = Family {
                prefix: prefix.clone(),
                component: component.to_string(),
                note: row.get("note").trim().to_string(),
            };
            if out.by_prefix.insert(prefix.clone(), family).is_some() {
                return Err(bad(format!("duplicate prefix {prefix}")));
            }
        }
        Ok(out)
    }

    /// The family of a part number (any form; compacted first): the longest prefix whose next
    /// character is a digit, or any next character when the prefix itself ends in a digit.
    pub fn family(&self, part_number: &str) -> Option<&Family> {
        let key = partnum::compact(part_number);
        let n = key.len().min(self.max_len);
        (2..=n).rev().find_map(|len| {
            let f = self.by_prefix.get(key.get(..len)?)?;
            let ends_in_digit = f.prefix.ends_with(|c: char| c.is_ascii_digit());
            let next_is_digit = key[len..].starts_with(|c: char| c.is_ascii_digit());
            (ends_in_digit || next_is_digit).then_some(f)
        })
    }

    /// The part numbers of a free text (a goods description) that belong to a known family, in
    /// the order they appear.
    pub fn recognise<'a>(&'a self, text: &str) -> Vec<Recognised<'a>> {
        let mut out: Vec<Recognised<'a>> = Vec::new();
        for part in partnum::candidates_in_text(text) {
            if let Some(family) = self.family(&part.key) {
                if !out.iter().any(|r| part.key.starts_with(&r.part.key)) {
                    out.push(Recognised { part, family });
                }
            }
        }
        out
    }

    /// Every component type the table names.
    pub fn components(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .by_prefix
            .values()
            .map(|f| f.component.as_str())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Number of families.
    pub fn len(&self) -> usize {
        self.by_prefix.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.by_prefix.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f() -> Families {
        Families::builtin().unwrap()
    }

    fn component(pn: &str) -> Option<String> {
        f().family(pn).map(|x| x.component.clone())
    }

    #[test]
    fn recognises_families_of_the_issue() {
        assert_eq!(component("IRF540NPBF").as_deref(), Some("mosfet_power"));
        assert_eq!(component("IRLML6344TRPBF").as_deref(), Some("mosfet_small"));
        assert_eq!(component("5CSEMA5F31C6N").as_deref(), Some("fpga"));
        assert_eq!(
            component("STM32F405RGT6").as_deref(),
            Some("microcontroller")
        );
        assert_eq!(
            component("ADSP-21489BSWZ-4B").as_deref(),
            Some("microcontroller")
        );
        assert_eq!(component("NEO-M8N-0-10").as_deref(), Some("gnss_module"));
        assert_eq!(component("GRM188R71H104KA93D").as_deref(), Some("mlcc"));
    }

    #[test]
    fn a_letter_prefix_needs_a_digit_after_it() {
        assert_eq!(component("IRFAN"), None);
        assert_eq!(component("BSSX"), None);
        assert_eq!(component("KVR16S11/8"), None);
        assert_eq!(component("INR18650-35E"), None);
    }

    #[test]
    fn finds_part_numbers_in_descriptions() {
        let t = f();
        let r = t.recognise("Части полупроводниковых приборов IRF540NPBF");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].part.normalized, "IRF540NPBF");
        assert_eq!(r[0].family.component, "mosfet_power");
        assert!(t
            .recognise("Подшипник ступицы колеса в сборе KIA")
            .is_empty());
        assert!(t
            .recognise("Модуль оперативной памяти KVR16S11/8")
            .is_empty());
    }

    #[test]
    fn bad_rows_name_the_line() {
        let e = Families::parse("prefix,component\nIR F,mosfet\n", "fam").unwrap_err();
        assert!(e.to_string().starts_with("fam:2:"), "{e}");
        let e = Families::parse("prefix,component\nIRF,Power MOSFET\n", "fam").unwrap_err();
        assert!(e.to_string().contains("lower-case"), "{e}");
        let e = Families::parse("prefix,component\nIRF,a\nIRF,b\n", "fam").unwrap_err();
        assert!(e.to_string().contains("duplicate"), "{e}");
    }
}
