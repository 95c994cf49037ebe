//! Calendar dates: the one [`Date`] of `chokepoint_refdata::date` (days since 1970-01-01, with
//! the parsing customs dumps need), and the [`control`] dates.

pub use chokepoint_refdata::control;
pub use chokepoint_refdata::date::Date;
