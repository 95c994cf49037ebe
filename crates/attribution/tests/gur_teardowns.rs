//! Attribution on real teardowns: GUR's "War & Sanctions" catalogue read as published, the
//! counts and shares the issue pins (checked beforehand with zcat/python on the file), and
//! hand-written hostile inputs that must fail with file, line and field.

use chokepoint_attribution::origin::Definition;
use chokepoint_attribution::teardown::{
    self, analyze_files, read_gur, GroupKind, GurFiles, TeardownReport, Verdict, ViewOptions,
};
use std::io::Write;
use std::path::{Path, PathBuf};

const GUR_DIR: &str = "weapons/gur_components_2026-06";

fn shared_gur() -> Option<PathBuf> {
    let data = std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let file = data.join(GUR_DIR).join("components.csv.gz");
    if file.is_file() {
        Some(file)
    } else {
        eprintln!(
            "SKIP: {} not found (set CHOKEPOINT_SHARED_DATA to the shared data folder)",
            file.display()
        );
        None
    }
}

fn real_report() -> Option<TeardownReport> {
    let file = shared_gur()?;
    Some(
        analyze_files(
            &file,
            None,
            false,
            &ViewOptions {
                replicates: 400,
                ..ViewOptions::default()
            },
        )
        .expect("the real GUR file reads"),
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 5e-4
}

#[test]
fn real_file_counts_and_deduplication() {
    let Some(r) = real_report() else { return };
    assert_eq!(r.rows_read, 8326);
    assert_eq!(r.n_components, 5806);
    assert_eq!(r.duplicates.rows_removed, 2520);
    assert_eq!(r.duplicates.ids.len(), 8);
    assert!(
        r.duplicates.ids.iter().all(|d| d.copies == 316),
        "{:?}",
        r.duplicates.ids
    );
    let mut ids: Vec<&str> = r.duplicates.ids.iter().map(|d| d.id.as_str()).collect();
    ids.sort();
    assert_eq!(
        ids,
        ["gur-10", "gur-11", "gur-12", "gur-5", "gur-6", "gur-7", "gur-8", "gur-9"]
    );
    assert_eq!(
        r.duplicates.differing(),
        0,
        "the scraper's copies are identical"
    );
    assert_eq!((r.n_weapons, r.n_weapons_listed), (195, 195));
    assert!(r.files.weapons.ends_with("drones.csv"));
    // unknowns are counted, not dropped
    assert_eq!(r.unknowns.country_unknown, 164);
    assert_eq!(r.unknowns.maker_unidentified, 126);
    let all = r.group(GroupKind::All, "all").unwrap();
    assert_eq!(all.n_components, 5806);
    for d in Definition::ALL {
        let ds = all.get(d).unwrap();
        assert_eq!(ds.known + ds.unknown, 5806.0, "{d:?}");
    }
}

#[test]
fn real_file_china_headquarters_share_with_both_denominators() {
    let Some(r) = real_report() else { return };
    let hq = r
        .group(GroupKind::All, "all")
        .unwrap()
        .get(Definition::Headquarters)
        .unwrap();
    assert_eq!((hq.known, hq.unknown), (5642.0, 164.0));
    let cn = hq.country("CN").unwrap();
    assert_eq!(
        (cn.of_all.numerator, cn.of_all.denominator),
        (419.0, 5806.0)
    );
    assert_eq!(format!("{:.1}", 100.0 * cn.of_all.share.unwrap()), "7.2");
    assert_eq!(cn.of_known.denominator, 5642.0);
    assert_eq!(format!("{:.1}", 100.0 * cn.of_known.share.unwrap()), "7.4");
    for e in [cn.of_all, cn.of_known] {
        let (lo, hi) = (e.lo.unwrap(), e.hi.unwrap());
        assert!(lo < e.share.unwrap() && e.share.unwrap() < hi, "{e:?}");
        assert!(
            lo > 0.03 && hi < 0.13,
            "weapon resampling gives a few points: {e:?}"
        );
    }
    let us = hq.country("US").unwrap();
    assert_eq!(us.of_all.numerator, 3950.0);
    assert_eq!(format!("{:.0}", 100.0 * us.of_all.share.unwrap()), "68");
    // The other countries of NOTES.md.
    for (c, n) in [
        ("CH", 377.0),
        ("JP", 227.0),
        ("TW", 164.0),
        ("NL", 159.0),
        ("DE", 141.0),
    ] {
        assert_eq!(hq.country(c).unwrap().of_all.numerator, n, "{c}");
    }
}

#[test]
fn real_file_families_with_intervals() {
    let Some(r) = real_report() else { return };
    let fam = |role: &str| {
        r.group(GroupKind::Family, role)
            .unwrap_or_else(|| panic!("family {role}"))
            .get(Definition::Headquarters)
            .unwrap()
            .clone()
    };
    // loitering munitions: 165 of 1,315 Chinese by headquarters (12.5 %)
    let lm = fam("loitering_munition");
    let cn = lm.country("CN").unwrap();
    assert_eq!(
        (cn.of_all.numerator, cn.of_all.denominator),
        (165.0, 1315.0)
    );
    assert!(close(cn.of_all.share.unwrap(), 165.0 / 1315.0));
    assert!(cn.of_all.lo.unwrap() < 0.125 && cn.of_all.hi.unwrap() > 0.125);
    // FPV strike: 20 of 36, over two weapons only
    let fpv_group = r.group(GroupKind::Family, "fpv_strike").unwrap();
    assert_eq!((fpv_group.n_components, fpv_group.n_weapons), (36, 2));
    let fpv = fam("fpv_strike");
    let cn = fpv.country("CN").unwrap();
    assert_eq!((cn.of_all.numerator, cn.of_all.denominator), (20.0, 36.0));
    assert!(cn.of_all.lo.is_some(), "two weapons still resample");
    // missiles: 28 of 1,157
    assert_eq!(fam("missile").country("CN").unwrap().of_all.numerator, 28.0);
    // every family is present, the role-less weapons included, and they add up
    let fams: Vec<&str> = r
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::Family)
        .map(|g| g.key.as_str())
        .collect();
    assert_eq!(
        fams,
        [
            "loitering_munition",
            "fpv_strike",
            "isr",
            "strike",
            "missile",
            "ew",
            "unknown"
        ]
    );
    let sum: usize = r
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::Family)
        .map(|g| g.n_components)
        .sum();
    assert_eq!(sum, 5806);
    let drones = r.group(GroupKind::Drones, "drones").unwrap();
    assert_eq!(drones.n_components, 1315 + 36 + 500 + 315);
    // every weapon is its own group, without an interval
    let weapons: Vec<_> = r
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::Weapon)
        .collect();
    assert_eq!(weapons.len(), 195);
    assert_eq!(weapons.iter().map(|g| g.n_components).sum::<usize>(), 5806);
    assert!(weapons.iter().all(|g| g.interval_note.is_some()
        && g.definitions
            .iter()
            .all(|d| d.countries.iter().all(|c| c.of_all.lo.is_none()))));
}

