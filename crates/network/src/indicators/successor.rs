//! `phoenix_successor`: the company was incorporated within a year after a designated company
//! of its country was designated, shares that company's address, director or phone, and buys
//! from the designated company's suppliers — it continues the designated firm's trade
//! (FIELD.md red flag 10; the rule `trade flags` ran as `network.phoenix` before the network
//! indicators owned it).
//!
//! - **Designation date.** The registry's designation date ([`Designation::since`]); for a
//!   company designated by matching a watchlist entity, that entity's `listingDate`. A
//!   designation without a date cannot anchor the one-year window and is skipped, as the trade
//!   rule skipped registry entries without one.
//! - **Shared link.** An address, director or phone node of the graph linked to both companies
//!   (the graph's normalised keys: [`crate::graph::address_key`], [`crate::graph::person_key`],
//!   [`crate::graph::phone_key`]).
//! - **Continued supplier.** A company that shipped to the designated company and ships to the
//!   successor, and sells to at most [`IndicatorOptions::successor_max_supplier_customers`]
//!   customers (default 10) in all: buying from a distributor that sells to everyone says
//!   nothing about continuing one firm's trade.
//!
//! Score 0.9 when the address and a director or phone are shared, else 0.7 (the trade rule's
//! scores). The evidence is the successor's shipments from the continued suppliers.

use super::{records_of, IndicatorOptions, Rule, Signal};
use crate::data::Dataset;
use crate::graph::{Designation, Graph, LinkKind};
use chokepoint_model::Prop;
use chokepoint_trade::Date;
use std::collections::{BTreeMap, HashMap};

/// Score when the successor shares the predecessor's address and a director or phone.
pub const SCORE_ADDRESS_AND_PERSON: f64 = 0.9;
/// Score when it shares only the address, or only a director or phone.
pub const SCORE_ONE_LINK: f64 = 0.7;

/// The date designation `d` took effect: the registry's date, else the listing date of the
/// watchlist entity it matched (`listed`: listing date per entity id); `None` when neither is
/// known.
fn designation_date(d: &Designation, listed: &HashMap<&str, Date>) -> Option<Date> {
    d.since.or_else(|| listed.get(d.source.as_str()).copied())
}

/// The listing date of every watchlist entity that has one, by entity id.
fn listing_dates(ds: &Dataset) -> HashMap<&str, Date> {
    ds.designated
        .iter()
        .filter_map(|e| {
            let date = e.strings(Prop::ListingDate).find_map(Date::parse)?;
            Some((e.id.as_str(), date))
        })
        .collect()
}

/// Runs the rule.
pub fn detect(g: &Graph, ds: &Dataset, opts: &IndicatorOptions) -> Vec<Signal> {
    let mut customers_of: HashMap<u32, usize> = HashMap::new();
    let mut customers = |s: u32| -> usize {
        *customers_of.entry(s).or_insert_with(|| {
            let mut dst: Vec<u32> = g.out_edges(s).map(|k| g.edges[k].dst).collect();
            dst.dedup(); // out-edges are sorted by target
            dst.len()
        })
    };
    let listed = listing_dates(ds);
    let mut out = Vec::new();
    for d in 0..g.companies {
        let Some(when) = g.designated[d as usize]
            .as_ref()
            .and_then(|x| designation_date(x, &listed))
        else {
            continue;
        };
        let mut suppliers: Vec<u32> = g
            .in_edges(d)
            .iter()
            .map(|&k| g.edges[k as usize].src)
            .collect();
        suppliers.sort_unstable();
        suppliers.dedup();
        suppliers.retain(|&s| customers(s) <= opts.successor_max_supplier_customers);
        if suppliers.is_empty() {
            continue;
        }
        // Companies sharing an address, director or phone node with `d`, with those nodes.
        let mut sharing: BTreeMap<u32, Vec<(u32, LinkKind)>> = BTreeMap::new();
        for (n, kind) in g.links(d) {
            if n < g.companies
                || !matches!(
                    kind,
                    LinkKind::Address | LinkKind::Director | LinkKind::Phone
                )
            {
                continue;
            }
            for (c, k) in g.links(n) {
                if c != d && c < g.companies && k == kind {
                    sharing.entry(c).or_default().push((n, kind));
                }
            }
        }
        for (c, shared) in sharing {
            let Some(inc) = g.incorporated[c as usize] else {
                continue;
            };
            if inc < when
                || inc > when.add_days(opts.successor_window_days)
                || g.country[c as usize] != g.country[d as usize]
            {
                continue;
            }
            let continued: Vec<usize> = g
                .in_edges(c)
                .iter()
                .map(|&k| k as usize)
                .filter(|&k| suppliers.binary_search(&g.edges[k].src).is_ok())
                .collect();
            if continued.is_empty() {
                continue;
            }
            let mut kept: Vec<u32> = continued.iter().map(|&k| g.edges[k].src).collect();
            kept.dedup();
            let address = shared.iter().any(|s| s.1 == LinkKind::Address);
            let person = shared.iter().any(|s| s.1 != LinkKind::Address);
            let score = if address && person {
                SCORE_ADDRESS_AND_PERSON
            } else {
                SCORE_ONE_LINK
            };
            let label = |v: u32| g.labels[v as usize].as_str();
            let links: Vec<String> = shared
                .iter()
                .map(|&(n, kind)| {
                    let what = match kind {
                        LinkKind::Address => "address",
                        LinkKind::Director => "director",
                        _ => "phone",
                    };
                    format!("{what} '{}'", label(n))
                })
                .collect();
            let names: Vec<&str> = kept.iter().take(5).map(|&s| label(s)).collect();
            let more = if kept.len() > 5 {
                format!(" and {} more", kept.len() - 5)
            } else {
                String::new()
            };
            let explanation = format!(
                "incorporated {inc}, {} days after designated '{}' was designated on {when}; shares its {}; buys from its supplier(s) {}{more}",
                inc.0 - when.0,
                label(d),
                links.join(", "),
                names.join("; "),
            );
            let mut related = vec![d];
            related.extend(shared.iter().map(|s| s.0));
            related.extend(kept.iter().copied());
            out.push(Signal {
                rule: Rule::PhoenixSuccessor,
                node: c,
                score,
                explanation,
                records: records_of(g, ds, continued.into_iter()),
                related,
            });
        }
    }
    out
}
