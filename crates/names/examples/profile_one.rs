//! Analyses one name (first argument) 200,000 times, for profiling.

use chokepoint_names::{analyze, NameKind};

fn main() {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Aleksandr Sergeyevich Pushkin".to_string());
    let t = std::time::Instant::now();
    for _ in 0..200_000 {
        std::hint::black_box(analyze(std::hint::black_box(&name), NameKind::Any));
    }
    println!("{:.2} µs/name", t.elapsed().as_secs_f64() * 1e6 / 200_000.0);
}
