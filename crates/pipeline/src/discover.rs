//! Finds the newest publication of every known list under a data folder laid out like
//! `../shared/data` (`ofac/sdn_2024-05/sdn.csv`, `un/consolidated_2026-02.xml`, …).

use std::path::{Path, PathBuf};

/// A list publication found on disk: the files to import together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// A short label for progress and tables.
    pub label: String,
    /// The files, to be passed together to one import.
    pub files: Vec<PathBuf>,
}

const SDN_PARTS: [&str; 3] = ["add.csv", "alt.csv", "sdn_comments.csv"];
const CONS_PARTS: [&str; 4] = [
    "cons_prim.csv",
    "cons_add.csv",
    "cons_alt.csv",
    "cons_comments.csv",
];

/// The entries of `dir` that `keep` accepts, sorted; none when it cannot be read.
fn entries(dir: &Path, keep: fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| keep(p))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    entries(dir, Path::is_dir)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    entries(dir, Path::is_file)
}

fn name(p: &Path) -> &str {
    p.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

/// The newest publication of each list under `data`. Directory and file names carry the
/// publication month (`sdn_2024-05`, `consolidated_2026-02.xml`), so sorted names put the newest
/// last. An OFAC SDN set takes its addresses, aliases and comments from its own folder, or from
/// the newest `sdn_aux_*` folder when that is newer.
pub fn newest_lists(data: &Path) -> Vec<Found> {
    let mut found = Vec::new();
    let ofac = data.join("ofac");
    let dirs = subdirs(&ofac);
    let sdn_dir = dirs.iter().rfind(|d| d.join("sdn.csv").is_file());
    let aux_dir = dirs
        .iter()
        .rfind(|d| !d.join("sdn.csv").is_file() && SDN_PARTS.iter().all(|p| d.join(p).is_file()));
    if let Some(sdn) = sdn_dir {
        let parts_dir = match aux_dir {
            Some(aux)
                if name(aux) > name(sdn) || !SDN_PARTS.iter().all(|p| sdn.join(p).is_file()) =>
            {
                aux
            }
            _ => sdn,
        };
        let mut files = vec![sdn.join("sdn.csv")];
        files.extend(
            SDN_PARTS
                .iter()
                .map(|p| parts_dir.join(p))
                .filter(|p| p.is_file()),
        );
        found.push(Found {
            label: "OFAC SDN".into(),
            files,
        });
    }
    if let Some(cons) = dirs.iter().rfind(|d| d.join("cons_prim.csv").is_file()) {
        let files = CONS_PARTS
            .iter()
            .map(|p| cons.join(p))
            .filter(|p| p.is_file())
            .collect();
        found.push(Found {
            label: "OFAC non-SDN".into(),
            files,
        });
    }
    if let Some(un) = files(&data.join("un"))
        .into_iter()
        .rfind(|f| name(f).ends_with(".xml"))
    {
        found.push(Found {
            label: "UN SC".into(),
            files: vec![un],
        });
    }
    let csl_files = files(&data.join("us_csl"));
    // The full CSL export (not a partial one) is the list of record.
    if let Some(csl) = csl_files.iter().rfind(|f| {
        name(f).starts_with("consolidated")
            && (name(f).ends_with(".csv") || name(f).ends_with(".csv.gz"))
    }) {
        found.push(Found {
            label: "US CSL".into(),
            files: vec![csl.clone()],
        });
    }
    if let Some(dpl) = csl_files
        .iter()
        .rfind(|f| name(f).starts_with("dpl") && name(f).ends_with(".txt"))
    {
        found.push(Found {
            label: "BIS DPL".into(),
            files: vec![dpl.clone()],
        });
    }
    // The EU Official Journal annexes (833/2014 with Annex IV's military end users, 269/2014,
    // 765/2006): every regulation file of the newest folder, each its own list.
    if let Some(eu) = subdirs(&data.join("eu"))
        .iter()
        .rfind(|d| name(d).starts_with("oj_annexes"))
    {
        for f in files(eu).iter().filter(|f| {
            let n = name(f);
            n.starts_with('3') && (n.ends_with(".csv") || n.ends_with(".csv.gz"))
        }) {
            found.push(Found {
                label: format!("EU {}", name(f).split('.').next().unwrap_or("")),
                files: vec![f.clone()],
            });
        }
    }
    if let Some(uk) = subdirs(&data.join("uk")).iter().rev().find_map(|d| {
        files(d).into_iter().rfind(|f| {
            name(f).starts_with("ConList")
                && (name(f).ends_with(".csv") || name(f).ends_with(".csv.gz"))
        })
    }) {
        found.push(Found {
            label: "UK OFSI".into(),
            files: vec![uk],
        });
    }
    if let Some(dod) = subdirs(&data.join("us_dod"))
        .iter()
        .rfind(|d| name(d).contains("1260h") && d.join("sanctions.csv").is_file())
    {
        found.push(Found {
            label: "US DoD 1260H".into(),
            files: vec![dod.join("sanctions.csv")],
        });
    }
    found
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)] // unused when compiled into the import bench
    use super::*;

    #[test]
    fn picks_the_newest_publications_and_newer_aux_parts() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for (sub, files) in [
            (
                "ofac/sdn_2021-07",
                &["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"][..],
            ),
            ("ofac/sdn_2024-05", &["sdn.csv"][..]),
            (
                "ofac/sdn_aux_2025-12",
                &["add.csv", "alt.csv", "sdn_comments.csv"][..],
            ),
            (
                "ofac/nonsdn_2025-12",
                &["cons_prim.csv", "cons_alt.csv"][..],
            ),
            (
                "un",
                &["consolidated_2024-01.xml", "consolidated_2026-02.xml"][..],
            ),
            (
                "us_csl",
                &[
                    "consolidated_2022-05.csv.gz",
                    "csl_partial_2023-11.csv",
                    "dpl_2022-09.txt",
                ][..],
            ),
            (
                "eu/oj_annexes_2026-07",
                &["32014R0833.csv", "32014R0269.csv.gz", "FORMAT.md"][..],
            ),
            (
                "uk/ofsi_conlist_2025-04",
                &["ConList_2025-04-10.csv.gz", "ConList_2025-04-10.xlsx"][..],
            ),
            (
                "us_dod/chinese_military_companies_1260h_2026-08",
                &["sanctions.csv"][..],
            ),
        ] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
            for f in files {
                std::fs::write(d.join(sub).join(f), "x").unwrap();
            }
        }
        let found = newest_lists(d);
        let labels: Vec<&str> = found.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "OFAC SDN",
                "OFAC non-SDN",
                "UN SC",
                "US CSL",
                "BIS DPL",
                "EU 32014R0269",
                "EU 32014R0833",
                "UK OFSI",
                "US DoD 1260H"
            ]
        );
        let rel = |p: &PathBuf| p.strip_prefix(d).unwrap().display().to_string();
        assert_eq!(
            found[0].files.iter().map(rel).collect::<Vec<_>>(),
            [
                "ofac/sdn_2024-05/sdn.csv",
                "ofac/sdn_aux_2025-12/add.csv",
                "ofac/sdn_aux_2025-12/alt.csv",
                "ofac/sdn_aux_2025-12/sdn_comments.csv"
            ]
        );
        assert_eq!(rel(&found[2].files[0]), "un/consolidated_2026-02.xml");
        assert_eq!(
            rel(&found[3].files[0]),
            "us_csl/consolidated_2022-05.csv.gz"
        );
        assert!(newest_lists(&d.join("missing")).is_empty());
    }
}
