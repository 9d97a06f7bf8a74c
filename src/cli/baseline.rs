//! `mtmeter baseline`: score one system and store what `mtmeter check` needs to compare later
//! candidates with it (signatures, content hashes, per-segment statistics). Also holds the
//! input and metric options `baseline` and `check` share.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use mtmeter::corpus::{
    Corpus, CorpusDir, LoadOptions, Loader, Normalization, TextFiles, stem_name,
};
use mtmeter::gate::Baseline;
use mtmeter::metrics::MetricSpec;
use mtmeter::scoring::run_metric;

use super::CliError;
use super::metric_args::MetricArgs;
use super::output::warn_all;
use super::scores::ScoresArgs;

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
    /// Normalize every input to Unicode NFC or NFKC before scoring (recorded in signatures, so
    /// a baseline and a candidate must agree on it).
    #[arg(long, value_name = "FORM")]
    pub normalize: Option<Normalization>,
    /// Worker threads (default: all cores); results never depend on it.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

fn config(msg: impl Into<String>) -> CliError {
    CliError::Usage(msg.into())
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
    pub fn load(&self) -> Result<Corpus, CliError> {
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
                warnings: Vec::new(),
            }
        };
        let corpus = files.load(&LoadOptions {
            strip_bom: self.strip_bom,
            normalize: self.normalize,
        })?;
        warn_all(&corpus.warnings);
        Ok(corpus)
    }
}

/// The metric configurations for `names`, from the shared metric options.
pub fn specs(metric: &MetricArgs, names: &[String]) -> Result<Vec<(String, MetricSpec)>, CliError> {
    let options = metric.options()?;
    let mut out: Vec<(String, MetricSpec)> = Vec::new();
    for name in names {
        if out.iter().any(|(k, _)| k == name) {
            continue;
        }
        let spec = MetricSpec::from_name(name, &options).map_err(mtmeter::Error::from)?;
        out.push((name.clone(), spec));
    }
    Ok(out)
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
    pub metric: MetricArgs,
    #[command(flatten)]
    pub scores: ScoresArgs,
    /// Where to write the baseline (`.gz`: compressed).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: PathBuf,
    /// Test set name recorded in the baseline (default: the folder or first reference's name).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// Run `mtmeter baseline`.
pub fn run(args: &BaselineArgs) -> Result<ExitCode, CliError> {
    let keys = args.metric.names(&["bleu", "chrf", "ter"]);
    let mut specs = specs(&args.metric, &keys)?;
    let corpus = args.input.load()?;
    for e in args.scores.load(&corpus, args.input.corpus.as_deref())? {
        specs.push((e.key().to_owned(), MetricSpec::External(e)));
    }
    for (_, spec) in &specs {
        spec.check_lengths(&corpus).map_err(mtmeter::Error::from)?;
    }
    let results: Vec<_> = specs
        .iter()
        .map(|(key, spec)| run_metric(key, spec, &corpus, false))
        .collect();
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| args.input.test_set_name());
    let baseline =
        Baseline::from_results(&name, &corpus, 0, &results).map_err(mtmeter::Error::from)?;
    baseline.write(&args.out).map_err(mtmeter::Error::from)?;
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
