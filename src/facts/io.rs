//! Writing and reading the facts table (`.parquet` or `.csv`).
//!
//! Column names follow docs/metrics.md (`K`, `m`, `R`). In Parquet, times are
//! `Datetime(us, UTC)`; in CSV they are RFC 3339 strings in UTC. Each row
//! also carries the `as_of` instant the facts were cut at, so a facts file
//! is self-describing and shards cut at different instants are refused.

use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use super::{DarkFacts, Facts, ProspectFacts};
use crate::error::{Error, Result};
use crate::ingest::dialect::written_frame;
use crate::ingest::time::parse_ts;
use crate::model::{Channel, Status};
use crate::time::format_ts;

/// The facts columns, in file order.
pub(crate) const FACTS_COLUMNS: [&str; 28] = [
    "prospect_id",
    "n_events",
    "n_touches",
    "first_touch_ts",
    "last_touch_ts",
    "won_ts",
    "K",
    "m",
    "R",
    "first_response_ts",
    "status",
    "last_rep",
    "first_channel",
    "first_rep",
    "last_channel",
    "meeting_followups",
    "mixed_from",
    "engaged",
    "start_ts",
    "dark_at",
    "touches_after_dark",
    "silences",
    "silences_touched",
    "silences_touched_revived",
    "silences_revived",
    "as_of",
    "quiet_days",
    "dark_days",
];

/// Columns added after the first release, absent from older facts files.
const OPTIONAL_COLUMNS: [&str; 4] = ["first_rep", "last_channel", "meeting_followups", "mixed_from"];

fn is_parquet(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// Build the facts frame; `ts_as_text` writes times as RFC 3339 strings.
pub(crate) fn to_dataframe(facts: &Facts, ts_as_text: bool) -> PolarsResult<DataFrame> {
    let p = &facts.prospects;
    let ts = |name: &str, f: &dyn Fn(&ProspectFacts) -> Option<i64>| -> PolarsResult<Column> {
        let values: Vec<Option<i64>> = p.iter().map(f).collect();
        if ts_as_text {
            let text: Vec<Option<String>> = values.iter().map(|v| v.map(format_ts)).collect();
            Ok(Column::new(name.into(), text))
        } else {
            let ca = Int64Chunked::new(name.into(), values);
            Ok(ca.into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)).into_column())
        }
    };
    let u32s = |name: &str, f: &dyn Fn(&ProspectFacts) -> Option<u32>| {
        Column::new(name.into(), p.iter().map(f).collect::<Vec<_>>())
    };
    // Strings are copied straight into the column (no String per cell).
    let strs = |name: &str, f: &dyn for<'x> Fn(&'x ProspectFacts) -> Option<&'x str>| {
        StringChunked::from_iter_options(name.into(), p.iter().map(f)).into_column()
    };
    DataFrame::new_infer_height(vec![
        strs("prospect_id", &|x| Some(x.prospect_id.as_str())),
        u32s("n_events", &|x| Some(x.n_events)),
        u32s("n_touches", &|x| Some(x.n_touches)),
        ts("first_touch_ts", &|x| x.first_touch_ts)?,
        ts("last_touch_ts", &|x| x.last_touch_ts)?,
        ts("won_ts", &|x| x.won_ts)?,
        u32s("K", &|x| x.k),
        u32s("m", &|x| Some(x.m)),
        u32s("R", &|x| x.r),
        ts("first_response_ts", &|x| x.first_response_ts)?,
        strs("status", &|x| x.status.map(|s| s.as_str())),
        strs("last_rep", &|x| x.last_rep.as_deref()),
        strs("first_channel", &|x| x.first_channel.map(|c| c.as_str())),
        strs("first_rep", &|x| x.first_rep.as_deref()),
        strs("last_channel", &|x| x.last_channel.map(|c| c.as_str())),
        u32s("meeting_followups", &|x| x.meeting_followups),
        u32s("mixed_from", &|x| x.mixed_from),
        Column::new("engaged".into(), p.iter().map(|x| x.dark.engaged).collect::<Vec<_>>()),
        ts("start_ts", &|x| x.dark.start_ts)?,
        ts("dark_at", &|x| x.dark.dark_at)?,
        u32s("touches_after_dark", &|x| Some(x.dark.touches_after_dark)),
        u32s("silences", &|x| Some(x.dark.silences)),
        u32s("silences_touched", &|x| Some(x.dark.silences_touched)),
        u32s("silences_touched_revived", &|x| Some(x.dark.silences_touched_revived)),
        u32s("silences_revived", &|x| Some(x.dark.silences_revived)),
        ts("as_of", &|_| facts.as_of)?,
        u32s("quiet_days", &|_| Some(facts.quiet_days)),
        u32s("dark_days", &|_| Some(facts.dark_days)),
    ])
}

