//! Company registries: files of companies (name, INN/OGRN, country, address, director, phone,
//! incorporation date, owners) in whatever column names their publisher uses, read through a
//! header mapping ([`RegistryMapping`], the synonyms in `data/registry_columns.csv`, a user
//! mapping file on top) and imported into the store, where the network stage reads them
//! ([`stored_registry`]).
//!
//! The rules of every import of the project hold: a malformed file (a row with more or fewer
//! cells than the header, a quote left open, an unreadable date, a row without a name) stops
//! the import with one sentence naming the file, the line and the field, and the store is left
//! as it was (the file is read whole before one transaction writes it); no row is dropped; the
//! import reports the columns it did not map and the fields that are missing with what their
//! absence disables; an identifier that looks damaged is kept (digits only, a lost leading zero
//! restored) and reported, never a reason to drop the row.
//!
//! Why not trade's [`chokepoint_trade::ColumnMapping`]: it maps headers onto the fields of a
//! customs record (`Field`), which has no incorporation date, director or phone; this mapping
//! reuses its header normalisation ([`chokepoint_trade::mapping::header_key`]) and its
//! `field,header` file format, so one user mapping file reads the same way for both.
//!
//! Defence end users are not a registry column any more: they come from the lists in the store
//! (see `crate::data::Dataset::end_user_entities`). A registry may still mark a company
//! (`defence` field: `yes`, `true`, `1`, `да`, `end_user`, `defence`, `military`).

use crate::data::{Dataset, RegistryCompany};
use crate::error::{NetworkError, Result};
use crate::ids::normalize_inn;
use chokepoint_refdata::Table;
use chokepoint_trade::mapping::header_key;
use chokepoint_trade::record::normalize_country;
use chokepoint_trade::Date;
use rusqlite::{params, Connection};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The built-in header synonyms (`data/registry_columns.csv`).
pub const DEFAULT_REGISTRY_COLUMNS: &str = include_str!("../data/registry_columns.csv");

/// How many warnings an import keeps verbatim (all are counted).
pub const MAX_WARNINGS: usize = 10;

/// A field of a registry row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegistryField {
    /// The registry's own id of the company.
    Id,
    /// The company's name (the one required field).
    Name,
    /// Country of registration (ISO code or a country name in any language the country table
    /// knows).
    Country,
    /// Russian taxpayer number (ИНН).
    Inn,
    /// Russian state registration number (ОГРН) or another registry's company number.
    Ogrn,
    /// Registered address.
    Address,
    /// Director(s); several separated by `;`.
    Director,
    /// Phone number(s); several separated by `;` or `,`.
    Phone,
    /// Incorporation (registration) date.
    Incorporated,
    /// Owner(s): registry ids of owning companies or names of persons; separated by `;`.
    Owner,
    /// Date of designation (sanctions), when the registry gives it.
    Designated,
    /// Whether the registry marks the company as part of the defence industry.
    Defence,
}

impl RegistryField {
    /// Every field.
    pub const ALL: [RegistryField; 12] = [
        RegistryField::Id,
        RegistryField::Name,
        RegistryField::Country,
        RegistryField::Inn,
        RegistryField::Ogrn,
        RegistryField::Address,
        RegistryField::Director,
        RegistryField::Phone,
        RegistryField::Incorporated,
        RegistryField::Owner,
        RegistryField::Designated,
        RegistryField::Defence,
    ];

    /// The field's name as mapping files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RegistryField::Id => "id",
            RegistryField::Name => "name",
            RegistryField::Country => "country",
            RegistryField::Inn => "inn",
            RegistryField::Ogrn => "ogrn",
            RegistryField::Address => "address",
            RegistryField::Director => "director",
            RegistryField::Phone => "phone",
            RegistryField::Incorporated => "incorporated",
            RegistryField::Owner => "owner",
            RegistryField::Designated => "designated",
            RegistryField::Defence => "defence",
        }
    }

    /// What the network stage cannot do without the field (for the import report).
    pub fn disables(self) -> &'static str {
        match self {
            RegistryField::Id => "nothing (ids are taken from OGRN, INN or the line)",
            RegistryField::Name => "everything (the name is required)",
            RegistryField::Country => {
                "registry countries (a company's country then comes from the declarations)"
            }
            RegistryField::Inn => "merging by INN (resolution falls back to names and addresses)",
            RegistryField::Ogrn => "nothing (OGRN is kept as evidence only)",
            RegistryField::Address => "the mass-address indicator and address agreement",
            RegistryField::Director => "the shared-director indicator and director links",
            RegistryField::Phone => "the shared-phone indicator",
            RegistryField::Incorporated => {
                "the newly-registered indicator and the phoenix-successor rule"
            }
            RegistryField::Owner => "ownership links",
            RegistryField::Designated => "registry designations (lists in the store still apply)",
            RegistryField::Defence => {
                "registry defence marks (end users come from the lists in the store)"
            }
        }
    }
}

