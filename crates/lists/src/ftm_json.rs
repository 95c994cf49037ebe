//! FollowTheMoney JSON lines (one entity per line), as exported by OpenSanctions or by
//! Chokepoint itself, optionally gzip-compressed (detected by the magic bytes).
//!
//! Each line goes through [`chokepoint_model::parse_ftm_record`] (entity lines as
//! [`chokepoint_model::parse_ftm_line`] reads them); this reader owns the file name so the
//! stream can outlive the caller. Plain FtM lines get the provenance `{first dataset or the source's
//! list, entity id, the source's date}`; Chokepoint's own lines keep the provenance they carry.
//! A line that is not valid JSON, lacks `id` or `schema`, names an unknown schema or is not
//! UTF-8 is a [`ListError::Record`] located by line and field; blank lines are skipped.
//!
//! `Sanction` entities (FtM's designations, as `chokepoint lists export` and OpenSanctions
//! write them) are not entities of their own here: their programme, listing date and source
//! URL are added to the designee they name (`entity`). The file is therefore read twice: once
//! for the Sanction lines, wherever they stand, then for the entities. A Sanction whose
//! designee the file does not hold is a record error at its line.

use crate::input::{first_file, open_input};
use crate::{EntityStream, ListError, Source};
use chokepoint_model::{parse_ftm_record, Entity, FtmError, FtmRecord, Provenance, SanctionRecord};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;

/// Opens an FtM JSON lines file as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    let path = first_file(source, "an FtM source without a file")?;
    let reader = open_input(&path)?;
    let default = Provenance::new(&source.list, "", source.published.as_deref());
    let name = path.display().to_string();
    let sanctions = read_sanctions(open_input(&path)?, &name, &default);
    Ok(Box::new(FtmLines {
        reader,
        name,
        path,
        default,
        line: 0,
        buf: Vec::new(),
        done: false,
        sanctions,
        orphans: Vec::new(),
    }))
}

/// The first pass: every readable Sanction line, by the id of its designee, with its line
/// number. Unreadable lines are left to the second pass, which reports them.
fn read_sanctions(
    mut reader: Box<dyn BufRead>,
    name: &str,
    default: &Provenance,
) -> BTreeMap<String, Vec<(usize, SanctionRecord)>> {
    let mut out: BTreeMap<String, Vec<(usize, SanctionRecord)>> = BTreeMap::new();
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => line += 1,
        }
        let Ok(text) = std::str::from_utf8(&buf) else {
            continue;
        };
        if !text.contains("\"Sanction\"") {
            continue;
        }
        if let Ok(FtmRecord::Sanction(s)) = parse_ftm_record(name, line, text.trim(), default) {
            out.entry(s.entity_id.clone()).or_default().push((line, s));
        }
    }
    out
}

struct FtmLines {
    reader: Box<dyn BufRead>,
    path: PathBuf,
    name: String,
    default: Provenance,
    line: usize,
    buf: Vec<u8>,
    done: bool,
    /// Sanctions not yet attached to their designee, by designee id.
    sanctions: BTreeMap<String, Vec<(usize, SanctionRecord)>>,
    /// Sanctions whose designee the file does not hold, reported after the last line.
    orphans: Vec<(usize, SanctionRecord)>,
}

impl FtmLines {
    fn record(&self, field: &str, message: String) -> ListError {
        ListError::at_line(&self.path, self.line as u64, field, message)
    }
}

