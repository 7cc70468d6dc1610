//! docs/metrics.md §13 (issue 20): the files users really have. Every count
//! below was worked out by hand from the fixture, row by row, before the
//! code ran; the comment above each assertion says how. The fixtures are
//! written to each vendor's documented format (no real person's name).

use std::path::PathBuf;

use touchstone::analysis::Analysis;
use touchstone::config::{AnalysisConfig, AnalysisSource, InputConfig};
use touchstone::facts::FactsParams;
use touchstone::ingest::{canonical, IngestOptions, Source};
use touchstone::metrics::MetricParams;
use touchstone::model::Status;
use touchstone::pipeline::{self, Loaded};
use touchstone::time::format_ts;

use crate::common::{input_for, touchstone, Work};
use crate::crm::{sample, DATES_TO};

fn pinned(paths: &[PathBuf]) -> InputConfig {
    let mut input = input_for(paths);
    input.ingest = IngestOptions { dates_to: Some(DATES_TO), ..IngestOptions::default() };
    input
}

fn run(input: &InputConfig, params: &FactsParams) -> (Loaded, Analysis) {
    let loaded = pipeline::load_events(input, params).expect("loads");
    let config = AnalysisConfig {
        source: AnalysisSource::Events(input_for(&[])),
        facts: *params,
        metric: MetricParams::default(),
        claims: touchstone::claims::seeds(),
    };
    let a = pipeline::analyze(&loaded, &config);
    (loaded, a)
}

fn at(t: &str) -> FactsParams {
    FactsParams { as_of: Some(touchstone::ingest::time::parse_as_of(t).unwrap()), ..FactsParams::default() }
}

fn rows(l: &Loaded) -> (u64, u64, u64, u64, u64) {
    let r = l.ingest.rows.expect("row counts");
    assert_eq!(r.rows_read, r.rows_used + r.duplicates + r.rejected + r.skipped, "rows reconcile");
    (r.rows_read, r.rows_used, r.duplicates, r.rejected, r.skipped)
}

fn touches(l: &Loaded, id: &str) -> u32 {
    l.facts.prospects.iter().find(|p| p.prospect_id == id).unwrap_or_else(|| panic!("no prospect {id}")).n_touches
}

// ----------------------------------------------------------- §13.1 placeholders

/// `data/samples/salesforce_task_backup.csv`: a Setup > Data Export backup of
/// Task (API names, every field quoted, ISO-8859-1, booleans 0/1). By hand:
///
/// | row | WhoId              | what                                   | fate               |
/// |-----|--------------------|----------------------------------------|--------------------|
/// | 1   | 003…B2 (P1)        | outbound call, No Answer, 09:05        | touch              |
/// | 2   | 000000000000000AAA | e-mail "Email: Newsletter"             | skipped: no contact|
/// | 3   | 000000000000000AAA | call                                   | skipped: no contact|
/// | 4   | (empty)            | call                                   | rejected           |
/// | 5   | 003…C7 (P2)        | e-mail, 10:00                          | touch              |
/// | 6   | 003…C7 (P2)        | the same e-mail again (another Id)     | duplicate          |
/// | 7   | 003…B2 (P1)        | Not Started, IsClosed 0                | skipped: planned   |
/// | 8   | 000000000000000    | call (15-character form)               | skipped: no contact|
/// | 9   | 00Q…Y1 (P3)        | "Réunion", Type Meeting                | touch              |
/// | 10  | 003…B2 (P1)        | inbound call, Connected                | response           |
///
/// rows read 10 = used 4 (1, 5, 9, 10) + duplicates 1 + rejected 1 + skipped
/// 4; prospects 3 (not 4: the placeholder is nobody); touches 3 (P1 1, P2 1,
/// P3 1).
#[test]
fn a_data_export_backup_with_empty_link_placeholders() {
    let path = sample("salesforce_task_backup.csv");
    let (l, a) = run(&pinned(std::slice::from_ref(&path)), &FactsParams::default());
    assert_eq!(rows(&l), (10, 4, 1, 1, 4));
    let log = canonical::read(&[Source::Path(path)], &pinned(&[]).ingest).unwrap();
    assert_eq!(log.files[0].preset, "salesforce_dataloader");
    let nobody = log.skipped.iter().filter(|r| r.reason == "no contact or lead").map(|r| r.row).collect::<Vec<_>>();
    assert_eq!(nobody, [2, 3, 8]);
    assert_eq!(log.skipped.iter().filter(|r| r.reason.starts_with("planned activity")).count(), 1);
    assert_eq!(a.counts.prospects, 3);
    assert_eq!(a.counts.touches, 3);
    assert!(!l.facts.prospects.iter().any(|p| p.prospect_id.starts_with("000000000000000")));
    assert_eq!(
        (touches(&l, "0035g00000K1aB2AAJ"), touches(&l, "0035g00000K1aC7AAJ"), touches(&l, "00Q5g00000L9xY1EAB")),
        (1, 1, 1)
    );
    // Row 1: ActivityDate 2026-09-14 (date only) gives way to CreatedDate
    // 2026-09-14T09:05:00.000Z, the same day (§13.2).
    let p1 = l.facts.prospects.iter().find(|p| p.prospect_id == "0035g00000K1aB2AAJ").unwrap();
    assert_eq!(p1.first_touch_ts.map(format_ts).as_deref(), Some("2026-09-14T09:05:00Z"));
}

