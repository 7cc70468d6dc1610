//! `touchstone sql`: the facts stage as portable SQL (docs/metrics.md §10), so
//! that facts and event-level aggregates are computed where the events are
//! (Spark, a warehouse) and only they travel to `touchstone analyze --facts
//! F --aggregates A`.
//!
//! # One template
//!
//! The whole computation is one file, [`TEMPLATE`] (`src/sql/template.sql`):
//! CTAS statements of CTEs, `CASE`, `GROUP BY` and window functions
//! (`ROW_NUMBER`, `LAG`, `LEAD`, `SUM/MIN/MAX/COUNT OVER` with `ROWS` and
//! `RANGE` frames), no dialect-specific aggregate. It reads a table
//! `touch_events` (`prospect_id, ts, direction, channel, outcome, rep_id,
//! source, row`; `--table` and `--column-…` rename them), keeps every
//! intermediate in a temporary table, and creates `touchstone_facts` (the
//! columns `touchstone facts` writes) and `touchstone_aggregates` (the long
//! table of [`crate::metrics::aggregates`]). Parameters are bound in as
//! literals (`{name}` placeholders); with no `--as-of`, T is the engine's
//! latest valid `ts`.
//!
//! All time arithmetic is on integer microseconds since the epoch, so no
//! interval type or zone rule of any engine takes part: a timestamp is
//! turned into microseconds once (`@EPOCH_US`), and every output time is one
//! of the input `ts` values (or the `--as-of` literal), never computed.
//! The one exception is the timing table (docs/metrics.md §11.4): a touch's
//! local hour and weekday in `--tz` need the zone's rules, which only the
//! engine has (`@LOCAL_US`, the engine's time-zone database); the hour and
//! weekday are then read off that wall-clock time by integer arithmetic, as
//! `metrics::timing::local_slot` does. With the default UTC no zone function
//! is used at all.
//!
//! # Dialect differences (all of them, in [`Rules`])
//!
//! | | Spark | DuckDB | BigQuery | Snowflake | Trino |
//! |---|---|---|---|---|---|
//! | quoted identifier | `` `x` `` | `"x"` | `` `x` `` | `"x"` | `"x"` |
//! | string type `@STRING` | `STRING` | `VARCHAR` | `STRING` | `VARCHAR` | `VARCHAR` |
//! | integer type `@INT` | `BIGINT` | `BIGINT` | `INT64` | `BIGINT` | `BIGINT` |
//! | `@EPOCH_US(t)` | `unix_micros(t)` | `epoch_us(t)` | `UNIX_MICROS(t)` | `DATE_PART(EPOCH_MICROSECOND, t)` | `CAST(round(to_unixtime(t) * 1e6) AS BIGINT)` |
//! | `@FROM_US(n)` (only `--as-of`) | `timestamp_micros(n)` | `make_timestamp(n)` | `TIMESTAMP_MICROS(n)` | `TO_TIMESTAMP_NTZ(n, 6)` | `from_unixtime_nanos(n * 1000)` |
//! | `@DIV(a, b)` (a ≥ 0) | `a DIV b` | `a // b` | `DIV(a, b)` | `FLOOR(a / b)` | `a / b` |
//! | `@LOCAL_US(n)`: the wall clock in `--tz` of the instant `n`, as µs (only for a zone other than UTC) | `unix_micros(from_utc_timestamp(timestamp_micros(n), z))` | `epoch_us(timezone(z, make_timestamptz(n)))` | `UNIX_MICROS(TIMESTAMP(DATETIME(TIMESTAMP_MICROS(n), z)))` | `DATE_PART(EPOCH_MICROSECOND, CONVERT_TIMEZONE('UTC', z, TO_TIMESTAMP_NTZ(n, 6)))` | `n` + the offset from `timezone_hour`/`timezone_minute(at_timezone(…, z))` |
//! | `@TRIM(s)`: Unicode white space | `TRIM(BOTH '…' FROM s)` | `trim(s, chr(9) \|\| …)` | `TRIM(s, '…')` | `TRIM(s, '…')` | `trim(BOTH chr(9) \|\| … FROM s)` |
//! | temporary table | `CACHE TABLE t AS` | `CREATE OR REPLACE TEMP TABLE` | `CREATE TEMP TABLE` | `CREATE OR REPLACE TEMPORARY TABLE` | `CREATE TABLE` (dropped at the end) |
//! | dropping it | `UNCACHE TABLE` + `DROP VIEW` | `DROP TABLE` | `DROP TABLE` | `DROP TABLE` | `DROP TABLE` |
//! | output table | `DROP TABLE IF EXISTS` + `CREATE TABLE … USING parquet AS` | `CREATE OR REPLACE TABLE` | `CREATE OR REPLACE TABLE` | `CREATE OR REPLACE TABLE` | `DROP TABLE IF EXISTS` + `CREATE TABLE` |
//!
//! Spark and DuckDB run in the equality check of `.ci/run`
//! (`scripts/engine_check.py`); BigQuery, Snowflake and Trino are checked to
//! parse with sqlglot.
//!
//! # Decisions
//!
//! - Ties at one instant are broken by `source` then `row` as the engine
//!   orders strings (byte order): `touchstone` orders its input files by
//!   path, which is the same order for files in one folder.
//! - White space is trimmed as Rust's `str::trim` does (every Unicode
//!   `White_Space` character) and case is folded in ASCII only
//!   (`TRANSLATE`), as the canonical reader does, so a value means the same
//!   on every engine whatever its collation.
//! - `cap` is not a parameter: the aggregates keep exact touch numbers and
//!   `analyze --cap` applies afterwards.
//! - The input is the canonical log with `ts` already a UTC timestamp:
//!   parsing text times, CRM presets and `--outcomes` stay in `touchstone`
//!   (an outcomes file can be folded in beforehand as `won`/`lost` events
//!   only if that is what it means for the log: it would add events).
//! - Rows are valid between `--dates-from` (default 1990-01-01) and
//!   `--dates-to` (default: the engine's clock plus one day), as in
//!   `touchstone`.

