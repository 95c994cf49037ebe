//! The component record: one component found in one recovered weapon, as a teardown catalogue
//! (Ukraine's War&Sanctions, Conflict Armament Research, RUSI) or the synthetic generator
//! writes it.

use crate::catalog;
use crate::date::Date;
use crate::partnum::{self, PartNumber};
use serde::{Deserialize, Serialize};

/// The prefix of [`ComponentRecord::cluster_key`] for a component with nothing to cluster by
/// (its own resampling unit).
pub const SINGLE_CLUSTER_PREFIX: &str = "record:";

/// One component recovered from a weapon.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComponentRecord {
    /// Record id (the catalogue's, else `file:line`).
    pub id: String,
    /// The weapon system as catalogued (`Geran-2`, `ZALA Lancet-3`, `Kh-101` …).
    pub weapon: String,
    /// Weapon family (`Shahed-136/Geran-2`, `Lancet`, `Orlan-10` …); derived from `weapon` with
    /// [`catalog::weapon_family`] when the source does not give it.
    pub family: String,
    /// Identifier of the recovered weapon item (one airframe or missile); components of one
    /// item are resampled together. Empty when the source has none (see [`Self::cluster_key`]).
    pub weapon_id: String,
    /// Recovery date (possibly partial).
    pub recovered: Option<Date>,
    /// Where the weapon was recovered (oblast or front sector), when the source says.
    pub region: String,
    /// Component type as written (`MCU`, `GNSS module`, `FPGA` …).
    pub component_type: String,
    /// Part number as written (may be empty when only the marking is given).
    pub part_number: String,
    /// Manufacturer as marked (`not identified` and empty are both "unmarked").
    pub manufacturer: String,
    /// Full marking text (part number, logos, date and lot codes, "Made in …").
    pub marking: String,
    /// Date code(s) as written.
    pub date_code: String,
    /// Where the record comes from (catalogue, report, URL; `synthetic:…` for generated ones).
    pub source: String,
    /// Country of manufacture when the source states it (ISO alpha-2 after import).
    pub made_in: String,
    /// Country the part was shipped from to Russia when the source states it (ISO alpha-2).
    pub shipped_from: String,
    /// The catalogue's own headquarters country for the maker (War&Sanctions' "Country"),
    /// used only when the registry cannot resolve the maker.
    pub catalogue_country: String,
    /// Declared or known HS code (six digits), when given.
    pub hs6: Option<u32>,
    /// Number of identical components in the weapon (≥ 1); weights the counts.
    pub quantity: u32,
    /// Whether the record is synthetic (generated with known truth).
    pub synthetic: bool,
}

impl ComponentRecord {
    /// The part number: `part_number` if given, else the part-number token of the marking.
    pub fn part(&self) -> Option<PartNumber> {
        let raw = if self.part_number.trim().is_empty() {
            partnum::split_marking(&self.marking).part_number
        } else {
            self.part_number.clone()
        };
        let p = partnum::normalize(&raw);
        (!p.key.is_empty()).then_some(p)
    }

    /// The weapon family: `family` if given, else derived from `weapon`.
    pub fn family(&self) -> String {
        if self.family.trim().is_empty() {
            catalog::weapon_family(&self.weapon)
        } else {
            self.family.trim().to_string()
        }
    }

    /// Whether [`Self::cluster_key`] had nothing to cluster by (no weapon id, no recovery
    /// date), so the component is resampled on its own.
    pub fn unclustered(&self) -> bool {
        self.weapon_id.trim().is_empty() && self.recovered.is_none()
    }

    /// The key components are clustered by for resampling: `weapon_id` when given, else
    /// `weapon|recovery date|source` (the best proxy for "one recovered item" a catalogue
    /// without item ids allows). With neither an item id nor a recovery date nothing tells
    /// which components came out of the same item, so the component is its own cluster
    /// (`record:<id>`) — intervals are then as narrow as independent sampling makes them,
    /// which understates uncertainty when items cluster (see the coverage document).
    pub fn cluster_key(&self) -> String {
        if !self.weapon_id.trim().is_empty() {
            return format!("id:{}", self.weapon_id.trim());
        }
        if self.unclustered() {
            return format!("{SINGLE_CLUSTER_PREFIX}{}", self.id);
        }
        format!(
            "{}|{}|{}",
            self.weapon.trim(),
            self.recovered.map(|d| d.to_string()).unwrap_or_default(),
            self.source.trim()
        )
    }

    /// The weight of the record in counts (`quantity`, at least 1).
    pub fn weight(&self) -> f64 {
        f64::from(self.quantity.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_falls_back_to_marking() {
        let r = ComponentRecord {
            marking: "STM32F405RGT6 GH21Q 9R 2219".into(),
            ..Default::default()
        };
        assert_eq!(r.part().unwrap().key, "STM32F405RGT6");
        let r = ComponentRecord {
            part_number: "NEO-M8N-0-10".into(),
            marking: "u-blox NEO-M8N".into(),
            weapon: "Geran-2".into(),
            ..Default::default()
        };
        assert_eq!(r.part().unwrap().key, "NEOM8N010");
        assert_eq!(r.family(), "Shahed-136/Geran-2");
        assert_eq!(r.weight(), 1.0);
        assert_eq!(ComponentRecord::default().part(), None);
    }
}
