//! The in-memory candidate index.
//!
//! # Layout
//!
//! - **Entities** are kept as compact [`EntityRecord`]s (id, schema, names, lists, countries,
//!   birth dates, normalised identifiers), numbered `0..n` as `u32`.
//! - **Rows**: every romanisation (comparison form) of every name of every entity is one row,
//!   numbered as `u32`: a sequence of vocabulary token ids plus the name's legal forms. Rows of
//!   one entity are contiguous: entity `e` owns rows `entity_rows[e]..entity_rows[e + 1]`.
//! - **Vocabulary**: every distinct folded token, numbered as `u32`, with its phonetic key, kind,
//!   document frequency (number of rows containing it) and rarity weight.
//! - **Postings** (compressed sparse rows: one offsets array, one data array):
//!   token → rows; character trigram → vocabulary tokens; phonetic key → vocabulary tokens.
//!   Fuzzy retrieval first expands each query token over the (small) vocabulary, then walks the
//!   row postings of the expansions: no query ever scans all names.
//! - **Sorted vocabulary** for prefix look-ups (abbreviations such as `comm` → `communications`).
//! - **Identifiers**: normalised value → (entity, property), for exact matches.
//! - **Given-name classes**: class id (`aleksandr`) → the vocabulary tokens that are forms of
//!   that given name in the names crate's table (`aleksandr`, `oleksandr`, `aliaksandr`…), so
//!   that a query's given name reaches the other national forms (Oleksandr Ivanenko finds
//!   Aleksandr Ivanenko). These expansions count only against persons.
//! - **Patronymic classes**: (father's class, woman's form) → the vocabulary tokens that are
//!   forms of that patronymic (`aleksandrovic`, `oleksandrovic`, `aliaksandravic`…), likewise
//!   for persons only.
//!
//! # Retrieval
//!
//! Each query token is expanded over the vocabulary: the exact token; tokens sharing enough
//! padded trigrams (Dice ≥ 0.45, found by prefix filtering: only the postings of the rarest
//! trigrams are walked); tokens sharing its phonetic key; for short tokens, tokens it is a
//! prefix of (trade abbreviations). Each expansion is verified with the scorer's token
//! similarity, which the scorer then reuses. The best eight expansions of each token walk their
//! row postings, adding `token weight × similarity` to a per-row accumulator; tokens in more than
//! 0.2 % of rows are skipped when the query has rarer ones. The top `3 × limit` rows (at least
//! 24) are grouped by entity and scored; entities matching a query identifier are always scored.
//! Expansions of recently seen query tokens are cached per thread (16,384 tokens).
//!
//! # Invariants
//!
//! - Every posting list is sorted ascending and free of duplicates (the token lists of the
//!   given-name classes too).
//! - Token ids, row ids and entity ids are dense `u32`s; building more than `u32::MAX` of any of
//!   them fails with [`ScreenError::TooLarge`].
//! - A row's tokens are the tokens of one comparison form, in name order, at most
//!   `MAX_TOKENS` of them; every row token appears in that token's posting list.
//! - Trigrams are taken over the token padded with `^` and `$`; tokens shorter than 3 bytes
//!   have no trigram postings and are only found exactly, phonetically or by prefix.
//! - The index is immutable once built; searches take `&self` and run in parallel.

use crate::error::ScreenError;
use crate::ids::normalize_identifier;
use crate::prep::{name_kind, prepare_with, OrgPart, Prepared};
use crate::weights::{RARITY_FLOOR_ROWS, RARITY_FLOOR_SHARE, RARITY_MIN, RARITY_SLOPE};
use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_names::{LegalForm, TokenKind};
use chokepoint_refdata::hash::FastMap as FxMap;
use rayon::prelude::*;
use std::sync::Arc;

/// A compact copy of an indexed entity: what a hit needs to show and what the scorer compares.
#[derive(Debug, Clone)]
pub struct EntityRecord {
    /// The entity id, e.g. `ofac-sdn-306`.
    pub id: String,
    /// The entity's schema.
    pub schema: Schema,
    /// Every name of the entity with its property; the first is the caption.
    pub names: Vec<(Prop, String)>,
    /// The lists the entity's values come from.
    pub lists: Vec<Arc<str>>,
    /// Countries (country, jurisdiction, nationality, flag), lower-case.
    pub countries: Vec<String>,
    /// Birth dates as given (ISO 8601, possibly partial).
    pub birth_dates: Vec<String>,
    /// Identifiers, normalised (see [`crate::normalize_identifier`]).
    pub identifiers: Vec<(Prop, String)>,
    /// The list record ids merged into this entity (see [`crate::canonicalize`]); its own id
    /// alone when nothing was merged.
    pub referents: Vec<String>,
}

