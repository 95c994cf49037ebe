//! Goods classification: a declared HS / TN VED code → chapter, heading, HS 2022 subheading,
//! CHPL tier and [`Category`]. Reference files are read at run time; unknown codes are
//! reported as [`CodeError`], never guessed.

use crate::category::{Category, CategoryRules};
use crate::chpl::{Chpl, ChplTier};
use crate::error::Result;
use crate::hs::{parse_code, CodeError, Concordance, Nomenclature, DEFAULT_CONCORDANCE};
use serde::Serialize;
use std::path::Path;

/// The classification of one declared code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// The HS 2022 six-digit subheading the goods fall in.
    pub hs6: u32,
    /// The first six digits as declared (differs from `hs6` for a pre-2022 code).
    pub declared_hs6: u32,
    /// The HS chapter (first two digits).
    pub chapter: u8,
    /// The HS heading (first four digits).
    pub heading: u16,
    /// The CHPL tier, if the subheading is listed.
    pub chpl: Option<ChplTier>,
    /// The goods category.
    pub category: Category,
    /// Whether the declared code was a pre-2022 code mapped through the concordance.
    pub remapped: bool,
}

/// A classification with its texts, for display (`chokepoint trade classify`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeReport {
    /// The code as given.
    pub code: String,
    /// The HS 2022 subheading, `NNNN.NN`.
    pub hs6: String,
    /// The pre-2022 subheading it was mapped from, if any.
    pub mapped_from: Option<String>,
    /// Chapter number and description.
    pub chapter: (u8, String),
    /// Heading number and description.
    pub heading: (u16, String),
    /// Subheading description.
    pub description: String,
    /// CHPL tier, if listed.
    pub chpl_tier: Option<ChplTier>,
    /// Goods category.
    pub category: Category,
}

/// Classifies declared goods codes against HS 2022, the CHPL and category rules.
#[derive(Debug, Clone)]
pub struct Classifier {
    nomenclature: Nomenclature,
    chpl: Chpl,
    rules: CategoryRules,
    concordance: Concordance,
}

impl Classifier {
    /// Loads `harmonized-system.csv` and `chpl_hs6.csv` from an HS data folder (the
    /// project's `shared/data/hs`), with the built-in category rules and concordance.
    pub fn load(hs_dir: &Path) -> Result<Self> {
        let nomenclature = Nomenclature::load(&hs_dir.join("harmonized-system.csv"))?;
        let chpl = Chpl::load(&hs_dir.join("chpl_hs6.csv"))?;
        Ok(Classifier {
            nomenclature,
            chpl,
            rules: CategoryRules::builtin()?,
            concordance: Concordance::parse(DEFAULT_CONCORDANCE, "rules/hs_concordance.csv")?,
        })
    }

    /// Replaces the category rules (e.g. with [`CategoryRules::load`] of a user file).
    pub fn with_category_rules(mut self, rules: CategoryRules) -> Self {
        self.rules = rules;
        self
    }

    /// Replaces the pre-2022 concordance.
    pub fn with_concordance(mut self, concordance: Concordance) -> Self {
        self.concordance = concordance;
        self
    }

    /// Classifies a declared code (6–10 digits, dots and spaces allowed).
    #[inline]
    pub fn classify(&self, code: &str) -> Result<Classification, CodeError> {
        let digits = parse_code(code)?;
        self.classify_hs6(digits.hs6)
            .ok_or_else(|| CodeError::Unknown(code.trim().to_string()))
    }

    /// Classifies a six-digit code given as a number; `None` if it is neither in HS 2022 nor
    /// in the concordance.
    #[inline]
    pub fn classify_hs6(&self, declared: u32) -> Option<Classification> {
        let (hs6, remapped) = if self.nomenclature.contains(declared) {
            (declared, false)
        } else {
            let successor = *self.concordance.successors(declared)?.first()?;
            if !self.nomenclature.contains(successor) {
                return None;
            }
            (successor, true)
        };
        Some(Classification {
            hs6,
            declared_hs6: declared,
            chapter: (hs6 / 10_000) as u8,
            heading: (hs6 / 100) as u16,
            chpl: self.chpl.tier(hs6),
            category: self.rules.category(hs6),
            remapped,
        })
    }

    /// Classifies a code and gathers the chapter, heading and subheading texts.
    pub fn report(&self, code: &str) -> Result<CodeReport, CodeError> {
        let c = self.classify(code)?;
        let text = |t: Option<&str>| t.unwrap_or_default().to_string();
        Ok(CodeReport {
            code: code.trim().to_string(),
            hs6: crate::hs::format_hs6(c.hs6),
            mapped_from: c.remapped.then(|| crate::hs::format_hs6(c.declared_hs6)),
            chapter: (c.chapter, text(self.nomenclature.chapter(c.chapter))),
            heading: (c.heading, text(self.nomenclature.heading(c.heading))),
            description: text(self.description(c.hs6)),
            chpl_tier: c.chpl,
            category: c.category,
        })
    }

    /// The HS 2022 description of a six-digit subheading.
    pub fn description(&self, hs6: u32) -> Option<&str> {
        self.nomenclature
            .subheading(hs6)
            .map(|s| s.description.as_str())
    }

    /// The nomenclature.
    pub fn nomenclature(&self) -> &Nomenclature {
        &self.nomenclature
    }

    /// The CHPL.
    pub fn chpl(&self) -> &Chpl {
        &self.chpl
    }

    /// The category rules.
    pub fn rules(&self) -> &CategoryRules {
        &self.rules
    }

    /// The pre-2022 concordance.
    pub fn concordance(&self) -> &Concordance {
        &self.concordance
    }
}
