//! Generated input for the jobs, the tests and the benchmark: a seeded scenario
//! (`chokepoint_scenario::generate`, marked synthetic) whose customs file is read by the trade
//! crate's reader and written as `customs.parquet` with the canonical column names and types
//! `chokepoint scenario generate --parquet` uses (text as UTF-8, `date` as DATE, amounts as
//! DOUBLE), and a synthetic lists snapshot `lists.ftm.json` (FtM JSON lines) naming every
//! `list_every`-th distinct sender, so that the screening job has hits to find.

use chokepoint_model::{write_ftm_line, Entity, Prop, Schema};
use chokepoint_trade::CustomsRecord;
use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, RecordBatch, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema as ArrowSchema};
use datafusion::parquet::arrow::ArrowWriter;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Errors of the generator, each naming the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The scenario generator failed.
    #[error("scenario generation into {0} failed: {1}")]
    Scenario(PathBuf, String),
    /// Reading the generated customs file failed.
    #[error("reading {0} failed: {1}")]
    Read(PathBuf, String),
    /// Writing an output file failed.
    #[error("writing {0} failed: {1}")]
    Write(PathBuf, String),
}

/// What [`generate`] wrote.
#[derive(Debug, Clone)]
pub struct Generated {
    /// `customs.parquet`.
    pub customs: PathBuf,
    /// `lists.ftm.json`.
    pub lists: PathBuf,
    /// Customs records written.
    pub rows: usize,
    /// Entities in the lists snapshot.
    pub listed: usize,
}

const TEXT: [&str; 21] = [
    "id",
    "recordType",
    "ccdNumber",
    "vedCode",
    "goodsDescription",
    "manufacturer",
    "brand",
    "unit",
    "currency",
    "receiverName",
    "receiverInn",
    "receiverAddress",
    "senderName",
    "senderAddress",
    "senderCountry",
    "originCountry",
    "departureCountry",
    "tradingCountry",
    "destinationCountry",
    "customsProcedure",
    "incoterms",
];
const NUMBERS: [&str; 5] = [
    "quantity",
    "netWeight",
    "grossWeight",
    "invoiceAmount",
    "usdAmount",
];

fn text_of<'a>(r: &'a CustomsRecord, field: &str) -> &'a str {
    match field {
        "id" => &r.id,
        "recordType" => &r.record_type,
        "ccdNumber" => &r.ccd_number,
        "vedCode" => &r.ved_code,
        "goodsDescription" => &r.goods_description,
        "manufacturer" => &r.manufacturer,
        "brand" => &r.brand,
        "unit" => &r.unit,
        "currency" => &r.currency,
        "receiverName" => &r.receiver_name,
        "receiverInn" => &r.receiver_inn,
        "receiverAddress" => &r.receiver_address,
        "senderName" => &r.sender_name,
        "senderAddress" => &r.sender_address,
        "senderCountry" => &r.sender_country,
        "originCountry" => &r.origin_country,
        "departureCountry" => &r.departure_country,
        "tradingCountry" => &r.trading_country,
        "destinationCountry" => &r.destination_country,
        "customsProcedure" => &r.customs_procedure,
        "incoterms" => &r.incoterms,
        _ => "",
    }
}

fn number_of(r: &CustomsRecord, field: &str) -> Option<f64> {
    match field {
        "quantity" => r.quantity,
        "netWeight" => r.net_weight,
        "grossWeight" => r.gross_weight,
        "invoiceAmount" => r.invoice_amount,
        _ => r.usd_amount,
    }
}

/// The text columns written (the record's text fields).
fn text_columns() -> impl Iterator<Item = &'static str> {
    TEXT.iter().copied()
}

fn schema() -> Arc<ArrowSchema> {
    let mut fields: Vec<Field> = text_columns()
        .map(|f| Field::new(f, DataType::Utf8, true))
        .collect();
    fields.push(Field::new("date", DataType::Date32, true));
    fields.extend(
        NUMBERS
            .iter()
            .map(|f| Field::new(*f, DataType::Float64, true)),
    );
    fields.push(Field::new("synthetic", DataType::Boolean, false));
    Arc::new(ArrowSchema::new(fields))
}

