//! File dialects: how the bytes of an export become a table of strings.
//!
//! Handled here, before any column is interpreted: gzip (by magic bytes, so
//! `.csv.gz` and a misnamed file both work), Parquet (by magic bytes),
//! UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text"),
//! the separator (`,` `;` tab `|`, sniffed from the first records), CRLF,
//! quoted fields with embedded newlines (polars handles those), and the
//! trailing footer lines of report exports (Salesforce "Grand Totals",
//! "Copyright ..."): single-field lines after the last data row are cut off,
//! kept in [`Dialect::footer`] and reported, never read as data.
//!
//! Every column comes back as a string (no type inference: it bites on real
//! exports). Blank lines come back as all-null rows; the normaliser skips
//! and counts them. When polars cannot parse the text, it is re-read with the
//! `csv` crate, which reports positions, to name the row at fault.
//!
//! One private submodule per concern: `decode` (encodings), `workbook`
//! (Excel, ODS), `sniff` (separator, header cells, footers), `parquet` (the
//! footer guard), `diagnose` (naming the row polars could not read) and
//! `stream` (large files in batches). Only what is re-exported here is used
//! outside.

mod decode;
mod diagnose;
mod parquet;
mod sniff;
mod stream;
mod workbook;

use std::io::Read;

use polars::prelude::*;

use super::Source;
use crate::error::{Error, Result};
use decode::decode;
use diagnose::diagnose;
use parquet::read_parquet;
pub(crate) use parquet::written_frame;
use sniff::{footer_start, header_cells, sniff};
pub(crate) use stream::{plan_stream, stream_tables};
use workbook::{is_workbook, workbook_csv};

/// The 1-based data-row number column added to every table.
pub(crate) const ROW: &str = "__row";

/// What was learnt about a file's physical format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dialect {
    /// `csv` or `parquet`.
    pub format: &'static str,
    /// The field separator (CSV only).
    pub delimiter: Option<u8>,
    /// `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE (BOM)`, `UTF-16BE (BOM)`, a legacy
    /// encoding's name (`windows-1252`), or `binary` for Parquet and Excel.
    pub encoding: &'static str,
    /// True when the encoding was detected from the bytes (not UTF-8, no BOM).
    pub encoding_guessed: bool,
    /// The worksheet read from an Excel workbook.
    pub sheet: Option<String>,
    /// `gzip` when the file was compressed.
    pub compression: Option<&'static str>,
    /// `LF` or `CRLF` (CSV only).
    pub line_ending: Option<&'static str>,
    /// Footer lines cut from the end (their text), not counted as rows read.
    pub footer: Vec<String>,
    /// Header names that repeat an earlier one: (name, first position, this
    /// position), 1-based. The repeat's column is renamed `NAME [column N]`.
    pub repeated: Vec<(String, usize, usize)>,
}

impl Dialect {
    /// The separator as people name it.
    pub(crate) fn delimiter_name(&self) -> &'static str {
        match self.delimiter {
            Some(b',') => "comma",
            Some(b';') => "semicolon",
            Some(b'\t') => "tab",
            Some(b'|') => "pipe",
            Some(_) => "other",
            None => "-",
        }
    }
}

/// One source as strings: the header cells in file order (BOM and
/// surrounding whitespace removed) and a frame with those columns plus [`ROW`].
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub headers: Vec<String>,
    pub df: DataFrame,
    pub dialect: Dialect,
}

