//! A chain drawn as a left-to-right network: nodes in columns by their distance from the
//! origin, edges as arrows labelled with what moved and its value.

use crate::data::Chain;
use crate::fmt::{esc, money};
use std::fmt::Write;

fn colour(kind: &str) -> &'static str {
    match kind {
        "origin" => "#047857",
        "shell" => "#a16207",
        "end_user" | "designated" => "#b91c1c",
        _ => "#1d4ed8",
    }
}

/// The SVG picture of one chain.
pub fn chain_svg(chain: &Chain) -> String {
    let n = chain.nodes.len();
    // Column of each node: longest distance from a node without incoming edges.
    let mut col = vec![0usize; n];
    for _ in 0..n {
        for e in &chain.edges {
            if e.from < n && e.to < n && col[e.to] < col[e.from] + 1 {
                col[e.to] = col[e.from] + 1;
            }
        }
    }
    let cols = col.iter().copied().max().unwrap_or(0) + 1;
    let mut rows_in_col = vec![0usize; cols];
    let mut row = vec![0usize; n];
    for i in 0..n {
        row[i] = rows_in_col[col[i]];
        rows_in_col[col[i]] += 1;
    }
    let max_rows = rows_in_col.iter().copied().max().unwrap_or(1).max(1);
    let (cw, rh) = (190.0, 70.0);
    let w = 40.0 + cw * cols as f64;
    let h = 30.0 + rh * max_rows as f64;
    let pos = |i: usize| (30.0 + cw * col[i] as f64, 30.0 + rh * row[i] as f64);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="chart network" viewBox="0 0 {w} {h}" role="img"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/></marker></defs>"##
    );
    for e in &chain.edges {
        if e.from >= n || e.to >= n {
            continue;
        }
        let (x1, y1) = pos(e.from);
        let (x2, y2) = pos(e.to);
        let _ = write!(
            s,
            r##"<line x1="{:.1}" y1="{y1:.1}" x2="{:.1}" y2="{y2:.1}" stroke="#6b7280" stroke-width="1.5" marker-end="url(#arrow)"><title>{} — {} — {} shipments</title></line><text x="{:.1}" y="{:.1}" text-anchor="middle" class="edge">{} · {}</text>"##,
            x1 + 10.0,
            x2 - 10.0,
            esc(&e.label),
            money(e.value_usd),
            e.evidence.len(),
            (x1 + x2) / 2.0,
            (y1 + y2) / 2.0 - 6.0,
            esc(&e.label),
            money(e.value_usd)
        );
    }
    for (i, node) in chain.nodes.iter().enumerate() {
        let (x, y) = pos(i);
        let label: String = node.label.chars().take(26).collect();
        let _ = write!(
            s,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="9" fill="{}"><title>{} ({}) — {}</title></circle><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="node">{}</text><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="axis">{} · {}</text>"#,
            colour(&node.kind),
            esc(&node.label),
            esc(&node.country),
            esc(&node.kind),
            y + 22.0,
            esc(&label),
            y + 34.0,
            esc(&node.country.to_uppercase()),
            esc(&node.kind.replace('_', " "))
        );
    }
    s.push_str("</svg>");
    s
}
