//! The validated run configuration, built from what the user typed
//! ([`crate::cli`]). Every check of a flag's value happens here, with a
//! usage error (exit 2) that says what is accepted.

use std::path::PathBuf;

use crate::cli::{FactsParamArgs, InputArgs};
use crate::error::{Error, Result};
use crate::facts::FactsParams;
use crate::ingest::mapping::Mapping;
use crate::ingest::time::{parse_as_of, parse_tz, DateOrder};
use crate::ingest::{sources, IngestOptions, Source};
use crate::model::{Channel, ChannelSet};

/// Inputs and how to read them.
#[derive(Debug, Clone)]
pub struct InputConfig {
    pub sources: Vec<Source>,
    /// True when no file was given and the embedded sample is used.
    pub sample: bool,
    pub ingest: IngestOptions,
    /// The `--tz` name as typed, for the parameters echo.
    pub tz_name: Option<String>,
    pub rejects: Option<PathBuf>,
    pub strict: bool,
}

pub fn input(args: &InputArgs) -> Result<InputConfig> {
    let tz = match &args.tz {
        None => None,
        Some(name) => Some(parse_tz(name).ok_or_else(|| {
            Error::Usage(format!("--tz: unknown time zone '{name}' (use an IANA name such as Europe/Paris or America/New_York)"))
        })?),
    };
    let date_order = match &args.date_order {
        None => None,
        Some(raw) => Some(DateOrder::parse(raw).ok_or_else(|| {
            Error::Usage(format!("--date-order: '{raw}' is not dmy (day first, 31/12/2026) or mdy (month first, 12/31/2026)"))
        })?),
    };
    if let Some(p) = &args.preset {
        if Mapping::preset(p).is_none() {
            return Err(Error::Usage(format!("--preset: unknown preset '{p}' (one of {})", Mapping::preset_names().join(", "))));
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
    let sample = args.files.is_empty() && args.summary.is_none();
    let sources = if sample {
        vec![Source::sample()]
    } else if args.files.is_empty() {
        Vec::new()
    } else {
        sources::expand(&args.files)?
    };
    Ok(InputConfig {
        sources,
        sample,
        ingest: IngestOptions {
            tz,
            preset: args.preset.clone(),
            mapping,
            date_order,
            outcomes: args.outcomes.clone(),
            summary: args.summary.clone(),
            stream_min_bytes: None,
            progress: true,
        },
        tz_name: tz.map(|z| z.name().to_string()),
        rejects: args.rejects.clone(),
        strict: args.strict,
    })
}

/// Parse `--touch-channels`; empty means all channels.
pub fn touch_channels(list: &[String]) -> Result<ChannelSet> {
    if list.is_empty() {
        return Ok(ChannelSet::all());
    }
    let mut channels = Vec::new();
    for raw in list.iter().filter(|s| !s.trim().is_empty()) {
        channels.push(Channel::parse(raw).ok_or_else(|| {
            let all: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
            Error::Usage(format!("--touch-channels: unknown channel '{raw}' (one of {})", all.join(", ")))
        })?);
    }
    if channels.is_empty() {
        return Err(Error::Usage("--touch-channels: give at least one channel".into()));
    }
    Ok(ChannelSet::from_channels(&channels))
}

pub fn facts_params(args: &FactsParamArgs) -> Result<FactsParams> {
    let as_of = match &args.as_of {
        None => None,
        Some(raw) => Some(parse_as_of(raw).map_err(|e| {
            Error::Usage(format!("--as-of '{raw}': {} (e.g. 2026-11-22 or 2026-11-22T18:00:00Z)", e.describe()))
        })?),
    };
    Ok(FactsParams {
        as_of,
        quiet_days: args.quiet_days,
        touch_channels: touch_channels(&args.touch_channels)?,
        dark_days: args.dark_days,
    })
}
