//! `mtmeter score` options (sacreBLEU's names where they exist) and their translation into
//! library configurations.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use mtmeter::metrics::{
    Bleu, BleuConfig, Chrf, ChrfConfig, MetricSpec, SmoothMethod, Ter, TerConfig,
};
use mtmeter::report::{Confidence, ScoreReport, SignificanceInfo, json, text};
use mtmeter::scoring::run_metric_observed;
use mtmeter::significance::{
    PairedDraws, PairedOptions, PairedTestKind, Seed, confidence_intervals, paired_test_with,
};
use mtmeter::tokenize::TokenizerKind;

use super::input::InputArgs;
use super::output::print;
use super::progress::Bar;

/// Output format of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned table, rounded to --width (the default, piped or not).
    Text,
    /// Full-precision JSON (the stable contract).
    Json,
    /// sacreBLEU's LaTeX (booktabs) table, rounded to --width.
    Latex,
}

/// Arguments of `mtmeter score`.
#[derive(Debug, Args)]
#[command(
    args_override_self = true,
    after_help = "sacreBLEU's spellings mean the same here: -tok, -lc, -sl, -sv, -nr, -cc, -cw, -ci, -cin, -par, -pbs, -parn, -pbsn, -sh, -nc and argparse-style abbreviations (--lower); its test-set options (-t, --list, --echo, ...) are refused with a hint.\n\nExamples:\n  mtmeter score ref.de -i sys1.de sys2.de -m bleu chrf\n  mtmeter score ref.de -i exp1/hyp.de exp2/hyp.de -lc -tok intl -b\n  mtmeter score --corpus corpora/demo -m bleu chrf chrf++ ter --format json"
)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Metrics to compute (sacreBLEU -m; chrf++ is chrF with word order 2).
    #[arg(short = 'm', long = "metrics", num_args = 1.., default_values = ["bleu"], value_parser = ["bleu", "chrf", "chrf++", "ter"])]
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

    /// Bootstrap 95% confidence interval of every score (sacreBLEU -ci).
    #[arg(long)]
    pub confidence: bool,
    /// Bootstrap resamples for --confidence (sacreBLEU -cin).
    #[arg(long = "confidence-n", default_value_t = 1000)]
    pub confidence_n: usize,
    /// Paired bootstrap resampling against the first system, the baseline (sacreBLEU -pbs).
    #[arg(long = "paired-bs", conflicts_with = "paired_ar")]
    pub paired_bs: bool,
    /// Resamples for --paired-bs (sacreBLEU -pbsn).
    #[arg(long = "paired-bs-n", default_value_t = 1000)]
    pub paired_bs_n: usize,
    /// Paired approximate randomization against the first system, the baseline (sacreBLEU
    /// -par).
    #[arg(long = "paired-ar")]
    pub paired_ar: bool,
    /// Trials for --paired-ar (sacreBLEU -parn).
    #[arg(long = "paired-ar-n", default_value_t = 10000)]
    pub paired_ar_n: usize,
    /// Random seed for resampling: a number or 'none' (default: $SACREBLEU_SEED, else 12345).
    #[arg(long)]
    pub seed: Option<String>,

    /// Include every segment's sufficient statistics in the JSON (sacreBLEU's layout per metric:
    /// BLEU [hyp_len, ref_len, matches..., totals...], chrF [hyp, ref, match] per order, TER
    /// [edits, average ref length]).
    #[arg(long)]
    pub statistics: bool,
    /// Output format: text (the default, also when piped), json (full precision), latex
    /// (sacreBLEU's booktabs table).
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: Option<Format>,
    /// Print only the scores, like sacreBLEU -b: one line per metric (BLEU, chrF, TER order);
    /// with several systems one line per system, name and scores tab-separated.
    #[arg(long = "score-only", short = 'b')]
    pub score_only: bool,
    /// Also score every segment, all requested metrics at once (sacreBLEU -sl).
    #[arg(long = "sentence-level", alias = "sl")]
    pub sentence_level: bool,
    /// Decimals of printed scores.
    #[arg(long, short = 'w', default_value_t = 1)]
    pub width: usize,
    /// Short signatures, in text and JSON (sacreBLEU -sh).
    #[arg(long)]
    pub short: bool,
    /// Accepted for sacreBLEU compatibility (-nc); mtmeter prints no colours.
    #[arg(long = "no-color")]
    pub no_color: bool,
}

fn config_error(e: impl std::fmt::Display) -> mtmeter::Error {
    mtmeter::Error::Config(e.to_string())
}

