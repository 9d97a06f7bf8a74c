//! `13a`: sacreBLEU's `Tokenizer13a`, the mteval-v13a.pl tokenization used by WMT.

use super::Tokenizer;
use super::re13a::post_tokenize_into;

/// mteval-v13a tokenization: unescape a few XML entities, then the shared regex passes on
/// the line padded with one space on each side.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tokenizer13a;

impl Tokenizer for Tokenizer13a {
    fn signature(&self) -> &'static str {
        "13a"
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        // Same order of replacements as tokenizer_13a.py: `&amp;lt;` becomes `<`.
        let mut s = String::with_capacity(line.len() + 2);
        s.push(' ');
        let mut body = line
            .replace("<skipped>", "")
            .replace("-\n", "")
            .replace('\n', " ");
        if body.contains('&') {
            body = body
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
        }
        s.push_str(&body);
        s.push(' ');
        post_tokenize_into(&s, out);
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
