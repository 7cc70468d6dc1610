//! Naming the row and column of a CSV that polars cannot read.

use polars::prelude::*;

use crate::error::Error;

/// Turn a polars read failure into an error naming the row and column, by
/// re-reading the bytes with the `csv` crate, which reports positions.
pub(super) fn diagnose(bytes: &[u8], delimiter: u8, name: &str, _err: PolarsError) -> Error {
    if let Some(e) = first_csv_error(bytes, delimiter, name) {
        return e;
    }
    // polars' own text ("could not parse ...", "You might want to try ...")
    // names its options, not the file: not repeated.
    Error::input(
        name,
        "the file could not be read as CSV; check that it is a CSV export whose first line is the header and \
         whose rows have as many fields as the header",
    )
}

/// The first problem the `csv` crate sees: a row with more fields than the
/// header, invalid UTF-8, or a quote that is never closed.
pub(super) fn first_csv_error(bytes: &[u8], delimiter: u8, name: &str) -> Option<Error> {
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

pub(super) fn csv_error(name: &str, e: &csv::Error, headers: &[String]) -> Error {
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
