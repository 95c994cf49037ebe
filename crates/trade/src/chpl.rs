//! The Common High Priority List (CHPL): HS-6 codes in tiers, read at run time from
//! `chpl_hs6.csv` (columns `hs6,tier,hs2022_description`).

use crate::error::{read_table_file, Result, TradeError};
use crate::hs::parse_code;
use chokepoint_refdata::hash::FastMap;
use chokepoint_refdata::Table;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A CHPL tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChplTier {
    /// Tier 1: integrated circuits.
    #[serde(rename = "1")]
    T1,
    /// Tier 2: communications, navigation, capacitors, other electronic parts.
    #[serde(rename = "2")]
    T2,
    /// Tier 3.A: other electronic components.
    #[serde(rename = "3.A")]
    T3A,
    /// Tier 3.B: bearings, aircraft parts, optics and navigation.
    #[serde(rename = "3.B")]
    T3B,
    /// Tier 4.A: computers, semiconductor manufacturing and test equipment.
    #[serde(rename = "4.A")]
    T4A,
    /// Tier 4.B: CNC machine tools and their parts.
    #[serde(rename = "4.B")]
    T4B,
}

impl ChplTier {
    /// Every tier, highest concern first.
    pub const ALL: [ChplTier; 6] = [
        ChplTier::T1,
        ChplTier::T2,
        ChplTier::T3A,
        ChplTier::T3B,
        ChplTier::T4A,
        ChplTier::T4B,
    ];

    /// The tier as written in the list: `1`, `2`, `3.A`, `3.B`, `4.A`, `4.B`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChplTier::T1 => "1",
            ChplTier::T2 => "2",
            ChplTier::T3A => "3.A",
            ChplTier::T3B => "3.B",
            ChplTier::T4A => "4.A",
            ChplTier::T4B => "4.B",
        }
    }
}

impl fmt::Display for ChplTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChplTier {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ChplTier::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown CHPL tier `{s}`"))
    }
}

/// The CHPL: six-digit code → tier.
#[derive(Debug, Clone, Default)]
pub struct Chpl {
    /// Looked up for every imported record: a fast hasher (keys are CHPL codes, not input).
    tiers: FastMap<u32, ChplTier>,
    order: Vec<u32>,
}

impl Chpl {
    /// Reads the CHPL CSV file.
    pub fn load(path: &Path) -> Result<Self> {
        let (text, origin) = read_table_file(path)?;
        Self::parse(&text, &origin)
    }

    /// Parses CHPL CSV text (`hs6,tier,...`); `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let table = Table::parse(text, origin)?;
        let mut chpl = Chpl::default();
        for row in table.rows() {
            let line = row.line();
            let bad = TradeError::data_at(origin, line);
            let code = row.at(0);
            let digits = parse_code(code).map_err(|e| bad(e.to_string()))?;
            let tier: ChplTier = row.at(1).parse().map_err(bad)?;
            if chpl.tiers.insert(digits.hs6, tier).is_none() {
                chpl.order.push(digits.hs6);
            }
        }
        Ok(chpl)
    }

    /// The tier of a six-digit code, if it is on the list.
    #[inline]
    pub fn tier(&self, hs6: u32) -> Option<ChplTier> {
        self.tiers.get(&hs6).copied()
    }

    /// The listed codes in file order.
    pub fn codes(&self) -> &[u32] {
        &self.order
    }

    /// Number of listed codes.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tiers() {
        let c = Chpl::parse("hs6,tier,d\n854231,1,x\n848210,3.B,y\n", "t").unwrap();
        assert_eq!(c.tier(854231), Some(ChplTier::T1));
        assert_eq!(c.tier(848210), Some(ChplTier::T3B));
        assert_eq!(c.tier(848220), None);
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn rejects_bad_tier_with_line() {
        let e = Chpl::parse("hs6,tier,d\n854231,1,x\n848210,5,y\n", "t")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t:3:"), "{e}");
    }
}
