//! The loop shared by the row-based CSV readers (US CSL, UK OFSI, BIS DPL): read a row, skip
//! it or hand it to the reader, which queues the entities (and row errors) it completes; at the
//! end of the input, or at a fatal error, let the reader queue whatever it still holds open.
//!
//! Invariants: items leave in the order they were queued; after a fatal error (or the end of
//! the input) the reader is finished once and nothing more is read.

use crate::ListError;
use chokepoint_model::Entity;
use csv::StringRecord;
use std::collections::VecDeque;

/// What comes out of a reader: an entity or an error.
pub(crate) type Item = Result<Entity, ListError>;

/// A row-based reader driven by [`next_queued`].
pub(crate) trait QueuedRows {
    /// The reader's queue of completed items.
    fn queue(&mut self) -> &mut VecDeque<Item>;
    /// Whether the input is exhausted (or a fatal error ended it).
    fn done(&mut self) -> &mut bool;
    /// The next row, an error, or `None` at the end of the input.
    fn read_row(&mut self) -> Option<Result<StringRecord, ListError>>;
    /// Whether a row carries nothing to read (a repeated header, an empty row).
    fn skip(&self, row: &StringRecord) -> bool {
        row.iter().all(|f| f.trim().is_empty())
    }
    /// Takes one row, queueing the items it completes.
    fn take(&mut self, row: StringRecord);
    /// Queues what is still open when the input ends; nothing by default.
    fn finish(&mut self) {}
}

/// The next item of a [`QueuedRows`] reader: `Iterator::next` for all of them.
pub(crate) fn next_queued<R: QueuedRows>(reader: &mut R) -> Option<Item> {
    loop {
        if let Some(item) = reader.queue().pop_front() {
            return Some(item);
        }
        if *reader.done() {
            return None;
        }
        match reader.read_row() {
            None => {
                reader.finish();
                *reader.done() = true;
            }
            Some(Err(e)) => {
                if !e.is_recoverable() {
                    reader.finish();
                    *reader.done() = true;
                }
                reader.queue().push_back(Err(e));
            }
            Some(Ok(row)) => {
                if !reader.skip(&row) {
                    reader.take(row);
                }
            }
        }
    }
}
