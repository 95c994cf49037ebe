//! Comparing two names token by token: token similarity (Levenshtein and Jaro-Winkler across
//! romanisations, equivalent given names and patronymics, initials, abbreviations, digits
//! read as letters), the best alignment across word order, and the name similarity it gives
//! ([`NameMatch`]); also the spelling and legal-form agreements the name features use.

use crate::prep::{legal_agreement, token_weight, PTok, Prepared, MAX_TOKENS};
use crate::weights::{
    ABBREVIATION_SIM, ACRONYM_SIM, ACRONYM_STRONG_SIM, ACRONYM_TWO_LETTER_SIM, DICE_SHARE,
    EXACT_SIMILARITY, INITIAL_SIM, JOINED_MIN_SIM, LEET_SIM, LEV_SHARE, MIN_TOKEN_SIM,
    PHONETIC_MIN_SIM, PHONETIC_SIM, SINGLE_DICE_SHARE, TRANSLATION_SIM,
};
use chokepoint_names::{GivenName, Patronymic, Strength, TokenKind};
use rapidfuzz::distance::{jaro_winkler, levenshtein};

/// A token as the scorer sees it: text, phonetic key, kind and weight.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokView<'a> {
    pub text: &'a str,
    pub phon: &'a str,
    pub kind: TokenKind,
    pub weight: f32,
    /// The given-name class, for tokens read as a person's given name.
    pub given: Option<GivenName>,
    /// The patronymic class, for tokens read as a person's patronymic.
    pub patronymic: Option<Patronymic>,
}

impl<'a> TokView<'a> {
    /// A view of a prepared token with its kind weight times `rarity`.
    pub(crate) fn of(t: &'a PTok, rarity: f32) -> Self {
        TokView {
            text: &t.text,
            phon: &t.phon,
            kind: t.kind,
            weight: token_weight(t.kind, &t.text) * rarity,
            given: t.given,
            patronymic: t.patronymic,
        }
    }
}

/// How two tokens agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokMatch {
    Exact,
    Fuzzy,
    Phonetic,
    Abbrev,
    Initial,
    /// Equivalent given names of one class (Oleksandr and Aleksandr), with the strength.
    Given(Strength),
    /// Equivalent patronymics of one class (Oleksandrovych and Aleksandrovich).
    Patronymic(Strength),
}

/// Whether a token (skeleton) is shaped like a patronymic: `-vic`, `-vna`, `-una`
/// (Ivanovich, Ivanivna, Ivanauna), so that a patronymic outside the table may still match a
/// recognised one.
fn patronymic_shaped(t: &str) -> bool {
    t.len() > 5 && (t.ends_with("vic") || t.ends_with("vna") || t.ends_with("una"))
}

/// The similarity of two equivalent given-name forms of the given strength.
pub(crate) fn given_sim(s: Strength) -> f32 {
    match s {
        Strength::Spelling => 1.0,
        Strength::Translation => TRANSLATION_SIM,
    }
}

fn is_subsequence(short: &[u8], long: &[u8]) -> bool {
    let mut it = long.iter();
    short.iter().all(|c| it.any(|l| l == c))
}

/// Whether a token mixes letters and digits (`sech1n`, `ig0r`): digits may stand for letters.
fn is_leet(t: &[u8]) -> bool {
    t.iter().any(u8::is_ascii_digit) && t.iter().any(u8::is_ascii_alphabetic)
}

/// Reads digits that stand for letters as those letters.
fn unleet(t: &[u8]) -> Vec<u8> {
    t.iter()
        .map(|&b| match b {
            b'0' => b'o',
            b'1' => b'i',
            b'3' => b'e',
            b'4' => b'a',
            b'5' => b's',
            b'7' => b't',
            b'8' => b'b',
            b'9' => b'g',
            other => other,
        })
        .collect()
}

