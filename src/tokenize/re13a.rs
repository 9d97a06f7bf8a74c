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
//!
//! [`tokenize_into`] goes further and produces the squeezed result in a single pass over the
//! line, deciding for every character whether the passes would put spaces around it:
//! - pass 1 (and `zh`'s spacing of Chinese characters) isolates its characters unconditionally;
//!   in the string it produces, their neighbours see a space, i.e. "some non-digit, non-separator
//!   character", exactly what the original character is for passes 2–4 (none of which names it);
//! - a `.`/`,` is matched by pass 2 iff it has a predecessor that is not a digit and that is not
//!   itself a separator matched by pass 2 (the scan skips the second character of a match);
//! - otherwise it is matched by pass 3 iff it has a successor that is not a digit: a successor
//!   separator was matched by pass 2 and became a space, and the only way for this separator to
//!   be consumed by an earlier pass-3 match is to follow an unmatched separator, which pass 2
//!   would then have matched;
//! - a `-` is matched by pass 4 iff it follows a digit (passes 2 and 3 only insert spaces next to
//!   separators, so digit–dash adjacency is unchanged).
//!
//! A matched character ends up with spaces on both sides, so after `' '.join(line.split())` it is
//! a token of its own. The multi-pass version is kept in the tests as the reference.

#[cfg(test)]
use super::text::squeeze_spaces_into;

#[cfg(test)]
#[inline]
fn is_rule1(b: u8) -> bool {
    RULE1[usize::from(b)]
}

/// Whether byte `b` is in mteval's ASCII punctuation class `[\{-\~\[-\` -\&\(-\+\:-\@\/]`
/// (which includes the space). sacreBLEU uses this class in the 13a/zh passes and again in
/// TER's `_normalize_general_and_western`.
#[inline]
pub(crate) fn is_mteval_punct(b: u8) -> bool {
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

#[cfg(test)]
#[inline]
fn is_period_or_comma(b: u8) -> bool {
    b == b'.' || b == b','
}

/// Scratch buffers reused across lines.
#[cfg(test)]
#[derive(Default)]
struct Buffers {
    a: Vec<u8>,
    b: Vec<u8>,
}

/// Pass 1: `([\{-\~\[-\` -\&\(-\+\:-\@\/])` → `' \1 '`: no context, one byte at a time.
#[cfg(test)]
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
#[cfg(test)]
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
#[cfg(test)]
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
#[cfg(test)]
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

#[cfg(test)]
thread_local! {
    static BUFS: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

/// Apply the four passes to `line` and append the squeezed result to `out` (reference version).
#[cfg(test)]
pub(crate) fn post_tokenize_reference(line: &str, out: &mut String) {
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

/// Byte classes for the single-pass tokenizer.
const PLAIN: u8 = 0;
/// Python whitespace (ASCII): a token boundary.
const SPACE: u8 = 1;
/// Pass 1 characters other than the space: always a token of their own.
const ISOLATED: u8 = 2;
/// `.` and `,`.
const SEP: u8 = 3;
/// `-`.
const DASH: u8 = 4;
/// Lead or continuation byte of a multi-byte character.
const NON_ASCII: u8 = 5;

static CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NON_ASCII
        } else if matches!(c, b'\t'..=b'\r' | 0x1c..=b' ') {
            SPACE
        } else if RULE1[b] {
            ISOLATED
        } else if c == b'.' || c == b',' {
            SEP
        } else if c == b'-' {
            DASH
        } else {
            PLAIN
        };
        b += 1;
    }
    t
};

/// The four passes and `' '.join(line.split())` in one pass over `line`, appended to `out`.
///
/// `padded`: behave as if `line` had one more space on each side (13a's padding).
/// `isolate`: characters (non-ASCII, non-whitespace) that get spaces around them before the
/// passes, as `zh` does for Chinese characters.
#[inline]
pub(crate) fn tokenize_into(
    line: &str,
    padded: bool,
    isolate: Option<fn(char) -> bool>,
    out: &mut String,
) {
    let start = out.len();
    for_each_token(line, padded, isolate, |tok| {
        if out.len() > start {
            out.push(' ');
        }
        out.push_str(tok);
    });
}

/// Whether byte `c` may end a token or be one: a superset of the bytes whose class is not
/// [`PLAIN`] ASCII or part of an ordinary multi-byte character. Everything at or below `/`
/// (controls, space, `!"#$%&'()*+,-./`), `:;<=>?@`, ``[\]^_` ``, `{|}~` and DEL, and the lead
/// bytes of the only multi-byte characters that can be whitespace (U+0085 and U+00A0: `C2`;
/// U+1680, U+2000–U+205F, U+3000: `E1`–`E3`). The few plain bytes in the set (digits are not;
/// the apostrophe and controls are) are looked at and found plain. With `isolate`, every lead
/// byte (`C0` and above) is added, since any multi-byte character may be isolated.
#[inline(always)]
const fn may_split(c: u8, any_lead: bool) -> bool {
    c <= b'/'
        || matches!(c, b':'..=b'@' | b'['..=b'`' | b'{'..=0x7F)
        || c == 0xC2
        || matches!(c, 0xE1..=0xE3)
        || (any_lead && c >= 0xC0)
}

