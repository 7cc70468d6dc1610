//! `touchstone claims`: the scorecard of claims, or one claim explained.

use std::io::{IsTerminal, Write};

use crate::claims::verdict::{ClaimResult, Evaluation, Verdict};
use crate::claims::Reading;
use crate::cli::{ClaimsArgs, ClaimsFormat};
use crate::error::{Error, Result};
use crate::report::table::grid;

pub fn run(args: &ClaimsArgs) -> Result<()> {
    let analysis = super::analyze::build(&args.analysis)?;
    let claims = &analysis.claims;
    let text = match (&args.explain, args.format) {
        (Some(id), _) => {
            let claim = claims.iter().find(|c| &c.id == id).ok_or_else(|| {
                let ids: Vec<&str> = claims.iter().map(|c| c.id.as_str()).collect();
                Error::Usage(format!("--explain: no claim '{id}' (claims: {})", ids.join(", ")))
            })?;
            explain(claim)
        }
        (None, ClaimsFormat::Json) => {
            let doc = serde_json::json!({ "as_of": analysis.as_of, "claims": claims });
            serde_json::to_string_pretty(&doc).expect("claims serialise") + "\n"
        }
        (None, ClaimsFormat::Csv) => csv_text(claims)?,
        (None, ClaimsFormat::Md) => markdown(claims),
        (None, ClaimsFormat::Table) => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            scorecard(claims, colour)
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| Error::io("<stdout>", e))
}

/// `0.812` as `81.2%` for shares, plain for touch counts and differences.
fn number(v: Option<f64>, metric: &str) -> String {
    match v {
        None => "-".into(),
        Some(x) if metric.starts_with("median_r") => format!("{x:.1}"),
        Some(x) if metric.starts_with("first_channel_rate_difference") => format!("{:+.1} pts", 100.0 * x),
        Some(x) => format!("{:.1}%", 100.0 * x),
    }
}

fn claimed(e: &Evaluation) -> String {
    let show = |v: &serde_json::Value| number(v.as_f64(), &e.metric);
    match &e.claimed {
        serde_json::Value::Array(a) if a.len() == 2 => format!("between {} and {}", show(&a[0]), show(&a[1])),
        v => format!("{} {}", e.op, show(v)),
    }
}

fn interval(e: &Evaluation) -> String {
    match (e.lo, e.hi) {
        (Some(_), Some(_)) => format!("[{}, {}]", number(e.lo, &e.metric), number(e.hi, &e.metric)),
        _ => "-".into(),
    }
}

fn paint(verdict: Verdict, colour: bool) -> String {
    let code = match verdict {
        Verdict::Supported => "32",
        Verdict::Contradicted => "31",
        Verdict::Inconclusive => "33",
        Verdict::InsufficientData => "2",
    };
    if colour {
        format!("\x1b[{code}m{}\x1b[0m", verdict.as_str())
    } else {
        verdict.as_str().to_string()
    }
}

fn rows(c: &ClaimResult, colour: bool) -> Vec<Vec<String>> {
    let line = |e: &Evaluation, id: String| {
        vec![
            id,
            e.reading_label(),
            number(e.value, &e.metric),
            interval(e),
            e.n.to_string(),
            claimed(e),
            paint(e.verdict, colour),
        ]
    };
    let mut out = vec![line(&c.primary, c.id.clone())];
    if let (true, Some(alt)) = (c.readings_disagree(), &c.alternate) {
        out.push(line(alt, "  other reading".into()));
    }
    out
}

impl Evaluation {
    fn reading_label(&self) -> String {
        match self.reading {
            None => "-".into(),
            Some(Reading::Touches) => "touches".into(),
            Some(Reading::FollowUps) => "follow-ups".into(),
        }
    }
}

fn scorecard(claims: &[ClaimResult], colour: bool) -> String {
    let mut out = String::from("Claims scorecard (95% intervals; verdicts as METRICS.md 7)\n");
    let body: Vec<Vec<String>> = claims.iter().flat_map(|c| rows(c, colour)).collect();
    out += &grid(&["claim", "reading", "measured", "95% interval", "n", "claimed", "verdict"], &body);
    out += "\nQuotes and sources:\n";
    for c in claims {
        out += &format!("  {}: \"{}\" ({})\n", c.id, c.quote, c.source);
        if let Some(reason) = &c.primary.reason {
            out += &format!("    insufficient data: {reason}\n");
        }
    }
    out += "Run `touchstone claims --explain ID` for a claim's definition and the prospects behind it.\n";
    out
}

fn markdown(claims: &[ClaimResult]) -> String {
    let mut out = String::from("| claim | quote | source | reading | measured | 95% interval | n | claimed | verdict |\n");
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
                esc(&c.id),
                esc(&c.quote),
                esc(&c.source),
                e.reading_label(),
                number(e.value, &e.metric),
                interval(e),
                e.n,
                esc(&claimed(e)),
                e.verdict.as_str()
            );
        }
    }
    out
}

fn csv_text(claims: &[ClaimResult]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::io("<stdout>", e.into());
    w.write_record(["id", "reading", "metric", "value", "lo", "hi", "x", "n", "op", "claimed", "verdict", "reason", "quote", "source"])
        .map_err(io)?;
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for c in claims {
        for e in std::iter::once(&c.primary).chain(c.alternate.as_ref()) {
            w.write_record([
                c.id.as_str(),
                &e.reading_label(),
                &e.metric,
                &opt(e.value),
                &opt(e.lo),
                &opt(e.hi),
                &e.x.map(|x| x.to_string()).unwrap_or_default(),
                &e.n.to_string(),
                &e.op,
                &e.claimed.to_string(),
                e.verdict.as_str(),
                e.reason.as_deref().unwrap_or(""),
                &c.quote,
                &c.source,
            ])
            .map_err(io)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| Error::io("<stdout>", e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings"))
}

fn explain(c: &ClaimResult) -> String {
    let mut out = format!("{}: \"{}\"\n  source: {}\n", c.id, c.quote, c.source);
    for e in std::iter::once(&c.primary).chain(c.alternate.as_ref()) {
        out += &format!("\n  reading: {} — metric {}\n  definition: {}\n", e.reading_label(), e.metric, e.definition);
        match e.x {
            Some(x) => out += &format!("  numerator {x} / denominator {} = {}\n", e.n, number(e.value, &e.metric)),
            None => out += &format!("  n = {}, measured {}\n", e.n, number(e.value, &e.metric)),
        }
        out += &format!("  95% interval {} ({}", interval(e), e.method);
        if let Some(unit) = &e.resampling_unit {
            out += &format!("; resampling {unit}");
        }
        out += &format!("); claimed {}; verdict: {}\n", claimed(e), e.verdict.as_str());
        if let Some(reason) = &e.reason {
            out += &format!("  why: {reason}\n");
        }
        if !e.ids.is_empty() {
            out += &format!("  behind the number (up to 20): {}\n", e.ids.join(", "));
        }
    }
    out
}
