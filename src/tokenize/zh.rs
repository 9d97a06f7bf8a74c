//! `zh`: sacreBLEU's `TokenizerZh`: strip the line, surround every "Chinese character" with
//! spaces, then apply the 13a regex passes (without 13a's entity unescaping or padding).

use super::Tokenizer;
use super::re13a::{for_each_token, tokenize_into};
use super::text::py_strip;

/// The code-point ranges of `tokenizer_zh.py`'s `_UCODE_RANGES`, *as Python evaluates them*.
///
/// Two entries are written `u'\u20000'` and `u'\u2f800'` in the Python source: `\u` takes exactly
/// four hex digits, so those literals are two-character strings (`'\u2000' + '0'`). sacreBLEU
/// compares a one-character string against them lexicographically, so
/// `'\u20000' <= c <= '\u2a6d6'` holds exactly for U+2001..=U+2A6D (general punctuation, currency,
/// arrows, maths symbols, …), and `'\u2f800' <= c <= '\u2fa1d'` for U+2F81..=U+2FA1. The intended
/// supplementary-plane ranges (Extension B, compatibility supplement) are never matched.
/// We reproduce the effective ranges, since the goal is sacreBLEU's numbers.
const RANGES: &[(u32, u32)] = &[
    (0x3400, 0x4db5),
    (0x4e00, 0x9fa5),
    (0x9fa6, 0x9fbb),
    (0xf900, 0xfa2d),
    (0xfa30, 0xfa6a),
    (0xfa70, 0xfad9),
    (0x2001, 0x2a6d), // written (u'\u20000', u'\u2a6d6'), see above
    (0x2f81, 0x2fa1), // written (u'\u2f800', u'\u2fa1d'), see above
    (0xff00, 0xffef),
    (0x2e80, 0x2eff),
    (0x3000, 0x303f),
    (0x31c0, 0x31ef),
    (0x2f00, 0x2fdf),
    (0x2ff0, 0x2fff),
    (0x3100, 0x312f),
    (0x31a0, 0x31bf),
    (0xfe10, 0xfe1f),
    (0xfe30, 0xfe4f),
    (0x2600, 0x26ff),
    (0x2700, 0x27bf),
    (0x3200, 0x32ff),
    (0x3300, 0x33ff),
];

/// [`RANGES`] as a bitmap over the BMP (every range lies in it).
static CHINESE_BITS: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut r = 0;
    while r < RANGES.len() {
        let (lo, hi) = RANGES[r];
        let mut c = lo;
        while c <= hi {
            t[(c >> 6) as usize] |= 1 << (c & 63);
            c += 1;
        }
        r += 1;
    }
    t
};

/// Whether sacreBLEU's `zh` tokenizer treats `c` as a Chinese character.
#[inline]
pub fn is_chinese_char(c: char) -> bool {
    let c = c as u32;
    c < 0x10000 && CHINESE_BITS[(c >> 6) as usize] & (1 << (c & 63)) != 0
}

/// Chinese tokenization of sacreBLEU.
#[derive(Debug, Default, Clone, Copy)]
pub struct ZhTokenizer;

impl ZhTokenizer {
    /// Call `f` on every token of [`Tokenizer::tokenize_into`]'s output, in order, without
    /// building it (the same as `py_split` of the output).
    #[inline]
    pub fn for_each_token(&self, line: &str, f: impl FnMut(&str)) {
        for_each_token(py_strip(line), false, Some(is_chinese_char), f);
    }
}

impl Tokenizer for ZhTokenizer {
    fn signature(&self) -> &'static str {
        "zh"
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        // Spacing Chinese characters and the 13a passes, fused (see `re13a`).
        tokenize_into(py_strip(line), false, Some(is_chinese_char), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("我爱北京天安门。", "我 爱 北 京 天 安 门 。"),
            // U+201C/U+201D, U+2014, U+2026, U+20AC fall in the effective U+2001..=U+2A6D range.
            ("“你好”，他说—…€", "“ 你 好 ” ， 他 说 — … €"),
            ("abc 1.5 中文 2,000.", "abc 1.5 中 文 2,000."),
            ("  x ", "x"),
        ];
        for (input, expected) in cases {
            assert_eq!(ZhTokenizer.tokenize(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn bitmap_matches_ranges() {
        for c in (0..0x11000).filter_map(char::from_u32) {
            let u = c as u32;
            let slow = RANGES.iter().any(|&(lo, hi)| lo <= u && u <= hi);
            assert_eq!(is_chinese_char(c), slow, "U+{u:04X}");
        }
    }

    /// The fused tokenizer against the original: spaced string, then the four passes.
    #[test]
    fn fused_matches_spacing_then_passes() {
        let alphabet = [
            "a", "1", ".", ",", "-", " ", "中", "。", "，", "\u{3000}", "\u{2002}", "—", "é", "(",
            "\u{a0}",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut s = String::new();
            let mut r = state;
            for _ in 0..(state % 10) * (1 + (state >> 60) % 8) {
                r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push_str(alphabet[(r >> 33) as usize % alphabet.len()]);
            }
            let mut spaced = String::new();
            for c in py_strip(&s).chars() {
                if is_chinese_char(c) {
                    spaced.push(' ');
                    spaced.push(c);
                    spaced.push(' ');
                } else {
                    spaced.push(c);
                }
            }
            let mut expected = String::new();
            super::super::re13a::post_tokenize_reference(&spaced, &mut expected);
            assert_eq!(ZhTokenizer.tokenize(&s), expected, "input {s:?}");
        }
    }

    #[test]
    fn python_literal_quirk_ranges() {
        assert!(!is_chinese_char('\u{2000}'));
        assert!(is_chinese_char('\u{2001}'));
        assert!(is_chinese_char('\u{2a6d}'));
        assert!(!is_chinese_char('\u{2a6e}'));
        assert!(
            !is_chinese_char('\u{20000}'),
            "Extension B is never matched by sacreBLEU"
        );
        assert!(is_chinese_char('\u{2f81}'));
    }
}
