//! `--outcomes FILE`: one row per deal or prospect saying who was won or
//! lost and when, joined onto the touch log by prospect id (docs/metrics.md §1,
//! §8.15; the join itself is in the facts stage).
//!
//! Recognised by header (trimmed, case-insensitive):
//! - canonical: `prospect_id`, `won_at`, `closed_at`, `status` (`won`/`lost`/`open`);
//! - Salesforce Opportunity: `ContactId`/`Contact ID`, `IsWon`, `IsClosed`,
//!   `CloseDate`, `StageName` (`Closed Won`/`Closed Lost`);
//! - HubSpot deals (`Associated Contact IDs`, `Deal Stage`, `Close Date`) or
//!   contacts (`Record ID`, `Lifecycle Stage` = customer, `Became a Customer Date`);
//! - Pipedrive deals: `Deal - ID`, `Deal - Status`, `Deal - Won time`, `Deal - Lost time`.
//!
//! Columns are found, dates ordered and stages read by the side-file policy
//! of [`super::sidefile`], shared with the `--summary` reader.
//!
//! A cell with several ids (`101;102`) gives each id the row's outcome.
//! Several rows for one prospect merge: the earliest won time, and a loss if
//! any row is lost (the facts stage lets a win take precedence).

use std::collections::BTreeMap;
use std::path::Path;

use super::dialect::read_table;
use super::mapping::header_key;
use super::sidefile::{date_order, find, first_filled, repeats, stage_of as status_of, truthy};
use super::time::parse_any;
use super::{IngestOptions, OutcomeRecord, Source};
use crate::error::{Error, Result};

/// Prospect-id columns, in priority order. Account ids are not here: a log
/// keyed by contact never matches them; `--outcomes-id AccountId` asks for
/// them explicitly. `Deal - ID` stays: Pipedrive activities are keyed by
/// their deal (see the pipedrive preset), so the deal id is the prospect id.
const ID: [&str; 10] = [
    "prospect_id",
    "ContactId",
    "Contact ID",
    "Primary Contact ID",
    "WhoId",
    "Associated Contact IDs",
    "Deal - ID",
    "lead_id",
    "Record ID",
    // Zoho CRM deals name the contact; the zoho presets key prospects by
    // that name (see data/presets/zoho_calls.toml).
    "Contact Name",
];
/// Columns that mark a deals/opportunities file, whose own record id
/// (`Record ID` in a HubSpot deals export, `Id` of an Opportunity) is the
/// deal's and never the prospect's.
const DEAL_MARKERS: [&str; 6] = ["Deal Stage", "Deal Name", "StageName", "Opportunity Name", "Pipeline", "Amount"];
/// Own-record-id columns of a deals file.
const OWN_ID: [&str; 4] = ["Record ID", "Id", "Opportunity ID", "Deal ID"];
// Close opportunities: `status_type` won/lost/active (Close API, Opportunity
// object); its `date_won` is also filled on active opportunities (an
// expected date), so the status decides, never the date alone.
const STATUS: [&str; 7] =
    ["status", "status_type", "Deal - Status", "StageName", "Stage", "Deal Stage", "Lifecycle Stage"];
// HubSpot contacts exports now write `Date entered "Customer (Lifecycle Stage
// Pipeline)"` where older ones wrote `Became a Customer Date` (see the
// HubSpot notes in docs/crm-exports.md); Zoho deals: `Closing Date`.
const WON_AT: [&str; 9] = [
    "won_at",
    "Deal - Won time",
    "date_won",
    "Became a Customer Date",
    "Date entered \"Customer (Lifecycle Stage Pipeline)\"",
    "CloseDate",
    "Close Date",
    "Closing Date",
    "Deal - Deal closed on",
];
const CLOSED_AT: [&str; 9] = [
    "closed_at",
    "Deal - Lost time",
    "date_lost",
    "Deal - Close time",
    "Deal - Deal closed on",
    "CloseDate",
    "Close Date",
    "Close date",
    "Closing Date",
];

/// Read an outcomes file into records by prospect id.
pub fn read(path: &Path, opts: &IngestOptions) -> Result<BTreeMap<String, OutcomeRecord>> {
    read_source(&Source::Path(path.to_path_buf()), opts)
}

