//! The seed's claim — "80 % of critical components in Russian drones originated in China" —
//! set beside what each definition of "originated" shows on a teardown catalogue: China's
//! share of the drone components (and of all components) with its interval, and the bounds the
//! unknowns leave (China's share of all if none, or every one, of the unknown components were
//! Chinese). The claim is judged only where the data can decide it.

use super::view::{count_text, Estimate, GroupKind, GroupShares};
use crate::origin::Definition;
use serde::Serialize;

/// The claim as the seed states it.
pub const SEED_CLAIM: &str = "80 % of critical components in Russian drones originated in China";
/// The share it claims.
pub const CLAIMED_SHARE: f64 = 0.80;
/// The country it names.
pub const CLAIMED_COUNTRY: &str = "CN";

/// What the data says about the claim under one definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Below the claimed share even if every unknown component were Chinese.
    Below,
    /// At or above the claimed share even if no unknown component were Chinese.
    AtLeast,
    /// The unknowns leave room on both sides: the data cannot decide.
    Undecided,
}

/// The claim under one definition for one group (drones, or all components).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    /// The definition.
    pub definition: Definition,
    /// `drones` or `all`.
    pub group: GroupKind,
    /// Components of the group.
    pub components: usize,
    /// Weapons of the group.
    pub weapons: usize,
    /// Components whose country is known.
    pub known: f64,
    /// China's share of all components of the group.
    pub china_of_all: Estimate,
    /// China's share of those with a known country.
    pub china_of_known: Estimate,
    /// China's share of all if no unknown component were Chinese, and if every one were.
    pub bounds: (f64, f64),
    /// The verdict.
    pub verdict: Verdict,
    /// One sentence saying it.
    pub sentence: String,
}

/// The claim beside every definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeedClaim {
    /// The claim.
    pub claim: String,
    /// What "critical" can and cannot mean on this data.
    pub critical_note: String,
    /// Rows: for each definition, drones then all components.
    pub rows: Vec<ClaimRow>,
}

fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

fn interval(e: &Estimate) -> String {
    match (e.lo, e.hi) {
        (Some(lo), Some(hi)) => format!(" [{}–{}]", pct(lo), pct(hi)),
        _ => String::new(),
    }
}

fn row(definition: Definition, g: &GroupShares, trade_given: bool) -> Option<ClaimRow> {
    let d = g.get(definition)?;
    let total = g.n_components as f64;
    let zero = Estimate {
        numerator: 0.0,
        denominator: total,
        share: (total > 0.0).then_some(0.0),
        lo: None,
        hi: None,
    };
    let (of_all, of_known) = match d.country(CLAIMED_COUNTRY) {
        Some(c) => (c.of_all, c.of_known),
        None => (
            zero,
            Estimate {
                denominator: d.known,
                share: (d.known > 0.0).then_some(0.0),
                ..zero
            },
        ),
    };
    let cn = of_all.numerator;
    let bounds = if total > 0.0 {
        (cn / total, (cn + d.unknown) / total)
    } else {
        (f64::NAN, f64::NAN)
    };
    let verdict = if bounds.1 < CLAIMED_SHARE {
        Verdict::Below
    } else if bounds.0 >= CLAIMED_SHARE {
        Verdict::AtLeast
    } else {
        Verdict::Undecided
    };
    let whom = match g.kind {
        GroupKind::Drones => "drone components",
        _ => "components",
    };
    let sentence = match definition {
        Definition::Headquarters => format!(
            "By brand headquarters (GUR's country) China is {}{} of the {} {whom} with a known country ({} of {}), {}{} of all {}; {} {} unknown. Even if every unknown one were Chinese it would be {}: {}.",
            of_known.share.map_or("-".into(), pct),
            interval(&of_known),
            count_text(d.known),
            count_text(cn),
            count_text(d.known),
            of_all.share.map_or("-".into(), pct),
            interval(&of_all),
            count_text(total),
            count_text(d.unknown),
            if d.unknown == 1.0 { "is" } else { "are" },
            pct(bounds.1),
            verdict_words(verdict),
        ),
        Definition::Manufacture => format!(
            "The country of manufacture is known for {} of {} {whom} (Made in phrases and origin marks printed on packages{}), China {} of them; the {} unknown leave China anywhere between {} and {} of all: {}.",
            count_text(d.known),
            count_text(total),
            if trade_given { ", and shipments of the same part number" } else { "" },
            count_text(cn),
            count_text(d.unknown),
            pct(bounds.0),
            pct(bounds.1),
            verdict_words(verdict),
        ),
        Definition::Dispatch => {
            if trade_given {
                format!(
                    "The country of dispatch comes from the shipments to Russia naming the part number: known for {} of {} {whom}, China {}; the unknown leave China between {} and {} of all: {}.",
                    count_text(d.known), count_text(total), count_text(cn), pct(bounds.0), pct(bounds.1), verdict_words(verdict)
                )
            } else {
                format!(
                    "GUR records no shipment, so the country of dispatch is unknown for all {} {whom}: anything from {} to {} is possible. Customs declarations that name the part number and the country of dispatch (box 15), joined by part number with --trade FILE or --stored-trade, would supply it.",
                    count_text(total), pct(bounds.0), pct(bounds.1)
                )
            }
        }
    };
    Some(ClaimRow {
        definition,
        group: g.kind,
        components: g.n_components,
        weapons: g.n_weapons,
        known: d.known,
        china_of_all: of_all,
        china_of_known: of_known,
        bounds,
        verdict,
        sentence,
    })
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Below => "the claim does not hold by this definition",
        Verdict::AtLeast => "the claim holds by this definition",
        Verdict::Undecided => "this data cannot test the claim by this definition",
    }
}

/// The claim beside each definition, for the drones and for all components.
pub fn seed_claim(groups: &[GroupShares], trade_given: bool) -> SeedClaim {
    let mut rows = Vec::new();
    for d in Definition::ALL {
        for kind in [GroupKind::Drones, GroupKind::All] {
            if let Some(r) = groups
                .iter()
                .find(|g| g.kind == kind)
                .and_then(|g| row(d, g, trade_given))
            {
                rows.push(r);
            }
        }
    }
    SeedClaim {
        claim: SEED_CLAIM.to_string(),
        critical_note: "GUR does not mark which components are critical (its part types are mostly \"unknown\"), so every catalogued component counts.".into(),
        rows,
    }
}
