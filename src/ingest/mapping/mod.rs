//! Column mappings: which columns of an export hold the canonical fields of
//! docs/metrics.md §1 and how their spellings translate. A CRM preset is data, a
//! TOML file under `data/presets/` compiled into the binary, in exactly the
//! schema a user writes for `--mapping FILE.toml`:
//!
//! ```toml
//! name = "my-crm"
//! [columns]                       # candidates, first present column wins;
//! prospect_id = "Contact ID"      # for direction/channel/outcome the first
//! ts = ["Completed At", "Due"]    # column with a recognised value wins
//! channel = "Type"
//! [values.channel]                # spellings (case-insensitive) -> canonical
//! "Phone Call" = "call"
//! [time]
//! tz = "America/New_York"         # for times without an offset (--tz wins)
//! date_order = "mdy"              # for 03/04/2026 (--date-order wins)
//! ```
//!
//! Auto-detection ([`detect`]) tries the canonical header first, then each
//! preset in [`PRESETS`] order (`generic` last): a preset matches when every
//! group of its `detect` headers has a member in the file and its
//! `prospect_id` and `ts` columns are found. Headers are compared trimmed and
//! case-insensitively, with runs of whitespace collapsed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize};

mod detect;
mod resolve;

use super::time::DateOrder;
use crate::error::{Error, Result};
use crate::model::{Channel, Direction, Outcome};
pub use detect::Detection;
pub(crate) use detect::{detect, MAPPING_EXAMPLE};
pub(crate) use resolve::{suspicious, Resolved, SkipCheck};

/// The built-in presets, in detection order (canonical is tried before them;
/// among full matches the most specific wins, see [`detect`]).
pub(crate) const PRESETS: [(&str, &str); 22] = [
    ("hubspot", include_str!("../../../data/presets/hubspot.toml")),
    ("hubspot_calls", include_str!("../../../data/presets/hubspot_calls.toml")),
    ("hubspot_emails", include_str!("../../../data/presets/hubspot_emails.toml")),
    ("hubspot_meetings", include_str!("../../../data/presets/hubspot_meetings.toml")),
    ("salesforce_report", include_str!("../../../data/presets/salesforce_report.toml")),
    ("salesforce_dataloader", include_str!("../../../data/presets/salesforce_dataloader.toml")),
    ("pipedrive", include_str!("../../../data/presets/pipedrive.toml")),
    ("close", include_str!("../../../data/presets/close.toml")),
    ("close_calls", include_str!("../../../data/presets/close_calls.toml")),
    ("close_emails", include_str!("../../../data/presets/close_emails.toml")),
    ("outreach_calls", include_str!("../../../data/presets/outreach_calls.toml")),
    ("outreach_mailings", include_str!("../../../data/presets/outreach_mailings.toml")),
    ("outreach_tasks", include_str!("../../../data/presets/outreach_tasks.toml")),
    ("salesloft_calls", include_str!("../../../data/presets/salesloft_calls.toml")),
    ("salesloft_emails", include_str!("../../../data/presets/salesloft_emails.toml")),
    ("salesloft_crm_activities", include_str!("../../../data/presets/salesloft_crm_activities.toml")),
    ("apollo_calls", include_str!("../../../data/presets/apollo_calls.toml")),
    ("apollo_emails", include_str!("../../../data/presets/apollo_emails.toml")),
    ("zoho_calls", include_str!("../../../data/presets/zoho_calls.toml")),
    ("zoho_tasks", include_str!("../../../data/presets/zoho_tasks.toml")),
    ("zoho_meetings", include_str!("../../../data/presets/zoho_meetings.toml")),
    ("generic", include_str!("../../../data/presets/generic.toml")),
];

/// The canonical header as a mapping: exact names, canonical spellings only.
const CANONICAL: &str = r#"
name = "canonical"
description = "The canonical touch log: prospect_id,ts,direction,channel,outcome,rep_id (docs/metrics.md 1)."
detect = [["prospect_id"], ["ts"]]
[columns]
prospect_id = "prospect_id"
ts = "ts"
direction = "direction"
channel = "channel"
outcome = "outcome"
rep_id = "rep_id"
"#;

