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

    /// Test the follow-up folklore against your data: a scorecard of claims.
    ///
    /// Each claim (built in: data/claims/seeds.toml; add or replace with
    /// --claims FILE.toml) names a metric, how its number was read (touches or
    /// follow-ups) and a claimed value. The verdict comes from a 95% interval
    /// (Wilson for proportions; a percentile bootstrap of prospects, fixed seed,
    /// 2000 resamples, for medians and differences):
    ///
    /// * supported: the interval lies wholly on the claimed side (for "about":
    ///   it contains the claimed value);
    ///
    /// * contradicted: it lies wholly on the other side;
    ///
    /// * inconclusive: neither;
    ///
    /// * insufficient data: fewer than 30 observations, or the input lacks
    ///   what the metric needs.
    ///
    /// Claims about touches are also evaluated in the other reading (5
    /// follow-ups = 6 touches); the scorecard shows it when the verdict differs.
    ///
    /// Claims file entries: id, quote, source, metric, params, reading
    /// ("touches" | "follow-ups"), op (">=", "<=", "between", "about"), value.
    /// Metrics: share_conversions_k_at_least {x}, share_conversions_k_between
    /// {lo, hi}, median_r, share_r_between {lo, hi},
    /// share_reps_median_give_up_at_most {x}, share_given_up_at_most {x},
    /// revival_rate {min_days?}, first_channel_rate_difference {a, b},
    /// hazard_at {k}.
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
    Generate(crate::cmd::generate::GenerateArgs),

    /// Write the weekly report: one self-contained HTML page, a PNG per chart,
    /// metrics.json and manifest.json.
    ///
    /// Numbers are as of the end of the ISO week (Sunday 23:59:59.999999 UTC):
    /// --week 2026-W47, by default the last complete week in the data. The
    /// folder is reports/<week>/ (or --out DIR); --weeks N writes the last N
    /// weeks and an index.html listing them. The page makes no network
    /// request, reads on a phone and prints; re-running on the same input
    /// gives the same bytes.
    Report(crate::cmd::report::ReportArgs),
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

    /// Read FILES as this CRM's export instead of detecting it from the
    /// header: canonical, hubspot, salesforce, pipedrive, close, generic.
    #[arg(long, value_name = "NAME", conflicts_with = "mapping")]
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
    /// contacts, Pipedrive deals, or prospect_id,won_at,closed_at,status)
    /// giving won and lost prospects.
    #[arg(long, value_name = "FILE")]
    pub outcomes: Option<PathBuf>,

    /// Read one row per prospect (a touch count and a converted flag, e.g.
    /// a HubSpot contacts export or the UCI bank-marketing table) instead
    /// of events. Metrics that need event times are then unavailable.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
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

/// Everything an analysis is computed from: inputs, parameters, claims.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
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
}
