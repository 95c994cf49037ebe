//! The per-record entry point of the rules that need no other record
//! ([`RecordDetector`]): on the hand-written declarations and the vendor extract it gives, record
//! by record, exactly the `desc.mismatch` and `route.transshipment` flags of `run_all`; and on a
//! few hand-written records it flags integrated circuits declared under an unrelated code while
//! an honest look-alike passes.

use chokepoint_trade::detect::{run_all, DetectOptions, RecordDetector, Sources};
use chokepoint_trade::flags::{Flag, Rule};
use chokepoint_trade::{read_all, shared_data_dir, Classifier, CustomsRecord, Date};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The real HS classifier and a detector over it, built once for every test of this file;
/// `None`, with a note, when the HS data is absent.
fn detector() -> Option<&'static RecordDetector> {
    static DETECTOR: OnceLock<Option<RecordDetector>> = OnceLock::new();
    DETECTOR
        .get_or_init(|| {
            let hs = shared_data_dir().join("hs");
            if !hs.join("harmonized-system.csv").exists() {
                eprintln!("SKIP: real HS data not found at {}", hs.display());
                return None;
            }
            let classifier = Arc::new(Classifier::load(&hs).unwrap());
            Some(RecordDetector::new(classifier).unwrap())
        })
        .as_ref()
}

fn fixture(name: &str) -> Vec<CustomsRecord> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let (records, stats) = read_all(&path, &Default::default()).unwrap();
    assert_eq!(stats.rows_skipped, 0, "{name}");
    records
}

/// `run_all`'s flags of one rule, by subject (each record carries at most one).
fn by_subject(flags: &[Flag], rule: Rule) -> HashMap<&str, &Flag> {
    let mut out = HashMap::new();
    for f in flags.iter().filter(|f| f.rule == rule) {
        assert!(
            out.insert(f.subject.as_str(), f).is_none(),
            "{} twice",
            f.subject
        );
    }
    out
}

/// Runs every detector over a fixture and compares, record by record, the per-record rules.
/// Returns how many records `desc.mismatch` and `route.transshipment` flagged.
fn compare(name: &str, detector: &RecordDetector) -> (usize, usize) {
    let records = fixture(name);
    let ids: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids.len(),
        records.len(),
        "{name}: record ids are not unique"
    );
    let flags = run_all(
        &records,
        detector.classifier(),
        &Sources::default(),
        &DetectOptions::default(),
    )
    .unwrap();
    let mismatch = by_subject(&flags, Rule::DescMismatch);
    let route = by_subject(&flags, Rule::RouteTransshipment);
    for r in &records {
        let one = detector.desc_mismatch(r);
        assert_eq!(
            one.as_ref(),
            mismatch.get(r.id.as_str()).copied(),
            "{name}: record {} «{}»",
            r.id,
            r.goods_description
        );
        assert_eq!(
            detector.transshipment(r),
            route.contains_key(r.id.as_str()),
            "{name}: record {}",
            r.id
        );
        // All the per-record flags at once, in run_all's order and form.
        let expected: Vec<&Flag> = mismatch
            .get(r.id.as_str())
            .into_iter()
            .chain(route.get(r.id.as_str()))
            .copied()
            .collect();
        let got = detector.flags(r);
        assert_eq!(
            got.iter().collect::<Vec<_>>(),
            expected,
            "{name}: record {}",
            r.id
        );
    }
    eprintln!(
        "{name}: {} records, {} desc.mismatch, {} route.transshipment",
        records.len(),
        mismatch.len(),
        route.len()
    );
    (mismatch.len(), route.len())
}

#[test]
fn per_record_desc_mismatch_equals_run_all_on_the_handwritten_declarations() {
    let Some(d) = detector() else { return };
    let (mismatch, _) = compare("handwritten_declarations.csv", d);
    // Not a vacuous comparison: 74 of the 310 rows carry desc.mismatch today.
    assert!(mismatch >= 50, "only {mismatch} desc.mismatch flags");
}

#[test]
fn per_record_rules_equal_run_all_on_the_vendor_extract() {
    let Some(d) = detector() else { return };
    compare("vendor_dt_extract.csv", d);
}

fn record(id: &str, code: &str, description: &str) -> CustomsRecord {
    CustomsRecord {
        id: id.into(),
        date: Date::parse("2023-06-01").unwrap(),
        ved_code: code.into(),
        goods_description: description.into(),
        quantity: Some(500.0),
        unit: "шт".into(),
        net_weight: Some(2.0),
        usd_amount: Some(4000.0),
        receiver_name: "ООО «Вектор»".into(),
        sender_name: "SHENZHEN BRIGHTWAY TRADING CO., LTD".into(),
        origin_country: "US".into(),
        departure_country: "HK".into(),
        trading_country: "AE".into(),
        ..CustomsRecord::default()
    }
}

#[test]
fn integrated_circuits_under_an_unrelated_code_are_flagged_and_honest_look_alikes_are_not() {
    let Some(d) = detector() else { return };
    // Microcontrollers with their part number, declared as plastic household articles.
    let chips = record(
        "chips",
        "3924900009",
        "Микросхемы интегральные электронные, микроконтроллеры STM32F407VGT6",
    );
    let flag = d.desc_mismatch(&chips).expect("desc.mismatch");
    assert_eq!(flag.rule, Rule::DescMismatch);
    assert_eq!(
        (flag.subject.as_str(), &flag.evidence[..]),
        ("chips", &["chips".to_string()][..])
    );
    assert!(flag.score > 0.5 && flag.score <= 1.0, "{flag:?}");
    assert!(
        flag.explanation.contains("STM32F407VGT6"),
        "{}",
        flag.explanation
    );
    assert!(flag.explanation.contains("3924.90"), "{}", flag.explanation);
    // The same goods under their own (CHPL) code: the description matches the code.
    let honest = record(
        "honest",
        "8542319000",
        "Микросхемы интегральные электронные, микроконтроллеры STM32F407VGT6",
    );
    assert_eq!(d.desc_mismatch(&honest), None);
    // Plastic tableware under the same plastics code: nothing of concern named.
    let tableware = record(
        "tableware",
        "3924900009",
        "Изделия хозяйственные из пластмасс: контейнеры пищевые с крышками",
    );
    assert_eq!(d.desc_mismatch(&tableware), None);
    // An unknown declared code gives no flag rather than an error.
    let unknown = record(
        "unknown",
        "0000000000",
        "Микросхемы интегральные STM32F407VGT6",
    );
    assert_eq!(d.desc_mismatch(&unknown), None);
}

#[test]
fn transshipment_needs_sensitive_goods_of_coalition_origin_through_a_hub() {
    let Some(d) = detector() else { return };
    let chips = record(
        "chips",
        "8542319000",
        "Микросхемы интегральные STM32F407VGT6",
    );
    assert!(d.transshipment(&chips));
    let direct = CustomsRecord {
        trading_country: "HK".into(),
        ..chips.clone()
    };
    assert!(!d.transshipment(&direct), "invoiced from the hub itself");
    let tableware = record("tableware", "3924900009", "Контейнеры пищевые из пластмасс");
    assert!(!d.transshipment(&tableware), "goods of no concern");
}
