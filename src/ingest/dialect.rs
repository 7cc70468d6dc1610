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

use std::io::Read;

use polars::prelude::*;

use super::Source;
use crate::error::{Error, Result};

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

const SEPARATORS: [u8; 4] = [b',', b';', b'\t', b'|'];

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
    let headers = header_cells(&text, delimiter, name)?;
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

/// Bytes to UTF-8 text: drop a UTF-8 BOM, decode UTF-16 with a BOM, and
/// name the row and column of invalid UTF-8.
fn decode(bytes: Vec<u8>, name: &str, dialect: &mut Dialect) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        dialect.encoding = "UTF-8 (BOM)";
        return utf8(rest.to_vec(), name, dialect);
    }
    for (bom, le, label) in [([0xffu8, 0xfe], true, "UTF-16LE (BOM)"), ([0xfe, 0xff], false, "UTF-16BE (BOM)")] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            dialect.encoding = label;
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| {
                    let pair = [c[0], *c.get(1).unwrap_or(&0)];
                    if le {
                        u16::from_le_bytes(pair)
                    } else {
                        u16::from_be_bytes(pair)
                    }
                })
                .collect();
            return String::from_utf16(&units).map_err(|_| {
                Error::input(
                    name,
                    format!("the file starts with a {label} mark but is not valid UTF-16; re-export it as UTF-8"),
                )
            });
        }
    }
    utf8(bytes, name, dialect)
}

/// UTF-8 text, else the legacy encoding the bytes are in (Windows-1252,
/// Latin-1 and the other single-byte code pages Excel and CRMs write on
/// Windows; UTF-16 without a BOM), detected with `chardetng` and decoded
/// with `encoding_rs`. The encoding is named in `validate` and on stderr.
fn utf8(bytes: Vec<u8>, name: &str, dialect: &mut Dialect) -> Result<String> {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e.into_bytes(),
    };
    if let Some((text, label)) = utf16_without_bom(&bytes) {
        dialect.encoding = label;
        return Ok(text);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    if encoding != encoding_rs::UTF_8 {
        let (text, _, malformed) = encoding.decode(&bytes);
        if !malformed {
            dialect.encoding = encoding.name();
            dialect.encoding_guessed = true;
            return Ok(text.into_owned());
        }
    }
    let delimiter = sniff(&String::from_utf8_lossy(&bytes));
    Err(match first_csv_error(&bytes, delimiter, name) {
        Some(err) => err,
        None => Error::input(name, "the file is not valid UTF-8; re-export it as UTF-8 (CSV UTF-8 in Excel)"),
    })
}

/// UTF-16 text with no byte-order mark: ASCII-heavy text has a zero byte in
/// every other position (odd positions: little-endian; even: big-endian).
fn utf16_without_bom(bytes: &[u8]) -> Option<(String, &'static str)> {
    let probe = &bytes[..bytes.len().min(4096) & !1];
    if probe.len() < 4 {
        return None;
    }
    let zeros = |parity: usize| probe.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = probe.len() / 2;
    let (le, be) = (zeros(1) * 10 >= half * 9, zeros(0) * 10 >= half * 9);
    let (encoding, label) = match (le, be) {
        (true, false) => (encoding_rs::UTF_16LE, "UTF-16LE (no BOM)"),
        (false, true) => (encoding_rs::UTF_16BE, "UTF-16BE (no BOM)"),
        _ => return None,
    };
    let (text, malformed) = encoding.decode_without_bom_handling(bytes);
    (!malformed).then(|| (text.into_owned(), label))
}

/// Zip (XLSX, XLSB, ODS) or OLE (XLS) signatures.
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
}

/// One worksheet of an Excel workbook as CSV text, so that it goes through
/// the same header, footer and parsing path as a CSV export. Cells keep
/// what Excel shows: numbers without a trailing `.0`, dates and times as
/// `YYYY-MM-DD HH:MM:SS` (naive, like the CSV the CRM would have written;
/// `--tz` applies).
fn workbook_csv(
    bytes: Vec<u8>,
    name: &str,
    sheet: Option<&str>,
    dialect: &mut Dialect,
) -> Result<(String, &'static str)> {
    use calamine::{Data, Reader};
    let damaged = |e: &dyn std::fmt::Display| {
        Error::input(name, format!("cannot read the workbook ({e}); open it in Excel and save it again, or export CSV"))
    };
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let format = match &book {
        calamine::Sheets::Xls(_) => "xls",
        calamine::Sheets::Xlsx(_) => "xlsx",
        calamine::Sheets::Xlsb(_) => "xlsb",
        calamine::Sheets::Ods(_) => "ods",
    };
    let names = book.sheet_names();
    let chosen = match sheet {
        Some(s) => names.iter().find(|n| n.eq_ignore_ascii_case(s)).cloned().ok_or_else(|| {
            Error::Usage(format!("--sheet: no worksheet '{s}' in {name} (its sheets: {})", names.join(", ")))
        })?,
        None => names.first().cloned().ok_or_else(|| Error::input(name, "the workbook has no worksheet"))?,
    };
    let range = book.worksheet_range(&chosen).map_err(|e| damaged(&e))?;
    dialect.sheet = Some(chosen);
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for row in range.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Int(i) => i.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => match d.as_datetime() {
                    Some(t) if t.and_utc().timestamp_subsec_micros() == 0 => t.format("%Y-%m-%d %H:%M:%S").to_string(),
                    Some(t) => t.format("%Y-%m-%d %H:%M:%S%.6f").to_string(),
                    None => d.as_f64().to_string(),
                },
                Data::Error(e) => format!("#{e:?}"),
            })
            .collect();
        // A row whose only value is its first cell (a report title or
        // copyright line under the data, a blank row) is written as one
        // field, as the CSV export writes it, so the footer is recognised.
        let last = cells.iter().rposition(|c| !c.trim().is_empty());
        let cells = if last.is_none_or(|i| i == 0) { &cells[..1.min(cells.len())] } else { &cells[..] };
        w.write_record(cells).map_err(|e| damaged(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| damaged(&e))?;
    Ok((String::from_utf8(bytes).map_err(|e| damaged(&e))?, format))
}

