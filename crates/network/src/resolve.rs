//! Entity resolution of trade parties: the name variants of one company across records are
//! clustered into one resolved entity.
//!
//! # Method
//!
//! 1. **Blocking.** Mentions whose folded name, country and folded address agree (they differ
//!    only in case, punctuation, script or INN) form a group and are paired with the group's
//!    representative. One representative per group is indexed in the screening engine's
//!    candidate index ([`chokepoint_screen::Index`]) and searched against it; only the
//!    returned candidates (at most [`ResolveOptions::candidates`]) are compared. No all-pairs
//!    comparison ever happens.
//! 2. **Pair score.** The screening score of the pair (aligned name tokens across
//!    transliterations and word orders, legal-form agreement, country agreement), plus the
//!    address evidence when both mentions give one (token Jaccard over the romanised address
//!    tokens): `+0.07` for the same address (≥ 0.9), `+0.03` for a similar one (≥ 0.6), `−0.08`
//!    for a different one (< 0.2),
//!    and `−0.10` more when both give a country and the countries differ (the screening score
//!    already takes `−0.04`; one name registered in two countries is two companies).
//!    Two addresses whose numbers (house, office, room) differ count as different. A bare
//!    mention (no INN, no address) whose name matches mentions at two or more different
//!    addresses over the threshold is ambiguous (namesakes) and is left unmerged.
//! 3. **Exact keys.** Mentions with the same INN are merged outright (reason `inn`). Two
//!    different INNs, or two different registry ids, never end up in one entity: a merge that
//!    would join them is refused and recorded in [`Resolution::refused`].
//! 4. **Union-find with a threshold.** Candidate pairs scoring at least
//!    [`ResolveOptions::threshold`] (default [`DEFAULT_MERGE_THRESHOLD`] = 0.90, chosen on the
//!    scenario evaluation) are merged in decreasing score order, subject to the constraints.
//! 5. **Analyst judgements override the machine.** `same` pairs are merged first, whatever the
//!    machine says; `not_same` pairs become cannot-links that no machine merge may cross;
//!    `unsure` is recorded and changes nothing (see [`crate::judgement`]).
//!
//! Every merge is recorded with its reason, its score and the features behind it
//! ([`Merge`]).

use crate::data::{Dataset, Party};
use crate::judgement::{Judgements, Verdict};
use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_names::{analyze, NameKind};
use chokepoint_screen::{Index, Query, SearchOptions};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// The default merge threshold on the pair score.
pub const DEFAULT_MERGE_THRESHOLD: f64 = 0.90;

/// Options of [`resolve`].
#[derive(Debug, Clone, Copy)]
pub struct ResolveOptions {
    /// Pairs scoring at least this are merged.
    pub threshold: f64,
    /// Candidates retrieved per mention from the index.
    pub candidates: usize,
    /// Candidates scoring below this are not even considered (saves work).
    pub min_score: f64,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            threshold: DEFAULT_MERGE_THRESHOLD,
            candidates: 16,
            min_score: 0.75,
        }
    }
}

/// Why two mentions were merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeReason {
    /// An analyst judged them the same.
    Judgement,
    /// They carry the same INN.
    Inn,
    /// Their names, countries and addresses agree (pair score over the threshold).
    Similarity,
}

/// One merge of two mentions (party ids) with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Merge {
    /// First party id.
    pub a: u32,
    /// Second party id.
    pub b: u32,
    /// Why.
    pub reason: MergeReason,
    /// The pair score (1.0 for judgements and INN).
    pub score: f64,
    /// The screening score of the names (with legal form and country), if computed.
    pub name_score: Option<f64>,
    /// Address agreement (token Jaccard), when both mentions give an address.
    pub address_similarity: Option<f64>,
    /// A sentence a reviewer can read.
    pub detail: String,
}

/// A merge the constraints refused.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// First party id.
    pub a: u32,
    /// Second party id.
    pub b: u32,
    /// The pair score.
    pub score: f64,
    /// Which constraint: `not_same judgement`, `different INN`, `different registry id`.
    pub constraint: &'static str,
}

