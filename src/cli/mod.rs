//! What the user typed: the clap command tree and its shared flag groups.
//!
//! This module is the only code that sees clap types. Nothing here is
//! validated beyond types: [`build`] turns these structs into the checked
//! configuration of [`crate::config`] and one plain request per command
//! (ripgrep's low-args to high-args), and [`run`] hands that request to its
//! [`crate::cmd`] module. Every default is a constant of the library that
//! owns it, read here by `default_value_t` or `format!`.

pub mod build;
mod sql;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cmd;
use crate::error::Result;
use crate::facts::{DEFAULT_DARK_DAYS, DEFAULT_QUIET_DAYS};
use crate::metrics::{DEFAULT_CAP, DEFAULT_HORIZON, DEFAULT_MIN_REP_PROSPECTS};
pub use sql::{SqlArgs, SqlDialect};

/// Honest statistics over your sales touch log.
///
/// Touchstone reads a CRM activity export (one row per call, email,
/// voicemail, meeting or reply) and answers, from your own data: at which
/// touch prospects convert, when reps give up, and what that costs.
#[derive(Debug, Parser)]
#[command(name = "touchstone", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Validate what was typed and run the command.
pub fn run(cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::Analyze(args) => cmd::analyze::run(&build::analyze(args)?),
        Command::Facts(args) => cmd::facts::run(&build::facts(args)?),
        Command::Claims(args) => cmd::claims::run(&build::claims(args)?),
        Command::Validate(args) => cmd::validate::run(&build::validate(args)?),
        Command::Generate(args) => cmd::generate::run(&build::generate(args)?),
        Command::Report(args) => cmd::report::run(&build::report(args)?),
        Command::Worklist(args) => cmd::worklist::run(&build::worklist(args)?),
        Command::Reps(args) => cmd::reps::run(&build::reps(args)?),
        Command::Explain(args) => cmd::explain::run(&build::explain(args)?),
        Command::Sql(args) => cmd::sql::run(&build::sql(args)?),
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Conversion by touch number and give-up points, from events or facts.
    ///
    /// Metrics (exact definitions: METRICS.md):
    ///
    /// * reached(k): prospects still being worked at touch k (m >= k, where m is
    ///   the touch they converted at, or their touch count if they did not).
    ///
    /// * hazard(k): of those who reached touch k, the share that converted at
    ///   it, with a 95% Wilson interval. This is the honest per-touch number;
    ///   grouping prospects by their *total* touches instead confuses cause and
    ///   effect, since engaged prospects get more touches.
    ///
    /// * KM by k: Kaplan-Meier chance of having converted by touch k had
    ///   follow-up continued; prospects not converted are censored after their
    ///   last touch. 95% band: Greenwood, log-log.
    ///
    /// * share / cum: where the conversions happened, as a share of all
    ///   conversions after at least one touch.
    ///
    /// * give-up point: touches a prospect received before the rep stopped
    ///   (status abandoned: no touch for --quiet-days; or lost: said no).
    ///
    /// * reps giving up after one follow-up: share of reps (with at least 5
    ///   given-up prospects) whose median give-up point is at most 2 touches.
    ///
    /// * left on the table: expected extra conversions had given-up prospects
    ///   been followed up to --horizon touches, at the observed hazards. An
    ///   upper bound: it assumes reps gave up at random.
    ///
    /// With no FILES, analyses the sample export bundled in the binary.
    #[command(verbatim_doc_comment)]
    Analyze(AnalyzeArgs),

    /// Test the follow-up folklore against your data: a scorecard of claims.
    ///
    /// Each claim (built in: data/claims/seeds.toml; add or replace with
    /// --claims FILE.toml) names a metric, how its number was read (touches or
    /// follow-ups) and a claimed value. The verdict comes from a 95% interval
    /// (Wilson for proportions; a percentile bootstrap of prospects, fixed seed,
    /// 2000 resamples, for medians and differences):
    ///
    /// * supported: the interval lies wholly on the claimed side (for "about
    ///   v": inside [v - tol, v + tol]; tol defaults to 0.05 for shares and
    ///   differences, 1 touch for medians);
    ///
    /// * contradicted: it lies wholly on the other side (for "about": wholly
    ///   outside the band);
    ///
    /// * inconclusive: neither;
    ///
    /// * insufficient data: fewer than 30 observations, or the input lacks
    ///   what the metric needs.
    ///
    /// Claims about touches are also evaluated in the other reading (5
    /// follow-ups = 6 touches); the scorecard shows it when the verdict differs.
    ///
    /// Claims file entries: id, title, quote, source, metric, params, reading
    /// ("touches" | "follow-ups" | "none"), op (">=", "<=", "between",
    /// "about"), value, tol (for "about"). Start from --init. Metrics:
    /// share_conversions_k_at_least {x}, share_conversions_k_between
    /// {lo, hi}, median_r, share_r_between {lo, hi},
    /// share_reps_median_give_up_at_most {x}, share_given_up_at_most {x},
    /// revival_rate {min_days?}, first_channel_rate_difference {a, b},
    /// hazard_at {k}, pooled_hazard_difference {lo, hi, k},
    /// gap_response_rate_difference {a, b} (gap buckets <1d, 1-3d, 3-7d,
    /// 7-14d, 14d+).
    #[command(verbatim_doc_comment)]
    Claims(ClaimsArgs),

    /// Reduce events to one row per prospect (the facts table) and write it.
    ///
    /// Facts are what every metric reads. Build them once from a large
    /// export (or per shard, each holding whole prospects, all with the same
    /// --as-of) and run `touchstone analyze --facts FILE...` on them.
    Facts(FactsArgs),

    /// Check exports before any statistic: preset, dialect, rows read, used
    /// and rejected (with reasons), dates, unknown spellings.
    ///
    /// Exit 1 when nothing usable remains. With --print-mapping, print the
    /// mapping that reads the first file, as TOML to edit and pass back
    /// with --mapping.
    Validate(ValidateArgs),

    /// Write a seeded synthetic touch log with known ground truth.
    ///
    /// For testing and benchmarking: reps with different persistence, gaps of
    /// hours to weeks, a channel mix, responses, prospects going dark and
    /// reviving, bounces, opt-outs, losses and wins, and prospects still open
    /// at the end. The per-touch conversion hazard rises then decays; --truth
    /// writes it (and every other parameter) as JSON, so that `analyze` can
    /// be checked against it. Same seed and flags, same bytes.
    Generate(GenerateArgs),

    /// Write the weekly report: one self-contained HTML page, a PNG per chart,
    /// metrics.json and manifest.json.
    ///
    /// Numbers are as of the end of the ISO week (Sunday 23:59:59.999999 UTC):
    /// --week 2026-W47, by default the last complete week in the data. The
    /// folder is reports/<week>/ (or --out DIR); --weeks N writes the last N
    /// weeks and an index.html listing them. The page makes no network
    /// request, reads on a phone and prints; re-running on the same input
    /// gives the same bytes.
    Report(ReportArgs),

    /// Open prospects worth another touch, ranked by their chance to convert.
    ///
    /// The chance is that of converting within the next --next touches.
    /// For a prospect still open at the as-of instant with n touches:
    /// p = 1 - (1 - hazard(n+1)) x ... x (1 - hazard(n+next)), the hazards of
    /// the conversion-by-touch table (touches past --cap use the cap+ row; a
    /// touch nobody reached counts as 0). The range puts every hazard at its
    /// 95% Wilson bound. Ranked by p, ties by prospect id. The CSV has the
    /// prospect id first: import it back into the CRM as a list or task queue.
    #[command(verbatim_doc_comment)]
    Worklist(WorklistArgs),

    /// Compare reps fairly: log-rank tests, false-discovery control, shrunken rates.
    ///
    /// Shrinkage keeps a rep with three lucky prospects from being ranked first.
    /// A rep owns the prospects whose first touch they made; reps with at
    /// least --min-rep-prospects prospects are compared. Per rep: the
    /// Kaplan-Meier chance of converting by touch --horizon (95% band), the
    /// log-rank test of its conversion-by-touch curve against all other reps
    /// pooled, p-values adjusted by Benjamini-Hochberg across reps, the
    /// empirical-Bayes (beta-binomial, method of moments) shrunken conversion
    /// rate with its 95% interval, and the give-up figures. A rep is flagged
    /// above/below only when its adjusted p-value is below 0.05.
    #[command(verbatim_doc_comment)]
    Reps(RepsArgs),

    /// The prospects behind any number of `analyze`: the definition used,
    /// numerator and denominator, and the prospect ids, to open in the CRM.
    ///
    /// METRIC and KEY: conversion_by_touch K, give_up N, rep REP,
    /// first_response R, time_to_dark, revival, response_by_gap BUCKET,
    /// channel CHANNEL, claim ID, time_to_convert, left_on_table,
    /// rep_comparison REP, worklist, gap_by_touch K, loss_by_intensity M,
    /// hazard_by_channel CHANNEL:K. E.g. `touchstone explain conversion_by_touch 5`.
    Explain(ExplainArgs),

    /// The facts stage as SQL for Spark, DuckDB, BigQuery, Snowflake or Trino.
    ///
    /// For touch logs too large to export: the script reads a table (or view)
    /// touch_events with the canonical columns
    ///
    ///   prospect_id, ts, direction, channel, outcome, rep_id, source, row
    ///
    /// (ts a UTC timestamp, row an integer, the rest strings as the export
    /// wrote them; source and row break ties at one instant, METRICS.md 1;
    /// rename with --table and --column-...), and creates two tables:
    ///
    /// * touchstone_facts: one row per prospect, exactly the columns of
    ///   `touchstone facts`;
    ///
    /// * touchstone_aggregates: one long table of counts (cadence, revival by
    ///   touches and by gap, hazard by channel, row counts) that shards add up.
    ///
    /// Export both (Parquet part files; a folder or a glob is read as it is)
    /// and run
    ///
    ///   touchstone analyze --facts facts/ --aggregates aggregates/
    ///
    /// which prints the same numbers as `touchstone analyze` on the events.
    /// The engine shuffles events by prospect; only the facts (one row per
    /// prospect) and the small aggregates leave it. Values are normalised as
    /// the canonical reader does (trimmed, case-insensitive, in/inbound/
    /// incoming, unknown channels as other). --as-of, --quiet-days,
    /// --dark-days and --touch-channels are written into the SQL; without
    /// --as-of the engine takes the latest valid ts. scripts/spark_facts.py
    /// runs it on Spark; the README shows BigQuery and Snowflake.
    #[command(verbatim_doc_comment)]
    Sql(SqlArgs),
}

