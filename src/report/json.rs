//! JSON: the analysis document as `touchstone analyze --format json`
//! prints it (the serde struct is the schema), and the scorecard as
//! `touchstone claims --format json`.

use super::{Output, Render, Scorecard};
use crate::analysis::Analysis;
use crate::error::Result;
use crate::metrics::reps::RepComparison;
use crate::metrics::worklist::Worklist;

pub(crate) struct Json;

/// The analysis as pretty JSON with a final newline.
pub fn document(a: &Analysis) -> String {
    serde_json::to_string_pretty(a).expect("analysis serialises") + "\n"
}

impl Render for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn worklist(&self, w: &Worklist) -> Result<Output> {
        Ok(Output::Text(serde_json::to_string_pretty(w).expect("worklist serialises") + "\n"))
    }

    fn reps(&self, r: &RepComparison) -> Result<Output> {
        Ok(Output::Text(serde_json::to_string_pretty(r).expect("reps serialise") + "\n"))
    }

    fn analysis(&self, a: &Analysis) -> Result<Output> {
        Ok(Output::Text(document(a)))
    }

    fn scorecard(&self, s: &Scorecard) -> Result<Output> {
        let doc = serde_json::json!({ "as_of": s.as_of, "claims": s.claims });
        Ok(Output::Text(serde_json::to_string_pretty(&doc).expect("claims serialise") + "\n"))
    }
}
