//! `touchstone explain METRIC [KEY]`: the definition, numerator and
//! denominator of one number of `analyze`, and the prospect ids behind it.

use crate::config::AnalysisConfig;
use crate::error::{Error, Result};
use crate::numbers::pct1;
use crate::pipeline::{self, Run};

/// A validated `explain` request.
#[derive(Debug, Clone)]
pub struct ExplainRequest {
    pub config: AnalysisConfig,
    pub metric: String,
    pub key: Option<String>,
    /// Ids listed by the table format.
    pub limit: usize,
    /// Every id as CSV instead of the table.
    pub csv: bool,
}

pub fn run(req: &ExplainRequest) -> Result<()> {
    let loaded = Run::open(&req.config)?.loaded()?;
    let e = pipeline::explain(&loaded, &req.config, &req.metric, req.key.as_deref()).map_err(Error::Usage)?;
    let mut out = String::new();
    if req.csv {
        out += "prospect_id,in_numerator\n";
        for (id, hit) in &e.ids {
            let id =
                if id.contains([',', '"', '\n']) { format!("\"{}\"", id.replace('"', "\"\"")) } else { id.clone() };
            out += &format!("{id},{hit}\n");
        }
    } else {
        let key = e.key.as_deref().map(|k| format!(" {k}")).unwrap_or_default();
        out += &format!("{}{key}: {}\n", e.metric, e.definition);
        let value = e.value.map(pct1).unwrap_or_else(|| "-".into());
        out += &format!(
            "  numerator ({}) {} / denominator ({}) {} = {value}\n",
            e.numerator_label, e.numerator, e.denominator_label, e.denominator
        );
        let hits: Vec<&str> = e.ids.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
        let misses: Vec<&str> = e.ids.iter().filter(|r| !r.1).map(|r| r.0.as_str()).collect();
        let show = |v: &[&str]| {
            let more = v.len().saturating_sub(req.limit);
            let mut s = v.iter().take(req.limit).copied().collect::<Vec<_>>().join(", ");
            if more > 0 {
                s += &format!(" … and {more} more");
            }
            if s.is_empty() {
                s = "(none)".into();
            }
            s
        };
        out += &format!("  in the numerator ({}): {}\n", hits.len(), show(&hits));
        if !misses.is_empty() {
            out += &format!("  in the denominator only ({}): {}\n", misses.len(), show(&misses));
        }
        if let Some(note) = &e.ids_note {
            out += &format!("  note: {note}\n");
        }
        out += "All ids: add --format csv.\n";
    }
    super::print(&out)
}
