//! The supply graph, in memory and compact.
//!
//! # Layout
//!
//! - **Nodes** are dense `u32`s: resolved companies first (node `e` is entity `e` of the
//!   [`Resolution`]), then persons (directors, owning persons), addresses and phones.
//! - **Shipment edges** aggregate the shipments from one company to another by goods category
//!   and year: count, value sum, first and last date, and the shipments behind them (a range of
//!   [`Graph::edge_records`]). Edges are sorted by (source, target, category, year), so the
//!   outgoing edges of a node are one contiguous range (`out_off`, compressed sparse rows);
//!   incoming edges are a second CSR of edge ids (`in_off`, `in_edges`).
//! - **Links** join a company to a person (directorship or ownership), an address or a phone,
//!   and a company to an owning company; stored as an undirected CSR (`link_off`, `link_to`,
//!   `link_kind`).
//!
//! Building sorts one `(key, shipment)` array in parallel; memory is about 24 bytes per
//! shipment plus the aggregated edges.

use crate::data::{Dataset, NO_PARTY};
use crate::resolve::{address_tokens, Resolution};
use chokepoint_model::Schema;
use chokepoint_screen::{Index, Query, SearchOptions};
use chokepoint_trade::Date;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A resolved company.
    Company,
    /// A person (director or owner).
    Person,
    /// An address.
    Address,
    /// A phone number.
    Phone,
}

/// What a non-shipment link is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Company — person who directs it.
    Director,
    /// Company — owner (person or company).
    Owner,
    /// Company — its address.
    Address,
    /// Company — its phone.
    Phone,
}

/// Shipments from one company to another of one category in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ShipmentEdge {
    /// Sender company node.
    pub src: u32,
    /// Receiver company node.
    pub dst: u32,
    /// Goods category (id in [`Dataset::categories`]).
    pub category: u16,
    /// Year.
    pub year: i16,
    /// Number of shipments.
    pub count: u32,
    /// Sum of values in USD.
    pub value: f64,
    /// Whether any of the shipments is of CHPL goods.
    pub chpl: bool,
    /// First shipment date.
    pub first: Date,
    /// Last shipment date.
    pub last: Date,
    rec_start: u32,
    rec_end: u32,
}

/// Why a company counts as designated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Designation {
    /// `registry` (the registry marks it) or the list entity id it matched.
    pub source: String,
    /// The match score (1.0 for the registry).
    pub score: f64,
    /// The designation date, when known.
    pub since: Option<Date>,
}

/// The supply graph (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Kind of every node.
    pub kinds: Vec<NodeKind>,
    /// Label of every node: company name, person name, address or phone.
    pub labels: Vec<String>,
    /// Number of company nodes (nodes `0..companies`).
    pub companies: u32,
    /// Country of every company node.
    pub country: Vec<String>,
    /// Whether a company is flagged as defence industry.
    pub defence: Vec<bool>,
    /// Designation of a company, if designated.
    pub designated: Vec<Option<Designation>>,
    /// Incorporation date of a company, when the registry gives it.
    pub incorporated: Vec<Option<Date>>,
    /// Aggregated shipment edges sorted by (src, dst, category, year).
    pub edges: Vec<ShipmentEdge>,
    out_off: Vec<u32>,
    in_off: Vec<u32>,
    in_edges: Vec<u32>,
    records: Vec<u32>,
    link_off: Vec<u32>,
    link_to: Vec<u32>,
    link_kind: Vec<LinkKind>,
}

/// Options of [`Graph::build`].
#[derive(Debug, Clone, Copy)]
pub struct GraphOptions {
    /// A company whose name (and INN, country) scores at least this against a list entity is
    /// designated.
    pub designation_threshold: f64,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            designation_threshold: 0.90,
        }
    }
}

/// Normalises a phone number to its digits (at least 6), else `None`.
pub fn phone_key(p: &str) -> Option<String> {
    let d: String = p.chars().filter(char::is_ascii_digit).collect();
    (d.len() >= 6).then_some(d)
}

