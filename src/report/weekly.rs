//! The weekly report, assembled in memory and written atomically.
//!
//! The event log is read once; each week's analysis rebuilds the facts with
//! the as-of instant at the end of that ISO week (METRICS.md §2), through
//! the same [`pipeline::from_log`] and [`super::analyze`] as
//! `touchstone analyze --as-of <week end>`, so `metrics.json` is that
//! command's JSON document. Every file is rendered before anything is
//! written; a folder is written under a temporary name in the same parent
//! and renamed into place, so a failed run leaves no half-written report.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::html::{self, InputFile, Page};
use super::trends::{self, WeekTrend};
use super::weeks::Week;
use super::{Analysis, Params};
use crate::charts::{Chart, ChartInput};
use crate::claims::Claim;
use crate::config::InputConfig;
use crate::error::{Error, Result};
use crate::facts::FactsParams;
use crate::ingest::time::format_ts;
use crate::ingest::{canonical, outcomes, EventLog, Source};
use crate::metrics::{MetricParams, Timed};
use crate::pipeline;

/// Files of one report folder: (file name, bytes), in a fixed order.
pub type Files = Vec<(String, Vec<u8>)>;

/// The inputs of a report, read once.
pub struct Weekly {
    log: EventLog,
    input: InputConfig,
    /// Facts parameters without an as-of (each week sets its own).
    facts: FactsParams,
    metric: MetricParams,
    claims: Vec<Claim>,
    /// Input files with their sha256, in source order, then the outcomes file.
    pub inputs: Vec<InputFile>,
    /// The latest valid timestamp in the data.
    pub latest: i64,
}

/// The rendered report of one week.
pub struct WeekReport {
    pub week: Week,
    pub trends: Vec<WeekTrend>,
    pub files: Files,
}

