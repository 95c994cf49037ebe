//! The one calendar: [`Date`] (a day, stored as days since 1970-01-01), [`PartialDate`] (a
//! `Date` plus how much of it is known: year, month or day), reporting [`Period`]s, and UTC
//! timestamps ([`format_unix`], [`now_iso`]).
//!
//! Two parsers, one per kind of source, sharing this module's calendar:
//! - [`Date::parse`], for customs dumps (hot: millions of rows), takes full dates only, in fixed
//!   positions: `2023-05-19`, `2023/05/19`, `2023.05.19` (optionally followed by `T…` or a space
//!   and a time), `19.05.2023`, `19/05/2023`, `19-05-2023` (day first, optionally followed by a
//!   space and a time), and `20230519`.
//! - [`PartialDate::parse`], for catalogues, also takes `2023` and `2023-05`, single-digit months
//!   and days (`2023-5-9`, `9.5.2023`) and any of `-`, `/`, `.` as separators.
//!
//! ```
//! use chokepoint_refdata::date::{Date, PartialDate};
//! let d = Date::parse("24.02.2022").unwrap();
//! assert_eq!(d.to_string(), "2022-02-24");
//! assert_eq!(PartialDate::parse("2023-05").unwrap().to_string(), "2023-05");
//! ```

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A proleptic Gregorian calendar day, as days since 1970-01-01 (negative before it).
///
/// Serialised as `YYYY-MM-DD`; deserialised with [`Date::parse`]. `Date::default()` is
/// 1970-01-01, the value records use for "no date".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Date(pub i32);

impl Date {
    /// The date of a year, month (1–12) and day (1–31); `None` if it does not exist.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        i32::try_from(days_from_civil(i64::from(y), m, d))
            .ok()
            .map(Date)
    }

    /// The date of a year, month and day that must exist, for constants such as
    /// [`crate::control::INVASION`]; panics (at compile time in a `const`) if it does not.
    pub const fn ymd_const(y: i32, m: u32, d: u32) -> Date {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let len = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => panic!("month out of range"),
        };
        assert!(d >= 1 && d <= len, "day out of range");
        Date(days_from_civil(y as i64, m, d) as i32)
    }

    /// Year, month (1–12), day (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        let (y, m, d) = civil_from_days(i64::from(self.0));
        (y as i32, m, d)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month (1–12).
    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// The day of the month (1–31).
    pub fn day(self) -> u32 {
        self.ymd().2
    }

    /// This date plus `days`.
    pub fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// Parses the full-date formats of customs dumps (see the module documentation); `None` if
    /// unrecognised or impossible.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() >= 10 && (b[4] == b'-' || b[4] == b'/' || b[4] == b'.') && b[7] == b[4] {
            // 2023-05-19 (optionally followed by a time)
            if b.len() > 10 && !matches!(b[10], b'T' | b' ') {
                return None;
            }
            return Date::from_ymd(
                digits(&b[0..4])? as i32,
                digits(&b[5..7])?,
                digits(&b[8..10])?,
            );
        }
        if b.len() >= 10 && (b[2] == b'.' || b[2] == b'/' || b[2] == b'-') && b[5] == b[2] {
            // 19.05.2023 (day first, as in Russian declarations)
            if b.len() > 10 && b[10] != b' ' {
                return None;
            }
            return Date::from_ymd(
                digits(&b[6..10])? as i32,
                digits(&b[3..5])?,
                digits(&b[0..2])?,
            );
        }
        if b.len() == 8 {
            return Date::from_ymd(
                digits(&b[0..4])? as i32,
                digits(&b[4..6])?,
                digits(&b[6..8])?,
            );
        }
        None
    }
}

/// The value of one to nine ASCII digits; `None` for anything else.
fn digits(r: &[u8]) -> Option<u32> {
    if r.is_empty() || r.len() > 9 || !r.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(r.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
}

/// The number of days in month `m` (1–12) of year `y`.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a valid civil date (the era-based algorithm, proleptic Gregorian).
const fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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

/// How much of a [`PartialDate`] is known. Ordered from least to most precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// Only the year (`2023`).
    Year,
    /// The year and month (`2023-05`).
    Month,
    /// The day (`2023-05-19`).
    Day,
}

/// A [`Date`] known to a year, a month or a day, as catalogues write dates.
///
/// Holds the first day it can stand for and its [`Precision`]; ordered by that day, then by
/// precision, so `2023` < `2023-01` < `2023-01-01` < `2023-01-02` < `2023-02`. Serialised as
/// written (`2023`, `2023-05`, `2023-05-19`); deserialised with [`PartialDate::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    first: Date,
    precision: Precision,
}

