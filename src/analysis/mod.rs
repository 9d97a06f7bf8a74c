//! Error analysis: which kinds of errors a system makes, not only how many.
//!
//! Two analyses, each a library function from a validated [`Corpus`] to a serializable result:
//! error categories ([`hjerson`]) and compare-mt-style breakdowns ([`breakdown`]).
//!
//! [`hjerson`] is the error classification of Popović & Ney (2011), reproducing the counts of
//! the original `hjerson.py` (m-popovic/hjerson, commit def709b4) exactly: every word of the
//! hypothesis and of the chosen reference gets one of `x` (correct), `infl` (inflection),
//! `reord` (reordering), `miss` (missing, reference side), `ext` (extra, hypothesis side) or
//! `lex` (lexical); WER and both PER variants come with it. [`base_forms`] says what counts as
//! the same word for inflection. This module runs it over a whole [`Corpus`]: systems and
//! segments in parallel, integer counts summed afterwards, so the results do not depend on the
//! number of threads. It never prints and never reads files itself.
//!
//! # Choices that differ from running `hjerson.py` by hand
//! - References are separate files, not one line joined with `#+`; the choice among them is
//!   Hjerson's (lowest WER ratio, ties keep the earlier reference, lines 524–547).
//! - Tokens come from a sacreBLEU tokenizer (`13a` by default) and Python's `str.split`.
//! - Per-segment rates ([`ErrorCounts::rates`] on one segment) are correct; Hjerson's `-s`
//!   output divides `Rper` by the length of the *last* reference rather than the chosen one, and
//!   prints the `Rper` count over that length as the `refINFer` rate (lines 597–598); when no
//!   reference is chosen it prints a WER rate of 100000 (line 680) where mtmeter gives 0. Corpus
//!   rates are Hjerson's, except that a corpus whose chosen references are all empty gets rate 0
//!   where Hjerson divides by 1e-8 per segment (lines 529, 553), and an empty hypothesis side gets
//!   rate 0 where Hjerson divides by zero.
//! - A segment needing 1000 WER edits or more is aligned normally; Hjerson crashes there
//!   (`KeyError`, line 422 caps costs at 1000).
//! - Lines are split on `\n` only, as sacreBLEU reads files; `hjerson.py` reads in Python text
//!   mode, where a lone `\r` also ends a line (the goldens' generator refuses such input).
//! - Base forms are never missing on one side only: lemma files come both or neither (Hjerson
//!   crashes with only `-B` or only `-b`, lines 262–267), and each line must have one base form
//!   per token (Hjerson silently misaligns or crashes otherwise).
//!
//! # Checked against the original
//! `tests/golden/hjerson/regenerate.py` runs `hjerson.py -s` (prefix mode) on sacreBLEU-13a
//! tokenized wmt22.de-fr (1 reference, 6 systems) and wmt22.en-de (2 references, 9 systems);
//! `tests/integration/hjerson.rs` matches every corpus count and rate and every per-segment
//! count, and reproduces the per-segment `Rper`/`refINFer` rates from the line-597 bug.
//!
//! # JSON (`mtmeter analyze --format json`)
//! ```text
//! {"signature": {"method": "hjerson", "references": usize, "tokenizer": "13a",
//!                "base_forms": "prefix4" | "stem:<lang>" | "lemmas",
//!                "unicode": "nfc" | "nfkc",           // with --normalize only
//!                "version": "mtmeter-X.Y.Z",
//!                "signature": "nrefs:2|method:hjerson|tok:13a|base:prefix4|version:mtmeter-X.Y.Z"},
//!                // with --normalize: "...|base:prefix4|unicode:nfc|version:mtmeter-X.Y.Z"
//!  "systems": [
//!   {"name": str, "path": str,
//!    "totals": {
//!      "segments": u64,                      // segments analysed
//!      "segments_without_reference": u64,    // segments where Hjerson chooses no reference
//!      "counts": COUNTS,                     // summed over segments
//!      "sums": {"sum": u64, "block_sum": u64, "reordering_block_sum": u64},
//!      "rates": RATES},                      // percent, Hjerson's corpus formulas
//!    "segments": [
//!      {"reference": usize | null,           // index of the chosen reference
//!       "counts": COUNTS,
//!       "reference_labels": [LABEL, ...],    // one per token of the chosen reference
//!       "hypothesis_labels": [LABEL, ...]},  // one per hypothesis token
//!      ...]},
//!   ...]}
//!
//! COUNTS = {"hypothesis_length", "reference_length",      // words; reference = chosen one
//!           "wer", "rper", "hper",                        // Wer, Rper, Hper
//!           "reference_inflection", "hypothesis_inflection",   // refINFer, hypINFer
//!           "reference_reordering", "hypothesis_reordering",   // refRer, hypRer
//!           "missing", "extra",                                // MISer, EXTer
//!           "reference_lexical", "hypothesis_lexical",         // refLEXer, hypLEXer
//!           and the same eight with a "_blocks" suffix}        // brefINFer ... bhypLEXer
//!           (all u64)
//! RATES  = {"wer", "rper", "hper", "sum", "block_sum", "reordering_block_sum",
//!           and every error key of COUNTS with its "_blocks" variant} (all f64, percent;
//!           reference-side keys, "wer", "rper" and "missing" over "reference_length", the others
//!           over "hypothesis_length"; "sum" = hypothesis_inflection + hypothesis_reordering +
//!           missing + extra + hypothesis_lexical rates, as Hjerson adds them)
//! LABEL  = "x" | "infl" | "reord" | "miss" | "ext" | "lex"
//! ```
//! Labels are index-aligned with the segment's tokens: the tokenized line split on whitespace
//! (Python's `str.split`). When `reference` is null the labels refer to the last reference
//! and are all `x`.
//!
//! # Files
//! This file is the corpus-level Hjerson analysis: configuration ([`HjersonConfig`]),
//! tokenizing and base forms per line, [`analyze_corpus`] and its report types. [`hjerson`]
//! classifies one segment (never tokenizes); [`breakdown`] holds the compare-mt-style
//! breakdowns. Nothing here renders: renderers live in [`crate::report`].