/// A resolved entity: one company behind several mentions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ResolvedEntity {
    /// Stable key: `reg:{registry id}`, else `inn:{inn}`, else the smallest mention key.
    pub key: String,
    /// Display name: the registry name, else the first mention's.
    pub name: String,
    /// Country (of the registry entry, else of the first mention with one).
    pub country: String,
    /// INN, if any mention has one.
    pub inn: String,
    /// Index of the registry company, if a registry entry is among the mentions.
    pub registry: Option<usize>,
    /// The party ids of the mentions.
    pub parties: Vec<u32>,
}

/// The result of [`resolve`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct Resolution {
    /// Entity id (index into `entities`) of every party id.
    pub entity_of: Vec<u32>,
    /// The entities.
    pub entities: Vec<ResolvedEntity>,
    /// Every merge that joined two clusters, in the order applied.
    pub merges: Vec<Merge>,
    /// Merges refused by a constraint.
    pub refused: Vec<Refusal>,
    /// Candidate pairs compared.
    pub pairs_compared: usize,
}

impl Resolution {
    /// The merges that explain entity `e` (both mentions belong to it).
    pub fn merges_of(&self, e: u32) -> impl Iterator<Item = &Merge> + '_ {
        self.merges
            .iter()
            .filter(move |m| self.entity_of.get(m.a as usize) == Some(&e))
    }

    /// Every party resolved to its own entity (no merging at all).
    pub fn singletons(n: usize) -> Resolution {
        let mut r = Resolution {
            entity_of: (0..n as u32).collect(),
            ..Resolution::default()
        };
        r.entities = (0..n)
            .map(|i| ResolvedEntity {
                key: String::new(),
                name: String::new(),
                country: String::new(),
                inn: String::new(),
                registry: None,
                parties: vec![i as u32],
            })
            .collect();
        r
    }
}

/// Romanised address tokens (numbers included), sorted and deduplicated.
pub fn address_tokens(address: &str) -> Vec<String> {
    let mut t: Vec<String> = analyze(address, NameKind::Any)
        .tokens
        .into_iter()
        .map(|t| t.text)
        .filter(|t| !t.is_empty())
        .collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// Jaccard similarity of two sorted token lists; `None` when either is empty.
pub fn jaccard(a: &[String], b: &[String]) -> Option<f64> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    Some(inter as f64 / (a.len() + b.len() - inter) as f64)
}

/// Address similarity of two token lists: their Jaccard similarity, except that two addresses
/// whose numbers (house, office, room) differ are different premises (0.0). `None` when either
/// is empty.
pub fn address_similarity(a: &[String], b: &[String]) -> Option<f64> {
    let j = jaccard(a, b)?;
    let numbers = |t: &[String]| -> Vec<String> {
        t.iter()
            .filter(|x| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit()))
            .cloned()
            .collect()
    };
    let (na, nb) = (numbers(a), numbers(b));
    if !na.is_empty() && !nb.is_empty() && na != nb {
        return Some(0.0);
    }
    Some(j)
}

/// The address adjustment of the pair score for an address similarity.
pub fn address_adjustment(sim: Option<f64>) -> f64 {
    match sim {
        Some(s) if s >= 0.9 => 0.07,
        Some(s) if s >= 0.6 => 0.03,
        Some(s) if s < 0.2 => -0.08,
        _ => 0.0,
    }
}

/// The country adjustment of the pair score: `−0.10` when both mentions give a country and
/// they differ.
pub fn country_adjustment(a: &Party, b: &Party) -> f64 {
    if !a.country.is_empty() && !b.country.is_empty() && a.country != b.country {
        -0.10
    } else {
        0.0
    }
}

/// A candidate pair: (pair score, party a, party b with a < b, screening score, address
/// similarity).
type Candidate = (f64, u32, u32, f64, Option<f64>);

struct Uf {
    parent: Vec<u32>,
    inns: Vec<Vec<Arc<str>>>,
    regs: Vec<Vec<Arc<str>>>,
    cannot: Vec<Vec<u32>>,
}

