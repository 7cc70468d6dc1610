//! From what the user typed to the validated configuration: the one place
//! that builds [`AnalysisConfig`], [`InputConfig`] and [`FactsParams`] from
//! clap's structs, with every cross-flag check (ripgrep's low-args to
//! high-args). Values are checked by the plain validators of
//! [`crate::config`], so the rules are written once.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::{
    AnalysisArgs, AnalyzeArgs, ClaimsArgs, ClaimsFormat, ExplainArgs, ExplainFormat, FactsArgs, FactsParamArgs, Format,
    GenerateArgs, GenerateFormat, InputArgs, ReportArgs, RepsArgs, SqlArgs, SqlDialect, TableFormat, ValidateArgs,
    WorklistArgs,
};
use crate::cmd::analyze::AnalyzeRequest;
use crate::cmd::claims::ClaimsRequest;
use crate::cmd::explain::ExplainRequest;
use crate::cmd::facts::FactsRequest;
use crate::cmd::generate::GenerateRequest;
use crate::cmd::report::ReportRequest;
use crate::cmd::reps::RepsRequest;
use crate::cmd::sql::SqlRequest;
use crate::cmd::validate::ValidateRequest;
use crate::cmd::worklist::WorklistRequest;
use crate::config::{self, AnalysisConfig, AnalysisSource, InputConfig, OutputKind};
use crate::error::{Error, Result};
use crate::facts::FactsParams;
use crate::generate::{self, Size, Spec};
use crate::ingest::mapping::Mapping;
use crate::ingest::Source;
use crate::metrics::MetricParams;
use crate::time::Week;

impl InputConfig {
    /// Validate the input flags: zone, date order, preset or mapping, the
    /// side files, and the file list (or the bundled sample).
    pub(crate) fn from_args(args: &InputArgs) -> Result<InputConfig> {
        let tz = config::zone(args.tz.as_deref())?;
        let date_order = config::date_order(args.date_order.as_deref())?;
        if let Some(p) = &args.preset {
            if Mapping::preset(p).is_none() {
                return Err(Error::Usage(format!(
                    "--preset: unknown preset '{p}' (one of {})",
                    Mapping::preset_names().join(", ")
                )));
            }
        }
        let mapping = match &args.mapping {
            None => None,
            Some(path) => Some(Mapping::from_file(path).map_err(|e| match e {
                Error::Io { .. } => Error::Usage(format!("--mapping: {e}")),
                other => other,
            })?),
        };
        for (flag, path) in [("--summary", &args.summary), ("--outcomes", &args.outcomes)] {
            if let Some(p) = path {
                if !p.is_file() {
                    return Err(Error::Usage(format!("{flag}: file '{}' does not exist", p.display())));
                }
            }
        }
        if args.summary.is_some() && !args.files.is_empty() {
            return Err(Error::Usage("--summary FILE replaces the event FILES: give one or the other".into()));
        }
        let (sources, sample) = config::sources(&args.files, args.summary.is_some())?;
        let mut ingest = config::ingest_options(tz, date_order);
        ingest.preset = args.preset.clone();
        ingest.mapping = mapping;
        ingest.outcomes = args.outcomes.clone();
        ingest.outcomes_id = args.outcomes_id.clone();
        ingest.sheet = args.sheet.clone();
        ingest.dates_from = config::instant("--dates-from", args.dates_from.as_deref())?;
        ingest.dates_to = config::instant("--dates-to", args.dates_to.as_deref())?;
        if let (Some(a), Some(b)) = (ingest.dates_from, ingest.dates_to) {
            if a > b {
                return Err(Error::Usage("--dates-from is after --dates-to: nothing could be read".into()));
            }
        }
        ingest.summary = args.summary.clone();
        ingest.keep_auto_replies = args.keep_auto_replies;
        ingest.merge_same_touch = args.merge_same_touch;
        if let Some(raw) = &args.same_touch_within {
            ingest.same_touch_within = Some(crate::ingest::sametouch::parse_within(raw).ok_or_else(|| {
                Error::Usage(format!("--same-touch-within: '{raw}' is not a duration such as 120, 90s, 2m or 1h"))
            })?);
        }
        let inputs = input_paths(&sources, &ingest, args);
        if let Some(rejects) = &args.rejects {
            config::check_outputs(&inputs, &[("--rejects", rejects, OutputKind::File)])?;
        }
        Ok(InputConfig {
            sources,
            sample,
            ingest,
            tz_name: tz.map(|z| z.name().to_string()),
            rejects: args.rejects.clone(),
            strict: args.strict,
        })
    }
}

