//! `--summary FILE`: one row per prospect with a touch count and a converted
//! flag, instead of events (issue 4 item 6). Such files have no event times,
//! so the facts are built directly: `n` = the touch count, `K = n` for a
//! converted prospect (converted at its last counted touch), and the others
//! are given up at `n` (status `abandoned`). Times are filled only when the
//! file has dates; metrics that need them then report unavailable.
//!
//! Columns (trimmed, case-insensitive; the first present wins):
//! - id: `prospect_id`, `Record ID`, `Contact ID`, `id`; none: the row number (`row-000001`);
//! - touches: `n_touches`, `touches`, `touch_count`, `Number of times
//!   contacted`, `Number of Sales Activities`, `campaign` (whole numbers,
//!   `4.0` included, as HubSpot writes them);
//! - converted: `converted`, `won`, `y`, `Lifecycle Stage`, `status`
//!   (`yes`/`true`/`1`/`won`/`converted`/`customer` mean converted), or a
//!   non-empty `Became a Customer Date`;
//! - optional dates: `won_at`/`Became a Customer Date`/`Date entered
//!   "Customer (Lifecycle Stage Pipeline)"` (newer HubSpot exports), `first_contact`,
//!   `last_contact`/`Last Contacted`/`Last Activity Date`; rep: `rep_id`/`Contact owner`.
//!
//! UCI bank marketing: the touch count is `campaign` alone (contacts in
//! this campaign, including the last). `previous` counts contacts of
//! earlier campaigns, whose result is `poutcome`, not `y`: adding it would
//! credit this campaign's outcome to touches of another campaign.
//!
//! A HubSpot deals export (`Deal Stage` in the header) is read the same
//! way, one row per deal: touches from `Number of Sales Activities`, else
//! `Number of times contacted`; converted when the stage reads as won
//! (custom labels such as "Closed: won" included, docs/metrics.md §13.7).
//!
//! Reconciliation: `rows read = used + duplicates + rejected`, where a
//! duplicate is a second row for an id already seen (the first is kept) and
//! a reject is a row whose touch count is missing, not a whole number, or
//! above [`MAX_TOUCHES`] (docs/metrics.md §13.6). Columns are found and
//! dates ordered by the side-file policy of [`super::sidefile`]: dates whose
//! day/month order is not settled stop the run, as for `--outcomes`.
//!
//! No allocation is sized by a value read from the file: counts only
//! become numbers in the facts.

use std::collections::HashSet;
use std::path::Path;

use super::dialect::{read_table, Dialect, ROW};
use super::sidefile::{date_order, find, repeats, stage_of};
use super::time::parse_any;
use super::{IngestOptions, Reject, Source};
use crate::error::{Error, Result};
use crate::facts::{Facts, ProspectFacts};
use crate::model::Status;

/// The facts of a summary file and its row accounting.
#[derive(Debug, Clone)]
pub struct SummaryRead {
    pub facts: Facts,
    pub rows_read: u64,
    pub duplicates: u64,
    pub rejects: Vec<Reject>,
    /// The columns used: (id or `-`, touches, converted).
    pub columns: (String, String, String),
    pub dialect: Dialect,
    /// Repeated header names the reader does not use (docs/metrics.md §13.4).
    pub warnings: Vec<String>,
}

const ID: [&str; 5] = ["prospect_id", "Record ID", "Contact ID", "id", "client_id"];
// HubSpot contacts exports carry both `Number of times contacted` and
// `Number of Sales Activities`; the second also counts notes and other
// non-contact activities (it is >= the first in every row of a real export,
// see docs/crm-exports.md), so in a contacts export the first is the touch
// count.
const TOUCHES: [&str; 6] =
    ["n_touches", "touches", "touch_count", "Number of times contacted", "Number of Sales Activities", "campaign"];
// A HubSpot deals export (a `Deal Stage` column): `Number of Sales
// Activities` first, else `Number of times contacted` (docs/metrics.md §13,
// issue 20; the definitions of both properties, with their source, are in
// docs/crm-exports.md under HubSpot, Deals). The summary line names the
// column read.
const DEAL_TOUCHES: [&str; 6] =
    ["n_touches", "touches", "touch_count", "Number of Sales Activities", "Number of times contacted", "campaign"];
/// Columns that mark a deals export read as a summary (one row per deal).
const DEAL_MARKERS: [&str; 2] = ["Deal Stage", "Deal Name"];
// `Deal Stage`: HubSpot deals export [docs/crm-exports.md]; read by
// [`stage_of`], so custom labels such as "Closed: won" count.
const CONVERTED: [&str; 6] = ["converted", "won", "y", "Lifecycle Stage", "Deal Stage", "status"];