/// Similarity of two folded tokens in `0..=1` and how they agree; `None` when they do not.
pub(crate) fn token_sim(a: &TokView, b: &TokView) -> Option<(f32, TokMatch)> {
    if a.text == b.text {
        return Some((1.0, TokMatch::Exact));
    }
    if let (Some(x), Some(y)) = (a.given, b.given) {
        if let Some(s) = x.equivalence(y) {
            return Some((given_sim(s), TokMatch::Given(s)));
        }
    }
    // A patronymic only ever meets patronymics: an equivalent one counts like the same word,
    // one of another class not at all, and a given name or surname (Ivan, Petrov) never.
    match (a.patronymic, b.patronymic) {
        (Some(x), Some(y)) => {
            return x
                .equivalence(y)
                .map(|s| (given_sim(s), TokMatch::Patronymic(s)));
        }
        (Some(_), None) if !patronymic_shaped(b.text) => return None,
        (None, Some(_)) if !patronymic_shaped(a.text) => return None,
        _ => {}
    }
    let (ab, bb) = (a.text.as_bytes(), b.text.as_bytes());
    let (Some(&a0), Some(&b0)) = (ab.first(), bb.first()) else {
        return None;
    };
    if is_leet(ab) || is_leet(bb) {
        let (la, lb) = (unleet(ab), unleet(bb));
        if la == lb {
            return Some((LEET_SIM, TokMatch::Fuzzy));
        }
    }
    let a_num = a.kind == TokenKind::Number || ab.iter().all(u8::is_ascii_digit);
    let b_num = b.kind == TokenKind::Number || bb.iter().all(u8::is_ascii_digit);
    if a_num || b_num {
        return None;
    }
    if ab.len() == 1 || bb.len() == 1 {
        return (a0 == b0).then_some((INITIAL_SIM, TokMatch::Initial));
    }
    let (short, long) = if ab.len() <= bb.len() {
        (ab, bb)
    } else {
        (bb, ab)
    };
    let abbrev = short.len() >= 2
        && short.len() + 2 <= long.len()
        && short[0] == long[0]
        && is_subsequence(short, long);
    let max_len = ab.len().max(bb.len()) as f32;
    if abbrev {
        // An abbreviation scores at least ABBREVIATION_SIM below; the full similarity may be
        // higher.
    } else {
        // Levenshtein is at least the length difference, Jaro-Winkler at most 1: skip the
        // distance computations when even that bound cannot reach a usable similarity.
        let lev_bound = 1.0 - (ab.len().abs_diff(bb.len())) as f32 / max_len;
        let bound = LEV_SHARE * lev_bound + (1.0 - LEV_SHARE);
        let needed = if a.phon == b.phon && !a.phon.is_empty() {
            PHONETIC_MIN_SIM
        } else {
            MIN_TOKEN_SIM
        };
        if bound < needed {
            return None;
        }
    }
    let d = levenshtein::distance(ab.iter().copied(), bb.iter().copied()) as f32;
    let lev = 1.0 - d / max_len;
    let jw = jaro_winkler::similarity(ab.iter().copied(), bb.iter().copied()) as f32;
    let mut sim = LEV_SHARE * lev + (1.0 - LEV_SHARE) * jw;
    let mut how = TokMatch::Fuzzy;
    if a.phon == b.phon && !a.phon.is_empty() && (PHONETIC_MIN_SIM..PHONETIC_SIM).contains(&sim) {
        sim = PHONETIC_SIM;
        how = TokMatch::Phonetic;
    }
    if abbrev && sim < ABBREVIATION_SIM {
        sim = ABBREVIATION_SIM;
        how = TokMatch::Abbrev;
    }
    (sim >= MIN_TOKEN_SIM).then_some((sim, how))
}