fn batch(records: &[CustomsRecord]) -> Result<RecordBatch, String> {
    let mut cols: Vec<ArrayRef> = Vec::new();
    for f in text_columns() {
        let mut b = StringBuilder::new();
        for r in records {
            let v = text_of(r, f);
            if v.is_empty() {
                b.append_null();
            } else {
                b.append_value(v);
            }
        }
        cols.push(Arc::new(b.finish()));
    }
    let mut d = Date32Builder::new();
    for r in records {
        d.append_value(r.date.0);
    }
    cols.push(Arc::new(d.finish()));
    for f in NUMBERS {
        let mut b = Float64Builder::new();
        for r in records {
            b.append_option(number_of(r, f));
        }
        cols.push(Arc::new(b.finish()));
    }
    let mut s = BooleanBuilder::new();
    for r in records {
        s.append_value(r.synthetic);
    }
    cols.push(Arc::new(s.finish()));
    RecordBatch::try_new(schema(), cols).map_err(|e| e.to_string())
}

/// Generates a scenario of `rows` records with `seed` into `out_dir` and writes
/// `customs.parquet` and `lists.ftm.json` beside its CSV files.
pub fn generate(
    seed: u64,
    rows: u64,
    out_dir: &Path,
    list_every: usize,
) -> Result<Generated, GenerateError> {
    chokepoint_scenario::generate(
        seed,
        rows,
        out_dir,
        &chokepoint_scenario::ScenarioOptions::default(),
    )
    .map_err(|e| GenerateError::Scenario(out_dir.to_path_buf(), e.to_string()))?;
    let csv = out_dir.join(chokepoint_scenario::files::CUSTOMS_FILE);
    let customs = out_dir.join("customs.parquet");
    let lists = out_dir.join("lists.ftm.json");
    let werr = |p: &Path| {
        let p = p.to_path_buf();
        move |e: String| GenerateError::Write(p.clone(), e)
    };
    let file = std::fs::File::create(&customs).map_err(|e| werr(&customs)(e.to_string()))?;
    let mut writer =
        ArrowWriter::try_new(file, schema(), None).map_err(|e| werr(&customs)(e.to_string()))?;
    let mut pending: Vec<CustomsRecord> = Vec::with_capacity(65_536);
    let mut written = 0usize;
    let mut senders: HashSet<String> = HashSet::new();
    let mut listed: Vec<Entity> = Vec::new();
    let mut write_err: Option<String> = None;
    chokepoint_trade::for_each_record(
        &csv,
        &chokepoint_trade::ReadOptions::default(),
        &mut |_, _| {},
        &mut |r| {
            if !r.sender_name.trim().is_empty() && senders.insert(r.sender_name.clone()) {
                let n = senders.len();
                if list_every > 0 && n % list_every == 0 {
                    let mut e = Entity::from_record(
                        Schema::Company,
                        "synthetic-list",
                        &n.to_string(),
                        None,
                    );
                    e.add(Prop::Name, &r.sender_name);
                    if !r.sender_country.is_empty() {
                        e.add(Prop::Country, &r.sender_country.to_lowercase());
                    }
                    listed.push(e);
                }
            }
            pending.push(r.clone());
            if pending.len() == pending.capacity() && write_err.is_none() {
                match batch(&pending).and_then(|b| writer.write(&b).map_err(|e| e.to_string())) {
                    Ok(()) => written += pending.len(),
                    Err(e) => write_err = Some(e),
                }
                pending.clear();
            }
            Ok(())
        },
    )
    .map_err(|e| GenerateError::Read(csv.clone(), e.to_string()))?;
    if let Some(e) = write_err {
        return Err(werr(&customs)(e));
    }
    if !pending.is_empty() {
        let b = batch(&pending).map_err(werr(&customs))?;
        writer
            .write(&b)
            .map_err(|e| werr(&customs)(e.to_string()))?;
        written += pending.len();
    }
    writer.close().map_err(|e| werr(&customs)(e.to_string()))?;
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&lists).map_err(|e| werr(&lists)(e.to_string()))?,
    );
    for e in &listed {
        writeln!(out, "{}", write_ftm_line(e)).map_err(|e| werr(&lists)(e.to_string()))?;
    }
    out.flush().map_err(|e| werr(&lists)(e.to_string()))?;
    Ok(Generated {
        customs,
        lists,
        rows: written,
        listed: listed.len(),
    })
}
