//! The metric and significance options every scoring command shares (sacreBLEU's names), and
//! their translation into the library's [`MetricOptions`] and [`SignificanceRequest`].

use clap::Args;
use mtmeter::evaluation::{SignificanceRequest, SignificanceTest};
use mtmeter::metrics::{ChrfConfig, MetricOptions, SmoothMethod, TerConfig};
use mtmeter::significance::Seed;
use mtmeter::tokenize::TokenizerKind;

use super::CliError;

/// Metrics and their options.
#[derive(Debug, Args, Clone)]
pub struct MetricArgs {
    /// Metrics to compute (sacreBLEU -m; chrf++ is chrF with word order 2).
    #[arg(short = 'm', long = "metrics", num_args = 1.., value_parser = ["bleu", "chrf", "chrf++", "ter"])]
    pub metrics: Vec<String>,

    /// BLEU tokenizer (sacreBLEU -tok): none, 13a, intl, char, zh (default: 13a, or what -l
    /// implies).
    #[arg(long = "tokenize", value_name = "TOK")]
    pub tokenize: Option<String>,
    /// Source-target language pair, 2-3 letter codes (e.g. en-zh): the target language picks
    /// the default tokenizer as sacreBLEU does (zh → zh).
    #[arg(short = 'l', long = "language-pair", value_name = "SRC-TRG", value_parser = super::compat::parse_language_pair)]
    pub language_pair: Option<String>,
    /// Lowercase for BLEU (sacreBLEU -lc).
    #[arg(long = "lowercase", alias = "lc")]
    pub lowercase: bool,
    /// Accepted for sacreBLEU compatibility; changes nothing (mtmeter never warns about
    /// tokenized-looking input).
    #[arg(long = "force")]
    pub force: bool,
    /// BLEU smoothing: exp, floor, add-k, none.
    #[arg(long = "smooth-method", short = 's', default_value = "exp", value_parser = ["exp", "floor", "add-k", "none"])]
    pub smooth_method: String,
    /// Smoothing value for floor (default 0.1) and add-k (default 1) (sacreBLEU -sv).
    #[arg(long = "smooth-value", allow_negative_numbers = true, value_name = "X")]
    pub smooth_value: Option<f64>,
    /// Highest BLEU n-gram order.
    #[arg(long = "max-ngram-order", default_value_t = 4)]
    pub max_ngram_order: usize,
    /// Use effective order for corpus BLEU too (always on for sentence BLEU).
    #[arg(long = "effective-order")]
    pub effective_order: bool,

    /// chrF character n-gram order (sacreBLEU -cc).
    #[arg(long = "chrf-char-order", default_value_t = 6)]
    pub chrf_char_order: usize,
    /// chrF word n-gram order for `-m chrf` (2 = chrF++; `-m chrf++` always uses 2) (sacreBLEU
    /// -cw).
    #[arg(long = "chrf-word-order", default_value_t = 0)]
    pub chrf_word_order: usize,
    /// chrF beta (recall weight).
    #[arg(long = "chrf-beta", default_value_t = 2)]
    pub chrf_beta: u32,
    /// Keep whitespace in chrF character n-grams.
    #[arg(long = "chrf-whitespace")]
    pub chrf_whitespace: bool,
    /// Lowercase for chrF.
    #[arg(long = "chrf-lowercase")]
    pub chrf_lowercase: bool,
    /// chrF epsilon smoothing instead of effective order.
    #[arg(long = "chrf-eps-smoothing")]
    pub chrf_eps_smoothing: bool,

    /// TER: case-sensitive (TERCOM is case-insensitive by default).
    #[arg(long = "ter-case-sensitive")]
    pub ter_case_sensitive: bool,
    /// TER: normalise and tokenize punctuation.
    #[arg(long = "ter-normalized")]
    pub ter_normalized: bool,
    /// TER: remove punctuation.
    #[arg(long = "ter-no-punct")]
    pub ter_no_punct: bool,
    /// TER: special treatment of CJK characters (with --ter-normalized / --ter-no-punct).
    #[arg(long = "ter-asian-support")]
    pub ter_asian_support: bool,
}

