//! The control dates: the fixed days on which goods became restricted or the Common High
//! Priority List (CHPL) grew. Every stage that compares a date with "the invasion" or "the
//! CHPL's publication" uses these constants.
//!
//! ```
//! use chokepoint_refdata::control;
//! assert_eq!(control::INVASION.to_string(), "2022-02-24");
//! assert_eq!(control::dates()[0], control::INVASION);
//! ```

use crate::date::Date;

/// 2022-02-24: the invasion of Ukraine and the first coalition export controls.
pub const INVASION: Date = Date::ymd_const(2022, 2, 24);

/// 2023-05-19: the CHPL's first publication (9 HS codes).
pub const CHPL_PUBLISHED: Date = Date::ymd_const(2023, 5, 19);

/// 2023-09-14: the CHPL extended to 45 HS codes.
pub const CHPL_EXTENDED: Date = Date::ymd_const(2023, 9, 14);

/// 2024-02-23: the CHPL at 50 HS codes.
pub const CHPL_50_CODES: Date = Date::ymd_const(2024, 2, 23);

/// The control dates in order, each with what happened on it.
pub const DATES: [(&str, Date); 4] = [
    ("invasion and first coalition export controls", INVASION),
    ("CHPL published (9 codes)", CHPL_PUBLISHED),
    ("CHPL extended (45 codes)", CHPL_EXTENDED),
    ("CHPL at 50 codes", CHPL_50_CODES),
];

/// The control dates as [`Date`]s, in order (the invasion first).
pub fn dates() -> Vec<Date> {
    DATES.iter().map(|&(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_control_dates() {
        assert_eq!(INVASION, Date::from_ymd(2022, 2, 24).unwrap());
        assert_eq!(INVASION, Date(19_047));
        assert_eq!(CHPL_PUBLISHED, Date::parse("19.05.2023").unwrap());
        assert_eq!(CHPL_EXTENDED.to_string(), "2023-09-14");
        assert_eq!(CHPL_50_CODES.to_string(), "2024-02-23");
        let d = dates();
        assert_eq!(d.len(), 4);
        assert!(d.windows(2).all(|w| w[0] < w[1]), "in order");
        assert!(DATES[1].0.contains("CHPL published"));
    }

    #[test]
    #[should_panic(expected = "day out of range")]
    fn impossible_constant_dates_are_refused() {
        let _ = Date::ymd_const(2023, 2, 29);
    }
}
