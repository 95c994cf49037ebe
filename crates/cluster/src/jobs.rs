//! The batch jobs: one SQL plan each over the customs Parquet file, run by a local DataFusion
//! session or by a Ballista cluster ([`crate::session::Engine`]) — the same plan both ways.
//!
//! | job | reads | writes |
//! |---|---|---|
//! | `classify` | customs records | `classified.parquet`: per record its HS6, CHPL tier, category, the flags of the rules that need no other record (`desc.mismatch`, `route.transshipment`), both parties' keys and its value in USD |
//! | `screen` | the distinct parties of the records, a lists snapshot | `screened.parquet`: per party its best hit (entity, caption, score, match) |
//! | `aggregate` | customs records | `party_features.parquet` (per party and role: first and last shipment, records, counterparties, CHPL records, value) and `party_months.parquet` (value and records by month) |
//! | `block` | the distinct party mentions | `pairs.parquet`: candidate pairs sharing a blocking key, with the resolver's pair score |
//!
//! Every output is sorted on its key columns, so a local run and a cluster run give the same
//! rows in the same order ([`compare`]). Money is summed in integer cents, so partial sums in
//! any order give the same total.

use crate::session::{context, Engine};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::common::Result;
use datafusion::error::DataFusionError;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use std::path::{Path, PathBuf};

/// A batch job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Classify and flag every record.
    Classify,
    /// Screen every distinct party against the lists.
    Screen,
    /// The per-party features of the network indicators.
    Aggregate,
    /// Candidate blocking and pair scoring for entity resolution.
    Block,
}

impl Job {
    /// The job's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Job::Classify => "classify",
            Job::Screen => "screen",
            Job::Aggregate => "aggregate",
            Job::Block => "block",
        }
    }
}

/// What a job reads.
#[derive(Debug, Clone)]
pub struct JobConfig {
    /// The customs records (Parquet, with the canonical column names `chokepoint scenario
    /// generate --parquet` writes: `id`, `date`, `vedCode`, `senderName`, …): a file, or a
    /// folder of such files. Every job but `screen` with [`JobConfig::parties`] needs it.
    pub input: Option<PathBuf>,
    /// For `screen`: a parties file to screen instead of the records' parties — Parquet, or CSV
    /// with a header row — with a `name` column and an optional `country` column (ISO code or
    /// country name), e.g. a registry extract or a customer list.
    pub parties: Option<PathBuf>,
    /// The HS reference folder (`harmonized-system.csv`, `chpl_hs6.csv`).
    pub hs_dir: PathBuf,
    /// The lists snapshot for screening (FtM JSON lines).
    pub lists: Option<PathBuf>,
    /// Blocking keys shared by more mentions than this are dropped (a common word blocks
    /// nothing).
    pub max_block: u32,
    /// Candidate pairs scoring below this are not written.
    pub min_pair_score: f64,
}

/// One written result.
#[derive(Debug, Clone)]
pub struct Output {
    /// The Parquet file.
    pub path: PathBuf,
    /// Rows written.
    pub rows: usize,
    /// FNV-1a digest of the rows as text, in order.
    pub digest: u64,
}

fn literal(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "''"))
}

fn absolute(p: &Path, what: &str) -> Result<PathBuf> {
    std::fs::canonicalize(p).map_err(|e| {
        DataFusionError::Execution(format!("cannot open the {what} {}: {e}", p.display()))
    })
}

/// The mentions of trade parties in the records, as the network dataset reads them: the
/// sender in its own country (else the trading country, else the country of dispatch), the
/// receiver with its INN in the country of destination (RU when empty).
const MENTIONS: &str = r#"
  SELECT "senderName" AS name,
         COALESCE(NULLIF(TRIM("senderCountry"), ''), NULLIF(TRIM("tradingCountry"), ''),
                  NULLIF(TRIM("departureCountry"), ''), '') AS country,
         '' AS inn, COALESCE("senderAddress", '') AS address
    FROM customs WHERE TRIM(COALESCE("senderName", '')) <> ''
  UNION ALL
  SELECT "receiverName" AS name,
         COALESCE(NULLIF(TRIM("destinationCountry"), ''), 'RU') AS country,
         COALESCE("receiverInn", '') AS inn, COALESCE("receiverAddress", '') AS address
    FROM customs WHERE TRIM(COALESCE("receiverName", '')) <> ''
