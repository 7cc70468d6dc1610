//! Progress on stderr for long runs, hidden when stderr is not a terminal
//! (indicatif's stderr target draws nothing then), so logs and pipes stay clean.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A spinner counting rows read from `name`.
pub fn rows(name: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}: {human_pos} rows read ({per_sec}, {elapsed})")
            .expect("valid progress template"),
    );
    bar.set_message(name.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// Stage timings on stderr when `TOUCHSTONE_TIMINGS` is set (for
/// `scripts/bench.sh` and profiling; never in normal output): each call
/// prints the time since the previous call of the same run.
pub fn stage(name: &str) {
    use std::sync::{Mutex, OnceLock};
    use std::time::Instant;
    static ON: OnceLock<bool> = OnceLock::new();
    static LAST: Mutex<Option<Instant>> = Mutex::new(None);
    if !*ON.get_or_init(|| std::env::var_os("TOUCHSTONE_TIMINGS").is_some()) {
        return;
    }
    let now = Instant::now();
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(prev) = *last {
        eprintln!("timing: {name}: {:.3} s", now.duration_since(prev).as_secs_f64());
    }
    *last = Some(now);
}
