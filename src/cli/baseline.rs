//! `mtmeter baseline`: score one system and store what `mtmeter check` needs to compare later
//! candidates with it (signatures, content hashes, per-segment statistics). Also holds the
//! input and metric options `baseline` and `check` share.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use mtmeter::corpus::{Corpus, CorpusDir, LoadOptions, Loader, TextFiles, stem_name};
use mtmeter::gate::Baseline;
use mtmeter::gate::GateError;
use mtmeter::metrics::MetricSpec;
use mtmeter::scoring::run_metric;

use super::input::InputArgs;
use super::options::ScoreArgs;

/// The test set and the one system: explicit files, or a corpus folder whose references and
/// source are used with `-i SYS` (or with one of its own systems, `--system NAME`).
#[derive(Debug, Args)]
pub struct GateInputArgs {
    /// Reference files, one segment per line (several for multi-reference scoring).
    #[arg(value_name = "REF")]
    pub refs: Vec<PathBuf>,
    /// The system output file ('-' reads standard input).
    #[arg(short = 'i', long = "input", value_name = "SYS")]
    pub input: Option<PathBuf>,
    /// A corpus folder (source.<lang>, references/, systems/): its references and source.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["refs", "source"])]
    pub corpus: Option<PathBuf>,
    /// With --corpus and no -i: the system of the folder to use (by file stem).
    #[arg(
        long,
        value_name = "NAME",
        requires = "corpus",
        conflicts_with = "input"
    )]
    pub system: Option<String>,
    /// Source file (line-aligned with the references).
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// Remove a leading UTF-8 byte-order mark from inputs (with a warning) instead of refusing.
    #[arg(long)]
    pub strip_bom: bool,
    /// Worker threads (default: all cores); results never depend on it.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

fn config(msg: impl Into<String>) -> mtmeter::Error {
    mtmeter::Error::Config(msg.into())
}

impl GateInputArgs {
    /// The test set's name: the corpus folder's name, else the first reference's file name.
    pub fn test_set_name(&self) -> String {
        let path = self.corpus.as_ref().or(self.refs.first());
        path.and_then(|p| p.file_name()).map_or_else(
            || "test-set".to_owned(),
            |f| f.to_string_lossy().into_owned(),
        )
    }

    /// Load the test set with exactly one system.
    pub fn load(&self) -> Result<Corpus, mtmeter::Error> {
        if let Some(n) = self.threads {
            // Only fails if a global pool exists already, which cannot happen this early.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build_global();
        }
        let files = if let Some(dir) = &self.corpus {
            let mut f = CorpusDir { path: dir.clone() }.files()?;
            f.systems = match (&self.input, &self.system) {
                (Some(i), _) => vec![i.clone()],
                (None, Some(name)) => {
                    let found: Vec<PathBuf> = f
                        .systems
                        .iter()
                        .filter(|p| &stem_name(p) == name)
                        .cloned()
                        .collect();
                    if found.is_empty() {
                        let have: Vec<String> = f.systems.iter().map(|p| stem_name(p)).collect();
                        return Err(config(format!(
                            "{}: no system named {name} (it has {})",
                            dir.display(),
                            have.join(", ")
                        )));
                    }
                    found
                }
                (None, None) if f.systems.len() == 1 => f.systems,
                (None, None) => {
                    return Err(config(format!(
                        "{} has {} systems: pick one with --system NAME, or give the output with -i SYS",
                        dir.display(),
                        f.systems.len()
                    )));
                }
            };
            f
        } else {
            if self.refs.is_empty() {
                return Err(config(
                    "no reference given: pass REF files before -i, or --corpus DIR",
                ));
            }
            let Some(i) = &self.input else {
                return Err(config("no system output given: pass -i SYS"));
            };
            TextFiles {
                references: self.refs.clone(),
                systems: vec![i.clone()],
                source: self.source.clone(),
            }
        };
        let corpus = files.load(&LoadOptions {
            strip_bom: self.strip_bom,
        })?;
        for w in &corpus.warnings {
            eprintln!("mtmeter: warning: {w}");
        }
        Ok(corpus)
    }
}

