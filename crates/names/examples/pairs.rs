//! Reads tab-separated name pairs on standard input and prints, per pair, both keys, the
//! similarity and whether they share a key (a tool for looking at real alias lists).

use chokepoint_names::{analyze, similarity, NameKind};
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let mut f = line.split('\t');
        let (Some(x), Some(y)) = (f.next(), f.next()) else {
            continue;
        };
        let (a, b) = (analyze(x, NameKind::Any), analyze(y, NameKind::Any));
        println!(
            "{:.2} {} | {x} [{}] | {y} [{}]",
            similarity(&a, &b),
            if a.shares_key(&b) { "=" } else { " " },
            a.key(),
            b.key()
        );
    }
}
