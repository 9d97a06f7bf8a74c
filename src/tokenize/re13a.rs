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
    RULE1[usize::from(b)]
}

/// Membership table of pass 1's character class.
static RULE1: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] =
            matches!(c, b'{'..=b'~' | b'['..=b'`' | b' '..=b'&' | b'('..=b'+' | b':'..=b'@' | b'/');
        b += 1;
    }
    t
};

#[inline]
fn is_period_or_comma(b: u8) -> bool {
    b == b'.' || b == b','
}

/// Scratch buffers reused across lines.
#[derive(Default)]
struct Buffers {
    a: Vec<u8>,
    b: Vec<u8>,
}

/// Pass 1: `([\{-\~\[-\` -\&\(-\+\:-\@\/])` → `' \1 '`: no context, one byte at a time.
fn pass1(src: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut run = 0;
    for (i, &c) in src.iter().enumerate() {
        if is_rule1(c) {
            out.extend_from_slice(&src[run..i]);
            out.extend_from_slice(&[b' ', c, b' ']);
            run = i + 1;
        }
    }
    out.extend_from_slice(&src[run..]);
}

/// Pass 2: `([^0-9])([\.,])` → `'\1 \2 '`, leftmost-first without overlap.
fn pass2(src: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let (mut i, mut run) = (0, 0);
    while i + 1 < src.len() {
        if is_period_or_comma(src[i + 1]) && !src[i].is_ascii_digit() {
            out.extend_from_slice(&src[run..=i]);
            out.extend_from_slice(&[b' ', src[i + 1], b' ']);
            i += 2;
            run = i;
        } else {
            i += 1;
        }
    }
    out.extend_from_slice(&src[run..]);
}

/// Pass 3: `([\.,])([^0-9])` → `' \1 \2'`.
fn pass3(src: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let (mut i, mut run) = (0, 0);
    while i + 1 < src.len() {
        if is_period_or_comma(src[i]) && !src[i + 1].is_ascii_digit() {
            out.extend_from_slice(&src[run..i]);
            out.extend_from_slice(&[b' ', src[i], b' ', src[i + 1]]);
            i += 2;
            run = i;
        } else {
            i += 1;
        }
    }
    out.extend_from_slice(&src[run..]);
}

/// Pass 4: `([0-9])(-)` → `'\1 \2 '`.
fn pass4(src: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let (mut i, mut run) = (0, 0);
    while i + 1 < src.len() {
        if src[i + 1] == b'-' && src[i].is_ascii_digit() {
            out.extend_from_slice(&src[run..=i]);
            out.extend_from_slice(b" - ");
            i += 2;
            run = i;
        } else {
            i += 1;
        }
    }
    out.extend_from_slice(&src[run..]);
}

thread_local! {
    static BUFS: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

/// Apply the four passes to `line` and append the squeezed result to `out`.
pub(crate) fn post_tokenize_into(line: &str, out: &mut String) {
    BUFS.with(|bufs| {
        let Buffers { a, b } = &mut *bufs.borrow_mut();
        pass1(line.as_bytes(), a);
        // Passes 2 and 3 only act next to an ASCII period or comma, pass 4 only before a dash:
        // skipping them when there is none gives the same bytes.
        let has_sep = a.iter().any(|&c| is_period_or_comma(c));
        if has_sep {
            pass2(a, b);
            pass3(b, a);
        }
        let result: &[u8] = if a.contains(&b'-') {
            pass4(a, b);
            b
        } else {
            a
        };
        // SAFETY: `line` is UTF-8 and the passes only insert ASCII bytes next to ASCII bytes,
        // never inside a multi-byte sequence, so the result is still UTF-8.
        let s = unsafe { std::str::from_utf8_unchecked(result) };
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
