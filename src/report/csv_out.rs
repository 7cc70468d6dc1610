//! `--format csv --out DIR`: one CSV file per table, for spreadsheets.

use std::path::Path;

use serde::Serialize;

use super::Analysis;
use crate::error::{Error, Result};

fn write_rows<T: Serialize>(dir: &Path, name: &str, rows: &[T]) -> Result<()> {
    let path = dir.join(name);
    let mut w = csv::Writer::from_path(&path).map_err(|e| Error::io(&path, e.into()))?;
    for row in rows {
        w.serialize(row).map_err(|e| Error::io(&path, e.into()))?;
    }
    w.flush().map_err(|e| Error::io(&path, e))
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

/// Write `summary.csv` (every scalar) and one CSV per table into `dir`
/// (created if needed). Tables that need the event timeline are written
/// only when it was available. Returns the file names.
pub fn write(a: &Analysis, dir: &Path) -> Result<Vec<&'static str>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let c = &a.counts;
    let g = &a.give_up;
    let summary = vec![
        kv("as_of", opt(a.as_of.as_deref())),
        kv("rows_read", opt(c.rows_read)),
        kv("rows_used", opt(c.rows_used)),
        kv("duplicates", opt(c.duplicates)),
        kv("rejected", opt(c.rejected)),
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
        summary.extend([kv("call_minus_email", d.value), kv("call_minus_email_lo", d.lo), kv("call_minus_email_hi", d.hi)]);
    }
    let mut files = vec!["summary.csv", "conversion_by_touch.csv", "give_up_distribution.csv", "give_up_by_rep.csv"];
    write_rows(dir, "summary.csv", &summary)?;
    write_rows(dir, "conversion_by_touch.csv", &a.conversion_by_touch)?;
    write_rows(dir, "give_up_distribution.csv", &g.distribution)?;
    write_rows(dir, "give_up_by_rep.csv", &g.by_rep)?;
    write_rows(dir, "first_response.csv", &fr.distribution)?;
    write_rows(dir, "channel_first_touch.csv", &a.channel.by_first_channel)?;
    files.extend(["first_response.csv", "channel_first_touch.csv"]);
    if let Some(d) = &a.time_to_dark {
        write_rows(dir, "time_to_dark_km.csv", &d.km)?;
        files.push("time_to_dark_km.csv");
    }
    if let Some(t) = &a.time_to_convert {
        write_rows(dir, "time_to_convert_km.csv", &t.km)?;
        files.push("time_to_convert_km.csv");
    }
    if let Some(r) = &a.revival {
        if let (Some(bt), Some(bg)) = (&r.by_touches, &r.by_gap) {
            write_rows(dir, "revival_by_touches.csv", bt)?;
            write_rows(dir, "revival_by_gap.csv", bg)?;
            files.extend(["revival_by_touches.csv", "revival_by_gap.csv"]);
        }
    }
    if let Some(c) = &a.cadence {
        write_rows(dir, "cadence_gap_by_touch.csv", &c.gap_by_touch)?;
        write_rows(dir, "cadence_response_by_gap.csv", &c.response_by_gap)?;
        write_rows(dir, "cadence_loss_by_intensity.csv", &c.loss_by_intensity)?;
        files.extend(["cadence_gap_by_touch.csv", "cadence_response_by_gap.csv", "cadence_loss_by_intensity.csv"]);
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
        write_rows(dir, "channel_hazard.csv", &rows)?;
        files.push("channel_hazard.csv");
    }
    Ok(files)
}
