//! `touchstone claims`: the scorecard of claims, or one claim explained.

use std::io::IsTerminal;

use crate::claims::verdict::ClaimResult;
use crate::config::AnalysisConfig;
use crate::error::{Error, Result};
use crate::report::{self, Format, Scorecard};

/// A validated `claims` request.
#[derive(Debug, Clone)]
pub struct ClaimsRequest {
    pub config: AnalysisConfig,
    pub format: Format,
    /// Explain this claim instead of printing the scorecard.
    pub explain: Option<String>,
    /// Write the built-in claims file here (`-`: stdout) and stop.
    pub init: Option<std::path::PathBuf>,
}

pub fn run(req: &ClaimsRequest) -> Result<()> {
    if let Some(path) = &req.init {
        let text = crate::claims::init_text();
        if path.as_os_str() == "-" {
            return super::print(&text);
        }
        if path.exists() {
            return Err(Error::Usage(format!(
                "--init {}: the file exists; choose another name or remove it first",
                path.display()
            )));
        }
        std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
        eprintln!(
            "Wrote the built-in claims to {}; edit it and pass it back with --claims {}",
            path.display(),
            path.display()
        );
        return Ok(());
    }
    let analysis = super::analyze::build(&req.config)?;
    if let Some(id) = &req.explain {
        let claim = analysis.claims.iter().find(|c| &c.id == id).ok_or_else(|| {
            let ids: Vec<&str> = analysis.claims.iter().map(|c| c.id.as_str()).collect();
            Error::Usage(format!("--explain: no claim '{id}' (claims: {})", ids.join(", ")))
        })?;
        return super::print(&explain(claim));
    }
    let format = req.format;
    let colour = format == Format::Table && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let output = report::renderer(format).scorecard(&Scorecard::of(&analysis, colour))?;
    super::analyze::emit(output, None, false)
}

fn explain(c: &ClaimResult) -> String {
    let mut out = format!("{}: \"{}\"\n  source: {}\n", c.id, c.quote, c.source);
    for e in std::iter::once(&c.primary).chain(c.alternate.as_ref()) {
        out += &format!(
            "\n  reading: {} — metric {}\n  definition: {}\n",
            report::cells::reading(e),
            e.metric,
            e.definition
        );
        match e.x {
            Some(x) => out += &format!("  numerator {x} / denominator {} = {}\n", e.n, report::cells::measured(e)),
            None => out += &format!("  n = {}, measured {}\n", e.n, report::cells::measured(e)),
        }
        out += &format!("  95% interval {} ({}", report::cells::interval(e), e.method);
        if let Some(unit) = &e.resampling_unit {
            out += &format!("; resampling {unit}");
        }
        out += &format!("); claimed {}; verdict: {}\n", report::cells::claimed(e), e.verdict.as_str());
        if let Some(reason) = &e.reason {
            out += &format!("  why: {reason}\n");
        }
        if !e.ids.is_empty() {
            out += &format!("  behind the number (up to 20): {}\n", e.ids.join(", "));
        }
    }
    out
}
