//! FollowTheMoney JSON lines: one entity per line, `{"id", "schema", "properties", "datasets"}`.
//!
//! Chokepoint adds two keys that FtM readers ignore: `record` (the entity's own provenance) and,
//! only when some value comes from elsewhere, `sources` (a table of provenances) with
//! `source_index` (for each property, the index into `sources` of each value). Plain FtM input
//! without these keys gets the provenance the caller supplies.

use crate::entity::{Entity, Provenance};
use crate::schema::{Prop, Schema};
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::Arc;

/// A line of FtM JSON that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum FtmError {
    /// The line is not valid JSON or lacks a required field.
    #[error("{file}:{line}: field `{field}`: {message}")]
    Invalid {
        /// The file being read.
        file: String,
        /// The 1-based line number.
        line: usize,
        /// The JSON field at fault.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("{file}:{line}: cannot read: {source}")]
    Io {
        /// The file being read.
        file: String,
        /// The 1-based line number.
        line: usize,
        /// The underlying error.
        source: std::io::Error,
    },
}

fn prov_json(p: &Provenance) -> Json {
    json!({"list": p.list, "record_id": p.record_id, "published": p.published})
}

/// Serialises an entity as one line of FtM JSON (without the trailing newline).
pub fn write_ftm_line(entity: &Entity) -> String {
    let mut props = Map::new();
    let mut sources: Vec<Arc<Provenance>> = vec![Arc::clone(&entity.provenance)];
    let mut index = Map::new();
    let mut foreign = false;
    let mut datasets = vec![entity.provenance.list.clone()];
    for (prop, values) in entity.properties() {
        props.insert(
            prop.as_str().to_string(),
            Json::Array(
                values
                    .iter()
                    .map(|v| Json::String(v.value.clone()))
                    .collect(),
            ),
        );
        let mut idx = Vec::with_capacity(values.len());
        for v in values {
            let i = match sources.iter().position(|s| **s == *v.provenance) {
                Some(i) => i,
                None => {
                    sources.push(Arc::clone(&v.provenance));
                    if !datasets.contains(&v.provenance.list) {
                        datasets.push(v.provenance.list.clone());
                    }
                    sources.len() - 1
                }
            };
            foreign |= i != 0;
            idx.push(Json::from(i));
        }
        index.insert(prop.as_str().to_string(), Json::Array(idx));
    }
    let mut obj = Map::new();
    obj.insert("id".into(), Json::String(entity.id.clone()));
    obj.insert("schema".into(), Json::String(entity.schema.as_str().into()));
    obj.insert("properties".into(), Json::Object(props));
    obj.insert("datasets".into(), json!(datasets));
    obj.insert("referents".into(), json!([]));
    obj.insert("record".into(), prov_json(&entity.provenance));
    if foreign {
        obj.insert(
            "sources".into(),
            Json::Array(sources.iter().map(|p| prov_json(p)).collect()),
        );
        obj.insert("source_index".into(), Json::Object(index));
    }
    Json::Object(obj).to_string()
}

struct LineCtx<'a> {
    file: &'a str,
    line: usize,
}

impl LineCtx<'_> {
    fn err(&self, field: &str, message: impl Into<String>) -> FtmError {
        FtmError::Invalid {
            file: self.file.to_string(),
            line: self.line,
            field: field.to_string(),
            message: message.into(),
        }
    }
}

fn parse_prov(ctx: &LineCtx, field: &str, v: &Json) -> Result<Provenance, FtmError> {
    let s = |k: &str| v.get(k).and_then(Json::as_str).map(str::to_string);
    Ok(Provenance {
        list: s("list").ok_or_else(|| ctx.err(field, "missing `list`"))?,
        record_id: s("record_id").ok_or_else(|| ctx.err(field, "missing `record_id`"))?,
        published: s("published"),
    })
}

/// Parses one line of FtM JSON. `default` is the provenance given to values of plain FtM input.
/// Properties outside Chokepoint's model are skipped; their names are returned.
pub fn parse_ftm_line(
    file: &str,
    line_no: usize,
    line: &str,
    default: &Provenance,
) -> Result<(Entity, Vec<String>), FtmError> {
    let ctx = LineCtx {
        file,
        line: line_no,
    };
    let doc: Json = serde_json::from_str(line).map_err(|e| ctx.err("(json)", e.to_string()))?;
    entity_from_doc(&ctx, &doc, default)
}

/// A designation read from an FtM `Sanction` entity: the designee's id and the values that
/// belong on the designee (`program`, `listingDate`, `sourceUrl`; `startDate` stands in for a
/// missing `listingDate`), each with the Sanction record's provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanctionRecord {
    /// The Sanction entity's own id.
    pub id: String,
    /// The id of the designee (`entity`).
    pub entity_id: String,
    /// The designation's values to attach to the designee.
    pub values: Vec<(Prop, String, Arc<Provenance>)>,
}

