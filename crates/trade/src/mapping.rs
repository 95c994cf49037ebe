//! Column mapping of customs dumps: which header feeds which [`Field`], in which unit. The
//! mechanism is the project's one header mapping, [`chokepoint_refdata::columns`] (canonical
//! fields ← header synonyms, currencies and scales read off headers such as «Фактурная
//! стоимость, USD» or «Вес нетто, т», every unused column reported with its reason); this
//! module gives it the record's fields and the built-in synonyms of Russian, English and
//! Chinese dumps (`rules/columns.csv`). A user mapping file in the same format
//! (`field,header[,unit[,rank]]`) is layered on top for dumps whose headers differ.
//!
//! [`missing_fields`] turns a resolution into the fields a file lacks and the analyses that
//! their absence switches off (`rules/field_uses.csv`).

use crate::error::{read_table_file, Result, TradeError};
use crate::record::Field;
use chokepoint_refdata::columns::{CanonicalField, HeaderMapping, MappingError, Quantity};
use chokepoint_refdata::Table;
use std::path::Path;

pub use chokepoint_refdata::columns::{header_key, Unit, Unmapped};

/// The built-in header synonyms.
pub const DEFAULT_COLUMNS: &str = include_str!("../rules/columns.csv");

/// The built-in table of what each field is needed for.
pub const FIELD_USES: &str = include_str!("../rules/field_uses.csv");

impl CanonicalField for Field {
    fn all() -> &'static [Field] {
        Field::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn quantity(self) -> Quantity {
        match self {
            Field::InvoiceAmount => Quantity::Money,
            Field::UsdAmount => Quantity::MoneyIn("USD"),
            Field::NetWeight | Field::GrossWeight => Quantity::Weight,
            Field::Quantity => Quantity::Count,
            _ => Quantity::Plain,
        }
    }
}

/// Header synonyms → fields of a customs record.
#[derive(Debug, Clone)]
pub struct ColumnMapping {
    inner: HeaderMapping<Field>,
}

/// The result of mapping one file's header row: per column its field and unit, and every
/// unused column with why.
pub type ResolvedHeaders = chokepoint_refdata::columns::Resolved<Field>;

impl Default for ColumnMapping {
    fn default() -> Self {
        Self::builtin()
    }
}

fn mapping_error(e: MappingError) -> TradeError {
    match e {
        MappingError::Table(t) => TradeError::Table(t),
        MappingError::Row {
            origin,
            line,
            message,
        } => TradeError::Data {
            path: origin,
            line,
            message,
        },
    }
}

impl ColumnMapping {
    /// The built-in mapping: every field's canonical name plus the synonyms of
    /// `rules/columns.csv`.
    pub fn builtin() -> Self {
        let mut inner = HeaderMapping::new();
        // The built-in file is part of the crate and covered by `builtin_rules_are_valid`; a
        // malformed row there is a bug caught by that test.
        let _ = inner.extend_from_str(DEFAULT_COLUMNS, "rules/columns.csv");
        ColumnMapping { inner }
    }

    /// The built-in mapping with a user mapping file on top.
    pub fn with_file(path: &Path) -> Result<Self> {
        let (text, origin) = read_table_file(path)?;
        let mut m = Self::builtin();
        m.extend_from_str(&text, &origin)?;
        Ok(m)
    }

    /// Adds rows in the mapping format (`field,header[,unit[,rank]]`, or `header,field`: the
    /// cell that names a record field is the field); a header row first; `#` starts a comment
    /// line. Later rows win.
    pub fn extend_from_str(&mut self, text: &str, origin: &str) -> Result<()> {
        self.inner
            .extend_from_str(text, origin)
            .map_err(mapping_error)
    }

    /// Adds one synonym.
    pub fn insert(&mut self, header: &str, field: Field) {
        self.inner.insert(header, field);
    }

    /// The field a header maps to.
    pub fn field(&self, header: &str) -> Option<Field> {
        self.inner.field(header)
    }

