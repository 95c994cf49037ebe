//! Corrupted copies of the real OFAC files: each kind of damage gives the right error
//! variant, its message names the file, line and field, and a lenient consumer (skip
//! recoverable errors, stop on fatal ones) reads everything else.

mod common;

use chokepoint_lists::{open, plan, ListError};
use common::data_dir;
use std::path::{Path, PathBuf};

/// Copies a real file into `dir` under the same name, damaged by `damage`.
fn damaged_copy(src: &Path, dir: &Path, damage: impl FnOnce(Vec<u8>) -> Vec<u8>) -> PathBuf {
    let bytes = std::fs::read(src).unwrap();
    let path = dir.join(src.file_name().unwrap());
    std::fs::write(&path, damage(bytes)).unwrap();
    path
}

/// Replaces line `n` (1-based, CRLF kept) with what `edit` makes of it.
fn edit_line(bytes: Vec<u8>, n: usize, edit: impl FnOnce(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
    let line = lines[n - 1];
    let body = line.strip_suffix(b"\r\n").unwrap_or(line);
    let mut out: Vec<u8> = lines[..n - 1].concat();
    out.extend(edit(body));
    out.extend_from_slice(&line[body.len()..]);
    out.extend(lines[n..].concat());
    out
}

/// Reads leniently: entities read, recoverable errors skipped, and the fatal error if any.
fn lenient(path: &Path) -> (usize, Vec<ListError>, Option<ListError>) {
    let sources = plan(&[path.to_path_buf()], None).unwrap();
    let (mut ok, mut skipped) = (0, Vec::new());
    for item in open(&sources[0]).unwrap() {
        match item {
            Ok(_) => ok += 1,
            Err(e) if e.is_recoverable() => skipped.push(e),
            Err(e) => return (ok, skipped, Some(e)),
        }
    }
    (ok, skipped, None)
}

fn sdn_2021(dir: &Path) -> PathBuf {
    dir.join("ofac/sdn_2021-07/sdn.csv")
}

#[test]
fn csv_cut_mid_record_is_fatal() {
    let Some(data) = data_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // Line 5000 (entry 20546, an aircraft) ends in a quoted remarks field: cut the file there.
    let path = damaged_copy(&sdn_2021(&data), tmp.path(), |bytes| {
        let start = bytes
            .split_inclusive(|b| *b == b'\n')
            .take(4999)
            .map(<[u8]>::len)
            .sum::<usize>();
        let cut = start + "20546,\"P-633\",\"aircraft\",\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Aircraft".len();
        bytes[..cut].to_vec()
    });
    let (ok, skipped, fatal) = lenient(&path);
    assert_eq!((ok, skipped.len()), (4_999, 0));
    let fatal = fatal.expect("a cut file is fatal");
    assert!(matches!(fatal, ListError::Fatal { .. }));
    assert!(!fatal.is_recoverable());
    let text = fatal.to_string();
    assert!(
        text.starts_with(&format!(
            "{}:line 5000: unclosed quote in field `Remarks`",
            path.display()
        )),
        "{text}"
    );
}

#[test]
fn csv_invalid_utf8_is_a_record_error() {
    let Some(data) = data_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // The first two bytes of a UTF-8 right quote (E2 80 99), cut, inside the name on line 100.
    let path = damaged_copy(&sdn_2021(&data), tmp.path(), |bytes| {
        edit_line(bytes, 100, |line| {
            let mut l = line.to_vec();
            l.splice(6..6, [0xE2, 0x80]);
            l
        })
    });
    let (ok, skipped, fatal) = lenient(&path);
    assert!(fatal.is_none());
    assert_eq!(ok, 8_975);
    assert_eq!(skipped.len(), 1);
    assert!(matches!(skipped[0], ListError::Record { .. }));
    assert_eq!(
        skipped[0].to_string(),
        format!(
            "{}:line 100, column 7: field `SDN_Name`: invalid UTF-8 (byte 0xE2) in a UTF-8 file",
            path.display()
        )
    );
}

#[test]
fn csv_wrong_column_count_and_bad_ent_num_are_record_errors() {
    let Some(data) = data_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let path = damaged_copy(&sdn_2021(&data), tmp.path(), |bytes| {
        // Line 200 loses its Title column; line 1's ent_num gets a letter.
        let bytes = edit_line(bytes, 200, |line| {
            let text = String::from_utf8(line.to_vec()).unwrap();
            text.replacen("\",-0- ,-0- ,", "\",-0- ,", 1).into_bytes()
        });
        edit_line(bytes, 1, |line| [b"3x".as_slice(), &line[2..]].concat())
    });
    let (ok, skipped, fatal) = lenient(&path);
    assert!(fatal.is_none());
    assert_eq!(ok, 8_974);
    let texts: Vec<String> = skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            format!(
                "{}:line 1: field `ent_num`: `3x` is not an entry number",
                path.display()
            ),
            format!(
                "{}:line 200: field `Remarks`: expected 12 columns, found 11",
                path.display()
            ),
        ]
    );
}

