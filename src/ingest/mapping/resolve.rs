//! A mapping resolved against one file's header: which columns it reads,
//! which skip rules apply, and which unread columns look suspicious.

use super::{header_key, value_key, Mapping};

/// A mapping resolved against one file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// Actual header names per canonical field (index as [`FIELDS`]).
    pub fields: [Vec<String>; 6],
    /// The skip rules whose column exists.
    pub skip: Vec<SkipCheck>,
    /// The subject columns present (automatic replies, subject channels).
    pub subject: Vec<String>,
    /// The message-header columns present (automatic replies).
    pub headers: Vec<String>,
}

impl Resolved {
    /// Whether the mapping reads column `h` (a field, a skip rule, the
    /// subject or the headers): a repeated name it reads is an error.
    pub fn reads(&self, h: &str) -> bool {
        let k = header_key(h);
        self.fields
            .iter()
            .flatten()
            .chain(self.skip.iter().map(|s| &s.column))
            .chain(self.subject.iter().chain(&self.headers))
            .any(|c| header_key(c) == k)
    }

    /// Header columns that no field, skip rule or `ignore` entry reads.
    pub fn unused(&self, m: &Mapping, headers: &[String]) -> Vec<String> {
        let used: Vec<String> = self
            .fields
            .iter()
            .flatten()
            .chain(self.skip.iter().map(|s| &s.column))
            .chain(self.subject.iter().chain(&self.headers))
            .map(|h| header_key(h))
            .chain(m.ignore.iter().map(|h| header_key(h)))
            .collect();
        headers.iter().filter(|h| !h.trim().is_empty() && !used.contains(&header_key(h))).cloned().collect()
    }
}

/// Unused columns whose name suggests they carry something a number depends
/// on: (column, what it looks like). Names are compared lower-cased.
pub(crate) fn suspicious(unused: &[String]) -> Vec<(String, &'static str)> {
    unused
        .iter()
        .filter_map(|h| {
            let k = header_key(h);
            let has = |words: &[&str]| words.iter().any(|w| k.contains(w));
            let what = if has(&["direction", "inbound", "incoming"]) {
                "a direction"
            } else if has(&["status", "result", "outcome", "disposition", "state", "bounce", "done", "completed"]) {
                "a status or outcome"
            } else if has(&["contact", "lead", "prospect", "person", "who", "deal", "account", "customer"])
                && has(&["id", "name", "email"])
            {
                "a prospect id"
            } else {
                return None;
            };
            Some((h.clone(), what))
        })
        .collect()
}

/// A [`SkipRule`] resolved against a header, values lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SkipCheck {
    pub column: String,
    pub values: Vec<String>,
    pub keep: Vec<String>,
    pub reason: String,
}

impl SkipCheck {
    /// Whether a row whose cell in `column` is `cell` is skipped.
    pub fn skips(&self, cell: Option<&str>) -> bool {
        let Some(v) = cell.map(str::trim).filter(|v| !v.is_empty()) else { return false };
        let v = value_key(v);
        (!self.values.is_empty() && self.values.contains(&v)) || (!self.keep.is_empty() && !self.keep.contains(&v))
    }
}
