//! Chinese characters: pinyin readings (simplified and traditional) with heteronyms, and a
//! small dictionary that cuts company names at legal forms (有限公司), generic company words
//! (科技 technology, 贸易 trading, 集团 group, 香港 Hong Kong...) and big place names, so that
//! the remaining brand or personal-name syllables can be joined into words (华为 → `huawei`).

use crate::{LegalClass, LegalForm};

/// What a stretch of Chinese text is.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    /// A legal form.
    Legal(LegalForm),
    /// A generic company word, as its canonical English word(s).
    Generic(&'static str),
    /// A place or other word with a fixed latin spelling.
    Fixed(&'static str),
    /// A name word: the plain pinyin readings of each character (first = most common).
    Name(Vec<Vec<&'static str>>),
}

enum Kind {
    Legal(&'static str, LegalClass),
    Generic(&'static str),
    Fixed(&'static str),
}

#[rustfmt::skip]
const DICT: &[(&str, Kind)] = &[
    ("股份有限公司", Kind::Legal("jsc", LegalClass::JointStock)),
    ("股份有限會社", Kind::Legal("jsc", LegalClass::JointStock)),
    ("股份公司", Kind::Legal("jsc", LegalClass::JointStock)),
    ("有限责任公司", Kind::Legal("llc", LegalClass::LimitedLiability)),
    ("有限責任公司", Kind::Legal("llc", LegalClass::LimitedLiability)),
    ("有限公司", Kind::Legal("ltd", LegalClass::LimitedLiability)),
    ("株式会社", Kind::Legal("kk", LegalClass::JointStock)),
    ("株式會社", Kind::Legal("kk", LegalClass::JointStock)),
    ("有限会社", Kind::Legal("yk", LegalClass::LimitedLiability)),
    ("合伙企业", Kind::Legal("partnership", LegalClass::Partnership)),
    ("個體工商戶", Kind::Legal("sole trader", LegalClass::Partnership)),
    ("个体工商户", Kind::Legal("sole trader", LegalClass::Partnership)),
    ("国有企业", Kind::Legal("se", LegalClass::StateEnterprise)),
    ("國有企業", Kind::Legal("se", LegalClass::StateEnterprise)),
    ("公司", Kind::Generic("company")),
    ("会社", Kind::Generic("company")),
    ("會社", Kind::Generic("company")),
    ("科技", Kind::Generic("technology")),
    ("技术", Kind::Generic("technology")),
    ("技術", Kind::Generic("technology")),
    ("贸易", Kind::Generic("trading")),
    ("貿易", Kind::Generic("trading")),
    ("商贸", Kind::Generic("trading")),
    ("商貿", Kind::Generic("trading")),
    ("商行", Kind::Generic("trading")),
    ("电子", Kind::Generic("electronic")),
    ("電子", Kind::Generic("electronic")),
    ("微电子", Kind::Generic("electronic")),
    ("微電子", Kind::Generic("electronic")),
    ("国际", Kind::Generic("international")),
    ("國際", Kind::Generic("international")),
    ("集团", Kind::Generic("group")),
    ("集團", Kind::Generic("group")),
    ("香港", Kind::Generic("hongkong")),
    ("实业", Kind::Generic("industry")),
    ("實業", Kind::Generic("industry")),
    ("工业", Kind::Generic("industry")),
    ("工業", Kind::Generic("industry")),
    ("进出口", Kind::Generic("import export")),
    ("進出口", Kind::Generic("import export")),
    ("通信", Kind::Generic("communication")),
    ("通讯", Kind::Generic("communication")),
    ("通訊", Kind::Generic("communication")),
    ("设备", Kind::Generic("equipment")),
    ("設備", Kind::Generic("equipment")),
    ("机械", Kind::Generic("machinery")),
    ("機械", Kind::Generic("machinery")),
    ("船务", Kind::Generic("shipping")),
    ("船務", Kind::Generic("shipping")),
    ("海运", Kind::Generic("shipping")),
    ("海運", Kind::Generic("shipping")),
    ("航运", Kind::Generic("shipping")),
    ("航運", Kind::Generic("shipping")),
    ("物流", Kind::Generic("logistics")),
    ("发展", Kind::Generic("development")),
    ("發展", Kind::Generic("development")),
    ("投资", Kind::Generic("investment")),
    ("投資", Kind::Generic("investment")),
    ("控股", Kind::Generic("holding")),
    ("半导体", Kind::Generic("semiconductor")),
    ("半導體", Kind::Generic("semiconductor")),
    ("仪器", Kind::Generic("instrument")),
    ("儀器", Kind::Generic("instrument")),
    ("自动化", Kind::Generic("automation")),
    ("自動化", Kind::Generic("automation")),
    ("系统", Kind::Generic("system")),
    ("系統", Kind::Generic("system")),
    ("工程", Kind::Generic("engineering")),
    ("制造", Kind::Generic("manufacturing")),
    ("製造", Kind::Generic("manufacturing")),
    ("化工", Kind::Generic("chemical")),
    ("材料", Kind::Generic("material")),
    ("光电", Kind::Generic("optical")),
    ("光電", Kind::Generic("optical")),
    ("航空", Kind::Generic("aviation")),
    ("能源", Kind::Generic("energy")),
    ("研究所", Kind::Generic("institute")),
    ("研究院", Kind::Generic("institute")),
    ("中心", Kind::Generic("center")),
    ("服务", Kind::Generic("service")),
    ("服務", Kind::Generic("service")),
    ("管理", Kind::Generic("management")),
    ("工厂", Kind::Generic("factory")),
    ("工廠", Kind::Generic("factory")),
    ("企业", Kind::Generic("enterprise")),
    ("企業", Kind::Generic("enterprise")),
    ("运输", Kind::Generic("transport")),
    ("運輸", Kind::Generic("transport")),
    ("中国", Kind::Fixed("china")),
    ("中國", Kind::Fixed("china")),
    ("澳门", Kind::Fixed("macau")),
    ("澳門", Kind::Fixed("macau")),
    ("北京", Kind::Fixed("beijing")),
    ("上海", Kind::Fixed("shanghai")),
    ("深圳", Kind::Fixed("shenzhen")),
    ("广州", Kind::Fixed("guangzhou")),
    ("廣州", Kind::Fixed("guangzhou")),
    ("天津", Kind::Fixed("tianjin")),
    ("重庆", Kind::Fixed("chongqing")),
    ("重慶", Kind::Fixed("chongqing")),
    ("杭州", Kind::Fixed("hangzhou")),
    ("南京", Kind::Fixed("nanjing")),
    ("武汉", Kind::Fixed("wuhan")),
    ("成都", Kind::Fixed("chengdu")),
    ("西安", Kind::Fixed("xian")),
    ("厦门", Kind::Fixed("xiamen")),
    ("廈門", Kind::Fixed("xiamen")),
    ("苏州", Kind::Fixed("suzhou")),
    ("蘇州", Kind::Fixed("suzhou")),
    ("东莞", Kind::Fixed("dongguan")),
    ("東莞", Kind::Fixed("dongguan")),
    ("宁波", Kind::Fixed("ningbo")),
    ("寧波", Kind::Fixed("ningbo")),
    ("青岛", Kind::Fixed("qingdao")),
    ("青島", Kind::Fixed("qingdao")),
    ("大连", Kind::Fixed("dalian")),
    ("大連", Kind::Fixed("dalian")),
    ("珠海", Kind::Fixed("zhuhai")),
    ("朝鲜", Kind::Fixed("korea")),
    ("朝鮮", Kind::Fixed("korea")),
];

/// Two-character surnames (read as one word before the given name).
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "令狐", "慕容",
    "尉迟", "長孫", "长孙", "司徒", "夏侯", "轩辕", "軒轅", "公孙", "公孫", "端木",
];

const MAX_WORD: usize = 6;

/// Plain pinyin readings of one character, most common first, without duplicates; empty
/// for characters without a reading.
pub(crate) fn readings(c: char) -> Vec<&'static str> {
    use pinyin::ToPinyinMulti;
    let mut v: Vec<&'static str> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for i in 0..multi.count() {
            let p = multi.get(i).plain();
            if !v.contains(&p) {
                v.push(p);
            }
        }
    }
    v
}

struct Index {
    words: chokepoint_refdata::hash::FastMap<&'static str, usize>,
    first_chars: Vec<char>,
}

fn index() -> &'static Index {
    static I: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    I.get_or_init(|| {
        let mut words = chokepoint_refdata::hash::FastMap::default();
        let mut first_chars = Vec::new();
        for (i, (w, _)) in DICT.iter().enumerate() {
            words.insert(*w, i);
            if let Some(c) = w.chars().next() {
                if !first_chars.contains(&c) {
                    first_chars.push(c);
                }
            }
        }
        first_chars.sort_unstable();
        Index { words, first_chars }
    })
}