use crate::error::{Error, Result};
use crate::facts::FactsParams;
use crate::model::{Channel, Outcome};
use crate::time::MICROS_PER_DAY;

/// The SQL template (see the module doc for its placeholders).
pub const TEMPLATE: &str = include_str!("template.sql");

/// The engines `touchstone sql` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Spark,
    Duckdb,
    Bigquery,
    Snowflake,
    Trino,
}

impl Dialect {
    pub const ALL: [Dialect; 5] =
        [Dialect::Spark, Dialect::Duckdb, Dialect::Bigquery, Dialect::Snowflake, Dialect::Trino];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Spark => "spark",
            Dialect::Duckdb => "duckdb",
            Dialect::Bigquery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Trino => "trino",
        }
    }
}

/// The canonical column names of the input table, in order.
pub const INPUT_COLUMNS: [&str; 8] =
    ["prospect_id", "ts", "direction", "channel", "outcome", "rep_id", "source", "row"];

/// What `touchstone sql` is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlRequestParams {
    pub dialect: Dialect,
    pub facts: FactsParams,
    /// The input table or view, inserted as written (it may be qualified).
    pub table: String,
    /// The input's column names, in [`INPUT_COLUMNS`] order.
    pub columns: [String; 8],
    /// Schema (dataset) for the two output tables; `None`: the session's.
    pub into: Option<String>,
    /// The plausible window of event times (µs); `None` for `dates_to`: the
    /// engine's clock plus one day.
    pub dates_from: i64,
    pub dates_to: Option<i64>,
    /// `--tz`: the zone of the timing table's local hours (docs/metrics.md §11.4).
    pub tz: chrono_tz::Tz,
}

/// Unicode `White_Space` (what Rust's `char::is_whitespace` and so
/// `str::trim` strip).
const WHITE_SPACE: [u32; 25] = [
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
    0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
];

/// Everything that differs between dialects.
struct Rules {
    quote: char,
    string: &'static str,
    int: &'static str,
    epoch_us: fn(&str) -> String,
    from_us: fn(&str) -> String,
    div: fn(&str, &str) -> String,
    /// The wall clock of instant `n` (µs) in zone `z` (a string literal), as µs.
    local_us: fn(&str, &str) -> String,
    trim: fn(&str) -> String,
    /// Statements that create a temporary table `name` from the query that follows.
    temp: fn(&str) -> String,
    drop_temp: fn(&str) -> String,
    /// Statements that create the output table `name` from the query that follows.
    table: fn(&str) -> String,
}

/// The white-space set as a string literal with `\uXXXX` escapes.
fn escaped_ws() -> String {
    let body: String = WHITE_SPACE.iter().map(|c| format!("\\u{c:04X}")).collect();
    format!("'{body}'")
}