impl fmt::Display for RegistryField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RegistryField {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let k = s.trim().to_ascii_lowercase();
        RegistryField::ALL
            .into_iter()
            .find(|f| f.as_str() == k)
            .ok_or_else(|| {
                format!(
                    "`{s}` is not a registry field (one of: {})",
                    RegistryField::ALL.map(RegistryField::as_str).join(", ")
                )
            })
    }
}

/// Header synonyms → registry fields.
#[derive(Debug, Clone)]
pub struct RegistryMapping {
    aliases: HashMap<String, RegistryField>,
}

impl Default for RegistryMapping {
    fn default() -> Self {
        Self::builtin()
    }
}

impl RegistryMapping {
    /// Every field's own name plus the synonyms of `data/registry_columns.csv`.
    pub fn builtin() -> Self {
        let mut m = RegistryMapping {
            aliases: RegistryField::ALL
                .into_iter()
                .map(|f| (header_key(f.as_str()), f))
                .collect(),
        };
        // The built-in file is covered by `builtin_mapping_is_valid`; a bad row there is a bug.
        let _ = m.extend_from_str(DEFAULT_REGISTRY_COLUMNS, "data/registry_columns.csv");
        m
    }

    /// The built-in mapping with a user file (`field,header` rows) on top.
    pub fn with_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| NetworkError::Row {
            file: path.display().to_string(),
            line: 0,
            field: "mapping".into(),
            message: format!("cannot read the mapping file ({e})"),
        })?;
        let mut m = Self::builtin();
        m.extend_from_str(&text, &path.display().to_string())?;
        Ok(m)
    }

    /// Adds `field,header` rows (or `header,field`); a header row first; `#` comments.
    pub fn extend_from_str(&mut self, text: &str, origin: &str) -> Result<()> {
        let table = Table::parse(text, origin).map_err(|e| NetworkError::Row {
            file: origin.into(),
            line: 0,
            field: "mapping".into(),
            message: e.to_string(),
        })?;
        for row in table.rows() {
            let (a, b) = (row.at(0), row.at(1));
            let (field, header) = match (a.parse::<RegistryField>(), b.parse::<RegistryField>()) {
                (Ok(f), _) => (f, b),
                (Err(_), Ok(f)) => (f, a),
                (Err(e), Err(_)) => {
                    return Err(NetworkError::Row {
                        file: origin.into(),
                        line: row.line(),
                        field: "field".into(),
                        message: e,
                    })
                }
            };
            let key = header_key(header);
            if key.is_empty() {
                return Err(NetworkError::Row {
                    file: origin.into(),
                    line: row.line(),
                    field: "header".into(),
                    message: "empty header".into(),
                });
            }
            self.aliases.insert(key, field);
        }
        Ok(())
    }

    /// The field a header maps to.
    pub fn field(&self, header: &str) -> Option<RegistryField> {
        self.aliases.get(&header_key(header)).copied()
    }
}

/// A registry file read through the mapping: its companies and what the mapping made of it.
#[derive(Debug, Clone, Default)]
pub struct RegistryFile {
    /// One company per data row, in file order.
    pub companies: Vec<RegistryCompany>,
    /// Each mapped header with its field.
    pub mapped: Vec<(String, RegistryField)>,
    /// Headers that map to no field (their values are not read).
    pub unmapped: Vec<String>,
    /// Fields no header maps to.
    pub missing: Vec<RegistryField>,
    /// The first [`MAX_WARNINGS`] warnings (an identifier repaired or of an unusual length).
    pub warnings: Vec<String>,
    /// How many warnings there were.
    pub warning_count: usize,
}

