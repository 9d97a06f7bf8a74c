//! The library's one entry point: a [`Request`] (metrics, sentence scores, significance,
//! analysis) and a loaded [`Corpus`] in, one [`Evaluation`] out.
//!
//! `mtmeter score`, `analyze`, `evaluate` and `check` all call [`evaluate`]; they differ only
//! in what they ask for and which renderer in [`crate::report`] they choose. Nothing here
//! prints: warnings come back as data ([`Warning`]) for the caller to show.
//!
//! ```
//! use mtmeter::corpus::{Corpus, TextFile};
//! use mtmeter::evaluation::{Request, SignificanceRequest, SignificanceTest, evaluate};
//!
//! let file = |name: &str, lines: &[&str]| TextFile::new(name, format!("{name}.fr"), lines.iter().copied());
//! let refs = ["Le chat dort sur le tapis.", "Il pleut depuis ce matin.", "Nous partons demain."];
//! let corpus = Corpus {
//!     references: vec![file("ref", &refs)],
//!     systems: vec![
//!         file("baseline", &["Le chat dort sur un tapis.", "Il pleut ce matin.", "Nous partons demain."]),
//!         file("candidate", &["Le chat dort sur le tapis.", "Il pleut depuis ce matin.", "On part demain."]),
//!     ],
//!     ..Corpus::default()
//! }
//! .validated()
//! .unwrap();
//!
//! let request = Request {
//!     metrics: vec!["bleu".into(), "chrf".into()],
//!     significance: Some(SignificanceRequest::new(SignificanceTest::PairedBootstrap)),
//!     ..Request::default()
//! };
//! let result = evaluate(&corpus, &request).unwrap();
//! let bleu = &result.metrics[0];
//! assert_eq!(bleu.name, "BLEU");
//! assert_eq!(result.baseline, 0);
//! // sacreBLEU's paired bootstrap: the candidate has a p-value, the baseline does not.
//! assert!(bleu.systems[1].p_value.value().is_some());
//! assert!(bleu.systems[0].p_value.is_baseline());
//! assert!(bleu.signature.format(false).starts_with("nrefs:1|bs:1000|seed:12345|"));
//! ```

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::breakdown::{self, Breakdown, BreakdownConfig};
use crate::analysis::{AnalysisReport, HjersonConfig, Lemmas, analyze_corpus};
use crate::corpus::{Corpus, TextFile, looks_cjk};
use crate::error::Error;
use crate::metrics::{External, MetricOptions, MetricSpec, Signature};
use crate::scoring::{MetricResult, NoProgress, Progress, run_metric_observed};
use crate::significance::{
    Confidence, PairedDraws, PairedOptions, PairedTestKind, PairwiseBootstrap, Seed,
    SignificanceError, confidence_intervals, paired_test_with, pairwise_bootstrap,
};
use crate::tokenize::TokenizerKind;

/// Which significance test or interval to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignificanceTest {
    /// Paired bootstrap resampling against the baseline (sacreBLEU `--paired-bs`).
    #[serde(rename = "paired-bs")]
    PairedBootstrap,
    /// Paired approximate randomization against the baseline (sacreBLEU `--paired-ar`).
    #[serde(rename = "paired-ar")]
    PairedApproximateRandomization,
    /// A bootstrap confidence interval for every system (sacreBLEU `--confidence`).
    #[serde(rename = "confidence")]
    Confidence,
}

impl SignificanceTest {
    /// The name used in JSON and reports: `paired-bs`, `paired-ar`, `confidence`.
    pub fn name(self) -> &'static str {
        match self {
            Self::PairedBootstrap => "paired-bs",
            Self::PairedApproximateRandomization => "paired-ar",
            Self::Confidence => "confidence",
        }
    }

    fn paired_kind(self) -> Option<PairedTestKind> {
        match self {
            Self::PairedBootstrap => Some(PairedTestKind::Bootstrap),
            Self::PairedApproximateRandomization => Some(PairedTestKind::ApproximateRandomization),
            Self::Confidence => None,
        }
    }
}

/// A significance test or interval to compute, with sacreBLEU's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignificanceRequest {
    /// The test.
    pub test: SignificanceTest,
    /// Resamples or trials; `None` = sacreBLEU's default (1000 resamples, 10000 AR trials).
    pub samples: Option<usize>,
    /// Bootstrap resamples for confidence intervals alongside approximate randomization
    /// (sacreBLEU's `n_ar_confidence`); `None` = no intervals.
    pub ar_confidence: Option<usize>,
    /// The seed; `None` = `SACREBLEU_SEED`, else 12345.
    pub seed: Option<Seed>,
}

