//! Hand-written component records: each origin definition, unknown makers, part-number rules,
//! merger tracking, interval sanity, and the output formats.

use chokepoint_attribution::import::{parse_components, Format};
use chokepoint_attribution::output;
use chokepoint_attribution::*;

const COMPONENTS: &str = "\
id,weapon,weapon_id,recovered,component,part number,manufacturer,marking,made in,shipped from,country
c1,Geran-2,G1,2023-03-10,power management IC,TPS62130RGTR/TR,Texas Instruments,TPS62130 2219 MADE IN MALAYSIA,,,
c2,Geran-2,G1,2023-03-10,MCU,STM32F405RGT6,,STM32F405RGT6 GH21Q,China,,
c3,Geran-2,G1,2023-03-10,IC,,not identified,scratched,,,
c4,Shahed-136,G2,2023-05-20,FPGA,XC7A35T-1FTG256C,Xilinx,,,Turkey,
c5,Shahed-136,G2,2023-05-20,MCU,GD32F103C8T6,GigaDevice,,,,
c6,Shahed-136,G2,2023-05-20,transistor,PMV45EN2,Nexperia,,,,
c7,ZALA Lancet-3,L1,2024-02-01,MCU,STM32F103C8T6,Shenzhen Foo Semi,,,,
c8,ZALA Lancet-3,L1,2024-02-01,amplifier,LM358DR,,,,,
c9,ZALA Lancet-3,L1,2024-02-01,MCU,MK64FN1M0VLL12,Freescale,,,,
";

const TRADE: &str = "\
id,date,goodsDescription,vedCode,originCountry,departureCountry,senderName,senderCountry,receiverName,destinationCountry,usdAmount
t1,2022-12-01,Микросхема TPS62130RGTR,8542390000,,Hong Kong,HK Bright Ltd,HK,OOO Alfa,RU,500
t2,2022-11-01,Microcontroller STM32F405RGT6,8542310000,MY,HK,HK Bright Ltd,HK,OOO Alfa,RU,900
t3,2023-01-05,Microcontroller STM32F405RGT6,8542310000,MY,CN,Shenzhen Xin,CN,OOO Beta,RU,400
t4,2023-08-01,Microcontroller GD32F103C8T6,8542310000,CN,CN,Shenzhen Xin,CN,OOO Beta,RU,100
t5,2023-01-01,Microcontroller GD32F103C8T6,8542310000,CN,KZ,Steppe TOO,KZ,Delta GmbH,DE,100
";

/// The trade rows of [`TRADE`] as the trade crate reads a customs file (the reader its import
/// uses), each mapped to a [`TradeRow`] as rows from the trade store are.
fn trade_rows() -> Vec<TradeRow> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, TRADE).unwrap();
    let (records, stats) = chokepoint_trade::read_all(&path, &Default::default()).unwrap();
    assert_eq!(stats.rows_ok, 5);
    records.iter().map(TradeRow::from).collect()
}

fn setup(opts: AttributeOptions) -> (Vec<AttributedComponent>, ShareReport) {
    let (records, _) = parse_components(COMPONENTS, "c.csv", Format::Csv, false).unwrap();
    let trade = trade_rows();
    let reg = Registry::builtin().unwrap();
    analyze(
        &records,
        &trade,
        &reg,
        &opts,
        &ShareOptions {
            replicates: 500,
            ..ShareOptions::default()
        },
    )
}

fn comp<'a>(a: &'a [AttributedComponent], id: &str) -> &'a AttributedComponent {
    a.iter().find(|c| c.id == id).unwrap()
}