pub mod breakdown;
pub mod hjerson;

use std::borrow::Cow;

use rayon::prelude::*;

use crate::corpus::{Corpus, Normalization, TextFile};
use crate::metrics::Signature;
use crate::metrics::signature::VERSION_FIELD;
use crate::tokenize::TokenizerKind;
use crate::tokenize::text::py_split;

pub use hjerson::base_forms::{self, BaseFormer, BaseForms};
pub use hjerson::{Category, ErrorCounts, ErrorRates, ErrorSums, SegmentAnalysis, Side, classify};

/// How to analyse a test set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HjersonConfig {
    /// Tokenizer applied to references and hypotheses (lemma files are never tokenized).
    pub tokenize: TokenizerKind,
    /// Where base forms come from.
    pub base_forms: BaseForms,
}

impl Default for HjersonConfig {
    fn default() -> Self {
        Self {
            tokenize: TokenizerKind::V13a,
            base_forms: BaseForms::Prefix4,
        }
    }
}

/// Lemma files for [`BaseForms::External`]: one per reference and one per system, in corpus
/// order, each line split on whitespace and token-aligned with the tokenized segment.
#[derive(Debug, Clone, Default)]
pub struct Lemmas {
    /// Base forms of each reference.
    pub references: Vec<TextFile>,
    /// Base forms of each system output.
    pub systems: Vec<TextFile>,
}

