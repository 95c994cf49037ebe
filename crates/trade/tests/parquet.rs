//! Parquet import and export (feature `parquet`): a generated scenario reads back from Parquet
//! exactly as from CSV; mixed physical types and Russian column names map and convert; broken
//! files and bad values name file, row and field; a file written by another implementation
//! (pyarrow) reads exactly; bad rows in several row groups give the same records, errors and
//! order as the same data in CSV.

#![cfg(feature = "parquet")]

use chokepoint_scenario as scenario;
use chokepoint_trade::parquet_io::{self, WriteOptions};
use chokepoint_trade::{read_all, read_records, CustomsRecord, ReadOptions, TradeError};
use parquet::basic::{LogicalType, Repetition, TimeUnit, Type as PhysicalType};
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, DoubleType, FixedLenByteArray, FixedLenByteArrayType,
    Int32Type, Int64Type,
};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn lenient() -> ReadOptions {
    ReadOptions {
        lenient: true,
        ..Default::default()
    }
}

/// Asserts two record lists are equal, naming the first differing record and field.
fn assert_same(a: &[CustomsRecord], b: &[CustomsRecord]) {
    assert_eq!(a.len(), b.len(), "record counts differ");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            let (jx, jy) = (
                serde_json::to_value(x).unwrap(),
                serde_json::to_value(y).unwrap(),
            );
            for (k, v) in jx.as_object().unwrap() {
                assert_eq!(Some(v), jy.get(k), "record {i} ({}), field {k}", x.id);
            }
            panic!("record {i} differs: {x:?} vs {y:?}");
        }
    }
}

