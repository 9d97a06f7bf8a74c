//! Base forms for Hjerson's inflection class: what a word is reduced to before the second PER
//! pass compares words that differ in full form.
//!
//! - `prefix4`: the first four Unicode code points of the token, Hjerson's fallback when no
//!   base-form files are given (`take_four_letters`, lines 58–64, run under Python 3).
//! - `stem:<lang>`: a Snowball stemmer (`rust-stemmers`) applied to the token as it is.
//! - lemma files: supplied by the user, token-aligned with the (tokenized) text (Hjerson's
//!   `-B`/`-b`); see [`BaseForms::External`].
//!
//! No case folding or normalisation anywhere, as in Hjerson: a case change is never an
//! inflection error unless an external lemmatizer says so.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_stemmers::{Algorithm, Stemmer};

/// Where base forms come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseForms {
    /// First four code points of every token.
    Prefix4,
    /// Snowball stem in the given language.
    Stem(StemLanguage),
    /// Lemma files supplied with the text, one per reference and per system.
    External,
}

/// A language with a Snowball stemmer, by ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StemLanguage {
    code: &'static str,
    algorithm: Algorithm,
}

const STEMMERS: [(&str, Algorithm); 18] = [
    ("ar", Algorithm::Arabic),
    ("da", Algorithm::Danish),
    ("de", Algorithm::German),
    ("el", Algorithm::Greek),
    ("en", Algorithm::English),
    ("es", Algorithm::Spanish),
    ("fi", Algorithm::Finnish),
    ("fr", Algorithm::French),
    ("hu", Algorithm::Hungarian),
    ("it", Algorithm::Italian),
    ("nl", Algorithm::Dutch),
    ("no", Algorithm::Norwegian),
    ("pt", Algorithm::Portuguese),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("sv", Algorithm::Swedish),
    ("ta", Algorithm::Tamil),
    ("tr", Algorithm::Turkish),
];

impl StemLanguage {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        self.code
    }
}

/// A `--base-forms` value that is not `prefix4` or `stem:<lang>` with a known language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown base forms '{0}'; choose prefix4 or stem:<lang> with <lang> one of {langs}", langs = STEMMERS.map(|s| s.0).join(", "))]
pub struct UnknownBaseForms(pub String);

impl FromStr for BaseForms {
    type Err = UnknownBaseForms;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "prefix4" {
            return Ok(Self::Prefix4);
        }
        let lang = s
            .strip_prefix("stem:")
            .ok_or_else(|| UnknownBaseForms(s.to_owned()))?;
        STEMMERS
            .iter()
            .find(|(code, _)| *code == lang)
            .map(|&(code, algorithm)| Self::Stem(StemLanguage { code, algorithm }))
            .ok_or_else(|| UnknownBaseForms(s.to_owned()))
    }
}

impl fmt::Display for BaseForms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Prefix4 => f.write_str("prefix4"),
            Self::Stem(l) => write!(f, "stem:{}", l.code),
            Self::External => f.write_str("lemmas"),
        }
    }
}

/// The first four Unicode code points of `token` (Python 3's `w[:4]`), borrowed.
pub fn prefix4(token: &str) -> &str {
    match token.char_indices().nth(4) {
        Some((end, _)) => &token[..end],
        None => token,
    }
}

/// Computes base forms of tokens; built once, shared by all threads.
pub struct BaseFormer {
    kind: BaseForms,
    stemmer: Option<Stemmer>,
}

impl fmt::Debug for BaseFormer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BaseFormer")
            .field("kind", &self.kind)
            .finish()
    }
}

impl BaseFormer {
    /// A base former for `prefix4` or `stem:<lang>`; `None` for [`BaseForms::External`], whose
    /// base forms are read, not computed.
    pub fn new(kind: BaseForms) -> Option<Self> {
        let stemmer = match kind {
            BaseForms::Prefix4 => None,
            BaseForms::Stem(l) => Some(Stemmer::create(l.algorithm)),
            BaseForms::External => return None,
        };
        Some(Self { kind, stemmer })
    }

    /// Which base forms these are.
    pub fn kind(&self) -> BaseForms {
        self.kind
    }

    /// The base form of one token.
    pub fn base_form<'a>(&self, token: &'a str) -> Cow<'a, str> {
        match &self.stemmer {
            Some(s) => s.stem(token),
            None => Cow::Borrowed(prefix4(token)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix4_counts_code_points_not_bytes() {
        assert_eq!(prefix4("Übersetzung"), "Über");
        assert_eq!(prefix4("für"), "für");
        assert_eq!(prefix4("maisons"), "mais");
        assert_eq!(prefix4(""), "");
        // A decomposed é is two code points, as in Python 3.
        assert_eq!(prefix4("e\u{301}tait"), "e\u{301}ta");
        assert_eq!(prefix4("翻译质量很好"), "翻译质量");
    }

    #[test]
    fn stem_languages_parse_and_unknown_ones_are_refused() {
        for lang in ["fr", "it", "de", "en", "es"] {
            let b: BaseForms = format!("stem:{lang}").parse().unwrap();
            assert_eq!(b.to_string(), format!("stem:{lang}"));
        }
        assert_eq!("prefix4".parse::<BaseForms>(), Ok(BaseForms::Prefix4));
        let e = "stem:xx".parse::<BaseForms>().unwrap_err().to_string();
        assert!(e.starts_with("unknown base forms 'stem:xx'"), "{e}");
        assert!("prefix5".parse::<BaseForms>().is_err());
    }

    #[test]
    fn french_stemmer_joins_singular_and_plural() {
        let b = BaseFormer::new("stem:fr".parse().unwrap()).unwrap();
        assert_eq!(b.base_form("maisons"), b.base_form("maison"));
        assert_ne!(b.base_form("maison"), b.base_form("chat"));
    }

    #[test]
    fn stemmers_of_the_main_languages_reduce_inflected_forms() {
        for (lang, a, b) in [
            ("it", "gatti", "gatto"),
            ("de", "Häusern", "Häuser"),
            ("en", "houses", "house"),
            ("es", "casas", "casa"),
        ] {
            let f = BaseFormer::new(format!("stem:{lang}").parse().unwrap()).unwrap();
            assert_eq!(f.base_form(a), f.base_form(b), "{lang}: {a} / {b}");
        }
    }
}
