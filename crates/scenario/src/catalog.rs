//! The generator's goods catalogue: product lines with their true HS 2022 code, typical price
//! and weight, brands (with headquarters country), part-number patterns, descriptions in
//! Russian, English and Chinese, and — for CHPL goods — the neighbouring non-CHPL code used
//! in substitutions. Prices and names are illustrative, not market data.
//!
//! The catalogue is data built into the crate: `data/products.csv`, `data/product_brands.csv`,
//! `data/product_parts.csv`, `data/product_descriptions.csv`, `data/goods_phrases.csv` and
//! `data/neighbour_descriptions.csv`, read with [`chokepoint_refdata::Table`].

use super::rng::Rng;
use chokepoint_refdata::{Row, Table, TableError};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One product line.
#[derive(Debug, Clone)]
pub struct Product {
    /// Short key, e.g. `mcu`.
    pub key: &'static str,
    /// True HS 2022 six-digit code.
    pub hs6: u32,
    /// Unit of quantity.
    pub unit: &'static str,
    /// Median price in USD per unit.
    pub price: f64,
    /// Log-scale spread of the price.
    pub sigma: f64,
    /// Net kg per unit.
    pub kg: f64,
    /// Typical units per shipment (median).
    pub lot: f64,
    /// Brands and their headquarters country (at least one).
    pub brands: Vec<(&'static str, &'static str)>,
    /// Part-number patterns: `#` a digit, `@` a capital letter, anything else literal.
    pub parts: Vec<&'static str>,
    /// Russian description templates (`{pn}`, `{brand}`; at least one).
    pub ru: Vec<&'static str>,
    /// English description templates (at least one).
    pub en: Vec<&'static str>,
    /// Chinese description templates (at least one).
    pub zh: Vec<&'static str>,
    /// The neighbouring non-CHPL code a substitution declares instead (0 = none).
    pub neighbour: u32,
    /// Whether the product is a weapon-relevant component recovered from weapons.
    pub component: &'static str,
}

/// The catalogue read from the built-in data files.
#[derive(Debug)]
struct Catalog {
    sensitive: Vec<Product>,
    ordinary: Vec<Product>,
    phrases: HashMap<&'static str, Vec<&'static str>>,
    neighbours: HashMap<u32, &'static str>,
    default_neighbour: &'static str,
}

/// Pools of [`phrases`] the generator draws from.
pub const PHRASE_POOLS: &[&str] = &["vague_ru", "vague_en", "vague_zh", "generic_parts"];

/// Parses one built-in table and keeps it for the life of the program (it is parsed once:
/// the catalogue's strings borrow from it).
fn builtin(text: &str, name: &str) -> Result<&'static Table, TableError> {
    let table = Table::parse(text, &format!("chokepoint-scenario/data/{name}"))?;
    Ok(Box::leak(Box::new(table)))
}

/// The rows of `table` grouped by their `key` column, in file order.
fn by_product<'t>(
    table: &'t Table,
    key: &str,
    known: &HashMap<&str, usize>,
) -> Result<HashMap<&'t str, Vec<Row<'t>>>, TableError> {
    let mut out: HashMap<&'t str, Vec<Row<'t>>> = HashMap::new();
    for row in table.rows() {
        let k = row.required(key)?;
        if !known.contains_key(k) {
            return Err(row.error(key, "not a product key of products.csv"));
        }
        out.entry(k).or_default().push(row);
    }
    Ok(out)
}

