//! `touchstone analyze`: every metric, as tables, JSON or CSV.

use std::io::Write;

use crate::cli::{AnalysisArgs, AnalyzeArgs, Format};
use crate::config;
use crate::error::{Error, Result};
use crate::facts::io as facts_io;
use crate::facts::FactsParams;
use crate::metrics::{MetricParams, Timed};
use crate::pipeline;
use crate::report::{self, csv_out, table, Analysis, IngestSummary, Params};

/// Load the input (events, summary or facts) and compute the whole analysis.
/// Shared by `analyze` and `claims`.
pub fn build(args: &AnalysisArgs) -> Result<Analysis> {
    let metric = MetricParams { cap: args.cap, horizon: args.horizon, min_rep_prospects: args.min_rep_prospects };
    let claims = crate::claims::load(args.claims.as_deref())?;
    let fp = config::facts_params(&args.facts_params)?;
    let (loaded, tz_name) = if args.facts.is_empty() {
        let input = config::input(&args.input)?;
        if input.sample {
            eprintln!(
                "No input given: analysing the bundled sample export {} (pass FILES to analyse your own).",
                crate::ingest::sources::SAMPLE_NAME
            );
        }
        (pipeline::load_events(&input, &fp)?, input.tz_name)
    } else {
        let defaults = FactsParams::default();
        if fp.as_of.is_some()
            || fp.quiet_days != defaults.quiet_days
            || fp.dark_days != defaults.dark_days
            || !args.facts_params.touch_channels.is_empty()
        {
            return Err(Error::Usage(
                "--as-of, --quiet-days, --dark-days and --touch-channels shape the facts: pass them to \
                 `touchstone facts`, not to `analyze --facts`"
                    .into(),
            ));
        }
        let facts = facts_io::read(&args.facts)?;
        let inputs = args.facts.iter().map(|p| p.display().to_string()).collect();
        (pipeline::Loaded { facts, ingest: IngestSummary::default(), inputs, timeline: None }, None)
    };
    // Echo the parameters the facts were actually built with.
    let fp = FactsParams { quiet_days: loaded.facts.quiet_days, dark_days: loaded.facts.dark_days, ..fp };
    let params = Params::new(&fp, &metric, tz_name.as_deref());
    let timed = loaded.timeline.as_ref().map(|timeline| Timed { timeline, touch_channels: fp.touch_channels });
    Ok(report::analyze(&loaded.facts, timed.as_ref(), &loaded.ingest, loaded.inputs, params, &metric, &claims))
}

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    if args.format == Format::Csv && args.out.is_none() {
        return Err(Error::Usage("--format csv writes one file per table: give the folder with --out DIR".into()));
    }
    let analysis = build(&args.analysis)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Table => out.write_all(table::render(&analysis).as_bytes()),
        Format::Json => {
            let text = serde_json::to_string_pretty(&analysis).expect("analysis serialises");
            writeln!(out, "{text}")
        }
        Format::Csv => {
            let dir = args.out.as_ref().expect("checked above");
            let files = csv_out::write(&analysis, dir)?;
            eprintln!("Wrote {} to {}", files.join(", "), dir.display());
            Ok(())
        }
    };
    written.map_err(|e| Error::io("<stdout>", e))
}
