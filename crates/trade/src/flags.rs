//! Detector output: a flag names its rule, a score in 0–1, the flagged record (or mirror
//! cell) and the evidence (record ids) behind it.

use serde::Serialize;

/// One detector hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// Rule id, e.g. `desc.mismatch`, `sub.pair_shift`, `mirror.substitution`.
    pub rule: &'static str,
    /// Score in 0–1 (higher = stronger); comparable within a rule.
    pub score: f64,
    /// The flagged record id, or for mirror rules the cell `mirror:CC:HS6:YEAR`.
    pub subject: String,
    /// Record ids supporting the flag (the flagged record first when there is one).
    pub evidence: Vec<String>,
    /// A sentence a reviewer can read.
    pub explanation: String,
}

/// Which planted scheme type a rule is meant to catch (for evaluation and reports).
pub fn rule_family(rule: &str) -> &'static str {
    match rule {
        "desc.mismatch" | "desc.vague_value" | "value.high" => "deceptive_description",
        "sub.pair_shift" | "sub.description" => "hs_substitution",
        "mirror.substitution" | "mirror.gap" => "mirror_gap",
        "value.low" => "undervaluation",
        "network.shell" => "shell_network",
        "network.phoenix" => "phoenix",
        "route.transshipment" => "transshipment",
        _ => "other",
    }
}

/// Every rule id, in report order.
pub const RULES: &[&str] = &[
    "desc.mismatch",
    "desc.vague_value",
    "value.high",
    "value.low",
    "sub.pair_shift",
    "sub.description",
    "mirror.substitution",
    "mirror.gap",
    "network.shell",
    "network.phoenix",
    "route.transshipment",
];
