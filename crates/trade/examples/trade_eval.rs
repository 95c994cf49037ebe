//! Evaluates the detectors on scenario folders:
//! `cargo run -p chokepoint-trade --release --example trade_eval -- DIR...`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let hs = chokepoint_trade::shared_data_dir().join("hs");
    let classifier = chokepoint_trade::Classifier::load(&hs)?;
    for dir in std::env::args().skip(1) {
        let report = chokepoint_trade::eval::evaluate(std::path::Path::new(&dir), &classifier)?;
        println!("{report}");
    }
    Ok(())
}
