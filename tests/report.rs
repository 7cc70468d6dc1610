//! `touchstone report`: every chart renders to PNG and SVG on the sample and
//! on edge cases, the report folder is complete, self-contained and
//! byte-identical across runs, and ISO-week arithmetic is exact.

use std::collections::BTreeSet;
use std::path::Path;

use touchstone::analysis::trends::WeekTrend;
use touchstone::analysis::Analysis;
use touchstone::charts::{self, style, Chart, ChartInput};
use touchstone::config::InputConfig;
use touchstone::config::{AnalysisConfig, AnalysisSource};
use touchstone::facts::FactsParams;
use touchstone::ingest::time::parse_as_of;
use touchstone::ingest::{IngestOptions, Source};
use touchstone::metrics::MetricParams;
use touchstone::pipeline::weekly::Weekly;
use touchstone::time::Week;

use crate::common::{input_for, touchstone, Work, HEADER};

fn weekly(input: InputConfig) -> Weekly {
    let config = AnalysisConfig {
        source: AnalysisSource::Events(input),
        facts: FactsParams::default(),
        metric: MetricParams::default(),
        claims: touchstone::claims::seeds(),
    };
    Weekly::load(config).expect("loads")
}

fn sample() -> Weekly {
    weekly(InputConfig {
        sources: vec![Source::sample()],
        sample: true,
        ingest: IngestOptions::default(),
        tz_name: None,
        rejects: None,
        strict: false,
    })
}

/// A weekly report source from a canonical CSV body (header added).
fn from_body(w: &Work, body: &str) -> Weekly {
    let p = w.file("log.csv", &format!("{HEADER}\n{body}"));
    weekly(input_for(&[p]))
}

fn w(s: &str) -> Week {
    Week::parse(s).expect("valid week")
}

struct Decoded {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

fn decode(png_bytes: &[u8]) -> Decoded {
    let mut reader = png::Decoder::new(png_bytes).read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    Decoded { width: info.width, height: info.height, rgb: buf }
}

impl Decoded {
    fn colours(&self) -> usize {
        self.rgb.chunks(3).map(|p| [p[0], p[1], p[2]]).collect::<BTreeSet<_>>().len()
    }
    /// Pixels of exactly this colour.
    fn pixels(&self, c: plotters::style::RGBColor) -> usize {
        self.rgb.chunks(3).filter(|p| p[0] == c.0 && p[1] == c.1 && p[2] == c.2).count()
    }
}

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// SVG elements `<tag ...>` filled with `colour` (polylines: stroked with it).
fn count(svg: &str, tag: &str, colour: plotters::style::RGBColor) -> usize {
    let attr = if tag == "polyline" { "stroke" } else { "fill" };
    let open = format!("<{tag} ");
    let want = format!("{attr}=\"{}\"", hex(colour));
    svg.lines().filter(|l| l.starts_with(&open) && l.contains(&want)).count()
}

/// Hollow SVG elements `<tag ...>` outlined in `colour`.
fn hollow(svg: &str, tag: &str, colour: plotters::style::RGBColor) -> usize {
    let open = format!("<{tag} ");
    let want = format!("stroke=\"{}\"", hex(colour));
    svg.lines().filter(|l| l.starts_with(&open) && l.contains("fill=\"none\"") && l.contains(&want)).count()
}

/// Render every chart both ways; check size, non-blankness and the title.
fn render_all(input: &ChartInput) -> Vec<(Chart, String, Decoded)> {
    Chart::ALL
        .iter()
        .map(|&chart| {
            let png = decode(&chart.png(input).unwrap_or_else(|e| panic!("{e}")));
            let (w, h) = chart.size(input);
            assert_eq!((png.width, png.height), (w, h), "{} PNG size", chart.name());
            assert!(png.colours() >= 3, "{} PNG is blank ({} colours)", chart.name(), png.colours());
            let svg = chart.svg(input).unwrap_or_else(|e| panic!("{e}"));
            assert!(svg.starts_with("<svg "), "{} SVG", chart.name());
            assert!(svg.contains(&format!("viewBox=\"0 0 {w} {h}\"")), "{} SVG size", chart.name());
            assert!(svg.contains(chart.title()), "{} SVG lacks its title", chart.name());
            well_formed(&svg);
            (chart, svg, png)
        })
        .collect()
}

fn well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at byte {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "unbalanced tags");
}