/// Metric and tokenizer options (`mtmeter score`'s names and defaults).
#[derive(Debug, Args)]
pub struct GateMetricArgs {
    /// Metrics (default: bleu chrf ter for `baseline`; the baseline's metrics for `check`).
    #[arg(short = 'm', long = "metrics", num_args = 1.., value_parser = ["bleu", "chrf", "chrf++", "ter"])]
    pub metrics: Vec<String>,
    /// BLEU tokenizer: none, 13a, intl, char, zh.
    #[arg(long = "tokenize", short = 't', value_name = "TOK")]
    pub tokenize: Option<String>,
    /// Source-target language pair (e.g. en-zh): the target picks the default tokenizer.
    #[arg(short = 'l', long = "language-pair", value_name = "SRC-TRG")]
    pub language_pair: Option<String>,
    /// Lowercase for BLEU.
    #[arg(long = "lowercase", visible_alias = "lc")]
    pub lowercase: bool,
    /// BLEU smoothing: exp, floor, add-k, none.
    #[arg(long = "smooth-method", short = 's', default_value = "exp", value_parser = ["exp", "floor", "add-k", "none"])]
    pub smooth_method: String,
    /// Smoothing value for floor (default 0.1) and add-k (default 1).
    #[arg(long = "smooth-value")]
    pub smooth_value: Option<f64>,
    /// Highest BLEU n-gram order.
    #[arg(long = "max-ngram-order", default_value_t = 4)]
    pub max_ngram_order: usize,
    /// Use effective order for corpus BLEU too.
    #[arg(long = "effective-order")]
    pub effective_order: bool,
    /// chrF character n-gram order.
    #[arg(long = "chrf-char-order", default_value_t = 6)]
    pub chrf_char_order: usize,
    /// chrF word n-gram order for `-m chrf` (`-m chrf++` always uses 2).
    #[arg(long = "chrf-word-order", default_value_t = 0)]
    pub chrf_word_order: usize,
    /// chrF beta.
    #[arg(long = "chrf-beta", default_value_t = 2)]
    pub chrf_beta: u32,
    /// Keep whitespace in chrF character n-grams.
    #[arg(long = "chrf-whitespace")]
    pub chrf_whitespace: bool,
    /// Lowercase for chrF.
    #[arg(long = "chrf-lowercase")]
    pub chrf_lowercase: bool,
    /// chrF epsilon smoothing.
    #[arg(long = "chrf-eps-smoothing")]
    pub chrf_eps_smoothing: bool,
    /// TER: case-sensitive.
    #[arg(long = "ter-case-sensitive")]
    pub ter_case_sensitive: bool,
    /// TER: normalise and tokenize punctuation.
    #[arg(long = "ter-normalized")]
    pub ter_normalized: bool,
    /// TER: remove punctuation.
    #[arg(long = "ter-no-punct")]
    pub ter_no_punct: bool,
    /// TER: special treatment of CJK characters.
    #[arg(long = "ter-asian-support")]
    pub ter_asian_support: bool,
}

impl GateMetricArgs {
    /// The metric configurations for `keys` (score's translation of the options, reused).
    pub fn specs(&self, keys: &[String]) -> Result<Vec<(String, MetricSpec)>, mtmeter::Error> {
        let score = ScoreArgs {
            input: InputArgs {
                refs: Vec::new(),
                input: Vec::new(),
                corpus: None,
                source: None,
                strip_bom: false,
                threads: None,
            },
            metrics: keys.to_vec(),
            tokenize: self.tokenize.clone(),
            language_pair: self.language_pair.clone(),
            lowercase: self.lowercase,
            smooth_method: self.smooth_method.clone(),
            smooth_value: self.smooth_value,
            max_ngram_order: self.max_ngram_order,
            effective_order: self.effective_order,
            chrf_char_order: self.chrf_char_order,
            chrf_word_order: self.chrf_word_order,
            chrf_beta: self.chrf_beta,
            chrf_whitespace: self.chrf_whitespace,
            chrf_lowercase: self.chrf_lowercase,
            chrf_eps_smoothing: self.chrf_eps_smoothing,
            ter_case_sensitive: self.ter_case_sensitive,
            ter_normalized: self.ter_normalized,
            ter_no_punct: self.ter_no_punct,
            ter_asian_support: self.ter_asian_support,
            confidence: false,
            confidence_n: 0,
            paired_bs: false,
            paired_bs_n: 0,
            paired_ar: false,
            paired_ar_n: 0,
            seed: None,
            statistics: false,
            format: None,
            sentence_level: false,
            width: 1,
            short: false,
        };
        score.metric_specs()
    }
}

/// Arguments of `mtmeter baseline`.
#[derive(Debug, Args)]
#[command(
    after_help = "Writes schema mtmeter.baseline/1 (gzip when FILE ends in .gz); commit it next to the model and run `mtmeter check --baseline FILE` in CI.\n\nExamples:\n  mtmeter baseline --corpus corpora/wmt22.en-de --system Online-B --out baseline.json.gz\n  mtmeter baseline ref.de -i model-v1.de -m bleu chrf ter --out baseline.json"
)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub input: GateInputArgs,
    #[command(flatten)]
    pub metric: GateMetricArgs,
    /// Where to write the baseline (`.gz`: compressed).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: PathBuf,
    /// Test set name recorded in the baseline (default: the folder or first reference's name).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// Run `mtmeter baseline`.
pub fn run_baseline(args: &BaselineArgs) -> Result<ExitCode, mtmeter::Error> {
    let keys = if args.metric.metrics.is_empty() {
        vec!["bleu".to_owned(), "chrf".to_owned(), "ter".to_owned()]
    } else {
        args.metric.metrics.clone()
    };
    let specs = args.metric.specs(&keys)?;
    let corpus = args.input.load()?;
    let results: Vec<_> = specs
        .iter()
        .map(|(key, spec)| run_metric(key, spec, &corpus, false))
        .collect();
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| args.input.test_set_name());
    let baseline = Baseline::from_results(&name, &corpus, 0, &results)?;
    baseline.write(&args.out)?;
    let scores: Vec<String> = baseline
        .metrics
        .iter()
        .map(|m| format!("{} {:.2}", m.name, m.score))
        .collect();
    eprintln!(
        "mtmeter: baseline of {} on {} ({} segments; {}) written to {}",
        baseline.system.name,
        name,
        corpus.len(),
        scores.join(", "),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `GateError` as the binary's error.
pub fn gate_error(e: GateError) -> mtmeter::Error {
    mtmeter::Error::Gate(e)
}