// ---------------------------------------------------------- §13.2 time precision

/// A Data Loader task extract with `ActivityDate` (date only) and
/// `CreatedDate` (date and time). By hand:
///
/// | row | who | ActivityDate | CreatedDate          | result                         | read as             |
/// |-----|-----|--------------|----------------------|--------------------------------|---------------------|
/// | 1   | P1  | 2026-09-14   | 2026-09-14T09:00Z    | No Answer                      | 09:00 (datetime)    |
/// | 2   | P1  | 2026-09-14   | 2026-09-14T15:30Z    | No Answer                      | 15:30 (datetime)    |
/// | 3   | P2  | 2026-09-15   |                      | No Answer                      | day precision       |
/// | 4   | P2  | 2026-09-15   |                      | No Answer (same rep)           | day precision       |
/// | 5   | P3  | 2026-09-20   | 2026-09-18T10:00Z    | No Answer (created 2 days ago) | day precision       |
/// | 6   | P3  | 2026-09-20   |                      | Connected                      | day precision       |
///
/// Rows 1-2 were one "exact duplicate" when both fell at midnight; rows 3-4
/// are two calls on one day, never merged. Used 6, duplicates 0; 4 events
/// have day precision only. P3's same-day calls keep file order (row 5,
/// then row 6), so its first response is touch 2: R = 2 (R = 1 if row 6
/// came first).
#[test]
fn two_same_day_calls_stay_two_calls_and_keep_their_order() {
    let w = Work::new();
    let text = "\"Id\",\"WhoId\",\"OwnerId\",\"Subject\",\"Status\",\"IsClosed\",\"ActivityDate\",\"CreatedDate\",\"TaskSubtype\",\"CallType\",\"CallDisposition\"\n\
        \"00T000000000001AAA\",\"0035g0000000001AAA\",\"0055g0000000001AAA\",\"Call\",\"Completed\",\"true\",\"2026-09-14\",\"2026-09-14T09:00:00.000Z\",\"Call\",\"Outbound\",\"No Answer\"\n\
        \"00T000000000002AAA\",\"0035g0000000001AAA\",\"0055g0000000001AAA\",\"Call\",\"Completed\",\"true\",\"2026-09-14\",\"2026-09-14T15:30:00.000Z\",\"Call\",\"Outbound\",\"No Answer\"\n\
        \"00T000000000003AAA\",\"0035g0000000002AAA\",\"0055g0000000001AAA\",\"Call\",\"Completed\",\"true\",\"2026-09-15\",\"\",\"Call\",\"Outbound\",\"No Answer\"\n\
        \"00T000000000004AAA\",\"0035g0000000002AAA\",\"0055g0000000001AAA\",\"Call\",\"Completed\",\"true\",\"2026-09-15\",\"\",\"Call\",\"Outbound\",\"No Answer\"\n\
        \"00T000000000005AAA\",\"0035g0000000003AAA\",\"0055g0000000001AAA\",\"Call\",\"Completed\",\"true\",\"2026-09-20\",\"2026-09-18T10:00:00.000Z\",\"Call\",\"Outbound\",\"No Answer\"\n\
        \"00T000000000006AAA\",\"0035g0000000003AAA\",\"0055g0000000001AAA\",\"Call\",\"Completed\",\"true\",\"2026-09-20\",\"\",\"Call\",\"Outbound\",\"Connected\"\n";
    let p = w.file("tasks.csv", text);
    let log = canonical::read(&[Source::Path(p.clone())], &pinned(&[]).ingest).unwrap();
    assert_eq!(log.files[0].preset, "salesforce_dataloader");
    assert_eq!(log.files[0].day_precision, 4);
    let (l, a) = run(&pinned(&[p]), &FactsParams::default());
    assert_eq!(rows(&l), (6, 6, 0, 0, 0));
    assert_eq!((touches(&l, "0035g0000000001AAA"), touches(&l, "0035g0000000002AAA")), (2, 2));
    let p1 = l.facts.prospects.iter().find(|p| p.prospect_id == "0035g0000000001AAA").unwrap();
    assert_eq!(p1.first_touch_ts.map(format_ts).as_deref(), Some("2026-09-14T09:00:00Z"));
    assert_eq!(p1.last_touch_ts.map(format_ts).as_deref(), Some("2026-09-14T15:30:00Z"));
    let p3 = l.facts.prospects.iter().find(|p| p.prospect_id == "0035g0000000003AAA").unwrap();
    assert_eq!(p3.first_touch_ts.map(format_ts).as_deref(), Some("2026-09-20T00:00:00Z"));
    assert_eq!(p3.r, Some(2));
    assert_eq!(a.counts.touches, 6);
}

