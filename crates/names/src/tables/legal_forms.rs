//! Legal forms as typed parts of a name: a table of the company forms met in sanctions and
//! trade data (Russia and the CIS, China and Hong Kong, Turkey, the Gulf free zones, Europe,
//! the Americas), written in folded latin so that Cyrillic originals (ООО, ПАО), their
//! romanisations (OOO, PAO) and their English equivalents (LLC, PJSC) all meet.
//!
//! Short forms that are also ordinary words or initials (`SA`, `AG`, `AO`, `TOO`, `IP`,
//! `LP`, `AS`...) are recognised only at the start or end of a name, or next to another
//! legal form; longer forms (`GmbH`, `LLC`, `OOO`, `Joint Stock Company`) anywhere.

use crate::script::skeleton::skeleton;
use crate::tables::{data, pattern};
use chokepoint_refdata::hash::FastMap as HashMap;
use chokepoint_refdata::TableError;
use std::sync::OnceLock;

/// The family of a legal form, used for the legal-form agreement feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegalClass {
    /// Limited liability company: ООО, LLC, Ltd, GmbH, SARL, 有限公司, Co. Ltd.
    LimitedLiability,
    /// Joint-stock company: АО, ЗАО, JSC, CJSC, AG, SA.
    JointStock,
    /// Public joint-stock company: ПАО, ОАО, PJSC, OJSC, PLC.
    PublicJointStock,
    /// Free-zone establishment or company: FZE, FZCO, FZ-LLC.
    FreeZone,
    /// State enterprise: ФГУП, ГУП, unitary enterprise.
    StateEnterprise,
    /// Partnership, cooperative or sole trader.
    Partnership,
    /// Any other recognised form (foundation, association, institute).
    Other,
}

/// A legal form found in a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LegalForm {
    /// The canonical short form, e.g. `llc`, `jsc`, `pjsc`, `fze`.
    pub canonical: String,
    /// Its family.
    pub class: LegalClass,
}

/// The table's data file (see its header for the columns and where the entries come from).
const DATA: &str = include_str!("../../data/legal_forms.csv");

/// One row of the table: a pattern of folded tokens, its canonical form and family, and
/// whether it is safe to recognise anywhere in a name.
pub(crate) struct Def {
    pattern: String,
    canonical: String,
    class: LegalClass,
    strong: bool,
}

/// Reads the rows of `legal_forms.csv`.
pub(crate) fn load() -> Result<Vec<Def>, TableError> {
    read(DATA, "chokepoint-names/data/legal_forms.csv")
}

/// Reads the table from `text`; `origin` names it in errors.
pub(super) fn read(text: &str, origin: &str) -> Result<Vec<Def>, TableError> {
    data::load(
        text,
        origin,
        &["pattern", "canonical", "class", "strong"],
        |t| {
            t.rows()
                .map(|r| {
                    Ok(Def {
                        pattern: r.required("pattern")?.to_string(),
                        canonical: r.required("canonical")?.to_string(),
                        class: LegalClass::from_name(r.required("class")?)
                            .ok_or_else(|| r.error("class", "not a legal-form family"))?,
                        strong: r.parse("strong")?,
                    })
                })
                .collect()
        },
    )
}

fn table() -> &'static [Def] {
    static T: OnceLock<Vec<Def>> = OnceLock::new();
    T.get_or_init(|| data::built_in(load()))
}

impl LegalClass {
    /// The class named as in the table's `class` column (`limited_liability`, `joint_stock`...).
    pub(crate) fn from_name(name: &str) -> Option<LegalClass> {
        Some(match name {
            "limited_liability" => LegalClass::LimitedLiability,
            "joint_stock" => LegalClass::JointStock,
            "public_joint_stock" => LegalClass::PublicJointStock,
            "free_zone" => LegalClass::FreeZone,
            "state_enterprise" => LegalClass::StateEnterprise,
            "partnership" => LegalClass::Partnership,
            "other" => LegalClass::Other,
            _ => return None,
        })
    }
}