/// Output formats of a single table (worklist, reps): to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns for people.
    Table,
    /// One CSV table (prospect or rep id first).
    Csv,
    /// One JSON document.
    Json,
}

#[derive(Debug, Args)]
pub struct WorklistArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Touches to look ahead: the chance to convert within the next N touches.
    #[arg(long, value_name = "N", default_value_t = crate::metrics::worklist::DEFAULT_NEXT,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub next: u32,

    /// Only the prospects this rep is working (rep of their last touch).
    #[arg(long, value_name = "ID")]
    pub rep: Option<String>,

    /// Show at most N prospects (default: all).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Output format (to standard output).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct RepsArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Output format (to standard output).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// The definition, the counts and up to --limit ids.
    Table,
    /// Every id of the denominator: prospect_id,in_numerator.
    Csv,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The table: conversion_by_touch, give_up, rep, first_response,
    /// time_to_dark, revival, response_by_gap, channel, claim,
    /// time_to_convert, left_on_table, rep_comparison, worklist,
    /// gap_by_touch, loss_by_intensity or hazard_by_channel.
    #[arg(value_name = "METRIC")]
    pub metric: String,

    /// The row: a touch number (5, or 15+ for the cap row), a rep id, a gap
    /// bucket, a channel or a claim id.
    #[arg(value_name = "KEY")]
    pub key: Option<String>,

    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Ids listed in the table format (csv lists all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Table)]
    pub format: ExplainFormat,
}

