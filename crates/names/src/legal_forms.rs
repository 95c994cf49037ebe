//! Legal forms as typed parts of a name: a table of the company forms met in sanctions and
//! trade data (Russia and the CIS, China and Hong Kong, Turkey, the Gulf free zones, Europe,
//! the Americas), written in folded latin so that Cyrillic originals (ООО, ПАО), their
//! romanisations (OOO, PAO) and their English equivalents (LLC, PJSC) all meet.
//!
//! Short forms that are also ordinary words or initials (`SA`, `AG`, `AO`, `TOO`, `IP`,
//! `LP`, `AS`...) are recognised only at the start or end of a name, or next to another
//! legal form; longer forms (`GmbH`, `LLC`, `OOO`, `Joint Stock Company`) anywhere.

use chokepoint_refdata::hash::FastMap as HashMap;
use crate::{LegalClass, LegalForm};
use std::sync::OnceLock;

/// One row of the table: a pattern of folded tokens, its canonical form and family, and
/// whether it is safe to recognise anywhere in a name.
struct Def {
    pattern: &'static str,
    canonical: &'static str,
    class: LegalClass,
    strong: bool,
}

const fn d(pattern: &'static str, canonical: &'static str, class: LegalClass, strong: bool) -> Def {
    Def {
        pattern,
        canonical,
        class,
        strong,
    }
}

use LegalClass::{
    FreeZone as FZ, JointStock as JS, LimitedLiability as LL, Other as OT, Partnership as PA,
    PublicJointStock as PJ, StateEnterprise as SE,
};

