//! Query-string parameters as yente reads them: repeated keys (`include_dataset=a&include_dataset=b`)
//! collect into lists, and a parameter an endpoint does not know is refused with a 400 that names
//! it, so that no filter is ever silently ignored.

use crate::error::ApiError;
use std::collections::BTreeMap;

/// Parameters that may be given more than once (their values collect into a list); any other
/// parameter given twice is refused.
const MULTI: &[&str] = &[
    "include_dataset",
    "exclude_dataset",
    "exclude_schema",
    "exclude_entity_ids",
    "countries",
    "datasets",
    "facets",
];

/// The parameters of one request, each with every value given.
#[derive(Debug, Default)]
pub struct Params {
    values: BTreeMap<String, Vec<String>>,
}

impl Params {
    /// Parses a raw query string; `known` are the parameters the endpoint applies, `refused`
    /// those it documents as unsupported (refused with a sentence saying so). `api_key` (read by
    /// the key check) is always allowed.
    pub fn parse(
        raw: Option<&str>,
        known: &[&str],
        refused: &[(&str, &str)],
    ) -> Result<Params, ApiError> {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let k = k.into_owned();
            if k == "api_key" {
                continue;
            }
            if let Some((_, why)) = refused.iter().find(|(name, _)| *name == k) {
                return Err(ApiError::bad_request(format!(
                    "bad query string: parameter `{k}` is not supported: {why}"
                )));
            }
            if !known.contains(&k.as_str()) {
                let takes = if known.is_empty() {
                    "no parameter".to_string()
                } else {
                    known.join(", ")
                };
                return Err(ApiError::bad_request(format!(
                    "bad query string: unknown parameter `{k}`; this endpoint takes {takes}"
                )));
            }
            let list = values.entry(k.clone()).or_default();
            if !list.is_empty() && !MULTI.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "bad query string: parameter `{k}` given more than once"
                )));
            }
            list.push(v.into_owned());
        }
        Ok(Params { values })
    }

    /// Every value of `key` (empty values left out).
    pub fn all(&self, key: &str) -> Vec<String> {
        self.values
            .get(key)
            .map(|v| v.iter().filter(|s| !s.is_empty()).cloned().collect())
            .unwrap_or_default()
    }

    /// The last value of `key`, if any.
    pub fn one(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    /// `key` parsed as a number, or a 400 naming it.
    pub fn number<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>, ApiError> {
        match self.one(key) {
            None => Ok(None),
            Some(s) => s.trim().parse().map(Some).map_err(|_| {
                ApiError::bad_request(format!(
                    "bad query string: parameter `{key}`: `{s}` is not a valid number"
                ))
            }),
        }
    }
}

/// A `changed_since` value: an ISO 8601 date or date-time, compared on its date part
/// (`2024-05-03` from `2024-05-03T10:00:00`); a 400 when it is not one.
pub fn iso_date(key: &str, s: &str) -> Result<String, ApiError> {
    let d: String = s.trim().chars().take(10).collect();
    let b = d.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if ok {
        Ok(d)
    } else {
        Err(ApiError::bad_request(format!(
            "bad query string: parameter `{key}`: `{s}` is not an ISO 8601 date (YYYY-MM-DD or a date-time)"
        )))
    }
}
