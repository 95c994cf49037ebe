//! What the server serves: the entities, their screening index, and the datasets (lists).

use crate::extras::AlertBook;
use chokepoint_model::Entity;
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
    documents: HashMap<String, Value>,
}

fn title(list: &str) -> String {
    match list {
        "ofac-sdn" => "US OFAC Specially Designated Nationals (SDN)".into(),
        "ofac-cons" => "US OFAC Consolidated (non-SDN) List".into(),
        "un" => "UN Security Council Consolidated List".into(),
        "us-csl" => "US Consolidated Screening List (trade.gov)".into(),
        "us-dpl" => "US BIS Denied Persons List".into(),
        "eu-fsf" => "EU Financial Sanctions Files".into(),
        "uk-ofsi" => "UK OFSI Consolidated List".into(),
        other => other.to_string(),
    }
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
                title: title(list),
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
            documents: HashMap::new(),
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
