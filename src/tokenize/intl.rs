//! `intl`: sacreBLEU's `TokenizerV14International` (mteval-v14.pl `--international-tokenization`).
//!
//! Three regex passes over Unicode categories, then `' '.join(line.split())`:
//! `(\P{N})(\p{P})` → `'\1 \2 '`, `(\p{P})(\P{N})` → `' \1 \2'`, `(\p{S})` → `' \1 '`.
//! The `regex` crate has the same leftmost-first, non-overlapping replacement semantics as
//! Python's `regex.sub`. Category tables may differ for characters added in the newest Unicode
//! version (the Python `regex` module may be a version ahead of the Rust crate).

use regex::Regex;

use super::Tokenizer;
use super::text::squeeze_spaces_into;

/// International tokenization with precompiled regexes.
#[derive(Debug, Clone)]
pub struct IntlTokenizer {
    passes: [(Regex, &'static str); 3],
}

impl Default for IntlTokenizer {
    fn default() -> Self {
        Self::new()
    }
}

impl IntlTokenizer {
    /// Compile the three passes.
    pub fn new() -> Self {
        let re = |p: &str| Regex::new(p).expect("static regex");
        Self {
            passes: [
                (
                    re(&format!(
                        "({})({})",
                        intl_class('N', true),
                        intl_class('P', false)
                    )),
                    "$1 $2 ",
                ),
                (
                    re(&format!(
                        "({})({})",
                        intl_class('P', false),
                        intl_class('N', true)
                    )),
                    " $1 $2",
                ),
                (re(&format!("({})", intl_class('S', false))), " $1 "),
            ],
        }
    }
}

impl Tokenizer for IntlTokenizer {
    fn signature(&self) -> &'static str {
        "intl"
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        let mut s = std::borrow::Cow::Borrowed(line);
        for (re, rep) in &self.passes {
            if let std::borrow::Cow::Owned(o) = re.replace_all(&s, *rep) {
                s = std::borrow::Cow::Owned(o);
            }
        }
        squeeze_spaces_into(&s, out);
    }
}

/// Characters that the Python `regex` module (2026.11.19, Unicode 17) puts in `\p{P}`, `\p{S}`
/// or `\p{N}` but the `regex` crate's Unicode 16 tables do not: new in Unicode 17. Added to the
/// classes so that `intl` tokenizes them as sacreBLEU does with a current `regex` module
/// (checked code point by code point against tests/golden/unicode/).
const UNICODE17_P: &[(u32, u32)] = &[(0x2E60, 0x2E63), (0x10ED0, 0x10ED0)];
const UNICODE17_S: &[(u32, u32)] = &[
    (0x20C1, 0x20C4),
    (0x2B96, 0x2B96),
    (0xFBC3, 0xFBD2),
    (0xFD90, 0xFD91),
    (0xFDC8, 0xFDCE),
    (0x10EC9, 0x10ECA),
    (0x10ED1, 0x10ED8),
    (0x1CCFA, 0x1CCFC),
    (0x1CEBA, 0x1CED0),
    (0x1CED2, 0x1CED4),
    (0x1CEDD, 0x1CEFD),
    (0x1D1EB, 0x1D1FF),
    (0x1D253, 0x1D25A),
    (0x1D25D, 0x1D25E),
    (0x1D260, 0x1D27F),
    (0x1DB00, 0x1DB1C),
    (0x1F1AE, 0x1F1AE),
    (0x1F6D8, 0x1F6D9),
    (0x1F777, 0x1F77A),
    (0x1F7DA, 0x1F7DB),
    (0x1F7F1, 0x1F7FF),
    (0x1F8D0, 0x1F8D8),
    (0x1FA54, 0x1FA57),
    (0x1FA8A, 0x1FA8E),
    (0x1FAC8, 0x1FAC8),
    (0x1FACC, 0x1FACD),
    (0x1FADD, 0x1FADD),
    (0x1FAEA, 0x1FAEB),
    (0x1FAEF, 0x1FAEF),
    (0x1FAF9, 0x1FAFA),
    (0x1FBFA, 0x1FBFA),
];
const UNICODE17_N: &[(u32, u32)] = &[
    (0x11DE0, 0x11DE9),
    (0x1246F, 0x1246F),
    (0x12475, 0x1247F),
    (0x12550, 0x12686),
    (0x16FF4, 0x16FF6),
];

/// The regex character class the intl tokenizer uses for `\p{cat}` (`negated`: `\P{cat}`),
/// with the Unicode 17 additions.
pub fn intl_class(cat: char, negated: bool) -> String {
    let extra = match cat {
        'P' => UNICODE17_P,
        'S' => UNICODE17_S,
        'N' => UNICODE17_N,
        _ => panic!("intl uses the classes P, S and N only"),
    };
    let mut class = format!("[{}\\p{{{cat}}}", if negated { "^" } else { "" });
    for (lo, hi) in extra {
        class.push_str(&format!("\\x{{{lo:X}}}-\\x{{{hi:X}}}"));
    }
    class.push(']');
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let t = IntlTokenizer::new();
        let cases = [
            ("Hello, world!", "Hello , world !"),
            ("1,000.5 and 3.", "1,000.5 and 3."),
            ("«Bonjour» — dit-il…", "« Bonjour » — dit - il …"),
            ("$5 €10 +/-", "$ 5 € 10 + / -"),
            ("a.b 9.x", "a . b 9 . x"),
            ("It's 1999.", "It ' s 1999."),
        ];
        for (input, expected) in cases {
            assert_eq!(t.tokenize(input), expected, "input {input:?}");
        }
    }
}
