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
                (re(r"(\P{N})(\p{P})"), "$1 $2 "),
                (re(r"(\p{P})(\P{N})"), " $1 $2"),
                (re(r"(\p{S})"), " $1 "),
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
