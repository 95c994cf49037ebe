//! The dispatch linkage model on a hand-built case where part-number links are missing not at
//! random: the shipments that carried most Chinese-dispatched parts hide the part number
//! (a vague description under a plastics code), so the plain join sees only the honest German
//! shipments and under-counts China; weighting the flagged channels recovers the share.
//!
//! The world (one part, STM32F405RGT6, all shipments in 2023, every component recovered in 2024
//! with date code 2201):
//! - 8 shipments from DE naming the part, unflagged;
//! - 2 shipments from CN naming the part, flagged (transshipment);
//! - 4 shipments from CN that do not name it ("electronic parts" under HS 392690), flagged as
//!   a vague description with a high value;
//! - 2 unflagged shipments from TR that name nothing under a plastics code (ordinary plastics);
//!
//! and ten recovered components, one per weapon, that in truth came 4 from the hidden CN
//! shipments, 2 from the flagged CN ones and 4 from DE: a true CN share of 0.6.

use chokepoint_attribution::linkage::{model_dispatch, LinkageOptions, RowFlags, BASIS};
use chokepoint_attribution::{
    analyze_linked, attribute, AttributeOptions, ComponentRecord, Date, Definition, Registry,
    ShareOptions, TradeIndex, TradeRow,
};
use chokepoint_trade::{Flag, Rule};

fn row(id: &str, desc: &str, hs6: u32, dispatch: &str, month: u8) -> TradeRow {
    TradeRow {
        id: id.into(),
        description: desc.into(),
        hs6: Some(hs6),
        dispatch_country: dispatch.into(),
        exporter_country: dispatch.into(),
        destination: "RU".into(),
        date: Date::ymd(2023, month, 1),
        ..Default::default()
    }
}

fn world() -> (Vec<TradeRow>, Vec<Flag>, Vec<ComponentRecord>) {
    let mut rows = Vec::new();
    for i in 0..8 {
        rows.push(row(
            &format!("de{i}"),
            "Микроконтроллер STM32F405RGT6",
            854231,
            "DE",
            1 + i,
        ));
    }
    for i in 0..2 {
        rows.push(row(
            &format!("cn{i}"),
            "IC STM32F405RGT6",
            854231,
            "CN",
            2 + i,
        ));
    }
    for i in 0..4 {
        rows.push(row(
            &format!("hid{i}"),
            "electronic parts",
            392690,
            "CN",
            3 + i,
        ));
    }
    for i in 0..2 {
        rows.push(row(
            &format!("tr{i}"),
            "plastic housings",
            392690,
            "TR",
            4 + i,
        ));
    }
    let flag = |rule, subject: &str| Flag {
        rule,
        score: 0.9,
        subject: subject.into(),
        evidence: vec![subject.into()],
        explanation: String::new(),
    };
    let mut flags = vec![
        flag(Rule::RouteTransshipment, "cn0"),
        flag(Rule::RouteTransshipment, "cn1"),
    ];
    for i in 0..4 {
        flags.push(flag(Rule::DescVagueValue, &format!("hid{i}")));
    }
    let components = (0..10)
        .map(|i| ComponentRecord {
            id: format!("c{i}"),
            weapon: "Geran-2".into(),
            weapon_id: format!("W{i}"),
            recovered: Date::ymd(2024, 1, 1),
            component_type: "MCU".into(),
            part_number: "STM32F405RGT6".into(),
            manufacturer: "STMicroelectronics".into(),
            date_code: "2201".into(),
            quantity: 1,
            ..Default::default()
        })
        .collect();
    (rows, flags, components)
}

fn cn_share(comps: &[chokepoint_attribution::AttributedComponent]) -> f64 {
    let cn: f64 = comps
        .iter()
        .flat_map(|c| c.dispatch.countries.iter())
        .filter(|(k, _)| k == "CN")
        .map(|(_, w)| w)
        .sum();
    cn / comps.len() as f64
}

