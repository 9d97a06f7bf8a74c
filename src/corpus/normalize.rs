//! Unicode normalization of the inputs (`--normalize nfc|nfkc`) and the check behind the
//! warning about text that is not in NFC.
//!
//! sacreBLEU compares code points as they are: a decomposed `é` (`e` + U+0301, as some editors
//! and macOS tools write it) is two characters that match nothing in a reference with the
//! composed U+00E9. mtmeter keeps that behaviour by default (its numbers are sacreBLEU's), warns
//! once per file that holds such lines, and normalizes every input when asked, which then shows
//! in every signature (`unicode:nfc`).

use std::borrow::Cow;

use rayon::prelude::*;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

use super::{Corpus, TextFile};

/// A Unicode normalization form applied to every input before tokenization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Normalization {
    /// Canonical composition: `e` + U+0301 becomes `é`; nothing else changes.
    Nfc,
    /// Compatibility composition: also folds ligatures, full-width forms, superscripts…
    Nfkc,
}

impl Normalization {
    /// The name on the command line and in signatures: `nfc`, `nfkc`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Nfc => "nfc",
            Self::Nfkc => "nfkc",
        }
    }

    /// `s` in this form, borrowed when it already is (the common case costs a scan, no copy).
    pub fn apply(self, s: &str) -> Cow<'_, str> {
        match self {
            Self::Nfc if is_nfc_fast(s) => Cow::Borrowed(s),
            Self::Nfc => Cow::Owned(s.nfc().collect()),
            Self::Nfkc if s.is_ascii() || is_nfkc_quick(s.chars()) == IsNormalized::Yes => {
                Cow::Borrowed(s)
            }
            Self::Nfkc => Cow::Owned(s.nfkc().collect()),
        }
    }
}

impl std::str::FromStr for Normalization {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "nfc" => Ok(Self::Nfc),
            "nfkc" => Ok(Self::Nfkc),
            _ => Err(format!(
                "unknown normalization '{s}'; choose nfc (canonical) or nfkc (compatibility)"
            )),
        }
    }
}

impl std::fmt::Display for Normalization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One bit per BMP code point that is not an NFC quick-check-Yes starter (canonical combining
/// class 0): a combining mark, or a character that may compose with what precedes it or
/// decompose. Built once from the crate's tables (about a millisecond).
fn non_starters() -> &'static [u64] {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = vec![0u64; 0x10000 / 64];
        for c in ('\u{300}'..='\u{FFFF}').filter(|&c| {
            is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
                || unicode_normalization::char::canonical_combining_class(c) != 0
        }) {
            t[c as usize / 64] |= 1 << (c as u32 % 64);
        }
        t
    })
}

