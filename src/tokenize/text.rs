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

/// Python's `str.split()` without arguments: split on runs of whitespace, no empty pieces.
pub fn py_split(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_py_whitespace).filter(|t| !t.is_empty())
}

/// Python's `str.rstrip()` without arguments.
#[inline]
pub fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_whitespace)
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
