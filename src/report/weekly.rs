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

/// Test hook: `TOUCHSTONE_TEST_KILL_AFTER_FILES=N` aborts the process after
/// N files of a report set are written to the temporary folder, to prove
/// that a killed run leaves the previous set as it was.
const KILL_HOOK: &str = "TOUCHSTONE_TEST_KILL_AFTER_FILES";

/// Every file under `dir`, as paths relative to it with `/` separators.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        if path.is_dir() {
            walk(&path, &format!("{name}/"), out)?;
        } else {
            out.push((name, path));
        }
    }
    Ok(())
}

/// Remove what killed runs left beside `dir` (`.NAME.tmp-PID`, and
/// `.NAME.old-PID` put back when `dir` itself is missing), unless the
/// process that made it is still running.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let me = std::process::id().to_string();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else { continue };
        let Some((kind, pid)) = rest.split_once('-') else { continue };
        let alive = pid == me || Path::new("/proc").join(pid).exists();
        if alive || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        match kind {
            "tmp" => {
                let _ = std::fs::remove_dir_all(entry.path());
            }
            "old" if !parent.join(name).exists() => {
                let _ = std::fs::rename(entry.path(), parent.join(name));
            }
            "old" => {
                let _ = std::fs::remove_dir_all(entry.path());
            }
            _ => {}
        }
    }
}

/// Write `files` (paths relative to `dir`, `/`-separated) as the folder
/// `dir`, as one set: everything goes into one temporary sibling folder,
/// which then replaces `dir` by renames. A failed or killed run leaves the
/// previous folder as it was (leftovers of a killed run are removed by the
/// next). An existing `dir` must hold only files Touchstone wrote
/// ([`written_by_us`]; `set`: a multi-week root); with `force` other files
/// are carried over into the new folder, never deleted.
/// Files of the old folder that the new set does not write (weeks outside
/// the new range) are carried over too.
pub(crate) fn write_folder_atomic(dir: &Path, files: &Files, set: bool, force: bool) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name =
        dir.file_name().ok_or_else(|| Error::Usage(format!("--out '{}' is not a folder name", dir.display())))?;
    let name = name.to_string_lossy().into_owned();
    clean_leftovers(&parent, &name);
    let mut existing = Vec::new();
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Usage(format!("--out '{}' is a file, not a folder; name a folder", dir.display())));
        }
        walk(dir, "", &mut existing)?;
        if !force {
            if let Some((file, _)) = existing.iter().find(|(f, _)| !written_by_us(dir, f, set)) {
                return Err(Error::Usage(format!(
                    "--out '{}' holds '{file}', which Touchstone did not write: choose another --out, \
                     or pass --force to replace the report and keep that file (nothing was written)",
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
    let kill_after: Option<usize> = std::env::var(KILL_HOOK).ok().and_then(|v| v.parse().ok());
    let result = (|| {
        std::fs::create_dir(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let put = |rel: &str, bytes: &[u8]| -> Result<()> {
            let p = tmp.join(rel);
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
            }
            std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))
        };
        for (i, (file, bytes)) in files.iter().enumerate() {
            if kill_after == Some(i) {
                std::process::abort();
            }
            put(file, bytes)?;
        }
        for (file, path) in &existing {
            if !files.iter().any(|(f, _)| f == file) {
                let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                put(file, &bytes)?;
            }
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
