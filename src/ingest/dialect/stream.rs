//! Large plain CSV files, streamed in batches.

use std::io::Read;

use polars::prelude::*;

use super::diagnose::diagnose;
use super::sniff::{footer_start, header_cells, sniff};
use super::workbook::is_workbook;
use super::{normalize_line_endings, rename_to, Dialect, Table, ROW};
use crate::error::{Error, Result};
use crate::ingest::Source;

/// Plain CSV files at least this large are streamed rather than read whole.
pub(crate) const STREAM_MIN_BYTES: u64 = 32 * 1024 * 1024;
/// Rows per streamed batch.
const STREAM_BATCH_ROWS: usize = 1 << 17;
/// Bytes read from each end of a file to plan streaming.
const PROBE_BYTES: usize = 64 * 1024;

/// How to stream one large file: its header and what was learnt from its
/// first and last bytes.
#[derive(Debug, Clone)]
pub(crate) struct StreamPlan {
    pub path: std::path::PathBuf,
    pub headers: Vec<String>,
    pub dialect: Dialect,
    /// Data rows the file probably holds (its size over the mean line length
    /// of its first bytes): the events are reserved once, not regrown.
    pub est_rows: usize,
}

/// A [`StreamPlan`] when `source` is a plain UTF-8 CSV file of at least
/// `min_bytes` (default [`STREAM_MIN_BYTES`]) without report footers;
/// `None` for everything else (gzip, Parquet, UTF-16, footers, small files,
/// embedded data), which [`read_table`] reads whole.
pub(crate) fn plan_stream(source: &Source, name: &str, min_bytes: Option<u64>) -> Result<Option<StreamPlan>> {
    let Source::Path(path) = source else { return Ok(None) };
    let len = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    if len == 0 || len < min_bytes.unwrap_or(STREAM_MIN_BYTES) {
        return Ok(None);
    }
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut head = vec![0u8; PROBE_BYTES.min(len as usize)];
    file.read_exact(&mut head).map_err(|e| Error::io(path, e))?;
    // Not UTF-8 (a legacy code page, UTF-16 without a BOM) or a workbook:
    // read whole, where the bytes are decoded.
    let valid_utf8 = match std::str::from_utf8(&head) {
        Ok(_) => true,
        // A character cut by the probe's end is fine.
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > head.len(),
    };
    if head.starts_with(&[0x1f, 0x8b])
        || head.starts_with(b"PAR1")
        || head.starts_with(&[0xff, 0xfe])
        || head.starts_with(&[0xfe, 0xff])
        || is_workbook(&head)
        || !valid_utf8
    {
        return Ok(None);
    }
    let tail_len = PROBE_BYTES.min(len as usize);
    let mut tail = vec![0u8; tail_len];
    file.seek(SeekFrom::End(-(tail_len as i64))).map_err(|e| Error::io(path, e))?;
    file.read_exact(&mut tail).map_err(|e| Error::io(path, e))?;
    let mut dialect = Dialect { format: "csv", encoding: "UTF-8", ..Dialect::default() };
    let head_text = String::from_utf8_lossy(&head);
    let head_text = match head_text.strip_prefix('\u{feff}') {
        Some(rest) => {
            dialect.encoding = "UTF-8 (BOM)";
            rest.to_string()
        }
        None => head_text.into_owned(),
    };
    let (_, ending) = normalize_line_endings(head_text.clone());
    if ending == "CR" || ending == "mixed" {
        // Lone CRs end lines: read whole, where they are normalised.
        return Ok(None);
    }
    dialect.line_ending = Some(ending);
    let delimiter = sniff(&head_text);
    dialect.delimiter = Some(delimiter);
    let headers = header_cells(&head_text, delimiter, name, &mut dialect.repeated)?;
    // Footers come from report exports, which are small: read those whole.
    let tail_text = String::from_utf8_lossy(&tail);
    let mut footer = Vec::new();
    footer_start(&format!("header\n{tail_text}"), delimiter, headers.len(), &mut footer);
    if !footer.is_empty() {
        return Ok(None);
    }
    let lines = head.iter().filter(|&&b| b == b'\n').count().max(1);
    // A row holds at least a prospect id and a time: 16 bytes bounds the
    // estimate when the first lines are unusually short.
    let est_rows = ((len as f64 / (head.len() as f64 / lines as f64)) as u64).min(len / 16) as usize;
    Ok(Some(StreamPlan { path: path.clone(), headers, dialect, est_rows }))
}

/// Stream a planned file through polars' lazy CSV reader on the streaming
/// engine, in row order, handing each batch (all columns as strings, the
/// cleaned header names, [`ROW`]) to `each`. Memory holds a few batches,
/// not the file. A parse failure is re-diagnosed with the `csv` crate to
/// name the row, as for whole files.
pub(crate) fn stream_tables(plan: &StreamPlan, name: &str, mut each: impl FnMut(Table) -> Result<()>) -> Result<()> {
    let delimiter = plan.dialect.delimiter.unwrap_or(b',');
    let lf = LazyCsvReader::new(PlRefPath::new(plan.path.to_string_lossy().into_owned()))
        .with_glob(false)
        .with_has_header(true)
        .with_separator(delimiter)
        .with_infer_schema_length(Some(0))
        .with_row_index(Some(RowIndex { name: ROW.into(), offset: 1 }))
        .finish()
        .map_err(|e| stream_error(plan, name, e))?;
    // Room for two windows of batches: the reader parses the next window
    // while the normaliser works on this one.
    let (send, recv) = std::sync::mpsc::sync_channel::<DataFrame>(8);
    let chunk = std::num::NonZeroUsize::new(STREAM_BATCH_ROWS);
    // The callback returns true ("stop") once the receiver is gone.
    let lf = lf
        .sink_batches(PlanCallback::new(move |df| Ok(send.send(df).is_err())), true, chunk)
        .map_err(|e| stream_error(plan, name, e))?;
    let runner = std::thread::spawn(move || lf.collect_with_engine(Engine::Streaming).map(|_| ()));
    let mut failed = None;
    for df in recv.iter() {
        if df.height() == 0 {
            continue;
        }
        let table = rename_to(df, &plan.headers, name)
            .and_then(|df| each(Table { headers: plan.headers.clone(), df, dialect: plan.dialect.clone() }));
        if let Err(e) = table {
            failed = Some(e);
            break;
        }
    }
    drop(recv);
    let ran = runner.join().unwrap_or_else(|_| Err(PolarsError::ComputeError("the CSV reader thread panicked".into())));
    if let Some(e) = failed {
        return Err(e);
    }
    ran.map_err(|e| stream_error(plan, name, e))
}

pub(super) fn stream_error(plan: &StreamPlan, name: &str, e: PolarsError) -> Error {
    match std::fs::read(&plan.path) {
        Ok(bytes) => diagnose(&bytes, plan.dialect.delimiter.unwrap_or(b','), name, e),
        Err(io) => Error::io(&plan.path, io),
    }
}