fn share(r: &ShareReport, family: &str, d: Definition, country: &str) -> f64 {
    r.group(family, "all")
        .and_then(|g| g.get(d))
        .and_then(|s| s.share_of(country))
        .map_or(0.0, |s| s.share)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn headquarters_definition() {
    let (a, r) = setup(AttributeOptions::default());
    assert_eq!(comp(&a, "c1").headquarters.single(), Some("US"));
    assert_eq!(comp(&a, "c1").headquarters.basis, "marking");
    assert_eq!(comp(&a, "c2").headquarters.single(), Some("CH"));
    assert_eq!(comp(&a, "c2").headquarters.basis, "part_number_prefix");
    assert_eq!(
        comp(&a, "c4").headquarters.single(),
        Some("US"),
        "Xilinx → AMD"
    );
    assert_eq!(comp(&a, "c5").headquarters.single(), Some("CN"));
    assert_eq!(
        comp(&a, "c6").headquarters.single(),
        Some("NL"),
        "Nexperia HQ"
    );
    assert_eq!(
        comp(&a, "c9").headquarters.single(),
        Some("NL"),
        "Freescale → NXP"
    );
    // ALL: US c1 c4, CH c2, CN c5, NL c6 c9; unknown c3 c7 c8.
    let d = Definition::Headquarters;
    assert!(close(share(&r, "ALL", d, "US"), 2.0 / 6.0));
    assert!(close(share(&r, "ALL", d, "NL"), 2.0 / 6.0));
    assert!(close(share(&r, "ALL", d, "CH"), 1.0 / 6.0));
    let ds = r.group("ALL", "all").unwrap().get(d).unwrap();
    assert_eq!((ds.n_known, ds.n_unknown), (6.0, 3.0));
    assert!(close(ds.unknown_share, 1.0 / 3.0));
    // Per family.
    let g = r.group("Shahed-136/Geran-2", "all").unwrap();
    assert_eq!((g.n_records, g.n_weapons), (6, 2));
    assert!(close(share(&r, "Lancet", d, "NL"), 1.0));
}

#[test]
fn headquarters_bases_brand_and_parent() {
    let (a, _) = setup(AttributeOptions {
        hq_basis: HqBasis::Brand,
        ..AttributeOptions::default()
    });
    assert_eq!(
        comp(&a, "c9").headquarters.single(),
        Some("US"),
        "Freescale itself"
    );
    assert_eq!(comp(&a, "c6").headquarters.single(), Some("NL"));
    let (a, _) = setup(AttributeOptions {
        hq_basis: HqBasis::UltimateParent,
        ..AttributeOptions::default()
    });
    assert_eq!(comp(&a, "c6").headquarters.single(), Some("CN"), "Wingtech");
    assert_eq!(comp(&a, "c9").headquarters.single(), Some("NL"));
}

#[test]
fn manufacture_definition() {
    let (a, r) = setup(AttributeOptions::default());
    let c1 = comp(&a, "c1");
    assert_eq!(
        (c1.manufacture.single(), c1.manufacture.basis.as_str()),
        (Some("MY"), "made_in_marking")
    );
    let c2 = comp(&a, "c2");
    assert_eq!(
        (c2.manufacture.single(), c2.manufacture.basis.as_str()),
        (Some("CN"), "record")
    );
    // c4 has no stated origin and no shipment naming it.
    assert!(comp(&a, "c4").manufacture.is_unknown());
    // c5's only shipments to Russia came after recovery; the one before went to Germany.
    assert!(comp(&a, "c5").manufacture.is_unknown());
    let d = Definition::Manufacture;
    assert!(close(share(&r, "ALL", d, "MY"), 0.5));
    assert!(close(share(&r, "ALL", d, "CN"), 0.5));
}

#[test]
fn dispatch_definition() {
    let (a, r) = setup(AttributeOptions::default());
    let c1 = comp(&a, "c1");
    assert_eq!(c1.dispatch.single(), Some("HK"));
    assert_eq!(c1.dispatch.basis, "trade_part_number");
    assert_eq!(c1.dispatch.evidence, vec!["t1"]);
    let c2 = comp(&a, "c2");
    assert_eq!(
        c2.dispatch.countries,
        vec![("CN".to_string(), 0.5), ("HK".to_string(), 0.5)]
    );
    assert_eq!(comp(&a, "c4").dispatch.single(), Some("TR"));
    assert_eq!(comp(&a, "c4").dispatch.basis, "record");
    assert!(
        comp(&a, "c5").dispatch.is_unknown(),
        "shipped after recovery / not to RU"
    );
    let d = Definition::Dispatch;
    assert!(close(share(&r, "ALL", d, "HK"), 1.5 / 3.0));
    assert!(close(share(&r, "ALL", d, "CN"), 0.5 / 3.0));
    assert!(close(share(&r, "ALL", d, "TR"), 1.0 / 3.0));
    // Without the date filter the later shipment counts.
    let (a, _) = setup(AttributeOptions {
        trade_before_recovery: false,
        ..AttributeOptions::default()
    });
    assert_eq!(comp(&a, "c5").dispatch.single(), Some("CN"));
}

#[test]
fn unknown_makers_are_reported_unknown_never_guessed() {
    let (a, _) = setup(AttributeOptions::default());
    for id in ["c3", "c7", "c8"] {
        let c = comp(&a, id);
        assert!(c.maker.maker().is_none(), "{id}: {:?}", c.maker);
        assert!(c.headquarters.is_unknown(), "{id}: {:?}", c.headquarters);
    }
    // c7 is marked by a maker the registry does not know: the STM32 prefix does not overrule it.
    assert!(comp(&a, "c7")
        .headquarters
        .basis
        .contains("unregistered maker"));
    // c8 (LM358) is shared by many makers.
    assert!(comp(&a, "c8").headquarters.basis.contains("ambiguous"));
}

#[test]
fn catalogue_country_only_when_registry_cannot_resolve() {
    let text = "weapon,part number,manufacturer,country\n\
                Orlan-10,ABC123,Obscure Maker,China\n\
                Orlan-10,STM32F405RGT6,ST,USA\n";
    let (records, _) = parse_components(text, "x.csv", Format::Csv, false).unwrap();
    let reg = Registry::builtin().unwrap();
    let idx = TradeIndex::new(&[], &reg);
    let a = attribute(&records, &reg, &idx, &AttributeOptions::default());
    assert_eq!(a[0].headquarters.single(), Some("CN"));
    assert_eq!(a[0].headquarters.basis, "catalogue");
    assert_eq!(a[1].headquarters.single(), Some("CH"), "registry wins");
    let a = attribute(
        &records,
        &reg,
        &idx,
        &AttributeOptions {
            use_catalogue_country: false,
            ..AttributeOptions::default()
        },
    );
    assert!(a[0].headquarters.is_unknown());
}

#[test]
fn critical_filter_keeps_chpl_tier_1_2() {
    let (records, _) = parse_components(COMPONENTS, "c.csv", Format::Csv, false).unwrap();
    let reg = Registry::builtin().unwrap();
    let (_, r) = analyze(
        &records,
        &[],
        &reg,
        &AttributeOptions::default(),
        &ShareOptions {
            critical: Critical::ChplTier12,
            replicates: 100,
            ..ShareOptions::default()
        },
    );
    // The Nexperia transistor (tier 3.A) drops out; ICs stay.
    assert_eq!(r.group("ALL", "all").unwrap().n_records, 8);
}

#[test]
fn periods_group_by_year_and_quarter() {
    let (records, _) = parse_components(COMPONENTS, "c.csv", Format::Csv, false).unwrap();
    let reg = Registry::builtin().unwrap();
    let (_, r) = analyze(
        &records,
        &[],
        &reg,
        &AttributeOptions::default(),
        &ShareOptions {
            period: Period::Quarter,
            replicates: 100,
            ..ShareOptions::default()
        },
    );
    assert_eq!(r.group("ALL", "2023Q1").unwrap().n_records, 3);
    assert_eq!(r.group("ALL", "2023Q2").unwrap().n_records, 3);
    assert_eq!(r.group("Lancet", "2024Q1").unwrap().n_records, 3);
    assert_eq!(r.groups[0].family, "ALL");
    assert_eq!(r.groups[0].period, "all");
}

#[test]
fn outputs_render_and_parse() {
    let (a, r) = setup(AttributeOptions::default());
    let table = output::shares_table(&r);
    assert!(
        table.contains("headquarters") && table.contains("dispatch"),
        "{table}"
    );
    assert!(table.contains("Shahed-136/Geran-2 · all"));
    let mut csv_out = Vec::new();
    output::write_shares_csv(&r, &mut csv_out).unwrap();
    let text = String::from_utf8(csv_out).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("ALL,all,headquarters,US,0.333333")),
        "{text}"
    );
    assert!(text
        .lines()
        .any(|l| l.starts_with("ALL,all,headquarters,UNKNOWN,0.333333")));
    let mut json = Vec::new();
    output::write_shares_json(&r, &mut json).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["groups"][0]["family"], "ALL");
    let mut comps = Vec::new();
    output::write_components_csv(&a, &mut comps).unwrap();
    let text = String::from_utf8(comps).unwrap();
    assert_eq!(text.lines().count(), 10);
    assert!(text.contains("Xilinx > AMD"));
}

#[test]
fn links_route_from_components_to_trade() {
    let trade = trade_rows();
    let reg = Registry::builtin().unwrap();
    let idx = TradeIndex::new(&trade, &reg);
    let r = link(&LinkQuery::PartNumber("STM32F405RGT6".into()), &idx, &reg);
    assert_eq!(r.evidence.len(), 2);
    assert_eq!(r.routes.len(), 2);
    assert!(r
        .routes
        .iter()
        .any(|x| x.origin == "MY" && x.dispatch == "HK"));
    let r = link(&LinkQuery::Manufacturer("ST".into()), &idx, &reg);
    assert_eq!(r.matched_on.as_deref(), Some("STMicroelectronics"));
    assert_eq!(r.exporters.len(), 2);
    let table = output::link_table(&r);
    assert!(table.contains("HK Bright Ltd"), "{table}");
    let mut out = Vec::new();
    output::write_link_csv(&r, &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3);
}
