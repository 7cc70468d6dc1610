//! `touchstone facts`: reduce events to one row per prospect and write it.

use std::path::PathBuf;

use crate::config::InputConfig;
use crate::error::Result;
use crate::facts::io as facts_io;
use crate::facts::FactsParams;
use crate::pipeline::{self, Run};
use crate::time::format_ts;

/// A validated `facts` request.
#[derive(Debug, Clone)]
pub struct FactsRequest {
    pub input: InputConfig,
    pub params: FactsParams,
    pub out: PathBuf,
    /// Also write the event-level aggregates here (`--aggregates`).
    pub aggregates: Option<PathBuf>,
}

pub fn run(req: &FactsRequest) -> Result<()> {
    let (input, params) = (&req.input, &req.params);
    if input.sample {
        eprintln!("No input given: using the bundled sample export {}.", crate::ingest::sources::SAMPLE_NAME);
    }
    let loaded = Run::open_events(input, params)?.loaded()?;
    facts_io::write(&loaded.facts, &req.out)?;
    if let Some(path) = &req.aggregates {
        let agg = pipeline::event_aggregates(&loaded, params.touch_channels, input.ingest.tz.unwrap_or(chrono_tz::UTC))
            .ok_or_else(|| crate::error::Error::Usage("--aggregates needs event input, not --summary".into()))?;
        crate::metrics::aggregates::io::write(&agg, path)?;
        eprintln!("Wrote the event-level aggregates to {}.", path.display());
    }
    let rows = loaded.ingest.rows.unwrap_or_default();
    eprintln!(
        "Wrote facts of {} prospects (as of {}) to {}; rows: {} read = {} used + {} duplicates + {} rejected.",
        loaded.facts.prospects.len(),
        loaded.facts.as_of.map_or_else(|| "undated".into(), format_ts),
        req.out.display(),
        rows.rows_read,
        rows.rows_used,
        rows.duplicates,
        rows.rejected
    );
    Ok(())
}