/// Inputs that cannot be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalysisError {
    /// Lemma files were given without `BaseForms::External`, or the other way round.
    #[error("{0}")]
    Config(String),
    /// Lemma files do not match the references or systems in number.
    #[error(
        "{given} {kind} base-form files given for {expected} {kind}: give one per {kind_one}, in the same order"
    )]
    LemmaFileCount {
        /// `references` or `systems`.
        kind: &'static str,
        /// Singular of `kind`.
        kind_one: &'static str,
        /// Files given.
        given: usize,
        /// Files needed.
        expected: usize,
    },
    /// A lemma line with another number of tokens than its segment.
    #[error(
        "{path}:{line}: {lemmas} base forms for {tokens} tokens of {text} (after {tokenizer} tokenization): base forms must be token-aligned"
    )]
    LemmaMisaligned {
        /// Lemma file.
        path: String,
        /// Line number (1-based).
        line: usize,
        /// Base forms on that line.
        lemmas: usize,
        /// Tokens of the segment.
        tokens: usize,
        /// The text file.
        text: String,
        /// Tokenizer name.
        tokenizer: &'static str,
    },
    /// A segment longer than the WER alignment can handle in bounded time (found before any
    /// segment is analysed).
    #[error(
        "{path}:{line}: segment of {} words exceeds Hjerson's limit of {} words (quadratic WER alignment); split the line or leave the error analysis out",
        crate::metrics::registry::thousands(*.words),
        crate::metrics::registry::thousands(*.limit)
    )]
    SegmentTooLong {
        /// The file, as shown to the user.
        path: String,
        /// Line number (1-based).
        line: usize,
        /// Tokens of the segment.
        words: usize,
        /// [`hjerson::MAX_SEGMENT_WORDS`].
        limit: usize,
    },
}

/// The configuration of an analysis, as a record and as a sacreBLEU-style signature string.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnalysisSignature {
    /// Always `hjerson`.
    pub method: String,
    /// Number of references.
    pub references: usize,
    /// Tokenizer name.
    pub tokenizer: String,
    /// `prefix4`, `stem:<lang>` or `lemmas`.
    pub base_forms: String,
    /// The Unicode normalization of the inputs (`--normalize`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unicode: Option<Normalization>,
    /// `mtmeter-<version>`.
    pub version: String,
    /// All of the above in one string.
    pub signature: String,
}

impl AnalysisSignature {
    /// The signature of `config` with `references` references, on inputs normalized to
    /// `normalization` (`unicode:nfc` before the version, as in the metrics' signatures).
    pub fn new(
        config: &HjersonConfig,
        references: usize,
        normalization: Option<Normalization>,
    ) -> Self {
        let mut s = Signature::new(references);
        s.push("method", "m", "hjerson")
            .push("tok", "tok", config.tokenize.name())
            .push("base", "b", config.base_forms.to_string());
        Self {
            method: "hjerson".into(),
            references,
            tokenizer: config.tokenize.name().into(),
            base_forms: config.base_forms.to_string(),
            unicode: normalization,
            version: VERSION_FIELD.into(),
            signature: s.with_normalization(normalization).format(false),
        }
    }
}

/// Corpus totals of one system.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Totals {
    /// Segments analysed.
    pub segments: u64,
    /// Segments where no reference was chosen (see [`SegmentAnalysis::reference`]).
    pub segments_without_reference: u64,
    /// Summed counts.
    pub counts: ErrorCounts,
    /// Hjerson's sums of the summed counts.
    pub sums: ErrorSums,
    /// Rates of the summed counts.
    pub rates: ErrorRates,
}

impl Totals {
    /// Sum the segments.
    pub fn of(segments: &[SegmentAnalysis]) -> Self {
        let mut counts = ErrorCounts::default();
        for s in segments {
            counts += s.counts;
        }
        Self {
            segments: segments.len() as u64,
            segments_without_reference: segments.iter().filter(|s| s.reference.is_none()).count()
                as u64,
            counts,
            sums: counts.sums(),
            rates: counts.rates(),
        }
    }
}

/// One system's analysis.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SystemAnalysis {
    /// System name.
    pub name: String,
    /// Its file, as shown to the user.
    pub path: String,
    /// Corpus totals.
    pub totals: Totals,
    /// Every segment, in order.
    pub segments: Vec<SegmentAnalysis>,
}

/// The analysis of every system of a test set.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AnalysisReport {
    /// Configuration.
    pub signature: AnalysisSignature,
    /// Systems in corpus order.
    pub systems: Vec<SystemAnalysis>,
}

