//! Organisation types of the Russian defence industry as typed parts of a name: research and
//! production enterprises (НПП), associations (НПО), research institutes (НИИ, ЦНИИ), design
//! bureaus (КБ, ОКБ, СКБ, ЦКБ), concerns, and the honorific «им. X» ("named after
//! X", "imeni X").
//!
//! Customs and registry data write these types as Cyrillic abbreviations inside quotes
//! («АО «НПП «Исток» им. Шокина»); watchlists spell them out in English
//! (`SCIENTIFIC PRODUCTION ENTERPRISE`), transliterate them (`NAUCHNO-PROIZVODSTVENNOE
//! PREDPRIYATIE`) or keep the abbreviation (`NPP`). Each row of [`TABLE`] gives one canonical
//! type with all of these forms, written as they are met (Cyrillic forms are romanised by the
//! same code that reads names, so they meet the romanised input exactly).
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

use crate::cyrillic::{CyrLang, System};
use chokepoint_refdata::hash::FastMap as HashMap;
use crate::tokens::{romanize_segment, segment};
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
    /// ([`crate::abbreviations`]): as a type it cost a labelled match of the nomenklatura
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

/// One row of the table: a canonical type, its short form, family, and the forms it is
/// written in (Cyrillic abbreviations, spelled-out Russian, transliterations, English).
struct Def {
    canonical: &'static str,
    short: &'static str,
    family: OrgFamily,
    /// Abbreviations, any script: whole tokens (`НПП`, `npp`, `spe`).
    abbreviations: &'static [&'static str],
    /// Spelled-out forms, any script; `and`, `&`, `for`, `of` inside a form are optional.
    spelled: &'static [&'static str],
}

use OrgFamily::{
    DesignBureau as DB, Group as GR, ResearchInstitute as RI, ResearchProduction as RP,
};

