//! Classification against the real HS 2022 and CHPL files.

use chokepoint_trade::{shared_data_dir, Category, ChplTier, Classifier, CodeError};

fn classifier() -> Option<Classifier> {
    let dir = shared_data_dir().join("hs");
    if !dir.join("harmonized-system.csv").exists() {
        eprintln!(
            "SKIP: real HS data not found at {} (set CHOKEPOINT_SHARED_DATA)",
            dir.display()
        );
        return None;
    }
    Some(Classifier::load(&dir).expect("real HS files load"))
}

#[test]
fn all_50_chpl_codes_resolve_with_their_tiers() {
    let Some(c) = classifier() else { return };
    let text = std::fs::read_to_string(shared_data_dir().join("hs/chpl_hs6.csv")).unwrap();
    let mut n = 0;
    let mut per_tier = std::collections::BTreeMap::new();
    for line in text.lines().skip(1) {
        let mut parts = line.splitn(3, ',');
        let code = parts.next().unwrap();
        let tier: ChplTier = parts.next().unwrap().parse().unwrap();
        let got = c.classify(code).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(got.chpl, Some(tier), "{code}");
        assert_ne!(
            got.category,
            Category::Other,
            "CHPL code {code} must have a sensitive category"
        );
        assert!(c.description(got.hs6).is_some());
        *per_tier.entry(tier).or_insert(0) += 1;
        n += 1;
    }
    assert_eq!(n, 50);
    assert_eq!(c.chpl().len(), 50);
    assert_eq!(per_tier[&ChplTier::T1], 4);
    assert_eq!(per_tier[&ChplTier::T2], 5);
    assert_eq!(per_tier[&ChplTier::T4B], 5);
}

#[test]
fn ten_digit_codes_roll_up() {
    let Some(c) = classifier() else { return };
    for code in ["8542310001", "8542 31 900 0", "8542.31.190.0", "85423190"] {
        let got = c.classify(code).unwrap();
        assert_eq!(got.hs6, 854231, "{code}");
        assert_eq!(got.heading, 8542);
        assert_eq!(got.chapter, 85);
        assert_eq!(got.chpl, Some(ChplTier::T1));
        assert_eq!(got.category, Category::Microelectronics);
    }
    let lathe = c.classify("8458 11 200 9").unwrap();
    assert_eq!(
        (lathe.hs6, lathe.chpl, lathe.category),
        (845811, Some(ChplTier::T4B), Category::MachineTools)
    );
    let benign = c.classify("8543709000").unwrap();
    assert_eq!((benign.chpl, benign.category), (None, Category::Other));
    let powder = c.classify("3601000000").unwrap();
    assert_eq!(
        (powder.chpl, powder.category),
        (None, Category::PropellantsExplosives)
    );
    let nc = c.classify("3912.20.110.0").unwrap();
    assert_eq!(nc.category, Category::SpecialChemicals);
    assert!(c.description(854231).unwrap().contains("processors"));
}

#[test]
fn pre_2022_codes_map_to_hs_2022() {
    let Some(c) = classifier() else { return };
    let uav = c.classify("8803.30").unwrap();
    assert_eq!(
        (uav.hs6, uav.declared_hs6, uav.remapped),
        (880730, 880330, true)
    );
    assert_eq!(uav.chpl, Some(ChplTier::T3B));
    assert_eq!(uav.category, Category::UavParts);
    let parts = c.classify("8548900000").unwrap();
    assert_eq!((parts.hs6, parts.chpl), (854800, Some(ChplTier::T2)));
    let photo = c.classify("854150").unwrap();
    assert!(photo.hs6 == 854159 || photo.hs6 == 854151);
    assert_eq!(photo.chpl, Some(ChplTier::T3A));
    assert!(!c.classify("854231").unwrap().remapped);
}

#[test]
fn reports_carry_texts() {
    let Some(c) = classifier() else { return };
    let r = c.report("8803.30.0000").unwrap();
    assert_eq!(r.hs6, "8807.30");
    assert_eq!(r.mapped_from.as_deref(), Some("8803.30"));
    assert_eq!(r.chapter.0, 88);
    assert!(
        r.heading.1.starts_with("Aircraft; parts"),
        "{}",
        r.heading.1
    );
    assert!(r.description.contains("unmanned aircraft"));
    assert_eq!(r.chpl_tier, Some(ChplTier::T3B));
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"chpl_tier\":\"3.B\""), "{json}");
}

#[test]
fn unknown_codes_are_reported_not_guessed() {
    let Some(c) = classifier() else { return };
    assert_eq!(
        c.classify("8542.99"),
        Err(CodeError::Unknown("8542.99".into()))
    );
    assert!(matches!(
        c.classify("9999999999"),
        Err(CodeError::Unknown(_))
    ));
    assert!(matches!(c.classify("854"), Err(CodeError::Malformed(_))));
    assert!(matches!(c.classify("85A231"), Err(CodeError::Malformed(_))));
}
