//! Re-export surges in real mirror trade: Eurostat's monthly EU exports by CN8 code to Russia,
//! Belarus and five neighbours (2020–2022, EUR), read as the file is ([`read`]), imported into
//! the store in one transaction ([`store`]), and analysed over the store ([`analysis`]): for
//! every code of the Common High Priority List and its CN8 children, the drop to Russia and
//! Belarus after the February 2022 controls against the rise to Armenia, Kyrgyzstan,
//! Kazakhstan, Georgia and Uzbekistan, ranked by the rise the partner's own history and its
//! other goods do not explain, every ranked row with its monthly rows as evidence.
//!
//! | caller | calls |
//! |---|---|
//! | `chokepoint trade surges [--file F]` | [`import_file`] (if a file is given), [`load`], [`analyse`] |
//! | `pipeline::reexport::real_surges` | the same, returning the report's view |
//! | the store's stage migrations | [`migrate`] |
//!
//! Layers: `month` → `read` → `store` → `analysis`.
#![warn(missing_docs)]

pub mod analysis;
pub mod error;
pub mod month;
pub mod read;
pub mod store;

pub use analysis::{
    analyse, CodeSummary, Drop, Evidence, Excluded, Level, MonthPoint, PartnerGrowth, Placebo,
    Sums, SurgeOptions, SurgeRow, SurgeTable,
};
pub use error::{ReexportError, Result};
pub use month::Month;
pub use read::{read_file, Cell, ReadStats, Row, Unusable};
pub use store::{import_file, load, migrate, ImportSummary, Stored, StoredSeries};

/// The Eurostat file's place in the shared data folder.
pub const SHARED_FILE: &str =
    "trade/eurostat_cn8_eu_exports_2020-2022/eu_exports_sanctioned_cn8_monthly_2020-2022.csv.gz";
