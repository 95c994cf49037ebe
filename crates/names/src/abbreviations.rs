//! Generic organisation words and the abbreviations of them found in trade records
//! (`COMM`, `GRP`, `TECH`, `SRVCES`, `INT'L`, `MFG`...), with their plural and adjective
//! forms folded to one canonical word (`communications` → `communication`, `industrial`
//! and `industries` → `industry`). Such words are tagged [`crate::TokenKind::Generic`].

use chokepoint_refdata::hash::FastMap as HashMap;
use std::sync::OnceLock;

/// A generic word: its canonical spelling, the spellings that map to it, an alternative
/// reading for ambiguous abbreviations, and whether seeing it marks a name as an
/// organisation.
struct Def {
    canonical: &'static str,
    forms: &'static [&'static str],
    /// Forms that are ambiguous, with their alternative canonical reading.
    alt: &'static [(&'static str, &'static str)],
    marks_org: bool,
}

#[rustfmt::skip]
const TABLE: &[Def] = &[
    Def { canonical: "communication", forms: &["comm", "comms", "commun", "communic", "communication", "communications"], alt: &[], marks_org: true },
    Def { canonical: "telecommunication", forms: &["telecom", "telecoms", "telecomm", "telecommunication", "telecommunications"], alt: &[], marks_org: true },
    Def { canonical: "group", forms: &["grp", "group", "groups", "gruppa"], alt: &[], marks_org: true },
    Def { canonical: "technology", forms: &["tech", "techn", "technol", "techno", "technology", "technologies", "technological", "tekhnologii", "tekhnologiya"], alt: &[], marks_org: true },
    Def { canonical: "service", forms: &["svc", "svcs", "srv", "srvc", "srvcs", "srvces", "serv", "servs", "svces", "service", "services"], alt: &[], marks_org: true },
    Def { canonical: "international", forms: &["intl", "int", "intern", "internat", "internatl", "international", "internacional", "internationale", "mezhdunarodnyy"], alt: &[], marks_org: true },
    Def { canonical: "company", forms: &["co", "cos", "cmpny", "company", "companies", "compania", "kompaniya"], alt: &[], marks_org: true },
    Def { canonical: "corporation", forms: &["corporations"], alt: &[], marks_org: true },
    Def { canonical: "concern", forms: &["concern", "kontsern", "koncern", "konzern"], alt: &[], marks_org: true },
    Def { canonical: "electronic", forms: &["elec", "elect", "electr", "electron", "electronic", "electronics", "elektronik", "elektronika"], alt: &[("elec", "electric"), ("elect", "electric")], marks_org: true },
    Def { canonical: "electric", forms: &["electric", "electrical", "electrics"], alt: &[], marks_org: true },
    Def { canonical: "equipment", forms: &["equip", "eqpt", "eqp", "equipment", "equipments"], alt: &[], marks_org: true },
    Def { canonical: "import", forms: &["imp", "imports", "importing", "importer", "import"], alt: &[], marks_org: true },
    Def { canonical: "export", forms: &["exp", "exports", "exporting", "exporter", "export"], alt: &[], marks_org: true },
    Def { canonical: "import export", forms: &["impex", "impexp", "imex"], alt: &[], marks_org: true },
    Def { canonical: "manufacturing", forms: &["mfg", "mfr", "mfrs", "manuf", "manufacture", "manufacturer", "manufacturers", "manufacturing", "manufactory"], alt: &[], marks_org: true },
    Def { canonical: "industry", forms: &["ind", "inds", "indus", "indust", "industrial", "industries", "industry", "sanayi"], alt: &[], marks_org: true },
    Def { canonical: "development", forms: &["dev", "devel", "develop", "development", "developments"], alt: &[], marks_org: true },
    Def { canonical: "engineering", forms: &["eng", "engg", "engr", "engineering"], alt: &[], marks_org: true },
    Def { canonical: "trading", forms: &["trdg", "trad", "trade", "trading", "trades", "traders", "ticaret", "tic", "torgovyy", "torgovyi", "torgovy"], alt: &[], marks_org: true },
    Def { canonical: "holding", forms: &["hldg", "hldgs", "hold", "holding", "holdings", "kholding"], alt: &[], marks_org: true },
    Def { canonical: "machinery", forms: &["mach", "mchy", "mchn", "machine", "machines", "machinery"], alt: &[], marks_org: true },
    Def { canonical: "institute", forms: &["inst", "institute", "institutes", "institut"], alt: &[("inst", "instrument")], marks_org: true },
    Def { canonical: "instrument", forms: &["instr", "instrument", "instruments", "instrumentation"], alt: &[], marks_org: true },
    Def { canonical: "scientific", forms: &["sci", "scient", "scientific", "science", "sciences"], alt: &[], marks_org: true },
    Def { canonical: "automation", forms: &["autom", "automat", "automation", "automatic", "automatics", "automatika"], alt: &[], marks_org: true },
    Def { canonical: "system", forms: &["sys", "syst", "system", "systems", "sistemy"], alt: &[], marks_org: true },
    Def { canonical: "semiconductor", forms: &["semicond", "semicon", "semiconductor", "semiconductors"], alt: &[], marks_org: true },
    Def { canonical: "enterprise", forms: &["ent", "entp", "entpr", "enterprise", "enterprises", "predpriyatiye", "predpriyatie"], alt: &[], marks_org: true },
    Def { canonical: "brothers", forms: &["bros", "brothers"], alt: &[], marks_org: true },
    Def { canonical: "management", forms: &["mgmt", "mgt", "mngmt", "management"], alt: &[], marks_org: true },
    Def { canonical: "national", forms: &["natl", "national", "nationale", "nacional"], alt: &[], marks_org: true },
    Def { canonical: "logistics", forms: &["logistic", "logistics", "logistik", "logistika"], alt: &[], marks_org: true },
    Def { canonical: "shipping", forms: &["shpg", "shipping"], alt: &[], marks_org: true },
    Def { canonical: "transport", forms: &["transp", "transport", "transportation", "transports"], alt: &[], marks_org: true },
    Def { canonical: "chemical", forms: &["chem", "chemical", "chemicals"], alt: &[], marks_org: true },
    Def { canonical: "pharmaceutical", forms: &["pharm", "pharma", "pharmaceutical", "pharmaceuticals"], alt: &[], marks_org: true },
    Def { canonical: "material", forms: &["matl", "matls", "material", "materials"], alt: &[], marks_org: true },
    Def { canonical: "product", forms: &["prod", "prods", "product", "products"], alt: &[], marks_org: true },
    Def { canonical: "investment", forms: &["invest", "investment", "investments"], alt: &[], marks_org: true },
    Def { canonical: "resource", forms: &["resource", "resources"], alt: &[], marks_org: true },
    Def { canonical: "construction", forms: &["constr", "construction", "constructions"], alt: &[], marks_org: true },
    Def { canonical: "association", forms: &["assn", "assoc", "association", "associations"], alt: &[], marks_org: true },
    Def { canonical: "research", forms: &["rsch", "research"], alt: &[], marks_org: true },
    Def { canonical: "laboratory", forms: &["lab", "labs", "laboratory", "laboratories"], alt: &[], marks_org: true },
    Def { canonical: "center", forms: &["ctr", "cntr", "center", "centre", "centers", "centres", "tsentr"], alt: &[], marks_org: true },
    Def { canonical: "supply", forms: &["supply", "supplies", "supplier", "suppliers"], alt: &[], marks_org: true },
    Def { canonical: "agency", forms: &["agcy", "agency", "agencies"], alt: &[], marks_org: true },
    Def { canonical: "solution", forms: &["soln", "solns", "solution", "solutions"], alt: &[], marks_org: true },
    Def { canonical: "optical", forms: &["optic", "optics", "optical"], alt: &[], marks_org: true },
    Def { canonical: "component", forms: &["compon", "cmpts", "component", "components"], alt: &[], marks_org: true },
    Def { canonical: "part", forms: &["pts", "parts"], alt: &[], marks_org: true },
    Def { canonical: "factory", forms: &["fty", "factory", "factories", "plant", "zavod"], alt: &[], marks_org: true },
    Def { canonical: "general", forms: &["genl", "general"], alt: &[], marks_org: false },
    Def { canonical: "aviation", forms: &["avia", "aviation"], alt: &[], marks_org: true },
    Def { canonical: "energy", forms: &["energy", "energies", "energo"], alt: &[], marks_org: true },
    Def { canonical: "hongkong", forms: &["hongkong", "hk", "xianggang"], alt: &[], marks_org: false },
    // Chinese company words written in pinyin (`Shenzhen Xinda Keji Youxian Gongsi`).
    Def { canonical: "technology", forms: &["keji", "jishu"], alt: &[], marks_org: true },
    Def { canonical: "trading", forms: &["maoyi", "shangmao"], alt: &[], marks_org: true },
    Def { canonical: "electronic", forms: &["dianzi"], alt: &[], marks_org: true },
    Def { canonical: "international", forms: &["guoji"], alt: &[], marks_org: true },
    Def { canonical: "group", forms: &["jituan"], alt: &[], marks_org: true },
    Def { canonical: "company", forms: &["gongsi"], alt: &[], marks_org: true },
    Def { canonical: "industry", forms: &["shiye", "gongye"], alt: &[], marks_org: true },
    Def { canonical: "import export", forms: &["jinchukou"], alt: &[], marks_org: true },
    Def { canonical: "communication", forms: &["tongxin", "tongxun"], alt: &[], marks_org: true },
    Def { canonical: "equipment", forms: &["shebei"], alt: &[], marks_org: true },
    Def { canonical: "machinery", forms: &["jixie"], alt: &[], marks_org: true },
    Def { canonical: "logistics", forms: &["wuliu"], alt: &[], marks_org: true },
    Def { canonical: "holding", forms: &["konggu"], alt: &[], marks_org: true },
    Def { canonical: "manufacturing", forms: &["zhizao"], alt: &[], marks_org: true },
    Def { canonical: "semiconductor", forms: &["bandaoti"], alt: &[], marks_org: true },
    Def { canonical: "shipping", forms: &["chuanwu", "haiyun"], alt: &[], marks_org: true },
];

