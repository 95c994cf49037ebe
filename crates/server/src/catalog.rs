//! What the server serves: the entities, their screening index, and the datasets (lists).

use crate::extras::AlertBook;
use chokepoint_model::Entity;
use chokepoint_screen::reviews::ReviewStore;
use chokepoint_screen::{canonicalize, Canonical, Index};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// One dataset the API exposes: a list, or `default` (all lists together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetInfo {
    /// The dataset name used in URLs (`default`, `ofac-sdn`, `un`, …).
    pub name: String,
    /// A human title.
    pub title: String,
    /// The list's publication date (its version).
    pub version: String,
    /// Number of entities.
    pub entities: usize,
    /// The lists it covers (itself, or every list for `default`).
    pub children: Vec<String>,
}

/// The entities, their index and the datasets, shared read-only by all requests.
pub struct Catalog {
    /// The screening index over every entity.
    pub index: Index,
    entities: Vec<Entity>,
    /// Per entity: the list record ids merged into it.
    referents: Vec<Vec<String>>,
    /// Per entity: every list that carries it.
    lists: Vec<Vec<String>>,
    /// Every record id (canonical or merged) → entity position.
    by_id: HashMap<String, usize>,
    datasets: Vec<DatasetInfo>,
    alerts: Option<Arc<dyn AlertBook>>,
    reviews: Option<Arc<ReviewStore>>,
    documents: HashMap<String, Value>,
    /// Per entity, folded text of its names and of all its values, built on first search.
    text: std::sync::OnceLock<Vec<(Box<str>, Box<str>)>>,
}

impl Catalog {
    /// Builds the catalog and its index over `entities` merged into one per designee (no
    /// analyst judgements; see [`Catalog::from_canonical`]). `published` gives each list's
    /// publication date.
    pub fn new(entities: Vec<Entity>, published: &HashMap<String, String>) -> Catalog {
        Catalog::from_canonical(canonicalize(entities, &[]), published)
    }

    /// Builds the catalog and its index over canonical entities (one per designee across
    /// lists, see [`chokepoint_screen::canonicalize`]): every record id of a designee opens its
    /// entity, and results carry its referents and lists.
    pub fn from_canonical(canonical: Canonical, published: &HashMap<String, String>) -> Catalog {
        let index = match Index::try_build_canonical(canonical.clone()) {
            Ok(i) => i,
            Err(_) => Index::empty(),
        };
        let Canonical {
            entities,
            referents,
            datasets: lists,
            ..
        } = canonical;
        let mut by_id = HashMap::with_capacity(entities.len());
        let mut per_list: std::collections::BTreeMap<String, usize> = Default::default();
        for (i, e) in entities.iter().enumerate() {
            by_id.insert(e.id.clone(), i);
            for r in referents.get(i).into_iter().flatten() {
                by_id.entry(r.clone()).or_insert(i);
            }
            for l in lists.get(i).into_iter().flatten() {
                *per_list.entry(l.clone()).or_default() += 1;
            }
        }
        let mut datasets = vec![DatasetInfo {
            name: "default".into(),
            title: "All lists in the store".into(),
            version: per_list
                .keys()
                .filter_map(|l| published.get(l))
                .max()
                .cloned()
                .unwrap_or_default(),
            entities: entities.len(),
            children: per_list.keys().cloned().collect(),
        }];
        for (list, n) in &per_list {
            datasets.push(DatasetInfo {
                name: list.clone(),
                title: crate::lists::info(list).title,
                version: published.get(list).cloned().unwrap_or_default(),
                entities: *n,
                children: vec![list.clone()],
            });
        }
        Catalog {
            index,
            entities,
            referents,
            lists,
            by_id,
            datasets,
            alerts: None,
            reviews: None,
            documents: HashMap::new(),
            text: std::sync::OnceLock::new(),
        }
    }

    /// Attaches the alert queue served at `/alerts`.
    pub fn with_alerts(mut self, alerts: Arc<dyn AlertBook>) -> Catalog {
        self.alerts = Some(alerts);
        self
    }

    /// Attaches a JSON document served at `/{name}` (e.g. `traces`, `attribution`).
    pub fn with_document(mut self, name: &str, doc: Value) -> Catalog {
        self.documents.insert(name.to_string(), doc);
        self
    }

    /// Attaches the store's marks on screening hits, served at `/reviews`.
    pub fn with_reviews(mut self, reviews: Arc<ReviewStore>) -> Catalog {
        self.reviews = Some(reviews);
        self
    }

    /// The marks on screening hits, if attached.
    pub fn reviews(&self) -> Option<&Arc<ReviewStore>> {
        self.reviews.as_ref()
    }

    /// The alert queue, if one is attached.
    pub fn alerts(&self) -> Option<&Arc<dyn AlertBook>> {
        self.alerts.as_ref()
    }

    /// A JSON document attached with [`Catalog::with_document`].
    pub fn document(&self, name: &str) -> Option<&Value> {
        self.documents.get(name)
    }