/// One text file, tokenized, with its base forms' source.
struct Prepared<'a> {
    tokenized: Vec<String>,
    lemmas: Option<&'a TextFile>,
}

fn prepare<'a>(
    file: &TextFile,
    lemmas: Option<&'a TextFile>,
    config: &HjersonConfig,
) -> Result<Prepared<'a>, AnalysisError> {
    let tokenizer = config.tokenize.build();
    let tokenized: Vec<String> = (0..file.len())
        .into_par_iter()
        .map(|i| tokenizer.tokenize(Corpus::metric_view(file, i)))
        .collect();
    if let Some(l) = lemmas {
        for (i, (t, b)) in tokenized.iter().zip(l.lines()).enumerate() {
            let (tokens, bases) = (py_split(t).count(), py_split(b).count());
            if tokens != bases {
                return Err(AnalysisError::LemmaMisaligned {
                    path: l.path.clone(),
                    line: i + 1,
                    lemmas: bases,
                    tokens,
                    text: file.path.clone(),
                    tokenizer: config.tokenize.name(),
                });
            }
        }
    }
    Ok(Prepared { tokenized, lemmas })
}

/// Refuse a reference or system line of `corpus` with more than
/// [`hjerson::MAX_SEGMENT_WORDS`] tokens, naming its file and line, before anything is
/// analysed. A line of fewer bytes than the limit has fewer tokens (the tokenizer adds spaces,
/// not words of zero bytes), so only longer lines are tokenized here.
pub fn check_lengths(corpus: &Corpus, config: &HjersonConfig) -> Result<(), AnalysisError> {
    let limit = hjerson::MAX_SEGMENT_WORDS;
    let tokenizer = config.tokenize.build();
    for file in corpus.references.iter().chain(&corpus.systems) {
        for i in 0..file.len() {
            let line = Corpus::metric_view(file, i);
            if line.len() <= limit {
                continue;
            }
            let words = py_split(&tokenizer.tokenize(line)).count();
            if words > limit {
                return Err(AnalysisError::SegmentTooLong {
                    path: file.path.clone(),
                    line: i + 1,
                    words,
                    limit,
                });
            }
        }
    }
    Ok(())
}

/// Words and base forms of segment `i` of a prepared file.
fn tokens<'a>(
    p: &'a Prepared<'_>,
    i: usize,
    former: Option<&BaseFormer>,
) -> (Vec<&'a str>, Vec<Cow<'a, str>>) {
    let words: Vec<&str> = py_split(&p.tokenized[i]).collect();
    let bases = match (former, p.lemmas) {
        (Some(f), _) => words.iter().map(|w| f.base_form(w)).collect(),
        (None, Some(l)) => py_split(l.line(i)).map(Cow::Borrowed).collect(),
        (None, None) => unreachable!("checked in analyze_corpus"),
    };
    (words, bases)
}