/// Read an outcomes source (a file, standard input, bytes) into records by prospect id.
pub fn read_source(source: &Source, opts: &IngestOptions) -> Result<BTreeMap<String, OutcomeRecord>> {
    let name = source.name();
    let table = read_table(source, &name, None)?;
    let h = &table.headers;
    let deals = find(h, &DEAL_MARKERS).is_some();
    let candidates: Vec<&str> =
        ID.iter().copied().filter(|c| !(deals && OWN_ID.iter().any(|o| header_key(o) == header_key(c)))).collect();
    let id = match &opts.outcomes_id {
        Some(asked) => find(h, &[asked.as_str()]).ok_or_else(|| {
            Error::Usage(format!("--outcomes-id: no column '{asked}' in {name} (its header is [{}])", h.join(", ")))
        })?,
        None => first_filled(&table, &candidates).ok_or_else(|| Error::Input {
            file: name.clone(),
            row: None,
            column: Some("prospect_id".into()),
            message: format!(
                "an outcomes file needs a prospect id column (one of {}){}; the header has [{}]. \
                 Name the column that holds the ids your touch log uses with --outcomes-id COLUMN \
                 (e.g. --outcomes-id AccountId when the log is keyed by account).",
                candidates.join(", "),
                if deals { "; a deals file's own record id is the deal's, not the prospect's" } else { "" },
                h.join(", ")
            ),
        })?,
    };
    let is_won = find(h, &["IsWon", "Is Won", "Won", "Is Closed Won"]);
    // HubSpot deals: "Is closed lost" is true for custom lost stages too
    // ("Dead Deals"), which the stage name alone does not say.
    let is_lost = find(h, &["Is closed lost", "IsLost"]);
    let status = find(h, &STATUS);
    if is_won.is_none() && status.is_none() && find(h, &WON_AT).is_none() {
        return Err(Error::Input {
            file: name,
            row: None,
            column: Some("status".into()),
            message: format!(
                "an outcomes file needs a status ({}, IsWon) or a won date ({}); the header has [{}]",
                STATUS.join(", "),
                WON_AT.join(", "),
                h.join(", ")
            ),
        });
    }
    let is_closed = find(h, &["IsClosed", "Is Closed"]).or(is_lost.clone());
    let won_at = find(h, &WON_AT);
    let closed_at = find(h, &CLOSED_AT);
    // A repeated name that is read is an error; other repeats are read as is
    // (docs/metrics.md §13.4).
    let id_col = Some(id.clone());
    repeats(&table, &[&id_col, &is_won, &is_lost, &status, &is_closed, &won_at, &closed_at], &name, "outcomes")?;
    let col = |c: &Option<String>| -> Result<Option<Vec<Option<String>>>> {
        let Some(c) = c else { return Ok(None) };
        let s = table.df.column(c).map_err(Error::polars(format!("{name}: reading {c}")))?;
        let s = s.str().map_err(Error::polars(format!("{name}: reading {c}")))?;
        Ok(Some(s.iter().map(|v| v.map(|x| x.trim().to_string()).filter(|x| !x.is_empty())).collect()))
    };
    let (ids, won_col, closed_col, stat, isw, isc) = (
        col(&Some(id.clone()))?.unwrap_or_default(),
        col(&won_at)?,
        col(&closed_at)?,
        col(&status)?,
        col(&is_won)?,
        col(&is_closed)?,
    );
    let dates: Vec<&str> =
        [&won_col, &closed_col].iter().filter_map(|c| c.as_ref()).flatten().flatten().map(String::as_str).collect();
    let date_columns: Vec<&str> = [&won_at, &closed_at].iter().filter_map(|c| c.as_deref()).collect();
    let order = date_order(dates.iter().copied(), opts, &name, &date_columns)?;
    let at = |c: &Option<Vec<Option<String>>>, i: usize, which: &str| -> Result<Option<i64>> {
        let Some(v) = c.as_ref().and_then(|c| c[i].as_deref()) else { return Ok(None) };
        parse_any(v, opts.tz, order).map(Some).map_err(|e| Error::Input {
            file: name.clone(),
            row: Some(i as u64 + 1),
            column: Some(which.to_string()),
            message: format!("{} (value {v:?})", e.describe()),
        })
    };
    let mut out: BTreeMap<String, OutcomeRecord> = BTreeMap::new();
    for (i, pid) in ids.iter().enumerate() {
        let Some(pid) = pid else { continue };
        let won = if let Some(w) = isw.as_ref().and_then(|c| c[i].as_deref()) {
            if truthy(w) {
                Some(true)
            } else if isc.as_ref().and_then(|c| c[i].as_deref()).is_some_and(truthy) {
                Some(false)
            } else {
                None
            }
        } else if let Some(s) = stat.as_ref().and_then(|c| c[i].as_deref()) {
            status_of(s)
        } else if won_col.as_ref().is_some_and(|c| c[i].is_some()) && status.is_none() {
            Some(true)
        } else {
            None
        };
        let won_name = won_at.as_deref().unwrap_or("won_at");
        let closed_name = closed_at.as_deref().unwrap_or("closed_at");
        let rec = match won {
            Some(true) => {
                let t = match at(&won_col, i, won_name)? {
                    Some(t) => Some(t),
                    None => at(&closed_col, i, closed_name)?,
                };
                OutcomeRecord { won_at: t, lost: false, closed_at: None }
            }
            Some(false) => OutcomeRecord { won_at: None, lost: true, closed_at: at(&closed_col, i, closed_name)? },
            None => continue,
        };
        for one in pid.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let e = out.entry(one.to_string()).or_default();
            e.won_at = match (e.won_at, rec.won_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if rec.lost {
                e.closed_at =
                    if e.lost { e.closed_at.zip(rec.closed_at).map(|(a, b)| a.min(b)) } else { rec.closed_at };
                e.lost = true;
            }
        }
    }
    Ok(out)
}
