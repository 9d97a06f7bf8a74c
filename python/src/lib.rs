//! `mtmeter._core`: the Rust side of the Python package. It turns Python strings into the
//! library's sufficient statistics and statistics into scores; everything shaped like
//! sacreBLEU's API (score objects, signatures, `PairedTest`) lives in the Python layer
//! (`python/mtmeter/`). Nothing here re-implements a metric: every number comes from
//! `mtmeter::metrics` and `mtmeter::significance`.
//!
//! Strings are borrowed, not copied (`PyBackedStr` points into the `str` object's UTF-8 buffer
//! under abi3 ≥ 3.10), and the GIL is released while tokenizing and scoring.

use mtmeter::analysis::{HjersonConfig, analyze_corpus};
use mtmeter::corpus::{Corpus, CorpusError, TextFile};
use mtmeter::evaluation::{Request, SignificanceRequest, SignificanceTest, evaluate};
use mtmeter::metrics::MetricOptions;
use mtmeter::metrics::bleu::compute_bleu;
use mtmeter::metrics::chrf::ChrfRefs;
use mtmeter::metrics::{
    Bleu, BleuConfig, Chrf, ChrfConfig, Metric, MetricSpec, SmoothMethod, SufficientStats, Ter,
    TerConfig, sum_stats,
};
use mtmeter::report::json::{ScoreJsonOptions, render_analysis, render_score};
use mtmeter::scoring::{MetricResult, SystemMetric};
use mtmeter::significance::{self, PairedOptions, PairedTestKind, Seed};
use mtmeter::tokenize::TokenizerKind;
use mtmeter::tokenize::ter::TercomTokenizer;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use rayon::prelude::*;
use std::sync::{Arc, Mutex};

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// A configured metric (BLEU, chrF/chrF++ or TER).
#[pyclass(module = "mtmeter._core", frozen)]
struct Scorer {
    spec: MetricSpec,
    /// The reference streams of the last call and what was made of them. Scoring several
    /// systems against the same reference lists digests them once: a hit needs every string
    /// to be the very same `str` object (same UTF-8 buffer), which the kept `PyBackedStr`s
    /// hold alive, so no address can be reused while cached.
    last: Mutex<Option<(Streams, Arc<References>)>>,
}

/// One segment's references, digested once by the metric that made them (sacreBLEU's
/// `references=` cache).
#[pyclass(module = "mtmeter._core", frozen)]
struct References {
    prepared: Arc<Prepared>,
    /// References per segment: the same count everywhere, or -1 for a variable count (sacreBLEU
    /// prints `nrefs:var`).
    #[pyo3(get)]
    nrefs: i64,
}

enum Prepared {
    Bleu(Vec<<Bleu as Metric>::RefCache>),
    Chrf(Vec<ChrfRefs>),
    Ter(Vec<<Ter as Metric>::RefCache>),
}

impl Prepared {
    fn len(&self) -> usize {
        match self {
            Prepared::Bleu(v) => v.len(),
            Prepared::Chrf(v) => v.len(),
            Prepared::Ter(v) => v.len(),
        }
    }
}

type Streams = Vec<Vec<Option<PyBackedStr>>>;

/// The references of every segment, `None` entries dropped (sacreBLEU's variable number of
/// references). Streams of different lengths are refused, naming both.
fn check_streams(streams: &Streams) -> PyResult<usize> {
    let Some(first) = streams.first() else {
        return Err(value_error("no reference stream given"));
    };
    for (i, s) in streams.iter().enumerate().skip(1) {
        if s.len() != first.len() {
            return Err(value_error(CorpusError::LineCountMismatch {
                path: format!("reference stream {}", i + 1),
                lines: s.len(),
                anchor: "reference stream 1".to_owned(),
                anchor_lines: first.len(),
            }));
        }
    }
    Ok(first.len())
}

fn prepare_all<M: Metric>(m: &M, streams: &Streams, n: usize) -> (Vec<M::RefCache>, i64) {
    let caches = (0..n)
        .into_par_iter()
        .map(|i| {
            let refs: Vec<&str> = streams.iter().filter_map(|s| s[i].as_deref()).collect();
            m.prepare_references(&refs)
        })
        .collect();
    let mut counts = (0..n).map(|i| streams.iter().filter(|s| s[i].is_some()).count());
    let first = counts.next().unwrap_or(streams.len());
    let nrefs = if counts.all(|c| c == first) {
        first as i64
    } else {
        -1
    };
    (caches, nrefs)
}