/// The outcome of comparing two token sequences.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameMatch {
    /// Name similarity in `0..=1`.
    pub sim: f64,
    /// Tokens of the query and of the candidate.
    pub q_tokens: usize,
    pub c_tokens: usize,
    /// Aligned pairs and how they agree.
    pub exact: usize,
    pub fuzzy: usize,
    pub phonetic: usize,
    pub abbrev: usize,
    pub initial: usize,
    /// Aligned pairs of equivalent given names: query token, candidate token, class and
    /// strength (for explanations).
    pub given: Vec<(String, String, &'static str, Strength)>,
    /// Aligned pairs of equivalent patronymics: query token, candidate token, the father's
    /// given-name class and strength (for explanations).
    pub patronymic: Vec<(String, String, &'static str, Strength)>,
    /// The query's and the candidate's patronymics when both state one and they differ
    /// (left out of the similarity, costing [`crate::weights::PATRONYMIC_MISMATCH`]).
    pub patronymic_mismatch: Option<(String, String)>,
    /// Whether the aligned tokens appear in a different order.
    pub reordered: bool,
    /// Query tokens that the names crate expanded from abbreviations.
    pub expanded: usize,
    /// Whether the names agree only when their tokens are joined (word joining or splitting).
    pub joined: bool,
    /// Whether one name is a single token spelling the initials of the other's words.
    pub acronym: bool,
    /// When a short name (one token spelled with at most [`SHORT_NAME_LEN`] letters) was
    /// compared with a name spelled otherwise: the two spellings and the similarity that caps
    /// the name similarity (`AA` and `A` reduce to one token but are spelled differently).
    pub short_cap: Option<(String, String, f64)>,
}

impl NameMatch {
    /// Number of aligned token pairs.
    pub(crate) fn aligned(&self) -> usize {
        self.exact
            + self.fuzzy
            + self.phonetic
            + self.abbrev
            + self.initial
            + self.given.len()
            + self.patronymic.len()
    }
}

/// Compares two token sequences: greedy best alignment (highest weighted similarity first,
/// each token used once), then a weighted Dice/coverage blend.
pub(crate) fn compare_tokens(q: &[TokView], c: &[TokView]) -> NameMatch {
    compare_tokens_with(q, c, |i, j| token_sim(&q[i], &c[j]))
}

/// [`compare_tokens`] with token similarities from `sim(query index, candidate index)` (the
/// index passes similarities it already computed while expanding the query).
pub(crate) fn compare_tokens_with(
    q: &[TokView],
    c: &[TokView],
    sim: impl Fn(usize, usize) -> Option<(f32, TokMatch)>,
) -> NameMatch {
    let q = &q[..q.len().min(MAX_TOKENS)];
    let c = &c[..c.len().min(MAX_TOKENS)];
    let m = NameMatch {
        q_tokens: q.len(),
        c_tokens: c.len(),
        ..NameMatch::default()
    };
    if q.is_empty() || c.is_empty() {
        return m;
    }
    PAIRS.with(|buf| match buf.try_borrow_mut() {
        Ok(mut pairs) => align(q, c, &sim, &mut pairs, m),
        Err(_) => align(q, c, &sim, &mut Vec::new(), m),
    })
}

/// Candidate token pairs `(sort key, query index, candidate index, similarity, how)`.
type Pairs = Vec<(f32, u8, u8, f32, TokMatch)>;

thread_local! {
    /// Reused buffer of token pairs for [`align`].
    static PAIRS: std::cell::RefCell<Pairs> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The greedy alignment behind [`compare_tokens_with`].
fn align(
    q: &[TokView],
    c: &[TokView],
    sim: &impl Fn(usize, usize) -> Option<(f32, TokMatch)>,
    pairs: &mut Pairs,
    mut m: NameMatch,
) -> NameMatch {
    pairs.clear();
    for (i, a) in q.iter().enumerate() {
        for (j, b) in c.iter().enumerate() {
            if let Some((s, how)) = sim(i, j) {
                pairs.push((s * (a.weight + b.weight), i as u8, j as u8, s, how));
            }
        }
    }
    pairs.sort_unstable_by(|x, y| y.0.total_cmp(&x.0));
    let (mut used_q, mut used_c) = (0u32, 0u32);
    // Matched weight on each side: a side's coverage never exceeds 1, even when its token
    // weighs less than its partner (a two-letter alias against a full word).
    let (mut matched_q, mut matched_c) = (0.0f32, 0.0f32);
    let mut partner = [u8::MAX; MAX_TOKENS];
    for &(_, i, j, s, how) in pairs.iter() {
        if used_q & (1 << i) != 0 || used_c & (1 << j) != 0 {
            continue;
        }
        used_q |= 1 << i;
        used_c |= 1 << j;
        let (a, b) = (&q[i as usize], &c[j as usize]);
        matched_q += a.weight * s;
        matched_c += b.weight * s;
        partner[i as usize] = j;
        match how {
            TokMatch::Exact => m.exact += 1,
            TokMatch::Fuzzy => m.fuzzy += 1,
            TokMatch::Phonetic => m.phonetic += 1,
            TokMatch::Abbrev => m.abbrev += 1,
            TokMatch::Initial => m.initial += 1,
            TokMatch::Given(st) => {
                let class = a.given.or(b.given).map_or("", |g| g.class);
                m.given
                    .push((a.text.to_string(), b.text.to_string(), class, st));
            }
            TokMatch::Patronymic(st) => {
                let class = a.patronymic.or(b.patronymic).map_or("", |p| p.class);
                m.patronymic
                    .push((a.text.to_string(), b.text.to_string(), class, st));
            }
        }
    }
    // Both names state a patronymic and they did not align: a mismatch, left out of the
    // similarity (it costs PATRONYMIC_MISMATCH instead).
    let mut used_pair: Option<(usize, usize)> = None;
    if let Some(i) = (0..q.len()).find(|&i| used_q & (1 << i) == 0 && q[i].patronymic.is_some()) {
        if let Some(j) = (0..c.len()).find(|&j| used_c & (1 << j) == 0 && c[j].patronymic.is_some())
        {
            m.patronymic_mismatch = Some((q[i].text.to_string(), c[j].text.to_string()));
            used_pair = Some((i, j));
        }
    }
    let mut last: Option<u8> = None;
    for &j in partner[..q.len()].iter().filter(|&&j| j != u8::MAX) {
        if last.is_some_and(|l| j < l) {
            m.reordered = true;
        }
        last = Some(j);
    }
    let (skip_q, skip_c) = used_pair.map_or((usize::MAX, usize::MAX), |p| p);
    let wq: f32 = q
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != skip_q)
        .map(|(_, t)| t.weight)
        .sum();
    let wc: f32 = c
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != skip_c)
        .map(|(_, t)| t.weight)
        .sum();
    let dice = (matched_q + matched_c) / (wq + wc);
    let cover = if wq <= wc {
        matched_q / wq
    } else {
        matched_c / wc
    };
    // A shorter side with a single strong token is weak evidence on its own ("KAZAN" inside
    // "KAZAN MACHINERY COMPANY"): lean on Dice, which counts the other side's extra tokens.
    let strong = |side: &[TokView]| {
        side.iter()
            .filter(|t| t.kind == TokenKind::Word && t.text.len() > 2)
            .count()
    };
    let shorter = if wq <= wc { q } else { c };
    let share = if strong(shorter) <= 1 && q.len() != c.len() {
        SINGLE_DICE_SHARE
    } else {
        DICE_SHARE
    };
    m.sim = f64::from((share * dice + (1.0 - share) * cover).clamp(0.0, 1.0));
    if let Some(acr) = acronym_sim(q, c).or_else(|| acronym_sim(c, q)) {
        if acr > m.sim {
            m = NameMatch {
                sim: acr,
                q_tokens: q.len(),
                c_tokens: c.len(),
                abbrev: 1,
                acronym: true,
                ..NameMatch::default()
            };
        }
    }
    let (lq, lc): (usize, usize) = (
        q.iter().map(|t| t.text.len()).sum(),
        c.iter().map(|t| t.text.len()).sum(),
    );
    let max_len = lq.max(lc).max(1) as f64;
    // Joined comparison (word joining or splitting): only when it could reach JOINED_MIN_SIM
    // and beat
    // the aligned similarity.
    if q.len() != c.len()
        && m.sim < EXACT_SIMILARITY
        && 1.0 - lq.abs_diff(lc) as f64 / max_len >= JOINED_MIN_SIM
    {
        let jq = q.iter().flat_map(|t| t.text.bytes());
        let jc = c.iter().flat_map(|t| t.text.bytes());
        let d = levenshtein::distance(jq, jc) as f64;
        let js = 1.0 - d / max_len;
        if js >= JOINED_MIN_SIM && js > m.sim {
            m.sim = js;
            m.joined = true;
        }
    }
    m
}