/// Multi-token abbreviations, matched before the single-token table.
#[rustfmt::skip]
const SEQUENCES: &[(&[&str], &str)] = &[
    (&["i", "e"], "import export"),
    (&["imp", "and", "exp"], "import export"),
    (&["hong", "kong"], "hongkong"),
];

struct Entry {
    canonical: &'static str,
    alt: Option<&'static str>,
    marks_org: bool,
}

struct Index {
    /// By folded spelling.
    exact: HashMap<&'static str, Entry>,
    /// By skeleton, for spellings of six letters or more (other romanisations of the Russian
    /// words: `korporatsiya`, `korporaciya`).
    by_skeleton: HashMap<String, Entry>,
}

fn index() -> &'static Index {
    static I: OnceLock<Index> = OnceLock::new();
    I.get_or_init(|| {
        let mut exact = HashMap::default();
        let mut by_skeleton = HashMap::default();
        for def in TABLE {
            for &f in def.forms {
                let alt = def.alt.iter().find(|(a, _)| *a == f).map(|(_, b)| *b);
                let e = || Entry {
                    canonical: def.canonical,
                    alt,
                    marks_org: def.marks_org,
                };
                exact.entry(f).or_insert(e());
                if f.len() >= 6 {
                    by_skeleton.entry(crate::skeleton(f)).or_insert(e());
                }
            }
        }
        Index { exact, by_skeleton }
    })
}

