//! The cells of a claim shared by the text renderers (table, Markdown,
//! CSV, HTML): its reading, measured value, interval and claimed value,
//! written with [`crate::numbers`].

use crate::claims::verdict::Evaluation;
use crate::claims::Reading;
use crate::numbers::Unit;

fn unit(e: &Evaluation) -> Unit {
    Unit::of_metric(&e.metric)
}

/// `touches`, `follow-ups` or `-`.
pub fn reading(e: &Evaluation) -> String {
    match e.reading {
        None => "-".into(),
        Some(Reading::Touches) => "touches".into(),
        Some(Reading::FollowUps) => "follow-ups".into(),
    }
}

/// The measured value in the claim's unit.
pub fn measured(e: &Evaluation) -> String {
    unit(e).show(e.value)
}

/// The 95 % interval in the claim's unit.
pub fn interval(e: &Evaluation) -> String {
    unit(e).interval(e.lo, e.hi)
}

/// `>= 80.0%`, `between 5.0 and 7.0`.
pub fn claimed(e: &Evaluation) -> String {
    let show = |v: &serde_json::Value| unit(e).show(v.as_f64());
    match &e.claimed {
        serde_json::Value::Array(a) if a.len() == 2 => format!("between {} and {}", show(&a[0]), show(&a[1])),
        v => match e.tol {
            Some(tol) => format!("{} {} ± {}", e.op, show(v), unit(e).show_magnitude(tol)),
            None => format!("{} {}", e.op, show(v)),
        },
    }
}

/// `n`, and for a difference both groups' sizes: `330 (120 + 210)`
/// (docs/metrics.md §8.16: `n = n1 + n2` on every difference row).
pub fn n(e: &Evaluation) -> String {
    match (e.n1, e.n2) {
        (Some(a), Some(b)) => format!("{} ({a} + {b})", e.n),
        _ => e.n.to_string(),
    }
}