/// Normalises a person's name: romanised tokens, sorted (word order does not matter).
pub fn person_key(p: &str) -> Option<String> {
    let mut t: Vec<String> = chokepoint_names::analyze(p, chokepoint_names::NameKind::Person)
        .tokens
        .into_iter()
        .map(|t| t.text)
        .collect();
    t.sort_unstable();
    (!t.is_empty()).then(|| t.join(" "))
}

/// Normalises an address: its romanised tokens, sorted, joined.
pub fn address_key(a: &str) -> Option<String> {
    let t = address_tokens(a);
    (t.len() >= 2).then(|| t.join(" "))
}

impl Graph {
    /// Builds the graph from a dataset and its resolution. Designated companies come from the
    /// registry's designation dates and from matching every company against the dataset's
    /// watchlist entities with the screening engine.
    pub fn build(ds: &Dataset, res: &Resolution, opts: &GraphOptions) -> Graph {
        let n = res.entities.len();
        let mut g = Graph {
            companies: n as u32,
            kinds: vec![NodeKind::Company; n],
            labels: res.entities.iter().map(|e| e.name.clone()).collect(),
            country: res.entities.iter().map(|e| e.country.clone()).collect(),
            defence: vec![false; n],
            designated: vec![None; n],
            incorporated: vec![None; n],
            ..Graph::default()
        };
        // Registry attributes and links.
        let mut nodes: HashMap<(NodeKind, String), u32> = HashMap::new();
        let mut links: Vec<(u32, u32, LinkKind)> = Vec::new();
        let reg_entity: HashMap<&str, u32> = res
            .entities
            .iter()
            .enumerate()
            .filter_map(|(e, ent)| ent.registry.map(|k| (ds.registry[k].id.as_str(), e as u32)))
            .collect();
        let mut node = |g: &mut Graph, kind: NodeKind, key: String, label: &str| -> u32 {
            *nodes.entry((kind, key)).or_insert_with(|| {
                g.kinds.push(kind);
                g.labels.push(label.to_string());
                (g.kinds.len() - 1) as u32
            })
        };
        for (e, ent) in res.entities.iter().enumerate() {
            let e32 = e as u32;
            let mut addrs: Vec<&str> = ent
                .parties
                .iter()
                .map(|&p| ds.parties[p as usize].address.as_str())
                .collect();
            if let Some(k) = ent.registry {
                let c = &ds.registry[k];
                g.defence[e] = c.defence;
                g.incorporated[e] = c.incorporated;
                if let Some(d) = c.designated {
                    g.designated[e] = Some(Designation {
                        source: "registry".into(),
                        score: 1.0,
                        since: Some(d),
                    });
                }
                for d in &c.directors {
                    if let Some(key) = person_key(d) {
                        let v = node(&mut g, NodeKind::Person, key, d);
                        links.push((e32, v, LinkKind::Director));
                    }
                }
                for ph in &c.phones {
                    if let Some(key) = phone_key(ph) {
                        let v = node(&mut g, NodeKind::Phone, key, ph);
                        links.push((e32, v, LinkKind::Phone));
                    }
                }
                for o in &c.owners {
                    if let Some(&oe) = reg_entity.get(o.as_str()) {
                        links.push((e32, oe, LinkKind::Owner));
                    } else if let Some(key) = person_key(o) {
                        let v = node(&mut g, NodeKind::Person, key, o);
                        links.push((e32, v, LinkKind::Owner));
                    }
                }
                addrs.push(c.address.as_str());
            }
            let mut seen: Vec<String> = Vec::new();
            for a in addrs {
                if let Some(key) = address_key(a) {
                    if !seen.contains(&key) {
                        seen.push(key.clone());
                        let v = node(&mut g, NodeKind::Address, key, a);
                        links.push((e32, v, LinkKind::Address));
                    }
                }
            }
        }
        g.designate_from_lists(ds, res, opts);
        g.build_links(links);
        g.build_shipments(ds, res);
        g
    }