#[test]
fn every_chart_renders_on_the_sample_with_titles_axes_and_series() {
    let s = sample();
    let week = s.default_week();
    assert_eq!(week, w("2026-W47"), "the sample's last event is on Sunday 2026-11-22");
    let a: Analysis = s.analysis(week).unwrap();
    let trends: Vec<WeekTrend> = s.trends(week, 12).unwrap();
    let input = ChartInput { analysis: &a, trends: &trends };
    let out = render_all(&input);
    let svg = |c: Chart| out.iter().find(|x| x.0 == c).map(|x| x.1.clone()).unwrap();
    let png = |c: Chart| out.iter().find(|x| x.0 == c).map(|x| &x.2).unwrap();
    for (_, _, p) in &out {
        assert!(p.colours() >= 8, "a chart on the sample has few colours");
    }

    // Conversion by touch: one bar per row (+ its legend swatch), the cumulative line (+ legend).
    let conv = svg(Chart::ConversionByTouch);
    for text in [charts::conversion::X_DESC, charts::conversion::Y_DESC, charts::conversion::Y2_DESC, "15+"] {
        assert!(conv.contains(text), "conversion chart lacks {text:?}");
    }
    assert!(conv.contains(&format!("n = {} conversions", a.counts.conversions - a.counts.conversions_without_touch)));
    assert_eq!(count(&conv, "rect", style::BLUE), a.conversion_by_touch.len() + 1);
    assert_eq!(count(&conv, "polyline", style::PURPLE), 2);
    assert!(png(Chart::ConversionByTouch).pixels(style::BLUE) > 1000);

    // Stop vs convert: give-up bars, hazard line with whiskers.
    let stop = svg(Chart::StopVsConvert);
    for text in [charts::stop_vs_convert::X_DESC, charts::stop_vs_convert::Y_DESC, charts::stop_vs_convert::Y2_DESC] {
        assert!(stop.contains(text), "stop-vs-convert lacks {text:?}");
    }
    assert!(stop.contains(&format!("n = {} given-up prospects", a.give_up.given_up)));
    let orange = plotters::style::RGBColor(0xE6, 0x9F, 0x00);
    assert_eq!(count(&stop, "rect", orange), a.give_up.distribution.len() + 1);
    let with_hazard = a.conversion_by_touch.iter().filter(|r| r.hazard.is_some()).count();
    assert_eq!(count(&stop, "circle", style::BLUE), with_hazard, "hazard points");
    assert!(png(Chart::StopVsConvert).pixels(style::ORANGE) > 0 || png(Chart::StopVsConvert).colours() > 20);

    // Hazard + KM: a point per touch reached, the at-risk row, both panels' axes.
    let hz = svg(Chart::Hazard);
    for text in [charts::hazard::HAZARD_Y, charts::hazard::KM_Y, charts::hazard::X_DESC, charts::hazard::AT_RISK] {
        assert!(hz.contains(text), "hazard chart lacks {text:?}");
    }
    assert_eq!(count(&hz, "circle", style::BLUE), with_hazard + 1);
    assert!(hz.contains(&format!(">\n{}\n</text>", a.conversion_by_touch[0].reached)), "at-risk count of touch 1");

    // Policy: both panels' axes, one point per k (cap - 1 rows), no break-even
    // line without a cost and a value.
    let pol = svg(Chart::Policy);
    for text in
        [charts::policy::X_TOUCHES, charts::policy::Y_CONVERSIONS, charts::policy::X_K, charts::policy::Y_MARGINAL]
    {
        assert!(pol.contains(text), "policy chart lacks {text:?}");
    }
    assert_eq!(a.policy.rows.len(), a.conversion_by_touch.len() - 1);
    assert_eq!(count(&pol, "circle", style::PURPLE), a.policy.rows.len());
    assert!(!pol.contains("Break-even"));

    // Reps: one dot per rep (filled: enough given-up prospects; hollow: small n).
    let reps = svg(Chart::RepGiveUp);
    for r in &a.give_up.by_rep {
        assert!(reps.contains(&r.rep_id), "rep {} missing", r.rep_id);
    }
    let min = u64::from(a.give_up.reps_after_one_followup.min_rep_prospects);
    let big = a.give_up.by_rep.iter().filter(|r| r.given_up >= min).count();
    assert_eq!(count(&reps, "circle", style::ORANGE), big + 1);
    assert_eq!(hollow(&reps, "circle", style::INSUFFICIENT), a.give_up.by_rep.len() - big + 1);
    assert!(reps.contains(charts::reps::X_DESC));

    // Time to dark: the curve, its band, the axes.
    let dark = svg(Chart::TimeToDark);
    assert!(dark.contains(charts::dark::X_DESC) && dark.contains(charts::dark::Y_DESC));
    let km_rows = a.time_to_dark.as_ref().unwrap().km.len();
    assert_eq!(count(&dark, "circle", style::PURPLE), km_rows);
    assert_eq!(count(&dark, "polygon", style::SKY), 1);

    // Revival: both panels.
    let rev = svg(Chart::Revival);
    for text in [charts::revival::LEFT_X, charts::revival::RIGHT_X, charts::revival::Y_DESC] {
        assert!(rev.contains(text), "revival lacks {text:?}");
    }
    let r = a.revival.as_ref().unwrap();
    let bars = r.by_touches.as_ref().unwrap().iter().filter(|b| b.share.is_some()).count();
    assert_eq!(count(&rev, "rect", style::BLUE), bars);

    // Trends: five panels, one point per week in each count panel.
    let tr = svg(Chart::Trends);
    for t in charts::trends::PANEL_TITLES {
        assert!(tr.contains(t), "trends lacks {t:?}");
    }
    assert_eq!(trends.len(), 12);
    assert_eq!(trends.last().unwrap().week, "2026-W47");
    assert_eq!(count(&tr, "circle", style::MUTED), 12, "gone-dark points");

    // Claims: one row per claim, an interval bar per measured claim.
    let cl = svg(Chart::Claims);
    let measured = a.claims.iter().filter(|c| c.primary.lo.is_some()).count();
    let bars: usize = [style::SUPPORTED, style::CONTRADICTED, style::INCONCLUSIVE, style::INSUFFICIENT]
        .iter()
        .map(|&c| count(&cl, "rect", c))
        .sum();
    assert_eq!(bars, measured + 4, "interval bars + the four legend swatches");
    for c in &a.claims {
        assert!(cl.contains(&c.title), "claim {} missing", c.title);
    }
}