impl Uf {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    /// Which constraint a union of roots `a` and `b` would break, if any.
    fn conflict(&mut self, a: u32, b: u32) -> Option<&'static str> {
        let (ai, bi) = (a as usize, b as usize);
        let ca = self.cannot[ai].clone();
        if ca.iter().any(|&p| self.find(p) == b) {
            return Some("not_same judgement");
        }
        let cb = self.cannot[bi].clone();
        if cb.iter().any(|&p| self.find(p) == a) {
            return Some("not_same judgement");
        }
        let disjoint = |x: &[Arc<str>], y: &[Arc<str>]| {
            !x.is_empty() && !y.is_empty() && !x.iter().any(|v| y.contains(v))
        };
        if disjoint(&self.inns[ai], &self.inns[bi]) {
            return Some("different INN");
        }
        if disjoint(&self.regs[ai], &self.regs[bi]) {
            return Some("different registry id");
        }
        None
    }

    fn union(&mut self, a: u32, b: u32) {
        let (keep, gone) = if a < b { (a, b) } else { (b, a) };
        self.parent[gone as usize] = keep;
        let g = gone as usize;
        let k = keep as usize;
        for field in [&mut self.inns, &mut self.regs] {
            let moved = std::mem::take(&mut field[g]);
            for v in moved {
                if !field[k].contains(&v) {
                    field[k].push(v);
                }
            }
        }
        let moved = std::mem::take(&mut self.cannot[g]);
        self.cannot[k].extend(moved);
    }
}

fn party_entity(i: usize, p: &Party) -> Entity {
    let prov = Arc::new(chokepoint_model::Provenance::new(
        "parties",
        &i.to_string(),
        None,
    ));
    let mut e = Entity::with_id(i.to_string(), Schema::Company, prov);
    e.add(Prop::Name, &p.name);
    if !p.country.is_empty() {
        e.add(Prop::Country, &p.country.to_lowercase());
    }
    e
}

fn party_query(p: &Party) -> Query {
    let mut q = Query::name(&p.name).with_schema(Schema::Company);
    if !p.country.is_empty() {
        q = q.with_country(&p.country);
    }
    q
}

/// The pair score of two mentions with its parts, as the resolver merges on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScore {
    /// The pair score: the names' screening score plus the address and country terms.
    pub score: f64,
    /// The screening score of the names (legal form and country evidence included).
    pub name_score: f64,
    /// Address agreement (token Jaccard), when both mentions give an address.
    pub address_similarity: Option<f64>,
}

/// The pair score of two mentions whose names scored `name_score`: the address evidence
/// ([`address_adjustment`] of the token similarity) and the country term
/// ([`country_adjustment`]) added to the names' score. [`resolve`] and [`score_pair`] both use
/// it, so a pair scored by a batch engine equals the one the resolver computes.
pub fn pair_terms(
    name_score: f64,
    a: &Party,
    b: &Party,
    address_a: &[String],
    address_b: &[String],
) -> PairScore {
    let sim = address_similarity(address_a, address_b);
    PairScore {
        score: name_score + address_adjustment(sim) + country_adjustment(a, b),
        name_score,
        address_similarity: sim,
    }
}

/// Scores one pair of mentions on its own, as [`resolve`] scores a candidate it found: `a`'s
/// name and country searched against `b` alone, then [`pair_terms`]. For batch engines (the
/// `cluster` crate's blocking job) that find candidates by blocking keys instead of the index.
pub fn score_pair(a: &Party, b: &Party) -> PairScore {
    let index = Index::build(vec![party_entity(0, b)]);
    let opts = SearchOptions {
        threshold: 0.0,
        min_score: 0.0,
        limit: 1,
        explain: false,
    };
    let name_score = index
        .search(&party_query(a), &opts)
        .into_iter()
        .next()
        .map_or(0.0, |h| h.score);
    pair_terms(
        name_score,
        a,
        b,
        &address_tokens(&a.address),
        &address_tokens(&b.address),
    )
}

