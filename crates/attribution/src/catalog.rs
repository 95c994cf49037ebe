//! The two small lookup tables behind records: weapon family aliases (`data/weapons.csv`) and
//! component types with their HS code and CHPL tier (`data/component_types.csv`), plus the
//! documented "critical" filter.

use chokepoint_refdata::Table;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The built-in weapon family table.
pub const WEAPONS_CSV: &str = include_str!("../data/weapons.csv");
/// The built-in component type table.
pub const COMPONENT_TYPES_CSV: &str = include_str!("../data/component_types.csv");

fn key(s: &str) -> String {
    chokepoint_refdata::country::key(s).replace(' ', "")
}

/// A built-in table, parsed once; a broken built-in table reads as empty (the tests below
/// parse every built-in table strictly).
fn builtin(cell: &'static OnceLock<Table>, text: &str, origin: &str) -> &'static Table {
    cell.get_or_init(|| {
        Table::parse(text, origin).unwrap_or_else(|_| {
            Table::parse("", origin).unwrap_or_else(|_| unreachable!("an empty table parses"))
        })
    })
}

type FamilyTable = (HashMap<String, &'static str>, Vec<(String, &'static str)>);

fn families() -> &'static FamilyTable {
    static T: OnceLock<FamilyTable> = OnceLock::new();
    T.get_or_init(|| {
        let mut exact = HashMap::new();
        let mut prefixes = Vec::new();
        static TABLE: OnceLock<Table> = OnceLock::new();
        for row in builtin(&TABLE, WEAPONS_CSV, "data/weapons.csv").rows() {
            let fam = row.at(0);
            let aliases = row.at(1);
            for a in std::iter::once(fam).chain(aliases.split('|')) {
                let k = key(a);
                if !k.is_empty() {
                    exact.insert(k.clone(), fam);
                    prefixes.push((k, fam));
                }
            }
        }
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        (exact, prefixes)
    })
}

/// The weapon family of a weapon name as catalogued (`"Geran-2"` → `Shahed-136/Geran-2`,
/// `"ZALA Lancet-3 (izd. 52)"` → `Lancet`). Matched on the whole name, then on the longest alias
/// of at least three characters the name starts with; a name that matches nothing is its own
/// family (trimmed), and an empty name is `unknown`.
pub fn weapon_family(weapon: &str) -> String {
    let k = key(weapon);
    if k.is_empty() {
        return "unknown".into();
    }
    let (exact, prefixes) = families();
    if let Some(f) = exact.get(&k) {
        return f.to_string();
    }
    prefixes
        .iter()
        .find(|(a, _)| a.chars().count() >= 3 && k.starts_with(a.as_str()))
        .map_or_else(|| weapon.trim().to_string(), |(_, f)| f.to_string())
}

/// A CHPL tier as written in the list: `1`, `2`, `3.A`, `3.B`, `4.A`, `4.B`.
pub type Tier = &'static str;

/// A known component type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ComponentType {
    /// Canonical type name.
    pub name: &'static str,
    /// HS 2022 subheading such parts are normally declared under.
    pub hs6: u32,
    /// CHPL tier, if listed.
    pub tier: Option<Tier>,
}

type TypeTable = (HashMap<String, ComponentType>, HashMap<u32, Option<Tier>>);

fn types() -> &'static TypeTable {
    static T: OnceLock<TypeTable> = OnceLock::new();
    T.get_or_init(|| {
        let mut by_name = HashMap::new();
        let mut by_hs = HashMap::new();
        static TABLE: OnceLock<Table> = OnceLock::new();
        for row in builtin(&TABLE, COMPONENT_TYPES_CSV, "data/component_types.csv").rows() {
            let t = ComponentType {
                name: row.at(0),
                hs6: row.at(1).parse().unwrap_or(0),
                tier: Some(row.at(2)).filter(|t| !t.is_empty()),
            };
            by_hs.entry(t.hs6).or_insert(t.tier);
            let aliases = row.at(3);
            for a in std::iter::once(t.name).chain(aliases.split('|')) {
                let k = key(a);
                if !k.is_empty() {
                    by_name.insert(k, t);
                }
            }
        }
        (by_name, by_hs)
    })
}

