//! Electronic component makers and their part numbers, as one shared reference.
//!
//! - [`partnum`]: normalising part numbers, splitting a marking into part number and date code,
//!   and finding part-number candidates in free text (a customs description, a teardown note).
//! - [`registry`]: the manufacturer registry (`data/manufacturers.csv`: brands, aliases,
//!   headquarters, merger chains) and the part-number prefix rules (`data/prefixes.csv`) that
//!   name the maker when a marking does not. Both are editable data files.
//! - [`families`]: the part-number families (`data/families.csv`) that name the KIND of
//!   component a part number is (`IRF540N` a power MOSFET, `5CSEMA5` an FPGA SoC).
//! - [`origin_mark`]: country-of-origin marks printed on packages (`TAIWAN`, ST's `CHN`), the
//!   only evidence of the country of manufacture a marking carries besides "Made in …"
//!   (`data/origin_marks.csv`).
//!
//! Trade detection (a part number in a description names the goods) and attribution (a marking
//! names the maker) both read these; neither keeps a copy of its own.

pub mod error;
pub mod families;
pub mod origin_mark;
pub mod partnum;
pub mod registry;

pub use error::{PartsError, Result};
pub use families::{Families, Family, Recognised};
pub use origin_mark::{OriginMarks, OriginReading};
pub use partnum::PartNumber;
pub use registry::{MakerResolution, Registry};
