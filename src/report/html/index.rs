//! The index page of a multi-week report set.

use std::fmt::Write;

use super::markup::{esc, table, CSS};
use crate::analysis::trends::WeekTrend;
use crate::time::Week;

/// The page listing several weekly reports (`--weeks N`), newest first.
pub fn index(weeks: &[(Week, &[WeekTrend])], version: &str) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <title>Touchstone weekly reports</title><style>{CSS}</style></head><body><main>\n\
         <h1>Touchstone weekly reports</h1><p class=\"sub\">{} weeks, newest first. Each links to its own self-contained page.</p>\n",
        weeks.len()
    );
    let rows: Vec<Vec<String>> = weeks
        .iter()
        .rev()
        .map(|(w, trends)| {
            let t = trends.last();
            let get = |f: fn(&WeekTrend) -> String| t.map_or_else(|| "–".to_string(), f);
            vec![
                format!("<a href=\"{w}/index.html\">{w}</a>"),
                format!("{} – {}", w.monday().format("%-d %b"), w.sunday().format("%-d %b %Y")),
                get(|t| t.touches.to_string()),
                get(|t| t.conversions.to_string()),
                get(|t| t.gone_dark.to_string()),
            ]
        })
        .collect();
    table(&mut o, &["Week", "Dates", "Touches sent", "Conversions", "Gone dark"], &rows);
    let _ = writeln!(o, "<p class=\"note\">Made by touchstone {}.</p></main></body></html>", esc(version));
    o
}
