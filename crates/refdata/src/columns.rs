//! Header mapping, the one mechanism every importer of tabular files uses to find its fields:
//! a table of **canonical fields ← header synonyms**, matched on a normalised key, with the
//! unit a header names (a currency, a scale such as thousands, a weight unit) read off the
//! header itself.
//!
//! An importer defines its canonical fields as a type implementing [`CanonicalField`] (its
//! fields, their names, and what [`Quantity`] each holds) and builds a [`HeaderMapping`] from
//! synonym tables in the **mapping format** (CSV read through [`crate::Table`]; `#` comments):
//!
//! ```text
//! field,header,unit,rank
//! invoiceAmount,Фактурная стоимость,,
//! invoiceAmount,Таможенная стоимость,RUB,1
//! netWeight,Вес нетто,,
//! ```
//!
//! - `field`: a canonical field name (the cells `field` and `header` may also come in the
//!   other order: the cell naming a field is the field);
//! - `header`: the synonym, matched after [`header_key`] (lower case, Ё as Е, letters and
//!   digits only: `Код ТН ВЭД`, `код_тн_вэд` and `КОДТНВЭД` are one synonym);
//! - `unit` (optional): what the column's values are in when the header does not say, e.g.
//!   `RUB`, `тыс. руб.`, `USD`, `т` (tonnes), `g`;
//! - `rank` (optional, default 0): when several columns feed one field, the lowest rank wins
//!   (then, for money, a column in USD; then the first column). A rank above 0 marks a
//!   fallback, used only when no better column is present.
//!
//! A header that matches no synonym as written is tried again without a unit at its end or
//! start: `Фактурная стоимость, USD`, `Invoice value (EUR)`, `Стоимость, тыс. долл. США`,
//! `Вес нетто, т` map to the field of `Фактурная стоимость`, `Invoice value`, `Стоимость`,
//! `Вес нетто`, with the currency and scale the header names ([`Unit`]). A unit that the field
//! cannot hold (a currency on a weight, RUB on a USD-only field) leaves the column unmapped,
//! with the reason. [`HeaderMapping::resolve`] maps a file's header row and reports every
//! column it did not map, with why ([`Unmapped`]); [`HeaderMapping::explain`] describes each
//! header for a "how would this file map" listing.

use crate::table::{Table, TableError};
use std::collections::HashMap;
use std::fmt;

/// What a canonical field holds, which decides the units its headers may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Text, dates, codes: no unit.
    Plain,
    /// A count (pieces): `шт`, `pcs` allowed, no scale.
    Count,
    /// An amount of money in a currency named by the header, the mapping row or a currency
    /// column.
    Money,
    /// An amount of money in this one currency only (ISO 4217), e.g. a statistical value in USD.
    MoneyIn(&'static str),
    /// A weight in kilograms (`т` and `g` headers are scaled to kg).
    Weight,
}

/// The canonical fields of one kind of file. Implemented by each importer's field enum.
pub trait CanonicalField: Copy + Eq + std::hash::Hash + fmt::Debug + 'static {
    /// Every field.
    fn all() -> &'static [Self];
    /// The canonical name (always a synonym of itself).
    fn name(self) -> &'static str;
    /// What the field holds ([`Quantity::Plain`] unless overridden).
    fn quantity(self) -> Quantity {
        Quantity::Plain
    }
    /// The field a name denotes (case-insensitive canonical name).
    fn from_name(name: &str) -> Option<Self> {
        let n = name.trim();
        Self::all()
            .iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(n))
    }
}

/// The unit of a column's values: a currency (ISO 4217) for money, and a factor that turns
/// the values into the field's unit (whole currency units, kilograms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    /// The currency the header or mapping row names, `None` when it names none.
    pub currency: Option<&'static str>,
    /// Multiply each value by this (1000 for `тыс.`, 1000 for tonnes, 0.001 for grams).
    pub scale: f64,
}

impl Default for Unit {
    fn default() -> Self {
        Unit {
            currency: None,
            scale: 1.0,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.currency, self.scale) {
            (Some(c), 1.0) => f.write_str(c),
            (Some(c), s) => write!(f, "{c} ×{s}"),
            (None, 1.0) => Ok(()),
            (None, s) => write!(f, "×{s}"),
        }
    }
}

