//! The alert queue the API serves, backed by the network stage's tables in the store.

use chokepoint_network::alerts::{
    alert_count, alert_exists, audit_trail, load_alerts, set_status, Alert, Status,
};
use chokepoint_server::{AlertBook, BookError, StatusChange};
use rusqlite::Connection;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Mutex;

/// Alerts in the store file, with their statuses and audit trail.
pub struct StoreAlerts {
    conn: Mutex<Connection>,
    network: Option<Value>,
    /// Each alert's own picture, keyed by alert id (the `alert_networks` document).
    pictures: Option<Value>,
    synthetic: bool,
}

impl StoreAlerts {
    /// Opens the store's alert tables; `None` when the store has no alerts yet.
    pub fn open(
        db: &Path,
        network: Option<Value>,
        synthetic: bool,
    ) -> anyhow::Result<Option<StoreAlerts>> {
        let conn = Connection::open(db)?;
        conn.busy_timeout(STORE_WAIT)?;
        chokepoint_network::migrate(&conn)?;
        let n = alert_count(&conn)?;
        Ok((n > 0).then(|| StoreAlerts {
            conn: Mutex::new(conn),
            network,
            pictures: None,
            synthetic,
        }))
    }

    /// Attaches each alert's network picture (the `alert_networks` document: alert id → picture).
    pub fn with_pictures(mut self, pictures: Option<Value>) -> StoreAlerts {
        self.pictures = pictures;
        self
    }
}

/// How long a write waits for the store before the API answers "busy, retry" (503): well within
/// the request deadline.
const STORE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Maps a failure of the alert tables to the API's error: a store locked by another writer is
/// [`BookError::Busy`] (the client retries), anything else [`BookError::Failed`].
fn book_error(e: impl std::fmt::Display + Into<anyhow::Error>) -> BookError {
    let text = e.to_string();
    let err: anyhow::Error = e.into();
    let busy = err.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<rusqlite::Error>(),
            Some(rusqlite::Error::SqliteFailure(f, _))
                if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    });
    if busy {
        BookError::Busy {
            waited_ms: STORE_WAIT.as_millis() as u64,
        }
    } else {
        BookError::Failed(text)
    }
}

fn view(a: &Alert) -> Value {
    json!({
        "id": a.key,
        "subject": format!("{} ({})", a.name, a.country),
        "name": a.name,
        "country": a.country,
        "score": a.risk,
        "parts": a.parts.iter().map(|p| json!({"rule": p.rule, "score": p.score, "text": p.explanation})).collect::<Vec<_>>(),
        "evidence": a.records,
        "related": a.related,
        "status": a.status.as_str(),
    })
}

impl AlertBook for StoreAlerts {
    fn list(&self, limit: usize, status: Option<&str>) -> Result<Vec<Value>, BookError> {
        let status = status
            .map(|s| s.parse::<Status>())
            .transpose()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        let conn = self
            .conn
            .lock()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        let alerts = load_alerts(&conn, status).map_err(book_error)?;
        Ok(alerts.iter().take(limit).map(view).collect())
    }

    fn set_status(&self, change: StatusChange<'_>) -> Result<Option<Value>, BookError> {
        let StatusChange {
            id,
            status,
            note,
            actor,
        } = change;
        let to = status
            .parse::<Status>()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        let conn = self
            .conn
            .lock()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        if !alert_exists(&conn, id).map_err(book_error)? {
            return Ok(None);
        }
        set_status(&conn, id, to, actor, note).map_err(book_error)?;
        let alerts = load_alerts(&conn, None).map_err(book_error)?;
        Ok(alerts.iter().find(|a| a.key == id).map(view))
    }

    fn history(&self, id: &str) -> Result<Vec<Value>, BookError> {
        let conn = self
            .conn
            .lock()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        let trail = audit_trail(&conn, id).map_err(book_error)?;
        Ok(trail
            .iter()
            .map(|e| json!({"actor": e.analyst, "at": e.at, "from": e.from.as_str(), "to": e.to.as_str(), "note": e.note}))
            .collect())
    }

    fn network(&self) -> Option<Value> {
        self.network.clone()
    }

    fn synthetic(&self) -> bool {
        self.synthetic
    }

    fn neighbourhood(&self, id: &str) -> Option<Value> {
        self.pictures.as_ref()?.get(id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chokepoint_network::alerts::{save_alerts, AlertPart};

    #[test]
    fn a_status_change_reaches_the_store_and_its_audit_trail() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        {
            let conn = Connection::open(&db).unwrap();
            chokepoint_network::migrate(&conn).unwrap();
            let alert = Alert {
                key: "company:f".into(),
                name: "FRESH TRADING LIMITED".into(),
                country: "HK".into(),
                risk: 0.7,
                parts: vec![AlertPart {
                    rule: "new_company".into(),
                    score: 0.7,
                    explanation: "incorporated weeks before trading".into(),
                }],
                records: vec!["a1".into()],
                related: Vec::new(),
                status: Status::Open,
            };
            save_alerts(&conn, &[alert]).unwrap();
        }
        let book = StoreAlerts::open(&db, None, true)
            .unwrap()
            .unwrap()
            .with_pictures(Some(
                json!({"company:f": {"subject": "n0", "nodes": [], "edges": []}}),
            ));
        assert_eq!(book.neighbourhood("company:f").unwrap()["subject"], "n0");
        assert_eq!(book.neighbourhood("company:nope"), None);
        let change = |id| StatusChange {
            id,
            status: "dismissed",
            note: "known distributor",
            actor: "ana",
        };
        assert_eq!(book.set_status(change("company:nope")).unwrap(), None);
        let now = book.set_status(change("company:f")).unwrap().unwrap();
        assert_eq!(now["status"], "dismissed");
        assert_eq!(now["subject"], "FRESH TRADING LIMITED (HK)");
        assert_eq!(
            (&now["name"], &now["country"]),
            (&json!("FRESH TRADING LIMITED"), &json!("HK"))
        );
        let trail = book.history("company:f").unwrap();
        assert_eq!(trail.len(), 1);
        assert_eq!(trail[0]["actor"], "ana");
        assert_eq!(trail[0]["note"], "known distributor");
        assert_eq!(trail[0]["from"], "open");
        assert_eq!(trail[0]["to"], "dismissed");
        assert_eq!(book.list(10, Some("dismissed")).unwrap().len(), 1);
    }
}