    fn designate_from_lists(&mut self, ds: &Dataset, res: &Resolution, opts: &GraphOptions) {
        for (e, hit) in match_entities(&ds.end_user_entities, res, opts)
            .into_iter()
            .enumerate()
        {
            if hit.is_some() {
                self.defence[e] = true;
            }
        }
        for (e, d) in match_entities(&ds.designated, res, opts)
            .into_iter()
            .enumerate()
        {
            if self.designated[e].is_none() {
                self.designated[e] = d;
            }
        }
    }

    fn build_links(&mut self, mut links: Vec<(u32, u32, LinkKind)>) {
        links.sort_unstable_by_key(|l| (l.0, l.1));
        links.dedup_by_key(|l| (l.0, l.1));
        let n = self.kinds.len();
        let mut off = vec![0u32; n + 1];
        for &(a, b, _) in &links {
            off[a as usize + 1] += 1;
            off[b as usize + 1] += 1;
        }
        for i in 0..n {
            off[i + 1] += off[i];
        }
        let mut pos = off.clone();
        let total = off[n] as usize;
        self.link_to = vec![0; total];
        self.link_kind = vec![LinkKind::Address; total];
        for &(a, b, k) in &links {
            for (x, y) in [(a, b), (b, a)] {
                let p = pos[x as usize] as usize;
                self.link_to[p] = y;
                self.link_kind[p] = k;
                pos[x as usize] += 1;
            }
        }
        self.link_off = off;
    }

    fn build_shipments(&mut self, ds: &Dataset, res: &Resolution) {
        let s = &ds.shipments;
        let mut keyed: Vec<(u32, u32, u16, i16, u32)> = (0..s.len())
            .into_par_iter()
            .filter_map(|i| {
                let (a, b) = (s.sender[i], s.receiver[i]);
                if a == NO_PARTY || b == NO_PARTY {
                    return None;
                }
                let ea = *res.entity_of.get(a as usize)?;
                let eb = *res.entity_of.get(b as usize)?;
                if ea == eb {
                    return None;
                }
                let year = i16::try_from(s.date[i].year()).unwrap_or(0);
                Some((ea, eb, s.category[i], year, i as u32))
            })
            .collect();
        keyed.par_sort_unstable();
        let n = self.kinds.len();
        self.records = Vec::with_capacity(keyed.len());
        let mut i = 0;
        while i < keyed.len() {
            let (a, b, c, y, _) = keyed[i];
            let start = self.records.len() as u32;
            let mut e = ShipmentEdge {
                src: a,
                dst: b,
                category: c,
                year: y,
                count: 0,
                value: 0.0,
                chpl: false,
                first: Date(i32::MAX),
                last: Date(i32::MIN),
                rec_start: start,
                rec_end: start,
            };
            while i < keyed.len()
                && keyed[i].0 == a
                && keyed[i].1 == b
                && keyed[i].2 == c
                && keyed[i].3 == y
            {
                let r = keyed[i].4 as usize;
                e.count += 1;
                e.value += s.value[r];
                e.chpl |= s.chpl[r];
                e.first = e.first.min(s.date[r]);
                e.last = e.last.max(s.date[r]);
                self.records.push(r as u32);
                i += 1;
            }
            e.rec_end = self.records.len() as u32;
            self.edges.push(e);
        }
        drop(keyed);
        let mut out_off = vec![0u32; n + 1];
        let mut in_off = vec![0u32; n + 1];
        for e in &self.edges {
            out_off[e.src as usize + 1] += 1;
            in_off[e.dst as usize + 1] += 1;
        }
        for i in 0..n {
            out_off[i + 1] += out_off[i];
            in_off[i + 1] += in_off[i];
        }
        let mut pos = in_off.clone();
        self.in_edges = vec![0; self.edges.len()];
        for (k, e) in self.edges.iter().enumerate() {
            let p = &mut pos[e.dst as usize];
            self.in_edges[*p as usize] = k as u32;
            *p += 1;
        }
        self.out_off = out_off;
        self.in_off = in_off;
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.kinds.len()
    }

