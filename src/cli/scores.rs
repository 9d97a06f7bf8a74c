//! `--scores NAME=FILE`: segment scores computed by other tools (COMET, MetricX, BLEURT) as a
//! metric ([`mtmeter::metrics::external`]). Shared by `score`, `evaluate`, `baseline` and
//! `check`.

use std::path::{Path, PathBuf};

use clap::Args;
use mtmeter::corpus::Corpus;
use mtmeter::metrics::external::{ScoresRequest, ScoresSource, parse_scores_arg, validate_name};
use mtmeter::metrics::{External, ScoresError};

use super::CliError;

/// Scores from other tools.
#[derive(Debug, Args, Clone, Default)]
pub struct ScoresArgs {
    /// Segment scores from another tool (COMET, MetricX, BLEURT) as a metric named NAME: one
    /// number per line. NAME=FILE once per system, in the systems' order; NAME=FILE:FIELD for
    /// JSON Lines (dotted FIELD); NAME=FOLDER with a file per system named after it
    /// (<system> or <system>.<ext>); with several systems, one NAME=FILE.jsonl[:PREFIX] holding
    /// a field per system; with --corpus, NAME alone reads <corpus>/scores/NAME/. Corpus score:
    /// the mean, ×100 for names containing comet or bleurt.
    #[arg(long = "scores", value_name = "NAME=FILE")]
    pub scores: Vec<String>,
    /// Factor applied to the mean of NAME's scores (default 100 for comet/bleurt names, else 1).
    #[arg(long = "scores-scale", value_name = "NAME=FACTOR")]
    pub scale: Vec<String>,
    /// Lower scores of NAME are better (the default for names containing metricx).
    #[arg(long = "scores-lower-better", value_name = "NAME")]
    pub lower_better: Vec<String>,
}

fn usage(e: impl std::fmt::Display) -> CliError {
    CliError::Usage(e.to_string())
}

impl ScoresArgs {
    /// The metric names given, in order of first appearance.
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.scores {
            let name = s.split_once('=').map_or(s.as_str(), |(n, _)| n);
            if !out.iter().any(|o| o == name) {
                out.push(name.to_owned());
            }
        }
        out
    }

    /// Read every metric's scores for `corpus` (its systems by name, in order).
    pub fn load(
        &self,
        corpus: &Corpus,
        corpus_dir: Option<&Path>,
    ) -> Result<Vec<External>, CliError> {
        let names = self.names();
        for (list, flag) in [(&self.lower_better, "--scores-lower-better")] {
            for n in list {
                if !names.contains(n) {
                    return Err(usage(format!("{flag} {n}: no --scores named {n}")));
                }
            }
        }
        let mut scales: Vec<(String, f64)> = Vec::new();
        for s in &self.scale {
            let (n, v) = s.split_once('=').ok_or_else(|| {
                usage(format!(
                    "--scores-scale {s}: expected NAME=FACTOR, e.g. bleurt20=100"
                ))
            })?;
            if !names.iter().any(|x| x == n) {
                return Err(usage(format!("--scores-scale {s}: no --scores named {n}")));
            }
            let v: f64 = v
                .parse()
                .map_err(|_| usage(format!("--scores-scale {s}: {v:?} is not a number")))?;
            scales.push((n.to_owned(), v));
        }
        let systems: Vec<&str> = corpus.systems.iter().map(|s| s.name.as_str()).collect();
        let lib = |e: ScoresError| CliError::Library(e.into());
        let mut out = Vec::new();
        for name in names {
            let mut entries: Vec<(PathBuf, Option<String>)> = Vec::new();
            for s in &self.scores {
                if s.split_once('=').map_or(s.as_str(), |(n, _)| n) != name {
                    continue;
                }
                if !s.contains('=') {
                    validate_name(&name).map_err(lib)?;
                    let dir = corpus_dir.ok_or_else(|| {
                        usage(format!(
                            "--scores {s}: give NAME=FILE (NAME alone reads <corpus>/scores/NAME/ and needs --corpus)"
                        ))
                    })?;
                    entries.push((dir.join("scores").join(&name), None));
                } else {
                    let (_, p, f) = parse_scores_arg(s).map_err(lib)?;
                    entries.push((p, f));
                }
            }
            let source = match entries.as_slice() {
                [(p, field)] if p.is_dir() => ScoresSource::Folder {
                    path: p.clone(),
                    field: field.clone(),
                },
                [(p, field)] if systems.len() > 1 => ScoresSource::Combined {
                    path: p.clone(),
                    prefix: field.clone(),
                },
                _ => {
                    let field = entries[0].1.clone();
                    if entries.iter().any(|(_, f)| *f != field) {
                        return Err(usage(format!(
                            "--scores {name}: the files name different JSON fields; use one field for all systems"
                        )));
                    }
                    ScoresSource::Files {
                        paths: entries.into_iter().map(|(p, _)| p).collect(),
                        field,
                    }
                }
            };
            let request = ScoresRequest {
                scale: scales.iter().rev().find(|(n, _)| *n == name).map(|x| x.1),
                higher_is_better: self.lower_better.contains(&name).then_some(false),
                name,
                source,
            };
            out.push(External::load(&request, &systems, corpus.len()).map_err(lib)?);
        }
        Ok(out)
    }
}
