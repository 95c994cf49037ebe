//! Analysis never panics and stays within bounds on arbitrary input: a deterministic
//! pseudo-random mix of characters from every script the crate handles, punctuation,
//! combining marks, digits and unassigned or odd code points.

use chokepoint_names::{analyze, fold, phonetic_key, similarity, skeleton, NameKind, MAX_VARIANTS};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const RANGES: &[(u32, u32)] = &[
    (0x20, 0x7E),
    (0xC0, 0x24F),
    (0x300, 0x36F),
    (0x370, 0x3FF),
    (0x400, 0x52F),
    (0x590, 0x5FF),
    (0x600, 0x6FF),
    (0xE00, 0xE7F),
    (0x3040, 0x30FF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xFB50, 0xFEFF),
    (0xFF00, 0xFFEF),
    (0x1F600, 0x1F64F),
    (0x2000, 0x206F),
];

fn random_name(rng: &mut Rng) -> String {
    let len = (rng.next() % 40) as usize;
    let mut s = String::new();
    for _ in 0..len {
        let (lo, hi) = RANGES[(rng.next() % RANGES.len() as u64) as usize];
        let cp = lo + (rng.next() % u64::from(hi - lo + 1)) as u32;
        if let Some(c) = char::from_u32(cp) {
            s.push(c);
        }
        if rng.next() % 5 < 1 {
            s.push(' ');
        }
    }
    s
}

#[test]
fn random_input_never_panics() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let kinds = [NameKind::Person, NameKind::Organization, NameKind::Any];
    let mut prev = analyze("", NameKind::Any);
    for i in 0..5_000 {
        let name = random_name(&mut rng);
        let a = analyze(&name, kinds[i % 3]);
        assert!(a.variants.len() <= MAX_VARIANTS);
        for t in &a.tokens {
            assert!(!t.text.is_empty(), "{name:?}");
            assert!(t.text.is_ascii(), "{name:?} -> {:?}", t.text);
            assert!(!t.text.contains(' '), "{name:?} -> {:?}", t.text);
        }
        assert!(fold(&name).is_ascii(), "{name:?} -> {:?}", fold(&name));
        let s = similarity(&a, &prev);
        assert!((0.0..=1.0).contains(&s), "{s}");
        for w in name.split(' ') {
            let _ = phonetic_key(w);
            assert!(skeleton(w).is_ascii());
        }
        prev = a;
    }
}

#[test]
fn long_input_is_handled() {
    let long = "ООО Ромашка LLC Co Ltd GmbH SA AG ".repeat(500);
    let a = analyze(&long, NameKind::Organization);
    assert!(!a.legal_forms.is_empty());
    let long = "Ab".repeat(50_000);
    let _ = analyze(&long, NameKind::Any);
}

#[test]
fn skeleton_is_idempotent_on_real_tokens() {
    // Token texts are skeletons; skeletonising them again (as `phonetic_key` does) must not
    // change them, or keys computed from tokens and from raw names would drift apart.
    let names = [
        "Shcherbakov Yuriy Yevgenyevich",
        "Khabarovsk",
        "Tsoy",
        "Aleksey Gordeyev",
        "Mohammed",
        "Abd al-Rahman",
        "Jalaluddin Haqqani",
        "Huawei Technologies",
        "Xi Jinping",
        "Pyongyang",
        "Czajkowski",
        "Tchaikovsky",
        "Schwarzkopf",
        "Dzhabarov",
        "Djamel",
        "Zhukov",
        "Fyodor",
        "Vanderbilt",
        "Phthalate",
        "Thackeray",
        "Ksenia",
        "Saxony",
        "Dixon",
        "Jiang Yang",
        "Iakov",
        "Ghaith",
        "Dhahran",
        "Tzvetan",
        "Szczecin",
        "Kuchma",
        "Yevtushenko",
        "Seong",
        "Kyung",
    ];
    let mut rng = Rng(42);
    let mut all: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    for _ in 0..2000 {
        let len = 3 + (rng.next() % 8) as usize;
        let w: String = (0..len)
            .map(|_| char::from(b'a' + (rng.next() % 26) as u8))
            .collect();
        all.push(w);
    }
    let mut bad = Vec::new();
    for n in &all {
        for t in analyze(n, NameKind::Any).tokens {
            let again = skeleton(&t.text);
            if again != t.text {
                bad.push(format!("{n}: {} -> {again}", t.text));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} not idempotent: {:#?}",
        bad.len(),
        &bad[..bad.len().min(30)]
    );
}

#[test]
fn keys_and_variants_are_stable_under_reanalysis() {
    // Callers may analyse a variant string again to get its tokens (the screen crate does):
    // a key or variant analysed again must give itself back, with generic words still tagged.
    let names: &[(&str, NameKind)] = &[
        ("Щербаков Юрий Евгеньевич", NameKind::Person),
        ("Юлія Тимошенко", NameKind::Person),
        ("ООО \"Ромашка\"", NameKind::Organization),
        (
            "Объединённая авиастроительная корпорация",
            NameKind::Organization,
        ),
        ("华为技术有限公司", NameKind::Organization),
        ("長安海連技術有限公司", NameKind::Organization),
        ("華信船務(香港)有限公司", NameKind::Organization),
        ("GUANGZHOU HAIGE COMM GRP", NameKind::Organization),
        ("CNOOC ENERGY TECH & SRVCES LTD", NameKind::Organization),
        ("HUAYU PRECISION INST", NameKind::Organization),
        ("SHENZHEN XYZ ELEC IMP & EXP CO LTD", NameKind::Any),
        ("هاني عبد اللطيف طلفاح التكريتي", NameKind::Person),
        ("ABD AL-RAHMAN OULD MUHAMMAD AL-HUSAYN", NameKind::Person),
        ("JALALUDDIN HAQQANI", NameKind::Person),
        ("Mohamed Ben Belgacem", NameKind::Person),
        ("Alexey Chekhov", NameKind::Person),
        ("金铁三", NameKind::Person),
        ("김정은", NameKind::Person),
        ("Bowne Global Solutions II", NameKind::Organization),
        ("Acme Co", NameKind::Any),
    ];
    let mut bad = Vec::new();
    for (n, kind) in names {
        let a = analyze(n, *kind);
        for k in a.keys() {
            let again = analyze(&k, *kind);
            if again.key() != k {
                bad.push(format!("{n}: {k:?} -> {:?}", again.key()));
            }
        }
        let again = analyze(&a.key(), *kind);
        let kinds: Vec<_> = a.tokens.iter().map(|t| t.kind).collect();
        let kinds_again: Vec<_> = again.tokens.iter().map(|t| t.kind).collect();
        if kinds != kinds_again {
            bad.push(format!("{n}: kinds {kinds:?} -> {kinds_again:?}"));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
