//! Detector output: a flag names its [`Rule`], a score in 0–1, the flagged record (or mirror
//! cell) and the evidence (record ids) behind it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A trade detector rule. Its id ([`Rule::as_str`]) is what the store's `trade_flags.rule`
/// column, JSON output and reports carry; serde reads and writes the rule as that id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rule {
    /// `desc.mismatch`: the description reads as sensitive goods, the declared code is benign.
    #[serde(rename = "desc.mismatch")]
    DescMismatch,
    /// `desc.vague_value`: a vague description with a value far above its code's norm.
    #[serde(rename = "desc.vague_value")]
    DescVagueValue,
    /// `value.high`: a unit value far above the norm of its declared code.
    #[serde(rename = "value.high")]
    ValueHigh,
    /// `value.low`: a unit value far below the norm of its declared code.
    #[serde(rename = "value.low")]
    ValueLow,
    /// `sub.pair_shift`: a trading pair moved from a CHPL code to a neighbouring non-CHPL code.
    #[serde(rename = "sub.pair_shift")]
    SubPairShift,
    /// `sub.description`: the description names a CHPL item declared under a neighbour code.
    #[serde(rename = "sub.description")]
    SubDescription,
    /// `mirror.substitution`: a mirror gap reappearing as imports under neighbouring codes.
    #[serde(rename = "mirror.substitution")]
    MirrorSubstitution,
    /// `mirror.gap`: reported exports to Russia with no matching Russian imports.
    #[serde(rename = "mirror.gap")]
    MirrorGap,
    /// `route.transshipment`: coalition-origin sensitive goods routed through a hub.
    #[serde(rename = "route.transshipment")]
    RouteTransshipment,
}

impl Rule {
    /// Every rule, in report order.
    pub const ALL: [Rule; 9] = [
        Rule::DescMismatch,
        Rule::DescVagueValue,
        Rule::ValueHigh,
        Rule::ValueLow,
        Rule::SubPairShift,
        Rule::SubDescription,
        Rule::MirrorSubstitution,
        Rule::MirrorGap,
        Rule::RouteTransshipment,
    ];

    /// The rule's id, e.g. `desc.mismatch` (as stored in `trade_flags.rule`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Rule::DescMismatch => "desc.mismatch",
            Rule::DescVagueValue => "desc.vague_value",
            Rule::ValueHigh => "value.high",
            Rule::ValueLow => "value.low",
            Rule::SubPairShift => "sub.pair_shift",
            Rule::SubDescription => "sub.description",
            Rule::MirrorSubstitution => "mirror.substitution",
            Rule::MirrorGap => "mirror.gap",
            Rule::RouteTransshipment => "route.transshipment",
        }
    }

    /// Which planted scheme type the rule is meant to catch (for evaluation and reports).
    pub const fn family(self) -> &'static str {
        match self {
            Rule::DescMismatch | Rule::DescVagueValue | Rule::ValueHigh => "deceptive_description",
            Rule::SubPairShift | Rule::SubDescription => "hs_substitution",
            Rule::MirrorSubstitution | Rule::MirrorGap => "mirror_gap",
            Rule::ValueLow => "undervaluation",
            Rule::RouteTransshipment => "transshipment",
        }
    }

    /// Whether this is a product-substitution rule (`sub.*`).
    pub const fn is_substitution(self) -> bool {
        matches!(self, Rule::SubPairShift | Rule::SubDescription)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A rule id that names no [`Rule`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown trade rule `{0}`")]
pub struct UnknownRule(pub String);

impl FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRule(s.to_string()))
    }
}

/// One detector hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// The rule that fired.
    pub rule: Rule,
    /// Score in 0–1 (higher = stronger); comparable within a rule.
    pub score: f64,
    /// The flagged record id, or for mirror rules the cell `mirror:CC:HS6:YEAR`.
    pub subject: String,
    /// Record ids supporting the flag (the flagged record first when there is one).
    pub evidence: Vec<String>,
    /// A sentence a reviewer can read.
    pub explanation: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_round_trip_as_text_and_json() {
        for r in Rule::ALL {
            assert_eq!(r.as_str().parse::<Rule>(), Ok(r));
            assert_eq!(r.to_string(), r.as_str());
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
            assert_eq!(serde_json::from_str::<Rule>(&json).unwrap(), r);
        }
        assert!("network.shell".parse::<Rule>().is_err());
    }
}