// ------------------------------------------------------------ §13.3 auto-replies

/// `data/samples/hubspot_emails_autoreplies.csv`, a HubSpot emails export.
/// Every outgoing e-mail is at 09:00 UTC; by hand:
///
/// | contact | outgoing (Sept.) | incoming                                   | honest reading       |
/// |---------|------------------|--------------------------------------------|----------------------|
/// | 1001    | 1                | 1st 09:05 "Automatic reply: Intro"         | auto-reply           |
/// | 1002    | 1                | 1st 09:05 "Out of Office: Intro"           | auto-reply           |
/// | 1003    | 1                | 1st 09:05 "Automatische Antwort: Intro"    | auto-reply (de)      |
/// | 1004    | 1                | 1st 09:05 "Réponse automatique : Intro"    | auto-reply (fr)      |
/// | 1005    | 1                | 1st 09:05 "Respuesta automática: Intro"    | auto-reply (es)      |
/// | 1006    | 1, 3             | 3rd 12:00 "Re: Intro"                      | reply, R = 2         |
/// | 1007    | 1, 4             | 5th 12:00 "RE: Intro"                      | reply, R = 2         |
/// | 1008    | 1, 3, 5          | 6th 12:00 "Re: Automatic reply settings"   | reply, R = 3         |
///
/// Honest: 3 responders, median R = 2 (2, 2, 3); 5 rows skipped as
/// automatic replies; rows read 20 = used 15 + skipped 5. With T =
/// 2026-10-31 and 14 dark days the three are dark; time to dark (days from
/// the first touch to the last response) 2.125, 4.125, 5.125: median 4.125.
///
/// Old reading (`--keep-auto-replies`): 8 responders, R = 1,1,1,1,1,2,2,3:
/// median 1; time to dark 5 min (5 of them) and the three above: median
/// 5 min = 5/1440 days.
#[test]
fn automatic_replies_in_four_languages_are_not_answers() {
    let path = sample("hubspot_emails_autoreplies.csv");
    let params = at("2026-10-31T00:00:00Z");
    let input = pinned(std::slice::from_ref(&path));
    let (l, a) = run(&input, &params);
    assert_eq!(rows(&l), (20, 15, 0, 0, 5));
    assert_eq!(l.ingest.rows.unwrap().auto_replies, 5);
    assert_eq!(a.counts.auto_replies, Some(5));
    assert_eq!(a.first_response.responders, 3);
    assert_eq!(a.first_response.median_r, Some(2.0));
    let dark = a.time_to_dark.as_ref().expect("dated input");
    assert_eq!((dark.engaged, dark.dark), (3, 3));
    assert!((dark.median_days.unwrap() - 4.125).abs() < 1e-9, "{:?}", dark.median_days);

    let mut old = input.clone();
    old.ingest.keep_auto_replies = true;
    let (l, a) = run(&old, &params);
    assert_eq!(rows(&l), (20, 20, 0, 0, 0));
    assert_eq!(a.first_response.responders, 8);
    assert_eq!(a.first_response.median_r, Some(1.0));
    let dark = a.time_to_dark.as_ref().unwrap();
    assert_eq!(dark.dark, 8);
    assert!((dark.median_days.unwrap() - 5.0 / 1440.0).abs() < 1e-9, "{:?}", dark.median_days);
}

