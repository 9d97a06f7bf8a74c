//! Sharded runs: each process (a Slurm array task, a pod of a Kubernetes indexed job, a GNU
//! parallel job) scores one contiguous range of a test set's segments, and [`evaluate_shards`]
//! merges the ranges into exactly the result of one process: the same corpus scores, the same
//! sentence scores and, because significance tests run on the merged statistics with the same
//! seed, the same p-values and intervals.
//!
//! This works because every metric is "sum per-segment sufficient statistics, then score the
//! sum" ([`crate::metrics`]): a shard stores its segments' statistics rows (sacreBLEU's row
//! layout, the numbers that `score --statistics` prints), and the merge concatenates them in
//! segment order and sums them as a single run does (integers exactly; TER's float averages in
//! the same order). Nothing is averaged across shards.
//!
//! # Shards
//! Shard `I` of `N` (0-based, `0 <= I < N`, as Slurm's `--array=0-3` numbers its tasks) holds
//! segments `n*I/N .. n*(I+1)/N` of a test set of `n` segments: contiguous, disjoint, together
//! complete, sizes differing by at most one.
//!
//! # The shard file, schema `mtmeter.shard/1`
//! ```text
//! {
//!   "schema": "mtmeter.shard/1",
//!   "created_by": "mtmeter 0.1.0",
//!   "shard": {"index": 1, "count": 4, "start": 509, "end": 1018},
//!   "test_set": {
//!     "segments": 2037,                        // the whole test set
//!     "source": {"name", "path", "sha256"} | null,
//!     "references": [{"name", "path", "sha256"}, …],
//!     "systems": [{"name", "path", "sha256"}, …]},
//!   "metric_options": {…},                     // sacreBLEU's metric options, as given
//!   "normalization": "nfc",                    // --normalize, if given (else absent)
//!   "warnings": [ … ],                         // about the whole test set
//!   "metrics": [
//!     {"key": "bleu", "name": "BLEU", "signature": "nrefs:1|case:mixed|…", "row_width": 10,
//!      "systems": [[[22, 24, 18, …], …], …]},  // per system, one row per segment of the range
//!     {"key": "comet22", "name": "comet22", "signature": "metric:comet22|agg:mean|scale:100|…",
//!      "row_width": 2, "external": {"scale": 100.0, "higher_is_better": true},
//!      "systems": [[[0.8412, 1], …], …]}]      // scores from another tool: [value, 1] rows
//! }
//! ```
//! * Scores from other tools (`--scores`) are metrics like the others: their rows are the
//!   values of the range, and `external` says how they are scored (scale, direction).
//! * The Unicode normalization of the inputs is in every signature (`unicode:nfc`) and in
//!   `normalization`; shards normalized differently are not merged.
//! * Content hashes are of the **whole** texts (SHA-256 of the segments, each followed by
//!   `\n`, as [`TextFile::sha256`] computes them), so shards of different test sets, or of a
//!   file edited between two tasks, are told apart even when their ranges hold the same lines.
//! * Rows are written as the CI gate's baseline writes them (one row per line, integers where
//!   integral, else the shortest decimal that reads back as the same float64): they round-trip
//!   exactly.
//! * No significance test runs in a shard: its random draws span the whole test set.
//!
//! # Merging
//! [`evaluate_shards`] refuses shards that do not belong together, with a one-line error
//! naming the file: another schema, another test set (segment count or any content hash),
//! other systems, other metrics, options or signatures (including those of another mtmeter
//! version), a file given twice, two files holding the same shard, overlapping ranges, or a
//! range no shard covers.

use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, Normalization, TextFile};
use crate::error::Error;
use crate::evaluation::{
    Evaluation, FileInfo, Request, SignificanceRequest, TestSetInfo, Warning, cjk_warnings,
    evaluate_statistics,
};
use crate::gate::baseline::StatisticsRows;
use crate::metrics::external::SystemScores;
use crate::metrics::{
    BleuStats, ChrfStats, External, Metric, MetricOptions, MetricSpec, TerStats, sum_stats,
    with_metric,
};
use crate::scoring::{MetricResult, NoProgress, Progress, SystemMetric, run_metric_observed};

/// The schema identifier written into every shard file.
pub const SCHEMA: &str = "mtmeter.shard/1";

/// Why a shard cannot be made or shards cannot be merged; one line, naming the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// A shard specification that is not `I/N` with `0 <= I < N`.
    #[error("shard '{spec}': {reason}")]
    Spec {
        /// As given.
        spec: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The environment of a job array does not say which shard this is.
    #[error("{0}")]
    Environment(String),
    /// A shard file that cannot be read or does not fit the others.
    #[error("{file}: {message}")]
    File {
        /// The shard file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The shards given do not make one test set (a missing range, no shard at all).
    #[error("{0}")]
    Set(String),
}

fn file_error(file: &str, message: impl Into<String>) -> ShardError {
    ShardError::File {
        file: file.to_owned(),
        message: message.into(),
    }
}

/// Which shard of how many: `index` is 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    /// 0-based index, below `count`.
    pub index: usize,
    /// Number of shards, at least 1.
    pub count: usize,
}