impl Iterator for FtmLines {
    type Item = Result<Entity, ListError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let text = match std::str::from_utf8(&self.buf) {
                        Ok(text) => text.trim(),
                        Err(e) => {
                            let message = format!(
                                "invalid UTF-8 at byte {} of the line",
                                e.valid_up_to() + 1
                            );
                            return Some(Err(self.record("(utf-8)", message)));
                        }
                    };
                    if text.is_empty() {
                        continue;
                    }
                    return Some(
                        match parse_ftm_record(&self.name, self.line, text, &self.default) {
                            Ok(FtmRecord::Entity(mut entity, _skipped)) => {
                                for (_, s) in self.sanctions.remove(&entity.id).unwrap_or_default()
                                {
                                    s.attach_to(&mut entity);
                                }
                                Ok(entity)
                            }
                            Ok(FtmRecord::Sanction(_)) => continue,
                            Err(FtmError::Invalid { field, message, .. }) => {
                                Err(self.record(&field, message))
                            }
                            Err(FtmError::Io { source, .. }) => Err(ListError::Io {
                                file: self.path.clone(),
                                source,
                            }),
                        },
                    );
                }
                Err(source) => {
                    self.done = true;
                    if let Some(long) = crate::input::LineTooLong::in_error(&source) {
                        return Some(Err(long.to_list_error(&self.path)));
                    }
                    return Some(Err(ListError::Fatal {
                        file: self.path.clone(),
                        location: format!("line {}", self.line + 1),
                        message: format!("cannot read on: {source}"),
                    }));
                }
            }
        }
        if self.orphans.is_empty() && !self.sanctions.is_empty() {
            let mut all: Vec<(usize, SanctionRecord)> = std::mem::take(&mut self.sanctions)
                .into_values()
                .flatten()
                .collect();
            all.sort_by_key(|(line, _)| std::cmp::Reverse(*line));
            self.orphans = all;
        }
        let (line, s) = self.orphans.pop()?;
        Some(Err(ListError::at_line(
            &self.path,
            line as u64,
            "properties.entity",
            format!(
                "Sanction `{}` designates `{}`, which the file does not hold",
                s.id, s.entity_id
            ),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use chokepoint_model::{write_ftm_line, Prop, Schema};
    use std::fs::File;
    use std::io::Write;

    #[test]
    fn lines_become_entities_and_bad_lines_are_recoverable() {
        let dir = tempfile::tempdir().unwrap();
        let mut own = Entity::from_record(Schema::Company, "ofac-sdn", "306", Some("2024-05-03"));
        own.add(Prop::Name, "BANCO NACIONAL DE CUBA");
        let text = format!(
            "{}\n\n{}\n{{\"id\":\"x\",\"schema\":\"Vehicle\"}}\n{{broken\n",
            write_ftm_line(&own),
            r#"{"id":"NK-1","schema":"Person","properties":{"name":["Ivan Petrov"]},"datasets":["opensanctions"]}"#,
        );
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"{\"id\":\"\xff\"}\n");
        let path = dir.path().join("x.ftm.json");
        std::fs::write(&path, &bytes).unwrap();
        let source = Source {
            format: Format::FtmJson,
            list: "ftm".into(),
            published: Some("2026-01".into()),
            files: vec![path],
        };
        let items: Vec<_> = open(&source).unwrap().collect();
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].as_ref().unwrap(), &own);
        let plain = items[1].as_ref().unwrap();
        assert_eq!(plain.provenance.list, "opensanctions");
        assert_eq!(plain.provenance.record_id, "NK-1");
        assert_eq!(plain.provenance.published.as_deref(), Some("2026-01"));
        let schema = items[2].as_ref().unwrap_err();
        assert!(schema.is_recoverable());
        assert!(
            schema
                .to_string()
                .ends_with(":line 4: field `schema`: unknown schema `Vehicle`"),
            "{schema}"
        );
        assert!(items[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains(":line 5: field `(json)`"));
        assert!(items[4]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains(":line 6: field `(utf-8)`"));
    }

    #[test]
    fn sanctions_are_attached_to_their_designee_wherever_they_stand() {
        use chokepoint_model::{export_ftm_lines, ExportStats};
        let dir = tempfile::tempdir().unwrap();
        let mut own = Entity::from_record(Schema::Company, "un-sc", "KPe.001", Some("2026-02"));
        own.add(Prop::Name, "KOREA MINING DEVELOPMENT TRADING CORPORATION");
        own.add(Prop::Program, "DPRK");
        own.add(Prop::ListingDate, "2009-04-24");
        let exported = export_ftm_lines(&own, &mut ExportStats::default());
        assert_eq!(exported.len(), 2);
        let text = format!(
            "{}\n{}\n{}\n{}\n{}\n",
            r#"{"id":"os-s1","schema":"Sanction","properties":{"entity":["NK-1"],"program":["EU-RUS"],"startDate":["2022-03-15"]},"datasets":["opensanctions"]}"#,
            exported[0],
            exported[1],
            r#"{"id":"NK-1","schema":"Person","properties":{"name":["Ivan Petrov"]},"datasets":["opensanctions"]}"#,
            r#"{"id":"os-s2","schema":"Sanction","properties":{"entity":["NK-404"]}}"#,
        );
        let path = dir.path().join("x.ftm.json");
        std::fs::write(&path, text).unwrap();
        let source = Source {
            format: Format::FtmJson,
            list: "ftm".into(),
            published: None,
            files: vec![path],
        };
        let items: Vec<_> = open(&source).unwrap().collect();
        assert_eq!(items.len(), 3, "two designees and one orphan Sanction");
        assert_eq!(
            items[0].as_ref().unwrap(),
            &own,
            "the export reads back as stored"
        );
        let petrov = items[1].as_ref().unwrap();
        assert_eq!(petrov.first(Prop::Program), Some("EU-RUS"));
        assert_eq!(petrov.first(Prop::ListingDate), Some("2022-03-15"));
        let orphan = items[2].as_ref().unwrap_err();
        assert!(orphan.is_recoverable());
        assert!(
            orphan.to_string().contains(
                ":line 5: field `properties.entity`: Sanction `os-s2` designates `NK-404`"
            ),
            "{orphan}"
        );
    }

    #[test]
    fn gzip_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json.gz");
        let mut enc = flate2::write::GzEncoder::new(
            File::create(&path).unwrap(),
            flate2::Compression::default(),
        );
        enc.write_all(b"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n")
            .unwrap();
        enc.finish().unwrap();
        let source = Source {
            format: Format::FtmJson,
            list: "ftm".into(),
            published: None,
            files: vec![path],
        };
        let items: Vec<_> = open(&source).unwrap().map(|e| e.unwrap()).collect();
        assert_eq!(items[0].caption(), "A");
        assert_eq!(items[0].provenance.list, "ftm");
    }
}
