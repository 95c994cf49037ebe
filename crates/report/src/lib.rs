//! The HTML report: one self-contained file (inline CSS and SVG, no scripts or fonts fetched
//! from anywhere), readable offline and printable.
//!
//! The pipeline stages fill a [`ReportData`]; [`render`] turns it into HTML. Every chart is
//! drawn here as SVG from the numbers in `ReportData`, and every number on the page comes with
//! the count of evidence rows behind it. Inputs marked synthetic are labelled as such at the
//! top of the page and beside each section they feed.

mod charts;
mod data;
mod fmt;
mod html;
mod network;
mod real_end_users;
mod real_surges;
mod real_teardowns;

pub use data::{
    AlertRow, Chain, ChainEdge, ChainNode, FlowRow, Headline, Intermediary, ListRow, RealData,
    ReportData, ShareRow,
};
pub use html::render;
pub use network::{chain_svg, wrap_label};
pub use real_end_users::{
    render_real_end_users, EndUserCountRow, ListPublication, RealEndUsersView,
};
pub use real_surges::{
    eur, render_real_surges, surge_chart, RealSurgeRow, RealSurgesView, SurgeEvidence, SurgeMonth,
};
pub use real_teardowns::{
    render_real_teardowns, ClaimLine, DefinitionCell, DefinitionNote, RealTeardowns, ShareCell,
    TeardownRow,
};
