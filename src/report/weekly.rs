//! Rendering and writing a weekly report folder.
//!
//! Every file is rendered in memory before anything is written; a folder is
//! written under a temporary name in the same parent and renamed into
//! place, so a failed run leaves no half-written report. What the numbers
//! are comes from [`crate::pipeline::weekly`].

use std::path::Path;

use super::folder::{self, Owner};
use super::html::{self, Page};
use super::json;
use crate::analysis::trends::WeekTrend;
use crate::analysis::{Analysis, InputFile, SCHEMA_VERSION};
use crate::charts::{Chart, ChartInput};
use crate::error::{Error, Result};
use crate::ingest::sources::sha256_hex;
use crate::time::{format_ts, Week};

pub(crate) use super::folder::Files;

/// One week's report, ready to render.
pub struct WeekInput<'a> {
    pub week: Week,
    pub analysis: &'a Analysis,
    pub trends: &'a [WeekTrend],
    pub inputs: &'a [InputFile],
    /// The latest valid timestamp in the data.
    pub latest: i64,
}

/// Render every file of `week`'s report folder.
pub fn render(w: &WeekInput) -> Result<Files> {
    let (week, analysis, trends) = (w.week, w.analysis, w.trends);
    let input = ChartInput { analysis, trends };
    let chart_err = |chart: Chart, msg: String| Error::io(format!("{}.png", chart.name()), std::io::Error::other(msg));
    let mut svgs = Vec::new();
    let mut pngs = Vec::new();
    for chart in Chart::ALL {
        svgs.push((chart, chart.svg(&input).map_err(|m| chart_err(chart, m))?));
        pngs.push((format!("{}.png", chart.name()), chart.png(&input).map_err(|m| chart_err(chart, m))?));
    }
    let version = env!("CARGO_PKG_VERSION");
    let page = html::page(&Page { week, analysis, trends, charts: &svgs, inputs: w.inputs, version });
    let metrics = json::document(analysis);
    let mut files: Files =
        vec![("index.html".into(), page.into_bytes()), ("metrics.json".into(), metrics.into_bytes())];
    files.extend(pngs);
    let manifest = serde_json::json!({
        "tool": "touchstone",
        "version": version,
        "schema_version": SCHEMA_VERSION,
        "week": week.to_string(),
        "week_start": format_ts(week.start_micros()),
        "as_of": format_ts(week.end_micros()),
        "latest_event": format_ts(w.latest),
        "inputs": w.inputs,
        "params": analysis.params,
        "claims": analysis.claims.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        "trend_weeks": trends.iter().map(|t| t.week.as_str()).collect::<Vec<_>>(),
        "files": files.iter().map(|(name, bytes)| serde_json::json!({
            "name": name, "bytes": bytes.len(), "sha256": sha256_hex(bytes)
        })).collect::<Vec<_>>(),
    });
    let manifest = serde_json::to_string_pretty(&manifest).expect("manifest serialises") + "\n";
    files.insert(2, ("manifest.json".into(), manifest.into_bytes()));
    Ok(files)
}

/// File names a report folder may hold.
pub(crate) fn is_report_file(name: &str) -> bool {
    matches!(name, "index.html" | "metrics.json" | "manifest.json")
        || (name.ends_with(".png") && Chart::ALL.iter().any(|c| name == format!("{}.png", c.name())))
}

/// Whether Touchstone wrote the file at `rel` (relative to the folder being
/// replaced, `root`): a report file listed with the same sha256 in its
/// folder's `manifest.json` (which must itself be Touchstone's), or, at the
/// root of a multi-week set (`set`), the index page Touchstone writes there.
/// A file of the same name that the user put there is not.
pub(crate) fn written_by_us(root: &Path, rel: &str, set: bool) -> bool {
    let (folder, file) = match rel.rsplit_once('/') {
        Some((dir, file)) if set && !dir.contains('/') && Week::parse(dir).is_ok() => (root.join(dir), file),
        Some(_) => return false,
        None if set => {
            return rel == "index.html"
                && std::fs::read_to_string(root.join(rel)).is_ok_and(|t| {
                    t.starts_with("<!DOCTYPE html>") && t.contains("<title>Touchstone weekly reports</title>")
                });
        }
        None => (root.to_path_buf(), rel),
    };
    if !is_report_file(file) {
        return false;
    }
    let Ok(text) = std::fs::read(folder.join("manifest.json")) else { return false };
    let Ok(manifest) = serde_json::from_slice::<serde_json::Value>(&text) else { return false };
    if manifest["tool"] != "touchstone" {
        return false;
    }
    if file == "manifest.json" {
        return true;
    }
    let Ok(bytes) = std::fs::read(folder.join(file)) else { return false };
    let sha = sha256_hex(&bytes);
    manifest["files"]
        .as_array()
        .is_some_and(|files| files.iter().any(|f| f["name"] == file && f["sha256"] == sha.as_str()))
}

/// Write a report folder (`set`: the root of a multi-week set, holding the
/// week folders and the index) with the one folder writer, owning what
/// [`written_by_us`] recognises.
pub(crate) fn write_folder_atomic(dir: &Path, files: &Files, set: bool, force: bool) -> Result<()> {
    let foreign = |file: &str| {
        format!(
            "--out '{}' holds '{file}', which Touchstone did not write: choose another --out, or pass --force to \
             replace the report and keep that file (nothing was written)",
            dir.display()
        )
    };
    let not_folder = || format!("--out '{}' is a file, not a folder; name a folder", dir.display());
    let owner = Owner {
        ours: &|root: &Path, rel: &str| written_by_us(root, rel, set),
        foreign: &foreign,
        not_folder: &not_folder,
    };
    folder::write(dir, files, &owner, force)
}
