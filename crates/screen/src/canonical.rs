//! Canonical entities: one entity per real-world designee across lists.
//!
//! Lists republish each other: the US Consolidated Screening List carries every OFAC entry under
//! OFAC's own entity number, OFAC, EU and UK remarks cite UN reference numbers, and the same
//! company appears on several lists with the same registration numbers. [`canonicalize`] groups
//! the records of one designee and merges them into one entity that keeps every value with the
//! provenance of the list it came from, its `referents` (the record ids merged) and `datasets`
//! (every list that carries it). Each merge is recorded with its reason ([`Merge`]), so a reviewer
//! sees why two records became one and can undo it with a `not_same` judgement.
//!
//! Rules, in order (each a union of two groups):
//!
//! 1. **Analyst judgements** `same` (the `judge` mechanism); `not_same` forbids any later union
//!    that would put the two records in one group.
//! 2. **List references**: a CSL row whose record id is a number republishes the OFAC entry of
//!    that number (`us-csl-18782` → `ofac-sdn-18782`); remarks citing a UN reference number
//!    (`UN Ref QDi.001`) point at `un-QDi.001`.
//! 3. **Shared strong identifiers** of the same type (IMO, INN, OGRN, passport, LEI) between
//!    entities of compatible schemata (passports between persons only).
//! 4. **Same name**: organisations whose names are identical once analysed (legal forms and a
//!    trailing acronym in brackets aside, at least eight letters), whose countries agree (or
//!    one side gives none); at least one of the two must be typed a company or organisation
//!    (two records of unknown kind may be two people of one name).
//!
//! Machine rules (2–4) never put two different records of one original list (OFAC, UN, EU, UK:
//! every list but the CSL, which republishes) into one group: two OFAC entries are two
//! designations, even with one name or number. Everything is deterministic: records are taken
//! in id order, and a group's id is its first record in list order (UN, OFAC SDN, OFAC non-SDN,
//! EU, UK, others, CSL), then id order.

use crate::ids::normalize_identifier;
use chokepoint_model::{Entity, Prop, Schema};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Why two records were merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MergeReason {
    /// An analyst judged the two records the same.
    Judgement,
    /// One list says the record is another list's entry (the CSL's OFAC rows, UN references).
    ListReference,
    /// The records share a strong identifier of the same type.
    SharedIdentifier,
    /// Organisations with the same analysed name and agreeing countries.
    SameName,
}

impl MergeReason {
    /// A short stable name: `judgement`, `list_reference`, `shared_identifier`, `same_name`.
    pub fn as_str(self) -> &'static str {
        match self {
            MergeReason::Judgement => "judgement",
            MergeReason::ListReference => "list_reference",
            MergeReason::SharedIdentifier => "shared_identifier",
            MergeReason::SameName => "same_name",
        }
    }
}

/// One merge: two record ids joined into one canonical entity, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The canonical entity's id.
    pub canonical: String,
    /// The record id the rule started from.
    pub a: String,
    /// The record id it was joined with.
    pub b: String,
    /// The rule.
    pub reason: MergeReason,
    /// One sentence saying what the rule saw (`CSL row 18782 republishes OFAC entry 18782`).
    pub detail: String,
}

/// An analyst's judgement on two record ids (from the `judge` mechanism).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairJudgement {
    /// One record id (`ofac-sdn-18782`).
    pub a: String,
    /// The other record id.
    pub b: String,
    /// `true` for `same`, `false` for `not_same`.
    pub same: bool,
}

/// Entities merged into one per designee.
#[derive(Debug, Clone, Default)]
pub struct Canonical {
    /// The canonical entities, in id order of their first record.
    pub entities: Vec<Entity>,
    /// For each canonical entity, the record ids merged into it (its own first).
    pub referents: Vec<Vec<String>>,
    /// For each canonical entity, every list that carries one of its records.
    pub datasets: Vec<Vec<String>>,
    /// Every merge with its reason, in the order the rules made them.
    pub merges: Vec<Merge>,
}