"#;

/// The SQL of a job, as (output file name, query) pairs. `parties` names the columns of a
/// registered parties file ([`register_parties`]) that the screen job reads instead of the
/// records' parties.
pub fn queries(
    job: Job,
    cfg: &JobConfig,
    parties: Option<&PartiesColumns>,
) -> Result<Vec<(&'static str, String)>> {
    // Only the jobs that classify codes need the HS folder (screening a parties file does not).
    let hs_folder =
        || -> Result<String> { Ok(literal(&absolute(&cfg.hs_dir, "HS reference folder")?)) };
    Ok(match job {
        Job::Classify => {
            let hs = hs_folder()?;
            vec![(
                "classified.parquet",
                format!(
                    r#"SELECT id,
       cp_hs6("vedCode", {hs}) AS hs6,
       cp_chpl_tier("vedCode", {hs}) AS chpl_tier,
       cp_category("vedCode", {hs}) AS category,
       cp_record_flags(id, "vedCode", date, "originCountry", "departureCountry", "tradingCountry", "goodsDescription", {hs}) AS flags,
       cp_party_key("senderName") AS sender_key,
       COALESCE(NULLIF("receiverInn", ''), cp_party_key("receiverName")) AS receiver_key,
       cp_value_usd("usdAmount", "invoiceAmount", currency) AS value_usd
  FROM customs
 ORDER BY id"#
                ),
            )]
        }
        Job::Screen => {
            let lists = cfg.lists.as_deref().ok_or_else(|| {
                DataFusionError::Execution(
                    "the screen job needs a lists snapshot (--lists FILE, FtM JSON lines)".into(),
                )
            })?;
            let lists = literal(&absolute(lists, "lists snapshot")?);
            let parties = if let Some(c) = parties {
                format!(
                    r#"SELECT DISTINCT name, country FROM (
                     SELECT TRIM(CAST({} AS VARCHAR)) AS name,
                            COALESCE(TRIM(CAST({} AS VARCHAR)), '') AS country
                       FROM parties) p
                    WHERE name <> ''"#,
                    c.name, c.country
                )
            } else {
                format!("SELECT DISTINCT name, country FROM ({MENTIONS}) m")
            };
            vec![(
                "screened.parquet",
                format!(
                    r#"WITH parties_distinct AS ({parties}),
     hits AS (SELECT name, country, cp_screen(name, country, {lists}) AS h FROM parties_distinct)
SELECT name, country,
       get_field(h, 'entity_id') AS entity_id,
       get_field(h, 'caption') AS caption,
       get_field(h, 'score') AS score,
       get_field(h, 'is_match') AS is_match
  FROM hits
 ORDER BY name, country"#
                ),
            )]
        }
        Job::Aggregate => {
            let hs = hs_folder()?;
            let rows = format!(
                r#"SELECT cp_party_key("senderName") AS party, 'sender' AS role,
          COALESCE(NULLIF("receiverInn", ''), cp_party_key("receiverName")) AS counterparty,
          date, cp_chpl_tier("vedCode", {hs}) IS NOT NULL AS chpl,
          CAST(ROUND(COALESCE(cp_value_usd("usdAmount", "invoiceAmount", currency), 0) * 100) AS BIGINT) AS cents
     FROM customs WHERE TRIM(COALESCE("senderName", '')) <> ''
   UNION ALL
   SELECT COALESCE(NULLIF("receiverInn", ''), cp_party_key("receiverName")) AS party, 'receiver' AS role,
          cp_party_key("senderName") AS counterparty,
          date, cp_chpl_tier("vedCode", {hs}) IS NOT NULL AS chpl,
          CAST(ROUND(COALESCE(cp_value_usd("usdAmount", "invoiceAmount", currency), 0) * 100) AS BIGINT) AS cents
     FROM customs WHERE TRIM(COALESCE("receiverName", '')) <> '' OR COALESCE("receiverInn", '') <> ''"#
            );
            vec![
                (
                    "party_features.parquet",
                    format!(
                        // Distinct counterparties through a grouping by (party, role,
                        // counterparty) first, not COUNT(DISTINCT): DataFusion keeps a string
                        // set per group for that, which took 6.1 GB at 1 M rows / 100 k
                        // parties (docs/cluster.md); two groupings keep one row per triple.
                        r#"WITH r AS ({rows}),
     g AS (SELECT party, role, counterparty,
                  MIN(date) AS first_shipment, MAX(date) AS last_shipment, COUNT(*) AS records,
                  SUM(CASE WHEN chpl THEN 1 ELSE 0 END) AS chpl_records, SUM(cents) AS value_cents
             FROM r
            GROUP BY party, role, counterparty)
SELECT party, role,
       MIN(first_shipment) AS first_shipment, MAX(last_shipment) AS last_shipment,
       SUM(records) AS records,
       COUNT(counterparty) AS counterparties,
       SUM(chpl_records) AS chpl_records,
       SUM(value_cents) AS value_cents
  FROM g
 GROUP BY party, role
 ORDER BY party, role"#
                    ),
                ),
                (
                    "party_months.parquet",
                    format!(
                        r#"WITH r AS ({rows})
SELECT party, role, date_trunc('month', date) AS month,
       COUNT(*) AS records, SUM(cents) AS value_cents
  FROM r
 GROUP BY party, role, date_trunc('month', date)
 ORDER BY party, role, month"#
                    ),
                ),
            ]
        }
        Job::Block => vec![(
            "pairs.parquet",
            format!(
                r#"WITH p AS (SELECT DISTINCT name, country, inn, address FROM ({MENTIONS}) m),
     k AS (SELECT cp_mention_key(name, country, inn, address) AS party, name, country, address,
                  unnest(cp_block_keys(name)) AS bkey
             FROM p),
     sizes AS (SELECT bkey, COUNT(*) AS n FROM k GROUP BY bkey),
     kk AS (SELECT k.party, k.name, k.country, k.address, k.bkey
              FROM k JOIN sizes ON k.bkey = sizes.bkey WHERE sizes.n <= {max_block}),
     pairs AS (SELECT DISTINCT a.party AS party_a, b.party AS party_b,
                      a.name AS name_a, a.country AS country_a, a.address AS address_a,
                      b.name AS name_b, b.country AS country_b, b.address AS address_b
                 FROM kk a JOIN kk b ON a.bkey = b.bkey AND a.party < b.party),
     scored AS (SELECT party_a, party_b,
                       cp_pair_score(name_a, country_a, address_a, name_b, country_b, address_b) AS s
                  FROM pairs),
     flat AS (SELECT party_a, party_b, get_field(s, 'score') AS score,
                     get_field(s, 'name_score') AS name_score,
                     get_field(s, 'address_similarity') AS address_similarity
                FROM scored)
SELECT party_a, party_b, score, name_score, address_similarity FROM flat
 WHERE score >= {min}
 ORDER BY party_a, party_b, score, name_score, address_similarity"#,
                max_block = cfg.max_block,
                min = cfg.min_pair_score,
            ),
        )],
    })
}