/// Every file an input configuration reads: the event files, --outcomes,
/// --summary and --mapping (outputs must not be any of them).
fn input_paths(sources: &[Source], ingest: &crate::ingest::IngestOptions, args: &InputArgs) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Path(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    paths.extend(ingest.outcomes.iter().chain(&ingest.summary).chain(&args.mapping).cloned());
    paths
}

/// Every file an analysis reads: its events or facts files and --claims.
fn analysis_inputs(config: &AnalysisConfig, args: &AnalysisArgs) -> Vec<PathBuf> {
    let mut paths = match &config.source {
        AnalysisSource::Events(input) => input_paths(&input.sources, &input.ingest, &args.input),
        AnalysisSource::Facts { facts, aggregates } => facts.iter().chain(aggregates).cloned().collect(),
    };
    paths.extend(args.claims.iter().cloned());
    paths
}

/// The output flags of a command, with `--rejects` when given.
fn outputs<'a>(
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

impl FactsParams {
    /// Validate the facts flags; unset flags take the defaults.
    pub(crate) fn from_args(args: &FactsParamArgs) -> Result<FactsParams> {
        let defaults = FactsParams::default();
        Ok(FactsParams {
            as_of: config::as_of(args.as_of.as_deref())?,
            quiet_days: args.quiet_days.unwrap_or(defaults.quiet_days),
            touch_channels: config::touch_channels(&args.touch_channels)?,
            dark_days: args.dark_days.unwrap_or(defaults.dark_days),
        })
    }
}

/// True when any flag that shapes the facts was typed.
fn shapes_facts(args: &FactsParamArgs) -> bool {
    args.as_of.is_some() || args.quiet_days.is_some() || args.dark_days.is_some() || !args.touch_channels.is_empty()
}

impl AnalysisConfig {
    /// Validate everything an analysis is computed from.
    pub(crate) fn from_args(args: &AnalysisArgs) -> Result<AnalysisConfig> {
        let metric = MetricParams { cap: args.cap, horizon: args.horizon, min_rep_prospects: args.min_rep_prospects };
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

    /// The configuration of `touchstone report`: events only, and the
    /// as-of instant comes from the week, not `--as-of`.
    pub(crate) fn for_report(args: &ReportArgs) -> Result<AnalysisConfig> {
        let a = &args.analysis;
        if !a.facts.is_empty() {
            return Err(Error::Usage(
                "report rebuilds the facts at the end of each week: give the event FILES, not --facts".into(),
            ));
        }
        if a.input.summary.is_some() {
            return Err(Error::Usage("report needs event dates: give the event FILES, not --summary".into()));
        }
        if a.facts_params.as_of.is_some() {
            return Err(Error::Usage(
                "report sets the as-of instant to the end of the week: use --week, not --as-of".into(),
            ));
        }
        AnalysisConfig::from_args(a)
    }
}

impl From<Format> for crate::report::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Table => crate::report::Format::Table,
            Format::Json => crate::report::Format::Json,
            Format::Csv => crate::report::Format::Csv,
        }
    }
}

