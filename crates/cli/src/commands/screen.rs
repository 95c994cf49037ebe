//! `chokepoint screen`: one name, or a CSV file of parties, against every list in the store.

use crate::progress;
use anyhow::{bail, Context, Result};
use chokepoint_model::{Prop, Schema};
use chokepoint_screen::{Hit, Index, Query, SearchOptions, DEFAULT_THRESHOLD};
use chokepoint_store::Store;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats of `screen`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// A readable table (single name) or CSV (file).
    Text,
    /// CSV with a header row.
    Csv,
    /// JSON lines, one hit per line.
    Json,
}

/// Options of `screen`.
#[derive(Args)]
pub struct ScreenArgs {
    /// One name to screen.
    #[arg(long, conflicts_with = "file")]
    name: Option<String>,
    /// A CSV file of parties: columns `id`, `name`, optional `schema`, `country`, `birth_date`,
    /// `registration_number`, `inn`, `ogrn`, `imo`.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Where to write the hits of `--file` (standard output when absent).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The kind of party: Person, Company, Organization, LegalEntity, Vessel, Airplane.
    #[arg(long)]
    schema: Option<String>,
    /// A country of the party (ISO code or name, repeatable).
    #[arg(long, value_parser = parse_country)]
    country: Vec<String>,
    /// The party's birth date (persons): YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_parser = parse_birth_date)]
    birth_date: Option<String>,
    /// A registration number, INN, OGRN or IMO number of the party.
    #[arg(long)]
    id: Vec<String>,
    /// Scores at or above this are matches (0 to 1).
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_parser = parse_score)]
    threshold: f64,
    /// Lowest score to report (0 to 1).
    #[arg(long, default_value_t = 0.5, value_parser = parse_score)]
    min_score: f64,
    /// At most this many hits per party.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
}

/// Every entity of the store, with a progress counter; an error when the store holds none.
pub fn load_entities(store: &Store) -> Result<Vec<chokepoint_model::Entity>> {
    Ok(chokepoint_pipeline::screen::load_entities(
        store,
        &progress::Bars::default(),
    )?)
}

/// Loads every entity of the store into a screening index.
pub fn load_index(db: &Path) -> Result<Index> {
    let store = Store::open(db)?;
    Ok(chokepoint_pipeline::load_index(
        &store,
        &progress::Bars::default(),
    )?)
}

/// A score option: a number from 0 to 1 (`NaN`, `inf` and out-of-range values are refused, so
/// a typo cannot silently match nothing or everything).
fn parse_score(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a score: give a number from 0 to 1")),
    }
}

/// A country option: an ISO code or a country name, turned into its alpha-2 code.
fn parse_country(s: &str) -> std::result::Result<String, String> {
    chokepoint_refdata::country::lookup(s)
        .map(|c| c.code().to_string())
        .ok_or_else(|| {
            format!("`{s}` is not a country we know: give an ISO code (RU) or a name (Russia)")
        })
}

/// A birth-date option: YYYY, YYYY-MM or YYYY-MM-DD, a real date.
fn parse_birth_date(s: &str) -> std::result::Result<String, String> {
    let t = s.trim();
    chokepoint_refdata::date::PartialDate::parse(t)
        .map(|_| t.to_string())
        .ok_or_else(|| format!("`{s}` is not a date: give YYYY, YYYY-MM or YYYY-MM-DD"))
}

fn parse_schema(s: &str) -> Result<Schema> {
    s.parse::<Schema>().map_err(|e| {
        anyhow::anyhow!(
            "{e}; expected Person, Company, Organization, LegalEntity, Vessel or Airplane"
        )
    })
}

/// Guesses which identifier property a bare number is: 10/12 digits INN, 13/15 OGRN,
/// `IMO1234567` or 7 digits IMO, anything else a registration number.
fn identifier(value: &str) -> (Prop, String) {
    let v = value.trim();
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let all_digits = digits == v.chars().count();
    let prop = if v.to_ascii_uppercase().starts_with("IMO") || (all_digits && digits == 7) {
        Prop::ImoNumber
    } else if all_digits && (digits == 10 || digits == 12) {
        Prop::InnCode
    } else if all_digits && (digits == 13 || digits == 15) {
        Prop::OgrnCode
    } else {
        Prop::RegistrationNumber
    };
    (prop, v.to_string())
}

