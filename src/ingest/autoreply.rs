//! Automatic replies (docs/metrics.md §13.3): an inbound e-mail whose
//! subject begins with an automatic-reply prefix, or whose message headers
//! say it was sent automatically, is neither a response nor a touch. The
//! reader sets it aside as a skipped row (reason [`REASON`]), counted in
//! `counts.auto_replies` and listed in `--rejects` with kind `skipped`;
//! `--keep-auto-replies` reads it as before.
//!
//! Only the *start* of the subject is compared (trimmed, case-insensitive,
//! any run of spaces before the colon accepted: French typography writes
//! "Réponse automatique :"), so "Re: automatic reply settings" is a real
//! reply. Each prefix below carries where it was seen; "unverified" means no
//! vendor document was found for that spelling, only the public sources
//! named beside it.

/// The reason written for a row set aside as an automatic reply.
pub const REASON: &str = "automatic reply (not a response)";

/// Automatic-reply subject prefixes, without their colon.
///
/// Sources:
/// - [EE] postalsys/emailengine `test/autoreply-test.js` (commit 7191c50a),
///   which tests its `isAutoreply()` on real messages of the public corpus
///   sisimai/set-of-emails: rfc3834-02.eml and rfc3834-04.eml (Microsoft
///   Exchange) have the subject "Automatic reply: ...", rfc3834-03.eml
///   "Auto reply: ..."; its subject rule also names "Automatic response"
///   and "Out of (the) Office".
/// - [MZ] mage-mzax/emarketing `src/lib/Mzax/Bounce/Detector/Autoreply.php`
///   (commit 8f5b27d0), an e-mail marketing bounce handler's list of
///   "common subject lines" of automatic replies, matched at the start of
///   the subject: "Automatic reply", "Out of Office", "Abwesenheitsnotiz",
///   "Réponse automatique", "Respuesta automática", "Automatisch antwoord",
///   "Auto Response", "Fuori sede", "Risposta Non al computer".
/// - [SPEC] docs/metrics.md §13.3 names Outlook/Exchange's "Automatic
///   reply:", "Out of Office:" and "Autoreply:".
/// - [ISSUE] issue 20 quotes these subjects from files tried as a user
///   would: "Automatic reply:", "Out of Office:", "Automatische Antwort:",
///   "Réponse automatique :".
///
/// Outlook writes the name of its "Automatic Replies" feature, in the
/// sender's language, before the original subject. Microsoft documents the
/// feature but not its localised subject prefixes: every non-English
/// spelling is therefore unverified against Microsoft's own strings, and
/// those with no source but the pattern of their neighbours say so.
pub const SUBJECT_PREFIXES: &[(&str, &str)] = &[
    // English
    ("automatic reply", "en: Outlook/Exchange [EE] [MZ] [SPEC] [ISSUE]"),
    ("auto reply", "en [EE]"),
    ("auto-reply", "en: unverified (a spelling of [EE]'s 'auto reply')"),
    ("autoreply", "en [SPEC]"),
    ("automatic response", "en [EE]"),
    ("auto response", "en [MZ]"),
    ("out of office", "en: older Exchange [EE] [MZ] [SPEC] [ISSUE]"),
    ("out of the office", "en [EE]"),
    // German
    ("automatische antwort", "de [ISSUE]"),
    ("abwesenheitsnotiz", "de: older Outlook [MZ]"),
    // French
    ("réponse automatique", "fr [MZ] [ISSUE]"),
    // Spanish
    ("respuesta automática", "es [MZ]"),
    // Portuguese
    ("resposta automática", "pt: unverified, no public source found (the Portuguese of 'automatic reply')"),
    // Italian
    ("risposta automatica", "it: unverified, no public source found (the Italian of 'automatic reply')"),
    ("fuori sede", "it: 'out of office' [MZ]"),
    ("risposta non al computer", "it: older Outlook 'not at the computer' [MZ]"),
    // Dutch
    ("automatisch antwoord", "nl [MZ]"),
];

/// Whether `subject` begins with an automatic-reply prefix followed by a
/// colon (spaces, including a no-break space, allowed before the colon).
pub fn subject_is_auto_reply(subject: &str) -> bool {
    let s = subject.trim_start().to_lowercase();
    SUBJECT_PREFIXES.iter().any(|(prefix, _)| {
        s.strip_prefix(prefix).is_some_and(|rest| rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).starts_with(':'))
    })
}

/// Whether a cell of raw message headers marks an automatic reply: RFC 3834
/// §5 `Auto-Submitted` with any value but `no` (`auto-replied`,
/// `auto-generated`; https://www.rfc-editor.org/rfc/rfc3834#section-5), or
/// the vendor header `X-Autoreply` ([EE] checks it; no standard defines it).
/// The cell holds `Name: value` lines; names compare case-insensitively.
pub fn headers_say_auto_reply(headers: &str) -> bool {
    headers.lines().any(|line| {
        let Some((name, value)) = line.split_once(':') else { return false };
        let (name, value) = (name.trim(), value.trim());
        (name.eq_ignore_ascii_case("auto-submitted") && !value.eq_ignore_ascii_case("no") && !value.is_empty())
            || (name.eq_ignore_ascii_case("x-autoreply") && !value.eq_ignore_ascii_case("no"))
    })
}
