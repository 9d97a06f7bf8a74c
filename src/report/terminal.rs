//! Text that reaches a terminal: corpus text (system names, segments, n-grams) is shown with
//! its control characters escaped, so a hostile or broken system output cannot move the cursor,
//! recolour or retitle the terminal, or break a table with a newline.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal raw: C0 controls (newline and tab included), DEL, C1
/// controls, the Unicode line and paragraph separators and the bidirectional overrides and
/// isolates (which reorder what follows them on the line).
pub fn is_unsafe(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x1F | 0x7F..=0x9F | 0x2028 | 0x2029 | 0x202A..=0x202E | 0x2066..=0x2069)
}

/// `s` with every [unsafe](is_unsafe) character escaped: `\x1b` for ESC, `\n`-like characters
/// as `\x0a`, above U+00FF as `\u{202e}`. Borrowed (no copy) when nothing needs escaping.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_unsafe(c) {
            out.push(c);
        } else if (c as u32) <= 0xFF {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// [`sanitize`] for rendered text: the line breaks stay, every other unsafe character
/// (including a tab or a carriage return that came from corpus text) is escaped.
pub fn sanitize_text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let lines: Vec<Cow<'_, str>> = s.split('\n').map(sanitize).collect();
    Cow::Owned(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for s in ["", "neural-a", "Le chat — «noir» 北京 😀", "tab-free\\x1b"] {
            assert!(matches!(sanitize(s), Cow::Borrowed(b) if b == s), "{s}");
        }
    }

    #[test]
    fn escape_sequences_are_shown_not_executed() {
        assert_eq!(
            sanitize("\x1b[2J\x1b]0;pwned\x07"),
            "\\x1b[2J\\x1b]0;pwned\\x07"
        );
        assert_eq!(sanitize("a\nb\tc\r"), "a\\x0ab\\x09c\\x0d");
        assert_eq!(sanitize("\0\x7f\u{85}\u{9b}"), "\\x00\\x7f\\x85\\x9b");
        assert_eq!(sanitize("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(sanitize("x\u{2028}y"), "x\\u{2028}y");
    }

    #[test]
    fn rendered_text_keeps_its_line_breaks() {
        assert_eq!(sanitize_text("a\nb\n"), "a\nb\n");
        assert_eq!(sanitize_text("x\x1b[31m\ty\n"), "x\\x1b[31m\\x09y\n");
    }

    #[test]
    fn every_c0_c1_and_del_is_escaped() {
        for cp in (0u32..0x20).chain(0x7F..0xA0) {
            let c = char::from_u32(cp).unwrap_or('?');
            let s = sanitize(&c.to_string()).into_owned();
            assert_eq!(s, format!("\\x{cp:02x}"));
            assert!(s.chars().all(|c| !c.is_control()));
        }
        // Printable neighbours stay.
        for c in [' ', '~', '\u{a0}', 'é'] {
            assert_eq!(sanitize(&c.to_string()), c.to_string());
        }
    }
}