/// Runs `screen`.
pub fn run(db: &Path, args: ScreenArgs) -> Result<()> {
    let opts = SearchOptions {
        threshold: args.threshold,
        min_score: args.min_score,
        limit: args.limit,
        explain: true,
    };
    match (&args.name, &args.file) {
        (Some(name), None) => {
            if name.trim().is_empty() {
                bail!("the name to screen is empty: give --name \"SOME NAME\"");
            }
            let mut q = Query::name(name);
            if let Some(s) = &args.schema {
                q.schema = Some(parse_schema(s)?);
            }
            q.countries = args.country.clone();
            q.birth_date = args.birth_date.clone();
            q.identifiers = args.id.iter().map(|v| identifier(v)).collect();
            let index = load_index(db)?;
            let hits = index.search(&q, &opts);
            let mut out = std::io::stdout().lock();
            match args.format {
                OutFormat::Text => print_text(&mut out, name, &hits)?,
                OutFormat::Csv => write_csv(&mut out, &[("1".into(), hits)])?,
                OutFormat::Json => write_json(&mut out, &[("1".into(), hits)])?,
            }
            Ok(())
        }
        (None, Some(file)) => batch(db, file, args.out.as_deref(), args.format, &opts),
        _ => bail!("give --name NAME or --file PARTIES.csv"),
    }
}

