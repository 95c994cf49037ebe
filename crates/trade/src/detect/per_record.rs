//! The per-record rules for batch engines that hold no [`Prepared`](super::Prepared): one
//! [`RecordDetector`] owns what the rules that need no other record read (the classifier, the
//! description reader, the CHPL headings and neighbour table) and checks one record at a time,
//! through the same functions the detectors call ([`deceptive::desc_mismatch`],
//! [`route::is_transshipment`]).

use super::context::{CodeRules, DetectOptions};
use super::{deceptive, route};
use crate::classify::Classifier;
use crate::describe::DescriptionClassifier;
use crate::error::Result;
use crate::flags::Flag;
use crate::record::CustomsRecord;
use std::sync::Arc;

/// The rules that need no other record, for one record at a time: `desc.mismatch` and
/// `route.transshipment`. Build it once per classifier (it derives the description reader's
/// HS terms and the code tables) and keep it; it is `Send + Sync`, so a process can share one
/// across threads behind an `Arc`.
#[derive(Debug, Clone)]
pub struct RecordDetector {
    code_rules: CodeRules<Arc<Classifier>>,
    describer: DescriptionClassifier,
    opts: DetectOptions,
}

impl RecordDetector {
    /// A detector over `classifier` with the default thresholds ([`DetectOptions::default`])
    /// and the built-in lexicon extended with the classifier's HS texts, as
    /// [`run_all`](super::run_all) reads descriptions. Fails when a built-in table does not
    /// parse.
    pub fn new(classifier: Arc<Classifier>) -> Result<Self> {
        let describer = DescriptionClassifier::builtin()?
            .with_nomenclature(classifier.nomenclature(), classifier.chpl().codes());
        Ok(RecordDetector {
            code_rules: CodeRules::new(classifier)?,
            describer,
            opts: DetectOptions::default(),
        })
    }

    /// The same detector with other thresholds.
    pub fn with_options(mut self, opts: DetectOptions) -> Self {
        self.opts = opts;
        self
    }

    /// The classifier the detector classifies declared codes with.
    pub fn classifier(&self) -> &Classifier {
        self.code_rules.classifier()
    }

    /// The `desc.mismatch` flag of one record, exactly as [`run_all`](super::run_all) gives it
    /// (same score, subject, evidence and explanation), or `None`: also when the declared code
    /// is not a known HS code.
    pub fn desc_mismatch(&self, record: &CustomsRecord) -> Option<Flag> {
        let declared = self
            .code_rules
            .classifier()
            .classify(&record.ved_code)
            .ok()?;
        let reading = self.describer.read(&record.goods_description);
        deceptive::desc_mismatch(&self.code_rules, record, &declared, &reading, &self.opts)
    }

    /// Whether one record meets `route.transshipment` ([`route::is_transshipment`] on its
    /// declared code, date, origin, dispatch and trading countries); `false` when the declared
    /// code is not a known HS code.
    pub fn transshipment(&self, record: &CustomsRecord) -> bool {
        self.code_rules
            .classifier()
            .classify(&record.ved_code)
            .is_ok_and(|c| route::flag(record, &c).is_some())
    }

    /// Every flag of the rules that need no other record, for one record, in the order
    /// [`run_all`](super::run_all) gives them: `desc.mismatch`, then `route.transshipment`
    /// ([`route::flag`]). None when the declared code is not a known HS code.
    pub fn flags(&self, record: &CustomsRecord) -> Vec<Flag> {
        let Ok(declared) = self.code_rules.classifier().classify(&record.ved_code) else {
            return Vec::new();
        };
        let reading = self.describer.read(&record.goods_description);
        let mut out = Vec::with_capacity(2);
        out.extend(deceptive::desc_mismatch(
            &self.code_rules,
            record,
            &declared,
            &reading,
            &self.opts,
        ));
        out.extend(route::flag(record, &declared));
        out
    }
}

#[cfg(test)]
mod tests {
    /// A batch engine keeps one detector per process and calls it from many threads.
    #[test]
    fn record_detector_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::RecordDetector>();
    }
}
