//! Excel and OpenDocument workbooks, read as CSV text.

use super::Dialect;
use crate::error::{Error, Result};

/// Zip (XLSX, XLSB, ODS) or OLE (XLS) signatures.
pub(super) fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
}

/// One worksheet of an Excel workbook as CSV text, so that it goes through
/// the same header, footer and parsing path as a CSV export. Cells keep
/// what Excel shows: numbers without a trailing `.0`, dates and times as
/// `YYYY-MM-DD HH:MM:SS` (naive, like the CSV the CRM would have written;
/// `--tz` applies).
pub(super) fn workbook_csv(
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
