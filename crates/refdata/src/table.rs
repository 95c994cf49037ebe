//! The one loader of editable CSV tables.
//!
//! A table is a CSV text with a header row; lines starting with `#` are comments; fields are
//! trimmed; rows may be shorter than the header (missing fields read as empty). Every error
//! names the table's origin (a file path, or the name of a table built into a crate), the
//! physical line and, where it applies, the column.
//!
//! ```
//! use chokepoint_refdata::Table;
//! let t = Table::parse("# legal forms\nabbr,full\nLLC,limited liability company\n", "legal_forms.csv").unwrap();
//! let row = t.rows().next().unwrap();
//! assert_eq!(row.get("abbr"), "LLC");
//! assert_eq!(row.required("full").unwrap(), "limited liability company");
//! ```

use std::path::Path;

/// An error reading a table: always names the table, and the line and column where known.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file could not be read.
    #[error("{path}: cannot read the table ({source})")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The text is not valid CSV at this line.
    #[error("{origin}, line {line}: {message}")]
    Syntax {
        /// The table's file or built-in name.
        origin: String,
        /// The physical line (1-based).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A value does not fit its column.
    #[error("{origin}, line {line}, column `{column}`: {message}")]
    Value {
        /// The table's file or built-in name.
        origin: String,
        /// The physical line (1-based).
        line: u64,
        /// The column's header name.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// The header lacks a column the reader needs.
    #[error("{origin}: no `{column}` column in the header ({header})")]
    MissingColumn {
        /// The table's file or built-in name.
        origin: String,
        /// The column that is needed.
        column: String,
        /// The header as found.
        header: String,
    },
}

/// A parsed table: its header and its rows, with where each row stands.
#[derive(Debug, Clone)]
pub struct Table {
    origin: String,
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

/// One row of a [`Table`], read by column name.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    table: &'a Table,
    line: u64,
    fields: &'a [String],
}

impl Table {
    /// Parses a table from text; `origin` names it in errors (a path or a built-in file name).
    pub fn parse(text: &str, origin: &str) -> Result<Table, TableError> {
        Self::parse_with(text, origin, b',')
    }

    /// Parses a table whose fields are separated by `delimiter` (e.g. `b'\t'`).
    pub fn parse_with(text: &str, origin: &str, delimiter: u8) -> Result<Table, TableError> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .trim(csv::Trim::All)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        // The csv crate reports where it began reading a record, comment and blank lines before
        // it included, and its line numbers skip comment lines: find the physical line here.
        // Newline offsets once, so that finding a record's line is a binary search, not a
        // count from the start of the text (quadratic on tables of thousands of rows).
        let newlines: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        let line_at = |byte: u64| record_line(text, &newlines, byte);
        let syntax = |e: csv::Error| {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            TableError::Syntax {
                origin: origin.to_string(),
                line,
                message: e.to_string(),
            }
        };
        let header: Vec<String> = reader
            .headers()
            .map_err(syntax)?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        let mut rows = Vec::new();
        for rec in reader.records() {
            let rec = rec.map_err(syntax)?;
            let line = rec.position().map_or(0, |p| line_at(p.byte()));
            if rec.iter().all(str::is_empty) {
                continue;
            }
            rows.push((line, rec.iter().map(str::to_string).collect()));
        }
        Ok(Table {
            origin: origin.to_string(),
            header,
            rows,
        })
    }

    /// Reads and parses a table file.
    pub fn load(path: &Path) -> Result<Table, TableError> {
        let text = std::fs::read_to_string(path).map_err(|source| TableError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// The file path or built-in name given when parsing.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The header's column names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Checks that every one of `columns` is in the header.
    pub fn require_columns(&self, columns: &[&str]) -> Result<(), TableError> {
        for c in columns {
            if !self.header.iter().any(|h| h == c) {
                return Err(TableError::MissingColumn {
                    origin: self.origin.clone(),
                    column: (*c).to_string(),
                    header: self.header.join(","),
                });
            }
        }
        Ok(())
    }

    /// The number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no data rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The data rows in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        self.rows.iter().map(move |(line, fields)| Row {
            table: self,
            line: *line,
            fields,
        })
    }

    fn index(&self, column: &str) -> Option<usize> {
        self.header.iter().position(|h| h == column)
    }
}