/// Reads the catalogue from the data files (`texts` in the order of [`load`]'s files).
fn parse(texts: [(&str, &str); 6]) -> Result<Catalog, TableError> {
    let [products, brands, parts, descriptions, phrases, neighbours] =
        texts.map(|(text, name)| builtin(text, name));
    let (products, brands, parts, descriptions, phrases, neighbours) = (
        products?,
        brands?,
        parts?,
        descriptions?,
        phrases?,
        neighbours?,
    );
    products.require_columns(&[
        "key",
        "list",
        "hs6",
        "unit",
        "price",
        "sigma",
        "kg",
        "lot",
        "neighbour",
        "component",
    ])?;
    brands.require_columns(&["key", "brand", "country"])?;
    parts.require_columns(&["key", "pattern"])?;
    descriptions.require_columns(&["key", "lang", "template"])?;
    phrases.require_columns(&["pool", "text"])?;
    neighbours.require_columns(&["hs6", "text"])?;
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, row) in products.rows().enumerate() {
        if index.insert(row.required("key")?, i).is_some() {
            return Err(row.error("key", "the key is given twice"));
        }
    }
    let brands = by_product(brands, "key", &index)?;
    let parts = by_product(parts, "key", &index)?;
    let descriptions = by_product(descriptions, "key", &index)?;
    let mut catalog = Catalog {
        sensitive: Vec::new(),
        ordinary: Vec::new(),
        phrases: HashMap::new(),
        neighbours: HashMap::new(),
        default_neighbour: "",
    };
    for row in products.rows() {
        let key = row.required("key")?;
        let mut p = Product {
            key,
            hs6: row.parse("hs6")?,
            unit: row.required("unit")?,
            price: row.parse("price")?,
            sigma: row.parse("sigma")?,
            kg: row.parse("kg")?,
            lot: row.parse("lot")?,
            brands: Vec::new(),
            parts: Vec::new(),
            ru: Vec::new(),
            en: Vec::new(),
            zh: Vec::new(),
            neighbour: row.parse("neighbour")?,
            component: row.get("component"),
        };
        for b in brands.get(key).into_iter().flatten() {
            p.brands.push((b.required("brand")?, b.get("country")));
        }
        for r in parts.get(key).into_iter().flatten() {
            p.parts.push(r.required("pattern")?);
        }
        for d in descriptions.get(key).into_iter().flatten() {
            let template = d.required("template")?;
            match d.required("lang")? {
                "ru" => p.ru.push(template),
                "en" => p.en.push(template),
                "zh" => p.zh.push(template),
                _ => return Err(d.error("lang", "expected ru, en or zh")),
            }
        }
        if p.brands.is_empty() || p.ru.is_empty() || p.en.is_empty() || p.zh.is_empty() {
            return Err(row.error(
                "key",
                "a product needs a brand and a description in each of ru, en and zh",
            ));
        }
        match row.required("list")? {
            "sensitive" => catalog.sensitive.push(p),
            "ordinary" => catalog.ordinary.push(p),
            _ => return Err(row.error("list", "expected sensitive or ordinary")),
        }
    }
    for row in phrases.rows() {
        let pool = row.required("pool")?;
        if !PHRASE_POOLS.contains(&pool) {
            return Err(row.error("pool", "not a phrase pool of the generator"));
        }
        catalog
            .phrases
            .entry(pool)
            .or_default()
            .push(row.required("text")?);
    }
    for row in neighbours.rows() {
        let text = row.required("text")?;
        match row.required("hs6")? {
            "default" => catalog.default_neighbour = text,
            _ => {
                catalog.neighbours.insert(row.parse("hs6")?, text);
            }
        }
    }
    Ok(catalog)
}

/// The built-in data files, in the order [`parse`] takes them.
const FILES: [(&str, &str); 6] = [
    (include_str!("../data/products.csv"), "products.csv"),
    (
        include_str!("../data/product_brands.csv"),
        "product_brands.csv",
    ),
    (
        include_str!("../data/product_parts.csv"),
        "product_parts.csv",
    ),
    (
        include_str!("../data/product_descriptions.csv"),
        "product_descriptions.csv",
    ),
    (
        include_str!("../data/goods_phrases.csv"),
        "goods_phrases.csv",
    ),
    (
        include_str!("../data/neighbour_descriptions.csv"),
        "neighbour_descriptions.csv",
    ),
];

fn load() -> &'static Result<Catalog, TableError> {
    static CATALOG: OnceLock<Result<Catalog, TableError>> = OnceLock::new();
    CATALOG.get_or_init(|| parse(FILES))
}