impl EntityRecord {
    /// The display name: the first name, else the id.
    pub fn caption(&self) -> &str {
        self.names
            .first()
            .map(|(_, n)| n.as_str())
            .unwrap_or(&self.id)
    }
}

/// Sizes of an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    /// Indexed entities.
    pub entities: usize,
    /// Indexed names (before romanisation variants).
    pub names: usize,
    /// Rows: comparison forms of names.
    pub rows: usize,
    /// Distinct tokens.
    pub vocabulary: usize,
    /// Entries in the token → row postings.
    pub token_postings: usize,
    /// Entries in the trigram → token postings.
    pub gram_postings: usize,
}

/// Compressed sparse rows: `data[offsets[k]..offsets[k + 1]]` is the list of key `k`.
#[derive(Debug, Default)]
pub(crate) struct Csr {
    pub offsets: Vec<u32>,
    pub data: Vec<u32>,
}

impl Csr {
    /// Builds from `(key, value)` pairs with keys `< n_keys`; lists come out sorted and deduplicated.
    fn from_pairs(n_keys: usize, mut pairs: Vec<(u32, u32)>) -> Csr {
        pairs.par_sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0u32; n_keys + 1];
        for &(k, _) in &pairs {
            offsets[k as usize + 1] += 1;
        }
        for i in 0..n_keys {
            offsets[i + 1] += offsets[i];
        }
        let data = pairs.into_iter().map(|(_, v)| v).collect();
        Csr { offsets, data }
    }

    /// The list of key `k` (empty for unknown keys).
    #[inline]
    pub(crate) fn get(&self, k: u32) -> &[u32] {
        let k = k as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.data[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// One comparison form of one name.
#[derive(Debug)]
pub(crate) struct Row {
    pub entity: u32,
    pub name: u16,
    pub tokens: Box<[u32]>,
    pub legal: Box<[u16]>,
    /// The name's organisation types and honorific, as an index into `Index::org_parts`
    /// (0: none).
    pub org: u16,
}

/// The token vocabulary.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    pub texts: Vec<Box<str>>,
    pub phons: Vec<u32>,
    pub kinds: Vec<TokenKind>,
    pub df: Vec<u32>,
    pub rarity: Vec<f32>,
    /// Scorer weight: kind weight times rarity.
    pub weight: Vec<f32>,
    pub map: FxMap<Box<str>, u32>,
    pub phon_texts: Vec<Box<str>>,
    pub phon_map: FxMap<Box<str>, u32>,
    /// Token ids sorted by text.
    pub sorted: Vec<u32>,
}

/// The screening index. See the module documentation for its layout and invariants.
#[derive(Debug)]
pub struct Index {
    pub(crate) entities: Vec<EntityRecord>,
    pub(crate) entity_rows: Vec<u32>,
    pub(crate) rows: Vec<Row>,
    pub(crate) vocab: Vocab,
    pub(crate) tok_post: Csr,
    pub(crate) gram_keys: FxMap<u32, u32>,
    pub(crate) gram_post: Csr,
    pub(crate) phon_post: Csr,
    /// Given-name class → vocabulary tokens that are forms of it (ascending ids).
    pub(crate) given_vocab: FxMap<&'static str, Vec<u32>>,
    /// Patronymic class (father's given-name class, woman's form) → vocabulary tokens that are
    /// forms of it (ascending ids).
    pub(crate) patronymic_vocab: FxMap<(&'static str, bool), Vec<u32>>,
    pub(crate) legal_forms: Vec<LegalForm>,
    /// Distinct organisation-type parts of the rows; entry 0 is the empty part.
    pub(crate) org_parts: Vec<OrgPart>,
    pub(crate) identifiers: FxMap<String, Vec<(u32, Prop)>>,
    pub(crate) names: usize,
    /// Tokens in more rows than this (0.2 % of rows, at least 200) are skipped during retrieval
    /// when the query has rarer ones: like "company" or "trading" they carry no evidence.
    pub(crate) common_df: u32,
    /// A process-unique id, so per-thread caches never mix two indexes.
    pub(crate) id: u64,
}

/// Source of [`Index::id`] values.
static NEXT_INDEX_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Packs a trigram of bytes into a key.
#[inline]
pub(crate) fn gram_key(a: u8, b: u8, c: u8) -> u32 {
    (u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c)
}

/// The distinct padded trigrams of a token (`^tok$`); empty for tokens shorter than 3 bytes.
pub(crate) fn grams(token: &str, out: &mut Vec<u32>) {
    out.clear();
    let b = token.as_bytes();
    if b.len() < 3 {
        return;
    }
    let mut padded = Vec::with_capacity(b.len() + 2);
    padded.push(b'^');
    padded.extend_from_slice(b);
    padded.push(b'$');
    for w in padded.windows(3) {
        out.push(gram_key(w[0], w[1], w[2]));
    }
    out.sort_unstable();
    out.dedup();
}

/// Rarity weight of a token from its document frequency: 1.0 for rare tokens, falling to
/// [`RARITY_MIN`] for tokens in a large share of all rows.
pub(crate) fn rarity(df: u32, rows: usize) -> f32 {
    if df == 0 || rows == 0 {
        return 1.0;
    }
    let share = df as f32 / rows as f32;
    let floor = RARITY_FLOOR_SHARE.max(RARITY_FLOOR_ROWS / rows as f32);
    if share <= floor {
        return 1.0;
    }
    (1.0 - RARITY_SLOPE * (share / floor).log10()).clamp(RARITY_MIN, 1.0)
}

fn to_u32(n: usize, what: &'static str) -> Result<u32, ScreenError> {
    u32::try_from(n).map_err(|_| ScreenError::TooLarge(u64::from(u32::MAX), what))
}

/// A compact record of an entity (its `lists` left empty) and the lists its values come from.
fn record_of(e: &Entity) -> (EntityRecord, Vec<String>) {
    let list_names = crate::canonical::lists_of(e);
    let mut names = Vec::new();
    for (prop, n) in e.names() {
        names.push((prop, n.to_string()));
    }
    let mut countries: Vec<String> = Vec::new();
    for p in [
        Prop::Country,
        Prop::Jurisdiction,
        Prop::Nationality,
        Prop::Flag,
    ] {
        for c in e.strings(p) {
            let c = c.trim().to_lowercase();
            if !c.is_empty() && !countries.contains(&c) {
                countries.push(c);
            }
        }
    }
    let birth_dates = e.strings(Prop::BirthDate).map(str::to_string).collect();
    let mut identifiers = Vec::new();
    for (prop, values) in e.properties() {
        if !prop.is_identifier() {
            continue;
        }
        for v in values {
            if let Some(n) = normalize_identifier(prop, &v.value) {
                if !identifiers.contains(&(prop, n.clone())) {
                    identifiers.push((prop, n));
                }
            }
        }
    }
    let rec = EntityRecord {
        referents: vec![e.id.clone()],
        id: e.id.clone(),
        schema: e.schema,
        names,
        lists: Vec::new(),
        countries,
        birth_dates,
        identifiers,
    };
    (rec, list_names)
}

/// The referents and lists of a canonical entity.
type Extra = (Vec<String>, Vec<String>);

/// Entities are read, analysed and interned in batches of this many (analysis in parallel),
/// which bounds transient memory.
const BATCH: usize = 16_384;

/// Interning tables used while building.
#[derive(Default)]
struct BuildState {
    lists: FxMap<String, Arc<str>>,
    legal_map: FxMap<(String, chokepoint_names::LegalClass), u16>,
    org_map: FxMap<OrgPart, u16>,
    rows_tokens: Vec<(u32, u32)>,
}

impl Index {
    /// Builds an index from entities (address entities are skipped). Name analysis runs in
    /// parallel on the rayon pool.
    ///
    /// Never panics on data. Its only failure, more than `u32::MAX` entities, rows or tokens,
    /// yields an empty index here; [`Index::try_build`] reports it as an error instead.
    pub fn build(entities: impl IntoIterator<Item = Entity>) -> Index {
        match Index::try_build(entities) {
            Ok(i) => i,
            Err(_) => Index::empty(),
        }
    }

    /// An index with nothing in it.
    pub fn empty() -> Index {
        Index {
            entities: Vec::new(),
            entity_rows: vec![0],
            rows: Vec::new(),
            vocab: Vocab::default(),
            tok_post: Csr {
                offsets: vec![0],
                data: Vec::new(),
            },
            gram_keys: FxMap::default(),
            gram_post: Csr {
                offsets: vec![0],
                data: Vec::new(),
            },
            phon_post: Csr {
                offsets: vec![0],
                data: Vec::new(),
            },
            given_vocab: FxMap::default(),
            patronymic_vocab: FxMap::default(),
            legal_forms: Vec::new(),
            org_parts: vec![OrgPart::default()],
            identifiers: FxMap::default(),
            names: 0,
            common_df: u32::MAX,
            id: NEXT_INDEX_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Builds an index from borrowed entities.
    pub fn from_entities(entities: &[Entity]) -> Index {
        Index::build(entities.iter().cloned())
    }

    /// Builds an index, failing when it would exceed `u32` ids.
    pub fn try_build(entities: impl IntoIterator<Item = Entity>) -> Result<Index, ScreenError> {
        Index::build_from(entities.into_iter().map(|e| (e, None)))
    }

    /// Builds an index over canonical entities (one per designee, see
    /// [`crate::canonicalize`]): each hit carries its entity's referents and every list that
    /// carries it. Fails when it would exceed `u32` ids.
    pub fn try_build_canonical(canonical: crate::Canonical) -> Result<Index, ScreenError> {
        let crate::Canonical {
            entities,
            referents,
            datasets,
            ..
        } = canonical;
        let mut extra = referents.into_iter().zip(datasets);
        Index::build_from(entities.into_iter().map(|e| (e, extra.next())))
    }

    /// [`Index::try_build`] with, per entity, the referents and lists to record instead of its
    /// own id and the lists of its values.
    fn build_from(
        entities: impl Iterator<Item = (Entity, Option<Extra>)>,
    ) -> Result<Index, ScreenError> {
        let mut index = Index::empty();
        let mut st = BuildState::default();
        let mut batch: Vec<(Entity, Option<Extra>)> = Vec::with_capacity(BATCH);
        for e in entities {
            if !e.0.schema.is_party() {
                continue;
            }
            batch.push(e);
            if batch.len() >= BATCH {
                index.add_batch(
                    std::mem::replace(&mut batch, Vec::with_capacity(BATCH)),
                    &mut st,
                )?;
            }
        }
        index.add_batch(batch, &mut st)?;
        index.finish(st.rows_tokens)?;
        Ok(index)
    }

    /// Analyses a batch of entities in parallel, then interns their records and rows.
    fn add_batch(
        &mut self,
        batch: Vec<(Entity, Option<Extra>)>,
        st: &mut BuildState,
    ) -> Result<(), ScreenError> {
        let analysed: Vec<(EntityRecord, Vec<String>, Vec<Prepared>)> = batch
            .into_par_iter()
            .map(|(e, extra)| {
                let (mut rec, mut lists) = record_of(&e);
                drop(e);
                if let Some((referents, datasets)) = extra {
                    rec.referents = referents;
                    lists = datasets;
                }
                let kind = name_kind(Some(rec.schema));
                let prepared = rec
                    .names
                    .iter()
                    .take(usize::from(u16::MAX))
                    .map(|(_, n)| prepare_with(n, kind, false))
                    .collect();
                (rec, lists, prepared)
            })
            .collect();
        for (mut rec, lists, prepared) in analysed {
            let eid = to_u32(self.entities.len(), "entities")?;
            rec.lists = lists
                .into_iter()
                .map(|l| match st.lists.get(&l) {
                    Some(a) => Arc::clone(a),
                    None => {
                        let a: Arc<str> = Arc::from(l.as_str());
                        st.lists.insert(l, Arc::clone(&a));
                        a
                    }
                })
                .collect();
            for (prop, v) in &rec.identifiers {
                self.identifiers
                    .entry(v.clone())
                    .or_default()
                    .push((eid, *prop));
            }
            self.names += rec.names.len();
            self.entities.push(rec);
            for (pos, p) in prepared.into_iter().enumerate() {
                self.add_name(eid, pos as u16, p, st)?;
            }
            self.entity_rows.push(to_u32(self.rows.len(), "rows")?);
        }
        Ok(())
    }

    /// Interns one analysed name: its legal forms, tokens and rows.
    fn add_name(
        &mut self,
        eid: u32,
        pos: u16,
        p: Prepared,
        st: &mut BuildState,
    ) -> Result<(), ScreenError> {
        let mut legal: Vec<u16> = Vec::with_capacity(p.legal.len());
        for f in p.legal {
            let next = self.legal_forms.len();
            let id = *st
                .legal_map
                .entry((f.canonical.clone(), f.class))
                .or_insert_with(|| next.min(usize::from(u16::MAX)) as u16);
            if usize::from(id) == next {
                self.legal_forms.push(f);
            }
            if !legal.contains(&id) {
                legal.push(id);
            }
        }
        let legal: Box<[u16]> = legal.into();
        let org = if p.org.is_empty() {
            0
        } else {
            let next = self.org_parts.len();
            match st.org_map.get(&p.org) {
                Some(&id) => id,
                // Past u16::MAX distinct parts, further ones are dropped (no evidence).
                None if next > usize::from(u16::MAX) => 0,
                None => {
                    let id = next as u16;
                    st.org_map.insert(p.org.clone(), id);
                    self.org_parts.push(p.org);
                    id
                }
            }
        };
        for form in p.forms {
            let row_id = to_u32(self.rows.len(), "rows")?;
            let mut toks = Vec::with_capacity(form.len());
            for t in form {
                let tid = match self.vocab.map.get(t.text.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = to_u32(self.vocab.texts.len(), "tokens")?;
                        let phon = chokepoint_names::phonetic_key(&t.text);
                        let next_phon = to_u32(self.vocab.phon_texts.len(), "phonetic keys")?;
                        let pid = *self
                            .vocab
                            .phon_map
                            .entry(phon.as_str().into())
                            .or_insert(next_phon);
                        if pid == next_phon {
                            self.vocab.phon_texts.push(phon.into());
                        }
                        let text: Box<str> = t.text.into();
                        self.vocab.map.insert(text.clone(), id);
                        self.vocab.texts.push(text);
                        self.vocab.phons.push(pid);
                        self.vocab.kinds.push(t.kind);
                        id
                    }
                };
                st.rows_tokens.push((tid, row_id));
                toks.push(tid);
            }
            self.rows.push(Row {
                entity: eid,
                name: pos,
                tokens: toks.into(),
                legal: legal.clone(),
                org,
            });
        }
        Ok(())
    }

    /// Builds postings once all rows are in.
    fn finish(&mut self, rows_tokens: Vec<(u32, u32)>) -> Result<(), ScreenError> {
        let n_vocab = self.vocab.texts.len();
        self.tok_post = Csr::from_pairs(n_vocab, rows_tokens);
        let n_rows = self.rows.len();
        self.vocab.df = (0..n_vocab)
            .map(|k| self.tok_post.get(k as u32).len() as u32)
            .collect();
        self.vocab.rarity = self.vocab.df.iter().map(|&d| rarity(d, n_rows)).collect();
        self.vocab.weight = (0..n_vocab)
            .map(|i| {
                crate::prep::token_weight(self.vocab.kinds[i], &self.vocab.texts[i])
                    * self.vocab.rarity[i]
            })
            .collect();
        self.common_df = (n_rows / 500).max(200) as u32;
        // Trigram postings over the vocabulary.
        let per_token: Vec<Vec<u32>> = self
            .vocab
            .texts
            .par_iter()
            .map(|t| {
                let mut g = Vec::new();
                grams(t, &mut g);
                g
            })
            .collect();
        let mut gram_keys: FxMap<u32, u32> = FxMap::default();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (tid, gs) in per_token.into_iter().enumerate() {
            for g in gs {
                let next = gram_keys.len() as u32;
                let k = *gram_keys.entry(g).or_insert(next);
                pairs.push((k, tid as u32));
            }
        }
        self.gram_post = Csr::from_pairs(gram_keys.len(), pairs);
        self.gram_keys = gram_keys;
        let phon_pairs: Vec<(u32, u32)> = self
            .vocab
            .phons
            .iter()
            .enumerate()
            .map(|(tid, &p)| (p, tid as u32))
            .collect();
        self.phon_post = Csr::from_pairs(self.vocab.phon_texts.len(), phon_pairs);
        self.given_vocab.clear();
        self.patronymic_vocab.clear();
        for (tid, t) in self.vocab.texts.iter().enumerate() {
            if let Some(p) = chokepoint_names::patronymic(t) {
                self.patronymic_vocab
                    .entry((p.class, p.female))
                    .or_default()
                    .push(to_u32(tid, "tokens")?);
            }
            if let Some(g) = chokepoint_names::given_name(t) {
                self.given_vocab
                    .entry(g.class)
                    .or_default()
                    .push(to_u32(tid, "tokens")?);
            }
        }
        let mut sorted: Vec<u32> = (0..to_u32(n_vocab, "tokens")?).collect();
        let texts = &self.vocab.texts;
        sorted.par_sort_unstable_by(|&a, &b| texts[a as usize].cmp(&texts[b as usize]));
        self.vocab.sorted = sorted;
        Ok(())
    }

    /// Sizes of the index.
    pub fn stats(&self) -> IndexStats {
        IndexStats {
            entities: self.entities.len(),
            names: self.names,
            rows: self.rows.len(),
            vocabulary: self.vocab.texts.len(),
            token_postings: self.tok_post.data.len(),
            gram_postings: self.gram_post.data.len(),
        }
    }

    /// The indexed entities, in build order.
    pub fn entities(&self) -> &[EntityRecord] {
        &self.entities
    }

    /// Number of indexed entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether the index holds no entity.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: &str, schema: Schema, names: &[&str]) -> Entity {
        let mut e = Entity::from_record(schema, "t", id, None);
        for n in names {
            e.add(Prop::Alias, n);
        }
        e
    }

    #[test]
    fn postings_keep_the_documented_invariants() {
        let mut list = vec![
            entity(
                "1",
                Schema::Company,
                &["Alpha Beta Trading LLC", "Beta Alpha", "ООО Ромашка"],
            ),
            entity(
                "2",
                Schema::Person,
                &["Ivan Ivanovich Ivanov", "Иван Иванов"],
            ),
            entity("3", Schema::Vessel, &["Beta"]),
            entity("4", Schema::Address, &["Some Street 1"]),
            entity("5", Schema::Company, &[]),
        ];
        for i in 0..50 {
            list.push(entity(
                &format!("f{i}"),
                Schema::Company,
                &[&format!("Beta Gamma {i}")],
            ));
        }
        let index = Index::build(list);
        assert_eq!(index.len(), 54, "addresses are skipped");
        assert_eq!(index.entity_rows.len(), index.entities.len() + 1);
        assert!(
            index.entity_rows.windows(2).all(|w| w[0] <= w[1]),
            "row ranges are contiguous"
        );
        assert_eq!(
            *index.entity_rows.last().unwrap_or(&0) as usize,
            index.rows.len()
        );
        for (e, w) in index.entity_rows.windows(2).enumerate() {
            for r in w[0]..w[1] {
                assert_eq!(index.rows[r as usize].entity as usize, e);
            }
        }
        let sorted_unique = |l: &[u32]| l.windows(2).all(|w| w[0] < w[1]);
        for k in 0..index.vocab.texts.len() {
            assert!(sorted_unique(index.tok_post.get(k as u32)));
        }
        for k in 0..index.gram_keys.len() {
            assert!(sorted_unique(index.gram_post.get(k as u32)));
        }
        for (r, row) in index.rows.iter().enumerate() {
            assert!(row.tokens.len() <= crate::prep::MAX_TOKENS);
            for &t in row.tokens.iter() {
                assert!(
                    index.tok_post.get(t).binary_search(&(r as u32)).is_ok(),
                    "row {r} in postings of {t}"
                );
            }
        }
        let sorted = &index.vocab.sorted;
        assert!(sorted
            .windows(2)
            .all(|w| index.vocab.texts[w[0] as usize] < index.vocab.texts[w[1] as usize]));
        assert_eq!(index.stats().vocabulary, index.vocab.texts.len());
        for list in index.given_vocab.values() {
            assert!(sorted_unique(list));
        }
        for list in index.patronymic_vocab.values() {
            assert!(sorted_unique(list));
        }
        assert!(index.given_vocab.contains_key("ivan"));
    }

    #[test]
    fn rarity_falls_with_frequency() {
        assert_eq!(rarity(1, 100_000), 1.0);
        assert!(rarity(10_000, 100_000) < rarity(1_000, 100_000));
        assert!(rarity(100_000, 100_000) >= 0.35);
    }

    #[test]
    fn grams_are_padded_and_unique() {
        let mut g = Vec::new();
        grams("aaaa", &mut g);
        assert_eq!(g.len(), 3, "^aa, aaa, aa$");
        grams("ab", &mut g);
        assert!(g.is_empty());
    }
}
