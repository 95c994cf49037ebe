//! Dates as catalogues write them, possibly partial (`2023`, `2023-05`, `2023-05-19`, …), and
//! reporting periods: the one calendar of `chokepoint_refdata::date`. Attribution's [`Date`]
//! is its [`PartialDate`](chokepoint_refdata::date::PartialDate) (a day, a month or a year).

pub use chokepoint_refdata::date::{PartialDate as Date, Period, Precision};
