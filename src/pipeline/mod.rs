//! The one route from a configuration to numbers.
//!
//! A [`Run`] reads what an [`AnalysisConfig`] names (events with their
//! notes and the `--outcomes` join, a `--summary` file, or facts files),
//! writes `--rejects` and enforces `--strict`, once; then it hands out the
//! loaded facts: at the configured as-of instant ([`Run::loaded`]), or at
//! any instant ([`Run::loaded_at`], [`Run::facts_at`], cached), all built
//! from the one log it holds. `analyze`, `claims`, `worklist`, `reps`,
//! `explain`, `facts` and the weekly report ([`weekly`]) all start with
//! [`Run::open`]; [`analyze`] turns loaded facts into the [`Analysis`].
//! `validate` reads each file on its own (to explain an unreadable one and
//! go on) and shares [`rejects`]' `--strict` rule.
//!
//! Following `--quiet-days` from the command line: `cli/params.rs` reads
//! the flag into [`FactsParams::quiet_days`], the configuration carries it
//! here, [`Run::loaded`] passes it to [`facts::compute_linked`], which
//! derives each prospect's status (`abandoned` once the last touch is older
//! than that many days); the metrics in `crate::metrics` read the status.

mod read;
pub(crate) mod rejects;
pub mod weekly;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use crate::analysis::{self, Analysis, Params};
use crate::config::{AnalysisConfig, AnalysisSource, InputConfig};
use crate::error::Result;
use crate::facts::{self, Facts, FactsParams, Timeline};
use crate::ingest::{EventLog, IngestSummary, InputKind};
use crate::metrics::aggregates::{self, Aggregates};
use crate::metrics::{EventLevel, Timed};
pub(crate) use read::doubts;
pub(crate) use rejects::{enforce_strict, reject_rows, write_rejects, RejectRow};

/// Facts plus what ingest learned on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub facts: Facts,
    pub ingest: IngestSummary,
    pub inputs: Vec<String>,
    /// The clean event timeline (with prospect ids) when the input was
    /// events; `None` for facts or summary input, where the metrics that need
    /// event times are reported as unavailable. Its `facts_rows` index
    /// `facts` (both are built by a [`Run`]).
    pub timeline: Option<Timeline>,
    /// The event-level aggregates read with facts (`--aggregates`); for
    /// events input they are computed from the timeline when needed
    /// ([`event_aggregates`]).
    pub aggregates: Option<Aggregates>,
}

/// Facts tables a [`Run`] keeps (see [`Run::facts_at`]).
const FACTS_KEPT: usize = 2;

/// One command's inputs, read and checked once; the facts at any as-of
/// instant are built from them on request.
pub struct Run {
    /// The facts parameters; `as_of` is the instant [`Run::loaded`] uses.
    params: FactsParams,
    input: Input,
}

/// What a [`Run`] holds after reading.
enum Input {
    /// Events: the checked log, and what is built from it on request.
    Events(Box<Events>),
    /// A summary or facts files: the facts are what was read.
    Ready(Box<Loaded>),
}

/// An event log with its caches.
struct Events {
    log: EventLog,
    /// Every clean event (sorted, de-duplicated, nothing cut), built on the
    /// first as-of request: the timeline at `T` is its prefix per prospect
    /// up to `T`, since de-duplication happens before the cut (§8.3).
    all: RefCell<Option<Rc<Timeline>>>,
    /// The facts of the last [`FACTS_KEPT`] as-of instants asked for: the
    /// weekly trends walk week ends in order and read each week's facts
    /// with the previous week's. Bounded, since one facts table per week
    /// of a long report would not fit a large log's memory.
    facts: RefCell<VecDeque<(i64, Rc<Facts>)>>,
}

