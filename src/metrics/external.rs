//! Segment scores computed by other tools (COMET, MetricX, BLEURT, …), brought in as a metric
//! like the others.
//!
//! A neural metric's corpus score is the mean of its segment scores, so its sufficient
//! statistics are one row `[value, 1]` per segment: summing rows gives `[Σ value, n]` and the
//! score of a sum is `scale · Σ value / n`. That is all sacreBLEU's significance machinery needs
//! — a bootstrap resample or an approximate-randomization trial sums rows and scores the sum —
//! so confidence intervals, paired bootstrap and paired approximate randomization run on these
//! values exactly as sacreBLEU runs them on a metric whose `_extract_corpus_statistics` returns
//! `[[value, 1], …]` and whose `_compute_score_from_stats(s)` is `scale * (s[0] / s[1])`
//! (`tests/golden/scores.py` runs sacreBLEU's own `PairedTest` and `_bootstrap_resample` on
//! such a class). Reports, the gate and the JSON then need no special case.
//!
//! The user names the model (`comet22`, `metricx24`, `bleurt20`); the name, the mean and the
//! scale go into the signature: `metric:comet22|agg:mean|scale:100|version:…`.
//!
//! **Scale.** Scores are read as the tool wrote them; the corpus score is their mean times
//! `scale`. COMET and BLEURT write 0–1 values while papers and the thresholds of Kocmi et al.
//! (2024) use points of ×100, so names containing `comet` or `bleurt` default to 100; others
//! (MetricX's 0–25 error scale) to 1. The scale is in the signature and the JSON.
//!
//! **Direction.** Higher is better unless the name contains `metricx` (an error score) or the
//! caller says otherwise.
//!
//! Where the values come from ([`ScoresSource`]): one file per system (in system order, or a
//! folder with a file named after each system), either one number per line or JSON Lines with
//! the number in a (dotted) field; or one JSON Lines file with a field per system. A missing,
//! extra, non-numeric or non-finite value is a one-line error naming the file and line.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::calibration::Calibration;
use super::registry::METRIC_NAMES;
use super::signature::Signature;

/// Scores that cannot be read or do not fit the test set.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoresError {
    /// A problem at one line of one file.
    #[error("{path}:{line}: {message}")]
    Line {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A problem with a whole file or folder.
    #[error("{path}: {message}")]
    File {
        /// The file or folder.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A metric name, scale or source that cannot be used.
    #[error("{0}")]
    Config(String),
}

/// Where the segment scores of one external metric are.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoresSource {
    /// One file per system, in the test set's system order. Plain text (one number per line)
    /// unless `field` names the JSON field (dotted path) of a JSON Lines file.
    Files {
        /// The files.
        paths: Vec<PathBuf>,
        /// JSON field holding the score, for JSON Lines files.
        field: Option<String>,
    },
    /// A folder with one file per system, named `<system>` or `<system>.<ext>`; files named
    /// after no system are ignored. `field` as for [`ScoresSource::Files`].
    Folder {
        /// The folder.
        path: PathBuf,
        /// JSON field holding the score, for JSON Lines files.
        field: Option<String>,
    },
    /// One JSON Lines file, one record per segment, a field per system named after it (under
    /// the dotted path `prefix`, if given: `{"comet": {"sysA": 0.8, "sysB": 0.7}}`).
    Combined {
        /// The file.
        path: PathBuf,
        /// Object holding the per-system fields.
        prefix: Option<String>,
    },
}

/// An external metric as requested: its name, where its scores are, and how to read them.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoresRequest {
    /// The model's name as the user gives it (`comet22`); the metric's key and display name.
    pub name: String,
    /// Where the scores are.
    pub source: ScoresSource,
    /// Factor applied to the mean; `None`: [`default_scale`].
    pub scale: Option<f64>,
    /// `None`: [`default_higher_is_better`].
    pub higher_is_better: Option<bool>,
}

/// 100 for names containing `comet` or `bleurt` (0–1 scores reported as points), else 1.
pub fn default_scale(name: &str) -> f64 {
    let n = name.to_ascii_lowercase();
    if n.contains("comet") || n.contains("bleurt") {
        100.0
    } else {
        1.0
    }
}

/// False for names containing `metricx` (an error score: lower is better), else true.
pub fn default_higher_is_better(name: &str) -> bool {
    !name.to_ascii_lowercase().contains("metricx")
}