impl Canonical {
    /// Every entity on its own (no merging): referents and datasets of one record each.
    pub fn unmerged(entities: Vec<Entity>) -> Canonical {
        let referents = entities.iter().map(|e| vec![e.id.clone()]).collect();
        let datasets = entities.iter().map(lists_of).collect();
        Canonical {
            entities,
            referents,
            datasets,
            merges: Vec::new(),
        }
    }
}

/// The lists whose values an entity carries, its own first.
pub(crate) fn lists_of(e: &Entity) -> Vec<String> {
    let mut out = vec![e.provenance.list.clone()];
    for (_, values) in e.properties() {
        for v in values {
            if !out.contains(&v.provenance.list) {
                out.push(v.provenance.list.clone());
            }
        }
    }
    out
}

/// The list that republishes others (its records may join a group holding another record of
/// an original list).
const REPUBLISHER: &str = "us-csl";

/// Order of lists when choosing a group's canonical record.
fn list_rank(list: &str) -> u8 {
    match list {
        "un" => 0,
        "ofac-sdn" => 1,
        "ofac-cons" => 2,
        "eu-fsf" => 3,
        "uk-ofsi" => 4,
        REPUBLISHER => 6,
        _ => 5,
    }
}

/// Union-find over records with what the guards need per group.
struct Groups {
    parent: Vec<usize>,
    /// Per root: original list → the record of that list in the group.
    originals: Vec<BTreeMap<String, usize>>,
    /// Per root: the countries of its records.
    countries: Vec<BTreeSet<String>>,
    /// `not_same` judgements as record index pairs.
    forbidden: Vec<(usize, usize)>,
}

impl Groups {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Whether joining the groups of `a` and `b` breaks a `not_same` judgement, or (for
    /// machine rules) puts two records of one original list together.
    fn allowed(&mut self, a: usize, b: usize, machine: bool) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        for k in 0..self.forbidden.len() {
            let (x, y) = self.forbidden[k];
            let (fx, fy) = (self.find(x), self.find(y));
            if (fx == ra && fy == rb) || (fx == rb && fy == ra) {
                return false;
            }
        }
        if machine
            && self.originals[ra]
                .keys()
                .any(|l| self.originals[rb].contains_key(l))
        {
            return false;
        }
        true
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep;
        let o = std::mem::take(&mut self.originals[gone]);
        self.originals[keep].extend(o);
        let c = std::mem::take(&mut self.countries[gone]);
        self.countries[keep].extend(c);
    }
}

/// Identifier types strong enough to merge records on.
const STRONG_IDS: [Prop; 5] = [
    Prop::ImoNumber,
    Prop::InnCode,
    Prop::OgrnCode,
    Prop::PassportNumber,
    Prop::LeiCode,
];

