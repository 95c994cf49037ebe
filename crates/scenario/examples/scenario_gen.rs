//! Generates a scenario: `cargo run -p chokepoint-scenario --release --example scenario_gen -- SEED ROWS OUT_DIR`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let seed: u64 = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(1);
    let rows: u64 = args
        .get(2)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let out = std::path::PathBuf::from(args.get(3).cloned().unwrap_or_else(|| "scenario".into()));
    let t = std::time::Instant::now();
    let s = chokepoint_scenario::generate(seed, rows, &out, &Default::default())?;
    println!("{}", serde_json::to_string_pretty(&s)?);
    println!("generated in {:.2}s", t.elapsed().as_secs_f64());
    Ok(())
}