impl SignificanceRequest {
    /// `test` with sacreBLEU's defaults.
    pub fn new(test: SignificanceTest) -> Self {
        Self {
            test,
            samples: None,
            ar_confidence: None,
            seed: None,
        }
    }

    fn samples(&self) -> usize {
        self.samples.unwrap_or(match self.test {
            SignificanceTest::PairedApproximateRandomization => 10000,
            _ => 1000,
        })
    }
}

/// Hjerson error analysis and compare-mt breakdowns to run beside the metrics.
#[derive(Debug, Clone, Default)]
pub struct AnalysisRequest {
    /// Hjerson's tokenizer and base forms.
    pub hjerson: HjersonConfig,
    /// Lemma files, for base forms from an external tagger.
    pub lemmas: Option<Lemmas>,
    /// compare-mt-style breakdowns, if wanted.
    pub breakdowns: Option<BreakdownRequest>,
}

/// compare-mt-style breakdowns.
#[derive(Debug, Clone, Default)]
pub struct BreakdownRequest {
    /// Buckets and counts.
    pub config: BreakdownConfig,
    /// Target-side training data whose word frequencies define the frequency buckets.
    pub training: Option<TextFile>,
}

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Metric names as the registry knows them (`bleu`, `chrf`, `chrf++`, `ter`), in the order
    /// they are reported; duplicates are dropped.
    pub metrics: Vec<String>,
    /// sacreBLEU's metric options.
    pub metric_options: MetricOptions,
    /// Segment scores computed by other tools (COMET, MetricX, …), reported after
    /// [`Self::metrics`] under their own names, with the same significance tests.
    pub external: Vec<External>,
    /// Also score every segment.
    pub sentence_level: bool,
    /// The significance test or interval, if any.
    pub significance: Option<SignificanceRequest>,
    /// The baseline system's name; `None` = the first system.
    pub baseline: Option<String>,
    /// p-values of every pair of systems (paired bootstrap), not only against the baseline.
    pub pairwise: bool,
    /// Error analysis, if any.
    pub analysis: Option<AnalysisRequest>,
}

/// A request the test set cannot satisfy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// `baseline` names no system of the test set.
    #[error("no system is named '{name}' (systems: {systems})")]
    UnknownBaseline {
        /// The name asked for.
        name: String,
        /// The systems there are, comma-separated.
        systems: String,
    },
    /// Nothing to compute.
    #[error("no metric requested")]
    NoMetric,
    /// Statistics handed to [`evaluate_statistics`] that do not fit the request or test set.
    #[error("statistics do not fit the request: {0}")]
    Statistics(String),
}

/// Something the user should know that does not stop the evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// The references look Chinese or Japanese but BLEU or the analysis splits words on
    /// spaces (13a), which gives meaningless numbers for such text.
    CjkWithWordTokenizer {
        /// The reference that looks CJK.
        path: String,
        /// What uses the tokenizer (`BLEU`, `error analysis`).
        used_by: String,
    },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::CjkWithWordTokenizer { path, used_by } => write!(
                f,
                "{path} looks like Chinese or Japanese text (no spaces between words) but {used_by} uses the 13a tokenizer; choose the zh or char tokenizer, or give the language pair (xx-zh)"
            ),
        }
    }
}

/// A p-value against the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "Option<f64>", into = "Option<f64>")]
pub enum PValue {
    /// No paired test was run.
    #[default]
    NotTested,
    /// This system is the baseline (JSON `null`).
    Baseline,
    /// The p-value.
    Value(f64),
}

impl PValue {
    /// The p-value, if there is one.
    pub fn value(self) -> Option<f64> {
        match self {
            PValue::Value(p) => Some(p),
            _ => None,
        }
    }
    /// Whether this is the baseline of a paired test.
    pub fn is_baseline(self) -> bool {
        self == PValue::Baseline
    }
    /// Whether no paired test was run (JSON leaves the field out).
    pub fn is_not_tested(&self) -> bool {
        *self == PValue::NotTested
    }
}

impl From<Option<f64>> for PValue {
    fn from(p: Option<f64>) -> Self {
        p.map_or(PValue::Baseline, PValue::Value)
    }
}

