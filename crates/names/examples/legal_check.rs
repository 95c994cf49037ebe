//! Reads legal-form spellings, one per line, on standard input and prints those that
//! [`chokepoint_names::legal_form`] does not recognise (a coverage check against a reference
//! list kept outside the repository).

use std::io::BufRead;

fn main() {
    let stdin = std::io::stdin();
    let (mut ok, mut missing) = (0, 0);
    for line in stdin.lock().lines().map_while(Result::ok) {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        match chokepoint_names::legal_form(l) {
            Some(_) => ok += 1,
            None => {
                missing += 1;
                println!("missing: {l}");
            }
        }
    }
    println!("recognised {ok}, missing {missing}");
}
