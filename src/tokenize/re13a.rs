//! sacreBLEU's `TokenizerRegexp` (`tokenizer_re.py`), the mteval-v13a rules shared by `13a` and `zh`.
//!
//! The Python applies four `re.sub` passes, each scanning left to right without overlap:
//! 1. `([\{-\~\[-\` -\&\(-\+\:-\@\/])` → `' \1 '` (ASCII punctuation and space get spaces around)
//! 2. `([^0-9])([\.,])` → `'\1 \2 '` (period/comma after a non-digit)
//! 3. `([\.,])([^0-9])` → `' \1 \2'` (period/comma before a non-digit)
//! 4. `([0-9])(-)` → `'\1 \2 '` (dash after a digit)
//!
//! then `' '.join(line.split())`. Every character the patterns name is ASCII and every non-ASCII
//! character falls in `[^0-9]`, so scanning UTF-8 *bytes* gives the same output as scanning code
//! points (a multi-byte character is copied byte by byte and only its last byte can be followed
//! by an ASCII `.`/`,`). Hand-written passes replace the regex engine: same result, no allocation
//! per match.

use super::text::squeeze_spaces_into;

#[inline]
fn is_rule1(b: u8) -> bool {
    matches!(b, b'{'..=b'~' | b'['..=b'`' | b' '..=b'&' | b'('..=b'+' | b':'..=b'@' | b'/')
}

#[inline]
fn is_period_or_comma(b: u8) -> bool {
    b == b'.' || b == b','
}

/// Scratch buffers reused across lines.
#[derive(Default)]
pub(crate) struct Re13aBuffers {
    a: Vec<u8>,
    b: Vec<u8>,
}

/// Apply the four passes to `line` and append the squeezed result to `out`.
pub(crate) fn post_tokenize_into(line: &str, out: &mut String) {
    thread_local! {
        static BUFS: std::cell::RefCell<Re13aBuffers> = std::cell::RefCell::new(Re13aBuffers::default());
    }
    BUFS.with(|bufs| {
        let mut bufs = bufs.borrow_mut();
        let Re13aBuffers { a, b } = &mut *bufs;
        let src = line.as_bytes();

        // Pass 1: single characters, no context.
        a.clear();
        for &c in src {
            if is_rule1(c) {
                a.extend_from_slice(&[b' ', c, b' ']);
            } else {
                a.push(c);
            }
        }
        // Pass 2: ([^0-9])([\.,]) -> '\1 \2 '
        b.clear();
        let mut i = 0;
        while i < a.len() {
            let c = a[i];
            if !c.is_ascii_digit() && i + 1 < a.len() && is_period_or_comma(a[i + 1]) {
                b.extend_from_slice(&[c, b' ', a[i + 1], b' ']);
                i += 2;
            } else {
                b.push(c);
                i += 1;
            }
        }
        // Pass 3: ([\.,])([^0-9]) -> ' \1 \2'
        a.clear();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if is_period_or_comma(c) && i + 1 < b.len() && !b[i + 1].is_ascii_digit() {
                a.extend_from_slice(&[b' ', c, b' ', b[i + 1]]);
                i += 2;
            } else {
                a.push(c);
                i += 1;
            }
        }
        // Pass 4: ([0-9])(-) -> '\1 \2 '
        b.clear();
        let mut i = 0;
        while i < a.len() {
            let c = a[i];
            if c.is_ascii_digit() && i + 1 < a.len() && a[i + 1] == b'-' {
                b.extend_from_slice(&[c, b' ', b'-', b' ']);
                i += 2;
            } else {
                b.push(c);
                i += 1;
            }
        }
        // Only ASCII bytes were inserted, at character boundaries: still valid UTF-8.
        let s = std::str::from_utf8(b).expect("passes insert ASCII at char boundaries");
        squeeze_spaces_into(s, out);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        let mut out = String::new();
        post_tokenize_into(s, &mut out);
        out
    }

    #[test]
    fn separates_ascii_punctuation() {
        assert_eq!(t("Hello, world!"), "Hello , world !");
        assert_eq!(t("(a+b)=c"), "( a + b ) = c");
    }

    #[test]
    fn keeps_decimal_and_thousand_separators_between_digits() {
        assert_eq!(t("3.14 and 1,000"), "3.14 and 1,000");
        assert_eq!(t("end 1999."), "end 1999.");
    }

    #[test]
    fn splits_dash_after_digit_only() {
        assert_eq!(t("1-2 a-b"), "1 - 2 a-b");
    }

    #[test]
    fn non_overlapping_scan_leaves_second_period() {
        // Python: re.sub(r'([^0-9])([\.,])', r'\1 \2 ', 'a..') == 'a . .' after the later passes.
        assert_eq!(t("a.."), "a . .");
        assert_eq!(t("é.x"), "é . x");
    }
}
