//! Evaluation against a scenario's truth ([`crate::network_scenario`]): pairwise precision and recall
//! of entity resolution, precision and recall of shell-company detection, recall of planted
//! chains from exporter to end user, and the error of the "end users supplied by country X"
//! count.
//!
//! - **Resolution** is scored over the distinct party mentions whose true company is known:
//!   a pair of mentions is predicted together when resolved to one entity, truly together
//!   when they name one registry company.
//! - **Shells** are scored per registry company: predicted when its entity's shell score
//!   ([`chokepoint_network::indicators::shell_scores`]) is at least the threshold; true for the members of
//!   planted shell networks and phoenix successors.
//! - **Chains**: a planted chain `[exporter, importer, end user]` is found when
//!   [`chokepoint_network::trace::trace_to_node`] on the end user reports both hops.
//! - **Counts**: [`chokepoint_network::trace::end_users_supplied`] on the resolved graph against the same
//!   query on the graph built with the true identities.

use crate::network_scenario::Loaded;
use chokepoint_network::data::{Dataset, NO_PARTY};
use chokepoint_network::graph::{Graph, GraphOptions};
use chokepoint_network::indicators::{self, IndicatorOptions};
use chokepoint_network::judgement::Judgements;
use chokepoint_network::resolve::{resolve, Resolution, ResolveOptions, ResolvedEntity};
use chokepoint_network::trace::{end_users_supplied, trace_to_node, TraceOptions};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::time::Instant;

/// Pairwise precision and recall.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Pairwise {
    /// Correct pairs / predicted pairs.
    pub precision: f64,
    /// Correct pairs / true pairs.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Predicted pairs.
    pub predicted: u64,
    /// True pairs.
    pub truth: u64,
    /// Correct pairs.
    pub correct: u64,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

fn prf(correct: u64, predicted: u64, truth: u64) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        1.0
    } else {
        correct as f64 / predicted as f64
    };
    let r = if truth == 0 {
        1.0
    } else {
        correct as f64 / truth as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// Pairwise scores of a clustering `pred` (cluster per item) against `truth` (true cluster
/// per item, `None` = unknown, skipped).
pub fn pairwise(pred: &[u32], truth: &[Option<u32>]) -> Pairwise {
    let mut cell: HashMap<(u32, u32), u64> = HashMap::new();
    let mut pc: HashMap<u32, u64> = HashMap::new();
    let mut tc: HashMap<u32, u64> = HashMap::new();
    for (i, &p) in pred.iter().enumerate() {
        let Some(Some(t)) = truth.get(i) else {
            continue;
        };
        *cell.entry((p, *t)).or_default() += 1;
        *pc.entry(p).or_default() += 1;
        *tc.entry(*t).or_default() += 1;
    }
    let correct = cell.values().map(|&n| pairs(n)).sum();
    let predicted = pc.values().map(|&n| pairs(n)).sum();
    let truth_pairs = tc.values().map(|&n| pairs(n)).sum();
    let (precision, recall, f1) = prf(correct, predicted, truth_pairs);
    Pairwise {
        precision,
        recall,
        f1,
        predicted,
        truth: truth_pairs,
        correct,
    }
}

/// One "end users supplied by country X" query, predicted and true.
#[derive(Debug, Clone, Serialize)]
pub struct CountCheck {
    /// Country.
    pub country: String,
    /// Category (`all` for none).
    pub category: String,
    /// Count on the resolved graph.
    pub predicted: usize,
    /// Count on the graph with the true identities.
    pub truth: usize,
}

/// The evaluation's numbers.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Shipments.
    pub shipments: usize,
    /// Distinct party mentions.
    pub parties: usize,
    /// Mentions excluded from the resolution scores as ambiguous (written identically by
    /// records of two or more companies).
    pub ambiguous_mentions: usize,
    /// Resolved entities.
    pub entities: usize,
    /// Resolution, pairwise over mentions.
    pub resolution: Pairwise,
    /// Shell detection precision.
    pub shell_precision: f64,
    /// Shell detection recall.
    pub shell_recall: f64,
    /// Companies predicted shells.
    pub shell_predicted: usize,
    /// True shells present in the data.
    pub shell_truth: usize,
    /// Shell precision and recall at other thresholds: (threshold, precision, recall).
    pub shell_curve: Vec<(f64, f64, f64)>,
    /// Shells among Russian companies (registry country RU): precision, recall, predicted,
    /// true.
    pub shell_ru: GroupScore,
    /// Shells among foreign companies (every other country): precision, recall, predicted,
    /// true.
    pub shell_foreign: GroupScore,
    /// Planted chains.
    pub chains: usize,
    /// Planted chains found.
    pub chains_found: usize,
    /// Count queries.
    pub counts: Vec<CountCheck>,
    /// Mean absolute error of the counts.
    pub count_mae: f64,
    /// Seconds: resolution, graph, indicators, tracing.
    pub seconds: [f64; 4],
}

