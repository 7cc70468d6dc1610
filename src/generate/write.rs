//! Writers: canonical, HubSpot and Salesforce rows, as CSV, gzip'd CSV or
//! Parquet. Rows are formatted by hand into a reused byte buffer (no
//! `format!`, no chrono formatting) because this runs tens of millions of
//! times; no value ever contains a comma, quote or newline, so no CSV
//! quoting is needed.

use std::io::Write;

use serde::Serialize;

use super::simulate::GenEvent;
use crate::model::{Channel, Direction, Outcome};

/// Row layout of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `prospect_id,ts,direction,channel,outcome,rep_id` (docs/metrics.md §1).
    Canonical,
    /// A HubSpot activity export (calls, emails, meetings, LinkedIn, SMS).
    Hubspot,
    /// A Salesforce Task report export.
    Salesforce,
}

pub(crate) const CANONICAL_HEADER: &[&str] = &["prospect_id", "ts", "direction", "channel", "outcome", "rep_id"];

/// HubSpot's export labels (the prospect is `Associated Contact IDs`).
/// Conversion and loss appear as the associated
/// deal's stage on the activity where they happened; an opt-out as the
/// contact property "Unsubscribed from all email".
pub(crate) const HUBSPOT_HEADER: &[&str] = &[
    "Activity ID",
    "Activity date",
    "Activity type",
    "Call direction",
    "Call outcome",
    "Email direction",
    "Email status",
    "Meeting outcome",
    "Deal stage",
    "Unsubscribed from all email",
    "Associated Contact",
    "Associated Contact IDs",
    "Activity assigned to",
];

/// Salesforce Task report columns. Inbound emails are told apart only by
/// the subject prefix `← Email:` (outbound: `→ Email:`), as Salesforce's
/// email logging writes them; inbound calls by `CallType = Inbound`.
pub(crate) const SALESFORCE_HEADER: &[&str] = &[
    "Activity ID",
    "Subject",
    "Date",
    "Created Date",
    "Assigned",
    "Contact",
    "WhoId",
    "Type",
    "TaskSubtype",
    "CallType",
    "Call Result",
    "Status",
    "Email Bounced Reason",
    "Email Opt Out",
    "Opportunity Stage",
];

impl Format {
    pub fn header(self) -> &'static [&'static str] {
        match self {
            Format::Canonical => CANONICAL_HEADER,
            Format::Hubspot => HUBSPOT_HEADER,
            Format::Salesforce => SALESFORCE_HEADER,
        }
    }
}

