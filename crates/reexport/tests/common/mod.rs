//! Hand-written fixtures for the reexport tests: a small file in the Eurostat layout, and a
//! tiny HS 2022 / CHPL folder. Nothing here comes from the scenario generator.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The header of the Eurostat layout, 2020-01 .. 2022-12.
pub fn header() -> String {
    let mut h = String::from("product_code,product_label,flow,indicator,reporter,partner");
    for y in 2020..=2022 {
        for m in 1..=12 {
            let _ = write!(h, ",{y}-{m:02}");
        }
    }
    h
}

/// One row: `values[i]` for month i from 2020-01; `None` is `:`. 2022-12 is always `:`
/// (unpublished, as in the real extraction).
pub fn row(
    code: &str,
    label: &str,
    reporter: &str,
    partner: &str,
    values: &[Option<u64>],
) -> String {
    let mut r = format!("{code},\"{label}\",EXPORT,VALUE_IN_EUROS,{reporter},{partner}");
    for i in 0..36 {
        let v = if i == 35 {
            None
        } else {
            values.get(i).copied().flatten()
        };
        match v {
            Some(v) => {
                let _ = write!(r, ",{v}");
            }
            None => r.push_str(",:"),
        }
    }
    r
}

/// A monthly series: `f(year, month)` for every month (2020-01 .. 2022-11).
pub fn series(f: impl Fn(u32, u32) -> f64) -> Vec<Option<u64>> {
    (0..36)
        .map(|i| {
            let (y, m) = (2020 + i / 12, i % 12 + 1);
            let v = f(y as u32, m as u32).round();
            (v > 0.0).then_some(v as u64)
        })
        .collect()
}

/// A tiny HS 2022 folder: four subheadings, one of them (8542.39) on the CHPL.
pub fn hs_dir(dir: &Path) -> PathBuf {
    let hs = dir.join("hs");
    std::fs::create_dir_all(&hs).unwrap();
    std::fs::write(
        hs.join("harmonized-system.csv"),
        "section,hscode,description,parent,level\n\
         XI,62,Apparel not knitted,TOTAL,2\n\
         XI,6203,Men's suits and trousers,62,4\n\
         XI,620342,Men's trousers of cotton,6203,6\n\
         XX,94,Furniture,TOTAL,2\n\
         XX,9403,Other furniture,94,4\n\
         XX,940360,Wooden furniture n.e.c.,9403,6\n\
         XVI,85,Electrical machinery,TOTAL,2\n\
         XVI,8542,Electronic integrated circuits,85,4\n\
         XVI,854239,Electronic integrated circuits; n.e.c. in heading no. 8542,8542,6\n\
         XVI,854290,Electronic integrated circuits; parts,8542,6\n",
    )
    .unwrap();
    std::fs::write(
        hs.join("chpl_hs6.csv"),
        "hs6,tier,hs2022_description\n854239,1,Electronic integrated circuits; n.e.c.\n",
    )
    .unwrap();
    hs
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A small valid file: two products, Germany and France to Russia and Armenia.
pub fn small_file() -> String {
    let mut s = header();
    s.push('\n');
    let flat = series(|_, _| 1000.0);
    for (code, label) in [
        ("85423990", "Other ICs"),
        ("62034231", "Denim trousers, men's"),
    ] {
        for reporter in [
            "Germany (incl. German Democratic Republic 'DD' from 1991)",
            "France",
        ] {
            for partner in ["Russian Federation (Russia)", "Armenia"] {
                s.push_str(&row(code, label, reporter, partner, &flat));
                s.push('\n');
            }
        }
    }
    s
}
