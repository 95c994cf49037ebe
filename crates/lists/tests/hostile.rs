//! Hostile inputs, generated here (small where possible): elements nested 150,000 deep,
//! `/dev/zero` and a gzip that expands to one endless line under a forced format, invalid UTF-8
//! deep in an OFAC XML file, and text that is not XML under an XML format. Each must stop with
//! one error naming the file and the position, never abort, and at a bounded memory.
//!
//! The memory bound is checked on this test process's peak resident set (`VmHWM` on Linux):
//! the tests of this file run one after another in one test function, so nothing else in the
//! process allocates meanwhile.

use chokepoint_lists::{open, plan, Entity, Format, ListError};
use std::io::Write;
use std::path::{Path, PathBuf};

fn read(path: &Path, format: Option<Format>) -> Result<Vec<Entity>, ListError> {
    let sources = plan(&[path.to_path_buf()], format)?;
    let mut out = Vec::new();
    for item in open(&sources[0])? {
        out.push(item?);
    }
    Ok(out)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The peak resident set of this process in MiB (Linux), else `None`.
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

const OFAC_HEAD: &str = "<?xml version=\"1.0\" standalone=\"yes\"?>\n<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\">\n";

fn ofac_entry(uid: usize) -> String {
    format!("  <sdnEntry>\n    <uid>{uid}</uid>\n    <lastName>COMPANY {uid}</lastName>\n    <sdnType>Entity</sdnType>\n  </sdnEntry>\n")
}

fn deep(open: &str, close: &str, depth: usize) -> String {
    let mut s = String::with_capacity(depth * (open.len() + close.len()));
    for _ in 0..depth {
        s.push_str(open);
    }
    for _ in 0..depth {
        s.push_str(close);
    }
    s
}

fn nesting(dir: &Path) {
    let depth = 150_000;
    let cases = [
        (
            "sdn.xml",
            9,
            Some(Format::OfacXml),
            format!("{OFAC_HEAD}{}\n{}</sdnList>\n", ofac_entry(1), deep("<a>", "</a>", depth)),
        ),
        (
            "sdn_in_entry.xml",
            4,
            Some(Format::OfacXml),
            format!("{OFAC_HEAD}<sdnEntry><uid>2</uid>\n{}</sdnEntry></sdnList>\n", deep("<a>", "</a>", depth)),
        ),
        (
            "un.xml",
            4,
            None,
            format!("<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-02-01T00:00:00\">\n<INDIVIDUALS><INDIVIDUAL>\n{}</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n", deep("<X>", "</X>", depth)),
        ),
    ];
    for (name, line, format, text) in cases {
        let path = write(dir, name, text.as_bytes());
        let err = read(&path, format).expect_err(name);
        let msg = err.to_string();
        assert!(!err.is_recoverable(), "{msg}");
        assert!(msg.contains(name), "{msg}");
        assert!(msg.contains("nested deeper than"), "{msg}");
        assert!(msg.contains(&format!("{name}:line {line}, in <")), "{msg}");
    }
    // A real list's depth (8 levels) reads.
    let ok = write(
        dir,
        "ok.xml",
        format!("{OFAC_HEAD}{}</sdnList>\n", ofac_entry(5)).as_bytes(),
    );
    assert_eq!(read(&ok, None).unwrap().len(), 1);
}

fn endless_lines(dir: &Path) {
    let before = peak_mib();
    // `--format us-csl /dev/zero`: zeros without a newline.
    let zero = Path::new("/dev/zero");
    if zero.exists() {
        for format in [
            Format::UsCsl,
            Format::OfacSdnCsv,
            Format::FtmJson,
            Format::OfacXml,
        ] {
            let err = read(zero, Some(format)).expect_err(format.name());
            let msg = err.to_string();
            assert!(msg.starts_with("/dev/zero"), "{}: {msg}", format.name());
            let expect = match format {
                Format::OfacXml => "/dev/zero: is not XML (line 1 starts with `\\0\\0",
                // The OFAC CSV reader decides the encoding from the whole file first.
                Format::OfacSdnCsv => {
                    "/dev/zero: line 1 is longer than 64 MiB: this is not a list file"
                }
                _ => "/dev/zero:line 1: the line is longer than 64 MiB: this is not a list file",
            };
            assert!(msg.contains(expect), "{}: {msg}", format.name());
        }
    }
    // A gzip of well under 1 MiB that expands to one 70 MiB line.
    let gz = dir.join("csl_2022-05.csv.gz");
    {
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz).unwrap(),
            flate2::Compression::fast(),
        );
        enc.write_all(b"_id,source,entity_number,type,name\n1,")
            .unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..70 {
            enc.write_all(&chunk).unwrap();
        }
        enc.finish().unwrap();
    }
    assert!(std::fs::metadata(&gz).unwrap().len() < 1 << 20);
    for format in [None, Some(Format::UsCsl)] {
        let err = read(&gz, format).expect_err("one endless line");
        let msg = err.to_string();
        assert!(msg.contains("csl_2022-05.csv.gz"), "{msg}");
        assert!(
            msg.contains("csl_2022-05.csv.gz:line 2: the line is longer than 64 MiB"),
            "{msg}"
        );
    }
    if let (Some(before), Some(after)) = (before, peak_mib()) {
        // The cap is 64 MiB; a reader may hold a line and a copy of it while growing (137 MiB
        // when this was written).
        assert!(after < 256, "peak {after} MiB (before: {before} MiB)");
        eprintln!("peak resident set: {before} MiB before, {after} MiB after");
    }
}

fn invalid_utf8_line(dir: &Path) {
    let mut text = String::from(OFAC_HEAD);
    for uid in 1..=2_000 {
        text.push_str(&ofac_entry(uid));
    }
    text.push_str("</sdnList>\n");
    let mut bytes = text.into_bytes();
    // Inside the name of entry 1,500, on line 2 + 5 * 1,499 + 3 = 7,500.
    let at = String::from_utf8_lossy(&bytes)
        .find("COMPANY 1500<")
        .unwrap()
        + 3;
    bytes[at] = 0xFF;
    let path = write(dir, "sdn_utf8.xml", &bytes);
    let err = read(&path, None).expect_err("invalid UTF-8");
    let msg = err.to_string();
    assert!(msg.contains("sdn_utf8.xml"), "{msg}");
    assert!(msg.contains("line 7500"), "{msg}");
    assert!(msg.contains("UTF-8"), "{msg}");
}

fn not_xml(dir: &Path) {
    let text = write(
        dir,
        "notes.txt",
        b"Dear analyst,\nplease find the list attached & <soon>.\n",
    );
    for format in [Format::OfacXml, Format::UnXml, Format::EuFsf] {
        let err = read(&text, Some(format)).expect_err(format.name());
        let msg = err.to_string();
        assert!(msg.contains("notes.txt"), "{msg}");
        assert!(msg.contains("is not XML"), "{}: {msg}", format.name());
        assert!(
            !msg.contains("malformed") && !msg.contains("broken XML"),
            "{msg}"
        );
    }
    // An empty list element reads as no records (the import then refuses to empty the list).
    let empty = write(dir, "sdn_empty.xml", b"<sdnList></sdnList>");
    assert_eq!(read(&empty, Some(Format::OfacXml)).unwrap().len(), 0);
}

#[test]
fn hostile_inputs_stop_with_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    nesting(dir.path());
    not_xml(dir.path());
    invalid_utf8_line(dir.path());
    endless_lines(dir.path());
}
