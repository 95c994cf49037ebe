//! A phonetic key for multilingual names, computed on the [`crate::script::skeleton::skeleton()`] of a token.
//!
//! The skeleton already merges the spelling conventions of the common romanisations; the key
//! then keeps only consonant classes, as Soundex-like codes do, but with classes chosen for
//! names from many languages: vowels (in every position) are dropped, voiced and voiceless
//! pairs merge (b/p, d/t, g/k, v/f, z/s), and runs of one class collapse. Vowel-less scripts
//! (Arabic, Hebrew) and their vocalised romanisations therefore share keys: `محمد`, `Mohamed`
//! and `Muhammad` are all `MMT`.

/// The phonetic key of one token (any text; it is folded and skeletonised first). An
/// all-vowel token has the key `A`; an empty token the empty key.
pub fn phonetic_key(token: &str) -> String {
    let skel = crate::script::skeleton::skeleton(token);
    key_of_skeleton(&skel)
}

/// The phonetic key of a token that is already a skeleton.
pub(crate) fn key_of_skeleton(skel: &str) -> String {
    let mut out = String::with_capacity(skel.len());
    let mut last = '\0';
    let mut any = false;
    for c in skel.chars() {
        any = true;
        let k = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | ' ' => {
                // Vowels separate nothing: `Hasan` and `Hsn` share a key.
                continue;
            }
            'b' | 'p' => 'P',
            'f' | 'v' | 'w' => 'F',
            'c' => 'C',
            's' | 'z' => 'S',
            'd' | 't' => 'T',
            'g' | 'k' | 'q' => 'K',
            'j' => 'J',
            'x' => 'K',
            '0'..='9' => c,
            c if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
            _ => continue,
        };
        if k != last {
            out.push(k);
            last = k;
        }
    }
    if out.is_empty() && any {
        out.push('A');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(phonetic_key("Mohamed"), phonetic_key("Muhammad"));
        assert_eq!(phonetic_key("Hussein"), phonetic_key("Husain"));
        assert_eq!(phonetic_key("Shcherbakov"), phonetic_key("Ŝerbakov"));
        assert_eq!(phonetic_key("Schmidt"), "SMT");
        assert_eq!(phonetic_key("aio"), "A");
        assert_eq!(phonetic_key(""), "");
    }
}