/// The organisation types. Cyrillic forms are written in Russian; hyphens and quotes in a name
/// separate words, so `научно-производственное` is two words on both sides.
#[rustfmt::skip]
const TABLE: &[Def] = &[
    Def { canonical: "research_production_enterprise", short: "npp", family: RP,
        abbreviations: &["НПП", "npp", "spe", "rpe"],
        spelled: &["научно-производственное предприятие", "nauchno proizvodstvennoe predpriyatie",
            "nauchno proizvodstvennoye predpriyatiye", "scientific production enterprise",
            "scientific and production enterprise", "research and production enterprise",
            "research production enterprise", "science and production enterprise",
            "research and development enterprise"] },
    Def { canonical: "state_research_production_enterprise", short: "gnpp", family: RP,
        abbreviations: &["ГНПП", "gnpp", "srpe"],
        spelled: &["государственное научно-производственное предприятие",
            "gosudarstvennoe nauchno proizvodstvennoe predpriyatie",
            "state research and production enterprise", "state scientific and production enterprise",
            "state scientific production enterprise"] },
    Def { canonical: "research_production_association", short: "npo", family: RP,
        abbreviations: &["НПО", "npo"],
        spelled: &["научно-производственное объединение", "nauchno proizvodstvennoe obedinenie",
            "nauchno proizvodstvennoye obyedineniye", "scientific production association",
            "scientific and production association", "research and production association",
            "research production association", "science and production association"] },
    Def { canonical: "research_production_corporation", short: "npk", family: RP,
        abbreviations: &["НПК", "npk", "rpc", "spc"],
        spelled: &["научно-производственная корпорация", "научно-производственный комплекс",
            "научно-производственная компания", "nauchno proizvodstvennaya korporatsiya",
            "nauchno proizvodstvennyy kompleks", "research and production corporation",
            "scientific production corporation", "scientific and production corporation",
            "research and production complex", "scientific production complex",
            "scientific and production complex", "research and production company",
            "scientific production company", "scientific and production company"] },
    Def { canonical: "research_production_center", short: "npts", family: RP,
        abbreviations: &["НПЦ", "npts", "npc"],
        spelled: &["научно-производственный центр", "nauchno proizvodstvennyy tsentr",
            "research and production center", "research and production centre",
            "scientific production center", "scientific and production center",
            "scientific and production centre"] },
    Def { canonical: "federal_research_production_center", short: "fnpts", family: RP,
        abbreviations: &["ФНПЦ", "fnpts", "fnpc"],
        spelled: &["федеральный научно-производственный центр",
            "federalnyy nauchno proizvodstvennyy tsentr", "federal research and production center",
            "federal scientific and production center", "federal scientific production center"] },
    Def { canonical: "research_production_firm", short: "npf", family: RP,
        abbreviations: &["НПФ", "npf"],
        spelled: &["научно-производственная фирма", "nauchno proizvodstvennaya firma",
            "research and production firm", "scientific production firm",
            "scientific and production firm"] },
    Def { canonical: "research_institute", short: "nii", family: RI,
        abbreviations: &["НИИ", "nii"],
        spelled: &["научно-исследовательский институт", "nauchno issledovatelskiy institut",
            "nauchno issledovatelskii institut", "nauchno issledovatelsky institut",
            "scientific research institute", "scientific and research institute",
            "research institute", "science research institute", "institute for scientific research",
            "institute of scientific research"] },
    Def { canonical: "central_research_institute", short: "tsnii", family: RI,
        abbreviations: &["ЦНИИ", "tsnii", "cnii"],
        spelled: &["центральный научно-исследовательский институт",
            "tsentralnyy nauchno issledovatelskiy institut", "central research institute",
            "central scientific research institute", "central institute for scientific research",
            "central scientific and research institute"] },
    Def { canonical: "state_research_institute", short: "gosnii", family: RI,
        abbreviations: &["ГосНИИ", "gosnii", "gnii"],
        spelled: &["государственный научно-исследовательский институт",
            "gosudarstvennyy nauchno issledovatelskiy institut", "state research institute",
            "state scientific research institute"] },
    Def { canonical: "all_russian_research_institute", short: "vnii", family: RI,
        abbreviations: &["ВНИИ", "vnii"],
        spelled: &["всероссийский научно-исследовательский институт",
            "vserossiyskiy nauchno issledovatelskiy institut", "all russian research institute",
            "all russian scientific research institute", "all russia research institute",
            "all russia scientific research institute"] },
    Def { canonical: "design_bureau", short: "kb", family: DB,
        abbreviations: &["КБ", "kb"],
        spelled: &["конструкторское бюро", "konstruktorskoe byuro", "konstruktorskoye byuro",
            "konstruktorskoe bjuro", "design bureau", "construction bureau"] },
    Def { canonical: "experimental_design_bureau", short: "okb", family: DB,
        abbreviations: &["ОКБ", "okb", "edb"],
        spelled: &["опытное конструкторское бюро", "опытно-конструкторское бюро",
            "opytnoe konstruktorskoe byuro", "opytnoye konstruktorskoye byuro",
            "opitnoe konstruktorskoe byuro", "opytno konstruktorskoye byuro",
            "experimental design bureau"] },
    Def { canonical: "special_design_bureau", short: "skb", family: DB,
        abbreviations: &["СКБ", "skb"],
        spelled: &["специальное конструкторское бюро", "spetsialnoe konstruktorskoe byuro",
            "special design bureau"] },
    Def { canonical: "central_design_bureau", short: "tskb", family: DB,
        abbreviations: &["ЦКБ", "tskb", "ckb"],
        spelled: &["центральное конструкторское бюро", "tsentralnoe konstruktorskoe byuro",
            "tsentralnoye konstruktorskoye byuro", "central design bureau"] },
    Def { canonical: "machine_building_design_bureau", short: "mkb", family: DB,
        abbreviations: &["МКБ", "mkb", "ГосМКБ", "gosmkb"],
        spelled: &["машиностроительное конструкторское бюро", "гос мкб",
            "государственное машиностроительное конструкторское бюро",
            "state machine building design bureau", "state machine-building design bureau",
            "mashinostroitelnoe konstruktorskoe byuro", "machine building design bureau",
            "machine-building design bureau"] },
    Def { canonical: "instrument_design_bureau", short: "kbp", family: DB,
        abbreviations: &["КБП", "kbp"],
        spelled: &["конструкторское бюро приборостроения", "konstruktorskoe byuro priborostroeniya",
            "konstruktorskoye byuro priborostroyeniya", "instrument design bureau",
            "instrument making design bureau", "design bureau of instrument making"] },
    Def { canonical: "project_design_bureau", short: "pkb", family: DB,
        abbreviations: &["ПКБ", "pkb"],
        spelled: &["проектно-конструкторское бюро", "proektno konstruktorskoe byuro",
            "project design bureau", "project and design bureau"] },
    Def { canonical: "concern", short: "kontsern", family: GR,
        abbreviations: &["концерн", "kontsern", "koncern", "konzern", "concern"],
        spelled: &[] },
];

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
        for (row, def) in TABLE.iter().enumerate() {
            let forms = def
                .abbreviations
                .iter()
                .map(|f| (f, true))
                .chain(def.spelled.iter().map(|f| (f, false)));
            for (form, abbr) in forms {
                let toks: Vec<(String, String)> = form_tokens(form)
                    .into_iter()
                    .map(|t| {
                        let s = crate::skeleton(&t);
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

fn token_matches(pat: &(String, String), folded: &str, skel: &str) -> bool {
    if pat.0.len() >= 4 {
        pat.1 == skel
    } else {
        pat.0 == folded
    }
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
    TABLE.get(row).map(|d| OrgType {
        canonical: d.canonical,
        short: d.short,
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
    let s = crate::skeleton(surname);
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
    let skels: Vec<String> = words.iter().map(|w| crate::skeleton(w)).collect();
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
    TABLE.len()
}
