//! `touchstone generate`: write a seeded synthetic touch log (and its
//! ground truth). The simulation and its documented truth live in
//! [`crate::generate`]; this file only maps flags onto a [`Spec`].

use std::path::PathBuf;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::generate::{self, Format, Spec};

/// A validated `generate` request.
#[derive(Debug, Clone)]
pub struct GenerateRequest {
    pub spec: Spec,
    pub format: Format,
    /// Ends in `.csv`, `.csv.gz` or `.parquet` (checked when built).
    pub out: PathBuf,
    pub truth: Option<PathBuf>,
}

pub fn run(req: &GenerateRequest) -> Result<()> {
    let (spec, format) = (&req.spec, req.format);
    let started = Instant::now();
    let generated = generate::generate(spec);
    let simulated = started.elapsed();
    generate::write_file(&generated.events, format, &req.out)?;
    if let Some(path) = &req.truth {
        let truth = generate::truth(spec, &generated);
        let text = serde_json::to_string_pretty(&truth).expect("truth serialises");
        std::fs::write(path, text + "\n").map_err(|e| Error::io(path, e))?;
    }
    eprintln!(
        "Wrote {} events of {} prospects to {} in {:.1} s (simulate and sort {:.1} s).",
        generated.events.len(),
        generated.prospects,
        req.out.display(),
        started.elapsed().as_secs_f64(),
        simulated.as_secs_f64()
    );
    Ok(())
}
