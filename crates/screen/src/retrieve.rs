//! Retrieval: query preparation, vocabulary expansion of query tokens and candidate rows from
//! the postings (see the module documentation of `index` for the algorithm).

use crate::ids::normalize_identifier;
use crate::index::{grams, Index};
use crate::name_match::{given_sim, token_sim, TokMatch, TokView};
use crate::prep::{name_kind, prepare, token_weight, PTok, Prepared};
use crate::query::Query;
use crate::weights::{RETRIEVAL_LENGTH_PENALTY, RETRIEVAL_MIN_DICE as MIN_DICE};
use chokepoint_names::TokenKind;
use std::cell::RefCell;

/// At most this many vocabulary expansions per query token.
const MAX_EXPANSIONS: usize = 24;
/// At most this many expansions of one query token walk their postings (the best ones; the
/// scorer still sees all expansions).
const MAX_RETRIEVAL_EXPANSIONS: usize = 8;
/// At most this many tokens sharing a phonetic key are considered.
const MAX_PHONETIC: usize = 32;
/// At most this many tokens sharing a prefix are considered as abbreviation expansions.
const MAX_PREFIX: usize = 16;

/// Query tokens whose expansions each thread remembers (cleared when full): batches of
/// trade records repeat their tokens (city names, industries, legal words) a lot.
const EXPANSION_CACHE: usize = 16_384;

/// Whether `text` padded as `^text$` contains the trigram `g`.
fn has_gram(text: &[u8], g: &[u8; 3]) -> bool {
    let n = text.len();
    if n < 2 {
        return false;
    }
    if g[0] == b'^' {
        return text[0] == g[1] && text[1] == g[2];
    }
    if g[2] == b'$' {
        return text[n - 2] == g[0] && text[n - 1] == g[1];
    }
    text.windows(3).any(|w| w == g)
}

/// Per-thread scratch space, reused between queries.
#[derive(Default)]
pub(crate) struct Scratch {
    acc: Vec<f32>,
    row_gen: Vec<u32>,
    tok_gen: Vec<u32>,
    touched: Vec<u32>,
    gen: u32,
    gram_count: Vec<u16>,
    vocab_gen: Vec<u32>,
    vocab_touched: Vec<u32>,
    vgen: u32,
    grams: Vec<u32>,
    /// Expansions of recently seen query tokens, valid for the index `cache_owner`.
    cache: chokepoint_refdata::hash::FastMap<String, Vec<Expansion>>,
    cache_owner: u64,
}

impl Scratch {
    pub(crate) fn fit(&mut self, rows: usize, vocab: usize) {
        if self.acc.len() < rows {
            self.acc.resize(rows, 0.0);
            self.row_gen.resize(rows, 0);
            self.tok_gen.resize(rows, 0);
        }
        if self.gram_count.len() < vocab {
            self.gram_count.resize(vocab, 0);
            self.vocab_gen.resize(vocab, 0);
        }
    }

    /// Cached expansions of `token` for index `owner`, if any.
    fn cached(&mut self, owner: u64, token: &str) -> Option<Vec<Expansion>> {
        if self.cache_owner != owner {
            self.cache.clear();
            self.cache_owner = owner;
            return None;
        }
        self.cache.get(token).cloned()
    }

    fn remember(&mut self, token: &str, expansions: &[Expansion]) {
        if self.cache.len() >= EXPANSION_CACHE {
            self.cache.clear();
        }
        self.cache.insert(token.to_string(), expansions.to_vec());
    }

    fn next_gen(&mut self) -> u32 {
        if self.gen == u32::MAX {
            self.gen = 0;
            self.row_gen.iter_mut().for_each(|g| *g = 0);
            self.tok_gen.iter_mut().for_each(|g| *g = 0);
        }
        self.gen += 1;
        self.gen
    }

    fn next_vgen(&mut self) -> u32 {
        if self.vgen == u32::MAX {
            self.vgen = 0;
            self.vocab_gen.iter_mut().for_each(|g| *g = 0);
        }
        self.vgen += 1;
        self.vgen
    }
}

