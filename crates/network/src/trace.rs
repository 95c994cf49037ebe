//! Tracing: paths from origin manufacturers or countries through intermediaries and
//! transshipment countries to defence end users, with the shipments behind every edge.
//!
//! A trace is a breadth-first search over the aggregated shipment edges of the [`Graph`],
//! bounded by [`TraceOptions::max_depth`], optionally restricted to one goods category (every
//! hop must carry it), and respecting time: an onward hop must have shipments no earlier than
//! the first shipment of the hop that brought the goods (`next.last >= previous.first`).
//! Each result lists every hop explored (company pair, shipments, values, record ids) and one
//! shortest path per origin or end user.

use crate::data::Dataset;
use crate::graph::Graph;
use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_screen::{Index, Query, SearchOptions};
use chokepoint_trade::Date;
use serde::Serialize;
use std::collections::HashMap;

/// At most this many record ids are listed per hop (the count is always complete).
pub const MAX_RECORDS_PER_HOP: usize = 1000;

/// Options of the tracing queries.
#[derive(Debug, Clone, Copy)]
pub struct TraceOptions {
    /// Longest path, in hops.
    pub max_depth: usize,
    /// Only edges of this category (id in [`Dataset::categories`]).
    pub category: Option<u16>,
    /// Only CHPL shipments' edges.
    pub chpl_only: bool,
    /// Enforce time order along paths.
    pub time_order: bool,
}

impl Default for TraceOptions {
    fn default() -> Self {
        TraceOptions {
            max_depth: 5,
            category: None,
            chpl_only: false,
            time_order: true,
        }
    }
}

/// One company-to-company hop with the shipments behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Hop {
    /// Sender company node.
    pub from: u32,
    /// Receiver company node.
    pub to: u32,
    /// Sender name.
    pub from_name: String,
    /// Receiver name.
    pub to_name: String,
    /// Sender country.
    pub from_country: String,
    /// Categories of the shipments.
    pub categories: Vec<String>,
    /// Number of shipments.
    pub shipments: u64,
    /// Sum of values in USD.
    pub value: f64,
    /// First shipment date.
    pub first: Date,
    /// Last shipment date.
    pub last: Date,
    /// Record ids of the shipments (at most [`MAX_RECORDS_PER_HOP`]).
    pub record_ids: Vec<String>,
    /// The aggregated edge ids (into [`Graph::edges`]).
    pub edges: Vec<u32>,
}

/// The result of a trace.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trace {
    /// Every hop explored.
    pub hops: Vec<Hop>,
    /// Shortest paths as node sequences, each from an origin (upstream) to an end (downstream).
    pub paths: Vec<Vec<u32>>,
    /// Company nodes reached, with their distance in hops.
    pub reached: Vec<(u32, usize)>,
}

impl Trace {
    /// Whether the trace contains a hop from `a` to `b`.
    pub fn has_hop(&self, a: u32, b: u32) -> bool {
        self.hops.iter().any(|h| h.from == a && h.to == b)
    }
}

fn edge_ok(g: &Graph, k: usize, opts: &TraceOptions) -> bool {
    let e = &g.edges[k];
    opts.category.is_none_or(|c| e.category == c) && (!opts.chpl_only || e.chpl)
}

fn make_hop(g: &Graph, ds: &Dataset, from: u32, to: u32, edges: &[u32]) -> Hop {
    let mut h = Hop {
        from,
        to,
        from_name: g.labels.get(from as usize).cloned().unwrap_or_default(),
        to_name: g.labels.get(to as usize).cloned().unwrap_or_default(),
        from_country: g.country.get(from as usize).cloned().unwrap_or_default(),
        categories: Vec::new(),
        shipments: 0,
        value: 0.0,
        first: Date(i32::MAX),
        last: Date(i32::MIN),
        record_ids: Vec::new(),
        edges: edges.to_vec(),
    };
    for &k in edges {
        let e = &g.edges[k as usize];
        let c = ds.categories.name(u32::from(e.category)).to_string();
        if !h.categories.contains(&c) {
            h.categories.push(c);
        }
        h.shipments += u64::from(e.count);
        h.value += e.value;
        h.first = h.first.min(e.first);
        h.last = h.last.max(e.last);
        for &r in g.edge_records(k as usize) {
            if h.record_ids.len() >= MAX_RECORDS_PER_HOP {
                break;
            }
            h.record_ids.push(ds.shipments.record_id(r).to_string());
        }
    }
    h
}