impl ShardSpec {
    /// `I/N` (0-based: `0/4` … `3/4`).
    pub fn parse(spec: &str) -> Result<Self, ShardError> {
        let bad = |reason: &str| ShardError::Spec {
            spec: spec.to_owned(),
            reason: reason.to_owned(),
        };
        let (i, n) = spec
            .split_once('/')
            .ok_or_else(|| bad("expected I/N, shard I (0-based) of N, e.g. 0/4"))?;
        let number = |s: &str| s.trim().parse::<usize>().ok();
        let (Some(index), Some(count)) = (number(i), number(n)) else {
            return Err(bad("expected I/N with two whole numbers, e.g. 0/4"));
        };
        if count == 0 {
            return Err(bad("the number of shards must be at least 1"));
        }
        if index >= count {
            return Err(bad(&format!(
                "shards are numbered from 0: the last of {count} is {}/{count}",
                count - 1
            )));
        }
        Ok(Self { index, count })
    }

    /// The shard of this Slurm job-array task, from `SLURM_ARRAY_TASK_ID` and
    /// `SLURM_ARRAY_TASK_COUNT` (`env` looks a variable up; `std::env::var` in the binary).
    ///
    /// Arrays need not start at 0 (`--array=1-4`): the index counts from
    /// `SLURM_ARRAY_TASK_MIN`. An array with gaps or a step (`--array=0-6:2`, `--array=1,5`)
    /// is refused, since its task ids are not shard numbers.
    pub fn from_slurm(env: impl Fn(&str) -> Option<String>) -> Result<Self, ShardError> {
        let get = |name: &str| -> Result<Option<usize>, ShardError> {
            match env(name) {
                None => Ok(None),
                Some(v) => v.trim().parse().map(Some).map_err(|_| {
                    ShardError::Environment(format!("{name}={v} is not a whole number"))
                }),
            }
        };
        let Some(id) = get("SLURM_ARRAY_TASK_ID")? else {
            let k8s = env("JOB_COMPLETION_INDEX").map_or(String::new(), |i| {
                format!(
                    "; JOB_COMPLETION_INDEX={i} is set (a Kubernetes indexed job), but Kubernetes gives no shard count: give the shard as $(JOB_COMPLETION_INDEX)/N, N the Job's completions"
                )
            });
            return Err(ShardError::Environment(format!(
                "SLURM_ARRAY_TASK_ID is not set: this is not a task of a Slurm job array{k8s}"
            )));
        };
        let Some(count) = get("SLURM_ARRAY_TASK_COUNT")? else {
            return Err(ShardError::Environment(format!(
                "SLURM_ARRAY_TASK_ID={id} is set but SLURM_ARRAY_TASK_COUNT is not"
            )));
        };
        let min = get("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let max = get("SLURM_ARRAY_TASK_MAX")?.unwrap_or(min + count.saturating_sub(1));
        let step = get("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1);
        if step != 1 || max + 1 != min + count || id < min || id > max {
            return Err(ShardError::Environment(format!(
                "the Slurm job array (task ids {min}-{max}, step {step}, {count} tasks) is not numbered without gaps: submit it as --array=0-{} for {count} shards",
                count.saturating_sub(1)
            )));
        }
        Self::parse(&format!("{}/{count}", id - min))
    }

    /// The segments of this shard in a test set of `segments` segments: `n*I/N .. n*(I+1)/N`.
    pub fn range(&self, segments: usize) -> Range<usize> {
        let at = |i: usize| (segments as u128 * i as u128 / self.count as u128) as usize;
        at(self.index)..at(self.index + 1)
    }
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A job-array task this process runs in, found in its environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArrayTask {
    /// A Slurm job array (`sbatch --array`): `SLURM_ARRAY_TASK_ID` and, if set,
    /// `SLURM_ARRAY_TASK_COUNT`.
    Slurm {
        /// `SLURM_ARRAY_TASK_ID`.
        id: String,
        /// `SLURM_ARRAY_TASK_COUNT`.
        count: Option<String>,
    },
    /// A Kubernetes indexed job: `JOB_COMPLETION_INDEX` (Kubernetes sets no count).
    Kubernetes {
        /// `JOB_COMPLETION_INDEX`.
        index: String,
    },
}

/// The job-array task this process is, if any (`env` looks a variable up). Callers that were
/// not told which shard to score say so rather than guess.
pub fn array_task(env: impl Fn(&str) -> Option<String>) -> Option<ArrayTask> {
    if let Some(id) = env("SLURM_ARRAY_TASK_ID") {
        return Some(ArrayTask::Slurm {
            id,
            count: env("SLURM_ARRAY_TASK_COUNT"),
        });
    }
    env("JOB_COMPLETION_INDEX").map(|index| ArrayTask::Kubernetes { index })
}

/// Where a shard lies in its test set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardRange {
    /// 0-based shard index.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
    /// First segment (0-based).
    pub start: usize,
    /// One past the last segment.
    pub end: usize,
}

/// A text of the test set: its name, where it was read from and the SHA-256 of all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashedFile {
    /// Name (file stem for references and systems).
    pub name: String,
    /// Where it was read from.
    pub path: String,
    /// [`TextFile::sha256`] of the whole text.
    pub sha256: String,
}

impl HashedFile {
    fn of(f: &TextFile) -> Self {
        Self {
            name: f.name.clone(),
            path: f.path.clone(),
            sha256: f.sha256(),
        }
    }

