//! The company registry file (`companies.csv`: `id`, `name`, `country`, and optionally
//! `innCode`, `incorporationDate`, `address`, `director`, `phone`, `role`, `designated`) as
//! [`RegistryCompany`] values — what `network trace`, `network resolve` and the demo read.

use crate::data::RegistryCompany;
use crate::error::{NetworkError, Result};
use chokepoint_trade::Date;
use std::path::Path;

fn bad(what: &'static str, value: impl Into<String>) -> NetworkError {
    NetworkError::Invalid {
        what,
        value: value.into(),
    }
}

/// Reads the generator's `companies.csv`.
pub fn read_companies(path: &Path) -> Result<Vec<(RegistryCompany, String)>> {
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_path(path)
        .map_err(|e| bad("companies file", format!("{}: {e}", path.display())))?;
    let headers = rdr
        .headers()
        .map_err(|e| bad("companies header", e.to_string()))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(id), Some(name), Some(country)) = (col("id"), col("name"), col("country")) else {
        return Err(bad(
            "companies header",
            headers.iter().collect::<Vec<_>>().join(","),
        ));
    };
    let (inn, inc, addr, dir, phone, role, des) = (
        col("innCode"),
        col("incorporationDate"),
        col("address"),
        col("director"),
        col("phone"),
        col("role"),
        col("designated"),
    );
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row.map_err(|e| bad("companies row", e.to_string()))?;
        let get = |c: Option<usize>| c.and_then(|i| row.get(i)).unwrap_or("").trim().to_string();
        let r = get(role);
        let director = get(dir);
        let ph = get(phone);
        out.push((
            RegistryCompany {
                id: get(Some(id)),
                name: get(Some(name)),
                country: get(Some(country)),
                inn: get(inn),
                incorporated: Date::parse(&get(inc)),
                address: get(addr),
                directors: if director.is_empty() {
                    vec![]
                } else {
                    vec![director]
                },
                phones: if ph.is_empty() { vec![] } else { vec![ph] },
                owners: Vec::new(),
                defence: r == "end_user",
                designated: Date::parse(&get(des)),
            },
            r,
        ));
    }
    Ok(out)
}
