//! `--format csv --out DIR`: one CSV file per table, for spreadsheets.

use std::path::Path;

use serde::Serialize;

use super::Analysis;
use crate::error::{Error, Result};

fn write_rows<T: Serialize>(dir: &Path, name: &str, rows: &[T]) -> Result<()> {
    let path = dir.join(name);
    let mut w = csv::Writer::from_path(&path).map_err(|e| Error::io(&path, e.into()))?;
    for row in rows {
        w.serialize(row).map_err(|e| Error::io(&path, e.into()))?;
    }
    w.flush().map_err(|e| Error::io(&path, e))
}

#[derive(Serialize)]
struct KeyValue {
    metric: String,
    value: String,
}

fn kv(metric: &str, value: impl ToString) -> KeyValue {
    KeyValue { metric: metric.to_string(), value: value.to_string() }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Write `summary.csv`, `conversion_by_touch.csv`, `give_up_distribution.csv`
/// and `give_up_by_rep.csv` into `dir` (created if needed). Returns the file names.
pub fn write(a: &Analysis, dir: &Path) -> Result<Vec<&'static str>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let c = &a.counts;
    let g = &a.give_up;
    let summary = vec![
        kv("as_of", opt(a.as_of.as_deref())),
        kv("rows_read", opt(c.rows_read)),
        kv("rows_used", opt(c.rows_used)),
        kv("duplicates", opt(c.duplicates)),
        kv("rejected", opt(c.rejected)),
        kv("after_as_of", opt(c.after_as_of)),
        kv("events", opt(c.events)),
        kv("prospects", c.prospects),
        kv("touches", c.touches),
        kv("conversions", c.conversions),
        kv("conversions_without_touch", c.conversions_without_touch),
        kv("status_converted", c.status.converted),
        kv("status_lost", c.status.lost),
        kv("status_abandoned", c.status.abandoned),
        kv("status_open", c.status.open),
        kv("given_up", g.given_up),
        kv("reps_after_one_followup_share", opt(g.reps_after_one_followup.share)),
        kv("reps_after_one_followup_reps", g.reps_after_one_followup.reps),
        kv("left_on_table_expected_conversions_upper_bound", g.left_on_table.expected_conversions),
        kv("left_on_table_prospects", g.left_on_table.prospects),
        kv("left_on_table_horizon", g.left_on_table.horizon),
        kv("quiet_days", a.params.quiet_days),
        kv("cap", a.params.cap),
        kv("horizon", a.params.horizon),
    ];
    write_rows(dir, "summary.csv", &summary)?;
    write_rows(dir, "conversion_by_touch.csv", &a.conversion_by_touch)?;
    write_rows(dir, "give_up_distribution.csv", &g.distribution)?;
    write_rows(dir, "give_up_by_rep.csv", &g.by_rep)?;
    Ok(vec!["summary.csv", "conversion_by_touch.csv", "give_up_distribution.csv", "give_up_by_rep.csv"])
}