    fn info(&self) -> FileInfo {
        FileInfo {
            name: self.name.clone(),
            path: self.path.clone(),
        }
    }
}

/// The whole test set a shard belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardTestSet {
    /// Segments in the whole test set.
    pub segments: usize,
    /// The source, if given.
    pub source: Option<HashedFile>,
    /// The references, in order.
    pub references: Vec<HashedFile>,
    /// The systems, in order.
    pub systems: Vec<HashedFile>,
}

/// One metric's statistics in a shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardMetric {
    /// The key it was requested by (`bleu`, `chrf`, `chrf++`, `ter`).
    pub key: String,
    /// sacreBLEU's score name.
    pub name: String,
    /// Its signature, long form (with the version of the mtmeter that scored the shard).
    pub signature: String,
    /// Values per statistics row.
    pub row_width: usize,
    /// Scores from another tool (`--scores`): how they are scored. `None` for a metric
    /// computed from the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<ShardExternal>,
    /// Per system (in test-set order), one row per segment of the shard's range.
    pub systems: Vec<StatisticsRows>,
}

/// How the scores of another tool are turned into a corpus score (their values are the rows).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ShardExternal {
    /// Factor applied to the mean.
    pub scale: f64,
    /// Whether higher scores are better.
    pub higher_is_better: bool,
}

/// A shard file (schema [`SCHEMA`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// `mtmeter <version>` that wrote it.
    pub created_by: String,
    /// Which shard, which segments.
    pub shard: ShardRange,
    /// The whole test set.
    pub test_set: ShardTestSet,
    /// The metric options the shard was scored with.
    pub metric_options: MetricOptions,
    /// The Unicode normalization of every input (`--normalize`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalization: Option<Normalization>,
    /// Warnings about the whole test set (shown again by the merge).
    pub warnings: Vec<Warning>,
    /// Per requested metric, in request order.
    pub metrics: Vec<ShardMetric>,
}

impl Shard {
    /// The file's text: pretty-printed JSON, one statistics row per line, trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a shard is always serialisable");
        s.push('\n');
        s
    }

    /// Read a shard file; `file` names it in errors.
    pub fn from_json(file: &str, text: &str) -> Result<Self, ShardError> {
        let parsed = serde_json::from_str::<Shard>(text);
        // Another kind of JSON is named as such, not by the first field it lacks.
        let schema = match &parsed {
            Ok(s) => Some(s.schema.clone()),
            Err(_) => serde_json::from_str::<serde_json::Value>(text)
                .map_err(|e| file_error(file, format!("not JSON: {e}")))?
                .get("schema")
                .and_then(|s| s.as_str().map(str::to_owned)),
        };
        match schema.as_deref() {
            Some(SCHEMA) => parsed.map_err(|e| file_error(file, format!("not a valid shard: {e}"))),
            Some(other) => Err(file_error(
                file,
                format!("schema '{other}', not a shard ({SCHEMA})"),
            )),
            None => Err(file_error(
                file,
                format!("not an mtmeter shard (no \"schema\": \"{SCHEMA}\")"),
            )),
        }
    }

    /// Read the shard file at `path`.
    pub fn read(path: &Path) -> Result<Self, ShardError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| file_error(&file, format!("cannot read: {e}")))?;
        Self::from_json(&file, &text)
    }
}

/// Score shard `shard` of `corpus` with the metrics named in `metrics` (duplicates dropped),
/// configured by `options`.
pub fn score_shard(
    corpus: &Corpus,
    metrics: &[String],
    options: &MetricOptions,
    shard: ShardSpec,
) -> Result<Shard, Error> {
    score_shard_observed(corpus, metrics, options, &[], shard, &NoProgress)
}

