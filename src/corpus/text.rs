//! Plain-text input: UTF-8, one segment per line, lines separated by `\n` only.
//!
//! This is exactly what the sacreBLEU command line reads (`open(..., newline="\n")`): a `\r`
//! (alone or before `\n`) stays in the line, where the later right-strip removes it at the end
//! of a line; a final newline does not start an extra segment; a missing final newline loses
//! nothing; an empty line is an (empty) segment.

use std::io::Read;
use std::path::Path;

use super::error::CorpusError;
use super::{LoadOptions, TextFile};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Read one file (or standard input for `-`) into a [`TextFile`] named `name`.
pub fn read_text_file(
    path: &Path,
    name: &str,
    opts: &LoadOptions,
    warnings: &mut Vec<String>,
) -> Result<TextFile, CorpusError> {
    let shown = display_path(path);
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|source| CorpusError::Unreadable {
                path: shown.clone(),
                source,
            })?;
        buf
    } else {
        std::fs::read(path).map_err(|source| CorpusError::Unreadable {
            path: shown.clone(),
            source,
        })?
    };
    let lines = decode_lines(bytes, &shown, opts, warnings)?;
    Ok(TextFile::new(name, shown, lines))
}

/// How a path is shown in messages and reports.
pub fn display_path(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Validate and split file contents into lines.
pub fn decode_lines(
    mut bytes: Vec<u8>,
    shown: &str,
    opts: &LoadOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<String>, CorpusError> {
    if bytes.starts_with(BOM) {
        if !opts.strip_bom {
            return Err(CorpusError::ByteOrderMark {
                path: shown.to_owned(),
            });
        }
        bytes.drain(..BOM.len());
        warnings.push(format!(
            "{shown}:1: removed a UTF-8 byte-order mark (--strip-bom)"
        ));
    }
    // SIMD validation first (most files are valid; CJK text validates ~10x faster), std's
    // validator only to locate the error.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: just validated as UTF-8.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return Ok(split_lines(&text));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let offset = e.utf8_error().valid_up_to();
        let line_start = memrchr_newline(&bytes[..offset]).map_or(0, |p| p + 1);
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        CorpusError::InvalidUtf8 {
            path: shown.to_owned(),
            line,
            column: offset - line_start + 1,
            offset,
        }
    })?;
    Ok(split_lines(&text))
}

/// Lines separated by `\n`; a final `\n` ends the last line rather than starting a new one.
fn split_lines(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').map(str::to_owned).collect()
}

fn memrchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().rposition(|&c| c == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(b: &[u8]) -> Vec<String> {
        decode_lines(b.to_vec(), "f", &LoadOptions::default(), &mut Vec::new()).unwrap()
    }

    #[test]
    fn newline_handling_matches_python_newline_lf() {
        assert_eq!(lines(b"a\nb\n"), ["a", "b"]);
        assert_eq!(lines(b"a\nb"), ["a", "b"]);
        assert_eq!(lines(b"a\r\nb\r\n"), ["a\r", "b\r"]);
        assert_eq!(lines(b"a\rb\n"), ["a\rb"]);
        assert_eq!(lines(b"\n\n"), ["", ""]);
        assert_eq!(lines(b"a\n\nb\n"), ["a", "", "b"]);
        assert!(lines(b"").is_empty());
    }

    #[test]
    fn invalid_utf8_names_line_and_byte() {
        let e = decode_lines(
            b"ok\nab\xffc\n".to_vec(),
            "sys.txt",
            &LoadOptions::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "sys.txt:2: invalid UTF-8 at byte 3 of the line (byte 5 of the file); mtmeter reads UTF-8 only"
        );
    }

    #[test]
    fn bom_is_refused_or_stripped_with_a_warning() {
        let e = decode_lines(
            b"\xEF\xBB\xBFa\n".to_vec(),
            "r.txt",
            &LoadOptions::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("r.txt:1: file starts with a UTF-8 byte-order mark")
        );
        let mut w = Vec::new();
        let l = decode_lines(
            b"\xEF\xBB\xBFa\n".to_vec(),
            "r.txt",
            &LoadOptions { strip_bom: true },
            &mut w,
        )
        .unwrap();
        assert_eq!(l, ["a"]);
        assert_eq!(w.len(), 1);
    }
}
