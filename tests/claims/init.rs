//! docs/metrics.md §7 claims files users write: `touchstone claims --init`
//! writes the built-in claims as commented TOML that parses back to the
//! seeds; an unknown metric, parameter or op, or a misplaced `tol`, fails
//! with a message that lists what is valid.

use touchstone::claims::{self, Op};

use crate::common::{touchstone, Work};

fn parse_err(text: &str) -> String {
    match claims::parse(text, "mine.toml") {
        Ok(c) => panic!("expected an error, parsed {} claim(s)", c.len()),
        Err(e) => e.to_string(),
    }
}

fn one(metric_and_params: &str, op: &str, value: &str) -> String {
    format!(
        "[[claim]]\nid = \"c\"\nquote = \"q\"\nsource = \"s\"\n{metric_and_params}\nop = \"{op}\"\nvalue = {value}\n"
    )
}

#[test]
fn init_writes_the_seeds_as_commented_toml_that_parses_back() {
    let w = Work::new();
    let path = w.path("claims.toml");
    let out = touchstone().args(["claims", "--init"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = claims::parse(&text, "claims.toml").expect("the written file parses");
    let seeds = claims::seeds();
    assert_eq!(parsed.len(), 13);
    for (a, b) in parsed.iter().zip(&seeds) {
        assert_eq!((&a.id, &a.title, &a.source, a.metric, a.op), (&b.id, &b.title, &b.source, b.metric, b.op));
    }
    // Commented: the field list and the whole catalogue of metrics.
    assert!(text.contains("#   tol "), "documents tol");
    for m in ["pooled_hazard_difference (lo, hi, k)", "gap_response_rate_difference (a, b)", "median_r (no params)"] {
        assert!(text.contains(m), "catalogue lists {m}");
    }
    // Never overwrites: a second run fails, exit 2, and says what to do.
    let again = touchstone().args(["claims", "--init"]).arg(&path).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    // Without FILE: the same text on stdout; passing it back changes nothing.
    let stdout = touchstone().args(["claims", "--init"]).output().unwrap();
    assert_eq!(String::from_utf8(stdout.stdout).unwrap(), text);
}

#[test]
fn an_unknown_parameter_lists_the_metrics_parameters() {
    let e = parse_err(&one("metric = \"hazard_at\"\nparams = { k = 2, x = 3 }", ">=", "0.1"));
    assert!(e.contains("unknown parameter 'x'") && e.contains("its parameters: k"), "{e}");
    let e = parse_err(&one("metric = \"median_r\"\nparams = { x = 3 }", "between", "[5, 7]"));
    assert!(e.contains("unknown parameter 'x'") && e.contains("its parameters: none"), "{e}");
    let e = parse_err(&one("metric = \"pooled_hazard_difference\"\nparams = { lo = 2, hi = 5, j = 1 }", "<=", "0"));
    assert!(e.contains("'j'") && e.contains("lo, hi, k"), "{e}");
}

#[test]
fn an_unknown_op_or_gap_bucket_lists_the_valid_ones() {
    let e = parse_err(&one("metric = \"hazard_at\"\nparams = { k = 2 }", "~", "0.1"));
    assert!(e.contains("unknown op '~'") && e.contains(">=, <=, between or about"), "{e}");
    let e =
        parse_err(&one("metric = \"gap_response_rate_difference\"\nparams = { a = \"2d\", b = \"3-7d\" }", "<=", "0"));
    assert!(e.contains("unknown gap bucket '2d'") && e.contains("<1d, 1-3d, 3-7d, 7-14d, 14d+"), "{e}");
    let e = parse_err(&one("metric = \"magic\"", ">=", "0.1"));
    assert!(e.contains("unknown metric 'magic'") && e.contains("gap_response_rate_difference"), "{e}");
}

#[test]
fn tol_defaults_by_metric_and_belongs_to_about_only() {
    // §7: 0.05 for shares, 1 touch for medians of touch numbers.
    let c = claims::parse(&one("metric = \"hazard_at\"\nparams = { k = 2 }", "about", "0.2"), "m").unwrap();
    assert_eq!(c[0].op, Op::About(0.2, 0.05));
    let c = claims::parse(&one("metric = \"median_r\"", "about", "6"), "m").unwrap();
    assert_eq!(c[0].op, Op::About(6.0, 1.0));
    let c = claims::parse(&(one("metric = \"median_r\"", "about", "6") + "tol = 2\n"), "m").unwrap();
    assert_eq!(c[0].op, Op::About(6.0, 2.0));
    let e = parse_err(&(one("metric = \"median_r\"", ">=", "6") + "tol = 2\n"));
    assert!(e.contains("tol applies only to op = \"about\""), "{e}");
    let e = parse_err(&(one("metric = \"median_r\"", "about", "6") + "tol = -1\n"));
    assert!(e.contains("tol must be a number >= 0"), "{e}");
    // An unknown field lists the fields a claim has.
    let e = parse_err(&(one("metric = \"median_r\"", "about", "6") + "tolerance = 2\n"));
    assert!(e.contains("tolerance") && e.contains("tol") && e.contains("title"), "{e}");
}
