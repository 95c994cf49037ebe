//! Community detection with the Louvain method (Blondel et al. 2008), written here: local
//! moving of nodes between communities to increase modularity, then aggregation of each
//! community into one node, repeated until modularity stops improving.
//!
//! The graph for communities is undirected and weighted: every company pair with shipments
//! (weight 1 + ln(1 + shipments)), and every company–person, company–address and
//! company–phone link (weight 1). The risk of a community ([`Community::risk`]) is the mean
//! risk of its companies, so one risky member in a large honest community scores low and a
//! ring of flagged companies scores high; `flagged` counts members with risk ≥ 0.5.

use crate::graph::Graph;
use serde::Serialize;
use std::collections::HashMap;

/// An undirected weighted graph as adjacency lists (each edge stored in both directions).
#[derive(Debug, Clone, Default)]
pub struct WeightedGraph {
    /// `adj[v]` = (neighbour, weight).
    pub adj: Vec<Vec<(u32, f64)>>,
}

impl WeightedGraph {
    /// A graph of `n` isolated nodes.
    pub fn new(n: usize) -> WeightedGraph {
        WeightedGraph {
            adj: vec![Vec::new(); n],
        }
    }

    /// Adds an undirected edge (a self-loop when `a == b`).
    pub fn add_edge(&mut self, a: u32, b: u32, w: f64) {
        let n = self.adj.len();
        if a as usize >= n || b as usize >= n {
            return;
        }
        self.adj[a as usize].push((b, w));
        if a != b {
            self.adj[b as usize].push((a, w));
        }
    }

    /// Merges parallel edges.
    fn compact(&mut self) {
        for list in &mut self.adj {
            list.sort_unstable_by_key(|x| x.0);
            let mut out: Vec<(u32, f64)> = Vec::with_capacity(list.len());
            for &(v, w) in list.iter() {
                match out.last_mut() {
                    Some(last) if last.0 == v => last.1 += w,
                    _ => out.push((v, w)),
                }
            }
            *list = out;
        }
    }

    /// The undirected graph of companies and their links, from the supply graph.
    pub fn from_graph(g: &Graph) -> WeightedGraph {
        let mut wg = WeightedGraph::new(g.node_count());
        let mut pair: HashMap<(u32, u32), u64> = HashMap::new();
        for e in &g.edges {
            let k = if e.src < e.dst {
                (e.src, e.dst)
            } else {
                (e.dst, e.src)
            };
            *pair.entry(k).or_default() += u64::from(e.count);
        }
        for ((a, b), n) in pair {
            wg.add_edge(a, b, 1.0 + (1.0 + n as f64).ln());
        }
        for v in 0..g.companies {
            for (w, _) in g.links(v) {
                if w > v {
                    wg.add_edge(v, w, 1.0);
                }
            }
        }
        wg.compact();
        wg
    }
}

/// Modularity of a partition (community id per node); self-loops count twice in degrees.
pub fn modularity(g: &WeightedGraph, community: &[u32]) -> f64 {
    let mut tot: HashMap<u32, f64> = HashMap::new();
    let mut inside = 0.0;
    let mut m2 = 0.0;
    for (v, list) in g.adj.iter().enumerate() {
        let cv = community.get(v).copied().unwrap_or(u32::MAX);
        for &(w, wt) in list {
            let wt = if w as usize == v { 2.0 * wt } else { wt };
            m2 += wt;
            *tot.entry(cv).or_default() += wt;
            if community.get(w as usize) == Some(&cv) {
                inside += wt;
            }
        }
    }
    if m2 == 0.0 {
        return 0.0;
    }
    inside / m2 - tot.values().map(|t| (t / m2) * (t / m2)).sum::<f64>()
}