impl PartialDate {
    /// A full date from year, month and day; `None` if it does not exist.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<PartialDate> {
        Date::from_ymd(year, u32::from(month), u32::from(day)).map(PartialDate::from)
    }

    /// A year whose month and day are unknown; `None` outside the representable range.
    pub fn year_only(year: i32) -> Option<PartialDate> {
        Some(PartialDate {
            first: Date::from_ymd(year, 1, 1)?,
            precision: Precision::Year,
        })
    }

    /// A month whose day is unknown; `None` if the month is not 1–12.
    pub fn year_month(year: i32, month: u8) -> Option<PartialDate> {
        Some(PartialDate {
            first: Date::from_ymd(year, u32::from(month), 1)?,
            precision: Precision::Month,
        })
    }

    /// Parses a full or partial date (see the module documentation); `None` if unrecognised
    /// or impossible.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        let s = s.split(['T', ' ']).next().unwrap_or(s);
        let num = |t: &[u8]| digits(t);
        let small = |t: &[u8]| num(t).and_then(|v| u8::try_from(v).ok());
        let parts: Vec<&[u8]> = s.split(['-', '/', '.']).map(str::as_bytes).collect();
        match parts.as_slice() {
            [y] if y.len() == 4 => PartialDate::year_only(num(y)? as i32),
            [y] if y.len() == 8 => {
                PartialDate::ymd(num(&y[..4])? as i32, small(&y[4..6])?, small(&y[6..])?)
            }
            [y, m] if y.len() == 4 && m.len() <= 2 => {
                PartialDate::year_month(num(y)? as i32, small(m)?)
            }
            [y, m, d] if y.len() == 4 => PartialDate::ymd(num(y)? as i32, small(m)?, small(d)?),
            [d, m, y] if y.len() == 4 => PartialDate::ymd(num(y)? as i32, small(m)?, small(d)?),
            _ => None,
        }
    }

    /// How much of the date is known.
    pub fn precision(self) -> Precision {
        self.precision
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.first.year()
    }

    /// The month (1–12), when known.
    pub fn month(self) -> Option<u32> {
        (self.precision >= Precision::Month).then(|| self.first.month())
    }

    /// The day of the month, when known.
    pub fn day(self) -> Option<u32> {
        (self.precision == Precision::Day).then(|| self.first.day())
    }

    /// The quarter (1–4), when the month is known.
    pub fn quarter(self) -> Option<u8> {
        self.month().map(|m| ((m - 1) / 3 + 1) as u8)
    }

    /// The full date, when the day is known.
    pub fn full(self) -> Option<Date> {
        (self.precision == Precision::Day).then_some(self.first)
    }

    /// The earliest day this date can stand for.
    pub fn first_day(self) -> Date {
        self.first
    }

    /// The latest day this date can stand for.
    pub fn last_day(self) -> Date {
        let (y, m, _) = self.first.ymd();
        match self.precision {
            Precision::Day => self.first,
            Precision::Month => Date::from_ymd(y, m, days_in_month(y, m)).unwrap_or(self.first),
            Precision::Year => Date::from_ymd(y, 12, 31).unwrap_or(self.first),
        }
    }

    /// Whether this date can be on or before `other` (partial dates are read generously).
    pub fn not_after(self, other: PartialDate) -> bool {
        self.first_day() <= other.last_day()
    }

    /// Days since 1970-01-01 of the earliest day this date stands for.
    pub fn days(self) -> i64 {
        i64::from(self.first.0)
    }

    /// The full date `days` days since 1970-01-01 (clamped to the range of [`Date`]).
    pub fn from_days(days: i64) -> PartialDate {
        let days = i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX });
        PartialDate::from(Date(days))
    }
}

