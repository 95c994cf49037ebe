//! The scenario's own watchlist in OFAC's legacy CSV format, for a demo without real lists.

use anyhow::{Context, Result};
use chokepoint_trade::registry::RegistryEntry;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The list id the synthetic watchlist is imported under, so it never passes for OFAC's.
pub const LIST: &str = "synthetic-sdn";

fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "'"))
}

/// Writes `sdn.csv` (OFAC legacy layout: ent_num, name, type, program, …, remarks) with the
/// scenario's designated companies and defence end users, and returns its path. Remarks carry
/// the INN as OFAC writes it (`Tax ID No. … (Russia)`) and say the entry is synthetic.
pub fn write(dir: &Path, companies: &[RegistryEntry], end_users: &[String]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("sdn.csv");
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(&path)
            .with_context(|| format!("cannot create {}", path.display()))?,
    );
    let mut n = 0u32;
    for c in companies {
        let defence = end_users.contains(&c.id);
        if c.designated.is_none() && !defence {
            continue;
        }
        n += 1;
        let mut remarks =
            String::from("SYNTHETIC entry of a Chokepoint demo scenario, not a real designation");
        if !c.inn.is_empty() {
            remarks.push_str(&format!("; Tax ID No. {} (Russia)", c.inn));
        }
        if defence {
            remarks.push_str("; Defence industry end user");
        }
        writeln!(
            w,
            "{},{},-0- ,{},-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,{}",
            90_000 + n,
            q(&c.name),
            q(if defence {
                "RUSSIA-EO14024] [DEFENCE"
            } else {
                "RUSSIA-EO14024"
            }),
            q(&remarks)
        )?;
    }
    w.flush()?;
    Ok(path)
}