/// [`score_shard`] with scores from other tools (`external`, loaded for the whole test set,
/// reported after `metrics` as in a single run), reporting one unit of progress per system
/// scored with one metric.
pub fn score_shard_observed(
    corpus: &Corpus,
    metrics: &[String],
    options: &MetricOptions,
    external: &[External],
    shard: ShardSpec,
    progress: &dyn Progress,
) -> Result<Shard, Error> {
    let mut keys: Vec<&str> = Vec::new();
    for k in metrics {
        if !keys.contains(&k.as_str()) {
            keys.push(k);
        }
    }
    if keys.is_empty() && external.is_empty() {
        return Err(crate::evaluation::RequestError::NoMetric.into());
    }
    let range = shard.range(corpus.len());
    let names: Vec<&str> = corpus.systems.iter().map(|s| s.name.as_str()).collect();
    let mut specs: Vec<(&str, MetricSpec)> = keys
        .iter()
        .map(|&k| Ok((k, MetricSpec::from_name(k, options)?)))
        .collect::<Result<_, Error>>()?;
    for (i, e) in external.iter().enumerate() {
        e.check_systems(&names, corpus.len())?;
        if external[..i].iter().any(|o| o.key() == e.key()) {
            return Err(crate::metrics::ScoresError::Config(format!(
                "scores named {} are given twice",
                e.key()
            ))
            .into());
        }
        specs.push((e.key(), MetricSpec::External(e.slice(range.clone()))));
    }
    let slice = |f: &TextFile| {
        TextFile::new(
            f.name.clone(),
            f.path.clone(),
            f.lines().skip(range.start).take(range.len()),
        )
    };
    let part = Corpus {
        source: corpus.source.as_ref().map(slice),
        references: corpus.references.iter().map(slice).collect(),
        systems: corpus.systems.iter().map(slice).collect(),
        normalization: corpus.normalization,
        ..Corpus::default()
    };
    let files: Vec<&TextFile> = corpus
        .source
        .iter()
        .chain(&corpus.references)
        .chain(&corpus.systems)
        .collect();
    let (hashes, results) = rayon::join(
        || {
            files
                .par_iter()
                .map(|f| HashedFile::of(f))
                .collect::<Vec<_>>()
        },
        || {
            specs
                .iter()
                .map(|(key, spec)| run_metric_observed(key, spec, &part, false, progress))
                .collect::<Vec<MetricResult>>()
        },
    );
    let mut hashes = hashes.into_iter();
    let source = corpus.source.as_ref().and_then(|_| hashes.next());
    let references = hashes.by_ref().take(corpus.references.len()).collect();
    let systems = hashes.collect();
    let request = Request {
        metrics: keys.iter().map(|&k| k.to_owned()).collect(),
        metric_options: options.clone(),
        external: external.to_vec(),
        ..Request::default()
    };
    Ok(Shard {
        schema: SCHEMA.to_owned(),
        created_by: concat!("mtmeter ", env!("CARGO_PKG_VERSION")).to_owned(),
        shard: ShardRange {
            index: shard.index,
            count: shard.count,
            start: range.start,
            end: range.end,
        },
        test_set: ShardTestSet {
            segments: corpus.len(),
            source,
            references,
            systems,
        },
        metric_options: options.clone(),
        normalization: corpus.normalization,
        // Computed on the whole test set, so every shard warns alike.
        warnings: cjk_warnings(corpus, &request),
        metrics: results
            .into_iter()
            .zip(&specs)
            .map(|(r, (_, spec))| ShardMetric {
                external: match spec {
                    MetricSpec::External(e) => Some(ShardExternal {
                        scale: e.scale(),
                        higher_is_better: e.higher_is_better(),
                    }),
                    _ => None,
                },
                key: r.key,
                name: r.name,
                signature: r.signature.format(false),
                row_width: r.row_width,
                systems: r
                    .systems
                    .into_iter()
                    .map(|s| {
                        StatisticsRows(
                            s.rows
                                .chunks(r.row_width.max(1))
                                .map(<[f64]>::to_vec)
                                .collect(),
                        )
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// What to compute on merged shards: everything that needs no text. The metrics and their
/// options are the shards' own.
#[derive(Debug, Clone, Default)]
pub struct MergeRequest {
    /// Also score every segment.
    pub sentence_level: bool,
    /// The significance test or interval, if any (run on the merged statistics).
    pub significance: Option<SignificanceRequest>,
    /// The baseline system's name; `None` = the first system.
    pub baseline: Option<String>,
    /// p-values of every pair of systems.
    pub pairwise: bool,
}

/// Merge `shards` (each with the name of its file, for messages) into the evaluation one
/// process would have produced on the whole test set, after checking that they are the shards
/// of one run (see the [module documentation](self)).
pub fn evaluate_shards(
    shards: &[(String, Shard)],
    request: &MergeRequest,
) -> Result<Evaluation, Error> {
    let order = check_shards(shards)?;
    let (first_file, first) = &shards[order[0]];
    let set = &first.test_set;
    let nrefs = set.references.len();

    let normalization = first.normalization;
    let mut results = Vec::with_capacity(first.metrics.len());
    let mut externals = Vec::new();
    for (m, meta) in first.metrics.iter().enumerate() {
        // The rows of every system in segment order.
        let rows_of = |s: usize| {
            let mut rows = Vec::with_capacity(set.segments * meta.row_width);
            for &k in &order {
                for row in &shards[k].1.metrics[m].systems[s].0 {
                    rows.extend_from_slice(row);
                }
            }
            rows
        };
        let spec = match meta.external {
            None => MetricSpec::from_name(&meta.key, &first.metric_options)?,
            Some(x) => {
                let scores = (0..set.systems.len())
                    .map(|s| {
                        external_values(&rows_of(s), meta.row_width)
                            .map(|values| SystemScores {
                                system: set.systems[s].name.clone(),
                                values,
                            })
                            .map_err(|(segment, e)| {
                                value_error(
                                    shards,
                                    &order,
                                    segment,
                                    &meta.key,
                                    &set.systems[s].name,
                                    &e,
                                )
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let e = External::new(&meta.key, Some(x.scale), Some(x.higher_is_better), scores)
                    .map_err(|e| file_error(first_file, e.to_string()))?;
                externals.push(e.clone());
                MetricSpec::External(e)
            }
        };
        let expected = spec
            .signature(nrefs)
            .with_normalization(normalization)
            .format(false);
        if meta.signature != expected || meta.row_width != spec.row_width() {
            return Err(file_error(
                first_file,
                format!(
                    "{} signature {} is not what this mtmeter computes with the same options ({}); merge with the mtmeter that scored the shards ({})",
                    meta.key, meta.signature, expected, first.created_by
                ),
            )
            .into());
        }
        let width = meta.row_width;
        let systems = (0..set.systems.len())
            .into_par_iter()
            .map(|s| -> Result<SystemMetric, ShardError> {
                let rows = rows_of(s);
                with_metric!(&spec, metric => system_metric(metric, rows, width, request.sentence_level),
                    e => {
                        let values = e.system(&set.systems[s].name).map_or(&[][..], |v| &v.values);
                        Ok(e.system_metric(values, request.sentence_level))
                    })
                    .map_err(|(segment, e)| {
                        value_error(shards, &order, segment, &meta.key, &set.systems[s].name, &e)
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        results.push(MetricResult {
            key: meta.key.clone(),
            name: spec.display_name(),
            signature: spec.signature(nrefs).with_normalization(normalization),
            sentence_signature: spec
                .sentence_signature(nrefs)
                .with_normalization(normalization),
            row_width: width,
            systems,
        });
    }
    let info = TestSetInfo {
        segments: set.segments,
        source: set.source.as_ref().map(HashedFile::info),
        references: set.references.iter().map(HashedFile::info).collect(),
        systems: set.systems.iter().map(HashedFile::info).collect(),
    };
    let full = Request {
        metrics: first
            .metrics
            .iter()
            .filter(|m| m.external.is_none())
            .map(|m| m.key.clone())
            .collect(),
        metric_options: first.metric_options.clone(),
        sentence_level: request.sentence_level,
        significance: request.significance,
        baseline: request.baseline.clone(),
        pairwise: request.pairwise,
        analysis: None,
        external: externals,
    };
    evaluate_statistics(info, results, first.warnings.clone(), &full)
}

impl ShardRange {
    fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The values of rows `[value, 1]` of scores from another tool; a row that is not one gives
/// its segment (0-based) and why.
fn external_values(rows: &[f64], width: usize) -> Result<Vec<f64>, (usize, String)> {
    if width != 2 {
        return Err((0, format!("rows of {width} values, not 2")));
    }
    rows.chunks_exact(2)
        .enumerate()
        .map(|(i, r)| {
            if r[1] == 1.0 && r[0].is_finite() {
                Ok(r[0])
            } else {
                Err((i, format!("[{}, {}] is not a row [value, 1]", r[0], r[1])))
            }
        })
        .collect()
}

/// The error of a bad statistics row at `segment` (0-based) of the whole test set, naming the
/// shard file that holds it.
fn value_error(
    shards: &[(String, Shard)],
    order: &[usize],
    segment: usize,
    key: &str,
    system: &str,
    e: &str,
) -> ShardError {
    let k = order
        .iter()
        .copied()
        .find(|&k| shards[k].1.shard.range().contains(&segment))
        .unwrap_or(order[0]);
    file_error(
        &shards[k].0,
        format!(
            "{key} statistics of system {system}, segment {}: {e}",
            segment + 1
        ),
    )
}

/// Check that `shards` are the shards of one run; their indices in segment order.
fn check_shards(shards: &[(String, Shard)]) -> Result<Vec<usize>, ShardError> {
    if shards.is_empty() {
        return Err(ShardError::Set("no shard given".into()));
    }
    for (k, (file, _)) in shards.iter().enumerate() {
        if shards[..k].iter().any(|(f, _)| f == file) {
            return Err(file_error(file, "given twice"));
        }
    }
    for (file, s) in shards {
        check_one(file, s)?;
    }
    let mut order: Vec<usize> = (0..shards.len()).collect();
    order.sort_by_key(|&k| (shards[k].1.shard.start, shards[k].1.shard.end));
    let (first_file, first) = &shards[order[0]];
    for &k in &order[1..] {
        let (file, s) = &shards[k];
        belongs_with(file, s, first_file, first)?;
    }
    for (k, (file, s)) in shards.iter().enumerate() {
        if let Some((other, _)) = shards[..k]
            .iter()
            .find(|(_, o)| (o.shard.index, o.shard.count) == (s.shard.index, s.shard.count))
        {
            return Err(file_error(
                file,
                format!(
                    "shard {}/{} again (also in {other})",
                    s.shard.index, s.shard.count
                ),
            ));
        }
    }
    let segments = first.test_set.segments;
    let mut covered = 0;
    let mut last: Option<&str> = None;
    for &k in &order {
        let (file, s) = &shards[k];
        let r = s.shard;
        if r.start > covered {
            return Err(missing(covered, r.start, s, shards));
        }
        if r.start < covered {
            return Err(file_error(
                file,
                format!(
                    "segments {}..{} overlap those of {}",
                    r.start,
                    r.end,
                    last.unwrap_or("another shard")
                ),
            ));
        }
        covered = r.end;
        last = Some(file);
    }
    if covered < segments {
        return Err(missing(covered, segments, first, shards));
    }
    Ok(order)
}

/// Segments `from..to` are in no shard: say which shard numbers would hold them.
fn missing(from: usize, to: usize, like: &Shard, shards: &[(String, Shard)]) -> ShardError {
    let count = like.shard.count;
    let spec_of = |i| ShardSpec { index: i, count };
    let wanted: Vec<String> = (0..count)
        .filter(|&i| {
            let r = spec_of(i).range(like.test_set.segments);
            r.start < to && r.end > from && !shards.iter().any(|(_, s)| s.shard.index == i)
        })
        .map(|i| spec_of(i).to_string())
        .collect();
    let hint = if wanted.is_empty() {
        String::new()
    } else {
        format!(" (shard {} missing?)", wanted.join(", "))
    };
    ShardError::Set(format!(
        "segments {from}..{to} of {} are in no shard given{hint}",
        like.test_set.segments
    ))
}

/// A shard that is consistent in itself.
fn check_one(file: &str, s: &Shard) -> Result<(), ShardError> {
    let r = s.shard;
    let set = &s.test_set;
    if r.count == 0 || r.index >= r.count || r.start > r.end || r.end > set.segments {
        return Err(file_error(
            file,
            format!(
                "shard {}/{} of segments {}..{} does not fit a test set of {} segments",
                r.index, r.count, r.start, r.end, set.segments
            ),
        ));
    }
    if s.metrics.is_empty() {
        return Err(file_error(file, "no metric"));
    }
    for m in &s.metrics {
        if m.systems.len() != set.systems.len() {
            return Err(file_error(
                file,
                format!(
                    "{}: statistics of {} systems, {} named",
                    m.key,
                    m.systems.len(),
                    set.systems.len()
                ),
            ));
        }
        for (rows, sys) in m.systems.iter().zip(&set.systems) {
            if rows.0.len() != r.end - r.start {
                return Err(file_error(
                    file,
                    format!(
                        "{} statistics of system {}: {} rows for segments {}..{}",
                        m.key,
                        sys.name,
                        rows.0.len(),
                        r.start,
                        r.end
                    ),
                ));
            }
            if let Some(i) = rows.0.iter().position(|row| row.len() != m.row_width) {
                return Err(file_error(
                    file,
                    format!(
                        "{} statistics of system {}, segment {}: {} values, not {}",
                        m.key,
                        sys.name,
                        r.start + i + 1,
                        rows.0[i].len(),
                        m.row_width
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// `s` (in `file`) is a shard of the same run as `first` (in `first_file`).
fn belongs_with(file: &str, s: &Shard, first_file: &str, first: &Shard) -> Result<(), ShardError> {
    let differ = |what: String| file_error(file, format!("{what} (shards of different runs)"));
    if s.shard.count != first.shard.count {
        return Err(differ(format!(
            "shard {}/{}, {first_file} shard {}/{}",
            s.shard.index, s.shard.count, first.shard.index, first.shard.count
        )));
    }
    let (a, b) = (&s.test_set, &first.test_set);
    if a.segments != b.segments {
        return Err(differ(format!(
            "a test set of {} segments, {first_file} one of {}",
            a.segments, b.segments
        )));
    }
    let texts = |t: &ShardTestSet| -> Vec<(String, HashedFile)> {
        t.source
            .iter()
            .map(|f| ("the source".to_owned(), f.clone()))
            .chain(
                t.references
                    .iter()
                    .map(|f| (format!("reference {}", f.name), f.clone())),
            )
            .chain(
                t.systems
                    .iter()
                    .map(|f| (format!("system {}", f.name), f.clone())),
            )
            .collect()
    };
    let (ta, tb) = (texts(a), texts(b));
    for ((what_a, fa), (what_b, fb)) in ta.iter().zip(&tb) {
        if what_a != what_b {
            return Err(differ(format!("{what_a} where {first_file} has {what_b}")));
        }
        if fa.sha256 != fb.sha256 {
            return Err(differ(format!(
                "{what_a} has other content than in {first_file} (sha256 {}… vs {}…)",
                &fa.sha256[..fa.sha256.len().min(12)],
                &fb.sha256[..fb.sha256.len().min(12)]
            )));
        }
    }
    if ta.len() != tb.len() || a.source.is_some() != b.source.is_some() {
        let count = |t: &ShardTestSet| {
            format!(
                "{} source, {} references, {} systems",
                if t.source.is_some() { "a" } else { "no" },
                t.references.len(),
                t.systems.len()
            )
        };
        return Err(differ(format!("{}, {first_file} {}", count(a), count(b))));
    }
    fn keys(s: &Shard) -> Vec<&str> {
        s.metrics.iter().map(|m| m.key.as_str()).collect()
    }
    if keys(s) != keys(first) {
        return Err(differ(format!(
            "metrics {}, {first_file} {}",
            keys(s).join(" "),
            keys(first).join(" ")
        )));
    }
    if s.normalization != first.normalization {
        let name = |n: Option<Normalization>| n.map_or("not normalized", Normalization::name);
        return Err(differ(format!(
            "inputs {}, in {first_file} {}",
            name(s.normalization),
            name(first.normalization)
        )));
    }
    for (ma, mb) in s.metrics.iter().zip(&first.metrics) {
        if ma.external != mb.external {
            return Err(differ(format!(
                "{} is scored otherwise than in {first_file} (scale or direction of its scores)",
                ma.key
            )));
        }
        if ma.signature != mb.signature || ma.row_width != mb.row_width {
            return Err(differ(format!(
                "{} signature differs from {first_file}'s: {}",
                ma.key,
                field_difference(&ma.signature, &mb.signature)
            )));
        }
    }
    if s.metric_options != first.metric_options {
        return Err(differ(format!("other metric options than {first_file}")));
    }
    Ok(())
}

/// The fields two formatted signatures differ in: `tok:intl vs tok:13a`.
fn field_difference(a: &str, b: &str) -> String {
    let (fa, fb): (Vec<&str>, Vec<&str>) = (a.split('|').collect(), b.split('|').collect());
    let only_a: Vec<&str> = fa.iter().copied().filter(|f| !fb.contains(f)).collect();
    let only_b: Vec<&str> = fb.iter().copied().filter(|f| !fa.contains(f)).collect();
    format!("{} vs {}", only_a.join("|"), only_b.join("|"))
}

/// One system's result from its statistics rows, as [`crate::scoring`] computes it from the
/// text: the corpus score and details of the sum (summed in segment order), sentence scores of
/// each segment. A row that is not a valid statistic gives its segment (0-based) and why.
fn system_metric<M: Metric>(
    metric: &M,
    rows: Vec<f64>,
    width: usize,
    sentence: bool,
) -> Result<SystemMetric, (usize, String)>
where
    M::Stats: FromRow,
{
    let stats: Vec<M::Stats> = rows
        .chunks_exact(width.max(1))
        .enumerate()
        .map(|(i, row)| M::Stats::from_row(row).map_err(|e| (i, e)))
        .collect::<Result<_, _>>()?;
    let total = sum_stats(&stats);
    Ok(SystemMetric {
        score: metric.score(&total),
        details: metric.details(&total),
        rows,
        sentence: sentence.then(|| stats.par_iter().map(|s| metric.sentence_score(s)).collect()),
    })
}

/// Statistics read back from a row in sacreBLEU's layout (the inverse of
/// [`SufficientStats::write_row`](crate::metrics::SufficientStats::write_row)).
trait FromRow: Sized {
    fn from_row(row: &[f64]) -> Result<Self, String>;
}

/// A count written as a float64: a whole number from 0 to 2^53.
fn count(x: f64) -> Result<u64, String> {
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= 9_007_199_254_740_992.0 {
        Ok(x as u64)
    } else {
        Err(format!("{x} is not a count"))
    }
}

impl FromRow for BleuStats {
    fn from_row(row: &[f64]) -> Result<Self, String> {
        let order = row.len().saturating_sub(2) / 2;
        let mut s = BleuStats {
            hyp_len: count(row[0])?,
            ref_len: count(row[1])?,
            ..BleuStats::default()
        };
        for n in 0..order {
            s.matches[n] = count(row[2 + n])?;
            s.totals[n] = count(row[2 + order + n])?;
        }
        Ok(s)
    }
}

impl FromRow for ChrfStats {
    fn from_row(row: &[f64]) -> Result<Self, String> {
        let mut s = ChrfStats::default();
        for (o, triple) in s.orders.iter_mut().zip(row.chunks_exact(3)) {
            for (x, &v) in o.iter_mut().zip(triple) {
                *x = count(v)?;
            }
        }
        Ok(s)
    }
}

impl FromRow for TerStats {
    fn from_row(row: &[f64]) -> Result<Self, String> {
        let (num_edits, ref_length) = (row[0], row[1]);
        count(num_edits)?;
        if !(ref_length.is_finite() && ref_length >= 0.0) {
            return Err(format!("{ref_length} is not a reference length"));
        }
        Ok(TerStats {
            num_edits,
            ref_length,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::SufficientStats;

    #[test]
    fn shard_specs_parse_zero_based() {
        assert_eq!(
            ShardSpec::parse("0/4").unwrap(),
            ShardSpec { index: 0, count: 4 }
        );
        assert_eq!(ShardSpec::parse("3/4").unwrap().to_string(), "3/4");
        for bad in ["4/4", "1/0", "x/4", "1", "-1/4", "1/4/2", ""] {
            let e = ShardSpec::parse(bad).unwrap_err().to_string();
            assert!(e.starts_with(&format!("shard '{bad}'")), "{e}");
        }
        assert!(
            ShardSpec::parse("4/4")
                .unwrap_err()
                .to_string()
                .contains("the last of 4 is 3/4")
        );
    }

    /// Ranges are contiguous, disjoint, complete and differ in size by at most one, also with
    /// more shards than segments.
    #[test]
    fn ranges_partition_the_test_set() {
        for n in [0, 1, 2, 5, 7, 2037] {
            for count in 1..=9 {
                let mut next = 0;
                let mut sizes = Vec::new();
                for index in 0..count {
                    let r = ShardSpec { index, count }.range(n);
                    assert_eq!(r.start, next, "n={n} {index}/{count}");
                    next = r.end;
                    sizes.push(r.len());
                }
                assert_eq!(next, n);
                let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(hi - lo <= 1, "n={n} count={count}: {sizes:?}");
            }
        }
        assert_eq!(ShardSpec { index: 1, count: 4 }.range(2037), 509..1018);
    }

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn slurm_arrays_give_the_shard() {
        let s = ShardSpec::from_slurm(env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "3"),
        ]))
        .unwrap();
        assert_eq!(s, ShardSpec { index: 2, count: 4 });
        // --array=1-4: task ids count from 1.
        let s = ShardSpec::from_slurm(env(&[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "4"),
        ]))
        .unwrap();
        assert_eq!(s, ShardSpec { index: 0, count: 4 });
        // --array=0-6:2 has 4 tasks with ids 0, 2, 4, 6: not shard numbers.
        let e = ShardSpec::from_slurm(env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "6"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
        ]))
        .unwrap_err();
        assert!(e.to_string().contains("--array=0-3"), "{e}");
        let e = ShardSpec::from_slurm(env(&[("JOB_COMPLETION_INDEX", "1")])).unwrap_err();
        assert!(e.to_string().contains("gives no shard count"), "{e}");
        let e = ShardSpec::from_slurm(env(&[])).unwrap_err();
        assert!(e.to_string().contains("not a task of a Slurm job array"));
    }

    #[test]
    fn array_tasks_are_recognised() {
        assert_eq!(array_task(env(&[])), None);
        assert_eq!(
            array_task(env(&[("JOB_COMPLETION_INDEX", "3")])),
            Some(ArrayTask::Kubernetes { index: "3".into() })
        );
        assert_eq!(
            array_task(env(&[("SLURM_ARRAY_TASK_ID", "3")])),
            Some(ArrayTask::Slurm {
                id: "3".into(),
                count: None
            })
        );
    }

    /// Reading a row back gives the statistics that wrote it, for every metric's layout.
    #[test]
    fn rows_read_back_as_the_statistics_that_wrote_them() {
        fn round_trip<S: SufficientStats + FromRow>(s: S, width: usize) {
            let mut row = Vec::new();
            s.write_row(width, &mut row);
            assert_eq!(row.len(), width);
            assert_eq!(S::from_row(&row).unwrap(), s);
        }
        let mut b = BleuStats {
            hyp_len: 12,
            ref_len: 14,
            ..BleuStats::default()
        };
        b.matches[..4].copy_from_slice(&[9, 5, 3, 1]);
        b.totals[..4].copy_from_slice(&[12, 11, 10, 9]);
        round_trip(b, 10);
        let mut c = ChrfStats::default();
        for (k, o) in c.orders.iter_mut().take(8).enumerate() {
            *o = [k as u64 + 10, k as u64 + 20, k as u64];
        }
        round_trip(c, 24);
        round_trip(
            TerStats {
                num_edits: 3.0,
                ref_length: 23.0 / 3.0,
            },
            2,
        );
        assert!(BleuStats::from_row(&[1.5; 10]).is_err());
        assert!(ChrfStats::from_row(&[-1.0; 18]).is_err());
        assert!(TerStats::from_row(&[1.0, f64::NAN]).is_err());
    }
}
