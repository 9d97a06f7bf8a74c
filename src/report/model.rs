//! The model of `mtmeter evaluate`'s report: everything `report.json`, `index.html`,
//! `summary.md` and the charts show, derived once from an [`Evaluation`] and the corpus text.
//! Renderers read it and compute nothing.
//!
//! What is derived here, and how:
//! - **Δ vs baseline**: candidate score − baseline score, in the metric's own direction (a TER
//!   rise is a positive Δ and a loss); `quality_delta` is the Δ signed so that positive is
//!   better for every metric.
//! - **95 % interval of Δ**: the percentile interval of the paired bootstrap's resampled
//!   differences ([`crate::significance::pairwise_bootstrap`]).
//! - **Agreement with humans** of a Δ: Kocmi et al. 2024 ([`crate::metrics::calibration`]);
//!   none for TER.
//! - **Clusters**: systems sorted best first; a new cluster starts at the first system that is
//!   significantly different (paired bootstrap, p < 0.05) from the best system of the current
//!   cluster, so each cluster holds systems that its leader does not beat significantly.
//! - **Segment explorer**: segments ordered by |Δ| between the baseline and the best other
//!   system on that segment (sentence chrF, else the first metric), largest first; at most
//!   [`ReportOptions::explorer_cap`] in the HTML, every segment in `report.json`.
//!
//! Everything `mtmeter evaluate` writes, from the library alone:
//! ```
//! use mtmeter::corpus::{CorpusDir, Loader};
//! use mtmeter::evaluation::{
//!     AnalysisRequest, BreakdownRequest, Request, SignificanceRequest, SignificanceTest, evaluate,
//! };
//! use mtmeter::report::model::{ReportModel, ReportOptions};
//! use mtmeter::report::{charts, html, json, markdown};
//!
//! let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/demo");
//! let corpus = CorpusDir { path: demo.into() }.load(&Default::default()).unwrap();
//! let request = Request {
//!     metrics: vec!["bleu".into(), "chrf".into(), "ter".into()],
//!     sentence_level: true,
//!     significance: Some(SignificanceRequest::new(SignificanceTest::PairedBootstrap)),
//!     pairwise: true,
//!     analysis: Some(AnalysisRequest {
//!         breakdowns: Some(BreakdownRequest::default()),
//!         ..AnalysisRequest::default()
//!     }),
//!     ..Request::default()
//! };
//! let e = evaluate(&corpus, &request).unwrap();
//! let model = ReportModel::build(&e, &corpus, &ReportOptions::default());
//! let drawn = charts::report_charts(&model).unwrap();
//! let svgs: Vec<html::ChartSvg> = drawn
//!     .iter()
//!     .map(|c| html::ChartSvg {
//!         name: c.name.clone(),
//!         title: c.title.clone(),
//!         svg: c.svg.clone(),
//!         png_path: format!("charts/{}.png", c.name),
//!     })
//!     .collect();
//! let page = html::render(&model, &svgs);
//! let report_json = json::render_report(&model);
//! let summary = markdown::render_summary(&model);
//! assert!(page.contains("neural-c") && summary.contains("neural-a (baseline)"));
//! assert!(report_json.starts_with(r#"{"schema":"mtmeter.report/1""#));
//! // neural-a and neural-c are not significantly different on BLEU: one cluster.
//! assert_eq!(model.metrics[0].clusters[0], vec![0, 2]);
//! ```

use serde::{Deserialize, Serialize};

use crate::analysis::breakdown::Breakdown;
use crate::analysis::{Category, SegmentAnalysis};
use crate::corpus::{Corpus, TextFile};
use crate::evaluation::{Evaluation, MetricEvaluation, SignificanceSummary, Warning};
use crate::gate::Baseline;
use crate::metrics::calibration::human_agreement;
use crate::metrics::signature::VERSION_FIELD;
use crate::tokenize::text::py_split;
use crate::tokenize::{Tokenizer, TokenizerKind};

/// The report's schema name, in `report.json`.
pub const SCHEMA: &str = "mtmeter.report/1";

/// Significance level of every mark in the report.
pub const ALPHA: f64 = 0.05;