impl SanctionRecord {
    /// Adds the designation's values to its designee (duplicates are ignored).
    pub fn attach_to(&self, designee: &mut Entity) {
        for (prop, value, prov) in &self.values {
            designee.add_sourced(*prop, value, Arc::clone(prov));
        }
    }
}

/// One line of FtM JSON: an entity of Chokepoint's model, or a `Sanction` that designates one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FtmRecord {
    /// A party, vessel, aircraft or address, with the property names outside the model that
    /// were skipped.
    Entity(Entity, Vec<String>),
    /// A designation of another entity of the file.
    Sanction(SanctionRecord),
}

/// Parses one line of FtM JSON like [`parse_ftm_line`], and also reads `Sanction` entities
/// (as [`crate::export_ftm_lines`] writes them, or as OpenSanctions publishes them).
pub fn parse_ftm_record(
    file: &str,
    line_no: usize,
    line: &str,
    default: &Provenance,
) -> Result<FtmRecord, FtmError> {
    let ctx = LineCtx {
        file,
        line: line_no,
    };
    let doc: Json = serde_json::from_str(line).map_err(|e| ctx.err("(json)", e.to_string()))?;
    if doc.get("schema").and_then(Json::as_str) != Some(crate::ftm_export::SANCTION_SCHEMA) {
        let (e, skipped) = entity_from_doc(&ctx, &doc, default)?;
        return Ok(FtmRecord::Entity(e, skipped));
    }
    let (sanction, _) = entity_from_doc_as(&ctx, &doc, default, None)?;
    let props = match doc.get("properties") {
        Some(Json::Object(m)) => m,
        _ => return Err(ctx.err("properties", "a Sanction needs `properties.entity`")),
    };
    let text = |name: &str| -> Result<Vec<String>, FtmError> {
        let Some(values) = props.get(name) else {
            return Ok(Vec::new());
        };
        let field = format!("properties.{name}");
        values
            .as_array()
            .ok_or_else(|| ctx.err(&field, "not an array"))?
            .iter()
            .map(|v| match v {
                Json::String(s) => Ok(s.clone()),
                // A designee given as a nested entity, as some exports write it.
                Json::Object(o) => o
                    .get("id")
                    .and_then(Json::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| ctx.err(&field, "a nested entity without `id`")),
                _ => Err(ctx.err(&field, "values must be strings")),
            })
            .collect()
    };
    let entity_id = text("entity")?
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .ok_or_else(|| ctx.err("properties.entity", "a Sanction must name its `entity`"))?;
    let prov = Arc::clone(&sanction.provenance);
    let mut values = Vec::new();
    for (name, prop) in [
        ("program", Prop::Program),
        ("listingDate", Prop::ListingDate),
        ("sourceUrl", Prop::SourceUrl),
    ] {
        for v in text(name)? {
            values.push((prop, v, Arc::clone(&prov)));
        }
    }
    if props.get("listingDate").is_none() {
        for v in text("startDate")? {
            values.push((Prop::ListingDate, v, Arc::clone(&prov)));
        }
    }
    Ok(FtmRecord::Sanction(SanctionRecord {
        id: sanction.id,
        entity_id: entity_id.trim().to_string(),
        values,
    }))
}

fn entity_from_doc(
    ctx: &LineCtx,
    doc: &Json,
    default: &Provenance,
) -> Result<(Entity, Vec<String>), FtmError> {
    if doc
        .get("id")
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty())
        .is_none()
    {
        return Err(ctx.err("id", "missing or not a string"));
    }
    let schema_name = doc
        .get("schema")
        .and_then(Json::as_str)
        .ok_or_else(|| ctx.err("schema", "missing or not a string"))?;
    let schema: Schema = schema_name
        .parse()
        .map_err(|e: crate::UnknownName| ctx.err("schema", e.to_string()))?;
    entity_from_doc_as(ctx, doc, default, Some(schema))
}

