//! Every GUR component attributed by the three definitions of origin:
//!
//! - **headquarters**: GUR's `manufacturer_country` as stated (the brand's headquarters;
//!   unknown where GUR wrote `UNK`), cross-checked with the maker registry in
//!   [`super::crosscheck`];
//! - **manufacture**: a "Made in …" phrase or a country-of-origin mark printed on the package
//!   ([`chokepoint_parts::origin_mark`]), else the country of origin of shipments of the same
//!   part number when trade rows are given; otherwise unknown — the registry records
//!   headquarters, not fabs, so it never decides manufacture alone;
//! - **dispatch**: not in GUR. Unknown unless trade rows are given, then the dispatch country of
//!   the shipments to Russia naming the part number (as for any catalogue, [`crate::origin`]).

use super::gur::{GurCatalogue, GurComponent};
use crate::origin::{attribute, AttributeOptions, Attribution};
use crate::record::ComponentRecord;
use crate::registry::{MakerResolution, Registry};
use crate::trade::{TradeIndex, TradeRow};
use chokepoint_parts::origin_mark::{OriginMarks, OriginReading};
use serde::Serialize;

/// The basis written for the headquarters answer taken from GUR.
pub const HQ_BASIS_GUR: &str = "gur_manufacturer_country";
/// The basis written for a manufacture answer read from an origin mark.
pub const MANUFACTURE_BASIS_MARK: &str = "origin_mark";
/// The basis written for a dispatch answer when no trade rows were given.
pub const DISPATCH_NOT_IN_GUR: &str = "not in GUR: it records no shipment or country of dispatch";

/// One component with its maker and its answer under each definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeardownItem {
    /// `component_id`.
    pub id: String,
    /// The weapon id.
    pub weapon: String,
    /// The weapon's role.
    pub role: String,
    /// The manufacturer as GUR writes it.
    pub manufacturer: String,
    /// The sellers GUR names after the maker (`Suppliers JSC CHIP AND DIP`), when any.
    pub sellers: Option<String>,
    /// Whether GUR could not name the maker (`Not identified` or blank).
    pub maker_unidentified: bool,
    /// The maker as the registry resolves it (marked name, else part-number prefix rule).
    pub maker: MakerResolution,
    /// GUR's country (`None` for `UNK`).
    pub gur_country: Option<String>,
    /// Headquarters answer (GUR's country).
    pub headquarters: Attribution,
    /// Manufacture answer.
    pub manufacture: Attribution,
    /// Dispatch answer.
    pub dispatch: Attribution,
}

impl TeardownItem {
    /// The answer for a definition.
    pub fn get(&self, d: crate::origin::Definition) -> &Attribution {
        use crate::origin::Definition::*;
        match d {
            Headquarters => &self.headquarters,
            Manufacture => &self.manufacture,
            Dispatch => &self.dispatch,
        }
    }
}

/// The component record attribution's machinery reads, from a GUR component.
pub fn to_record(c: &GurComponent, weapon_name: &str, role: &str) -> ComponentRecord {
    ComponentRecord {
        id: c.id.clone(),
        weapon: weapon_name.to_string(),
        family: role.to_string(),
        weapon_id: c.weapon.clone(),
        part_number: c.part_number.clone(),
        manufacturer: c.manufacturer.clone(),
        marking: c.marking.clone(),
        source: c.source_url.clone(),
        catalogue_country: c.country.clone().unwrap_or_default(),
        quantity: 1,
        ..Default::default()
    }
}

fn known(country: &str, basis: &str) -> Attribution {
    Attribution {
        countries: vec![(country.to_string(), 1.0)],
        basis: basis.into(),
        evidence: Vec::new(),
    }
}

fn unknown(reason: impl Into<String>) -> Attribution {
    Attribution {
        countries: Vec::new(),
        basis: reason.into(),
        evidence: Vec::new(),
    }
}

/// Attributes every component of a catalogue. `trade` are shipments to Russia to join by part
/// number (empty: manufacture comes from the markings only and dispatch is unknown).
pub fn attribute_gur(
    cat: &GurCatalogue,
    registry: &Registry,
    marks: &OriginMarks,
    trade: &[TradeRow],
) -> Vec<TeardownItem> {
    let records: Vec<ComponentRecord> = cat
        .components
        .iter()
        .map(|c| {
            let w = cat.weapon(&c.weapon);
            to_record(
                c,
                w.map_or("", |w| w.name.as_str()),
                w.map_or("unknown", |w| w.role.as_str()),
            )
        })
        .collect();
    let index = TradeIndex::new(trade, registry);
    let opts = AttributeOptions {
        use_catalogue_country: false,
        ..AttributeOptions::default()
    };
    let attributed = attribute(&records, registry, &index, &opts);
    cat.components
        .iter()
        .zip(attributed)
        .zip(&records)
        .map(|((c, a), r)| {
            let headquarters = match &c.country {
                Some(k) => known(k, HQ_BASIS_GUR),
                None => unknown("GUR gives no country (UNK)"),
            };
            let manufacture = if a.manufacture.basis == "made_in_marking" {
                a.manufacture.clone()
            } else {
                match marks.read(&c.marking, a.maker.maker()) {
                    OriginReading::Country(m) => known(&m.country, MANUFACTURE_BASIS_MARK),
                    OriginReading::Conflict(v) if a.manufacture.is_unknown() => unknown(format!(
                        "origin marks disagree: {}",
                        v.iter()
                            .map(|m| format!("{} = {}", m.token, m.country))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    _ if a.manufacture.is_unknown() => {
                        unknown("no Made in phrase or origin mark in the marking")
                    }
                    _ => a.manufacture.clone(),
                }
            };
            let dispatch = if a.dispatch.is_unknown() && trade.is_empty() {
                unknown(DISPATCH_NOT_IN_GUR)
            } else {
                a.dispatch.clone()
            };
            TeardownItem {
                id: c.id.clone(),
                weapon: c.weapon.clone(),
                role: r.family.clone(),
                manufacturer: c.manufacturer.clone(),
                sellers: c.sellers.clone(),
                maker_unidentified: Registry::is_unidentified(&c.manufacturer),
                maker: a.maker,
                gur_country: c.country.clone(),
                headquarters,
                manufacture,
                dispatch,
            }
        })
        .collect()
}
