//! Where a command writes its results.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// A buffered writer to `path`, or to standard output when there is none.
pub fn writer(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}