/// Choices that are not in the evaluation itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// The test set's name (the corpus folder's name).
    pub test_set: String,
    /// Language pair, if known (`it-fr`).
    pub language_pair: Option<String>,
    /// When the report was made (RFC 3339, UTC); passed in so that tests are deterministic.
    pub generated: String,
    /// At most this many segments in the HTML explorer (all are in `report.json`).
    pub explorer_cap: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self {
            test_set: "test set".into(),
            language_pair: None,
            generated: String::new(),
            explorer_cap: 500,
        }
    }
}

/// A text of the test set: its name, where it was read from, its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// Name (file stem).
    pub name: String,
    /// Where it was read from.
    pub path: String,
    /// SHA-256 of the segments, each followed by a newline ([`TextFile::sha256`]).
    pub sha256: String,
}

impl FileDigest {
    fn of(f: &TextFile) -> Self {
        Self {
            name: f.name.clone(),
            path: f.path.clone(),
            sha256: f.sha256(),
        }
    }
}

/// What was evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestSet {
    /// Name.
    pub name: String,
    /// Language pair, if known.
    pub language_pair: Option<String>,
    /// Segments.
    pub segments: usize,
    /// Source text, if given.
    pub source: Option<FileDigest>,
    /// References.
    pub references: Vec<FileDigest>,
}

impl TestSet {
    /// Source and target language codes from [`TestSet::language_pair`] (`it-fr` → `it`,
    /// `fr`), for the HTML `lang` attributes; `None` where unknown. Only plain tags (letters,
    /// digits) are returned, so that a free-form pair never becomes a bogus language tag.
    pub fn languages(&self) -> (Option<&str>, Option<&str>) {
        fn tag(t: &str) -> Option<&str> {
            (!t.is_empty() && t.len() <= 8 && t.chars().all(|c| c.is_ascii_alphanumeric()))
                .then_some(t)
        }
        let Some((src, tgt)) = self
            .language_pair
            .as_deref()
            .and_then(|p| p.split_once('-'))
        else {
            return (None, None);
        };
        (tag(src), tag(tgt))
    }
}

/// One metric's result for one system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemScore {
    /// Corpus score.
    pub score: f64,
    /// Bootstrap 95 % interval `(mean − half-width, mean + half-width)`, sacreBLEU's `μ ± ci`.
    pub ci: Option<(f64, f64)>,
    /// Δ vs the baseline (`None` for the baseline).
    pub delta: Option<f64>,
    /// Δ signed so that positive means better.
    pub quality_delta: Option<f64>,
    /// 95 % interval of Δ from the paired bootstrap.
    pub delta_ci: Option<(f64, f64)>,
    /// Paired p-value against the baseline.
    pub p_value: Option<f64>,
    /// Whether `p_value < 0.05`.
    pub significant: bool,
    /// Estimated agreement with human judgement of Δ, in percent (Kocmi et al. 2024).
    pub agreement: Option<f64>,
}

/// One metric on every system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricReport {
    /// Requested name (`bleu`, `chrf`, `ter`).
    pub key: String,
    /// sacreBLEU's score name (`BLEU`, `chrF2`, `TER`).
    pub name: String,
    /// Whether higher is better.
    pub higher_is_better: bool,
    /// Corpus signature, with the significance fields.
    pub signature: String,
    /// Sentence-score signature.
    pub sentence_signature: String,
    /// Per system, in corpus order.
    pub systems: Vec<SystemScore>,
    /// `[i][j]`: paired-bootstrap p-value of systems `i` and `j`.
    pub pairwise: Option<Vec<Vec<Option<f64>>>>,
    /// Clusters of systems, best first (system indices).
    pub clusters: Vec<Vec<usize>>,
}

/// The five Hjerson categories as rates per system, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ErrorRates {
    /// Missing words, over reference words.
    pub missing: f64,
    /// Extra words, over hypothesis words.
    pub extra: f64,
    /// Lexical errors, over hypothesis words.
    pub lexical: f64,
    /// Reordered words, over hypothesis words.
    pub reordering: f64,
    /// Inflection errors, over hypothesis words.
    pub inflection: f64,
}

impl ErrorRates {
    /// The rates in the order of [`Category`]'s error kinds as charts show them.
    pub fn as_array(&self) -> [f64; 5] {
        [
            self.missing,
            self.extra,
            self.lexical,
            self.reordering,
            self.inflection,
        ]
    }

