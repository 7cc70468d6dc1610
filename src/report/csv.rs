//! CSV: the analysis as one file per table (`analyze --format csv --out
//! DIR`, for spreadsheets), and the scorecard as one row per claim and
//! reading (`claims --format csv`). Values are written in full precision.

use serde::Serialize;

use super::{cells, Output, Render, Scorecard};
use crate::analysis::Analysis;
use crate::claims::verdict::ClaimResult;
use crate::error::{Error, Result};
use crate::metrics::reps::RepComparison;
use crate::metrics::worklist::Worklist;

pub(crate) struct Csv;

impl Render for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    /// One row per prospect, the id first (import it back as a CRM list).
    fn worklist(&self, w: &Worklist) -> Result<Output> {
        let mut files = Files::new();
        write_rows(&mut files, "worklist.csv", &w.rows)?;
        Ok(Output::Text(String::from_utf8(files.remove(0).1).expect("csv is UTF-8")))
    }

    fn reps(&self, r: &RepComparison) -> Result<Output> {
        let mut files = Files::new();
        let rows: Vec<RepCsv> = r.rows.iter().map(RepCsv::from).collect();
        write_rows(&mut files, "reps.csv", &rows)?;
        Ok(Output::Text(String::from_utf8(files.remove(0).1).expect("csv is UTF-8")))
    }

    fn analysis(&self, a: &Analysis) -> Result<Output> {
        Ok(Output::Files(files(a)?))
    }

    fn scorecard(&self, s: &Scorecard) -> Result<Output> {
        Ok(Output::Text(csv_text(s.claims)?))
    }
}

type Files = Vec<(String, Vec<u8>)>;

/// A rep row without its curve (a CSV cell holds one value).
#[derive(Serialize)]
struct RepCsv<'a> {
    rep_id: &'a str,
    prospects: u64,
    conversions: u64,
    rate: f64,
    shrunk_rate: f64,
    shrunk_lo: f64,
    shrunk_hi: f64,
    km_at_horizon: f64,
    km_lo: f64,
    km_hi: f64,
    observed: f64,
    expected: f64,
    chi2: f64,
    p_value: f64,
    p_adjusted: f64,
    flag: Option<&'static str>,
    given_up: Option<u64>,
    median_give_up: Option<f64>,
    share_after_one_followup: Option<f64>,
}

impl<'a> From<&'a crate::metrics::reps::RepRow> for RepCsv<'a> {
    fn from(r: &'a crate::metrics::reps::RepRow) -> Self {
        RepCsv {
            rep_id: &r.rep_id,
            prospects: r.prospects,
            conversions: r.conversions,
            rate: r.rate,
            shrunk_rate: r.shrunk_rate,
            shrunk_lo: r.shrunk_lo,
            shrunk_hi: r.shrunk_hi,
            km_at_horizon: r.km_at_horizon,
            km_lo: r.km_lo,
            km_hi: r.km_hi,
            observed: r.observed,
            expected: r.expected,
            chi2: r.chi2,
            p_value: r.p_value,
            p_adjusted: r.p_adjusted,
            flag: r.flag,
            given_up: r.given_up,
            median_give_up: r.median_give_up,
            share_after_one_followup: r.share_after_one_followup,
        }
    }
}

fn write_rows<T: Serialize>(files: &mut Files, name: &str, rows: &[T]) -> Result<()> {
    let err = |e: csv::Error| Error::io(name, e.into());
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.serialize(row).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::io(name, e.into_error()))?;
    files.push((name.to_string(), bytes));
    Ok(())
}

#[derive(Serialize)]
struct ChannelHazardCsv {
    channel: String,
    k: u32,
    reached: u64,
    conversions: u64,
    hazard: Option<f64>,
    hazard_lo: Option<f64>,
    hazard_hi: Option<f64>,
}

#[derive(Serialize)]
struct KeyValue {
    metric: String,
    value: String,
}