fn row_error(file: &str, line: u64, field: &str, message: impl Into<String>) -> NetworkError {
    NetworkError::Row {
        file: file.into(),
        line,
        field: field.into(),
        message: message.into(),
    }
}

fn split_multi(v: &str, seps: &[char]) -> Vec<String> {
    v.split(|c| seps.contains(&c) || c == '\n')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_lowercase().as_str(),
        "1" | "true"
            | "yes"
            | "y"
            | "x"
            | "да"
            | "end_user"
            | "end user"
            | "defence"
            | "defense"
            | "military"
            | "опк"
    )
}

/// Reads a registry file (CSV; `,`, `;` or tab, chosen by the header line) through `mapping`.
/// Errors name the file, the line and the field; see the module documentation for the rules.
pub fn read_registry(path: &Path, mapping: &RegistryMapping) -> Result<RegistryFile> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| row_error(&file, 0, "file", format!("cannot read the file ({e})")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        row_error(
            &file,
            line,
            "text",
            "the file is not UTF-8 (save it as UTF-8)",
        )
    })?;
    parse_registry(&text, &file, mapping)
}

/// [`read_registry`] over text already read; `file` names it in errors.
pub fn parse_registry(text: &str, file: &str, mapping: &RegistryMapping) -> Result<RegistryFile> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|&d| first.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',');
    if text.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
        let line = text.lines().count() as u64;
        return Err(row_error(
            file,
            line,
            "text",
            "a quote is left open (the file is cut mid-record)",
        ));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| row_error(file, 1, "header", e.to_string()))?
        .clone();
    let mut out = RegistryFile::default();
    let mut col: HashMap<RegistryField, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        match mapping.field(h) {
            Some(f) if !col.contains_key(&f) => {
                col.insert(f, i);
                out.mapped.push((h.to_string(), f));
            }
            Some(f) => out
                .unmapped
                .push(format!("{h} (a second `{f}` column; the first is read)")),
            None if h.trim().is_empty() => {}
            None => out.unmapped.push(h.to_string()),
        }
    }
    out.missing = RegistryField::ALL
        .into_iter()
        .filter(|f| !col.contains_key(f))
        .collect();
    if !col.contains_key(&RegistryField::Name) {
        return Err(row_error(
            file,
            1,
            "name",
            format!(
                "no column maps to the company name (headers: {}); add a `name,<your header>` row to a mapping file",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let warn = |out: &mut RegistryFile, w: String| {
        out.warning_count += 1;
        if out.warnings.len() < MAX_WARNINGS {
            out.warnings.push(w);
        }
    };
    // Physical lines from byte offsets (the csv crate's own line count is off by one per
    // record after CRLF line ends), counted incrementally.
    let (mut seen_byte, mut seen_lines) = (0usize, 1u64);
    let mut line_at = |byte: u64| -> u64 {
        let mut b = (byte as usize).min(text.len());
        // After CRLF the reported start may be the `\n` that ends the previous line.
        while b < text.len() && matches!(text.as_bytes()[b], b'\r' | b'\n') {
            b += 1;
        }
        if b >= seen_byte {
            seen_lines += text.as_bytes()[seen_byte..b]
                .iter()
                .filter(|&&c| c == b'\n')
                .count() as u64;
            seen_byte = b;
        }
        seen_lines
    };
    for row in rdr.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                return Err(row_error(file, line, "row", e.to_string()));
            }
        };
        let line = row.position().map_or(0, |p| line_at(p.byte()));
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if row.len() != headers.len() {
            return Err(row_error(
                file,
                line,
                "row",
                format!(
                    "{} cells where the header has {} (a delimiter inside an unquoted value, or the row is cut)",
                    row.len(),
                    headers.len()
                ),
            ));
        }
        let get = |f: RegistryField| -> &str {
            col.get(&f)
                .and_then(|&i| row.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let name = get(RegistryField::Name);
        if name.is_empty() {
            return Err(row_error(file, line, "name", "the company name is empty"));
        }
        let date = |f: RegistryField| -> Result<Option<Date>> {
            let v = get(f);
            if v.is_empty() {
                return Ok(None);
            }
            Date::parse(v).map(Some).ok_or_else(|| {
                row_error(
                    file,
                    line,
                    f.as_str(),
                    format!("`{v}` is not a date (YYYY-MM-DD or DD.MM.YYYY)"),
                )
            })
        };
        let incorporated = date(RegistryField::Incorporated)?;
        let designated = date(RegistryField::Designated)?;
        let raw_inn = get(RegistryField::Inn);
        let (inn, note) = normalize_inn(raw_inn);
        if let Some(note) = note {
            warn(
                &mut out,
                format!("{file}, line {line}, field inn: {note}; row kept"),
            );
        }
        let ogrn: String = get(RegistryField::Ogrn)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let id = match get(RegistryField::Id) {
            "" if !ogrn.is_empty() => format!("ogrn:{ogrn}"),
            "" if !inn.is_empty() => format!("inn:{inn}"),
            "" => format!("{stem}:{line}"),
            v => v.to_string(),
        };
        out.companies.push(RegistryCompany {
            id,
            name: name.to_string(),
            country: normalize_country(get(RegistryField::Country)),
            inn,
            ogrn,
            incorporated,
            address: get(RegistryField::Address).to_string(),
            directors: split_multi(get(RegistryField::Director), &[';']),
            phones: split_multi(get(RegistryField::Phone), &[';', ',']),
            owners: split_multi(get(RegistryField::Owner), &[';']),
            defence: truthy(get(RegistryField::Defence)),
            designated,
        });
    }
    Ok(out)
}

/// Reads a registry file with the built-in mapping (what the scenario adapter and tests use).
pub fn read_companies(path: &Path) -> Result<Vec<RegistryCompany>> {
    Ok(read_registry(path, &RegistryMapping::builtin())?.companies)
}

/// Creates the registry tables (idempotent).
pub fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS network_registry_imports (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            rows INTEGER NOT NULL,
            unmapped TEXT NOT NULL DEFAULT '',
            missing TEXT NOT NULL DEFAULT '',
            warnings INTEGER NOT NULL DEFAULT 0,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
        );
        CREATE TABLE IF NOT EXISTS network_registry (
            import_id INTEGER NOT NULL REFERENCES network_registry_imports(id),
            seq INTEGER NOT NULL,
            company_id TEXT NOT NULL,
            name TEXT NOT NULL,
            country TEXT NOT NULL,
            inn TEXT NOT NULL,
            ogrn TEXT NOT NULL,
            address TEXT NOT NULL,
            directors TEXT NOT NULL,
            phones TEXT NOT NULL,
            owners TEXT NOT NULL,
            incorporated TEXT,
            designated TEXT,
            defence INTEGER NOT NULL,
            PRIMARY KEY (import_id, seq)
        );",
    )?;
    Ok(())
}

