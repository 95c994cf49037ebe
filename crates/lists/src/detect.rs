//! Which reader a file needs, and how files group into one list publication.

use crate::ListError;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A list file format Chokepoint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// OFAC SDN legacy CSV set: sdn.csv with optional add.csv, alt.csv, sdn_comments.csv.
    OfacSdnCsv,
    /// OFAC non-SDN consolidated legacy CSV set: cons_prim.csv with cons_add/alt/comments.csv.
    OfacConsCsv,
    /// OFAC XML in the sdn.xml / consolidated.xml schema (either namespace).
    OfacXml,
    /// UN Security Council consolidated list XML.
    UnXml,
    /// trade.gov Consolidated Screening List CSV (optionally gzip-compressed).
    UsCsl,
    /// BIS Denied Persons List, tab-separated text.
    BisDpl,
    /// EU Financial Sanctions Files consolidated XML.
    EuFsf,
    /// UK OFSI consolidated list CSV.
    UkOfsi,
    /// FollowTheMoney JSON lines.
    FtmJson,
    /// EU sanctions annexes from the Official Journal in OpenSanctions' CSV layout (one file
    /// per act: Regulation 833/2014, 269/2014, 765/2006, …).
    EuAnnex,
    /// The US Section 1260H list of Chinese military companies, OpenSanctions' CSV layout.
    Us1260h,
    /// An analyst's own list of defence end users (`name,country,inn,ogrn,aliases,reason`).
    EndUsers,
}

impl Format {
    /// Every format, for `--format` help text.
    pub const ALL: &'static [Format] = &[
        Format::OfacSdnCsv,
        Format::OfacConsCsv,
        Format::OfacXml,
        Format::UnXml,
        Format::UsCsl,
        Format::BisDpl,
        Format::EuFsf,
        Format::UkOfsi,
        Format::FtmJson,
        Format::EuAnnex,
        Format::Us1260h,
        Format::EndUsers,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::OfacSdnCsv => "ofac-sdn-csv",
            Format::OfacConsCsv => "ofac-cons-csv",
            Format::OfacXml => "ofac-xml",
            Format::UnXml => "un-xml",
            Format::UsCsl => "us-csl",
            Format::BisDpl => "bis-dpl",
            Format::EuFsf => "eu-fsf",
            Format::UkOfsi => "uk-ofsi",
            Format::FtmJson => "ftm-json",
            Format::EuAnnex => "eu-annex",
            Format::Us1260h => "us-1260h",
            Format::EndUsers => "end-users",
        }
    }

    /// Parses a command-line format name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name() == name)
    }
}

/// One list publication to import: its format, list id, date and files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// How to read it.
    pub format: Format,
    /// The list id entity ids start with: `ofac-sdn`, `ofac-cons`, `un`, `us-csl`, `us-dpl`,
    /// `eu-fsf`, `uk-ofsi`, `us-1260h`, an EU act's (`eu-833-2014`), or the dataset of an FtM
    /// file.
    pub list: String,
    /// Publication date (ISO 8601, possibly partial) from the file itself, else from a
    /// `YYYY-MM(-DD)` in the path, else `None`. Readers may refine it from file content.
    pub published: Option<String>,
    /// The files, main file first (for OFAC CSV sets: sdn.csv, then add, alt, comments).
    pub files: Vec<PathBuf>,
}

