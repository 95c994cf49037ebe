//! Alerts: one per company whose risk reaches a threshold, ranked by risk, with the parts of
//! the score (one per rule that fired), the evidence rows (record ids) and related parties.
//! Analysts set a status — `open`, `confirmed`, `dismissed` — kept in SQLite with an audit
//! trail (who, when, from → to, note).
//!
//! Tables: `network_alerts` (one row per alert key; re-saving an alert updates its score and
//! evidence but never its status) and `network_alert_audit` (append-only).

use crate::error::{NetworkError, Result};
use crate::graph::Graph;
use crate::indicators::{Rule, Signal};
use crate::resolve::Resolution;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The status an analyst gives an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not reviewed yet (or reopened).
    Open,
    /// The analyst confirmed the risk.
    Confirmed,
    /// The analyst dismissed it.
    Dismissed,
}

impl Status {
    /// `open`, `confirmed` or `dismissed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Confirmed => "confirmed",
            Status::Dismissed => "dismissed",
        }
    }
}

impl FromStr for Status {
    type Err = NetworkError;
    fn from_str(s: &str) -> Result<Status> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(Status::Open),
            "confirmed" => Ok(Status::Confirmed),
            "dismissed" => Ok(Status::Dismissed),
            _ => Err(NetworkError::Invalid {
                what: "status",
                value: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One part of an alert's risk: a rule that fired, its score and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertPart {
    /// The rule name.
    pub rule: String,
    /// Its score.
    pub score: f64,
    /// Why it fired.
    pub explanation: String,
}

/// An alert on one company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Stable key: `company:{entity key}`.
    pub key: String,
    /// The company's name.
    pub name: String,
    /// The company's country.
    pub country: String,
    /// Risk: noisy-or of the calibrated shell probability and the network rules' scores
    /// ([`crate::indicators::risk_scores`]).
    pub risk: f64,
    /// The parts of the risk, highest first.
    pub parts: Vec<AlertPart>,
    /// Evidence rows: record ids (deduplicated, at most 200).
    pub records: Vec<String>,
    /// Names of related parties (shared address, director, designated neighbour…).
    pub related: Vec<String>,
    /// Status (from the store; `open` for new alerts).
    pub status: Status,
}

/// Builds alerts for every company with risk ≥ `min_risk`, riskiest first.
pub fn build_alerts(g: &Graph, res: &Resolution, signals: &[Signal], min_risk: f64) -> Vec<Alert> {
    let n = g.companies as usize;
    let mut by: Vec<Vec<&Signal>> = vec![Vec::new(); n];
    for s in signals {
        if let Some(v) = by.get_mut(s.node as usize) {
            v.push(s);
        }
    }
    let risks = crate::indicators::risk_scores(g, signals);
    let mut out = Vec::new();
    for (v, sigs) in by.into_iter().enumerate() {
        if sigs.is_empty() {
            continue;
        }
        let mut best: Vec<&Signal> = Vec::new();
        for r in Rule::ALL {
            if let Some(s) = sigs
                .iter()
                .filter(|s| s.rule == r)
                .max_by(|a, b| a.score.total_cmp(&b.score))
            {
                best.push(s);
            }
        }
        let risk = risks.get(v).copied().unwrap_or(0.0);
        if risk < min_risk {
            continue;
        }
        best.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.rule.cmp(&b.rule)));
        let mut records: Vec<String> = Vec::new();
        let mut related: Vec<String> = Vec::new();
        for s in &sigs {
            for r in &s.records {
                if records.len() < 200 && !records.contains(r) {
                    records.push(r.clone());
                }
            }
            for &x in &s.related {
                let l = g.labels.get(x as usize).cloned().unwrap_or_default();
                if related.len() < 50 && !related.contains(&l) {
                    related.push(l);
                }
            }
        }
        let key = res
            .entities
            .get(v)
            .map(|e| e.key.clone())
            .unwrap_or_else(|| v.to_string());
        out.push(Alert {
            key: format!("company:{key}"),
            name: g.labels[v].clone(),
            country: g.country[v].clone(),
            risk,
            parts: best
                .iter()
                .map(|s| AlertPart {
                    rule: s.rule.as_str().to_string(),
                    score: s.score,
                    explanation: s.explanation.clone(),
                })
                .collect(),
            records,
            related,
            status: Status::Open,
        });
    }
    out.sort_by(|a, b| b.risk.total_cmp(&a.risk).then_with(|| a.key.cmp(&b.key)));
    out
}

