//! `chokepoint trade columns FILE` (how each header would map, before importing) and what
//! `trade import` reports: unmapped columns, INN warnings, the first ten skipped rows in
//! lenient mode, and a cut file that stops the import with the store unchanged.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chokepoint"));
    if let Some(data) = common::shared_data("hs/harmonized-system.csv") {
        cmd.env("CHOKEPOINT_SHARED_DATA", data);
    }
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run chokepoint")
}

fn stdout_ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../trade/tests/fixtures/vendor_dt_extract.csv")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn columns_show_each_header_before_importing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let out = stdout_ok(&run(&db, &["trade", "columns", &fixture()]));
    for line in [
        "Графа 8 Получатель",
        "→ receiverName",
        "→ invoiceAmount (currency USD)",
        "→ usdAmount (currency USD)",
        "ОГРН получателя",
        "→ not mapped: no synonym matches this header",
        "→ not mapped: invoiceAmount is taken from column 20 «Фактурная стоимость, USD»",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    assert!(!db.exists(), "columns never opens the store");

    // A file without value or weight: the missing fields and what they switch off; a user
    // mapping file then maps the unknown header, in roubles and thousands.
    let f = dir.path().join("bare.csv");
    std::fs::write(
        &f,
        "Дата;Код ТН ВЭД;Описание товара;Сумма по ведомости\n01.02.2023;8542310000;x;1\n",
    )
    .unwrap();
    let f = f.to_str().unwrap();
    let out = stdout_ok(&run(&db, &["trade", "columns", f]));
    assert!(out.contains("Сумма по ведомости"), "{out}");
    assert!(
        out.contains("missing invoiceAmount or usdAmount: unit-value checks"),
        "{out}"
    );
    assert!(
        out.contains("missing netWeight: per-kg unit values"),
        "{out}"
    );
    let m = dir.path().join("m.csv");
    std::fs::write(
        &m,
        "field,header,unit,rank\ninvoiceAmount,Сумма по ведомости,тыс. руб.,\n",
    )
    .unwrap();
    let out = stdout_ok(&run(
        &db,
        &["trade", "columns", f, "--mapping", m.to_str().unwrap()],
    ));
    assert!(
        out.contains("→ invoiceAmount (currency RUB) ×1000"),
        "{out}"
    );
    assert!(!out.contains("missing invoiceAmount"), "{out}");

    // The help text documents the mapping format the README documents.
    let help = stdout_ok(&run(&db, &["trade", "import", "--help"]));
    assert!(help.contains("field,header,unit,rank"), "{help}");
    for f in chokepoint_trade::Field::ALL {
        assert!(help.contains(f.as_str()), "{f} not in the help");
    }
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    for both in ["field,header,unit,rank", "trade columns FILE", "тыс. руб."] {
        assert!(readme.contains(both) && help.contains(both), "{both}");
    }
}

#[test]
fn import_reports_warnings_and_the_first_ten_skipped_rows_and_a_cut_file_stops() {
    if common::shared_data("hs/harmonized-system.csv").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let out = stdout_ok(&run(&db, &["trade", "import", &fixture()]));
    assert!(out.contains("imported 30 records"), "{out}");
    assert!(
        out.contains("column «Таможенный пост» not mapped: no synonym matches this header"),
        "{out}"
    );
    assert!(
        out.contains("15 records kept with warnings (receiverInn 15"),
        "{out}"
    );
    assert!(
        out.contains("INN `274224531` lost its leading zero; restored as `0274224531`"),
        "{out}"
    );

    // Lenient: 14 bad codes of 40 rows, the first ten shown with file, line, field, reason.
    let mut text = String::from("id,date,vedCode,invoiceAmount\n");
    for i in 0..40 {
        let code = if i % 3 == 0 { "85X" } else { "854231" };
        text.push_str(&format!("r{i},2023-01-01,{code},10\n"));
    }
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, &text).unwrap();
    let bad = bad.to_str().unwrap();
    let out = stdout_ok(&run(&db, &["trade", "import", bad, "--lenient"]));
    assert!(out.contains("imported 26 records"), "{out}");
    assert!(
        out.contains("14 rows skipped (--lenient), the first 10:"),
        "{out}"
    );
    let shown: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("bad.csv:") && l.contains(":vedCode: malformed goods code `85X`"))
        .collect();
    assert_eq!(shown.len(), 10, "{out}");
    assert!(shown[0].contains("bad.csv:2:vedCode"), "{out}");
    assert!(shown[9].contains("bad.csv:29:vedCode"), "{out}");

    // A file cut inside a quoted field stops the import, lenient or not; the store keeps 56.
    let cut = dir.path().join("cut.csv");
    std::fs::write(
        &cut,
        "id,date,vedCode,goodsDescription\nc1,2023-01-01,854231,chips\nc2,2023-01-02,854231,\"Микросхема, ка",
    )
    .unwrap();
    let out = run(
        &db,
        &["trade", "import", cut.to_str().unwrap(), "--lenient"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cut.csv:3:(row): the file ends inside a quoted field"),
        "{err}"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM trade_records", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 56, "the failed import left the store as it was");
}

#[cfg(feature = "parquet")]
#[test]
fn columns_read_parquet_names() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.parquet");
    chokepoint_trade::parquet_io::write_records(
        &p,
        std::iter::empty::<chokepoint_trade::CustomsRecord>(),
    )
    .unwrap();
    let out = stdout_ok(&run(
        &dir.path().join("s.db"),
        &["trade", "columns", p.to_str().unwrap()],
    ));
    assert!(out.contains("invoiceAmount"), "{out}");
    assert!(out.contains("→ vedCode"), "{out}");
}
