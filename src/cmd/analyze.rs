//! `touchstone analyze`: every metric, as tables, JSON or CSV.

use std::io::Write;

use crate::cli::{AnalyzeArgs, Format};
use crate::config;
use crate::error::{Error, Result};
use crate::facts::io as facts_io;
use crate::metrics::MetricParams;
use crate::pipeline;
use crate::report::{self, csv_out, table, IngestSummary, Params};

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    if args.format == Format::Csv && args.out.is_none() {
        return Err(Error::Usage("--format csv writes one file per table: give the folder with --out DIR".into()));
    }
    let metric = MetricParams { cap: args.cap, horizon: args.horizon, min_rep_prospects: args.min_rep_prospects };
    let fp = config::facts_params(&args.facts_params)?;
    let (loaded, tz_name) = if args.facts.is_empty() {
        let input = config::input(&args.input)?;
        if input.sample {
            eprintln!("No input given: analysing the bundled sample export {} (pass FILES to analyse your own).", crate::ingest::sources::SAMPLE_NAME);
        }
        (pipeline::load_events(&input, &fp)?, input.tz_name)
    } else {
        if fp.as_of.is_some() || args.facts_params.quiet_days != 30 || !args.facts_params.touch_channels.is_empty() {
            return Err(Error::Usage(
                "--as-of, --quiet-days and --touch-channels shape the facts: pass them to `touchstone facts`, not to `analyze --facts`".into(),
            ));
        }
        let facts = facts_io::read(&args.facts)?;
        let inputs = args.facts.iter().map(|p| p.display().to_string()).collect();
        (pipeline::Loaded { facts, ingest: IngestSummary::default(), inputs, timeline: None }, None)
    };
    let params = Params::new(fp.quiet_days, &metric, fp.touch_channels, tz_name.as_deref());
    let analysis = report::analyze(&loaded.facts, &loaded.ingest, loaded.inputs, params, &metric);
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