/// Resolves the parties of `ds` into entities (see the module documentation for the method).
pub fn resolve(ds: &Dataset, judgements: &Judgements, opts: &ResolveOptions) -> Resolution {
    let n = ds.parties.len();
    // Mentions whose folded name, country and folded address agree (they differ only in case,
    // punctuation, script or INN) form one group; only one representative per group is indexed
    // and searched.
    let gkeys: Vec<String> = ds
        .parties
        .par_iter()
        .map(|p| {
            format!(
                "{}|{}|{}",
                chokepoint_names::fold(&p.name),
                p.country,
                chokepoint_names::fold(&p.address)
            )
        })
        .collect();
    let mut group_of = vec![0u32; n];
    let mut reps: Vec<u32> = Vec::new();
    {
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for (i, k) in gkeys.iter().enumerate() {
            let g = *seen.entry(k.as_str()).or_insert_with(|| {
                reps.push(i as u32);
                (reps.len() - 1) as u32
            });
            group_of[i] = g;
        }
    }
    drop(gkeys);
    let index = Index::build(
        reps.iter()
            .enumerate()
            .map(|(g, &i)| party_entity(g, &ds.parties[i as usize])),
    );
    let addr: Vec<Vec<String>> = ds
        .parties
        .par_iter()
        .map(|p| address_tokens(&p.address))
        .collect();
    let search = SearchOptions {
        threshold: opts.threshold,
        min_score: opts.min_score,
        limit: opts.candidates,
        explain: false,
    };
    // Candidate pairs (a < b) between representatives with their pair score, from the index,
    // and each representative's score against its own name.
    let found: Vec<(Vec<Candidate>, f64)> = reps
        .par_iter()
        .enumerate()
        .map(|(g, &i)| {
            let i = i as usize;
            let p = &ds.parties[i];
            let mut own = 0.95;
            let mut out = Vec::new();
            for h in index.search(&party_query(p), &search) {
                let Ok(k) = h.entity_id.parse::<usize>() else {
                    continue;
                };
                if k == g {
                    own = h.score;
                    continue;
                }
                let Some(&j) = reps.get(k) else { continue };
                let j = j as usize;
                let t = pair_terms(h.score, p, &ds.parties[j], &addr[i], &addr[j]);
                let (a, b) = if i < j { (i, j) } else { (j, i) };
                out.push((t.score, a as u32, b as u32, h.score, t.address_similarity));
            }
            (out, own)
        })
        .collect();
    let mut pairs: Vec<Candidate> = Vec::new();
    let mut own_score = Vec::with_capacity(found.len());
    for (f, own) in found {
        pairs.extend(f);
        own_score.push(own);
    }
    // Members of a group pair with their representative: same name, same address.
    for i in 0..n {
        let g = group_of[i] as usize;
        let r = reps[g] as usize;
        if r != i {
            let a_sim = address_similarity(&addr[r], &addr[i]);
            let name = own_score[g];
            pairs.push((
                name + address_adjustment(a_sim),
                r as u32,
                i as u32,
                name,
                a_sim,
            ));
        }
    }
    finish(ds, judgements, opts, pairs, &addr)
}

/// A candidate pair scored outside this crate — by the `cluster` crate's distributed blocking
/// job — naming its mentions by [`Party::key`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredPair {
    /// Key of the first mention.
    pub key_a: String,
    /// Key of the second mention.
    pub key_b: String,
    /// The pair score (the same terms as [`resolve`]'s).
    pub score: f64,
    /// The screening score of the names.
    pub name_score: f64,
    /// Address agreement, when both mentions give an address.
    pub address_similarity: Option<f64>,
}

/// Resolves the parties of `ds` from candidate pairs found and scored elsewhere (a cluster's
/// blocking job) instead of the index search of [`resolve`]; everything after candidate
/// generation is the same: the namesake rule, analyst judgements, exact INN, the threshold and
/// the INN / registry constraints. Pairs naming a mention `ds` does not hold are skipped.
pub fn resolve_with_pairs(
    ds: &Dataset,
    judgements: &Judgements,
    opts: &ResolveOptions,
    scored: &[ScoredPair],
) -> Resolution {
    let keys: HashMap<String, u32> = ds
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key(), i as u32))
        .collect();
    let addr: Vec<Vec<String>> = ds
        .parties
        .par_iter()
        .map(|p| address_tokens(&p.address))
        .collect();
    let pairs: Vec<Candidate> = scored
        .iter()
        .filter_map(|p| {
            let (&x, &y) = (keys.get(&p.key_a)?, keys.get(&p.key_b)?);
            (x != y).then(|| {
                (
                    p.score,
                    x.min(y),
                    x.max(y),
                    p.name_score,
                    p.address_similarity,
                )
            })
        })
        .collect();
    finish(ds, judgements, opts, pairs, &addr)
}

