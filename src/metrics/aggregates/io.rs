//! Writing and reading the aggregates long table (`.parquet` or `.csv`):
//! columns `table_name, label, k, x, y, n` (see [`super`] for each table).
//!
//! A read takes any number of files, folders of part files or globs (as
//! [`crate::facts::io::expand_parts`]), reads them as one table and adds up
//! the counts: the part files of one engine run and the outputs of several
//! runs over disjoint prospects (shards) read the same way. The `params`,
//! `touch_channel` and `tz` rows are not summed: every copy must agree.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::{Aggregates, AggregatesCut, GapProfile, ANSWER_BUCKETS};
use crate::error::{Error, Result};
use crate::ingest::dialect::written_frame;
use crate::model::{Channel, ChannelSet};

/// The columns, in file order.
pub const AGGREGATE_COLUMNS: [&str; 6] = ["table_name", "label", "k", "x", "y", "n"];

/// The `rows` labels, in [`crate::ingest::RowCounts`] order.
/// `auto_replies` and `merged` (docs/metrics.md §13) are written only when not
/// 0, and read as 0 when absent (older files, an engine's SQL output).
const ROW_LABELS: [&str; 9] =
    ["rows_read", "rows_used", "duplicates", "rejected", "skipped", "after_as_of", "events", "auto_replies", "merged"];

/// One row of the long table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AggregateRow {
    pub table_name: String,
    pub label: Option<String>,
    pub k: Option<i64>,
    pub x: Option<i64>,
    pub y: Option<i64>,
    pub n: i64,
}

fn row(table: &str, label: Option<&str>, k: Option<i64>, x: Option<i64>, y: Option<i64>, n: u64) -> AggregateRow {
    AggregateRow {
        table_name: table.to_string(),
        label: label.map(str::to_string),
        k,
        x,
        y,
        n: i64::try_from(n).unwrap_or(i64::MAX),
    }
}

fn profile_label(p: &GapProfile) -> String {
    p.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

/// The aggregates as long-table rows, in a fixed order (tables in the
/// order of the module doc, keys ascending).
pub fn to_rows(a: &Aggregates) -> Vec<AggregateRow> {
    let mut out = Vec::new();
    let c = &a.cut;
    for (name, v) in [("as_of_us", c.as_of), ("quiet_days", c.quiet_days.into()), ("dark_days", c.dark_days.into())] {
        out.push(row("params", Some(name), Some(v), None, None, 1));
    }
    for ch in c.touch_channels.channels() {
        out.push(row("touch_channel", Some(ch.as_str()), None, None, None, 1));
    }
    out.push(row("tz", Some(c.tz.name()), None, None, None, 1));
    let r = &a.rows;
    let counts = [
        r.rows_read,
        r.rows_used,
        r.duplicates,
        r.rejected,
        r.skipped,
        r.after_as_of,
        r.events,
        r.auto_replies,
        r.merged,
    ];
    for (label, n) in ROW_LABELS.iter().zip(counts) {
        // The two §13 counts are written only when not 0, so files and
        // engines' SQL output without them stay equal to those with them.
        if n == 0 && matches!(*label, "auto_replies" | "merged") {
            continue;
        }
        out.push(row("rows", Some(label), None, None, None, n));
    }
    for (table, map) in [("unknown_channel", &a.unknown_channels), ("unknown_outcome", &a.unknown_outcomes)] {
        for (spelling, &n) in map {
            out.push(row(table, Some(spelling), None, None, None, n));
        }
    }
    for (&(k, gap), &n) in &a.gaps {
        out.push(row("gap", None, Some(k.into()), Some(gap), None, n));
    }
    for (&(bucket, answered), &n) in &a.answers {
        out.push(row("answer", Some(ANSWER_BUCKETS[bucket]), None, Some(answered.into()), None, n));
    }
    for (&(most, lost), &n) in &a.intensity {
        out.push(row("intensity", None, Some(most.into()), Some(lost.into()), None, n));
    }
    for (p, &n) in &a.gap_profiles {
        out.push(row("gap_profile", Some(&profile_label(p)), None, None, None, n));
    }
    for (&(touches, days, revived), &n) in &a.silences {
        out.push(row("silence", None, Some(touches.into()), Some(days), Some(revived.into()), n));
    }
    for (&(ch, k, converted), &n) in &a.channel_touches {
        out.push(row("channel_touch", Some(ch.as_str()), Some(k.into()), Some(converted.into()), None, n));
    }
    for (&(weekday, hour, answered), &n) in &a.timing {
        out.push(row("timing", None, Some(weekday.into()), Some(hour.into()), Some(answered.into()), n));
    }
    out
}

fn to_dataframe(rows: &[AggregateRow]) -> PolarsResult<DataFrame> {
    let ints = |name: &str, f: &dyn Fn(&AggregateRow) -> Option<i64>| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<_>>())
    };
    DataFrame::new_infer_height(vec![
        Column::new("table_name".into(), rows.iter().map(|r| r.table_name.as_str()).collect::<Vec<_>>()),
        Column::new("label".into(), rows.iter().map(|r| r.label.as_deref()).collect::<Vec<_>>()),
        ints("k", &|r| r.k),
        ints("x", &|r| r.x),
        ints("y", &|r| r.y),
        ints("n", &|r| Some(r.n)),
    ])
}