#[test]
fn real_file_manufacture_and_dispatch_are_never_guessed() {
    let Some(r) = real_report() else { return };
    let all = r.group(GroupKind::All, "all").unwrap();
    let dispatch = all.get(Definition::Dispatch).unwrap();
    assert_eq!((dispatch.known, dispatch.unknown), (0.0, 5806.0));
    assert!(dispatch.countries.is_empty());
    let m = all.get(Definition::Manufacture).unwrap();
    // Only printed marks decide: 26 components (TAIWAN on Xilinx FPGAs, CHN on ST MCUs …).
    assert_eq!(m.known, 26.0, "{:?}", m.countries);
    assert_eq!(m.country("CN").unwrap().of_all.numerator, 7.0);
    assert!(r.items.iter().all(|i| i.manufacture.is_unknown()
        || matches!(
            i.manufacture.basis.as_str(),
            "origin_mark" | "made_in_marking"
        )));
    // The claim: refuted by headquarters, untestable by manufacture and dispatch.
    let verdict = |d: Definition, g: GroupKind| {
        r.claim
            .rows
            .iter()
            .find(|x| x.definition == d && x.group == g)
            .unwrap()
            .verdict
    };
    assert_eq!(
        verdict(Definition::Headquarters, GroupKind::Drones),
        Verdict::Below
    );
    assert_eq!(
        verdict(Definition::Headquarters, GroupKind::All),
        Verdict::Below
    );
    assert_eq!(
        verdict(Definition::Manufacture, GroupKind::Drones),
        Verdict::Undecided
    );
    assert_eq!(
        verdict(Definition::Dispatch, GroupKind::Drones),
        Verdict::Undecided
    );
}