/// The prefix rule: the start of the subject, the prefix, then a colon
/// (French spacing allowed); RFC 3834 headers by name, `no` excepted.
#[test]
fn auto_reply_prefixes_need_the_start_of_the_subject_and_a_colon() {
    use touchstone::ingest::autoreply::{headers_say_auto_reply, subject_is_auto_reply};
    for yes in [
        "Automatic reply: Quick question",
        "  out of office: back Monday",
        "Réponse automatique : Votre message",
        "Automatische Antwort: Angebot",
        "Risposta automatica: Offerta",
        "Automatisch antwoord: Offerte",
        "Resposta automática: Proposta",
    ] {
        assert!(subject_is_auto_reply(yes), "{yes}");
    }
    for no in ["Re: Automatic reply settings", "Automatic reply settings", "Re: Out of office next week?", ""] {
        assert!(!subject_is_auto_reply(no), "{no}");
    }
    assert!(headers_say_auto_reply("From: a@example.com\nAuto-Submitted: auto-replied"));
    assert!(!headers_say_auto_reply("Auto-Submitted: no"));
    assert!(headers_say_auto_reply("x-autoreply: yes"));
    assert!(!headers_say_auto_reply("Subject: Auto-Submitted: auto-replied"));
}

/// A mapping with a `headers` column: an incoming e-mail whose raw headers
/// say `Auto-Submitted: auto-replied` (RFC 3834) is set aside whatever its
/// subject. By hand: row 1 out (touch), row 2 in with the header (skipped),
/// row 3 in with `Auto-Submitted: no` (a reply). 1 responder.
#[test]
fn rfc3834_headers_in_a_headers_column_mark_automatic_replies() {
    let w = Work::new();
    let m = touchstone::ingest::mapping::Mapping::from_toml(
        "name = \"mail\"\n[columns]\nprospect_id = \"to\"\nts = \"date\"\ndirection = \"dir\"\nsubject = \"subject\"\nheaders = \"headers\"\n[constants]\nchannel = \"email\"\n",
        "mail.toml",
    )
    .unwrap();
    let p = w.file(
        "mail.csv",
        "to,date,dir,subject,headers
\
         c1,2026-09-01T09:00:00Z,out,Hello,\n\
         c1,2026-09-01T09:02:00Z,in,Thanks for your message,\"Auto-Submitted: auto-replied\nX-Mailer: x\"\n\
         c1,2026-09-02T09:00:00Z,in,Re: Hello,Auto-Submitted: no\n",
    );
    let opts = IngestOptions { mapping: Some(m), ..IngestOptions::default() };
    let log = canonical::read(&[Source::Path(p)], &opts).unwrap();
    assert_eq!((log.events.len(), log.skipped.len(), log.files[0].auto_replies), (2, 1, 1));
    assert_eq!((log.skipped[0].row, log.skipped[0].column), (2, "headers"));
}