/// Write the aggregates to `path`: Parquet for `.parquet`, CSV otherwise.
pub fn write(a: &Aggregates, path: &Path) -> Result<()> {
    let ctx = || Error::polars(format!("writing aggregates to {}", path.display()));
    let mut df = to_dataframe(&to_rows(a)).map_err(ctx())?;
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")) {
        ParquetWriter::new(file).finish(&mut df).map_err(ctx())?;
    } else {
        CsvWriter::new(file).include_header(true).finish(&mut df).map_err(ctx())?;
    }
    Ok(())
}

/// Read aggregates files, folders of part files or globs as one table.
pub fn read(paths: &[PathBuf]) -> Result<Aggregates> {
    let mut rows = Vec::new();
    let files = crate::facts::io::expand_parts(paths, "--aggregates")?;
    for path in &files {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let mut part = crate::error::guard_damaged(&name, "aggregates file", || decode(bytes, &name))?;
        rows.append(&mut part);
    }
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    from_rows(rows, &names.join(", "))
}

/// One aggregates file from its bytes (Parquet, CSV or gzipped CSV), as
/// [`read`] reads a single file; a panic inside the Parquet reader on a
/// damaged file becomes an [`Error::Input`] naming it.
pub fn read_bytes(bytes: Vec<u8>, name: &str) -> Result<Aggregates> {
    let rows = crate::error::guard_damaged(name, "aggregates file", || decode(bytes, name))?;
    from_rows(rows, name)
}

/// One file's rows with the file name and row number of each.
type Located = (AggregateRow, String, usize);

fn decode(bytes: Vec<u8>, name: &str) -> Result<Vec<Located>> {
    let df = written_frame(bytes, name, "aggregates", "not an aggregates CSV")?;
    let names = df.get_column_names();
    if let Some(missing) = AGGREGATE_COLUMNS.iter().find(|c| !names.iter().any(|n| n.as_str() == **c)) {
        return Err(Error::Input {
            file: name.to_string(),
            row: None,
            column: Some(missing.to_string()),
            message: "not an aggregates table: the column is missing (aggregates are written by `touchstone facts \
                      --aggregates` or by the SQL of `touchstone sql`)"
                .into(),
        });
    }
    let ctx = |c: &str| Error::polars(format!("{name}: column {c} does not hold what the aggregates table holds"));
    let strings = |c: &str| -> Result<Vec<Option<String>>> {
        let s = df.column(c).map_err(ctx(c))?.cast(&DataType::String).map_err(ctx(c))?;
        Ok(s.str().map_err(ctx(c))?.iter().map(|v| v.map(str::to_string)).collect())
    };
    let ints = |c: &str| -> Result<Vec<Option<i64>>> {
        let s = df.column(c).map_err(ctx(c))?.strict_cast(&DataType::Int64).map_err(ctx(c))?;
        Ok(s.i64().map_err(ctx(c))?.iter().collect())
    };
    let (tables, labels) = (strings("table_name")?, strings("label")?);
    let (k, x, y, n) = (ints("k")?, ints("x")?, ints("y")?, ints("n")?);
    let mut out = Vec::with_capacity(tables.len());
    for i in 0..tables.len() {
        let bad = |column: &str, message: &str| Error::Input {
            file: name.to_string(),
            row: Some(i as u64 + 1),
            column: Some(column.to_string()),
            message: message.to_string(),
        };
        let table_name = tables[i].clone().ok_or_else(|| bad("table_name", "value is missing"))?;
        let n = n[i].filter(|&n| n >= 0).ok_or_else(|| bad("n", "the count is missing or negative"))?;
        let r = AggregateRow { table_name, label: labels[i].clone(), k: k[i], x: x[i], y: y[i], n };
        out.push((r, name.to_string(), i + 1));
    }
    Ok(out)
}

