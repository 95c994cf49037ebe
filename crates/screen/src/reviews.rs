//! Analysts' marks on screening hits: a hit (a screened name against one listed entity) marked
//! a true match, a false positive or needing review, with a note, who marked it and when.
//!
//! Owns two tables of the store, created by [`migrate`] (the pipeline runs it with every
//! stage's migrations): `screen_reviews` holds the current mark of each (screened name, entity)
//! pair, `screen_review_audit` every change, oldest first. A screened name is keyed by its
//! folded form (case, accents, spacing and script-independent punctuation ignored), so the
//! same party typed twice finds its marks.

use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// An analyst's verdict on one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// The screened party is the listed entity.
    TrueMatch,
    /// The screened party is not the listed entity.
    FalsePositive,
    /// Not decided yet: needs a second look or more facts.
    NeedsReview,
}

impl Mark {
    /// Every mark, in the order a form offers them.
    pub const ALL: [Mark; 3] = [Mark::TrueMatch, Mark::FalsePositive, Mark::NeedsReview];

    /// The mark as stored and sent over the API: `true_match`, `false_positive`, `needs_review`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::TrueMatch => "true_match",
            Mark::FalsePositive => "false_positive",
            Mark::NeedsReview => "needs_review",
        }
    }

    /// The mark in words: `true match`, `false positive`, `needs review`.
    pub fn label(self) -> &'static str {
        match self {
            Mark::TrueMatch => "true match",
            Mark::FalsePositive => "false positive",
            Mark::NeedsReview => "needs review",
        }
    }
}

impl std::str::FromStr for Mark {
    type Err = ReviewError;
    fn from_str(s: &str) -> Result<Mark, ReviewError> {
        Mark::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| ReviewError::UnknownMark(s.to_string()))
    }
}

/// One hit's mark as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The name that was screened, as the analyst typed it (the latest spelling).
    pub query: String,
    /// The listed entity's canonical id.
    pub entity_id: String,
    /// The entity's name when it was marked.
    pub caption: String,
    /// The lists that carried the entity when it was marked.
    pub lists: Vec<String>,
    /// The verdict.
    pub mark: Mark,
    /// The analyst's note (may be empty).
    pub note: String,
    /// Who marked it: the API key's label, never a name the request claims.
    pub actor: String,
    /// When (UTC, ISO 8601).
    pub at: String,
}

/// A mark to record: named fields so that the strings cannot be passed in the wrong order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewChange<'a> {
    /// The screened name.
    pub query: &'a str,
    /// The entity's canonical id.
    pub entity_id: &'a str,
    /// The entity's name.
    pub caption: &'a str,
    /// The lists carrying the entity.
    pub lists: &'a [String],
    /// The verdict.
    pub mark: Mark,
    /// The analyst's note.
    pub note: &'a str,
    /// Who marks it.
    pub actor: &'a str,
}

/// Why reading or writing marks failed.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// A mark other than the three known ones.
    #[error("unknown mark `{0}`; expected true_match, false_positive or needs_review")]
    UnknownMark(String),
    /// The store is held by another writer (an import) for longer than the call may wait.
    #[error("the store is busy with another write (an import?) and stayed busy for {waited_ms} ms; nothing was changed, retry in a moment")]
    Busy {
        /// How long the call waited.
        waited_ms: u64,
    },
    /// Any other failure of the store.
    #[error("the review tables of the store failed: {0}")]
    Store(#[from] rusqlite::Error),
}

/// The key of a screened name: folded across case, accents and scripts' punctuation.
pub fn query_key(query: &str) -> String {
    chokepoint_names::fold(query)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Creates the review tables if needed (idempotent).
pub fn migrate(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS screen_reviews (
            query_key TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            query TEXT NOT NULL,
            caption TEXT NOT NULL,
            lists TEXT NOT NULL,
            mark TEXT NOT NULL CHECK (mark IN ('true_match','false_positive','needs_review')),
            note TEXT NOT NULL DEFAULT '',
            actor TEXT NOT NULL,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
            PRIMARY KEY (query_key, entity_id)
        );
        CREATE TABLE IF NOT EXISTS screen_review_audit (
            id INTEGER PRIMARY KEY,
            query_key TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            query TEXT NOT NULL,
            mark TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            actor TEXT NOT NULL,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
        );
        CREATE INDEX IF NOT EXISTS screen_review_audit_hit ON screen_review_audit(query_key, entity_id);",
    )
}