/// Write facts to `path`: Parquet for `.parquet`, CSV otherwise.
pub fn write(facts: &Facts, path: &Path) -> Result<()> {
    let ctx = || Error::polars(format!("writing facts to {}", path.display()));
    let parquet = is_parquet(path);
    let mut df = to_dataframe(facts, !parquet).map_err(ctx())?;
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    if parquet {
        // Snappy: several times faster to write and read than the default
        // zstd at 1.9M rows, and what Spark writes by default.
        ParquetWriter::new(file).with_compression(ParquetCompression::Snappy).finish(&mut df).map_err(ctx())?;
    } else {
        CsvWriter::new(file).include_header(true).finish(&mut df).map_err(ctx())?;
    }
    Ok(())
}

/// Read one or more facts files (shards holding disjoint prospects, cut at
/// the same instant) into one table.
///
/// Each path is a file, a folder of part files (as Spark, DuckDB or
/// `touchstone sql` engines write a table: every `.parquet`, `.csv` or
/// `.csv.gz` file in it not starting with `_` or `.`) or a glob pattern; see
/// [`expand_parts`]. A part file with no row (an engine's empty partition)
/// is allowed when another part has rows.
pub fn read(paths: &[std::path::PathBuf]) -> Result<Facts> {
    let mut all: Vec<ProspectFacts> = Vec::new();
    let mut first: Option<(Cut, String)> = None;
    for path in &expand_parts(paths, "--facts")? {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let (cut, mut rows) = crate::error::guard_damaged(&name, "facts file", || decode(bytes, &name))?;
        let Some(shard_as_of) = cut else { continue };
        match &first {
            Some((t, first_name)) if *t != shard_as_of => {
                return Err(Error::input(
                    &name,
                    format!(
                        "facts built with {} but {first_name} with {}; build all shards with the same \
                         --as-of, --quiet-days and --dark-days",
                        shard_as_of.describe(),
                        t.describe()
                    ),
                ));
            }
            Some(_) => {}
            None => first = Some((shard_as_of, name.clone())),
        }
        all.append(&mut rows);
    }
    let Some((cut, _)) = first else {
        return Err(Error::NoData("the facts files hold no prospect (every file has a header but no row)".into()));
    };
    // Files written by `touchstone facts` are already in id order: then the
    // check is one pass; shards from other engines are sorted on every core
    // (stable, so duplicates across shards keep their file order).
    if !all.windows(2).all(|w| w[0].prospect_id <= w[1].prospect_id) {
        use rayon::slice::ParallelSliceMut;
        all.par_sort_by(|a, b| a.prospect_id.cmp(&b.prospect_id));
    }
    if let Some(w) = all.windows(2).find(|w| w[0].prospect_id == w[1].prospect_id) {
        return Err(Error::NoData(format!(
            "prospect '{}' appears in more than one facts row; shards must hold disjoint prospects \
             (split the export by prospect before building facts)",
            w[0].prospect_id
        )));
    }
    Ok(Facts { as_of: cut.as_of, quiet_days: cut.quiet_days, dark_days: cut.dark_days, prospects: all })
}

