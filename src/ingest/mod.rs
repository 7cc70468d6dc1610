//! Every byte of input handling: which files, how they are read, how values
//! become canonical events, and what is rejected and why.
//!
//! The pipeline is: [`sources::expand`] turns paths and globs into
//! [`Source`]s; [`canonical::read`] reads each with polars' lazy CSV reader
//! (all columns as strings) and normalises the rows into an [`EventLog`]:
//! interned prospect and rep ids, typed events, rejects with file, row,
//! column and reason.
//!
//! [`dialect`] handles the bytes (gzip, Parquet, BOM, UTF-16, separators,
//! footers), [`mapping`] the columns and spellings (presets are TOML under
//! `data/presets/`) and [`outcomes`] the deals file of `--outcomes`. (The
//! one-row-per-prospect `--summary` input becomes facts directly:
//! [`crate::facts::summary`].)

pub mod canonical;
pub mod dialect;
pub mod mapping;
pub mod outcomes;
pub mod sources;
pub mod time;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono_tz::Tz;
use serde::Serialize;

use crate::model::Event;
pub use sources::Source;

/// The earliest plausible event date by default: 1990-01-01T00:00:00Z
/// (before sales-engagement software and CRM exports of activities).
pub const DEFAULT_DATES_FROM: i64 = 631_152_000 * 1_000_000;

/// How raw values are interpreted.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Events dated before this instant cannot be in a real touch log (a
    /// mistyped year): rejected as implausible. `None`: [`DEFAULT_DATES_FROM`].
    pub dates_from: Option<i64>,
    /// Events dated after this instant have not happened yet (a planned
    /// activity, a mistyped year): rejected as implausible, so they never
    /// move the as-of instant. `None`: the run's clock plus one day (for
    /// time zones). `--dates-to` widens it (generated future data, tests).
    pub dates_to: Option<i64>,
    /// Zone for naive timestamps and date-only values; UTC when `None`.
    pub tz: Option<Tz>,
    /// `--preset NAME`: skip auto-detection.
    pub preset: Option<String>,
    /// `--mapping FILE.toml`, already read and checked.
    pub mapping: Option<mapping::Mapping>,
    /// `--date-order`: how `NN/NN/YYYY` dates are read (wins over the mapping
    /// and over what the column implies).
    pub date_order: Option<time::DateOrder>,
    /// `--outcomes FILE`: deals/opportunities joined onto the log (§8.15).
    pub outcomes: Option<PathBuf>,
    /// `--sheet NAME`: the worksheet of Excel inputs (default: the first).
    pub sheet: Option<String>,
    /// `--outcomes-id COLUMN`: the outcomes file's column holding prospect ids.
    pub outcomes_id: Option<String>,
    /// `--summary FILE`: one row per prospect instead of events.
    pub summary: Option<PathBuf>,
    /// Plain CSV files at least this large are streamed in batches
    /// (`None`: 32 MiB, `dialect` `STREAM_MIN_BYTES`; `Some(0)` streams every file).
    pub stream_min_bytes: Option<u64>,
    /// Show a progress bar on stderr while streaming (hidden when stderr is
    /// not a terminal).
    pub progress: bool,
}

/// What reading one file found, for `validate` and the stderr notes.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub source: String,
    /// The mapping used (`canonical`, a preset name, or the mapping file).
    pub preset: String,
    /// True when the mapping was chosen by header detection.
    pub detected: bool,
    /// What detection decided (default when the mapping was named).
    pub detection: mapping::Detection,
    /// Header columns no field, skip rule or `ignore` entry reads.
    pub unused: Vec<String>,
    /// Unused columns whose name looks like direction, status, outcome or a
    /// prospect id: (column, what it looks like).
    pub suspicious: Vec<(String, &'static str)>,
    /// Optional fields (direction, channel, outcome, rep_id) with no column.
    pub unmapped: Vec<&'static str>,
    pub dialect: dialect::Dialect,
    /// The header columns read for each canonical field (order of [`mapping::FIELDS`]).
    pub columns: [Vec<String>; 6],
    /// The day/month order used for `NN/NN/YYYY` dates, when any was needed.
    pub date_order: Option<time::DateOrder>,
    /// The zone naive times were read in (`None`: UTC).
    pub tz: Option<String>,
    /// Data rows read (blank lines and footer lines are not rows).
    pub rows_read: u64,
    pub rejected: u64,
    /// Rows that are not contacts (planned, notes, tasks), by the mapping's skip rules.
    pub skipped: u64,
    /// All-empty lines skipped.
    pub blank_rows: u64,
    /// Dates whose day/month order was ambiguous on its own and was settled
    /// by `date_order`.
    pub ambiguous_dates: u64,
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

impl IngestOptions {
    /// The plausible window `[from, to]` of event times (µs, UTC).
    pub(crate) fn date_window(&self) -> (i64, i64) {
        let to = self
            .dates_to
            .unwrap_or_else(|| chrono::Utc::now().timestamp_micros().saturating_add(crate::time::MICROS_PER_DAY));
        (self.dates_from.unwrap_or(DEFAULT_DATES_FROM), to)
    }
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
    /// Prospect ids, in id order (byte order of the strings) when read by
    /// [`canonical::read`]; `Event::prospect` indexes this.
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
    /// Rows that are not events (planned activities, notes, tasks): skipped
    /// by the mapping's rules with their reason; not errors, so `--strict`
    /// does not fail on them, but written to the rejects file too.
    pub skipped: Vec<Reject>,
    /// Channel spellings that were not canonical and became `other`, with counts.
    pub unknown_channels: BTreeMap<String, u64>,
    /// Outcome spellings that were not canonical and became `none`, with counts.
    pub unknown_outcomes: BTreeMap<String, u64>,
    /// Outcomes joined from a deals/opportunities file, by prospect id
    /// (METRICS.md §8.15). Empty when no outcomes file was given.
    pub outcomes: BTreeMap<String, OutcomeRecord>,
    /// Outcome times after this (the end of the plausible window) do not
    /// move the default as-of instant (an expected close date in the future).
    pub outcomes_until: Option<i64>,
    /// One report per source, in source order.
    pub files: Vec<FileReport>,
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

/// Row bookkeeping: `rows_read = rows_used + duplicates + rejected +
/// skipped`, and of the rows used, `after_as_of` fall after `T` and the rest
/// are `events`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    pub rows_read: u64,
    pub rows_used: u64,
    pub duplicates: u64,
    pub rejected: u64,
    /// Planned activities, notes and tasks: not contacts (see [`EventLog::skipped`]).
    pub skipped: u64,
    pub after_as_of: u64,
    pub events: u64,
}

/// What the analysis was computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// An event log (touches with times).
    Events,
    /// One row per prospect with a touch count (`--summary`).
    Summary,
    /// A facts table written by `touchstone facts`.
    #[default]
    Facts,
}

/// What the ingest stage adds to the facts: row bookkeeping and spellings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestSummary {
    pub kind: InputKind,
    /// Row bookkeeping; for a summary, `events` and `after_as_of` do not apply.
    pub rows: Option<RowCounts>,
    pub unknown_channels: BTreeMap<String, u64>,
    pub unknown_outcomes: BTreeMap<String, u64>,
}
