//! `chokepoint trace`: supply chains in the store's trade records, from a country to defence
//! end users or up to one company, with the shipments behind every hop.

use anyhow::{bail, Result};
use chokepoint_network::trace::{
    end_users_supplied_on, find_company, trace_to_node, CountryBasis, Hop,
};
use chokepoint_network::{judgement, resolve, Graph, GraphOptions, ResolveOptions, TraceOptions};
use chokepoint_store::Store;
use clap::Args;
use std::path::Path;

/// Options of `trace`.
#[derive(Args)]
pub struct TraceArgs {
    /// Trace upstream to this company (a name as records write it; the best match is used).
    #[arg(long, conflicts_with = "from_country")]
    to: Option<String>,
    /// Count and list the defence end users supplied by companies of this country (ISO code).
    #[arg(long)]
    from_country: Option<String>,
    /// Only goods of this category (microelectronics, machine_tools, …).
    #[arg(long)]
    category: Option<String>,
    /// Which companies are the country's for --from-country: company (the registry's country,
    /// else the declaration's sender, trading or dispatch country), origin (country of origin
    /// of their goods) or dispatch (country of dispatch).
    #[arg(long, default_value = "company")]
    basis: String,
    /// Only records of this trade import.
    #[arg(long)]
    import: Option<i64>,
    /// Longest path in hops.
    #[arg(long, default_value_t = 5)]
    max_depth: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

fn print_hop(h: &Hop) -> Result<()> {
    outln!(
        "    {} ({}) → {}: {} shipments, ${:.0}, {}, {}–{}; records {}",
        h.from_name,
        h.from_country,
        h.to_name,
        h.shipments,
        h.value,
        h.categories.join("/"),
        h.first,
        h.last,
        h.record_ids
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
            + if h.record_ids.len() > 8 { " …" } else { "" }
    );
    Ok(())
}

/// Runs `trace`.
pub fn run(db: &Path, args: TraceArgs) -> Result<()> {
    let basis: CountryBasis = args.basis.parse()?;
    let store = Store::open(db)?;
    // Registries imported with `network registry import` and the customs records, from the store.
    let (mut ds, input) = chokepoint_pipeline::network_dataset(&store, args.import)?;
    if input.records == 0 {
        bail!(
            "the store {} holds no trade records: run `chokepoint trade import FILE` first",
            db.display()
        );
    }
    ds.designated = store.entities(None)?;
    let judgements = judgement::load_judgements(store.connection())?;
    let res = resolve(&ds, &judgements, &ResolveOptions::default());
    let g = Graph::build(&ds, &res, &GraphOptions::default());
    let opts = TraceOptions {
        max_depth: args.max_depth,
        ..TraceOptions::default()
    };
    match (&args.to, &args.from_country) {
        (Some(name), None) => {
            let Some(&(node, score)) = find_company(&g, name).first() else {
                bail!("no company in the trade records resembles `{name}`");
            };
            let t = trace_to_node(&g, &ds, node, &opts);
            if args.json {
                outln!("{}", serde_json::to_string_pretty(&t)?);
                return Ok(());
            }
            outln!(
                "Suppliers upstream of {} (name match {score:.2}): {} hops, {} paths",
                g.labels[node as usize],
                t.hops.len(),
                t.paths.len()
            );
            for h in &t.hops {
                print_hop(h)?;
            }
        }
        (None, Some(cc)) => {
            let cc = cc.to_uppercase();
            let c = end_users_supplied_on(&g, &ds, &cc, basis, args.category.as_deref(), &opts);
            if args.json {
                outln!("{}", serde_json::to_string_pretty(&c)?);
                return Ok(());
            }
            outln!(
                "Defence end users supplied by companies in {cc} ({} basis){}: {}",
                basis.as_str(),
                args.category
                    .as_ref()
                    .map(|c| format!(" with {c}"))
                    .unwrap_or_default(),
                c.count
            );
            for e in &c.end_users {
                outln!("  {} [{}] via {}", e.name, e.why, e.path.join(" → "));
                for h in &e.hops {
                    print_hop(h)?;
                }
            }
        }
        _ => bail!("give --to NAME or --from-country CC"),
    }
    Ok(())
}