fn segment_stats<M: Metric>(m: &M, hyps: &[PyBackedStr], refs: &[M::RefCache]) -> Vec<M::Stats> {
    hyps.par_iter()
        .zip(refs.par_iter())
        .map(|(h, r)| m.segment_stats(h, r))
        .collect()
}

fn rows_of<S: SufficientStats>(stats: &[S], width: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(stats.len() * width);
    for s in stats {
        s.write_row(width, &mut out);
    }
    out
}

/// What a scoring call returns: per-segment rows, their sum, or sentence scores.
#[derive(Clone, Copy)]
enum Want {
    Rows,
    Sum,
    Sentence,
}

fn compute<M: Metric>(m: &M, hyps: &[PyBackedStr], refs: &[M::RefCache], want: Want) -> Vec<f64> {
    let stats = segment_stats(m, hyps, refs);
    let width = m.row_width();
    match want {
        Want::Rows => rows_of(&stats, width),
        // Summed in segment order, as sacreBLEU's `sum_of_lists` does (exact for integer
        // statistics; TER's float reference lengths depend on the order).
        Want::Sum => rows_of(&[sum_stats(&stats)], width),
        // The metric's own score of each segment row: what `metric.sentence_score` gives.
        Want::Sentence => stats
            .iter()
            .map(|s| {
                let mut row = Vec::with_capacity(width);
                s.write_row(width, &mut row);
                m.score_row(&row)
            })
            .collect(),
    }
}

impl Scorer {
    fn prepare_streams(&self, py: Python<'_>, streams: &Streams) -> PyResult<References> {
        let n = check_streams(streams)?;
        let (prepared, nrefs) = py.detach(|| match &self.spec {
            MetricSpec::Bleu(m) => {
                let (c, n) = prepare_all(m, streams, n);
                (Prepared::Bleu(c), n)
            }
            MetricSpec::Chrf(m) => {
                let (c, n) = prepare_all(m, streams, n);
                (Prepared::Chrf(c), n)
            }
            MetricSpec::Ter(m) => {
                let (c, n) = prepare_all(m, streams, n);
                (Prepared::Ter(c), n)
            }
            // Scorers are built by name (`MetricSpec::from_name`), which never gives scores
            // from another tool.
            MetricSpec::External(_) => unreachable!("a scorer built by name is never external"),
        });
        Ok(References {
            prepared: Arc::new(prepared),
            nrefs,
        })
    }

    /// [`Scorer::prepare_streams`], reusing the last result for the very same strings.
    fn prepare_cached(&self, py: Python<'_>, streams: Streams) -> PyResult<Arc<References>> {
        let same = |a: &Streams, b: &Streams| {
            a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| {
                    x.len() == y.len()
                        && x.iter().zip(y).all(|(u, v)| match (u, v) {
                            (Some(u), Some(v)) => u.as_ptr() == v.as_ptr() && u.len() == v.len(),
                            (None, None) => true,
                            _ => false,
                        })
                })
        };
        if let Some((cached, refs)) = &*self.last.lock().unwrap_or_else(|e| e.into_inner())
            && same(cached, &streams)
        {
            return Ok(refs.clone());
        }
        let refs = Arc::new(self.prepare_streams(py, &streams)?);
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((streams, refs.clone()));
        Ok(refs)
    }

    fn run(
        &self,
        py: Python<'_>,
        hyps: Vec<PyBackedStr>,
        refs: &Bound<'_, PyAny>,
        want: Want,
    ) -> PyResult<(Vec<f64>, i64)> {
        let owned;
        let refs: &References = if let Ok(r) = refs.cast::<References>() {
            owned = r.clone().unbind();
            owned.get()
        } else {
            let streams: Streams = refs.extract().map_err(|_| {
                PyTypeError::new_err("references must be a sequence of sequences of str")
            })?;
            let prepared = self.prepare_cached(py, streams)?;
            return self.run_prepared(py, &hyps, &prepared, want);
        };
        self.run_prepared(py, &hyps, refs, want)
    }

    fn run_prepared(
        &self,
        py: Python<'_>,
        hyps: &[PyBackedStr],
        refs: &References,
        want: Want,
    ) -> PyResult<(Vec<f64>, i64)> {
        if hyps.len() != refs.prepared.len() {
            return Err(value_error(CorpusError::LineCountMismatch {
                path: "hypotheses".to_owned(),
                lines: hyps.len(),
                anchor: "references".to_owned(),
                anchor_lines: refs.prepared.len(),
            }));
        }
        let out = py.detach(|| match (&self.spec, &*refs.prepared) {
            (MetricSpec::Bleu(m), Prepared::Bleu(r)) => Ok(compute(m, hyps, r, want)),
            (MetricSpec::Chrf(m), Prepared::Chrf(r)) => Ok(compute(m, hyps, r, want)),
            (MetricSpec::Ter(m), Prepared::Ter(r)) => Ok(compute(m, hyps, r, want)),
            _ => Err(()),
        });
        let out = out.map_err(|()| {
            value_error("these references were prepared by a different kind of metric")
        })?;
        Ok((out, refs.nrefs))
    }

    fn check_row(&self, row: &[f64]) -> PyResult<()> {
        if row.len() != self.spec.row_width() {
            return Err(value_error(format!(
                "{} statistics have {} values, got {}",
                self.spec.display_name(),
                self.spec.row_width(),
                row.len()
            )));
        }
        Ok(())
    }
}

