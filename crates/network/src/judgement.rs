//! Analyst judgements on pairs of party mentions: `same`, `not_same` or `unsure`.
//!
//! Judgements live in the table `network_judgements`, keyed by the two mentions' stable keys
//! ([`crate::Party::key`]), so they survive re-imports and re-runs. Every judgement is kept
//! (the table is an append-only history); the latest one per pair is in force. [`crate::resolve`]
//! applies them before any machine decision: `same` merges, `not_same` forbids any merge path
//! between the two mentions, `unsure` changes nothing.

use crate::error::{NetworkError, Result};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// An analyst's verdict on a pair of mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The two mentions are the same company.
    Same,
    /// The two mentions are different companies.
    NotSame,
    /// The analyst cannot tell (recorded; no effect on resolution).
    Unsure,
}

impl Verdict {
    /// `same`, `not_same` or `unsure`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::NotSame => "not_same",
            Verdict::Unsure => "unsure",
        }
    }
}

impl FromStr for Verdict {
    type Err = NetworkError;
    fn from_str(s: &str) -> Result<Verdict> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "same" => Ok(Verdict::Same),
            "not_same" | "notsame" | "different" => Ok(Verdict::NotSame),
            "unsure" => Ok(Verdict::Unsure),
            _ => Err(NetworkError::Invalid {
                what: "verdict",
                value: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One judgement on a pair of mention keys (stored with `key_a <= key_b`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgement {
    /// The smaller mention key.
    pub key_a: String,
    /// The larger mention key.
    pub key_b: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Who judged.
    pub analyst: String,
    /// Why.
    pub note: String,
    /// When (UTC, ISO 8601).
    pub at: String,
}

/// The judgement history, in the order recorded.
#[derive(Debug, Clone, Default)]
pub struct Judgements {
    items: Vec<Judgement>,
}

impl Judgements {
    /// No judgements.
    pub fn new() -> Judgements {
        Judgements::default()
    }

    /// Adds a judgement in memory (later ones win).
    pub fn push(&mut self, key_a: &str, key_b: &str, verdict: Verdict, analyst: &str) {
        let (a, b) = ordered(key_a, key_b);
        self.items.push(Judgement {
            key_a: a.to_string(),
            key_b: b.to_string(),
            verdict,
            analyst: analyst.to_string(),
            note: String::new(),
            at: String::new(),
        });
    }

    /// The judgement in force for every judged pair (the latest one), in first-judged order.
    pub fn latest(&self) -> Vec<&Judgement> {
        let mut pos: HashMap<(&str, &str), usize> = HashMap::new();
        let mut out: Vec<&Judgement> = Vec::new();
        for j in &self.items {
            match pos.get(&(j.key_a.as_str(), j.key_b.as_str())) {
                Some(&k) => out[k] = j,
                None => {
                    pos.insert((&j.key_a, &j.key_b), out.len());
                    out.push(j);
                }
            }
        }
        out
    }

    /// The whole history.
    pub fn history(&self) -> &[Judgement] {
        &self.items
    }

    /// Number of judgements recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether none are recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn ordered<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Creates the judgement table if needed (idempotent).
pub fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS network_judgements (
            id INTEGER PRIMARY KEY,
            key_a TEXT NOT NULL,
            key_b TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('same','not_same','unsure')),
            analyst TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
        );
        CREATE INDEX IF NOT EXISTS network_judgements_pair ON network_judgements(key_a, key_b);",
    )?;
    Ok(())
}

/// Records a judgement on two mention keys (see [`crate::Party::key`]); returns its row id.
/// Pass a `Transaction` (it derefs to `Connection`) to group several.
pub fn record_judgement(
    conn: &Connection,
    key_a: &str,
    key_b: &str,
    verdict: Verdict,
    analyst: &str,
    note: &str,
) -> Result<i64> {
    let (a, b) = ordered(key_a, key_b);
    conn.execute(
        "INSERT INTO network_judgements (key_a, key_b, verdict, analyst, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![a, b, verdict.as_str(), analyst, note],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Loads the judgement history, oldest first.
pub fn load_judgements(conn: &Connection) -> Result<Judgements> {
    let mut stmt = conn.prepare(
        "SELECT key_a, key_b, verdict, analyst, note, at FROM network_judgements ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut items = Vec::new();
    while let Some(r) = rows.next()? {
        let verdict: String = r.get(2)?;
        items.push(Judgement {
            key_a: r.get(0)?,
            key_b: r.get(1)?,
            verdict: verdict.parse()?,
            analyst: r.get(3)?,
            note: r.get(4)?,
            at: r.get(5)?,
        });
    }
    Ok(Judgements { items })
}
