//! Tokenizers, each a faithful port of one sacreBLEU 2.6.0 tokenizer (`sacrebleu/tokenizers/`).
//!
//! A tokenizer maps one line to one line whose tokens are separated by single spaces, exactly
//! the string sacreBLEU's tokenizer returns; metrics split it with Python's `str.split()` rules
//! ([`text::py_split`]). One file per tokenizer; [`TokenizerKind`] is the registry.

mod char;
mod intl;
mod none;
mod re13a;
pub mod ter;
pub mod text;
mod v13a;
mod zh;

use std::fmt;
use std::str::FromStr;

pub use self::char::CharTokenizer;
pub use self::intl::{IntlTokenizer, intl_class};
pub use self::none::NoneTokenizer;
pub use self::v13a::Tokenizer13a;
pub use self::zh::ZhTokenizer;

/// One tokenizer: a pure function from a line to a space-joined token string.
pub trait Tokenizer: Send + Sync {
    /// Name used in signatures (`tok:13a`).
    fn signature(&self) -> &'static str;
    /// Tokenize `line`, appending the result to `out` (which is not cleared).
    fn tokenize_into(&self, line: &str, out: &mut String);
    /// Convenience wrapper around [`Tokenizer::tokenize_into`].
    fn tokenize(&self, line: &str) -> String {
        let mut out = String::with_capacity(line.len() + 16);
        self.tokenize_into(line, &mut out);
        out
    }
}

/// The tokenizers sacreBLEU knows, by their command-line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TokenizerKind {
    /// `none`: the line as it is.
    #[serde(rename = "none")]
    None,
    /// `13a`: mteval-v13a.pl, sacreBLEU's default.
    #[serde(rename = "13a")]
    V13a,
    /// `intl`: mteval-v14.pl international tokenization (Unicode punctuation and symbols).
    #[serde(rename = "intl")]
    Intl,
    /// `char`: every character a token.
    #[serde(rename = "char")]
    Char,
    /// `zh`: Chinese characters split, the rest as 13a.
    #[serde(rename = "zh")]
    Zh,
}

/// A tokenizer name that sacreBLEU accepts but mtmeter does not implement, or an unknown one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnknownTokenizer {
    /// Known to sacreBLEU, not ported yet (needs MeCab or a SentencePiece model).
    #[error(
        "tokenizer '{0}' is not supported yet (it needs an external model); supported: none, 13a, intl, char, zh"
    )]
    NotSupportedYet(String),
    /// Not a sacreBLEU tokenizer at all.
    #[error("unknown tokenizer '{0}'; choose one of: none, 13a, intl, char, zh")]
    Unknown(String),
}

impl FromStr for TokenizerKind {
    type Err = UnknownTokenizer;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "none" => Self::None,
            "13a" => Self::V13a,
            "intl" => Self::Intl,
            "char" => Self::Char,
            "zh" => Self::Zh,
            "ja-mecab" | "ko-mecab" | "spm" | "flores101" | "flores200" | "spBLEU-1K" => {
                return Err(UnknownTokenizer::NotSupportedYet(s.to_owned()));
            }
            _ => return Err(UnknownTokenizer::Unknown(s.to_owned())),
        })
    }
}

impl fmt::Display for TokenizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TokenizerKind {
    /// All implemented tokenizers.
    pub const ALL: [TokenizerKind; 5] = [Self::None, Self::V13a, Self::Intl, Self::Char, Self::Zh];

    /// The command-line and signature name.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::V13a => "13a",
            Self::Intl => "intl",
            Self::Char => "char",
            Self::Zh => "zh",
        }
    }

    /// Build the tokenizer (regexes are compiled here, once).
    pub fn build(self) -> Box<dyn Tokenizer> {
        match self {
            Self::None => Box::new(NoneTokenizer),
            Self::V13a => Box::new(Tokenizer13a),
            Self::Intl => Box::new(IntlTokenizer::new()),
            Self::Char => Box::new(CharTokenizer),
            Self::Zh => Box::new(ZhTokenizer),
        }
    }
}