/// Build the aggregates from long-table rows (of one or several files),
/// adding counts and checking that parameter rows agree.
pub(crate) fn from_rows(rows: Vec<Located>, names: &str) -> Result<Aggregates> {
    let mut params: BTreeMap<String, (i64, String)> = BTreeMap::new();
    let mut channels: BTreeSet<Channel> = BTreeSet::new();
    let mut zone: Option<(chrono_tz::Tz, String)> = None;
    let mut counts: Vec<(AggregateRow, String, usize)> = Vec::new();
    for (r, file, line) in rows {
        let bad = |column: &str, message: String| Error::Input {
            file: file.clone(),
            row: Some(line as u64),
            column: Some(column.to_string()),
            message,
        };
        match r.table_name.as_str() {
            "params" => {
                let label = r.label.clone().ok_or_else(|| bad("label", "a params row needs its name".into()))?;
                let v = r.k.ok_or_else(|| bad("k", format!("params {label}: the value is missing")))?;
                match params.get(&label) {
                    Some((old, from)) if *old != v => {
                        return Err(bad(
                            "k",
                            format!(
                                "params {label} is {v} here but {old} in {from}; aggregates of one analysis must be \
                                 built with the same parameters"
                            ),
                        ))
                    }
                    Some(_) => {}
                    None => {
                        params.insert(label, (v, file.clone()));
                    }
                }
            }
            "touch_channel" => {
                let label = r.label.as_deref().unwrap_or("");
                channels
                    .insert(Channel::parse(label).ok_or_else(|| bad("label", format!("unknown channel {label:?}")))?);
            }
            "tz" => {
                let label = r.label.as_deref().unwrap_or("");
                let tz = crate::ingest::time::parse_tz(label)
                    .ok_or_else(|| bad("label", format!("unknown time zone {label:?}")))?;
                match &zone {
                    Some((old, from)) if *old != tz => {
                        return Err(bad(
                            "label",
                            format!(
                                "time zone {} here but {} in {from}; aggregates of one analysis must be built \
                                 with the same --tz",
                                tz.name(),
                                old.name()
                            ),
                        ))
                    }
                    Some(_) => {}
                    None => zone = Some((tz, file.clone())),
                }
            }
            _ => counts.push((r, file, line)),
        }
    }
    let param = |label: &str| -> Result<i64> {
        params.get(label).map(|p| p.0).ok_or_else(|| {
            Error::input(
                names,
                format!(
                    "no params row '{label}': not a whole aggregates table (give every part file the engine \
                     wrote, e.g. the folder)"
                ),
            )
        })
    };
    let days = |label: &str| -> Result<u32> {
        u32::try_from(param(label)?).map_err(|_| Error::input(names, format!("params {label} is out of range")))
    };
    if channels.is_empty() {
        return Err(Error::input(names, "no touch_channel row: not a whole aggregates table"));
    }
    let Some((tz, _)) = zone else {
        return Err(Error::input(
            names,
            "no tz row: not a whole aggregates table, or one written before the timing tables (docs/metrics.md \
             §11.4); build it again with this version",
        ));
    };
    let cut = AggregatesCut {
        as_of: param("as_of_us")?,
        quiet_days: days("quiet_days")?,
        dark_days: days("dark_days")?,
        touch_channels: ChannelSet::from_channels(&channels.into_iter().collect::<Vec<_>>()),
        tz,
    };
    let mut a = Aggregates::empty(cut);
    for (r, file, line) in counts {
        add_row(&mut a, &r).map_err(|message| Error::Input {
            file: file.clone(),
            row: Some(line as u64),
            column: None,
            message: format!("table {}: {message}", r.table_name),
        })?;
    }
    Ok(a)
}