/// Analyse every system of `corpus` with Hjerson's classification.
///
/// `lemmas` is required with [`BaseForms::External`] and refused otherwise; lemma files must
/// have as many lines as the corpus (a validated [`Corpus`] guarantees it for the text) and as
/// many base forms per line as the tokenized segment has tokens.
pub fn analyze_corpus(
    corpus: &Corpus,
    config: &HjersonConfig,
    lemmas: Option<&Lemmas>,
) -> Result<AnalysisReport, AnalysisError> {
    let former = BaseFormer::new(config.base_forms);
    match (config.base_forms, lemmas) {
        (BaseForms::External, None) => {
            return Err(AnalysisError::Config(
                "base forms from files need a base-form file for every reference and system".into(),
            ));
        }
        (BaseForms::Prefix4 | BaseForms::Stem(_), Some(_)) => {
            return Err(AnalysisError::Config(format!(
                "base-form files cannot be combined with base forms '{}'",
                config.base_forms
            )));
        }
        _ => {}
    }
    check_lengths(corpus, config)?;
    if let Some(l) = lemmas {
        for (kind, kind_one, given, expected) in [
            (
                "references",
                "reference",
                l.references.len(),
                corpus.references.len(),
            ),
            ("systems", "system", l.systems.len(), corpus.systems.len()),
        ] {
            if given != expected {
                return Err(AnalysisError::LemmaFileCount {
                    kind,
                    kind_one,
                    given,
                    expected,
                });
            }
        }
        for f in l.references.iter().chain(&l.systems) {
            if f.len() != corpus.len() {
                return Err(AnalysisError::Config(format!(
                    "{} has {} lines but the test set has {} segments",
                    f.path,
                    f.len(),
                    corpus.len()
                )));
            }
        }
    }
    fn prepared<'a>(
        files: &[TextFile],
        lemma_files: Option<&'a [TextFile]>,
        config: &HjersonConfig,
    ) -> Result<Vec<Prepared<'a>>, AnalysisError> {
        files
            .iter()
            .enumerate()
            .map(|(k, f)| prepare(f, lemma_files.map(|l| &l[k]), config))
            .collect()
    }
    let refs = prepared(
        &corpus.references,
        lemmas.map(|l| l.references.as_slice()),
        config,
    )?;
    let systems = prepared(
        &corpus.systems,
        lemmas.map(|l| l.systems.as_slice()),
        config,
    )?;

    let n = corpus.len();
    let results: Vec<Vec<SegmentAnalysis>> = systems
        .par_iter()
        .map(|sys| {
            (0..n)
                .into_par_iter()
                .map(|i| {
                    let (hw, hb) = tokens(sys, i, former.as_ref());
                    let hb: Vec<&str> = hb.iter().map(|b| b.as_ref()).collect();
                    let ref_tokens: Vec<_> =
                        refs.iter().map(|r| tokens(r, i, former.as_ref())).collect();
                    let ref_bases: Vec<Vec<&str>> = ref_tokens
                        .iter()
                        .map(|(_, b)| b.iter().map(|b| b.as_ref()).collect())
                        .collect();
                    let sides: Vec<Side<'_>> = ref_tokens
                        .iter()
                        .zip(&ref_bases)
                        .map(|((w, _), b)| Side::new(w, b))
                        .collect();
                    classify(Side::new(&hw, &hb), &sides)
                })
                .collect()
        })
        .collect();

    let systems = corpus
        .systems
        .iter()
        .zip(results)
        .map(|(f, segments)| SystemAnalysis {
            name: f.name.clone(),
            path: f.path.clone(),
            totals: Totals::of(&segments),
            segments,
        })
        .collect();
    Ok(AnalysisReport {
        signature: AnalysisSignature::new(config, corpus.references.len(), corpus.normalization),
        systems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalized inputs put `unicode:<form>` into Hjerson's signature, where the metrics put
    /// it (before the version); inputs as read leave it out.
    #[test]
    fn the_signature_says_how_the_inputs_were_normalized() {
        let file = |name: &str, line: &str| TextFile::new(name, format!("{name}.txt"), [line]);
        let mut corpus = Corpus {
            // "é" decomposed in the reference, composed in the system.
            references: vec![file("ref", "le cafe\u{301} est chaud")],
            systems: vec![file("sys", "le café est froid")],
            ..Corpus::default()
        };
        let config = HjersonConfig::default();
        let plain = analyze_corpus(&corpus, &config, None).unwrap();
        assert_eq!(plain.signature.unicode, None);
        assert!(!plain.signature.signature.contains("unicode"));
        corpus.apply_normalization(Some(Normalization::Nfc));
        let nfc = analyze_corpus(&corpus, &config, None).unwrap();
        assert_eq!(nfc.signature.unicode, Some(Normalization::Nfc));
        assert_eq!(
            nfc.signature.signature,
            format!(
                "nrefs:1|method:hjerson|tok:13a|base:prefix4|unicode:nfc|version:{VERSION_FIELD}"
            )
        );
        // The text was normalized too: "café" now matches.
        let errors = |r: &AnalysisReport| r.systems[0].totals.rates;
        assert_ne!(
            serde_json::to_string(&errors(&plain)).unwrap(),
            serde_json::to_string(&errors(&nfc)).unwrap()
        );
    }
}
