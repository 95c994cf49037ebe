//! Imports the shared Eurostat file into a temporary store and prints the top surges
//! (a development aid: `cargo run -p chokepoint-reexport --example surges --release`).
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = chokepoint_trade::shared_data_dir();
    let file = shared.join(chokepoint_reexport::SHARED_FILE);
    let dir = std::env::temp_dir().join("reexport-example");
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("s.db");
    let _ = std::fs::remove_file(&db);
    let mut conn = rusqlite::Connection::open(&db)?;
    let t = std::time::Instant::now();
    let s = chokepoint_reexport::import_file(&mut conn, &file)?;
    eprintln!(
        "import {:?}: {} rows read, {} usable, {} unusable, {:?}",
        t.elapsed(),
        s.stats.rows_read,
        s.stats.rows_usable,
        s.stats.unusable.len(),
        s.stats.unpublished_months
    );
    let stored = chokepoint_reexport::load(&conn)?;
    let classifier = chokepoint_trade::Classifier::load(&shared.join("hs"))?;
    let mut opts = chokepoint_reexport::SurgeOptions::default();
    if std::env::args().any(|a| a == "cn8") {
        opts.level = chokepoint_reexport::Level::Cn8;
    }
    let t = std::time::Instant::now();
    let table = chokepoint_reexport::analyse(&stored, &classifier, &opts)?;
    eprintln!("analyse {:?}", t.elapsed());
    for g in &table.partner_growth {
        println!(
            "{} G={:.2} placebo={:?} B={:.0} A={:.0}",
            g.partner, g.growth, g.placebo_growth, g.baseline_eur, g.after_eur
        );
    }
    println!("placebo {:?} excluded {:?}", table.placebo, table.excluded);
    for r in table.rows.iter().take(25) {
        println!("{:>2} {} {} {} B={:.0} A={:.0} Atrim={:.0} E={:.0} X={:.0} U={:.0} ratio={:.1} above={}/{} z={:.1} pl={:.3} RUdrop={:.0} ev={}", r.rank, r.code, r.tier, r.partner, r.sums.baseline, r.sums.after, r.after_trimmed_eur, r.expected_eur, r.excess_eur, r.unexplained_eur, r.ratio, r.months_above, r.after_months, r.robust_z, r.placebo_share, r.drops[0].drop_eur, r.evidence.len());
    }
    Ok(())
}
