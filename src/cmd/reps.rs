//! `touchstone reps`: reps compared fairly (docs/metrics.md §9).
//!
//! Only what the table needs is computed: the give-up points by rep and
//! the comparison, not the whole analysis (whose claims alone bootstrap
//! thousands of resamples).

use crate::config::AnalysisConfig;
use crate::error::Result;
use crate::metrics::{give_up, reps};
use crate::pipeline::Run;
use crate::report::{self, Format};

/// A validated `reps` request.
#[derive(Debug, Clone)]
pub struct RepsRequest {
    pub config: AnalysisConfig,
    pub format: Format,
}

pub fn run(req: &RepsRequest) -> Result<()> {
    let loaded = Run::open(&req.config)?.loaded()?;
    let metric = &req.config.metric;
    let give_up = give_up::compute(&loaded.facts.prospects, metric);
    let comparison = reps::compute(&loaded.facts.prospects, metric, &give_up.by_rep);
    let output = report::renderer(req.format).reps(&comparison)?;
    super::analyze::emit(output, None, false)
}
