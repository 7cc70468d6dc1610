//! The flags of `touchstone validate` and their validation.

use clap::Args;

use super::input::InputArgs;
use super::params::FactsParamArgs;
use crate::cmd::validate::ValidateRequest;
use crate::config::InputConfig;
use crate::error::Result;
use crate::facts::FactsParams;

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

/// `touchstone validate`.
pub fn request(args: &ValidateArgs) -> Result<ValidateRequest> {
    Ok(ValidateRequest {
        input: InputConfig::from_args(&args.input)?,
        params: FactsParams::from_args(&args.facts_params)?,
        print_mapping: args.print_mapping,
    })
}