/// One level of local moving; returns the community of every node and whether anything moved.
fn local_moving(g: &WeightedGraph) -> (Vec<u32>, bool) {
    let n = g.adj.len();
    // Self-loops count twice in the degree (an undirected loop contributes 2w).
    let k: Vec<f64> = g
        .adj
        .iter()
        .enumerate()
        .map(|(v, l)| {
            l.iter()
                .map(|&(w, wt)| if w as usize == v { 2.0 * wt } else { wt })
                .sum()
        })
        .collect();
    let m2: f64 = k.iter().sum();
    let mut comm: Vec<u32> = (0..n as u32).collect();
    if m2 == 0.0 {
        return (comm, false);
    }
    let mut tot: Vec<f64> = k.clone();
    let mut moved_any = false;
    let mut weights: HashMap<u32, f64> = HashMap::new();
    for _pass in 0..50 {
        let mut moved = false;
        for v in 0..n {
            let cv = comm[v];
            weights.clear();
            for &(w, wt) in &g.adj[v] {
                if w as usize != v {
                    *weights.entry(comm[w as usize]).or_default() += wt;
                }
            }
            tot[cv as usize] -= k[v];
            let w_own = weights.get(&cv).copied().unwrap_or(0.0);
            let mut best = cv;
            let mut best_gain = w_own - tot[cv as usize] * k[v] / m2;
            let mut cands: Vec<(&u32, &f64)> = weights.iter().collect();
            cands.sort_unstable_by_key(|x| *x.0);
            for (&c, &wc) in cands {
                let gain = wc - tot[c as usize] * k[v] / m2;
                if gain > best_gain + 1e-12 {
                    best_gain = gain;
                    best = c;
                }
            }
            tot[best as usize] += k[v];
            if best != cv {
                comm[v] = best;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            break;
        }
    }
    (comm, moved_any)
}

/// Louvain communities of `g`: a community id (dense, from 0) for every node.
pub fn louvain(g: &WeightedGraph) -> Vec<u32> {
    let n = g.adj.len();
    let mut assign: Vec<u32> = (0..n as u32).collect();
    let mut level = g.clone();
    for _ in 0..20 {
        let (comm, moved) = local_moving(&level);
        if !moved {
            break;
        }
        // Renumber densely.
        let mut ids: HashMap<u32, u32> = HashMap::new();
        let dense: Vec<u32> = comm
            .iter()
            .map(|c| {
                let next = ids.len() as u32;
                *ids.entry(*c).or_insert(next)
            })
            .collect();
        for a in &mut assign {
            *a = dense[*a as usize];
        }
        let mut next = WeightedGraph::new(ids.len());
        for (v, list) in level.adj.iter().enumerate() {
            for &(w, wt) in list {
                let (a, b) = (dense[v], dense[w as usize]);
                if (v as u32) < w {
                    next.add_edge(a, b, wt);
                } else if v as u32 == w {
                    next.add_edge(a, a, wt);
                }
            }
        }
        next.compact();
        if next.adj.len() == level.adj.len() {
            break;
        }
        level = next;
    }
    assign
}

/// A community of the supply graph with its risk.
#[derive(Debug, Clone, Serialize)]
pub struct Community {
    /// Community id.
    pub id: u32,
    /// Company nodes in it.
    pub companies: Vec<u32>,
    /// Other nodes (persons, addresses, phones) in it.
    pub others: usize,
    /// Companies with risk ≥ 0.5.
    pub flagged: usize,
    /// The community's risk: the mean risk of its companies.
    pub risk: f64,
}

/// Louvain communities of the supply graph with their risk, riskiest first. `risk` is the
/// per-company risk (e.g. [`crate::indicators::risk_scores`]). Communities without companies
/// are dropped.
pub fn communities(g: &Graph, risk: &[f64]) -> (Vec<u32>, Vec<Community>) {
    let wg = WeightedGraph::from_graph(g);
    let assign = louvain(&wg);
    let mut by: HashMap<u32, Community> = HashMap::new();
    for (v, &c) in assign.iter().enumerate() {
        let e = by.entry(c).or_insert(Community {
            id: c,
            companies: Vec::new(),
            others: 0,
            flagged: 0,
            risk: 0.0,
        });
        if (v as u32) < g.companies {
            e.companies.push(v as u32);
        } else {
            e.others += 1;
        }
    }
    let mut out: Vec<Community> = by
        .into_values()
        .filter(|c| !c.companies.is_empty())
        .map(|mut c| {
            let mut r: Vec<f64> = c
                .companies
                .iter()
                .map(|&v| risk.get(v as usize).copied().unwrap_or(0.0))
                .collect();
            r.sort_unstable_by(|a, b| b.total_cmp(a));
            c.flagged = r.iter().filter(|&&x| x >= 0.5).count();
            c.risk = r.iter().sum::<f64>() / r.len().max(1) as f64;
            c
        })
        .collect();
    out.sort_unstable_by(|a, b| b.risk.total_cmp(&a.risk).then(a.id.cmp(&b.id)));
    (assign, out)
}
