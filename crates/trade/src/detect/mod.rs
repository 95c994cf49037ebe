//! Running the detectors: records are classified and their descriptions read once
//! ([`Prepared`]), then each detector adds [`Flag`]s. Detectors see only the records (and
//! the mirror exports when given) — never a scenario's truth. The rules that need no other
//! record are also callable one record at a time ([`RecordDetector`], for batch engines).

pub mod context;
pub mod deceptive;
pub mod mirror;
pub mod per_record;
pub mod route;
pub mod substitution;

pub use crate::flags::Rule;
pub use context::{party_key, CodeRules, DetectOptions, Prepared, DEFAULT_NEIGHBOURS};
pub use per_record::RecordDetector;

use crate::classify::Classifier;
use crate::describe::DescriptionClassifier;
use crate::error::Result;
use crate::flags::Flag;
use crate::record::CustomsRecord;
use std::collections::HashSet;
use std::path::PathBuf;

/// Optional side inputs of the detectors.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Mirror exports CSV (reporter, partner, hs6, year, exportValueUsd).
    pub mirror_exports: Option<PathBuf>,
}

/// Runs every detector over `records`, with the mirror rules when `sources` has the mirror
/// exports. (Shell and phoenix companies are the network crate's indicators.) Flags are sorted by rule, then score (highest first).
pub fn run_all(
    records: &[CustomsRecord],
    classifier: &Classifier,
    sources: &Sources,
    opts: &DetectOptions,
) -> Result<Vec<Flag>> {
    let describer = DescriptionClassifier::builtin()?
        .with_nomenclature(classifier.nomenclature(), classifier.chpl().codes());
    let prepared = Prepared::new(records, classifier, &describer)?;
    let mut flags = Vec::new();
    deceptive::detect(&prepared, opts, &mut flags);
    substitution::detect(&prepared, opts, &mut flags);
    route::detect(&prepared, &mut flags);
    if let Some(path) = &sources.mirror_exports {
        let exports = mirror::read_exports(path)?;
        mirror::detect(&prepared, &exports, opts, &mut flags);
    }
    // A value anomaly on a record a substitution rule already explains is part of that
    // explanation, not a separate deceptive-description finding.
    let substituted: HashSet<String> = flags
        .iter()
        .filter(|f| f.rule.is_substitution())
        .map(|f| f.subject.clone())
        .collect();
    flags.retain(|f| {
        !(matches!(f.rule, Rule::ValueHigh | Rule::DescVagueValue)
            && substituted.contains(&f.subject))
    });
    flags.sort_by(|a, b| {
        a.rule
            .as_str()
            .cmp(b.rule.as_str())
            .then(b.score.total_cmp(&a.score))
            .then(a.subject.cmp(&b.subject))
    });
    Ok(flags)
}
