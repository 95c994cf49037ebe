//! A calendar date as days since 1970-01-01, with the parsing customs dumps need
//! (`2023-05-19`, `19.05.2023`, `2023/05/19`, `20230519`, an ISO timestamp's date part).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A proleptic Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Date(pub i32);

impl Date {
    /// The date of a year, month (1–12) and day (1–31); `None` if it does not exist.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        // Days from civil (the era-based algorithm for the proleptic Gregorian calendar).
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m as i32 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month (1–12).
    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// This date plus `days`.
    pub fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// Parses the date formats found in customs dumps; `None` if unrecognised or impossible.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        // At most four ASCII digits (the callers slice them), so no overflow.
        let num = |r: &[u8]| -> Option<u32> {
            if r.is_empty() || !r.iter().all(u8::is_ascii_digit) {
                return None;
            }
            Some(r.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
        };
        if b.len() >= 10 && (b[4] == b'-' || b[4] == b'/' || b[4] == b'.') && b[7] == b[4] {
            // 2023-05-19 (optionally followed by a time)
            if b.len() > 10 && !matches!(b[10], b'T' | b' ') {
                return None;
            }
            return Date::from_ymd(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?);
        }
        if b.len() >= 10 && (b[2] == b'.' || b[2] == b'/' || b[2] == b'-') && b[5] == b[2] {
            // 19.05.2023 (day first, as in Russian declarations)
            if b.len() > 10 && b[10] != b' ' {
                return None;
            }
            return Date::from_ymd(num(&b[6..10])? as i32, num(&b[3..5])?, num(&b[0..2])?);
        }
        if b.len() == 8 {
            return Date::from_ymd(num(&b[0..4])? as i32, num(&b[4..6])?, num(&b[6..8])?);
        }
        None
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("bad date `{s}`")))
    }
}

/// Control dates after which goods were restricted or the CHPL was extended.
pub mod control {
    use super::Date;

    /// The dates, with what happened: invasion and first export controls, the CHPL's
    /// first publication (May 2023), its extension (Sep 2023), the 50-code list (Feb 2024).
    pub const DATES: [(&str, i32, u32, u32); 4] = [
        ("invasion and first coalition export controls", 2022, 2, 24),
        ("CHPL published (9 codes)", 2023, 5, 19),
        ("CHPL extended (45 codes)", 2023, 9, 14),
        ("CHPL at 50 codes", 2024, 2, 23),
    ];

    /// The control dates as [`Date`]s, in order.
    pub fn dates() -> Vec<Date> {
        DATES
            .iter()
            .filter_map(|&(_, y, m, d)| Date::from_ymd(y, m, d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_parses() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2022, 2, 24),
            (2024, 2, 29),
            (2000, 3, 1),
            (2025, 12, 31),
        ] {
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(date.ymd(), (y, m, d));
        }
        assert_eq!(Date::from_ymd(1970, 1, 2), Some(Date(1)));
        assert_eq!(Date::parse("2022-02-24").unwrap().to_string(), "2022-02-24");
        assert_eq!(Date::parse("24.02.2022").unwrap().to_string(), "2022-02-24");
        assert_eq!(Date::parse("2022/02/24").unwrap().to_string(), "2022-02-24");
        assert_eq!(Date::parse("20220224").unwrap().to_string(), "2022-02-24");
        assert_eq!(
            Date::parse("2022-02-24T10:00:00Z").unwrap().to_string(),
            "2022-02-24"
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-13-01"), None);
        assert_eq!(Date::parse("yesterday"), None);
        assert_eq!(control::dates().len(), 4);
    }
}