#[test]
fn real_file_headquarters_cross_check_follows_mergers() {
    let Some(r) = real_report() else { return };
    let c = &r.crosscheck;
    let ir = c
        .differences
        .iter()
        .find(|d| d.maker == "International Rectifier (Infineon Technologies)")
        .expect("IR listed");
    assert_eq!(ir.relation, teardown::HqRelation::Merger);
    assert_eq!((ir.brand_hq.as_str(), ir.owner_hq.as_str()), ("US", "DE"));
    assert_eq!(ir.gur_country.as_deref(), Some("US"));
    assert!(c.count(teardown::HqRelation::Agree) > 4000);
    assert_eq!(c.china.gur, 419);
    // ISSI and Nexperia are Chinese-owned: the ultimate-parent reading counts more CN.
    assert!(c.china.registry_parent > c.china.gur);
    assert!(c
        .parents_elsewhere
        .iter()
        .any(|d| d.registry_brand == "ISSI"));
    assert_eq!(c.resolved + c.unresolved, 5806);
    // sellers GUR appends to a maker are split off
    assert!(r.sellers.iter().any(|(s, _)| s.contains("CHIP AND DIP")));
    assert!(r
        .items
        .iter()
        .all(|i| !i.manufacturer.contains(" Suppliers ")));
}

// ---- hand-written fixtures -------------------------------------------------------------------

const HEADER: &str = "component_id,name_marking,category,function,manufacturer,manufacturer_country,oem_part_number,production_date,found_in_drones,sanctions_status,is_dual_use,replaceable_with,price_retail_usd,source_url,evidence_image,last_verified,notes";

fn row(id: &str, marking: &str, maker: &str, country: &str, weapon: &str) -> String {
    format!(
        "{id},{marking},unknown,,{maker},{country},,,\"[\"\"{weapon}\"\"]\",unknown,False,[],,https://example.org/{id},,2026-06-13,"
    )
}

fn fixture_rows() -> Vec<String> {
    vec![
        HEADER.to_string(),
        row(
            "gur-1",
            "MCU STM32F405 RGT6 GQ205 CHN",
            "STMicroelectronics",
            "CH",
            "lancet-a",
        ),
        row(
            "gur-2",
            "Flash W25Q128",
            "Winbond Electronics Corporation",
            "TW",
            "lancet-a",
        ),
        row(
            "gur-3",
            "Power module",
            "MORNSUN Guangzhou",
            "CN",
            "lancet-b",
        ),
        row("gur-4", "Camera", "Not identified", "UNK", "lancet-b"),
        row(
            "gur-5",
            "FPGA XC6SLX16 TAIWAN",
            "Xilinx Inc. (AMD)",
            "US",
            "kh-101",
        ),
        row(
            "gur-6",
            "MOSFET IRF7341",
            "International Rectifier (Infineon Technologies)",
            "US",
            "kh-101",
        ),
        row(
            "gur-7",
            "Regulator",
            "Murata Suppliers JSC CHIP AND DIP",
            "JP",
            "kh-101",
        ),
        row(
            "gur-5",
            "FPGA XC6SLX16 TAIWAN",
            "Xilinx Inc. (AMD)",
            "US",
            "kh-101",
        ),
        row(
            "gur-5",
            "FPGA XC6SLX16 TAIWAN",
            "Xilinx Inc. (AMD)",
            "US",
            "kh-101",
        ),
    ]
}

