//! Where a command writes its results.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// A buffered writer to `path`, or to standard output when there is none.
pub fn writer(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// The one sentence an error prints: its causes joined by ": ", each said once (a cause whose
/// text an outer message already carries is not repeated), and a store locked by another
/// process explained with the store's path and what to do.
pub fn error_text(err: &anyhow::Error, db: &Path) -> String {
    let locked = err.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<rusqlite::Error>(),
            Some(rusqlite::Error::SqliteFailure(f, _))
                if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        ) || cause.to_string().contains("database is locked")
    });
    if locked {
        return format!(
            "the store {} is in use by another process (an import, a demo or a server writing) \
             and stayed locked for the 10 s this command waits; nothing was changed — run the \
             command again when the other one has finished",
            db.display()
        );
    }
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if part.is_empty() || text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_says_each_cause_once_and_a_locked_store_plainly() {
        let io = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "No such file or directory (os error 2)",
        );
        let err = anyhow::Error::new(io)
            .context("No such file or directory (os error 2)")
            .context("cannot read x.csv");
        assert_eq!(
            error_text(&err, Path::new("c.db")),
            "cannot read x.csv: No such file or directory (os error 2)"
        );
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        );
        let err = anyhow::Error::new(busy).context("database is locked");
        let text = error_text(&err, Path::new("c.db"));
        assert!(
            text.starts_with("the store c.db is in use by another process"),
            "{text}"
        );
        assert_eq!(text.matches("locked").count(), 1, "{text}");
    }
}
