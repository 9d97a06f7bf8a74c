//! `char`: sacreBLEU's `TokenizerChar`, `" ".join(line)`: every code point becomes a token
//! (whitespace characters too; the later `split()` drops them).

use super::Tokenizer;

/// Every character a token.
#[derive(Debug, Default, Clone, Copy)]
pub struct CharTokenizer;

impl Tokenizer for CharTokenizer {
    fn signature(&self) -> &'static str {
        "char"
    }
    fn tokenize_into(&self, line: &str, out: &mut String) {
        let mut first = true;
        for c in line.chars() {
            if !first {
                out.push(' ');
            }
            out.push(c);
            first = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_every_character_with_a_space() {
        assert_eq!(CharTokenizer.tokenize("ab c"), "a b   c");
        assert_eq!(CharTokenizer.tokenize("中文"), "中 文");
        assert_eq!(CharTokenizer.tokenize(""), "");
    }
}