const WEAPONS: &str = "id,display_name,aka,operators,manufacturer_country,role,propulsion,total_components_documented,primary_source_url,secondary_sources,image_url,last_verified,notes\n\
lancet-a,Lancet A,[],[],RU,loitering_munition,unknown,2,,[],,2026-06-13,\n\
lancet-b,Lancet B,[],[],RU,loitering_munition,unknown,2,,[],,2026-06-13,\n\
kh-101,Kh-101,[],[],RU,missile,unknown,3,,[],,2026-06-13,\n";

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn write_fixture(dir: &Path, rows: &[String], gzip: bool) -> PathBuf {
    std::fs::write(dir.join("drones.csv"), WEAPONS).unwrap();
    let text = rows.join("\n") + "\n";
    let path = dir.join(if gzip {
        "components.csv.gz"
    } else {
        "components.csv"
    });
    std::fs::write(
        &path,
        if gzip {
            gz(text.as_bytes())
        } else {
            text.into_bytes()
        },
    )
    .unwrap();
    path
}

fn fixture_report(dir: &Path) -> TeardownReport {
    let path = write_fixture(dir, &fixture_rows(), true);
    assert!(teardown::is_gur_layout(&path).unwrap());
    analyze_files(&path, None, false, &ViewOptions::default()).unwrap()
}

#[test]
fn fixture_is_deduplicated_attributed_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let r = fixture_report(dir.path());
    assert_eq!(
        (r.rows_read, r.n_components, r.duplicates.rows_removed),
        (9, 7, 2)
    );
    assert_eq!(r.duplicates.ids[0].id, "gur-5");
    assert_eq!(r.duplicates.ids[0].copies, 3);
    let all = r.group(GroupKind::All, "all").unwrap();
    let hq = all.get(Definition::Headquarters).unwrap();
    assert_eq!((hq.known, hq.unknown), (6.0, 1.0));
    let cn = hq.country("CN").unwrap();
    assert_eq!((cn.of_all.numerator, cn.of_all.denominator), (1.0, 7.0));
    assert_eq!(cn.of_known.denominator, 6.0);
    // manufacture only from the printed marks: ST's CHN, Xilinx's TAIWAN
    let m = all.get(Definition::Manufacture).unwrap();
    assert_eq!(m.known, 2.0);
    assert_eq!(m.country("CN").unwrap().of_all.numerator, 1.0);
    assert_eq!(m.country("TW").unwrap().of_all.numerator, 1.0);
    // dispatch: not in GUR
    assert_eq!(all.get(Definition::Dispatch).unwrap().known, 0.0);
    // families: one interval per family of ≥ 2 weapons; the missile family has one weapon
    let lm = r.group(GroupKind::Family, "loitering_munition").unwrap();
    assert_eq!((lm.n_components, lm.n_weapons), (4, 2));
    assert!(lm.interval_note.is_none());
    let missile = r.group(GroupKind::Family, "missile").unwrap();
    assert!(missile.interval_note.is_some());
    // the cross-check sees IR's merger; the seller is split off Murata
    assert!(r
        .crosscheck
        .differences
        .iter()
        .any(|d| d.registry_brand == "International Rectifier"));
    assert_eq!(
        r.sellers,
        vec![("Suppliers JSC CHIP AND DIP".to_string(), 1)]
    );
    assert_eq!(r.unknowns.maker_unidentified, 1);
    // every share in the JSON names its definition, denominator and counts
    let mut json = Vec::new();
    teardown::output::write_json(&r, &mut json).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["components"], 7);
    let shares = v["shares"].as_array().unwrap();
    let hit = shares
        .iter()
        .find(|s| {
            s["group_kind"] == "all"
                && s["definition"] == "headquarters"
                && s["country"] == "CN"
                && s["denominator_kind"] == "known_country"
        })
        .unwrap();
    assert_eq!(hit["numerator"], 1.0);
    assert_eq!(hit["denominator"], 6.0);
    assert_eq!(hit["n_components"], 7);
    assert!(hit["lo"].is_number() && hit["hi"].is_number());
    // the text says which denominator each percentage uses
    let text = teardown::output::text(&r);
    assert!(
        text.contains("\"% of all\" counts every component"),
        "{text}"
    );
    assert!(text.contains("GUR's country is the brand's headquarters"));
}