impl From<PValue> for Option<f64> {
    fn from(p: PValue) -> Self {
        p.value()
    }
}

/// One metric's significance outcome for one system.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SystemSignificance {
    /// p-value against the baseline.
    pub p_value: PValue,
    /// Bootstrap mean and 95 % half-width, where computed.
    pub confidence: Option<Confidence>,
}

/// One metric on every system.
#[derive(Debug, Clone)]
pub struct MetricEvaluation {
    /// The name it was requested by (`bleu`, `chrf`, `chrf++`, `ter`).
    pub key: String,
    /// sacreBLEU's name for the score (`BLEU`, `chrF2`, `chrF2++`, `TER`).
    pub name: String,
    /// Whether higher is better (false for TER).
    pub higher_is_better: bool,
    /// The corpus signature, with the significance fields (`bs`, `ar`, `seed`) when a test ran.
    pub signature: Signature,
    /// The signature of sentence scores.
    pub sentence_signature: Signature,
    /// Scores, details and every segment's statistics of every system.
    pub result: MetricResult,
    /// Per system (corpus order): p-value and confidence interval.
    pub systems: Vec<SystemSignificance>,
    /// With [`Request::pairwise`]: every pair of systems compared by paired bootstrap.
    pub pairwise: Option<PairwiseBootstrap>,
}

impl MetricEvaluation {
    /// Corpus score of system `s`.
    pub fn score(&self, s: usize) -> f64 {
        self.result.systems[s].score
    }
}

/// The significance test that ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignificanceSummary {
    /// The test.
    pub test: SignificanceTest,
    /// Resamples (bootstrap) or trials (approximate randomization).
    pub samples: usize,
    /// The seed, as in signatures (`12345`, `none`).
    pub seed: String,
    /// Bootstrap resamples behind the confidence intervals, if any.
    pub confidence_samples: Option<usize>,
}

/// A text of the test set, as reports describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    /// Name (file stem).
    pub name: String,
    /// Where it was read from.
    pub path: String,
}

impl FileInfo {
    fn of(f: &TextFile) -> Self {
        Self {
            name: f.name.clone(),
            path: f.path.clone(),
        }
    }
}

/// A test set as results describe it: its size and its texts' names and paths, no text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestSetInfo {
    /// Segments in the test set.
    pub segments: usize,
    /// The source text, if given.
    pub source: Option<FileInfo>,
    /// The references.
    pub references: Vec<FileInfo>,
    /// The systems, in corpus order.
    pub systems: Vec<FileInfo>,
}

impl TestSetInfo {
    /// The description of `corpus`.
    pub fn of(corpus: &Corpus) -> Self {
        Self {
            segments: corpus.len(),
            source: corpus.source.as_ref().map(FileInfo::of),
            references: corpus.references.iter().map(FileInfo::of).collect(),
            systems: corpus.systems.iter().map(FileInfo::of).collect(),
        }
    }
}

/// Everything computed for one request: the one result model every renderer reads.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Segments in the test set.
    pub segments: usize,
    /// The source text, if given.
    pub source: Option<FileInfo>,
    /// The references.
    pub references: Vec<FileInfo>,
    /// The systems, in corpus order.
    pub systems: Vec<FileInfo>,
    /// Index of the baseline system.
    pub baseline: usize,
    /// One entry per requested metric, in request order.
    pub metrics: Vec<MetricEvaluation>,
    /// The significance test that ran, if any.
    pub significance: Option<SignificanceSummary>,
    /// Hjerson error analysis, if requested.
    pub analysis: Option<AnalysisReport>,
    /// compare-mt breakdowns, if requested.
    pub breakdown: Option<Breakdown>,
    /// Warnings for the user.
    pub warnings: Vec<Warning>,
}

/// Run `request` on `corpus`.
pub fn evaluate(corpus: &Corpus, request: &Request) -> Result<Evaluation, Error> {
    evaluate_observed(corpus, request, &NoProgress)
}