/// Groups `paths` into sources. With `format`, every path is read in that format (OFAC CSV
/// parts still group into one set); without it the format is detected from file names and
/// the first bytes of each file.
///
/// OFAC legacy CSV parts group by kind: every SDN part (`sdn.csv`, `add.csv`, `alt.csv`,
/// `sdn_comments.csv`) named in one call joins the one `sdn.csv`, even from another
/// directory; with several `sdn.csv`, an auxiliary file joins the one in its own directory.
/// An auxiliary file without a primary, or two auxiliary files of one part, is
/// [`ListError::Unrecognised`]. The publication date comes from a `YYYY-MM(-DD)` in the main
/// file's path (the last one, so a file name wins over its directory).
pub fn plan(paths: &[PathBuf], format: Option<Format>) -> Result<Vec<Source>, ListError> {
    let mut sources: Vec<Source> = Vec::new();
    let mut aux: Vec<(Format, Part, &PathBuf)> = Vec::new();
    for path in paths {
        match classify(path, format)? {
            Kind::Whole(format, list) => sources.push(Source {
                format,
                list,
                published: date_in_path(path),
                files: vec![path.clone()],
            }),
            Kind::Part(format, Part::Primary) => sources.push(Source {
                format,
                list: csv_list(format).to_string(),
                published: date_in_path(path),
                files: vec![path.clone()],
            }),
            Kind::Part(format, part) => aux.push((format, part, path)),
        }
    }
    let mut parts: Vec<Vec<(Part, PathBuf)>> = vec![Vec::new(); sources.len()];
    for (format, part, path) in aux {
        let candidates: Vec<usize> = (0..sources.len())
            .filter(|i| sources[*i].format == format)
            .collect();
        let target = match candidates.as_slice() {
            [] => {
                return Err(unrecognised(
                    path,
                    format!(
                        "{} has no primary file: pass {} too",
                        part.describe(),
                        primary_name(format)
                    ),
                ))
            }
            [one] => *one,
            many => many
                .iter()
                .copied()
                .find(|i| sources[*i].files[0].parent() == path.parent())
                .ok_or_else(|| {
                    unrecognised(
                        path,
                        format!(
                            "several {} given and none in this file's directory",
                            primary_name(format)
                        ),
                    )
                })?,
        };
        if let Some((_, other)) = parts[target].iter().find(|(p, _)| *p == part) {
            return Err(unrecognised(
                path,
                format!(
                    "a second {} for one list (the first is {})",
                    part.describe(),
                    other.display()
                ),
            ));
        }
        parts[target].push((part, path.clone()));
    }
    for (source, mut extra) in sources.iter_mut().zip(parts) {
        extra.sort_by_key(|(part, _)| *part);
        source.files.extend(extra.into_iter().map(|(_, p)| p));
    }
    Ok(sources)
}

/// One part of an OFAC legacy CSV set, in the order the set's files are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Part {
    /// sdn.csv / cons_prim.csv: one row per entry.
    Primary,
    /// add.csv / cons_add.csv: addresses.
    Add,
    /// alt.csv / cons_alt.csv: alternative names.
    Alt,
    /// sdn_comments.csv / cons_comments.csv: overflow of the remarks field.
    Comments,
}

impl Part {
    fn describe(self) -> &'static str {
        match self {
            Part::Primary => "the primary file",
            Part::Add => "an address file (add.csv)",
            Part::Alt => "an alias file (alt.csv)",
            Part::Comments => "a comments file (sdn_comments.csv)",
        }
    }

    /// The part a legacy CSV file with `columns` columns holds.
    pub(crate) fn from_columns(columns: usize) -> Option<Part> {
        match columns {
            12 => Some(Part::Primary),
            6 => Some(Part::Add),
            5 => Some(Part::Alt),
            2 => Some(Part::Comments),
            _ => None,
        }
    }

    /// The set and part an OFAC legacy CSV file name stands for.
    pub(crate) fn from_file_name(path: &Path) -> Option<(Format, Part)> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        Some(match name.as_str() {
            "sdn.csv" => (Format::OfacSdnCsv, Part::Primary),
            "add.csv" => (Format::OfacSdnCsv, Part::Add),
            "alt.csv" => (Format::OfacSdnCsv, Part::Alt),
            "sdn_comments.csv" => (Format::OfacSdnCsv, Part::Comments),
            "cons_prim.csv" => (Format::OfacConsCsv, Part::Primary),
            "cons_add.csv" => (Format::OfacConsCsv, Part::Add),
            "cons_alt.csv" => (Format::OfacConsCsv, Part::Alt),
            "cons_comments.csv" => (Format::OfacConsCsv, Part::Comments),
            _ => return None,
        })
    }
}

enum Kind {
    /// A file that is a source on its own, with its list id.
    Whole(Format, String),
    /// A part of an OFAC legacy CSV set.
    Part(Format, Part),
}

fn csv_list(format: Format) -> &'static str {
    if format == Format::OfacConsCsv {
        "ofac-cons"
    } else {
        "ofac-sdn"
    }
}

