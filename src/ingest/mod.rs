//! Every byte of input handling: which files, how they are read, how values
//! become canonical events, and what is rejected and why.
//!
//! The pipeline is: [`sources::expand`] turns paths and globs into
//! [`Source`]s; [`canonical::read`] reads each with polars' lazy CSV reader
//! (all columns as strings) and normalises the rows into an [`EventLog`]:
//! interned prospect and rep ids, typed events, rejects with file, row,
//! column and reason.

pub mod canonical;
pub mod sources;
pub mod time;

use std::collections::BTreeMap;

use chrono_tz::Tz;

use crate::model::Event;
pub use sources::Source;

/// How raw values are interpreted.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Zone for naive timestamps and date-only values; UTC when `None`.
    pub tz: Option<Tz>,
}

/// A row that could not be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub source: String,
    pub row: u64,
    pub column: &'static str,
    pub reason: String,
    pub value: String,
}

impl std::fmt::Display for Reject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, row {}, column '{}': {} (value {:?})",
            self.source, self.row, self.column, self.reason, self.value
        )
    }
}

/// The normalised events of all inputs, before de-duplication and the as-of cut.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    /// Prospect ids; `Event::prospect` indexes this.
    pub prospects: Vec<String>,
    /// Rep ids; `Event::rep` indexes this.
    pub reps: Vec<String>,
    /// Source names in (source, row) tie-break order; `Event::source` indexes this.
    pub sources: Vec<String>,
    /// Valid events in read order.
    pub events: Vec<Event>,
    /// Data rows read from all sources.
    pub rows_read: u64,
    /// Rows rejected (missing prospect id, unparseable time).
    pub rejects: Vec<Reject>,
    /// Channel spellings that were not canonical and became `other`, with counts.
    pub unknown_channels: BTreeMap<String, u64>,
    /// Outcome spellings that were not canonical and became `none`, with counts.
    pub unknown_outcomes: BTreeMap<String, u64>,
    /// Outcomes joined from a deals/opportunities file, by prospect id
    /// (METRICS.md §8.15). Empty when no outcomes file was given.
    pub outcomes: BTreeMap<String, OutcomeRecord>,
}

/// One prospect's row of an outcomes file, already interpreted (§8.15).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeRecord {
    /// For `status = won`: `won_at`, else `closed_at` (µs, UTC).
    pub won_at: Option<i64>,
    /// `status = lost`.
    pub lost: bool,
    /// `closed_at`, when given; a loss counts only if it is not after `T`.
    pub closed_at: Option<i64>,
}
