//! The scenario's recovered components are grouped into recovered weapons: ids, plausible
//! component counts per weapon type, recovery dates in range, date codes before recovery.

use chokepoint_scenario::weapons::{
    weapon_type, COMPONENT_COLUMNS, RECOVERY_FROM, RECOVERY_TO, TRUTH_COMPONENTS_FILE,
};
use chokepoint_scenario::{generate, ScenarioOptions, COMPONENTS_FILE};
use chokepoint_trade::date::Date;
use std::collections::{BTreeMap, HashMap};

fn read(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(path)
        .unwrap();
    let headers = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

#[test]
fn components_come_in_recovered_weapons() {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(3, 30_000, dir.path(), &ScenarioOptions::default()).unwrap();
    let (headers, rows) = read(&dir.path().join(COMPONENTS_FILE));
    assert_eq!(headers, COMPONENT_COLUMNS);
    // The original ten columns keep their place.
    assert_eq!(&headers[..3], ["id", "weapon", "componentType"]);
    assert_eq!(headers[9], "synthetic");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (weapon, wid, rec, region, code, id) = (
        col("weapon"),
        col("weaponId"),
        col("recoveredDate"),
        col("recoveryRegion"),
        col("dateCode"),
        col("id"),
    );
    assert_eq!(summary.components, rows.len());
    let from = Date::from_ymd(RECOVERY_FROM.0, RECOVERY_FROM.1, RECOVERY_FROM.2).unwrap();
    let to = Date::from_ymd(RECOVERY_TO.0, RECOVERY_TO.1, RECOVERY_TO.2).unwrap();
    let mut weapons: BTreeMap<&str, Vec<&Vec<String>>> = BTreeMap::new();
    for r in &rows {
        assert!(r[wid].starts_with("W3-"), "{r:?}");
        weapons.entry(r[wid].as_str()).or_default().push(r);
    }
    assert_eq!(summary.weapons, weapons.len());
    assert!(weapons.len() >= 10, "{} weapons", weapons.len());
    for (w, comps) in &weapons {
        let first = comps[0];
        let t = weapon_type(&first[weapon]).unwrap_or_else(|| panic!("{w}: {}", first[weapon]));
        assert!(comps.len() >= 2, "{w}: {} components", comps.len());
        assert!(
            (t.min_components..=t.max_components).contains(&comps.len()),
            "{w} ({}): {} components",
            t.name,
            comps.len()
        );
        let recovered = Date::parse(&first[rec]).unwrap();
        assert!(from <= recovered && recovered <= to, "{w}: {recovered}");
        assert!(
            recovered >= t.first_use_date(),
            "{w}: {recovered} before first use"
        );
        assert!(!first[region].is_empty());
        for c in comps {
            // One weapon: one type, one recovery date, one region.
            assert_eq!(
                (&c[weapon], &c[rec], &c[region]),
                (&first[weapon], &first[rec], &first[region])
            );
            // YYWW: the week the part was made starts before the recovery.
            let yy: i32 = c[code][..2].parse().unwrap();
            let ww: i32 = c[code][2..].parse().unwrap();
            assert!((1..=53).contains(&ww), "{}", c[code]);
            let made = Date::from_ymd(2000 + yy, 1, 1)
                .unwrap()
                .add_days(7 * (ww - 1));
            assert!(
                made <= recovered,
                "{}: made {made}, recovered {recovered}",
                c[id]
            );
        }
    }
    // The truth file carries the same weapon for every component.
    let (theaders, truth) = read(&dir.path().join(TRUTH_COMPONENTS_FILE));
    assert_eq!(&theaders[..3], ["component_id", "record_id", "synthetic"]);
    let by_id: HashMap<&str, &Vec<String>> = rows.iter().map(|r| (r[id].as_str(), r)).collect();
    assert_eq!(truth.len(), rows.len());
    for t in &truth {
        let c = by_id[t[0].as_str()];
        assert_eq!((&t[3], &t[4], &t[5]), (&c[wid], &c[rec], &c[region]));
    }
}
