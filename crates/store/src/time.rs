//! UTC timestamps: the one calendar's formatting in `chokepoint_refdata::date`.

pub use chokepoint_refdata::date::now_iso;