impl Run {
    /// Read what `config` names, write `--rejects`, enforce `--strict`.
    pub fn open(config: &AnalysisConfig) -> Result<Run> {
        match &config.source {
            AnalysisSource::Events(input) => {
                if input.sample {
                    eprintln!(
                        "No input given: using the bundled sample export {} (pass FILES to analyse your own).",
                        crate::ingest::sources::SAMPLE_NAME
                    );
                }
                Run::open_events(input, &config.facts)
            }
            AnalysisSource::Facts { facts, aggregates } => {
                Ok(Run { params: config.facts, input: Input::Ready(Box::new(read::facts(facts, aggregates)?)) })
            }
        }
    }

    /// [`Run::open`] for an event input (or a `--summary` file), without
    /// the note about the bundled sample.
    pub fn open_events(input: &InputConfig, params: &FactsParams) -> Result<Run> {
        if let Some(path) = &input.ingest.summary {
            return Ok(Run { params: *params, input: Input::Ready(Box::new(read::summary(path, input, params)?)) });
        }
        let log = read::events(input)?;
        if let Some(path) = &input.rejects {
            write_rejects(path, &reject_rows(&log))?;
        }
        if input.strict {
            let doubts = log.files.iter().flat_map(|f| doubts(f).into_iter().map(|d| (f.source.clone(), d)));
            enforce_strict(&log.rejects, doubts)?;
        }
        let events = Events { log, all: RefCell::new(None), facts: RefCell::new(VecDeque::new()) };
        Ok(Run { params: *params, input: Input::Events(Box::new(events)) })
    }

    /// The event log, when the input was events.
    pub fn log(&self) -> Option<&EventLog> {
        match &self.input {
            Input::Events(e) => Some(&e.log),
            Input::Ready(_) => None,
        }
    }

    /// The facts at the configured as-of instant (default: the latest time
    /// in the data). Consumes the run: the events move into the timeline
    /// rather than being copied.
    pub fn loaded(self) -> Result<Loaded> {
        match self.input {
            Input::Ready(loaded) => Ok(*loaded),
            Input::Events(e) => {
                let mut log = e.log;
                let events = std::mem::take(&mut log.events);
                let timeline = facts::prepare_events(events, &log, self.params.as_of)?;
                crate::progress::stage("sort and de-duplicate");
                note_same_touch(&log, &timeline.counts);
                let mut loaded = linked(&log, timeline, &self.params);
                if let Some(t) = loaded.timeline.as_mut() {
                    t.prospects = std::mem::take(&mut log.prospects);
                    t.reps = std::mem::take(&mut log.reps);
                }
                Ok(loaded)
            }
        }
    }

    /// The facts and timeline at `as_of`, built from the shared log (its
    /// events are not copied again nor re-sorted). Events input only.
    pub fn loaded_at(&self, as_of: i64) -> Result<Loaded> {
        let e = self.events()?;
        let timeline = e.at(as_of)?;
        let params = FactsParams { as_of: Some(as_of), ..self.params };
        let mut loaded = linked(&e.log, timeline, &params);
        if let Some(t) = loaded.timeline.as_mut() {
            t.prospects = e.log.prospects.clone();
            t.reps = e.log.reps.clone();
        }
        Ok(loaded)
    }

    /// The facts alone at `as_of`; the last [`FACTS_KEPT`] instants are
    /// kept. Events input only.
    pub fn facts_at(&self, as_of: i64) -> Result<Rc<Facts>> {
        let e = self.events()?;
        if let Some((_, f)) = e.facts.borrow().iter().find(|(t, _)| *t == as_of) {
            return Ok(Rc::clone(f));
        }
        let timeline = e.at(as_of)?;
        let facts = Rc::new(facts::compute(&e.log, &timeline, &FactsParams { as_of: Some(as_of), ..self.params }));
        let mut kept = e.facts.borrow_mut();
        if kept.len() == FACTS_KEPT {
            kept.pop_front();
        }
        kept.push_back((as_of, Rc::clone(&facts)));
        Ok(facts)
    }

