//! Rendering features as one sentence for reviewers.

use crate::features::Feature;

/// Renders features as a `; `-separated sentence ending with the total score, e.g.
/// `name 'X' ≈ alias 'Y' (3/3 tokens aligned): 0.950; country cn = cn: +0.015 → score 0.965`.
pub fn render_explanation(features: &[Feature], score: f64) -> String {
    let mut out = features
        .iter()
        .map(|f| f.text.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    out.push_str(&format!(" → score {score:.3}"));
    out
}
