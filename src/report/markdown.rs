//! Markdown: the claims scorecard as a table to paste into a doc.

use super::{cells, Output, Render, Scorecard};
use crate::analysis::Analysis;
use crate::claims::verdict::ClaimResult;
use crate::error::Result;

pub(crate) struct Markdown;

impl Render for Markdown {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn analysis(&self, _: &Analysis) -> Result<Output> {
        Err(super::unsupported("md", "the analysis", "use table, json or csv"))
    }

    fn scorecard(&self, s: &Scorecard) -> Result<Output> {
        Ok(Output::Text(markdown(s.claims)))
    }
}

fn markdown(claims: &[ClaimResult]) -> String {
    let mut out =
        String::from("| claim | quote | source | reading | measured | 95% interval | n | claimed | verdict |\n");
    out += "|---|---|---|---|---|---|---|---|---|\n";
    let esc = |s: &str| s.replace('|', "\\|");
    for c in claims {
        let mut evals = vec![&c.primary];
        if c.readings_disagree() {
            evals.extend(c.alternate.as_ref());
        }
        for e in evals {
            out += &format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                esc(&c.title),
                esc(&c.quote),
                esc(&c.source),
                cells::reading(e),
                cells::measured(e),
                cells::interval(e),
                cells::n(e),
                esc(&cells::claimed(e)),
                e.verdict.as_str()
            );
        }
    }
    out
}
