//! The validated run configuration: what every command computes from,
//! built once.
//!
//! [`crate::cli`] (each command's `request`) turns what the user typed into these types; every
//! check of a flag's value and every cross-flag check happens there or in
//! the plain-value validators below, with a usage error (exit 2) that says
//! what is accepted. Library code reads only these types, never clap's.
//! Defaults live with the code that owns them (`facts::DEFAULT_*`,
//! `metrics::DEFAULT_*`) and clap reads the same constants.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use crate::claims::Claim;
use crate::error::{Error, Result};
use crate::facts::FactsParams;
use crate::ingest::time::{parse_as_of, parse_tz, DateOrder};
use crate::ingest::{IngestOptions, Source};
use crate::metrics::MetricParams;
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

/// Where an analysis reads its prospects from.
// One value per run: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum AnalysisSource {
    /// Event files (or a `--summary` file, or the bundled sample).
    Events(InputConfig),
    /// Facts files written by `touchstone facts` or an engine (files,
    /// folders of part files, globs), with the event-level aggregates when
    /// given (`--aggregates`).
    Facts { facts: Vec<PathBuf>, aggregates: Vec<PathBuf> },
}

/// Everything one analysis is computed from.
#[derive(Debug, Clone)]
pub struct AnalysisConfig {
    pub source: AnalysisSource,
    /// Facts parameters; for facts input, the defaults until the files say
    /// what they were built with.
    pub facts: FactsParams,
    pub metric: MetricParams,
    pub claims: Vec<Claim>,
}

impl AnalysisConfig {
    /// The zone naive timestamps were read in, when `--tz` was given.
    pub fn tz_name(&self) -> Option<&str> {
        match &self.source {
            AnalysisSource::Events(input) => input.tz_name.as_deref(),
            AnalysisSource::Facts { .. } => None,
        }
    }

    /// The event input, if the analysis reads events.
    pub fn input(&self) -> Option<&InputConfig> {
        match &self.source {
            AnalysisSource::Events(input) => Some(input),
            AnalysisSource::Facts { .. } => None,
        }
    }
}

/// `--tz`: an IANA zone name.
pub fn zone(name: Option<&str>) -> Result<Option<Tz>> {
    name.map(|name| {
        parse_tz(name).ok_or_else(|| {
            Error::Usage(format!(
                "--tz: unknown time zone '{name}' (use an IANA name such as Europe/Paris or America/New_York)"
            ))
        })
    })
    .transpose()
}

/// `--date-order`: `dmy` or `mdy`.
pub fn date_order(raw: Option<&str>) -> Result<Option<DateOrder>> {
    raw.map(|raw| {
        DateOrder::parse(raw).ok_or_else(|| {
            Error::Usage(format!(
                "--date-order: '{raw}' is not dmy (day first, 31/12/2026) or mdy (month first, 12/31/2026)"
            ))
        })
    })
    .transpose()
}

/// `--as-of`: an instant, or a date meaning the end of that day (UTC).
pub fn as_of(raw: Option<&str>) -> Result<Option<i64>> {
    raw.map(|raw| {
        parse_as_of(raw).map_err(|e| {
            Error::Usage(format!("--as-of '{raw}': {} (e.g. 2026-11-22 or 2026-11-22T18:00:00Z)", e.describe()))
        })
    })
    .transpose()
}

/// A date or instant flag (`--dates-from`, `--dates-to`), read as `--as-of` is.
pub(crate) fn instant(flag: &str, raw: Option<&str>) -> Result<Option<i64>> {
    raw.map(|raw| {
        parse_as_of(raw).map_err(|e| {
            Error::Usage(format!("{flag} '{raw}': {} (e.g. 2026-11-22 or 2026-11-22T18:00:00Z)", e.describe()))
        })
    })
    .transpose()
}

/// `--touch-channels`; empty means all channels.
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

/// Build the ingest options and the list of sources; `files` empty and no
/// summary means the bundled sample.
pub fn sources(files: &[String], summary: bool) -> Result<(Vec<Source>, bool)> {
    let sample = files.is_empty() && !summary;
    let sources = if sample {
        vec![Source::sample()]
    } else if files.is_empty() {
        Vec::new()
    } else {
        crate::ingest::sources::expand(files)?
    };
    Ok((sources, sample))
}

/// The ingest options shared by every command that reads events.
pub(crate) fn ingest_options(tz: Option<Tz>, date_order: Option<DateOrder>) -> IngestOptions {
    IngestOptions { tz, date_order, stream_min_bytes: None, progress: true, ..IngestOptions::default() }
}

/// A path as the file system resolves it: canonical when it exists, else
/// its canonical parent joined with its name (so `../x` and a symlinked
/// folder compare equal to the file they reach).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match (parent.canonicalize(), path.file_name()) {
        (Ok(p), Some(name)) => p.join(name),
        _ => path.to_path_buf(),
    }
}

/// What an output flag names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OutputKind {
    /// A file written whole (`--rejects`, `facts --out`).
    File,
    /// A folder Touchstone writes into or replaces (`--out DIR`).
    Folder,
}

/// Refuse an output path that is an input (after resolving symlinks and
/// `..`), a folder output that holds an input, and a file output that is an
/// existing folder: writing there would destroy the user's data or fail
/// half-way. `outputs` are (flag, path, kind).
pub(crate) fn check_outputs(inputs: &[PathBuf], outputs: &[(&str, &Path, OutputKind)]) -> Result<()> {
    let inputs: Vec<(PathBuf, &PathBuf)> = inputs.iter().map(|p| (resolved(p), p)).collect();
    let mut seen: Vec<(PathBuf, &str)> = Vec::new();
    for &(flag, path, kind) in outputs {
        let out = resolved(path);
        for (input, shown) in &inputs {
            let clash = match kind {
                OutputKind::File => *input == out,
                OutputKind::Folder => input.starts_with(&out),
            };
            if clash {
                let what = if kind == OutputKind::File { "is the input file" } else { "holds the input file" };
                return Err(Error::Usage(format!(
                    "{flag} {} {what} {}: writing there would replace your data; choose another path (nothing was written)",
                    path.display(),
                    shown.display()
                )));
            }
        }
        if kind == OutputKind::File && path.is_dir() {
            return Err(Error::Usage(format!(
                "{flag} {} is a folder; give a file name, such as {}",
                path.display(),
                path.join(if flag == "--rejects" { "rejects.csv" } else { "facts.parquet" }).display()
            )));
        }
        if let Some((_, other)) = seen.iter().find(|(p, _)| *p == out) {
            return Err(Error::Usage(format!(
                "{flag} and {other} both name {}: give each output its own path",
                path.display()
            )));
        }
        seen.push((out, flag));
    }
    Ok(())
}