/// A facts file's frame from its bytes: Parquet by its magic bytes (checked
/// and read by [`parquet_frame`]), else CSV, gzip-compressed or not (by
/// magic bytes: `facts -o f.csv` then `gzip f.csv` reads as is).
fn load(bytes: Vec<u8>, name: &str) -> Result<DataFrame> {
    let df = written_frame(bytes, name, "facts", "not a facts CSV (facts files are written by `touchstone facts`)")?;
    let names = df.get_column_names();
    let present = |c: &str| names.iter().any(|n| n.as_str() == c);
    if let Some(missing) = FACTS_COLUMNS.iter().find(|c| !present(c) && !OPTIONAL_COLUMNS.contains(c)) {
        return Err(Error::Input {
            file: name.to_string(),
            row: None,
            column: Some(missing.to_string()),
            message: "not a facts file: the column is missing (facts files are written by `touchstone facts`)".into(),
        });
    }
    let columns: Vec<&str> = FACTS_COLUMNS.iter().copied().filter(|c| present(c)).collect();
    df.select(columns).map_err(Error::polars(format!("{name}: selecting the facts columns")))
}

fn bad(name: &str, row: usize, column: &str, message: String) -> Error {
    Error::Input { file: name.to_string(), row: Some(row as u64 + 1), column: Some(column.to_string()), message }
}

/// The instant and parameters a facts file was built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    as_of: Option<i64>,
    quiet_days: u32,
    dark_days: u32,
}

impl Cut {
    fn describe(&self) -> String {
        format!(
            "as-of {}, quiet days {}, dark days {}",
            self.as_of.map_or_else(|| "none".to_string(), format_ts),
            self.quiet_days,
            self.dark_days
        )
    }
}

/// The files named by `paths`: a file as it is, a folder as its part files
/// (every `.parquet`, `.csv` or `.csv.gz` file directly in it whose name does
/// not start with `_` or `.`, so Spark's `_SUCCESS` and `.crc` files are
/// left out), a glob pattern as the files it matches; sorted within each
/// argument. `flag` names the option in errors.
pub fn expand_parts(paths: &[std::path::PathBuf], flag: &str) -> Result<Vec<std::path::PathBuf>> {
    let is_part = |p: &Path| {
        let name = p.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        p.is_file()
            && !name.starts_with('_')
            && !name.starts_with('.')
            && [".parquet", ".csv", ".csv.gz"].iter().any(|e| name.ends_with(e))
    };
    let mut out = Vec::new();
    for path in paths {
        let shown = path.display();
        if path.is_dir() {
            let mut parts: Vec<std::path::PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_part(p))
                .collect();
            if parts.is_empty() {
                return Err(Error::Usage(format!(
                    "{flag} {shown}: the folder holds no .parquet, .csv or .csv.gz part file"
                )));
            }
            parts.sort();
            out.extend(parts);
        } else if path.exists() {
            out.push(path.clone());
        } else {
            let pattern = path.to_string_lossy();
            if !pattern.contains(['*', '?', '[']) {
                return Err(Error::Usage(format!(
                    "{flag} {shown}: no such file or folder (a file, a folder of part files or a glob such as \
                     'out/facts/*.parquet' is accepted)"
                )));
            }
            let mut parts: Vec<std::path::PathBuf> = glob::glob(&pattern)
                .map_err(|e| Error::Usage(format!("{flag}: bad glob pattern '{pattern}': {e}")))?
                .filter_map(|e| e.ok())
                .filter(|p| p.is_file())
                .collect();
            if parts.is_empty() {
                return Err(Error::Usage(format!("{flag}: glob pattern '{pattern}' matches no file")));
            }
            parts.sort();
            out.extend(parts);
        }
    }
    Ok(out)
}

