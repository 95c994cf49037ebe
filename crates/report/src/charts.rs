//! SVG charts drawn from numbers, with no scripts: stacked bars, bars with intervals,
//! horizontal bars. Every chart has a `<title>` per mark so hovering shows the value.

use crate::fmt::esc;
use std::fmt::Write;

/// A colour per series, chosen to stay distinguishable in print.
pub const PALETTE: [&str; 10] = [
    "#1d4ed8", "#b91c1c", "#a16207", "#047857", "#7c3aed", "#0e7490", "#be185d", "#4d7c0f",
    "#57534e", "#c2410c",
];

/// A stacked bar chart: one bar per x label, one stacked segment per series.
pub fn stacked_bars(
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
    value_fmt: fn(f64) -> String,
) -> String {
    let (w, h, left, bottom, top) = (720.0, 300.0, 70.0, 40.0, 16.0);
    let plot_h = h - bottom - top;
    let n = x_labels.len().max(1) as f64;
    let slot = (w - left - 150.0) / n;
    let totals: Vec<f64> = (0..x_labels.len())
        .map(|i| {
            series
                .iter()
                .map(|(_, v)| v.get(i).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().fold(0.0, f64::max).max(1e-9);
    let mut s = String::new();
    let _ = write!(s, r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img">"#);
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let y = top + plot_h - plot_h * f64::from(k) / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#e5e7eb"/><text x="{}" y="{:.1}" text-anchor="end" class="axis">{}</text>"##,
            w - 150.0,
            left - 6.0,
            y + 4.0,
            esc(&value_fmt(v))
        );
    }
    for (i, label) in x_labels.iter().enumerate() {
        let x = left + slot * i as f64 + slot * 0.15;
        let bw = slot * 0.7;
        let mut y = top + plot_h;
        for (si, (name, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0.0);
            if v <= 0.0 {
                continue;
            }
            let bh = plot_h * v / max;
            y -= bh;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{}"><title>{} {}: {}</title></rect>"#,
                PALETTE[si % PALETTE.len()],
                esc(label),
                esc(name),
                esc(&value_fmt(v))
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{}" text-anchor="middle" class="axis">{}</text>"#,
            x + bw / 2.0,
            h - bottom + 16.0,
            esc(label)
        );
    }
    for (si, (name, _)) in series.iter().enumerate() {
        let y = top + 14.0 * si as f64;
        let _ = write!(
            s,
            r#"<rect x="{}" y="{y:.1}" width="10" height="10" fill="{}"/><text x="{}" y="{:.1}" class="legend">{}</text>"#,
            w - 140.0,
            PALETTE[si % PALETTE.len()],
            w - 125.0,
            y + 9.0,
            esc(name)
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars with 95 % interval whiskers: (label, share, lo, hi, n), shares in 0..=1.
pub fn interval_bars(rows: &[(String, f64, f64, f64, u64)]) -> String {
    let row_h = 22.0;
    let (w, left, right) = (720.0, 170.0, 90.0);
    let h = 30.0 + row_h * rows.len() as f64;
    let plot_w = w - left - right;
    let mut s = String::new();
    let _ = write!(s, r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img">"#);
    for k in 0..=4 {
        let x = left + plot_w * f64::from(k) / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="4" y2="{:.1}" stroke="#e5e7eb"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="axis">{}%</text>"##,
            h - 18.0,
            h - 4.0,
            k * 25
        );
    }
    for (i, (label, share, lo, hi, n)) in rows.iter().enumerate() {
        let y = 6.0 + row_h * i as f64;
        let bw = plot_w * share.clamp(0.0, 1.0);
        let (xl, xh) = (
            left + plot_w * lo.clamp(0.0, 1.0),
            left + plot_w * hi.clamp(0.0, 1.0),
        );
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" class="label">{}</text><rect x="{left}" y="{y:.1}" width="{bw:.1}" height="14" fill="#1d4ed8" opacity="0.8"><title>{}: {:.1}% [{:.1}–{:.1}%], n={n}</title></rect><line x1="{xl:.1}" x2="{xh:.1}" y1="{:.1}" y2="{:.1}" stroke="#111" stroke-width="1.5"/><line x1="{xl:.1}" x2="{xl:.1}" y1="{:.1}" y2="{:.1}" stroke="#111"/><line x1="{xh:.1}" x2="{xh:.1}" y1="{:.1}" y2="{:.1}" stroke="#111"/><text x="{:.1}" y="{:.1}" class="value">{:.0}% (n={n})</text>"##,
            left - 6.0,
            y + 11.0,
            esc(label),
            esc(label),
            share * 100.0,
            lo * 100.0,
            hi * 100.0,
            y + 7.0,
            y + 7.0,
            y + 2.0,
            y + 12.0,
            y + 2.0,
            y + 12.0,
            w - right + 6.0,
            y + 11.0,
            share * 100.0
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars: (label, value).
pub fn hbars(rows: &[(String, f64)], value_fmt: fn(f64) -> String) -> String {
    let row_h = 22.0;
    let (w, left, right) = (720.0, 260.0, 90.0);
    let h = 8.0 + row_h * rows.len() as f64;
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1e-9);
    let mut s = String::new();
    let _ = write!(s, r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img">"#);
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let bw = (w - left - right) * v / max;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" class="label">{}</text><rect x="{left}" y="{y:.1}" width="{bw:.1}" height="14" fill="#b91c1c" opacity="0.85"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}" class="value">{}</text>"##,
            left - 6.0,
            y + 11.0,
            esc(label),
            esc(label),
            esc(&value_fmt(*v)),
            left + bw + 6.0,
            y + 11.0,
            esc(&value_fmt(*v))
        );
    }
    s.push_str("</svg>");
    s
}