/// Automatic replies go to `--rejects` as `skipped` and `validate` shows them.
#[test]
fn automatic_replies_are_listed_in_rejects_and_validate() {
    let w = Work::new();
    let path = sample("hubspot_emails_autoreplies.csv");
    let rejects = w.path("rejects.csv");
    let out = touchstone()
        .args(["validate", path.to_str().unwrap(), "--dates-to", "2026-12-03", "--rejects"])
        .arg(&rejects)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("skipped 5 (of which automatic replies 5)"), "{stdout}");
    assert!(stdout.contains("5 automatic reply row(s)"), "{stdout}");
    // The table's rows line names them, and no line calls them planned activities.
    let out = touchstone().args(["analyze", path.to_str().unwrap(), "--dates-to", "2026-12-03"]).output().unwrap();
    let (table, notes) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(
        table.contains("Rows: 20 read = 15 used + 0 duplicates + 0 rejected + 5 skipped (automatic replies)"),
        "{table}"
    );
    assert!(!notes.contains("skipped as not contacts"), "{notes}");
    let text = std::fs::read_to_string(&rejects).unwrap();
    let auto: Vec<&str> = text.lines().filter(|l| l.contains("automatic reply")).collect();
    assert_eq!(auto.len(), 5, "{text}");
    assert!(auto.iter().all(|l| l.ends_with(",skipped")), "{text}");
}

// ---------------------------------------------------------- §13.4 repeated names