/// Creates the alert tables if needed (idempotent).
pub fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS network_alerts (
            id INTEGER PRIMARY KEY,
            alert_key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            country TEXT NOT NULL,
            risk REAL NOT NULL,
            parts TEXT NOT NULL,
            records TEXT NOT NULL,
            related TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','confirmed','dismissed')),
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
        );
        CREATE TABLE IF NOT EXISTS network_alert_audit (
            id INTEGER PRIMARY KEY,
            alert_key TEXT NOT NULL,
            analyst TEXT NOT NULL,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
            from_status TEXT NOT NULL,
            to_status TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX IF NOT EXISTS network_alert_audit_key ON network_alert_audit(alert_key);",
    )?;
    Ok(())
}

/// Saves alerts: new ones are inserted as `open`; existing ones get the new risk, parts and
/// evidence but keep their status. Returns how many were new. Use inside a transaction for
/// speed.
pub fn save_alerts(conn: &Connection, alerts: &[Alert]) -> Result<usize> {
    let mut new = 0;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO network_alerts (alert_key, name, country, risk, parts, records, related)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(alert_key) DO UPDATE SET name=excluded.name, country=excluded.country,
           risk=excluded.risk, parts=excluded.parts, records=excluded.records,
           related=excluded.related, updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now')",
    )?;
    for a in alerts {
        let existed: Option<i64> = conn
            .query_row(
                "SELECT id FROM network_alerts WHERE alert_key = ?1",
                params![a.key],
                |r| r.get(0),
            )
            .optional()?;
        stmt.execute(params![
            a.key,
            a.name,
            a.country,
            a.risk,
            serde_json::to_string(&a.parts)?,
            serde_json::to_string(&a.records)?,
            serde_json::to_string(&a.related)?,
        ])?;
        if existed.is_none() {
            new += 1;
        }
    }
    Ok(new)
}

/// Sets an alert's status, appending an audit row (who, when, from → to, note). Setting the
/// status it already has is recorded too (a review).
pub fn set_status(
    conn: &Connection,
    key: &str,
    to: Status,
    analyst: &str,
    note: &str,
) -> Result<()> {
    let from: Option<String> = conn
        .query_row(
            "SELECT status FROM network_alerts WHERE alert_key = ?1",
            params![key],
            |r| r.get(0),
        )
        .optional()?;
    let Some(from) = from else {
        return Err(NetworkError::NotFound(format!("alert {key}")));
    };
    conn.execute(
        "UPDATE network_alerts SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE alert_key = ?1",
        params![key, to.as_str()],
    )?;
    conn.execute(
        "INSERT INTO network_alert_audit (alert_key, analyst, from_status, to_status, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![key, analyst, from, to.as_str(), note],
    )?;
    Ok(())
}

/// How many alerts the store holds.
pub fn alert_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM network_alerts", [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Whether the store holds an alert with this key.
pub fn alert_exists(conn: &Connection, key: &str) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM network_alerts WHERE alert_key = ?1",
        [key],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Loads stored alerts (optionally of one status), riskiest first.
pub fn load_alerts(conn: &Connection, status: Option<Status>) -> Result<Vec<Alert>> {
    let mut stmt = conn.prepare(
        "SELECT alert_key, name, country, risk, parts, records, related, status FROM network_alerts
         WHERE (?1 IS NULL OR status = ?1) ORDER BY risk DESC, alert_key",
    )?;
    let mut rows = stmt.query(params![status.map(Status::as_str)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let parts: String = r.get(4)?;
        let records: String = r.get(5)?;
        let related: String = r.get(6)?;
        let status: String = r.get(7)?;
        out.push(Alert {
            key: r.get(0)?,
            name: r.get(1)?,
            country: r.get(2)?,
            risk: r.get(3)?,
            parts: serde_json::from_str(&parts)?,
            records: serde_json::from_str(&records)?,
            related: serde_json::from_str(&related)?,
            status: status.parse()?,
        });
    }
    Ok(out)
}

/// One status change of an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Who.
    pub analyst: String,
    /// When (UTC, ISO 8601).
    pub at: String,
    /// Status before.
    pub from: Status,
    /// Status after.
    pub to: Status,
    /// Why.
    pub note: String,
}

/// The audit trail of an alert, oldest first.
pub fn audit_trail(conn: &Connection, key: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT analyst, at, from_status, to_status, note FROM network_alert_audit WHERE alert_key = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query(params![key])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let from: String = r.get(2)?;
        let to: String = r.get(3)?;
        out.push(AuditEntry {
            analyst: r.get(0)?,
            at: r.get(1)?,
            from: from.parse()?,
            to: to.parse()?,
            note: r.get(4)?,
        });
    }
    Ok(out)
}