fn lookup(chars: &[char], i: usize) -> Option<(usize, &'static Kind)> {
    let idx = index();
    idx.first_chars.binary_search(&chars[i]).ok()?;
    let max = MAX_WORD.min(chars.len() - i);
    let mut buf = String::with_capacity(max * 3);
    let mut best = None;
    for len in 1..=max {
        buf.push(chars[i + len - 1]);
        if len < 2 {
            continue;
        }
        if let Some(&k) = idx.words.get(buf.as_str()) {
            best = Some((len, &DICT[k].1));
        }
    }
    best
}

/// Cuts a run of Chinese characters into pieces. `person` reads a dictionary-free run of two
/// to four characters as surname + given name.
pub(crate) fn pieces(run: &str, person: bool) -> Vec<Piece> {
    let chars: Vec<char> = run.chars().collect();
    let mut out = Vec::new();
    let mut name: Vec<char> = Vec::new();
    let mut hits = 0;
    let mut i = 0;
    while i < chars.len() {
        if let Some((len, kind)) = lookup(&chars, i) {
            flush(&mut name, &mut out);
            hits += 1;
            out.push(match kind {
                Kind::Legal(c, class) => Piece::Legal(crate::legal_forms::make(c, *class)),
                Kind::Generic(g) => Piece::Generic(g),
                Kind::Fixed(f) => Piece::Fixed(f),
            });
            i += len;
            // 深圳市, 广东省, 南山区: the administrative suffix after a known place.
            if matches!(kind, Kind::Fixed(_))
                && chars
                    .get(i)
                    .is_some_and(|c| matches!(c, '市' | '省' | '区' | '區' | '县' | '縣'))
            {
                i += 1;
            }
        } else {
            name.push(chars[i]);
            i += 1;
        }
    }
    if hits == 0 && person && (2..=4).contains(&name.len()) {
        let two: String = name.iter().take(2).collect();
        let split = if name.len() > 2 && COMPOUND_SURNAMES.contains(&two.as_str()) {
            2
        } else {
            1
        };
        let given = name.split_off(split);
        flush(&mut name, &mut out);
        let mut given = given;
        flush(&mut given, &mut out);
        return out;
    }
    flush(&mut name, &mut out);
    out
}

fn flush(name: &mut Vec<char>, out: &mut Vec<Piece>) {
    if name.is_empty() {
        return;
    }
    let r: Vec<Vec<&'static str>> = name
        .iter()
        .map(|&c| readings(c))
        .filter(|r| !r.is_empty())
        .collect();
    if !r.is_empty() {
        out.push(Piece::Name(r));
    }
    name.clear();
}

/// True if the run has any dictionary word (legal form, generic word, place).
pub(crate) fn has_dictionary_word(run: &str) -> bool {
    let chars: Vec<char> = run.chars().collect();
    (0..chars.len()).any(|i| lookup(&chars, i).is_some())
}

/// Appends a pinyin reading folded to ASCII (`ü` → `u`, `ê` → `e`).
pub(crate) fn fold_reading(p: &str, out: &mut String) {
    for c in p.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if c == 'ü' {
            out.push('u');
        } else {
            crate::fold::fold_latin_char(c, out);
        }
    }
}