/// Whether `s` holds only characters that can neither compose with what precedes them nor be
/// out of order, so that it is in NFC whatever their order. Every character below U+0300 is
/// such a starter, and it is ASCII or starts with a byte `C2`..`CB`: only characters whose lead
/// byte is `CC` or above are looked up in the table, and those bytes are found 8 at a time
/// (most European text has a few accented letters, all below U+0300). Characters outside the
/// BMP are not looked up (false).
fn only_starters(s: &str) -> bool {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Byte-wise, without carries between bytes: bit 7 of `(b & 0x7F) + 0x34` is set iff
    // `b & 0x7F >= 0x4C`; with bit 7 of `b` itself, iff `b >= 0xCC`.
    const BIAS: u64 = 0x3434_3434_3434_3434;
    let b = s.as_bytes();
    let starter = |pos: usize| {
        let cp = s[pos..].chars().next().map_or(0, |c| c as u32);
        cp < 0x10000 && non_starters()[cp as usize / 64] & (1 << (cp % 64)) == 0
    };
    let mut words = b.chunks_exact(8);
    let mut at = 0;
    for w in words.by_ref() {
        let x = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        let mut hits = ((x & LOW7) + BIAS) & x & HIGH;
        while hits != 0 {
            // A byte >= 0xCC is a lead byte, so `at + k` is a character boundary.
            let k = hits.trailing_zeros() as usize / 8;
            hits &= hits - 1;
            if !starter(at + k) {
                return false;
            }
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .enumerate()
        .all(|(k, &c)| c < 0xCC || starter(at + k))
}

/// Whether `s` is in NFC: `only_starters` for nearly all text (Latin, Cyrillic, Greek, Han,
/// kana, CJK and full-width punctuation), the crate's quick check otherwise and its full check
/// only where the quick check cannot tell.
pub fn is_nfc_fast(s: &str) -> bool {
    if only_starters(s) {
        return true;
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => unicode_normalization::is_nfc(s),
    }
}

impl TextFile {
    /// How many segments are not in NFC, and the first of them (1-based line).
    pub fn non_nfc_lines(&self) -> (usize, Option<usize>) {
        if only_starters(&self.text) {
            return (0, None);
        }
        let mut count = 0;
        let mut first = None;
        for (i, line) in self.lines().enumerate() {
            if !is_nfc_fast(line) {
                count += 1;
                first.get_or_insert(i + 1);
            }
        }
        (count, first)
    }

    /// The same text with every segment in `form` (the text itself when nothing changes).
    pub fn normalized(self, form: Normalization) -> TextFile {
        if self
            .lines()
            .all(|l| matches!(form.apply(l), Cow::Borrowed(_)))
        {
            return self;
        }
        let mut text = String::with_capacity(self.text.len() + self.text.len() / 16);
        let mut spans = Vec::with_capacity(self.spans.len());
        for line in self.lines() {
            let start = text.len();
            text.push_str(&form.apply(line));
            spans.push((start, text.len()));
        }
        TextFile {
            text,
            spans,
            ..self
        }
    }
}

/// The warning for a file with `count` lines not in NFC, the first at line `first`.
fn non_nfc_warning(path: &str, count: usize, first: usize) -> String {
    let lines = if count == 1 { "line is" } else { "lines are" };
    format!(
        "{path}:{first}: {count} {lines} not in Unicode NFC (decomposed accents, e.g. e + U+0301 for é); \
         sacreBLEU and mtmeter compare them character by character, so they do not match composed text; \
         --normalize nfc normalizes every input"
    )
}

impl Corpus {
    /// Apply the Unicode options of a load: normalize every text (source, references, systems)
    /// to `form` and record it (it goes into every signature), or, without a form, add one
    /// warning per file that has lines not in NFC. Every loader calls this once, last.
    pub fn apply_normalization(&mut self, form: Option<Normalization>) {
        let files: Vec<&mut TextFile> = self
            .source
            .iter_mut()
            .chain(self.references.iter_mut())
            .chain(self.systems.iter_mut())
            .collect();
        match form {
            Some(form) => {
                files.into_par_iter().for_each(|f| {
                    *f = std::mem::replace(f, TextFile::new("", "", [""; 0])).normalized(form);
                });
                self.normalization = Some(form);
            }
            None => {
                let found: Vec<Option<String>> = files
                    .into_par_iter()
                    .map(|f| match f.non_nfc_lines() {
                        (n, Some(first)) => Some(non_nfc_warning(&f.path, n, first)),
                        _ => None,
                    })
                    .collect();
                self.warnings.extend(found.into_iter().flatten());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 8-bytes-at-a-time scan says what a character-by-character scan says, wherever the
    /// characters fall in the words.
    #[test]
    fn word_scan_equals_char_scan() {
        let by_char = |s: &str| {
            s.chars().all(|c| {
                let cp = c as u32;
                cp < 0x300
                    || (cp < 0x10000 && non_starters()[cp as usize / 64] & (1 << (cp % 64)) == 0)
            })
        };
        let alphabet = [
            "a",
            "é",
            "\u{2ff}",
            "\u{300}",
            "\u{301}",
            "Ω",
            "中",
            "\u{3099}",
            "\u{1F600}",
            "ü",
            "\u{cc}",
            "\u{ff}",
            "й",
            "\u{e9}\u{301}",
            "\u{ac00}",
            "\u{1100}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let (mut yes, mut no) = (0, 0);
        for _ in 0..50_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut s = "x".repeat((state % 9) as usize);
            let mut r = state;
            for _ in 0..(state >> 8) % 12 {
                r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let k = (r >> 33) as usize % alphabet.len();
                // Mostly starters, so that both answers come up.
                s.push_str(if r >> 60 == 0 {
                    alphabet[k]
                } else {
                    alphabet[k % 3]
                });
            }
            let expected = by_char(&s);
            assert_eq!(only_starters(&s), expected, "{s:?}");
            if expected { yes += 1 } else { no += 1 }
        }
        assert!(yes > 1000 && no > 1000, "{yes} {no}");
    }

    #[test]
    fn characters_taken_as_starters_are_nfc_yes_with_class_zero() {
        use unicode_normalization::char::canonical_combining_class;
        let mut starters = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            if only_starters(c.encode_utf8(&mut buf)) {
                assert_eq!(
                    is_nfc_quick(std::iter::once(c)),
                    IsNormalized::Yes,
                    "U+{:04X}",
                    c as u32
                );
                assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
                starters += 1;
            }
        }
        // Most of the BMP: the Han block alone has 20,992 code points.
        assert!(starters > 40_000, "{starters}");
        for s in [
            "、。「」，！",
            "北京",
            "カタカナ",
            "ＡＢ１",
            "Ελλάδα",
            "Россия",
        ] {
            assert!(only_starters(s), "{s}");
        }
        for s in ["e\u{301}", "\u{3099}", "\u{1F600}"] {
            assert!(!only_starters(s), "{s}");
        }
    }

    #[test]
    fn decomposed_text_is_found_and_composed() {
        let nfd = "cafe\u{301} cre\u{300}me";
        assert!(!is_nfc_fast(nfd));
        assert!(is_nfc_fast("café crème 北京 Ελλάδα"));
        assert_eq!(Normalization::Nfc.apply(nfd), "café crème");
        assert!(matches!(
            Normalization::Nfc.apply("café"),
            Cow::Borrowed("café")
        ));
        // NFC keeps compatibility characters, NFKC folds them.
        assert_eq!(Normalization::Nfc.apply("ﬁ ２"), "ﬁ ２");
        assert_eq!(Normalization::Nfkc.apply("ﬁ ２"), "fi 2");
        // A combining mark after a Han character is NFC (nothing to compose with), though
        // the quick check alone cannot tell.
        assert!(is_nfc_fast("北\u{301}"));
        let f = TextFile::new("s", "s.fr", ["ok", nfd, "e\u{301}", "é"]);
        assert_eq!(f.non_nfc_lines(), (2, Some(2)));
        let n = f.normalized(Normalization::Nfc);
        assert_eq!(
            n.lines().collect::<Vec<_>>(),
            ["ok", "café crème", "é", "é"]
        );
        assert_eq!(n.non_nfc_lines(), (0, None));
    }

    #[test]
    fn corpus_warns_once_per_file_or_normalizes_and_records() {
        let mut c = Corpus {
            references: vec![TextFile::new("r", "r.fr", ["é", "é"])],
            systems: vec![TextFile::new("s", "s.fr", ["e\u{301}", "e\u{301}"])],
            ..Corpus::default()
        };
        let mut warned = c.clone();
        warned.apply_normalization(None);
        assert_eq!(warned.warnings.len(), 1);
        assert!(
            warned.warnings[0].starts_with("s.fr:1: 2 lines are not in Unicode NFC"),
            "{}",
            warned.warnings[0]
        );
        assert_eq!(warned.normalization, None);
        c.apply_normalization(Some(Normalization::Nfc));
        assert!(c.warnings.is_empty());
        assert_eq!(c.normalization, Some(Normalization::Nfc));
        assert_eq!(c.systems[0].line(0), "é");
    }

    #[test]
    fn parses_names() {
        assert_eq!("NFC".parse::<Normalization>(), Ok(Normalization::Nfc));
        assert_eq!("nfkc".parse::<Normalization>(), Ok(Normalization::Nfkc));
        assert!("nfd".parse::<Normalization>().is_err());
    }
}
