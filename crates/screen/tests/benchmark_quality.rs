//! Quality regression on the real nomenklatura name benchmark (826 labelled pairs), read at run
//! time from the shared data folder; skipped with a message when the folder is absent.

mod common;

use chokepoint_model::Schema;
use chokepoint_screen::{score_names, DEFAULT_THRESHOLD};
use common::data_dir;

#[test]
fn nomenklatura_f1_beats_logic_v2() {
    let path = data_dir().join("peer_suites/nomenklatura/cases.csv");
    let Ok(mut rdr) = csv::Reader::from_path(&path) else {
        eprintln!(
            "skipped: {} not found (set CHOKEPOINT_SHARED_DATA)",
            path.display()
        );
        return;
    };
    let headers = rdr.headers().expect("header row").clone();
    let col = |n: &str| headers.iter().position(|h| h == n).expect("column");
    let (cs, c1, c2, cm) = (col("schema"), col("name1"), col("name2"), col("is_match"));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut n = 0;
    for r in rdr.records() {
        let r = r.expect("record");
        let schema: Option<Schema> = r.get(cs).and_then(|s| s.parse().ok());
        let score = score_names(r.get(c1).unwrap_or(""), r.get(c2).unwrap_or(""), schema);
        assert!((0.0..1.0).contains(&score), "score {score} out of range");
        let predicted = score >= DEFAULT_THRESHOLD;
        let truth = r.get(cm) == Some("true");
        match (predicted, truth) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
        n += 1;
    }
    assert_eq!(n, 826, "the benchmark has 826 pairs");
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(1e-9);
    // logic-v2 reaches 0.79 on these pairs; the benchmark table reports the exact value.
    assert!(f1 >= 0.82, "F1 {f1:.3} (precision {p:.3}, recall {r:.3})");
}
