//! The single bench binary (criterion), on logs from `touchstone generate`
//! so that every stage runs on realistic shapes with a fixed seed:
//!
//! - `generate`: simulate and format a log to memory;
//! - `ingest`: canonical CSV file to [`EventLog`] (polars read + normalise);
//! - `facts`: `prepare` (sort, de-duplicate, cut) + `compute` (one row per prospect);
//! - `metrics`: conversion by touch and give-up points, from facts.
//!
//! Charts have no bench yet: chart code (src/charts) was still being written
//! when this was; add `charts/*` here once it has a stable entry point. Sizes keep a full run
//! to a few minutes on two cores: `cargo bench --bench touchstone_bench`.
//! The end-to-end comparison at 1M and 10M events is `scripts/bench.sh`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use touchstone::facts::{self, FactsParams};
use touchstone::generate::{self, Format, Size, Spec};
use touchstone::ingest::{canonical, EventLog, IngestOptions, Source};
use touchstone::metrics::{conversion, give_up, MetricParams};

/// Prospects in the benched log (about 7 events each).
const PROSPECTS: u32 = 20_000;

fn spec() -> Spec {
    Spec { seed: 42, ..Spec::new(Size::Prospects(PROSPECTS)) }
}

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.csv");
    let generated = generate::generate(&spec());
    let events = generated.events.len() as u64;
    generate::write_file(&generated.events, Format::Canonical, &path).expect("write log");
    let sources = [Source::Path(path.clone())];
    let read = || canonical::read(&sources, &IngestOptions::default()).expect("ingest");
    let log: EventLog = read();
    let params = FactsParams::default();
    let timeline = facts::prepare(&log, None).expect("prepare");
    let table = facts::compute(&log, &timeline, &params);
    let metric = MetricParams::default();

    let mut g = c.benchmark_group("stages");
    g.sample_size(10).measurement_time(Duration::from_secs(8)).warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(events));

    g.bench_function("generate/canonical_csv", |b| {
        b.iter(|| {
            let gen = generate::generate(&spec());
            generate::write::write_csv(&gen.events, Format::Canonical, std::io::sink()).expect("write")
        })
    });
    g.bench_function("ingest/canonical_csv", |b| b.iter(read));
    g.bench_function("facts/prepare", |b| b.iter(|| facts::prepare(&log, None).expect("prepare")));
    g.bench_function("facts/compute", |b| b.iter(|| facts::compute(&log, &timeline, &params)));
    g.bench_function("facts/prepare+compute", |b| {
        b.iter(|| {
            let t = facts::prepare(&log, None).expect("prepare");
            facts::compute(&log, &t, &params)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("metrics");
    g.sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(table.prospects.len() as u64));
    g.bench_function("conversion", |b| b.iter(|| conversion::compute(&table.prospects, &metric)));
    g.bench_function("give_up", |b| b.iter(|| give_up::compute(&table.prospects, &metric)));
    g.bench_function("conversion+give_up", |b| {
        b.iter_batched(
            || (),
            |()| (conversion::compute(&table.prospects, &metric), give_up::compute(&table.prospects, &metric)),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