/// Bit `k` set when `block[k]` [`may_split`] (`block.len() <= 64`).
#[inline(always)]
fn split_mask(block: &[u8], any_lead: bool) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if block.len() == 64 {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        return unsafe { split_mask_sse2(block.try_into().expect("64 bytes"), any_lead) };
    }
    split_mask_scalar(block, any_lead)
}

/// [`split_mask`] a byte at a time (the tail of a line, and targets without SSE2).
#[inline(always)]
fn split_mask_scalar(block: &[u8], any_lead: bool) -> u64 {
    let mut m = 0u64;
    for (k, &c) in block.iter().enumerate() {
        m |= u64::from(may_split(c, any_lead)) << k;
    }
    m
}

/// [`split_mask`] of 64 bytes, 16 at a time with SSE2 (part of every x86-64 CPU): the same
/// comparisons as [`may_split`], as unsigned range tests (`x - lo <= hi - lo`, via `min`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn split_mask_sse2(block: &[u8; 64], any_lead: bool) -> u64 {
    use std::arch::x86_64::*;
    let le = |x: __m128i, hi: u8| _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(hi as i8)), x);
    let within = |x: __m128i, lo: u8, hi: u8| le(_mm_sub_epi8(x, _mm_set1_epi8(lo as i8)), hi - lo);
    let leads: u8 = if any_lead { 0xC0 } else { 0xC2 };
    let mut m = 0u64;
    for (k, chunk) in block.chunks_exact(16).enumerate() {
        // SAFETY: `chunk` is 16 readable bytes; the load has no alignment requirement.
        let x = unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) };
        let lead = if any_lead {
            within(x, leads, 0xFF)
        } else {
            _mm_or_si128(
                _mm_cmpeq_epi8(x, _mm_set1_epi8(0xC2u8 as i8)),
                within(x, 0xE1, 0xE3),
            )
        };
        let hit = _mm_or_si128(
            _mm_or_si128(le(x, b'/'), within(x, b':', b'@')),
            _mm_or_si128(
                _mm_or_si128(within(x, b'[', b'`'), within(x, b'{', 0x7F)),
                lead,
            ),
        );
        m |= u64::from(_mm_movemask_epi8(hit) as u16) << (16 * k);
    }
    m
}

