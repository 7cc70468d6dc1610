//! `touchstone generate`: a seeded synthetic touch log with known ground
//! truth, for the statistical recovery test and for benchmarks.
//!
//! # The simulated world
//!
//! Prospects arrive uniformly over the window (`--start`, `--days`); each
//! is owned by one rep (uniformly among `--reps`) and belongs to a segment
//! (`engaged` 30 %, `cold` 70 %). A rep works the prospect with a sequence
//! of touches (email, call, voicemail, social, SMS, meeting) separated by
//! gaps of hours (1-8 h), days (1-7 d) or weeks (1-3 w), mostly moved into
//! business hours (Mon-Fri 13:00-22:00 UTC). Around the touches: replies
//! and answered calls (responses), prospects going dark and some reviving,
//! bounced emails (not touches), opt-outs, losses, wins, inbound prospects
//! (4 %, a quarter of whom convert before any touch: `K = 0`), 0.2 % exact
//! duplicate rows, and prospects still open when the window closes. Every
//! number is in [`Behaviour`] and written by `--truth`.
//!
//! # Ground truth, in the engine's terms (docs/metrics.md §2-§3)
//!
//! At touch `k` (an outbound, non-bounced event) a prospect of segment `s`
//! converts with probability `h_s(k) = HAZARD_BASE[k] × multiplier(s)`
//! (engaged ×2.5, cold ×0.5); the base table rises from 1 % at touch 1 to
//! 3.4 % at touch 6 and decays to 1 % by touch 19 (0.8 % beyond 20). A
//! conversion at touch `k` is written either as touch `k` itself (an
//! outbound `meeting` with outcome `won`) or as an inbound `won` event
//! minutes to two days after touch `k`; either way no touch follows it, so
//! the engine's `K` (touches with `ts <= c`) is exactly `k`. A won time
//! that would fall after the window end is clamped to it, so a conversion
//! at an observed touch is always observed. Bounced emails are written but
//! never draw a conversion: they are not touches.
//!
//! What ends a sequence without a conversion is independent of the segment
//! and of the conversion draws still to come: the rep's planned number of
//! touches `L` is drawn from the rep's style alone before the first touch
//! (`quits_early`: 1-2, `steady`: 3-6, `persistent`: 10-12 plus a geometric
//! tail of mean 8; 40/40/20 % of reps), opt-outs (1 %) and losses (0.8 %)
//! after a touch have the same chance for every prospect, a dead address
//! (1 %) has too, and the window end cuts on touch times, which do not
//! depend on the segment or on responses. So censoring is non-informative,
//! the prospects reaching touch `k` have the segment mix implied by the
//! hazards alone, and the engine's `hazard(k) = conversions(k) /
//! reached(k)` is an unbiased (consistent) estimate of the *marginal*
//! hazard `truth(k)` of [`Behaviour::marginal_hazard`], which `--truth`
//! writes. Responses, dark spells and revivals follow their own chain and
//! never feed back into conversion or persistence.
//!
//! Determinism: every prospect draws from its own xoshiro256++ stream
//! seeded by (`--seed`, prospect index) ([`rng`]), and rows are sorted by
//! time with a stable sort, so a seed gives identical bytes on every
//! platform and build.

pub mod behaviour;
pub mod rng;
pub mod simulate;
pub mod write;

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

pub use behaviour::Behaviour;
pub(crate) use simulate::{GenEvent, Tally};
pub use write::Format;

use crate::error::{Error, Result};

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Size {
    /// Exactly this many prospects.
    Prospects(u32),
    /// Prospects until at least this many events are written (the last
    /// prospect is written whole, so a few more).
    Events(u64),
}

/// A validated generation request.
#[derive(Debug, Clone)]
pub struct Spec {
    pub size: Size,
    pub reps: u16,
    /// First day of the window, as days since 1970-01-01.
    pub start_day: i64,
    pub days: u32,
    pub seed: u64,
    pub behaviour: Behaviour,
}

impl Spec {
    /// Defaults: 50 reps, the year 2025, seed 1.
    pub fn new(size: Size) -> Spec {
        Spec { size, reps: 50, start_day: 20_089, days: 365, seed: 1, behaviour: Behaviour::default() }
    }
    /// Window start and last second, seconds since the epoch.
    pub fn window(&self) -> (i64, i64) {
        let start = self.start_day * 86_400;
        (start, start + i64::from(self.days) * 86_400 - 1)
    }
}

