//! From what the user typed to the validated configuration: the one place
//! that builds [`AnalysisConfig`], [`InputConfig`] and [`FactsParams`] from
//! clap's structs, with every cross-flag check (ripgrep's low-args to
//! high-args). Values are checked by the plain validators of
//! [`crate::config`], so the rules are written once.

use crate::cli::{AnalysisArgs, FactsParamArgs, InputArgs, ReportArgs};
use crate::config::{self, AnalysisConfig, AnalysisSource, InputConfig};
use crate::error::{Error, Result};
use crate::facts::FactsParams;
use crate::ingest::mapping::Mapping;
use crate::metrics::MetricParams;

impl InputConfig {
    /// Validate the input flags: zone, date order, preset or mapping, the
    /// side files, and the file list (or the bundled sample).
    pub fn from_args(args: &InputArgs) -> Result<InputConfig> {
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
        ingest.summary = args.summary.clone();
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

impl FactsParams {
    /// Validate the facts flags; unset flags take the defaults.
    pub fn from_args(args: &FactsParamArgs) -> Result<FactsParams> {
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
    pub fn from_args(args: &AnalysisArgs) -> Result<AnalysisConfig> {
        let metric = MetricParams { cap: args.cap, horizon: args.horizon, min_rep_prospects: args.min_rep_prospects };
        let claims = crate::claims::load(args.claims.as_deref())?;
        let source = if args.facts.is_empty() {
            AnalysisSource::Events(InputConfig::from_args(&args.input)?)
        } else {
            if shapes_facts(&args.facts_params) {
                return Err(Error::Usage(
                    "--as-of, --quiet-days, --dark-days and --touch-channels shape the facts: pass them to \
                     `touchstone facts`, not to `analyze --facts`"
                        .into(),
                ));
            }
            AnalysisSource::Facts(args.facts.clone())
        };
        let facts = FactsParams::from_args(&args.facts_params)?;
        Ok(AnalysisConfig { source, facts, metric, claims })
    }

    /// The configuration of `touchstone report`: events only, and the
    /// as-of instant comes from the week, not `--as-of`.
    pub fn for_report(args: &ReportArgs) -> Result<AnalysisConfig> {
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

impl From<crate::cli::Format> for crate::report::Format {
    fn from(f: crate::cli::Format) -> Self {
        use crate::cli::Format as F;
        match f {
            F::Table => crate::report::Format::Table,
            F::Json => crate::report::Format::Json,
            F::Csv => crate::report::Format::Csv,
        }
    }
}
