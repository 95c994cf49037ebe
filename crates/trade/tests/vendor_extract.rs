//! A Russian declaration extract in a data vendor's shape (`fixtures/vendor_dt_extract.csv`,
//! hand-written for this test: 30 goods items, box-numbered headers, values in USD and RUB,
//! INNs that a spreadsheet stripped of their leading zero, one with a wrong check digit, one
//! empty, one written `ИНН …`) imports with every row kept and every unused column reported.

use chokepoint_trade::{import_file, migrate, read_all, Classifier, ReadOptions};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vendor_dt_extract.csv")
}

/// An in-memory store holding the vendor fixture's import and its summary, or `None` (the
/// test skips) when the real HS data is not in `../shared`.
fn imported_fixture() -> Option<(rusqlite::Connection, chokepoint_trade::ImportSummary)> {
    let hs = chokepoint_trade::shared_data_dir().join("hs");
    if !hs.join("harmonized-system.csv").exists() {
        eprintln!("SKIP: real HS data not found at {}", hs.display());
        return None;
    }
    let classifier = Classifier::load(&hs).unwrap();
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    migrate(&conn).unwrap();
    let tx = conn.transaction().unwrap();
    let summary = import_file(
        &tx,
        &fixture(),
        &classifier,
        &ReadOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    tx.commit().unwrap();
    Some((conn, summary))
}

#[test]
fn every_row_is_kept_and_inns_are_restored_or_kept_with_a_warning() {
    let (recs, stats) = read_all(&fixture(), &ReadOptions::default()).unwrap();
    assert_eq!(
        (stats.rows_read, stats.rows_ok, stats.rows_skipped),
        (30, 30, 0)
    );
    // The Ufa plant's INN 0274224531 appears as 274224531 in five rows: restored in all five.
    let ufa: Vec<_> = recs
        .iter()
        .filter(|r| r.receiver_name.contains("УФИМСКИЙ"))
        .collect();
    assert_eq!(ufa.len(), 5);
    assert!(ufa.iter().all(|r| r.receiver_inn == "0274224531"));
    assert!(ufa[0].warnings[0].message.contains("lost its leading zero"));
    // `326405605.0` (a spreadsheet float) is restored too; `ИНН 6658514542` is cleaned.
    assert!(recs.iter().any(|r| r.receiver_inn == "0326405605"));
    assert!(recs.iter().any(|r| r.receiver_inn == "6658514542"));
    // A wrong check digit: kept as written, with a warning; an empty INN: kept empty.
    let bad: Vec<_> = recs
        .iter()
        .filter(|r| r.receiver_inn == "7703029311")
        .collect();
    assert_eq!(bad.len(), 2);
    assert!(bad[0].warnings[0]
        .message
        .contains("check digit does not hold"));
    assert!(recs
        .iter()
        .any(|r| r.receiver_name.starts_with("ИП КОЗЛОВ") && r.receiver_inn.is_empty()));
    assert_eq!(stats.warnings_per_field.get("receiverInn"), Some(&15));
}

#[test]
fn values_take_the_header_currency_and_unused_columns_are_reported() {
    let (recs, stats) = read_all(&fixture(), &ReadOptions::default()).unwrap();
    let first = &recs[0];
    assert_eq!(first.id, "10702070/150323/3012345/1");
    assert_eq!(first.ved_code, "8542 31 900 0");
    assert_eq!(first.date.to_string(), "2023-03-15");
    assert_eq!(
        (first.invoice_amount, first.currency.as_str()),
        (Some(18400.0), "USD")
    );
    assert_eq!(first.usd_amount, Some(18400.0));
    assert_eq!(first.net_weight, Some(2.4));
    assert_eq!(
        (first.sender_country.as_str(), first.origin_country.as_str()),
        ("CN", "CN")
    );
    assert!(first.goods_description.contains("ПРОЦЕССОРЫ; ДЛЯ"));
    // Every row has a value in USD for the unit-value checks.
    assert!(recs.iter().all(|r| r.value_usd().is_some()));
    assert_eq!(stats.rows_without_usd_value, 0);
    let unmapped: Vec<(&str, &str)> = stats
        .unmapped
        .iter()
        .map(|u| (u.header.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(
        unmapped,
        [
            ("ОГРН получателя", "no synonym matches this header"),
            (
                "Таможенная стоимость, руб.",
                "invoiceAmount is taken from column 20 «Фактурная стоимость, USD»"
            ),
            ("Таможенный пост", "no synonym matches this header"),
        ]
    );
    assert!(
        stats.missing_fields.is_empty(),
        "{:?}",
        stats.missing_fields
    );
}

#[test]
fn the_store_keeps_every_row_and_its_warnings() {
    let Some((conn, summary)) = imported_fixture() else {
        return;
    };
    assert_eq!(summary.stats.rows_ok, 30);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM trade_records"), 30);
    assert_eq!(
        count("SELECT count(*) FROM trade_records WHERE receiver_inn = '0274224531'"),
        5
    );
    assert_eq!(count("SELECT count(*) FROM trade_warnings"), 15);
    // Each warning points at its row.
    assert_eq!(
        count(
            "SELECT count(*) FROM trade_warnings w JOIN trade_records r ON r.id = w.row_id
             WHERE w.field = 'receiverInn' AND w.message LIKE '%' || r.receiver_inn || '%'"
        ),
        15
    );
}

/// Flags computed elsewhere over an import's records (the cluster's classify job) replace that
/// import's flags of the same rules; a flag naming a record the import does not hold is refused
/// and the store keeps what it had.
#[test]
fn outside_flags_replace_an_imports_flags_or_leave_the_store_as_it_was() {
    use chokepoint_trade::store::{last_import, replace_flags_of, save_flags_of};
    use chokepoint_trade::{Flag, Rule};
    let Some((mut conn, _)) = imported_fixture() else {
        return;
    };
    let import = last_import(&conn).unwrap().expect("an import");
    let (recs, _) = read_all(&fixture(), &ReadOptions::default()).unwrap();
    let flag = |rule: Rule, id: &str| Flag {
        rule,
        score: 0.6,
        subject: id.to_string(),
        evidence: vec![id.to_string()],
        explanation: format!("test flag on {id}"),
    };
    // Flags the trade stage saved: one routing flag, one value flag.
    let tx = conn.transaction().unwrap();
    save_flags_of(
        &tx,
        &[
            flag(Rule::RouteTransshipment, &recs[0].id),
            flag(Rule::ValueHigh, &recs[1].id),
        ],
        false,
        Some(import),
    )
    .unwrap();
    tx.commit().unwrap();
    let rules = [Rule::RouteTransshipment, Rule::DescMismatch];
    let outside = [
        flag(Rule::RouteTransshipment, &recs[2].id),
        flag(Rule::DescMismatch, &recs[3].id),
    ];
    let (removed, stored) = replace_flags_of(&mut conn, import, &rules, &outside).unwrap();
    assert_eq!((removed, stored), (1, 2));
    let rows = |conn: &rusqlite::Connection| -> Vec<(String, String)> {
        let mut st = conn
            .prepare("SELECT rule, record_id FROM trade_flags ORDER BY rule, record_id")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let after = rows(&conn);
    assert_eq!(
        after,
        vec![
            ("desc.mismatch".to_string(), recs[3].id.clone()),
            ("route.transshipment".to_string(), recs[2].id.clone()),
            ("value.high".to_string(), recs[1].id.clone()),
        ]
    );
    // A flag on a record the import does not hold: refused, nothing changed.
    let err = replace_flags_of(
        &mut conn,
        import,
        &rules,
        &[flag(Rule::DescMismatch, "NO-SUCH-RECORD")],
    )
    .unwrap_err();
    assert!(err.to_string().contains("NO-SUCH-RECORD"), "{err}");
    assert_eq!(rows(&conn), after);
    // An unknown import is refused.
    assert!(replace_flags_of(&mut conn, import + 1, &rules, &[]).is_err());
}
