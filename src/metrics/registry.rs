//! The metric registry: a metric's name plus sacreBLEU's options give a configured
//! [`MetricSpec`]. Every caller (the command line, `evaluate`, `check`, tests, benchmarks)
//! builds metrics here, so a new metric is registered in one place.

use crate::tokenize::{TokenizerKind, UnknownTokenizer};

use super::{
    BadOrder, BadOrders, Bleu, BleuConfig, Chrf, ChrfConfig, MetricSpec, SmoothMethod, Ter,
    TerConfig,
};

/// The metric names the registry knows, in the order they are usually printed.
pub const METRIC_NAMES: [&str; 4] = ["bleu", "chrf", "chrf++", "ter"];

/// A metric configuration that cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetricError {
    /// Not one of [`METRIC_NAMES`].
    #[error("unknown metric '{0}'; choose one of: bleu, chrf, chrf++, ter")]
    UnknownMetric(String),
    /// A tokenizer that does not exist or is not ported.
    #[error(transparent)]
    Tokenizer(#[from] UnknownTokenizer),
    /// A target language whose sacreBLEU default tokenizer is not ported.
    #[error(
        "target language '{0}' needs the {0}-mecab tokenizer, which is not supported yet; choose a tokenizer explicitly"
    )]
    TokenizerForLanguage(String),
    /// An unknown BLEU smoothing method.
    #[error("{0}")]
    SmoothMethod(String),
    /// A BLEU n-gram order out of range.
    #[error(transparent)]
    BleuOrder(#[from] BadOrder),
    /// chrF orders out of range.
    #[error(transparent)]
    ChrfOrders(#[from] BadOrders),
    /// A segment longer than a metric can score in bounded time and memory (found before any
    /// scoring starts).
    #[error(
        "{path}:{line}: segment of {} words exceeds {metric}'s limit of {} words ({why}); split the line or leave {metric} out",
        thousands(*.words),
        thousands(*.limit)
    )]
    SegmentTooLong {
        /// The file, as shown to the user.
        path: String,
        /// Line number (1-based).
        line: usize,
        /// Words of the segment, as the metric tokenizes it.
        words: usize,
        /// The metric's name (`TER`).
        metric: &'static str,
        /// The most words the metric accepts in one segment.
        limit: usize,
        /// Why there is a limit.
        why: &'static str,
    },
    /// Segment scores from another tool that cannot be read or do not fit the test set.
    #[error(transparent)]
    Scores(#[from] super::ScoresError),
}

/// `1700000` as `1,700,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// sacreBLEU's metric options (its command-line defaults), shared by every metric request.
/// Serialisable so that a shard file records what it was scored with.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MetricOptions {
    /// BLEU tokenizer; `None` picks sacreBLEU's default for [`Self::target_language`].
    pub tokenize: Option<TokenizerKind>,
    /// Target language code (from `-l src-trg`), which picks BLEU's default tokenizer.
    pub target_language: Option<String>,
    /// BLEU: lowercase.
    pub lowercase: bool,
    /// BLEU: smoothing method.
    pub smooth_method: SmoothMethod,
    /// BLEU: smoothing value (`None`: the method's default).
    pub smooth_value: Option<f64>,
    /// BLEU: highest n-gram order.
    pub max_ngram_order: usize,
    /// BLEU: effective order for corpus scores too.
    pub effective_order: bool,
    /// chrF options; `word_order` applies to `chrf` (`chrf++` always uses 2).
    pub chrf: ChrfConfig,
    /// TER options.
    pub ter: TerConfig,
}

impl Default for MetricOptions {
    fn default() -> Self {
        let bleu = BleuConfig::default();
        Self {
            tokenize: None,
            target_language: None,
            lowercase: bleu.lowercase,
            smooth_method: bleu.smooth_method,
            smooth_value: bleu.smooth_value,
            max_ngram_order: bleu.max_ngram_order,
            effective_order: bleu.effective_order,
            chrf: ChrfConfig::default(),
            ter: TerConfig::default(),
        }
    }
}

impl MetricOptions {
    /// BLEU's tokenizer: the explicit one, else sacreBLEU's default for the target language
    /// (`zh` for Chinese; Japanese and Korean need MeCab, not ported), else `13a`.
    pub fn bleu_tokenizer(&self) -> Result<TokenizerKind, MetricError> {
        if let Some(t) = self.tokenize {
            return Ok(t);
        }
        match self.target_language.as_deref() {
            Some("zh") => Ok(TokenizerKind::Zh),
            Some(t @ ("ja" | "ko")) => Err(MetricError::TokenizerForLanguage(t.to_owned())),
            _ => Ok(TokenizerKind::V13a),
        }
    }

    /// The BLEU configuration these options describe.
    pub fn bleu_config(&self) -> Result<BleuConfig, MetricError> {
        Ok(BleuConfig {
            tokenize: self.bleu_tokenizer()?,
            lowercase: self.lowercase,
            smooth_method: self.smooth_method,
            smooth_value: self.smooth_value,
            max_ngram_order: self.max_ngram_order,
            effective_order: self.effective_order,
        })
    }
}

impl MetricSpec {
    /// The metric `name` (`bleu`, `chrf`, `chrf++`, `ter`) configured by `options`.
    pub fn from_name(name: &str, options: &MetricOptions) -> Result<Self, MetricError> {
        Ok(match name {
            "bleu" => MetricSpec::Bleu(Bleu::new(options.bleu_config()?)?),
            "chrf" => MetricSpec::Chrf(Chrf::new(options.chrf.clone())?),
            "chrf++" => MetricSpec::Chrf(Chrf::new(ChrfConfig {
                word_order: 2,
                ..options.chrf.clone()
            })?),
            "ter" => MetricSpec::Ter(Ter::new(options.ter.clone())),
            other => return Err(MetricError::UnknownMetric(other.to_owned())),
        })
    }

    /// Refuse, before any scoring, a segment of `corpus` (a reference or a system line) that
    /// exceeds the metric's length limit: only TER has one (see [`Ter::check_corpus`]); BLEU
    /// and chrF work in memory linear in the segment.
    pub fn check_lengths(&self, corpus: &crate::corpus::Corpus) -> Result<(), MetricError> {
        match self {
            MetricSpec::Ter(t) => t.check_corpus(corpus),
            MetricSpec::Bleu(_) | MetricSpec::Chrf(_) | MetricSpec::External(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_name_builds_with_defaults() {
        for name in METRIC_NAMES {
            let spec = MetricSpec::from_name(name, &MetricOptions::default()).unwrap();
            assert!(!spec.display_name().is_empty());
        }
        assert!(matches!(
            MetricSpec::from_name("meteor", &MetricOptions::default()),
            Err(MetricError::UnknownMetric(_))
        ));
    }

    #[test]
    fn thousands_groups_digits_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_700_000), "1,700,000");
        assert_eq!(thousands(250_000), "250,000");
    }

    #[test]
    fn chrf_plus_plus_forces_word_order_two_and_keeps_beta() {
        let mut o = MetricOptions::default();
        o.chrf.beta = 3;
        let spec = MetricSpec::from_name("chrf++", &o).unwrap();
        assert_eq!(spec.display_name(), "chrF3++");
    }

    #[test]
    fn target_language_picks_the_tokenizer_as_sacrebleu_does() {
        let o = MetricOptions {
            target_language: Some("zh".into()),
            ..Default::default()
        };
        assert_eq!(o.bleu_tokenizer().unwrap(), TokenizerKind::Zh);
        let o = MetricOptions {
            target_language: Some("ja".into()),
            ..Default::default()
        };
        assert!(o.bleu_tokenizer().is_err());
    }
}
