//! The ranking on a hand-written fixture whose answer is known: one partner with a genuine
//! surge in integrated circuits, and honest look-alikes that must not rank — a partner whose
//! rise is across all goods, a partner with one lumpy shipment, a partner already rising
//! before the controls.

mod common;

use chokepoint_reexport::{analyse, import_file, load, Level, SurgeOptions, SurgeTable};
use chokepoint_trade::Classifier;
use common::{row, series};
use rusqlite::Connection;

/// Calendar-month pattern shared by every series (seasonality).
const SEASON: [f64; 12] = [0.8, 0.9, 1.1, 1.0, 1.05, 1.1, 0.9, 0.8, 1.1, 1.15, 1.1, 1.0];

fn after(y: u32, m: u32) -> bool {
    y == 2022 && m >= 3
}

fn fixture() -> String {
    let mut s = common::header();
    s.push('\n');
    let mut push = |code: &str, reporter: &str, partner: &str, f: &dyn Fn(u32, u32) -> f64| {
        s.push_str(&row(code, "fixture", reporter, partner, &series(f)));
        s.push('\n');
    };
    let season = |m: u32| SEASON[(m - 1) as usize];
    // The control basket: two non-CHPL codes per partner, with ordinary year-to-year changes
    // that differ by code (these make the placebo's spread); `g` is the partner's general rise
    // after the controls.
    let partners: [(&str, f64); 7] = [
        ("Russian Federation (Russia)", 0.4),
        ("Belarus (Belorussia)", 0.9),
        ("Armenia", 1.2),
        ("Kazakhstan", 3.0),
        ("Kyrgyzstan", 1.2),
        ("Georgia", 1.1),
        ("Uzbekistan", 1.0),
    ];
    for (i, &(p, g)) in partners.iter().enumerate() {
        let drift = [0.9, 1.15, 1.05, 0.95, 1.2, 0.85, 1.0][i];
        for (code, base, y21) in [
            ("62034231", 40_000.0, drift),
            ("94036010", 25_000.0, 2.0 - drift),
        ] {
            push(code, "Germany", p, &move |y, m| {
                let level = match y {
                    2020 => 1.0,
                    2021 => y21,
                    _ if after(y, m) => y21 * g,
                    _ => y21,
                };
                base * level * season(m)
            });
        }
    }
    // CHPL 8542.39 (two CN8 children for Armenia).
    // Russia: a collapse after the controls.
    push(
        "85423990",
        "Germany",
        "Russian Federation (Russia)",
        &|y, m| {
            if after(y, m) {
                8_000.0
            } else {
                100_000.0 * season(m)
            }
        },
    );
    // Armenia: next to nothing before, 60k a month after, in every month: the genuine surge.
    push("85423990", "Germany", "Armenia", &|y, m| {
        if after(y, m) {
            60_000.0 * season(m)
        } else {
            2_000.0 * season(m)
        }
    });
    push("85423911", "France", "Armenia", &|y, m| {
        if after(y, m) {
            5_000.0
        } else {
            500.0
        }
    });
    // Kazakhstan: triples, but so do all its other goods (g = 3): a look-alike.
    push("85423990", "Germany", "Kazakhstan", &|y, m| {
        let v = 30_000.0 * season(m);
        if after(y, m) {
            3.0 * v
        } else {
            v
        }
    });
    // Kyrgyzstan: flat, but for one big shipment in 2022-06: a lump.
    push("85423990", "Germany", "Kyrgyzstan", &|y, m| {
        if y == 2022 && m == 6 {
            600_000.0
        } else {
            3_000.0 * season(m)
        }
    });
    // Georgia: already rising in 2021 and staying at its 2021 level: a pre-control trend.
    push("85423990", "Germany", "Georgia", &|y, m| {
        (match y {
            2020 => 4_000.0,
            _ => 40_000.0,
        }) * season(m)
    });
    s
}

fn run(level: Level) -> SurgeTable {
    let dir = tempfile::tempdir().unwrap();
    let hs = common::hs_dir(dir.path());
    let file = common::write(dir.path(), "fixture.csv", &fixture());
    let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
    let summary = import_file(&mut conn, &file).unwrap();
    assert_eq!(summary.stats.rows_read, 14 + 6);
    let classifier = Classifier::load(&hs).unwrap();
    let opts = SurgeOptions {
        level,
        ..SurgeOptions::default()
    };
    analyse(&load(&conn).unwrap(), &classifier, &opts).unwrap()
}

