//! Stage 2: trade parties screened against every list in the store.

use crate::error::{PipelineError, Result};
use crate::progress::Progress;
use chokepoint_model::Entity;
use chokepoint_network::judgement::Verdict;
use chokepoint_screen::{
    canonicalize, Canonical, Hit, Index, Merge, PairJudgement, Query, SearchOptions,
};
use chokepoint_store::Store;

/// Every entity of the store, counted through `progress`; an error when the store holds none.
pub fn load_entities(store: &Store, progress: &dyn Progress) -> Result<Vec<Entity>> {
    progress.begin("loading", None);
    let mut entities = Vec::new();
    store.for_each_entity(None, |e| {
        entities.push(e);
        if entities.len() % 4096 == 0 {
            progress.set(entities.len() as u64);
        }
    })?;
    progress.end();
    if entities.is_empty() {
        return Err(PipelineError::Input(format!(
            "the store {} holds no lists: run `chokepoint lists import …` first",
            store.path().display()
        )));
    }
    Ok(entities)
}

/// Analyst judgements on pairs of list records (`chokepoint judge ofac-sdn-1 us-csl-2 same`),
/// from the `judge` mechanism's table; none when the table does not exist yet. `unsure` is left
/// out.
pub fn list_judgements(store: &Store) -> Result<Vec<PairJudgement>> {
    let conn = store.connection();
    let exists: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'network_judgements'",
        [],
        |r| r.get(0),
    )?;
    if exists == 0 {
        return Ok(Vec::new());
    }
    let judgements = chokepoint_network::judgement::load_judgements(conn)?;
    Ok(judgements
        .history()
        .iter()
        .filter_map(|j| {
            let same = match j.verdict {
                Verdict::Same => true,
                Verdict::NotSame => false,
                Verdict::Unsure => return None,
            };
            Some(PairJudgement {
                a: j.key_a.clone(),
                b: j.key_b.clone(),
                same,
            })
        })
        .collect())
}

/// The store's entities merged into one per designee across lists (see
/// [`chokepoint_screen::canonicalize`]), with the analysts' judgements applied.
pub fn canonical_entities(store: &Store, entities: Vec<Entity>) -> Result<Canonical> {
    Ok(canonicalize(entities, &list_judgements(store)?))
}

/// Builds the screening index over every entity of the store, one entity per designee across
/// lists (each hit carries its referents and every list that carries it).
pub fn load_index(store: &Store, progress: &dyn Progress) -> Result<Index> {
    let canonical = canonical_entities(store, load_entities(store, progress)?)?;
    Ok(Index::try_build_canonical(canonical)?)
}

/// The name of the store document that holds the merges of the canonical entities.
pub const MERGES_DOCUMENT: &str = "screen_merges";

/// Writes the merges of canonical entities to the store as the document [`MERGES_DOCUMENT`]
/// (one object per merge: canonical id, the two record ids, the rule and its sentence), so that
/// a reviewer can read why records became one.
pub fn save_merges(store: &Store, merges: &[Merge]) -> Result<()> {
    let rows: Vec<serde_json::Value> = merges
        .iter()
        .map(|m| {
            serde_json::json!({
                "canonical": m.canonical,
                "a": m.a,
                "b": m.b,
                "reason": m.reason.as_str(),
                "detail": m.detail,
            })
        })
        .collect();
    store.put_document(MERGES_DOCUMENT, &serde_json::Value::Array(rows).to_string())?;
    Ok(())
}

/// One stored merge of two list records into one canonical entity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredMerge {
    /// The canonical entity's id.
    pub canonical: String,
    /// The record id the rule started from.
    pub a: String,
    /// The record id it was joined with.
    pub b: String,
    /// The rule: `judgement`, `list_reference`, `shared_identifier` or `same_name`.
    pub reason: String,
    /// What the rule saw, in one sentence.
    pub detail: String,
}

/// Recomputes the canonical entities over every list record of the store, with the analysts'
/// judgements applied, and stores their merges ([`save_merges`]), replacing the previous
/// ones. Runs after each list import and each judgement, so the stored merges always follow
/// the lists and the judgements; returns how many records became how many entities.
pub fn refresh_merges(store: &Store) -> Result<(usize, usize)> {
    let mut entities = Vec::new();
    store.for_each_entity(None, |e| entities.push(e))?;
    let records = entities.len();
    let canonical = canonical_entities(store, entities)?;
    save_merges(store, &canonical.merges)?;
    Ok((records, canonical.entities.len()))
}

/// The merges stored by the last [`refresh_merges`] (none before the first list import).
pub fn stored_merges(store: &Store) -> Result<Vec<StoredMerge>> {
    match store.document(MERGES_DOCUMENT)? {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            PipelineError::Input(format!(
                "the store's document `{MERGES_DOCUMENT}` is not a list of merges: {e}"
            ))
        }),
    }
}

/// A trade party to screen: the name as the records write it and its country.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartyName {
    /// The name as written.
    pub name: String,
    /// Lower-case ISO alpha-2 country, or empty.
    pub country: String,
}

/// One party whose best candidate is a match.
#[derive(Debug, Clone)]
pub struct PartyMatch {
    /// The party.
    pub party: PartyName,
    /// Its best hit (`is_match` is true).
    pub hit: Hit,
}

/// What screening the parties found.
#[derive(Debug, Clone)]
pub struct Screening {
    /// Parties screened.
    pub parties: usize,
    /// Entities in the index.
    pub entities: usize,
    /// The parties whose best hit is a match, in the order of `parties`.
    pub matched: Vec<PartyMatch>,
    /// Seconds spent searching.
    pub seconds: f64,
}

/// Screens each party (distinct, in the order given) and keeps those whose best hit is a match.
pub fn screen_parties(index: &Index, parties: &[PartyName], options: &SearchOptions) -> Screening {
    let queries: Vec<Query> = parties
        .iter()
        .map(|p| Query::party(&p.name, &p.country))
        .collect();
    let t = std::time::Instant::now();
    let hits = index.search_batch(&queries, options);
    let seconds = t.elapsed().as_secs_f64();
    let matched = parties
        .iter()
        .zip(hits)
        .filter_map(|(p, h)| {
            h.into_iter()
                .next()
                .filter(|h| h.is_match)
                .map(|hit| PartyMatch {
                    party: p.clone(),
                    hit,
                })
        })
        .collect();
    Screening {
        parties: parties.len(),
        entities: index.len(),
        matched,
        seconds,
    }
}
