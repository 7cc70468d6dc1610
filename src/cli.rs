//! What the user typed: the clap command tree and its shared flag groups.
//! Nothing here is validated beyond types; [`crate::config`] builds the
//! checked run configuration, and library code never sees these types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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

    /// Reduce events to one row per prospect (the facts table) and write it.
    ///
    /// Facts are what every metric reads. Build them once from a large
    /// export (or per shard, each holding whole prospects, all with the same
    /// --as-of) and run `touchstone analyze --facts FILE...` on them.
    Facts(FactsArgs),
}

/// Where events come from and how strictly they are read.
#[derive(Debug, Args)]
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

    /// Fail (exit 1) if any row is rejected, instead of skipping it.
    #[arg(long)]
    pub strict: bool,
}

/// Parameters of the prospect facts.
#[derive(Debug, Args)]
pub struct FactsParamArgs {
    /// The as-of instant T: events after it are ignored. A date means the end
    /// of that day (UTC). Default: the latest timestamp in the data.
    #[arg(long, value_name = "WHEN")]
    pub as_of: Option<String>,

    /// Days without a touch (before T) after which an unconverted prospect
    /// counts as abandoned rather than open.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub quiet_days: u32,

    /// Days after its last response at which an engaged, unconverted
    /// prospect counts as dark; also the minimum length of a silence.
    #[arg(long, value_name = "DAYS", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..))]
    pub dark_days: u32,

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

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub facts_params: FactsParamArgs,

    /// Analyse facts files written by `touchstone facts` instead of events.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "files")]
    pub facts: Vec<PathBuf>,

    /// Last row of the touch-number tables; it holds this touch and above.
    #[arg(long, value_name = "K", default_value_t = 15, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub cap: u32,

    /// Touch number up to which left-on-the-table extrapolates.
    #[arg(long, value_name = "K", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub horizon: u32,

    /// Given-up prospects a rep needs to count in the reps share.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_rep_prospects: u32,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Output directory for --format csv.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
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
}
