//! The one writer of output folders: a folder is written whole under a
//! temporary name beside it and renamed into place, so a failed or killed
//! run leaves the previous folder as it was; files Touchstone did not write
//! are refused unless `--force`, and then kept, never deleted. A lock file
//! held for the life of the run tells a later run which leftovers belong
//! to a live run and which to a dead one.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Files of a folder: (path relative to it, bytes), in a fixed order.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// Test hook: `TOUCHSTONE_TEST_KILL_AFTER_FILES=N` aborts the process after
/// N files of a report set are written to the temporary folder, to prove
/// that a killed run leaves the previous set as it was. Only debug builds
/// (what `cargo test` builds) read it; a release binary has no such hook.
fn kill_after() -> Option<usize> {
    #[cfg(debug_assertions)]
    {
        std::env::var("TOUCHSTONE_TEST_KILL_AFTER_FILES").ok().and_then(|v| v.parse().ok())
    }
    #[cfg(not(debug_assertions))]
    {
        None
    }
}

/// Every file under `dir`, as paths relative to it with `/` separators
/// (an empty folder as its path with a trailing `/`).
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
            let before = out.len();
            walk(&path, &format!("{name}/"), out)?;
            if out.len() == before {
                // An empty folder is listed too, so that it is checked and kept.
                out.push((format!("{name}/"), path));
            }
        } else {
            out.push((name, path));
        }
    }
    Ok(())
}

/// The lock file of the run with process id `pid` writing `parent/name`:
/// `.NAME.tmp-PID.lock`, beside its temporary folder. The run holds an
/// exclusive lock on it from before the temporary folder exists until
/// after it is renamed into place or removed; the operating system releases
/// the lock when the process dies, however it dies.
fn lock_path(parent: &Path, name: &str, pid: &str) -> PathBuf {
    parent.join(format!(".{name}.tmp-{pid}.lock"))
}

/// True when a live run holds the lock of process `pid` (a lock file that
/// is missing, or that can be locked, belongs to no live run).
fn held(parent: &Path, name: &str, pid: &str) -> bool {
    let Ok(file) = std::fs::File::open(lock_path(parent, name, pid)) else { return false };
    match file.try_lock() {
        Ok(()) => false,
        Err(std::fs::TryLockError::WouldBlock) => true,
        // Cannot tell (a file system without locks): leave it alone.
        Err(std::fs::TryLockError::Error(_)) => true,
    }
}

/// Remove what killed runs left beside `dir` (`.NAME.tmp-PID` with its
/// lock file, and `.NAME.old-PID`, put back when `dir` itself is missing),
/// unless the run that made it still holds its lock ([`held`]).
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let me = std::process::id().to_string();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else { continue };
        let Some((kind, pid)) = rest.split_once('-') else { continue };
        let (kind, pid) = match pid.strip_suffix(".lock") {
            Some(pid) if kind == "tmp" => ("lock", pid),
            _ => (kind, pid),
        };
        if pid == me || !pid.bytes().all(|b| b.is_ascii_digit()) || held(parent, name, pid) {
            continue;
        }
        match kind {
            "tmp" => {
                let _ = std::fs::remove_dir_all(entry.path());
            }
            "lock" => {
                let _ = std::fs::remove_file(entry.path());
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

/// What a command's output folder may hold, and how its refusals read.
pub(crate) struct Owner<'a> {
    /// Whether Touchstone wrote the file at `rel` (`/`-separated) of the
    /// existing folder `root`.
    pub ours: &'a dyn Fn(&Path, &str) -> bool,
    /// The refusal of a file that is not ours (when not forced), given
    /// its relative path.
    pub foreign: &'a dyn Fn(&str) -> String,
    /// The refusal of an `--out` that is a file.
    pub not_folder: &'a dyn Fn() -> String,
}

/// The one folder writer (`analyze --format csv --out`, `report`).
///
/// Writes `files` (paths relative to `dir`, `/`-separated) as the folder
/// `dir`, as one set: everything goes into one temporary sibling folder,
/// which then replaces `dir` by renames. A failed or killed run leaves the
/// previous folder as it was (leftovers of a killed run are removed by the
/// next, see [`clean_leftovers`]). An existing `dir` must hold only files
/// Touchstone wrote (`owner.ours`); with `force` other files are carried
/// over into the new folder, never deleted. Files of the old folder that
/// the new set does not write (weeks outside the new range, tables of
/// another run) are carried over too: hard-linked where the file system
/// allows, else copied. A folder holding the current working directory is
/// refused: replacing it would pull the folder out from under the shell.
pub(crate) fn write(dir: &Path, files: &Files, owner: &Owner, force: bool) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage((owner.not_folder)()));
    }
    let resolved = dir.canonicalize().ok();
    if let (Some(d), Ok(cwd)) = (&resolved, std::env::current_dir().and_then(|c| c.canonicalize())) {
        if cwd.starts_with(d) {
            return Err(Error::Usage(format!(
                "--out '{}' holds the current folder, which replacing it would remove from under you: name a \
                 folder inside it, e.g. --out {}",
                dir.display(),
                Path::new(dir).join("out").display()
            )));
        }
    }
    let name = match resolved.as_deref().and_then(Path::file_name).or_else(|| dir.file_name()) {
        Some(n) => n.to_string_lossy().into_owned(),
        None => return Err(Error::Usage(format!("--out '{}' is not a folder name", dir.display()))),
    };
    let (dir, parent) = match resolved.as_deref().and_then(Path::parent) {
        Some(p) => (resolved.clone().expect("resolved"), p.to_path_buf()),
        None => (dir.to_path_buf(), parent),
    };
    let dir = dir.as_path();
    clean_leftovers(&parent, &name);
    let mut existing = Vec::new();
    if dir.exists() {
        walk(dir, "", &mut existing)?;
        if !force {
            if let Some((file, _)) = existing.iter().find(|(f, _)| !(owner.ours)(dir, f)) {
                return Err(Error::Usage((owner.foreign)(file)));
            }
        }
    }
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let lock_file = lock_path(&parent, &name, &pid.to_string());
    let lock = std::fs::File::create(&lock_file).map_err(|e| Error::io(&lock_file, e))?;
    lock.lock().map_err(|e| Error::io(&lock_file, e))?;
    let _ = std::fs::remove_dir_all(&tmp);
    let kill_after = kill_after();
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
            if files.iter().any(|(f, _)| f == file) {
                continue;
            }
            let p = tmp.join(file);
            if file.ends_with('/') {
                std::fs::create_dir_all(&p).map_err(|e| Error::io(&p, e))?;
                continue;
            }
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
            }
            if std::fs::hard_link(path, &p).is_err() {
                std::fs::copy(path, &p).map_err(|e| Error::io(path, e))?;
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
    // Removed while still locked, so no other run can take a stale lock
    // file for this one's; the lock goes with the handle.
    let _ = std::fs::remove_file(&lock_file);
    drop(lock);
    result
}
