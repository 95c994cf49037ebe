//! Routing rule `route.transshipment`: sensitive goods of coalition origin, dispatched from a
//! transshipment country (FIELD.md red flag 3) and invoiced from yet another country (the
//! trading country differs from the country of dispatch), after 2022-02-24.

use super::context::Prepared;
use crate::flags::{Flag, Rule};

/// Transshipment countries named in the coalition's guidance (FIELD.md red flag 3, with the
/// UK's additions).
pub const HUBS: &[&str] = &[
    "AM", "BR", "CN", "HK", "MO", "GE", "IN", "IL", "KZ", "KG", "MX", "NI", "RS", "SG", "ZA", "TW",
    "TJ", "TR", "AE", "UZ", "MY", "MN", "TH", "VN",
];

/// Countries of the export-control coalition (origin of controlled goods).
pub const COALITION: &[&str] = &[
    "US", "GB", "JP", "KR", "CA", "AU", "NZ", "CH", "NO", "DE", "FR", "IT", "NL", "BE", "LU", "IE",
    "DK", "SE", "FI", "AT", "ES", "PT", "PL", "CZ", "SK", "HU", "SI", "HR", "RO", "BG", "GR", "CY",
    "MT", "EE", "LV", "LT",
];

/// Whether one record meets the routing rule: goods on the CHPL or of a sensitive category, of
/// coalition origin, dated on or after 2022-02-24, dispatched from a transshipment hub and
/// invoiced from another country. The rule needs no other record, so batch engines (the
/// `cluster` crate's UDF) call it row by row; [`detect`] calls it for every record.
pub fn is_transshipment(
    date: crate::date::Date,
    class: &crate::classify::Classification,
    origin: &str,
    dispatch: &str,
    trading: &str,
) -> bool {
    date >= crate::date::control::INVASION
        && (class.chpl.is_some() || class.category.is_sensitive())
        && COALITION.contains(&origin)
        && HUBS.contains(&dispatch)
        && !trading.is_empty()
        && trading != dispatch
}

/// The `route.transshipment` flag of one record whose declared code classified as `class`, or
/// `None` when the record does not meet [`is_transshipment`]. [`detect`] calls it for every
/// record; batch engines call it row by row (`RecordDetector::flags`).
pub fn flag(
    r: &crate::record::CustomsRecord,
    class: &crate::classify::Classification,
) -> Option<Flag> {
    let dispatch = r.departure_country.as_str();
    let trading = r.trading_country.as_str();
    is_transshipment(r.date, class, &r.origin_country, dispatch, trading).then(|| Flag {
        rule: Rule::RouteTransshipment,
        score: 0.6,
        subject: r.id.clone(),
        evidence: vec![r.id.clone()],
        explanation: format!(
            "{} goods of {} origin dispatched from {dispatch} and invoiced from {trading} after 2022-02-24",
            crate::hs::format_hs6(class.hs6),
            r.origin_country
        ),
    })
}

/// Runs the routing rule.
pub fn detect(p: &Prepared, out: &mut Vec<Flag>) {
    for (i, r) in p.records.iter().enumerate() {
        let Some(c) = p.classes[i] else { continue };
        out.extend(flag(r, &c));
    }
}

#[cfg(test)]
mod tests {
    use super::is_transshipment;
    use crate::category::Category;
    use crate::chpl::ChplTier;
    use crate::classify::Classification;
    use crate::date::Date;

    fn ic(chpl: Option<ChplTier>, category: Category) -> Classification {
        Classification {
            hs6: 854231,
            declared_hs6: 854231,
            chapter: 85,
            heading: 8542,
            chpl,
            category,
            remapped: false,
        }
    }

    #[test]
    fn the_rule_needs_sensitive_goods_coalition_origin_a_hub_and_another_invoicing_country() {
        let after = Date::parse("2023-03-01").expect("date");
        let before = Date::parse("2021-03-01").expect("date");
        let chip = ic(Some(ChplTier::T1), Category::Microelectronics);
        assert!(is_transshipment(after, &chip, "US", "HK", "AE"));
        assert!(
            !is_transshipment(before, &chip, "US", "HK", "AE"),
            "before the invasion"
        );
        assert!(
            !is_transshipment(after, &chip, "CN", "HK", "AE"),
            "not coalition origin"
        );
        assert!(
            !is_transshipment(after, &chip, "US", "DE", "AE"),
            "not dispatched from a hub"
        );
        assert!(
            !is_transshipment(after, &chip, "US", "HK", "HK"),
            "invoiced from the hub"
        );
        assert!(
            !is_transshipment(after, &chip, "US", "HK", ""),
            "no trading country"
        );
        let other = ic(None, Category::Other);
        assert!(
            !is_transshipment(after, &other, "US", "HK", "AE"),
            "goods of no concern"
        );
    }
}
