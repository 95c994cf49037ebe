//! Goods categories, decided by data: a rules CSV maps HS code prefixes (2, 4 or 6 digits) to
//! a [`Category`]; the longest matching prefix wins. The built-in rules are
//! `rules/categories.csv`, embedded at compile time and replaceable by a file at run time.

use crate::error::{read_table_file, Result, TradeError};
use chokepoint_refdata::hash::FastMap;
use chokepoint_refdata::Table;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A category of goods that matters for tracing dual-use supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Integrated circuits (HS 8542).
    Microelectronics,
    /// Other electronic components: semiconductors, capacitors, connectors, communications parts.
    ElectronicComponents,
    /// Machine tools and their parts (HS 8456–8466).
    MachineTools,
    /// Special chemicals: nitrocellulose, perchlorates and other oxidisers, explosive precursors.
    SpecialChemicals,
    /// Propellent powders, gunpowder, prepared explosives and initiators (HS 3601–3603).
    PropellantsExplosives,
    /// Ball and roller bearings (HS 8482).
    Bearings,
    /// Optics and navigation instruments.
    OpticsNavigation,
    /// Unmanned aircraft and aircraft parts (HS 8806, 8807).
    UavParts,
    /// Other dual-use goods (computers, semiconductor equipment, test instruments).
    OtherDualUse,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 10] = [
        Category::Microelectronics,
        Category::ElectronicComponents,
        Category::MachineTools,
        Category::SpecialChemicals,
        Category::PropellantsExplosives,
        Category::Bearings,
        Category::OpticsNavigation,
        Category::UavParts,
        Category::OtherDualUse,
        Category::Other,
    ];

    /// The snake_case name used in rules files and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Microelectronics => "microelectronics",
            Category::ElectronicComponents => "electronic_components",
            Category::MachineTools => "machine_tools",
            Category::SpecialChemicals => "special_chemicals",
            Category::PropellantsExplosives => "propellants_explosives",
            Category::Bearings => "bearings",
            Category::OpticsNavigation => "optics_navigation",
            Category::UavParts => "uav_parts",
            Category::OtherDualUse => "other_dual_use",
            Category::Other => "other",
        }
    }

    /// Whether the category is of concern (anything but [`Category::Other`]).
    pub fn is_sensitive(self) -> bool {
        self != Category::Other
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| format!("unknown category `{s}`"))
    }
}

/// The built-in category rules.
pub const DEFAULT_CATEGORY_RULES: &str = include_str!("../rules/categories.csv");

/// Prefix rules mapping HS codes to categories.
#[derive(Debug, Clone, Default)]
pub struct CategoryRules {
    /// (prefix length in digits, prefix value) → category.
    /// Looked up for every imported record, so with a fast hasher.
    rules: FastMap<(u8, u32), Category>,
}

impl CategoryRules {
    /// The built-in rules.
    pub fn builtin() -> Result<Self> {
        Self::parse(DEFAULT_CATEGORY_RULES, "rules/categories.csv")
    }

    /// Reads rules from a CSV file (`prefix,category,why`; `#` starts a comment line).
    pub fn load(path: &Path) -> Result<Self> {
        let (text, origin) = read_table_file(path)?;
        Self::parse(&text, &origin)
    }

    /// Parses rules text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let table = Table::parse(text, origin)?;
        let mut rules = FastMap::default();
        for row in table.rows() {
            let line = row.line();
            let bad = TradeError::data_at(origin, line);
            let prefix: String = row.at(0).chars().filter(|c| c.is_ascii_digit()).collect();
            if !matches!(prefix.len(), 2 | 4 | 6)
                || row
                    .at(0)
                    .chars()
                    .any(|c| !(c.is_ascii_digit() || c == '.' || c == ' '))
            {
                return Err(bad(format!(
                    "prefix `{}` must be 2, 4 or 6 digits",
                    row.at(0)
                )));
            }
            let value: u32 = prefix.parse().map_err(|_| bad("bad prefix".into()))?;
            let category: Category = row.at(1).parse().map_err(bad)?;
            if rules
                .insert((prefix.len() as u8, value), category)
                .is_some()
            {
                return Err(bad(format!("duplicate prefix {prefix}")));
            }
        }
        Ok(CategoryRules { rules })
    }

    /// The category of a six-digit code: longest matching prefix, else [`Category::Other`].
    #[inline]
    pub fn category(&self, hs6: u32) -> Category {
        self.rules
            .get(&(6, hs6))
            .or_else(|| self.rules.get(&(4, hs6 / 100)))
            .or_else(|| self.rules.get(&(2, hs6 / 10_000)))
            .copied()
            .unwrap_or(Category::Other)
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_longest_prefix_wins() {
        let r = CategoryRules::builtin().unwrap();
        assert_eq!(r.category(854231), Category::Microelectronics);
        assert_eq!(r.category(845710), Category::MachineTools);
        assert_eq!(r.category(846693), Category::MachineTools);
        assert_eq!(r.category(846799), Category::Other);
        assert_eq!(r.category(391220), Category::SpecialChemicals);
        assert_eq!(r.category(391231), Category::Other);
        assert_eq!(r.category(282990), Category::SpecialChemicals);
        assert_eq!(r.category(360100), Category::PropellantsExplosives);
        assert_eq!(r.category(360200), Category::PropellantsExplosives);
        assert_eq!(r.category(880730), Category::UavParts);
        assert_eq!(r.category(880699), Category::UavParts);
        assert_eq!(r.category(848210), Category::Bearings);
        assert_eq!(r.category(901420), Category::OpticsNavigation);
        assert_eq!(r.category(847150), Category::OtherDualUse);
        assert_eq!(r.category(847130), Category::Other);
        assert_eq!(r.category(10121), Category::Other);
    }

    #[test]
    fn override_rules_and_errors() {
        let r = CategoryRules::parse(
            "prefix,category\n85,electronic_components\n8542.31,microelectronics\n",
            "x",
        )
        .unwrap();
        assert_eq!(r.category(854231), Category::Microelectronics);
        assert_eq!(r.category(854232), Category::ElectronicComponents);
        let e = CategoryRules::parse("prefix,category\n854,microelectronics\n", "x")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x:2:"), "{e}");
        let e = CategoryRules::parse("prefix,category\n8542,chips\n", "x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown category"), "{e}");
    }
}