/// Hex sha256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl Weekly {
    /// Read the event log (and outcomes file) once.
    pub fn load(input: InputConfig, facts: FactsParams, metric: MetricParams, claims: Vec<Claim>) -> Result<Weekly> {
        let mut log = canonical::read(&input.sources, &input.ingest)?;
        pipeline::note_files(&log);
        if let Some(path) = &input.ingest.outcomes {
            log.outcomes = outcomes::read(path, &input.ingest)?;
        }
        let Some(latest) = log.events.iter().map(|e| e.ts).max() else {
            return Err(Error::NoData(format!(
                "no usable rows: {} row(s) read, {} rejected",
                log.rows_read,
                log.rejects.len()
            )));
        };
        let mut inputs = Vec::new();
        for source in &input.sources {
            let bytes = match source {
                Source::Path(p) => std::fs::read(p).map_err(|e| Error::io(p, e))?,
                Source::Embedded { bytes, .. } => bytes.to_vec(),
            };
            inputs.push(InputFile { path: source.name(), role: "events".into(), bytes: bytes.len() as u64, sha256: sha256_hex(&bytes) });
        }
        if let Some(p) = &input.ingest.outcomes {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            inputs.push(InputFile {
                path: p.display().to_string(),
                role: "outcomes".into(),
                bytes: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            });
        }
        Ok(Weekly { log, input, facts: FactsParams { as_of: None, ..facts }, metric, claims, inputs, latest })
    }

    /// The default week: the last complete ISO week in the data.
    pub fn default_week(&self) -> Week {
        Week::last_complete(self.latest)
    }

    /// The analysis document as of the end of `week`.
    pub fn analysis(&self, week: Week) -> Result<Analysis> {
        let fp = FactsParams { as_of: Some(week.end_micros()), ..self.facts };
        let loaded = pipeline::from_log(self.log.clone(), &self.input, &fp)?;
        let fp = FactsParams { quiet_days: loaded.facts.quiet_days, dark_days: loaded.facts.dark_days, ..fp };
        let params = Params::new(&fp, &self.metric, self.input.tz_name.as_deref());
        let timed = loaded.timeline.as_ref().map(|timeline| Timed { timeline, touch_channels: fp.touch_channels });
        Ok(super::analyze(&loaded.facts, timed.as_ref(), &loaded.ingest, loaded.inputs, params, &self.metric, &self.claims))
    }

    /// The trend rows of the `n` weeks ending with `week`.
    pub fn trends(&self, week: Week, n: usize) -> Result<Vec<WeekTrend>> {
        trends::compute(&self.log, &self.facts, &week.last_n(n))
    }

    /// Render every file of `week`'s report folder.
    pub fn render(&self, week: Week, trend_weeks: usize) -> Result<WeekReport> {
        let analysis = self.analysis(week)?;
        let trends = self.trends(week, trend_weeks.max(2))?;
        let input = ChartInput { analysis: &analysis, trends: &trends };
        let chart_err = |chart: Chart, msg: String| Error::io(format!("{}.png", chart.name()), std::io::Error::other(msg));
        let mut svgs = Vec::new();
        let mut pngs = Vec::new();
        for chart in Chart::ALL {
            svgs.push((chart, chart.svg(&input).map_err(|m| chart_err(chart, m))?));
            pngs.push((format!("{}.png", chart.name()), chart.png(&input).map_err(|m| chart_err(chart, m))?));
        }
        let version = env!("CARGO_PKG_VERSION");
        let page = html::page(&Page {
            week,
            analysis: &analysis,
            trends: &trends,
            charts: &svgs,
            inputs: &self.inputs,
            version,
        });
        let metrics = serde_json::to_string_pretty(&analysis).expect("analysis serialises") + "\n";
        let mut files: Files = vec![("index.html".into(), page.into_bytes()), ("metrics.json".into(), metrics.into_bytes())];
        files.extend(pngs);
        let manifest = serde_json::json!({
            "tool": "touchstone",
            "version": version,
            "schema_version": super::SCHEMA_VERSION,
            "week": week.to_string(),
            "week_start": format_ts(week.start_micros()),
            "as_of": format_ts(week.end_micros()),
            "latest_event": format_ts(self.latest),
            "inputs": self.inputs,
            "params": analysis.params,
            "claims": analysis.claims.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            "trend_weeks": trends.iter().map(|t| t.week.as_str()).collect::<Vec<_>>(),
            "files": files.iter().map(|(name, bytes)| serde_json::json!({
                "name": name, "bytes": bytes.len(), "sha256": sha256_hex(bytes)
            })).collect::<Vec<_>>(),
        });
        let manifest = serde_json::to_string_pretty(&manifest).expect("manifest serialises") + "\n";
        files.insert(2, ("manifest.json".into(), manifest.into_bytes()));
        Ok(WeekReport { week, trends, files })
    }
}

/// File names a report folder may hold; a folder with anything else in it
/// is not replaced.
fn is_report_file(name: &str) -> bool {
    matches!(name, "index.html" | "metrics.json" | "manifest.json")
        || (name.ends_with(".png") && Chart::ALL.iter().any(|c| name == format!("{}.png", c.name())))
}

/// Write `files` as the folder `dir`: into a temporary sibling first, then
/// renamed into place. An existing `dir` is replaced only when it is empty
/// or holds nothing but report files.
pub fn write_folder_atomic(dir: &Path, files: &Files) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dir.file_name().ok_or_else(|| Error::Usage(format!("--out '{}' is not a folder name", dir.display())))?;
    let name = name.to_string_lossy();
    if dir.exists() {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let file = entry.file_name().to_string_lossy().into_owned();
            if !is_report_file(&file) || !entry.path().is_file() {
                return Err(Error::Usage(format!(
                    "'{}' exists and holds '{file}', which a report does not write: choose another --out (nothing was written)",
                    dir.display()
                )));
            }
        }
    }
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let result = (|| {
        std::fs::create_dir(&tmp).map_err(|e| Error::io(&tmp, e))?;
        for (file, bytes) in files {
            let p = tmp.join(file);
            std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))?;
        }
        if dir.exists() {
            std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
            std::fs::rename(&tmp, dir).map_err(|e| {
                let _ = std::fs::rename(&old, dir);
                Error::io(dir, e)
            })?;
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&tmp, dir).map_err(|e| Error::io(dir, e))?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Write one file atomically (temporary sibling, then rename).
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}