fn primary_name(format: Format) -> &'static str {
    if format == Format::OfacConsCsv {
        "cons_prim.csv"
    } else {
        "sdn.csv"
    }
}

fn unrecognised(path: &Path, message: impl Into<String>) -> ListError {
    ListError::Unrecognised {
        file: path.to_path_buf(),
        message: message.into(),
    }
}

fn name_says_consolidated(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().contains("cons"))
}

fn classify(path: &Path, format: Option<Format>) -> Result<Kind, ListError> {
    if let Some(format) = format {
        return classify_as(path, format);
    }
    if let Some((format, part)) = Part::from_file_name(path) {
        return Ok(Kind::Part(format, part));
    }
    let head = read_head(path)?;
    sniff(path, &head)
}

/// Places a file whose format the caller named.
fn classify_as(path: &Path, format: Format) -> Result<Kind, ListError> {
    let whole = |list: &str| Ok(Kind::Whole(format, list.to_string()));
    match format {
        Format::OfacSdnCsv | Format::OfacConsCsv => {
            if let Some((_, part)) = Part::from_file_name(path) {
                return Ok(Kind::Part(format, part));
            }
            let head = read_head(path)?;
            let part = first_line(&head)
                .and_then(legacy_columns)
                .and_then(Part::from_columns);
            Ok(Kind::Part(format, part.unwrap_or(Part::Primary)))
        }
        Format::OfacXml if name_says_consolidated(path) => whole("ofac-cons"),
        Format::OfacXml => whole("ofac-sdn"),
        Format::UnXml => whole("un"),
        Format::UsCsl => whole("us-csl"),
        Format::BisDpl => whole("us-dpl"),
        Format::EuFsf => whole("eu-fsf"),
        Format::UkOfsi => whole("uk-ofsi"),
        Format::FtmJson => {
            let head = read_head(path)?;
            whole(&ftm_dataset(&head).unwrap_or_else(|| "ftm".to_string()))
        }
        Format::EuAnnex => {
            let head = read_head(path)?;
            let mut lines = head.lines();
            let list = lines
                .next()
                .zip(lines.next())
                .and_then(|(h, r)| crate::eu_annex::list_from_head(h, r))
                .unwrap_or_else(|| crate::eu_annex::LIST.to_string());
            whole(&list)
        }
        Format::Us1260h => whole(crate::us_1260h::LIST),
        Format::EndUsers => whole(crate::end_user_csv::LIST),
    }
}

/// Detects the format from the first bytes of a file.
fn sniff(path: &Path, head: &str) -> Result<Kind, ListError> {
    let whole = |format: Format, list: &str| Ok(Kind::Whole(format, list.to_string()));
    let text = head.trim_start();
    if text.starts_with('<') {
        let root = xml_root(text).unwrap_or_default();
        let local = root.rsplit(':').next().unwrap_or_default();
        return match local {
            "sdnList" if name_says_consolidated(path) => whole(Format::OfacXml, "ofac-cons"),
            "sdnList" => whole(Format::OfacXml, "ofac-sdn"),
            "CONSOLIDATED_LIST" => whole(Format::UnXml, "un"),
            "export" if text.contains("fsd/export") || text.contains("sanctionEntity") => {
                whole(Format::EuFsf, "eu-fsf")
            }
            _ => Err(unrecognised(
                path,
                format!("XML with root element <{root}> is not a list format Chokepoint reads"),
            )),
        };
    }
    if text.starts_with('{') {
        return match ftm_dataset(text) {
            Some(list) => whole(Format::FtmJson, &list),
            None if first_line(text).is_some_and(is_ftm_line) => whole(Format::FtmJson, "ftm"),
            None => Err(unrecognised(
                path,
                "JSON whose first line is not a FollowTheMoney entity (no \"schema\")",
            )),
        };
    }
    let mut lines = text.lines();
    let line1 = lines.next().unwrap_or_default();
    if line1.starts_with("_id,source,entity_number") {
        return whole(Format::UsCsl, "us-csl");
    }
    if line1.starts_with("\"Name\"\t\"Street_Address\"")
        || line1.starts_with("Name\tStreet_Address")
    {
        return whole(Format::BisDpl, "us-dpl");
    }
    if line1.starts_with(crate::eu_annex::CONSOLIDATED_HEADER)
        || line1.starts_with(crate::eu_annex::AMENDMENT_HEADER)
    {
        let list = lines
            .next()
            .and_then(|row| crate::eu_annex::list_from_head(line1, row))
            .unwrap_or_else(|| crate::eu_annex::LIST.to_string());
        return whole(Format::EuAnnex, &list);
    }
    if line1.starts_with(crate::us_1260h::HEADER) {
        return whole(Format::Us1260h, crate::us_1260h::LIST);
    }
    if crate::end_user_csv::is_end_user_header(line1) {
        return whole(Format::EndUsers, crate::end_user_csv::LIST);
    }
    if line1.starts_with("Last Updated,") {
        let line2 = lines.next().unwrap_or_default();
        if line2.contains("Group ID") || line2.contains("Name 6") {
            return whole(Format::UkOfsi, "uk-ofsi");
        }
    }
    if let Some(part) = legacy_columns(line1).and_then(Part::from_columns) {
        let format = if name_says_consolidated(path) {
            Format::OfacConsCsv
        } else {
            Format::OfacSdnCsv
        };
        return Ok(Kind::Part(format, part));
    }
    Err(unrecognised(
        path,
        "not a list format Chokepoint reads (pass --format to force one)",
    ))
}