impl ScoreArgs {
    fn tokenizer(&self) -> Result<TokenizerKind, mtmeter::Error> {
        if let Some(t) = &self.tokenize {
            return t.parse().map_err(config_error);
        }
        let target = self
            .language_pair
            .as_deref()
            .and_then(|lp| lp.split_once('-'))
            .map(|(_, t)| t);
        match target {
            Some("zh") => Ok(TokenizerKind::Zh),
            Some(t @ ("ja" | "ko")) => Err(config_error(format!(
                "target language '{t}' needs the {t}-mecab tokenizer, which is not supported yet; pass --tokenize explicitly"
            ))),
            _ => Ok(TokenizerKind::V13a),
        }
    }

    /// The metric configurations requested, keyed as requested.
    pub fn metric_specs(&self) -> Result<Vec<(String, MetricSpec)>, mtmeter::Error> {
        let mut out: Vec<(String, MetricSpec)> = Vec::new();
        for key in &self.metrics {
            if out.iter().any(|(k, _)| k == key) {
                continue;
            }
            let chrf = |word_order| ChrfConfig {
                char_order: self.chrf_char_order,
                word_order,
                beta: self.chrf_beta,
                lowercase: self.chrf_lowercase,
                whitespace: self.chrf_whitespace,
                eps_smoothing: self.chrf_eps_smoothing,
            };
            let spec = match key.as_str() {
                "bleu" => MetricSpec::Bleu(
                    Bleu::new(BleuConfig {
                        tokenize: self.tokenizer()?,
                        lowercase: self.lowercase,
                        smooth_method: self
                            .smooth_method
                            .parse::<SmoothMethod>()
                            .map_err(config_error)?,
                        smooth_value: self.smooth_value,
                        max_ngram_order: self.max_ngram_order,
                        effective_order: self.effective_order,
                    })
                    .map_err(config_error)?,
                ),
                "chrf" => {
                    MetricSpec::Chrf(Chrf::new(chrf(self.chrf_word_order)).map_err(config_error)?)
                }
                "chrf++" => MetricSpec::Chrf(Chrf::new(chrf(2)).map_err(config_error)?),
                "ter" => MetricSpec::Ter(Ter::new(TerConfig {
                    normalized: self.ter_normalized,
                    no_punct: self.ter_no_punct,
                    asian_support: self.ter_asian_support,
                    case_sensitive: self.ter_case_sensitive,
                })),
                other => return Err(config_error(format!("unknown metric '{other}'"))),
            };
            out.push((key.clone(), spec));
        }
        Ok(out)
    }
}

