//! The real-teardowns stage: finds GUR's catalogue in a data folder laid out like
//! ../shared/data, returns the report's view, and the fragment renders it with the caveat.

use chokepoint_pipeline::teardowns::{find_gur_components, real_teardowns};
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let data = std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if find_gur_components(&data).is_some() {
        Some(data)
    } else {
        eprintln!(
            "SKIP: no weapons/gur_components_*/components.csv.gz under {} (set CHOKEPOINT_SHARED_DATA)",
            data.display()
        );
        None
    }
}

#[test]
fn real_gur_catalogue_gives_the_view_and_its_fragment() {
    let Some(data) = shared() else { return };
    let out = real_teardowns(&data, 200)
        .unwrap()
        .expect("GUR catalogue found");
    let v = &out.view;
    assert_eq!(
        (v.components, v.weapons, v.rows_read, v.duplicates_removed),
        (5806, 195, 8326, 2520)
    );
    assert_eq!(v.files, ["components.csv.gz", "drones.csv"]);
    assert_eq!(
        v.definitions
            .iter()
            .map(|d| d.definition.as_str())
            .collect::<Vec<_>>(),
        ["headquarters", "manufacture", "dispatch"]
    );
    let all = &v.rows[0];
    assert_eq!(
        (all.label.as_str(), all.components),
        ("All components", 5806)
    );
    let hq = &all.cells[0];
    assert_eq!(
        (hq.china_of_all.numerator, hq.china_of_all.denominator),
        (419.0, 5806.0)
    );
    assert_eq!(hq.china_of_known.denominator, 5642.0);
    assert!(hq.china_of_all.lo.is_some());
    let lm = v
        .rows
        .iter()
        .find(|r| r.label == "Loitering munition")
        .unwrap();
    assert_eq!(lm.cells[0].china_of_all.numerator, 165.0);
    assert_eq!(v.claim_lines.len(), 3);
    assert_eq!(v.claim_lines[0].verdict, "below");
    let html = chokepoint_report::render_real_teardowns(v);
    assert!(html.contains("GUR&#39;s country is the brand&#39;s headquarters"));
    assert!(html.contains("419 / 5,806"));
    assert!(html.contains("Loitering munition"));
    assert!(!html.contains("NaN") && !html.contains("http"));
    // the full report keeps every weapon
    assert_eq!(
        out.report
            .groups
            .iter()
            .filter(|g| g.kind == chokepoint_attribution::teardown::GroupKind::Weapon)
            .count(),
        195
    );
}

#[test]
fn a_folder_without_gur_gives_none_and_a_broken_one_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(real_teardowns(dir.path(), 50).unwrap().is_none());
    let gur = dir.path().join("weapons/gur_components_2026-06");
    std::fs::create_dir_all(&gur).unwrap();
    std::fs::write(
        gur.join("drones.csv"),
        "id,display_name,role\nw,W,missile\n",
    )
    .unwrap();
    std::fs::write(
        gur.join("components.csv"),
        "component_id,name_marking,manufacturer,manufacturer_country,oem_part_number,found_in_drones,source_url\ngur-1,MCU,TI,USA,,\"[\"\"w\"\"]\",\n",
    )
    .unwrap();
    let e = real_teardowns(dir.path(), 50)
        .err()
        .expect("bad country")
        .to_string();
    assert!(e.contains("components.csv:2:manufacturer_country:"), "{e}");
}