/// A header repeating a name no field reads (`Associated Company`, as a
/// real HubSpot export does) is read with a warning; a repeated name the
/// mapping reads is an error naming both positions.
#[test]
fn a_repeated_unused_header_is_a_warning_a_read_one_an_error() {
    let w = Work::new();
    // Two rows, both used: the repeat changes nothing.
    let ok = w.file(
        "calls.csv",
        "prospect_id,ts,direction,channel,outcome,rep_id,Associated Company,Associated Company\n\
         p1,2026-09-01T09:00:00Z,out,call,none,r1,Acme,Acme\n\
         p1,2026-09-02T09:00:00Z,in,email,replied,r1,Acme,\n",
    );
    let log = canonical::read(&[Source::Path(ok.clone())], &IngestOptions::default()).unwrap();
    assert_eq!((log.rows_read, log.events.len()), (2, 2));
    assert_eq!(log.files[0].warnings.len(), 1);
    assert!(log.files[0].warnings[0].contains("'Associated Company' appears twice"), "{:?}", log.files[0].warnings);
    assert!(log.files[0].warnings[0].contains("columns 7 and 8"), "{:?}", log.files[0].warnings);
    // The same through the streaming reader (every file streamed).
    let streamed = IngestOptions { stream_min_bytes: Some(0), ..IngestOptions::default() };
    let log = canonical::read(&[Source::Path(ok.clone())], &streamed).unwrap();
    assert_eq!((log.rows_read, log.events.len(), log.files[0].warnings.len()), (2, 2, 1));
    let out = touchstone().args(["analyze", ok.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("appears twice"));

    let bad = w.file("bad.csv", "prospect_id,ts,direction,ts\np1,2026-09-01T09:00:00Z,out,2026-09-02T09:00:00Z\n");
    let err = canonical::read(&[Source::Path(bad)], &IngestOptions::default()).unwrap_err().to_string();
    assert!(err.contains("column 'ts'") && err.contains("columns 2 and 4"), "{err}");
}

// ----------------------------------------------------------- §13.5 same touch

/// A sequencer's calls export and the CRM's log the same call 40 s apart.
/// By hand (`--same-touch-within` 2 min by default):
///
/// | file     | prospect | time     | channel | direction |
/// |----------|----------|----------|---------|-----------|
/// | seq.csv  | p1       | 09:00:00 | call    | out       |
/// | seq.csv  | p2       | 10:00:00 | call    | out       |
/// | seq.csv  | p3       | 11:00:00 | email   | out       |
/// | crm.csv  | p1       | 09:00:40 | call    | out       | pair with seq p1 (40 s)
/// | crm.csv  | p2       | 10:05:00 | call    | out       | 5 min: not a pair
/// | crm.csv  | p3       | 11:00:30 | call    | out       | other channel: not a pair
///
/// One pair. Without `--merge-same-touch`: used 6, touches 6, a warning.
/// With it: used 5, duplicates 1 (merged 1), touches 5 (p1 has 1).
#[test]
fn two_files_logging_the_same_touch_40_seconds_apart() {
    let w = Work::new();
    let h = "prospect_id,ts,direction,channel,outcome,rep_id";
    let seq = w.file(
        "seq.csv",
        &format!("{h}\np1,2026-09-01T09:00:00Z,out,call,none,r1\np2,2026-09-01T10:00:00Z,out,call,none,r1\np3,2026-09-01T11:00:00Z,out,email,none,r1\n"),
    );
    let crm = w.file(
        "crm.csv",
        &format!("{h}\np1,2026-09-01T09:00:40Z,out,call,no_answer,r1\np2,2026-09-01T10:05:00Z,out,call,none,r1\np3,2026-09-01T11:00:30Z,out,call,none,r1\n"),
    );
    let input = pinned(&[seq.clone(), crm.clone()]);
    let (l, a) = run(&input, &FactsParams::default());
    assert_eq!(rows(&l), (6, 6, 0, 0, 0));
    assert_eq!(l.timeline.as_ref().unwrap().counts.same_touch, 1);
    assert_eq!((a.counts.touches, a.counts.merged), (6, Some(0)));

    let mut merged = input.clone();
    merged.ingest.merge_same_touch = true;
    let (l, a) = run(&merged, &FactsParams::default());
    assert_eq!(rows(&l), (6, 5, 1, 0, 0));
    assert_eq!((a.counts.touches, a.counts.merged), (5, Some(1)));
    assert_eq!(touches(&l, "p1"), 1);

    // The binary warns with the count, and a shorter window finds none.
    let out = touchstone().args(["analyze", seq.to_str().unwrap(), crm.to_str().unwrap()]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 pair(s) of events"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Merged, the table's rows line says where the duplicate came from.
    let out = touchstone()
        .args(["analyze", seq.to_str().unwrap(), crm.to_str().unwrap(), "--merge-same-touch"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Rows: 6 read = 5 used + 1 duplicates (1 merged: one touch logged in two files) + 0 rejected"),
        "{stdout}"
    );
    let mut narrow = input;
    narrow.ingest.same_touch_within = Some(30 * 1_000_000);
    let (l, _) = run(&narrow, &FactsParams::default());
    assert_eq!(l.timeline.as_ref().unwrap().counts.same_touch, 0);
}

// ------------------------------------------------------- §13.6, §13.7 summaries

/// A prospect summary with an absurd count. By hand: p1 3 (yes), p2
/// `+1788000000` (rejected: above 10,000), p3 10001 (rejected), p4 10000
/// (the bound itself: used). Rows read 4 = used 2 + rejected 2; touches
/// 3 + 10000.
#[test]
fn a_summary_with_an_absurd_count_rejects_that_row() {
    let w = Work::new();
    let p = w.file(
        "summary.csv",
        "prospect_id,n_touches,converted\np1,3,yes\np2,+1788000000,no\np3,10001,no\np4,10000,no\n",
    );
    let mut input = input_for(&[]);
    input.ingest.summary = Some(p);
    let l = pipeline::load_events(&input, &FactsParams::default()).unwrap();
    let r = l.ingest.rows.unwrap();
    assert_eq!((r.rows_read, r.rows_used, r.rejected), (4, 2, 2));
    assert_eq!(l.facts.prospects.iter().map(|p| p.n_touches).sum::<u32>(), 10_003);
    let read =
        touchstone::ingest::summary::read(input.ingest.summary.as_ref().unwrap(), &input.ingest, 30, 14).unwrap();
    assert!(read.rejects.iter().all(|r| r.reason.contains("above 10000")), "{:?}", read.rejects);
    assert_eq!(read.rejects.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3]);
}

/// The same bound on a facts file: `m` = 1788000000 made `analyze --facts`
/// abort on a 14 GB allocation; it is an error naming the row and column.
#[test]
fn a_facts_file_with_an_absurd_touch_count_is_an_error_not_an_abort() {
    let w = Work::new();
    let log = w
        .file("log.csv", "prospect_id,ts,direction,channel,outcome,rep_id\np1,2026-09-01T09:00:00Z,out,call,none,r1\n");
    let facts = w.path("facts.csv");
    let out = touchstone().arg("facts").arg(&log).arg("-o").arg(&facts).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&facts).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let (ni, mi) =
        (header.iter().position(|h| *h == "n_touches").unwrap(), header.iter().position(|h| *h == "m").unwrap());
    let mut row: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    row[ni] = "1788000000".into();
    row[mi] = "1788000000".into();
    lines[1] = row.join(",");
    std::fs::write(&facts, lines.join("\n") + "\n").unwrap();
    let out = touchstone().args(["analyze", "--facts"]).arg(&facts).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("row 1, column 'n_touches'") && err.contains("above 10000"), "{err}");
}