fn kv(metric: &str, value: impl ToString) -> KeyValue {
    KeyValue { metric: metric.to_string(), value: value.to_string() }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// `summary.csv` (every scalar) and one CSV per table. Tables that need the
/// event timeline are written only when it was available.
pub fn files(a: &Analysis) -> Result<Files> {
    let mut files = Files::new();
    let c = &a.counts;
    let g = &a.give_up;
    let summary = vec![
        kv("as_of", opt(a.as_of.as_deref())),
        kv("rows_read", opt(c.rows_read)),
        kv("rows_used", opt(c.rows_used)),
        kv("duplicates", opt(c.duplicates)),
        kv("rejected", opt(c.rejected)),
        kv("skipped", opt(c.skipped)),
        kv("after_as_of", opt(c.after_as_of)),
        kv("events", opt(c.events)),
        kv("prospects", c.prospects),
        kv("touches", c.touches),
        kv("conversions", c.conversions),
        kv("conversions_without_touch", c.conversions_without_touch),
        kv("status_converted", c.status.converted),
        kv("status_lost", c.status.lost),
        kv("status_abandoned", c.status.abandoned),
        kv("status_open", c.status.open),
        kv("given_up", g.given_up),
        kv("reps_after_one_followup_share", opt(g.reps_after_one_followup.share)),
        kv("reps_after_one_followup_reps", g.reps_after_one_followup.reps),
        kv("left_on_table_expected_conversions_upper_bound", g.left_on_table.expected_conversions),
        kv("left_on_table_prospects", g.left_on_table.prospects),
        kv("left_on_table_horizon", g.left_on_table.horizon),
        kv("quiet_days", a.params.quiet_days),
        kv("cap", a.params.cap),
        kv("horizon", a.params.horizon),
    ];
    let mut summary = summary;
    let fr = &a.first_response;
    summary.extend([
        kv("first_response_responders", fr.responders),
        kv("first_response_median_r", opt(fr.median_r)),
        kv("first_response_share_5_8", opt(fr.share_5_8)),
        kv("policy_touch_cost", opt(a.policy.touch_cost)),
        kv("policy_conversion_value", opt(a.policy.conversion_value)),
        kv("policy_best_k", opt(a.policy.best_k)),
        kv("policy_best_k_lo", opt(a.policy.best_k_lo)),
        kv("policy_best_k_hi", opt(a.policy.best_k_hi)),
    ]);
    if let Some(d) = &a.time_to_dark {
        summary.extend([
            kv("dark_days", d.dark_days),
            kv("engaged", d.engaged),
            kv("dark", d.dark),
            kv("time_to_dark_median_days", opt(d.median_days)),
            kv("time_to_dark_p25_days", opt(d.p25_days)),
            kv("time_to_dark_p75_days", opt(d.p75_days)),
            kv("time_to_dark_p90_days", opt(d.p90_days)),
            kv("dark_chased", d.chased.dark_chased),
            kv("dark_share_chased", opt(d.chased.share_chased)),
            kv("dark_median_touches_after", opt(d.chased.median_touches_after)),
            kv("dark_median_days_to_last_touch", opt(d.chased.median_days_to_last_touch)),
        ]);
    }
    if let Some(r) = &a.revival {
        summary.extend([
            kv("silences", r.silences),
            kv("silences_with_touches", r.silences_with_touches),
            kv("revived_with_touches", r.revived_with_touches),
            kv("revival_rate", opt(r.revival_rate)),
            kv("revival_rate_lo", opt(r.revival_rate_lo)),
            kv("revival_rate_hi", opt(r.revival_rate_hi)),
            kv("revived_prospects", r.revived_prospects),
            kv("revived_then_converted", r.revived_then_converted),
        ]);
    }
    if let Some(t) = &a.time_to_convert {
        summary.extend([
            kv("time_to_convert_median_days", opt(t.median_days)),
            kv("time_to_convert_median_lo", opt(t.median_lo)),
            kv("time_to_convert_median_hi", opt(t.median_hi)),
        ]);
    }
    if let Some(d) = &a.channel.call_minus_email {
        summary.extend([
            kv("call_minus_email", d.value),
            kv("call_minus_email_lo", d.lo),
            kv("call_minus_email_hi", d.hi),
        ]);
    }
    write_rows(&mut files, "summary.csv", &summary)?;
    write_rows(&mut files, "conversion_by_touch.csv", &a.conversion_by_touch)?;
    write_rows(&mut files, "policy.csv", &a.policy.rows)?;
    write_rows(&mut files, "give_up_distribution.csv", &g.distribution)?;
    write_rows(&mut files, "give_up_by_rep.csv", &g.by_rep)?;
    write_rows(&mut files, "reps.csv", &a.reps.rows.iter().map(RepCsv::from).collect::<Vec<_>>())?;
    write_rows(&mut files, "worklist.csv", &a.worklist.rows)?;
    write_rows(&mut files, "first_response.csv", &fr.distribution)?;
    write_rows(&mut files, "channel_first_touch.csv", &a.channel.by_first_channel)?;
    if let Some(d) = &a.time_to_dark {
        write_rows(&mut files, "time_to_dark_km.csv", &d.km)?;
    }
    if let Some(t) = &a.time_to_convert {
        write_rows(&mut files, "time_to_convert_km.csv", &t.km)?;
    }
    if let Some(r) = &a.revival {
        if let (Some(bt), Some(bg)) = (&r.by_touches, &r.by_gap) {
            write_rows(&mut files, "revival_by_touches.csv", bt)?;
            write_rows(&mut files, "revival_by_gap.csv", bg)?;
        }
    }
    if let Some(c) = &a.cadence {
        write_rows(&mut files, "cadence_gap_by_touch.csv", &c.gap_by_touch)?;
        write_rows(&mut files, "cadence_response_by_gap.csv", &c.response_by_gap)?;
        write_rows(&mut files, "cadence_loss_by_intensity.csv", &c.loss_by_intensity)?;
        // docs/metrics.md §11.4, all 24 hours and all 7 weekdays.
        write_rows(&mut files, "cadence_response_by_hour.csv", &c.response_by_hour)?;
        write_rows(&mut files, "cadence_response_by_weekday.csv", &c.response_by_weekday)?;
    }
    if let Some(h) = &a.channel.hazard_by_channel {
        let rows: Vec<ChannelHazardCsv> = h
            .iter()
            .flat_map(|c| {
                c.rows.iter().map(move |r| ChannelHazardCsv {
                    channel: c.channel.clone(),
                    k: r.k,
                    reached: r.reached,
                    conversions: r.conversions,
                    hazard: r.hazard,
                    hazard_lo: r.hazard_lo,
                    hazard_hi: r.hazard_hi,
                })
            })
            .collect();
        write_rows(&mut files, "channel_hazard.csv", &rows)?;
    }
    Ok(files)
}

fn csv_text(claims: &[ClaimResult]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::io("<stdout>", e.into());
    w.write_record([
        "id", "title", "reading", "metric", "value", "lo", "hi", "x", "n", "n1", "n2", "op", "claimed", "tol",
        "verdict", "reason", "quote", "source",
    ])
    .map_err(io)?;
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for c in claims {
        for e in std::iter::once(&c.primary).chain(c.alternate.as_ref()) {
            w.write_record([
                c.id.as_str(),
                &c.title,
                &cells::reading(e),
                &e.metric,
                &opt(e.value),
                &opt(e.lo),
                &opt(e.hi),
                &e.x.map(|x| x.to_string()).unwrap_or_default(),
                &e.n.to_string(),
                &e.n1.map(|x| x.to_string()).unwrap_or_default(),
                &e.n2.map(|x| x.to_string()).unwrap_or_default(),
                &e.op,
                &e.claimed.to_string(),
                &opt(e.tol),
                e.verdict.as_str(),
                e.reason.as_deref().unwrap_or(""),
                &c.quote,
                &c.source,
            ])
            .map_err(io)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| Error::io("<stdout>", e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings"))
}
