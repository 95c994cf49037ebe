//! Scoring of candidate entities, hits, and the public search API.

use crate::explain::render_explanation;
use crate::features::{
    birth_feature, country_feature, honorific_feature, identifier_conflict, identifier_match,
    legal_feature, name_feature, org_type_feature, prop_feature, schema_feature, Feature,
};
use crate::ids::conflict_is_evidence;
use crate::index::Index;
use crate::name_match::{
    cap_short_name, compare_tokens_with, token_sim, NameMatch, TokMatch, TokView,
};
use crate::prep::name_kind;
use crate::query::{Hit, Query, SearchOptions};
use crate::retrieve::{PreparedQuery, Scratch, SCRATCH};
use crate::score::combine;
use crate::weights::{NAME_SCALE, PATRONYMIC_MISMATCH};
use chokepoint_names::LegalForm;
use rayon::prelude::*;

impl Index {
    /// Fills `out` with scorer views of a row's tokens (weights precomputed in the vocabulary).
    /// Patronymics are read from the token texts, for persons only (`person`).
    fn row_views_into<'a>(&'a self, row: u32, person: bool, out: &mut Vec<TokView<'a>>) {
        let v = &self.vocab;
        out.clear();
        out.extend(self.rows[row as usize].tokens.iter().map(|&id| {
            let i = id as usize;
            TokView {
                text: &v.texts[i],
                phon: &v.phon_texts[v.phons[i] as usize],
                kind: v.kinds[i],
                weight: v.weight[i],
                given: None,
                patronymic: if person {
                    chokepoint_names::patronymic(&v.texts[i])
                } else {
                    None
                },
            }
        }));
    }

    fn query_views<'a>(&self, pq: &'a PreparedQuery) -> Vec<Vec<TokView<'a>>> {
        pq.name
            .forms
            .iter()
            .zip(&pq.tokens)
            .map(|(form, qts)| {
                form.iter()
                    .zip(qts)
                    .map(|(t, qt)| TokView {
                        text: &t.text,
                        phon: &t.phon,
                        kind: t.kind,
                        weight: qt.weight,
                        given: t.given,
                        patronymic: t.patronymic,
                    })
                    .collect()
            })
            .collect()
    }

    /// Scores one entity against the query given the rows to compare; `None` when its schema
    /// is excluded. Returns the score, the features (with sentences only when `explain`) and
    /// the best row.
    fn score_entity(
        &self,
        q: &Query,
        pq: &PreparedQuery,
        qviews: &[Vec<TokView>],
        entity: u32,
        rows: &[u32],
        explain: bool,
    ) -> Option<(f64, Vec<Feature>, u32)> {
        let rec = &self.entities[entity as usize];
        if let Some(s) = pq.schema {
            if !s.compatible(rec.schema) {
                return None;
            }
        }
        // Rows are ranked by name similarity plus what their organisation type and honorific
        // add, so that among equally good names the one stating the same type and honorific
        // as the query explains the hit.
        let org_bonus = |row: u32| -> f64 {
            let Some(c) = self
                .rows
                .get(row as usize)
                .and_then(|r| self.org_parts.get(usize::from(r.org)))
            else {
                return 0.0;
            };
            org_type_feature(&pq.name.org, c, false).map_or(0.0, |f| f.weight)
                + honorific_feature(&pq.name.org, c, false).map_or(0.0, |f| f.weight)
        };
        // Equivalent given names count only against persons: a company's `Pavlo` is a word.
        let person = rec.schema == chokepoint_model::Schema::Person;
        let mut best: Option<(NameMatch, u32, bool, f64)> = None;
        let mut cv: Vec<TokView> = Vec::new();
        for &row in rows {
            let bonus = org_bonus(row);
            self.row_views_into(row, person, &mut cv);
            let row_is_variant = row > self.entity_rows[entity as usize]
                && self.rows[row as usize - 1].name == self.rows[row as usize].name;
            let ctoks = &self.rows[row as usize].tokens;
            for (fi, qv) in qviews.iter().enumerate() {
                let qts = &pq.tokens[fi];
                let mut m = compare_tokens_with(qv, &cv, |i, j| {
                    let (a, b) = (&qv[i], &cv[j]);
                    if a.text.len() == 1 || b.text.len() == 1 {
                        return token_sim(a, b);
                    }
                    let id = ctoks[j];
                    match qts[i].expansions.iter().find(|e| e.0 == id) {
                        Some(e)
                            if person
                                || !matches!(e.2, TokMatch::Given(_) | TokMatch::Patronymic(_)) =>
                        {
                            Some((e.1, e.2))
                        }
                        Some(_) => token_sim(a, b),
                        None => None,
                    }
                });
                if let Some((_, c_name)) = self
                    .rows
                    .get(row as usize)
                    .and_then(|r| rec.names.get(usize::from(r.name)))
                {
                    cap_short_name(&mut m, &q.name, qv, c_name, &cv);
                }
                let mismatch = if m.patronymic_mismatch.is_some() {
                    PATRONYMIC_MISMATCH
                } else {
                    0.0
                };
                let rank = NAME_SCALE * m.sim + bonus + mismatch;
                if best.as_ref().is_none_or(|b| rank > b.3) {
                    best = Some((m, row, fi > 0 || row_is_variant, rank));
                }
            }
        }
        let (mut m, row, variant) = best.map_or(
            (
                NameMatch::default(),
                self.entity_rows[entity as usize],
                false,
            ),
            |(m, row, variant, _)| (m, row, variant),
        );
        m.expanded = pq.expanded.get();
        let r = self.rows.get(row as usize);
        let (prop, matched) = r
            .and_then(|r| rec.names.get(usize::from(r.name)))
            .map(|(p, n)| (*p, n.as_str()))
            .unwrap_or((chokepoint_model::Prop::Name, rec.caption()));
        let mut features: Vec<Feature> = Vec::with_capacity(6);
        features.push(name_feature(
            &m,
            crate::prep::cut(&q.name),
            matched,
            variant,
            Some(prop),
            explain,
        ));
        features.extend(prop_feature(prop));
        let legal: Vec<&LegalForm> = r
            .map(|r| {
                r.legal
                    .iter()
                    .filter_map(|&i| self.legal_forms.get(usize::from(i)))
                    .collect()
            })
            .unwrap_or_default();
        features.extend(legal_feature(&pq.name.legal, &legal, explain));
        if let Some(c_org) = r.and_then(|r| self.org_parts.get(usize::from(r.org))) {
            features.extend(org_type_feature(&pq.name.org, c_org, explain));
            features.extend(honorific_feature(&pq.name.org, c_org, explain));
        }
        features.extend(schema_feature(q.schema, rec.schema));
        features.extend(country_feature(&pq.countries, &rec.countries));
        features.extend(birth_feature(q.birth_date.as_deref(), &rec.birth_dates));
        let mut matched_id = None;
        let mut conflict = None;
        for (qp, qv) in &pq.identifiers {
            for (cp, cv) in &rec.identifiers {
                if qv == cv
                    && (qp == cp || !conflict_is_evidence(*qp) || !conflict_is_evidence(*cp))
                {
                    matched_id.get_or_insert((*cp, cv.clone()));
                } else if qp == cp && conflict_is_evidence(*qp) && qv != cv {
                    conflict.get_or_insert((*qp, qv.clone(), cv.clone()));
                }
            }
        }
        if let Some((p, v)) = matched_id {
            let current = combine(&features);
            features.push(identifier_match(p, &v, m.sim, current));
        } else if let Some((p, a, b)) = conflict {
            features.push(identifier_conflict(p, &a, &b));
        }
        let score = combine(&features);
        Some((score, features, row))
    }

    /// Builds the hit for a scored entity.
    fn hit(
        &self,
        entity: u32,
        row: u32,
        score: f64,
        mut features: Vec<Feature>,
        opts: &SearchOptions,
    ) -> Hit {
        let rec = &self.entities[entity as usize];
        let (prop, matched) = self
            .rows
            .get(row as usize)
            .and_then(|r| rec.names.get(usize::from(r.name)))
            .map(|(p, n)| (*p, n.as_str()))
            .unwrap_or((chokepoint_model::Prop::Name, rec.caption()));
        let explanation = if opts.explain {
            render_explanation(&features, score)
        } else {
            String::new()
        };
        if !opts.explain {
            features.clear();
        }
        Hit {
            entity_id: rec.id.clone(),
            caption: rec.caption().to_string(),
            schema: rec.schema,
            matched_name: matched.to_string(),
            matched_prop: prop,
            score,
            is_match: score >= opts.threshold,
            lists: rec.lists.iter().map(|l| l.to_string()).collect(),
            referents: rec.referents.clone(),
            features,
            explanation,
        }
    }

    fn search_with(&self, q: &Query, opts: &SearchOptions, sc: &mut Scratch) -> Vec<Hit> {
        if self.rows.is_empty() || opts.limit == 0 {
            return Vec::new();
        }
        sc.fit(self.rows.len(), self.vocab.texts.len());
        let pq = self.prepare_query(q, sc);
        let k = (opts.limit * 3).max(24);
        let rows = self.candidates(&pq, k, sc);
        // Group candidate rows by entity, keeping first-seen (best retrieval) order.
        let mut by_entity: Vec<(u32, Vec<u32>)> = Vec::new();
        for row in rows {
            let e = self.rows[row as usize].entity;
            match by_entity.iter_mut().find(|(x, _)| *x == e) {
                Some((_, v)) => v.push(row),
                None => by_entity.push((e, vec![row])),
            }
        }
        for (_, v) in &pq.identifiers {
            if let Some(list) = self.identifiers.get(v) {
                for &(e, _) in list {
                    let all: Vec<u32> =
                        (self.entity_rows[e as usize]..self.entity_rows[e as usize + 1]).collect();
                    match by_entity.iter_mut().find(|(x, _)| *x == e) {
                        Some((_, v)) => *v = all,
                        None => by_entity.push((e, all)),
                    }
                }
            }
        }
        let qviews = self.query_views(&pq);
        // Phase 1: scores only, no sentences.
        let mut scored: Vec<(f64, u32, u32)> = by_entity
            .iter()
            .filter_map(|(e, rows)| {
                self.score_entity(q, &pq, &qviews, *e, rows, false)
                    .map(|(score, _, row)| (score, *e, row))
            })
            .filter(|(score, _, _)| *score >= opts.min_score)
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then_with(|| {
                self.entities[a.1 as usize]
                    .id
                    .cmp(&self.entities[b.1 as usize].id)
            })
        });
        scored.truncate(opts.limit);
        // Phase 2: the returned hits, with sentences when asked for.
        if opts.explain && !scored.is_empty() {
            pq.expanded.set(crate::prep::count_expanded(
                &q.name,
                name_kind(q.schema),
                pq.name.forms.first().map(Vec::as_slice).unwrap_or(&[]),
            ));
        }
        scored
            .into_iter()
            .map(|(score, e, row)| {
                let features = if opts.explain {
                    self.score_entity(q, &pq, &qviews, e, &[row], true)
                        .map(|x| x.1)
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                self.hit(e, row, score, features, opts)
            })
            .collect()
    }

    /// Screens one party: candidates from the postings, scored and explained, best first.
    /// Entities of a schema incompatible with the query's are excluded.
    pub fn search(&self, query: &Query, opts: &SearchOptions) -> Vec<Hit> {
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut sc) => self.search_with(query, opts, &mut sc),
            Err(_) => self.search_with(query, opts, &mut Scratch::default()),
        })
    }

    /// Screens many parties in parallel on the rayon pool; results in query order.
    pub fn search_batch(&self, queries: &[Query], opts: &SearchOptions) -> Vec<Vec<Hit>> {
        queries.par_iter().map(|q| self.search(q, opts)).collect()
    }
}