/// Precision and recall of shell detection over one group of companies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct GroupScore {
    /// Correct / predicted (1 when nothing is predicted).
    pub precision: f64,
    /// Correct / true (1 when nothing is true).
    pub recall: f64,
    /// Predicted shells.
    pub predicted: usize,
    /// True shells present.
    pub truth: usize,
}

/// One company of a scenario as the shell model sees it: its features and its truth.
#[derive(Debug, Clone)]
pub struct ShellRow {
    /// The best score of each rule on the company ([`indicators::shell_features`]).
    pub features: [f64; indicators::FEATURES],
    /// Whether the company is a planted shell.
    pub shell: bool,
    /// Its registry country.
    pub country: String,
}

/// The shell model's training rows of one run: every registry company present in the
/// shipments, with its features and truth.
pub fn shell_rows(
    loaded: &Loaded,
    res: &Resolution,
    g: &Graph,
    signals: &[indicators::Signal],
) -> Vec<ShellRow> {
    let ds = &loaded.dataset;
    let feats = indicators::shell_features(g, signals);
    let mut active: HashSet<u32> = HashSet::new();
    for (&a, &b) in ds.shipments.sender.iter().zip(&ds.shipments.receiver) {
        for p in [a, b] {
            if p != NO_PARTY {
                active.insert(res.entity_of[p as usize]);
            }
        }
    }
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for (e, ent) in res.entities.iter().enumerate() {
        let Some(k) = ent.registry else { continue };
        if !active.contains(&(e as u32)) {
            continue;
        }
        let c = &ds.registry[k];
        if !seen.insert(c.id.as_str()) {
            continue;
        }
        out.push(ShellRow {
            features: feats[e],
            shell: loaded.truth.shells.contains(&c.id),
            country: c.country.clone(),
        });
    }
    out
}

/// Fits the shell model's weights to `rows` by L2-regularised maximum likelihood (Newton's
/// method; the rules that are not shell rules keep weight 0; the intercept is not penalised).
pub fn fit_shell_model(rows: &[ShellRow], l2: f64, iterations: usize) -> indicators::ShellModel {
    use chokepoint_network::indicators::{Rule, FEATURES};
    let used: Vec<usize> = Rule::ALL
        .into_iter()
        .filter(|r| r.is_shell_rule())
        .map(|r| r as usize)
        .collect();
    let k = used.len() + 1; // parameter 0 is the intercept
    let x_of = |r: &ShellRow| -> Vec<f64> {
        std::iter::once(1.0)
            .chain(used.iter().map(|&i| r.features[i]))
            .collect()
    };
    let mut beta = vec![0f64; k];
    let n = rows.len().max(1) as f64;
    for _ in 0..iterations {
        let mut grad = vec![0f64; k];
        let mut hess = vec![vec![0f64; k]; k];
        for r in rows {
            let x = x_of(r);
            let z: f64 = x.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = if r.shell { 1.0 } else { 0.0 };
            let w = (p * (1.0 - p)).max(1e-9);
            for ((g, row), &xi) in grad.iter_mut().zip(hess.iter_mut()).zip(&x) {
                *g += (p - y) * xi / n;
                for (h, &xj) in row.iter_mut().zip(&x) {
                    *h += w * xi * xj / n;
                }
            }
        }
        for i in 1..k {
            grad[i] += l2 * beta[i];
            hess[i][i] += l2;
        }
        hess[0][0] += 1e-9;
        let Some(step) = solve(hess, grad) else { break };
        let mut moved = 0f64;
        for i in 0..k {
            beta[i] -= step[i];
            moved = moved.max(step[i].abs());
        }
        if moved < 1e-8 {
            break;
        }
    }
    let mut weights = [0f64; FEATURES];
    for (j, &i) in used.iter().enumerate() {
        weights[i] = beta[j + 1];
    }
    indicators::ShellModel {
        intercept: beta[0],
        weights,
    }
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting; `None` when singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c].abs() < 1e-12 {
            return None;
        }
        a.swap(c, p);
        b.swap(c, p);
        let pivot = a[c].clone();
        for r in c + 1..n {
            let f = a[r][c] / pivot[c];
            for (x, p) in a[r].iter_mut().zip(&pivot).skip(c) {
                *x -= f * p;
            }
            b[r] -= f * b[c];
        }
    }
    let mut x = vec![0f64; n];
    for r in (0..n).rev() {
        let s: f64 = (r + 1..n).map(|k| a[r][k] * x[k]).sum();
        x[r] = (b[r] - s) / a[r][r];
    }
    Some(x)
}