/// Where events come from and how strictly they are read.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Canonical touch-log CSV files or glob patterns ('exports/*.csv').
    /// Header: prospect_id,ts,direction,channel,outcome,rep_id (only
    /// prospect_id and ts are required).
    #[arg(value_name = "FILES")]
    pub files: Vec<String>,

    /// Time zone for timestamps without an offset and for date-only values
    /// (IANA name such as Europe/Paris). Default: UTC.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// Write rejected rows (file, row, column, reason, value) to this CSV.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// Fail (exit 1) if any row is rejected, or if how a file is read is in
    /// doubt: an ambiguous or generic detection, a guessed encoding, or an
    /// unread column that looks like a direction, status, outcome or id.
    #[arg(long)]
    pub strict: bool,

    #[arg(long, value_name = "NAME", conflicts_with = "mapping", help = format!(
        "Read FILES as this export instead of detecting it from the header: {} (docs/crm-exports.md \
         says which export each reads)",
        crate::ingest::mapping::Mapping::preset_names().join(", ")
    ))]
    pub preset: Option<String>,

    /// A TOML mapping of your export's columns and spellings onto the
    /// canonical fields (`touchstone validate --print-mapping` writes one
    /// to start from).
    #[arg(long, value_name = "FILE.toml")]
    pub mapping: Option<PathBuf>,

    /// Day/month order of dates such as 03/04/2026: dmy or mdy. Needed only
    /// when no date in the column decides it.
    #[arg(long, value_name = "ORDER")]
    pub date_order: Option<String>,

    /// A deals/opportunities export (Salesforce Opportunity, HubSpot deals or
    /// contacts, Pipedrive deals, Close opportunities, Zoho deals, or
    /// prospect_id,won_at,closed_at,status) giving won and lost prospects.
    /// How many of its ids match the log is printed; none is an error.
    #[arg(long, value_name = "FILE")]
    pub outcomes: Option<PathBuf>,

    /// The column of the --outcomes file that holds the prospect ids the
    /// touch log uses (default: the first of prospect_id, ContactId, Contact
    /// ID, WhoId, Associated Contact IDs, Deal - ID, lead_id, Record ID). Use
    /// it to join by account (AccountId) when the log is keyed by account.
    #[arg(long, value_name = "COLUMN", requires = "outcomes")]
    pub outcomes_id: Option<String>,

    /// Events dated before this date are rejected as implausible (a mistyped
    /// year). Default: 1990-01-01.
    #[arg(long, value_name = "DATE")]
    pub dates_from: Option<String>,

    /// Events dated after this instant are rejected as implausible: they
    /// have not happened (a planned activity) or carry a mistyped year, and
    /// must not move the as-of instant. Default: now plus one day.
    #[arg(long, value_name = "WHEN")]
    pub dates_to: Option<String>,

    /// The worksheet to read from Excel inputs (.xlsx, .xls); default: the first.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Read one row per prospect (a touch count and a converted flag, e.g.
    /// a HubSpot contacts export or the UCI bank-marketing table) instead
    /// of events. Metrics that need event times are then unavailable.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,

    /// Read automatic replies (out-of-office and similar, by subject prefix
    /// or RFC 3834 headers) as responses, as before; by default they are
    /// set aside: neither responses nor touches (docs/crm-exports.md).
    #[arg(long)]
    pub keep_auto_replies: bool,

    /// Events of one prospect with the same channel and direction from
    /// different files at most this far apart look like one touch logged
    /// twice (a sequencer and the CRM): their count is reported. Seconds, or
    /// a number with s, m or h. Default: 2m.
    #[arg(long, value_name = "DURATION")]
    pub same_touch_within: Option<String>,

    /// Count each such pair (see --same-touch-within) once.
    #[arg(long)]
    pub merge_same_touch: bool,
}