/// `data/samples/hubspot_deals_summary.csv`: a HubSpot deals export ("all
/// properties" style: `Associated Company` and `Associated Company IDs`
/// repeated) with custom stages, read as `--summary`. By hand:
///
/// | Record ID | Deal Stage      | Sales Activities | Times contacted | reading            |
/// |-----------|-----------------|------------------|-----------------|--------------------|
/// | 9001      | Closed: won     | 6                | 4               | converted, n = 6   |
/// | 9002      | Closed: lost    | 3                | 3               | lost, n = 3        |
/// | 9003      | Demo scheduled  | 2                | 1               | n = 2              |
/// | 9004      | closed-won      | 5                | 5               | converted, n = 5   |
/// | 9005      | Proposal        | (empty)          | 2               | rejected (missing) |
///
/// Touches come from `Number of Sales Activities` (present): 6 + 3 + 2 + 5 =
/// 16; rows read 5 = used 4 + rejected 1; 2 converted (9001, 9004), 9002
/// lost, 9003 abandoned.
#[test]
fn a_hubspot_deals_export_with_custom_stages_is_a_summary() {
    let mut input = input_for(&[]);
    input.ingest.summary = Some(sample("hubspot_deals_summary.csv"));
    let l = pipeline::load_events(&input, &FactsParams::default()).unwrap();
    let r = l.ingest.rows.unwrap();
    assert_eq!((r.rows_read, r.rows_used, r.rejected), (5, 4, 1));
    assert_eq!(l.facts.prospects.iter().map(|p| p.n_touches).sum::<u32>(), 16);
    let won: Vec<&str> = l.facts.prospects.iter().filter(|p| p.k.is_some()).map(|p| p.prospect_id.as_str()).collect();
    assert_eq!(won, ["9001", "9004"]);
    let status = |id: &str| l.facts.prospects.iter().find(|p| p.prospect_id == id).unwrap().status;
    assert_eq!((status("9002"), status("9003")), (Some(Status::Lost), Some(Status::Abandoned)));
    let read =
        touchstone::ingest::summary::read(input.ingest.summary.as_ref().unwrap(), &input.ingest, 30, 14).unwrap();
    assert_eq!(read.columns.1, "Number of Sales Activities");
    assert_eq!(read.columns.2, "Deal Stage");
    assert_eq!(read.warnings.len(), 2, "{:?}", read.warnings);
    let out = touchstone().args(["analyze", "--summary"]).arg(sample("hubspot_deals_summary.csv")).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("touches from 'Number of Sales Activities'"), "{err}");
}

/// Deal stages as `--outcomes`: "Closed: won" is won, "Closed: lost" lost.
#[test]
fn custom_closed_stages_read_as_won_and_lost_in_outcomes() {
    let w = Work::new();
    let p = w.file(
        "deals.csv",
        "Record ID,Associated Contact IDs,Deal Stage,Close Date\n1,c1,Closed: won,2026-09-10\n2,c2,Closed: lost,2026-09-11\n3,c3,Demo,2026-09-12\n",
    );
    let o = touchstone::ingest::outcomes::read(&p, &IngestOptions::default()).unwrap();
    assert!(o["c1"].won_at.is_some() && !o["c1"].lost);
    assert!(o["c2"].lost && o["c2"].won_at.is_none());
    assert!(!o.contains_key("c3"));
}