/// Read one source into a [`Table`]; `sheet` names the worksheet of an
/// Excel workbook (default: the first).
pub(crate) fn read_table(source: &Source, name: &str, sheet: Option<&str>) -> Result<Table> {
    let raw: Vec<u8> = match source {
        Source::Path(p) => std::fs::read(p).map_err(|e| Error::io(p, e))?,
        Source::Embedded { bytes, .. } => bytes.to_vec(),
        Source::Stdin(bytes) => bytes.to_vec(),
    };
    let mut dialect = Dialect { format: "csv", encoding: "UTF-8", ..Dialect::default() };
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        dialect.compression = Some("gzip");
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut out).map_err(|e| {
            Error::input(name, format!("the gzip data is damaged ({e}); re-download or re-compress the file"))
        })?;
        out
    } else {
        raw
    };
    if bytes.starts_with(b"PAR1") {
        return read_parquet(bytes, name, dialect);
    }
    let text = if is_workbook(&bytes) {
        // calamine can panic on a damaged workbook: a data error, like Parquet.
        let (text, format) =
            crate::error::guard_damaged(name, "workbook", || workbook_csv(bytes, name, sheet, &mut dialect))?;
        dialect.format = format;
        dialect.encoding = "binary";
        text
    } else {
        decode(bytes, name, &mut dialect)?
    };
    if text.trim().is_empty() {
        return Err(Error::input(
            name,
            "the file is empty; a touch log needs a header row such as 'prospect_id,ts,direction,channel,outcome,rep_id'",
        ));
    }
    let (text, ending) = normalize_line_endings(text);
    dialect.line_ending = Some(ending);
    let delimiter = sniff(&text);
    dialect.delimiter = Some(delimiter);
    let headers = header_cells(&text, delimiter, name, &mut dialect.repeated)?;
    let body_end = footer_start(&text, delimiter, headers.len(), &mut dialect.footer);
    let text = &text[..body_end];
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_row_index(Some(RowIndex { name: ROW.into(), offset: 1 }))
        .map_parse_options(|o| o.with_separator(delimiter))
        .into_reader_with_file_handle(std::io::Cursor::new(text.as_bytes()))
        .finish()
        .map_err(|e| diagnose(text.as_bytes(), delimiter, name, e))?;
    let df = rename_to(df, &headers, name)?;
    Ok(Table { headers, df, dialect })
}

/// CR-only line endings (old Excel for Mac) and mixed endings become LF so
/// that every reader below sees the same rows: a CR that is not followed by
/// LF and is outside a quoted field ends a line. A lone CR inside a quoted
/// field is part of the value and stays. Returns the text and the ending
/// named in `validate`: `LF`, `CRLF`, `CR` or `mixed`.
pub(crate) fn normalize_line_endings(text: String) -> (String, &'static str) {
    let b = text.as_bytes();
    let (mut lf, mut crlf, mut cr) = (false, false, false);
    let mut lone = Vec::new();
    let mut quoted = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                if i > 0 && b[i - 1] == b'\r' {
                    crlf = true;
                } else {
                    lf = true;
                }
            }
            b'\r' if !quoted && b.get(i + 1) != Some(&b'\n') => {
                cr = true;
                lone.push(i);
            }
            _ => {}
        }
    }
    let ending = match (lf, crlf, cr) {
        (_, true, false) if !lf => "CRLF",
        (false, false, true) => "CR",
        (true, false, false) | (false, false, false) => "LF",
        _ => "mixed",
    };
    if lone.is_empty() {
        return (text, ending);
    }
    let mut bytes = text.into_bytes();
    for i in lone {
        bytes[i] = b'\n';
    }
    // Only ASCII CR bytes were replaced by ASCII LF: still UTF-8.
    (String::from_utf8(bytes).expect("ASCII replaced by ASCII"), ending)
}

/// polars names columns by the raw header (with a BOM, untrimmed); give
/// them the cleaned names.
fn rename_to(mut df: DataFrame, headers: &[String], name: &str) -> Result<DataFrame> {
    let mut h = headers.iter();
    let names: Vec<PlSmallStr> = df
        .get_column_names()
        .iter()
        .map(|old| match old.as_str() {
            ROW => (*old).clone(),
            _ => h.next().map_or_else(|| (*old).clone(), |new| new.as_str().into()),
        })
        .collect();
    // All at once: renaming one by one looks each name up (quadratic in the width).
    df.set_column_names(&names).map_err(Error::polars(format!("{name}: naming columns")))?;
    Ok(df)
}
