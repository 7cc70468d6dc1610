//! Header detection: the canonical header first, then the most specific
//! preset whose groups all match; an error with the closest preset and a
//! mapping to start from when none does.

use super::{Mapping, FIELDS, PRESETS};
use crate::error::{Error, Result};

/// What header detection decided, for the notes, `validate` and `--strict`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detection {
    /// Other presets whose detection also matched, less specific than the one chosen.
    pub also_matched: Vec<String>,
    /// True when another preset matched exactly as specifically: the choice
    /// between them is a guess (`--strict` refuses it).
    pub ambiguous: bool,
}

/// How specific a full match is: priority, detection groups, then fields resolved.
fn specificity(m: &Mapping, headers: &[String]) -> (i32, usize, usize) {
    let fields = (0..FIELDS.len()).filter(|&i| m.resolve_field(headers, i)).count();
    (m.priority, m.detect.len(), fields)
}

/// Pick the mapping for a header: the canonical header first; else, of the
/// presets whose detection groups all match, the most specific (most
/// detection groups, then most fields found); `generic` only when no CRM
/// preset matches.
pub(crate) fn detect(headers: &[String], file: &str) -> Result<(Mapping, Detection)> {
    let canonical = Mapping::preset("canonical").expect("canonical");
    if canonical.score(headers).2.is_empty() && canonical.resolve(headers).is_some() {
        return Ok((canonical, Detection::default()));
    }
    let presets: Vec<Mapping> = PRESETS.iter().map(|(n, _)| Mapping::preset(n).expect("preset")).collect();
    let mut matches: Vec<(&Mapping, (i32, usize, usize))> = presets
        .iter()
        .filter(|m| m.name != "generic" && m.score(headers).2.is_empty() && m.resolve(headers).is_some())
        .map(|m| (m, specificity(m, headers)))
        .collect();
    // Stable: equal specificity keeps preset order.
    matches.sort_by_key(|m| std::cmp::Reverse(m.1));
    if let Some(&(chosen, spec)) = matches.first() {
        let detection = Detection {
            also_matched: matches[1..].iter().map(|(m, _)| m.name.clone()).collect(),
            ambiguous: matches.get(1).is_some_and(|(_, s)| *s == spec),
        };
        return Ok((chosen.clone(), detection));
    }
    let all: Vec<&Mapping> = std::iter::once(&canonical).chain(&presets).collect();
    let mut best: Option<(f64, &Mapping, Vec<String>)> = None;
    for m in all {
        let (ok, total, missing) = m.score(headers);
        if missing.is_empty() && m.resolve(headers).is_some() {
            return Ok((m.clone(), Detection::default()));
        }
        let frac = ok as f64 / total.max(1) as f64;
        if best.as_ref().is_none_or(|(b, _, _)| frac > *b) {
            best = Some((frac, m, missing));
        }
    }
    let (_, closest, missing) = best.expect("at least one preset");
    let first_missing =
        closest.score(headers).2.first().map(|s| s.split(" or ").next().unwrap_or("").trim_matches('\'').to_string());
    Err(Error::Input {
        file: file.to_string(),
        row: None,
        column: first_missing,
        message: format!(
            "no preset matches this header, so the columns cannot be read.\n  headers found: [{}]\n  \
             closest preset: {} (missing {})\n  \
             Either pass --preset NAME ({}) if the file is one of those exports, or write a mapping file and pass \
             --mapping FILE.toml, for example:\n\n{}\n  \
             (`touchstone validate --preset generic --print-mapping FILE` prints a full starting point.)",
            headers.join(", "),
            closest.name,
            missing.join(", "),
            Mapping::preset_names().join(", "),
            MAPPING_EXAMPLE
        ),
    })
}

/// Shown when no preset matches.
pub(crate) const MAPPING_EXAMPLE: &str = r#"    [columns]
    prospect_id = "Contact ID"          # the contact/lead/deal, never the owner
    ts = "Activity Date"                # when it happened
    channel = "Type"                    # optional; also direction, outcome, rep_id
    outcome = "Result"
    [values.channel]
    "Phone Call" = "call"
    [values.outcome]
    "Left Voicemail" = "voicemail"
    [time]
    date_order = "mdy"                  # for 03/04/2026; tz = "Europe/Paris" for naive times"#;