impl From<ClaimsFormat> for crate::report::Format {
    fn from(f: ClaimsFormat) -> Self {
        match f {
            ClaimsFormat::Table => crate::report::Format::Table,
            ClaimsFormat::Json => crate::report::Format::Json,
            ClaimsFormat::Csv => crate::report::Format::Csv,
            ClaimsFormat::Md => crate::report::Format::Markdown,
        }
    }
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

/// `touchstone worklist`.
pub fn worklist(args: &WorklistArgs) -> Result<WorklistRequest> {
    if args.top == Some(0) {
        return Err(Error::Usage("--top: give at least 1 (or leave it out for every open prospect)".into()));
    }
    Ok(WorklistRequest {
        config: AnalysisConfig::from_args(&args.analysis)?,
        next: args.next,
        rep: args.rep.clone(),
        top: args.top,
        format: args.format.into(),
    })
}

/// `touchstone reps`.
pub fn reps(args: &RepsArgs) -> Result<RepsRequest> {
    Ok(RepsRequest { config: AnalysisConfig::from_args(&args.analysis)?, format: args.format.into() })
}

/// `touchstone analyze`.
pub fn analyze(args: &AnalyzeArgs) -> Result<AnalyzeRequest> {
    if args.format == Format::Csv && args.out.is_none() {
        return Err(Error::Usage("--format csv writes one file per table: give the folder with --out DIR".into()));
    }
    let config = AnalysisConfig::from_args(&args.analysis)?;
    let out = if args.format == Format::Csv { args.out.as_ref() } else { None };
    config::check_outputs(
        &analysis_inputs(&config, &args.analysis),
        &outputs(args.analysis.input.rejects.as_ref(), &[("--out", out, OutputKind::Folder)]),
    )?;
    Ok(AnalyzeRequest { config, format: args.format.into(), out: args.out.clone(), force: args.force })
}

/// `touchstone claims`.
pub fn claims(args: &ClaimsArgs) -> Result<ClaimsRequest> {
    Ok(ClaimsRequest {
        config: AnalysisConfig::from_args(&args.analysis)?,
        format: args.format.into(),
        explain: args.explain.clone(),
        init: args.init.clone(),
    })
}

/// `touchstone explain`.
pub fn explain(args: &ExplainArgs) -> Result<ExplainRequest> {
    // A metric without a key takes its first FILE into the KEY slot: give it back.
    let mut analysis = args.analysis.clone();
    let mut key = args.key.clone();
    if matches!(args.metric.as_str(), "time_to_dark" | "revival" | "time_to_convert" | "left_on_table" | "worklist") {
        if let Some(file) = key.take() {
            analysis.input.files.insert(0, file);
        }
    }
    Ok(ExplainRequest {
        config: AnalysisConfig::from_args(&analysis)?,
        metric: args.metric.clone(),
        key,
        limit: args.limit,
        csv: args.format == ExplainFormat::Csv,
    })
}

/// `touchstone facts`.
pub fn facts(args: &FactsArgs) -> Result<FactsRequest> {
    let input = InputConfig::from_args(&args.input)?;
    if args.aggregates.is_some() && input.ingest.summary.is_some() {
        return Err(Error::Usage(
            "--aggregates counts every event: it needs event FILES, not --summary (which has no events)".into(),
        ));
    }
    config::check_outputs(
        &input_paths(&input.sources, &input.ingest, &args.input),
        &outputs(
            args.input.rejects.as_ref(),
            &[
                ("--out", Some(&args.out), OutputKind::File),
                ("--aggregates", args.aggregates.as_ref(), OutputKind::File),
            ],
        ),
    )?;
    Ok(FactsRequest {
        input,
        params: FactsParams::from_args(&args.facts_params)?,
        out: args.out.clone(),
        aggregates: args.aggregates.clone(),
    })
}

/// `touchstone validate`.
pub fn validate(args: &ValidateArgs) -> Result<ValidateRequest> {
    Ok(ValidateRequest {
        input: InputConfig::from_args(&args.input)?,
        params: FactsParams::from_args(&args.facts_params)?,
        print_mapping: args.print_mapping,
    })
}

/// `touchstone report`.
pub fn report(args: &ReportArgs) -> Result<ReportRequest> {
    let config = AnalysisConfig::for_report(args)?;
    let week = args.week.as_deref().map(Week::parse).transpose().map_err(|e| Error::Usage(format!("--week: {e}")))?;
    let root = PathBuf::from("reports");
    let out = args.out.as_ref().or((args.weeks > 1).then_some(&root));
    config::check_outputs(
        &analysis_inputs(&config, &args.analysis),
        &outputs(args.analysis.input.rejects.as_ref(), &[("--out", out, OutputKind::Folder)]),
    )?;
    Ok(ReportRequest {
        config,
        week,
        weeks: args.weeks,
        trend_weeks: args.trend_weeks,
        out: args.out.clone(),
        force: args.force,
    })
}

/// `touchstone generate`: the simulation [`Spec`] and the output file.
pub fn generate(args: &GenerateArgs) -> Result<GenerateRequest> {
    let start = NaiveDate::parse_from_str(args.start.trim(), "%Y-%m-%d")
        .map_err(|_| Error::Usage(format!("--start: expected a date such as 2025-01-01, got '{}'", args.start)))?;
    let size = match (args.prospects, args.events) {
        (_, Some(n)) => Size::Events(n),
        (Some(n), None) => Size::Prospects(n),
        (None, None) => Size::Prospects(10_000),
    };
    let mut spec = Spec::new(size);
    spec.reps = args.reps;
    spec.start_day = start.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days();
    spec.days = args.days;
    spec.seed = args.seed;
    if generate::Container::from_path(&args.out).is_none() {
        return Err(Error::Usage(format!(
            "--out {}: the name must end in .csv, .csv.gz or .parquet",
            args.out.display()
        )));
    }
    let format = match args.format {
        GenerateFormat::Canonical => generate::Format::Canonical,
        GenerateFormat::Hubspot => generate::Format::Hubspot,
        GenerateFormat::Salesforce => generate::Format::Salesforce,
    };
    Ok(GenerateRequest { spec, format, out: args.out.clone(), truth: args.truth.clone() })
}

/// `touchstone sql`.
pub fn sql(args: &SqlArgs) -> Result<SqlRequest> {
    let dialect = match args.dialect {
        SqlDialect::Spark => crate::sql::Dialect::Spark,
        SqlDialect::Duckdb => crate::sql::Dialect::Duckdb,
        SqlDialect::Bigquery => crate::sql::Dialect::Bigquery,
        SqlDialect::Snowflake => crate::sql::Dialect::Snowflake,
        SqlDialect::Trino => crate::sql::Dialect::Trino,
    };
    let dates_from = config::instant("--dates-from", args.dates_from.as_deref())?;
    let dates_to = config::instant("--dates-to", args.dates_to.as_deref())?;
    let dates_from = dates_from.unwrap_or(crate::ingest::DEFAULT_DATES_FROM);
    if dates_to.is_some_and(|to| to < dates_from) {
        return Err(Error::Usage("--dates-from is after --dates-to: nothing could be read".into()));
    }
    let params = crate::sql::SqlRequestParams {
        dialect,
        facts: FactsParams::from_args(&args.facts_params)?,
        table: args.table.clone(),
        columns: [
            args.column_prospect_id.clone(),
            args.column_ts.clone(),
            args.column_direction.clone(),
            args.column_channel.clone(),
            args.column_outcome.clone(),
            args.column_rep_id.clone(),
            args.column_source.clone(),
            args.column_row.clone(),
        ],
        into: args.into.clone(),
        dates_from,
        dates_to,
    };
    // Check the names here, with the flag named, rather than print half a script.
    crate::sql::script(&params)?;
    Ok(SqlRequest { params, out: args.out.clone() })
}
