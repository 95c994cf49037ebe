//! Dates as catalogues write them, possibly partial (`2023`, `2023-05`, `2023-05-19`,
//! `19.05.2023`, `2023/05/19`, `20230519`, an ISO timestamp's date part), and reporting periods.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date whose month and day may be unknown (0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12, or 0 when unknown.
    pub month: u8,
    /// Day 1–31, or 0 when unknown.
    pub day: u8,
}

impl Date {
    /// A full date; `None` if it does not exist.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Parses the formats above; `None` if unrecognised or impossible.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let s = s.split(['T', ' ']).next().unwrap_or(s);
        let num = |t: &str| -> Option<u32> {
            (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        match parts.as_slice() {
            [y] if y.len() == 4 => Some(Date {
                year: num(y)? as i32,
                month: 0,
                day: 0,
            }),
            [y] if y.len() == 8 => Date::ymd(
                num(&y[..4])? as i32,
                num(&y[4..6])? as u8,
                num(&y[6..])? as u8,
            ),
            [y, m] if y.len() == 4 && m.len() <= 2 => {
                let m = num(m)?;
                (1..=12).contains(&m).then_some(Date {
                    year: num(y)? as i32,
                    month: m as u8,
                    day: 0,
                })
            }
            [y, m, d] if y.len() == 4 => Date::ymd(num(y)? as i32, num(m)? as u8, num(d)? as u8),
            [d, m, y] if y.len() == 4 => Date::ymd(num(y)? as i32, num(m)? as u8, num(d)? as u8),
            _ => None,
        }
    }

    /// The quarter (1–4), when the month is known.
    pub fn quarter(self) -> Option<u8> {
        (self.month > 0).then(|| (self.month - 1) / 3 + 1)
    }

    /// The latest day this (possibly partial) date can stand for, as `(year, month, day)`.
    pub fn latest(self) -> (i32, u8, u8) {
        let m = if self.month == 0 { 12 } else { self.month };
        let d = if self.day == 0 {
            days_in_month(self.year, m)
        } else {
            self.day
        };
        (self.year, m, d)
    }

    /// The earliest day this (possibly partial) date can stand for.
    pub fn earliest(self) -> (i32, u8, u8) {
        (self.year, self.month.max(1), self.day.max(1))
    }

    /// Whether this date can be on or before `other` (partial dates are read generously).
    pub fn not_after(self, other: Date) -> bool {
        self.earliest() <= other.latest()
    }

    /// Days since 1970-01-01 of the earliest day this date stands for.
    pub fn days(self) -> i64 {
        let (y, m, d) = self.earliest();
        let (y, m) = (i64::from(y) - i64::from(m <= 2), i64::from(m));
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + i64::from(d) - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    /// The date `days` days since 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (0, _) => write!(f, "{:04}", self.year),
            (m, 0) => write!(f, "{:04}-{m:02}", self.year),
            (m, d) => write!(f, "{:04}-{m:02}-{d:02}", self.year),
        }
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

/// How records are grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// One period for everything.
    #[default]
    All,
    /// By calendar year of recovery.
    Year,
    /// By calendar quarter of recovery (`2023Q2`).
    Quarter,
}

impl Period {
    /// The label of a recovery date's period: `all`, `2023`, `2023Q2`, or `undated` when the
    /// date (or, for quarters, the month) is unknown.
    pub fn label(self, date: Option<Date>) -> String {
        match (self, date) {
            (Period::All, _) => "all".into(),
            (Period::Year, Some(d)) => d.year.to_string(),
            (Period::Quarter, Some(d)) => match d.quarter() {
                Some(q) => format!("{}Q{q}", d.year),
                None => "undated".into(),
            },
            (_, None) => "undated".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_and_partial_dates() {
        assert_eq!(Date::parse("2023-05-19").unwrap().to_string(), "2023-05-19");
        assert_eq!(Date::parse("19.05.2023").unwrap().to_string(), "2023-05-19");
        assert_eq!(Date::parse("2023/05/19").unwrap().to_string(), "2023-05-19");
        assert_eq!(Date::parse("20230519").unwrap().to_string(), "2023-05-19");
        assert_eq!(
            Date::parse("2023-05-19T10:00:00Z").unwrap().to_string(),
            "2023-05-19"
        );
        assert_eq!(Date::parse("2023-05").unwrap().to_string(), "2023-05");
        assert_eq!(Date::parse("2023").unwrap().to_string(), "2023");
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("spring"), None);
    }

    #[test]
    fn periods_and_ordering() {
        let d = Date::parse("2023-05-19");
        assert_eq!(Period::Quarter.label(d), "2023Q2");
        assert_eq!(Period::Year.label(d), "2023");
        assert_eq!(Period::Quarter.label(Date::parse("2023")), "undated");
        assert_eq!(Period::All.label(None), "all");
        let y = Date::parse("2023").unwrap();
        assert!(y.not_after(Date::parse("2023-01-01").unwrap()));
        assert!(!Date::parse("2023-06-02")
            .unwrap()
            .not_after(Date::parse("2023-06-01").unwrap()));
        for s in ["1970-01-01", "2024-02-29", "2022-02-24"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_days(d.days()), d);
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().days(), 1);
    }
}