/// The tokens [`tokenize_into`] would join with spaces, in order, each a slice of `line`
/// (a token is one isolated character or a maximal run of characters between boundaries).
///
/// Most bytes of a line are letters that neither end a token nor start one: a bit mask of the
/// bytes that might ([`may_split`]) is built for 64 bytes at once, and only those bytes go
/// through the decisions the module documentation derives, in order; a run of letters costs
/// one `trailing_zeros` (a byte-at-a-time loop spent most of its time on mispredicted branches
/// at the end of every run). The tests check the result against the four regex passes.
#[inline]
pub(crate) fn for_each_token<'a>(
    line: &'a str,
    padded: bool,
    isolate: Option<fn(char) -> bool>,
    mut f: impl FnMut(&'a str),
) {
    let b = line.as_bytes();
    let n = b.len();
    // Open token `tok_start..`, when `in_token`; bytes before `pos` are decided.
    let (mut in_token, mut tok_start, mut pos) = (false, 0, 0);
    // The previous character was a separator matched by pass 2.
    let mut prev_sep_m2 = false;
    let mut base = 0;
    while base < n {
        let end = (base + 64).min(n);
        let mut mask = split_mask(&b[base..end], isolate.is_some());
        while mask != 0 {
            let p = base + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if p < pos {
                // Inside a multi-byte whitespace character already decided.
                continue;
            }
            if p > pos {
                // Ordinary bytes `pos..p`: part of a token.
                if !in_token {
                    tok_start = pos;
                    in_token = true;
                }
                prev_sep_m2 = false;
            }
            let c = b[p];
            // The token, if any, ends before `p`. Every index is a character boundary (the
            // scan moves by whole characters), so the slices never panic.
            macro_rules! flush {
                () => {{
                    if in_token {
                        f(&line[tok_start..p]);
                        in_token = false;
                    }
                }};
            }
            macro_rules! plain {
                () => {{
                    if !in_token {
                        tok_start = p;
                        in_token = true;
                    }
                }};
            }
            let mut next = p + 1;
            match CLASS[usize::from(c)] {
                SPACE => {
                    flush!();
                    prev_sep_m2 = false;
                }
                ISOLATED => {
                    flush!();
                    f(&line[p..p + 1]);
                    prev_sep_m2 = false;
                }
                SEP => {
                    let has_prev = p > 0 || padded;
                    let m2 = has_prev && !(prev_sep_m2 || (p > 0 && b[p - 1].is_ascii_digit()));
                    let m3 = if p + 1 < n {
                        !b[p + 1].is_ascii_digit()
                    } else {
                        padded
                    };
                    if m2 || m3 {
                        flush!();
                        f(&line[p..p + 1]);
                    } else {
                        plain!();
                    }
                    prev_sep_m2 = m2;
                }
                DASH => {
                    if p > 0 && b[p - 1].is_ascii_digit() {
                        flush!();
                        f(&line[p..p + 1]);
                    } else {
                        plain!();
                    }
                    prev_sep_m2 = false;
                }
                NON_ASCII => {
                    // A multi-byte character starts here.
                    let ch = line[p..].chars().next().unwrap_or_default();
                    next = p + ch.len_utf8();
                    if matches!(c, 0xC2 | 0xE1..=0xE3) && ch.is_whitespace() {
                        flush!();
                    } else if isolate.is_some_and(|i| i(ch)) {
                        flush!();
                        f(&line[p..next]);
                    } else {
                        plain!();
                    }
                    prev_sep_m2 = false;
                }
                _ => {
                    // A plain ASCII byte in the superset (an apostrophe, a control).
                    plain!();
                    prev_sep_m2 = false;
                }
            }
            pos = next;
        }
        base = end;
    }
    if n > pos && !in_token {
        tok_start = pos;
        in_token = true;
    }
    if in_token {
        f(&line[tok_start..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        let mut out = String::new();
        tokenize_into(s, false, None, &mut out);
        let mut reference = String::new();
        post_tokenize_reference(s, &mut reference);
        assert_eq!(out, reference, "input {s:?}");
        out
    }

    /// Random strings over the characters the passes care about: single pass == four passes.
    #[test]
    fn single_pass_matches_the_four_passes() {
        let alphabet = [
            "a", "1", "9", ".", ",", "-", " ", "\t", "(", "$", "é", "\u{a0}", "\u{3000}", "中",
            "\u{1c}", "0",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 9) as usize;
            let mut s = String::new();
            let mut r = state;
            for _ in 0..len {
                r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push_str(alphabet[(r >> 33) as usize % alphabet.len()]);
            }
            t(&s);
            let padded = format!(" {s} ");
            let mut a = String::from("x");
            tokenize_into(&s, true, None, &mut a);
            let mut r = String::from("x");
            post_tokenize_reference(&padded, &mut r);
            assert_eq!(a, r, "padded {s:?}");
        }
    }

    /// Long random lines (several 64-byte blocks, tokens across block edges) over letters and
    /// every byte kind the masks single out: the tokens are those of the four regex passes on
    /// the padded line.
    #[test]
    fn long_lines_match_the_four_passes() {
        let alphabet = [
            "a", "bc", "defgh", "1", "9", ".", ",", "-", " ", "\t", "(", "$", "'", "é", "\u{a0}",
            "\u{85}", "\u{3000}", "\u{2003}", "\u{201c}", "—", "\u{1680}", "中", "\u{1c}", "\u{1}",
            "\u{7f}", "0", "°", "&", "<",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..40_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 160) as usize;
            // Half the lines are mostly words and spaces: whole blocks without any other
            // splitting byte, and multi-byte characters across block edges.
            let calm = state >> 63 == 1;
            let mut s = String::new();
            let mut r = state;
            for _ in 0..len {
                r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let k = (r >> 33) as usize % alphabet.len();
                let pick = if calm && r >> 59 != 0 {
                    ["a", "bc", "defgh", " ", "é", "  ", "\t"][k % 7]
                } else {
                    alphabet[k]
                };
                s.push_str(pick);
            }
            let mut tokens = Vec::new();
            for_each_token(&s, true, None, |t| tokens.push(t));
            let mut reference = String::new();
            post_tokenize_reference(&format!(" {s} "), &mut reference);
            assert_eq!(tokens.join(" "), reference, "{s:?}");
        }
    }

    /// The SIMD mask and the scalar one agree on every byte value at every position.
    #[test]
    fn split_masks_agree() {
        for any_lead in [false, true] {
            for v in 0..=255u8 {
                for k in 0..64 {
                    let mut block = [b'a'; 64];
                    block[k] = v;
                    let m = split_mask(&block, any_lead);
                    assert_eq!(m, split_mask_scalar(&block, any_lead), "{v:#x} at {k}");
                    assert_eq!(m >> k & 1 == 1, may_split(v, any_lead));
                }
            }
        }
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