/// Similarity when `short` is one token spelling the initials of `long`'s words (`PLA` for
/// `People's Liberation Army`); generic words may be skipped.
fn acronym_sim(short: &[TokView], long: &[TokView]) -> Option<f64> {
    let [t] = short else { return None };
    if long.len() < 2
        || !(2..=8).contains(&t.text.len())
        || !t.text.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let all: String = long.iter().filter_map(|w| w.text.chars().next()).collect();
    if all == t.text {
        // Two initials are weak evidence: any two-word name has some two-letter acronym.
        return Some(if t.text.len() == 2 {
            ACRONYM_TWO_LETTER_SIM
        } else {
            ACRONYM_SIM
        });
    }
    let strong: String = long
        .iter()
        .filter(|w| w.kind != TokenKind::Generic)
        .filter_map(|w| w.text.chars().next())
        .collect();
    (strong.len() >= 3 && strong == t.text).then_some(ACRONYM_STRONG_SIM)
}

/// Names spelled with at most this many letters in one token are short names (acronyms and
/// the like): their reduced token (`aa` → `a`, `khk` → `hk`) says too little, so the spelling
/// must agree too.
pub(crate) const SHORT_NAME_LEN: usize = 4;

/// Whether tokens may form a short name (one token of at most [`SHORT_NAME_LEN`] letters once
/// reduced; whether its spelling is short too is checked by [`cap_short_name`]).
pub(crate) fn is_short_name(tokens: &[TokView]) -> bool {
    matches!(tokens, [t] if t.text.len() <= SHORT_NAME_LEN)
}