/// Check a user-given metric name: letters, digits and `. _ + -`, not a built-in metric.
pub fn validate_name(name: &str) -> Result<(), ScoresError> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'))
    {
        return Err(ScoresError::Config(format!(
            "scores name {name:?}: use letters, digits and . _ + - (e.g. comet22, metricx24)"
        )));
    }
    let lower = name.to_ascii_lowercase();
    // sacreBLEU's score names too (chrF2, chrF2++): a name is how calibrations, thresholds and
    // reports tell metrics apart, so scores from elsewhere must not take a built-in one.
    let score_name = lower.strip_prefix("chrf").is_some_and(|rest| {
        let beta = rest.trim_end_matches('+');
        !beta.is_empty() && beta.bytes().all(|b| b.is_ascii_digit())
    });
    if METRIC_NAMES.contains(&lower.as_str()) || score_name {
        return Err(ScoresError::Config(format!(
            "scores name {name:?} is a built-in metric; name the model that computed the scores (e.g. comet22)"
        )));
    }
    Ok(())
}

/// One system's segment scores, as the tool wrote them (not scaled).
#[derive(Debug, Clone, PartialEq)]
pub struct SystemScores {
    /// The system's name.
    pub system: String,
    /// One value per segment.
    pub values: Vec<f64>,
}

/// An external metric with its loaded scores: a [`MetricSpec`](super::MetricSpec) like the
/// others, whose statistics come from files instead of text.
#[derive(Clone, PartialEq)]
pub struct External {
    name: String,
    scale: f64,
    higher_is_better: bool,
    scores: Arc<Vec<SystemScores>>,
}

