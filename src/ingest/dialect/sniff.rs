//! The separator, the header cells and report footers.

use super::diagnose::csv_error;
use crate::error::{Error, Result};

const SEPARATORS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Pick the separator: the candidate that splits the header into the most
/// fields while the next records agree with the header's field count.
pub(super) fn sniff(text: &str) -> u8 {
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

pub(super) fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The header cells, trimmed. A name that repeats an earlier one (compared
/// case-insensitively) is renamed `NAME [column N]` so that every column has
/// its own name, and listed in `repeated` as (name, first position, this
/// position), 1-based: whether a repeat is an error depends on whether the
/// mapping reads that name (docs/metrics.md §13.4), which is decided later.
pub(super) fn header_cells(
    text: &str,
    delimiter: u8,
    name: &str,
    repeated: &mut Vec<(String, usize, usize)>,
) -> Result<Vec<String>> {
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => return Err(Error::input(name, "the file has no header row")),
        Err(e) => return Err(csv_error(name, &e, &[])),
    }
    let mut headers: Vec<String> = rec.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect();
    // One pass with a map: a header of 100,000 columns is checked in linear time.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::with_capacity(headers.len());
    let width = headers.len();
    for (i, h) in headers.iter_mut().enumerate() {
        if h.is_empty() && width > 1 && i + 1 < width {
            return Err(Error::Input {
                file: name.to_string(),
                row: None,
                column: Some(format!("#{}", i + 1)),
                message: "a header cell is empty; every column needs a name (the first line must be the header)".into(),
            });
        }
        match seen.entry(h.to_ascii_lowercase()) {
            std::collections::hash_map::Entry::Occupied(first) => {
                repeated.push((h.clone(), *first.get() + 1, i + 1));
                *h = format!("{h} [column {}]", i + 1);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    Ok(headers)
}

/// Where the data ends: trailing blank lines and single-field lines (report
/// footers) after the last data row are cut. Footer text is collected in
/// file order. Nothing is cut from a one-column file, and a line is only
/// cut when it is outside any quoted field (an even number of quotes before it).
pub(super) fn footer_start(text: &str, delimiter: u8, width: usize, footer: &mut Vec<String>) -> usize {
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
