//! The analysis pipeline behind [`crate::analyze`].

use crate::name::{AnalyzedName, NameKind, Token, TokenKind, MAX_VARIANTS};
use crate::script::chinese;
use crate::script::cyrillic::{CyrLang, System};
use crate::script::skeleton::skeleton_into;
use crate::script::tokens::{romanize_segment, segment, Script, Segmented};
use crate::tables::chinese_words::{self, Piece};
use crate::tables::given_names::{self, GivenName};
use crate::tables::legal_forms::{self, LegalForm};
use crate::tables::org_types::{self, OrgType};
use crate::tables::{abbreviations, arabic_names, patronymics, stopwords};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Src {
    Latin,
    Cyrillic,
    Han,
    Other,
}

enum Item {
    Word {
        text: String,
        skel: String,
        src: Src,
    },
    HanName(Vec<Vec<&'static str>>),
    Generic(&'static str),
    Fixed(&'static str),
    Legal(LegalForm),
    /// An organisation type (НПП, НИИ, design bureau).
    Org(OrgType),
    /// The surname of an honorific («им. Шокина»), normalised.
    Honorific(String),
}

impl Item {
    /// Legal forms and the other typed parts that are not name words.
    fn is_legal(&self) -> bool {
        matches!(self, Item::Legal(_) | Item::Org(_) | Item::Honorific(_))
    }
}

/// A token being built, with what is needed for variants.
struct Entry {
    text: String,
    kind: TokenKind,
    src: Src,
    /// For Chinese name words: readings per character.
    han: Option<Vec<Vec<&'static str>>>,
    /// Alternative folded text (ambiguous abbreviation).
    alt: Option<&'static str>,
    /// The skeleton of `text`, when already computed.
    skel: Option<String>,
}

fn skel(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    skeleton_into(text, &mut s);
    s
}

fn fold_pinyin(p: &str, out: &mut String) {
    chinese::fold_reading(p, out);
}

/// Analyses a name for matching (see the crate documentation for the steps). `kind` decides
/// whether legal forms and trade abbreviations are read: [`NameKind::Any`] is read as an
/// organisation when a legal form or a generic organisation word is present.
pub fn analyze(name: &str, kind: NameKind) -> AnalyzedName {
    analyze_opts(name, kind, false)
}

/// Reads a whole string as one legal form, in any supported script: `legal_form("ООО")`,
/// `legal_form("Co., Ltd.")`, `legal_form("有限公司")` and `legal_form("S.A. de C.V.")` all
/// succeed. `None` when the string is not exactly one known legal form.
pub fn legal_form(text: &str) -> Option<LegalForm> {
    let a = analyze_opts(text, NameKind::Organization, true);
    if a.tokens.is_empty() && a.legal_forms.len() == 1 {
        a.legal_forms.into_iter().next()
    } else {
        None
    }
}

/// [`analyze`], where `whole_legal` lets a short legal form (`AG`, `SA`) be the whole name:
/// used to read a string as a legal form.
fn analyze_opts(name: &str, kind: NameKind, whole_legal: bool) -> AnalyzedName {
    let segs = segment(name);
    let mut out = run(name, &segs, segs.lang, System::Bgn, kind, whole_legal);
    if segs.lang != CyrLang::Russian {
        let ru = run(
            name,
            &segs,
            CyrLang::Russian,
            System::Bgn,
            kind,
            whole_legal,
        );
        let k = ru.key();
        push_variant(&mut out.variants, &out.tokens, k);
    }
    // ICAO writes ъ as `ie` (Obiedinennaia), which no skeleton rule can tell from a real `ie`.
    if name.contains(['ъ', 'Ъ']) {
        let icao = run(name, &segs, segs.lang, System::Icao, kind, whole_legal);
        let k = icao.key();
        push_variant(&mut out.variants, &out.tokens, k);
    }
    // ISO 9 writes я, ю, ё without a glide (`Ûrij`, `Mariâ`): its reading is a variant.
    if name.contains(['я', 'ю', 'ё', 'Я', 'Ю', 'Ё', 'є', 'ї', 'Є', 'Ї']) {
        let iso = run(name, &segs, segs.lang, System::Iso9, kind, whole_legal);
        let k = iso.key();
        push_variant(&mut out.variants, &out.tokens, k);
    }
    out
}

fn push_variant(variants: &mut Vec<String>, tokens: &[Token], v: String) {
    if v.is_empty() || variants.len() >= MAX_VARIANTS || variants.contains(&v) {
        return;
    }
    let same = {
        let mut it = v.split(' ');
        let mut eq = true;
        let mut n = 0;
        for t in tokens {
            n += 1;
            if it.next() != Some(t.text.as_str()) {
                eq = false;
                break;
            }
        }
        eq && it.next().is_none() && n == tokens.len()
    };
    if !same {
        variants.push(v);
    }
}

fn build_items(segs: &Segmented<'_>, lang: CyrLang, sys: System, kind: NameKind) -> Vec<Item> {
    let mut items = Vec::with_capacity(segs.segs.len() + 2);
    let mut words: Vec<String> = Vec::new();
    for seg in &segs.segs {
        if seg.script == Script::Han {
            let person = match kind {
                NameKind::Person => true,
                NameKind::Organization => false,
                NameKind::Any => !chinese_words::has_dictionary_word(seg.text),
            };
            for p in chinese_words::pieces(seg.text, person) {
                items.push(match p {
                    Piece::Legal(f) => Item::Legal(f),
                    Piece::Generic(g) => Item::Generic(g),
                    Piece::Fixed(f) => Item::Fixed(f),
                    Piece::Name(r) => Item::HanName(r),
                });
            }
            continue;
        }
        let src = match seg.script {
            Script::Latin | Script::Amp => Src::Latin,
            Script::Cyrillic => Src::Cyrillic,
            _ => Src::Other,
        };
        words.clear();
        romanize_segment(seg, lang, sys, &mut words);
        for w in words.drain(..) {
            let skel = skel(&w);
            items.push(Item::Word { text: w, skel, src });
        }
    }
    items
}

/// When `items` starts with a word: that word's source script and the `(text, skeleton)` of the
/// words from there, at most `max`, up to the first item that is not a word — what the
/// legal-form and organisation-type tables are matched on. `None` when the first item is not a
/// word.
fn word_run(items: &[Item], max: usize) -> Option<(Src, Vec<(&str, &str)>)> {
    let Some(Item::Word { src, .. }) = items.first() else {
        return None;
    };
    let run = items
        .iter()
        .take(max)
        .map_while(|it| match it {
            Item::Word { text, skel, .. } => Some((text.as_str(), skel.as_str())),
            _ => None,
        })
        .collect();
    Some((*src, run))
}

/// Finds legal forms among the words and replaces them with typed items.
fn find_legal_forms(items: &mut Vec<Item>, kind: NameKind, whole_legal: bool) {
    let mut changed = true;
    while changed {
        changed = false;
        let mut i = 0;
        while i < items.len() {
            let Some((src, run)) = word_run(&items[i..], legal_forms::MAX_PATTERN_TOKENS) else {
                i += 1;
                continue;
            };
            let ends = i + run.len() == items.len();
            let Some(m) = legal_forms::match_at(&run, 0, ends) else {
                i += 1;
                continue;
            };
            let end = i + m.len;
            let accept = if m.strong {
                true
            } else {
                let at_start = items[..i].iter().all(Item::is_legal);
                let at_end = items[end..].iter().all(Item::is_legal);
                let next_legal = items.get(end).is_some_and(Item::is_legal);
                let prev_legal = i > 0 && items[i - 1].is_legal();
                let start_ok = kind == NameKind::Organization || src == Src::Cyrillic;
                // An organisation type counts as name: `АО «КБП»` keeps `kbp` as its word.
                let leaves_name = items[..i]
                    .iter()
                    .chain(&items[end..])
                    .any(|it| !matches!(it, Item::Legal(_) | Item::Honorific(_)));
                (leaves_name || whole_legal)
                    && ((at_start && start_ok) || at_end || next_legal || prev_legal)
            };
            if accept {
                items.splice(i..end, std::iter::once(Item::Legal(m.form)));
                changed = true;
            }
            i += 1;
        }
    }
}

/// Finds organisation types and the honorific among the words and replaces them with typed
/// items (see [`keep_a_word`] for names that are nothing but a type).
fn find_org_types(items: &mut Vec<Item>, kind: NameKind) {
    let mut i = 0;
    while i < items.len() {
        let Some((src, run)) = word_run(&items[i..], org_types::MAX_PATTERN_TOKENS + 2) else {
            i += 1;
            continue;
        };
        // The honorific, never first in a name.
        if i > 0 {
            let words: Vec<&str> = run.iter().map(|w| w.0).collect();
            if let Some((len, key)) = org_types::honorific_at(&words) {
                items.splice(i..i + len, std::iter::once(Item::Honorific(key)));
                i += 1;
                continue;
            }
        }
        let Some(m) = org_types::match_at(&run) else {
            i += 1;
            continue;
        };
        let end = i + m.len;
        let accept = if m.abbreviation && kind != NameKind::Organization {
            // A bare abbreviation in a name that may be a person's: only in Cyrillic (НПП), or
            // next to a legal form or another type, or at the start or end.
            let prev = i > 0 && items[i - 1].is_legal();
            let next = items.get(end).is_some_and(Item::is_legal);
            src == Src::Cyrillic || prev || next || i == 0 || end == items.len()
        } else {
            true
        };
        if accept {
            items.splice(i..end, std::iter::once(Item::Org(m.org)));
        }
        i += 1;
    }
}

/// A name needs a word: when the typed parts took them all, the first organisation type's
/// short form stays as the name (`КБ Приборостроения`, `Instrument Design Bureau` → `kbp`).
fn keep_a_word(items: &mut Vec<Item>) {
    if !items.iter().any(|it| !it.is_legal()) {
        if let Some(pos) = items.iter().position(|it| matches!(it, Item::Org(_))) {
            if let Item::Org(o) = &items[pos] {
                let text = o.short.to_string();
                let skel = skel(&text);
                items.insert(
                    pos,
                    Item::Word {
                        text,
                        skel,
                        src: Src::Latin,
                    },
                );
            }
        }
    }
}

fn is_org(items: &[Item], kind: NameKind) -> bool {
    match kind {
        NameKind::Organization => true,
        NameKind::Person => false,
        NameKind::Any => {
            // `Co` closing a name (`Maro Sanat Co.`) marks a company too.
            let ends_with_co = items.len() > 1
                && matches!(items.last(), Some(Item::Word { text, .. }) if text == "co" || text == "cos");
            ends_with_co
                || items.iter().any(|it| match it {
                    Item::Legal(_) | Item::Generic(_) | Item::Org(_) => true,
                    Item::Word { text, skel, .. } => {
                        abbreviations::lookup(text, skel).is_some_and(|(_, _, org)| org)
                            && text.len() > 3
                    }
                    _ => false,
                })
        }
    }
}

/// Typed parts collected from a name's items.
#[derive(Default)]
struct Parts {
    legal: Vec<LegalForm>,
    org_types: Vec<OrgType>,
    honorific: Option<String>,
}

fn entries(items: Vec<Item>, org: bool, parts: &mut Parts) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::with_capacity(items.len() + 2);
    let word_entry = |text: String, src: Src, skel: Option<String>| Entry {
        text,
        kind: TokenKind::Word,
        src,
        han: None,
        alt: None,
        skel,
    };
    let generic = |g: &'static str, alt: Option<&'static str>, out: &mut Vec<Entry>| {
        for (k, part) in g.split(' ').enumerate() {
            out.push(Entry {
                text: part.to_string(),
                kind: TokenKind::Generic,
                src: Src::Latin,
                han: None,
                alt: if k == 0 { alt } else { None },
                skel: None,
            });
        }
    };
    let mut it = items.into_iter().peekable();
    let mut group: Vec<(String, Src, String)> = Vec::new();
    loop {
        // Gather a run of words.
        group.clear();
        while let Some(Item::Word { .. }) = it.peek() {
            if let Some(Item::Word { text, src, skel }) = it.next() {
                group.push((text, src, skel));
            }
        }
        if !group.is_empty() {
            let words: Vec<&str> = group.iter().map(|(t, _, _)| t.as_str()).collect();
            let mut i = 0;
            let mut pending: Vec<Entry> = Vec::with_capacity(group.len());
            while i < words.len() {
                if org {
                    if let Some((len, exp)) = abbreviations::sequence_at(&words, i) {
                        generic(exp, None, &mut pending);
                        i += len;
                        continue;
                    }
                    if let Some((canon, alt, _)) = abbreviations::lookup(words[i], &group[i].2) {
                        generic(canon, alt, &mut pending);
                        i += 1;
                        continue;
                    }
                }
                let (text, src, skel) = &group[i];
                pending.push(word_entry(text.clone(), *src, Some(skel.clone())));
                i += 1;
            }
            out.append(&mut pending);
        }
        let Some(item) = it.next() else { break };
        match item {
            Item::Legal(f) => {
                if !parts.legal.contains(&f) {
                    parts.legal.push(f);
                }
            }
            Item::Org(o) => {
                if !parts.org_types.contains(&o) {
                    parts.org_types.push(o);
                }
            }
            Item::Honorific(h) => {
                parts.honorific.get_or_insert(h);
            }
            Item::Generic(g) => generic(g, None, &mut out),
            Item::Fixed(f) => out.push(word_entry(f.to_string(), Src::Han, None)),
            Item::HanName(r) => {
                let mut text = String::with_capacity(r.len() * 4);
                for c in &r {
                    if let Some(p) = c.first() {
                        fold_pinyin(p, &mut text);
                    }
                }
                out.push(Entry {
                    text,
                    kind: TokenKind::Word,
                    src: Src::Han,
                    han: Some(r),
                    alt: None,
                    skel: None,
                });
            }
            Item::Word { .. } => {}
        }
    }
    out
}

fn arabic_rules(entries: &mut Vec<Entry>) {
    let is_word = |e: &Entry| e.kind == TokenKind::Word && e.src != Src::Han;
    for (k, e) in entries.iter_mut().enumerate() {
        if is_word(e) {
            // `ben` is `bin` inside a name (Mohamed Ben Belgacem), a given name in front.
            if k > 0 && e.text == "ben" {
                e.text = "bin".to_string();
                e.skel = None;
                continue;
            }
            let n = arabic_names::normalize_word(&e.text, e.skel.as_deref())
                .or_else(|| arabic_names::canonical_compound(&e.text))
                .or_else(|| e.skel.as_deref().and_then(arabic_names::canonical_compound));
            if let Some(n) = n {
                e.text = n;
                e.skel = None;
            }
        }
    }
    let mut i = 0;
    while i < entries.len() {
        if !is_word(&entries[i]) {
            i += 1;
            continue;
        }
        // abd [article] X → abdX.
        if let Some(bare) = arabic_names::abd_head(&entries[i].text) {
            let mut j = i + 1;
            let article = j + 1 < entries.len() && arabic_names::is_article(&entries[j].text);
            if article {
                j += 1;
            }
            if j < entries.len() && is_word(&entries[j]) {
                let allah = arabic_names::compound_tail(&entries[j].text) == Some("ullah");
                if !bare || article || allah {
                    let joined = arabic_names::join_abd_with(&entries[j].text);
                    entries[i].text = joined;
                    entries[i].skel = None;
                    entries.drain(i + 1..=j);
                }
            }
            i += 1;
            continue;
        }
        // X [article] allah / din → Xullah / Xuddin.
        if i + 1 < entries.len() {
            let mut j = i + 1;
            if j + 1 < entries.len() && arabic_names::is_article(&entries[j].text) {
                j += 1;
            }
            if is_word(&entries[j]) && entries[i].text.len() > 1 {
                if let Some(tail) = arabic_names::compound_tail(&entries[j].text) {
                    if !arabic_names::is_article(&entries[i].text)
                        && !entries[i].text.ends_with(tail)
                    {
                        entries[i].text.push_str(tail);
                        entries[i].skel = None;
                        entries.drain(i + 1..=j);
                    }
                }
            }
        }
        i += 1;
    }
}

fn run(
    name: &str,
    segs: &Segmented<'_>,
    lang: CyrLang,
    sys: System,
    kind: NameKind,
    whole_legal: bool,
) -> AnalyzedName {
    let mut items = build_items(segs, lang, sys, kind);
    if kind != NameKind::Person {
        // Types first: `Research and Production Corporation` is a type, not the legal form
        // `corporation` after two words; then again for bare abbreviations next to the legal
        // forms just found (`AO KONTSERN X`).
        find_org_types(&mut items, kind);
        find_legal_forms(&mut items, kind, whole_legal);
        find_org_types(&mut items, kind);
        keep_a_word(&mut items);
    }
    let org = is_org(&items, kind);
    let mut parts = Parts::default();
    let mut ents = entries(items, org, &mut parts);
    arabic_rules(&mut ents);
    // Stopwords, unless they are all there is.
    let keep = |e: &Entry| {
        e.kind != TokenKind::Word
            || e.src == Src::Han
            || !(stopwords::is_stopword(&e.text, org)
                || e.skel
                    .as_deref()
                    .is_some_and(|s| stopwords::is_stopword(s, org)))
    };
    if ents.iter().any(keep) {
        ents.retain(keep);
    }

    let mut tokens = Vec::with_capacity(ents.len());
    for e in ents.iter_mut() {
        if e.kind == TokenKind::Word && e.src == Src::Latin {
            if let Some(n) = roman_numeral(&e.text) {
                e.text = n.to_string();
                e.skel = None;
            }
        }
        let text = e.skel.take().unwrap_or_else(|| skel(&e.text));
        let kind = if e.kind == TokenKind::Generic {
            TokenKind::Generic
        } else if e.text.bytes().all(|b| b.is_ascii_digit()) {
            TokenKind::Number
        } else if e.text.len() == 1 && e.src != Src::Han {
            TokenKind::Initial
        } else {
            TokenKind::Word
        };
        tokens.push(Token { text, kind });
    }
    let variants = variants(&ents, &tokens);
    let given_names = given_names(&ents, &tokens, kind, org);
    let patronymics = if !is_person(&ents, &tokens, kind, org) {
        Vec::new()
    } else {
        person_words(&ents, &tokens)
            .filter_map(|(i, t)| patronymics::patronymic(&t.text).map(|p| (i, p)))
            .collect()
    };
    AnalyzedName {
        original: name.to_string(),
        tokens,
        legal_forms: parts.legal,
        org_types: parts.org_types,
        honorific: parts.honorific,
        variants,
        given_names,
        patronymics,
    }
}

/// The tokens of a person's name that are forms of a given name in the table of
/// [`given_names`]: only when the name is read as a person's (a person, or an unknown
/// kind with two or more words and nothing that marks an organisation); Chinese words never.
fn given_names(
    ents: &[Entry],
    tokens: &[Token],
    kind: NameKind,
    org: bool,
) -> Vec<(usize, GivenName)> {
    if !is_person(ents, tokens, kind, org) {
        return Vec::new();
    }
    person_words(ents, tokens)
        .filter_map(|(i, t)| given_names::given_name(&t.text).map(|g| (i, g)))
        .collect()
}

/// The word tokens (not Chinese) of a name, with their positions.
fn person_words<'a>(
    ents: &'a [Entry],
    tokens: &'a [Token],
) -> impl Iterator<Item = (usize, &'a Token)> + 'a {
    tokens
        .iter()
        .zip(ents)
        .enumerate()
        .filter(|(_, (t, e))| t.kind == TokenKind::Word && e.src != Src::Han)
        .map(|(i, (t, _))| (i, t))
}

/// Whether a name is read as a person's: a person, or an unknown kind with two or more words
/// and nothing that marks an organisation.
fn is_person(ents: &[Entry], tokens: &[Token], kind: NameKind, org: bool) -> bool {
    match kind {
        NameKind::Person => true,
        NameKind::Organization => false,
        NameKind::Any => !org && person_words(ents, tokens).count() >= 2,
    }
}

/// Roman numerals read as numbers: those whose skeleton is no other word's (`II`, `III`,
/// `VII`); `IV` and `VI` are left alone because `JV` and `WI` have the same skeletons, and
/// `I`, `V`, `X` alone are more often initials.
fn roman_numeral(t: &str) -> Option<&'static str> {
    Some(match t {
        "ii" => "2",
        "iii" => "3",
        "vii" => "7",
        "viii" => "8",
        "xii" => "12",
        _ => return None,
    })
}

fn key_with(tokens: &[Token], replace: &[(usize, String)]) -> String {
    let mut s = String::new();
    for (i, t) in tokens.iter().enumerate() {
        let text = replace
            .iter()
            .find(|(k, _)| *k == i)
            .map_or(t.text.as_str(), |(_, r)| r.as_str());
        if text.is_empty() {
            continue;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(text);
    }
    s
}

fn variants(ents: &[Entry], tokens: &[Token]) -> Vec<String> {
    let mut out = Vec::new();
    // Chinese words split into syllables.
    let mut split = Vec::new();
    for (i, e) in ents.iter().enumerate() {
        if let Some(r) = &e.han {
            if r.len() > 1 {
                let mut s = String::new();
                for c in r {
                    if let Some(p) = c.first() {
                        if !s.is_empty() {
                            s.push(' ');
                        }
                        let mut f = String::new();
                        fold_pinyin(p, &mut f);
                        skeleton_into(&f, &mut s);
                    }
                }
                split.push((i, s));
            }
        }
    }
    if !split.is_empty() {
        push_variant(&mut out, tokens, key_with(tokens, &split));
    }
    // Other readings of Chinese characters (heteronyms), one at a time.
    let mut hetero = 0;
    'outer: for (i, e) in ents.iter().enumerate() {
        let Some(r) = &e.han else { continue };
        for (ci, c) in r.iter().enumerate() {
            for alt in c.iter().skip(1).take(2) {
                if hetero >= 4 {
                    break 'outer;
                }
                let mut f = String::new();
                for (cj, c2) in r.iter().enumerate() {
                    let p = if cj == ci {
                        *alt
                    } else {
                        c2.first().copied().unwrap_or("")
                    };
                    fold_pinyin(p, &mut f);
                }
                let v = key_with(tokens, &[(i, skel(&f))]);
                let before = out.len();
                push_variant(&mut out, tokens, v);
                if out.len() > before {
                    hetero += 1;
                }
            }
        }
    }
    // Ambiguous abbreviations and GOST `x` for `х`.
    for (i, e) in ents.iter().enumerate() {
        if let Some(alt) = e.alt {
            push_variant(&mut out, tokens, key_with(tokens, &[(i, skel(alt))]));
        }
        // Texts are ASCII; `get` keeps this safe if one ever is not.
        let (head, rest) = (e.text.get(..1).unwrap_or(""), e.text.get(1..).unwrap_or(""));
        if e.src != Src::Han && e.kind == TokenKind::Word && rest.len() > 1 && rest.contains('x') {
            let kh = head.to_string() + &rest.replace('x', "kh");
            push_variant(&mut out, tokens, key_with(tokens, &[(i, skel(&kh))]));
        }
    }
    out
}