#[test]
fn weighting_the_flagged_and_hidden_channels_removes_the_bias_of_the_plain_join() {
    let (rows, flags, components) = world();
    let registry = Registry::builtin().unwrap();
    let index = TradeIndex::new(&rows, &registry);
    let opts = AttributeOptions::default();
    let mut attributed = attribute(&components, &registry, &index, &opts);
    // The plain join: each component sees 8 DE and 2 CN rows → 0.2, far below the true 0.6.
    let naive = cn_share(&attributed);
    assert!((naive - 0.2).abs() < 1e-9, "{naive}");
    let flags = RowFlags::from_flags(&flags);
    let report = model_dispatch(
        &components,
        &mut attributed,
        &index,
        &flags,
        &opts,
        &LinkageOptions {
            flagged_weight: 2.0,
            hidden_rows: true,
        },
        &ShareOptions::default(),
    );
    // Weighted: DE 8×1; CN 2×2 linked + 4 hidden × 2 × (10 rows of this part / 10 part-naming
    // rows under component headings) = 12 → 12 / 20 = 0.6, the truth.
    let weighted = cn_share(&attributed);
    assert!((weighted - 0.6).abs() < 1e-9, "{weighted}");
    assert!(attributed.iter().all(|c| c.dispatch.basis == BASIS));
    // The TR plastics rows are unflagged and name nothing: never candidates.
    assert!(attributed
        .iter()
        .all(|c| c.dispatch.countries.iter().all(|(k, _)| k != "TR")));
    // The linkage fields.
    assert_eq!(report.estimator, "linkage_weighted");
    assert_eq!((report.components, report.linked), (10, 10));
    assert_eq!(report.linked_fraction, 1.0);
    assert_eq!(report.hidden_candidate_rows, 4);
    assert_eq!(report.flagged_rows, 6);
    assert!((report.linked_weight - 0.6).abs() < 1e-9, "{report:?}");
    assert!((report.flagged_share_of_linked - 4.0 / 12.0).abs() < 1e-9);
    let cn = report.bounds.iter().find(|b| b.country == "CN").unwrap();
    // Linked CN weight 4 of 20; the hidden 8 of 20 could all be CN.
    assert!(
        (cn.lo - 0.2).abs() < 1e-9 && (cn.hi - 0.6).abs() < 1e-9,
        "{cn:?}"
    );
    // Ten identical weapons: resampling them cannot move the bounds.
    assert!(
        (cn.interval_lo - 0.2).abs() < 1e-9 && (cn.interval_hi - 0.6).abs() < 1e-9,
        "{cn:?}"
    );
    let pc = &report.per_component[0];
    assert_eq!(
        (pc.linked_rows, pc.flagged_linked_rows, pc.hidden_rows),
        (10, 2, 4)
    );
    assert!((pc.hidden_share - 0.4).abs() < 1e-9);
}

#[test]
fn without_flags_the_model_is_the_plain_join_and_shares_carry_the_model() {
    let (rows, flags, components) = world();
    let registry = Registry::builtin().unwrap();
    let share_options = ShareOptions {
        replicates: 200,
        ..ShareOptions::default()
    };
    // No flags: no hidden candidates, all weights 1 → the plain join's 0.2.
    let (_, report, linkage, plain) = analyze_linked(
        &components,
        &rows,
        &RowFlags::default(),
        &registry,
        &AttributeOptions::default(),
        &share_options,
        &LinkageOptions::default(),
    );
    let cn = |r: &chokepoint_attribution::ShareReport| {
        r.group("ALL", "all")
            .and_then(|g| g.get(Definition::Dispatch))
            .and_then(|d| d.share_of("CN"))
            .map(|s| s.share)
            .unwrap()
    };
    assert!((cn(&report) - 0.2).abs() < 1e-9 && (cn(&plain) - 0.2).abs() < 1e-9);
    assert_eq!(linkage.hidden_candidate_rows, 0);
    assert_eq!(linkage.linked_weight, 1.0);
    // With the flags and the default weight the share moves towards the hidden CN channel and
    // the bounds bracket it.
    let (_, report, linkage, plain) = analyze_linked(
        &components,
        &rows,
        &RowFlags::from_flags(&flags),
        &registry,
        &AttributeOptions::default(),
        &share_options,
        &LinkageOptions::default(),
    );
    assert!((cn(&plain) - 0.2).abs() < 1e-9);
    let b = linkage.bounds.iter().find(|b| b.country == "CN").unwrap();
    assert!(cn(&report) > 0.5 && b.lo <= cn(&report) && cn(&report) <= b.hi);
    assert!(linkage.linked_weight < 1.0);
    let json = serde_json::to_value(&linkage).unwrap();
    for key in [
        "estimator",
        "model",
        "options",
        "linked_fraction",
        "linked_weight",
        "bounds",
        "per_component",
    ] {
        assert!(json.get(key).is_some(), "{key} missing from {json}");
    }
}