/// Add one counted row to `a`; the error says what is wrong with it.
fn add_row(a: &mut Aggregates, r: &AggregateRow) -> std::result::Result<(), String> {
    let n = r.n as u64;
    let label = || r.label.as_deref().ok_or_else(|| "the label is missing".to_string());
    let int = |v: Option<i64>, what: &str| v.ok_or_else(|| format!("{what} is missing"));
    let small = |v: Option<i64>, what: &str| -> std::result::Result<u32, String> {
        u32::try_from(int(v, what)?).map_err(|_| format!("{what} is out of range"))
    };
    let flag = |v: Option<i64>, what: &str| match v {
        Some(0) => Ok(false),
        Some(1) => Ok(true),
        _ => Err(format!("{what} must be 0 or 1")),
    };
    let channel = |s: &str| Channel::parse(s).ok_or_else(|| format!("unknown channel {s:?}"));
    let add = |m: &mut u64| *m += n;
    match r.table_name.as_str() {
        "rows" => {
            let rc = &mut a.rows;
            let slot = match label()? {
                "rows_read" => &mut rc.rows_read,
                "rows_used" => &mut rc.rows_used,
                "duplicates" => &mut rc.duplicates,
                "rejected" => &mut rc.rejected,
                "skipped" => &mut rc.skipped,
                "after_as_of" => &mut rc.after_as_of,
                "events" => &mut rc.events,
                "auto_replies" => &mut rc.auto_replies,
                "merged" => &mut rc.merged,
                other => return Err(format!("unknown row count {other:?}")),
            };
            add(slot);
        }
        "unknown_channel" => add(a.unknown_channels.entry(label()?.to_string()).or_insert(0)),
        "unknown_outcome" => add(a.unknown_outcomes.entry(label()?.to_string()).or_insert(0)),
        "gap" => add(a.gaps.entry((small(r.k, "k")?, int(r.x, "x (the gap)")?)).or_insert(0)),
        "answer" => {
            let l = label()?;
            let b = ANSWER_BUCKETS.iter().position(|b| *b == l).ok_or_else(|| format!("unknown gap bucket {l:?}"))?;
            add(a.answers.entry((b, flag(r.x, "x (answered)")?)).or_insert(0));
        }
        "intensity" => add(a.intensity.entry((small(r.k, "k")?, flag(r.x, "x (lost)")?)).or_insert(0)),
        "gap_profile" => {
            let parts: Vec<u32> = label()?
                .split(',')
                .map(|v| v.trim().parse::<u32>())
                .collect::<Result<_, _>>()
                .map_err(|_| "the label must be ten whole numbers separated by commas".to_string())?;
            let p: GapProfile = parts.try_into().map_err(|_| "the label must hold ten numbers".to_string())?;
            add(a.gap_profiles.entry(p).or_insert(0));
        }
        "silence" => {
            let key = (small(r.k, "k (touches)")?, int(r.x, "x (days)")?, flag(r.y, "y (revived)")?);
            add(a.silences.entry(key).or_insert(0));
        }
        "channel_touch" => {
            let key = (channel(label()?)?, small(r.k, "k")?, flag(r.x, "x (converted)")?);
            add(a.channel_touches.entry(key).or_insert(0));
        }
        "timing" => {
            let weekday = small(r.k, "k (weekday)")?;
            let hour = small(r.x, "x (hour)")?;
            if !(1..=7).contains(&weekday) || hour > 23 {
                return Err(format!("weekday {weekday} or hour {hour} is out of range (1..7, 0..23)"));
            }
            add(a.timing.entry((weekday, hour, flag(r.y, "y (answered)")?)).or_insert(0));
        }
        other => return Err(format!("unknown table {other:?} (an aggregates table of a newer Touchstone?)")),
    }
    Ok(())
}