/// The white-space set as `chr(9) || chr(10) || …`.
fn chr_ws() -> String {
    WHITE_SPACE.iter().map(|c| format!("chr({c})")).collect::<Vec<_>>().join(" || ")
}

fn rules(d: Dialect) -> Rules {
    match d {
        Dialect::Spark => Rules {
            quote: '`',
            string: "STRING",
            int: "BIGINT",
            epoch_us: |t| format!("unix_micros({t})"),
            from_us: |n| format!("timestamp_micros({n})"),
            div: |a, b| format!("(({a}) DIV ({b}))"),
            local_us: |n, z| format!("unix_micros(from_utc_timestamp(timestamp_micros({n}), {z}))"),
            trim: |s| format!("TRIM(BOTH {} FROM {s})", escaped_ws()),
            temp: |n| format!("CACHE TABLE {n} AS"),
            drop_temp: |n| format!("UNCACHE TABLE IF EXISTS {n};\nDROP VIEW IF EXISTS {n};"),
            table: |n| format!("DROP TABLE IF EXISTS {n};\nCREATE TABLE {n} USING parquet AS"),
        },
        Dialect::Duckdb => Rules {
            quote: '"',
            string: "VARCHAR",
            int: "BIGINT",
            epoch_us: |t| format!("epoch_us({t})"),
            from_us: |n| format!("make_timestamp({n})"),
            div: |a, b| format!("(({a}) // ({b}))"),
            local_us: |n, z| format!("epoch_us(timezone({z}, make_timestamptz({n})))"),
            trim: |s| format!("trim({s}, {})", chr_ws()),
            temp: |n| format!("CREATE OR REPLACE TEMP TABLE {n} AS"),
            drop_temp: |n| format!("DROP TABLE IF EXISTS {n};"),
            table: |n| format!("CREATE OR REPLACE TABLE {n} AS"),
        },
        Dialect::Bigquery => Rules {
            quote: '`',
            string: "STRING",
            int: "INT64",
            epoch_us: |t| format!("UNIX_MICROS({t})"),
            from_us: |n| format!("TIMESTAMP_MICROS({n})"),
            div: |a, b| format!("DIV({a}, {b})"),
            local_us: |n, z| format!("UNIX_MICROS(TIMESTAMP(DATETIME(TIMESTAMP_MICROS({n}), {z})))"),
            trim: |s| format!("TRIM({s}, {})", escaped_ws()),
            temp: |n| format!("CREATE TEMP TABLE {n} AS"),
            drop_temp: |n| format!("DROP TABLE IF EXISTS {n};"),
            table: |n| format!("CREATE OR REPLACE TABLE {n} AS"),
        },
        Dialect::Snowflake => Rules {
            quote: '"',
            string: "VARCHAR",
            int: "BIGINT",
            epoch_us: |t| format!("DATE_PART(EPOCH_MICROSECOND, {t})"),
            from_us: |n| format!("TO_TIMESTAMP_NTZ({n}, 6)"),
            div: |a, b| format!("FLOOR(({a}) / ({b}))"),
            local_us: |n, z| {
                format!("DATE_PART(EPOCH_MICROSECOND, CONVERT_TIMEZONE('UTC', {z}, TO_TIMESTAMP_NTZ({n}, 6)))")
            },
            trim: |s| format!("TRIM({s}, {})", escaped_ws()),
            temp: |n| format!("CREATE OR REPLACE TEMPORARY TABLE {n} AS"),
            drop_temp: |n| format!("DROP TABLE IF EXISTS {n};"),
            table: |n| format!("CREATE OR REPLACE TABLE {n} AS"),
        },
        Dialect::Trino => Rules {
            quote: '"',
            string: "VARCHAR",
            int: "BIGINT",
            epoch_us: |t| format!("CAST(round(to_unixtime({t}) * 1e6) AS BIGINT)"),
            from_us: |n| format!("from_unixtime_nanos(({n}) * 1000)"),
            div: |a, b| format!("(({a}) / ({b}))"),
            local_us: |n, z| {
                let at = format!("at_timezone(from_unixtime_nanos(({n}) * 1000), {z})");
                format!("(({n}) + 60000000 * (60 * timezone_hour({at}) + timezone_minute({at})))")
            },
            trim: |s| format!("trim(BOTH {} FROM {s})", chr_ws()),
            temp: |n| format!("DROP TABLE IF EXISTS {n};\nCREATE TABLE {n} AS"),
            drop_temp: |n| format!("DROP TABLE IF EXISTS {n};"),
            table: |n| format!("DROP TABLE IF EXISTS {n};\nCREATE TABLE {n} AS"),
        },
    }
}