#[test]
fn the_genuine_surge_ranks_first_and_the_look_alikes_do_not_rank() {
    let t = run(Level::Hs6);
    assert_eq!(t.after.0.to_string(), "2022-03");
    assert_eq!(
        t.after.1.to_string(),
        "2022-11",
        "2022-12 is unpublished, not zero"
    );
    assert_eq!(
        t.transition
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>(),
        ["2022-01", "2022-02"]
    );
    let by = |p: &str| t.rows.iter().find(|r| r.partner == p).unwrap();
    let top = &t.rows[0];
    assert_eq!((top.code.as_str(), top.partner.as_str()), ("8542.39", "AM"));
    assert_eq!(top.cn8, ["85423911", "85423990"]);
    assert!(top.unexplained_eur > 300_000.0, "{}", top.unexplained_eur);
    assert_eq!(top.months_above, 9);
    assert!(top.robust_z > 2.0, "{}", top.robust_z);
    // The Armenian after window is known exactly: 60k × season(Mar..Nov) + 9 × 5k.
    let a: f64 = SEASON[2..11].iter().map(|s| 60_000.0 * s).sum::<f64>() + 45_000.0;
    assert!(
        (top.sums.after - a).abs() < 10.0,
        "{} vs {a}",
        top.sums.after
    );
    // Its evidence: every month with a value, of both CN8 children.
    assert_eq!(top.evidence.len(), 2 * 35);
    assert!(top.evidence.iter().any(|e| e.cn8 == "85423990"
        && e.reporter == "DE"
        && e.month.to_string() == "2022-03"
        && e.value_eur == 66_000));
    // Only the genuine surge is unexplained.
    for r in &t.rows[1..] {
        assert!(
            r.unexplained_eur <= 0.0,
            "{} {} {}",
            r.code,
            r.partner,
            r.unexplained_eur
        );
    }
    // Kazakhstan's rise is across all its goods: the CHPL code did no more than the basket.
    let kz = by("KZ");
    // (G is 2.98, not 3: the basket's baseline level is the larger of its two-year mean and 2021.)
    assert!(
        (kz.partner_growth - 3.0).abs() < 0.05,
        "{}",
        kz.partner_growth
    );
    assert!(kz.sums.after > 2.5 * kz.sums.baseline);
    assert!(
        kz.excess_eur.abs() < 0.01 * kz.sums.after,
        "{}",
        kz.excess_eur
    );
    // Kyrgyzstan's one lump is cut to its second-largest month.
    let kg = by("KG");
    assert!(kg.sums.after > 600_000.0);
    assert!(kg.after_trimmed_eur < 40_000.0, "{}", kg.after_trimmed_eur);
    assert!(kg.months_above <= 6, "{}", kg.months_above);
    // Georgia was at its 2021 level before the controls and stayed there.
    let ge = by("GE");
    assert_eq!(ge.sums.baseline_years.len(), 2);
    assert!(ge.sums.baseline > ge.sums.baseline_years[0].1 * 5.0);
    assert!(ge.excess_eur < 0.0, "{}", ge.excess_eur);
    // The other side: the drop to Russia, the share of it the surge stands for.
    let ru = &top.drops[0];
    assert_eq!(ru.partner, "RU");
    assert!(ru.drop_share.unwrap() > 0.9);
    assert!(top.share_of_drop.unwrap() > 0.0 && top.share_of_drop.unwrap() < 1.0);
    let code = &t.codes[0];
    assert_eq!(code.code, "8542.39");
    assert!(code.drops[0].drop_eur > 0.0 && code.rise_eur > code.unexplained_eur);
    assert!(
        (code.unexplained_eur - top.unexplained_eur).abs() < 1e-6,
        "only Armenia counts"
    );
    // The partners' growth in other goods is what the fixture wrote.
    let g = |p: &str| {
        t.partner_growth
            .iter()
            .find(|g| g.partner == p)
            .unwrap()
            .growth
    };
    assert!((g("AM") - 1.2).abs() < 0.01 && (g("RU") - 0.4).abs() < 0.01);
    assert!(t.placebo.n >= 10 && t.placebo.scale > 0.01);
    assert!(t.caveats.iter().any(|c| c.contains("EUR")));
}

#[test]
fn cn8_children_rank_on_their_own() {
    let t = run(Level::Cn8);
    assert_eq!(
        (t.rows[0].code.as_str(), t.rows[0].partner.as_str()),
        ("85423990", "AM")
    );
    let small = t
        .rows
        .iter()
        .find(|r| r.code == "85423911" && r.partner == "AM")
        .unwrap();
    // 500 → 5,000 a month: a tenfold rise, but of 45k EUR, inside the noise of small flows.
    assert!(small.sums.after > 9.0 * small.sums.baseline);
    assert!(small.unexplained_eur < t.rows[0].unexplained_eur);
    assert_eq!(small.evidence.len(), 35);
}

#[test]
fn the_windows_must_fit_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let hs = common::hs_dir(dir.path());
    let file = common::write(dir.path(), "fixture.csv", &fixture());
    let mut conn = Connection::open(dir.path().join("s.db")).unwrap();
    import_file(&mut conn, &file).unwrap();
    let classifier = Classifier::load(&hs).unwrap();
    let stored = load(&conn).unwrap();
    let opts = SurgeOptions {
        control: chokepoint_refdata::date::Date::from_ymd(2023, 5, 19).unwrap(),
        ..SurgeOptions::default()
    };
    let e = analyse(&stored, &classifier, &opts)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no published month after the control date 2023-05-19"),
        "{e}"
    );
    let opts = SurgeOptions {
        baseline: (
            SurgeOptions::default().baseline.0,
            chokepoint_reexport::Month::parse("2022-06").unwrap(),
        ),
        ..SurgeOptions::default()
    };
    let e = analyse(&stored, &classifier, &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("before 2022-03"), "{e}");
}