    /// The field and unit a header maps to; `Err` says why a matching header cannot be used.
    pub fn lookup(&self, header: &str) -> std::result::Result<Option<(Field, Unit)>, String> {
        self.inner
            .lookup(header)
            .map(|m| m.map(|m| (m.field, m.unit)))
    }

    /// Resolves a file's headers (see [`chokepoint_refdata::columns::HeaderMapping::resolve`]).
    pub fn resolve<'h>(&self, headers: impl IntoIterator<Item = &'h str>) -> ResolvedHeaders {
        self.inner.resolve(headers)
    }

    /// The general mapping underneath, for callers that want its explanations.
    pub fn header_mapping(&self) -> &HeaderMapping<Field> {
        &self.inner
    }
}

/// A field (or set of alternative fields) that no column of a file feeds, with what its
/// absence switches off.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MissingField {
    /// The fields, any one of which would do (`invoiceAmount or usdAmount`).
    pub fields: Vec<String>,
    /// The analyses switched off.
    pub disables: String,
}

/// The rows of `rules/field_uses.csv` (each a set of alternative fields and what they are
/// needed for).
fn field_uses() -> Vec<(Vec<Field>, String)> {
    // The built-in table is covered by `field_uses_are_valid`.
    let Ok(table) = Table::parse(FIELD_USES, "rules/field_uses.csv") else {
        return Vec::new();
    };
    table
        .rows()
        .filter_map(|row| {
            let fields: Option<Vec<Field>> = row
                .get("fields")
                .split('|')
                .map(|f| f.trim().parse::<Field>().ok())
                .collect();
            Some((fields?, row.get("disables").to_string()))
        })
        .collect()
}