impl MetricArgs {
    /// The metric names asked for, or `default` when none were.
    pub fn names(&self, default: &[&str]) -> Vec<String> {
        if self.metrics.is_empty() {
            default.iter().map(|&s| s.to_owned()).collect()
        } else {
            self.metrics.clone()
        }
    }

    /// The target language of `-l`, if given.
    pub fn target_language(&self) -> Option<&str> {
        self.language_pair
            .as_deref()
            .and_then(|lp| lp.split_once('-'))
            .map(|(_, t)| t)
    }

    /// The library's metric options.
    pub fn options(&self) -> Result<MetricOptions, CliError> {
        let tokenize = self
            .tokenize
            .as_deref()
            .map(str::parse::<TokenizerKind>)
            .transpose()
            .map_err(mtmeter::metrics::MetricError::from)?;
        let smooth_method = self
            .smooth_method
            .parse::<SmoothMethod>()
            .map_err(mtmeter::metrics::MetricError::SmoothMethod)?;
        Ok(MetricOptions {
            tokenize,
            target_language: self.target_language().map(str::to_owned),
            lowercase: self.lowercase,
            smooth_method,
            smooth_value: self.smooth_value,
            max_ngram_order: self.max_ngram_order,
            effective_order: self.effective_order,
            chrf: ChrfConfig {
                char_order: self.chrf_char_order,
                word_order: self.chrf_word_order,
                beta: self.chrf_beta,
                lowercase: self.chrf_lowercase,
                whitespace: self.chrf_whitespace,
                eps_smoothing: self.chrf_eps_smoothing,
            },
            ter: TerConfig {
                normalized: self.ter_normalized,
                no_punct: self.ter_no_punct,
                asian_support: self.ter_asian_support,
                case_sensitive: self.ter_case_sensitive,
            },
        })
    }
}

/// Significance tests and confidence intervals (sacreBLEU's names).
#[derive(Debug, Args, Clone)]
pub struct SignificanceArgs {
    /// Bootstrap 95% confidence interval of every score (sacreBLEU -ci).
    #[arg(long)]
    pub confidence: bool,
    /// Bootstrap resamples for --confidence (sacreBLEU -cin).
    #[arg(long = "confidence-n", default_value_t = 1000)]
    pub confidence_n: usize,
    /// Paired bootstrap resampling against the baseline, the first system unless --baseline
    /// (sacreBLEU -pbs).
    #[arg(long = "paired-bs", conflicts_with = "paired_ar")]
    pub paired_bs: bool,
    /// Resamples for --paired-bs (sacreBLEU -pbsn).
    #[arg(long = "paired-bs-n", default_value_t = 1000)]
    pub paired_bs_n: usize,
    /// Paired approximate randomization against the baseline (sacreBLEU -par).
    #[arg(long = "paired-ar")]
    pub paired_ar: bool,
    /// Trials for --paired-ar (sacreBLEU -parn).
    #[arg(long = "paired-ar-n", default_value_t = 10000)]
    pub paired_ar_n: usize,
    /// Random seed for resampling: a number or 'none' (default: $SACREBLEU_SEED, else 12345).
    #[arg(long)]
    pub seed: Option<String>,
}

impl SignificanceArgs {
    /// The test asked for, if any.
    pub fn request(&self) -> Result<Option<SignificanceRequest>, CliError> {
        let seed = self
            .seed
            .as_deref()
            .map(Seed::parse)
            .transpose()
            .map_err(mtmeter::Error::from)?;
        let mut request = if self.paired_bs {
            let mut r = SignificanceRequest::new(SignificanceTest::PairedBootstrap);
            r.samples = Some(self.paired_bs_n);
            r
        } else if self.paired_ar {
            let mut r = SignificanceRequest::new(SignificanceTest::PairedApproximateRandomization);
            r.samples = Some(self.paired_ar_n);
            // sacreBLEU's PairedTest(n_ar_confidence=N): intervals from extra bootstrap draws.
            r.ar_confidence = self.confidence.then_some(self.confidence_n);
            r
        } else if self.confidence {
            let mut r = SignificanceRequest::new(SignificanceTest::Confidence);
            r.samples = Some(self.confidence_n);
            r
        } else {
            return Ok(None);
        };
        request.seed = seed;
        Ok(Some(request))
    }
}
