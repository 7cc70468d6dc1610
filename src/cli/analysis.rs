//! The flags of every command that computes an analysis (`analyze`,
//! `claims`, `worklist`, `reps`, `explain`, `report`): inputs or facts,
//! the metric parameters and the claims file, validated into an
//! [`AnalysisConfig`]; plus the helpers that list a command's inputs and
//! outputs so that no output overwrites an input.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::input::{input_paths, InputArgs};
use super::params::{shapes_facts, FactsParamArgs};
use crate::config::{AnalysisConfig, AnalysisSource, InputConfig, OutputKind};
use crate::error::{Error, Result};
use crate::facts::FactsParams;
use crate::metrics::policy::Economics;
use crate::metrics::{MetricParams, DEFAULT_CAP, DEFAULT_HORIZON, DEFAULT_MIN_REP_PROSPECTS};

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

    /// What one touch costs (time and tools, in any currency), for the
    /// touch policy: with --conversion-value it gives the net value per
    /// prospect of stopping after k touches and the best k. Example:
    /// `--touch-cost 4 --conversion-value 900`.
    #[arg(long, value_name = "C", requires = "conversion_value", value_parser = positive)]
    pub touch_cost: Option<f64>,

    /// What one conversion is worth, in the currency of --touch-cost.
    #[arg(long, value_name = "V", requires = "touch_cost", value_parser = positive)]
    pub conversion_value: Option<f64>,

    /// A TOML claims file: adds claims to the built-in ones, or replaces
    /// those with the same id (see `touchstone claims --help`).
    #[arg(long, value_name = "FILE.toml")]
    pub claims: Option<PathBuf>,
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

impl From<TableFormat> for crate::report::Format {
    fn from(f: TableFormat) -> Self {
        match f {
            TableFormat::Table => crate::report::Format::Table,
            TableFormat::Csv => crate::report::Format::Csv,
            TableFormat::Json => crate::report::Format::Json,
        }
    }
}

/// Every file an analysis reads: its events or facts files and --claims.
pub(super) fn analysis_inputs(config: &AnalysisConfig, args: &AnalysisArgs) -> Vec<PathBuf> {
    let mut paths = match &config.source {
        AnalysisSource::Events(input) => input_paths(&input.sources, &input.ingest, &args.input),
        AnalysisSource::Facts { facts, aggregates } => facts.iter().chain(aggregates).cloned().collect(),
    };
    paths.extend(args.claims.iter().cloned());
    paths
}

/// The output flags of a command, with `--rejects` when given.
pub(super) fn outputs<'a>(
    rejects: Option<&'a PathBuf>,
    more: &[(&'a str, Option<&'a PathBuf>, OutputKind)],
) -> Vec<(&'a str, &'a std::path::Path, OutputKind)> {
    let mut all: Vec<(&str, &std::path::Path, OutputKind)> = Vec::new();
    if let Some(r) = rejects {
        all.push(("--rejects", r.as_path(), OutputKind::File));
    }
    all.extend(more.iter().filter_map(|(flag, p, kind)| p.map(|p| (*flag, p.as_path(), *kind))));
    all
}

impl AnalysisConfig {
    /// Validate everything an analysis is computed from.
    pub(crate) fn from_args(args: &AnalysisArgs) -> Result<AnalysisConfig> {
        let economics = args
            .touch_cost
            .zip(args.conversion_value)
            .map(|(touch_cost, conversion_value)| Economics { touch_cost, conversion_value });
        let metric =
            MetricParams { cap: args.cap, horizon: args.horizon, min_rep_prospects: args.min_rep_prospects, economics };
        let claims = crate::claims::load(args.claims.as_deref())?;
        let source = if args.facts.is_empty() {
            if !args.aggregates.is_empty() {
                return Err(Error::Usage(
                    "--aggregates goes with --facts: give the facts the same run wrote (`touchstone facts \
                     --aggregates` or the SQL of `touchstone sql`)"
                        .into(),
                ));
            }
            AnalysisSource::Events(InputConfig::from_args(&args.input)?)
        } else {
            if shapes_facts(&args.facts_params) {
                return Err(Error::Usage(
                    "--as-of, --quiet-days, --dark-days and --touch-channels shape the facts: pass them to \
                     `touchstone facts`, not to `analyze --facts`"
                        .into(),
                ));
            }
            AnalysisSource::Facts { facts: args.facts.clone(), aggregates: args.aggregates.clone() }
        };
        let facts = FactsParams::from_args(&args.facts_params)?;
        Ok(AnalysisConfig { source, facts, metric, claims })
    }
}

/// A finite amount above 0 (`--touch-cost`, `--conversion-value`).
fn positive(raw: &str) -> std::result::Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("{raw:?} is not an amount above 0 (write it as a plain number, e.g. 4 or 12.50)")),
    }
}