/// The most touches one prospect's row may claim (docs/metrics.md §13.6):
/// no sales sequence comes near it, and a damaged or mistyped cell
/// (`+1788000000`) is rejected with that reason instead of being believed.
pub const MAX_TOUCHES: u32 = 10_000;

fn converted_value(v: &str) -> bool {
    matches!(v.trim().to_lowercase().as_str(), "yes" | "y" | "true" | "1") || stage_of(v) == Some(true)
}

/// Read a summary file into facts.
pub fn read(path: &Path, opts: &IngestOptions, quiet_days: u32, dark_days: u32) -> Result<SummaryRead> {
    read_source(&Source::Path(path.to_path_buf()), opts, quiet_days, dark_days)
}

/// Read a summary source (a file, standard input, bytes) into facts.
pub fn read_source(source: &Source, opts: &IngestOptions, quiet_days: u32, dark_days: u32) -> Result<SummaryRead> {
    let name = source.name();
    let table = read_table(source, &name, None)?;
    let h = &table.headers;
    let need = |cands: &[&str], what: &str, field: &str| {
        find(h, cands).ok_or_else(|| Error::Input {
            file: name.clone(),
            row: None,
            column: Some(field.to_string()),
            message: format!(
                "a prospect summary needs {what} (one of {}); the header has [{}]",
                cands.join(", "),
                h.join(", ")
            ),
        })
    };
    let deals = find(h, &DEAL_MARKERS).is_some();
    let touches = need(if deals { &DEAL_TOUCHES } else { &TOUCHES }, "a touch count", "n_touches")?;
    let won_date =
        find(h, &["won_at", "Became a Customer Date", "Date entered \"Customer (Lifecycle Stage Pipeline)\""]);
    let converted = match find(h, &CONVERTED) {
        Some(c) => c,
        None if won_date.is_some() => String::new(),
        None => need(&CONVERTED, "a converted flag", "converted")?,
    };
    let id = find(h, &ID);
    let first = find(h, &["first_contact", "first_touch_ts", "First Contact Date"]);
    let last = find(h, &["last_contact", "last_touch_ts", "Last Contacted", "Last Activity Date"]);
    let rep = find(h, &["rep_id", "Contact owner", "owner"]);
    let converted_col = Some(converted.clone()).filter(|c| !c.is_empty());
    let warnings = repeats(
        &table,
        &[&Some(touches.clone()), &converted_col, &id, &won_date, &first, &last, &rep],
        &name,
        "prospect summary",
    )?;
    let col = |c: &Option<String>| -> Result<Option<Vec<Option<String>>>> {
        let Some(c) = c.as_ref().filter(|c| !c.is_empty()) else { return Ok(None) };
        let ctx = || Error::polars(format!("{name}: reading {c}"));
        let s = table.df.column(c).map_err(ctx())?;
        Ok(Some(
            s.str().map_err(ctx())?.iter().map(|v| v.map(|x| x.trim().to_string()).filter(|x| !x.is_empty())).collect(),
        ))
    };
    let n_col = col(&Some(touches.clone()))?.unwrap_or_default();
    let (conv_col, id_col, won_col, first_col, last_col, rep_col) =
        (col(&Some(converted.clone()))?, col(&id)?, col(&won_date)?, col(&first)?, col(&last)?, col(&rep)?);
    let rows: Vec<u64> = {
        let r = table.df.column(ROW).map_err(Error::polars(format!("{name}: rows")))?;
        let r = r.cast(&polars::prelude::DataType::UInt64).map_err(Error::polars(format!("{name}: rows")))?;
        r.u64().map_err(Error::polars(format!("{name}: rows")))?.iter().map(|x| x.unwrap_or(0)).collect()
    };
    let dates: Vec<&str> = [&won_col, &first_col, &last_col]
        .iter()
        .filter_map(|c| c.as_ref())
        .flatten()
        .flatten()
        .map(String::as_str)
        .collect();
    let date_columns: Vec<&str> = [&won_date, &first, &last].iter().filter_map(|c| c.as_deref()).collect();
    let order = date_order(dates.iter().copied(), opts, &name, &date_columns)?;
    let mut out = SummaryRead {
        facts: Facts { as_of: None, quiet_days, dark_days, prospects: Vec::new() },
        rows_read: 0,
        duplicates: 0,
        rejects: Vec::new(),
        columns: (id.clone().unwrap_or_else(|| "-".into()), touches.clone(), converted.clone()),
        dialect: table.dialect.clone(),
        warnings,
    };
    let mut seen = HashSet::new();
    let mut latest: Option<i64> = None;
    for i in 0..n_col.len() {
        let all_empty = table.headers.iter().all(|c| {
            table
                .df
                .column(c)
                .ok()
                .and_then(|s| s.str().ok().map(|s| s.get(i).is_none_or(|v| v.trim().is_empty())))
                .unwrap_or(true)
        });
        if n_col[i].is_none() && all_empty {
            continue;
        }
        out.rows_read += 1;
        let row = rows[i];
        let reject = |column: &'static str, reason: String, value: &str| Reject {
            source: name.clone(),
            row,
            column,
            reason,
            value: value.to_string(),
        };
        let raw_n = n_col[i].as_deref().unwrap_or("");
        // HubSpot writes counts as numbers with a decimal point ("4.0"):
        // a whole number however written is a count.
        let whole = |v: &str| {
            v.parse::<u32>().ok().or_else(|| {
                let f: f64 = v.parse().ok()?;
                (f.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&f)).then_some(f as u32)
            })
        };
        let Some(n) = whole(raw_n.trim()) else {
            let why = if raw_n.is_empty() {
                "missing touch count".to_string()
            } else {
                format!("touch count in '{touches}' is not a whole number")
            };
            out.rejects.push(reject("n_touches", why, raw_n));
            continue;
        };
        if n > MAX_TOUCHES {
            let why = format!(
                "touch count in '{touches}' is above {MAX_TOUCHES} for one prospect: a damaged or mistyped cell; \
                 fix the row or remove it"
            );
            out.rejects.push(reject("n_touches", why, raw_n));
            continue;
        }
        let pid = match id_col.as_ref() {
            Some(c) => match c[i].clone() {
                Some(p) => p,
                None => {
                    out.rejects.push(reject("prospect_id", "missing prospect id".into(), ""));
                    continue;
                }
            },
            None => format!("row-{row:06}"),
        };
        let mut time =
            |c: &Option<Vec<Option<String>>>, column: &'static str| -> std::result::Result<Option<i64>, Reject> {
                let Some(v) = c.as_ref().and_then(|c| c[i].as_deref()) else { return Ok(None) };
                let t = parse_any(v, opts.tz, order).map_err(|e| reject(column, e.describe().to_string(), v))?;
                latest = Some(latest.map_or(t, |l: i64| l.max(t)));
                Ok(Some(t))
            };
        let (won_ts, first_ts, last_ts) =
            match (time(&won_col, "won_at"), time(&first_col, "first_contact"), time(&last_col, "last_contact")) {
                (Ok(a), Ok(b), Ok(c)) => (a, b, c),
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                    out.rejects.push(e);
                    continue;
                }
            };
        if !seen.insert(pid.clone()) {
            out.duplicates += 1;
            continue;
        }
        let is_conv = conv_col.as_ref().and_then(|c| c[i].as_deref()).is_some_and(converted_value) || won_ts.is_some();
        let k = is_conv.then_some(n);
        // A stage or status that reads as lost ("Closed: lost",
        // docs/metrics.md §13.7) makes a given-up prospect `lost`.
        let is_lost = conv_col.as_ref().and_then(|c| c[i].as_deref()).is_some_and(|v| stage_of(v) == Some(false));
        let status = if is_conv {
            Some(Status::Converted)
        } else if n > 0 && is_lost {
            Some(Status::Lost)
        } else if n > 0 {
            Some(Status::Abandoned)
        } else {
            None
        };
        out.facts.prospects.push(ProspectFacts {
            prospect_id: pid,
            n_events: n,
            n_touches: n,
            first_touch_ts: first_ts,
            last_touch_ts: last_ts,
            won_ts,
            k,
            m: n,
            r: None,
            first_response_ts: None,
            status,
            last_rep: rep_col.as_ref().and_then(|c| c[i].clone()),
            first_channel: None,
            // One owner per row: the summary's rep owns the whole sequence.
            first_rep: rep_col.as_ref().and_then(|c| c[i].clone()),
            last_channel: None,
            meeting_followups: None,
            mixed_from: None,
            dark: Default::default(),
        });
    }
    out.facts.as_of = latest;
    out.facts.prospects.sort_unstable_by(|a, b| a.prospect_id.cmp(&b.prospect_id));
    Ok(out)
}
