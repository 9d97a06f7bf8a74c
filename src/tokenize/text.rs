//! Small text steps that reproduce Python string semantics sacreBLEU relies on.
//!
//! sacreBLEU squeezes and splits with Python's `str.split()` / `str.rstrip()`, whose notion of
//! whitespace (`str.isspace`) is Rust's `char::is_whitespace` plus the four ASCII information
//! separators U+001C..U+001F. Every place that mirrors a Python `split()` must use these helpers,
//! never `str::split_whitespace`.

/// Python's `str.isspace()` for one character.
#[inline]
pub fn is_py_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Byte length of the whitespace character starting at byte `i` of `b`, or 0.
///
/// Works on bytes: ASCII whitespace is one byte, and every non-ASCII whitespace character
/// starts with 0xC2 (U+0085, U+00A0), 0xE1 (U+1680), 0xE2 (U+2000..U+205F) or 0xE3 (U+3000),
/// so all other bytes (Latin letters, CJK, Hebrew, ...) are rejected without decoding.
#[inline(always)]
fn whitespace_len_at(b: &[u8], i: usize) -> usize {
    let c = b[i];
    if c > b' ' && c < 0xC2 {
        return 0; // printable ASCII, or a continuation byte / lead byte of no whitespace
    }
    match c {
        b'\t'..=b'\r' | 0x1c..=b' ' => 1,
        0xC2 => usize::from(matches!(b.get(i + 1), Some(0x85 | 0xA0))) * 2,
        0xE1..=0xE3 if i + 2 < b.len() => {
            let c = u32::from(b[i] & 0x0F) << 12
                | u32::from(b[i + 1] & 0x3F) << 6
                | u32::from(b[i + 2] & 0x3F);
            char::from_u32(c).map_or(0, |c| usize::from(c.is_whitespace()) * 3)
        }
        _ => 0,
    }
}

/// Iterator behind [`py_split`].
#[derive(Debug, Clone)]
pub struct PySplit<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Iterator for PySplit<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let b = self.s.as_bytes();
        let mut i = self.pos;
        loop {
            if i >= b.len() {
                self.pos = i;
                return None;
            }
            match whitespace_len_at(b, i) {
                0 => break,
                n => i += n,
            }
        }
        let start = i;
        while i < b.len() && whitespace_len_at(b, i) == 0 {
            i += 1;
        }
        self.pos = i;
        // `start` and `i` sit on character boundaries: whitespace is matched as whole
        // characters and continuation bytes (0x80..0xBF) never match.
        Some(&self.s[start..i])
    }
}

/// Python's `str.split()` without arguments: split on runs of whitespace, no empty pieces.
pub fn py_split(s: &str) -> PySplit<'_> {
    PySplit { s, pos: 0 }
}

/// Python's `str.rstrip()` without arguments.
#[inline]
pub fn py_rstrip(s: &str) -> &str {
    // Most lines end in a printable ASCII character: nothing to strip, no decoding.
    match s.as_bytes().last() {
        Some(&b) if b > b' ' && b < 0x80 => s,
        _ => s.trim_end_matches(is_py_whitespace),
    }
}

/// Python's `str.strip()` without arguments.
#[inline]
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_whitespace)
}

/// `' '.join(s.split())`, appended to `out`.
pub fn squeeze_spaces_into(s: &str, out: &mut String) {
    let mut first = true;
    for tok in py_split(s) {
        if !first {
            out.push(' ');
        }
        out.push_str(tok);
        first = false;
    }
}

/// Python's `str.lower()`. Rust's `to_lowercase` applies the same full Unicode mappings,
/// including final sigma and `İ` → `i̇`; the two differ only where their Unicode versions do.
pub fn py_lower(s: &str) -> String {
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_split_also_splits_on_information_separators() {
        let s = "a\u{1c}b\u{1f}c\u{a0}d\u{3000}e  f";
        assert_eq!(
            py_split(s).collect::<Vec<_>>(),
            ["a", "b", "c", "d", "e", "f"]
        );
    }

    #[test]
    fn byte_level_split_agrees_with_char_level_on_every_code_point() {
        // Every BMP and some astral code points, each between two letters.
        for c in (0u32..0x3100)
            .chain(0xFE00..0x10000)
            .chain([0x1F600, 0x20000])
            .filter_map(char::from_u32)
        {
            let s = format!("a{c}b");
            let slow: Vec<&str> = s
                .split(is_py_whitespace)
                .filter(|t| !t.is_empty())
                .collect();
            assert_eq!(py_split(&s).collect::<Vec<_>>(), slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn python_rstrip_strips_unicode_whitespace_and_cr() {
        assert_eq!(py_rstrip("abc \r\u{a0}\u{1e}"), "abc");
        assert_eq!(py_rstrip("  x"), "  x");
        assert_eq!(py_strip("\u{2003} x \t"), "x");
    }

    #[test]
    fn squeeze_matches_python_join_split() {
        let mut out = String::new();
        squeeze_spaces_into("  a   b\tc  ", &mut out);
        assert_eq!(out, "a b c");
    }

    #[test]
    fn lower_handles_final_sigma_and_dotted_capital_i() {
        // Python: "ΟΔΟΣ".lower() == "οδος" with a final sigma (U+03C2).
        assert_eq!(py_lower("ΟΔΟΣ"), "\u{3bf}\u{3b4}\u{3bf}\u{3c2}");
        assert_eq!(py_lower("İ"), "i\u{307}");
        assert_eq!(py_lower("ÉCOLE"), "école");
    }
}
