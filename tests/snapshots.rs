//! Snapshots (insta) of the text people read: the terminal tables of
//! `touchstone analyze` and the claims scorecard on the bundled sample, and
//! the `--help` of `touchstone`, `touchstone analyze` and `touchstone claims`.
//! The snapshots live in `tests/snapshots/`; after an intended change of the
//! text, rerun with `INSTA_UPDATE=always` and read the diff before committing.
//!
//! The tables already print rounded numbers (one decimal); `rounded` rounds
//! any longer decimal as well, so a last-digit change of a float can never
//! churn a snapshot. The runs use a fixed environment (no colour, help
//! wrapped at 100 columns) so a developer's terminal and CI see the same text.

use crate::common::touchstone;

/// Decimal places kept in a table snapshot.
const PLACES: usize = 3;

/// Stdout of `touchstone args` as a run whose stdout is not a terminal sees
/// it: no colour, help wrapped at 100 columns whatever the caller's terminal.
fn stdout_of(args: &[&str]) -> String {
    let out = touchstone()
        .args(args)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{args:?}: stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    assert!(!text.contains('\x1b'), "{args:?}: no ANSI escapes off a terminal");
    text
}

/// A table run on the bundled sample, twice: the text must not change
/// between runs (else no snapshot of it can be stable).
fn table_of(args: &[&str]) -> String {
    let first = stdout_of(args);
    assert_eq!(first, stdout_of(args), "{args:?}: output differs between two runs");
    rounded(&first, PLACES)
}

/// `text` with every decimal number (`123.456789`) of more than `places`
/// fractional digits rounded to `places`. Dotted runs of digits that are not
/// one number (a version such as `0.1.0`, a date `2026.01.02`) are left alone.
fn rounded(text: &str, places: usize) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            // Not the start of a number: copy one character.
            let ch = text[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        let mut j = i;
        while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.') {
            j += 1;
        }
        // A full stop after a number ends the sentence, not the number.
        let token = text[i..j].trim_end_matches('.');
        match token.split('.').collect::<Vec<_>>().as_slice() {
            [_, frac] if frac.len() > places => {
                let x: f64 = token.parse().expect("digits.digits is a number");
                out.push_str(&format!("{x:.places$}"));
            }
            _ => out.push_str(token),
        }
        i += token.len();
    }
    out
}

#[test]
fn rounded_rounds_long_decimals_only() {
    assert_eq!(rounded("median 13.0833333 p25 3.6 n 212", 3), "median 13.083 p25 3.6 n 212");
    assert_eq!(rounded("28.3% [23.8-33.3%] 0.99999", 3), "28.3% [23.8-33.3%] 1.000");
    assert_eq!(
        rounded("touchstone 0.1.0; as of 2026-11-22T17:51:34Z.", 3),
        "touchstone 0.1.0; as of 2026-11-22T17:51:34Z."
    );
    assert_eq!(rounded("-0.41053364 and 1.5. End", 3), "-0.411 and 1.5. End");
    assert_eq!(rounded("a median of 13.0833333.", 3), "a median of 13.083.");
    assert_eq!(rounded("95% → ≤ 0.123456", 2), "95% → ≤ 0.12");
}

#[test]
fn analyze_tables_on_the_sample() {
    insta::assert_snapshot!("analyze_sample", table_of(&["analyze"]));
}

#[test]
fn claims_scorecard_on_the_sample() {
    insta::assert_snapshot!("claims_sample", table_of(&["claims"]));
}

#[test]
fn help_of_touchstone() {
    insta::assert_snapshot!("help", stdout_of(&["--help"]));
}

#[test]
fn help_of_analyze() {
    insta::assert_snapshot!("help_analyze", stdout_of(&["analyze", "--help"]));
}

#[test]
fn help_of_claims() {
    insta::assert_snapshot!("help_claims", stdout_of(&["claims", "--help"]));
}