/// Breadth-first search from `starts`; `forward` follows shipments downstream. Returns
/// (distance, parent, the window (first, last) of the goods at each node, edges used).
struct Bfs {
    dist: HashMap<u32, usize>,
    parent: HashMap<u32, u32>,
    pair_edges: HashMap<(u32, u32), Vec<u32>>,
    order: Vec<u32>,
}

fn bfs(
    g: &Graph,
    starts: &[u32],
    forward: bool,
    opts: &TraceOptions,
    stop: &dyn Fn(u32) -> bool,
) -> Bfs {
    let mut b = Bfs {
        dist: HashMap::new(),
        parent: HashMap::new(),
        pair_edges: HashMap::new(),
        order: Vec::new(),
    };
    // The time bound at a node: forward, the earliest arrival of goods; backward, the latest
    // departure onward.
    let mut bound: HashMap<u32, Date> = HashMap::new();
    let mut frontier: Vec<u32> = Vec::new();
    for &s in starts {
        if b.dist.insert(s, 0).is_none() {
            frontier.push(s);
            b.order.push(s);
        }
    }
    for depth in 1..=opts.max_depth {
        let mut next = Vec::new();
        for &v in &frontier {
            if depth > 1 && stop(v) {
                continue;
            }
            let vb = bound.get(&v).copied();
            let mut visit = |k: usize, w: u32, b: &mut Bfs, next: &mut Vec<u32>| {
                if !edge_ok(g, k, opts) {
                    return;
                }
                let e = &g.edges[k];
                if opts.time_order {
                    if let Some(t) = vb {
                        if forward && e.last < t || !forward && e.first > t {
                            return;
                        }
                    }
                }
                let (a, c) = if forward { (v, w) } else { (w, v) };
                let known = b.dist.get(&w).copied();
                if known.is_none() {
                    b.dist.insert(w, depth);
                    b.parent.insert(w, v);
                    b.order.push(w);
                    next.push(w);
                }
                if known != Some(0) {
                    b.pair_edges.entry((a, c)).or_default().push(k as u32);
                }
                let t = if forward { e.first } else { e.last };
                let slot = bound.entry(w).or_insert(t);
                if forward && t < *slot || !forward && t > *slot {
                    *slot = t;
                }
            };
            if forward {
                for k in g.out_edges(v) {
                    let w = g.edges[k].dst;
                    visit(k, w, &mut b, &mut next);
                }
            } else {
                for &k in g.in_edges(v) {
                    let w = g.edges[k as usize].src;
                    visit(k as usize, w, &mut b, &mut next);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    b
}

fn finish(g: &Graph, ds: &Dataset, b: &Bfs, ends: &[u32], forward: bool) -> Trace {
    let mut t = Trace::default();
    let mut pairs: Vec<(&(u32, u32), &Vec<u32>)> = b.pair_edges.iter().collect();
    pairs.sort_unstable_by_key(|(k, _)| **k);
    for ((a, c), edges) in pairs {
        let mut es = edges.clone();
        es.sort_unstable();
        es.dedup();
        t.hops.push(make_hop(g, ds, *a, *c, &es));
    }
    for &v in &b.order {
        if v < g.companies {
            t.reached.push((v, b.dist.get(&v).copied().unwrap_or(0)));
        }
    }
    for &end in ends {
        let mut path = vec![end];
        let mut v = end;
        while let Some(&p) = b.parent.get(&v) {
            path.push(p);
            v = p;
            if path.len() > 64 {
                break;
            }
        }
        if forward {
            path.reverse();
        }
        if path.len() > 1 {
            t.paths.push(path);
        }
    }
    t
}

/// Companies whose name matches `name` (screening score ≥ 0.8), best first.
pub fn find_company(g: &Graph, name: &str) -> Vec<(u32, f64)> {
    let ents = (0..g.companies).map(|v| {
        let prov = std::sync::Arc::new(chokepoint_model::Provenance::new("graph", "", None));
        let mut e = Entity::with_id(v.to_string(), Schema::Company, prov);
        e.add(Prop::Name, &g.labels[v as usize]);
        e
    });
    let index = Index::build(ents);
    let so = SearchOptions {
        threshold: 0.8,
        min_score: 0.8,
        limit: 10,
        explain: false,
    };
    index
        .search(&Query::name(name), &so)
        .into_iter()
        .filter_map(|h| Some((h.entity_id.parse().ok()?, h.score)))
        .collect()
}

/// Everything upstream of company `target`: the suppliers of its suppliers, up to
/// `max_depth` hops, with the shipments behind every hop and one shortest path from each
/// upstream company with no further supplier (an origin) to the target.
pub fn trace_to_node(g: &Graph, ds: &Dataset, target: u32, opts: &TraceOptions) -> Trace {
    let b = bfs(g, &[target], false, opts, &|_| false);
    let origins: Vec<u32> = b
        .order
        .iter()
        .copied()
        .filter(|&v| {
            v != target
                && !g
                    .in_edges(v)
                    .iter()
                    .any(|&k| b.pair_edges.contains_key(&(g.edges[k as usize].src, v)))
        })
        .collect();
    finish(g, ds, &b, &origins, false)
}

/// [`trace_to_node`] for the best company matching `name`; `None` when nothing matches.
pub fn trace_to(g: &Graph, ds: &Dataset, name: &str, opts: &TraceOptions) -> Option<(u32, Trace)> {
    let (v, _) = find_company(g, name).into_iter().next()?;
    Some((v, trace_to_node(g, ds, v, opts)))
}

/// Which companies count as "of a country" for [`trace_from_country`]: the bases analysts
/// ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountryBasis {
    /// Companies of the country: the registry's country, else the declaration's sender
    /// country (trading country, country of dispatch when it gives none).
    #[default]
    Company,
    /// Senders of shipments whose goods originate in the country (country of origin).
    Origin,
    /// Senders of shipments dispatched from the country (country of dispatch).
    Dispatch,
}

impl CountryBasis {
    /// Every basis.
    pub const ALL: [CountryBasis; 3] = [
        CountryBasis::Company,
        CountryBasis::Origin,
        CountryBasis::Dispatch,
    ];

    /// The name (`company`, `origin`, `dispatch`).
    pub fn as_str(self) -> &'static str {
        match self {
            CountryBasis::Company => "company",
            CountryBasis::Origin => "origin",
            CountryBasis::Dispatch => "dispatch",
        }
    }
}

impl std::str::FromStr for CountryBasis {
    type Err = crate::error::NetworkError;
    fn from_str(s: &str) -> crate::error::Result<Self> {
        CountryBasis::ALL
            .into_iter()
            .find(|b| b.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| crate::error::NetworkError::Invalid {
                what: "country basis (company, origin or dispatch)",
                value: s.to_string(),
            })
    }
}

/// Companies of country `cc` on `basis` that ship goods passing the options' filters.
pub fn country_sources(
    g: &Graph,
    ds: &Dataset,
    cc: &str,
    basis: CountryBasis,
    opts: &TraceOptions,
) -> Vec<u32> {
    let cc = cc.trim().to_ascii_uppercase();
    let cid = ds.countries.get(&cc);
    (0..g.companies)
        .filter(|&v| {
            g.out_edges(v).any(|k| {
                edge_ok(g, k, opts)
                    && match basis {
                        CountryBasis::Company => g.country[v as usize] == cc,
                        CountryBasis::Origin => cid.is_some_and(|c| {
                            g.edge_records(k)
                                .iter()
                                .any(|&r| u32::from(ds.shipments.origin[r as usize]) == c)
                        }),
                        CountryBasis::Dispatch => cid.is_some_and(|c| {
                            g.edge_records(k)
                                .iter()
                                .any(|&r| u32::from(ds.shipments.dispatch[r as usize]) == c)
                        }),
                    }
            })
        })
        .collect()
}

/// Paths from the companies of country `cc` shipping `category` (by name, e.g.
/// `microelectronics`; `None` for all) downstream to defence end users, with the shipments
/// behind every hop. Paths stop at the first end user reached.
pub fn trace_from_country(
    g: &Graph,
    ds: &Dataset,
    cc: &str,
    category: Option<&str>,
    opts: &TraceOptions,
) -> Trace {
    trace_from_country_on(g, ds, cc, CountryBasis::Company, category, opts)
}

/// [`trace_from_country`] with the companies of `cc` taken on `basis` (company country,
/// country of origin or country of dispatch of their shipments).
pub fn trace_from_country_on(
    g: &Graph,
    ds: &Dataset,
    cc: &str,
    basis: CountryBasis,
    category: Option<&str>,
    opts: &TraceOptions,
) -> Trace {
    let mut o = *opts;
    if let Some(c) = category {
        match ds.categories.get(c) {
            Some(id) => o.category = u16::try_from(id).ok(),
            None => return Trace::default(),
        }
    }
    let sources = country_sources(g, ds, cc, basis, &o);
    let b = bfs(g, &sources, true, &o, &|v| g.is_end_user(v));
    let ends: Vec<u32> = b
        .order
        .iter()
        .copied()
        .filter(|&v| g.is_end_user(v) && b.dist.get(&v).is_some_and(|&d| d > 0))
        .collect();
    let mut t = finish(g, ds, &b, &ends, true);
    // Keep only the hops on some path to an end user.
    let on_path: std::collections::HashSet<(u32, u32)> = t
        .paths
        .iter()
        .flat_map(|p| p.windows(2).map(|w| (w[0], w[1])))
        .collect();
    t.hops.retain(|h| on_path.contains(&(h.from, h.to)));
    t
}

/// One end user in [`EndUserCount`], with the path and records that show the supply.
#[derive(Debug, Clone, Serialize)]
pub struct EndUserEvidence {
    /// The end user's node.
    pub node: u32,
    /// Its name.
    pub name: String,
    /// Why it is an end user: `defence` and/or the designation source.
    pub why: String,
    /// The supply path (node names from the country's company to the end user).
    pub path: Vec<String>,
    /// The hops of that path with their shipments.
    pub hops: Vec<Hop>,
}

/// The answer to "how many defence end users do companies of country X supply with goods of
/// category Y", with its evidence rows.
#[derive(Debug, Clone, Serialize)]
pub struct EndUserCount {
    /// Country queried.
    pub country: String,
    /// Category queried (`all` for none).
    pub category: String,
    /// Which companies counted as the country's.
    pub basis: CountryBasis,
    /// Number of distinct end users.
    pub count: usize,
    /// One entry per end user.
    pub end_users: Vec<EndUserEvidence>,
}

/// Counts the distinct defence end users reached from companies of `cc` with goods of
/// `category`, each with one supply path and its records.
pub fn end_users_supplied(
    g: &Graph,
    ds: &Dataset,
    cc: &str,
    category: Option<&str>,
    opts: &TraceOptions,
) -> EndUserCount {
    end_users_supplied_on(g, ds, cc, CountryBasis::Company, category, opts)
}

/// [`end_users_supplied`] with the companies of `cc` taken on `basis`.
pub fn end_users_supplied_on(
    g: &Graph,
    ds: &Dataset,
    cc: &str,
    basis: CountryBasis,
    category: Option<&str>,
    opts: &TraceOptions,
) -> EndUserCount {
    let t = trace_from_country_on(g, ds, cc, basis, category, opts);
    let hop_of: HashMap<(u32, u32), &Hop> = t.hops.iter().map(|h| ((h.from, h.to), h)).collect();
    let end_users = t
        .paths
        .iter()
        .filter_map(|p| {
            let &end = p.last()?;
            let mut why = Vec::new();
            if g.defence.get(end as usize).copied().unwrap_or(false) {
                why.push("defence".to_string());
            }
            if let Some(Some(d)) = g.designated.get(end as usize) {
                why.push(format!("designated ({})", d.source));
            }
            Some(EndUserEvidence {
                node: end,
                name: g.labels[end as usize].clone(),
                why: why.join(", "),
                path: p.iter().map(|&v| g.labels[v as usize].clone()).collect(),
                hops: p
                    .windows(2)
                    .filter_map(|w| hop_of.get(&(w[0], w[1])).map(|h| (*h).clone()))
                    .collect(),
            })
        })
        .collect::<Vec<_>>();
    EndUserCount {
        country: cc.to_ascii_uppercase(),
        category: category.unwrap_or("all").to_string(),
        basis,
        count: end_users.len(),
        end_users,
    }
}