/// Everything after candidate generation: dedup, the namesake rule, judgements, INN, the
/// threshold, entities.
fn finish(
    ds: &Dataset,
    judgements: &Judgements,
    opts: &ResolveOptions,
    mut pairs: Vec<Candidate>,
    addr: &[Vec<String>],
) -> Resolution {
    let n = ds.parties.len();
    // Both directions of a pair may be found: keep the better score of each pair.
    pairs.sort_unstable_by(|x, y| x.1.cmp(&y.1).then(x.2.cmp(&y.2)).then(y.0.total_cmp(&x.0)));
    pairs.dedup_by(|x, y| x.1 == y.1 && x.2 == y.2);
    // A bare mention (no INN, no address) whose name matches, over the threshold, mentions at
    // two or more different addresses is ambiguous (namesakes): it is left unmerged.
    let bare = |i: u32| {
        let p = &ds.parties[i as usize];
        p.inn.is_empty() && p.address.trim().is_empty()
    };
    let mut seen_addr: HashMap<u32, Vec<u32>> = HashMap::new();
    for &(score, a, b, _, _) in &pairs {
        if score < opts.threshold {
            continue;
        }
        for (x, y) in [(a, b), (b, a)] {
            if bare(x) && !addr[y as usize].is_empty() {
                let list = seen_addr.entry(x).or_default();
                if !list.iter().any(|&z| {
                    address_similarity(&addr[z as usize], &addr[y as usize]).unwrap_or(0.0) >= 0.9
                }) {
                    list.push(y);
                }
            }
        }
    }
    let ambiguous: std::collections::HashSet<u32> = seen_addr
        .into_iter()
        .filter(|(_, l)| l.len() >= 2)
        .map(|(x, _)| x)
        .collect();
    pairs.retain(|p| !ambiguous.contains(&p.1) && !ambiguous.contains(&p.2));
    let pairs_compared = pairs.len();
    pairs.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));

    let mut inn_pool: HashMap<&str, Arc<str>> = HashMap::new();
    let mut uf = Uf {
        parent: (0..n as u32).collect(),
        inns: vec![Vec::new(); n],
        regs: vec![Vec::new(); n],
        cannot: vec![Vec::new(); n],
    };
    for (i, p) in ds.parties.iter().enumerate() {
        if !p.inn.is_empty() {
            let v = inn_pool
                .entry(&p.inn)
                .or_insert_with(|| Arc::from(p.inn.as_str()));
            uf.inns[i].push(Arc::clone(v));
        }
        if !p.registry_id.is_empty() {
            uf.regs[i].push(Arc::from(p.registry_id.as_str()));
        }
    }
    let mut res = Resolution {
        pairs_compared,
        ..Resolution::default()
    };

    // 1. Analyst judgements.
    let keys: HashMap<String, u32> = ds
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key(), i as u32))
        .collect();
    let mut same = Vec::new();
    for j in judgements.latest() {
        let (Some(&a), Some(&b)) = (keys.get(&j.key_a), keys.get(&j.key_b)) else {
            continue;
        };
        match j.verdict {
            Verdict::NotSame => {
                uf.cannot[a as usize].push(b);
                uf.cannot[b as usize].push(a);
            }
            Verdict::Same => same.push((a, b, j.analyst.clone())),
            Verdict::Unsure => {}
        }
    }
    for (a, b, analyst) in same {
        let (ra, rb) = (uf.find(a), uf.find(b));
        if ra != rb {
            uf.union(ra, rb);
            res.merges.push(Merge {
                a,
                b,
                reason: MergeReason::Judgement,
                score: 1.0,
                name_score: None,
                address_similarity: None,
                detail: format!("judged the same by {analyst}"),
            });
        }
    }

    // 2. Exact INN.
    let mut by_inn: HashMap<&str, u32> = HashMap::new();
    for (i, p) in ds.parties.iter().enumerate() {
        if p.inn.len() < 5 {
            continue;
        }
        let i = i as u32;
        match by_inn.get(p.inn.as_str()) {
            None => {
                by_inn.insert(&p.inn, i);
            }
            Some(&first) => {
                let (ra, rb) = (uf.find(first), uf.find(i));
                if ra == rb {
                    continue;
                }
                if let Some(c) = uf.conflict(ra, rb) {
                    res.refused.push(Refusal {
                        a: first,
                        b: i,
                        score: 1.0,
                        constraint: c,
                    });
                    continue;
                }
                uf.union(ra, rb);
                res.merges.push(Merge {
                    a: first,
                    b: i,
                    reason: MergeReason::Inn,
                    score: 1.0,
                    name_score: None,
                    address_similarity: None,
                    detail: format!("same INN {}", p.inn),
                });
            }
        }
    }

    // 3. Similarity, best pairs first.
    for &(score, a, b, name_score, a_sim) in &pairs {
        if score < opts.threshold {
            break;
        }
        let (ra, rb) = (uf.find(a), uf.find(b));
        if ra == rb {
            continue;
        }
        if let Some(c) = uf.conflict(ra, rb) {
            res.refused.push(Refusal {
                a,
                b,
                score,
                constraint: c,
            });
            continue;
        }
        uf.union(ra, rb);
        let addr_text = match a_sim {
            Some(s) => format!(
                "address agreement {s:.2} ({:+.2})",
                address_adjustment(Some(s))
            ),
            None => "no address to compare".to_string(),
        };
        res.merges.push(Merge {
            a,
            b,
            reason: MergeReason::Similarity,
            score,
            name_score: Some(name_score),
            address_similarity: a_sim,
            detail: format!(
                "'{}' ≈ '{}': screening score {name_score:.3}; {addr_text} → {score:.3} ≥ {:.2}",
                ds.parties[a as usize].name, ds.parties[b as usize].name, opts.threshold
            ),
        });
    }

    // Entities.
    let mut root_entity: HashMap<u32, u32> = HashMap::new();
    res.entity_of = vec![0; n];
    let reg_of_party = ds.registry_of_party();
    for i in 0..n as u32 {
        let r = uf.find(i);
        let next = root_entity.len() as u32;
        let e = *root_entity.entry(r).or_insert(next);
        if e as usize == res.entities.len() {
            res.entities.push(ResolvedEntity::default());
        }
        res.entity_of[i as usize] = e;
        let ent = &mut res.entities[e as usize];
        ent.parties.push(i);
        let p = &ds.parties[i as usize];
        if let Some(&k) = reg_of_party.get(&i) {
            ent.registry.get_or_insert(k);
        }
        if ent.name.is_empty() {
            ent.name = p.name.clone();
        }
        if ent.country.is_empty() {
            ent.country = p.country.clone();
        }
        if ent.inn.is_empty() {
            ent.inn = p.inn.clone();
        }
    }
    for ent in &mut res.entities {
        if let Some(k) = ent.registry {
            let c = &ds.registry[k];
            ent.name = c.name.clone();
            if !c.country.is_empty() {
                ent.country = c.country.clone();
            }
            ent.key = format!("reg:{}", c.id);
        } else if !ent.inn.is_empty() {
            ent.key = format!("inn:{}", ent.inn);
        } else {
            ent.key = ent
                .parties
                .iter()
                .map(|&p| ds.parties[p as usize].key())
                .min()
                .unwrap_or_default();
        }
    }
    res
}