thread_local! {
    /// The scratch space of this thread.
    pub(crate) static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A vocabulary expansion of a query token: token id, similarity, how they agree.
pub(crate) type Expansion = (u32, f32, TokMatch);

/// A query token with its weight and its vocabulary expansions.
pub(crate) struct QTok {
    pub(crate) weight: f32,
    pub(crate) expansions: Vec<Expansion>,
}

/// A query ready for retrieval and scoring.
pub(crate) struct PreparedQuery {
    pub(crate) name: Prepared,
    /// Per form, per token: weight and expansions.
    pub(crate) tokens: Vec<Vec<QTok>>,
    pub(crate) countries: Vec<String>,
    pub(crate) identifiers: Vec<(chokepoint_model::Prop, String)>,
    /// The query's schema, or Company when it gives none but its name has a legal form.
    pub(crate) schema: Option<chokepoint_model::Schema>,
    /// Abbreviations the names crate expanded (for explanations; 0 when not explaining).
    pub(crate) expanded: std::cell::Cell<usize>,
}

impl Index {
    /// Expands a query token over the vocabulary: the exact token, then tokens sharing enough
    /// trigrams, a phonetic key or (for short tokens) a prefix, each verified with the token
    /// similarity. Best first, at most [`MAX_EXPANSIONS`].
    fn expand(&self, t: &PTok, sc: &mut Scratch) -> Vec<Expansion> {
        let v = &self.vocab;
        let mut out: Vec<Expansion> = Vec::new();
        let q = TokView {
            text: &t.text,
            phon: &t.phon,
            kind: t.kind,
            weight: 1.0,
            given: t.given,
            patronymic: t.patronymic,
        };
        let exact = v.map.get(t.text.as_str()).copied();
        if let Some(id) = exact {
            out.push((id, 1.0, TokMatch::Exact));
        }
        let numeric = t.kind == TokenKind::Number || t.text.bytes().all(|b| b.is_ascii_digit());
        if numeric || t.text.len() < 2 {
            return out;
        }
        // Trigram candidates: count shared grams, keep tokens sharing enough of them.
        let mut gs = std::mem::take(&mut sc.grams);
        grams(&t.text, &mut gs);
        let mut cands: Vec<(f32, u32)> = Vec::new();
        if !gs.is_empty() {
            // Prefix filtering: a token with Dice >= MIN_DICE shares at least `need` grams, so
            // it shares one of the `n - need + 1` rarest; only their postings are walked and
            // the skipped (common) grams are checked on the candidate's text afterwards.
            let mut by_len: Vec<(usize, u32, u32)> = gs
                .iter()
                .map(|&g| match self.gram_keys.get(&g) {
                    Some(&k) => (self.gram_post.get(k).len(), k, g),
                    None => (0, u32::MAX, g),
                })
                .collect();
            by_len.sort_unstable();
            let n = by_len.len();
            let need = ((MIN_DICE / (2.0 - MIN_DICE)) * n as f32).ceil().max(1.0) as usize;
            let probe = (n + 1).saturating_sub(need).clamp(1, n);
            sc.vocab_touched.clear();
            let cgen = sc.next_vgen();
            for &(_, k, _) in &by_len[..probe] {
                if k == u32::MAX {
                    continue;
                }
                for &tid in self.gram_post.get(k) {
                    let i = tid as usize;
                    if sc.vocab_gen[i] != cgen {
                        sc.vocab_gen[i] = cgen;
                        sc.gram_count[i] = 0;
                        sc.vocab_touched.push(tid);
                    }
                    sc.gram_count[i] = sc.gram_count[i].saturating_add(1);
                }
            }
            let skipped: Vec<[u8; 3]> = by_len[probe..]
                .iter()
                .map(|&(_, _, g)| [(g >> 16) as u8, (g >> 8) as u8, g as u8])
                .collect();
            let nq = n as f32;
            for &tid in &sc.vocab_touched {
                let i = tid as usize;
                if Some(tid) == exact {
                    continue;
                }
                let text = v.texts[i].as_bytes();
                let nt = text.len() as f32;
                let mut shared = usize::from(sc.gram_count[i]);
                if 2.0 * (shared + skipped.len()) as f32 / (nq + nt) < MIN_DICE {
                    continue;
                }
                shared += skipped.iter().filter(|g| has_gram(text, g)).count();
                let dice = 2.0 * shared as f32 / (nq + nt);
                if dice >= MIN_DICE {
                    cands.push((dice, tid));
                }
            }
            if cands.len() > MAX_EXPANSIONS {
                cands.select_nth_unstable_by(MAX_EXPANSIONS, |a, b| b.0.total_cmp(&a.0));
                cands.truncate(MAX_EXPANSIONS);
            }
        }
        sc.grams = gs;
        let vgen = sc.next_vgen();
        if let Some(id) = exact {
            sc.vocab_gen[id as usize] = vgen;
        }
        let phonetic = v
            .phon_map
            .get(t.phon.as_str())
            .map(|&pid| self.phon_post.get(pid))
            .unwrap_or(&[]);
        let prefix: Vec<u32> = if exact.is_none() && (2..=5).contains(&t.text.len()) {
            self.prefix_range(&t.text).take(MAX_PREFIX).collect()
        } else {
            Vec::new()
        };
        let all = cands
            .iter()
            .map(|c| c.1)
            .chain(phonetic.iter().copied().take(MAX_PHONETIC))
            .chain(prefix);
        for id in all {
            let i = id as usize;
            if sc.vocab_gen[i] == vgen {
                continue;
            }
            sc.vocab_gen[i] = vgen;
            let c = TokView {
                text: &v.texts[i],
                phon: &v.phon_texts[v.phons[i] as usize],
                kind: v.kinds[i],
                weight: 1.0,
                given: None,
                // Read from the text so that a patronymic never meets a given name or surname,
                // nor a patronymic of another class.
                patronymic: chokepoint_names::patronymic(&v.texts[i]),
            };
            if let Some((s, how)) = token_sim(&q, &c) {
                out.push((id, s, how));
            }
        }
        // Other national forms of a person's given name (only the scorer's person rows use
        // them; see `score_entity`).
        if let Some(g) = t.given {
            for &id in self.given_vocab.get(g.class).map_or(&[][..], Vec::as_slice) {
                if Some(id) == exact {
                    continue;
                }
                let Some(s) = chokepoint_names::given_name(&v.texts[id as usize])
                    .and_then(|c| g.equivalence(c))
                else {
                    continue;
                };
                let sim = given_sim(s);
                match out.iter_mut().find(|e| e.0 == id) {
                    Some(e) if e.1 >= sim => {}
                    Some(e) => *e = (id, sim, TokMatch::Given(s)),
                    None => out.push((id, sim, TokMatch::Given(s))),
                }
            }
        }
        // Other national forms of a person's patronymic (likewise only for person rows).
        if let Some(p) = t.patronymic {
            let key = (p.class, p.female);
            for &id in self
                .patronymic_vocab
                .get(&key)
                .map_or(&[][..], Vec::as_slice)
            {
                if Some(id) == exact {
                    continue;
                }
                let Some(s) = chokepoint_names::patronymic(&v.texts[id as usize])
                    .and_then(|c| p.equivalence(c))
                else {
                    continue;
                };
                let sim = given_sim(s);
                match out.iter_mut().find(|e| e.0 == id) {
                    Some(e) if e.1 >= sim => {}
                    Some(e) => *e = (id, sim, TokMatch::Patronymic(s)),
                    None => out.push((id, sim, TokMatch::Patronymic(s))),
                }
            }
        }
        out.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        out.truncate(MAX_EXPANSIONS);
        out
    }

    /// Whether a row belongs to a person (equivalent given names and patronymics count only
    /// there).
    fn is_person_row(&self, row: u32) -> bool {
        self.rows
            .get(row as usize)
            .and_then(|r| self.entities.get(r.entity as usize))
            .is_some_and(|e| e.schema == chokepoint_model::Schema::Person)
    }

    /// Vocabulary tokens starting with `prefix` (other than `prefix` itself), in text order.
    fn prefix_range<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = u32> + 'a {
        let texts = &self.vocab.texts;
        let sorted = &self.vocab.sorted;
        let start = sorted.partition_point(|&id| &*texts[id as usize] < prefix);
        sorted[start..]
            .iter()
            .copied()
            .take_while(move |&id| texts[id as usize].starts_with(prefix))
            .filter(move |&id| texts[id as usize].len() > prefix.len())
    }

    pub(crate) fn prepare_query(&self, q: &Query, sc: &mut Scratch) -> PreparedQuery {
        let name = prepare(&q.name, name_kind(q.schema));
        let schema = match q.schema {
            None if !name.legal.is_empty() || !name.org.types.is_empty() => {
                Some(chokepoint_model::Schema::Company)
            }
            s => s,
        };
        let mut tokens = Vec::with_capacity(name.forms.len());
        for form in &name.forms {
            let mut qt = Vec::with_capacity(form.len());
            for t in form {
                // A given name expands further than the same word elsewhere: its own cache key.
                let key: std::borrow::Cow<str> = match (t.given, t.patronymic) {
                    (Some(_), _) => format!("{}\u{1}", t.text).into(),
                    (None, Some(_)) => format!("{}\u{2}", t.text).into(),
                    (None, None) => t.text.as_str().into(),
                };
                let expansions = match sc.cached(self.id, &key) {
                    Some(e) => e,
                    None => {
                        let e = self.expand(t, sc);
                        sc.remember(&key, &e);
                        e
                    }
                };
                let rar = match expansions.first() {
                    Some(&(id, _, _)) => self.vocab.rarity[id as usize],
                    None => 1.0,
                };
                qt.push(QTok {
                    weight: token_weight(t.kind, &t.text) * rar,
                    expansions,
                });
            }
            tokens.push(qt);
        }
        let countries = q
            .countries
            .iter()
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        let identifiers = q
            .identifiers
            .iter()
            .filter_map(|(p, v)| normalize_identifier(*p, v).map(|n| (*p, n)))
            .collect();
        PreparedQuery {
            name,
            tokens,
            countries,
            identifiers,
            expanded: std::cell::Cell::new(0),
            schema,
        }
    }

    /// Candidate rows for a prepared query, best first (at most `k`).
    pub(crate) fn candidates(&self, pq: &PreparedQuery, k: usize, sc: &mut Scratch) -> Vec<u32> {
        sc.fit(self.rows.len(), self.vocab.texts.len());
        sc.touched.clear();
        let qgen = sc.next_gen();
        // Pass 0 adds rare expansions (and, when a form has no rare expansion, every one).
        // Pass 1 adds a form's common expansions (long postings) only to rows that pass 0
        // already reached, so that a row holding the query's common tokens exactly is not
        // outranked by rows that merely share its rare spelling variants.
        for pass in 0..2 {
            for form in &pq.tokens {
                let any_rare = form.iter().any(|t| {
                    t.expansions
                        .iter()
                        .any(|&(id, _, _)| self.vocab.df[id as usize] <= self.common_df)
                });
                if pass == 1 && !any_rare {
                    continue;
                }
                for t in form {
                    let tgen = sc.next_gen();
                    for &(id, sim, how) in t.expansions.iter().take(MAX_RETRIEVAL_EXPANSIONS) {
                        let given = matches!(how, TokMatch::Given(_) | TokMatch::Patronymic(_));
                        let common = self.vocab.df[id as usize] > self.common_df;
                        if any_rare && common != (pass == 1) {
                            continue;
                        }
                        let add = t.weight * sim;
                        for &row in self.tok_post.get(id) {
                            let r = row as usize;
                            if sc.tok_gen[r] == tgen {
                                continue;
                            }
                            if given && !self.is_person_row(row) {
                                continue;
                            }
                            if sc.row_gen[r] != qgen {
                                if pass == 1 {
                                    continue;
                                }
                                sc.row_gen[r] = qgen;
                                sc.acc[r] = 0.0;
                                sc.touched.push(row);
                            }
                            sc.tok_gen[r] = tgen;
                            sc.acc[r] += add;
                        }
                    }
                }
            }
        }
        let mut scored: Vec<(f32, u32)> = sc
            .touched
            .iter()
            .map(|&r| {
                let len = self.rows[r as usize].tokens.len() as f32;
                (sc.acc[r as usize] - RETRIEVAL_LENGTH_PENALTY * len, r)
            })
            .collect();
        if scored.len() > k {
            scored.select_nth_unstable_by(k, |a, b| b.0.total_cmp(&a.0));
            scored.truncate(k);
        }
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().map(|(_, r)| r).collect()
    }
}