/// Records a mark: replaces the hit's current mark and appends the change to the audit trail,
/// in one transaction. Returns the review as stored.
pub fn set_review(conn: &Connection, change: &ReviewChange<'_>) -> Result<Review, ReviewError> {
    let key = query_key(change.query);
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO screen_reviews (query_key, entity_id, query, caption, lists, mark, note, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(query_key, entity_id) DO UPDATE SET query = excluded.query,
           caption = excluded.caption, lists = excluded.lists, mark = excluded.mark,
           note = excluded.note, actor = excluded.actor,
           at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
        params![
            key,
            change.entity_id,
            change.query.trim(),
            change.caption,
            change.lists.join(","),
            change.mark.as_str(),
            change.note,
            change.actor
        ],
    )?;
    tx.execute(
        "INSERT INTO screen_review_audit (query_key, entity_id, query, mark, note, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            key,
            change.entity_id,
            change.query.trim(),
            change.mark.as_str(),
            change.note,
            change.actor
        ],
    )?;
    tx.commit()?;
    let stored = load(conn, Some(&key), Some(change.entity_id))?;
    stored
        .into_iter()
        .next()
        .ok_or(ReviewError::Store(rusqlite::Error::QueryReturnedNoRows))
}

/// The current marks, newest first: of one screened name (any spelling that folds the same)
/// when `query` is given, else all.
pub fn load_reviews(conn: &Connection, query: Option<&str>) -> Result<Vec<Review>, ReviewError> {
    let key = query.map(query_key);
    load(conn, key.as_deref(), None)
}

fn load(
    conn: &Connection,
    key: Option<&str>,
    entity: Option<&str>,
) -> Result<Vec<Review>, ReviewError> {
    let mut stmt = conn.prepare_cached(
        "SELECT query, entity_id, caption, lists, mark, note, actor, at FROM screen_reviews
         WHERE (?1 IS NULL OR query_key = ?1) AND (?2 IS NULL OR entity_id = ?2)
         ORDER BY at DESC, query_key, entity_id",
    )?;
    let mut rows = stmt.query(params![key, entity])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(review(r)?);
    }
    Ok(out)
}

fn review(r: &rusqlite::Row<'_>) -> Result<Review, ReviewError> {
    let lists: String = r.get(3)?;
    let mark: String = r.get(4)?;
    Ok(Review {
        query: r.get(0)?,
        entity_id: r.get(1)?,
        caption: r.get(2)?,
        lists: lists
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        mark: mark.parse()?,
        note: r.get(5)?,
        actor: r.get(6)?,
        at: r.get(7)?,
    })
}

