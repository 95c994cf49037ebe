//! One module per command group.

pub mod demo;
pub mod lists;
pub mod screen;
pub mod serve;
