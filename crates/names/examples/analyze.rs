//! Prints the analysis of names given on the command line (or a few samples), one per line:
//! `cargo run -p chokepoint-names --example analyze -- "ООО Ромашка" "Romashka LLC"`.

use chokepoint_names::{analyze, NameKind};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let samples = if args.is_empty() {
        vec![
            "ООО \"Ромашка\"".to_string(),
            "Huawei Technologies Co., Ltd.".to_string(),
        ]
    } else {
        args
    };
    for s in samples {
        let a = analyze(&s, NameKind::Any);
        let kinds: Vec<String> = a
            .tokens
            .iter()
            .map(|t| format!("{}:{:?}", t.text, t.kind))
            .collect();
        let forms: Vec<String> = a
            .legal_forms
            .iter()
            .map(|f| format!("{}({:?})", f.canonical, f.class))
            .collect();
        println!(
            "{s}\n  fold={:?}\n  key={:?}\n  tokens={kinds:?}\n  legal={forms:?}\n  variants={:?}",
            chokepoint_names::fold(&s),
            a.key(),
            a.variants
        );
    }
}