#[test]
fn scenario_reads_back_from_parquet_exactly_as_from_csv() {
    let dir = tempfile::tempdir().unwrap();
    scenario::generate(5, 5_000, dir.path(), &Default::default()).unwrap();
    let csv = dir.path().join(scenario::CUSTOMS_FILE);
    let (from_csv, stats) = read_all(&csv, &ReadOptions::default()).unwrap();
    assert_eq!(stats.rows_ok, 5_000);
    let pq = dir.path().join("customs.parquet");
    // Small row groups so that batches and row groups both have boundaries to cross.
    let opts = WriteOptions {
        row_group_rows: 1_500,
    };
    assert_eq!(
        parquet_io::write_records_with(&pq, &from_csv, &opts).unwrap(),
        5_000
    );
    let mut last = (0, 0);
    let mut from_pq = Vec::new();
    let pstats = read_records(
        &pq,
        &ReadOptions::default(),
        &mut |r, b| last = (r, b),
        &mut |r| {
            from_pq.push(r);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!((pstats.rows_read, pstats.rows_ok), (5_000, 5_000));
    assert!(pstats.unmapped_columns.is_empty(), "{pstats:?}");
    assert_eq!(last, (5_000, std::fs::metadata(&pq).unwrap().len()));
    assert!(from_pq.iter().all(|r| r.synthetic));
    assert_same(&from_csv, &from_pq);
    let meta = parquet_io::file_metadata(&pq).unwrap();
    assert!(
        meta.contains(&("synthetic".to_string(), Some("true".to_string()))),
        "{meta:?}"
    );
}

/// One column of a hand-written test file (every column OPTIONAL; `None` is null).
enum Col {
    Str(Vec<Option<&'static str>>),
    I32(Vec<Option<i32>>),
    I64(Vec<Option<i64>>),
    F64(Vec<Option<f64>>),
    Bool(Vec<Option<bool>>),
    Fixed(Vec<Option<Vec<u8>>>),
}

fn field(name: &str, t: PhysicalType, logical: Option<LogicalType>) -> Type {
    Type::primitive_type_builder(name, t)
        .with_repetition(Repetition::OPTIONAL)
        .with_logical_type(logical)
        .build()
        .unwrap()
}

fn decimal(name: &str, t: PhysicalType, precision: i32, scale: i32, len: i32) -> Type {
    Type::primitive_type_builder(name, t)
        .with_repetition(Repetition::OPTIONAL)
        .with_logical_type(Some(LogicalType::decimal(scale, precision)))
        .with_precision(precision)
        .with_scale(scale)
        .with_length(len)
        .build()
        .unwrap()
}

fn write_file(path: &Path, fields: Vec<Type>, cols: Vec<Col>) {
    let schema = Type::group_type_builder("schema")
        .with_fields(fields.into_iter().map(Arc::new).collect())
        .build()
        .unwrap();
    let file = std::fs::File::create(path).unwrap();
    let props = WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .build();
    let mut w = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props)).unwrap();
    let mut g = w.next_row_group().unwrap();
    fn split<T: Clone>(v: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
        (
            v.iter().flatten().cloned().collect(),
            v.iter().map(|x| i16::from(x.is_some())).collect(),
        )
    }
    for col in cols {
        let mut c = g.next_column().unwrap().unwrap();
        match col {
            Col::Str(v) => {
                let (vals, def) = split(&v);
                let vals: Vec<ByteArray> = vals.into_iter().map(ByteArray::from).collect();
                c.typed::<ByteArrayType>()
                    .write_batch(&vals, Some(&def), None)
                    .unwrap();
            }
            Col::I32(v) => {
                let (vals, def) = split(&v);
                c.typed::<Int32Type>()
                    .write_batch(&vals, Some(&def), None)
                    .unwrap();
            }
            Col::I64(v) => {
                let (vals, def) = split(&v);
                c.typed::<Int64Type>()
                    .write_batch(&vals, Some(&def), None)
                    .unwrap();
            }
            Col::F64(v) => {
                let (vals, def) = split(&v);
                c.typed::<DoubleType>()
                    .write_batch(&vals, Some(&def), None)
                    .unwrap();
            }
            Col::Bool(v) => {
                let (vals, def) = split(&v);
                c.typed::<BoolType>()
                    .write_batch(&vals, Some(&def), None)
                    .unwrap();
            }
            Col::Fixed(v) => {
                let (vals, def) = split(&v);
                let vals: Vec<FixedLenByteArray> =
                    vals.into_iter().map(FixedLenByteArray::from).collect();
                c.typed::<FixedLenByteArrayType>()
                    .write_batch(&vals, Some(&def), None)
                    .unwrap();
            }
        }
        c.close().unwrap();
    }
    g.close().unwrap();
    w.close().unwrap();
}

/// 2023-05-19 as days since 1970-01-01.
const MAY_19: i32 = 19_496;

fn mixed_file(dir: &Path) -> PathBuf {
    let p = dir.join("mixed.parquet");
    let day_us = 86_400_000_000i64;
    write_file(
        &p,
        vec![
            field(
                "Номер ДТ",
                PhysicalType::BYTE_ARRAY,
                Some(LogicalType::String),
            ),
            field("Дата", PhysicalType::INT32, Some(LogicalType::Date)),
            field(
                "Код ТН ВЭД",
                PhysicalType::BYTE_ARRAY,
                Some(LogicalType::String),
            ),
            field(
                "Получатель",
                PhysicalType::BYTE_ARRAY,
                Some(LogicalType::String),
            ),
            // A taxpayer number stored as a number, as some exports do.
            field("ИНН получателя", PhysicalType::INT64, None),
            field(
                "Страна происхождения",
                PhysicalType::BYTE_ARRAY,
                Some(LogicalType::String),
            ),
            field("quantity", PhysicalType::INT64, None),
            decimal("Стоимость", PhysicalType::INT64, 12, 2, -1),
            decimal("usdAmount", PhysicalType::FIXED_LEN_BYTE_ARRAY, 18, 3, 8),
            field("Вес нетто", PhysicalType::DOUBLE, None),
            field(
                "loaded_at",
                PhysicalType::INT64,
                Some(LogicalType::timestamp(true, TimeUnit::MICROS)),
            ),
            field("synthetic", PhysicalType::BOOLEAN, None),
        ],
        vec![
            Col::Str(vec![
                Some("SYNTH-0001"),
                Some("SYNTH-0002"),
                Some("SYNTH-0003"),
            ]),
            Col::I32(vec![Some(MAY_19), Some(MAY_19 + 1), Some(0)]),
            Col::Str(vec![
                Some("8542 31 900 0"),
                Some("8482.10"),
                Some("9013800000"),
            ]),
            Col::Str(vec![
                Some("ООО «ТЕСТОВЫЙ ПОЛУЧАТЕЛЬ»"),
                None,
                Some("АО СИНТЕТИКА"),
            ]),
            Col::I64(vec![Some(7_701_234_567), None, Some(770_123_456_789)]),
            Col::Str(vec![Some("КИТАЙ"), Some("Гонконг"), None]),
            Col::I64(vec![Some(9_007_199_254_740_993), Some(12), None]),
            Col::I64(vec![Some(125_050), Some(5), None]),
            Col::Fixed(vec![
                Some(1_234_567_i64.to_be_bytes().to_vec()),
                None,
                Some(7_i64.to_be_bytes().to_vec()),
            ]),
            Col::F64(vec![Some(0.1), Some(1e-7), Some(2.5)]),
            Col::I64(vec![Some(i64::from(MAY_19) * day_us + 5), None, None]),
            Col::Bool(vec![Some(true), Some(true), Some(false)]),
        ],
    );
    p
}

#[test]
fn mixed_types_and_russian_names_map_and_convert() {
    let dir = tempfile::tempdir().unwrap();
    let p = mixed_file(dir.path());
    let (recs, stats) = read_all(&p, &ReadOptions::default()).unwrap();
    assert_eq!(stats.rows_ok, 3);
    assert_eq!(stats.unmapped_columns, vec!["loaded_at".to_string()]);
    let r = &recs[0];
    assert_eq!(r.ccd_number, "SYNTH-0001");
    assert_eq!(
        r.id, "SYNTH-0001",
        "id falls back to the declaration number"
    );
    assert_eq!(r.date.to_string(), "2023-05-19");
    assert_eq!(r.ved_code, "8542 31 900 0");
    assert_eq!(r.receiver_name, "ООО «ТЕСТОВЫЙ ПОЛУЧАТЕЛЬ»");
    assert_eq!(r.receiver_inn, "7701234567");
    assert_eq!(r.origin_country, "CN");
    // 2^53 + 1 goes through text, so the record holds the nearest double, as CSV would.
    assert_eq!(r.quantity, Some(9_007_199_254_740_993_f64));
    assert_eq!(r.invoice_amount, Some(1250.5));
    assert_eq!(r.usd_amount, Some(1234.567));
    assert_eq!(r.net_weight, Some(0.1));
    assert!(r.synthetic);
    let r = &recs[1];
    assert_eq!(r.date.to_string(), "2023-05-20");
    assert_eq!(r.receiver_name, "");
    assert_eq!(r.receiver_inn, "");
    assert_eq!(r.origin_country, "HK");
    assert_eq!(r.quantity, Some(12.0));
    assert_eq!(r.invoice_amount, Some(0.05));
    assert_eq!(r.usd_amount, None);
    assert_eq!(r.net_weight, Some(1e-7));
    let r = &recs[2];
    assert_eq!(r.date.to_string(), "1970-01-01");
    assert_eq!(r.receiver_inn, "770123456789");
    assert_eq!((r.quantity, r.invoice_amount), (None, None));
    assert_eq!(r.usd_amount, Some(0.007));
    assert!(!r.synthetic);

    // A timestamp column mapped to the date reads as the instant's date.
    let mut mapping = chokepoint_trade::ColumnMapping::builtin();
    mapping
        .extend_from_str("field,header\ndate,loaded_at\n", "test")
        .unwrap();
    let p2 = dir.path().join("ts.parquet");
    write_file(
        &p2,
        vec![
            field(
                "loaded_at",
                PhysicalType::INT64,
                Some(LogicalType::timestamp(true, TimeUnit::MILLIS)),
            ),
            field("vedCode", PhysicalType::BYTE_ARRAY, None),
        ],
        vec![
            Col::I64(vec![Some(i64::from(MAY_19) * 86_400_000 + 86_399_999)]),
            Col::Str(vec![Some("848210")]),
        ],
    );
    let (recs, _) = read_all(
        &p2,
        &ReadOptions {
            mapping,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(recs[0].date.to_string(), "2023-05-19");
    assert_eq!(recs[0].ved_code, "848210");
}

#[test]
fn broken_files_and_bad_values_name_file_row_and_field() {
    let dir = tempfile::tempdir().unwrap();
    // A bad HS code on data row 3 and a negative amount on row 5.
    let bad = dir.path().join("bad.parquet");
    write_file(
        &bad,
        vec![
            field("date", PhysicalType::INT32, Some(LogicalType::Date)),
            field(
                "vedCode",
                PhysicalType::BYTE_ARRAY,
                Some(LogicalType::String),
            ),
            field("invoiceAmount", PhysicalType::DOUBLE, None),
        ],
        vec![
            Col::I32(vec![Some(MAY_19); 6]),
            Col::Str(vec![
                Some("854231"),
                Some("854231"),
                Some("85X231"),
                Some("854231"),
                Some("854231"),
                Some("854231"),
            ]),
            Col::F64(vec![
                Some(1.0),
                None,
                Some(2.0),
                Some(3.0),
                Some(-4.0),
                Some(5.0),
            ]),
        ],
    );
    let e = read_all(&bad, &ReadOptions::default()).unwrap_err();
    assert!(matches!(e, TradeError::Row { line: 3, .. }), "{e:?}");
    assert!(
        e.to_string()
            .ends_with("bad.parquet:3:vedCode: malformed goods code `85X231`: expected 6 to 10 digits (dots and spaces allowed)"),
        "{e}"
    );
    let (recs, stats) = read_all(&bad, &lenient()).unwrap();
    assert_eq!(
        (stats.rows_read, stats.rows_ok, stats.rows_skipped),
        (6, 4, 2)
    );
    assert_eq!(recs.len(), 4);
    assert!(stats.errors[1].contains("bad.parquet:5:invoiceAmount: negative number"));
    // Ids fall back to file:row, the row being the data row.
    assert!(recs[2].id.ends_with("bad.parquet:4"), "{}", recs[2].id);

    // A generated file cut short: the footer is gone.
    let good = dir.path().join("good.parquet");
    let recs: Vec<CustomsRecord> = (0..2_000)
        .map(|i| CustomsRecord {
            id: format!("SYNTH-{i}"),
            ved_code: "8542310000".into(),
            goods_description: format!("synthetic microcircuit lot {i}"),
            invoice_amount: Some(f64::from(i)),
            synthetic: true,
            ..Default::default()
        })
        .collect();
    parquet_io::write_records(&good, &recs).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("cut.parquet");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = read_all(&cut, &lenient()).unwrap_err();
    assert!(matches!(e, TradeError::Parquet { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("cut.parquet: Parquet: not a readable Parquet file"),
        "{e}"
    );

    // Garbage in the middle of the data, footer intact: an error (never a panic), naming the
    // file, even in lenient mode.
    for (k, offset) in [8usize, 64, 400, bytes.len() / 3].into_iter().enumerate() {
        let mut damaged = bytes.clone();
        for b in &mut damaged[offset..offset + 64] {
            *b = 0xA5;
        }
        let p = dir.path().join(format!("damaged{k}.parquet"));
        std::fs::write(&p, &damaged).unwrap();
        match read_all(&p, &lenient()) {
            Err(e) => assert!(
                e.to_string().contains(&format!("damaged{k}.parquet")),
                "{e}"
            ),
            // Damage to bytes no mapped column reads (statistics, padding) may go unnoticed.
            Ok((r, _)) => assert!(r.len() <= recs.len()),
        }
    }

    // Not Parquet at all.
    let text = dir.path().join("text.parquet");
    std::fs::write(&text, "date,vedCode\n2023-01-01,854231\n").unwrap();
    let e = read_all(&text, &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("text.parquet: Parquet:"), "{e}");
}

/// The fixture written by pyarrow (`tests/fixtures/make_parquet_fixture.py`): 24 synthetic
/// rows, snappy, with the types pandas and Spark exports carry.
#[test]
fn pyarrow_fixture_reads_exactly() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/customs_pyarrow.parquet");
    let (recs, stats) = read_all(&p, &ReadOptions::default()).unwrap();
    assert_eq!((stats.rows_read, stats.rows_ok), (24, 24));
    assert_eq!(stats.unmapped_columns, vec!["loaded_at".to_string()]);
    for (i, r) in recs.iter().enumerate() {
        let n = i as u32;
        assert_eq!(r.ccd_number, format!("SYNTH/{:07}", n + 1));
        assert_eq!(r.id, r.ccd_number);
        assert_eq!(
            r.date,
            chokepoint_trade::Date::from_ymd(2024, 1 + n % 12, 1 + n).unwrap()
        );
        assert_eq!(
            r.ved_code,
            ["8542310000", "8482100001", "9013800000"][i % 3]
        );
        assert_eq!(r.receiver_name, format!("ООО «СИНТЕТИКА-{}»", n + 1));
        assert_eq!(
            r.receiver_inn,
            if i % 5 == 4 {
                String::new()
            } else {
                format!("77{:08}", n + 1)
            }
        );
        assert_eq!(r.sender_name, format!("EXAMPLE TRADING {} LTD", n + 1));
        assert_eq!(r.origin_country, ["CN", "HK", "TR"][i % 3]);
        assert_eq!(r.quantity, Some(f64::from(10 * (n + 1))));
        // DECIMAL(12, 2): 100.25 × (i + 1).
        let cents = 10_025 * (i64::from(n) + 1);
        assert_eq!(
            r.invoice_amount,
            Some(
                format!("{}.{:02}", cents / 100, cents % 100)
                    .parse()
                    .unwrap()
            )
        );
        assert_eq!(r.currency, "USD");
        assert_eq!(
            r.net_weight,
            if i % 4 == 3 {
                None
            } else {
                Some(0.1 * f64::from(n + 1))
            }
        );
        assert!(r.synthetic);
    }
}

/// Reads `path` through `for_each_prepared`, collecting each good record with what `prepare`
/// made of it, the progress calls and the result.
#[allow(clippy::type_complexity)]
fn read_prepared(
    path: &Path,
    opts: &ReadOptions,
) -> (
    Vec<(CustomsRecord, String)>,
    Vec<(u64, u64)>,
    Result<chokepoint_trade::ReadStats, TradeError>,
) {
    let mut seen = Vec::new();
    let mut calls = Vec::new();
    let result = chokepoint_trade::import::for_each_prepared::<String>(
        path,
        opts,
        &mut |r, b| calls.push((r, b)),
        &mut |r, p| {
            p.clear();
            p.push_str(&r.id);
            p.push('|');
            p.push_str(&r.ved_code);
        },
        &mut |r, p| {
            seen.push((r.clone(), p.clone()));
            Ok(())
        },
    );
    (seen, calls, result)
}

/// A CSV error (`file:line:field: message`, `line` counting the header) as the Parquet reader
/// gives it (the data row in the `line` slot).
fn as_parquet_error(csv_error: &str, csv: &Path, pq: &Path) -> String {
    let rest = csv_error
        .strip_prefix(&format!("{}:", csv.display()))
        .unwrap();
    let (line, rest) = rest.split_once(':').unwrap();
    let row = line.parse::<u64>().unwrap() - 1;
    format!("{}:{row}:{rest}", pq.display())
}

#[test]
fn bad_rows_in_several_row_groups_read_as_from_csv() {
    const GROUP: usize = 5_000;
    const ROWS: usize = 3 * GROUP;
    // Rows (1-based) with a bad value: across batch boundaries (4,096 rows) and row-group
    // boundaries (5,000 rows), in all three row groups. Rows 11,000 and 11,001 hold the two
    // halves of one Cyrillic letter (each invalid UTF-8, together valid), row 12,000 a stray
    // byte.
    let bad = [
        4_097, 5_000, 5_001, 8_193, 9_000, 10_000, 10_001, 11_000, 11_001, 12_000, 14_096, 14_097,
        15_000,
    ];
    let bytes = |v: &str| -> Vec<u8> {
        match v {
            "FIRST-HALF" => b"\xd0\x9e\xd0".to_vec(),
            "SECOND-HALF" => b"\x9f\xd0\x9e".to_vec(),
            "STRAY" => b"O\xffK".to_vec(),
            _ => v.as_bytes().to_vec(),
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let headers = [
        "id",
        "ved_code",
        "date",
        "quantity",
        "receiver_name",
        "origin_country",
    ];
    let mut rows: Vec<[String; 6]> = Vec::new();
    for i in 1..=ROWS {
        let mut row = [
            format!("r{i}"),
            ["8542310000", "854890", "8471500000"][i % 3].to_string(),
            format!("2023-05-{:02}", 1 + i % 28),
            format!("{}.5", i % 1000),
            if i % 7 == 0 {
                String::new()
            } else {
                format!("ООО Получатель {}", i % 97)
            },
            ["CN", "", "TR", "AE"][i % 4].to_string(),
        ];
        if let Some(k) = bad.iter().position(|&b| b == i) {
            match (i, k % 4) {
                (11_000, _) => row[4] = "FIRST-HALF".into(),
                (11_001, _) => row[4] = "SECOND-HALF".into(),
                (12_000, _) => row[4] = "STRAY".into(),
                (_, 0) => row[3] = format!("x{i}"),
                (_, 1) => row[3] = "-5".into(),
                (_, 2) => row[2] = "yesterday".into(),
                _ => row[1] = "85A2".into(),
            }
        }
        rows.push(row);
    }
    let csv = dir.path().join("customs.csv");
    let mut text = (headers.join(",") + "\n").into_bytes();
    for row in &rows {
        let fields: Vec<Vec<u8>> = row.iter().map(|v| bytes(v)).collect();
        text.extend(fields.join(&b','));
        text.push(b'\n');
    }
    std::fs::write(&csv, text).unwrap();
    // The same values as STRING columns (empty as null), in three row groups.
    let pq = dir.path().join("customs.parquet");
    let schema = Type::group_type_builder("schema")
        .with_fields(
            headers
                .iter()
                .map(|h| {
                    Arc::new(field(
                        h,
                        PhysicalType::BYTE_ARRAY,
                        Some(LogicalType::String),
                    ))
                })
                .collect(),
        )
        .build()
        .unwrap();
    let props = WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .build();
    let file = std::fs::File::create(&pq).unwrap();
    let mut w = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props)).unwrap();
    for group in rows.chunks(GROUP) {
        let mut g = w.next_row_group().unwrap();
        for c in 0..headers.len() {
            let vals: Vec<ByteArray> = group
                .iter()
                .filter(|r| !r[c].is_empty())
                .map(|r| ByteArray::from(bytes(&r[c])))
                .collect();
            let def: Vec<i16> = group.iter().map(|r| i16::from(!r[c].is_empty())).collect();
            let mut col = g.next_column().unwrap().unwrap();
            col.typed::<ByteArrayType>()
                .write_batch(&vals, Some(&def), None)
                .unwrap();
            col.close().unwrap();
        }
        g.close().unwrap();
    }
    w.close().unwrap();

    // Lenient: the same records, prepared values, counts and errors, in the same order.
    let (from_csv, _, csv_stats) = read_prepared(&csv, &lenient());
    let (from_pq, calls, pq_stats) = read_prepared(&pq, &lenient());
    let (csv_stats, pq_stats) = (csv_stats.unwrap(), pq_stats.unwrap());
    assert_eq!(csv_stats.rows_read, ROWS as u64);
    assert_eq!(csv_stats.rows_skipped, bad.len() as u64, "{csv_stats:?}");
    assert_eq!(
        (pq_stats.rows_read, pq_stats.rows_ok, pq_stats.rows_skipped),
        (
            csv_stats.rows_read,
            csv_stats.rows_ok,
            csv_stats.rows_skipped
        )
    );
    let expected: Vec<String> = csv_stats
        .errors
        .iter()
        .map(|e| as_parquet_error(e, &csv, &pq))
        .collect();
    assert_eq!(pq_stats.errors, expected);
    let utf8 = |e: &&String| e.contains(":receiverName: invalid UTF-8");
    assert_eq!(
        pq_stats.errors.iter().filter(utf8).count(),
        3,
        "{expected:?}"
    );
    for (e, row) in pq_stats.errors.iter().zip(bad) {
        assert!(
            e.starts_with(&format!("{}:{row}:", pq.display())),
            "{e} (row {row})"
        );
    }
    let (csv_records, csv_prepared): (Vec<_>, Vec<_>) = from_csv.into_iter().unzip();
    let (pq_records, pq_prepared): (Vec<_>, Vec<_>) = from_pq.into_iter().unzip();
    assert_same(&csv_records, &pq_records);
    assert_eq!(csv_prepared, pq_prepared);
    assert_eq!(pq_prepared.len(), ROWS - bad.len());
    assert_eq!(
        calls.last().copied(),
        Some((ROWS as u64, std::fs::metadata(&pq).unwrap().len()))
    );

    // Strict: the read stops at the first bad row, after the same records.
    let (from_csv, _, csv_err) = read_prepared(&csv, &ReadOptions::default());
    let (from_pq, _, pq_err) = read_prepared(&pq, &ReadOptions::default());
    assert_eq!(from_pq.len(), bad[0] - 1);
    assert_eq!(from_csv, from_pq);
    let (csv_err, pq_err) = (csv_err.unwrap_err(), pq_err.unwrap_err());
    assert!(
        matches!(&pq_err, TradeError::Row { line, .. } if *line == bad[0] as u64),
        "{pq_err}"
    );
    assert_eq!(
        pq_err.to_string(),
        as_parquet_error(&csv_err.to_string(), &csv, &pq)
    );

    // An error from the sink stops the read there, with the decode stage running ahead.
    let mut n = 0;
    let stopped = chokepoint_trade::for_each_record(&pq, &lenient(), &mut |_, _| {}, &mut |_| {
        n += 1;
        if n == 4_500 {
            return Err(TradeError::Invalid("sink full".into()));
        }
        Ok(())
    });
    assert!(matches!(stopped, Err(TradeError::Invalid(m)) if m == "sink full"));
    assert_eq!(n, 4_500);
}