/// The component type of a type as written (`"MCU"` → `microcontroller`); `None` if unknown.
pub fn component_type(raw: &str) -> Option<ComponentType> {
    types().0.get(&key(raw)).copied()
}

/// The CHPL tier of a six-digit HS code, as far as the component-type table knows it (only
/// the codes components are declared under).
pub fn tier_of_hs6(hs6: u32) -> Option<Tier> {
    types().1.get(&hs6).copied().flatten()
}

/// Which components count as "critical".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "types")]
pub enum Critical {
    /// Every component.
    #[default]
    All,
    /// Components whose type (or declared HS code) is on CHPL tier 1 (integrated circuits) or
    /// tier 2 (communications and navigation modules, tantalum and multilayer ceramic
    /// capacitors, other electrical parts) — the definition used for "critical electronics".
    ChplTier12,
    /// Components whose canonical type (or type as written) is one of these, case-insensitive.
    Types(Vec<String>),
}

impl Critical {
    /// Whether a component of this type (as written) and optional declared HS code passes.
    pub fn admits(&self, component_type_raw: &str, hs6: Option<u32>) -> bool {
        match self {
            Critical::All => true,
            Critical::ChplTier12 => {
                let tier = hs6
                    .and_then(tier_of_hs6)
                    .or_else(|| component_type(component_type_raw).and_then(|t| t.tier));
                matches!(tier, Some("1" | "2"))
            }
            Critical::Types(list) => {
                let canon = component_type(component_type_raw).map(|t| t.name);
                list.iter().any(|t| {
                    key(t) == key(component_type_raw) || canon.is_some_and(|c| key(c) == key(t))
                })
            }
        }
    }

    /// A short label for reports.
    pub fn label(&self) -> String {
        match self {
            Critical::All => "all components".into(),
            Critical::ChplTier12 => "critical: CHPL tier 1-2 types".into(),
            Critical::Types(t) => format!("types: {}", t.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tables_parse_strictly() {
        for (text, origin, columns) in [
            (WEAPONS_CSV, "data/weapons.csv", &["family", "aliases"][..]),
            (
                COMPONENT_TYPES_CSV,
                "data/component_types.csv",
                &["type", "hs6", "tier", "aliases"][..],
            ),
        ] {
            let t = Table::parse(text, origin).unwrap();
            t.require_columns(columns).unwrap();
            assert!(t.len() > 5, "{origin}");
        }
        assert!(types().1.len() > 5);
        assert!(!families().1.is_empty());
    }

    #[test]
    fn families_resolve() {
        assert_eq!(weapon_family("Geran-2"), "Shahed-136/Geran-2");
        assert_eq!(weapon_family("Герань-2"), "Shahed-136/Geran-2");
        assert_eq!(
            weapon_family("Shahed-136 (Geran-2), Kupiansk"),
            "Shahed-136/Geran-2"
        );
        assert_eq!(weapon_family("ZALA Lancet-3"), "Lancet");
        assert_eq!(weapon_family("Kh-101"), "Kh-101");
        assert_eq!(weapon_family("X-101 cruise missile"), "Kh-101");
        assert_eq!(weapon_family("9M723"), "Iskander");
        assert_eq!(weapon_family("Orlan-10"), "Orlan-10");
        assert_eq!(weapon_family("Orlan-30"), "Orlan-30");
        assert_eq!(weapon_family("Mystery UAV"), "Mystery UAV");
        assert_eq!(weapon_family(""), "unknown");
    }

    #[test]
    fn critical_filter() {
        let c = Critical::ChplTier12;
        assert!(c.admits("MCU", None));
        assert!(c.admits("GNSS module", None));
        assert!(c.admits("FPGA/DSP", None));
        assert!(!c.admits("transistor", None));
        assert!(!c.admits("capacitor", None));
        assert!(c.admits("capacitor", Some(853224)));
        assert!(!c.admits("something odd", None));
        let t = Critical::Types(vec!["microcontroller".into(), "gnss receiver".into()]);
        assert!(t.admits("MCU", None));
        assert!(!t.admits("FPGA", None));
    }
}