/// The fields a resolved file lacks (every set in `rules/field_uses.csv` of which no field is
/// fed), with the analyses that their absence switches off.
pub fn missing_fields(resolved: &ResolvedHeaders) -> Vec<MissingField> {
    field_uses()
        .into_iter()
        .filter(|(fields, _)| !fields.iter().any(|f| resolved.has(*f)))
        .map(|(fields, disables)| MissingField {
            fields: fields.iter().map(|f| f.as_str().to_string()).collect(),
            disables,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_are_valid() {
        let mut m = HeaderMapping::<Field>::new();
        m.extend_from_str(DEFAULT_COLUMNS, "rules/columns.csv")
            .unwrap();
        assert!(DEFAULT_COLUMNS.lines().count() > 150);
    }

    #[test]
    fn field_uses_are_valid() {
        let table = Table::parse(FIELD_USES, "rules/field_uses.csv").unwrap();
        assert_eq!(field_uses().len(), table.len());
        assert!(table.len() >= 10);
    }

    #[test]
    fn russian_headers_map_out_of_the_box() {
        let m = ColumnMapping::builtin();
        let cases = [
            ("Получатель", Field::ReceiverName),
            ("ИНН получателя", Field::ReceiverInn),
            ("Код ТН ВЭД", Field::VedCode),
            ("КОД_ТН_ВЭД", Field::VedCode),
            ("Описание товара", Field::GoodsDescription),
            ("Страна происхождения", Field::OriginCountry),
            ("Отправитель", Field::SenderName),
            ("Страна отправления", Field::DepartureCountry),
            ("Торгующая страна", Field::TradingCountry),
            ("Дата", Field::Date),
            ("Стоимость", Field::InvoiceAmount),
            ("Вес нетто", Field::NetWeight),
            ("Вес нетто, кг", Field::NetWeight),
            ("net_weight", Field::NetWeight),
            ("goodsDescription", Field::GoodsDescription),
            ("\u{feff}ccdNumber", Field::CcdNumber),
            ("品名", Field::GoodsDescription),
            ("Графа 31", Field::GoodsDescription),
            ("гр. 33 Код товара", Field::VedCode),
            ("Графа 8 Получатель", Field::ReceiverName),
            ("Графа 2 Отправитель/Экспортер", Field::SenderName),
            ("Вес нетто (гр. 38), кг", Field::NetWeight),
            ("Страна отправления (гр. 15)", Field::DepartureCountry),
        ];
        for (h, f) in cases {
            assert_eq!(m.field(h), Some(f), "{h}");
        }
        assert_eq!(m.field("Примечание"), None);
    }

    #[test]
    fn value_headers_carry_their_currency() {
        let m = ColumnMapping::builtin();
        let cases = [
            (
                "Фактурная стоимость, USD",
                Field::InvoiceAmount,
                Some("USD"),
                1.0,
            ),
            (
                "Фактурная стоимость, руб.",
                Field::InvoiceAmount,
                Some("RUB"),
                1.0,
            ),
            (
                "Invoice value (EUR)",
                Field::InvoiceAmount,
                Some("EUR"),
                1.0,
            ),
            (
                "Таможенная стоимость, руб.",
                Field::InvoiceAmount,
                Some("RUB"),
                1.0,
            ),
            (
                "Таможенная стоимость",
                Field::InvoiceAmount,
                Some("RUB"),
                1.0,
            ),
            (
                "Статистическая стоимость, USD",
                Field::UsdAmount,
                Some("USD"),
                1.0,
            ),
            (
                "Статистическая стоимость (гр. 46), долл. США",
                Field::UsdAmount,
                Some("USD"),
                1.0,
            ),
            (
                "Стоимость, тыс. долл. США",
                Field::InvoiceAmount,
                Some("USD"),
                1000.0,
            ),
            ("Вес нетто, т", Field::NetWeight, None, 1000.0),
        ];
        for (h, f, cur, scale) in cases {
            let (field, unit) = m.lookup(h).unwrap().unwrap_or_else(|| panic!("{h}"));
            assert_eq!((field, unit.currency, unit.scale), (f, cur, scale), "{h}");
        }
        assert!(m
            .lookup("Статистическая стоимость, руб.")
            .unwrap_err()
            .contains("usdAmount holds USD only, but the header says RUB"));
    }

    #[test]
    fn user_file_overrides_and_resolves() {
        let mut m = ColumnMapping::builtin();
        m.extend_from_str(
            "field,header\nreceiverName,Buyer Co\nsenderName,Стоимость\n",
            "u",
        )
        .unwrap();
        assert_eq!(m.field("buyer co"), Some(Field::ReceiverName));
        assert_eq!(m.field("Стоимость"), Some(Field::SenderName));
        let r = m.resolve(["Buyer Co", "Получатель", "Код ТН ВЭД", "Примечание"]);
        assert_eq!(
            r.columns.iter().map(|c| c.map(|c| c.0)).collect::<Vec<_>>(),
            vec![Some(Field::ReceiverName), None, Some(Field::VedCode), None]
        );
        assert_eq!(
            r.unmapped
                .iter()
                .map(|u| u.header.as_str())
                .collect::<Vec<_>>(),
            ["Получатель", "Примечание"]
        );
        let e = m
            .extend_from_str("field,header\nbogus,X\n", "u")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("u:2:"), "{e}");
    }

    #[test]
    fn missing_fields_name_what_they_disable() {
        let m = ColumnMapping::builtin();
        let r = m.resolve([
            "Дата",
            "Код ТН ВЭД",
            "Описание товара",
            "Получатель",
            "Примечание",
        ]);
        let missing = missing_fields(&r);
        let value = missing
            .iter()
            .find(|f| f.fields == ["invoiceAmount", "usdAmount"])
            .unwrap();
        assert!(value.disables.contains("unit-value checks"));
        assert!(missing.iter().any(|f| f.fields == ["netWeight"]));
        assert!(missing.iter().any(|f| f.fields == ["senderCountry"]));
        assert!(!missing.iter().any(|f| f.fields == ["goodsDescription"]));
        // Fed by a header with its currency: the value is no longer missing.
        let r = m.resolve(["Дата", "Код ТН ВЭД", "Фактурная стоимость, USD"]);
        assert!(!missing_fields(&r)
            .iter()
            .any(|f| f.fields[0] == "invoiceAmount"));
    }
}