/// The canonical fields, in header order.
pub(crate) const FIELDS: [&str; 6] = ["prospect_id", "ts", "direction", "channel", "outcome", "rep_id"];

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// Candidate column names for each canonical field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    #[serde(deserialize_with = "one_or_many")]
    pub prospect_id: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub ts: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub direction: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub channel: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub outcome: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub rep_id: Vec<String>,
    /// The e-mail subject: read to recognise automatic replies
    /// (docs/metrics.md §13.3) and, with `[values.subject_channel]`, the
    /// channel of a row whose channel columns are empty.
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub subject: Vec<String>,
    /// Raw message headers (`Auto-Submitted: auto-replied`, `X-Autoreply`),
    /// where an export carries them (RFC 3834; docs/metrics.md §13.3).
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

impl Columns {
    pub fn field(&self, i: usize) -> &[String] {
        match i {
            0 => &self.prospect_id,
            1 => &self.ts,
            2 => &self.direction,
            3 => &self.channel,
            4 => &self.outcome,
            _ => &self.rep_id,
        }
    }
}

/// Spellings of the export (keys, case-insensitive) onto canonical values.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Values {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub direction: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channel: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outcome: BTreeMap<String, String>,
    /// Subject prefixes (case-insensitive) onto a channel, used only when
    /// every channel column of the row is empty (Salesforce writes "Email:"
    /// before the subject of a logged e-mail; see salesforce_dataloader.toml).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub subject_channel: BTreeMap<String, String>,
}

/// How times are read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TimeSpec {
    /// A chrono `strftime` format (`%d-%b-%Y %H:%M`); absent or `auto`: the
    /// shapes of [`super::time::parse_any`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// IANA zone for naive times; `--tz` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// `dmy` or `mdy`; `--date-order` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<String>,
}

/// Rows that are not events (a task still to do, a note): skipped with
/// `reason`, counted apart from rejects, and never moving the as-of instant.
/// A row is skipped when its cell in `column` is one of `values`, or when
/// `keep` is given and the cell is non-empty and not one of `keep`
/// (`Status` not `Completed`). Cells compare trimmed, case-insensitively.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SkipRule {
    pub column: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keep: Vec<String>,
    pub reason: String,
}

/// Values a single-type export implies (a calls export: channel `call`),
/// used when no mapped column gives a recognised value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Constants {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

/// A mapping of an export onto the canonical touch log.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Header groups that must all be present for auto-detection; each
    /// group lists alternative names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detect: Vec<Vec<String>>,
    /// Breaks ties between presets that all match a header: a multi-type
    /// export (HubSpot's all-activities file) carries every column of the
    /// single-type exports, so it ranks above them. Default 0.
    #[serde(default, skip_serializing_if = "is_default")]
    pub priority: i32,
    /// When set, a prospect cell holding several ids (`101;102`) keeps the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prospect_id_separator: Option<String>,
    pub columns: Columns,
    #[serde(default, skip_serializing_if = "is_default")]
    pub constants: Constants,
    #[serde(default)]
    pub values: Values,
    #[serde(default)]
    pub time: TimeSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip: Vec<SkipRule>,
    /// Columns the mapping knowingly leaves unread (say why in a comment):
    /// they are not reported as suspicious when unused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// Compare header names: trimmed, BOM dropped, lower-case, whitespace runs collapsed.