/// UN reference numbers cited in a text that mentions the UN (`UN Ref QDi.001`,
/// `(UN Ref):IQi.074`): two capital letters, `i` or `e`, a dot and three digits.
pub fn un_references(text: &str) -> Vec<String> {
    if !text.contains("UN") {
        return Vec::new();
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 7 <= b.len() {
        let w = &b[i..i + 7];
        let boundary_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let boundary_after = i + 7 == b.len() || !b[i + 7].is_ascii_alphanumeric();
        if boundary_before
            && boundary_after
            && w[0].is_ascii_uppercase()
            && w[1].is_ascii_uppercase()
            && (w[2] == b'i' || w[2] == b'e')
            && w[3] == b'.'
            && w[4..7].iter().all(u8::is_ascii_digit)
        {
            // The window is ASCII, so it is a valid string.
            out.push(String::from_utf8_lossy(w).into_owned());
            i += 7;
        } else {
            i += 1;
        }
    }
    out
}

/// The key under which organisation names must be equal to merge by name: the analysed
/// tokens, legal forms left out, and a trailing acronym in brackets dropped
/// (`Rosoboronexport OJSC (ROE)` → `rosoboroneksport`); `None` when the rest has fewer than
/// eight letters.
fn name_key(name: &str) -> Option<String> {
    let trimmed = match (name.trim_end().strip_suffix(')'), name.rfind('(')) {
        (Some(_), Some(open)) if open > 0 => name[..open].trim_end(),
        _ => name,
    };
    let a = chokepoint_names::analyze(trimmed, chokepoint_names::NameKind::Organization);
    let key = a
        .tokens
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    (key.bytes().filter(u8::is_ascii_alphanumeric).count() >= 8).then_some(key)
}

fn is_org(s: Schema) -> bool {
    matches!(
        s,
        Schema::Company | Schema::Organization | Schema::LegalEntity
    )
}

fn countries_of(e: &Entity) -> BTreeSet<String> {
    [
        Prop::Country,
        Prop::Jurisdiction,
        Prop::Nationality,
        Prop::Flag,
    ]
    .into_iter()
    .flat_map(|p| e.strings(p))
    .map(|c| c.trim().to_ascii_lowercase())
    .filter(|c| c.len() == 2)
    .collect()
}

/// Groups the records of one designee across lists and merges each group into one entity
/// (see the module documentation for the rules). Address entities are passed through alone.
pub fn canonicalize(mut entities: Vec<Entity>, judgements: &[PairJudgement]) -> Canonical {
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    entities.dedup_by(|a, b| a.id == b.id);
    let n = entities.len();
    let pos: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut g = Groups {
        parent: (0..n).collect(),
        originals: entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut m = BTreeMap::new();
                if e.provenance.list != REPUBLISHER {
                    m.insert(e.provenance.list.clone(), i);
                }
                m
            })
            .collect(),
        countries: entities.iter().map(countries_of).collect(),
        forbidden: Vec::new(),
    };
    let mut merges: Vec<(usize, usize, MergeReason, String)> = Vec::new();
    let mut join = |g: &mut Groups, a: usize, b: usize, reason: MergeReason, detail: String| {
        if g.allowed(a, b, reason != MergeReason::Judgement) {
            g.union(a, b);
            merges.push((a, b, reason, detail));
        }
    };
    // 1. Judgements: the latest per pair is the one given last.
    let mut latest: BTreeMap<(usize, usize), bool> = BTreeMap::new();
    for j in judgements {
        if let (Some(&a), Some(&b)) = (pos.get(j.a.as_str()), pos.get(j.b.as_str())) {
            if a != b {
                latest.insert((a.min(b), a.max(b)), j.same);
            }
        }
    }
    g.forbidden = latest
        .iter()
        .filter(|(_, same)| !**same)
        .map(|(p, _)| *p)
        .collect();
    for (&(a, b), &same) in &latest {
        if same {
            let detail = format!(
                "an analyst judged {} and {} the same",
                entities[a].id, entities[b].id
            );
            join(&mut g, a, b, MergeReason::Judgement, detail);
        }
    }
    // 2. List references.
    for (i, e) in entities.iter().enumerate() {
        let record = e.provenance.record_id.as_str();
        if e.provenance.list == REPUBLISHER
            && !record.is_empty()
            && record.bytes().all(|b| b.is_ascii_digit())
        {
            for list in ["ofac-sdn", "ofac-cons"] {
                if let Some(&j) = pos.get(format!("{list}-{record}").as_str()) {
                    let detail = format!(
                        "CSL row {record} republishes OFAC entry {record} (the CSL's OFAC rows carry OFAC's entity number)"
                    );
                    join(&mut g, i, j, MergeReason::ListReference, detail);
                }
            }
        }
        if e.provenance.list != "un" {
            let refs: BTreeSet<String> = e.strings(Prop::Notes).flat_map(un_references).collect();
            for r in refs {
                if let Some(&j) = pos.get(format!("un-{r}").as_str()) {
                    let detail = format!("the remarks of {} cite UN reference {r}", e.id);
                    join(&mut g, i, j, MergeReason::ListReference, detail);
                }
            }
        }
    }
    // 3. Shared strong identifiers.
    let mut by_id: BTreeMap<(Prop, String), Vec<usize>> = BTreeMap::new();
    for (i, e) in entities.iter().enumerate() {
        for p in STRONG_IDS {
            for v in e.strings(p) {
                if let Some(norm) = normalize_identifier(p, v) {
                    let list = by_id.entry((p, norm)).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
    }
    for ((p, v), holders) in &by_id {
        let Some((&first, rest)) = holders.split_first() else {
            continue;
        };
        for &j in rest {
            let (sa, sb) = (entities[first].schema, entities[j].schema);
            let ok = if *p == Prop::PassportNumber {
                sa == Schema::Person && sb == Schema::Person
            } else {
                sa.compatible(sb)
            };
            if ok {
                let detail = format!(
                    "{} and {} share {} {v}",
                    entities[first].id,
                    entities[j].id,
                    crate::ids::label(*p)
                );
                join(&mut g, first, j, MergeReason::SharedIdentifier, detail);
            }
        }
    }
    // 4. Same name (organisations), countries agreeing.
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in entities.iter().enumerate() {
        if !is_org(e.schema) {
            continue;
        }
        let keys: BTreeSet<String> = e
            .strings(Prop::Name)
            .chain(e.strings(Prop::Alias))
            .filter_map(name_key)
            .collect();
        for k in keys {
            by_name.entry(k).or_default().push(i);
        }
    }
    for (key, holders) in &by_name {
        let Some((&first, rest)) = holders.split_first() else {
            continue;
        };
        for &j in rest {
            // Two records of unknown kind may be two people of one name.
            if entities[first].schema == Schema::LegalEntity
                && entities[j].schema == Schema::LegalEntity
            {
                continue;
            }
            let (ra, rb) = (g.find(first), g.find(j));
            let (ca, cb) = (&g.countries[ra], &g.countries[rb]);
            if !ca.is_empty() && !cb.is_empty() && ca.is_disjoint(cb) {
                continue;
            }
            let detail = format!(
                "{} and {} are organisations named alike ('{key}'), countries agreeing",
                entities[first].id, entities[j].id
            );
            join(&mut g, first, j, MergeReason::SameName, detail);
        }
    }
    build(entities, &mut g, merges)
}

/// Merges every group into one entity.
fn build(
    entities: Vec<Entity>,
    g: &mut Groups,
    merges: Vec<(usize, usize, MergeReason, String)>,
) -> Canonical {
    let n = entities.len();
    let id_at: Vec<String> = entities.iter().map(|e| e.id.clone()).collect();
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = g.find(i);
        members.entry(r).or_default().push(i);
    }
    let mut slots: Vec<Option<Entity>> = entities.into_iter().map(Some).collect();
    let mut out = Canonical::default();
    let mut canonical_of: HashMap<usize, String> = HashMap::new();
    for (_, mut ms) in members {
        ms.sort_by(|&a, &b| {
            let (ea, eb) = (slots[a].as_ref(), slots[b].as_ref());
            let key = |e: Option<&Entity>| {
                e.map(|e| (list_rank(&e.provenance.list), e.id.clone()))
                    .unwrap_or((u8::MAX, String::new()))
            };
            key(ea).cmp(&key(eb))
        });
        let mut iter = ms.iter();
        let Some(mut merged) = iter.next().and_then(|&i| slots[i].take()) else {
            continue;
        };
        let mut referents = vec![merged.id.clone()];
        let mut datasets = lists_of(&merged);
        for &i in iter {
            let Some(other) = slots[i].take() else {
                continue;
            };
            if merged.schema == Schema::LegalEntity && other.schema != Schema::LegalEntity {
                merged.schema = other.schema;
            }
            for l in lists_of(&other) {
                if !datasets.contains(&l) {
                    datasets.push(l);
                }
            }
            referents.push(other.id.clone());
            for (prop, values) in other.properties() {
                for v in values {
                    merged.add_sourced(prop, &v.value, std::sync::Arc::clone(&v.provenance));
                }
            }
        }
        for &i in &ms {
            canonical_of.insert(i, merged.id.clone());
        }
        out.entities.push(merged);
        out.referents.push(referents);
        out.datasets.push(datasets);
    }
    out.merges = merges
        .into_iter()
        .map(|(a, b, reason, detail)| Merge {
            canonical: canonical_of.get(&a).cloned().unwrap_or_default(),
            a: id_at[a].clone(),
            b: id_at[b].clone(),
            reason,
            detail,
        })
        .collect();
    out
}
