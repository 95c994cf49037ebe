//! Chokepoint's functions as DataFusion scalar UDFs, registered identically in the client's
//! session, the scheduler's session builder and every executor's function registry (a plan names
//! a UDF by its name; each process resolves the name in its own registry).
//!
//! Every function calls the stage crate that owns the rule; nothing here re-implements one:
//!
//! | SQL function | calls |
//! |---|---|
//! | `cp_party_key(name)` | `chokepoint_trade::detect::party_key` (names crate's analysed organisation key) |
//! | `cp_hs6(code, hs_dir)` | `Classifier::classify` → HS 2022 subheading (null when unknown) |
//! | `cp_chpl_tier(code, hs_dir)` | `Classifier::classify` → CHPL tier (`1`, `2`, `3.A` …; null when not listed) |
//! | `cp_category(code, hs_dir)` | `Classifier::classify` → goods category (null when the code is unknown) |
//! | `cp_record_flags(id, code, date, origin, dispatch, trading, description, hs_dir)` | `chokepoint_trade::detect::RecordDetector::flags`: the flags of the rules that need no other record (`desc.mismatch`, `route.transshipment`) as a list of `{rule, score, explanation}`, exactly as `chokepoint trade flags` stores them |
//! | `cp_screen(name, country, lists_file)` | `chokepoint_screen::Index::search` of `Query::party` (as `chokepoint screen` builds it): struct `{entity_id, caption, score, is_match}` of the best hit |
//! | `cp_block_keys(name)` | blocking keys from `chokepoint_names::analyze` (see [`block_keys`]) |
//! | `cp_value_usd(usd_amount, invoice_amount, currency)` | `CustomsRecord::value_usd` (the statistical value, else an invoice in USD) |
//! | `cp_mention_key(name, country, inn, address)` | `chokepoint_network::Party::key` (the key the resolver and analyst judgements use) |
//! | `cp_pair_score(name_a, country_a, address_a, name_b, country_b, address_b)` | the network resolver's pair score ([`pair_score`]) |
//!
//! Reference data travels with the job, not with the process: `hs_dir` (the HS folder with
//! `harmonized-system.csv` and `chpl_hs6.csv`) and `lists_file` (FtM JSON lines) are literal
//! arguments of the query. Each process loads a given file once and keeps it for the process's
//! life ([`classifier`], [`screening_index`]), so an executor builds the screening index once
//! however many tasks use it.

use chokepoint_model::{Entity, Provenance};
pub use chokepoint_network::resolve::PairScore;
use chokepoint_screen::{Index, Query, SearchOptions};
use chokepoint_trade::detect::RecordDetector;
use chokepoint_trade::{Classification, Classifier};
use datafusion::arrow::array::{
    Array, ArrayRef, BooleanBuilder, Float64Array, Float64Builder, Int32Builder, ListBuilder,
    StringArray, StringBuilder, StructArray, StructBuilder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Which Chokepoint function a [`ChokepointUdf`] computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `cp_party_key(name)`.
    PartyKey,
    /// `cp_hs6(code, hs_dir)`.
    Hs6,
    /// `cp_chpl_tier(code, hs_dir)`.
    ChplTier,
    /// `cp_category(code, hs_dir)`.
    Category,
    /// `cp_record_flags(id, code, date, origin, dispatch, trading, description, hs_dir)`.
    RecordFlags,
    /// `cp_screen(name, country, lists_file)`.
    Screen,
    /// `cp_block_keys(name)`.
    BlockKeys,
    /// `cp_pair_score(name_a, country_a, address_a, name_b, country_b, address_b)`.
    PairScore,
    /// `cp_value_usd(usd_amount, invoice_amount, currency)`.
    ValueUsd,
    /// `cp_mention_key(name, country, inn, address)`.
    MentionKey,
}

impl Kind {
    /// Every function, in the order they are registered.
    pub const ALL: [Kind; 10] = [
        Kind::PartyKey,
        Kind::Hs6,
        Kind::ChplTier,
        Kind::Category,
        Kind::RecordFlags,
        Kind::Screen,
        Kind::BlockKeys,
        Kind::PairScore,
        Kind::ValueUsd,
        Kind::MentionKey,
    ];