/// [`evaluate`], reporting one unit of progress per system scored with one metric.
pub fn evaluate_observed(
    corpus: &Corpus,
    request: &Request,
    progress: &dyn Progress,
) -> Result<Evaluation, Error> {
    let names: Vec<&str> = corpus.systems.iter().map(|s| s.name.as_str()).collect();
    let plan = Plan::new(request, &names)?;
    // Segments too long for a metric are refused before anything is scored.
    for (_, spec) in &plan.specs {
        spec.check_lengths(corpus)?;
    }
    if let Some(a) = &request.analysis {
        crate::analysis::check_lengths(corpus, &a.hjerson)?;
    }
    // Scores from other tools must cover every system and segment.
    for e in &request.external {
        e.check_systems(&names, corpus.len())?;
    }
    let warnings = cjk_warnings(corpus, request);

    // A paired test's random draws depend on no score: they are made while the metrics score.
    let analysis = || -> Result<_, Error> {
        let Some(a) = &request.analysis else {
            return Ok((None, None));
        };
        let (report, breakdown) = rayon::join(
            || analyze_corpus(corpus, &a.hjerson, a.lemmas.as_ref()),
            || {
                a.breakdowns
                    .as_ref()
                    .map(|b| breakdown::analyze(corpus, &b.config, b.training.as_ref()))
                    .transpose()
            },
        );
        Ok((Some(report?), breakdown?))
    };
    let ((results, draws), analysed) = rayon::join(
        || {
            rayon::join(
                || -> Vec<MetricResult> {
                    plan.specs
                        .iter()
                        .map(|(key, spec)| {
                            run_metric_observed(key, spec, corpus, request.sentence_level, progress)
                        })
                        .collect()
                },
                || plan.draws(corpus.len(), corpus.systems.len()),
            )
        },
        analysis,
    );
    let draws = draws?;
    let (analysis, breakdown) = analysed?;
    let mut evaluation = finish(plan, TestSetInfo::of(corpus), results, draws, request)?;
    evaluation.analysis = analysis;
    evaluation.breakdown = breakdown;
    evaluation.warnings = warnings;
    Ok(evaluation)
}

/// [`evaluate`] on statistics computed elsewhere (merged shards of a test set): the same
/// significance tests, the same random draws and so the same numbers as if the text had been
/// scored here. `results` hold one [`MetricResult`] per requested metric in request order,
/// systems in `set`'s order, with sentence scores if `request.sentence_level`. Error analysis
/// needs the text, so `request.analysis` is refused.
pub fn evaluate_statistics(
    set: TestSetInfo,
    results: Vec<MetricResult>,
    warnings: Vec<Warning>,
    request: &Request,
) -> Result<Evaluation, Error> {
    let bad =
        |what: String| -> Result<Evaluation, Error> { Err(RequestError::Statistics(what).into()) };
    if request.analysis.is_some() {
        return bad("error analysis needs the text".into());
    }
    let names: Vec<&str> = set.systems.iter().map(|s| s.name.as_str()).collect();
    let plan = Plan::new(request, &names)?;
    let nrefs = set.references.len();
    if results.len() != plan.specs.len() {
        return bad(format!(
            "{} metrics requested, statistics of {} given",
            plan.specs.len(),
            results.len()
        ));
    }
    for ((key, spec), r) in plan.specs.iter().zip(&results) {
        let rows = set.segments * spec.row_width();
        // Normalized inputs add `unicode:` to the metric's own signature.
        let normalization = r.signature.get("unicode").and_then(|u| u.parse().ok());
        let signature = spec.signature(nrefs).with_normalization(normalization);
        if r.key != *key || r.signature != signature || r.row_width != spec.row_width() {
            return bad(format!("statistics of {} given for {key}", r.key));
        }
        if r.systems.len() != names.len() {
            return bad(format!(
                "{key}: statistics of {} systems for {}",
                r.systems.len(),
                names.len()
            ));
        }
        if let Some(s) = r
            .systems
            .iter()
            .find(|s| s.rows.len() != rows || s.sentence.is_some() != request.sentence_level)
        {
            return bad(format!(
                "{key}: {} statistics for {} segments of width {}{}",
                s.rows.len(),
                set.segments,
                spec.row_width(),
                if request.sentence_level {
                    ", sentence scores wanted"
                } else {
                    ""
                }
            ));
        }
    }
    let draws = plan.draws(set.segments, names.len())?;
    let mut evaluation = finish(plan, set, results, draws, request)?;
    evaluation.warnings = warnings;
    Ok(evaluation)
}

/// What a request asks of a test set with these systems, checked before any work is done.
struct Plan<'a> {
    /// The metrics, duplicates dropped, in request order.
    specs: Vec<(&'a str, MetricSpec)>,
    /// Index of the baseline system.
    baseline: usize,
    /// The paired test, if one was asked for.
    paired_options: Option<PairedOptions>,
}