/// Parameters of the prospect facts.
#[derive(Debug, Clone, Args)]
pub struct FactsParamArgs {
    /// The as-of instant T: events after it are ignored. A date means the end
    /// of that day (UTC). Default: the latest timestamp in the data.
    #[arg(long, value_name = "WHEN")]
    pub as_of: Option<String>,

    // Optional so that `analyze --facts` can refuse it when typed; the help
    // states the library's default, which also fills an unset flag.
    #[arg(long, value_name = "DAYS", help = format!(
        "Days without a touch (before T) after which an unconverted prospect counts as abandoned \
         rather than open. Default: {DEFAULT_QUIET_DAYS}."
    ))]
    pub quiet_days: Option<u32>,

    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..), help = format!(
        "Days after its last response at which an engaged, unconverted prospect counts as dark; \
         also the minimum length of a silence. Default: {DEFAULT_DARK_DAYS}."
    ))]
    pub dark_days: Option<u32>,

    /// Channels whose outbound events count as touches, comma-separated
    /// (call,email,voicemail,sms,social,meeting,other). Default: all.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub touch_channels: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables for people.
    Table,
    /// One JSON document (see the README's output section).
    Json,
    /// One CSV file per table, written into --out DIR.
    Csv,
}

/// Everything an analysis is computed from: inputs, parameters, claims.
#[derive(Debug, Clone, Args)]
pub struct AnalysisArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub facts_params: FactsParamArgs,

    /// Analyse facts instead of events: files written by `touchstone facts`,
    /// or an engine's output (a folder of Parquet part files, or a glob such
    /// as 'out/facts/*.parquet').
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "files")]
    pub facts: Vec<PathBuf>,

    /// With --facts: the event-level aggregates of the same run (`touchstone
    /// facts --aggregates`, or the touchstone_aggregates table of `touchstone
    /// sql`; files, folders of part files or globs; shards add up). They give
    /// the tables facts alone cannot: cadence, revival by touches and by gap,
    /// hazard by channel, the gap claim and the row counts.
    #[arg(long, value_name = "FILE", num_args = 1.., requires = "facts")]
    pub aggregates: Vec<PathBuf>,

    /// Last row of the touch-number tables; it holds this touch and above.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_CAP, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub cap: u32,

    /// Touch number up to which left-on-the-table extrapolates.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_HORIZON, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub horizon: u32,

    /// Given-up prospects a rep needs to count in the reps share.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MIN_REP_PROSPECTS)]
    pub min_rep_prospects: u32,

    /// A TOML claims file: adds claims to the built-in ones, or replaces
    /// those with the same id (see `touchstone claims --help`).
    #[arg(long, value_name = "FILE.toml")]
    pub claims: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Output directory for --format csv.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Write into --out DIR even though it holds files Touchstone did not
    /// write (they are left as they are).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub facts_params: FactsParamArgs,

    /// Where to write the facts: .parquet or .csv.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: PathBuf,

    /// Also write the event-level aggregates (.parquet or .csv): the counts
    /// that cadence, revival by touches and by gap, hazard by channel and the
    /// row counts need, which facts alone do not hold. Pass them back with
    /// `analyze --facts F --aggregates A`; shards add up.
    #[arg(long, value_name = "FILE")]
    pub aggregates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub facts_params: FactsParamArgs,

    /// Print the mapping (detected, or from --preset/--mapping) for the
    /// first file as TOML, and stop.
    #[arg(long)]
    pub print_mapping: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClaimsFormat {
    /// A scorecard for people (coloured on a terminal; NO_COLOR turns it off).
    Table,
    /// `{"claims": [...]}`, the same array `analyze --format json` holds.
    Json,
    /// One row per claim and reading.
    Csv,
    /// A Markdown table, for pasting into a doc.
    Md,
}