/// Reduces a header to its matching key: lower case, Ё as Е, letters and digits only (a
/// byte-order mark is dropped). A header that is only the numero sign («№», a row number in
/// Russian tables) keeps it as its key, so that it can still be mapped.
pub fn header_key(header: &str) -> String {
    let key: String = header
        .trim_start_matches('\u{feff}')
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect();
    if key.is_empty() && header.contains('№') {
        return "№".to_string();
    }
    key
}

/// What one word of a header's unit says.
#[derive(Clone, Copy, PartialEq)]
enum UnitWord {
    Currency(&'static str),
    Scale(f64),
    Weight(f64),
    Count,
    /// Words that only join a unit to its header: `в`, `in`, `сша`, `us`.
    Filler,
}

/// The words of units in headers (after lower-casing; symbols are words of their own).
fn unit_word(w: &str) -> Option<UnitWord> {
    use UnitWord::*;
    Some(match w {
        "usd" | "$" | "долл" | "доллар" | "доллары" | "долларов" | "долларах" | "доллара"
        | "dollar" | "dollars" => Currency("USD"),
        "eur" | "€" | "евро" | "euro" | "euros" => Currency("EUR"),
        "rub" | "rur" | "₽" | "руб" | "рубль" | "рубли" | "рублей" | "рублях" | "рубля"
        | "roubles" | "rubles" => Currency("RUB"),
        "cny" | "rmb" | "юань" | "юани" | "юаней" | "юанях" | "yuan" => {
            Currency("CNY")
        }
        "тыс" | "тысяч" | "thousand" | "thousands" | "thous" | "ths" | "k" => Scale(1e3),
        "млн" | "million" | "millions" | "mln" => Scale(1e6),
        "кг" | "kg" | "kgs" => Weight(1.0),
        "т" | "тн" | "тонн" | "тонны" | "t" | "tonnes" | "tons" => Weight(1e3),
        "г" | "гр" | "g" | "grams" => Weight(1e-3),
        "шт" | "pcs" | "pc" | "штук" => Count,
        "в" | "in" | "сша" | "us" => Filler,
        _ => return None,
    })
}

/// A header split into words: runs of letters/digits, and currency symbols on their own.
fn header_words(header: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in header.trim_start_matches('\u{feff}').chars() {
        let c = if c == 'ё' || c == 'Ё' { 'е' } else { c };
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            if matches!(c, '$' | '€' | '₽') {
                words.push(c.to_string());
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Reads a unit as written in a mapping row or a header tail: `RUB`, `тыс. руб.`, `т`.
/// `Err` names a word that is not a unit.
pub fn parse_unit(text: &str) -> Result<(Unit, Option<f64>), String> {
    let mut unit = Unit::default();
    let mut weight = None;
    for w in header_words(text) {
        match unit_word(&w) {
            Some(UnitWord::Currency(c)) => unit.currency = Some(c),
            Some(UnitWord::Scale(s)) => unit.scale *= s,
            Some(UnitWord::Weight(s)) => weight = Some(s),
            Some(UnitWord::Count | UnitWord::Filler) => {}
            None => return Err(format!("`{w}` is not a unit (a currency, тыс., т, kg, g)")),
        }
    }
    Ok((unit, weight))
}

/// One synonym: its field, the unit its column is in, its rank.
#[derive(Debug, Clone, Copy)]
struct Synonym<F> {
    field: F,
    unit: Option<(Unit, Option<f64>)>,
    rank: u8,
}

impl<F: CanonicalField> Synonym<F> {
    /// The match of a header equal to this synonym: the row's own unit.
    fn as_written(&self) -> HeaderMatch<F> {
        let (mut unit, weight) = self.unit.unwrap_or_default();
        if let Some(w) = weight {
            unit.scale *= w;
        }
        HeaderMatch {
            field: self.field,
            unit: default_currency(self.field, unit),
            rank: self.rank,
            unit_from_header: false,
        }
    }
}

/// Canonical fields ← header synonyms (see the module docs for the format and the rules).
#[derive(Debug, Clone)]
pub struct HeaderMapping<F> {
    synonyms: HashMap<String, Synonym<F>>,
}

impl<F: CanonicalField> Default for HeaderMapping<F> {
    fn default() -> Self {
        Self::new()
    }
}

/// How one header maps.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderMatch<F> {
    /// The field it feeds.
    pub field: F,
    /// The unit of its values.
    pub unit: Unit,
    /// Its synonym's rank (lower wins).
    pub rank: u8,
    /// Whether the unit was read off the header (not matched as written).
    pub unit_from_header: bool,
}

/// A column that feeds no field, with why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unmapped {
    /// The header as written.
    pub header: String,
    /// 0-based column position.
    pub column: usize,
    /// Why it is not used: no synonym, a unit the field cannot hold, or another column feeds
    /// the same field.
    pub reason: String,
}

/// A file's header row mapped: per column its field and unit, and the columns left unmapped.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<F> {
    /// The field and unit of each column, `None` when unmapped.
    pub columns: Vec<Option<(F, Unit)>>,
    /// Every column not used, with the reason.
    pub unmapped: Vec<Unmapped>,
}

impl<F: CanonicalField> Resolved<F> {
    /// Whether some column feeds `field`.
    pub fn has(&self, field: F) -> bool {
        self.columns
            .iter()
            .any(|c| c.is_some_and(|(f, _)| f == field))
    }

