//! Stage 2: trade parties screened against every list in the store.

use crate::error::{PipelineError, Result};
use crate::progress::Progress;
use chokepoint_model::Entity;
use chokepoint_screen::{Hit, Index, Query, SearchOptions};
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

/// Builds the screening index over every entity of the store.
pub fn load_index(store: &Store, progress: &dyn Progress) -> Result<Index> {
    Ok(Index::try_build(load_entities(store, progress)?)?)
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
        .map(|p| Query {
            name: p.name.clone(),
            countries: if p.country.is_empty() {
                Vec::new()
            } else {
                vec![p.country.clone()]
            },
            ..Query::default()
        })
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