/// A resolution from the truth: one entity per true company (mentions without truth stay
/// alone).
pub fn truth_resolution(ds: &Dataset, truth: &[Option<u32>]) -> Resolution {
    let mut entity_of = vec![0u32; ds.parties.len()];
    let mut entities: Vec<ResolvedEntity> = Vec::new();
    let mut by_company: HashMap<u32, u32> = HashMap::new();
    let reg_party = ds.registry_of_party();
    for (p, party) in ds.parties.iter().enumerate() {
        let e = match truth.get(p).copied().flatten() {
            Some(c) => *by_company.entry(c).or_insert_with(|| {
                entities.push(ResolvedEntity::default());
                (entities.len() - 1) as u32
            }),
            None => {
                entities.push(ResolvedEntity::default());
                (entities.len() - 1) as u32
            }
        };
        entity_of[p] = e;
        let ent = &mut entities[e as usize];
        ent.parties.push(p as u32);
        if let Some(&k) = reg_party.get(&(p as u32)) {
            ent.registry = Some(k);
            let c = &ds.registry[k];
            ent.name = c.name.clone();
            ent.country = c.country.clone();
            ent.key = format!("reg:{}", c.id);
        }
        if ent.name.is_empty() {
            ent.name = party.name.clone();
            ent.country = party.country.clone();
        }
    }
    Resolution {
        entity_of,
        entities,
        ..Resolution::default()
    }
}

/// The count queries of the evaluation: the main dispatch countries, with and without a
/// category.
pub const COUNT_QUERIES: &[(&str, Option<&str>)] = &[
    ("CN", None),
    ("CN", Some("microelectronics")),
    ("HK", None),
    ("HK", Some("microelectronics")),
    ("TR", None),
    ("AE", None),
    ("KZ", None),
];

/// Evaluates the whole pipeline on a loaded scenario.
pub fn evaluate(loaded: &Loaded, ropts: &ResolveOptions) -> EvalReport {
    let ds = &loaded.dataset;
    let t0 = Instant::now();
    let res = resolve(ds, &Judgements::new(), ropts);
    let t_res = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let g = Graph::build(ds, &res, &GraphOptions::default());
    let t_graph = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let signals = indicators::run_all(&g, ds, &IndicatorOptions::default());
    let shell = indicators::shell_scores(&g, &signals);
    let t_ind = t2.elapsed().as_secs_f64();

    let t3 = Instant::now();
    let mut report = score(loaded, &res, &g, &shell);
    let t_trace = t3.elapsed().as_secs_f64();
    report.seconds = [t_res, t_graph, t_ind, t_trace];
    report
}

