//! The flags that shape the prospect facts (`--as-of`, `--quiet-days`,
//! `--dark-days`, `--touch-channels`) and their validation into
//! [`FactsParams`]. Every default is the constant of [`crate::facts`] that
//! owns it.

use clap::Args;

use crate::config;
use crate::error::Result;
use crate::facts::{FactsParams, DEFAULT_DARK_DAYS, DEFAULT_QUIET_DAYS};

/// Parameters of the prospect facts.
#[derive(Debug, Clone, Args)]
pub struct FactsParamArgs {
    /// The as-of instant T: events after it are ignored. A date means the end
    /// of that day (UTC). Default: the latest timestamp in the data.
    #[arg(long, value_name = "WHEN")]
    pub as_of: Option<String>,

    // Optional so that `analyze --facts` can refuse it when typed; the help
    // states the library's default, which also fills an unset flag. Its
    // route: `FactsParams::from_args` below -> `AnalysisConfig::facts` ->
    // `pipeline::Run` -> `facts::compute_linked` -> `facts::prospect_facts`,
    // which sets the status `abandoned` (docs/metrics.md §2, §8.6) that
    // `metrics::give_up::point` and the other metrics read.
    #[arg(long, value_name = "DAYS", help = format!(
        "Days without a touch (before T) after which an unconverted prospect counts as abandoned \
         rather than open. Default: {DEFAULT_QUIET_DAYS}."
    ))]
    pub quiet_days: Option<u32>,

    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..), help = format!(
        "Days after its last response at which an engaged, unconverted prospect counts as dark; \
         also the minimum length of a silence. Default: {DEFAULT_DARK_DAYS}."
    ))]
    pub dark_days: Option<u32>,

    /// Channels whose outbound events count as touches, comma-separated
    /// (call,email,voicemail,sms,social,meeting,other). Default: all.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub touch_channels: Vec<String>,
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
pub(super) fn shapes_facts(args: &FactsParamArgs) -> bool {
    args.as_of.is_some() || args.quiet_days.is_some() || args.dark_days.is_some() || !args.touch_channels.is_empty()
}