// ----------------------------------------------- §13 Salesforce channel by subject

/// A Data Loader extract whose TaskSubtype and Type are both empty. By hand:
/// row 1 "Email: Intro" -> email; row 2 "List Email: Webinar" -> email; row 3
/// "Follow-up" -> stays other; row 4 has TaskSubtype Call (not read from
/// the subject). 2 from the subject, 1 other.
#[test]
fn salesforce_channel_from_email_subject_prefixes() {
    let w = Work::new();
    let p = w.file(
        "tasks.csv",
        "Id,WhoId,Subject,Status,CompletedDateTime,TaskSubtype,Type\n\
         00T1,0031,Email: Intro,Completed,2026-09-01T09:00:00.000Z,,\n\
         00T2,0031,List Email: Webinar,Completed,2026-09-02T09:00:00.000Z,,\n\
         00T3,0032,Follow-up,Completed,2026-09-03T09:00:00.000Z,,\n\
         00T4,0032,Email: not read,Completed,2026-09-04T09:00:00.000Z,Call,\n",
    );
    let log = canonical::read(&[Source::Path(p)], &pinned(&[]).ingest).unwrap();
    let f = &log.files[0];
    assert_eq!(f.preset, "salesforce_dataloader");
    assert_eq!((f.subject_channel, f.subject_other), (2, 1));
    let channels: Vec<&str> = log.events.iter().map(|e| e.channel.as_str()).collect();
    assert_eq!(channels, ["email", "email", "other", "call"]);
}

// ------------------------------------------------- §13 no engine text in messages

/// polars' own phrases, which name its options and not the user's file.
const ENGINE_PHRASES: &[&str] =
    &["You might want to try", "could not parse", "infer_schema_length", "dataframe engine says", "ComputeError"];

/// Every damaged input of the corpus (the damaged files under
/// `tests/data/damaged`, byte mutations of a CSV and of a Parquet file,
/// malformed facts and summaries) fails with a message of ours.
#[test]
fn no_message_carries_the_engines_own_text() {
    let mut messages: Vec<String> = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/damaged");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        for args in [vec!["analyze", "--format", "json"], vec!["analyze", "--facts"], vec!["validate"]] {
            let out = touchstone().args(&args).arg(&path).output().unwrap();
            messages.push(String::from_utf8_lossy(&out.stderr).into_owned());
        }
    }
    let csv = "prospect_id,ts,direction,channel,outcome,rep_id\np1,2026-03-02T10:00:00Z,out,call,none,r1\n\
               p1,\"2026-03-03T10:00:00Z\",in,email,replied,\np2,2026-03-04T10:00:00Z,out,email,none,r2\n";
    let bytes = csv.as_bytes();
    for i in 0..bytes.len() {
        for v in [b'"', b',', b'\n', 0xff, 0x00] {
            let mut m = bytes.to_vec();
            m[i] = v;
            let src = Source::Stdin(std::sync::Arc::new(m.clone()));
            if let Err(e) = canonical::read(&[src], &IngestOptions::default()) {
                messages.push(e.to_string());
            }
            if let Err(e) = touchstone::facts::io::read_bytes(m.clone(), "f.csv") {
                messages.push(e.to_string());
            }
            let src = Source::Stdin(std::sync::Arc::new(m));
            if let Err(e) = touchstone::ingest::summary::read_source(&src, &IngestOptions::default(), 30, 14) {
                messages.push(e.to_string());
            }
        }
    }
    // Facts CSVs whose columns do not hold numbers.
    for bad in ["prospect_id,n_events,n_touches\np1,x,1\n", "prospect_id,n_touches,m\np1,1.5,1\n"] {
        if let Err(e) = touchstone::facts::io::read_bytes(bad.as_bytes().to_vec(), "bad.csv") {
            messages.push(e.to_string());
        }
    }
    assert!(messages.len() > 100, "{} messages", messages.len());
    for m in &messages {
        for phrase in ENGINE_PHRASES {
            assert!(!m.contains(phrase), "engine text {phrase:?} in: {m}");
        }
    }
}