    /// Touches (§2, of the configured touch channels) with `start <= ts <= end`.
    pub fn touches_between(&self, start: i64, end: i64) -> Result<u64> {
        let all = self.events()?.all()?;
        let channels = &self.params.touch_channels;
        Ok(all.events.iter().filter(|e| e.ts >= start && e.ts <= end && e.is_touch(channels)).count() as u64)
    }

    fn events(&self) -> Result<&Events> {
        match &self.input {
            Input::Events(e) => Ok(e),
            Input::Ready(_) => Err(crate::error::Error::Usage(
                "this needs event FILES (facts and summaries hold no event times)".into(),
            )),
        }
    }
}

impl crate::analysis::trends::FactsAt for Run {
    fn facts_at(&self, as_of: i64) -> Result<Rc<Facts>> {
        Run::facts_at(self, as_of)
    }
    fn touches_between(&self, start: i64, end: i64) -> Result<u64> {
        Run::touches_between(self, start, end)
    }
}

impl Events {
    /// Every clean event, nothing cut (built once).
    fn all(&self) -> Result<Rc<Timeline>> {
        if let Some(t) = self.all.borrow().as_ref() {
            return Ok(Rc::clone(t));
        }
        let t = Rc::new(facts::prepare(&self.log, Some(i64::MAX))?);
        note_same_touch(&self.log, &t.counts);
        *self.all.borrow_mut() = Some(Rc::clone(&t));
        Ok(t)
    }

    /// The clean timeline cut at `as_of`: exactly what [`facts::prepare`]
    /// builds for that instant, without sorting again.
    fn at(&self, as_of: i64) -> Result<Timeline> {
        let all = self.all()?;
        let events: Vec<_> = all.events.iter().filter(|e| e.ts <= as_of).copied().collect();
        let mut counts = all.counts;
        counts.after_as_of = all.counts.events - events.len() as u64;
        counts.events = events.len() as u64;
        Ok(Timeline { as_of, events, counts, prospects: Vec::new(), reps: Vec::new(), facts_rows: Vec::new() })
    }
}

/// docs/metrics.md §13.5: warn about events that look like one touch
/// logged in two files, and say whether they were merged.
fn note_same_touch(log: &EventLog, counts: &crate::ingest::RowCounts) {
    if counts.same_touch == 0 {
        return;
    }
    let w = log.same_touch_within / 1_000_000;
    eprintln!(
        "warning: {} pair(s) of events of one prospect, channel and direction from different files lie within \
         {w} s of each other: one touch logged twice (a sequencer and the CRM)?{}",
        counts.same_touch,
        if log.merge_same_touch {
            format!(" Merged: each pair counts once ({} merged).", counts.merged)
        } else {
            " Pass --merge-same-touch to count each pair once.".to_string()
        }
    );
}

/// The facts of `timeline`, linked to it, with the ingest summary; the
/// caller then gives the timeline the log's prospect and rep ids (moved or
/// copied: the facts are computed from the log's first).
fn linked(log: &EventLog, mut timeline: Timeline, params: &FactsParams) -> Loaded {
    let (facts, rows) = facts::compute_linked(log, &timeline, params);
    crate::progress::stage("facts");
    timeline.facts_rows = rows;
    Loaded {
        facts,
        ingest: IngestSummary {
            kind: InputKind::Events,
            rows: Some(timeline.counts),
            unknown_channels: log.unknown_channels.clone(),
            unknown_outcomes: log.unknown_outcomes.clone(),
        },
        inputs: log.sources.clone(),
        timeline: Some(timeline),
        aggregates: None,
    }
}

/// Read events (or a `--summary` file), join `--outcomes`, write rejects,
/// enforce `--strict`, and build the facts: [`Run::open_events`] then
/// [`Run::loaded`].
pub fn load_events(input: &InputConfig, params: &FactsParams) -> Result<Loaded> {
    Run::open_events(input, params)?.loaded()
}

