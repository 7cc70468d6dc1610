//! Renderers: one file per output format behind one small trait
//! (hyperfine's `src/export/`). Each turns the [`Analysis`] document, or
//! the claims [`Scorecard`], into text or files; none computes a number.
//! People-facing numbers go through the one formatter, [`crate::numbers`].
//!
//! | format | analysis | scorecard |
//! |---|---|---|
//! | [`table`] | the terminal tables | the scorecard table |
//! | [`json`] | the JSON document | `{"as_of", "claims"}` |
//! | [`csv`] | one file per table | one row per claim and reading |
//! | [`markdown`] | – | a Markdown table |
//!
//! [`html`] is not a `--format`: it renders the weekly page (with its
//! scorecard section), which only `touchstone report` writes ([`weekly`]).

pub mod cells;
pub mod csv;
pub(crate) mod folder;
pub mod html;
pub mod json;
pub mod markdown;
pub mod table;
pub mod weekly;

use crate::analysis::Analysis;
use crate::claims::verdict::ClaimResult;
use crate::error::{Error, Result};
use crate::metrics::reps::RepComparison;
use crate::metrics::worklist::Worklist;

/// The claims scorecard: every claim measured as of one instant.
#[derive(Debug, Clone, Copy)]
pub struct Scorecard<'a> {
    pub as_of: Option<&'a str>,
    pub claims: &'a [ClaimResult],
    /// ANSI colours for the verdicts (terminal only).
    pub colour: bool,
}

impl<'a> Scorecard<'a> {
    pub fn of(a: &'a Analysis, colour: bool) -> Scorecard<'a> {
        Scorecard { as_of: a.as_of.as_deref(), claims: &a.claims, colour }
    }
}

/// What a renderer produces: text for stdout, or named files for a folder.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    Text(String),
    /// (file name, bytes), in a fixed order.
    Files(Vec<(String, Vec<u8>)>),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// One output format.
pub trait Render {
    /// The whole analysis.
    fn analysis(&self, a: &Analysis) -> Result<Output>;
    /// The claims scorecard.
    fn scorecard(&self, s: &Scorecard) -> Result<Output>;
    /// The worklist (`touchstone worklist`), already cut to what is shown.
    fn worklist(&self, _w: &Worklist) -> Result<Output> {
        Err(unsupported(self.name(), "the worklist", "use table, csv or json"))
    }
    /// The rep comparison (`touchstone reps`).
    fn reps(&self, _r: &RepComparison) -> Result<Output> {
        Err(unsupported(self.name(), "the rep comparison", "use table, csv or json"))
    }
    /// The format's name, for messages.
    fn name(&self) -> &'static str;
}

/// The renderer of `format`.
pub(crate) fn renderer(format: Format) -> &'static dyn Render {
    match format {
        Format::Table => &table::Table,
        Format::Json => &json::Json,
        Format::Csv => &csv::Csv,
        Format::Markdown => &markdown::Markdown,
    }
}

/// The error of a format that does not render a document.
pub(crate) fn unsupported(format: &str, what: &str, instead: &str) -> Error {
    Error::Usage(format!("--format {format} does not render {what}: {instead}"))
}