/// Registers the customs Parquet file (or folder of files) as table `customs` in `ctx`.
pub async fn register_input(ctx: &SessionContext, input: &Path) -> Result<()> {
    let input = absolute(input, "customs Parquet file")?;
    ctx.register_parquet(
        "customs",
        input.display().to_string(),
        ParquetReadOptions::default(),
    )
    .await
}

/// The columns of a registered parties file, as SQL expressions over table `parties`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartiesColumns {
    /// The name column (quoted identifier).
    pub name: String,
    /// The country column (quoted identifier), or a NULL literal when the file has none.
    pub country: String,
}

/// Registers a parties file as table `parties`: Parquet, or CSV with a header row (by the
/// `.csv` extension). Finds its `name` and optional `country` columns (any case); a file
/// without a `name` column is refused with its columns named.
pub async fn register_parties(ctx: &SessionContext, parties: &Path) -> Result<PartiesColumns> {
    let path = absolute(parties, "parties file")?;
    let shown = path.display().to_string();
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        ctx.register_csv(
            "parties",
            shown.clone(),
            datafusion::prelude::CsvReadOptions::new().has_header(true),
        )
        .await?;
    } else {
        ctx.register_parquet("parties", shown.clone(), ParquetReadOptions::default())
            .await?;
    }
    let columns: Vec<String> = ctx
        .table("parties")
        .await?
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let find = |want: &str| columns.iter().find(|c| c.eq_ignore_ascii_case(want));
    let quote = |c: &str| format!("\"{}\"", c.replace('"', "\"\""));
    let Some(name) = find("name") else {
        return Err(DataFusionError::Execution(format!(
            "{shown}: the parties file has no `name` column (its columns: {})",
            columns.join(", ")
        )));
    };
    Ok(PartiesColumns {
        name: quote(name),
        country: find("country").map_or("CAST(NULL AS VARCHAR)".to_string(), |c| quote(c)),
    })
}