/// Pick the separator: the candidate that splits the header into the most
/// fields while the next records agree with the header's field count.
fn sniff(text: &str) -> u8 {
    let sample = &text[..floor_boundary(text, 64 * 1024)];
    let mut best = (b',', 1usize, 0usize);
    for sep in SEPARATORS {
        let mut rdr =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(sep).from_reader(sample.as_bytes());
        let mut records = rdr.records().take(21).filter_map(|r| r.ok());
        let Some(header) = records.next() else { continue };
        let width = header.len();
        if width < 2 {
            continue;
        }
        let (mut agree, mut total) = (0, 0);
        for r in records {
            total += 1;
            if r.len() == width {
                agree += 1;
            }
        }
        let consistent = total == 0 || agree * 2 >= total;
        if consistent && (width > best.1 || (width == best.1 && agree > best.2)) {
            best = (sep, width, agree);
        }
    }
    best.0
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The header cells, trimmed, with duplicate names refused.
fn header_cells(text: &str, delimiter: u8, name: &str) -> Result<Vec<String>> {
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => return Err(Error::input(name, "the file has no header row")),
        Err(e) => return Err(csv_error(name, &e, &[])),
    }
    let headers: Vec<String> = rec.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect();
    // One pass with a set: a header of 100,000 columns is checked in linear time.
    let mut seen = std::collections::HashSet::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() && headers.len() > 1 && i + 1 < headers.len() {
            return Err(Error::Input {
                file: name.to_string(),
                row: None,
                column: Some(format!("#{}", i + 1)),
                message: "a header cell is empty; every column needs a name (the first line must be the header)".into(),
            });
        }
        if !seen.insert(h.to_ascii_lowercase()) {
            return Err(Error::Input {
                file: name.to_string(),
                row: None,
                column: Some(h.clone()),
                message: "the column name appears twice in the header; rename or drop one copy".into(),
            });
        }
    }
    Ok(headers)
}