/// Checks that the built-in catalogue parses and is complete ([`crate::generate`] calls it
/// before drawing anything).
pub fn check() -> crate::error::Result<()> {
    let catalog = load()
        .as_ref()
        .map_err(|e| crate::error::ScenarioError::Data(e.to_string()))?;
    if catalog.sensitive.is_empty() || catalog.ordinary.is_empty() {
        return Err(crate::error::ScenarioError::Data(
            "chokepoint-scenario/data/products.csv: no sensitive or no ordinary products".into(),
        ));
    }
    for pool in PHRASE_POOLS {
        if catalog.phrases.get(pool).is_none_or(Vec::is_empty) {
            return Err(crate::error::ScenarioError::Data(format!(
                "chokepoint-scenario/data/goods_phrases.csv: no phrases in pool `{pool}`"
            )));
        }
    }
    if catalog.default_neighbour.is_empty() {
        return Err(crate::error::ScenarioError::Data(
            "chokepoint-scenario/data/neighbour_descriptions.csv: no `default` row".into(),
        ));
    }
    Ok(())
}

/// The catalogue. It is built into the crate and checked by a test and by [`check`]; a
/// failure here is a bug of the crate, not of its input.
fn catalog() -> &'static Catalog {
    match load() {
        Ok(c) => c,
        Err(e) => panic!("built-in goods catalogue: {e}"),
    }
}

/// Sensitive product lines (CHPL goods and the non-CHPL special chemicals and propellants).
pub fn sensitive() -> &'static [Product] {
    &catalog().sensitive
}

/// Ordinary goods that make up most of the trade, including decoys that look electronic.
pub fn ordinary() -> &'static [Product] {
    &catalog().ordinary
}

/// The phrases of one pool of [`PHRASE_POOLS`]: `vague_ru`, `vague_en`, `vague_zh` (vague
/// descriptions used to hide goods, and more rarely by honest traders) or `generic_parts`
/// (the generic wording declared after an HS substitution).
pub fn phrases(pool: &str) -> &'static [&'static str] {
    match catalog().phrases.get(pool) {
        Some(p) if !p.is_empty() => p,
        _ => panic!("built-in phrase pool `{pool}` is missing or empty"),
    }
}

/// What a trader really shipping goods of the neighbouring code `hs6` writes.
pub fn neighbour_description(hs6: u32) -> &'static str {
    let c = catalog();
    c.neighbours
        .get(&hs6)
        .copied()
        .unwrap_or(c.default_neighbour)
}

/// Benign codes used to hide sensitive goods (misdeclaration cover codes).
pub const COVER_CODES: &[&str] = &["pcparts", "chargers", "plastics", "toys", "ironware"];

/// Fills a part-number pattern.
pub fn part_number(rng: &mut Rng, pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '#' => char::from(b'0' + rng.below(10) as u8),
            '@' => char::from(b'A' + rng.below(26) as u8),
            other => other,
        })
        .collect()
}

/// Fills a description template.
pub fn describe(template: &str, pn: &str, brand: &str) -> String {
    template
        .replace("{pn}", pn)
        .replace("{brand}", brand)
        .trim()
        .to_string()
}

/// Finds a product by key in either list.
pub fn by_key(key: &str) -> Option<&'static Product> {
    sensitive().iter().chain(ordinary()).find(|p| p.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_catalogue_parses_and_is_complete() {
        check().unwrap();
        assert_eq!(sensitive().len() + ordinary().len(), 39);
        let mcu = by_key("mcu").unwrap();
        assert_eq!((mcu.hs6, mcu.neighbour), (854231, 854290));
        assert_eq!(mcu.brands[0], ("STMicroelectronics", "CH"));
        assert!(COVER_CODES.iter().all(|k| by_key(k).is_some()));
        assert_eq!(neighbour_description(1), "Части оборудования");
        assert_eq!(phrases("vague_zh"), &["配件", "样品", "日用品"]);
    }

    #[test]
    fn a_malformed_catalogue_names_the_file_line_and_column() {
        let mut files = FILES;
        let products = FILES[0]
            .0
            .replacen("mcu,sensitive,854231,", "mcu,sensitive,85x,", 1);
        files[0] = (&products, "products.csv");
        let e = parse(files).unwrap_err().to_string();
        assert!(
            e.contains("products.csv") && e.contains("line 12") && e.contains("hs6"),
            "{e}"
        );
        let mut files = FILES;
        files[1] = ("key,brand,country\nnope,Acme,US\n", "product_brands.csv");
        let e = parse(files).unwrap_err().to_string();
        assert!(
            e.contains("product_brands.csv") && e.contains("line 2"),
            "{e}"
        );
    }
}