/// Runs `job` on `engine` and writes its Parquet files into `out_dir`.
pub async fn run(
    engine: &Engine,
    job: Job,
    cfg: &JobConfig,
    out_dir: &Path,
) -> Result<Vec<Output>> {
    let ctx = context(engine).await?;
    let parties = match (&cfg.parties, &cfg.input) {
        (Some(parties), _) if job == Job::Screen => Some(register_parties(&ctx, parties).await?),
        (_, Some(input)) => {
            register_input(&ctx, input).await?;
            None
        }
        (_, None) => {
            return Err(DataFusionError::Execution(format!(
                "the {} job needs the customs records (--input FILE.parquet or a folder of them)",
                job.name()
            )))
        }
    };
    std::fs::create_dir_all(out_dir).map_err(|e| {
        DataFusionError::Execution(format!("cannot create {}: {e}", out_dir.display()))
    })?;
    let mut outputs = Vec::new();
    for (file, sql) in queries(job, cfg, parties.as_ref())? {
        let batches = ctx.sql(&sql).await?.collect().await?;
        let path = out_dir.join(file);
        write_parquet(&path, &batches)?;
        let rows = row_strings(&batches)?;
        outputs.push(Output {
            path,
            rows: rows.len(),
            digest: digest(&rows),
        });
    }
    Ok(outputs)
}

/// Writes batches to one Parquet file (an empty result still gets its schema).
pub fn write_parquet(path: &Path, batches: &[RecordBatch]) -> Result<()> {
    let Some(first) = batches.first() else {
        return Err(DataFusionError::Execution(format!(
            "the query for {} returned no batch at all",
            path.display()
        )));
    };
    let file = std::fs::File::create(path).map_err(|e| {
        DataFusionError::Execution(format!("cannot create {}: {e}", path.display()))
    })?;
    let mut w = ArrowWriter::try_new(file, first.schema(), None)?;
    for b in batches {
        w.write(b)?;
    }
    w.close()?;
    Ok(())
}

/// Every row as one line of text (columns separated by a tab), in order.
pub fn row_strings(batches: &[RecordBatch]) -> Result<Vec<String>> {
    let opts = FormatOptions::default().with_null("∅");
    let mut out = Vec::new();
    for b in batches {
        let fmts = b
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        for i in 0..b.num_rows() {
            let mut line = String::new();
            for (j, f) in fmts.iter().enumerate() {
                if j > 0 {
                    line.push('\t');
                }
                line.push_str(&f.value(i).to_string());
            }
            out.push(line);
        }
    }
    Ok(out)
}

/// FNV-1a over the rows, each followed by a newline.
pub fn digest(rows: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for r in rows {
        for b in r.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Reads a Parquet file back as rows of text (for comparisons).
pub async fn read_rows(path: &Path) -> Result<Vec<String>> {
    let ctx = SessionContext::new();
    let df = ctx
        .read_parquet(
            absolute(path, "Parquet file")?.display().to_string(),
            ParquetReadOptions::default(),
        )
        .await?;
    row_strings(&df.collect().await?)
}

/// Compares two result files row for row: `None` when equal, else one sentence naming the
/// first difference.
pub async fn compare(a: &Path, b: &Path) -> Result<Option<String>> {
    let (ra, rb) = (read_rows(a).await?, read_rows(b).await?);
    for (i, (x, y)) in ra.iter().zip(&rb).enumerate() {
        if x != y {
            return Ok(Some(format!(
                "row {} differs: {} has «{x}», {} has «{y}»",
                i + 1,
                a.display(),
                b.display()
            )));
        }
    }
    if ra.len() != rb.len() {
        return Ok(Some(format!(
            "{} has {} rows, {} has {}",
            a.display(),
            ra.len(),
            b.display(),
            rb.len()
        )));
    }
    Ok(None)
}
