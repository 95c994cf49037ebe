//! The real Eurostat file from the shared data folder (`$CHOKEPOINT_SHARED_DATA`, default
//! `../shared/data`), read as it is: exact counts, values checked by hand with zcat and grep,
//! the totals the file's NOTES.md states, and the top of the ranking. Skips with a message when
//! the folder is absent.

use chokepoint_reexport::{analyse, import_file, load, Month, SurgeOptions, SHARED_FILE};
use chokepoint_trade::Classifier;
use rusqlite::Connection;

#[test]
fn the_real_file_imports_exactly_and_ranks_armenian_ics_first() {
    let shared = chokepoint_trade::shared_data_dir();
    let file = shared.join(SHARED_FILE);
    if !file.exists() {
        eprintln!(
            "skipped: {} is absent (set CHOKEPOINT_SHARED_DATA)",
            file.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
    let s = import_file(&mut conn, &file).unwrap();
    // 2,338 products × 27 reporters × 7 partners (NOTES.md), every row usable.
    assert_eq!(s.stats.rows_read, 441_882);
    assert_eq!(s.stats.rows_usable, 441_882);
    assert!(s.stats.unusable.is_empty());
    assert_eq!(s.stats.heading_rows, 115 * 27 * 7);
    assert_eq!(s.stats.cells_value, 1_141_670);
    assert_eq!(s.stats.cells_not_available, 14_766_082);
    assert_eq!(
        s.stats.cells_value + s.stats.cells_not_available,
        441_882 * 36
    );
    assert!(s.stats.flags.is_empty(), "the file carries no flag letters");
    assert_eq!(s.stats.months.len(), 36);
    assert_eq!(
        s.stats.unpublished_months,
        vec![Month::parse("2022-12").unwrap()]
    );

    let stored = load(&conn).unwrap();
    assert_eq!(stored.series.len(), 441_882);
    assert_eq!(stored.products.len(), 2_338);
    // By hand: `zcat … | grep -n '^85423990,' | grep ',Armenia,'` — line 382951 is Germany,
    // `:` up to 2022-02, then 85317 in 2022-03 … 283979 in 2022-11; line 383028 is Lithuania,
    // 814 in 2020-06.
    let m = |s: &str| Month::parse(s).unwrap();
    let de_am = stored
        .series
        .iter()
        .find(|x| x.code == "85423990" && x.reporter == "DE" && x.partner == "AM")
        .unwrap();
    assert_eq!(de_am.line, 382_951);
    assert_eq!(de_am.values.first(), Some(&(m("2022-03"), 85_317)));
    assert_eq!(de_am.values.last(), Some(&(m("2022-11"), 283_979)));
    assert_eq!(de_am.values.len(), 9);
    let lt_am = stored
        .series
        .iter()
        .find(|x| x.code == "85423990" && x.reporter == "LT" && x.partner == "AM")
        .unwrap();
    assert_eq!(lt_am.line, 383_028);
    assert_eq!(lt_am.values[0], (m("2020-06"), 814));
    // NOTES.md: HS 8542 to Armenia 0.15 / 0.42 / 4.48 million EUR in 2020 / 2021 / 2022,
    // Russia 560 / 622 / 119 million (exact sums checked with a script over the file).
    let total = |partner: &str, year: u32| -> u64 {
        stored
            .series
            .iter()
            .filter(|x| x.code.len() == 8 && x.code.starts_with("8542") && x.partner == partner)
            .flat_map(|x| x.values.iter())
            .filter(|(mm, _)| mm.year() == year)
            .map(|&(_, v)| v)
            .sum()
    };
    assert_eq!(total("AM", 2020), 145_844);
    assert_eq!(total("AM", 2021), 422_703);
    assert_eq!(total("AM", 2022), 4_481_770);
    assert_eq!(total("RU", 2022), 119_388_632);
    assert_eq!(total("KG", 2022), 1_682_167);

    let classifier = Classifier::load(&shared.join("hs")).unwrap();
    let t = analyse(&stored, &classifier, &SurgeOptions::default()).unwrap();
    assert_eq!(t.after, (m("2022-03"), m("2022-11")));
    // 38 CN8 codes of the file fall in 19 CHPL subheadings; two are new in HS 2022 without a
    // predecessor in the file, and 8803.30 (HS 2017) continues as 8807.30.
    assert_eq!(t.excluded.no_baseline, ["8541.51", "8541.59"]);
    assert_eq!(t.codes.len(), 17);
    assert_eq!(t.rows.len(), 17 * 5);
    let uav = t.rows.iter().find(|r| r.code == "8807.30").unwrap();
    assert_eq!(uav.cn8, ["88033000→8807.30", "88073000"]);
    assert_eq!(t.excluded.heading_rows, 21_735);
    // The top row: integrated circuits n.e.c. to Armenia, with Germany's 2022-03 row in its
    // evidence and a rise in all nine months.
    let top = &t.rows[0];
    assert_eq!((top.code.as_str(), top.partner.as_str()), ("8542.39", "AM"));
    assert_eq!(top.months_above, 9);
    assert!(top.unexplained_eur > 1_000_000.0, "{}", top.unexplained_eur);
    assert!(top.evidence.iter().any(|e| e.reporter == "DE"
        && e.cn8 == "85423990"
        && e.month == m("2022-03")
        && e.value_eur == 85_317
        && e.line == 382_951));
    // Russia's drop in the same code dwarfs it (76 million EUR against 1.9 million).
    assert!(top.drops[0].drop_eur > 20.0 * top.unexplained_eur);
    // Every ranked row's evidence adds up to its monthly series.
    for r in t.rows.iter().take(10) {
        let ev: u64 = r.evidence.iter().map(|e| e.value_eur).sum();
        let series: f64 = r.monthly.iter().map(|p| p.eur).sum();
        assert_eq!(ev as f64, series, "{} {}", r.code, r.partner);
    }
}