/// Zero-padded decimal of `v` in exactly `width` digits (higher digits are dropped).
fn push_padded(out: &mut Vec<u8>, mut v: u64, width: usize) {
    let start = out.len();
    out.resize(start + width, b'0');
    for i in (0..width).rev() {
        out[start + i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// Decimal of `v`, no padding.
fn push_int(out: &mut Vec<u8>, v: u64) {
    let digits = if v == 0 { 1 } else { v.ilog10() as usize + 1 };
    push_padded(out, v, digits);
}

/// Civil date of a day number since 1970-01-01 (H. Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Formats rows of one layout; caches the date part, which changes rarely
/// because rows come in time order.
pub(crate) struct RowFormatter {
    format: Format,
    day: i64,
    date: [u8; 10],
    /// Activity id of the previous row and its event (exact duplicates,
    /// which follow their original, repeat its id as an export glitch would).
    id: u64,
    last: Option<GenEvent>,
}

impl RowFormatter {
    pub fn new(format: Format) -> RowFormatter {
        RowFormatter { format, day: i64::MIN, date: [0; 10], id: 0, last: None }
    }

    fn push_date(&mut self, out: &mut Vec<u8>, ts: i64) {
        let day = ts.div_euclid(86_400);
        if day != self.day {
            let (y, m, d) = civil_from_days(day);
            let mut buf = Vec::with_capacity(10);
            push_padded(&mut buf, y as u64, 4);
            buf.push(b'-');
            push_padded(&mut buf, u64::from(m), 2);
            buf.push(b'-');
            push_padded(&mut buf, u64::from(d), 2);
            self.date.copy_from_slice(&buf);
            self.day = day;
        }
        out.extend_from_slice(&self.date);
    }

    /// `HH:MM` or `HH:MM:SS` of `ts`.
    fn push_time(out: &mut Vec<u8>, ts: i64, seconds: bool) {
        let sod = ts.rem_euclid(86_400) as u64;
        push_padded(out, sod / 3600, 2);
        out.push(b':');
        push_padded(out, sod / 60 % 60, 2);
        if seconds {
            out.push(b':');
            push_padded(out, sod % 60, 2);
        }
    }

    /// Append the header line.
    pub fn header(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.format.header().join(",").as_bytes());
        out.push(b'\n');
    }

    /// Append one row (with its newline).
    pub fn row(&mut self, e: &GenEvent, out: &mut Vec<u8>) {
        if self.last != Some(*e) {
            self.id += 1;
            self.last = Some(*e);
        }
        match self.format {
            Format::Canonical => self.canonical(e, out),
            Format::Hubspot => self.hubspot(e, out),
            Format::Salesforce => self.salesforce(e, out),
        }
        out.push(b'\n');
    }

    fn canonical(&mut self, e: &GenEvent, out: &mut Vec<u8>) {
        out.push(b'P');
        push_padded(out, u64::from(e.prospect) + 1, 8);
        out.push(b',');
        self.push_date(out, e.ts);
        out.push(b'T');
        Self::push_time(out, e.ts, true);
        out.extend_from_slice(b"Z,");
        out.extend_from_slice(e.direction().as_str().as_bytes());
        out.push(b',');
        out.extend_from_slice(e.channel().as_str().as_bytes());
        out.push(b',');
        out.extend_from_slice(e.outcome().as_str().as_bytes());
        out.extend_from_slice(b",rep_");
        push_padded(out, u64::from(e.rep) + 1, 3);
    }

    fn hubspot(&mut self, e: &GenEvent, out: &mut Vec<u8>) {
        let (dir, ch, oc) = (e.direction(), e.channel(), e.outcome());
        let inbound = dir == Direction::In;
        let activity_type = match ch {
            Channel::Call | Channel::Voicemail => "CALL",
            Channel::Email if inbound => "INCOMING_EMAIL",
            Channel::Email => "EMAIL",
            Channel::Meeting => "MEETING",
            Channel::Social => "LINKEDIN_MESSAGE",
            Channel::Sms => "SMS",
            Channel::Other => "TASK",
        };
        let is_call = matches!(ch, Channel::Call | Channel::Voicemail);
        let call_direction = match (is_call, inbound) {
            (false, _) => "",
            (true, true) => "INBOUND",
            (true, false) => "OUTBOUND",
        };
        let call_outcome = match (is_call, oc) {
            (false, _) => "",
            (true, Outcome::NoAnswer) => "No answer",
            (true, Outcome::Voicemail) => "Left voicemail",
            (true, _) => "Connected",
        };
        let email_direction = match (ch, inbound) {
            (Channel::Email, true) => "INCOMING_EMAIL",
            (Channel::Email, false) => "EMAIL",
            _ => "",
        };
        let send_status = match (ch, inbound, oc) {
            (Channel::Email, false, Outcome::Bounced) => "BOUNCED",
            (Channel::Email, false, _) => "SENT",
            _ => "",
        };
        let meeting_outcome = if ch == Channel::Meeting { "COMPLETED" } else { "" };
        let deal_stage = match oc {
            Outcome::Won => "Closed won",
            Outcome::Lost => "Closed lost",
            _ => "",
        };
        let unsubscribed = if oc == Outcome::OptedOut { "Yes" } else { "" };
        push_padded(out, self.id, 10);
        out.push(b',');
        self.push_date(out, e.ts);
        out.push(b' ');
        Self::push_time(out, e.ts, false);
        for cell in [
            activity_type,
            call_direction,
            call_outcome,
            email_direction,
            send_status,
            meeting_outcome,
            deal_stage,
            unsubscribed,
        ] {
            out.push(b',');
            out.extend_from_slice(cell.as_bytes());
        }
        out.extend_from_slice(b",Prospect ");
        push_padded(out, u64::from(e.prospect) + 1, 8);
        out.extend_from_slice(b" (p");
        push_padded(out, u64::from(e.prospect) + 1, 8);
        out.extend_from_slice(b"@example.com),");
        push_int(out, u64::from(e.prospect) + 1);
        out.extend_from_slice(b",Rep ");
        push_padded(out, u64::from(e.rep) + 1, 3);
    }

    fn salesforce(&mut self, e: &GenEvent, out: &mut Vec<u8>) {
        let (dir, ch, oc) = (e.direction(), e.channel(), e.outcome());
        let inbound = dir == Direction::In;
        let (subject, kind, subtype) = match ch {
            Channel::Call if inbound => ("Inbound call", "Call", "Call"),
            Channel::Call => ("Call", "Call", "Call"),
            Channel::Voicemail => ("Left Voicemail", "Call", "Call"),
            Channel::Email if inbound => ("← Email: Re: Following up", "Email", "Email"),
            Channel::Email => ("→ Email: Following up", "Email", "Email"),
            Channel::Meeting => ("Meeting", "Meeting", "Event"),
            Channel::Social => ("LinkedIn message", "Other", "LinkedIn"),
            Channel::Sms => ("SMS", "Other", "Task"),
            Channel::Other => ("Task", "Other", "Task"),
        };
        let is_call = matches!(ch, Channel::Call | Channel::Voicemail);
        let call_type = match (is_call, inbound) {
            (false, _) => "",
            (true, true) => "Inbound",
            (true, false) => "Outbound",
        };
        let call_result = match (is_call, oc) {
            (false, _) => "",
            (true, Outcome::NoAnswer) => "No Answer",
            (true, Outcome::Voicemail) => "Left Voicemail",
            (true, Outcome::Lost) => "Not Interested",
            (true, _) => "Connected",
        };
        let bounced = if oc == Outcome::Bounced { "550 5.1.1 User unknown" } else { "" };
        let opt_out = if oc == Outcome::OptedOut { "true" } else { "" };
        let stage = match oc {
            Outcome::Won => "Closed Won",
            Outcome::Lost => "Closed Lost",
            _ => "",
        };
        out.extend_from_slice(b"00T");
        push_padded(out, self.id, 15);
        out.push(b',');
        out.extend_from_slice(subject.as_bytes());
        out.push(b',');
        self.push_date(out, e.ts);
        out.push(b',');
        self.push_date(out, e.ts);
        out.push(b' ');
        Self::push_time(out, e.ts, true);
        out.extend_from_slice(b",Rep ");
        push_padded(out, u64::from(e.rep) + 1, 3);
        out.extend_from_slice(b",Prospect ");
        push_padded(out, u64::from(e.prospect) + 1, 8);
        out.extend_from_slice(b",003");
        push_padded(out, u64::from(e.prospect) + 1, 15);
        for cell in [kind, subtype, call_type, call_result, "Completed", bounced, opt_out, stage] {
            out.push(b',');
            out.extend_from_slice(cell.as_bytes());
        }
    }
}

/// Write the header and every event as CSV to `w`, through a 1 MiB buffer.
pub fn write_csv<W: Write>(events: &[GenEvent], format: Format, mut w: W) -> std::io::Result<W> {
    let mut f = RowFormatter::new(format);
    let mut buf = Vec::with_capacity(1 << 20);
    f.header(&mut buf);
    for e in events {
        f.row(e, &mut buf);
        if buf.len() >= (1 << 20) - 512 {
            w.write_all(&buf)?;
            buf.clear();
        }
    }
    w.write_all(&buf)?;
    w.flush()?;
    Ok(w)
}