impl<'a> Plan<'a> {
    fn new(request: &'a Request, systems: &[&str]) -> Result<Self, Error> {
        let mut keys: Vec<&str> = Vec::new();
        for k in &request.metrics {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
        if keys.is_empty() && request.external.is_empty() && request.analysis.is_none() {
            return Err(RequestError::NoMetric.into());
        }
        let mut specs: Vec<(&str, MetricSpec)> = keys
            .iter()
            .map(|&k| Ok((k, MetricSpec::from_name(k, &request.metric_options)?)))
            .collect::<Result<_, Error>>()?;
        for (i, e) in request.external.iter().enumerate() {
            let key = e.key();
            if request.external[..i].iter().any(|o| o.key() == key) {
                return Err(crate::metrics::ScoresError::Config(format!(
                    "scores named {key} are given twice"
                ))
                .into());
            }
            specs.push((key, MetricSpec::External(e.clone())));
        }
        let baseline = match &request.baseline {
            None => 0,
            Some(name) => index_of(systems, name)?,
        };
        let paired = request
            .significance
            .and_then(|s| s.test.paired_kind().map(|k| (s, k)));
        if paired.is_some() && systems.len() < 2 {
            return Err(SignificanceError::TooFewSystems.into());
        }
        let paired_options = paired.map(|(s, kind)| -> Result<_, SignificanceError> {
            let mut o = PairedOptions::new(kind);
            o.n_samples = s.samples;
            o.n_ar_confidence = s.ar_confidence;
            o.seed = Some(Seed::resolve(s.seed)?);
            Ok(o)
        });
        let paired_options = paired_options.transpose()?;
        Ok(Self {
            specs,
            baseline,
            paired_options,
        })
    }

    /// The paired test's random draws (they depend on no score).
    fn draws(
        &self,
        segments: usize,
        systems: usize,
    ) -> Result<Option<PairedDraws>, SignificanceError> {
        self.paired_options
            .as_ref()
            .map(|o| PairedDraws::new(o, segments, systems))
            .transpose()
    }
}

/// Significance on the scored `results` (one per metric, systems in corpus order); no
/// analysis, no warnings.
fn finish(
    plan: Plan<'_>,
    set: TestSetInfo,
    results: Vec<MetricResult>,
    draws: Option<PairedDraws>,
    request: &Request,
) -> Result<Evaluation, Error> {
    let Plan {
        specs,
        baseline,
        paired_options,
    } = plan;
    let nsys = set.systems.len();
    // Paired tests compare with system 0: the results are put in an order that starts with
    // the baseline for them (statistics do not depend on the order systems are scored in),
    // then back in corpus order.
    let order: Vec<usize> = std::iter::once(baseline)
        .chain((0..nsys).filter(|&s| s != baseline))
        .collect();

    let mut metrics: Vec<MetricEvaluation> = results
        .into_iter()
        .map(|mut result| {
            // `order` moves the baseline to the front and keeps the others in order.
            result.systems[..=baseline].rotate_right(1);
            result
        })
        .zip(&specs)
        .map(|(result, (key, spec))| MetricEvaluation {
            key: (*key).to_owned(),
            name: spec.display_name(),
            higher_is_better: spec.higher_is_better(),
            signature: result.signature.clone(),
            sentence_signature: result.sentence_signature.clone(),
            systems: vec![SystemSignificance::default(); nsys],
            pairwise: None,
            result,
        })
        .collect();

    let mut significance = None;
    if let (Some(opts), Some(draws)) = (&paired_options, &draws) {
        let seed = opts.seed.unwrap_or(Seed::DEFAULT);
        let pairs: Vec<(&MetricSpec, &MetricResult)> = specs
            .iter()
            .map(|(_, s)| s)
            .zip(metrics.iter().map(|m| &m.result))
            .collect();
        let outcomes = paired_test_with(&pairs, draws)?;
        for (m, per_system) in metrics.iter_mut().zip(outcomes) {
            m.signature = opts.signature(&m.result.signature, seed);
            for (sys, o) in m.systems.iter_mut().zip(per_system) {
                sys.p_value = o.p_value.into();
                sys.confidence = o
                    .mean
                    .zip(o.half_width)
                    .map(|(mean, half_width)| Confidence { mean, half_width });
            }
        }
        let kind = opts.kind;
        significance = Some(SignificanceSummary {
            test: match kind {
                PairedTestKind::Bootstrap => SignificanceTest::PairedBootstrap,
                PairedTestKind::ApproximateRandomization => {
                    SignificanceTest::PairedApproximateRandomization
                }
            },
            samples: opts.samples(),
            seed: seed.signature_value(),
            confidence_samples: match kind {
                PairedTestKind::Bootstrap => Some(opts.samples()),
                PairedTestKind::ApproximateRandomization => {
                    (opts.ar_confidence() > 0).then(|| opts.ar_confidence())
                }
            },
        });
    } else if let Some(s) = request
        .significance
        .filter(|s| s.test == SignificanceTest::Confidence)
    {
        let seed = Seed::resolve(s.seed)?;
        let n = s.samples();
        let intervals: Vec<Vec<Confidence>> = specs
            .par_iter()
            .zip(&metrics)
            .map(|((_, spec), m)| confidence_intervals(spec, &m.result, n, Some(seed)))
            .collect::<Result<_, _>>()?;
        for (m, intervals) in metrics.iter_mut().zip(intervals) {
            m.signature.insert_after_nrefs("bs", "bs", n.to_string());
            m.signature
                .insert_after_nrefs("seed", "rs", seed.signature_value());
            for (sys, c) in m.systems.iter_mut().zip(intervals) {
                sys.confidence = Some(c);
            }
        }
        significance = Some(SignificanceSummary {
            test: SignificanceTest::Confidence,
            samples: n,
            seed: seed.signature_value(),
            confidence_samples: Some(n),
        });
    }

    if request.pairwise && nsys >= 2 {
        let (n, seed) = match request.significance {
            Some(s) if s.test == SignificanceTest::PairedBootstrap => (s.samples(), s.seed),
            Some(s) => (1000, s.seed),
            None => (1000, None),
        };
        let matrices: Vec<_> = specs
            .par_iter()
            .zip(&metrics)
            .map(|((_, spec), m)| pairwise_bootstrap(spec, &m.result, n, seed))
            .collect::<Result<_, _>>()?;
        for (m, p) in metrics.iter_mut().zip(matrices) {
            m.pairwise = Some(p);
        }
    }

    // Back to corpus order.
    if baseline != 0 {
        let mut position = vec![0; order.len()];
        for (scored, &original) in order.iter().enumerate() {
            position[original] = scored;
        }
        for m in &mut metrics {
            m.systems = position.iter().map(|&p| m.systems[p]).collect();
            m.result.systems = position
                .iter()
                .map(|&p| m.result.systems[p].clone())
                .collect();
            if let Some(p) = &m.pairwise {
                m.pairwise = Some(PairwiseBootstrap {
                    p_values: position
                        .iter()
                        .map(|&i| position.iter().map(|&j| p.p_values[i][j]).collect())
                        .collect(),
                    delta_intervals: position
                        .iter()
                        .map(|&i| position.iter().map(|&j| p.delta_intervals[i][j]).collect())
                        .collect(),
                });
            }
        }
    }

    Ok(Evaluation {
        segments: set.segments,
        source: set.source,
        references: set.references,
        systems: set.systems,
        baseline,
        metrics,
        significance,
        analysis: None,
        breakdown: None,
        warnings: Vec::new(),
    })
}

/// The index of the system named `name`, or an error listing the systems there are.
pub fn system_index(corpus: &Corpus, name: &str) -> Result<usize, RequestError> {
    let names: Vec<&str> = corpus.systems.iter().map(|s| s.name.as_str()).collect();
    index_of(&names, name)
}

fn index_of(systems: &[&str], name: &str) -> Result<usize, RequestError> {
    systems
        .iter()
        .position(|&s| s == name)
        .ok_or_else(|| RequestError::UnknownBaseline {
            name: name.to_owned(),
            systems: systems.join(", "),
        })
}

pub(crate) fn cjk_warnings(corpus: &Corpus, request: &Request) -> Vec<Warning> {
    let Some(cjk) = corpus.references.iter().find(|r| looks_cjk(r)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let bleu_on_13a = request.metrics.iter().any(|m| m == "bleu")
        && request.metric_options.bleu_tokenizer().ok() == Some(TokenizerKind::V13a);
    if bleu_on_13a {
        out.push(Warning::CjkWithWordTokenizer {
            path: cjk.path.clone(),
            used_by: "BLEU".into(),
        });
    }
    if request
        .analysis
        .as_ref()
        .is_some_and(|a| a.hjerson.tokenize == TokenizerKind::V13a)
    {
        out.push(Warning::CjkWithWordTokenizer {
            path: cjk.path.clone(),
            used_by: "the error analysis".into(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let file = |name: &str, lines: &[&str]| {
            TextFile::new(name, format!("{name}.txt"), lines.iter().copied())
        };
        Corpus {
            references: vec![file(
                "ref",
                &["the cat sat on the mat", "a dog barked", "it rains"],
            )],
            systems: vec![
                file("a", &["the cat sat on a mat", "a dog barked", "it rains"]),
                file("b", &["a cat sat", "the dog barks", "rain"]),
                file("c", &["the cat sat on the mat", "dog", "it rains today"]),
            ],
            ..Corpus::default()
        }
        .validated()
        .unwrap()
    }

    /// Choosing another baseline is the same as putting it first: scores, p-values and
    /// pairwise p-values land on the same systems.
    #[test]
    fn baseline_by_name_equals_reordering_the_systems() {
        let c = corpus();
        let request = |baseline: Option<&str>| Request {
            metrics: vec!["bleu".into(), "chrf".into()],
            significance: Some(SignificanceRequest::new(SignificanceTest::PairedBootstrap)),
            baseline: baseline.map(Into::into),
            pairwise: true,
            ..Request::default()
        };
        let by_name = evaluate(&c, &request(Some("b"))).unwrap();
        let mut moved = c.clone();
        moved.systems.swap(0, 1);
        let first = evaluate(&moved, &request(None)).unwrap();
        assert_eq!(by_name.baseline, 1);
        for (m, n) in by_name.metrics.iter().zip(&first.metrics) {
            // system b is index 1 in `by_name` and 0 in `first`; a is 0 and 1.
            assert_eq!(m.score(1), n.score(0));
            assert_eq!(m.score(0), n.score(1));
            assert_eq!(m.systems[1], n.systems[0]);
            assert_eq!(m.systems[0], n.systems[1]);
            assert_eq!(m.systems[2], n.systems[2]);
            let (p, q) = (
                &m.pairwise.as_ref().unwrap().p_values,
                &n.pairwise.as_ref().unwrap().p_values,
            );
            assert_eq!(p[0][2], q[1][2]);
            assert_eq!(p[1][2], q[0][2]);
        }
    }

    #[test]
    fn unknown_baseline_is_refused_with_the_systems_there_are() {
        let e = evaluate(
            &corpus(),
            &Request {
                metrics: vec!["bleu".into()],
                baseline: Some("zz".into()),
                ..Request::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "no system is named 'zz' (systems: a, b, c)");
    }

    #[test]
    fn cjk_references_with_13a_bleu_are_warned_about() {
        let mut c = corpus();
        c.references = vec![TextFile::new(
            "ref",
            "ref.txt",
            ["我们明天出发。", "今天下雨了", "猫坐在垫子上"],
        )];
        let r = evaluate(
            &c,
            &Request {
                metrics: vec!["bleu".into()],
                ..Request::default()
            },
        )
        .unwrap();
        assert_eq!(r.warnings.len(), 1);
        let mut request = Request {
            metrics: vec!["bleu".into()],
            ..Request::default()
        };
        request.metric_options.tokenize = Some(TokenizerKind::Zh);
        assert!(evaluate(&c, &request).unwrap().warnings.is_empty());
    }

    #[test]
    fn pairwise_p_values_against_the_baseline_equal_the_paired_test() {
        let r = evaluate(
            &corpus(),
            &Request {
                metrics: vec!["bleu".into(), "chrf".into(), "ter".into()],
                significance: Some(SignificanceRequest::new(SignificanceTest::PairedBootstrap)),
                pairwise: true,
                ..Request::default()
            },
        )
        .unwrap();
        for m in &r.metrics {
            let pw = m.pairwise.as_ref().unwrap();
            let p = &pw.p_values;
            for (s, sys) in m.systems.iter().enumerate().skip(1) {
                assert_eq!(p[0][s], sys.p_value.value(), "{}", m.key);
                assert_eq!(p[s][0], p[0][s]);
                let (lo, hi) = pw.delta_intervals[0][s].unwrap();
                assert!(lo <= hi);
                assert_eq!(pw.delta_intervals[s][0], Some((-hi, -lo)));
            }
        }
    }
}