    /// Names matching [`Self::as_array`].
    pub const NAMES: [&'static str; 5] =
        ["missing", "extra", "lexical", "reordering", "inflection"];
}

/// A word with its error category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledWord {
    /// The token.
    pub word: String,
    /// Its category.
    pub label: Category,
}

/// One system's output for one segment, in the explorer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentOutput {
    /// The output as read.
    pub text: String,
    /// Sentence scores, one per metric (in metric order).
    pub scores: Vec<f64>,
    /// Tokens with Hjerson labels (empty without analysis).
    pub words: Vec<LabelledWord>,
    /// Index of the reference Hjerson compared with.
    pub reference: Option<usize>,
    /// That reference's tokens with labels.
    pub reference_words: Vec<LabelledWord>,
}

/// One segment of the explorer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplorerSegment {
    /// 0-based segment index (line = index + 1).
    pub index: usize,
    /// Source text, if given.
    pub source: Option<String>,
    /// Reference texts.
    pub references: Vec<String>,
    /// One per system, in corpus order.
    pub outputs: Vec<SegmentOutput>,
    /// Δ between the best other system and the baseline on this segment (ordering key).
    pub delta: f64,
    /// The best other system on this segment.
    pub best_other: Option<usize>,
}

/// Per-segment results of one system, for `report.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentScores {
    /// Sentence scores per metric (metric order).
    pub scores: Vec<f64>,
    /// Hjerson's analysis (labels and counts), if run.
    pub analysis: Option<SegmentAnalysis>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportModel {
    /// [`SCHEMA`].
    pub schema: String,
    /// `mtmeter-<version>`.
    pub mtmeter: String,
    /// When it was made.
    pub generated: String,
    /// What was evaluated.
    pub test_set: TestSet,
    /// The systems.
    pub systems: Vec<FileDigest>,
    /// Index of the baseline.
    pub baseline: usize,
    /// The significance test behind p-values and intervals.
    pub significance: Option<SignificanceSummary>,
    /// Per metric.
    pub metrics: Vec<MetricReport>,
    /// Hjerson rates per system, if analysed.
    pub error_rates: Option<Vec<ErrorRates>>,
    /// Hjerson's signature (tokenizer, base forms, normalization), if analysed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_rates_signature: Option<String>,
    /// compare-mt breakdowns, if computed.
    pub breakdown: Option<Breakdown>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Per system, per segment (all segments).
    pub segments: Vec<Vec<SegmentScores>>,
    /// Segment order of the explorer (all segments, most interesting first).
    pub explorer_order: Vec<usize>,
    /// Segments shown in the HTML explorer (the first `explorer_cap` of `explorer_order`);
    /// not in `report.json`, which has every segment in `segments`.
    #[serde(skip_serializing, default)]
    pub explorer: Vec<ExplorerSegment>,
    /// The cap on the HTML explorer.
    pub explorer_cap: usize,
    /// The baseline system's per-segment statistics, signatures and hashes: what
    /// `mtmeter check --baseline report.json` compares a candidate with.
    pub gate_baseline: Option<Baseline>,
}

fn sentence(m: &MetricEvaluation, s: usize) -> &[f64] {
    m.result.systems[s].sentence.as_deref().unwrap_or(&[])
}

