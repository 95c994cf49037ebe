//! Reads names (one per line) on standard input and prints those whose key or a variant does
//! not give itself back when analysed again, with the count (a check of the property that
//! callers analysing variants again rely on).

use chokepoint_names::{analyze, NameKind};
use std::io::BufRead;

fn main() {
    let (mut n, mut bad) = (0, 0);
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        for kind in [NameKind::Person, NameKind::Organization, NameKind::Any] {
            n += 1;
            let a = analyze(&line, kind);
            for k in a.keys() {
                let again = analyze(&k, kind).key();
                if again != k {
                    bad += 1;
                    println!("{kind:?} {line} | {k} -> {again}");
                    break;
                }
            }
        }
    }
    println!("{bad} unstable of {n}");
}