/// Render every chart of `week` for a small log; return the analysis.
fn edge(body: &str, week: &str) -> Analysis {
    let work = Work::new();
    let s = from_body(&work, body);
    let a = s.analysis(w(week)).unwrap();
    let trends = s.trends(w(week), 12).unwrap();
    render_all(&ChartInput { analysis: &a, trends: &trends });
    a
}

#[test]
fn charts_render_with_no_conversions() {
    let a = edge(
        "P1,2026-09-01T10:00:00Z,out,call,no_answer,r1\n\
         P1,2026-09-03T10:00:00Z,out,email,none,r1\n\
         P2,2026-11-03T09:00:00Z,out,email,none,r2\n\
         P2,2026-11-03T10:00:00Z,in,email,replied,r2\n\
         P3,2026-11-18T10:00:00Z,out,call,lost,r2",
        "2026-W47",
    );
    assert_eq!(a.counts.conversions, 0);
    let svg = Chart::ConversionByTouch.svg(&ChartInput { analysis: &a, trends: &[] }).unwrap();
    assert!(svg.contains("No data"), "an empty chart says so");
}

#[test]
fn charts_render_with_one_prospect() {
    let a = edge("P1,2026-11-16T10:00:00Z,out,call,no_answer,r1\nP1,2026-11-18T10:00:00Z,out,call,won,r1", "2026-W47");
    assert_eq!((a.counts.prospects, a.counts.conversions), (1, 1));
}

