//! The scenario's own watchlist in OFAC's legacy CSV format, for a demo without real lists.

use crate::error::{PipelineError, Result};
use chokepoint_network::RegistryCompany;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The list id the synthetic watchlist is imported under, so it never passes for OFAC's.
pub const LIST: &str = "synthetic-sdn";

fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "'"))
}

/// Writes `sdn.csv` (OFAC legacy layout: ent_num, name, type, program, …, remarks) with the
/// scenario's designated companies and defence end users (the registry's `defence` mark), and returns its path. Remarks carry
/// the INN as OFAC writes it (`Tax ID No. … (Russia)`) and say the entry is synthetic.
pub fn write(dir: &Path, companies: &[RegistryCompany]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| PipelineError::io(dir, e))?;
    let path = dir.join("sdn.csv");
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(&path).map_err(|e| PipelineError::io(&path, e))?,
    );
    let mut n = 0u32;
    let io = |e: std::io::Error| PipelineError::io(&path, e);
    for c in companies {
        let defence = c.defence;
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
        )
        .map_err(io)?;
    }
    w.flush().map_err(io)?;
    Ok(path)
}
