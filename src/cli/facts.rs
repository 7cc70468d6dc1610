//! The flags of `touchstone facts` and their validation.

use std::path::PathBuf;

use clap::Args;

use super::analysis::outputs;
use super::input::{input_paths, InputArgs};
use super::params::FactsParamArgs;
use crate::cmd::facts::FactsRequest;
use crate::config::{self, InputConfig, OutputKind};
use crate::error::{Error, Result};
use crate::facts::FactsParams;

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

/// `touchstone facts`.
pub fn request(args: &FactsArgs) -> Result<FactsRequest> {
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