/// One facts file's cut and rows from its bytes (Parquet, CSV or gzipped
/// CSV). A panic inside the Parquet reader on a damaged file becomes an
/// [`Error::Input`] naming it.
pub fn read_bytes(bytes: Vec<u8>, name: &str) -> Result<(Cut, Vec<ProspectFacts>)> {
    match crate::error::guard_damaged(name, "facts file", || decode(bytes, name))? {
        (Some(cut), rows) => Ok((cut, rows)),
        (None, _) => Err(Error::input(name, "the facts file has no rows")),
    }
}

/// A facts file's cut (`None` when it has no row) and rows.
fn decode(bytes: Vec<u8>, name: &str) -> Result<(Option<Cut>, Vec<ProspectFacts>)> {
    let df = load(bytes, name)?;
    let ctx = |c: &str| {
        Error::polars(format!(
            "{name}: column {c} does not hold what `touchstone facts` writes; rebuild the facts file with it"
        ))
    };
    let strings = |c: &str| -> Result<Vec<Option<String>>> {
        let s = df.column(c).map_err(ctx(c))?.cast(&DataType::String).map_err(ctx(c))?;
        Ok(s.str().map_err(ctx(c))?.iter().map(|v| v.map(str::to_string)).collect())
    };
    let u32s = |c: &str| -> Result<Vec<Option<u32>>> {
        let s = df.column(c).map_err(ctx(c))?.strict_cast(&DataType::UInt32).map_err(ctx(c))?;
        Ok(s.u32().map_err(ctx(c))?.iter().collect())
    };
    let times = |c: &str| -> Result<Vec<Option<i64>>> {
        let s = df.column(c).map_err(ctx(c))?;
        if s.dtype() == &DataType::String {
            s.str()
                .map_err(ctx(c))?
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    None => Ok(None),
                    Some(t) => parse_ts(t, None)
                        .map(Some)
                        .map_err(|e| bad(name, i, c, format!("{} (value {t:?})", e.describe()))),
                })
                .collect()
        } else {
            let s = s
                .cast(&DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)))
                .and_then(|s| s.cast(&DataType::Int64))
                .map_err(ctx(c))?;
            Ok(s.i64().map_err(ctx(c))?.iter().collect())
        }
    };
    // Enumerated columns are parsed straight from the frame's strings (no
    // per-row String); a value that is not one of `parse`'s is an error
    // naming the row.
    fn parsed<T>(
        df: &DataFrame,
        name: &str,
        c: &str,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<Option<T>>> {
        let ctx = || {
            Error::polars(format!(
                "{name}: column {c} does not hold what `touchstone facts` writes; rebuild the facts file with it"
            ))
        };
        let Ok(col) = df.column(c) else { return Ok((0..df.height()).map(|_| None).collect()) };
        let s = col.cast(&DataType::String).map_err(ctx())?;
        s.str()
            .map_err(ctx())?
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                None => Ok(None),
                Some(v) => parse(v).map(Some).ok_or_else(|| bad(name, i, c, format!("{what} {v:?}"))),
            })
            .collect()
    }
    let mut ids = strings("prospect_id")?;
    let (n_events, n_touches, k, m, r) = (u32s("n_events")?, u32s("n_touches")?, u32s("K")?, u32s("m")?, u32s("R")?);
    // Touch counts size the metrics' per-touch tables: a damaged count
    // (1788000000) must be an error here, not a 14 GB allocation that
    // aborts later. The bound is the summary reader's (docs/metrics.md §13.6).
    let max = crate::ingest::summary::MAX_TOUCHES;
    for (c, col) in [("n_touches", &n_touches), ("K", &k), ("m", &m), ("R", &r)] {
        if let Some(i) = col.iter().position(|v| v.is_some_and(|v| v > max)) {
            return Err(bad(
                name,
                i,
                c,
                format!(
                    "{} touches for one prospect is above {max}: the facts file is damaged; rebuild it with \
                     `touchstone facts`",
                    col[i].unwrap_or(0)
                ),
            ));
        }
    }
    let (first, last, won, resp, as_of) = (
        times("first_touch_ts")?,
        times("last_touch_ts")?,
        times("won_ts")?,
        times("first_response_ts")?,
        times("as_of")?,
    );
    let status = parsed(&df, name, "status", "unknown status", Status::parse)?;
    let channel = parsed(&df, name, "first_channel", "unknown channel", Channel::parse)?;
    let mut rep = strings("last_rep")?;
    // Added after the first release: facts files written before have
    // neither column, and the figures that need them are then unavailable.
    let optional = |c: &str| -> Result<Vec<Option<String>>> {
        if df.column(c).is_ok() {
            strings(c)
        } else {
            Ok(vec![None; df.height()])
        }
    };
    let mut first_rep = optional("first_rep")?;
    let last_channel = parsed(&df, name, "last_channel", "unknown channel", Channel::parse)?;
    // Added with the claims of the articles' own wording (§7); older facts
    // files have neither, and those two claims then count no prospect.
    let optional_u32s = |c: &str| -> Result<Vec<Option<u32>>> {
        if df.column(c).is_ok() {
            u32s(c)
        } else {
            Ok(vec![None; df.height()])
        }
    };
    let (meeting_followups, mixed_from) = (optional_u32s("meeting_followups")?, optional_u32s("mixed_from")?);
    let engaged = parsed(&df, name, "engaged", "expected true or false, found", |v| match v {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    })?;
    let (start, dark_at) = (times("start_ts")?, times("dark_at")?);
    let (after, sil, sil_t, sil_tr, sil_r) = (
        u32s("touches_after_dark")?,
        u32s("silences")?,
        u32s("silences_touched")?,
        u32s("silences_touched_revived")?,
        u32s("silences_revived")?,
    );
    let (quiet, dark_days) = (u32s("quiet_days")?, u32s("dark_days")?);
    let mut rows = Vec::with_capacity(ids.len());
    let mut cut: Option<Cut> = None;
    for i in 0..ids.len() {
        let need = |v: Option<u32>, c: &str| v.ok_or_else(|| bad(name, i, c, "value is missing".into()));
        let t = Cut {
            as_of: as_of[i],
            quiet_days: need(quiet[i], "quiet_days")?,
            dark_days: need(dark_days[i], "dark_days")?,
        };
        if cut.is_some_and(|c| c != t) {
            return Err(bad(
                name,
                i,
                "as_of",
                "rows of one facts file disagree on as_of, quiet_days or dark_days".into(),
            ));
        }
        cut = Some(t);
        rows.push(ProspectFacts {
            prospect_id: ids[i].take().ok_or_else(|| bad(name, i, "prospect_id", "value is missing".into()))?,
            n_events: need(n_events[i], "n_events")?,
            n_touches: need(n_touches[i], "n_touches")?,
            first_touch_ts: first[i],
            last_touch_ts: last[i],
            won_ts: won[i],
            k: k[i],
            m: need(m[i], "m")?,
            r: r[i],
            first_response_ts: resp[i],
            status: status[i],
            last_rep: rep[i].take(),
            first_channel: channel[i],
            first_rep: first_rep[i].take(),
            last_channel: last_channel[i],
            meeting_followups: meeting_followups[i],
            mixed_from: mixed_from[i],
            dark: DarkFacts {
                engaged: engaged[i]
                    .ok_or_else(|| bad(name, i, "engaged", "expected true or false, found None".into()))?,
                start_ts: start[i],
                dark_at: dark_at[i],
                touches_after_dark: need(after[i], "touches_after_dark")?,
                silences: need(sil[i], "silences")?,
                silences_touched: need(sil_t[i], "silences_touched")?,
                silences_touched_revived: need(sil_tr[i], "silences_touched_revived")?,
                silences_revived: need(sil_r[i], "silences_revived")?,
            },
        });
    }
    Ok((cut, rows))
}