#[rustfmt::skip]
const TABLE: &[Def] = &[
    // Russia, CIS: limited liability.
    d("ooo", "llc", LL, true),
    d("obshchestvo s ogranichennoy otvetstvennostyu", "llc", LL, true),
    d("obshestvo s ogranichennoi otvetstvennostiu", "llc", LL, true),
    d("too", "llc", LL, false),
    d("tovarishchestvo s ogranichennoy otvetstvennostyu", "llc", LL, true),
    d("tov", "llc", LL, false),
    d("tovarystvo z obmezhenoyu vidpovidalnistyu", "llc", LL, true),
    d("odo", "llc", LL, false),
    d("mchj", "llc", LL, true),
    d("osoo", "llc", LL, true),
    // Limited liability elsewhere.
    d("llc", "llc", LL, true),
    d("l l c", "llc", LL, false),
    d("limited liability company", "llc", LL, true),
    d("limited liability co", "llc", LL, true),
    d("limited liability corporation", "llc", LL, true),
    d("ltd", "ltd", LL, true),
    d("ltd liability co", "llc", LL, true),
    d("limited", "ltd", LL, false),
    d("co ltd", "ltd", LL, true),
    d("co limited", "ltd", LL, true),
    d("company limited", "ltd", LL, true),
    d("company ltd", "ltd", LL, true),
    d("corp ltd", "ltd", LL, true),
    d("pte ltd", "ltd", LL, true),
    d("pte", "ltd", LL, false),
    d("pvt ltd", "ltd", LL, true),
    d("private limited", "ltd", LL, true),
    d("private limited company", "ltd", LL, true),
    d("sdn bhd", "ltd", LL, true),
    d("youxian gongsi", "ltd", LL, true),
    d("youxian zeren gongsi", "ltd", LL, true),
    d("gmbh", "gmbh", LL, true),
    d("mbh", "gmbh", LL, true),
    d("gesellschaft mit beschrankter haftung", "gmbh", LL, true),
    d("sarl", "sarl", LL, true),
    d("s a r l", "sarl", LL, false),
    d("srl", "srl", LL, true),
    d("s r l", "srl", LL, false),
    d("s de rl", "srl", LL, false),
    d("s de r l", "srl", LL, false),
    d("s de r l de c v", "srl", LL, true),
    d("ltda", "ltda", LL, true),
    d("sp z o o", "sp z oo", LL, true),
    d("sp zoo", "sp z oo", LL, true),
    d("spolka z ograniczona odpowiedzialnoscia", "sp z oo", LL, true),
    d("sro", "sro", LL, false),
    d("s r o", "sro", LL, false),
    d("spol s r o", "sro", LL, true),
    d("doo", "doo", LL, false),
    d("d o o", "doo", LL, false),
    d("kft", "kft", LL, true),
    d("eood", "eood", LL, true),
    d("ood", "ood", LL, false),
    d("bv", "bv", LL, false),
    d("b v", "bv", LL, false),
    d("besloten vennootschap", "bv", LL, true),
    d("bvba", "bvba", LL, true),
    d("aps", "aps", LL, false),
    d("oy", "oy", LL, false),
    d("pt", "pt", LL, false),
    d("ltd sti", "ltd sti", LL, true),
    d("ltd st", "ltd sti", LL, true),
    d("limited sirketi", "ltd sti", LL, true),
    d("yugen kaisha", "yk", LL, true),
    d("pty ltd", "ltd", LL, true),
    d("pty", "ltd", LL, false),
    d("wll", "wll", LL, true),
    d("w l l", "wll", LL, false),
    d("with limited liability", "wll", LL, true),
    d("tnhh", "llc", LL, true),
    d("cty tnhh", "llc", LL, true),
    d("tnhh mtv", "llc", LL, true),
    d("mchzh", "llc", LL, true),
    d("zhshs", "llc", LL, true),
    d("mmc", "llc", LL, false),
    d("shps", "llc", LL, true),
    d("spy", "llc", LL, false),
    d("jdmm", "llc", LL, true),
    d("uab", "uab", LL, true),
    d("sia", "sia", LL, false),
    d("ou", "ou", LL, false),
    d("eurl", "eurl", LL, true),
    d("ug", "ug", LL, false),
    d("sl", "sl", LL, false),
    d("s l", "sl", LL, false),
    d("slu", "sl", LL, false),
    d("sti", "ltd sti", LL, false),
    d("epe", "epe", LL, false),
    d("llc fz", "fz llc", FZ, true),
    d("sociedad de responsabilidad limitada", "srl", LL, true),
    // Joint-stock.
    d("ao", "jsc", JS, false),
    d("nao", "jsc", JS, false),
    d("zao", "cjsc", JS, true),
    d("prat", "pjsc", JS, false),
    d("zat", "cjsc", JS, false),
    d("at", "jsc", JS, false),
    d("jsc", "jsc", JS, true),
    d("j s c", "jsc", JS, false),
    d("cjsc", "cjsc", JS, true),
    d("cjs", "cjsc", JS, false),
    d("joint stock company", "jsc", JS, true),
    d("joint stock co", "jsc", JS, true),
    d("jointstock company", "jsc", JS, true),
    d("stock company", "jsc", JS, true),
    d("closed joint stock company", "cjsc", JS, true),
    d("closed jsc", "cjsc", JS, true),
    d("aktsionernoye obshchestvo", "jsc", JS, true),
    d("aktsionernoe obshchestvo", "jsc", JS, true),
    d("aktsionernoe obshestvo", "jsc", JS, true),
    d("aktcionernoe obshestvo", "jsc", JS, true),
    d("aktsionernoe obschestvo", "jsc", JS, true),
    d("zakrytoye aktsionernoye obshchestvo", "cjsc", JS, true),
    d("zakrytoe aktsionernoe obshchestvo", "cjsc", JS, true),
    d("ag", "ag", JS, false),
    d("aktiengesellschaft", "ag", JS, true),
    d("sa", "sa", JS, false),
    d("s a", "sa", JS, false),
    d("societe anonyme", "sa", JS, true),
    d("sociedad anonima", "sa", JS, true),
    d("s a de c v", "sa de cv", JS, true),
    d("sa de cv", "sa de cv", JS, true),
    d("s a p i de c v", "sa de cv", JS, true),
    d("spa", "spa", JS, false),
    d("s p a", "spa", JS, false),
    d("nv", "nv", JS, false),
    d("n v", "nv", JS, false),
    d("as", "as", JS, false),
    d("a s", "as", JS, false),
    d("anonim sirketi", "as", JS, true),
    d("ab", "ab", JS, false),
    d("asa", "as", JS, false),
    d("kk", "kk", JS, false),
    d("kabushiki kaisha", "kk", JS, true),
    d("bhd", "bhd", JS, true),
    d("berhad", "bhd", JS, true),
    d("tbk", "tbk", JS, true),
    d("inc", "inc", JS, true),
    d("incorporated", "inc", JS, true),
    d("corp", "corp", JS, true),
    d("corporation", "corp", JS, true),
    d("korporatsiya", "corp", JS, true),
    d("gufen youxian gongsi", "jsc", JS, true),
    d("company limited by shares", "jsc", JS, true),
    d("ead", "jsc", JS, false),
    d("yead", "jsc", JS, false),
    d("ad", "jsc", JS, false),
    d("a d", "jsc", JS, false),
    d("jscb", "jsc", JS, true),
    d("akb", "jsc", JS, false),
    d("cty cp", "jsc", JS, true),
    d("psc", "psc", JS, false),
    d("qsc", "qsc", JS, false),
    d("saoc", "saoc", JS, false),
    d("ksc", "ksc", JS, false),
    d("kscc", "ksc", JS, false),
    d("ss", "jsc", JS, false),
    d("bby", "jsc", JS, false),
    d("asc", "jsc", JS, false),
    d("zrt", "zrt", JS, true),
    d("kgaa", "kgaa", JS, true),
    d("sas", "sas", JS, false),
    d("s a s", "sas", JS, false),
    d("s a s u", "sas", JS, false),
    d("sasu", "sas", JS, false),
    d("sau", "sa", JS, false),
    d("ae", "sa", JS, false),
    d("se", "se", JS, false),
    d("pt tbk", "tbk", JS, true),
    // Public joint-stock.
    d("pao", "pjsc", PJ, true),
    d("oao", "ojsc", PJ, true),
    d("pat", "pjsc", PJ, false),
    d("vat", "ojsc", PJ, false),
    d("pjsc", "pjsc", PJ, true),
    d("ojsc", "ojsc", PJ, true),
    d("public joint stock company", "pjsc", PJ, true),
    d("public jsc", "pjsc", PJ, true),
    d("open joint stock company", "ojsc", PJ, true),
    d("open jsc", "ojsc", PJ, true),
    d("publichnoye aktsionernoye obshchestvo", "pjsc", PJ, true),
    d("publichnoe aktsionernoe obshchestvo", "pjsc", PJ, true),
    d("publichnoe aktsionernoe obshestvo", "pjsc", PJ, true),
    d("publichnoe aktcionernoe obshestvo", "pjsc", PJ, true),
    d("otkrytoye aktsionernoye obshchestvo", "ojsc", PJ, true),
    d("otkrytoe aktsionernoe obshchestvo", "ojsc", PJ, true),
    d("plc", "plc", PJ, true),
    d("p l c", "plc", PJ, false),
    d("public limited company", "plc", PJ, true),
    d("pcl", "plc", PJ, true),
    d("qpsc", "qpsc", PJ, true),
    d("saog", "saog", PJ, false),
    d("kscp", "kscp", PJ, false),
    d("nyrt", "nyrt", PJ, true),
    d("oyj", "oyj", PJ, true),
    d("public company limited", "plc", PJ, true),
    // Free zones (UAE).
    d("fze", "fze", FZ, true),
    d("f z e", "fze", FZ, false),
    d("fzco", "fzco", FZ, true),
    d("fz co", "fzco", FZ, true),
    d("fzc", "fzco", FZ, true),
    d("fz llc", "fz llc", FZ, true),
    d("fzllc", "fz llc", FZ, true),
    d("fz l l c", "fz llc", FZ, true),
    d("dmcc", "dmcc", FZ, true),
    d("free zone establishment", "fze", FZ, true),
    d("free zone company", "fzco", FZ, true),
    d("fzs", "fze", FZ, false),
    // State enterprises.
    d("fgup", "fsue", SE, true),
    d("gup", "sue", SE, true),
    d("mup", "mue", SE, true),
    d("fsue", "fsue", SE, true),
    d("sue", "sue", SE, false),
    d("federal state unitary enterprise", "fsue", SE, true),
    d("state unitary enterprise", "sue", SE, true),
    d("municipal unitary enterprise", "mue", SE, true),
    d("federalnoye gosudarstvennoye unitarnoye predpriyatiye", "fsue", SE, true),
    d("federalnoe gosudarstvennoe unitarnoe predpriyatie", "fsue", SE, true),
    d("gosudarstvennoye unitarnoye predpriyatiye", "sue", SE, true),
    d("fgbu", "fsbi", SE, true),
    d("fsbi", "fsbi", SE, true),
    d("federal state budgetary institution", "fsbi", SE, true),
    d("dp", "se", SE, false),
    d("state enterprise", "se", SE, true),
    d("state owned enterprise", "se", SE, true),
    d("rup", "sue", SE, false),
    d("up", "sue", SE, false),
    d("fkp", "fke", SE, true),
    d("federal treasury enterprise", "fke", SE, true),
    d("federalnoye kazennoye predpriyatiye", "fke", SE, true),
    d("gk", "state corporation", SE, false),
    d("state corporation", "state corporation", SE, true),
    d("goskorporatsiya", "state corporation", SE, true),
    // Partnerships, cooperatives, sole traders.
    d("llp", "llp", PA, true),
    d("l l p", "llp", PA, false),
    d("limited liability partnership", "llp", PA, true),
    d("lp", "lp", PA, false),
    d("l p", "lp", PA, false),
    d("limited partnership", "lp", PA, true),
    d("gmbh and co kg", "gmbh co kg", PA, true),
    d("gmbh co kg", "gmbh co kg", PA, true),
    d("kg", "kg", PA, false),
    d("ohg", "ohg", PA, false),
    d("ip", "sole trader", PA, false),
    d("individualnyy predprinimatel", "sole trader", PA, true),
    d("individualnyi predprinimatel", "sole trader", PA, true),
    d("sole proprietorship", "sole trader", PA, true),
    d("sole proprietor", "sole trader", PA, true),
    d("pk", "cooperative", PA, false),
    d("snc", "snc", PA, false),
    d("fop", "sole trader", PA, false),
    d("pp", "private enterprise", PA, false),
    d("chup", "private enterprise", PA, false),
    d("et", "sole trader", PA, false),
    d("gbr", "gbr", PA, false),
    d("vof", "vof", PA, false),
    d("bt", "bt", PA, false),
    d("koll sti", "partnership", PA, true),
    d("kom sti", "partnership", PA, true),
    // Other recognised forms. Research and production types (НПО, НПП, НИИ, ОКБ...) are
    // organisation types, in `org_types`.
    d("ano", "ano", OT, false),
    d("nko", "nko", OT, false),
];

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
        let mut patterns = Vec::with_capacity(TABLE.len());
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, def) in TABLE.iter().enumerate() {
            let toks: Vec<(&'static str, String)> = def
                .pattern
                .split(' ')
                .map(|t| (t, crate::skeleton(t)))
                .collect();
            if let Some((_, s)) = toks.first() {
                by_first.entry(s.clone()).or_default().push(i);
            }
            patterns.push(toks);
        }
        Compiled { patterns, by_first }
    })
}

fn token_matches(pat: &(&'static str, String), folded: &str, skel: &str) -> bool {
    if pat.0.len() >= 4 {
        pat.1 == skel
    } else {
        pat.0 == folded
    }
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
        let def = &TABLE[pi];
        Match {
            len,
            form: make(def.canonical, def.class),
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

/// Reads a whole string as one legal form, in any supported script: `legal_form("ООО")`,
/// `legal_form("Co., Ltd.")`, `legal_form("有限公司")` and `legal_form("S.A. de C.V.")` all
/// succeed. `None` when the string is not exactly one known legal form.
pub fn legal_form(text: &str) -> Option<LegalForm> {
    let a = crate::pipeline::analyze_opts(text, crate::NameKind::Organization, true);
    if a.tokens.is_empty() && a.legal_forms.len() == 1 {
        a.legal_forms.into_iter().next()
    } else {
        None
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

/// The number of rows in the legal-form table (latin patterns; Chinese forms are in
/// `chinese`).
pub fn legal_form_table_len() -> usize {
    TABLE.len()
}
