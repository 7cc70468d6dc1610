//! Parquet inputs, checked against their own size before polars reads them.

use std::io::Read;

use polars::prelude::*;

use super::diagnose::first_csv_error;
use super::{Dialect, Table, ROW};
use crate::error::{Error, Result};

pub(super) fn read_parquet(bytes: Vec<u8>, name: &str, mut dialect: Dialect) -> Result<Table> {
    dialect.format = "parquet";
    dialect.encoding = "binary";
    crate::error::guard_damaged(name, "Parquet file", || {
        let df = parquet_frame(bytes, name, "events")?;
        parquet_strings(df, name, dialect)
    })
}

pub(super) fn parquet_strings(df: DataFrame, name: &str, dialect: Dialect) -> Result<Table> {
    let ctx = || {
        Error::polars(format!(
            "{name}: a column of the Parquet file could not be read as text; export it with text, number or \
             timestamp columns, or export CSV instead"
        ))
    };
    let mut columns = Vec::with_capacity(df.width() + 1);
    let headers: Vec<String> = df.get_column_names().iter().map(|s| s.trim().to_string()).collect();
    columns.push(Column::new(ROW.into(), (1..=df.height() as u64).collect::<Vec<u64>>()));
    for (c, h) in df.columns().iter().zip(&headers) {
        let s = c.as_materialized_series();
        let strings: Series = match s.dtype() {
            DataType::Datetime(unit, _) => {
                let scale = match unit {
                    TimeUnit::Nanoseconds => -1000,
                    TimeUnit::Microseconds => 1,
                    TimeUnit::Milliseconds => 1000,
                };
                let phys = s.to_physical_repr().into_owned();
                let v = phys.i64().map_err(ctx())?;
                let out: Vec<Option<String>> = v
                    .iter()
                    .map(|x| {
                        x.map(|x| crate::time::format_ts(if scale < 0 { x / 1000 } else { x.saturating_mul(scale) }))
                    })
                    .collect();
                Series::new(h.as_str().into(), out)
            }
            _ => s.cast(&DataType::String).map_err(ctx())?.with_name(h.as_str().into()),
        };
        columns.push(strings.into_column());
    }
    let df = DataFrame::new(df.height(), columns).map_err(ctx())?;
    Ok(Table { headers, df, dialect })
}

/// Rows a Parquet file may claim per byte of its size. Real touch logs and
/// facts files take at least a byte a row (distinct ids, times); a file
/// claiming far more rows than it has bytes is damaged, and reading it
/// would allocate memory sized by the damaged count.
const PARQUET_MAX_ROWS_PER_BYTE: u64 = 64;
/// Uncompressed bytes a Parquet column chunk may claim per byte of the file
/// (beyond a fixed allowance): a bound on allocations sized by the footer.
const PARQUET_MAX_EXPANSION: u64 = 1024;
const PARQUET_ALLOWANCE: u64 = 64 << 20;

/// Read Parquet bytes into a frame after checking what the footer claims
/// against the file's size: the trailing magic, the footer length, row
/// counts, and every column chunk's byte range and uncompressed size. A
/// damaged file is [`Error::Input`] naming it, never a panic or an abort
/// on a huge allocation. Call inside [`crate::error::guard_damaged`]:
/// polars can still panic on damaged pages no footer check sees.
pub(crate) fn parquet_frame(bytes: Vec<u8>, name: &str, what: &str) -> Result<DataFrame> {
    let damaged = |why: String| {
        Error::input(
            name,
            format!("the Parquet {what} file is damaged ({why}); re-export or re-download it, or export CSV instead"),
        )
    };
    let len = bytes.len() as u64;
    if len < 12 || !bytes.ends_with(b"PAR1") {
        return Err(damaged("it does not end with the Parquet marker 'PAR1': the file is cut short".into()));
    }
    let footer = u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().expect("4 bytes")) as u64;
    if footer + 12 > len {
        return Err(damaged(format!("its footer claims {footer} bytes in a file of {len}")));
    }
    // polars-parquet 0.55.2 reserves each list of the footer by the count
    // the footer claims (fuzz input `tests/data/damaged/aggregates-footer-
    // list-alloc.parquet`: 6.9 GB for a list in a 1 KB file; a larger count
    // exceeds memory and aborts). The generated thrift reader of
    // polars-parquet-format charges every list against a byte budget, so the
    // footer is parsed with it first, with a budget of 16 bytes per footer
    // byte (each list element takes at least one byte and is charged eight).
    {
        use polars_parquet_format::thrift::protocol::TCompactInputProtocol;
        let at = bytes.len() - 8 - footer as usize;
        let budget = (footer as usize).saturating_mul(16).saturating_add(64 << 10);
        let mut protocol = TCompactInputProtocol::new(&bytes[at..bytes.len() - 8], budget);
        polars_parquet_format::FileMetaData::read_from_in_protocol(&mut protocol)
            .map_err(|e| damaged(format!("its footer does not parse within its size ({e})")))?;
    }
    let bytes = polars_buffer::Buffer::from_vec(bytes);
    let mut reader = ParquetReader::new(std::io::Cursor::new(bytes.clone()));
    let meta = reader.get_metadata().map_err(|e| damaged(format!("its footer does not parse: {e}")))?.clone();
    let max_rows = len.saturating_mul(PARQUET_MAX_ROWS_PER_BYTE).saturating_add(1 << 16);
    let max_bytes = len.saturating_mul(PARQUET_MAX_EXPANSION).saturating_add(PARQUET_ALLOWANCE);
    if meta.num_rows as u64 > max_rows {
        return Err(damaged(format!("it claims {} rows in {len} bytes", meta.num_rows)));
    }
    let group_rows: u64 = meta.row_groups.iter().map(|g| g.num_rows() as u64).sum();
    if group_rows != meta.num_rows as u64 {
        return Err(damaged(format!("it claims {} rows but its row groups hold {group_rows}", meta.num_rows)));
    }
    let mut total: u64 = 0;
    for (g, group) in meta.row_groups.iter().enumerate() {
        for chunk in group.parquet_columns() {
            let column = chunk.descriptor().path_in_schema.join(".");
            let (compressed, uncompressed) = (chunk.compressed_size(), chunk.uncompressed_size());
            let range = chunk.byte_range();
            if compressed < 0 || uncompressed < 0 || range.start > range.end || range.end > len {
                return Err(damaged(format!(
                    "column '{column}' of row group {} lies outside the file (bytes {}..{} of {len})",
                    g + 1,
                    range.start,
                    range.end
                )));
            }
            total = total.saturating_add(uncompressed as u64);
            if uncompressed as u64 > max_bytes || total > max_bytes.saturating_mul(4) {
                return Err(damaged(format!(
                    "column '{column}' of row group {} claims {uncompressed} bytes uncompressed in a file of {len}",
                    g + 1
                )));
            }
            if chunk.num_values() < 0 || chunk.num_values() as u64 > max_rows.saturating_mul(8) {
                return Err(damaged(format!("column '{column}' claims {} values", chunk.num_values())));
            }
            check_pages(&bytes, chunk, max_bytes).map_err(|why| damaged(format!("column '{column}': {why}")))?;
        }
    }
    // The reader's own text names polars internals: not repeated.
    reader.finish().map_err(|_| damaged("its pages do not decode".to_string()))
}