impl<'a> Row<'a> {
    /// The physical line of this row in its file (1-based).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The value of `column`, or `""` when the column or the field is absent.
    pub fn get(&self, column: &str) -> &'a str {
        self.table
            .index(column)
            .and_then(|i| self.fields.get(i))
            .map_or("", String::as_str)
    }

    /// The value of the field at `index` (header order), or `""`.
    pub fn at(&self, index: usize) -> &'a str {
        self.fields.get(index).map_or("", String::as_str)
    }

    /// The value of `column`, or an error naming the line and column when it is empty.
    pub fn required(&self, column: &str) -> Result<&'a str, TableError> {
        let v = self.get(column);
        if v.is_empty() {
            Err(self.error(column, "is empty"))
        } else {
            Ok(v)
        }
    }

    /// The value of `column` parsed as `T`, or an error naming the line and column.
    pub fn parse<T: std::str::FromStr>(&self, column: &str) -> Result<T, TableError>
    where
        T::Err: std::fmt::Display,
    {
        let v = self.required(column)?;
        v.parse()
            .map_err(|e: T::Err| self.error(column, &format!("`{v}`: {e}")))
    }

    /// An error about `column` of this row.
    pub fn error(&self, column: &str, message: &str) -> TableError {
        TableError::Value {
            origin: self.table.origin.clone(),
            line: self.line,
            column: column.to_string(),
            message: message.to_string(),
        }
    }
}

/// The physical line (1-based) of the record that the csv reader began reading at `byte`:
/// comment and blank lines before the record are passed over.
fn record_line(text: &str, newlines: &[usize], byte: u64) -> u64 {
    let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    let mut line = 1 + newlines.partition_point(|&i| i < at) as u64;
    while at < text.len() {
        let rest = &text[at..];
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let this = rest[..end].trim();
        if !(this.is_empty() || this.starts_with('#')) {
            break;
        }
        at += end;
        line += 1;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_rows_and_short_rows() {
        let t = Table::parse(
            "# a comment\nname,code\n# another\n Alpha , A1\n\nBeta\n",
            "t.csv",
        )
        .unwrap();
        assert_eq!(t.header(), ["name", "code"]);
        let rows: Vec<_> = t.rows().collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get("name"), "Alpha");
        assert_eq!(rows[0].get("code"), "A1");
        assert_eq!(rows[0].line(), 4);
        assert_eq!(rows[1].get("code"), "");
        assert_eq!(rows[1].get("nope"), "");
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let t = Table::parse("name,year\nX,19x5\n", "makers.csv").unwrap();
        let row = t.rows().next().unwrap();
        let e = row.parse::<u16>("year").unwrap_err().to_string();
        assert!(e.starts_with("makers.csv, line 2, column `year`"), "{e}");
        let e = t.require_columns(&["name", "hq"]).unwrap_err().to_string();
        assert!(e.contains("no `hq` column"), "{e}");
        let e = Table::parse("a,b\n\"open,1\n", "q.csv");
        // An unclosed quote runs to the end of the text: csv reads it as one field.
        assert!(e.is_ok());
        let e = Table::load(Path::new("/nonexistent/x.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/nonexistent/x.csv"), "{e}");
    }

    #[test]
    fn tab_separated_and_bom() {
        let t = Table::parse_with("\u{feff}a\tb\n1\t2\n", "t.tsv", b'\t').unwrap();
        assert_eq!(t.header(), ["a", "b"]);
        assert_eq!(t.rows().next().unwrap().at(1), "2");
    }
}
