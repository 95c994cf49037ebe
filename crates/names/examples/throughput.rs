//! Measures `analyze` throughput on a mix of names (latin persons and companies, Cyrillic,
//! Chinese, Arabic), repeated to about 200,000 calls, and prints names per second and the
//! mean time per name. No assertions: run with
//! `cargo run --release -p chokepoint-names --example throughput`.

use chokepoint_names::{analyze, NameKind};
use std::time::Instant;

const NAMES: &[(&str, NameKind)] = &[
    ("Vladimir Vladimirovich Putin", NameKind::Person),
    ("Щербаков Юрий Евгеньевич", NameKind::Person),
    ("ООО \"Ромашка\"", NameKind::Organization),
    ("GUANGZHOU HAIGE COMM GRP", NameKind::Organization),
    ("CNOOC ENERGY TECH & SRVCES LTD", NameKind::Organization),
    ("华为技术有限公司", NameKind::Organization),
    ("Huawei Technologies Co., Ltd.", NameKind::Organization),
    ("صدام حسين التكريتي", NameKind::Person),
    ("MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE", NameKind::Person),
    ("Joint Stock Company Kalashnikov Concern", NameKind::Any),
    ("Müller Maschinenbau GmbH & Co. KG", NameKind::Any),
    ("SHENZHEN JUNDA ELECTRONIC IMP & EXP CO LTD", NameKind::Any),
    ("Aleksandr Sergeyevich Pushkin", NameKind::Any),
    (
        "Федеральное государственное унитарное предприятие «Завод Луч»",
        NameKind::Organization,
    ),
];

fn main() {
    let rounds = 200_000 / NAMES.len();
    // Warm-up (builds the lazy tables).
    for (n, k) in NAMES {
        std::hint::black_box(analyze(n, *k));
    }
    let start = Instant::now();
    let mut tokens = 0usize;
    for _ in 0..rounds {
        for (n, k) in NAMES {
            let a = analyze(std::hint::black_box(n), *k);
            tokens += a.tokens.len();
        }
    }
    let el = start.elapsed();
    let calls = rounds * NAMES.len();
    println!(
        "{calls} names in {:.3} s: {:.0} names/s, {:.2} µs/name ({tokens} tokens)",
        el.as_secs_f64(),
        calls as f64 / el.as_secs_f64(),
        el.as_secs_f64() * 1e6 / calls as f64
    );
    for (n, k) in NAMES {
        let t = Instant::now();
        for _ in 0..2000 {
            std::hint::black_box(analyze(std::hint::black_box(n), *k));
        }
        println!("{:>8.2} µs  {n}", t.elapsed().as_secs_f64() * 1e6 / 2000.0);
    }
}
