//! Chinese characters read in pinyin (simplified and traditional), with heteronyms: the
//! readings of one character, and a reading folded to ASCII. Company names are cut into words
//! by the dictionary of [`crate::tables::chinese_words`].

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

/// Appends a pinyin reading folded to ASCII (`ü` → `u`, `ê` → `e`).
pub(crate) fn fold_reading(p: &str, out: &mut String) {
    for c in p.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if c == 'ü' {
            out.push('u');
        } else {
            crate::script::latin::fold_latin_char(c, out);
        }
    }
}