    /// Ids of the outgoing shipment edges of `v`.
    pub fn out_edges(&self, v: u32) -> std::ops::Range<usize> {
        let v = v as usize;
        match (self.out_off.get(v), self.out_off.get(v + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        }
    }

    /// Ids of the incoming shipment edges of `v`.
    pub fn in_edges(&self, v: u32) -> &[u32] {
        let v = v as usize;
        match (self.in_off.get(v), self.in_off.get(v + 1)) {
            (Some(&a), Some(&b)) => &self.in_edges[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The shipments (indices into [`Dataset::shipments`]) behind edge `k`.
    pub fn edge_records(&self, k: usize) -> &[u32] {
        match self.edges.get(k) {
            Some(e) => &self.records[e.rec_start as usize..e.rec_end as usize],
            None => &[],
        }
    }

    /// The links of node `v`: (other node, kind).
    pub fn links(&self, v: u32) -> impl Iterator<Item = (u32, LinkKind)> + '_ {
        let v = v as usize;
        let r = match (self.link_off.get(v), self.link_off.get(v + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        r.map(move |i| (self.link_to[i], self.link_kind[i]))
    }

    /// Whether company `v` is a defence end user: flagged defence industry or designated.
    pub fn is_end_user(&self, v: u32) -> bool {
        let v = v as usize;
        v < self.companies as usize && (self.defence[v] || self.designated[v].is_some())
    }

    /// Company nodes connected to `v` by shipments (either direction) or through one shared
    /// person, address or phone (company — node — company), deduplicated.
    pub fn company_neighbours(&self, v: u32) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for k in self.out_edges(v) {
            out.push(self.edges[k].dst);
        }
        for &k in self.in_edges(v) {
            out.push(self.edges[k as usize].src);
        }
        for (w, _) in self.links(v) {
            if w < self.companies {
                out.push(w);
            } else {
                for (x, _) in self.links(w) {
                    if x != v {
                        out.push(x);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Approximate heap bytes of the graph.
    pub fn heap_bytes(&self) -> usize {
        self.edges.capacity() * std::mem::size_of::<ShipmentEdge>()
            + (self.out_off.capacity() + self.in_off.capacity() + self.in_edges.capacity()) * 4
            + self.records.capacity() * 4
            + (self.link_off.capacity() + self.link_to.capacity()) * 4
            + self.link_kind.capacity()
            + self.labels.iter().map(|l| l.capacity() + 24).sum::<usize>()
    }
}

/// Matches every resolved company against `list` with the screening engine: the best hit
/// (score ≥ the designation threshold) of each entity, by entity.
fn match_entities(
    list: &[chokepoint_model::Entity],
    res: &Resolution,
    opts: &GraphOptions,
) -> Vec<Option<Designation>> {
    if list.is_empty() {
        return vec![None; res.entities.len()];
    }
    let index = Index::from_entities(list);
    let so = SearchOptions {
        threshold: opts.designation_threshold,
        min_score: opts.designation_threshold,
        limit: 1,
        explain: false,
    };
    let found: Vec<Option<Designation>> = res
        .entities
        .par_iter()
        .map(|ent| {
            let mut q = Query::name(&ent.name).with_schema(Schema::Company);
            if !ent.country.is_empty() {
                q = q.with_country(&ent.country);
            }
            if !ent.inn.is_empty() {
                q = q.with_identifier(chokepoint_model::Prop::InnCode, &ent.inn);
            }
            let hit = index.search(&q, &so).into_iter().next()?;
            Some(Designation {
                source: hit.entity_id,
                score: hit.score,
                since: None,
            })
        })
        .collect();
    found
}