/// Scores an already computed resolution `res`, its graph `g` and the entities' shell scores
/// `shell` ([`indicators::shell_scores`]) against the scenario's truth: what [`evaluate`]
/// reports, without re-running the pipeline (used by the scale benchmark, where resolution
/// alone takes minutes). `seconds` holds zeros except the last entry, the time spent on
/// tracing and counting here.
pub fn score(loaded: &Loaded, res: &Resolution, g: &Graph, shell: &[f64]) -> EvalReport {
    let ds = &loaded.dataset;
    let truth = &loaded.truth;
    let resolution = pairwise(&res.entity_of, &truth.party_company);

    // Registry id of each entity: its registry entry, else the majority truth of its mentions.
    let reg_of_entity = |e: usize| -> Option<String> {
        let ent = &res.entities[e];
        if let Some(k) = ent.registry {
            return Some(ds.registry[k].id.clone());
        }
        let mut votes: HashMap<u32, usize> = HashMap::new();
        for &p in &ent.parties {
            if let Some(Some(c)) = truth.party_company.get(p as usize) {
                *votes.entry(*c).or_default() += 1;
            }
        }
        let best = votes
            .into_iter()
            .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))?;
        Some(ds.registry[best.0 as usize].id.clone())
    };
    // Companies present in the shipments.
    let mut active: HashSet<u32> = HashSet::new();
    for (&a, &b) in ds.shipments.sender.iter().zip(&ds.shipments.receiver) {
        for p in [a, b] {
            if p != NO_PARTY {
                active.insert(res.entity_of[p as usize]);
            }
        }
    }
    let active_ids: HashSet<String> = active
        .iter()
        .filter_map(|&e| reg_of_entity(e as usize))
        .collect();
    let shells_present: HashSet<&String> = truth
        .shells
        .iter()
        .filter(|s| active_ids.contains(*s))
        .collect();
    let predicted_at = |threshold: f64| -> HashSet<String> {
        shell
            .iter()
            .enumerate()
            .filter(|&(e, &s)| s >= threshold && active.contains(&(e as u32)))
            .filter_map(|(e, _)| reg_of_entity(e))
            .collect()
    };
    let score_at = |predicted: &HashSet<String>| -> (f64, f64) {
        let tp = predicted
            .iter()
            .filter(|p| truth.shells.contains(*p))
            .count();
        let (p, r, _) = prf(
            tp as u64,
            predicted.len() as u64,
            shells_present.len() as u64,
        );
        (p, r)
    };
    let predicted = predicted_at(indicators::SHELL_THRESHOLD);
    let (shell_precision, shell_recall) = score_at(&predicted);
    let country_of: HashMap<&str, &str> = ds
        .registry
        .iter()
        .map(|c| (c.id.as_str(), c.country.as_str()))
        .collect();
    let group = |ru: bool| -> GroupScore {
        let inside = |id: &str| (country_of.get(id).copied() == Some("RU")) == ru;
        let pred: Vec<&String> = predicted.iter().filter(|p| inside(p)).collect();
        let tp = pred.iter().filter(|p| truth.shells.contains(**p)).count();
        let present = shells_present.iter().filter(|s| inside(s)).count();
        let (precision, recall, _) = prf(tp as u64, pred.len() as u64, present as u64);
        GroupScore {
            precision,
            recall,
            predicted: pred.len(),
            truth: present,
        }
    };
    let (shell_ru, shell_foreign) = (group(true), group(false));
    let shell_curve = [0.3, 0.4, 0.5, 0.6, 0.7]
        .iter()
        .map(|&t| {
            let (p, r) = score_at(&predicted_at(t));
            (t, p, r)
        })
        .collect();

    // Chains.
    let t3 = Instant::now();
    let node_of: HashMap<&str, u32> = ds
        .registry
        .iter()
        .zip(&ds.registry_party)
        .map(|(c, &p)| (c.id.as_str(), res.entity_of[p as usize]))
        .collect();
    let topts = TraceOptions {
        max_depth: 4,
        ..TraceOptions::default()
    };
    let mut cache: HashMap<u32, chokepoint_network::trace::Trace> = HashMap::new();
    let mut found = 0;
    for c in &truth.chains {
        let nodes: Vec<u32> = c
            .companies
            .iter()
            .filter_map(|id| node_of.get(id.as_str()).copied())
            .collect();
        if nodes.len() != c.companies.len() {
            continue;
        }
        let Some(&end) = nodes.last() else { continue };
        let t = cache
            .entry(end)
            .or_insert_with(|| trace_to_node(g, ds, end, &topts));
        if nodes.windows(2).all(|w| t.has_hop(w[0], w[1])) {
            found += 1;
        }
    }
    // Counts.
    let tres = truth_resolution(ds, &truth.party_company);
    let tg = Graph::build(ds, &tres, &GraphOptions::default());
    let copts = TraceOptions::default();
    let counts: Vec<CountCheck> = COUNT_QUERIES
        .iter()
        .map(|&(cc, cat)| CountCheck {
            country: cc.to_string(),
            category: cat.unwrap_or("all").to_string(),
            predicted: end_users_supplied(g, ds, cc, cat, &copts).count,
            truth: end_users_supplied(&tg, ds, cc, cat, &copts).count,
        })
        .collect();
    let count_mae = counts
        .iter()
        .map(|c| (c.predicted as f64 - c.truth as f64).abs())
        .sum::<f64>()
        / counts.len().max(1) as f64;
    let t_trace = t3.elapsed().as_secs_f64();
    EvalReport {
        shipments: ds.shipments.len(),
        parties: ds.parties.len(),
        ambiguous_mentions: truth.ambiguous_mentions,
        entities: res.entities.len(),
        resolution,
        shell_precision,
        shell_recall,
        shell_predicted: predicted.len(),
        shell_truth: shells_present.len(),
        shell_curve,
        shell_ru,
        shell_foreign,
        chains: truth.chains.len(),
        chains_found: found,
        counts,
        count_mae,
        seconds: [0.0, 0.0, 0.0, t_trace],
    }
}