impl ReportModel {
    /// Build the report of `e`, computed on `corpus` (the same corpus, for its text).
    pub fn build(e: &Evaluation, corpus: &Corpus, options: &ReportOptions) -> Self {
        let metrics: Vec<MetricReport> = e.metrics.iter().map(|m| metric_report(e, m)).collect();
        let error_rates = e.analysis.as_ref().map(|a| {
            a.systems
                .iter()
                .map(|s| {
                    let r = &s.totals.rates;
                    ErrorRates {
                        missing: r.missing,
                        extra: r.extra,
                        lexical: r.hypothesis_lexical,
                        reordering: r.hypothesis_reordering,
                        inflection: r.hypothesis_inflection,
                    }
                })
                .collect()
        });
        let segments: Vec<Vec<SegmentScores>> = (0..e.systems.len())
            .map(|s| {
                (0..e.segments)
                    .map(|i| SegmentScores {
                        scores: e
                            .metrics
                            .iter()
                            .filter_map(|m| sentence(m, s).get(i).copied())
                            .collect(),
                        analysis: e
                            .analysis
                            .as_ref()
                            .map(|a| a.systems[s].segments[i].clone()),
                    })
                    .collect()
            })
            .collect();
        let (explorer_order, deltas) = explorer_order(e);
        // The analysis's tokenizer, built once: the explorer labels its tokens.
        let tokenizer = e
            .analysis
            .as_ref()
            .and_then(|a| a.signature.tokenizer.parse::<TokenizerKind>().ok())
            .map(TokenizerKind::build);
        let explorer = explorer_order
            .iter()
            .take(options.explorer_cap)
            .map(|&i| explorer_segment(e, corpus, tokenizer.as_deref(), i, deltas[i]))
            .collect();
        Self {
            schema: SCHEMA.into(),
            mtmeter: VERSION_FIELD.into(),
            generated: options.generated.clone(),
            test_set: TestSet {
                name: options.test_set.clone(),
                language_pair: options.language_pair.clone(),
                segments: e.segments,
                source: corpus.source.as_ref().map(FileDigest::of),
                references: corpus.references.iter().map(FileDigest::of).collect(),
            },
            systems: corpus.systems.iter().map(FileDigest::of).collect(),
            baseline: e.baseline,
            significance: e.significance.clone(),
            metrics,
            error_rates,
            error_rates_signature: e.analysis.as_ref().map(|a| a.signature.signature.clone()),
            breakdown: e.breakdown.clone(),
            warnings: e.warnings.iter().map(Warning::to_string).collect(),
            segments,
            explorer_order,
            explorer,
            explorer_cap: options.explorer_cap,
            gate_baseline: (!e.metrics.is_empty())
                .then(|| {
                    let results: Vec<_> = e.metrics.iter().map(|m| m.result.clone()).collect();
                    Baseline::from_results(&options.test_set, corpus, e.baseline, &results).ok()
                })
                .flatten(),
        }
    }

    /// The metric used to order the explorer and to draw the sentence-score distribution:
    /// chrF if computed at sentence level, else the first metric.
    pub fn sentence_metric(&self) -> Option<usize> {
        sentence_metric_of(self.metrics.iter().map(|m| m.key.as_str()))
    }
}

fn sentence_metric_of<'a>(keys: impl Iterator<Item = &'a str> + Clone) -> Option<usize> {
    keys.clone()
        .position(|k| k == "chrf")
        .or_else(|| keys.clone().next().map(|_| 0))
}

fn metric_report(e: &Evaluation, m: &MetricEvaluation) -> MetricReport {
    let b = e.baseline;
    let sign = if m.higher_is_better { 1.0 } else { -1.0 };
    let systems = (0..e.systems.len())
        .map(|s| {
            let sig = m.systems[s];
            let delta = (s != b).then(|| m.score(s) - m.score(b));
            let p_value = sig.p_value.value();
            SystemScore {
                score: m.score(s),
                ci: sig
                    .confidence
                    .map(|c| (c.mean - c.half_width, c.mean + c.half_width)),
                delta,
                quality_delta: delta.map(|d| d * sign),
                delta_ci: m.pairwise.as_ref().and_then(|p| p.delta_intervals[b][s]),
                p_value,
                significant: p_value.is_some_and(|p| p < ALPHA),
                agreement: delta.and_then(|d| human_agreement(&m.name, d)),
            }
        })
        .collect();
    let pairwise = m.pairwise.as_ref().map(|p| p.p_values.clone());
    MetricReport {
        key: m.key.clone(),
        name: m.name.clone(),
        higher_is_better: m.higher_is_better,
        signature: m.signature.format(false),
        sentence_signature: m.sentence_signature.format(false),
        systems,
        clusters: clusters(m, pairwise.as_deref()),
        pairwise,
    }
}

