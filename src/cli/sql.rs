//! The flags of `touchstone sql` (clap types, like the rest of [`super`]);
//! [`request`] turns them into a [`crate::sql::SqlRequestParams`].

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::params::FactsParamArgs;
use crate::cmd::sql::SqlRequest;
use crate::config;
use crate::error::{Error, Result};
use crate::facts::FactsParams;

/// The engines `touchstone sql` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqlDialect {
    /// Apache Spark 3.4+ / Databricks (temporary tables are cached views).
    Spark,
    /// DuckDB 1.0+.
    Duckdb,
    /// Google BigQuery (run as one multi-statement query: temporary tables).
    Bigquery,
    /// Snowflake.
    Snowflake,
    /// Trino and Presto-based engines (intermediate tables are dropped at the end).
    Trino,
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// The engine to write SQL for.
    #[arg(long, value_enum)]
    pub dialect: SqlDialect,

    #[command(flatten)]
    pub facts_params: FactsParamArgs,

    /// The input table or view, as the engine names it (it may be qualified:
    /// catalog.schema.table).
    #[arg(long, value_name = "NAME", default_value = "touch_events")]
    pub table: String,

    /// Schema (BigQuery: dataset) to create touchstone_facts and
    /// touchstone_aggregates in. Default: the session's.
    #[arg(long, value_name = "SCHEMA")]
    pub into: Option<String>,

    /// Column holding the prospect id.
    #[arg(long, value_name = "NAME", default_value = "prospect_id")]
    pub column_prospect_id: String,
    /// Column holding the event time (a UTC timestamp).
    #[arg(long, value_name = "NAME", default_value = "ts")]
    pub column_ts: String,
    /// Column holding the direction (in/out; empty: derived from the outcome).
    #[arg(long, value_name = "NAME", default_value = "direction")]
    pub column_direction: String,
    /// Column holding the channel.
    #[arg(long, value_name = "NAME", default_value = "channel")]
    pub column_channel: String,
    /// Column holding the outcome.
    #[arg(long, value_name = "NAME", default_value = "outcome")]
    pub column_outcome: String,
    /// Column holding the rep id.
    #[arg(long, value_name = "NAME", default_value = "rep_id")]
    pub column_rep_id: String,
    /// Column naming the source file (first tie-break at one instant).
    #[arg(long, value_name = "NAME", default_value = "source")]
    pub column_source: String,
    /// Column holding the row number in its source (second tie-break).
    #[arg(long, value_name = "NAME", default_value = "row")]
    pub column_row: String,

    /// Events dated before this date are rejected as implausible. Default: 1990-01-01.
    #[arg(long, value_name = "DATE")]
    pub dates_from: Option<String>,

    /// Events dated after this instant are rejected as implausible (planned
    /// activities). Default: the engine's clock plus one day.
    #[arg(long, value_name = "WHEN")]
    pub dates_to: Option<String>,

    /// Time zone of the local hours and weekdays of the timing tables
    /// (docs/metrics.md §11.4), an IANA name such as Europe/Paris; give the
    /// zone `touchstone analyze --tz` would use. The input's ts is a UTC
    /// timestamp either way. Default: UTC.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// Write the script to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `touchstone sql`.
pub fn request(args: &SqlArgs) -> Result<SqlRequest> {
    let dialect = match args.dialect {
        SqlDialect::Spark => crate::sql::Dialect::Spark,
        SqlDialect::Duckdb => crate::sql::Dialect::Duckdb,
        SqlDialect::Bigquery => crate::sql::Dialect::Bigquery,
        SqlDialect::Snowflake => crate::sql::Dialect::Snowflake,
        SqlDialect::Trino => crate::sql::Dialect::Trino,
    };
    let dates_from = config::instant("--dates-from", args.dates_from.as_deref())?;
    let dates_to = config::instant("--dates-to", args.dates_to.as_deref())?;
    let dates_from = dates_from.unwrap_or(crate::ingest::DEFAULT_DATES_FROM);
    if dates_to.is_some_and(|to| to < dates_from) {
        return Err(Error::Usage("--dates-from is after --dates-to: nothing could be read".into()));
    }
    let params = crate::sql::SqlRequestParams {
        dialect,
        facts: FactsParams::from_args(&args.facts_params)?,
        table: args.table.clone(),
        columns: [
            args.column_prospect_id.clone(),
            args.column_ts.clone(),
            args.column_direction.clone(),
            args.column_channel.clone(),
            args.column_outcome.clone(),
            args.column_rep_id.clone(),
            args.column_source.clone(),
            args.column_row.clone(),
        ],
        into: args.into.clone(),
        dates_from,
        dates_to,
        tz: config::zone(args.tz.as_deref())?.unwrap_or(chrono_tz::UTC),
    };
    // Check the names here, with the flag named, rather than print half a script.
    crate::sql::script(&params)?;
    Ok(SqlRequest { params, out: args.out.clone() })
}
