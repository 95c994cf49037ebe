//! Comparing analysed names.
//!
//! [`similarity()`] is order-insensitive: tokens of the two names are paired greedily, best
//! pair first, each pair scored by [`token_similarity`]. A token weighs its length, a
//! generic organisation word half of that. The score is the mean of a symmetric part (paired
//! weight over the weight of both names, so unpaired tokens lower it) and a coverage part
//! (paired weight of the smaller name over its weight, so that `Vladimir Putin` still scores
//! high against `Vladimir Vladimirovich Putin`). Every key of each
//! name (its key and its variants) is tried and the best score kept. When the names have
//! different numbers of tokens, their concatenations are also compared (Jaro × 0.95), for
//! `Huawei` against `Hua Wei`. Legal forms are not part of the score: see
//! [`crate::legal_form_agreement`].

use crate::name::{AnalyzedName, TokenKind};
use crate::script::phonetic::key_of_skeleton;

/// Jaro similarity of two ASCII strings (bytes are compared).
pub fn jaro(a: &str, b: &str) -> f64 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_used = [false; 64];
    let mut b_used_vec;
    let b_used: &mut [bool] = if b.len() <= 64 {
        &mut b_used[..b.len()]
    } else {
        b_used_vec = vec![false; b.len()];
        &mut b_used_vec
    };
    let mut a_match: Vec<u8> = Vec::with_capacity(a.len());
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_used[j] && b[j] == ca {
                b_used[j] = true;
                a_match.push(ca);
                break;
            }
        }
    }
    let m = a_match.len();
    if m == 0 {
        return 0.0;
    }
    let b_match = b
        .iter()
        .zip(b_used.iter())
        .filter(|(_, &u)| u)
        .map(|(&c, _)| c);
    let transpositions = a_match
        .iter()
        .zip(b_match)
        .filter(|(x, y)| **x != *y)
        .count()
        / 2;
    let m = m as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0
}

/// Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters).
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let j = jaro(a, b);
    let prefix = a
        .bytes()
        .zip(b.bytes())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count() as f64;
    j + prefix * 0.1 * (1.0 - j)
}

/// Similarity of two tokens (skeletons): 1 when equal; an initial against a word starting
/// with it 0.8; otherwise the larger of their Jaro-Winkler similarity and 0.9 when their
/// phonetic keys are equal (so vowel-less romanisations meet vocalised ones).
pub fn token_similarity(a: &str, b: &str) -> f64 {
    token_similarity_with(a, b, || (key_of_skeleton(a), key_of_skeleton(b)))
}

fn token_similarity_with(a: &str, b: &str, keys: impl FnOnce() -> (String, String)) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.len() == 1 || b.len() == 1 {
        let (i, w) = if a.len() == 1 { (a, b) } else { (b, a) };
        return if w.starts_with(i) { 0.8 } else { 0.0 };
    }
    let jw = jaro_winkler(a, b);
    if jw < 0.9 {
        let (ka, kb) = keys();
        if ka.len() > 1 && ka == kb {
            return 0.9;
        }
    }
    jw
}

/// Share of the score given to how much of the smaller name is met (the rest is symmetric).
const COVERAGE_WEIGHT: f64 = 0.5;

/// A token of one form: text, weight, phonetic key.
type FormToken<'a> = (&'a str, f64, String);

fn align(a: &[FormToken<'_>], b: &[FormToken<'_>]) -> f64 {
    align_detail(a, b, None)
}

