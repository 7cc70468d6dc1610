//! One module per subcommand, each with a single `run` entry.

pub mod analyze;
pub mod facts;
