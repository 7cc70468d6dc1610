//! Prospect-level counts for the summary (`counts` in the JSON).

use serde::Serialize;

use crate::facts::ProspectFacts;
use crate::model::Status;

/// Prospects by status (only prospects with at least one touch have one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub converted: u64,
    pub lost: u64,
    pub abandoned: u64,
    pub open: u64,
}

/// Counts over the facts table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProspectCounts {
    /// Distinct prospects with at least one valid event up to `T`.
    pub prospects: u64,
    /// Touches up to `T` (including touches after a conversion).
    pub touches: u64,
    /// Prospects with a won time `c`, with or without touches.
    pub conversions: u64,
    /// Conversions with `K = 0`: the prospect converted before any touch.
    pub conversions_without_touch: u64,
    pub status: StatusCounts,
}

pub fn compute(facts: &[ProspectFacts]) -> ProspectCounts {
    let mut c = ProspectCounts { prospects: facts.len() as u64, ..Default::default() };
    for f in facts {
        c.touches += u64::from(f.n_touches);
        if f.converted() {
            c.conversions += 1;
            if f.k == Some(0) {
                c.conversions_without_touch += 1;
            }
        }
        match f.status {
            Some(Status::Converted) => c.status.converted += 1,
            Some(Status::Lost) => c.status.lost += 1,
            Some(Status::Abandoned) => c.status.abandoned += 1,
            Some(Status::Open) => c.status.open += 1,
            None => {}
        }
    }
    c
}
