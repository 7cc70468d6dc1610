//! Every row accounted for: the rejects file and the `--strict` rule.
//!
//! [`super::Run::open`] and `touchstone validate` (which reads each file on
//! its own, to explain an unreadable one and go on) both end here, so what
//! `--strict` refuses is decided by [`enforce_strict`] alone.

use std::path::Path;

use crate::error::{Error, Result};
use crate::ingest::{EventLog, Reject};

/// A row of the rejects file: a rejected row, or one skipped as not a contact.
#[derive(Debug, Clone)]
pub(crate) struct RejectRow {
    pub reject: Reject,
    pub skipped: bool,
}

/// The rejects and skipped rows of a log, in (source, row) order.
pub(crate) fn reject_rows(log: &EventLog) -> Vec<RejectRow> {
    let rejected = log.rejects.iter().map(|r| RejectRow { reject: r.clone(), skipped: false });
    let skipped = log.skipped.iter().map(|r| RejectRow { reject: r.clone(), skipped: true });
    let mut all: Vec<RejectRow> = rejected.chain(skipped).collect();
    all.sort_by_key(|r| (log.sources.iter().position(|s| *s == r.reject.source), r.reject.row));
    all
}

/// Write the rejects CSV (header only when nothing was rejected); `kind` is
/// `rejected` (bad data) or `skipped` (not a contact: planned, note, task).
pub(crate) fn write_rejects(path: &Path, rows: &[RejectRow]) -> Result<()> {
    let io = |e: csv::Error| Error::io(path, e.into());
    let mut w = csv::Writer::from_path(path).map_err(|e| match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Usage(format!("--rejects {}: cannot write the file: {e}", path.display())),
        other => Error::Usage(format!("--rejects {}: {other:?}", path.display())),
    })?;
    w.write_record(["source", "row", "column", "reason", "value", "kind"]).map_err(io)?;
    for RejectRow { reject: r, skipped } in rows {
        let kind = if *skipped { "skipped" } else { "rejected" };
        w.write_record([r.source.as_str(), &r.row.to_string(), r.column, &r.reason, &r.value, kind]).map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

/// `--strict`: fail on the first rejected row (pass no skipped row: those
/// are not errors), else on the first reading in doubt, given as (file, doubt).
pub(crate) fn enforce_strict<'a>(
    rejected: impl IntoIterator<Item = &'a Reject>,
    doubts: impl IntoIterator<Item = (String, String)>,
) -> Result<()> {
    let mut rejected = rejected.into_iter();
    if let Some(first) = rejected.next() {
        return Err(Error::Strict { count: 1 + rejected.count() as u64, first: first.to_string() });
    }
    if let Some((file, doubt)) = doubts.into_iter().next() {
        return Err(Error::StrictDoubt { file, doubt });
    }
    Ok(())
}