/// Run `mtmeter score`.
pub fn run_score(args: &ScoreArgs) -> Result<ExitCode, mtmeter::Error> {
    let specs = args.metric_specs()?;
    let corpus = args.input.load()?;
    if args.tokenize.is_none()
        && args.language_pair.is_none()
        && specs.iter().any(|(k, _)| k == "bleu")
    {
        // sacreBLEU warns when it knows the target is Chinese but the tokenizer is not `zh`;
        // here the file extension is the only hint, so warn and keep sacreBLEU's default.
        if let Some(r) = corpus.references.iter().find(|r| r.path.ends_with(".zh")) {
            eprintln!(
                "mtmeter: warning: {} looks Chinese but BLEU uses the 13a tokenizer (sacreBLEU's default); consider --tokenize zh or -l xx-zh",
                r.path
            );
        }
    }
    let paired = paired_options(args)?;
    let bar = Bar::new((specs.len() * corpus.systems.len()) as u64, "scoring");
    // A paired test's random draws depend on no score: they are made while the metrics score.
    let (results, draws) = rayon::join(
        || -> Vec<_> {
            specs
                .iter()
                .map(|(key, spec)| {
                    bar.set_message(&format!("scoring {key}"));
                    run_metric_observed(key, spec, &corpus, args.sentence_level, &bar)
                })
                .collect()
        },
        || {
            paired
                .filter(|_| corpus.systems.len() >= 2)
                .map(|(opts, _)| PairedDraws::new(&opts, corpus.len(), corpus.systems.len()))
                .transpose()
        },
    );
    let draws = draws.map_err(config_error)?;
    bar.finish();
    let names: Vec<(String, String)> = corpus
        .systems
        .iter()
        .map(|s| (s.name.clone(), s.path.clone()))
        .collect();
    let report = ScoreReport::from_results(&names, &results, args.sentence_level);
    let mut report = report;
    add_significance(args, &specs, &results, paired, draws, &mut report)?;
    if args.statistics {
        report.add_statistics(&results);
    }
    // sacreBLEU flags that need their own renderer (issue 12).
    if args.short {
        mtmeter::report::short::shorten_signatures(&mut report);
    }
    if args.score_only {
        print(&mtmeter::report::score_only::render(&report, args.width))?;
        return Ok(ExitCode::SUCCESS);
    }
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Text
    } else {
        Format::Json
    });
    match format {
        Format::Json => print(&json::render(&report))?,
        Format::Latex => print(&mtmeter::report::latex::render(&report, args.width))?,
        Format::Text => {
            let mut s = String::new();
            if args.sentence_level {
                s.push_str(&text::render_segments(&report, args.width));
            }
            s.push_str(&text::render(&report, args.width));
            if args.short {
                // Short signatures: re-render from the results.
                for r in &results {
                    s = s.replace(&r.signature.format(false), &r.signature.format(true));
                }
            }
            print(&s)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The paired test the arguments ask for, with its resolved seed: `None` without
/// `--paired-bs`/`--paired-ar`.
fn paired_options(args: &ScoreArgs) -> Result<Option<(PairedOptions, Seed)>, mtmeter::Error> {
    let kind = match (args.paired_bs, args.paired_ar) {
        (true, _) => PairedTestKind::Bootstrap,
        (_, true) => PairedTestKind::ApproximateRandomization,
        _ => return Ok(None),
    };
    let seed = resolved_seed(args)?;
    let mut opts = PairedOptions::new(kind);
    opts.seed = Some(seed);
    opts.n_samples = match kind {
        PairedTestKind::Bootstrap => args.paired_bs_n,
        PairedTestKind::ApproximateRandomization => args.paired_ar_n,
    };
    if kind == PairedTestKind::ApproximateRandomization && args.confidence {
        // sacreBLEU's PairedTest(n_ar_confidence=N): intervals from extra bootstrap draws.
        opts.n_ar_confidence = i64::try_from(args.confidence_n).unwrap_or(i64::MAX);
    }
    Ok(Some((opts, seed)))
}

/// `--seed`, else `SACREBLEU_SEED`, else 12345.
fn resolved_seed(args: &ScoreArgs) -> Result<Seed, mtmeter::Error> {
    let explicit = args
        .seed
        .as_deref()
        .map(Seed::parse)
        .transpose()
        .map_err(config_error)?;
    Seed::resolve(explicit).map_err(config_error)
}

/// Run the requested significance test or confidence intervals and put the outcome into the
/// report: p-values, intervals, and signatures with sacreBLEU's `bs`/`ar`/`seed` fields.
/// `paired` is the paired test asked for, if any, and `draws` its draws, made while the metrics
/// scored (none with fewer than two systems).
fn add_significance(
    args: &ScoreArgs,
    specs: &[(String, MetricSpec)],
    results: &[mtmeter::scoring::MetricResult],
    paired: Option<(PairedOptions, Seed)>,
    draws: Option<PairedDraws>,
    report: &mut ScoreReport,
) -> Result<(), mtmeter::Error> {
    if let Some((opts, seed)) = paired {
        let Some(draws) = draws else {
            return Err(config_error(
                "paired tests need at least two systems: the first is the baseline, the others are compared with it",
            ));
        };
        let kind = opts.kind;
        let bar = Bar::new(0, &format!("{} ({} samples)", kind.key(), opts.samples()));
        let pairs: Vec<_> = specs.iter().map(|(_, s)| s).zip(results).collect();
        let outcomes = paired_test_with(&pairs, &draws).map_err(config_error)?;
        bar.finish();
        for (m, (r, per_system)) in results.iter().zip(&outcomes).enumerate() {
            let signature = opts.signature(&r.signature, seed).format(false);
            for (sys, o) in report.systems.iter_mut().zip(per_system) {
                let score = &mut sys.metrics[m];
                score.p_value = Some(o.p_value);
                score.confidence = o
                    .mean
                    .zip(o.half_width)
                    .map(|(mean, half_width)| Confidence { mean, half_width });
                score.signature.clone_from(&signature);
            }
        }
        report.significance = Some(SignificanceInfo {
            test: kind.key().to_owned(),
            samples: opts.samples(),
            seed: seed.signature_value(),
            baseline: report.systems[0].name.clone(),
            confidence_samples: (opts.ar_confidence() > 0 || kind == PairedTestKind::Bootstrap)
                .then(|| match kind {
                    PairedTestKind::Bootstrap => opts.samples(),
                    PairedTestKind::ApproximateRandomization => opts.ar_confidence(),
                }),
        });
    } else if args.confidence {
        let seed = resolved_seed(args)?;
        for (m, ((_, spec), r)) in specs.iter().zip(results).enumerate() {
            let mut sig = r.signature.clone();
            sig.insert_after_nrefs("bs", "bs", args.confidence_n.to_string());
            sig.insert_after_nrefs("seed", "rs", seed.signature_value());
            let intervals = confidence_intervals(spec, r, args.confidence_n, Some(seed))
                .map_err(config_error)?;
            for (sys, c) in report.systems.iter_mut().zip(intervals) {
                let score = &mut sys.metrics[m];
                score.confidence = Some(c);
                score.signature = sig.format(false);
            }
        }
        report.significance = Some(SignificanceInfo {
            test: "confidence".to_owned(),
            samples: args.confidence_n,
            seed: seed.signature_value(),
            baseline: String::new(),
            confidence_samples: Some(args.confidence_n),
        });
    }
    Ok(())
}
