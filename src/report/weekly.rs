//! Rendering and writing a weekly report folder.
//!
//! Every file is rendered in memory before anything is written; a folder is
//! written under a temporary name in the same parent and renamed into
//! place, so a failed run leaves no half-written report. What the numbers
//! are comes from [`crate::pipeline::weekly`].

use std::path::{Path, PathBuf};

use super::html::{self, Page};
use super::json;
use crate::analysis::trends::WeekTrend;
use crate::analysis::{Analysis, InputFile, SCHEMA_VERSION};
use crate::charts::{Chart, ChartInput};
use crate::error::{Error, Result};
use crate::ingest::sources::sha256_hex;
use crate::time::{format_ts, Week};

/// Files of one report folder: (file name, bytes), in a fixed order.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

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

/// File names a report folder may hold; a folder with anything else in it
/// is not replaced.
fn is_report_file(name: &str) -> bool {
    matches!(name, "index.html" | "metrics.json" | "manifest.json")
        || (name.ends_with(".png") && Chart::ALL.iter().any(|c| name == format!("{}.png", c.name())))
}

/// Write `files` as the folder `dir`: into a temporary sibling first, then
/// renamed into place. An existing `dir` is replaced only when it is empty
/// or holds nothing but report files.
pub(crate) fn write_folder_atomic(dir: &Path, files: &Files) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name =
        dir.file_name().ok_or_else(|| Error::Usage(format!("--out '{}' is not a folder name", dir.display())))?;
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
pub(crate) fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
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
