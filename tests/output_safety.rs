//! Issue 13: no output path may be an input path; folders holding files
//! Touchstone did not write are refused unless --force; a multi-week report
//! is written as one set, and a killed run leaves the previous set intact.

use std::path::Path;

use crate::common::{touchstone, Work, HEADER};

const ROWS: &str = "p1,2026-03-02T10:00:00Z,out,call,none,r1\n\
                    p2,2026-03-04T10:00:00Z,out,email,none,r2\n";

fn log(w: &Work) -> (std::path::PathBuf, String) {
    let text = format!("{HEADER}\n{ROWS}");
    (w.file("log.csv", &text), text)
}

/// Run the binary; it must fail with `code` and say `needle` on stderr.
#[track_caller]
fn refused(args: &[&str], code: i32, needle: &str) -> String {
    let out = touchstone().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(stderr.contains(needle), "{args:?}: expected {needle:?} in {stderr}");
    stderr
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn rejects_naming_the_input_is_refused_and_the_input_kept() {
    let w = Work::new();
    let (p, text) = log(&w);
    refused(&["analyze", s(&p), "--rejects", s(&p)], 2, "--rejects");
    refused(&["validate", s(&p), "--rejects", s(&p)], 2, "is the input file");
    // The same file through `..` and through a symlinked folder.
    std::fs::create_dir(w.path("sub")).unwrap();
    let dotted = w.path("sub/../log.csv");
    refused(&["analyze", s(&p), "--rejects", s(&dotted)], 2, "would replace your data");
    std::os::unix::fs::symlink(w.dir.path(), w.path("link")).unwrap();
    let linked = w.path("link/log.csv");
    refused(&["analyze", s(&linked), "--rejects", s(&p)], 2, "is the input file");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
}

#[test]
fn facts_out_naming_an_input_is_refused() {
    let w = Work::new();
    let (p, text) = log(&w);
    refused(&["facts", s(&p), "-o", s(&p)], 2, "--out");
    let deals = w.file("deals.csv", "prospect_id,status\np1,won\n");
    refused(&["facts", s(&p), "--outcomes", s(&deals), "-o", s(&deals)], 2, "is the input file");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    assert_eq!(std::fs::read_to_string(&deals).unwrap(), "prospect_id,status\np1,won\n");
    // Two outputs on one path.
    let both = w.path("both.csv");
    refused(&["facts", s(&p), "-o", s(&both), "--rejects", s(&both)], 2, "both name");
}

#[test]
fn an_output_folder_holding_an_input_is_refused() {
    let w = Work::new();
    let (p, text) = log(&w);
    refused(&["analyze", s(&p), "--format", "csv", "--out", s(w.dir.path())], 2, "holds the input file");
    refused(&["report", s(&p), "--dates-to", "2027-01-01", "--out", s(w.dir.path())], 2, "holds the input file");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
}

#[test]
fn a_folder_or_unwritable_rejects_names_the_flag() {
    let w = Work::new();
    let (p, _) = log(&w);
    let err = refused(&["analyze", s(&p), "--rejects", s(w.dir.path())], 2, "--rejects");
    assert!(err.contains("is a folder") && err.contains("rejects.csv"), "{err}");
    let err =
        refused(&["analyze", s(&p), "--rejects", "/nonexistent-dir/r.csv"], 2, "--rejects /nonexistent-dir/r.csv");
    assert!(err.contains("cannot write"), "{err}");
}

#[test]
fn analyze_csv_refuses_a_foreign_summary_csv_unless_forced() {
    let w = Work::new();
    let (p, _) = log(&w);
    let out = w.path("tables");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("summary.csv"), "my,own,numbers\n1,2,3\n").unwrap();
    refused(&["analyze", s(&p), "--format", "csv", "--out", s(&out)], 2, "'summary.csv'");
    assert_eq!(std::fs::read_to_string(out.join("summary.csv")).unwrap(), "my,own,numbers\n1,2,3\n");
    std::fs::write(out.join("notes.txt"), "keep").unwrap();
    std::fs::remove_file(out.join("summary.csv")).unwrap();
    refused(&["analyze", s(&p), "--format", "csv", "--out", s(&out)], 2, "'notes.txt'");
    let ok = touchstone().args(["analyze", s(&p), "--format", "csv", "--force", "--out", s(&out)]).output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "keep");
    assert!(std::fs::read_to_string(out.join("summary.csv")).unwrap().lines().count() > 1);
    // Its own files are replaced without --force once the foreign file is gone.
    std::fs::remove_file(out.join("notes.txt")).unwrap();
    let again = touchstone().args(["analyze", s(&p), "--format", "csv", "--out", s(&out)]).output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, prefix)) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let name = format!("{prefix}{}", e.file_name().to_string_lossy());
            if e.path().is_dir() {
                stack.push((e.path(), format!("{name}/")));
            } else {
                out.push((name, std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn hidden_siblings(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn multi_week_report_refuses_a_foreign_index_unless_forced() {
    let w = Work::new();
    let root = w.path("weeks");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("index.html"), "<html>my page</html>").unwrap();
    let args = ["report", "--week", "2026-W47", "--weeks", "2", "--out", s(&root)];
    refused(&args, 2, "'index.html', which Touchstone did not write");
    assert_eq!(std::fs::read_to_string(root.join("index.html")).unwrap(), "<html>my page</html>");
    // Its own set is replaced; a file the user adds beside it is refused, and
    // carried over with --force.
    std::fs::remove_file(root.join("index.html")).unwrap();
    touchstone().args(args).assert().success();
    let first = tree(&root);
    assert_eq!(first.iter().filter(|(n, _)| n.ends_with("/manifest.json")).count(), 2);
    touchstone().args(args).assert().success();
    assert_eq!(tree(&root), first, "a rerun replaces the set byte for byte");
    std::fs::write(root.join("2026-W47/notes.txt"), "mine").unwrap();
    refused(&args, 2, "'2026-W47/notes.txt'");
    let mut forced = args.to_vec();
    forced.push("--force");
    touchstone().args(&forced).assert().success();
    assert_eq!(std::fs::read_to_string(root.join("2026-W47/notes.txt")).unwrap(), "mine");
    assert!(hidden_siblings(w.dir.path()).is_empty());
}

// The kill hook exists in debug builds only (see `report::weekly`).
#[cfg(debug_assertions)]
#[test]
fn a_killed_multi_week_report_leaves_the_previous_set_intact() {
    let w = Work::new();
    let root = w.path("weeks");
    touchstone().args(["report", "--week", "2026-W46", "--weeks", "3", "--out", s(&root)]).assert().success();
    let before = tree(&root);
    // The next run dies after writing its first week folder and part of the
    // second (the failure between weeks), before anything is renamed.
    let files_per_week = before.iter().filter(|(n, _)| n.starts_with("2026-W46/")).count();
    let out = touchstone()
        .args(["report", "--week", "2026-W47", "--weeks", "3", "--out", s(&root)])
        .env("TOUCHSTONE_TEST_KILL_AFTER_FILES", (files_per_week + 2).to_string())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the run was killed");
    assert_eq!(tree(&root), before, "the previous set is untouched");
    // The dead run's temporary folder is hidden and removed by the next run.
    let left = hidden_siblings(w.dir.path());
    assert!(left.iter().all(|n| n.starts_with(".weeks.tmp-")), "{left:?}");
    touchstone().args(["report", "--week", "2026-W47", "--weeks", "3", "--out", s(&root)]).assert().success();
    assert!(hidden_siblings(w.dir.path()).is_empty(), "{:?}", hidden_siblings(w.dir.path()));
    let names: Vec<String> = tree(&root).into_iter().map(|(n, _)| n).filter(|n| n.ends_with("manifest.json")).collect();
    // W44 came from the previous set and is kept; the new set adds W47.
    assert_eq!(
        names,
        ["2026-W44/manifest.json", "2026-W45/manifest.json", "2026-W46/manifest.json", "2026-W47/manifest.json"]
    );
}

#[test]
fn default_report_week_is_the_last_complete_week_with_events() {
    // All events fall in two weeks: 2026-W10 (complete: its Sunday 8 March
    // has an event) ... and the latest in W12 on a Wednesday, with nothing
    // in W11. The last complete week is W11, which has no events: W10 it is.
    let w = Work::new();
    let p = w.file(
        "log.csv",
        &format!(
            "{HEADER}\np1,2026-03-02T10:00:00Z,out,call,none,r1\np1,2026-03-08T10:00:00Z,out,call,none,r1\n\
             p2,2026-03-18T10:00:00Z,out,call,none,r1\n"
        ),
    );
    let out = w.path("rep");
    let run = touchstone().args(["report", s(&p), "--out", s(&out)]).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("Week 2026-W10: the last complete ISO week with events"), "{stderr}");
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["week"], "2026-W10");
}

/// Issue 24: what a killed run left beside the report folder is removed by
/// the next run, but the temporary folder of a run still alive is not: it
/// is known by the lock its run holds on `.NAME.tmp-PID.lock`, not by
/// looking the process up (`/proc` does not exist on macOS, where the old
/// check took every run for dead). Process 999999 does not exist here; the
/// test holds its lock as a live run would.
#[test]
fn a_live_runs_temporary_folder_is_left_alone_and_a_dead_ones_removed() {
    let w = Work::new();
    let (p, _) = log(&w);
    let out = w.path("rep");
    let live = w.path(".rep.tmp-999999");
    std::fs::create_dir(&live).unwrap();
    std::fs::write(live.join("index.html"), "half written").unwrap();
    let lock = std::fs::File::create(w.path(".rep.tmp-999999.lock")).unwrap();
    lock.lock().unwrap();
    let dead = w.path(".rep.tmp-999998");
    std::fs::create_dir(&dead).unwrap();
    let report = ["report", s(&p), "--dates-to", "2027-01-01", "--out", s(&out)];
    touchstone().args(report).assert().success();
    assert!(out.join("index.html").is_file());
    assert!(live.join("index.html").is_file(), "the live run's folder is kept");
    assert!(!dead.exists(), "a folder without a held lock is a dead run's");
    // Once the run has ended (its lock released), the next run cleans up.
    drop(lock);
    touchstone().args(report).assert().success();
    assert!(hidden_siblings(w.dir.path()).is_empty(), "{:?}", hidden_siblings(w.dir.path()));
}