#[pymethods]
impl Scorer {
    /// `metric` is `bleu`, `chrf`, `chrf++` or `ter`; the options are sacreBLEU's.
    #[new]
    #[pyo3(signature = (metric, *, tokenize = None, lowercase = false, smooth_method = "exp",
        smooth_value = None, max_ngram_order = 4, effective_order = false, char_order = 6,
        word_order = 0, beta = 2, whitespace = false, eps_smoothing = false, normalized = false,
        no_punct = false, asian_support = false, case_sensitive = false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        metric: &str,
        tokenize: Option<&str>,
        lowercase: bool,
        smooth_method: &str,
        smooth_value: Option<f64>,
        max_ngram_order: usize,
        effective_order: bool,
        char_order: usize,
        word_order: usize,
        beta: u32,
        whitespace: bool,
        eps_smoothing: bool,
        normalized: bool,
        no_punct: bool,
        asian_support: bool,
        case_sensitive: bool,
    ) -> PyResult<Self> {
        let spec = match metric {
            "bleu" => {
                let tokenize: TokenizerKind =
                    tokenize.unwrap_or("13a").parse().map_err(value_error)?;
                let smooth_method: SmoothMethod = smooth_method.parse().map_err(value_error)?;
                MetricSpec::Bleu(
                    Bleu::new(BleuConfig {
                        tokenize,
                        lowercase,
                        smooth_method,
                        smooth_value,
                        max_ngram_order,
                        effective_order,
                    })
                    .map_err(value_error)?,
                )
            }
            "chrf" | "chrf++" => MetricSpec::Chrf(
                Chrf::new(ChrfConfig {
                    char_order,
                    word_order: if metric == "chrf++" { 2 } else { word_order },
                    beta,
                    lowercase,
                    whitespace,
                    eps_smoothing,
                })
                .map_err(value_error)?,
            ),
            "ter" => MetricSpec::Ter(Ter::new(TerConfig {
                normalized,
                no_punct,
                asian_support,
                case_sensitive,
            })),
            other => {
                return Err(value_error(format!(
                    "unknown metric '{other}'; choose one of: bleu, chrf, chrf++, ter"
                )));
            }
        };
        Ok(Scorer {
            spec,
            last: Mutex::new(None),
        })
    }

    /// Digest the references once (one stream per reference; `None` entries are skipped).
    fn prepare(&self, py: Python<'_>, ref_streams: &Bound<'_, PyAny>) -> PyResult<References> {
        let streams: Streams = ref_streams.extract().map_err(|_| {
            PyTypeError::new_err("references must be a sequence of sequences of str")
        })?;
        self.prepare_streams(py, &streams)
    }

    /// Per-segment statistics rows (flat, `row_width` values per segment) and `nrefs`.
    fn segment_rows(
        &self,
        py: Python<'_>,
        hyps: Vec<PyBackedStr>,
        refs: &Bound<'_, PyAny>,
    ) -> PyResult<(Vec<f64>, i64)> {
        self.run(py, hyps, refs, Want::Rows)
    }

    /// The corpus's summed statistics row and `nrefs`.
    fn corpus_row(
        &self,
        py: Python<'_>,
        hyps: Vec<PyBackedStr>,
        refs: &Bound<'_, PyAny>,
    ) -> PyResult<(Vec<f64>, i64)> {
        self.run(py, hyps, refs, Want::Sum)
    }

    /// The score of every segment on its own (what `sentence_score` gives, segment by segment).
    fn sentence_scores(
        &self,
        py: Python<'_>,
        hyps: Vec<PyBackedStr>,
        refs: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<f64>> {
        Ok(self.run(py, hyps, refs, Want::Sentence)?.0)
    }

    /// Score of a (summed) statistics row.
    fn score(&self, row: Vec<f64>) -> PyResult<f64> {
        self.check_row(&row)?;
        Ok(self.spec.score_row(&row))
    }

    /// BLEU only: `(score, bp, precisions)` of a statistics row, as `BLEU.compute_bleu`.
    fn bleu_details(&self, row: Vec<f64>) -> PyResult<(f64, f64, Vec<f64>)> {
        self.check_row(&row)?;
        let MetricSpec::Bleu(m) = &self.spec else {
            return Err(value_error("bleu_details needs a BLEU scorer"));
        };
        let c = m.config();
        let o = c.max_ngram_order;
        let ints = |xs: &[f64]| xs.iter().map(|&x| x as u64).collect::<Vec<_>>();
        let s = compute_bleu(
            &ints(&row[2..2 + o]),
            &ints(&row[2 + o..2 + 2 * o]),
            row[0] as u64,
            row[1] as u64,
            c.smooth_method,
            c.smooth_value,
            c.effective_order,
        );
        Ok((s.score, s.bp, s.precisions))
    }

    /// Values in one statistics row.
    #[getter]
    fn row_width(&self) -> usize {
        self.spec.row_width()
    }

    /// sacreBLEU's score name (`BLEU`, `chrF2`, `chrF2++`, `TER`).
    #[getter]
    fn name(&self) -> String {
        self.spec.display_name()
    }

    /// The tokenizer's signature value (`13a`, `tercom`, ...), or `None` for chrF.
    #[getter]
    fn tokenizer_signature(&self) -> Option<String> {
        self.spec.signature(1).get("tok").map(str::to_owned)
    }

    /// Bootstrap confidence interval `(mean, half_width)` of one system from its segment rows,
    /// as `corpus_score(..., n_bootstrap)` computes it. `seed`: `None` or a `SACREBLEU_SEED`
    /// value.
    fn confidence(
        &self,
        py: Python<'_>,
        rows: Vec<f64>,
        n_samples: usize,
        seed: Option<&str>,
    ) -> PyResult<(f64, f64)> {
        let seed = parse_seed(seed)?;
        let width = self.spec.row_width();
        let c = py
            .detach(|| significance::confidence(&self.spec, &rows, width, n_samples, seed))
            .map_err(value_error)?;
        Ok((c.mean, c.half_width))
    }
}