/// A table file Touchstone writes (facts, aggregates) from its bytes:
/// Parquet by its magic bytes (checked and read by [`parquet_frame`]), else
/// CSV with every column a string; gzip-compressed or not, by magic bytes
/// (`facts -o f.csv` then `gzip f.csv` reads as is). `what` names the kind
/// of file in messages, `not_csv` says what a CSV parse failure means.
pub(crate) fn written_frame(bytes: Vec<u8>, name: &str, what: &str, not_csv: &str) -> Result<DataFrame> {
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes.as_slice()).read_to_end(&mut out).map_err(|e| {
            Error::input(name, format!("the gzip data is damaged ({e}); re-download or re-compress the file"))
        })?;
        out
    } else {
        bytes
    };
    if bytes.starts_with(b"PAR1") {
        return parquet_frame(bytes, name, what);
    }
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .into_reader_with_file_handle(std::io::Cursor::new(&bytes))
        .finish()
        .map_err(|_| match first_csv_error(&bytes, b',', name) {
            Some(Error::Input { file, row, column, message }) => {
                Error::Input { file, row, column, message: format!("{not_csv}: {message}") }
            }
            _ => Error::input(name, format!("{not_csv}; it does not read as a comma-separated file")),
        })
}

/// Walk the page headers of one column chunk and check what each claims
/// against the chunk: polars-parquet 0.55.2 sizes a bitmap by a data page's
/// `num_values` before decoding, so a damaged count (negative, or beyond
/// the chunk's own count) aborts the process on allocation, which no
/// `catch_unwind` can catch (fuzz input
/// `tests/data/damaged/facts-page-num-values-alloc.parquet`).
pub(super) fn check_pages(
    bytes: &polars_buffer::Buffer<u8>,
    chunk: &polars_parquet::parquet::metadata::ColumnChunkMetadata,
    max_bytes: u64,
) -> std::result::Result<(), String> {
    use polars_parquet::parquet::page::{CompressedPage, DataPageHeader};
    let mut cursor = std::io::Cursor::new(bytes.clone());
    cursor.set_position(chunk.byte_range().start);
    let max_page = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    let mut pages = polars_parquet::parquet::read::PageReader::new(cursor, chunk, Vec::new(), max_page);
    let total = chunk.num_values();
    let mut seen: i64 = 0;
    for (i, page) in pages.by_ref().enumerate() {
        let page = page.map_err(|e| format!("page {} does not parse: {e}", i + 1))?;
        let CompressedPage::Data(page) = page else { continue };
        let values = match page.header() {
            DataPageHeader::V1(h) => h.num_values as i64,
            DataPageHeader::V2(h) => h.num_values as i64,
        };
        if values < 0 || values > total - seen {
            return Err(format!("page {} claims {values} values of the chunk's {total}", i + 1));
        }
        if page.uncompressed_size() as u64 > max_bytes {
            return Err(format!("page {} claims {} bytes uncompressed", i + 1, page.uncompressed_size()));
        }
        seen += values;
    }
    Ok(())
}
