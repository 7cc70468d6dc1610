//! One reader policy for the side files (`--outcomes`, `--summary`): how a
//! column is found, how the day/month order of their dates is settled, and
//! how a deal stage reads (docs/crm-exports.md, "Side files").
//!
//! - Columns: the first candidate present in the header, compared trimmed and
//!   case-insensitively ([`find`]); where an empty column may sit beside a
//!   filled one, the first candidate with a value ([`first_filled`]).
//! - Day/month order: `--date-order` when given, else what the file's own
//!   dates imply (all date columns together). Dates that disagree, or that
//!   are all ambiguous (`03/04/2026`), stop the run with an error naming the
//!   file and the column: the same rule as the touch log's time column, so
//!   one flag (`--date-order dmy|mdy`) settles every input.
//! - Deal stages ([`stage_of`]): matched after folding case and dropping
//!   punctuation and spaces (docs/metrics.md §13.7).

use super::dialect::Table;
use super::mapping::header_key;
use super::time::{column_order, is_ambiguous, DateOrder};
use super::IngestOptions;
use crate::error::{Error, Result};

/// Find the first candidate present in `headers`.
pub(crate) fn find(headers: &[String], cands: &[&str]) -> Option<String> {
    cands.iter().find_map(|c| headers.iter().find(|h| header_key(h) == header_key(c)).cloned())
}

/// The first candidate column present with at least one non-empty cell
/// (a HubSpot contacts export has an empty `Associated Contact IDs` column
/// beside its `Record ID`); else the first present at all.
pub(crate) fn first_filled(table: &Table, cands: &[&str]) -> Option<String> {
    let present: Vec<String> =
        cands.iter().filter_map(|c| table.headers.iter().find(|h| header_key(h) == header_key(c)).cloned()).collect();
    let filled = |h: &String| {
        table
            .df
            .column(h)
            .ok()
            .and_then(|c| c.str().ok().map(|s| s.iter().any(|v| v.is_some_and(|v| !v.trim().is_empty()))))
            .unwrap_or(false)
    };
    present.iter().find(|h| filled(h)).or(present.first()).cloned()
}

/// The day/month order of a side file's dates (`columns` names the date
/// columns, for the message). `Ok(None)`: no date needs one.
pub(crate) fn date_order<'a>(
    dates: impl Iterator<Item = &'a str> + Clone,
    opts: &IngestOptions,
    name: &str,
    columns: &[&str],
) -> Result<Option<DateOrder>> {
    if let Some(o) = opts.date_order {
        return Ok(Some(o));
    }
    let column = Some(columns.join(", ")).filter(|c| !c.is_empty());
    match column_order(dates.clone()) {
        Err((d, m)) => Err(Error::Input {
            file: name.to_string(),
            row: None,
            column,
            message: format!(
                "the dates disagree on day/month order: '{d}' must be day first but '{m}' must be month first; \
                 fix the column or pass --date-order dmy|mdy (rows that do not fit are then rejected)"
            ),
        }),
        Ok(Some(o)) => Ok(Some(o)),
        Ok(None) => match dates.into_iter().find(|v| is_ambiguous(v)) {
            Some(example) => Err(Error::Input {
                file: name.to_string(),
                row: None,
                column,
                message: format!(
                    "dates such as '{example}' could be day/month or month/day and no value in the file decides it; \
                     pass --date-order dmy (day first) or --date-order mdy (month first)"
                ),
            }),
            None => Ok(None),
        },
    }
}

/// `true`/`1`/`yes`/`y`, trimmed and case-insensitive.
pub(crate) fn truthy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "y")
}

/// A stage or status label folded for matching: lower case, letters and
/// digits only ("Closed: won" and "closed-won" both give `closedwon`).
pub(crate) fn fold(v: &str) -> String {
    v.trim().to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// What a deal stage or status cell means (docs/metrics.md §13.7):
/// `Some(true)` won, `Some(false)` lost, `None` open. Matched after
/// [`fold`]. Salesforce's defaults `Closed Won` / `Closed Lost`, HubSpot's
/// default `Closed won` / `Closed lost` and custom labels such as
/// "Closed: won" (a real HubSpot deals export, see docs/crm-exports.md) all
/// fold to `closedwon` / `closedlost`.
pub(crate) fn stage_of(v: &str) -> Option<bool> {
    let k = fold(v);
    match k.as_str() {
        "won" | "closedwon" | "customer" | "evangelist" | "converted" => Some(true),
        "lost" | "closedlost" | "dead" => Some(false),
        // Zoho's default "Closed Lost to Competition", custom "Closed Won - …".
        k if k.starts_with("closedlost") => Some(false),
        k if k.starts_with("closedwon") => Some(true),
        _ => None,
    }
}

/// Header names repeated in a side file (docs/metrics.md §13.4): an error
/// naming both positions when the reader uses the name (`read` lists the
/// columns it uses), else one warning line per name.
pub(crate) fn repeats(table: &Table, read: &[&Option<String>], name: &str, what: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (h, first, again) in &table.dialect.repeated {
        if read.iter().any(|c| c.as_deref().is_some_and(|c| header_key(c) == header_key(h))) {
            return Err(Error::Input {
                file: name.to_string(),
                row: None,
                column: Some(h.clone()),
                message: format!(
                    "the column name appears twice in the header (columns {first} and {again}) and the {what} \
                     reader uses it, so which copy holds the values cannot be known; rename or drop one copy"
                ),
            });
        }
        out.push(format!(
            "the column name '{h}' appears twice in the header (columns {first} and {again}); it is not read, \
             so the file is read as is"
        ));
    }
    Ok(out)
}