/// The most tokens in one pattern of the table.
pub(crate) const MAX_PATTERN_TOKENS: usize = 8;

struct Compiled {
    /// Per pattern, its tokens as (folded, skeleton).
    patterns: Vec<Vec<(&'static str, String)>>,
    /// Pattern indexes by the skeleton of their first token.
    by_first: HashMap<String, Vec<usize>>,
}

fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| {
        let table = table();
        let mut patterns = Vec::with_capacity(table.len());
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, def) in table.iter().enumerate() {
            let toks: Vec<(&'static str, String)> =
                def.pattern.split(' ').map(|t| (t, skeleton(t))).collect();
            if let Some((_, s)) = toks.first() {
                by_first.entry(s.clone()).or_default().push(i);
            }
            patterns.push(toks);
        }
        Compiled { patterns, by_first }
    })
}

fn token_matches(pat: &(impl AsRef<str>, String), folded: &str, skel: &str) -> bool {
    pattern::word_matches((pat.0.as_ref(), &pat.1), folded, skel)
}

/// A legal form matched in a token sequence.
pub(crate) struct Match {
    /// Number of tokens covered.
    pub len: usize,
    /// The form.
    pub form: LegalForm,
    /// Safe anywhere in a name.
    pub strong: bool,
}

/// The longest legal form starting at `i` in `toks` (folded, skeleton) pairs. With
/// `name_ends_here`, `toks` runs to the end of the name and the name's last word may be a
/// truncated last word of a multi-word form (`JOINT STOCK COMPAN`, as trade records cut
/// names at a fixed width).
pub(crate) fn match_at(toks: &[(&str, &str)], i: usize, name_ends_here: bool) -> Option<Match> {
    let c = compiled();
    let first = toks.get(i)?;
    let cands = c.by_first.get(first.1)?;
    let mut best: Option<(usize, usize)> = None;
    for &pi in cands {
        let pat = &c.patterns[pi];
        if i + pat.len() > toks.len() {
            continue;
        }
        let last = pat.len() - 1;
        let truncation_ok = name_ends_here && last > 0 && i + pat.len() == toks.len();
        let ok = pat.iter().zip(&toks[i..]).enumerate().all(|(k, (p, t))| {
            token_matches(p, t.0, t.1)
                || (k == last && truncation_ok && t.0.len() >= 3 && p.0.starts_with(t.0))
        });
        // Longest first; among equals, the one spelled exactly as written.
        let exact = || pat.iter().zip(&toks[i..]).all(|(p, t)| p.0 == t.0);
        let longer = match best {
            Some((l, _)) => pat.len() > l || (pat.len() == l && exact()),
            None => true,
        };
        if ok && longer {
            best = Some((pat.len(), pi));
        }
    }
    best.map(|(len, pi)| {
        let def = &table()[pi];
        Match {
            len,
            form: make(&def.canonical, def.class),
            strong: def.strong,
        }
    })
}

/// Builds a [`LegalForm`].
pub(crate) fn make(canonical: &str, class: LegalClass) -> LegalForm {
    LegalForm {
        canonical: canonical.to_string(),
        class,
    }
}

/// Whether two names' legal forms agree: `None` when either side has none (no evidence),
/// `Some(true)` when they share a family ([`LegalClass`]), `Some(false)` otherwise.
/// ООО, LLC, Ltd, GmbH and 有限公司 agree; ПАО and PJSC agree; LLC and JSC do not.
pub fn legal_form_agreement(a: &[LegalForm], b: &[LegalForm]) -> Option<bool> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(a.iter().any(|x| b.iter().any(|y| x.class == y.class)))
}

/// The number of rows in the legal-form table (latin patterns; Chinese forms are in the
/// Chinese word dictionary).
pub fn legal_form_table_len() -> usize {
    table().len()
}