/// Load what `config` names at its as-of instant: [`Run::open`] then
/// [`Run::loaded`].
pub fn load(config: &AnalysisConfig) -> Result<Loaded> {
    Run::open(config)?.loaded()
}

/// The facts parameters `loaded` was built with: the cut the facts record,
/// the touch channels the aggregates record (else the configured ones).
fn built_with(loaded: &Loaded, config: &AnalysisConfig) -> FactsParams {
    FactsParams {
        quiet_days: loaded.facts.quiet_days,
        dark_days: loaded.facts.dark_days,
        touch_channels: loaded.aggregates.as_ref().map_or(config.facts.touch_channels, |a| a.cut.touch_channels),
        ..config.facts
    }
}

/// The zone of `--tz` for events input (UTC without it): where the timing
/// tables read a touch's local hour and weekday (docs/metrics.md §11.4).
fn zone(config: &AnalysisConfig) -> chrono_tz::Tz {
    config.input().and_then(|i| i.ingest.tz).unwrap_or(chrono_tz::UTC)
}

/// The event-level aggregates of events input, computed from the timeline
/// in one pass (`touchstone facts --aggregates`); `None` without a timeline.
/// `touch_channels` are the ones the facts were built with; `tz` is the
/// zone of `--tz` (the timing tables' local hours, docs/metrics.md §11.4).
pub fn event_aggregates(
    loaded: &Loaded,
    touch_channels: crate::model::ChannelSet,
    tz: chrono_tz::Tz,
) -> Option<Aggregates> {
    let timed = loaded.timeline.as_ref().map(|timeline| Timed { timeline, touch_channels, tz, facts_linked: true })?;
    Some(aggregates::compute(&loaded.facts, &timed, &loaded.ingest))
}

/// The prospects behind one number of `analyze` (`touchstone explain`).
pub fn explain(
    loaded: &Loaded,
    config: &AnalysisConfig,
    metric: &str,
    key: Option<&str>,
) -> std::result::Result<analysis::explain::Explanation, String> {
    // Claims are measured with the whole analysis; the other numbers are
    // explained by their metric family alone.
    let of_claims = crate::metrics::explainable(metric).is_some_and(|e| e.explain.is_none());
    let claims = if of_claims { analyze(loaded, config).claims } else { Vec::new() };
    let fp = built_with(loaded, config);
    let timed = loaded.timeline.as_ref().map(|timeline| Timed {
        timeline,
        touch_channels: fp.touch_channels,
        tz: zone(config),
        facts_linked: true,
    });
    analysis::explain::explain(metric, key, &loaded.facts, timed.as_ref(), &config.metric, &claims)
}

/// Every metric of `loaded`, with the parameters the facts were actually
/// built with echoed in the document.
pub fn analyze(loaded: &Loaded, config: &AnalysisConfig) -> Analysis {
    let fp = built_with(loaded, config);
    // The zone the timing tables are in: the aggregates' for facts input
    // with aggregates (docs/metrics.md §11.4), else `--tz`.
    let tz_name = loaded.aggregates.as_ref().map(|a| a.cut.tz.name()).or(config.tz_name());
    let params = Params::new(&fp, &config.metric, tz_name);
    let timed = loaded.timeline.as_ref().map(|timeline| Timed {
        timeline,
        touch_channels: fp.touch_channels,
        tz: zone(config),
        facts_linked: true,
    });
    crate::progress::stage("before analysis");
    let computed = match (&loaded.aggregates, &timed) {
        (None, Some(t)) => Some(aggregates::compute(&loaded.facts, t, &loaded.ingest)),
        _ => None,
    };
    crate::progress::stage("aggregates");
    let ev = EventLevel { aggregates: loaded.aggregates.as_ref().or(computed.as_ref()), timed: timed.as_ref() };
    let analysis = analysis::compute(
        &loaded.facts,
        ev,
        &loaded.ingest,
        loaded.inputs.clone(),
        params,
        &config.metric,
        &config.claims,
    );
    crate::progress::stage("analysis");
    analysis
}
