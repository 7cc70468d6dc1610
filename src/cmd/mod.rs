//! One module per subcommand: a plain request type (built and validated by
//! [`crate::cli`], one file per command there) and a single `run` entry. No clap type below here.

pub mod analyze;
pub mod claims;
pub mod explain;
pub mod facts;
pub mod generate;
pub mod report;
pub mod reps;
pub mod sql;
pub mod validate;
pub mod worklist;