    /// The SQL name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::PartyKey => "cp_party_key",
            Kind::Hs6 => "cp_hs6",
            Kind::ChplTier => "cp_chpl_tier",
            Kind::Category => "cp_category",
            Kind::RecordFlags => "cp_record_flags",
            Kind::Screen => "cp_screen",
            Kind::BlockKeys => "cp_block_keys",
            Kind::PairScore => "cp_pair_score",
            Kind::ValueUsd => "cp_value_usd",
            Kind::MentionKey => "cp_mention_key",
        }
    }

    fn arity(self) -> usize {
        match self {
            Kind::PartyKey | Kind::BlockKeys => 1,
            Kind::Hs6 | Kind::ChplTier | Kind::Category => 2,
            Kind::Screen | Kind::ValueUsd => 3,
            Kind::MentionKey => 4,
            Kind::PairScore => 6,
            Kind::RecordFlags => 8,
        }
    }

    fn return_type(self) -> DataType {
        match self {
            Kind::PartyKey | Kind::ChplTier | Kind::Category | Kind::MentionKey => DataType::Utf8,
            Kind::Hs6 => DataType::Int32,
            Kind::RecordFlags => DataType::List(Arc::new(Field::new_list_field(
                DataType::Struct(flag_fields()),
                true,
            ))),
            Kind::Screen => DataType::Struct(screen_fields()),
            Kind::BlockKeys => {
                DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
            }
            Kind::PairScore => DataType::Struct(pair_fields()),
            Kind::ValueUsd => DataType::Float64,
        }
    }
}

/// The fields of one flag of `cp_record_flags`: its rule, score and explanation.
fn flag_fields() -> Fields {
    Fields::from(vec![
        Field::new("rule", DataType::Utf8, false),
        Field::new("score", DataType::Float64, false),
        Field::new("explanation", DataType::Utf8, false),
    ])
}

fn pair_fields() -> Fields {
    Fields::from(vec![
        Field::new("score", DataType::Float64, false),
        Field::new("name_score", DataType::Float64, false),
        Field::new("address_similarity", DataType::Float64, true),
    ])
}

fn screen_fields() -> Fields {
    Fields::from(vec![
        Field::new("entity_id", DataType::Utf8, true),
        Field::new("caption", DataType::Utf8, true),
        Field::new("score", DataType::Float64, false),
        Field::new("is_match", DataType::Boolean, false),
    ])
}

/// One Chokepoint function as a DataFusion scalar UDF.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ChokepointUdf {
    kind: Kind,
    signature: Signature,
}

impl ChokepointUdf {
    /// The UDF computing `kind`.
    pub fn new(kind: Kind) -> Self {
        ChokepointUdf {
            kind,
            signature: Signature::any(kind.arity(), Volatility::Immutable),
        }
    }
}

/// Every Chokepoint UDF, ready to register in a session or an executor's registry.
pub fn all() -> Vec<Arc<ScalarUDF>> {
    Kind::ALL
        .iter()
        .map(|&k| Arc::new(ScalarUDF::from(ChokepointUdf::new(k))))
        .collect()
}

