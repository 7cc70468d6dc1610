//! The flags of `touchstone generate` and their validation into a
//! simulation [`Spec`].

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::cmd::generate::GenerateRequest;
use crate::error::{Error, Result};
use crate::generate::{self, Size, Spec};

/// Layout of the generated rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    /// prospect_id,ts,direction,channel,outcome,rep_id
    Canonical,
    /// A HubSpot activity export (Activity date, Activity type, Call outcome, ...).
    Hubspot,
    /// A Salesforce Task report (Subject, Date, Assigned, Contact, WhoId, Type, ...).
    Salesforce,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of prospects to simulate (default 10000 when --events is not given).
    #[arg(long, value_name = "N", conflicts_with = "events", value_parser = clap::value_parser!(u32).range(1..))]
    pub prospects: Option<u32>,

    /// Simulate prospects until at least N events are written.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=2_000_000_000))]
    pub events: Option<u64>,

    /// Number of reps (their persistence styles are mixed 40/40/20 %:
    /// stop after 1-2, 3-6 or 10+ touches).
    #[arg(long, value_name = "R", default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..))]
    pub reps: u16,

    /// First day of the window (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", default_value = "2025-01-01")]
    pub start: String,

    /// Length of the window in days; prospects arrive uniformly over it and
    /// nothing is written after its end.
    #[arg(long, value_name = "D", default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub days: u32,

    /// Random seed: the same seed and flags give byte-identical output.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Row layout.
    #[arg(long, value_enum, default_value_t = GenerateFormat::Canonical)]
    pub format: GenerateFormat,

    /// Output file: .csv, .csv.gz or .parquet.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub out: PathBuf,

    /// Make giving up informative: the chance P (0..1) that a rep drops a
    /// cold prospect after its second touch. At 0 (the default) reps stop
    /// for reasons that say nothing about the prospect, as the
    /// Kaplan-Meier and the touch policy assume; above 0 their estimates at
    /// touch 3 and later are biased upwards (the survivors are warmer), which
    /// is what this option is for: seeing by how much.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = share)]
    pub informative_give_up: f64,

    /// Also write the ground truth (true hazard table, true touch policy,
    /// every parameter, realised counts) as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,
}

/// `touchstone generate`: the simulation [`Spec`] and the output file.
pub fn request(args: &GenerateArgs) -> Result<GenerateRequest> {
    let start = NaiveDate::parse_from_str(args.start.trim(), "%Y-%m-%d")
        .map_err(|_| Error::Usage(format!("--start: expected a date such as 2025-01-01, got '{}'", args.start)))?;
    let size = match (args.prospects, args.events) {
        (_, Some(n)) => Size::Events(n),
        (Some(n), None) => Size::Prospects(n),
        (None, None) => Size::Prospects(10_000),
    };
    let mut spec = Spec::new(size);
    spec.reps = args.reps;
    spec.start_day = start.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days();
    spec.days = args.days;
    spec.seed = args.seed;
    spec.behaviour.informative_give_up = args.informative_give_up;
    if generate::Container::from_path(&args.out).is_none() {
        return Err(Error::Usage(format!(
            "--out {}: the name must end in .csv, .csv.gz or .parquet",
            args.out.display()
        )));
    }
    let format = match args.format {
        GenerateFormat::Canonical => generate::Format::Canonical,
        GenerateFormat::Hubspot => generate::Format::Hubspot,
        GenerateFormat::Salesforce => generate::Format::Salesforce,
    };
    Ok(GenerateRequest { spec, format, out: args.out.clone(), truth: args.truth.clone() })
}

/// A probability 0..1 (`--informative-give-up`).
fn share(raw: &str) -> std::result::Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{raw:?} is not a probability between 0 and 1")),
    }
}
