//! Making corpus text safe for a terminal: a system output may hold escape sequences or other
//! control characters that would rewrite the screen, and a newline in a name breaks a table.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `s` with every control character (C0, DEL, C1) shown as an escape (`\x1b`, `\n`, `\t`,
/// `\u{85}`), so that nothing from a corpus file acts on the terminal.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x80 && c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_line_breaks_are_shown_not_executed() {
        assert_eq!(sanitize("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(sanitize("x\ny\tz\r"), "x\\ny\\tz\\r");
        assert_eq!(sanitize("nul\0del\x7f"), "nul\\x00del\\x7f");
        assert_eq!(sanitize("c1\u{9b}"), "c1\\u{9b}");
        assert!(matches!(sanitize("plain é 中"), Cow::Borrowed(_)));
    }
}