pub(crate) fn header_key(h: &str) -> String {
    h.trim_start_matches('\u{feff}').split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A header key matches a candidate's key as it is, or with a trailing
/// parenthesised note dropped (`created date (utc)` is `created date`;
/// the zone in it is read by the reader).
fn same_header(header_key: &str, candidate_key: &str) -> bool {
    header_key == candidate_key
        || header_key
            .strip_suffix(')')
            .and_then(|h| h.rsplit_once(" ("))
            .is_some_and(|(base, _)| base.trim_end() == candidate_key)
}

pub(super) fn value_key(v: &str) -> String {
    v.trim().to_lowercase()
}

impl Mapping {
    /// Parse and check a mapping's TOML; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Mapping> {
        let mut m: Mapping =
            toml::from_str(text).map_err(|e| Error::input(origin, format!("not a valid mapping file: {e}")))?;
        m.check(origin)?;
        m.values.direction =
            m.values.direction.into_iter().map(|(k, v)| (value_key(&k), v.trim().to_ascii_lowercase())).collect();
        m.values.channel =
            m.values.channel.into_iter().map(|(k, v)| (value_key(&k), v.trim().to_ascii_lowercase())).collect();
        m.values.outcome =
            m.values.outcome.into_iter().map(|(k, v)| (value_key(&k), v.trim().to_ascii_lowercase())).collect();
        Ok(m)
    }

    /// Read `--mapping FILE.toml`.
    pub fn from_file(path: &Path) -> Result<Mapping> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut m = Mapping::from_toml(&text, &path.display().to_string())?;
        if m.name.is_empty() {
            m.name = path.display().to_string();
        }
        Ok(m)
    }

    /// A built-in preset by name (`canonical` included).
    pub fn preset(name: &str) -> Option<Mapping> {
        if name.eq_ignore_ascii_case("canonical") {
            return Some(Mapping::from_toml(CANONICAL, "canonical").expect("canonical mapping parses"));
        }
        PRESETS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(n, text)| {
            Mapping::from_toml(text, &format!("data/presets/{n}.toml")).expect("built-in preset parses")
        })
    }

    /// Names accepted by `--preset`.
    pub(crate) fn preset_names() -> Vec<&'static str> {
        std::iter::once("canonical").chain(PRESETS.iter().map(|(n, _)| *n)).collect()
    }

    fn check(&self, origin: &str) -> Result<()> {
        let bad = |what: String| Err(Error::input(origin, what));
        if self.columns.prospect_id.is_empty() || self.columns.ts.is_empty() {
            return bad("[columns] needs prospect_id and ts".into());
        }
        for (k, v) in &self.values.direction {
            if Direction::parse(v).is_none() {
                return bad(format!("[values.direction] \"{k}\" = \"{v}\": use in or out"));
            }
        }
        for (k, v) in &self.values.channel {
            if Channel::parse(v).is_none() {
                let all: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
                return bad(format!("[values.channel] \"{k}\" = \"{v}\": use one of {}", all.join(", ")));
            }
        }
        for (k, v) in &self.values.subject_channel {
            if Channel::parse(v).is_none() {
                let all: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
                return bad(format!("[values.subject_channel] \"{k}\" = \"{v}\": use one of {}", all.join(", ")));
            }
        }
        for (k, v) in &self.values.outcome {
            if Outcome::parse(v).is_none() {
                let all: Vec<&str> = Outcome::ALL.iter().map(|c| c.as_str()).collect();
                return bad(format!("[values.outcome] \"{k}\" = \"{v}\": use one of {}", all.join(", ")));
            }
        }
        if let Some(v) = &self.constants.direction {
            if Direction::parse(v).is_none() {
                return bad(format!("[constants] direction = \"{v}\": use in or out"));
            }
        }
        if let Some(v) = &self.constants.channel {
            if Channel::parse(v).is_none() {
                let all: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
                return bad(format!("[constants] channel = \"{v}\": use one of {}", all.join(", ")));
            }
        }
        if let Some(v) = &self.constants.outcome {
            if Outcome::parse(v).is_none() {
                let all: Vec<&str> = Outcome::ALL.iter().map(|c| c.as_str()).collect();
                return bad(format!("[constants] outcome = \"{v}\": use one of {}", all.join(", ")));
            }
        }
        for r in &self.skip {
            if r.values.is_empty() == r.keep.is_empty() {
                return bad(format!(
                    "[[skip]] on column \"{}\": give either values (skip these) or keep (skip all but these)",
                    r.column
                ));
            }
        }
        if let Some(o) = &self.time.date_order {
            if DateOrder::parse(o).is_none() {
                return bad(format!("[time] date_order = \"{o}\": use dmy or mdy"));
            }
        }
        if let Some(z) = &self.time.tz {
            if super::time::parse_tz(z).is_none() {
                return bad(format!("[time] tz = \"{z}\": not an IANA zone such as Europe/Paris"));
            }
        }
        Ok(())
    }

    /// The actual header names holding each canonical field, candidates in
    /// mapping order; `None` when `prospect_id` or `ts` is not found.
    pub(crate) fn resolve(&self, headers: &[String]) -> Option<Resolved> {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let find = |cands: &[String]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for c in cands {
                let k = header_key(c);
                if let Some(i) = keys.iter().position(|h| same_header(h, &k)) {
                    if !out.contains(&headers[i]) {
                        out.push(headers[i].clone());
                    }
                }
            }
            out
        };
        let fields: [Vec<String>; 6] = std::array::from_fn(|i| find(self.columns.field(i)));
        if fields[0].is_empty() || fields[1].is_empty() {
            return None;
        }
        let skip = self
            .skip
            .iter()
            .filter_map(|r| {
                let k = header_key(&r.column);
                let i = keys.iter().position(|h| same_header(h, &k))?;
                Some(SkipCheck {
                    column: headers[i].clone(),
                    values: r.values.iter().map(|v| value_key(v)).collect(),
                    keep: r.keep.iter().map(|v| value_key(v)).collect(),
                    reason: r.reason.clone(),
                })
            })
            .collect();
        let (subject, headers) = (find(&self.columns.subject), find(&self.columns.headers));
        Some(Resolved { fields, skip, subject, headers })
    }

    /// Whether canonical field `i` (index as [`FIELDS`]) has a column in `headers`.
    pub(crate) fn resolve_field(&self, headers: &[String], i: usize) -> bool {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        self.columns.field(i).iter().any(|c| keys.iter().any(|h| same_header(h, &header_key(c))))
    }

    /// (satisfied, total, missing names) of detection against `headers`.
    pub(super) fn score(&self, headers: &[String]) -> (usize, usize, Vec<String>) {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let has = |group: &[String]| group.iter().any(|c| keys.iter().any(|h| same_header(h, &header_key(c))));
        let mut missing = Vec::new();
        let mut groups: Vec<&[String]> = self.detect.iter().map(Vec::as_slice).collect();
        for req in [&self.columns.prospect_id, &self.columns.ts] {
            if !groups.iter().any(|g| g == &req.as_slice()) {
                groups.push(req);
            }
        }
        let total = groups.len();
        let mut ok = 0;
        for g in groups {
            if has(g) {
                ok += 1;
            } else {
                missing.push(g.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(" or "));
            }
        }
        (ok, total, missing)
    }

    /// Translate a direction cell: mapped spelling, else canonical spelling.
    pub fn direction(&self, raw: &str) -> Option<Direction> {
        match self.values.direction.get(&value_key(raw)) {
            Some(v) => Direction::parse(v),
            None => Direction::parse(raw),
        }
    }
    pub fn channel(&self, raw: &str) -> Option<Channel> {
        match self.values.channel.get(&value_key(raw)) {
            Some(v) => Channel::parse(v),
            None => Channel::parse(raw),
        }
    }
    /// The channel a subject's prefix implies (`[values.subject_channel]`).
    pub fn subject_channel(&self, subject: &str) -> Option<Channel> {
        let s = subject.trim_start();
        self.values.subject_channel.iter().find_map(|(prefix, c)| {
            let p = prefix.trim();
            let head = s.get(..p.len())?;
            head.eq_ignore_ascii_case(p).then(|| Channel::parse(c)).flatten()
        })
    }
    pub fn outcome(&self, raw: &str) -> Option<Outcome> {
        match self.values.outcome.get(&value_key(raw)) {
            Some(v) => Outcome::parse(v),
            None => Outcome::parse(raw),
        }
    }

    /// The constant direction, channel and outcome, if the mapping sets them.
    pub(crate) fn constant_direction(&self) -> Option<Direction> {
        self.constants.direction.as_deref().and_then(Direction::parse)
    }
    pub(crate) fn constant_channel(&self) -> Option<Channel> {
        self.constants.channel.as_deref().and_then(Channel::parse)
    }
    pub(crate) fn constant_outcome(&self) -> Option<Outcome> {
        self.constants.outcome.as_deref().and_then(Outcome::parse)
    }

    /// The mapping as TOML, for `validate --print-mapping`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}