/// A list of SQL string literals.
fn literals<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values.into_iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
}

/// Check a name typed for `--table`, `--into` or `--column-…`: no quote,
/// semicolon or comment marker can end up in the SQL.
fn check_name(flag: &str, name: &str, dotted: bool) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$' || (dotted && (c == '.' || c == '-')));
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{flag} '{name}': use letters, digits and _ only{} (the name is written into the SQL as is)",
            if dotted { ", with . between parts (catalog.schema.table)" } else { "" }
        )))
    }
}

/// Replace every `@NAME(args)` call in `sql` with `f(args)`, arguments split
/// at top-level commas.
fn expand_calls(sql: &str, name: &str, f: &dyn Fn(&[&str]) -> String) -> String {
    let marker = format!("@{name}(");
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(start) = rest.find(&marker) {
        out.push_str(&rest[..start]);
        let inner = &rest[start + marker.len()..];
        let (mut depth, mut end, mut commas) = (0i32, None, Vec::new());
        for (i, ch) in inner.char_indices() {
            match ch {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                ')' => depth -= 1,
                ',' if depth == 0 => commas.push(i),
                _ => {}
            }
        }
        let end = end.expect("balanced parentheses in the template");
        let mut args = Vec::new();
        let mut from = 0;
        for c in commas.into_iter().chain(std::iter::once(end)) {
            args.push(inner[from..c].trim());
            from = c + 1;
        }
        out.push_str(&f(&args));
        rest = &inner[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The SQL script for `req`.
pub fn script(req: &SqlRequestParams) -> Result<String> {
    check_name("--table", &req.table, true)?;
    if let Some(s) = &req.into {
        check_name("--into", s, true)?;
    }
    for (canonical, c) in INPUT_COLUMNS.iter().zip(&req.columns) {
        check_name(&format!("--column-{}", canonical.replace('_', "-")), c, false)?;
    }
    let r = rules(req.dialect);
    let f = &req.facts;
    let day = MICROS_PER_DAY;
    let (as_of_us, as_of_ts) = match f.as_of {
        Some(t) => (t.to_string(), format!("@FROM_US({t})")),
        None => ("m.max_us".to_string(), "m.max_ts".to_string()),
    };
    let dates_to = req.dates_to.map_or_else(|| format!("(@EPOCH_US(CURRENT_TIMESTAMP) + {day})"), |t| t.to_string());
    let touch = f.touch_channels.channels();
    let channel_rows: String = touch
        .iter()
        .map(|c| {
            format!(
                "UNION ALL\nSELECT 'touch_channel', '{}', CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT), \
                 CAST(1 AS @INT)\n",
                c.as_str()
            )
        })
        .collect();
    let out_name = |n: &str| match &req.into {
        Some(s) => format!("{s}.{n}"),
        None => n.to_string(),
    };
    let zone = tz_literal(req.tz)?;
    let mut vars: Vec<(&str, String)> = vec![
        ("table", req.table.clone()),
        ("dates_from_us", req.dates_from.to_string()),
        ("dates_to_us", dates_to),
        ("channels", literals(Channel::ALL.iter().map(|c| c.as_str()))),
        ("outcomes", literals(Outcome::ALL.iter().map(|o| o.as_str()))),
        ("touch_channels", literals(touch.iter().map(|c| c.as_str()))),
        ("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ".into()),
        ("lower", "abcdefghijklmnopqrstuvwxyz".into()),
        ("as_of_us", as_of_us),
        ("as_of_ts", as_of_ts),
        ("week_minus_1", (7 * day - 1).to_string()),
        (
            "dup_order",
            "n.valid, n.ts_us, n.direction, n.channel, n.outcome, n.rep NULLS FIRST, n.src NULLS FIRST, n.rw NULLS FIRST"
                .into(),
        ),
        ("dark_us", (i64::from(f.dark_days) * day).to_string()),
        ("quiet_us", (i64::from(f.quiet_days) * day).to_string()),
        ("dark_days", f.dark_days.to_string()),
        ("quiet_days", f.quiet_days.to_string()),
        ("day_1", day.to_string()),
        ("day_3", (3 * day).to_string()),
        ("day_7", (7 * day).to_string()),
        ("day_14", (14 * day).to_string()),
        ("touch_channel_rows", channel_rows.trim_end().to_string()),
        ("tz", zone.clone()),
        ("hour_us", "3600000000".into()),
        // Whole weeks added before dividing, so @DIV's dividend is never
        // negative (a --dates-from before 1970) and weekdays stay aligned.
        ("epoch_shift_us", (7 * day * 100_000).to_string()),
    ];
    for (canonical, c) in INPUT_COLUMNS.iter().zip(&req.columns) {
        vars.push((canonical, c.clone()));
    }
    let mut sql = TEMPLATE.to_string();
    for (name, value) in &vars {
        let key = if INPUT_COLUMNS.contains(name) { format!("{{col_{name}}}") } else { format!("{{{name}}}") };
        sql = sql.replace(&key, value);
    }
    debug_assert!(!sql.contains("{col_"), "every column placeholder is bound");
    let sql = expand_calls(&sql, "FROM_US", &|a| (r.from_us)(a[0]));
    let sql = expand_calls(&sql, "EPOCH_US", &|a| (r.epoch_us)(a[0]));
    let sql = if req.tz == chrono_tz::UTC {
        expand_calls(&sql, "LOCAL_US", &|a| format!("({})", a[0]))
    } else {
        expand_calls(&sql, "LOCAL_US", &|a| (r.local_us)(a[0], &zone))
    };
    let sql = expand_calls(&sql, "DIV", &|a| (r.div)(a[0], a[1]));
    let sql = expand_calls(&sql, "TRIM", &|a| (r.trim)(a[0]));
    let sql = sql.replace("@STRING", r.string).replace("@INT", r.int);
    let mut lines = Vec::new();
    for line in sql.lines() {
        let directive =
            |d: &str| line.strip_prefix(d).map(|rest| rest.trim().trim_end_matches(" AS").trim_end_matches(';'));
        if let Some(name) = directive("@TEMP ") {
            lines.push((r.temp)(name));
        } else if let Some(name) = directive("@TABLE ") {
            lines.push((r.table)(&out_name(name)));
        } else if let Some(name) = directive("@DROP ") {
            lines.push((r.drop_temp)(name));
        } else {
            lines.push(line.to_string());
        }
    }
    let body = lines.join("\n").replace('"', &r.quote.to_string());
    Ok(format!("{}{body}\n", header(req)))
}

/// The zone as a SQL string literal. Zone names are IANA names (letters,
/// digits, `/`, `_`, `+`, `-`); anything else is refused rather than quoted.
fn tz_literal(tz: chrono_tz::Tz) -> Result<String> {
    let name = tz.name();
    if name.chars().all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c)) {
        Ok(format!("'{name}'"))
    } else {
        Err(Error::Usage(format!("--tz '{name}': this zone name cannot be written into the SQL")))
    }
}

/// The comment at the top of the script: what it is and what was bound.
fn header(req: &SqlRequestParams) -> String {
    let f = &req.facts;
    let as_of = f.as_of.map_or_else(|| "the latest valid ts (computed by the engine)".into(), crate::time::format_ts);
    format!(
        "-- Touchstone {version}: facts and event-level aggregates (docs/metrics.md sections 2, 5, 6, 8, 10)\n\
         -- dialect: {dialect}; reads: {table}; writes: {facts}, {agg}\n\
         -- as-of: {as_of}; quiet days: {quiet}; dark days: {dark}; touch channels: {channels}; time zone: {tz}\n\
         -- Analyse the output with:\n\
         --   touchstone analyze --facts <touchstone_facts files> --aggregates <touchstone_aggregates files>\n\
         -- Generated by `touchstone sql`; edit the flags, not this file.\n\n",
        version = env!("CARGO_PKG_VERSION"),
        dialect = req.dialect.name(),
        table = req.table,
        facts = req.into.as_ref().map_or_else(|| "touchstone_facts".to_string(), |s| format!("{s}.touchstone_facts")),
        agg = req
            .into
            .as_ref()
            .map_or_else(|| "touchstone_aggregates".to_string(), |s| format!("{s}.touchstone_aggregates")),
        quiet = f.quiet_days,
        dark = f.dark_days,
        channels = f.touch_channels.channels().iter().map(|c| c.as_str()).collect::<Vec<_>>().join(","),
        tz = req.tz.name(),
    )
}
