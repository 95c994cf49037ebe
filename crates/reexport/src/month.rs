//! Calendar months as one ordered number, the unit of Eurostat's monthly series.

use chokepoint_refdata::date::Date;
use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar month: `year * 12 + (month - 1)`, so consecutive months are consecutive numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month(pub u32);

impl Month {
    /// The month of `year` (1..=12); `None` out of range.
    pub fn new(year: u32, month: u32) -> Option<Month> {
        (1..=12)
            .contains(&month)
            .then(|| Month(year * 12 + month - 1))
    }

    /// Parses `YYYY-MM` (Eurostat's column headers); `None` for anything else.
    pub fn parse(s: &str) -> Option<Month> {
        let s = s.trim();
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// The month a day falls in.
    pub fn of(date: Date) -> Month {
        let (y, m, _) = date.ymd();
        Month(y.max(0) as u32 * 12 + m - 1)
    }

    /// The year.
    pub fn year(self) -> u32 {
        self.0 / 12
    }

    /// The month of the year, 1..=12.
    pub fn month(self) -> u32 {
        self.0 % 12 + 1
    }

    /// `YYYYMM` as one number (how the store keeps it).
    pub fn yyyymm(self) -> u32 {
        self.year() * 100 + self.month()
    }

    /// The month of a `YYYYMM` number; `None` when it is not one.
    pub fn from_yyyymm(n: u32) -> Option<Month> {
        Month::new(n / 100, n % 100)
    }

    /// The next month.
    pub fn next(self) -> Month {
        Month(self.0 + 1)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_order_and_print() {
        let m = Month::parse("2022-03").unwrap();
        assert_eq!(m.to_string(), "2022-03");
        assert_eq!(m.yyyymm(), 202203);
        assert_eq!(Month::from_yyyymm(202203), Some(m));
        assert_eq!(
            Month::parse("2021-12").unwrap().next(),
            Month::parse("2022-01").unwrap()
        );
        assert_eq!(
            Month::of(chokepoint_refdata::control::INVASION).to_string(),
            "2022-02"
        );
        for bad in ["2022-13", "2022-3", "22-03", "2022/03", "x", ""] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }
}