impl fmt::Debug for External {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("External")
            .field("name", &self.name)
            .field("scale", &self.scale)
            .field("higher_is_better", &self.higher_is_better)
            .field(
                "systems",
                &self.scores.iter().map(|s| &s.system).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl External {
    /// An external metric from scores already in memory (one entry per system).
    pub fn new(
        name: &str,
        scale: Option<f64>,
        higher_is_better: Option<bool>,
        scores: Vec<SystemScores>,
    ) -> Result<Self, ScoresError> {
        validate_name(name)?;
        let calibrated = Calibration::for_metric(name).is_some();
        let scale = match scale {
            Some(s) if !(s.is_finite() && s > 0.0) => {
                return Err(ScoresError::Config(format!(
                    "scale of {name}: {s} is not a positive number"
                )));
            }
            // The calibration's deltas are in points of score × 100.
            Some(s) if calibrated && s != 100.0 => {
                return Err(ScoresError::Config(format!(
                    "{name} is calibrated (Kocmi et al. 2024) in points of score × 100, so its scale is 100, not {s}; give the scores another name to use another scale"
                )));
            }
            Some(s) => s,
            None => default_scale(name),
        };
        for s in &scores {
            if let Some(i) = s.values.iter().position(|v| !v.is_finite()) {
                return Err(ScoresError::Config(format!(
                    "{name}: system {} segment {}: {} is not a finite number",
                    s.system,
                    i + 1,
                    s.values[i]
                )));
            }
        }
        Ok(Self {
            name: name.to_owned(),
            scale,
            higher_is_better: higher_is_better.unwrap_or_else(|| default_higher_is_better(name)),
            scores: Arc::new(scores),
        })
    }

    /// Read the scores `request` points at, for a test set of `n` segments whose systems are
    /// named `systems` (in order).
    pub fn load(request: &ScoresRequest, systems: &[&str], n: usize) -> Result<Self, ScoresError> {
        validate_name(&request.name)?;
        let scores = match &request.source {
            ScoresSource::Files { paths, field } => {
                if paths.len() != systems.len() {
                    return Err(ScoresError::Config(format!(
                        "{}: {} score files for {} systems; give one per system, in the systems' order, or a folder with a file named after each system",
                        request.name,
                        paths.len(),
                        systems.len()
                    )));
                }
                systems
                    .iter()
                    .zip(paths)
                    .map(|(&sys, p)| read_system_file(p, field.as_deref(), sys, n))
                    .collect::<Result<Vec<_>, _>>()?
            }
            ScoresSource::Folder { path, field } => systems
                .iter()
                .map(|&sys| read_system_file(&file_in_folder(path, sys)?, field.as_deref(), sys, n))
                .collect::<Result<Vec<_>, _>>()?,
            ScoresSource::Combined { path, prefix } => {
                read_combined(path, prefix.as_deref(), systems, n)?
            }
        };
        Self::new(
            &request.name,
            request.scale,
            request.higher_is_better,
            scores,
        )
    }

    /// The metric's key (its name as given).
    pub fn key(&self) -> &str {
        &self.name
    }

    /// The name given by the user.
    pub fn display_name(&self) -> String {
        self.name.clone()
    }

    /// The factor applied to the mean.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// `metric:<name>|agg:mean|scale:<scale>`. There is no `nrefs`: which references (if any)
    /// the tool used is not known here.
    pub fn signature(&self, _nrefs: usize) -> Signature {
        let mut s = Signature::empty();
        s.push("metric", "m", self.name.clone())
            .push("agg", "a", "mean")
            .push("scale", "x", format_scale(self.scale));
        s
    }

    /// Sentence scores are the segment values times the scale: same signature.
    pub fn sentence_signature(&self, nrefs: usize) -> Signature {
        self.signature(nrefs)
    }

    /// `[value, 1]`.
    pub fn row_width(&self) -> usize {
        2
    }

    /// Whether a higher score is better.
    pub fn higher_is_better(&self) -> bool {
        self.higher_is_better
    }

    /// `scale · (Σ value / n)` of a summed row (0 for no segments).
    pub fn score_row(&self, row: &[f64]) -> f64 {
        if row[1] == 0.0 {
            0.0
        } else {
            self.scale * (row[0] / row[1])
        }
    }

    /// `scale * (s[0] / s[1])` on a float32 row, as numpy computes it under NEP 50: the
    /// quotient of two `np.float32` is float32, and the Python float `scale` meeting it is
    /// rounded to float32 first (sacreBLEU's `_bootstrap_resample` casts the rows to float32).
    pub fn score_f32(&self, row: &[f32]) -> crate::significance::numpy32::Num {
        crate::significance::numpy32::Num::F32(self.scale as f32 * (row[0] / row[1]))
    }

    /// The scores of the system named `system`, if loaded.
    pub fn system(&self, system: &str) -> Option<&SystemScores> {
        self.scores.iter().find(|s| s.system == system)
    }

    /// Refuse a test set these scores do not cover: a system without scores, or another
    /// segment count.
    pub fn check_systems(&self, systems: &[&str], n: usize) -> Result<(), ScoresError> {
        for &sys in systems {
            let s = self.system(sys).ok_or_else(|| {
                ScoresError::Config(format!("{}: no scores for system {sys}", self.name))
            })?;
            if s.values.len() != n {
                return Err(ScoresError::Config(format!(
                    "{}: system {sys} has {} scores for {n} segments",
                    self.name,
                    s.values.len()
                )));
            }
        }
        Ok(())
    }

    /// Statistics rows, corpus score and (if asked) sentence scores of one system's values.
    /// The corpus sum adds the values in segment order, as sacreBLEU's `sum_of_lists` does.
    pub fn system_metric(&self, values: &[f64], sentence: bool) -> crate::scoring::SystemMetric {
        let mut rows = Vec::with_capacity(2 * values.len());
        let mut sum = 0.0;
        for &v in values {
            rows.extend([v, 1.0]);
            sum += v;
        }
        crate::scoring::SystemMetric {
            score: self.score_row(&[sum, values.len() as f64]),
            details: super::ScoreDetails::External {
                scale: self.scale,
                higher_is_better: self.higher_is_better,
            },
            rows,
            sentence: sentence.then(|| values.iter().map(|&v| self.scale * v).collect()),
        }
    }

    /// The same metric on segments `range` only (a shard of the test set).
    pub fn slice(&self, range: std::ops::Range<usize>) -> Self {
        let scores = self
            .scores
            .iter()
            .map(|s| SystemScores {
                system: s.system.clone(),
                values: s.values.get(range.clone()).unwrap_or_default().to_vec(),
            })
            .collect();
        Self {
            scores: Arc::new(scores),
            ..self.clone()
        }
    }

    /// The human-agreement calibration of this metric (Kocmi et al. 2024), if its name is one.
    pub fn calibration(&self) -> Option<Calibration> {
        Calibration::for_metric(&self.name)
    }
}

fn format_scale(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// `NAME=PATH` or `NAME=PATH:FIELD` (the split at the last `:` is taken only when `PATH:FIELD`
/// is not itself an existing path). Returns the name, the path and the field.
pub fn parse_scores_arg(arg: &str) -> Result<(String, PathBuf, Option<String>), ScoresError> {
    let (name, rest) = arg.split_once('=').ok_or_else(|| {
        ScoresError::Config(format!(
            "scores {arg:?}: expected NAME=FILE (e.g. comet22=sysA.comet), NAME=FILE:FIELD for JSON Lines, or NAME=FOLDER"
        ))
    })?;
    validate_name(name)?;
    if rest.is_empty() {
        return Err(ScoresError::Config(format!(
            "scores {arg:?}: no file given"
        )));
    }
    if Path::new(rest).exists() {
        return Ok((name.to_owned(), PathBuf::from(rest), None));
    }
    match rest.rsplit_once(':') {
        Some((p, f)) if !p.is_empty() && !f.is_empty() && !f.contains('/') => {
            Ok((name.to_owned(), PathBuf::from(p), Some(f.to_owned())))
        }
        _ => Ok((name.to_owned(), PathBuf::from(rest), None)),
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// The one file of `folder` named `system` or `system.<ext>` (hidden and backup files skipped).
fn file_in_folder(folder: &Path, system: &str) -> Result<PathBuf, ScoresError> {
    let entries = std::fs::read_dir(folder).map_err(|e| ScoresError::File {
        path: display(folder),
        message: e.to_string(),
    })?;
    let mut found: Vec<PathBuf> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let matches = name == system
            || name
                .strip_prefix(system)
                .and_then(|r| r.strip_prefix('.'))
                .is_some_and(|ext| !ext.is_empty() && !ext.contains('.'));
        if matches && e.path().is_file() {
            found.push(e.path());
        }
    }
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(ScoresError::File {
            path: display(folder),
            message: format!(
                "no scores for system {system} (expected a file {system} or {system}.<ext>)"
            ),
        }),
        _ => Err(ScoresError::File {
            path: display(folder),
            message: format!(
                "several score files for system {system}: {}",
                found
                    .iter()
                    .map(|p| display(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

fn read_text(path: &Path) -> Result<String, ScoresError> {
    let bytes = std::fs::read(path).map_err(|e| ScoresError::File {
        path: display(path),
        message: e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        ScoresError::Line {
            path: display(path),
            line,
            message: "not valid UTF-8".to_owned(),
        }
    })
}

/// The lines of a file as sacreBLEU-style line-aligned input: a final newline ends the last
/// line, it does not start an empty one.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    let empty = text.is_empty();
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(move |_| !empty)
}

fn count_error(path: &Path, got: usize, n: usize) -> ScoresError {
    if got < n {
        ScoresError::Line {
            path: display(path),
            line: got + 1,
            message: format!(
                "missing score: the file ends after {got} lines but the test set has {n} segments"
            ),
        }
    } else {
        ScoresError::Line {
            path: display(path),
            line: n + 1,
            message: format!("extra score: the test set has {n} segments"),
        }
    }
}

fn finite(path: &Path, line: usize, v: f64, what: &str) -> Result<f64, ScoresError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(ScoresError::Line {
            path: display(path),
            line,
            message: format!("{what} is not a finite number"),
        })
    }
}

fn parse_number(path: &Path, line: usize, s: &str) -> Result<f64, ScoresError> {
    let t = s.trim();
    // Rust also parses `inf`, `NaN`, `infinity`: all refused as not finite.
    let v: f64 = t.parse().map_err(|_| ScoresError::Line {
        path: display(path),
        line,
        message: if t.is_empty() {
            "empty line where a score was expected".to_owned()
        } else {
            format!("{:?} is not a number", clip(t))
        },
    })?;
    finite(path, line, v, &format!("{t:?}"))
}

fn clip(s: &str) -> String {
    let c: String = s.chars().take(40).collect();
    if c.len() < s.len() {
        format!("{c}…")
    } else {
        c
    }
}

fn field<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn json_record(path: &Path, line: usize, l: &str) -> Result<serde_json::Value, ScoresError> {
    serde_json::from_str(l).map_err(|e| ScoresError::Line {
        path: display(path),
        line,
        message: format!("not a JSON record: {e}"),
    })
}

fn json_number(
    path: &Path,
    line: usize,
    record: &serde_json::Value,
    name: &str,
) -> Result<f64, ScoresError> {
    let at = |message: String| ScoresError::Line {
        path: display(path),
        line,
        message,
    };
    match field(record, name) {
        None => Err(at(format!("no field {name:?}"))),
        Some(serde_json::Value::Number(x)) => {
            let v = x
                .as_f64()
                .ok_or_else(|| at(format!("field {name:?} is not a number")))?;
            finite(path, line, v, &format!("field {name:?}"))
        }
        Some(other) => Err(at(format!(
            "field {name:?} is {}, not a number",
            clip(&other.to_string())
        ))),
    }
}

fn read_system_file(
    path: &Path,
    field: Option<&str>,
    system: &str,
    n: usize,
) -> Result<SystemScores, ScoresError> {
    let text = read_text(path)?;
    let mut values = Vec::with_capacity(n);
    for (line, l) in lines(&text) {
        if line > n {
            return Err(count_error(path, line, n));
        }
        values.push(match field {
            None => parse_number(path, line, l)?,
            Some(f) => json_number(path, line, &json_record(path, line, l)?, f)?,
        });
    }
    if values.len() != n {
        return Err(count_error(path, values.len(), n));
    }
    Ok(SystemScores {
        system: system.to_owned(),
        values,
    })
}

fn read_combined(
    path: &Path,
    prefix: Option<&str>,
    systems: &[&str],
    n: usize,
) -> Result<Vec<SystemScores>, ScoresError> {
    let text = read_text(path)?;
    let mut out: Vec<SystemScores> = systems
        .iter()
        .map(|&s| SystemScores {
            system: s.to_owned(),
            values: Vec::with_capacity(n),
        })
        .collect();
    let mut count = 0;
    for (line, l) in lines(&text) {
        if line > n {
            return Err(count_error(path, line, n));
        }
        let record = json_record(path, line, l)?;
        let holder = match prefix {
            None => &record,
            Some(p) => field(&record, p).ok_or_else(|| ScoresError::Line {
                path: display(path),
                line,
                message: format!("no field {p:?}"),
            })?,
        };
        for s in &mut out {
            // A system name may contain dots: look it up as one key, not a path.
            let v = match holder.get(&s.system) {
                Some(v) => json_number(path, line, &serde_json::json!({ "v": v }), "v")
                    .map_err(|e| rename_field(e, &s.system))?,
                None => {
                    return Err(ScoresError::Line {
                        path: display(path),
                        line,
                        message: format!("no field {:?} (the system's name)", s.system),
                    });
                }
            };
            s.values.push(v);
        }
        count = line;
    }
    if count != n {
        return Err(count_error(path, count, n));
    }
    Ok(out)
}

fn rename_field(e: ScoresError, name: &str) -> ScoresError {
    match e {
        ScoresError::Line {
            path,
            line,
            message,
        } => ScoresError::Line {
            path,
            line,
            message: message.replace("\"v\"", &format!("{name:?}")),
        },
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn files(paths: Vec<PathBuf>, field: Option<&str>) -> ScoresRequest {
        ScoresRequest {
            name: "comet22".into(),
            source: ScoresSource::Files {
                paths,
                field: field.map(Into::into),
            },
            scale: None,
            higher_is_better: None,
        }
    }

    #[test]
    fn plain_and_jsonl_files_give_the_same_scores() {
        let d = tempfile::tempdir().unwrap();
        let a = write(d.path(), "a.txt", "0.5\n 0.25 \n-0.125\n");
        let b = write(
            d.path(),
            "b.jsonl",
            "{\"x\":{\"score\":0.5}}\n{\"x\":{\"score\":0.25}}\n{\"x\":{\"score\":-0.125}}\n",
        );
        let ea = External::load(&files(vec![a], None), &["s"], 3).unwrap();
        let eb = External::load(&files(vec![b], Some("x.score")), &["s"], 3).unwrap();
        assert_eq!(ea.system("s"), eb.system("s"));
        let m = ea.system_metric(&ea.system("s").unwrap().values, true);
        assert_eq!(m.rows, vec![0.5, 1.0, 0.25, 1.0, -0.125, 1.0]);
        assert_eq!(m.score, 100.0 * (0.625 / 3.0));
        assert_eq!(m.sentence.unwrap(), vec![50.0, 25.0, -12.5]);
        assert_eq!(
            ea.signature(1).format(false),
            format!(
                "metric:comet22|agg:mean|scale:100|version:{}",
                super::super::signature::VERSION_FIELD
            )
        );
    }

    #[test]
    fn bad_lines_are_named() {
        let d = tempfile::tempdir().unwrap();
        let cases = [
            ("0.1\n0.2\n", "short.txt:3: missing score"),
            ("0.1\n0.2\n0.3\n0.4\n", "long.txt:4: extra score"),
            ("0.1\nabc\n0.3\n", "bad.txt:2: \"abc\" is not a number"),
            (
                "0.1\nNaN\n0.3\n",
                "nan.txt:2: \"NaN\" is not a finite number",
            ),
            (
                "0.1\n0.2\ninf\n",
                "inf.txt:3: \"inf\" is not a finite number",
            ),
            ("0.1\n\n0.3\n", "empty.txt:2: empty line"),
        ];
        for (i, (text, want)) in cases.iter().enumerate() {
            let name = want.split(':').next().unwrap();
            let p = write(d.path(), name, text);
            let e = External::load(&files(vec![p], None), &["s"], 3).unwrap_err();
            assert!(
                e.to_string().ends_with(&want[name.len()..]) || e.to_string().contains(want),
                "case {i}: {e}"
            );
            assert!(!e.to_string().contains('\n'));
        }
        let p = write(
            d.path(),
            "j.jsonl",
            "{\"score\":0.1}\n{\"s\":1}\n{\"score\":\"0.3\"}\n",
        );
        let e = External::load(&files(vec![p.clone()], Some("score")), &["s"], 3).unwrap_err();
        assert!(
            e.to_string().ends_with("j.jsonl:2: no field \"score\""),
            "{e}"
        );
        let p2 = write(
            d.path(),
            "k.jsonl",
            "{\"score\":0.1}\n{\"score\":2}\n{\"score\":\"0.3\"}\n",
        );
        let e = External::load(&files(vec![p2], Some("score")), &["s"], 3).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("k.jsonl:3: field \"score\" is \"0.3\", not a number"),
            "{e}"
        );
    }

    #[test]
    fn folder_and_combined_sources_match_systems_by_name() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("comet");
        std::fs::create_dir(&f).unwrap();
        write(&f, "A.comet", "1\n2\n");
        write(&f, "B.x", "3\n4\n");
        write(&f, "B.x~", "junk\n");
        write(&f, "C.txt", "junk\n");
        let req = ScoresRequest {
            name: "comet22".into(),
            source: ScoresSource::Folder {
                path: f.clone(),
                field: None,
            },
            scale: Some(100.0),
            higher_is_better: None,
        };
        let e = External::load(&req, &["B", "A"], 2).unwrap();
        assert_eq!(e.system("A").unwrap().values, vec![1.0, 2.0]);
        assert_eq!(e.system("B").unwrap().values, vec![3.0, 4.0]);
        let err = External::load(&req, &["D"], 2).unwrap_err();
        assert!(err.to_string().contains("no scores for system D"), "{err}");

        let c = write(
            d.path(),
            "all.jsonl",
            "{\"m\":{\"A\":1,\"B.v2\":3}}\n{\"m\":{\"A\":2,\"B.v2\":4}}\n",
        );
        let req = ScoresRequest {
            name: "metricx24".into(),
            source: ScoresSource::Combined {
                path: c,
                prefix: Some("m".into()),
            },
            scale: None,
            higher_is_better: None,
        };
        let e = External::load(&req, &["A", "B.v2"], 2).unwrap();
        assert_eq!(e.system("B.v2").unwrap().values, vec![3.0, 4.0]);
        assert!(!e.higher_is_better());
        assert_eq!(e.scale(), 1.0);
        let err = External::load(&req, &["A", "Z"], 2).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("all.jsonl:1: no field \"Z\" (the system's name)"),
            "{err}"
        );
    }

    #[test]
    fn names_and_scales_are_checked() {
        assert!(validate_name("bleu").is_err());
        for builtin in ["chrF2", "chrf2++", "CHRF1", "TER"] {
            assert!(validate_name(builtin).is_err(), "{builtin}");
        }
        assert!(validate_name("chrfoo").is_ok());
        assert!(validate_name("co met").is_err());
        assert!(validate_name("wmt22-comet-da").is_ok());
        let s = |v: Vec<f64>| {
            vec![SystemScores {
                system: "s".into(),
                values: v,
            }]
        };
        assert!(External::new("comet22", Some(1.0), None, s(vec![0.1])).is_err());
        assert!(External::new("mycomet", Some(1.0), None, s(vec![0.1])).is_ok());
        assert!(External::new("bleurt20", Some(0.0), None, s(vec![0.1])).is_err());
        let (n, p, f) = parse_scores_arg("comet22=/no/such/file.jsonl:score").unwrap();
        assert_eq!(
            (n.as_str(), p, f.as_deref()),
            (
                "comet22",
                PathBuf::from("/no/such/file.jsonl"),
                Some("score")
            )
        );
        assert!(parse_scores_arg("comet22").is_err());
    }
}
