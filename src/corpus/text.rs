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
    let (text, spans) = decode_text(bytes, &shown, opts, warnings)?;
    Ok(TextFile::from_spans(name, shown, text, spans))
}

/// What identifies an input: standard input, a file by device and inode (or by canonical path
/// where there are no inodes), or nothing known (a missing file: reading it reports that).
#[derive(Debug, PartialEq, Eq)]
enum Identity {
    Stdin,
    #[cfg(unix)]
    File(u64, u64),
    #[cfg(not(unix))]
    Canonical(std::path::PathBuf),
    Unknown,
}

fn identity(path: &Path) -> (Identity, bool) {
    if path.as_os_str() == "-" {
        return (Identity::Stdin, false);
    }
    // `metadata` is stat(2): it never opens the file, so it cannot block on a FIFO.
    let Ok(meta) = std::fs::metadata(path) else {
        return (Identity::Unknown, false);
    };
    let regular = meta.is_file();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (Identity::File(meta.dev(), meta.ino()), regular)
    }
    #[cfg(not(unix))]
    {
        let id = std::fs::canonicalize(path).map_or(Identity::Unknown, Identity::Canonical);
        (id, regular)
    }
}

/// Refuse an input given twice, before anything is opened: `-` twice, the same pipe or device
/// twice (reading it twice hangs or splits the stream between the two), or the same regular
/// file twice as references or as systems. A regular file may be both a reference and a system
/// (scoring a reference against itself is a common sanity check) or the source.
pub fn check_distinct_inputs(
    references: &[std::path::PathBuf],
    systems: &[std::path::PathBuf],
    source: Option<&Path>,
) -> Result<(), CorpusError> {
    let roles: Vec<(&Path, String, &str)> = references
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_path(), format!("reference {}", i + 1), "reference"))
        .chain(
            systems
                .iter()
                .enumerate()
                .map(|(i, p)| (p.as_path(), format!("system {}", i + 1), "system")),
        )
        .chain(source.map(|p| (p, "the source".to_owned(), "source")))
        .collect();
    let ids: Vec<(Identity, bool)> = roles.iter().map(|(p, _, _)| identity(p)).collect();
    for (j, (id, regular)) in ids.iter().enumerate() {
        if *id == Identity::Unknown {
            continue;
        }
        let Some(i) = ids[..j].iter().position(|(other, _)| other == id) else {
            continue;
        };
        let (first, first_role, first_kind) = &roles[i];
        let (second, second_role, second_kind) = &roles[j];
        if *regular && first_kind != second_kind {
            continue;
        }
        let why = match id {
            Identity::Stdin => "standard input can be read only once",
            _ if !regular => "a pipe or device can be read only once",
            _ => "give each input once",
        };
        let (a, b) = (display_path(first), display_path(second));
        let what = if a == b {
            format!("{a} is given twice")
        } else {
            format!("{a} and {b} are the same file")
        };
        return Err(CorpusError::RepeatedInput {
            path: b,
            message: format!("{what} (as {first_role} and {second_role}): {why}"),
        });
    }
    Ok(())
}

/// How a path is shown in messages and reports (control characters escaped, as everything
/// that reaches a terminal: see [`crate::report::terminal`]).
pub fn display_path(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        crate::report::terminal::sanitize(&path.display().to_string()).into_owned()
    }
}

/// Validate file contents and find its lines: the text and every line's byte span.
pub fn decode_text(
    mut bytes: Vec<u8>,
    shown: &str,
    opts: &LoadOptions,
    warnings: &mut Vec<String>,
) -> Result<(String, Vec<(usize, usize)>), CorpusError> {
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
        // UTF-16 text without a byte-order mark is valid UTF-8 (a NUL after every ASCII letter)
        // and would be scored as garbage, as sacreBLEU does.
        if let Some(offset) = memchr::memchr(0, &bytes) {
            let line_start = memrchr_newline(&bytes[..offset]).map_or(0, |p| p + 1);
            return Err(CorpusError::NulByte {
                path: shown.to_owned(),
                line: 1 + memchr::memchr_iter(b'\n', &bytes[..offset]).count(),
                column: offset - line_start + 1,
            });
        }
        // SAFETY: just validated as UTF-8.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        let spans = line_spans(&text);
        return Ok((text, spans));
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
    let spans = line_spans(&text);
    Ok((text, spans))
}

/// Spans of the lines separated by `\n`; a final `\n` ends the last line rather than starting
/// a new one. `\n` is ASCII, so every span lies on character boundaries.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    if text.is_empty() {
        return Vec::new();
    }
    let body = text.strip_suffix('\n').unwrap_or(text).as_bytes();
    let mut spans = Vec::with_capacity(body.len() / 64 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', body) {
        spans.push((start, end));
        start = end + 1;
    }
    spans.push((start, body.len()));
    spans
}

fn memrchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().rposition(|&c| c == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(b: &[u8]) -> Vec<String> {
        let (text, spans) =
            decode_text(b.to_vec(), "f", &LoadOptions::default(), &mut Vec::new()).unwrap();
        spans.iter().map(|&(s, e)| text[s..e].to_owned()).collect()
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
        let e = decode_text(
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
    fn nul_bytes_are_refused_with_their_line() {
        let utf16 = "ok\nhi\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>();
        let e = decode_text(utf16, "u.txt", &LoadOptions::default(), &mut Vec::new()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("u.txt:1: NUL byte at byte 2 of the line"),
            "{e}"
        );
        let e = decode_text(
            b"a\nb\nxy\0".to_vec(),
            "n.txt",
            &LoadOptions::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("n.txt:3: NUL byte at byte 3 "),
            "{e}"
        );
    }

    #[test]
    fn bom_is_refused_or_stripped_with_a_warning() {
        let e = decode_text(
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
        let (text, spans) = decode_text(
            b"\xEF\xBB\xBFa\n".to_vec(),
            "r.txt",
            &LoadOptions {
                strip_bom: true,
                ..LoadOptions::default()
            },
            &mut w,
        )
        .unwrap();
        assert_eq!(
            (text.as_str(), spans.as_slice()),
            ("a\n", [(0, 1)].as_slice())
        );
        assert_eq!(w.len(), 1);
    }
}
