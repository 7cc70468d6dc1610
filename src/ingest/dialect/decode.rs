//! Bytes to text: BOMs, UTF-16, legacy code pages.

use super::diagnose::first_csv_error;
use super::sniff::sniff;
use super::Dialect;
use crate::error::{Error, Result};

/// Bytes to UTF-8 text: drop a UTF-8 BOM, decode UTF-16 with a BOM, and
/// name the row and column of invalid UTF-8.
pub(super) fn decode(bytes: Vec<u8>, name: &str, dialect: &mut Dialect) -> Result<String> {
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
pub(super) fn utf8(bytes: Vec<u8>, name: &str, dialect: &mut Dialect) -> Result<String> {
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
pub(super) fn utf16_without_bom(bytes: &[u8]) -> Option<(String, &'static str)> {
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