/// What one registry import did.
#[derive(Debug, Clone)]
pub struct RegistryImport {
    /// The import's id in `network_registry_imports`.
    pub import_id: i64,
    /// The file read, mapped, missing and warnings.
    pub file: RegistryFile,
}

/// Reads `path` through `mapping` and stores every company in one transaction: on any error
/// nothing is written.
pub fn import_registry(
    conn: &mut Connection,
    path: &Path,
    mapping: &RegistryMapping,
) -> Result<RegistryImport> {
    let file = read_registry(path, mapping)?;
    let import_id = store_registry(conn, &path.display().to_string(), &file)?;
    Ok(RegistryImport { import_id, file })
}

/// Stores a registry already read (one transaction); returns the import id.
pub fn store_registry(conn: &mut Connection, name: &str, file: &RegistryFile) -> Result<i64> {
    migrate(conn)?;
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO network_registry_imports (file, rows, unmapped, missing, warnings) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            name,
            file.companies.len() as i64,
            file.unmapped.join("\n"),
            file.missing.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(","),
            file.warning_count as i64
        ],
    )?;
    let import_id = tx.last_insert_rowid();
    {
        let mut st = tx.prepare(
            "INSERT INTO network_registry (import_id, seq, company_id, name, country, inn, ogrn, address, directors, phones, owners, incorporated, designated, defence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for (seq, c) in file.companies.iter().enumerate() {
            st.execute(params![
                import_id,
                seq as i64,
                c.id,
                c.name,
                c.country,
                c.inn,
                c.ogrn,
                c.address,
                c.directors.join("\n"),
                c.phones.join("\n"),
                c.owners.join("\n"),
                c.incorporated.map(|d| d.to_string()),
                c.designated.map(|d| d.to_string()),
                c.defence
            ])?;
        }
    }
    tx.commit()?;
    Ok(import_id)
}

