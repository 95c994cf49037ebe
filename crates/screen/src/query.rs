//! Queries, search options and hits.

use crate::features::Feature;
use chokepoint_model::{Prop, Schema};

/// A party to screen: a name and whatever else the trade record tells about it.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// The name as written in the record.
    pub name: String,
    /// The kind of party, when known; incompatible entities (a Vessel for a Person) are excluded.
    pub schema: Option<Schema>,
    /// Countries linked to the party (ISO 3166-1 alpha-2, any case).
    pub countries: Vec<String>,
    /// Birth date, ISO 8601, possibly partial (`1962`, `1962-05-03`).
    pub birth_date: Option<String>,
    /// Identifiers as (property, value): INN, OGRN, IMO, registration, tax or passport numbers.
    pub identifiers: Vec<(Prop, String)>,
}

impl Query {
    /// A query with only a name.
    pub fn name(name: &str) -> Self {
        Query {
            name: name.to_string(),
            ..Query::default()
        }
    }

    /// A trade party as every batch screening reads it (`chokepoint screen` over the stored
    /// records, `pipeline::screen_parties`, the cluster's `cp_screen`): its name, of any schema,
    /// in its country when one is given (an empty country adds none).
    pub fn party(name: &str, country: &str) -> Self {
        let q = Query::name(name);
        if country.trim().is_empty() {
            q
        } else {
            q.with_country(country.trim())
        }
    }

    /// Sets the schema.
    pub fn with_schema(mut self, schema: Schema) -> Self {
        self.schema = Some(schema);
        self
    }

    /// Adds a country.
    pub fn with_country(mut self, country: &str) -> Self {
        self.countries.push(country.to_string());
        self
    }

    /// Sets the birth date.
    pub fn with_birth_date(mut self, date: &str) -> Self {
        self.birth_date = Some(date.to_string());
        self
    }

    /// Adds an identifier.
    pub fn with_identifier(mut self, prop: Prop, value: &str) -> Self {
        self.identifiers.push((prop, value.to_string()));
        self
    }
}

/// How many results to return and from which score they count as matches.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Results scoring at least this are flagged [`Hit::is_match`].
    pub threshold: f64,
    /// Results below this score are not returned at all (0 returns every scored candidate).
    pub min_score: f64,
    /// At most this many results.
    pub limit: usize,
    /// Whether to build features and explanations (slightly slower).
    pub explain: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            threshold: crate::weights::DEFAULT_THRESHOLD,
            min_score: 0.5,
            limit: 10,
            explain: true,
        }
    }
}

/// One result: an entity, the name that matched, the score and why.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The entity id, e.g. `ofac-sdn-306`.
    pub entity_id: String,
    /// The entity's display name.
    pub caption: String,
    /// The entity's schema.
    pub schema: Schema,
    /// The entity name (or alias) that matched best.
    pub matched_name: String,
    /// Which property that name is.
    pub matched_prop: Prop,
    /// Calibrated score in `0..1`.
    pub score: f64,
    /// Whether `score >= threshold`.
    pub is_match: bool,
    /// The lists the entity comes from (e.g. `ofac-sdn`, `un-sc`): every list that carries
    /// one of its referents.
    pub lists: Vec<String>,
    /// The list record ids merged into this entity (its own id alone when nothing was merged;
    /// see [`crate::canonicalize`]).
    pub referents: Vec<String>,
    /// The evidence (empty when explanations are off).
    pub features: Vec<Feature>,
    /// The evidence as one sentence (empty when explanations are off).
    pub explanation: String,
}
