//! Organisation types of the Russian defence industry as typed parts of a name: research and
//! production enterprises (НПП), associations (НПО), research institutes (НИИ, ЦНИИ), design
//! bureaus (КБ, ОКБ, СКБ, ЦКБ), concerns, and the honorific «им. X» ("named after
//! X", "imeni X").
//!
//! Customs and registry data write these types as Cyrillic abbreviations inside quotes
//! («АО «НПП «Исток» им. Шокина»); watchlists spell them out in English
//! (`SCIENTIFIC PRODUCTION ENTERPRISE`), transliterate them (`NAUCHNO-PROIZVODSTVENNOE
//! PREDPRIYATIE`) or keep the abbreviation (`NPP`). Each type of the table
//! (`data/org_types.csv`) gives one canonical type with all of these forms, written as they
//! are met (Cyrillic forms are romanised by the same code that reads names, so they meet the
//! romanised input exactly).
//!
//! Like legal forms, a type found in a name is cut out of the name's tokens and kept as an
//! [`OrgType`]: `АО «НИИ «Полюс»` and `JSC RESEARCH INSTITUTE POLYUS` both have the tokens
//! `polius`, the legal form `jsc` and the type `research_institute`. The scorer compares types
//! separately (same type: evidence for; same [`OrgFamily`]: neutral; different family:
//! evidence against). When cutting types and the honorific would leave a name without any word
//! (`КБ Приборостроения` read as `instrument_design_bureau`), the first type's short form
//! stays as the name's token (`kbp`).
//!
//! Known limits: `КБ` is also the abbreviation of a commercial bank (коммерческий банк); a bank
//! named `КБ X` is read as a design bureau, which only matters when the other name has a type.

use crate::script::cyrillic::{CyrLang, System};
use crate::script::skeleton::skeleton;
use crate::script::tokens::{romanize_segment, segment};
use crate::tables::{data, pattern};
use chokepoint_refdata::hash::FastMap as HashMap;
use chokepoint_refdata::TableError;
use std::sync::OnceLock;

/// The family of an organisation type: types of one family are used interchangeably by lists
/// (OFAC translates НПП «Исток» as "research and production corporation").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgFamily {
    /// Research and production bodies: НПП, НПО, НПК, НПЦ, НПФ, ГНПП, ФНПЦ.
    ResearchProduction,
    /// Research institutes: НИИ, ЦНИИ, ГосНИИ, ВНИИ.
    ResearchInstitute,
    /// Design bureaus: КБ, ОКБ, СКБ, ЦКБ, МКБ, КБП, ПКБ.
    DesignBureau,
    /// Groups: концерн (concern). `Holding` is not a type but a generic word
    /// ([`crate::tables::abbreviations`]): as a type it cost a labelled match of the nomenklatura
    /// benchmark (`Vital Holding S.A.` vs `Vitol Holding S.A.`), whose shared word then no
    /// longer carried the pair.
    Group,
}

/// An organisation type found in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrgType {
    /// The canonical type, e.g. `research_production_enterprise`, `design_bureau`.
    pub canonical: &'static str,
    /// Its short latin form, e.g. `npp`, `kb`; used as the name's token when the type is all
    /// there is of a name.
    pub short: &'static str,
    /// Its family.
    pub family: OrgFamily,
}

/// The table's data file (see its header for the columns and where the entries come from).
const DATA: &str = include_str!("../../data/org_types.csv");

/// One type of the table: a canonical type, its short form, family, and the forms it is
/// written in (Cyrillic abbreviations, spelled-out Russian, transliterations, English).
pub(crate) struct Def {
    canonical: String,
    short: String,
    family: OrgFamily,
    /// Abbreviations, any script: whole tokens (`НПП`, `npp`, `spe`).
    abbreviations: Vec<String>,
    /// Spelled-out forms, any script; `and`, `&`, `for`, `of` inside a form are optional.
    spelled: Vec<String>,
}

impl OrgFamily {
    /// The family named as in the table's `family` column (`research_production`...).
    fn from_name(name: &str) -> Option<OrgFamily> {
        Some(match name {
            "research_production" => OrgFamily::ResearchProduction,
            "research_institute" => OrgFamily::ResearchInstitute,
            "design_bureau" => OrgFamily::DesignBureau,
            "group" => OrgFamily::Group,
            _ => return None,
        })
    }
}

/// Reads `org_types.csv`: one row per form, gathered into types in the order they first
/// appear, each type's abbreviations and spelled-out forms in the order of their rows.
pub(crate) fn load() -> Result<Vec<Def>, TableError> {
    read(DATA, "chokepoint-names/data/org_types.csv")
}

