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
/// - [EE] postalsys/emailengine, `lib/base-client.js` `isAutoreply()` and
///   its test `test/autoreply-test.js`, run on real messages of the public
///   corpus sisimai/set-of-emails (rfc3834-02.eml and rfc3834-04.eml,
///   Microsoft Exchange: "Automatic reply:"; rfc3834-03.eml: "Auto reply:").
/// - [SPEC] the contract, docs/metrics.md §13.3, names Outlook/Exchange's
///   "Automatic reply:", "Out of Office:" and "Autoreply:".
/// - [ISSUE] the issue that asked for this rule (issue 20) quotes these
///   subjects from files tried as a user would: "Automatic reply:", "Out of
///   Office:", "Automatische Antwort:", "Réponse automatique :".
/// - [GO] a public Go mail classifier's `autoReplySubjectRe`
///   (`automatische antwort`, `r[eé]ponse automatique`, `autoreply`,
///   `auto(matic)?[ -]?repl(y|ied)`, `out of (the )?office`).
/// - [LISTS] public reply classifiers in several languages list "automatisch
///   antwoord", "risposta automatica", "respuesta automática" (a test on the
///   subject "Respuesta automática: Una idea") and "abwesenheitsnotiz".
///
/// Outlook writes the name of its "Automatic Replies" feature, in the
/// sender's language, before the original subject. Microsoft documents the
/// feature but not its localised subject prefixes: every non-English
/// spelling below is therefore unverified against Microsoft's own strings.
pub const SUBJECT_PREFIXES: &[(&str, &str)] = &[
    // English
    ("automatic reply", "en: Outlook/Exchange [EE] [SPEC] [ISSUE]"),
    ("auto reply", "en [EE]"),
    ("auto-reply", "en [GO]"),
    ("autoreply", "en [SPEC] [GO]"),
    ("automatic response", "en [EE]"),
    ("out of office", "en: older Exchange [SPEC] [ISSUE] [EE]"),
    ("out of the office", "en [EE]"),
    // German
    ("automatische antwort", "de [ISSUE] [GO]; unverified against Microsoft"),
    ("abwesenheitsnotiz", "de: older Outlook [LISTS]; unverified"),
    // French
    ("réponse automatique", "fr [ISSUE] [GO]; unverified against Microsoft"),
    // Spanish
    ("respuesta automática", "es [LISTS]; unverified"),
    // Portuguese
    ("resposta automática", "pt: unverified (the Spanish/Italian pattern; no source found)"),
    // Italian
    ("risposta automatica", "it [LISTS]; unverified"),
    // Dutch
    ("automatisch antwoord", "nl [LISTS]; unverified"),
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
/// the vendor header `X-Autoreply` (unverified beyond [EE], which checks it).
/// The cell holds `Name: value` lines; names compare case-insensitively.
pub fn headers_say_auto_reply(headers: &str) -> bool {
    headers.lines().any(|line| {
        let Some((name, value)) = line.split_once(':') else { return false };
        let (name, value) = (name.trim(), value.trim());
        (name.eq_ignore_ascii_case("auto-submitted") && !value.eq_ignore_ascii_case("no") && !value.is_empty())
            || (name.eq_ignore_ascii_case("x-autoreply") && !value.eq_ignore_ascii_case("no"))
    })
}