/// Systems best first, grouped while the group's leader does not beat them significantly.
fn clusters(m: &MetricEvaluation, pairwise: Option<&[Vec<Option<f64>>]>) -> Vec<Vec<usize>> {
    let n = m.result.systems.len();
    let mut order: Vec<usize> = (0..n).collect();
    let sign = if m.higher_is_better { -1.0 } else { 1.0 };
    order.sort_by(|&a, &b| (sign * m.score(a)).total_cmp(&(sign * m.score(b))));
    let Some(p) = pairwise else {
        return order.into_iter().map(|s| vec![s]).collect();
    };
    let mut out: Vec<Vec<usize>> = Vec::new();
    for s in order {
        match out.last_mut() {
            Some(c) if p[c[0]][s].is_none_or(|p| p >= ALPHA) => c.push(s),
            _ => out.push(vec![s]),
        }
    }
    out
}

/// Every segment, most interesting first, and each segment's Δ.
fn explorer_order(e: &Evaluation) -> (Vec<usize>, Vec<f64>) {
    let Some(mi) = sentence_metric_of(e.metrics.iter().map(|m| m.key.as_str())) else {
        return ((0..e.segments).collect(), vec![0.0; e.segments]);
    };
    let m = &e.metrics[mi];
    let sign = if m.higher_is_better { 1.0 } else { -1.0 };
    let b = e.baseline;
    let deltas: Vec<f64> = (0..e.segments)
        .map(|i| {
            let base = sentence(m, b).get(i).copied().unwrap_or(0.0);
            best_other(e, mi, i).map_or(0.0, |s| {
                sign * (sentence(m, s).get(i).copied().unwrap_or(0.0) - base)
            })
        })
        .collect();
    let mut order: Vec<usize> = (0..e.segments).collect();
    // Stable: equal |Δ| keep document order.
    order.sort_by(|&a, &b| deltas[b].abs().total_cmp(&deltas[a].abs()));
    (order, deltas)
}

/// The system other than the baseline with the best sentence score on segment `i`.
fn best_other(e: &Evaluation, mi: usize, i: usize) -> Option<usize> {
    let m = &e.metrics[mi];
    let sign = if m.higher_is_better { 1.0 } else { -1.0 };
    (0..e.systems.len())
        .filter(|&s| s != e.baseline)
        .filter_map(|s| sentence(m, s).get(i).map(|&v| (s, sign * v)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(s, _)| s)
}

fn labelled(tokenized: &str, labels: &[Category]) -> Vec<LabelledWord> {
    py_split(tokenized)
        .enumerate()
        .map(|(k, w)| LabelledWord {
            word: w.to_owned(),
            label: labels.get(k).copied().unwrap_or(Category::Correct),
        })
        .collect()
}

fn explorer_segment(
    e: &Evaluation,
    corpus: &Corpus,
    tokenizer: Option<&dyn Tokenizer>,
    i: usize,
    delta: f64,
) -> ExplorerSegment {
    let outputs = corpus
        .systems
        .iter()
        .enumerate()
        .map(|(s, sys)| {
            let text = sys.line(i).to_owned();
            let analysis = e.analysis.as_ref().map(|a| &a.systems[s].segments[i]);
            let (words, reference, reference_words) = match (analysis, tokenizer) {
                (Some(a), Some(t)) => {
                    let hyp = t.tokenize(Corpus::metric_view(sys, i));
                    let r = a
                        .reference
                        .unwrap_or(corpus.references.len().saturating_sub(1));
                    let reference_words = corpus.references.get(r).map_or_else(Vec::new, |rf| {
                        labelled(&t.tokenize(Corpus::metric_view(rf, i)), &a.reference_labels)
                    });
                    (
                        labelled(&hyp, &a.hypothesis_labels),
                        a.reference,
                        reference_words,
                    )
                }
                _ => (Vec::new(), None, Vec::new()),
            };
            SegmentOutput {
                text,
                scores: e
                    .metrics
                    .iter()
                    .filter_map(|m| sentence(m, s).get(i).copied())
                    .collect(),
                words,
                reference,
                reference_words,
            }
        })
        .collect();
    ExplorerSegment {
        index: i,
        source: corpus.source.as_ref().map(|s| s.line(i).to_owned()),
        references: corpus
            .references
            .iter()
            .map(|r| r.line(i).to_owned())
            .collect(),
        outputs,
        delta,
        best_other: sentence_metric_of(e.metrics.iter().map(|m| m.key.as_str()))
            .and_then(|mi| best_other(e, mi, i)),
    }
}