#[test]
fn charts_render_with_one_rep() {
    let mut body = String::new();
    for p in 0..12 {
        body.push_str(&format!("P{p},2026-09-0{}T10:00:00Z,out,call,no_answer,solo\n", 1 + p % 9));
        if p % 3 == 0 {
            body.push_str(&format!("P{p},2026-11-1{}T10:00:00Z,out,email,won,solo\n", p % 9));
        }
    }
    let a = edge(&body, "2026-W47");
    assert_eq!(a.give_up.by_rep.len(), 1);
}

#[test]
fn charts_render_when_all_prospects_are_open() {
    let a = edge(
        "P1,2026-11-16T10:00:00Z,out,call,no_answer,r1\n\
         P2,2026-11-17T10:00:00Z,out,email,none,r2\n\
         P3,2026-11-20T10:00:00Z,out,sms,none,r1",
        "2026-W47",
    );
    assert_eq!(a.counts.status.open, 3);
    assert_eq!(a.give_up.given_up, 0);
}

#[test]
fn charts_render_for_a_week_with_no_events_and_a_week_before_the_data() {
    let body = "P1,2026-11-02T10:00:00Z,out,call,no_answer,r1\nP1,2026-11-20T10:00:00Z,out,call,won,r1";
    // 2026-W46 (9–15 Nov) has no event; its trend row is all zeros.
    let work = Work::new();
    let s = from_body(&work, body);
    let trends = s.trends(w("2026-W46"), 12).unwrap();
    let last = trends.last().unwrap();
    assert_eq!((last.week.as_str(), last.touches, last.conversions, last.gone_dark), ("2026-W46", 0, 0, 0));
    assert_eq!(last.median_conversion_touch, None);
    edge(body, "2026-W46");
    // A week before the first event: nothing at all to show.
    let a = edge(body, "2026-W40");
    assert_eq!(a.counts.prospects, 0);
}

#[test]
fn iso_weeks_are_exact_across_year_boundaries() {
    assert_eq!(Week::weeks_in(2026), 53);
    assert_eq!(Week::weeks_in(2025), 52);
    assert_eq!(Week::weeks_in(2020), 53);
    let w53 = w("2026-W53");
    assert_eq!(w53.monday().to_string(), "2026-12-28");
    assert_eq!(w53.sunday().to_string(), "2027-01-03");
    assert_eq!(w53.next(), w("2027-W01"));
    assert_eq!(w("2027-W01").monday().to_string(), "2027-01-04");
    assert_eq!(w("2027-W01").prev(), w53);
    assert_eq!(w("2026-W01").monday().to_string(), "2025-12-29", "2026-W01 starts in 2025");
    assert!(Week::parse("2025-W53").is_err(), "2025 has 52 ISO weeks");
    assert!(Week::parse("2026-W00").is_err());
    assert!(Week::parse("2026-47").is_err());
    assert_eq!(Week::parse("2026w47").unwrap().to_string(), "2026-W47");
    // The as-of instant is the end of Sunday (docs/metrics.md §2).
    assert_eq!(w("2026-W47").end_micros(), parse_as_of("2026-11-22T23:59:59.999999Z").unwrap());
    assert_eq!(w("2026-W47").start_micros(), parse_as_of("2026-11-16T00:00:00Z").unwrap());
    assert_eq!(w53.end_micros() + 1, w("2027-W01").start_micros());
    let names: Vec<String> = w("2027-W02").last_n(4).iter().map(|x| x.to_string()).collect();
    assert_eq!(names, ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]);
    // The last complete week: a Sunday's own week, else the week before.
    assert_eq!(Week::last_complete(parse_as_of("2026-11-22T17:51:34Z").unwrap()), w("2026-W47"));
    assert_eq!(Week::last_complete(parse_as_of("2026-11-21T23:00:00Z").unwrap()), w("2026-W46"));
    assert_eq!(Week::last_complete(parse_as_of("2027-01-01T12:00:00Z").unwrap()), w("2026-W52"));
    assert_eq!(Week::of_micros(parse_as_of("2027-01-03T23:59:59Z").unwrap()), w53);
}

