//! One module per command group.

pub mod alert_book;
pub mod attribute;
pub mod cluster;
pub mod demo;
pub mod lists;
pub mod network;
pub mod resolve;
pub mod screen;
pub mod serve;
pub mod surges;
pub mod trace;
pub mod trade;
