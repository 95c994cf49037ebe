//! A company registry (as the generator writes it, and as analysts assemble from EGRUL, the
//! Hong Kong Companies Registry and the like): id, name, country, INN, incorporation date,
//! address, director, phone, designation date.

use crate::date::Date;
use crate::error::{Result, TradeError};
use crate::mapping::header_key;
use std::path::Path;

/// One registered company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryEntry {
    /// Registry id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Country (ISO alpha-2).
    pub country: String,
    /// Russian INN, if any.
    pub inn: String,
    /// Incorporation date, if known.
    pub incorporated: Option<Date>,
    /// Registered address.
    pub address: String,
    /// Director.
    pub director: String,
    /// Phone.
    pub phone: String,
    /// Date of designation (sanctions), if designated.
    pub designated: Option<Date>,
}

/// Reads a registry CSV with columns `id,name,country,innCode,incorporationDate,address,
/// director,phone,designated` (any order; other columns ignored; `#` comment lines).
pub fn read_companies(path: &Path) -> Result<Vec<RegistryEntry>> {
    let file = std::fs::File::open(path).map_err(|e| TradeError::io(path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let headers: Vec<String> = reader.headers()?.iter().map(header_key).collect();
    let col = |k: &str| headers.iter().position(|h| h == k);
    let (id, name, country, inn, inc, address, director, phone, designated) = (
        col("id"),
        col("name"),
        col("country"),
        col("inncode"),
        col("incorporationdate"),
        col("address"),
        col("director"),
        col("phone"),
        col("designated"),
    );
    let name_str = path.display().to_string();
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row?;
        let line = row.position().map_or(0, |p| p.line());
        let get = |c: Option<usize>| c.and_then(|i| row.get(i)).unwrap_or("").trim().to_string();
        let date = |c: Option<usize>, field: &str| -> Result<Option<Date>> {
            let v = get(c);
            if v.is_empty() {
                return Ok(None);
            }
            Date::parse(&v).map(Some).ok_or_else(|| TradeError::Row {
                file: name_str.clone(),
                line,
                field: field.into(),
                message: format!("bad date `{v}`"),
            })
        };
        out.push(RegistryEntry {
            id: get(id),
            name: get(name),
            country: get(country),
            inn: get(inn),
            incorporated: date(inc, "incorporationDate")?,
            address: get(address),
            director: get(director),
            phone: get(phone),
            designated: date(designated, "designated")?,
        });
    }
    Ok(out)
}
