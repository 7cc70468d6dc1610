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