impl From<Date> for PartialDate {
    fn from(first: Date) -> PartialDate {
        PartialDate {
            first,
            precision: Precision::Day,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.first.ymd();
        match self.precision {
            Precision::Year => write!(f, "{y:04}"),
            Precision::Month => write!(f, "{y:04}-{m:02}"),
            Precision::Day => write!(f, "{y:04}-{m:02}-{d:02}"),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("bad date `{s}`")))
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
    pub fn label(self, date: Option<PartialDate>) -> String {
        match (self, date) {
            (Period::All, _) => "all".into(),
            (Period::Year, Some(d)) => d.year().to_string(),
            (Period::Quarter, Some(d)) => match d.quarter() {
                Some(q) => format!("{}Q{q}", d.year()),
                None => "undated".into(),
            },
            (_, None) => "undated".into(),
        }
    }
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_iso() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format_unix(secs)
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian).
pub fn format_unix(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2022, 2, 24),
            (2024, 2, 29),
            (2000, 3, 1),
            (2025, 12, 31),
            (1969, 12, 31),
            (1600, 2, 29),
        ] {
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(date.ymd(), (y, m, d));
            assert_eq!(date.day(), d);
        }
        assert_eq!(Date::from_ymd(1970, 1, 2), Some(Date(1)));
        assert_eq!(Date::from_ymd(1969, 12, 31), Some(Date(-1)));
        assert_eq!(Date::from_ymd(2022, 6, 1), Some(Date(19_144)));
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(Date::from_ymd(2023, 0, 1), None);
        assert_eq!(Date(5).add_days(-5), Date(0));
        // The sentinels records use for "no date yet" format without overflow.
        assert!(!Date(i32::MAX).to_string().is_empty());
        assert!(!Date(i32::MIN).to_string().is_empty());
    }

    #[test]
    fn customs_formats() {
        for s in [
            "2022-02-24",
            "24.02.2022",
            "2022/02/24",
            "2022.02.24",
            "24/02/2022",
            "24-02-2022",
            "20220224",
            "2022-02-24T10:00:00Z",
            "2022-02-24 10:00:00",
            "24.02.2022 10:00",
            " 2022-02-24 ",
        ] {
            assert_eq!(
                Date::parse(s).map(|d| d.to_string()).as_deref(),
                Some("2022-02-24"),
                "{s}"
            );
        }
        for s in [
            "2023-02-29",
            "2023-13-01",
            "yesterday",
            "",
            "2023",
            "2023-05",
            "2022-02-24x",
            "24.02.2022T10",
            "2022-2-24",
            "2022-02/24",
            "2022-+2-24",
        ] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
    }

    #[test]
    fn catalogue_formats_full_and_partial() {
        for s in [
            "2023-05-19",
            "19.05.2023",
            "2023/05/19",
            "20230519",
            "2023-05-19T10:00:00Z",
            "2023-05-19 10:00",
            "19.05.2023T10",
            "2023-5-19",
            "19.5.2023",
            "2023-05/19",
        ] {
            let d = PartialDate::parse(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(d.to_string(), "2023-05-19", "{s}");
            assert_eq!(d.precision(), Precision::Day);
            assert_eq!(d.full(), Date::parse("2023-05-19"));
        }
        let m = PartialDate::parse("2023-05").unwrap();
        assert_eq!(
            (m.to_string().as_str(), m.precision()),
            ("2023-05", Precision::Month)
        );
        assert_eq!((m.month(), m.day(), m.full()), (Some(5), None, None));
        let y = PartialDate::parse("2023").unwrap();
        assert_eq!(
            (y.to_string().as_str(), y.month(), y.quarter()),
            ("2023", None, None)
        );
        for s in [
            "2023-02-29",
            "2023-13",
            "spring",
            "",
            "23",
            "2023-05-19x",
            "2023-5-19-1",
        ] {
            assert_eq!(PartialDate::parse(s), None, "{s}");
        }
    }

    #[test]
    fn partial_dates_order_and_compare_generously() {
        let p = |s: &str| PartialDate::parse(s).unwrap();
        let mut v = [
            p("2023-02"),
            p("2023-01-02"),
            p("2023-01-01"),
            p("2023-01"),
            p("2023"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            s,
            ["2023", "2023-01", "2023-01-01", "2023-01-02", "2023-02"]
        );
        assert!(p("2023").not_after(p("2023-01-01")));
        assert!(p("2023-06-02").not_after(p("2023")));
        assert!(!p("2023-06-02").not_after(p("2023-06-01")));
        assert!(p("2023-06-02").not_after(p("2023-06")));
        assert_eq!(
            p("2024-02").last_day(),
            Date::from_ymd(2024, 2, 29).unwrap()
        );
        assert_eq!(p("2023").last_day(), Date::from_ymd(2023, 12, 31).unwrap());
        for s in ["1970-01-01", "2024-02-29", "2022-02-24"] {
            let d = p(s);
            assert_eq!(PartialDate::from_days(d.days()), d);
        }
        assert_eq!(p("1970-01-02").days(), 1);
        assert_eq!(PartialDate::from(Date(1)), p("1970-01-02"));
    }

    #[test]
    fn periods() {
        let d = PartialDate::parse("2023-05-19");
        assert_eq!(Period::Quarter.label(d), "2023Q2");
        assert_eq!(Period::Year.label(d), "2023");
        assert_eq!(
            Period::Quarter.label(PartialDate::parse("2023-12")),
            "2023Q4"
        );
        assert_eq!(Period::Quarter.label(PartialDate::parse("2023")), "undated");
        assert_eq!(Period::Year.label(None), "undated");
        assert_eq!(Period::All.label(None), "all");
    }

    #[test]
    fn serde_as_written() {
        let d = Date::from_ymd(2022, 2, 24).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2022-02-24\"");
        assert_eq!(serde_json::from_str::<Date>("\"24.02.2022\"").unwrap(), d);
        assert!(serde_json::from_str::<Date>("\"2022\"").is_err());
        let p = PartialDate::parse("2023-05").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"2023-05\"");
        assert_eq!(
            serde_json::from_str::<PartialDate>("\"2023-05\"").unwrap(),
            p
        );
        assert_eq!(
            serde_json::to_string(&Period::Quarter).unwrap(),
            "\"quarter\""
        );
    }

    #[test]
    fn unix_timestamps() {
        assert_eq!(format_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_unix(1_796_083_199), "2026-11-30T23:59:59Z");
        let now = now_iso();
        assert_eq!(now.len(), 20);
        assert!(now.ends_with('Z'));
    }
}