#[test]
fn csv_bad_aux_rows_come_first_and_are_recoverable() {
    let Some(data) = data_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let sdn = damaged_copy(&sdn_2021(&data), tmp.path(), |b| b);
    let alt = damaged_copy(
        &data.join("ofac/sdn_2021-07/alt.csv"),
        tmp.path(),
        |bytes| edit_line(bytes, 3, |line| [line, b",\"extra\"".as_slice()].concat()),
    );
    let sources = plan(&[sdn, alt.clone()], None).unwrap();
    let mut items = open(&sources[0]).unwrap();
    let first = items.next().unwrap().unwrap_err();
    assert!(first.is_recoverable());
    assert_eq!(
        first.to_string(),
        format!(
            "{}:line 3: field `column 6`: expected 5 columns, found 6",
            alt.display()
        )
    );
    assert_eq!(items.filter(Result::is_ok).count(), 8_976);
}

fn xml_2018(dir: &Path) -> PathBuf {
    dir.join("ofac/xml_2018-05/consolidated.xml")
}

#[test]
fn xml_truncated_is_fatal_with_line_and_path() {
    let Some(data) = data_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // Cut in the middle of line 5105, an entry's <lastName>.
    let path = damaged_copy(&xml_2018(&data), tmp.path(), |bytes| {
        let start = bytes
            .split_inclusive(|b| *b == b'\n')
            .take(5104)
            .map(<[u8]>::len)
            .sum::<usize>();
        bytes[..start + "        <lastName>SAWZEMANE".len()].to_vec()
    });
    let (ok, skipped, fatal) = lenient(&path);
    assert!(skipped.is_empty());
    assert_eq!(ok, 128, "the entries closed before line 5105");
    let fatal = fatal.expect("a truncated XML file is fatal");
    assert!(matches!(fatal, ListError::Fatal { .. }));
    let text = fatal.to_string();
    assert!(
        text.starts_with(&format!(
            "{}:line 5105, in <sdnList>/<sdnEntry>",
            path.display()
        )),
        "{text}"
    );
}

#[test]
fn xml_mismatched_tag_is_fatal_with_line_and_path() {
    let Some(data) = data_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let path = damaged_copy(&xml_2018(&data), tmp.path(), |bytes| {
        edit_line(bytes, 5105, |line| {
            String::from_utf8_lossy(line)
                .replace("</lastName>", "</firstName>")
                .into_bytes()
        })
    });
    let (ok, _, fatal) = lenient(&path);
    assert_eq!(ok, 128, "the entries closed before line 5105");
    let fatal = fatal.expect("a mismatched tag is fatal");
    assert!(!fatal.is_recoverable());
    let text = fatal.to_string();
    assert!(
        text.starts_with(&format!(
            "{}:line 5105, in <sdnList>/<sdnEntry>/<akaList>/<aka>/<lastName>",
            path.display()
        )),
        "{text}"
    );
    assert!(text.contains("</firstName>"), "{text}");
}

#[test]
fn xml_bad_entry_is_a_record_error() {
    let Some(data) = data_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let path = damaged_copy(&xml_2018(&data), tmp.path(), |bytes| {
        String::from_utf8(bytes)
            .unwrap()
            .replacen("<uid>4632</uid>", "<uid>46x32</uid>", 1)
            .into_bytes()
    });
    let (ok, skipped, fatal) = lenient(&path);
    assert!(fatal.is_none());
    assert_eq!((ok, skipped.len()), (638, 1));
    assert_eq!(
        skipped[0].to_string(),
        format!(
            "{}:element <sdnEntry> #1 (line 7): field `uid`: `46x32` is not an entry number",
            path.display()
        )
    );
}