fn err_of(dir: &Path, rows: &[String], gzip: bool) -> String {
    let path = write_fixture(dir, rows, gzip);
    analyze_files(&path, None, false, &ViewOptions::default())
        .unwrap_err()
        .to_string()
}

#[test]
fn truncated_gzip_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_fixture(dir.path(), &fixture_rows(), true);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let e = analyze_files(&path, None, false, &ViewOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with(&format!("{}:", path.display())), "{e}");
    assert!(e.contains(":gzip:") && e.contains("truncated"), "{e}");
}

#[test]
fn missing_column_and_bad_rows_name_file_line_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("components.csv.gz").display().to_string();
    let rows = fixture_rows();
    // (row index to replace, its replacement, the start of the error, another part of it)
    let cases: [(usize, String, &str, &str); 5] = [
        (
            0,
            rows[0].replace("manufacturer_country", "maker_country"),
            "1:manufacturer_country: missing column",
            "the header has",
        ),
        // a country that is not a code (line 4 = third data row)
        (
            3,
            row("gur-3", "Power module", "MORNSUN", "China", "lancet-b"),
            "4:manufacturer_country:",
            "China",
        ),
        // a weapon the weapons file does not have
        (
            2,
            row("gur-2", "Flash", "Winbond", "TW", "orlan-99"),
            "3:found_in_drones:",
            "orlan-99",
        ),
        // a row cut short
        (5, "gur-4,Camera,unknown".into(), "6:row: 3 fields", "17"),
        // not JSON where a weapon list belongs
        (
            1,
            rows[1].replace("\"[\"\"lancet-a\"\"]\"", "lancet-a"),
            "2:found_in_drones:",
            "JSON list",
        ),
    ];
    for (at, replacement, start, part) in cases {
        let mut bad = rows.clone();
        bad[at] = replacement;
        let e = err_of(dir.path(), &bad, true);
        assert!(e.starts_with(&format!("{file}:{start}")), "{e}");
        assert!(e.contains(part), "{e}");
    }
}

#[test]
fn lenient_skips_and_counts_bad_rows_and_differing_duplicates_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = fixture_rows();
    rows[3] = row("gur-3", "Power module", "MORNSUN", "China", "lancet-b");
    rows.push(row(
        "gur-1",
        "MCU STM32F405 (other marking)",
        "STMicroelectronics",
        "CH",
        "lancet-a",
    ));
    let path = write_fixture(dir.path(), &rows, false);
    let files = GurFiles::locate(&path, None).unwrap();
    let cat = read_gur(&files, true).unwrap();
    assert_eq!(cat.rows_skipped, 1);
    assert!(
        cat.errors[0].contains(":4:manufacturer_country:"),
        "{:?}",
        cat.errors
    );
    assert_eq!(cat.components.len(), 6);
    let d = cat.duplicates.ids.iter().find(|d| d.id == "gur-1").unwrap();
    assert_eq!((d.copies, d.differing_lines.clone()), (2, vec![11]));
    assert_eq!(cat.duplicates.differing(), 1);
}

#[test]
fn a_missing_weapons_file_says_how_to_give_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_fixture(dir.path(), &fixture_rows(), true);
    std::fs::remove_file(dir.path().join("drones.csv")).unwrap();
    let e = analyze_files(&path, None, false, &ViewOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no weapons file") && e.contains("--weapons"),
        "{e}"
    );
    // given explicitly under another name it is used
    std::fs::write(dir.path().join("w.csv"), WEAPONS).unwrap();
    let r = analyze_files(
        &path,
        Some(&dir.path().join("w.csv")),
        false,
        &ViewOptions::default(),
    )
    .unwrap();
    assert_eq!(r.n_components, 7);
}

#[test]
fn other_layouts_are_not_taken_for_gur() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ws.csv");
    std::fs::write(
        &p,
        "Weapon;Component;Marking;Manufacturer;Country\nShahed;MCU;STM32;ST;CH\n",
    )
    .unwrap();
    assert!(!teardown::is_gur_layout(&p).unwrap());
}