/// The spelling of a name's words that its tokens come from: the folded words (of at most
/// [`crate::prep::MAX_NAME_BYTES`] bytes of the name) whose reduced form is one of `tokens`,
/// joined. Legal forms and other words the analysis dropped are left out (`KHK CO LTD` →
/// `khk`).
pub(crate) fn spelled_letters(name: &str, tokens: &[TokView]) -> String {
    let folded = chokepoint_names::fold(crate::prep::cut(name));
    let mut out = String::new();
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        let sk = chokepoint_names::skeleton(w);
        if tokens.iter().any(|t| t.text == sk) {
            out.push_str(w);
        }
    }
    out
}

/// Caps the similarity of `m` when both names are one token, either is a short name, and the
/// two are spelled differently: the cap is the Levenshtein ratio of their spellings, so `A` vs `AA` is 0.5 and
/// `HAIKE` vs `KHK` 0.2, while `KHK CO LTD` vs `KHK` keeps its score. Acronym matches and
/// names in another script than Latin are left alone (acronyms compare initials, and a
/// transliteration's spelling differs by design).
pub(crate) fn cap_short_name(
    m: &mut NameMatch,
    q_name: &str,
    q: &[TokView],
    c_name: &str,
    c: &[TokView],
) {
    // Only one token against one token: with more words on one side, the alignment already
    // weighs what is left over.
    if m.acronym || m.sim <= 0.0 || q.len() != 1 || c.len() != 1 {
        return;
    }
    if !(is_short_name(q) || is_short_name(c)) {
        return;
    }
    // Across scripts the spellings differ by design (`КХК` is `kkhk` letter by letter): the
    // reduced tokens are what meets.
    if !crate::prep::cut(q_name).is_ascii() || !crate::prep::cut(c_name).is_ascii() {
        return;
    }
    let (a, b) = (spelled_letters(q_name, q), spelled_letters(c_name, c));
    let short = |x: &str, t: &[TokView]| t.len() == 1 && x.len() <= SHORT_NAME_LEN;
    if a.is_empty() || b.is_empty() || a == b || !(short(&a, q) || short(&b, c)) {
        return;
    }
    let d = levenshtein::distance(a.bytes(), b.bytes()) as f64;
    let cap = 1.0 - d / a.len().max(b.len()) as f64;
    if cap < m.sim {
        m.sim = cap;
        m.joined = false;
        m.short_cap = Some((a, b, cap));
    }
}

/// Compares every form of `q` with every form of `c` (unit token rarity) and keeps the best.
/// Returns the match and whether it came from a non-primary romanisation.
pub(crate) fn compare_prepared(q: &Prepared, c: &Prepared) -> (NameMatch, bool) {
    let mut best = (NameMatch::default(), false);
    for (fi, fq) in q.forms.iter().enumerate() {
        let qv: Vec<TokView> = fq.iter().map(|t| TokView::of(t, 1.0)).collect();
        for (fj, fc) in c.forms.iter().enumerate() {
            let cv: Vec<TokView> = fc.iter().map(|t| TokView::of(t, 1.0)).collect();
            let mut m = compare_tokens(&qv, &cv);
            cap_short_name(&mut m, &q.original, &qv, &c.original, &cv);
            if m.sim > best.0.sim {
                best = (m, fi > 0 || fj > 0);
            }
        }
    }
    best
}

/// Whether two raw names are spelled the same, ignoring case, spacing and punctuation.
pub(crate) fn same_spelling(a: &str, b: &str) -> bool {
    let norm = |s: &'_ str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<Vec<char>>()
    };
    if a.is_ascii() && b.is_ascii() {
        let mut x = a
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase());
        let y = b
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase());
        return x.clone().next().is_some() && { x.by_ref().eq(y) };
    }
    let (x, y) = (norm(a), norm(b));
    !x.is_empty() && x == y
}

/// Whether two legal-form lists agree: the class pair used by the legal-form feature.
pub(crate) fn legal_pairs<F: std::borrow::Borrow<chokepoint_names::LegalForm>>(
    q: &[chokepoint_names::LegalForm],
    c: &[F],
) -> Option<bool> {
    let mut any_same = false;
    let mut any_diff = false;
    for a in q {
        for b in c {
            match legal_agreement(a.class, b.borrow().class) {
                Some(true) => any_same = true,
                Some(false) => any_diff = true,
                None => {}
            }
        }
    }
    if any_same {
        Some(true)
    } else if any_diff {
        Some(false)
    } else {
        None
    }
}