/// Where the data ends: trailing blank lines and single-field lines (report
/// footers) after the last data row are cut. Footer text is collected in
/// file order. Nothing is cut from a one-column file, and a line is only
/// cut when it is outside any quoted field (an even number of quotes before it).
fn footer_start(text: &str, delimiter: u8, width: usize, footer: &mut Vec<String>) -> usize {
    if width < 2 {
        return text.len();
    }
    let mut end = text.len();
    let mut found = Vec::new();
    let mut cut = text.len();
    for _ in 0..64 {
        let body = text[..end].trim_end_matches(['\n', '\r']);
        if body.is_empty() {
            break;
        }
        let start = body.rfind('\n').map_or(0, |i| i + 1);
        if start == 0 {
            break; // never the header
        }
        let line = &body[start..];
        let cells: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(line.as_bytes())
            .records()
            .next()
            .and_then(|r| r.ok())
            .map(|r| r.iter().map(str::to_string).collect())
            .unwrap_or_default();
        let non_empty: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
        let blank = non_empty.is_empty();
        let single = cells.len() == 1 && non_empty.len() == 1;
        if !(blank || single) || text[..start].bytes().filter(|&b| b == b'"').count() % 2 == 1 {
            break;
        }
        if single {
            found.push(non_empty[0].trim().to_string());
        }
        cut = start;
        end = start;
    }
    if found.is_empty() {
        return text.len();
    }
    found.reverse();
    *footer = found;
    cut
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

fn read_parquet(bytes: Vec<u8>, name: &str, mut dialect: Dialect) -> Result<Table> {
    dialect.format = "parquet";
    dialect.encoding = "binary";
    crate::error::guard_damaged(name, "Parquet file", || {
        let df = parquet_frame(bytes, name, "events")?;
        parquet_strings(df, name, dialect)
    })
}

fn parquet_strings(df: DataFrame, name: &str, dialect: Dialect) -> Result<Table> {
    let ctx = || Error::polars(format!("{name}: the Parquet file's columns could not be read as text"));
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
    reader.finish().map_err(|e| damaged(format!("the Parquet reader says: {e}")))
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
        .into_reader_with_file_handle(std::io::Cursor::new(bytes))
        .finish()
        .map_err(Error::polars(format!("{name}: {not_csv}; the CSV reader says")))
}

/// Walk the page headers of one column chunk and check what each claims
/// against the chunk: polars-parquet 0.55.2 sizes a bitmap by a data page's
/// `num_values` before decoding, so a damaged count (negative, or beyond
/// the chunk's own count) aborts the process on allocation, which no
/// `catch_unwind` can catch (fuzz input
/// `tests/data/damaged/facts-page-num-values-alloc.parquet`).
fn check_pages(
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

/// Turn a polars read failure into an error naming the row and column, by
/// re-reading the bytes with the `csv` crate, which reports positions.
fn diagnose(bytes: &[u8], delimiter: u8, name: &str, err: PolarsError) -> Error {
    if let Some(e) = first_csv_error(bytes, delimiter, name) {
        return e;
    }
    Error::Polars {
        context: format!(
            "{name}: the file could not be read as CSV; check that it is a CSV export whose first line is the \
             header and whose rows have as many fields as the header"
        ),
        source: err,
    }
}

/// The first problem the `csv` crate sees: a row with more fields than the
/// header, invalid UTF-8, or a quote that is never closed.
fn first_csv_error(bytes: &[u8], delimiter: u8, name: &str) -> Option<Error> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).delimiter(delimiter).from_reader(bytes);
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Some(csv_error(name, &e, &[])),
    };
    let mut last_start: Option<(u64, u64)> = None;
    let mut first_odd: Option<(u64, u64)> = None;
    let mut rec = csv::ByteRecord::new();
    loop {
        let pos = rdr.position().clone();
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                if let Err(e) = std::str::from_utf8(rec.as_slice()) {
                    let field = (0..rec.len())
                        .find(|&i| std::str::from_utf8(&rec[i]).is_err())
                        .and_then(|i| headers.get(i).cloned());
                    let _ = e;
                    return Some(Error::Input {
                        file: name.to_string(),
                        row: Some(pos.record()),
                        column: field,
                        message: format!(
                            "the value is not valid UTF-8 (line {}); re-export the file as UTF-8 (in Excel: CSV UTF-8)",
                            pos.line()
                        ),
                    });
                }
                if rec.len() > headers.len() {
                    return Some(Error::Input {
                        file: name.to_string(),
                        row: Some(pos.record()),
                        column: None,
                        message: format!(
                            "the row has {} fields but the header has {} (line {}); check for an unquoted separator or a missing quote in this row",
                            rec.len(),
                            headers.len(),
                            pos.line()
                        ),
                    });
                }
                last_start = Some((pos.record(), pos.line()));
                // A stray quote inside an unquoted value (`r"2`) is taken
                // literally here but not by polars: the first row with an
                // odd number of quotes is the one to fix.
                let end = (rdr.position().byte() as usize).min(bytes.len());
                let start = (pos.byte() as usize).min(end);
                if first_odd.is_none() && bytes[start..end].iter().filter(|&&b| b == b'"').count() % 2 == 1 {
                    first_odd = Some((pos.record(), pos.line()));
                }
            }
            Err(e) => return Some(csv_error(name, &e, &headers)),
        }
    }
    if bytes.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
        let (row, line) = first_odd.or(last_start).unwrap_or((1, 2));
        return Some(Error::Input {
            file: name.to_string(),
            row: Some(row),
            column: None,
            message: format!(
                "a quote opened in this row (line {line}) is never closed, so the rest of the file reads as one value; \
                 close the quote or double the quote character inside the value"
            ),
        });
    }
    None
}

fn csv_error(name: &str, e: &csv::Error, headers: &[String]) -> Error {
    // csv counts the header as record 0, so a record index is a 1-based data row.
    let row = e.position().map(|p| p.record()).filter(|r| *r > 0);
    let line = e.position().map(|p| format!(" (line {})", p.line())).unwrap_or_default();
    let (column, message) = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => (
            None,
            format!(
                "the row has {len} fields but the header has {expected_len}{line}; \
                 check for an unquoted separator or a missing quote in this row"
            ),
        ),
        csv::ErrorKind::Utf8 { err, .. } => (
            headers.get(err.field()).cloned(),
            format!("the value is not valid UTF-8{line}; re-export the file as UTF-8"),
        ),
        other => (None, format!("{other:?}{line}")),
    };
    Error::Input { file: name.to_string(), row, column, message }
}

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
    let headers = header_cells(&head_text, delimiter, name)?;
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

fn stream_error(plan: &StreamPlan, name: &str, e: PolarsError) -> Error {
    match std::fs::read(&plan.path) {
        Ok(bytes) => diagnose(&bytes, plan.dialect.delimiter.unwrap_or(b','), name, e),
        Err(io) => Error::io(&plan.path, io),
    }
}
