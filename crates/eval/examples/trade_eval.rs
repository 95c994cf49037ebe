//! Evaluates the detectors on scenario folders:
//! `cargo run -p chokepoint-eval --release --example trade_eval -- DIR...`
//! Thresholds can be overridden for tuning studies with `VALUE_Z=…` and `VAGUE_Z=…`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let hs = chokepoint_trade::shared_data_dir().join("hs");
    let classifier = chokepoint_trade::Classifier::load(&hs)?;
    let mut opts = chokepoint_trade::DetectOptions::default();
    if let Ok(v) = std::env::var("VALUE_Z") {
        opts.value_z = v.parse()?;
    }
    if let Ok(v) = std::env::var("VAGUE_Z") {
        opts.vague_value_z = v.parse()?;
    }
    for dir in std::env::args().skip(1) {
        let report =
            chokepoint_eval::trade::evaluate_with(std::path::Path::new(&dir), &classifier, &opts)?;
        println!("{report}");
    }
    Ok(())
}