/// Expands a trade-record abbreviation or folds a generic organisation word to its
/// canonical form: `expand_abbreviation("COMM")` is `Some("communication")`,
/// `expand_abbreviation("Srvces")` is `Some("service")`, `expand_abbreviation("INT'L")` is
/// `Some("international")`. The input is folded first. `None` for words not in the table.
/// The result may hold two words (`IMPEX` → `import export`).
pub fn expand_abbreviation(word: &str) -> Option<&'static str> {
    let folded;
    let w = if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        word
    } else {
        folded = crate::fold(word).replace(' ', "");
        folded.as_str()
    };
    index().exact.get(w).map(|e| e.canonical)
}

/// The second reading of an ambiguous abbreviation (`INST`: institute or instrument;
/// `ELEC`: electronic or electric), if any.
pub fn abbreviation_alternative(word: &str) -> Option<&'static str> {
    index().exact.get(word).and_then(|e| e.alt)
}

/// Looks a folded word (and, for long words, its skeleton) up: (canonical, alternative,
/// marks an organisation).
pub(crate) fn lookup(word: &str, skel: &str) -> Option<(&'static str, Option<&'static str>, bool)> {
    let idx = index();
    let e = match idx.exact.get(word) {
        Some(e) => e,
        None if word.len() >= 6 => idx.by_skeleton.get(skel)?,
        None => return None,
    };
    Some((e.canonical, e.alt, e.marks_org))
}

/// A multi-token abbreviation starting at `i`: (tokens covered, expansion).
pub(crate) fn sequence_at(words: &[&str], i: usize) -> Option<(usize, &'static str)> {
    SEQUENCES.iter().find_map(|(pat, exp)| {
        let end = i + pat.len();
        (end <= words.len() && words[i..end] == **pat).then_some((pat.len(), *exp))
    })
}