/// The generated log: events sorted by time (ties in generation order).
#[derive(Debug, Clone)]
pub struct Generated {
    pub events: Vec<GenEvent>,
    pub prospects: u32,
    pub tally: Tally,
}

/// Run the simulation.
pub fn generate(spec: &Spec) -> Generated {
    let (start, end) = spec.window();
    let world = simulate::World::new(&spec.behaviour, spec.seed, start, end, spec.reps);
    let mut events = Vec::new();
    let mut tally = Tally::default();
    let mut prospects = 0u32;
    match spec.size {
        Size::Prospects(n) => {
            events.reserve(n as usize * 7);
            for i in 0..n {
                tally += world.prospect(i, &mut events);
            }
            prospects = n;
        }
        Size::Events(n) => {
            events.reserve(n as usize + 64);
            while (events.len() as u64) < n && prospects < u32::MAX {
                tally += world.prospect(prospects, &mut events);
                prospects += 1;
            }
        }
    }
    events.sort_by_key(|e| e.ts);
    Generated { events, prospects, tally }
}

/// One row of the true hazard table.
#[derive(Debug, Clone, Serialize)]
pub struct TruthRow {
    pub k: u32,
    /// The marginal hazard the engine's `hazard(k)` estimates.
    pub hazard: f64,
    /// The hazard of each segment, in the order of `behaviour.segments`.
    pub by_segment: Vec<f64>,
}

/// One row of the true touch policy (docs/metrics.md §12).
#[derive(Debug, Clone, Serialize)]
pub struct PolicyTruthRow {
    pub k: u32,
    /// Conversions per 100 touched prospects had all been followed up to `k` touches.
    pub conversions_per_100: f64,
    /// Touches spent per 100 touched prospects under that policy.
    pub touches_per_100: f64,
}

/// What `--truth` writes.
#[derive(Debug, Clone, Serialize)]
pub struct Truth {
    pub generator: &'static str,
    pub seed: u64,
    pub size: Size,
    pub reps: u16,
    pub start: String,
    pub end: String,
    pub days: u32,
    /// Events written (exact duplicates included) and prospects simulated.
    pub events: u64,
    pub prospects: u32,
    pub realised: TallyOut,
    /// `truth(k)` for k = 1..=30: what `hazard(k)` should recover.
    pub hazard: Vec<TruthRow>,
    /// The true touch policy for k = 1..=30: what the `policy` table of
    /// `analyze` should recover when giving up is uninformative.
    pub policy: Vec<PolicyTruthRow>,
    /// The style of each rep (`rep_001`, ...), indexing `behaviour.rep_styles`.
    pub rep_styles: Vec<&'static str>,
    pub behaviour: Behaviour,
    pub notes: &'static str,
}

/// [`Tally`] for the truth file.
#[derive(Debug, Clone, Serialize)]
pub struct TallyOut {
    pub touched_prospects: u64,
    pub conversions_after_touch: u64,
    pub conversions_untouched: u64,
    pub opted_out: u64,
    pub lost: u64,
    pub duplicate_rows: u64,
}

pub(crate) const TRUTH_NOTES: &str =
    "hazard[k-1].hazard is the marginal per-touch conversion hazard: of the prospects \
who reach touch k without converting, the share converting at touch k (docs/metrics.md hazard(k)). Censoring \
(rep persistence, opt-outs, losses, dead addresses, the window end) is independent of the segment and of \
future conversion draws, so the engine's hazard(k) is unbiased for it, and policy[k-1] is the touch policy \
(conversions and touches per 100 touched prospects, had everyone been followed up to k touches) that the \
analysis' policy table estimates; with --informative-give-up above 0 that no longer holds. Use an as-of at or after the \
window end (the default, the latest event, is fine).";

