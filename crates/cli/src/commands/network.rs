//! `chokepoint network …`: company registries into the store, and the network stage
//! (resolution, indicators, communities, alerts) over whatever the store holds.

use anyhow::{Context, Result};
use chokepoint_network::registry::{read_registry, RegistryField, RegistryMapping};
use chokepoint_network::trace::CountryBasis;
use chokepoint_network::{indicators, Alert};
use clap::Subcommand;
use std::path::{Path, PathBuf};

/// The `network` subcommands.
#[derive(Subcommand)]
pub enum NetworkCommand {
    /// Company registries (company, INN/OGRN, country, address, director, phone, incorporation
    /// date) in any column names: import into the store, or show how the headers map.
    Registry {
        #[command(subcommand)]
        command: RegistryCommand,
    },
    /// Run the network stage on the store's customs records and registries: resolve the
    /// parties into companies, score the shell-company and network indicators, find
    /// communities, save the alerts (the queue of `serve`), count the defence end users each
    /// country supplies.
    Run {
        /// Only records of this trade import (default: all).
        #[arg(long)]
        import: Option<i64>,
        /// Countries (ISO codes) whose supplied defence end users are counted.
        #[arg(long, value_delimiter = ',', default_value = "CN,HK")]
        countries: Vec<String>,
        /// Which companies are a country's: company (registry, else the declaration's sender,
        /// trading or dispatch country), origin or dispatch.
        #[arg(long, default_value = "company")]
        basis: String,
        /// How many alerts to print.
        #[arg(long, default_value_t = 15)]
        limit: usize,
        /// Print JSON (summary, alerts, shell companies, end users) instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// `network registry …`.
#[derive(Subcommand)]
pub enum RegistryCommand {
    /// Import registry files (CSV with `,`, `;` or tab) into the store, each in one
    /// transaction: a malformed row stops the import with file, line and field, and the store
    /// is left as it was. Headers map through the built-in synonyms (Russian, English,
    /// Chinese); `--mapping FILE` adds `field,header` rows (fields: id, name, country, inn,
    /// ogrn, address, director, phone, incorporated, owner, designated, defence).
    Import {
        /// The registry files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// A mapping file of `field,header` rows read on top of the built-in synonyms.
        #[arg(long)]
        mapping: Option<PathBuf>,
    },
    /// Show how each header of a registry file would map, without importing.
    Columns {
        /// The registry file.
        file: PathBuf,
        /// A mapping file of `field,header` rows.
        #[arg(long)]
        mapping: Option<PathBuf>,
    },
}

fn mapping(path: Option<&Path>) -> Result<RegistryMapping> {
    Ok(match path {
        Some(p) => RegistryMapping::with_file(p)?,
        None => RegistryMapping::builtin(),
    })
}

fn print_missing(missing: &[RegistryField]) -> Result<()> {
    for f in missing {
        outln!("  missing field {f}: disables {}", f.disables());
    }
    Ok(())
}

/// Runs `network …`.
pub fn run(db: &Path, command: NetworkCommand) -> Result<()> {
    match command {
        NetworkCommand::Registry {
            command: RegistryCommand::Columns { file, mapping: m },
        } => {
            let m = mapping(m.as_deref())?;
            let f = read_registry(&file, &m)?;
            outln!("{}: {} companies", file.display(), f.companies.len());
            for (h, field) in &f.mapped {
                outln!("  {h:<32} → {field}");
            }
            for h in &f.unmapped {
                outln!("  {h:<32} → (not mapped: its values are not read)");
            }
            print_missing(&f.missing)?;
            Ok(())
        }
        NetworkCommand::Registry {
            command: RegistryCommand::Import { files, mapping: m },
        } => {
            let mut store = chokepoint_pipeline::open_store(db)?;
            for file in files {
                let r = chokepoint_pipeline::import_registry(&mut store, &file, m.as_deref())
                    .with_context(|| format!("importing the registry {}", file.display()))?;
                outln!(
                    "{}: {} companies imported (registry import {})",
                    file.display(),
                    r.file.companies.len(),
                    r.import_id
                );
                for h in &r.file.unmapped {
                    outln!("  unmapped column {h}: its values are not read (add a mapping row)");
                }
                print_missing(&r.file.missing)?;
                if r.file.warning_count > 0 {
                    outln!(
                        "  {} warnings (rows kept); the first {}:",
                        r.file.warning_count,
                        r.file.warnings.len()
                    );
                    for w in &r.file.warnings {
                        outln!("    {w}");
                    }
                }
            }
            Ok(())
        }
        NetworkCommand::Run {
            import,
            countries,
            basis,
            limit,
            json,
        } => {
            let basis: CountryBasis = basis.parse()?;
            let mut store = chokepoint_pipeline::open_store(db)?;
            let cc: Vec<String> = countries.iter().map(|c| c.trim().to_uppercase()).collect();
            let options = chokepoint_pipeline::NetworkOptions {
                countries: cc,
                basis,
                communities: true,
            };
            let (ds, net, input) =
                chokepoint_pipeline::run_network_on_store(&mut store, import, &options)?;
            let comms = &net.communities;
            let flagged: Vec<usize> = (0..net.shell.len())
                .filter(|&e| net.shell[e] >= indicators::SHELL_THRESHOLD)
                .collect();
            if json {
                let shells: Vec<_> = flagged
                    .iter()
                    .map(|&e| {
                        serde_json::json!({
                            "name": net.graph.labels[e],
                            "country": net.graph.country[e],
                            "key": net.resolution.entities[e].key,
                            "shell_score": net.shell[e],
                        })
                    })
                    .collect();
                let v = serde_json::json!({
                    "records": input.records,
                    "registry_companies": input.registry,
                    "mentions": ds.parties.len(),
                    "companies": net.resolution.entities.len(),
                    "merges": net.resolution.merges.len(),
                    "shell_companies": shells,
                    "communities": comms.len(),
                    "alerts": &net.alerts,
                    "new_alerts": net.new_alerts,
                    "end_users": net.supplied.iter().map(|(c, e)| serde_json::json!({"country": c, "count": e.count, "end_users": e.end_users.iter().map(|x| serde_json::json!({"name": x.name, "why": x.why, "path": x.path})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
                });
                outln!("{}", serde_json::to_string_pretty(&v)?);
                return Ok(());
            }
            outln!(
                "{} customs records and {} registry companies → {} party mentions resolved into {} companies ({} merges, {} refused)",
                input.records,
                input.registry,
                ds.parties.len(),
                net.resolution.entities.len(),
                net.resolution.merges.len(),
                net.resolution.refused.len()
            );
            outln!(
                "{} indicator signals; {} shell companies (score ≥ {}); {} communities; {} alerts saved ({} new)",
                net.signals.len(),
                flagged.len(),
                indicators::SHELL_THRESHOLD,
                comms.len(),
                net.alerts.len(),
                net.new_alerts
            );
            for (c, e) in &net.supplied {
                outln!(
                    "defence end users supplied by companies of {c} ({} basis): {}",
                    basis.as_str(),
                    e.count
                );
                for x in e.end_users.iter().take(5) {
                    outln!("  {} [{}] via {}", x.name, x.why, x.path.join(" → "));
                }
            }
            if !net.alerts.is_empty() {
                outln!("\nAlerts, riskiest first (`serve` shows the queue):");
            }
            for a in net.alerts.iter().take(limit) {
                print_alert(a)?;
            }
            Ok(())
        }
    }
}

fn print_alert(a: &Alert) -> Result<()> {
    outln!(
        "  {:.2} {} ({}) [{}]",
        a.risk,
        a.name,
        a.country,
        a.status.as_str()
    );
    for p in a.parts.iter().take(4) {
        outln!("       {} {:.2}: {}", p.rule, p.score, p.explanation);
    }
    Ok(())
}