/// The number of columns of a line of OFAC legacy CSV (`123,"NAME",-0- ,...`), or `None`
/// when the line does not start with an entry number.
fn legacy_columns(line: &str) -> Option<usize> {
    let (num, _) = line.split_once(',')?;
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut columns = 1;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => columns += 1,
            _ => {}
        }
    }
    Some(columns)
}

fn first_line(text: &str) -> Option<&str> {
    text.lines().find(|l| !l.trim().is_empty())
}

fn is_ftm_line(line: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(line)
        .is_ok_and(|v| v.get("schema").is_some_and(|s| s.is_string()))
}

/// The first `datasets` entry of the first line of an FtM JSON file.
fn ftm_dataset(head: &str) -> Option<String> {
    let line = first_line(head)?;
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value.get("schema")?.as_str()?;
    Some(value.get("datasets")?.get(0)?.as_str()?.to_string())
}

/// The name of the first element of an XML document, skipping the declaration, comments,
/// processing instructions and the doctype.
fn xml_root(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<!") {
            rest = &after[after.find('>')? + 1..];
        } else {
            let after = rest.strip_prefix('<')?;
            let end = after
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(after.len());
            return Some(&after[..end]);
        }
    }
}

/// The first kilobytes of a file as text (gunzipped when the file starts with the gzip magic
/// bytes, without a UTF-8 byte-order mark, invalid bytes replaced).
fn read_head(path: &Path) -> Result<String, ListError> {
    const HEAD: u64 = 16 * 1024;
    let io = |source| ListError::Io {
        file: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    (&mut file).take(HEAD).read_to_end(&mut bytes).map_err(io)?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut plain = Vec::new();
        let decoder = flate2::read::MultiGzDecoder::new(File::open(path).map_err(io)?);
        // A truncated read is fine here: only the first lines are looked at.
        let _ = decoder.take(HEAD).read_to_end(&mut plain);
        bytes = plain;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// The last `YYYY-MM` or `YYYY-MM-DD` in a path (years 1900–2099, valid months and days).
pub(crate) fn date_in_path(path: &Path) -> Option<String> {
    let text = path.to_string_lossy();
    let b = text.as_bytes();
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let number = |from: usize, n: usize| -> Option<u32> {
        let s = text.get(from..from + n)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let mut found = None;
    for i in 0..b.len() {
        if (i > 0 && digit_at(i - 1)) || b.get(i + 4) != Some(&b'-') || digit_at(i + 7) {
            continue;
        }
        let (Some(year), Some(month)) = (number(i, 4), number(i + 5, 2)) else {
            continue;
        };
        if !(1900..2100).contains(&year) || !(1..=12).contains(&month) {
            continue;
        }
        let day = match b.get(i + 7) {
            Some(b'-') if !digit_at(i + 10) => number(i + 8, 2).filter(|d| (1..=31).contains(d)),
            _ => None,
        };
        found = Some(match day {
            Some(day) => format!("{year:04}-{month:02}-{day:02}"),
            None => format!("{year:04}-{month:02}"),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let path = dir.join(name);
        let mut f = File::create(&path).unwrap();
        f.write_all(content).unwrap();
        path
    }

    #[test]
    fn dates_come_from_the_path() {
        assert_eq!(
            date_in_path(Path::new("ofac/sdn_2024-05/sdn.csv")).as_deref(),
            Some("2024-05")
        );
        assert_eq!(
            date_in_path(Path::new("x/2021-07/list_2021-07-07.csv")).as_deref(),
            Some("2021-07-07")
        );
        assert_eq!(
            date_in_path(Path::new("un/consolidated_2026-02.xml")).as_deref(),
            Some("2026-02")
        );
        assert_eq!(date_in_path(Path::new("a/12024-05/b")), None);
        assert_eq!(date_in_path(Path::new("a/2024-13/b")), None);
        assert_eq!(date_in_path(Path::new("sdn.csv")), None);
    }

    #[test]
    fn legacy_parts_group_across_directories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sdn_2024-05")).unwrap();
        std::fs::create_dir(dir.path().join("sdn_aux_2025-12")).unwrap();
        let sdn = write(
            &dir.path().join("sdn_2024-05"),
            "sdn.csv",
            b"1,\"A\",-0- \r\n",
        );
        let add = write(&dir.path().join("sdn_aux_2025-12"), "add.csv", b"");
        let alt = write(&dir.path().join("sdn_aux_2025-12"), "alt.csv", b"");
        let com = write(&dir.path().join("sdn_aux_2025-12"), "sdn_comments.csv", b"");
        let sources = plan(&[com.clone(), alt.clone(), sdn.clone(), add.clone()], None).unwrap();
        assert_eq!(sources.len(), 1);
        assert_eq!(sources[0].format, Format::OfacSdnCsv);
        assert_eq!(sources[0].list, "ofac-sdn");
        assert_eq!(sources[0].published.as_deref(), Some("2024-05"));
        assert_eq!(sources[0].files, vec![sdn, add, alt, com]);
    }

    #[test]
    fn aux_without_primary_is_unrecognised() {
        let dir = tempfile::tempdir().unwrap();
        let add = write(dir.path(), "cons_add.csv", b"");
        let err = plan(&[add], None).unwrap_err();
        assert!(matches!(err, ListError::Unrecognised { .. }));
        assert!(err.to_string().contains("cons_add.csv"), "{err}");
        assert!(err.to_string().contains("cons_prim.csv"), "{err}");
    }

    #[test]
    fn duplicate_parts_and_ambiguous_sets_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["a", "b"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
        }
        let sdn_a = write(&dir.path().join("a"), "sdn.csv", b"");
        let add_a = write(&dir.path().join("a"), "add.csv", b"");
        let add_b = write(&dir.path().join("b"), "add.csv", b"");
        let sdn_b = write(&dir.path().join("b"), "sdn.csv", b"");
        assert!(plan(&[sdn_a.clone(), add_a.clone(), add_b.clone()], None).is_err());
        let two = plan(
            &[sdn_a.clone(), add_b.clone(), sdn_b.clone(), add_a.clone()],
            None,
        )
        .unwrap();
        assert_eq!(two.len(), 2);
        assert_eq!(two[0].files, vec![sdn_a, add_a]);
        assert_eq!(two[1].files, vec![sdn_b, add_b]);
    }

    #[test]
    fn formats_are_sniffed_from_content() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let cases: Vec<(PathBuf, Format, &str)> = vec![
            (write(d, "list.xml", b"<?xml version=\"1.0\"?>\n<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\">"), Format::OfacXml, "ofac-sdn"),
            (write(d, "consolidated.xml", b"<sdnList>"), Format::OfacXml, "ofac-cons"),
            (write(d, "un.xml", b"\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><CONSOLIDATED_LIST dateGenerated=\"x\">"), Format::UnXml, "un"),
            (write(d, "eu.xml", b"<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">"), Format::EuFsf, "eu-fsf"),
            (write(d, "csl.csv", b"_id,source,entity_number,type\n"), Format::UsCsl, "us-csl"),
            (write(d, "dpl.txt", b"\"Name\"\t\"Street_Address\"\t\"City\"\n"), Format::BisDpl, "us-dpl"),
            (write(d, "uk.csv", b"Last Updated,01/02/2026\nName 6,Name 1,Name 2,Group ID\n"), Format::UkOfsi, "uk-ofsi"),
            (write(d, "x.json", b"{\"id\":\"a\",\"schema\":\"Person\",\"datasets\":[\"opensanctions\"]}\n"), Format::FtmJson, "opensanctions"),
            (write(d, "y.ftm", b"{\"id\":\"a\",\"schema\":\"Person\"}\n"), Format::FtmJson, "ftm"),
            (write(d, "32014R0833.csv", b"celex,recordId,programKey,annex,measure\n32014R0833,1,EU-RUS,IV,Export control\n"), Format::EuAnnex, "eu-833-2014"),
            (write(d, "amend.csv", b"amendedCelex,amendmentCelex,recordId,programKey,annex\n32006R0765,32024R1865,1,EU-BLR,V\n"), Format::EuAnnex, "eu-765-2006-amendment-1865-2024"),
            (write(d, "odd.csv", b"celex,recordId,programKey,annex,measure\n"), Format::EuAnnex, "eu-oj"),
            (write(d, "sanctions.csv", b"Name,Clean Name,Alias,Previous Name,Parent Name,Note,Start date,End date,Source Url\n"), Format::Us1260h, "us-1260h"),
            (write(d, "mine.csv", b"name,country,reason\nX,RU,y\n"), Format::EndUsers, "analyst-end-users"),
        ];
        for (path, format, list) in cases {
            let sources = plan(std::slice::from_ref(&path), None).unwrap();
            assert_eq!(
                (sources[0].format, sources[0].list.as_str()),
                (format, list),
                "{}",
                path.display()
            );
        }
        let gz = d.join("csl_2022-05.csv.gz");
        let mut enc = flate2::write::GzEncoder::new(
            File::create(&gz).unwrap(),
            flate2::Compression::default(),
        );
        enc.write_all(b"_id,source,entity_number,type\n").unwrap();
        enc.finish().unwrap();
        let sources = plan(&[gz], None).unwrap();
        assert_eq!(sources[0].format, Format::UsCsl);
        assert_eq!(sources[0].published.as_deref(), Some("2022-05"));
        let unknown = write(d, "notes.txt", b"hello");
        assert!(matches!(
            plan(&[unknown], None),
            Err(ListError::Unrecognised { .. })
        ));
        let html = write(d, "page.xml", b"<html>");
        assert!(plan(&[html], None)
            .unwrap_err()
            .to_string()
            .contains("<html>"));
        let missing = d.join("missing.xml");
        assert!(matches!(plan(&[missing], None), Err(ListError::Io { .. })));
    }

    #[test]
    fn legacy_csv_is_sniffed_by_columns_and_forced_formats_group() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let prim = write(d, "cons_x.csv", b"9639,\"HANIYA, Ismail\",\"individual\",\"NS-PLC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1962.\"\r\n");
        let alt = write(
            d,
            "names.csv",
            b"9639,9150,\"aka\",\"HANIYA, Ismail\",-0- \r\n",
        );
        let sources = plan(std::slice::from_ref(&prim), None).unwrap();
        assert_eq!(
            (sources[0].format, sources[0].list.as_str()),
            (Format::OfacConsCsv, "ofac-cons")
        );
        let forced = plan(&[alt.clone(), prim.clone()], Some(Format::OfacConsCsv)).unwrap();
        assert_eq!(forced.len(), 1);
        assert_eq!(forced[0].files, vec![prim.clone(), alt]);
        let xml = plan(&[prim], Some(Format::UnXml)).unwrap();
        assert_eq!((xml[0].format, xml[0].list.as_str()), (Format::UnXml, "un"));
    }
}