impl ScalarUDFImpl for ChokepointUdf {
    fn name(&self) -> &str {
        self.kind.name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(self.kind.return_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let a = &args.args;
        let out: ArrayRef = match self.kind {
            Kind::PartyKey => {
                let names = strings(&a[0], n)?;
                let mut b = StringBuilder::with_capacity(n, n * 16);
                for i in 0..n {
                    if names.is_null(i) {
                        b.append_null();
                    } else {
                        b.append_value(chokepoint_trade::detect::party_key(names.value(i)));
                    }
                }
                Arc::new(b.finish())
            }
            Kind::Hs6 | Kind::ChplTier | Kind::Category => {
                let codes = strings(&a[0], n)?;
                let c = classifier(&path_arg(self.kind, &a[1], "hs_dir")?)?;
                let class = |i: usize| -> Option<Classification> {
                    (!codes.is_null(i))
                        .then(|| c.classify(codes.value(i)).ok())
                        .flatten()
                };
                match self.kind {
                    Kind::Hs6 => {
                        let mut b = Int32Builder::with_capacity(n);
                        for i in 0..n {
                            b.append_option(class(i).map(|x| x.hs6 as i32));
                        }
                        Arc::new(b.finish())
                    }
                    Kind::ChplTier => {
                        let mut b = StringBuilder::with_capacity(n, n * 2);
                        for i in 0..n {
                            b.append_option(class(i).and_then(|x| x.chpl).map(|t| t.as_str()));
                        }
                        Arc::new(b.finish())
                    }
                    _ => {
                        let mut b = StringBuilder::with_capacity(n, n * 12);
                        for i in 0..n {
                            b.append_option(class(i).map(|x| x.category.as_str()));
                        }
                        Arc::new(b.finish())
                    }
                }
            }
            Kind::RecordFlags => {
                let ids = strings(&a[0], n)?;
                let codes = strings(&a[1], n)?;
                let dates = cast(&a[2].to_array(n)?, &DataType::Int32)?;
                let dates = dates
                    .as_any()
                    .downcast_ref::<datafusion::arrow::array::Int32Array>()
                    .ok_or_else(|| exec("cp_record_flags: the date argument is not a date"))?;
                let origin = strings(&a[3], n)?;
                let dispatch = strings(&a[4], n)?;
                let trading = strings(&a[5], n)?;
                let descriptions = strings(&a[6], n)?;
                let d = record_detector(&path_arg(self.kind, &a[7], "hs_dir")?)?;
                let mut b =
                    ListBuilder::new(StructBuilder::from_fields(flag_fields(), 2)).with_field(
                        Arc::new(Field::new_list_field(DataType::Struct(flag_fields()), true)),
                    );
                for i in 0..n {
                    let record = chokepoint_trade::CustomsRecord {
                        id: str_at(&ids, i).to_string(),
                        ved_code: str_at(&codes, i).to_string(),
                        date: chokepoint_trade::Date(if dates.is_null(i) {
                            0
                        } else {
                            dates.value(i)
                        }),
                        origin_country: str_at(&origin, i).to_string(),
                        departure_country: str_at(&dispatch, i).to_string(),
                        trading_country: str_at(&trading, i).to_string(),
                        goods_description: str_at(&descriptions, i).to_string(),
                        ..Default::default()
                    };
                    for f in d.flags(&record) {
                        let sb = b.values();
                        sb.field_builder::<StringBuilder>(0)
                            .ok_or_else(|| exec("cp_record_flags: rule builder"))?
                            .append_value(f.rule.as_str());
                        sb.field_builder::<Float64Builder>(1)
                            .ok_or_else(|| exec("cp_record_flags: score builder"))?
                            .append_value(f.score);
                        sb.field_builder::<StringBuilder>(2)
                            .ok_or_else(|| exec("cp_record_flags: explanation builder"))?
                            .append_value(&f.explanation);
                        sb.append(true);
                    }
                    b.append(true);
                }
                Arc::new(b.finish())
            }
            Kind::Screen => {
                let names = strings(&a[0], n)?;
                let countries = strings(&a[1], n)?;
                let index = screening_index(&path_arg(self.kind, &a[2], "lists_file")?)?;
                let opts = SearchOptions {
                    limit: 1,
                    explain: false,
                    ..SearchOptions::default()
                };
                let mut ids = StringBuilder::with_capacity(n, n * 8);
                let mut captions = StringBuilder::with_capacity(n, n * 8);
                let mut scores = Float64Builder::with_capacity(n);
                let mut matches = BooleanBuilder::with_capacity(n);
                for i in 0..n {
                    let name = str_at(&names, i);
                    // A country written as a name («Hong Kong») or code, as the CLI takes it.
                    let written = str_at(&countries, i);
                    let country =
                        chokepoint_refdata::country::lookup(written).map_or(written, |c| c.code());
                    let q = Query::party(name, country);
                    let hit = if name.trim().is_empty() {
                        None
                    } else {
                        index.search(&q, &opts).into_iter().next()
                    };
                    match hit {
                        Some(h) => {
                            ids.append_value(&h.entity_id);
                            captions.append_value(&h.caption);
                            scores.append_value(h.score);
                            matches.append_value(h.is_match);
                        }
                        None => {
                            ids.append_null();
                            captions.append_null();
                            scores.append_value(0.0);
                            matches.append_value(false);
                        }
                    }
                }
                Arc::new(StructArray::try_new(
                    screen_fields(),
                    vec![
                        Arc::new(ids.finish()),
                        Arc::new(captions.finish()),
                        Arc::new(scores.finish()),
                        Arc::new(matches.finish()),
                    ],
                    None,
                )?)
            }
            Kind::BlockKeys => {
                let names = strings(&a[0], n)?;
                let mut b = ListBuilder::new(StringBuilder::new());
                for i in 0..n {
                    for k in block_keys(str_at(&names, i)) {
                        b.values().append_value(k);
                    }
                    b.append(true);
                }
                Arc::new(b.finish())
            }
            Kind::PairScore => {
                let cols = a
                    .iter()
                    .map(|x| strings(x, n))
                    .collect::<Result<Vec<_>>>()?;
                let mut score = Float64Builder::with_capacity(n);
                let mut name = Float64Builder::with_capacity(n);
                let mut address = Float64Builder::with_capacity(n);
                for i in 0..n {
                    let p = pair_score(
                        (
                            str_at(&cols[0], i),
                            str_at(&cols[1], i),
                            str_at(&cols[2], i),
                        ),
                        (
                            str_at(&cols[3], i),
                            str_at(&cols[4], i),
                            str_at(&cols[5], i),
                        ),
                    );
                    score.append_value(p.score);
                    name.append_value(p.name_score);
                    address.append_option(p.address_similarity);
                }
                Arc::new(StructArray::try_new(
                    pair_fields(),
                    vec![
                        Arc::new(score.finish()),
                        Arc::new(name.finish()),
                        Arc::new(address.finish()),
                    ],
                    None,
                )?)
            }
            Kind::ValueUsd => {
                let usd = floats(&a[0], n)?;
                let invoice = floats(&a[1], n)?;
                let currency = strings(&a[2], n)?;
                let values: Float64Array = (0..n)
                    .map(|i| {
                        let r = chokepoint_trade::CustomsRecord {
                            usd_amount: (!usd.is_null(i)).then(|| usd.value(i)),
                            invoice_amount: (!invoice.is_null(i)).then(|| invoice.value(i)),
                            currency: str_at(&currency, i).to_string(),
                            ..Default::default()
                        };
                        r.value_usd()
                    })
                    .collect();
                Arc::new(values)
            }
            Kind::MentionKey => {
                let cols = a
                    .iter()
                    .map(|x| strings(x, n))
                    .collect::<Result<Vec<_>>>()?;
                let mut b = StringBuilder::with_capacity(n, n * 32);
                for i in 0..n {
                    let p =
                        chokepoint_network::Party::new(str_at(&cols[0], i), str_at(&cols[1], i))
                            .with_inn(str_at(&cols[2], i))
                            .with_address(str_at(&cols[3], i));
                    b.append_value(p.key());
                }
                Arc::new(b.finish())
            }
        };
        Ok(ColumnarValue::Array(out))
    }
}

fn exec(msg: impl Into<String>) -> DataFusionError {
    DataFusionError::Execution(msg.into())
}

/// The argument as a plain UTF-8 array (views and large strings are cast).
fn strings(v: &ColumnarValue, n: usize) -> Result<StringArray> {
    let arr = cast(&v.to_array(n)?, &DataType::Utf8)?;
    arr.as_any()
        .downcast_ref::<StringArray>()
        .cloned()
        .ok_or_else(|| exec("a Chokepoint UDF was given a value that is not text"))
}

/// The argument as a Float64 array (integers and nulls are cast).
fn floats(v: &ColumnarValue, n: usize) -> Result<Float64Array> {
    let arr = cast(&v.to_array(n)?, &DataType::Float64)?;
    arr.as_any()
        .downcast_ref::<Float64Array>()
        .cloned()
        .ok_or_else(|| exec("a Chokepoint UDF was given a value that is not a number"))
}

fn str_at(a: &StringArray, i: usize) -> &str {
    if a.is_null(i) {
        ""
    } else {
        a.value(i)
    }
}

/// A literal path argument (`hs_dir`, `lists_file`): the job ships its reference files by path.
fn path_arg(kind: Kind, v: &ColumnarValue, what: &str) -> Result<PathBuf> {
    let ColumnarValue::Scalar(s) = v else {
        return Err(exec(format!(
            "{}: the {what} argument must be a literal path, not a column",
            kind.name()
        )));
    };
    match s {
        ScalarValue::Utf8(Some(p))
        | ScalarValue::Utf8View(Some(p))
        | ScalarValue::LargeUtf8(Some(p)) => Ok(PathBuf::from(p)),
        other => Err(exec(format!(
            "{}: the {what} argument must be a text literal, got {other:?}",
            kind.name()
        ))),
    }
}

type Cache<T> = OnceLock<Mutex<HashMap<PathBuf, Arc<T>>>>;

fn cached<T>(
    cache: &'static Cache<T>,
    path: &Path,
    load: impl FnOnce(&Path) -> Result<T>,
) -> Result<Arc<T>> {
    let map = cache.get_or_init(|| Mutex::new(HashMap::new()));
    // The lock is held while loading so that concurrent tasks load a file once.
    let mut guard = map
        .lock()
        .map_err(|_| exec("a reference-data cache was poisoned by a failed load"))?;
    if let Some(v) = guard.get(path) {
        return Ok(Arc::clone(v));
    }
    let v = Arc::new(load(path)?);
    guard.insert(path.to_path_buf(), Arc::clone(&v));
    Ok(v)
}

/// The classifier over an HS folder, loaded once per process.
pub fn classifier(hs_dir: &Path) -> Result<Arc<Classifier>> {
    static CACHE: Cache<Classifier> = OnceLock::new();
    cached(&CACHE, hs_dir, |p| {
        Classifier::load(p).map_err(|e| {
            exec(format!(
                "cannot load the HS reference folder {}: {e}",
                p.display()
            ))
        })
    })
}

/// The per-record trade rules over an HS folder (`chokepoint_trade::detect::RecordDetector`:
/// `desc.mismatch` and `route.transshipment`), built once per process.
pub fn record_detector(hs_dir: &Path) -> Result<Arc<RecordDetector>> {
    static CACHE: Cache<RecordDetector> = OnceLock::new();
    let c = classifier(hs_dir)?;
    cached(&CACHE, hs_dir, move |p| {
        RecordDetector::new(c).map_err(|e| {
            exec(format!(
                "cannot build the trade rules over {}: {e}",
                p.display()
            ))
        })
    })
}

/// The screening index over a lists snapshot (FtM JSON lines, as `chokepoint lists export`
/// writes them), built once per process.
pub fn screening_index(lists_file: &Path) -> Result<Arc<Index>> {
    static CACHE: Cache<Index> = OnceLock::new();
    cached(&CACHE, lists_file, |p| {
        let entities = read_lists(p)?;
        Index::try_build(entities)
            .map_err(|e| exec(format!("cannot index the lists in {}: {e}", p.display())))
    })
}

/// Reads a lists snapshot (FtM JSON lines); an unreadable line stops with its file and line.
pub fn read_lists(path: &Path) -> Result<Vec<Entity>> {
    let file = std::fs::File::open(path).map_err(|e| {
        exec(format!(
            "cannot open the lists file {}: {e}",
            path.display()
        ))
    })?;
    let name = path.display().to_string();
    let default = Provenance::new("lists", "", None);
    chokepoint_model::read_ftm_lines(std::io::BufReader::new(file), &name, default)
        .map(|r| r.map_err(|e| exec(e.to_string())))
        .collect()
}

/// The blocking keys of a party name for candidate generation: each name token of the names
/// crate's analysis (legal forms removed, scripts folded) that is not a generic organisation
/// word, as its phonetic key (`p:`), plus the whole sorted key (`k:`). Two mentions are compared
/// when they share a key; a very common key is cut by the job's block-size cap.
pub fn block_keys(name: &str) -> Vec<String> {
    use chokepoint_names::{analyze, phonetic_key, NameKind, TokenKind};
    if name.trim().is_empty() {
        return Vec::new();
    }
    let analysed = analyze(name, NameKind::Organization);
    let mut keys: Vec<String> = analysed
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word && t.text.chars().count() >= 3)
        .map(|t| format!("p:{}", phonetic_key(&t.text)))
        .filter(|k| k.len() > 2)
        .collect();
    let sorted = analysed.sorted_key();
    if !sorted.is_empty() {
        keys.push(format!("k:{sorted}"));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The network resolver's pair score of two mentions `(name, country, address)`:
/// `chokepoint_network::resolve::score_pair`, the same terms from the same functions as
/// `chokepoint_network::resolve`.
pub fn pair_score(a: (&str, &str, &str), b: (&str, &str, &str)) -> PairScore {
    let pa = chokepoint_network::Party::new(a.0, a.1).with_address(a.2);
    let pb = chokepoint_network::Party::new(b.0, b.1).with_address(b.2);
    chokepoint_network::resolve::score_pair(&pa, &pb)
}
