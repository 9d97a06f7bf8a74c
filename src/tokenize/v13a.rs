//! `13a`: sacreBLEU's `Tokenizer13a`, the mteval-v13a.pl tokenization used by WMT.

use super::Tokenizer;
use super::re13a::{for_each_token, tokenize_into};

/// mteval-v13a tokenization: unescape a few XML entities, then the shared regex passes on
/// the line padded with one space on each side.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tokenizer13a;

/// Same replacements, in the same order, as tokenizer_13a.py.
fn unescape(line: &str) -> std::borrow::Cow<'_, str> {
    // Same replacements, in the same order, as tokenizer_13a.py (`&amp;lt;` becomes `<`);
    // each is skipped when it cannot apply, which changes nothing but the allocations.
    let mut body = std::borrow::Cow::Borrowed(line);
    // One scan for the three bytes every pattern starts with; most lines have none.
    if memchr::memchr3(b'<', b'\n', b'&', line.as_bytes()).is_none() {
        return body;
    }
    for (from, to) in [("<skipped>", ""), ("-\n", ""), ("\n", " ")] {
        if body.contains(from) {
            body = body.replace(from, to).into();
        }
    }
    if body.contains('&') {
        for (from, to) in [
            ("&quot;", "\""),
            ("&amp;", "&"),
            ("&lt;", "<"),
            ("&gt;", ">"),
        ] {
            if body.contains(from) {
                body = body.replace(from, to).into();
            }
        }
    }
    body
}

impl Tokenizer13a {
    /// Call `f` on every token of [`Tokenizer::tokenize_into`]'s output, in order, without
    /// building it (the same as `py_split` of the output).
    #[inline]
    pub fn for_each_token(&self, line: &str, f: impl FnMut(&str)) {
        for_each_token(&unescape(line), true, None, f);
    }
}

impl Tokenizer for Tokenizer13a {
    fn signature(&self) -> &'static str {
        "13a"
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        let body = unescape(line);
        // The passes on `' ' + body + ' '`, without building that string.
        tokenize_into(&body, true, None, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("Hello, world!", "Hello , world !"),
            ("The year 1999.", "The year 1999 ."),
            ("It costs $3.50.", "It costs $ 3.50 ."),
            ("&quot;quoted&quot; &amp;lt;", "\" quoted \" <"),
            ("a<skipped>b", "ab"),
            ("l'homme", "l'homme"),
            ("a..", "a . ."),
            ("end 1999.", "end 1999 ."),
            ("", ""),
            ("   ", ""),
            ("«Bonjour» — dit-il…", "«Bonjour» — dit-il…"),
            ("x\u{a0}y", "x y"),
        ];
        for (input, expected) in cases {
            assert_eq!(Tokenizer13a.tokenize(input), expected, "input {input:?}");
        }
    }
}
