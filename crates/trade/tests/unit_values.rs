//! Unit values learnt from the imported records: robust statistics per HS-6 over trading
//! pairs, per kg and per piece, with the fallback to the heading when a code has too few pairs.

use chokepoint_trade::describe::DescriptionClassifier;
use chokepoint_trade::detect::deceptive::{Basis, Level, UnitValues};
use chokepoint_trade::detect::Prepared;
use chokepoint_trade::{shared_data_dir, Classifier, CustomsRecord};

fn classifier() -> Option<Classifier> {
    let hs = shared_data_dir().join("hs");
    if !hs.join("harmonized-system.csv").exists() {
        eprintln!("SKIP: real HS data not found at {}", hs.display());
        return None;
    }
    Some(Classifier::load(&hs).unwrap())
}

fn record(id: &str, code: &str, pair: usize, usd: f64, kg: f64, pcs: f64) -> CustomsRecord {
    CustomsRecord {
        id: id.into(),
        ved_code: code.into(),
        goods_description: "Запасные части".into(),
        receiver_inn: format!("77000000{pair:02}"),
        sender_name: format!("SUPPLIER {pair}"),
        usd_amount: Some(usd),
        net_weight: Some(kg),
        quantity: Some(pcs),
        unit: "шт".into(),
        ..Default::default()
    }
}

#[test]
fn learns_a_robust_norm_per_code_and_falls_back_to_the_heading() {
    let Some(classifier) = classifier() else {
        return;
    };
    let mut records = Vec::new();
    // 12 pairs of vehicle parts around 10 USD/kg and 20 USD/piece (three records each, a
    // little spread); one of them also ships one record at 1,000 USD/kg.
    for pair in 0..12 {
        for k in 0..3 {
            let f = 1.0 + 0.05 * (pair as f64 - 6.0) / 6.0 + 0.01 * k as f64;
            records.push(record(
                &format!("r{pair}-{k}"),
                "8708999709",
                pair,
                1000.0 * f,
                100.0,
                50.0,
            ));
        }
    }
    records.push(record("outlier", "8708999709", 3, 100_000.0, 100.0, 50.0));
    // Brake pads (8708.30): only two pairs, so they are measured against the heading.
    records.push(record("pads-1", "8708301009", 40, 1050.0, 100.0, 50.0));
    records.push(record("pads-2", "8708301009", 41, 30_000.0, 100.0, 50.0));
    let describer = DescriptionClassifier::builtin().unwrap();
    let prepared = Prepared::new(&records, &classifier, &describer).unwrap();
    let values = UnitValues::learn(&prepared, 10, 0.05);

    let (level, code, kg) = values.for_code(Basis::Kg, 870899).unwrap();
    assert_eq!((level, code), (Level::Hs6, 870899));
    assert_eq!(kg.n, 12, "one sample per trading pair");
    // The outlier record does not move its pair's median, nor the code's.
    assert!((kg.median_value() - 10.0).abs() < 0.3, "{kg:?}");
    let (_, _, piece) = values.for_code(Basis::Piece, 870899).unwrap();
    assert!((piece.median_value() - 20.0).abs() < 0.6, "{piece:?}");

    let outlier = &records[36];
    let c = prepared.classes[36].unwrap();
    let dev = values.deviations(outlier, &c);
    assert_eq!(dev.len(), 2, "per kg and per piece");
    assert!(dev.iter().all(|d| d.z > 10.0), "{dev:?}");
    let ordinary = values.deviations(&records[0], &prepared.classes[0].unwrap());
    assert!(ordinary.iter().all(|d| d.z.abs() < 2.0), "{ordinary:?}");

    // 8708.30 has two pairs: it borrows the heading's norm, and says so.
    let (level, code, _) = values.for_code(Basis::Kg, 870830).unwrap();
    assert_eq!((level, code), (Level::Heading, 8708));
    let pads = values.deviations(&records[38], &prepared.classes[38].unwrap());
    assert!(pads.iter().any(|d| d.z > 10.0), "{pads:?}");
    assert!(
        pads[0].describe().contains("heading 8708"),
        "{}",
        pads[0].describe()
    );

    // Without enough pairs anywhere, nothing is learnt: no constant stands in.
    let few = UnitValues::learn(&prepared, 100, 0.05);
    assert!(few.for_code(Basis::Kg, 870899).is_none());
}
