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
//! `data/presets/`), [`outcomes`] the deals file of `--outcomes` and
//! [`summary`] the one-row-per-prospect `--summary` file, which becomes facts
//! directly. The two side files share one reader policy ([`sidefile`]): one
//! column lookup, one day/month-order rule, one reading of deal stages.

pub mod autoreply;
pub mod canonical;
pub mod dialect;
pub mod mapping;
pub mod outcomes;
pub(crate) mod sametouch;
pub mod sidefile;
pub mod sources;
pub mod summary;
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
    /// `--keep-auto-replies`: read automatic replies as responses, as
    /// before docs/metrics.md §13.3 (default: set them aside).
    pub keep_auto_replies: bool,
    /// `--same-touch-within`: events of one prospect, channel and direction
    /// from different files this close (µs) look like one touch logged twice
    /// (docs/metrics.md §13.5). `None`: [`DEFAULT_SAME_TOUCH_WITHIN`].
    pub same_touch_within: Option<i64>,
    /// `--merge-same-touch`: count each such pair once.
    pub merge_same_touch: bool,
}

/// The default window of docs/metrics.md §13.5: 2 minutes.
pub const DEFAULT_SAME_TOUCH_WITHIN: i64 = 120 * 1_000_000;

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
    /// Events whose time has day precision only (a date with no clock and
    /// no same-day date and time beside it; docs/metrics.md §13.2).
    pub day_precision: u64,
    /// Rows set aside as automatic replies (counted in `skipped` too).
    pub auto_replies: u64,
    /// Rows with empty channel columns whose channel came from the subject.
    pub subject_channel: u64,
    /// Rows with empty channel columns and no known subject prefix: `other`.
    pub subject_other: u64,
    /// What the run should say about this file beyond the counts above
    /// (a repeated header name the mapping does not read); not doubts:
    /// `--strict` does not fail on them.
    pub warnings: Vec<String>,
}

impl FileReport {
    /// The stderr lines about this file's new counts (docs/metrics.md §13):
    /// every line a user should see before trusting a number.
    pub fn notes(&self) -> Vec<String> {
        let mut out = self.warnings.clone();
        if self.day_precision > 0 {
            out.push(format!(
                "{} event(s) have a date but no time (day precision only): same-day events keep their file \
                 order and are never merged as duplicates; intervals within a day are not known",
                self.day_precision
            ));
        }
        if self.auto_replies > 0 {
            out.push(format!(
                "{} automatic reply row(s) (out-of-office and similar) set aside: neither responses nor touches \
                 (listed in --rejects as skipped; --keep-auto-replies reads them as replies)",
                self.auto_replies
            ));
        }
        if self.subject_channel + self.subject_other > 0 {
            out.push(format!(
                "{} row(s) had no channel column value: {} took it from the subject (\"Email:\"), {} stayed 'other'",
                self.subject_channel + self.subject_other,
                self.subject_channel,
                self.subject_other
            ));
        }
        out
    }
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
    /// (docs/metrics.md §8.15). Empty when no outcomes file was given.
    pub outcomes: BTreeMap<String, OutcomeRecord>,
    /// Outcome times after this (the end of the plausible window) do not
    /// move the default as-of instant (an expected close date in the future).
    pub outcomes_until: Option<i64>,
    /// One report per source, in source order.
    pub files: Vec<FileReport>,
    /// The same-touch window of docs/metrics.md §13.5 (µs) and whether such
    /// pairs are merged, as asked in [`IngestOptions`].
    pub same_touch_within: i64,
    pub merge_same_touch: bool,
}

impl EventLog {
    /// Rows set aside as automatic replies, over all files.
    pub fn auto_replies(&self) -> u64 {
        self.files.iter().map(|f| f.auto_replies).sum()
    }
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
    /// Of the skipped rows, automatic replies (docs/metrics.md §13.3).
    pub auto_replies: u64,
    /// Of the duplicates, second copies of one touch logged in two files
    /// and merged by `--merge-same-touch` (docs/metrics.md §13.5).
    pub merged: u64,
    /// Pairs of events that look like one touch logged in two files
    /// (docs/metrics.md §13.5), merged or not: the run warns with this count.
    #[serde(skip)]
    pub same_touch: u64,
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