/// Every registry company in the store, in import and file order (empty when no registry
/// was imported).
pub fn stored_registry(conn: &Connection) -> Result<Vec<RegistryCompany>> {
    migrate(conn)?;
    let mut st = conn.prepare(
        "SELECT company_id, name, country, inn, ogrn, address, directors, phones, owners, incorporated, designated, defence
         FROM network_registry ORDER BY import_id, seq",
    )?;
    let lines = |s: String| -> Vec<String> {
        s.split('\n')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, Option<String>>(10)?,
            r.get::<_, bool>(11)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, country, inn, ogrn, address, dirs, phones, owners, inc, des, defence) = row?;
        out.push(RegistryCompany {
            id,
            name,
            country,
            inn,
            ogrn,
            incorporated: inc.as_deref().and_then(Date::parse),
            address,
            directors: lines(dirs),
            phones: lines(phones),
            owners: lines(owners),
            defence,
            designated: des.as_deref().and_then(Date::parse),
        });
    }
    Ok(out)
}

/// How many registry companies the store holds.
pub fn registry_count(conn: &Connection) -> Result<usize> {
    migrate(conn)?;
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM network_registry", [], |r| r.get(0))?;
    Ok(n as usize)
}

impl Dataset {
    /// Adds every registry company in the store; returns how many.
    pub fn load_registry(&mut self, conn: &Connection) -> Result<usize> {
        let companies = stored_registry(conn)?;
        let n = companies.len();
        for c in companies {
            self.add_registry(c)?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_mapping_is_valid() {
        let mut m = RegistryMapping {
            aliases: HashMap::new(),
        };
        m.extend_from_str(DEFAULT_REGISTRY_COLUMNS, "data/registry_columns.csv")
            .unwrap();
        let b = RegistryMapping::builtin();
        assert_eq!(b.field("ИНН"), Some(RegistryField::Inn));
        assert_eq!(
            b.field("Дата регистрации"),
            Some(RegistryField::Incorporated)
        );
        assert_eq!(
            b.field("incorporationDate"),
            Some(RegistryField::Incorporated)
        );
        assert_eq!(
            b.field("Генеральный директор"),
            Some(RegistryField::Director)
        );
        assert_eq!(b.field("innCode"), Some(RegistryField::Inn));
        assert_eq!(b.field("Цвет"), None);
    }
}

#[cfg(test)]
mod file_tests {
    use super::*;

    #[test]
    fn rows_errors_and_reports_name_their_lines() {
        let m = RegistryMapping::builtin();
        let ok = "Наименование;ИНН;Дата регистрации;Цвет\nООО «А»;7701000001;01.02.2023;синий\nООО «Б»;286375574;;\n";
        let f = parse_registry(ok, "r.csv", &m).unwrap();
        assert_eq!(f.companies.len(), 2);
        assert_eq!(f.companies[1].inn, "0286375574");
        assert!(
            f.warnings[0].starts_with("r.csv, line 3, field inn"),
            "{:?}",
            f.warnings
        );
        assert_eq!(f.unmapped, vec!["Цвет".to_string()]);
        assert!(f.missing.contains(&RegistryField::Phone));
        let crlf = parse_registry(&ok.replace('\n', "\r\n"), "r.csv", &m).unwrap();
        assert!(
            crlf.warnings[0].starts_with("r.csv, line 3, field inn"),
            "{:?}",
            crlf.warnings
        );
        let bad_date = "name,incorporated\nA LTD,2023-02-31\n";
        let e = parse_registry(bad_date, "r.csv", &m)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("r.csv, line 2, field incorporated"), "{e}");
        let short = "name,inn,phone\nA LTD,7701000001,1\nB LTD,7701000002\n";
        let e = parse_registry(short, "r.csv", &m).unwrap_err().to_string();
        assert!(e.starts_with("r.csv, line 3, field row"), "{e}");
        let no_name = "inn,phone\n7701000001,1\n";
        let e = parse_registry(no_name, "r.csv", &m)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no column maps to the company name"), "{e}");
    }
}
