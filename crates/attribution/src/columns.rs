//! Column headers → record fields for component files (table `component`; customs files are
//! imported by the trade crate with its own column mapping): the built-in aliases of `data/columns.csv`, plus a user file in the same
//! format (`table,field,header`) whose rows win on conflicts — to teach the importers a new
//! catalogue without code changes.

use crate::error::{AttributionError, Result};
use chokepoint_refdata::Table;
use std::collections::HashMap;
use std::path::Path;

/// The built-in header aliases.
pub const COLUMNS_CSV: &str = include_str!("../data/columns.csv");

/// The tables a columns file may name.
pub const TABLES: [&str; 1] = ["component"];

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    table: String,
    field: String,
    header: String,
}

/// Header alias tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    builtin: Vec<Row>,
    user: Vec<Row>,
}

/// The matching key of a header: refdata's one header normalisation (`Part Number`,
/// `part_number` and `partNumber` are one key; a lone «№» keeps its sign).
pub use chokepoint_refdata::columns::header_key;

fn parse_rows(text: &str, name: &str, known: Option<&Columns>) -> Result<Vec<Row>> {
    let table = Table::parse(text, name)?;
    let mut out = Vec::new();
    for row in table.rows() {
        let line = row.line();
        let bad = |message: String| AttributionError::Data {
            file: name.to_string(),
            line,
            message,
        };
        let get = |i: usize| row.at(i).to_string();
        let r = Row {
            table: get(0),
            field: get(1),
            header: get(2),
        };
        if !TABLES.contains(&r.table.as_str()) {
            return Err(bad(format!("unknown table `{}` (component)", r.table)));
        }
        if r.header.is_empty() {
            return Err(bad("empty header".into()));
        }
        if let Some(k) = known {
            if !k.fields(&r.table).contains(&r.field) {
                return Err(bad(format!(
                    "unknown {} field `{}` (one of: {})",
                    r.table,
                    r.field,
                    k.fields(&r.table).join(", ")
                )));
            }
        }
        out.push(r);
    }
    Ok(out)
}

impl Default for Columns {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Columns {
    /// The built-in tables.
    pub fn builtin() -> Self {
        Columns {
            builtin: parse_rows(COLUMNS_CSV, "data/columns.csv", None).unwrap_or_default(),
            user: Vec::new(),
        }
    }

    /// Adds user rows from text (`table,field,header`); `name` is used in errors. Fields must be
    /// ones the built-in table knows.
    pub fn with_text(mut self, text: &str, name: &str) -> Result<Self> {
        let rows = parse_rows(text, name, Some(&self))?;
        self.user.extend(rows);
        Ok(self)
    }

    /// Adds user rows from a file.
    pub fn with_file(self, path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| AttributionError::io(path, e))?;
        self.with_text(&text, &path.display().to_string())
    }

    /// The fields of a table, in file order.
    pub fn fields(&self, table: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in self.builtin.iter().filter(|r| r.table == table) {
            if !out.contains(&r.field) {
                out.push(r.field.clone());
            }
        }
        out
    }

    /// Header key → field for a table: field names themselves, then user rows (winning), then
    /// built-in aliases.
    pub(crate) fn header_map(&self, table: &str) -> HashMap<String, String> {
        let mut map = HashMap::new();
        for f in self.fields(table) {
            map.insert(header_key(&f), f);
        }
        for r in self.user.iter().filter(|r| r.table == table) {
            map.insert(header_key(&r.header), r.field.clone());
        }
        for r in self.builtin.iter().filter(|r| r.table == table) {
            map.entry(header_key(&r.header))
                .or_insert_with(|| r.field.clone());
        }
        map
    }
}

/// Maps headers to fields; unmapped headers, and a second column for an already mapped field,
/// map to `None` (the first column wins).
pub(crate) fn map_headers(
    headers: &[String],
    map: &HashMap<String, String>,
) -> Vec<Option<String>> {
    let mut used: Vec<&str> = Vec::new();
    headers
        .iter()
        .map(|h| {
            let f = map.get(&header_key(h))?;
            (!used.contains(&f.as_str())).then(|| {
                used.push(f);
                f.clone()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn builtin_tables_cover_every_field() {
        let c = Columns::builtin();
        assert_eq!(
            c.fields("component").len(),
            18,
            "{:?}",
            c.fields("component")
        );
        assert!(
            c.fields("trade").is_empty(),
            "customs headers are the trade crate's"
        );
        let m = map_headers(
            &strings(&["Marking", "manufacturerMarked", "Країна", "junk", "marking"]),
            &c.header_map("component"),
        );
        let want = [
            Some("marking"),
            Some("manufacturer"),
            Some("catalogue_country"),
            None,
            None,
        ];
        assert_eq!(m, want.map(|x| x.map(String::from)));
    }

    #[test]
    fn user_rows_win_and_are_checked() {
        let c = Columns::builtin()
            .with_text("table,field,header\ncomponent,made_in,Country\n", "u.csv")
            .unwrap();
        let m = map_headers(&strings(&["Country"]), &c.header_map("component"));
        assert_eq!(m, vec![Some("made_in".to_string())]);
        let e = Columns::builtin()
            .with_text("table,field,header\ncomponent,colour,Farbe\n", "u.csv")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("u.csv:2: unknown component field `colour`"),
            "{e}"
        );
        let e = Columns::builtin()
            .with_text("table,field,header\nparts,id,x\n", "u.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown table"), "{e}");
    }
}
