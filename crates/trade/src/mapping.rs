//! Column mapping: which header of a dump feeds which [`Field`]. Russian, English and Chinese
//! headers of common dumps map out of the box (`rules/columns.csv`); a user mapping file in
//! the same `field,header` format is layered on top for dumps whose headers differ.

use crate::error::{read_table_file, Result, TradeError};
use crate::record::Field;
use chokepoint_refdata::Table;
use std::collections::HashMap;
use std::path::Path;

/// The built-in header aliases.
pub const DEFAULT_COLUMNS: &str = include_str!("../rules/columns.csv");

/// Header aliases → fields.
#[derive(Debug, Clone)]
pub struct ColumnMapping {
    aliases: HashMap<String, Field>,
}

/// Reduces a header to its matching key: lower case, Ё as Е, letters and digits only.
pub fn header_key(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

impl Default for ColumnMapping {
    fn default() -> Self {
        Self::builtin()
    }
}

impl ColumnMapping {
    /// The built-in mapping: every field's canonical name plus the aliases of
    /// `rules/columns.csv`.
    pub fn builtin() -> Self {
        let mut m = ColumnMapping {
            aliases: HashMap::new(),
        };
        for f in Field::ALL {
            m.aliases.insert(header_key(f.as_str()), *f);
        }
        // The built-in file is part of the crate and covered by tests; a malformed row there
        // is a bug caught by `builtin_rules_are_valid`, so rows that fail are skipped here.
        let _ = m.extend_from_str(DEFAULT_COLUMNS, "rules/columns.csv");
        m
    }

    /// The built-in mapping with a user mapping file on top.
    pub fn with_file(path: &Path) -> Result<Self> {
        let (text, origin) = read_table_file(path)?;
        let mut m = Self::builtin();
        m.extend_from_str(&text, &origin)?;
        Ok(m)
    }

    /// Adds `field,header` rows (or `header,field`: the cell that names a record field is the
    /// field); a header row first; `#` starts a comment line.
    pub fn extend_from_str(&mut self, text: &str, origin: &str) -> Result<()> {
        let table = Table::parse(text, origin)?;
        for row in table.rows() {
            let line = row.line();
            let bad = TradeError::data_at(origin, line);
            // Rows may be written `field,header` or `header,field`: whichever cell names a
            // record field is the field.
            let (a, b) = (row.at(0), row.at(1));
            let (field, header) = match (a.parse::<Field>(), b.parse::<Field>()) {
                (Ok(f), _) => (f, b),
                (Err(_), Ok(f)) => (f, a),
                (Err(e), Err(_)) => return Err(bad(e)),
            };
            let key = header_key(header);
            if key.is_empty() {
                return Err(bad("empty header".into()));
            }
            self.aliases.insert(key, field);
        }
        Ok(())
    }

    /// Adds one alias.
    pub fn insert(&mut self, header: &str, field: Field) {
        self.aliases.insert(header_key(header), field);
    }

    /// The field a header maps to.
    pub fn field(&self, header: &str) -> Option<Field> {
        self.aliases.get(&header_key(header)).copied()
    }

    /// Resolves a file's headers: the field of each column (the first column wins when two
    /// map to the same field) and the headers left unmapped.
    pub fn resolve<'h>(&self, headers: impl IntoIterator<Item = &'h str>) -> ResolvedHeaders {
        let mut columns = Vec::new();
        let mut unmapped = Vec::new();
        let mut seen = Vec::new();
        for h in headers {
            match self.field(h) {
                Some(f) if !seen.contains(&f) => {
                    seen.push(f);
                    columns.push(Some(f));
                }
                _ => {
                    unmapped.push(h.to_string());
                    columns.push(None);
                }
            }
        }
        ResolvedHeaders { columns, unmapped }
    }
}

/// The result of mapping one file's header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedHeaders {
    /// The field of each column, `None` when unmapped.
    pub columns: Vec<Option<Field>>,
    /// Headers that map to no field (or to a field an earlier column already feeds).
    pub unmapped: Vec<String>,
}

impl ResolvedHeaders {
    /// Whether some column feeds `field`.
    pub fn has(&self, field: Field) -> bool {
        self.columns.contains(&Some(field))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_are_valid() {
        let mut m = ColumnMapping {
            aliases: HashMap::new(),
        };
        m.extend_from_str(DEFAULT_COLUMNS, "rules/columns.csv")
            .unwrap();
        assert!(m.aliases.len() > 100);
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
        ];
        for (h, f) in cases {
            assert_eq!(m.field(h), Some(f), "{h}");
        }
        assert_eq!(m.field("Примечание"), None);
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
            r.columns,
            vec![Some(Field::ReceiverName), None, Some(Field::VedCode), None]
        );
        assert_eq!(
            r.unmapped,
            vec!["Получатель".to_string(), "Примечание".to_string()]
        );
        let e = m
            .extend_from_str("field,header\nbogus,X\n", "u")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("u:2:"), "{e}");
    }
}
