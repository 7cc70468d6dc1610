//! `touchstone reps`: reps compared fairly (METRICS.md §9).

use crate::config::AnalysisConfig;
use crate::error::Result;
use crate::report::{self, Format};

/// A validated `reps` request.
#[derive(Debug, Clone)]
pub struct RepsRequest {
    pub config: AnalysisConfig,
    pub format: Format,
}

pub fn run(req: &RepsRequest) -> Result<()> {
    let analysis = super::analyze::build(&req.config)?;
    let output = report::renderer(req.format).reps(&analysis.reps)?;
    super::analyze::emit(output, None, false)
}
