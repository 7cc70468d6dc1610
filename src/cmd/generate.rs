//! `touchstone generate`: write a seeded synthetic touch log (and its
//! ground truth). The simulation and its documented truth live in
//! [`crate::generate`]; this file only maps flags onto a [`Spec`].

use std::time::Instant;

use chrono::NaiveDate;

use crate::cli::{GenerateArgs, GenerateFormat};
use crate::error::{Error, Result};
use crate::generate::{self, Format, Size, Spec};

/// The validated request.
pub fn spec(args: &GenerateArgs) -> Result<Spec> {
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
    Ok(spec)
}

pub fn run(args: &GenerateArgs) -> Result<()> {
    let spec = spec(args)?;
    if generate::Container::from_path(&args.out).is_none() {
        return Err(Error::Usage(format!(
            "--out {}: the name must end in .csv, .csv.gz or .parquet",
            args.out.display()
        )));
    }
    let format = match args.format {
        GenerateFormat::Canonical => Format::Canonical,
        GenerateFormat::Hubspot => Format::Hubspot,
        GenerateFormat::Salesforce => Format::Salesforce,
    };
    let started = Instant::now();
    let generated = generate::generate(&spec);
    let simulated = started.elapsed();
    generate::write_file(&generated.events, format, &args.out)?;
    if let Some(path) = &args.truth {
        let truth = generate::truth(&spec, &generated);
        let text = serde_json::to_string_pretty(&truth).expect("truth serialises");
        std::fs::write(path, text + "\n").map_err(|e| Error::io(path, e))?;
    }
    eprintln!(
        "Wrote {} events of {} prospects to {} in {:.1} s (simulate and sort {:.1} s).",
        generated.events.len(),
        generated.prospects,
        args.out.display(),
        started.elapsed().as_secs_f64(),
        simulated.as_secs_f64()
    );
    Ok(())
}
