//! `touchstone sql`: print (or write) the SQL script that computes the facts
//! and the event-level aggregates in an engine (see [`crate::sql`]).

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::sql::{self, SqlRequestParams};

/// A validated `sql` request.
#[derive(Debug, Clone)]
pub struct SqlRequest {
    pub params: SqlRequestParams,
    /// Write the script here instead of standard output.
    pub out: Option<PathBuf>,
}

pub fn run(req: &SqlRequest) -> Result<()> {
    let text = sql::script(&req.params)?;
    match &req.out {
        None => super::print(&text),
        Some(path) => {
            std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
            eprintln!("Wrote the {} script to {}.", req.params.dialect.name(), path.display());
            Ok(())
        }
    }
}