fn parse_seed(seed: Option<&str>) -> PyResult<Option<Seed>> {
    seed.map(Seed::parse).transpose().map_err(value_error)
}

/// sacreBLEU's `PairedTest` on statistics rows: `metrics` is a list of `(scorer, rows per
/// system)`, system 0 the baseline. Returns per metric, per system, `(score, p_value, mean,
/// ci)`.
#[pyfunction]
#[pyo3(signature = (metrics, test_type, n_samples, n_ar_confidence, seed))]
#[allow(clippy::type_complexity)]
fn paired_test(
    py: Python<'_>,
    metrics: Vec<(Py<Scorer>, Vec<Vec<f64>>)>,
    test_type: &str,
    n_samples: usize,
    n_ar_confidence: Option<usize>,
    seed: Option<&str>,
) -> PyResult<Vec<Vec<(f64, Option<f64>, Option<f64>, Option<f64>)>>> {
    let kind = match test_type {
        "bs" => PairedTestKind::Bootstrap,
        "ar" => PairedTestKind::ApproximateRandomization,
        other => return Err(value_error(format!("Unknown test type '{other}'"))),
    };
    let options = PairedOptions {
        kind,
        n_samples: Some(n_samples),
        n_ar_confidence,
        seed: parse_seed(seed)?,
    };
    let mut results = Vec::with_capacity(metrics.len());
    for (scorer, systems) in &metrics {
        let spec = &scorer.get().spec;
        let width = spec.row_width();
        for rows in systems {
            if rows.len() % width != 0 || rows.len() != systems[0].len() {
                return Err(value_error(
                    "every system needs one statistics row per segment",
                ));
            }
        }
        results.push(MetricResult {
            key: spec.display_name(),
            name: spec.display_name(),
            signature: spec.signature(1),
            sentence_signature: spec.sentence_signature(1),
            row_width: width,
            systems: systems
                .iter()
                .map(|rows| {
                    let mut total = vec![0.0; width];
                    for row in rows.chunks(width) {
                        for (t, x) in total.iter_mut().zip(row) {
                            *t += x;
                        }
                    }
                    SystemMetric {
                        score: spec.score_row(&total),
                        details: mtmeter::metrics::ScoreDetails::None {},
                        rows: rows.clone(),
                        sentence: None,
                    }
                })
                .collect(),
        });
    }
    let pairs: Vec<(&MetricSpec, &MetricResult)> = metrics
        .iter()
        .zip(&results)
        .map(|((s, _), r)| (&s.get().spec, r))
        .collect();
    let out = py
        .detach(|| significance::paired_test(&pairs, &options))
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok(out
        .into_iter()
        .map(|m| {
            m.into_iter()
                .map(|o| (o.score, o.p_value, o.mean, o.half_width))
                .collect()
        })
        .collect())
}

