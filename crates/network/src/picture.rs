//! The network picture of one alert: its subject at the centre and only its neighbourhood —
//! the companies that ship to it, the companies it ships to, the defence end users those
//! customers supply (the chains through the subject), and the companies that share a director,
//! owner, address or phone with it. Nothing unrelated to the subject is drawn.

use crate::alerts::Alert;
use crate::graph::{Graph, LinkKind};
use crate::resolve::Resolution;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Where a node of a [`Neighbourhood`] stands relative to the subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The alert's subject.
    Subject,
    /// Ships to the subject.
    Supplier,
    /// Receives from the subject.
    Customer,
    /// Receives from a customer of the subject: the next hop of a chain through it.
    Downstream,
    /// Shares a director, owner, address or phone with the subject.
    Linked,
}

/// One company of a [`Neighbourhood`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PictureNode {
    /// The node's id in this picture (`n` + graph node number).
    pub id: String,
    /// The company's name.
    pub label: String,
    /// Its country (ISO alpha-2 as the graph holds it).
    pub country: String,
    /// `designated` for a defence end user or designated company, else `company`.
    pub kind: String,
    /// Where it stands relative to the subject.
    pub role: Role,
}

/// One line of a [`Neighbourhood`]: shipments (summed over categories and years) or a shared
/// director, owner, address or phone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PictureEdge {
    /// Sender (or, for a link, the subject).
    pub source: String,
    /// Receiver (or the linked company).
    pub target: String,
    /// Value shipped in USD (0 for a link).
    pub value: f64,
    /// What it is, in words: `12 shipments` or `shares a director`.
    pub label: String,
    /// `shipment` or `link`.
    pub kind: &'static str,
}

/// The picture of one alert's subject and its neighbourhood.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbourhood {
    /// The id of the subject's node.
    pub subject: String,
    /// The subject first, then its neighbours.
    pub nodes: Vec<PictureNode>,
    /// Every line drawn; each touches the subject or continues a chain through it.
    pub edges: Vec<PictureEdge>,
}

/// Shipments from one company to another summed over categories and years.
#[derive(Default, Clone, Copy)]
struct Flow {
    value: f64,
    count: u64,
}

fn flows_out(g: &Graph, v: u32) -> Vec<(u32, Flow)> {
    let mut by: HashMap<u32, Flow> = HashMap::new();
    for k in g.out_edges(v) {
        let e = &g.edges[k];
        if e.dst != v {
            let f = by.entry(e.dst).or_default();
            f.value += e.value;
            f.count += u64::from(e.count);
        }
    }
    ranked(by)
}

fn flows_in(g: &Graph, v: u32) -> Vec<(u32, Flow)> {
    let mut by: HashMap<u32, Flow> = HashMap::new();
    for &k in g.in_edges(v) {
        if let Some(e) = g.edges.get(k as usize) {
            if e.src != v {
                let f = by.entry(e.src).or_default();
                f.value += e.value;
                f.count += u64::from(e.count);
            }
        }
    }
    ranked(by)
}

/// Largest value first, then node number (deterministic).
fn ranked(by: HashMap<u32, Flow>) -> Vec<(u32, Flow)> {
    let mut v: Vec<(u32, Flow)> = by.into_iter().collect();
    v.sort_by(|a, b| b.1.value.total_cmp(&a.1.value).then(a.0.cmp(&b.0)));
    v
}

fn link_words(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Director => "shares a director",
        LinkKind::Owner => "shares an owner",
        LinkKind::Address => "shares an address",
        LinkKind::Phone => "shares a phone",
    }
}

/// The neighbourhood of company node `v`: at most `per_side` suppliers and `per_side` customers
/// (largest value first), for each shown customer up to two defence end users it ships to, and
/// at most `per_side` companies linked to `v` through a shared person, address or phone.
/// `None` when `v` is not a company node.
pub fn neighbourhood(g: &Graph, v: u32, per_side: usize) -> Option<Neighbourhood> {
    if v >= g.companies {
        return None;
    }
    let id = |w: u32| format!("n{w}");
    let mut nodes: Vec<PictureNode> = Vec::new();
    let mut placed: HashMap<u32, usize> = HashMap::new();
    let mut add = |w: u32, role: Role, nodes: &mut Vec<PictureNode>| {
        if placed.contains_key(&w) {
            return;
        }
        placed.insert(w, nodes.len());
        nodes.push(PictureNode {
            id: id(w),
            label: g.labels.get(w as usize).cloned().unwrap_or_default(),
            country: g.country.get(w as usize).cloned().unwrap_or_default(),
            kind: if g.is_end_user(w) {
                "designated"
            } else {
                "company"
            }
            .into(),
            role,
        });
    };
    add(v, Role::Subject, &mut nodes);
    let mut edges: Vec<PictureEdge> = Vec::new();
    let shipment = |s: u32, t: u32, f: Flow| PictureEdge {
        source: id(s),
        target: id(t),
        value: f.value,
        label: format!(
            "{} shipment{}",
            f.count,
            if f.count == 1 { "" } else { "s" }
        ),
        kind: "shipment",
    };
    for (w, f) in flows_in(g, v).into_iter().take(per_side) {
        add(w, Role::Supplier, &mut nodes);
        edges.push(shipment(w, v, f));
    }
    let customers: Vec<(u32, Flow)> = flows_out(g, v).into_iter().take(per_side).collect();
    for &(w, f) in &customers {
        add(w, Role::Customer, &mut nodes);
        edges.push(shipment(v, w, f));
    }
    for &(w, _) in &customers {
        if g.is_end_user(w) {
            continue;
        }
        let next: Vec<(u32, Flow)> = flows_out(g, w)
            .into_iter()
            .filter(|(x, _)| *x != v && g.is_end_user(*x))
            .take(2)
            .collect();
        for (x, f) in next {
            add(x, Role::Downstream, &mut nodes);
            edges.push(shipment(w, x, f));
        }
    }
    // Companies sharing a person, address or phone with the subject (company — node — company).
    let mut linked: Vec<(u32, LinkKind)> = Vec::new();
    for (hub, kind) in g.links(v) {
        if hub < g.companies {
            linked.push((hub, kind));
            continue;
        }
        for (x, _) in g.links(hub) {
            if x != v && x < g.companies {
                linked.push((x, kind));
            }
        }
    }
    linked.sort_by_key(|(x, _)| *x);
    linked.dedup_by_key(|(x, _)| *x);
    for (x, kind) in linked.into_iter().take(per_side) {
        add(x, Role::Linked, &mut nodes);
        edges.push(PictureEdge {
            source: id(v),
            target: id(x),
            value: 0.0,
            label: link_words(kind).into(),
            kind: "link",
        });
    }
    Some(Neighbourhood {
        subject: id(v),
        nodes,
        edges,
    })
}

/// The picture of every alert's subject, keyed by alert key (`company:{entity key}`), each with
/// at most `per_side` neighbours a side (see [`neighbourhood`]).
pub fn alert_pictures(
    g: &Graph,
    res: &Resolution,
    alerts: &[Alert],
    per_side: usize,
) -> BTreeMap<String, Neighbourhood> {
    let node_of: HashMap<String, u32> = res
        .entities
        .iter()
        .enumerate()
        .filter_map(|(v, e)| Some((format!("company:{}", e.key), u32::try_from(v).ok()?)))
        .collect();
    alerts
        .iter()
        .filter_map(|a| {
            let v = *node_of.get(&a.key)?;
            Some((a.key.clone(), neighbourhood(g, v, per_side)?))
        })
        .collect()
}
