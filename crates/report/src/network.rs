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

/// The longest line of a node's label, in characters, before it wraps.
const WRAP: usize = 24;
/// The most lines a node's label takes; a longer name ends in `…` (the full name is in the
/// node's tooltip and the chain's evidence table).
const MAX_LINES: usize = 4;
/// Width of one character of a node label at the page's 11 px bold font, in SVG units (a
/// generous average, so that capitals fit).
const CHAR_W: f64 = 7.0;

/// A name broken into lines of at most [`WRAP`] characters at spaces (a longer word is cut
/// into pieces), at most [`MAX_LINES`] lines, the last ending in `…` when the name goes on.
pub fn wrap_label(name: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words: Vec<String> = Vec::new();
    for w in name.split_whitespace() {
        let chars: Vec<char> = w.chars().collect();
        for piece in chars.chunks(WRAP) {
            words.push(piece.iter().collect());
        }
    }
    for w in words {
        let len = line.chars().count();
        if len > 0 && len + 1 + w.chars().count() > WRAP {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&w);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            let mut cut: String = last.chars().take(WRAP - 1).collect();
            cut.push('…');
            *last = cut;
        }
    }
    lines
}

/// The SVG picture of one chain. Node names wrap onto up to four lines under their circle
/// ([`wrap_label`]); each column is as wide as its longest line, so no name runs into its
/// neighbour, and the full name is the node's tooltip (`<title>`). The picture is never drawn
/// wider than its own size, so its text stays at the page's 11 px.
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
    let labels: Vec<Vec<String>> = chain.nodes.iter().map(|nd| wrap_label(&nd.label)).collect();
    // Each column as wide as its widest line, and at least as wide as the longest edge label
    // (10 px text, about 5.6 units a character), which sits between two column centres.
    let edge_w = chain
        .edges
        .iter()
        .map(|e| {
            (e.label.chars().count() + 3 + money(e.value_usd).chars().count()) as f64 * 5.6 + 24.0
        })
        .fold(150.0f64, f64::max);
    let mut col_w = vec![edge_w; cols];
    for (i, lines) in labels.iter().enumerate() {
        let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let w = widest as f64 * CHAR_W + 40.0;
        if col_w[col[i]] < w {
            col_w[col[i]] = w;
        }
    }
    let mut col_x = vec![0.0f64; cols];
    let mut x = 20.0;
    for c in 0..cols {
        col_x[c] = x + col_w[c] / 2.0;
        x += col_w[c];
    }
    let max_lines = labels.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let max_rows = rows_in_col.iter().copied().max().unwrap_or(1).max(1);
    let rh = 56.0 + 13.0 * max_lines as f64;
    let w = x + 20.0;
    let h = 30.0 + rh * max_rows as f64;
    let pos = |i: usize| (col_x[col[i]], 30.0 + rh * row[i] as f64);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="chart network" viewBox="0 0 {w:.0} {h:.0}" style="max-width:{w:.0}px" role="img"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/></marker></defs>"##
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
        let lines = &labels[i];
        let _ = write!(
            s,
            r#"<g class="chain-node"><title>{} ({}) — {}</title><circle cx="{x:.1}" cy="{y:.1}" r="9" fill="{}"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="node">"#,
            esc(&node.label),
            esc(&node.country.to_uppercase()),
            esc(&node.kind.replace('_', " ")),
            colour(&node.kind),
            y + 22.0,
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                r#"<tspan x="{x:.1}" dy="{}">{}</tspan>"#,
                if k == 0 { "0" } else { "13" },
                esc(line)
            );
        }
        let _ = write!(
            s,
            r#"</text><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="axis">{} · {}</text></g>"#,
            y + 22.0 + 13.0 * lines.len() as f64,
            esc(&node.country.to_uppercase()),
            esc(&node.kind.replace('_', " "))
        );
    }
    s.push_str("</svg>");
    s
}
