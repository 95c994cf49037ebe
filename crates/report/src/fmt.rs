//! Text formatting shared by the page and its pictures: HTML escaping and compact amounts.
//! The lowest layer of the report: `fmt` → `charts`, `network` → `html`.

/// Escapes text for HTML content and attribute values (refdata's one escaper).
pub use chokepoint_refdata::html::esc;

/// Formats a dollar amount compactly: $1.2bn, $3.4m, $5.6k.
pub fn money(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("${:.1}bn", v / 1e9)
    } else if a >= 1e6 {
        format!("${:.1}m", v / 1e6)
    } else if a >= 1e3 {
        format!("${:.1}k", v / 1e3)
    } else {
        format!("${v:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_amounts() {
        assert_eq!(
            esc(r#"<a href="x">O'K & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;O&#39;K &amp; co&lt;/a&gt;"
        );
        assert_eq!(money(4.2e6), "$4.2m");
        assert_eq!(money(7.2e9), "$7.2bn");
        assert_eq!(money(4.5e3), "$4.5k");
        assert_eq!(money(950.0), "$950");
        assert_eq!(money(-2.5e6), "$-2.5m");
    }
}