/// The ground truth of a run.
pub fn truth(spec: &Spec, g: &Generated) -> Truth {
    let b = &spec.behaviour;
    let (start, end) = spec.window();
    let fmt = |s: i64| crate::time::format_ts(s * 1_000_000);
    let marginal = b.marginal_hazard(30);
    Truth {
        generator: concat!("touchstone generate ", env!("CARGO_PKG_VERSION")),
        seed: spec.seed,
        size: spec.size,
        reps: spec.reps,
        start: fmt(start),
        end: fmt(end),
        days: spec.days,
        events: g.events.len() as u64,
        prospects: g.prospects,
        realised: TallyOut {
            touched_prospects: g.tally.touched,
            conversions_after_touch: g.tally.converted,
            conversions_untouched: g.tally.converted_untouched,
            opted_out: g.tally.opted_out,
            lost: g.tally.lost,
            duplicate_rows: g.tally.duplicates,
        },
        hazard: marginal
            .iter()
            .enumerate()
            .map(|(i, &h)| TruthRow {
                k: i as u32 + 1,
                hazard: h,
                by_segment: (0..b.segments.len()).map(|s| b.hazard(s, i as u32 + 1)).collect(),
            })
            .collect(),
        policy: b
            .true_policy(30)
            .into_iter()
            .enumerate()
            .map(|(i, (conversions_per_100, touches_per_100))| PolicyTruthRow {
                k: i as u32 + 1,
                conversions_per_100,
                touches_per_100,
            })
            .collect(),
        rep_styles: simulate::rep_styles(b, spec.reps).into_iter().map(|s| b.rep_styles[s].name).collect(),
        behaviour: b.clone(),
        notes: TRUTH_NOTES,
    }
}

/// Output container, from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Csv,
    CsvGz,
    Parquet,
}

impl Container {
    pub fn from_path(path: &Path) -> Option<Container> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".csv.gz") {
            Some(Container::CsvGz)
        } else if name.ends_with(".csv") {
            Some(Container::Csv)
        } else if name.ends_with(".parquet") {
            Some(Container::Parquet)
        } else {
            None
        }
    }
}

/// Write the events to `path` in `format`, the container chosen by the
/// extension (`.csv`, `.csv.gz`, `.parquet`).
pub fn write_file(events: &[GenEvent], format: Format, path: &Path) -> Result<()> {
    let container = Container::from_path(path).ok_or_else(|| {
        Error::Usage(format!("--out {}: the name must end in .csv, .csv.gz or .parquet", path.display()))
    })?;
    let io = |e: std::io::Error| Error::io(path, e);
    let file = File::create(path).map_err(io)?;
    match container {
        Container::Csv => {
            write::write_csv(events, format, file).map_err(io)?;
        }
        Container::CsvGz => {
            let gz =
                flate2::write::GzEncoder::new(BufWriter::with_capacity(1 << 20, file), flate2::Compression::default());
            write::write_csv(events, format, gz)
                .map_err(io)?
                .finish()
                .map_err(io)?
                .into_inner()
                .map_err(|e| io(e.into_error()))?;
        }
        Container::Parquet => {
            let mut df = to_dataframe(events, format).map_err(Error::polars(format!("building {}", path.display())))?;
            ParquetWriter::new(file).finish(&mut df).map_err(Error::polars(format!("writing {}", path.display())))?;
        }
    }
    Ok(())
}

/// The rows as a frame: every column text exactly as in the CSV, except the
/// canonical `ts`, which is typed `Datetime(us, UTC)`.
pub(crate) fn to_dataframe(events: &[GenEvent], format: Format) -> PolarsResult<DataFrame> {
    let header = format.header();
    let typed_ts = format == Format::Canonical;
    let mut builders: Vec<StringChunkedBuilder> =
        header.iter().map(|h| StringChunkedBuilder::new((*h).into(), events.len())).collect();
    let mut f = write::RowFormatter::new(format);
    let mut line = Vec::with_capacity(256);
    for e in events {
        line.clear();
        f.row(e, &mut line);
        let text = std::str::from_utf8(&line[..line.len() - 1]).expect("rows are UTF-8");
        for (b, cell) in builders.iter_mut().zip(text.split(',')) {
            if cell.is_empty() {
                b.append_null();
            } else {
                b.append_value(cell);
            }
        }
    }
    let mut columns: Vec<Column> = builders.into_iter().map(|b| b.finish().into_column()).collect();
    if typed_ts {
        let micros: Vec<i64> = events.iter().map(|e| e.ts * 1_000_000).collect();
        columns[1] = Int64Chunked::from_vec("ts".into(), micros)
            .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
            .into_column();
    }
    DataFrame::new_infer_height(columns)
}