/// Every change of one hit's mark, oldest first (caption and lists as they are now).
pub fn review_history(
    conn: &Connection,
    query: &str,
    entity_id: &str,
) -> Result<Vec<Review>, ReviewError> {
    let key = query_key(query);
    let current: Option<(String, String)> = conn
        .query_row(
            "SELECT caption, lists FROM screen_reviews WHERE query_key = ?1 AND entity_id = ?2",
            params![key, entity_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (caption, lists) = current.unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT query, entity_id, ?3, ?4, mark, note, actor, at FROM screen_review_audit
         WHERE query_key = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let mut rows = stmt.query(params![key, entity_id, caption, lists])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(review(r)?);
    }
    Ok(out)
}

/// The review tables of one store file, shared by the requests of a server: one connection
/// behind a lock, waiting at most a few seconds for a store busy with an import.
pub struct ReviewStore {
    conn: Mutex<Connection>,
    wait: Duration,
}

impl ReviewStore {
    /// How long a write waits for a store held by another writer before [`ReviewError::Busy`].
    pub const WAIT: Duration = Duration::from_secs(5);

    /// Opens the store file at `path` and creates the review tables if needed.
    pub fn open(path: &Path) -> Result<ReviewStore, ReviewError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Self::WAIT)?;
        migrate(&conn)?;
        Ok(ReviewStore {
            conn: Mutex::new(conn),
            wait: Self::WAIT,
        })
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, ReviewError>,
    ) -> Result<T, ReviewError> {
        let conn = match self.conn.lock() {
            Ok(c) => c,
            Err(p) => p.into_inner(),
        };
        f(&conn).map_err(|e| match e {
            ReviewError::Store(rusqlite::Error::SqliteFailure(f, _))
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                ReviewError::Busy {
                    waited_ms: u64::try_from(self.wait.as_millis()).unwrap_or(u64::MAX),
                }
            }
            other => other,
        })
    }

    /// [`set_review`] on this store.
    pub fn set(&self, change: &ReviewChange<'_>) -> Result<Review, ReviewError> {
        self.with(|c| set_review(c, change))
    }

    /// [`load_reviews`] on this store.
    pub fn list(&self, query: Option<&str>) -> Result<Vec<Review>, ReviewError> {
        self.with(|c| load_reviews(c, query))
    }

    /// [`review_history`] on this store.
    pub fn history(&self, query: &str, entity_id: &str) -> Result<Vec<Review>, ReviewError> {
        self.with(|c| review_history(c, query, entity_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change<'a>(
        query: &'a str,
        mark: Mark,
        note: &'a str,
        lists: &'a [String],
    ) -> ReviewChange<'a> {
        ReviewChange {
            query,
            entity_id: "ofac-sdn-306",
            caption: "BANCO NACIONAL DE CUBA",
            lists,
            mark,
            note,
            actor: "ana",
        }
    }

    #[test]
    fn a_mark_is_replaced_and_every_change_kept_under_any_spelling_of_the_name() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let lists = vec!["ofac-sdn".to_string(), "us-csl".to_string()];
        let first = set_review(
            &conn,
            &change("Banco Nacional de Cuba", Mark::NeedsReview, "", &lists),
        )
        .unwrap();
        assert_eq!(first.mark, Mark::NeedsReview);
        assert_eq!(first.lists, lists);
        set_review(
            &conn,
            &change(
                "  BANCO  NACIONAL DE CUBA ",
                Mark::FalsePositive,
                "other bank",
                &lists,
            ),
        )
        .unwrap();
        let now = load_reviews(&conn, Some("banco nacional de cuba")).unwrap();
        assert_eq!(now.len(), 1);
        assert_eq!(now[0].mark, Mark::FalsePositive);
        assert_eq!(now[0].note, "other bank");
        assert_eq!(now[0].actor, "ana");
        assert_eq!(now[0].query, "BANCO  NACIONAL DE CUBA");
        assert!(load_reviews(&conn, Some("other party")).unwrap().is_empty());
        let trail = review_history(&conn, "Banco Nacional de Cuba", "ofac-sdn-306").unwrap();
        let marks: Vec<Mark> = trail.iter().map(|r| r.mark).collect();
        assert_eq!(marks, [Mark::NeedsReview, Mark::FalsePositive]);
    }

    #[test]
    fn marks_round_trip_and_an_unknown_one_is_named() {
        for m in Mark::ALL {
            assert_eq!(m.as_str().parse::<Mark>().unwrap(), m);
        }
        let err = "match".parse::<Mark>().unwrap_err().to_string();
        assert!(
            err.contains("`match`") && err.contains("true_match"),
            "{err}"
        );
    }

    #[test]
    fn the_store_refuses_a_mark_outside_the_three() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        let bad = conn.execute(
            "INSERT INTO screen_reviews (query_key, entity_id, query, caption, lists, mark, actor) VALUES ('a','b','a','c','','maybe','x')",
            [],
        );
        assert!(bad.is_err());
    }
}