/// Reads the table from `text`; `origin` names it in errors.
pub(super) fn read(text: &str, origin: &str) -> Result<Vec<Def>, TableError> {
    data::load(
        text,
        origin,
        &["type", "short", "family", "written", "form"],
        |t| {
            let mut defs: Vec<Def> = Vec::new();
            for r in t.rows() {
                let canonical = r.required("type")?;
                let short = r.required("short")?;
                let family = OrgFamily::from_name(r.required("family")?)
                    .ok_or_else(|| r.error("family", "not an organisation-type family"))?;
                let form = r.required("form")?.to_string();
                let i = match defs.iter().position(|d| d.canonical == canonical) {
                    Some(i) => i,
                    None => {
                        defs.push(Def {
                            canonical: canonical.to_string(),
                            short: short.to_string(),
                            family,
                            abbreviations: Vec::new(),
                            spelled: Vec::new(),
                        });
                        defs.len() - 1
                    }
                };
                let def = &mut defs[i];
                if def.short != short || def.family != family {
                    return Err(r.error(
                        "short",
                        "short or family differs from an earlier row of this type",
                    ));
                }
                match r.required("written")? {
                    "abbreviation" => def.abbreviations.push(form),
                    "spelled" => def.spelled.push(form),
                    _ => return Err(r.error("written", "neither abbreviation nor spelled")),
                }
            }
            Ok(defs)
        },
    )
}

fn table() -> &'static [Def] {
    static T: OnceLock<Vec<Def>> = OnceLock::new();
    T.get_or_init(|| data::built_in(load()))
}

/// Words that may appear inside a spelled-out form without changing it.
const OPTIONAL: &[&str] = &["and", "for", "of"];

/// Words that introduce an honorific: `им.`, `imeni`, `named after`, `named by`, `by name`.
const HONORIFIC_TRIGGERS: &[&[&str]] = &[
    &["im"],
    &["imeni"],
    &["named", "after"],
    &["named", "by"],
    &["named", "for"],
    &["by", "name"],
];

/// Titles that may stand between the trigger and the person (`им. академика А.А. Расплетина`).
const HONORIFIC_TITLES: &[&str] = &[
    "akademika",
    "akademik",
    "academician",
    "academic",
    "akad",
    "acad",
    "generala",
    "general",
    "marshala",
    "marshal",
    "professora",
    "professor",
    "geroya",
    "konstruktora",
];

/// The most tokens in one pattern.
pub(crate) const MAX_PATTERN_TOKENS: usize = 8;

/// A compiled form: its tokens as (folded, skeleton), its row and whether it is an
/// abbreviation (a single short token, recognised with care).
type Pattern = (Vec<(String, String)>, usize, bool);

struct Compiled {
    /// Every form of every row.
    patterns: Vec<Pattern>,
    /// Pattern indexes by the skeleton of their first token.
    by_first: HashMap<String, Vec<usize>>,
}

/// Romanises a table form with the same code that reads names.
fn form_tokens(form: &str) -> Vec<String> {
    let segs = segment(form);
    let mut words = Vec::new();
    for seg in &segs.segs {
        romanize_segment(seg, CyrLang::Russian, System::Bgn, &mut words);
    }
    words
        .into_iter()
        .filter(|w| !OPTIONAL.contains(&w.as_str()))
        .collect()
}

fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::default();
        for (row, def) in table().iter().enumerate() {
            let forms = def
                .abbreviations
                .iter()
                .map(|f| (f, true))
                .chain(def.spelled.iter().map(|f| (f, false)));
            for (form, abbr) in forms {
                let toks: Vec<(String, String)> = form_tokens(form)
                    .into_iter()
                    .map(|t| {
                        let s = skeleton(&t);
                        (t, s)
                    })
                    .collect();
                let Some((_, first)) = toks.first() else {
                    continue;
                };
                if toks.len() > MAX_PATTERN_TOKENS {
                    continue;
                }
                let dup =
                    patterns
                        .iter()
                        .any(|(p, r, _): &(Vec<(String, String)>, usize, bool)| {
                            *r == row && *p == toks
                        });
                if dup {
                    continue;
                }
                by_first
                    .entry(first.clone())
                    .or_default()
                    .push(patterns.len());
                patterns.push((toks, row, abbr && form.chars().count() <= 8));
            }
        }
        Compiled { patterns, by_first }
    })
}

fn token_matches(pat: &(impl AsRef<str>, String), folded: &str, skel: &str) -> bool {
    pattern::word_matches((pat.0.as_ref(), &pat.1), folded, skel)
}

/// An organisation type matched in a token sequence.
pub(crate) struct Match {
    /// Number of tokens covered (optional words inside included).
    pub len: usize,
    /// The type.
    pub org: OrgType,
    /// Whether the match is a bare abbreviation (`npp`, `kb`), read with care in names that
    /// may be persons.
    pub abbreviation: bool,
}

fn make(row: usize) -> Option<OrgType> {
    table().get(row).map(|d| OrgType {
        canonical: &d.canonical,
        short: &d.short,
        family: d.family,
    })
}

