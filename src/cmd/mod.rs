//! One module per subcommand, each with a single `run` entry.

pub mod analyze;
pub mod claims;
pub mod facts;
pub mod generate;
pub mod report;
pub mod validate;