    /// The fields no column feeds, in [`CanonicalField::all`] order.
    pub fn missing(&self) -> Vec<F> {
        F::all().iter().copied().filter(|f| !self.has(*f)).collect()
    }

    /// The unit of the column feeding `field`.
    pub fn unit(&self, field: F) -> Option<Unit> {
        self.columns
            .iter()
            .flatten()
            .find(|(f, _)| *f == field)
            .map(|(_, u)| *u)
    }
}

/// An error in a mapping table: the origin, the line and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    /// The table itself is malformed.
    #[error(transparent)]
    Table(#[from] TableError),
    /// A row is wrong.
    #[error("{origin}:{line}: {message}")]
    Row {
        /// The file or built-in name.
        origin: String,
        /// 1-based physical line.
        line: u64,
        /// What is wrong.
        message: String,
    },
}

impl<F: CanonicalField> HeaderMapping<F> {
    /// A mapping that knows only each field's canonical name.
    pub fn new() -> Self {
        let mut m = HeaderMapping {
            synonyms: HashMap::new(),
        };
        for f in F::all() {
            m.insert(f.name(), *f);
        }
        m
    }

    /// Adds the rows of a mapping table (see the module docs); later rows win.
    pub fn extend_from_str(&mut self, text: &str, origin: &str) -> Result<(), MappingError> {
        let table = Table::parse(text, origin)?;
        for row in table.rows() {
            let bad = |message: String| MappingError::Row {
                origin: origin.to_string(),
                line: row.line(),
                message,
            };
            let (a, b) = (row.at(0), row.at(1));
            let (field, header) = match (F::from_name(a), F::from_name(b)) {
                (Some(f), _) => (f, b),
                (None, Some(f)) => (f, a),
                (None, None) => {
                    return Err(bad(format!(
                        "unknown field `{a}` (known: {})",
                        F::all()
                            .iter()
                            .map(|f| f.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )))
                }
            };
            let key = header_key(header);
            if key.is_empty() {
                return Err(bad("empty header".into()));
            }
            let unit = match row.at(2).trim() {
                "" => None,
                u => {
                    let parsed = parse_unit(u).map_err(&bad)?;
                    check_unit(field, parsed).map_err(&bad)?;
                    Some(parsed)
                }
            };
            let rank = match row.at(3).trim() {
                "" => 0,
                r => r
                    .parse::<u8>()
                    .map_err(|_| bad(format!("rank `{r}` is not a number 0–255")))?,
            };
            self.synonyms.insert(key, Synonym { field, unit, rank });
        }
        Ok(())
    }

    /// Adds one synonym (rank 0, no unit).
    pub fn insert(&mut self, header: &str, field: F) {
        self.synonyms.insert(
            header_key(header),
            Synonym {
                field,
                unit: None,
                rank: 0,
            },
        );
    }

    /// How `header` maps: `Ok(None)` when no synonym matches, `Err(reason)` when one does but
    /// the header's unit does not fit the field.
    pub fn lookup(&self, header: &str) -> Result<Option<HeaderMatch<F>>, String> {
        if let Some(s) = self.synonyms.get(&header_key(header)) {
            return Ok(Some(s.as_written()));
        }
        // Drop references to the form's boxes («графа 31», «гр. 38», "box 46"), then strip
        // unit words from the end and the start, and look the rest up.
        let all = header_words(header);
        let mut words = Vec::with_capacity(all.len());
        let mut i = 0;
        while i < all.len() {
            let is_ref = matches!(all[i].as_str(), "графа" | "гр" | "box" | "col")
                && all
                    .get(i + 1)
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
            if is_ref {
                i += 2;
            } else {
                words.push(all[i].clone());
                i += 1;
            }
        }
        if words.len() != all.len() && !words.is_empty() {
            if let Some(s) = self.synonyms.get(&words.concat()) {
                return Ok(Some(s.as_written()));
            }
        }
        let mut end = words.len();
        while end > 0 && unit_word(&words[end - 1]).is_some() {
            end -= 1;
        }
        let mut start = 0;
        while start < end && unit_word(&words[start]).is_some() {
            start += 1;
        }
        if (end == words.len() && start == 0) || start == end {
            return Ok(None);
        }
        let key: String = words[start..end].concat();
        let Some(s) = self.synonyms.get(&key) else {
            return Ok(None);
        };
        let tail: Vec<&str> = words[..start]
            .iter()
            .chain(&words[end..])
            .map(String::as_str)
            .collect();
        let (mut unit, mut weight) = parse_unit(&tail.join(" ")).unwrap_or_default();
        if let Some((base, w)) = s.unit {
            // The row's unit fills in what the header leaves out.
            unit.currency = unit.currency.or(base.currency);
            weight = weight.or(w);
            if unit.scale == 1.0 {
                unit.scale = base.scale;
            }
        }
        check_unit(s.field, (unit, weight))?;
        if let Some(w) = weight {
            unit.scale *= w;
        }
        Ok(Some(HeaderMatch {
            field: s.field,
            unit: default_currency(s.field, unit),
            rank: s.rank,
            unit_from_header: true,
        }))
    }

    /// The field a header maps to, if any.
    pub fn field(&self, header: &str) -> Option<F> {
        self.lookup(header).ok().flatten().map(|m| m.field)
    }

    /// Maps a file's header row: each field is fed by one column (the lowest rank; then, for
    /// money, one in USD; then the first); every other column is listed in
    /// [`Resolved::unmapped`] with why.
    pub fn resolve<'h>(&self, headers: impl IntoIterator<Item = &'h str>) -> Resolved<F> {
        let headers: Vec<&str> = headers.into_iter().collect();
        let mut matches: Vec<Result<Option<HeaderMatch<F>>, String>> =
            headers.iter().map(|h| self.lookup(h)).collect();
        // The winning column of each field.
        let mut best: HashMap<F, usize> = HashMap::new();
        for (i, m) in matches.iter().enumerate() {
            let Ok(Some(m)) = m else { continue };
            let better = |j: usize| -> bool {
                let Ok(Some(o)) = &matches[j] else {
                    return true;
                };
                let usd = |x: &HeaderMatch<F>| u8::from(x.unit.currency != Some("USD"));
                (m.rank, usd(m)) < (o.rank, usd(o))
            };
            match best.get(&m.field) {
                Some(&j) if !better(j) => {}
                _ => {
                    best.insert(m.field, i);
                }
            }
        }
        let mut columns = Vec::with_capacity(headers.len());
        let mut unmapped = Vec::new();
        for (i, m) in matches.iter_mut().enumerate() {
            let reason = match std::mem::replace(m, Ok(None)) {
                Ok(Some(m)) if best.get(&m.field) == Some(&i) => {
                    columns.push(Some((m.field, m.unit)));
                    continue;
                }
                Ok(Some(m)) => {
                    let j = best.get(&m.field).copied().unwrap_or(i);
                    format!(
                        "{} is taken from column {} «{}»",
                        m.field.name(),
                        j + 1,
                        headers.get(j).copied().unwrap_or("")
                    )
                }
                Ok(None) => "no synonym matches this header".to_string(),
                Err(reason) => reason,
            };
            columns.push(None);
            unmapped.push(Unmapped {
                header: headers[i].to_string(),
                column: i,
                reason,
            });
        }
        Resolved { columns, unmapped }
    }