fn run_report(args: &[&str]) {
    let out = touchstone().arg("report").args(args).output().expect("runs");
    assert!(out.status.success(), "report failed: {}", String::from_utf8_lossy(&out.stderr));
}

fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn report_folder_is_complete_self_contained_and_byte_identical() {
    let work = Work::new();
    let (one, two) = (work.path("one"), work.path("two"));
    run_report(&["--week", "2026-W47", "--out", one.to_str().unwrap()]);
    run_report(&["--out", two.to_str().unwrap()]);
    let a = files_of(&one);
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    let mut expected: Vec<String> = ["index.html", "manifest.json", "metrics.json"].map(String::from).to_vec();
    expected.extend(Chart::ALL.iter().map(|c| format!("{}.png", c.name())));
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(a, files_of(&two), "two runs (explicit and default week) differ");
    // Re-running into the same folder replaces it, leaving no temporary folder behind.
    run_report(&["--out", one.to_str().unwrap()]);
    assert_eq!(a, files_of(&one));
    let siblings: Vec<String> = std::fs::read_dir(work.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(siblings.iter().all(|n| !n.starts_with('.')), "left behind: {siblings:?}");

    let html = String::from_utf8(std::fs::read(one.join("index.html")).unwrap()).unwrap();
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("doctype");
    well_formed(body);
    let lower = html.to_lowercase();
    for bad in ["http:", "https:", "src=\"//", "href=\"//", "<script", "<link", "@import", "url(", "<img"] {
        assert!(!lower.contains(bad), "the page contains {bad:?}");
    }
    assert_eq!(html.matches("<svg ").count(), Chart::ALL.len(), "every chart inline");
    for text in
        ["2026-W47", "Claims scorecard", "sha256", "Definitions and parameters", "▲", "@media print", "max-width:640px"]
    {
        assert!(html.contains(text), "the page lacks {text:?}");
    }
    let sha = touchstone::ingest::sources::sha256_hex(touchstone::ingest::sources::SAMPLE_CSV);
    assert!(html.contains(&sha), "input hash listed");

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(one.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["week"], "2026-W47");
    assert_eq!(manifest["as_of"], "2026-11-22T23:59:59.999999Z");
    assert_eq!(manifest["inputs"][0]["sha256"], sha.as_str());
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["files"].as_array().unwrap().len(), 2 + Chart::ALL.len());

    // metrics.json is the `analyze` document at the week's end.
    let analyze =
        touchstone().args(["analyze", "--as-of", "2026-11-22T23:59:59.999999Z", "--format", "json"]).output().unwrap();
    assert!(analyze.status.success());
    assert_eq!(std::fs::read(one.join("metrics.json")).unwrap(), analyze.stdout);
}

#[test]
fn report_weeks_writes_each_week_and_an_index() {
    let work = Work::new();
    let root = work.path("weeks");
    run_report(&["--week", "2026-W47", "--weeks", "3", "--out", root.to_str().unwrap()]);
    let names: Vec<String> = files_of(&root).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["2026-W45", "2026-W46", "2026-W47", "index.html"]);
    let index = std::fs::read_to_string(root.join("index.html")).unwrap();
    well_formed(index.strip_prefix("<!DOCTYPE html>\n").unwrap());
    for week in ["2026-W45", "2026-W46", "2026-W47"] {
        assert!(index.contains(&format!("href=\"{week}/index.html\"")), "index links {week}");
        let m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(root.join(week).join("manifest.json")).unwrap()).unwrap();
        assert_eq!(m["week"], week);
    }
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("2026-W45/metrics.json")).unwrap()).unwrap();
    assert_eq!(m["as_of"], "2026-11-08T23:59:59.999999Z");
}

