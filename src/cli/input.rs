//! The input flags every command that reads events shares (`FILES`,
//! `--tz`, `--strict`, `--outcomes`, ...) and their validation into an
//! [`InputConfig`]. One input flag means one edit here: its clap field and
//! the line of [`InputConfig::from_args`] that checks it.

use std::path::PathBuf;

use clap::Args;

use crate::config::{self, InputConfig, OutputKind};
use crate::error::{Error, Result};
use crate::ingest::mapping::Mapping;
use crate::ingest::Source;

/// Where events come from and how strictly they are read.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Canonical touch-log CSV files or glob patterns ('exports/*.csv').
    /// Header: prospect_id,ts,direction,channel,outcome,rep_id (only
    /// prospect_id and ts are required).
    #[arg(value_name = "FILES")]
    pub files: Vec<String>,

    /// Time zone for timestamps without an offset and for date-only values
    /// (IANA name such as Europe/Paris). Default: UTC.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// Write rejected rows (file, row, column, reason, value) to this CSV.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// Fail (exit 1) if any row is rejected, or if how a file is read is in
    /// doubt: an ambiguous or generic detection, a guessed encoding, or an
    /// unread column that looks like a direction, status, outcome or id.
    #[arg(long)]
    pub strict: bool,

    #[arg(long, value_name = "NAME", conflicts_with = "mapping", help = format!(
        "Read FILES as this export instead of detecting it from the header: {} (docs/crm-exports.md \
         says which export each reads)",
        crate::ingest::mapping::Mapping::preset_names().join(", ")
    ))]
    pub preset: Option<String>,

    /// A TOML mapping of your export's columns and spellings onto the
    /// canonical fields (`touchstone validate --print-mapping` writes one
    /// to start from).
    #[arg(long, value_name = "FILE.toml")]
    pub mapping: Option<PathBuf>,

    /// Day/month order of dates such as 03/04/2026: dmy or mdy. Needed only
    /// when no date in the column decides it.
    #[arg(long, value_name = "ORDER")]
    pub date_order: Option<String>,

    /// A deals/opportunities export (Salesforce Opportunity, HubSpot deals or
    /// contacts, Pipedrive deals, Close opportunities, Zoho deals, or
    /// prospect_id,won_at,closed_at,status) giving won and lost prospects.
    /// How many of its ids match the log is printed; none is an error.
    #[arg(long, value_name = "FILE")]
    pub outcomes: Option<PathBuf>,

    /// The column of the --outcomes file that holds the prospect ids the
    /// touch log uses (default: the first of prospect_id, ContactId, Contact
    /// ID, WhoId, Associated Contact IDs, Deal - ID, lead_id, Record ID). Use
    /// it to join by account (AccountId) when the log is keyed by account.
    #[arg(long, value_name = "COLUMN", requires = "outcomes")]
    pub outcomes_id: Option<String>,

    /// Events dated before this date are rejected as implausible (a mistyped
    /// year). Default: 1990-01-01.
    #[arg(long, value_name = "DATE")]
    pub dates_from: Option<String>,

    /// Events dated after this instant are rejected as implausible: they
    /// have not happened (a planned activity) or carry a mistyped year, and
    /// must not move the as-of instant. Default: now plus one day.
    #[arg(long, value_name = "WHEN")]
    pub dates_to: Option<String>,

    /// The worksheet to read from Excel inputs (.xlsx, .xls); default: the first.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Read one row per prospect (a touch count and a converted flag, e.g.
    /// a HubSpot contacts export or the UCI bank-marketing table) instead
    /// of events. Metrics that need event times are then unavailable.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,

    /// Read automatic replies (out-of-office and similar, by subject prefix
    /// or RFC 3834 headers) as responses, as before; by default they are
    /// set aside: neither responses nor touches (docs/crm-exports.md).
    #[arg(long)]
    pub keep_auto_replies: bool,

    /// Events of one prospect with the same channel and direction from
    /// different files at most this far apart look like one touch logged
    /// twice (a sequencer and the CRM): their count is reported. Seconds, or
    /// a number with s, m or h. Default: 2m.
    #[arg(long, value_name = "DURATION")]
    pub same_touch_within: Option<String>,

    /// Count each such pair (see --same-touch-within) once.
    #[arg(long)]
    pub merge_same_touch: bool,
}

impl InputConfig {
    /// Validate the input flags: zone, date order, preset or mapping, the
    /// side files, and the file list (or the bundled sample).
    pub(crate) fn from_args(args: &InputArgs) -> Result<InputConfig> {
        let tz = config::zone(args.tz.as_deref())?;
        let date_order = config::date_order(args.date_order.as_deref())?;
        if let Some(p) = &args.preset {
            if Mapping::preset(p).is_none() {
                return Err(Error::Usage(format!(
                    "--preset: unknown preset '{p}' (one of {})",
                    Mapping::preset_names().join(", ")
                )));
            }
        }
        let mapping = match &args.mapping {
            None => None,
            Some(path) => Some(Mapping::from_file(path).map_err(|e| match e {
                Error::Io { .. } => Error::Usage(format!("--mapping: {e}")),
                other => other,
            })?),
        };
        for (flag, path) in [("--summary", &args.summary), ("--outcomes", &args.outcomes)] {
            if let Some(p) = path {
                if !p.is_file() {
                    return Err(Error::Usage(format!("{flag}: file '{}' does not exist", p.display())));
                }
            }
        }
        if args.summary.is_some() && !args.files.is_empty() {
            return Err(Error::Usage("--summary FILE replaces the event FILES: give one or the other".into()));
        }
        let (sources, sample) = config::sources(&args.files, args.summary.is_some())?;
        let mut ingest = config::ingest_options(tz, date_order);
        ingest.preset = args.preset.clone();
        ingest.mapping = mapping;
        ingest.outcomes = args.outcomes.clone();
        ingest.outcomes_id = args.outcomes_id.clone();
        ingest.sheet = args.sheet.clone();
        ingest.dates_from = config::instant("--dates-from", args.dates_from.as_deref())?;
        ingest.dates_to = config::instant("--dates-to", args.dates_to.as_deref())?;
        if let (Some(a), Some(b)) = (ingest.dates_from, ingest.dates_to) {
            if a > b {
                return Err(Error::Usage("--dates-from is after --dates-to: nothing could be read".into()));
            }
        }
        ingest.summary = args.summary.clone();
        ingest.keep_auto_replies = args.keep_auto_replies;
        ingest.merge_same_touch = args.merge_same_touch;
        if let Some(raw) = &args.same_touch_within {
            ingest.same_touch_within = Some(crate::ingest::sametouch::parse_within(raw).ok_or_else(|| {
                Error::Usage(format!("--same-touch-within: '{raw}' is not a duration such as 120, 90s, 2m or 1h"))
            })?);
        }
        let inputs = input_paths(&sources, &ingest, args);
        if let Some(rejects) = &args.rejects {
            config::check_outputs(&inputs, &[("--rejects", rejects, OutputKind::File)])?;
        }
        Ok(InputConfig {
            sources,
            sample,
            ingest,
            tz_name: tz.map(|z| z.name().to_string()),
            rejects: args.rejects.clone(),
            strict: args.strict,
        })
    }
}

/// Every file an input configuration reads: the event files, --outcomes,
/// --summary and --mapping (outputs must not be any of them).
pub(super) fn input_paths(sources: &[Source], ingest: &crate::ingest::IngestOptions, args: &InputArgs) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Path(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    paths.extend(ingest.outcomes.iter().chain(&ingest.summary).chain(&args.mapping).cloned());
    paths
}
