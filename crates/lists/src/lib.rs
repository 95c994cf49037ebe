//! Readers for the official watchlists.
//!
//! [`plan`] groups the paths a user names into [`Source`]s (one list publication each: an OFAC
//! CSV set is several files), and [`open`] turns a source into a streaming iterator of
//! [`Entity`] values. Every error names the file, the line or element, and the field
//! ([`ListError`]); [`ListError::is_recoverable`] tells whether a lenient import may skip the
//! record and go on, or must stop because the rest of the file cannot be trusted.
//!
//! Layers, bottom up: `error`, `country` and `input` (a source's file, its list id, gzip);
//! `values` (whitespace, dates, country codes, legal forms, the merge of rows of one party);
//! `xml` (the streaming XML cursor and record loop) and `queued` (the CSV row loop with its
//! width checks); then one module per list format, which only maps records to entities.

pub mod bis_dpl;
pub mod country;
mod detect;
pub mod end_user_csv;
pub mod end_users;
mod error;
pub mod eu_annex;
pub mod eu_fsf;
pub mod ftm_json;
mod input;
pub mod ofac_csv;
pub mod ofac_remarks;
pub mod ofac_xml;
mod queued;
pub mod uk_ofsi;
pub mod un_xml;
pub mod us_1260h;
pub mod us_csl;
mod values;
mod xml;

pub use chokepoint_model::Entity;
pub use detect::{plan, Format, Source};
pub use error::ListError;

/// A stream of entities read from one source.
pub type EntityStream = Box<dyn Iterator<Item = Result<Entity, ListError>>>;

/// Opens a source as a stream of entities.
pub fn open(source: &Source) -> Result<EntityStream, ListError> {
    match source.format {
        Format::OfacSdnCsv | Format::OfacConsCsv => ofac_csv::open(source),
        Format::OfacXml => ofac_xml::open(source),
        Format::UnXml => un_xml::open(source),
        Format::UsCsl => us_csl::open(source),
        Format::BisDpl => bis_dpl::open(source),
        Format::EuFsf => eu_fsf::open(source),
        Format::UkOfsi => uk_ofsi::open(source),
        Format::FtmJson => ftm_json::open(source),
        Format::EuAnnex => eu_annex::open(source),
        Format::Us1260h => us_1260h::open(source),
        Format::EndUsers => end_user_csv::open(source),
    }
}