#[test]
fn report_refuses_to_replace_a_folder_that_is_not_a_report() {
    let work = Work::new();
    let dir = work.path("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "keep me").unwrap();
    let out = touchstone().args(["report", "--out", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.join("notes.txt")).unwrap(), "keep me");
    let out = touchstone().args(["report", "--week", "2025-W53"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "2025 has no week 53");
    assert!(String::from_utf8_lossy(&out.stderr).contains("52"));
}

/// The two articles that disagree about silence, side by side (docs/metrics.md
/// §7): the page quotes both and answers each with the numbers of the
/// week's analysis (metrics.json beside it), and the §9 sections follow.
#[test]
fn report_sets_the_silence_articles_side_by_side_and_the_acting_sections() {
    let work = Work::new();
    let dir = work.path("w47");
    run_report(&["--week", "2026-W47", "--out", dir.to_str().unwrap()]);
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("metrics.json")).unwrap()).unwrap();
    assert!(html.contains("<h3>Two articles disagree about silence</h3>"));
    assert!(html.contains("“Once your prospect goes dark, you can’t bring them back”"));
    assert!(html.contains("follow up again in a couple of weeks”"));
    let r = &m["revival"];
    let line = format!(
        "Touched silences that revived: {} of {}",
        r["revived_with_touches"].as_u64().unwrap(),
        r["silences_with_touches"].as_u64().unwrap()
    );
    assert!(html.contains(&line), "{line}");
    for id in ["id=\"worklist\"", "id=\"reps\"", "rep_rates", "rep_curves"] {
        assert!(html.contains(id), "{id}");
    }
}

/// Issue 24: `report --outcomes` goes through the same reading as `analyze`,
/// so an outcomes file none of whose ids is in the log is refused (exit 1,
/// with the `--outcomes-id` hint) by both, and nothing is written; before,
/// the report counted no outcome and exited 0. A file whose id is in the
/// log is joined by both.
#[test]
fn report_refuses_an_outcomes_file_that_matches_no_prospect_as_analyze_does() {
    let w = Work::new();
    let log = w.file("log.csv", &format!("{HEADER}\np1,2026-03-02T10:00:00Z,out,call,none,r1\n"));
    let deals = w.file("deals.csv", "prospect_id,won_at,status\nZ1,2026-03-03,won\n");
    let out = w.path("rep");
    for args in [
        vec!["analyze", s(&log), "--outcomes", s(&deals)],
        vec!["report", s(&log), "--outcomes", s(&deals), "--out", s(&out)],
    ] {
        let run = touchstone().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("none of its 1 prospect id(s) is in the touch log"), "{args:?}: {stderr}");
        assert!(stderr.contains("--outcomes-id"), "{args:?}: {stderr}");
    }
    assert!(!out.exists(), "the refused report wrote nothing");
    // p1 won on 3 March (Tuesday of 2026-W10): the week's report counts it.
    let matched = w.file("matched.csv", "prospect_id,won_at,status\np1,2026-03-03,won\n");
    let run = touchstone().args(["report", s(&log), "--outcomes", s(&matched), "--out", s(&out)]).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("Outcomes: 1 of 1 prospect id(s)"), "{stderr}");
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(m["counts"]["conversions"], 1, "{}", m["counts"]);
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Issue 23: with a touch cost and a conversion value the policy chart has
/// its break-even line at 100 C / V conversions per 100 touches (5 / 400:
/// 1.25, printed 1.2) and the best k marked, and the page says what the
/// policy assumes.
#[test]
fn report_policy_chart_has_the_break_even_line_and_the_assumption() {
    let work = Work::new();
    let dir = work.path("w47");
    run_report(&[
        "--week",
        "2026-W47",
        "--out",
        dir.to_str().unwrap(),
        "--touch-cost",
        "5",
        "--conversion-value",
        "400",
    ]);
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("metrics.json")).unwrap()).unwrap();
    let best = m["policy"]["best_k"].as_u64().expect("best k with a cost and a value");
    assert!(html.contains("Break-even: 1.2 per 100 touches"), "break-even line in the inline SVG");
    assert!(html.contains(&format!("Best k = {best} at the cost and value given")));
    assert!(html.contains(&format!("the best stopping point is {best} touches")));
    assert!(html.contains("giving up said nothing about the"), "the assumption, in words");
    assert!(dir.join("policy.png").exists());
}
