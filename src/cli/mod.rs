//! What the user typed: the clap command tree and its flag groups.
//!
//! This module is the only code that sees clap types. Each command's flags
//! live in one file beside this one, with the function (`request`) that
//! validates them into the checked configuration of [`crate::config`] and
//! one plain request for its [`crate::cmd`] module (ripgrep's low-args to
//! high-args): one flag means one file to edit. The flag groups several
//! commands share live in [`input`] (where events come from), [`params`]
//! (what shapes the facts) and [`analysis`] (what an analysis computes
//! from). Every default is a constant of the library that owns it, read
//! here by `default_value_t` or `format!`.

pub mod analysis;
pub mod analyze;
pub mod claims;
pub mod explain;
pub mod facts;
pub mod generate;
pub mod input;
pub mod params;
pub mod report;
pub mod reps;
pub mod sql;
pub mod validate;
pub mod worklist;

use clap::{Parser, Subcommand};

pub use analysis::{AnalysisArgs, TableFormat};
pub use analyze::{AnalyzeArgs, Format};
pub use claims::{ClaimsArgs, ClaimsFormat};
pub use explain::{ExplainArgs, ExplainFormat};
pub use facts::FactsArgs;
pub use generate::{GenerateArgs, GenerateFormat};
pub use input::InputArgs;
pub use params::FactsParamArgs;
pub use report::ReportArgs;
pub use reps::RepsArgs;
pub use sql::{SqlArgs, SqlDialect};
pub use validate::ValidateArgs;
pub use worklist::WorklistArgs;

use crate::cmd;
use crate::error::Result;

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
        Command::Analyze(args) => cmd::analyze::run(&analyze::request(args)?),
        Command::Facts(args) => cmd::facts::run(&facts::request(args)?),
        Command::Claims(args) => cmd::claims::run(&claims::request(args)?),
        Command::Validate(args) => cmd::validate::run(&validate::request(args)?),
        Command::Generate(args) => cmd::generate::run(&generate::request(args)?),
        Command::Report(args) => cmd::report::run(&report::request(args)?),
        Command::Worklist(args) => cmd::worklist::run(&worklist::request(args)?),
        Command::Reps(args) => cmd::reps::run(&reps::request(args)?),
        Command::Explain(args) => cmd::explain::run(&explain::request(args)?),
        Command::Sql(args) => cmd::sql::run(&sql::request(args)?),
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Conversion by touch number and give-up points, from events or facts.
    ///
    /// Metrics (exact definitions: docs/metrics.md):
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

    // The summary and the list of metrics come from the registry
    // (`crate::metrics::EXPLAINABLE`), not from a copy here.
    #[command(about = explain::ABOUT, long_about = explain::long_about())]
    Explain(ExplainArgs),

    /// The facts stage as SQL for Spark, DuckDB, BigQuery, Snowflake or Trino.
    ///
    /// For touch logs too large to export: the script reads a table (or view)
    /// touch_events with the canonical columns
    ///
    ///   prospect_id, ts, direction, channel, outcome, rep_id, source, row
    ///
    /// (ts a UTC timestamp, row an integer, the rest strings as the export
    /// wrote them; source and row break ties at one instant, docs/metrics.md 1;
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