    /// One line per header for a "how would this file map" listing: the header, then the
    /// field and unit it feeds, or `not mapped` with why.
    pub fn explain<'h>(&self, headers: impl IntoIterator<Item = &'h str>) -> Vec<(String, String)> {
        let headers: Vec<&str> = headers.into_iter().collect();
        let resolved = self.resolve(headers.iter().copied());
        let mut out = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let what = match resolved.columns[i] {
                Some((f, u)) => {
                    let unit = u.to_string();
                    if unit.is_empty() {
                        f.name().to_string()
                    } else {
                        format!("{} ({unit})", f.name())
                    }
                }
                None => {
                    let why = resolved
                        .unmapped
                        .iter()
                        .find(|u| u.column == i)
                        .map_or("", |u| u.reason.as_str());
                    format!("not mapped: {why}")
                }
            };
            out.push((h.to_string(), what));
        }
        out
    }
}

/// A money field of one fixed currency is in that currency unless told otherwise.
fn default_currency<F: CanonicalField>(field: F, mut unit: Unit) -> Unit {
    if let Quantity::MoneyIn(c) = field.quantity() {
        unit.currency.get_or_insert(c);
    }
    unit
}

/// Whether a unit fits a field; `Err` says why not.
fn check_unit<F: CanonicalField>(
    field: F,
    (unit, weight): (Unit, Option<f64>),
) -> Result<(), String> {
    let name = field.name();
    match field.quantity() {
        Quantity::Money => {
            if weight.is_some() {
                return Err(format!(
                    "{name} is money, but the header names a weight unit"
                ));
            }
        }
        Quantity::MoneyIn(c) => {
            if let Some(h) = unit.currency.filter(|h| *h != c) {
                return Err(format!("{name} holds {c} only, but the header says {h}"));
            }
            if weight.is_some() {
                return Err(format!(
                    "{name} is money, but the header names a weight unit"
                ));
            }
        }
        Quantity::Weight => {
            if let Some(c) = unit.currency {
                return Err(format!("{name} is a weight, but the header names {c}"));
            }
        }
        Quantity::Count | Quantity::Plain => {
            if let Some(c) = unit.currency {
                return Err(format!("{name} holds no money, but the header names {c}"));
            }
            if weight.is_some() || unit.scale != 1.0 {
                return Err(format!("{name} takes no unit or scale"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_numero_sign_keeps_its_key_and_is_dropped_beside_words() {
        assert_eq!(header_key("№"), "№");
        assert_eq!(header_key(" № "), "№");
        assert_eq!(header_key("№ п/п"), "пп");
        assert_eq!(header_key("\u{feff}Part Number"), "partnumber");
        assert_eq!(header_key("---"), "");
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    enum T {
        Name,
        Value,
        Stat,
        Weight,
        Qty,
    }

    impl CanonicalField for T {
        fn all() -> &'static [T] {
            &[T::Name, T::Value, T::Stat, T::Weight, T::Qty]
        }
        fn name(self) -> &'static str {
            match self {
                T::Name => "name",
                T::Value => "value",
                T::Stat => "stat",
                T::Weight => "weight",
                T::Qty => "qty",
            }
        }
        fn quantity(self) -> Quantity {
            match self {
                T::Value => Quantity::Money,
                T::Stat => Quantity::MoneyIn("USD"),
                T::Weight => Quantity::Weight,
                T::Qty => Quantity::Count,
                T::Name => Quantity::Plain,
            }
        }
    }

    fn mapping() -> HeaderMapping<T> {
        let mut m = HeaderMapping::new();
        m.extend_from_str(
            "field,header,unit,rank\nname,Получатель,,\nvalue,Фактурная стоимость,,\nvalue,Invoice value,,\nvalue,Таможенная стоимость,RUB,1\nstat,Статистическая стоимость,,\nweight,Вес нетто,,\nqty,Количество,,\n",
            "t",
        )
        .unwrap();
        m
    }

    #[test]
    fn units_are_read_off_headers() {
        let m = mapping();
        let get = |h: &str| {
            m.lookup(h)
                .unwrap()
                .map(|x| (x.field, x.unit.currency, x.unit.scale))
        };
        assert_eq!(
            get("Фактурная стоимость, USD"),
            Some((T::Value, Some("USD"), 1.0))
        );
        assert_eq!(
            get("Invoice value (EUR)"),
            Some((T::Value, Some("EUR"), 1.0))
        );
        assert_eq!(get("Стоимость фактурная"), None);
        assert_eq!(
            get("Таможенная стоимость, руб."),
            Some((T::Value, Some("RUB"), 1.0))
        );
        assert_eq!(
            get("Таможенная стоимость"),
            Some((T::Value, Some("RUB"), 1.0))
        );
        assert_eq!(
            get("Фактурная стоимость, тыс. долл. США"),
            Some((T::Value, Some("USD"), 1000.0))
        );
        assert_eq!(get("USD Invoice value"), Some((T::Value, Some("USD"), 1.0)));
        assert_eq!(
            get("Статистическая стоимость, $"),
            Some((T::Stat, Some("USD"), 1.0))
        );
        assert_eq!(
            get("Статистическая стоимость"),
            Some((T::Stat, Some("USD"), 1.0))
        );
        assert_eq!(get("Вес нетто, т"), Some((T::Weight, None, 1000.0)));
        assert_eq!(get("Вес нетто (кг)"), Some((T::Weight, None, 1.0)));
        assert_eq!(get("Количество, шт."), Some((T::Qty, None, 1.0)));
        assert!(m
            .lookup("Статистическая стоимость, руб.")
            .unwrap_err()
            .contains("holds USD only, but the header says RUB"));
        assert!(m.lookup("Вес нетто, USD").unwrap_err().contains("weight"));
        assert!(m.lookup("Получатель, руб").is_err());
        assert_eq!(m.lookup("USD").unwrap(), None);
    }

    #[test]
    fn resolve_reports_every_unused_column() {
        let m = mapping();
        let r = m.resolve([
            "Таможенная стоимость, руб.",
            "Получатель",
            "Фактурная стоимость, RUB",
            "Фактурная стоимость, USD",
            "Примечание",
            "Статистическая стоимость, EUR",
        ]);
        assert_eq!(
            r.columns[3],
            Some((
                T::Value,
                Unit {
                    currency: Some("USD"),
                    scale: 1.0
                }
            ))
        );
        assert_eq!(r.columns[1].map(|c| c.0), Some(T::Name));
        let reasons: Vec<(usize, &str)> = r
            .unmapped
            .iter()
            .map(|u| (u.column, u.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 4, "{reasons:?}");
        assert!(reasons[0]
            .1
            .contains("value is taken from column 4 «Фактурная стоимость, USD»"));
        assert_eq!(reasons[2], (4, "no synonym matches this header"));
        assert!(reasons[3]
            .1
            .contains("stat holds USD only, but the header says EUR"));
        assert_eq!(r.missing(), vec![T::Stat, T::Weight, T::Qty]);
        // Without the USD column, the rank-0 invoice column beats the customs-value fallback.
        let r = m.resolve(["Таможенная стоимость, руб.", "Фактурная стоимость, EUR"]);
        assert_eq!(r.columns[0], None);
        assert_eq!(r.unit(T::Value).and_then(|u| u.currency), Some("EUR"));
        let lines = m.explain(["Фактурная стоимость, USD", "Примечание"]);
        assert_eq!(lines[0].1, "value (USD)");
        assert_eq!(lines[1].1, "not mapped: no synonym matches this header");
    }

    #[test]
    fn bad_rows_name_the_line() {
        let mut m = HeaderMapping::<T>::new();
        let e = m
            .extend_from_str("field,header\nbogus,X\n", "u")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("u:2: unknown field `bogus`"), "{e}");
        let e = m
            .extend_from_str("field,header,unit\nweight,W,,\nvalue,V,parsecs\n", "u")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("u:3: `parsecs` is not a unit"), "{e}");
        let e = m
            .extend_from_str("field,header,unit\nweight,W,USD\n", "u")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("u:2: weight is a weight, but the header names USD"),
            "{e}"
        );
        m.extend_from_str("header,field\nStückzahl,qty\n", "u")
            .unwrap();
        assert_eq!(m.field("stückzahl"), Some(T::Qty));
    }
}