#[derive(Debug, Args)]
pub struct ClaimsArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ClaimsFormat::Table)]
    pub format: ClaimsFormat,

    /// Explain one claim: the definition used, numerator and denominator,
    /// and up to 20 prospect (or rep) ids behind the number.
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,

    /// Write the built-in claims as a commented TOML file to start your own
    /// claims file from (to FILE, or to stdout without one), and stop.
    /// An existing FILE is never overwritten.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
    pub init: Option<PathBuf>,
}

/// Layout of the generated rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    /// prospect_id,ts,direction,channel,outcome,rep_id
    Canonical,
    /// A HubSpot activity export (Activity date, Activity type, Call outcome, ...).
    Hubspot,
    /// A Salesforce Task report (Subject, Date, Assigned, Contact, WhoId, Type, ...).
    Salesforce,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of prospects to simulate (default 10000 when --events is not given).
    #[arg(long, value_name = "N", conflicts_with = "events", value_parser = clap::value_parser!(u32).range(1..))]
    pub prospects: Option<u32>,

    /// Simulate prospects until at least N events are written.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=2_000_000_000))]
    pub events: Option<u64>,

    /// Number of reps (their persistence styles are mixed 40/40/20 %:
    /// stop after 1-2, 3-6 or 10+ touches).
    #[arg(long, value_name = "R", default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..))]
    pub reps: u16,

    /// First day of the window (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", default_value = "2025-01-01")]
    pub start: String,

    /// Length of the window in days; prospects arrive uniformly over it and
    /// nothing is written after its end.
    #[arg(long, value_name = "D", default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub days: u32,

    /// Random seed: the same seed and flags give byte-identical output.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Row layout.
    #[arg(long, value_enum, default_value_t = GenerateFormat::Canonical)]
    pub format: GenerateFormat,

    /// Output file: .csv, .csv.gz or .parquet.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub out: PathBuf,

    /// Also write the ground truth (true hazard table, every parameter,
    /// realised counts) as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// The ISO week to report, e.g. 2026-W47; numbers are as of its end,
    /// Sunday 23:59:59.999999 UTC. Default: the last complete week that has
    /// events (a week is complete once its Sunday is in the data; when no
    /// complete week has events, the week of the latest event).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,

    /// Render the N weeks ending with --week, one folder each, plus an
    /// index.html listing them.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=260))]
    pub weeks: u32,

    /// Output folder. One week: the report folder itself (default
    /// reports/<week>). With --weeks N: the folder holding the week folders
    /// and the index (default reports).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Weeks shown in the weekly trends chart and table.
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = clap::value_parser!(u32).range(2..=104))]
    pub trend_weeks: u32,

    /// Replace the report folder even though it holds files Touchstone did
    /// not write (they are carried over into the new folder, not deleted).
    #[arg(long)]
    pub force: bool,
}
