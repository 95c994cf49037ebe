//! What the API says about each list: its title and who issues it, from the data table
//! `data/lists.csv` (analysts add a row for a new list there, not here).

use chokepoint_refdata::{Table, TableError};
use std::sync::OnceLock;

/// The table's text, built into the server.
const LISTS_CSV: &str = include_str!("../data/lists.csv");

/// One row of `data/lists.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListInfo {
    /// The list id, or a prefix ending in `*`.
    pub list: String,
    /// A human title.
    pub title: String,
    /// Who designates (FtM `Sanction.authority`); empty when unknown.
    pub authority: String,
    /// The issuing jurisdiction (FtM `Sanction.country`); empty when unknown.
    pub country: String,
}

/// Parses the lists table (`origin` names it in errors).
pub fn parse(text: &str, origin: &str) -> Result<Vec<ListInfo>, TableError> {
    let table = Table::parse(text, origin)?;
    table.require_columns(&["list", "title", "authority", "country"])?;
    let mut out: Vec<ListInfo> = Vec::new();
    for row in table.rows() {
        let list = row.required("list")?;
        if out.iter().any(|l| l.list == list) {
            return Err(row.error("list", "listed twice"));
        }
        let country = row.get("country");
        if !country.is_empty()
            && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_lowercase()))
        {
            return Err(row.error("country", "two lower-case letters (`us`, `eu`, `un`)"));
        }
        out.push(ListInfo {
            list: list.to_string(),
            title: row.required("title")?.to_string(),
            authority: row.get("authority").to_string(),
            country: country.to_string(),
        });
    }
    Ok(out)
}

/// The built-in table (empty if it does not parse; a unit test keeps it parsing).
fn table() -> &'static [ListInfo] {
    static TABLE: OnceLock<Vec<ListInfo>> = OnceLock::new();
    TABLE.get_or_init(|| parse(LISTS_CSV, "crates/server/data/lists.csv").unwrap_or_default())
}

/// What the table says about `list`: its own row, else the longest `prefix*` row it starts
/// with (titled `{title} ({list})`), else a row titled by the id with no authority.
pub fn info(list: &str) -> ListInfo {
    let rows = table();
    if let Some(row) = rows.iter().find(|r| r.list == list) {
        return row.clone();
    }
    let prefix = rows
        .iter()
        .filter_map(|r| r.list.strip_suffix('*').map(|p| (p, r)))
        .filter(|(p, _)| list.starts_with(p))
        .max_by_key(|(p, _)| p.len());
    match prefix {
        Some((_, r)) => ListInfo {
            list: list.to_string(),
            title: format!("{} ({list})", r.title),
            authority: r.authority.clone(),
            country: r.country.clone(),
        },
        None => ListInfo {
            list: list.to_string(),
            title: list.to_string(),
            authority: String::new(),
            country: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_parses_and_prefix_rows_apply() {
        let rows = parse(LISTS_CSV, "lists.csv").unwrap();
        assert!(rows.iter().any(|r| r.list == "ofac-sdn"));
        assert_eq!(info("un").country, "un");
        let eu = info("eu-833-2014");
        assert!(eu.title.ends_with("(eu-833-2014)"), "{eu:?}");
        assert_eq!(eu.country, "eu");
        let unknown = info("analyst-end-users");
        assert_eq!(unknown.title, "analyst-end-users");
        assert!(unknown.authority.is_empty());
    }

    #[test]
    fn a_bad_row_names_its_line_and_column() {
        let e = parse("list,title,authority,country\nx,X,A,USA\n", "t.csv").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("t.csv") && msg.contains("line 2") && msg.contains("country"),
            "{msg}"
        );
        let e = parse("list,title,authority,country\nx,X,,\nx,Y,,\n", "t.csv").unwrap_err();
        assert!(e.to_string().contains("listed twice"), "{e}");
    }
}