fn print_text(out: &mut impl Write, name: &str, hits: &[Hit]) -> Result<()> {
    if hits.is_empty() {
        writeln!(
            out,
            "No candidate for \"{name}\" scored above the report floor."
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "Screening \"{name}\": {} candidates, {} matches",
        hits.len(),
        hits.iter().filter(|h| h.is_match).count()
    )?;
    for (i, h) in hits.iter().enumerate() {
        writeln!(
            out,
            "{:>2}. {:.3} {} {} [{}] {} — {}",
            i + 1,
            h.score,
            if h.is_match { "MATCH" } else { "     " },
            h.entity_id,
            h.schema,
            h.caption,
            h.lists.join(", ")
        )?;
        writeln!(
            out,
            "      matched {} \"{}\": {}",
            h.matched_prop, h.matched_name, h.explanation
        )?;
    }
    Ok(())
}

fn write_csv(out: &mut impl Write, results: &[(String, Vec<Hit>)]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "query_id",
        "rank",
        "entity_id",
        "matched_name",
        "score",
        "match",
        "lists",
        "explanation",
    ])?;
    for (qid, hits) in results {
        for (i, h) in hits.iter().enumerate() {
            w.write_record([
                qid.as_str(),
                &(i + 1).to_string(),
                &h.entity_id,
                &h.matched_name,
                &format!("{:.4}", h.score),
                if h.is_match { "true" } else { "false" },
                &h.lists.join(";"),
                &h.explanation,
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

fn write_json(out: &mut impl Write, results: &[(String, Vec<Hit>)]) -> Result<()> {
    for (qid, hits) in results {
        for (i, h) in hits.iter().enumerate() {
            let features: Vec<serde_json::Value> = h
                .features
                .iter()
                .map(|f| serde_json::json!({"feature": f.kind.as_str(), "value": f.value, "weight": f.weight, "text": f.text}))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::json!({
                    "query_id": qid, "rank": i + 1, "entity_id": h.entity_id, "caption": h.caption,
                    "schema": h.schema.as_str(), "matched_name": h.matched_name, "matched_prop": h.matched_prop.as_str(),
                    "score": h.score, "match": h.is_match, "lists": h.lists, "explanation": h.explanation,
                    "features": features,
                })
            )?;
        }
    }
    Ok(())
}

/// The field separator of a parties file: of comma, semicolon, tab and bar, the one that splits
/// the header line into the most fields, one of them `name` (comma when none does).
fn sniff_delimiter(file: &Path) -> Result<u8> {
    use std::io::{BufRead, Read};
    let f = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut first = Vec::new();
    std::io::BufReader::new(f)
        .take(1 << 20)
        .read_until(b'\n', &mut first)
        .with_context(|| format!("{}:1: cannot read the header", file.display()))?;
    let header = String::from_utf8_lossy(&first);
    let best = [b',', b';', b'\t', b'|']
        .into_iter()
        .filter(|&d| {
            header
                .split(d as char)
                .any(|f| f.trim().trim_matches('"').eq_ignore_ascii_case("name"))
        })
        .max_by_key(|&d| header.split(d as char).count());
    Ok(best.unwrap_or(b','))
}

/// The parties of a file and the data lines that had no name (reported, not screened).
#[derive(Debug)]
struct Parties {
    queries: Vec<(String, Query)>,
    unnamed: Vec<usize>,
}

/// Reads the parties file: each row becomes (query id, query). Errors name file, line and field;
/// a row without a name is set aside and reported, not screened and not fatal.
fn read_parties(file: &Path) -> Result<Parties> {
    let delimiter = sniff_delimiter(file)?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .delimiter(delimiter)
        .from_path(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let headers = rdr
        .headers()
        .with_context(|| format!("{}:1: cannot read the header", file.display()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(name_col) = col("name") else {
        bail!(
            "{}:1: field `name`: the header has no `name` column (columns are separated by \
             commas, semicolons, tabs or bars; the first line names them)",
            file.display()
        );
    };
    let id_col = col("id");
    let schema_col = col("schema");
    let country_col = col("country");
    let birth_col = col("birth_date");
    let id_cols: Vec<(usize, Option<Prop>)> = [
        ("registration_number", Some(Prop::RegistrationNumber)),
        ("inn", Some(Prop::InnCode)),
        ("ogrn", Some(Prop::OgrnCode)),
        ("imo", Some(Prop::ImoNumber)),
    ]
    .iter()
    .filter_map(|(n, p)| col(n).map(|c| (c, *p)))
    .collect();
    let mut out = Vec::new();
    let mut unnamed = Vec::new();
    for (i, row) in rdr.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| anyhow::anyhow!("{}:{line}: {e}", file.display()))?;
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let Some(name) = get(Some(name_col)) else {
            unnamed.push(line);
            continue;
        };
        let mut q = Query::name(name);
        if let Some(s) = get(schema_col) {
            q.schema = Some(
                parse_schema(s)
                    .with_context(|| format!("{}:{line}: field `schema`", file.display()))?,
            );
        }
        if let Some(c) = get(country_col) {
            q.countries = c
                .split([';', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    parse_country(s).map_err(|e| {
                        anyhow::anyhow!("{}:{line}: field `country`: {e}", file.display())
                    })
                })
                .collect::<Result<_>>()?;
        }
        q.birth_date = get(birth_col)
            .map(|b| {
                parse_birth_date(b).map_err(|e| {
                    anyhow::anyhow!("{}:{line}: field `birth_date`: {e}", file.display())
                })
            })
            .transpose()?;
        for (c, prop) in &id_cols {
            if let Some(v) = get(Some(*c)) {
                let (guess, v) = identifier(v);
                q.identifiers.push((prop.unwrap_or(guess), v));
            }
        }
        let qid = get(id_col)
            .map(str::to_string)
            .unwrap_or_else(|| (line - 1).to_string());
        out.push((qid, q));
    }
    Ok(Parties {
        queries: out,
        unnamed,
    })
}

fn batch(
    db: &Path,
    file: &Path,
    out: Option<&Path>,
    format: OutFormat,
    opts: &SearchOptions,
) -> Result<()> {
    let Parties {
        queries: parties,
        unnamed,
    } = read_parties(file)?;
    if !unnamed.is_empty() {
        let shown: Vec<String> = unnamed.iter().take(10).map(usize::to_string).collect();
        eprintln!(
            "warning: {}: {} rows have no name and are not screened (lines {}{})",
            file.display(),
            unnamed.len(),
            shown.join(", "),
            if unnamed.len() > 10 { ", …" } else { "" }
        );
    }
    if parties.is_empty() {
        bail!("{}: no row has a name to screen", file.display());
    }
    let index = load_index(db)?;
    let pb = progress::bar("screening", parties.len() as u64);
    let t = std::time::Instant::now();
    let mut results: Vec<(String, Vec<Hit>)> = Vec::with_capacity(parties.len());
    for chunk in parties.chunks(2048) {
        let queries: Vec<Query> = chunk.iter().map(|(_, q)| q.clone()).collect();
        let hits = index.search_batch(&queries, opts);
        results.extend(chunk.iter().map(|(id, _)| id.clone()).zip(hits));
        pb.inc(chunk.len() as u64);
    }
    pb.finish_and_clear();
    let secs = t.elapsed().as_secs_f64();
    let mut w: Box<dyn Write> = crate::output::writer(out)?;
    match format {
        OutFormat::Json => write_json(&mut w, &results)?,
        OutFormat::Text | OutFormat::Csv => write_csv(&mut w, &results)?,
    }
    w.flush()?;
    let matched = results
        .iter()
        .filter(|(_, h)| h.iter().any(|h| h.is_match))
        .count();
    eprintln!(
        "screened {} parties against {} entities in {:.2} s ({:.0}/s): {} with a match at ≥ {}",
        results.len(),
        index.len(),
        secs,
        results.len() as f64 / secs.max(1e-9),
        matched,
        opts.threshold
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_and_tab_files_are_read_and_bad_values_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("p.csv");
        std::fs::write(&f, "id;name;country\n1;ACME, LLC;Russia\n").unwrap();
        let p = read_parties(&f).unwrap().queries;
        assert_eq!(p[0].1.countries, vec!["RU".to_string()]);
        std::fs::write(&f, "id\tname\tbirth_date\n1\tIVANOV Ivan\t1961-02\n").unwrap();
        let p = read_parties(&f).unwrap().queries;
        assert_eq!(p[0].1.birth_date.as_deref(), Some("1961-02"));
        std::fs::write(&f, "id,name,country\n1,ACME,Atlantis\n").unwrap();
        let err = read_parties(&f).err().unwrap().to_string();
        assert!(
            err.contains("p.csv:2: field `country`") && err.contains("Atlantis"),
            "{err}"
        );
        std::fs::write(&f, "id,name,birth_date\n1,IVANOV,1961-13-45\n").unwrap();
        let err = read_parties(&f).err().unwrap().to_string();
        assert!(err.contains("p.csv:2: field `birth_date`"), "{err}");
    }

    #[test]
    fn scores_countries_and_dates_are_checked_on_the_command_line() {
        for bad in ["NaN", "nan", "inf", "-0.1", "1.5", "x"] {
            assert!(parse_score(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_score("0.9"), Ok(0.9));
        assert_eq!(parse_country("ru").as_deref(), Ok("RU"));
        assert!(parse_country("XX-not").is_err());
        assert!(parse_birth_date("1961-02-30").is_err());
        assert!(parse_birth_date("1961").is_ok());
    }

    #[test]
    fn identifiers_are_typed_by_shape() {
        assert_eq!(identifier("7707083893").0, Prop::InnCode);
        assert_eq!(identifier("1027700132195").0, Prop::OgrnCode);
        assert_eq!(identifier("IMO 9187629").0, Prop::ImoNumber);
        assert_eq!(identifier("HRB 1234").0, Prop::RegistrationNumber);
    }

    #[test]
    fn parties_file_errors_name_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("p.csv");
        std::fs::write(
            &f,
            "id,name,schema\n1,ACME LLC,Company\n2,,Company\n3,BETA LLC,\n",
        )
        .unwrap();
        let p = read_parties(&f).unwrap();
        assert_eq!(
            p.unnamed,
            vec![3],
            "the unnamed row is set aside, not fatal"
        );
        assert_eq!(p.queries.len(), 2);
        std::fs::write(&f, "id,name,schema\n1,ACME LLC,Spaceship\n").unwrap();
        let err = format!("{:#}", read_parties(&f).unwrap_err());
        assert!(
            err.contains("p.csv:2: field `schema`") && err.contains("Spaceship"),
            "{err}"
        );
        std::fs::write(&f, "id,title\n1,x\n").unwrap();
        assert!(read_parties(&f)
            .unwrap_err()
            .to_string()
            .contains("no `name` column"));
        std::fs::write(&f, "id,name,country,inn\nA7,Alfa OOO,RU;KZ,7707083893\n").unwrap();
        let p = read_parties(&f).unwrap().queries;
        assert_eq!(p[0].0, "A7");
        assert_eq!(p[0].1.countries, vec!["RU".to_string(), "KZ".to_string()]);
        assert_eq!(
            p[0].1.identifiers,
            vec![(Prop::InnCode, "7707083893".to_string())]
        );
    }
}