/// Aligns two token lists; when `detail` is given, records the pairs made, as
/// `(index in a, index in b, score)`.
fn align_detail(
    a: &[FormToken<'_>],
    b: &[FormToken<'_>],
    mut detail: Option<&mut Vec<(usize, usize, f64)>>,
) -> f64 {
    let total: f64 = a.iter().chain(b).map(|t| t.1).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::with_capacity(a.len() * b.len());
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let s = token_similarity_with(x.0, y.0, || (x.2.clone(), y.2.clone()));
            if s > 0.0 {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut ua = vec![false; a.len()];
    let mut ub = vec![false; b.len()];
    let (mut got, mut got_a, mut got_b) = (0.0, 0.0, 0.0);
    for (s, i, j) in pairs {
        if ua[i] || ub[j] {
            continue;
        }
        ua[i] = true;
        ub[j] = true;
        got += s * (a[i].1 + b[j].1);
        got_a += s * a[i].1;
        got_b += s * b[j].1;
        if let Some(d) = detail.as_deref_mut() {
            d.push((i, j, s));
        }
    }
    // Symmetric part: paired weight over both names' weight. Coverage part: paired weight
    // over the smaller name's weight, so that a name met in full inside a longer one (a
    // missing patronymic or middle name) still scores high.
    let symmetric = got / total;
    let wa: f64 = a.iter().map(|t| t.1).sum();
    let wb: f64 = b.iter().map(|t| t.1).sum();
    let small = if wa <= wb { wa } else { wb };
    let got_small = if wa <= wb { got_a } else { got_b };
    let coverage = if small > 0.0 {
        (got_small / small).min(1.0)
    } else {
        0.0
    };
    let mut score = COVERAGE_WEIGHT * coverage + (1.0 - COVERAGE_WEIGHT) * symmetric;
    if a.len() != b.len() {
        // `Huawei` against `Hua Wei`, `RamiMakhlouf` against `Rami Makhlouf`: compare the
        // concatenations, in the names' order and sorted.
        let ca: String = a.iter().map(|t| t.0).collect();
        let cb: String = b.iter().map(|t| t.0).collect();
        let mut sa: Vec<&str> = a.iter().map(|t| t.0).collect();
        let mut sb: Vec<&str> = b.iter().map(|t| t.0).collect();
        sa.sort_unstable();
        sb.sort_unstable();
        let c = jaro(&ca, &cb).max(jaro(&sa.concat(), &sb.concat())) * 0.95;
        if c > score {
            score = c;
        }
    }
    score
}

fn forms(n: &AnalyzedName) -> Vec<Vec<FormToken<'_>>> {
    let generic = |t: &str| {
        n.tokens
            .iter()
            .any(|x| x.kind == TokenKind::Generic && x.text == t)
    };
    let weigh = |t: &str| t.len() as f64 * if generic(t) { 0.5 } else { 1.0 };
    let mut v = Vec::with_capacity(1 + n.variants.len());
    v.push(
        n.tokens
            .iter()
            .map(|t| (t.text.as_str(), weigh(&t.text), key_of_skeleton(&t.text)))
            .collect(),
    );
    for var in &n.variants {
        v.push(
            var.split(' ')
                .filter(|t| !t.is_empty())
                .map(|t| (t, weigh(t), key_of_skeleton(t)))
                .collect(),
        );
    }
    v
}

/// Similarity of two analysed names in [0, 1] (see the module documentation).
pub fn similarity(a: &AnalyzedName, b: &AnalyzedName) -> f64 {
    let fa = forms(a);
    let fb = forms(b);
    let mut best: f64 = 0.0;
    for x in &fa {
        for y in &fb {
            best = best.max(align(x, y));
            if best >= 1.0 {
                return 1.0;
            }
        }
    }
    best
}

/// Two tokens paired by [`explain`].
#[derive(Debug, Clone, PartialEq)]
pub struct TokenPair {
    /// The token of the first name (a skeleton).
    pub left: String,
    /// The token of the second name.
    pub right: String,
    /// Their [`token_similarity`].
    pub score: f64,
}

/// Why two names got their [`similarity()`]: the keys that were compared (the best pair of
/// key or variant), the tokens paired and those left over, for showing to a reviewer.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The similarity.
    pub score: f64,
    /// The key (or variant) of the first name that gave the score.
    pub left_key: String,
    /// The key (or variant) of the second name that gave the score.
    pub right_key: String,
    /// Paired tokens, best first.
    pub pairs: Vec<TokenPair>,
    /// Tokens of the first name left unpaired.
    pub left_only: Vec<String>,
    /// Tokens of the second name left unpaired.
    pub right_only: Vec<String>,
}

/// Explains [`similarity()`]: the same score, with the token pairing behind it.
pub fn explain(a: &AnalyzedName, b: &AnalyzedName) -> Explanation {
    let fa = forms(a);
    let fb = forms(b);
    let mut best = (-1.0, 0, 0);
    for (i, x) in fa.iter().enumerate() {
        for (j, y) in fb.iter().enumerate() {
            let s = align(x, y);
            if s > best.0 {
                best = (s, i, j);
            }
        }
    }
    let (x, y) = match (fa.get(best.1), fb.get(best.2)) {
        (Some(x), Some(y)) => (x.as_slice(), y.as_slice()),
        _ => (&[][..], &[][..]),
    };
    let mut d = Vec::new();
    let score = align_detail(x, y, Some(&mut d));
    let join = |f: &[FormToken<'_>]| f.iter().map(|t| t.0).collect::<Vec<_>>().join(" ");
    let pairs: Vec<TokenPair> = d
        .iter()
        .map(|&(i, j, s)| TokenPair {
            left: x[i].0.to_string(),
            right: y[j].0.to_string(),
            score: s,
        })
        .collect();
    let left_only = (0..x.len())
        .filter(|i| !d.iter().any(|p| p.0 == *i))
        .map(|i| x[i].0.to_string())
        .collect();
    let right_only = (0..y.len())
        .filter(|j| !d.iter().any(|p| p.1 == *j))
        .map(|j| y[j].0.to_string())
        .collect();
    Explanation {
        score,
        left_key: join(x),
        right_key: join(y),
        pairs,
        left_only,
        right_only,
    }
}