/// The longest organisation type starting at the first of `toks` ((folded, skeleton) pairs).
/// Optional words (`and`, `for`, `of`) inside a spelled-out form are skipped.
pub(crate) fn match_at(toks: &[(&str, &str)]) -> Option<Match> {
    let c = compiled();
    let first = toks.first()?;
    let cands = c.by_first.get(first.1)?;
    let mut best: Option<(usize, usize, usize)> = None; // (covered, pattern tokens, pattern)
    for &pi in cands {
        let (pat, _, _) = &c.patterns[pi];
        let mut k = 0; // in toks
        let mut ok = true;
        for (n, p) in pat.iter().enumerate() {
            // Optional words between pattern tokens.
            while n > 0
                && k < toks.len()
                && OPTIONAL.contains(&toks[k].0)
                && !token_matches(p, toks[k].0, toks[k].1)
            {
                k += 1;
            }
            match toks.get(k) {
                Some(t) if token_matches(p, t.0, t.1) => k += 1,
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && best.is_none_or(|(_, plen, _)| pat.len() > plen) {
            best = Some((k, pat.len(), pi));
        }
    }
    let (len, _, pi) = best?;
    let (_, row, abbr) = &c.patterns[pi];
    Some(Match {
        len,
        org: make(*row)?,
        abbreviation: *abbr,
    })
}

/// An honorific starting at the first of `toks` (folded words): the number of tokens it covers
/// and the person's surname, normalised ([`honorific_key`]). `им. академика А.А. Расплетина`
/// covers five tokens and gives `raspletin`.
pub(crate) fn honorific_at(toks: &[&str]) -> Option<(usize, String)> {
    // `of` with initials (`POLYUS OF M.F. STELMAKH`), as OFAC translates «им.».
    let of_initials =
        toks.first() == Some(&"of") && toks.get(1).is_some_and(|t| t.len() == 1) && toks.len() >= 3;
    let mut k = if of_initials {
        1
    } else {
        HONORIFIC_TRIGGERS
            .iter()
            .find(|t| t.len() <= toks.len() && t.iter().zip(toks).all(|(a, b)| a == b))?
            .len()
    };
    while toks.get(k).is_some_and(|t| HONORIFIC_TITLES.contains(t)) {
        k += 1;
    }
    // Initials: one- or two-letter words (`A.A.`, `AI`) before the surname.
    while k + 1 < toks.len()
        && toks[k].len() <= 2
        && toks[k].bytes().all(|b| b.is_ascii_alphabetic())
    {
        k += 1;
    }
    let surname = toks.get(k)?;
    if surname.len() < 3 || !surname.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    Some((k + 1, honorific_key(surname)))
}

/// The comparison form of an honorific surname: its skeleton with the Russian genitive ending
/// removed (`Шокина` → `sokin`, `Raspletina` → `raspletin`, `Stelmakha` → `stelmah`), so that
/// «им. Шокина» and "named after Shokin" agree.
pub fn honorific_key(surname: &str) -> String {
    let s = skeleton(surname);
    let b = s.as_bytes();
    let n = b.len();
    if n >= 5 && b[n - 1] == b'a' && !matches!(b[n - 2], b'a' | b'e' | b'i' | b'o' | b'u') {
        return s[..n - 1].to_string();
    }
    for ending in ["ogo", "ovo"] {
        if n >= 6 && s.ends_with(ending) {
            return s[..n - 3].to_string();
        }
    }
    s
}

/// Reads a whole string as one organisation type, in any supported script: `org_type("НПП")`,
/// `org_type("Scientific and Production Enterprise")` and `org_type("OKB")` all succeed.
/// `None` when the string is not exactly one known type.
pub fn org_type(text: &str) -> Option<OrgType> {
    let words = form_tokens(text);
    let skels: Vec<String> = words.iter().map(|w| skeleton(w)).collect();
    let toks: Vec<(&str, &str)> = words
        .iter()
        .zip(&skels)
        .map(|(w, s)| (w.as_str(), s.as_str()))
        .collect();
    let m = match_at(&toks)?;
    (m.len == toks.len()).then_some(m.org)
}

/// Whether two names' organisation types agree: `None` when either side has none (no
/// evidence), `Some(true)` when they share a type, `Some(false)` when their families differ;
/// types of one family that differ (НПП vs НПО) give `None` too, since lists use them
/// interchangeably.
pub fn org_type_agreement(a: &[OrgType], b: &[OrgType]) -> Option<bool> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a.iter()
        .any(|x| b.iter().any(|y| x.canonical == y.canonical))
    {
        return Some(true);
    }
    if a.iter().any(|x| b.iter().any(|y| x.family == y.family)) {
        return None;
    }
    Some(false)
}

/// The number of rows in the organisation-type table.
pub fn org_type_table_len() -> usize {
    table().len()
}