/// The resolved companies of one customs record: what a detector that compares parties across
/// records (HS substitution: one supplier switching codes) needs, so that "UNIONCHIP HONG KONG
/// LTD" and "UNIONCHIP HONG KONG LIMITED" count as one party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordParties {
    /// The trade store's row id (0 for records not read from the store).
    pub row_id: i64,
    /// The record id.
    pub record_id: String,
    /// The sender's resolved company key ([`ResolvedEntity::key`]), if the record names one.
    pub sender: Option<String>,
    /// The receiver's resolved company key, if the record names one.
    pub receiver: Option<String>,
}

/// [`RecordParties`] of every shipment of `ds`, in shipment order.
pub fn record_parties(ds: &Dataset, res: &Resolution) -> Vec<RecordParties> {
    let s = &ds.shipments;
    let key = |p: u32| -> Option<String> {
        if p == crate::data::NO_PARTY {
            return None;
        }
        let e = *res.entity_of.get(p as usize)?;
        res.entities.get(e as usize).map(|x| x.key.clone())
    };
    (0..s.len())
        .map(|i| RecordParties {
            row_id: s.row_id.get(i).copied().unwrap_or(0),
            record_id: s.record_id(i as u32).to_string(),
            sender: key(s.sender[i]),
            receiver: key(s.receiver[i]),
        })
        .collect()
}