    /// One entity by id: its canonical id or the id of any record merged into it.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).and_then(|i| self.entities.get(*i))
    }

    /// One entity by id (as [`Catalog::entity`]) with its referents and the lists carrying it.
    pub fn entity_with_sources(&self, id: &str) -> Option<(&Entity, &[String], &[String])> {
        let i = *self.by_id.get(id)?;
        Some((
            self.entities.get(i)?,
            self.referents.get(i).map_or(&[][..], Vec::as_slice),
            self.lists.get(i).map_or(&[][..], Vec::as_slice),
        ))
    }

    /// Every entity, in catalog order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity at `i` (catalog order) with its referents and lists.
    pub fn entity_at(&self, i: usize) -> Option<(&Entity, &[String], &[String])> {
        Some((
            self.entities.get(i)?,
            self.referents.get(i).map_or(&[][..], Vec::as_slice),
            self.lists.get(i).map_or(&[][..], Vec::as_slice),
        ))
    }

    /// Per entity, the folded text of its names and of all its values (` word word `), built on
    /// first use.
    fn texts(&self) -> &[(Box<str>, Box<str>)] {
        self.text.get_or_init(|| {
            self.entities
                .iter()
                .map(|e| {
                    let mut names = String::from(" ");
                    let mut other = String::from(" ");
                    for (prop, values) in e.properties() {
                        let into = if prop.is_name() {
                            &mut names
                        } else {
                            &mut other
                        };
                        for v in values {
                            into.push_str(&chokepoint_names::fold(&v.value));
                            into.push(' ');
                        }
                    }
                    other.push_str(&names);
                    (names.into_boxed_str(), other.into_boxed_str())
                })
                .collect()
        })
    }

    /// Entities whose names complete `prefix` as typed: every word but the last occurs as a
    /// whole word of one of the entity's names, and the last word begins a word (folded across
    /// scripts, case and accents). Returns entity positions, those whose caption begins with
    /// the prefix first, then in catalog order; at most `limit` after skipping `offset`, and
    /// the number found in all.
    pub fn suggest(&self, prefix: &str, offset: usize, limit: usize) -> (Vec<usize>, usize) {
        let folded = chokepoint_names::fold(prefix);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let Some((last, whole)) = words.split_last() else {
            return (Vec::new(), 0);
        };
        let whole: Vec<String> = whole.iter().map(|w| format!(" {w} ")).collect();
        let last = format!(" {last}");
        let start = format!(" {}", words.join(" "));
        let mut first: Vec<usize> = Vec::new();
        let mut rest: Vec<usize> = Vec::new();
        for (i, (names, _)) in self.texts().iter().enumerate() {
            if !names.contains(last.as_str()) || !whole.iter().all(|w| names.contains(w.as_str())) {
                continue;
            }
            let caption = self
                .entities
                .get(i)
                .map(|e| format!(" {}", chokepoint_names::fold(e.caption())))
                .unwrap_or_default();
            if caption.starts_with(&start) {
                first.push(i);
            } else {
                rest.push(i);
            }
        }
        let total = first.len() + rest.len();
        let page = first
            .into_iter()
            .chain(rest)
            .skip(offset)
            .take(limit)
            .collect();
        (page, total)
    }

    /// Full-text search: every entity whose values contain every word of `q` (folded across
    /// scripts, case and accents, whole words), and with `fuzzy` also the screening index's
    /// name matches (typos, transliterations) scoring at least 0.7. Returns (score, entity
    /// position), best first: a name match scores its screening score, a word found in a name
    /// 0.6, a word found only in other values (addresses, remarks, identifiers) 0.4.
    pub fn full_text(&self, q: &str, fuzzy: bool) -> Vec<(f64, usize)> {
        let words: Vec<String> = chokepoint_names::fold(q)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| format!(" {w} "))
            .collect();
        let text = self.texts();
        let mut scores: HashMap<usize, f64> = HashMap::new();
        if !words.is_empty() {
            for (i, (names, all)) in text.iter().enumerate() {
                if words.iter().all(|w| names.contains(w.as_str())) {
                    scores.insert(i, 0.6);
                } else if words.iter().all(|w| all.contains(w.as_str())) {
                    scores.insert(i, 0.4);
                }
            }
        }
        if fuzzy {
            let opts = chokepoint_screen::SearchOptions {
                min_score: 0.7,
                limit: 50,
                explain: false,
                ..chokepoint_screen::SearchOptions::default()
            };
            for h in self.index.search(&chokepoint_screen::Query::name(q), &opts) {
                if let Some(&i) = self.by_id.get(&h.entity_id) {
                    let s = scores.entry(i).or_insert(0.0);
                    *s = s.max(h.score);
                }
            }
        }
        let mut out: Vec<(f64, usize)> = scores.into_iter().map(|(i, s)| (s, i)).collect();
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        out
    }

    /// The datasets, `default` first.
    pub fn datasets(&self) -> &[DatasetInfo] {
        &self.datasets
    }

    /// A dataset by name.
    pub fn dataset(&self, name: &str) -> Option<&DatasetInfo> {
        self.datasets.iter().find(|d| d.name == name)
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether the catalog holds no entity.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}