/// The entity of `doc` read as `schema`; `None` reads only id and provenance (for a Sanction,
/// whose schema the model does not have).
fn entity_from_doc_as(
    ctx: &LineCtx,
    doc: &Json,
    default: &Provenance,
    schema: Option<Schema>,
) -> Result<(Entity, Vec<String>), FtmError> {
    let id = doc
        .get("id")
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ctx.err("id", "missing or not a string"))?;
    let record = match doc.get("record") {
        Some(r) => parse_prov(ctx, "record", r)?,
        None => {
            let mut p = default.clone();
            if let Some(ds) = doc
                .get("datasets")
                .and_then(|d| d.get(0))
                .and_then(Json::as_str)
            {
                p.list = ds.to_string();
            }
            p.record_id = id.to_string();
            p
        }
    };
    let sources: Vec<Arc<Provenance>> = match doc.get("sources").and_then(Json::as_array) {
        Some(arr) => arr
            .iter()
            .map(|v| parse_prov(ctx, "sources", v).map(Arc::new))
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let index = doc.get("source_index").and_then(Json::as_object);
    let Some(schema) = schema else {
        return Ok((
            Entity::with_id(id.to_string(), Schema::LegalEntity, Arc::new(record)),
            Vec::new(),
        ));
    };
    let mut entity = Entity::with_id(id.to_string(), schema, Arc::new(record));
    let mut skipped = Vec::new();
    let props = match doc.get("properties") {
        None => return Ok((entity, skipped)),
        Some(Json::Object(m)) => m,
        Some(_) => return Err(ctx.err("properties", "not an object")),
    };
    let ordered: BTreeMap<&String, &Json> = props.iter().collect();
    for (name, values) in ordered {
        let Ok(prop) = name.parse::<Prop>() else {
            skipped.push(name.clone());
            continue;
        };
        let field = format!("properties.{name}");
        let arr = values
            .as_array()
            .ok_or_else(|| ctx.err(&field, "not an array"))?;
        let idx = index.and_then(|m| m.get(name)).and_then(Json::as_array);
        for (i, v) in arr.iter().enumerate() {
            let text = match v {
                Json::String(s) => s.clone(),
                Json::Number(n) => n.to_string(),
                _ => return Err(ctx.err(&field, "values must be strings")),
            };
            let prov = idx
                .and_then(|ix| ix.get(i))
                .and_then(Json::as_u64)
                .and_then(|k| usize::try_from(k).ok())
                .and_then(|k| sources.get(k))
                .cloned()
                .unwrap_or_else(|| Arc::clone(&entity.provenance));
            entity.add_sourced(prop, &text, prov);
        }
    }
    Ok((entity, skipped))
}

/// Reads FtM JSON lines from `reader`; blank lines are skipped. Each item is an entity or the
/// error of its line, so callers decide whether to stop or skip (lenient mode).
pub fn read_ftm_lines<'a, R: BufRead + 'a>(
    reader: R,
    file: &'a str,
    default: Provenance,
) -> impl Iterator<Item = Result<Entity, FtmError>> + 'a {
    reader.lines().enumerate().filter_map(move |(i, line)| {
        let line_no = i + 1;
        match line {
            Err(source) => Some(Err(FtmError::Io {
                file: file.to_string(),
                line: line_no,
                source,
            })),
            Ok(l) if l.trim().is_empty() => None,
            Ok(l) => Some(parse_ftm_line(file, line_no, &l, &default).map(|(e, _)| e)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_values_and_provenance() {
        let mut e = Entity::from_record(Schema::Company, "ofac-sdn", "306", Some("2024-05-03"));
        e.add(Prop::Name, "BANCO NACIONAL DE CUBA");
        e.add(Prop::Country, "cu");
        let other = Arc::new(Provenance::new("us-csl", "abc", Some("2022-05-16")));
        e.add_sourced(Prop::Alias, "BNC", other.clone());
        let line = write_ftm_line(&e);
        let (back, skipped) =
            parse_ftm_line("t", 1, &line, &Provenance::new("x", "y", None)).unwrap();
        assert!(skipped.is_empty());
        assert_eq!(back, e);
        assert_eq!(*back.values(Prop::Alias)[0].provenance, *other);
    }

    #[test]
    fn plain_ftm_gets_default_provenance_and_skips_unknown_props() {
        let line = r#"{"id":"NK-1","schema":"Company","properties":{"name":["Acme"],"sector":["x"]},"datasets":["opensanctions"]}"#;
        let (e, skipped) = parse_ftm_line(
            "f.json",
            3,
            line,
            &Provenance::new("ftm", "", Some("2026-01-01")),
        )
        .unwrap();
        assert_eq!(e.caption(), "Acme");
        assert_eq!(e.provenance.list, "opensanctions");
        assert_eq!(e.provenance.record_id, "NK-1");
        assert_eq!(skipped, vec!["sector".to_string()]);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let d = Provenance::new("x", "", None);
        let err = parse_ftm_line("f.json", 7, r#"{"id":"a","schema":"Vehicle"}"#, &d).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.json:7: field `schema`: unknown schema `Vehicle`"
        );
        let err = parse_ftm_line("f.json", 8, "{not json", &d).unwrap_err();
        assert!(
            err.to_string().starts_with("f.json:8: field `(json)`"),
            "{err}"
        );
        let items: Vec<_> = read_ftm_lines(
            "\n{\"id\":\"a\",\"schema\":\"Person\"}\n{}\n".as_bytes(),
            "f",
            d,
        )
        .collect();
        assert_eq!(items.len(), 2);
        assert!(items[0].is_ok());
        assert!(items[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("f:3: field `id`"));
    }
}
