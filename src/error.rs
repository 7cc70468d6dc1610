//! Typed errors with messages that say what went wrong, where, and what to do.
//!
//! `main.rs` is the only place that prints them; [`Error::exit_code`] maps
//! them onto the CLI contract: 1 for data errors, 2 for usage errors.

use std::path::PathBuf;

/// Every way a run can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line or configuration is wrong (exit 2).
    #[error("{0}")]
    Usage(String),

    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The input is unusable as a whole: a missing column, an empty file,
    /// a CSV that does not parse. Names the file and, where known, the row
    /// and column, and says how to fix it.
    #[error("{file}{}{}: {message}", row.map(|r| format!(", row {r}")).unwrap_or_default(), column.as_ref().map(|c| format!(", column '{c}'")).unwrap_or_default())]
    Input { file: String, row: Option<u64>, column: Option<String>, message: String },

    /// `--strict` was given and at least one row was rejected.
    #[error("{count} row(s) rejected and --strict is set; first: {first}\n  (run without --strict and with --rejects FILE to see them all)")]
    Strict { count: u64, first: String },

    /// `--strict` was given and a file's reading is in doubt (ambiguous
    /// detection, the generic fallback, a suspicious unused column).
    #[error("{file}: {doubt}; --strict refuses a reading in doubt\n  (pass --preset NAME or --mapping FILE.toml to say how the file is read)")]
    StrictDoubt { file: String, doubt: String },

    /// Nothing usable remained after reading.
    #[error("{0}")]
    NoData(String),

    /// An error from the dataframe engine. The message is our sentence
    /// saying what failed and what to do; the engine's own text ("could not
    /// parse ...", "You might want to try ...") is kept as the error's
    /// source for debugging but never printed: it names polars' options,
    /// not the user's file (docs/metrics.md §13, issue 20 item 9).
    #[error("{context}")]
    Polars {
        context: String,
        #[source]
        source: polars::error::PolarsError,
    },
}

impl Error {
    /// 2 for usage errors, 1 for everything about the data or the system.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    pub fn polars(context: impl Into<String>) -> impl FnOnce(polars::error::PolarsError) -> Error {
        let context = context.into();
        move |source| Error::Polars { context, source }
    }

    pub fn input(file: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Input { file: file.into(), row: None, column: None, message: message.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Run `f`, a read of `file` inside a dependency (the Parquet reader, the
/// workbook reader), and
/// turn a panic in it into [`Error::Input`] saying the file is damaged. The
/// last line of defence: damaged files are validated before they get here
/// (see `ingest::dialect::parquet_frame`), but a dependency can still panic
/// on bytes no check foresaw. The default panic hook is silenced for the
/// call (no backtrace text on stderr) and restored after it; a lock keeps
/// two guarded reads from swapping the hook under each other.
pub(crate) fn guard_damaged<T>(file: &str, what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    static HOOK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _lock = HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    // The panic's own text is the dependency's, not a sentence about the
    // user's file: it is not repeated.
    out.unwrap_or_else(|_| {
        Err(Error::input(file, format!("the {what} is damaged and cannot be read; re-export or re-download the file")))
    })
}
