//! `touchstone worklist`: the open prospects worth another touch, ranked.

use crate::config::AnalysisConfig;
use crate::error::Result;
use crate::metrics::worklist;
use crate::pipeline::Run;
use crate::report::{self, Format};

/// A validated `worklist` request.
#[derive(Debug, Clone)]
pub struct WorklistRequest {
    pub config: AnalysisConfig,
    /// Touches looked ahead (`--next`).
    pub next: u32,
    /// Only this rep's prospects (`--rep`).
    pub rep: Option<String>,
    /// At most this many rows (`--top`).
    pub top: Option<usize>,
    pub format: Format,
}

pub fn run(req: &WorklistRequest) -> Result<()> {
    let loaded = Run::open(&req.config)?.loaded()?;
    let mut list = worklist::compute(&loaded.facts, &req.config.metric, req.next);
    if let Some(rep) = &req.rep {
        list.rows.retain(|r| r.rep_id.as_deref() == Some(rep.as_str()));
    }
    if let Some(top) = req.top {
        list.rows.truncate(top);
    }
    let output = report::renderer(req.format).worklist(&list)?;
    super::analyze::emit(output, None, false)
}
