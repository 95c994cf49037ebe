//! The Chokepoint entity model.
//!
//! Every watchlist is read into [`Entity`] values whose schemata and property names follow
//! FollowTheMoney (FtM), so that entities round-trip through FtM JSON lines. Unlike a plain
//! FtM entity, every property value here keeps its [`Provenance`]: the list it came from, the
//! record id inside that list and the list's publication date.
//!
//! Invariants:
//! - an entity id is `"{list}-{record id}"` for list entities (for example `ofac-sdn-306`), so
//!   every hit points back to its source record;
//! - property values are trimmed, non-empty, and unique per property (a duplicate value is
//!   dropped, keeping the first provenance);
//! - values of a property keep their insertion order, and the first `name` is the caption.
//!
//! The store keeps a record's designation (`program`, `listingDate`, `sourceUrl`) on the entity
//! ([`write_ftm_line`]); the strict FtM export ([`export_ftm_lines`]) writes it as a separate
//! `Sanction` entity, as FollowTheMoney models it, and [`parse_ftm_record`] reads it back.

mod entity;
mod ftm;
mod ftm_export;
mod schema;

pub use entity::{Entity, Provenance, Value};
pub use ftm::{
    parse_ftm_line, parse_ftm_record, read_ftm_lines, write_ftm_line, FtmError, FtmRecord,
    SanctionRecord,
};
pub use ftm_export::{
    export_ftm_lines, ftm_has_property, sanction_id, ExportStats, SANCTION_PROPS, SANCTION_SCHEMA,
};
pub use schema::{Prop, Schema, UnknownName};
