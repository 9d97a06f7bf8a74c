//! `none`: sacreBLEU's `NoneTokenizer` returns the line unchanged.

use super::Tokenizer;

/// Leaves the line as it is (tokens are then whatever whitespace separates).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoneTokenizer;

impl Tokenizer for NoneTokenizer {
    fn signature(&self) -> &'static str {
        "none"
    }
    fn tokenize_into(&self, line: &str, out: &mut String) {
        out.push_str(line);
    }
}