/// chrF of every hypothesis against every reference of the same group (minimum Bayes risk
/// decoding): `hyps[i]` × `refs[i]` → a `len(hyps[i]) × len(refs[i])` matrix of sentence
/// scores.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (hyps, refs, *, char_order = 6, word_order = 0, beta = 2,
    whitespace = false, eps_smoothing = false))]
fn pairwise_chrf(
    py: Python<'_>,
    hyps: Vec<Vec<PyBackedStr>>,
    refs: Vec<Vec<PyBackedStr>>,
    char_order: usize,
    word_order: usize,
    beta: u32,
    whitespace: bool,
    eps_smoothing: bool,
) -> PyResult<Vec<Vec<Vec<f64>>>> {
    if hyps.len() != refs.len() {
        return Err(value_error(CorpusError::LineCountMismatch {
            path: "hypotheses".to_owned(),
            lines: hyps.len(),
            anchor: "references".to_owned(),
            anchor_lines: refs.len(),
        }));
    }
    let m = Chrf::new(ChrfConfig {
        char_order,
        word_order,
        beta,
        lowercase: false,
        whitespace,
        eps_smoothing,
    })
    .map_err(value_error)?;
    Ok(py.detach(|| {
        hyps.par_iter()
            .zip(refs.par_iter())
            .map(|(hs, rs)| {
                let prepared: Vec<ChrfRefs> =
                    rs.iter().map(|r| m.prepare_references(&[&**r])).collect();
                hs.iter()
                    .map(|h| {
                        prepared
                            .iter()
                            .map(|r| m.score(&m.segment_stats(h, r)))
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }))
}

fn corpus_of(
    systems: Vec<(String, Vec<PyBackedStr>)>,
    references: Vec<Vec<PyBackedStr>>,
) -> PyResult<Corpus> {
    let text = |name: String, path: String, lines: &[PyBackedStr]| {
        TextFile::new(name, path, lines.iter().map(|l| &**l))
    };
    Corpus {
        source: None,
        references: references
            .iter()
            .enumerate()
            .map(|(i, r)| text(format!("ref{}", i + 1), format!("references[{i}]"), r))
            .collect(),
        systems: systems
            .iter()
            .map(|(name, lines)| text(name.clone(), name.clone(), lines))
            .collect(),
        ..Corpus::default()
    }
    .validated()
    .map_err(value_error)
}

/// `mtmeter score`'s JSON document for these systems and references (the Python layer parses
/// it into dicts).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (systems, references, metrics, *, tokenize = None, lowercase = false,
    sentence_level = false, test = None, samples = None, ar_confidence = None, seed = None,
    baseline = None, statistics = false))]
fn evaluate_json(
    py: Python<'_>,
    systems: Vec<(String, Vec<PyBackedStr>)>,
    references: Vec<Vec<PyBackedStr>>,
    metrics: Vec<String>,
    tokenize: Option<&str>,
    lowercase: bool,
    sentence_level: bool,
    test: Option<&str>,
    samples: Option<usize>,
    ar_confidence: Option<usize>,
    seed: Option<&str>,
    baseline: Option<String>,
    statistics: bool,
) -> PyResult<String> {
    let corpus = corpus_of(systems, references)?;
    let metric_options = MetricOptions {
        tokenize: tokenize
            .map(str::parse::<TokenizerKind>)
            .transpose()
            .map_err(value_error)?,
        lowercase,
        ..MetricOptions::default()
    };
    let significance = match test {
        None => None,
        Some(t) => Some(SignificanceRequest {
            test: match t {
                "paired-bs" => SignificanceTest::PairedBootstrap,
                "paired-ar" => SignificanceTest::PairedApproximateRandomization,
                "confidence" => SignificanceTest::Confidence,
                other => {
                    return Err(value_error(format!(
                        "unknown test '{other}'; choose one of: paired-bs, paired-ar, confidence"
                    )));
                }
            },
            samples,
            ar_confidence,
            seed: parse_seed(seed)?,
        }),
    };
    let request = Request {
        metrics,
        metric_options,
        sentence_level,
        significance,
        baseline,
        ..Request::default()
    };
    let e = py
        .detach(|| evaluate(&corpus, &request))
        .map_err(value_error)?;
    Ok(render_score(
        &e,
        ScoreJsonOptions {
            statistics,
            ..ScoreJsonOptions::default()
        },
    ))
}

/// `mtmeter analyze`'s JSON document (Hjerson error classes per system and segment).
#[pyfunction]
#[pyo3(signature = (systems, references, *, tokenize = "13a", base_forms = "prefix4"))]
fn analyze_json(
    py: Python<'_>,
    systems: Vec<(String, Vec<PyBackedStr>)>,
    references: Vec<Vec<PyBackedStr>>,
    tokenize: &str,
    base_forms: &str,
) -> PyResult<String> {
    let corpus = corpus_of(systems, references)?;
    let config = HjersonConfig {
        tokenize: tokenize.parse().map_err(value_error)?,
        base_forms: base_forms.parse().map_err(value_error)?,
    };
    let report = py
        .detach(|| analyze_corpus(&corpus, &config, None))
        .map_err(value_error)?;
    Ok(render_analysis(&report, None))
}

/// One of sacreBLEU's tokenizers (`13a`, `intl`, `zh`, `char`, `none`, or `tercom` with TER's
/// options), called on a string as sacreBLEU's tokenizer objects are.
#[pyclass(module = "mtmeter._core", frozen)]
struct Tokenizer {
    inner: Box<dyn mtmeter::tokenize::Tokenizer>,
}

#[pymethods]
impl Tokenizer {
    #[new]
    #[pyo3(signature = (name, *, normalized = false, no_punct = false, asian_support = false,
        case_sensitive = false))]
    fn new(
        name: &str,
        normalized: bool,
        no_punct: bool,
        asian_support: bool,
        case_sensitive: bool,
    ) -> PyResult<Self> {
        let inner: Box<dyn mtmeter::tokenize::Tokenizer> = if name == "tercom" {
            Box::new(TercomTokenizer::new(
                normalized,
                no_punct,
                asian_support,
                case_sensitive,
            ))
        } else {
            name.parse::<TokenizerKind>().map_err(value_error)?.build()
        };
        Ok(Self { inner })
    }

    fn __call__(&self, line: &str) -> String {
        self.inner.tokenize(line)
    }

    /// The signature value (`13a`, `tercom`, ...).
    fn signature(&self) -> &'static str {
        self.inner.signature()
    }
}

/// The library's version field of signatures (`mtmeter-X.Y.Z`).
#[pyfunction]
fn version_field() -> &'static str {
    mtmeter::metrics::signature::VERSION_FIELD
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Scorer>()?;
    m.add_class::<References>()?;
    m.add_class::<Tokenizer>()?;
    m.add_function(wrap_pyfunction!(paired_test, m)?)?;
    m.add_function(wrap_pyfunction!(pairwise_chrf, m)?)?;
    m.add_function(wrap_pyfunction!(version_field, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_json, m)?)?;
    Ok(())
}
