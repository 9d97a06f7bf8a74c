//! `mtmeter check`: the CI gate. Scores one candidate, compares it with a stored baseline
//! ([`mtmeter::gate::check`]) and exits 0 (pass, warnings too), 1 (regression), 2 (usage or
//! input error) or 3 (baseline and candidate not comparable).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, ValueEnum};
use mtmeter::gate::{Baseline, CheckConfig, GateOptions, GateReport, GateTest};
use mtmeter::metrics::{METRIC_NAMES, MetricSpec};
use mtmeter::report::atomic::write_atomic;
use mtmeter::report::junit::{self, JunitContext};
use mtmeter::report::{gate as gate_report, github, markdown};

use super::CliError;
use super::baseline::{GateInputArgs, specs};
use super::metric_args::MetricArgs;
use super::output::print;
use super::scores::ScoresArgs;

/// Output format of `check` on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Verdict line and table.
    Text,
    /// The full decision as JSON (schema mtmeter.check/1).
    Json,
}

/// Arguments of `mtmeter check`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes:\n  0  pass (with or without warnings)\n  1  regression: a metric dropped by at least its fail threshold with p < alpha\n     (or a warning, with --fail-on warn)\n  2  usage or input error\n  3  baseline and candidate not comparable (other test set, signature, segment count, metric)\n\nDefault thresholds (drop in points; Kocmi et al. 2024, 70%/60% human agreement):\n  BLEU fail 1.39 warn 0.78; chrF and chrF++ fail 1.00 warn 0.54 (chrF++ uses chrF's);\n  TER fail 1.39 warn 0.78 (mtmeter's own choice: BLEU's values; TER has no calibration).\n  --scores comet22 fail 0.35 warn 0.18 (COMET x 100 points); cometkiwi22 0.33/0.16;\n  xcomet-xl 0.67/0.34; other --scores names need both --fail-threshold and --warn-threshold NAME=DROP.\nSettings come from the [check] table of --config (default ./mtmeter.toml if present);\nthe command line wins. With GITHUB_ACTIONS=true, ::error/::warning annotations are printed,\nand the Markdown summary is appended to $GITHUB_STEP_SUMMARY when set.\n\nExamples:\n  mtmeter check --baseline baseline.json.gz --corpus corpora/wmt22.en-de -i out.de --junit gate.xml\n  mtmeter check --baseline baseline.json ref.de -i out.de --fail-on warn --format json"
)]
pub struct CheckArgs {
    /// The baseline file (`mtmeter baseline`; gzip accepted).
    #[arg(long, value_name = "FILE")]
    pub baseline: PathBuf,
    #[command(flatten)]
    pub input: GateInputArgs,
    #[command(flatten)]
    pub metric: MetricArgs,
    #[command(flatten)]
    pub scores: ScoresArgs,
    /// Write a JUnit XML report.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write a Markdown report.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Output on standard output.
    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// `warn`: warnings fail the gate too.
    #[arg(long = "fail-on", value_enum)]
    pub fail_on: Option<FailOnArg>,
    /// Config file with a [check] table (default: ./mtmeter.toml if it exists).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Fail threshold of a metric, e.g. `bleu=1.5` (repeatable).
    #[arg(long = "fail-threshold", value_name = "METRIC=DROP")]
    pub fail_threshold: Vec<String>,
    /// Warn threshold of a metric, e.g. `chrf=0.5` (repeatable).
    #[arg(long = "warn-threshold", value_name = "METRIC=DROP")]
    pub warn_threshold: Vec<String>,
    /// Significance level for failing (default 0.05).
    #[arg(long)]
    pub alpha: Option<f64>,
    /// Paired approximate randomization instead of paired bootstrap.
    #[arg(long = "paired-ar")]
    pub paired_ar: bool,
    /// Resamples (bootstrap, default 1000) or trials (AR, default 10000).
    #[arg(long)]
    pub samples: Option<usize>,
    /// Random seed (default 12345).
    #[arg(long)]
    pub seed: Option<u64>,
}

/// `--fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    /// Only regressions fail (default).
    Fail,
    /// Warnings fail too.
    Warn,
}

fn config(msg: impl Into<String>) -> CliError {
    CliError::Usage(msg.into())
}

fn gate_error(e: mtmeter::gate::GateError) -> CliError {
    CliError::Library(e.into())
}

fn parse_threshold(s: &str, flag: &str, scores: &[String]) -> Result<(String, f64), CliError> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| config(format!("{flag} {s}: expected METRIC=DROP, e.g. bleu=1.5")))?;
    let x: f64 = v
        .trim()
        .parse()
        .map_err(|_| config(format!("{flag} {s}: {v:?} is not a number")))?;
    let k = k.trim();
    if !["bleu", "chrf", "chrf++", "ter"].contains(&k) && !scores.iter().any(|n| n == k) {
        return Err(config(format!(
            "{flag} {s}: unknown metric {k:?} (bleu, chrf, chrf++, ter, or a --scores name)"
        )));
    }
    Ok((k.to_owned(), x))
}

impl CheckArgs {
    /// Defaults, then the config file, then the command line.
    fn options(&self) -> Result<GateOptions, CliError> {
        let mut o = GateOptions::default();
        let path = self.config.clone().or_else(|| {
            let p = PathBuf::from("mtmeter.toml");
            p.is_file().then_some(p)
        });
        if let Some(p) = path {
            o.apply(&CheckConfig::read(&p).map_err(gate_error)?);
        }
        for (list, is_fail, flag) in [
            (&self.fail_threshold, true, "--fail-threshold"),
            (&self.warn_threshold, false, "--warn-threshold"),
        ] {
            for s in list {
                let (k, x) = parse_threshold(s, flag, &self.scores.names())?;
                if is_fail {
                    o.set(&k, Some(x), None);
                } else {
                    o.set(&k, None, Some(x));
                }
            }
        }
        if let Some(a) = self.alpha {
            o.alpha = a;
        }
        if let Some(f) = self.fail_on {
            o.fail_on_warn = f == FailOnArg::Warn;
        }
        if self.paired_ar {
            o.test = GateTest::Ar;
        }
        if let Some(n) = self.samples {
            o.samples = n;
        }
        if let Some(s) = self.seed {
            o.seed = s;
        }
        o.validate().map_err(gate_error)?;
        Ok(o)
    }

    fn run(&self) -> Result<GateReport, CliError> {
        let opts = self.options()?;
        let baseline = Baseline::read(&self.baseline).map_err(gate_error)?;
        let stored: Vec<&str> = baseline.metrics.iter().map(|m| m.key.as_str()).collect();
        let external = self.scores.names();
        let builtin: Vec<&str> = stored
            .iter()
            .copied()
            .filter(|k| METRIC_NAMES.contains(k))
            .collect();
        let missing = stored
            .iter()
            .find(|k| !METRIC_NAMES.contains(k) && !external.iter().any(|e| e == *k));
        if let (true, Some(k)) = (self.metric.metrics.is_empty(), missing) {
            return Err(config(format!(
                "the baseline has {k} scores: give the candidate's with --scores {k}=FILE, or choose metrics with -m"
            )));
        }
        let keys = self.metric.names(&builtin);
        let mut specs = specs(&self.metric, &keys)?;
        let corpus = self.input.load()?;
        for e in self.scores.load(&corpus, self.input.corpus.as_deref())? {
            specs.push((e.key().to_owned(), MetricSpec::External(e)));
        }
        mtmeter::gate::check(&baseline, &corpus, &specs, &opts).map_err(|e| {
            match e {
                mtmeter::gate::GateError::Config(m) if m.contains("no calibrated thresholds") => {
                    let k = m.split(' ').next().unwrap_or_default().to_owned();
                    config(format!("{m} (--fail-threshold {k}=DROP --warn-threshold {k}=DROP, or [check.thresholds.{k}] in the config)"))
                }
                e => gate_error(e),
            }
        })
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    write_atomic(path, text.as_bytes()).map_err(|source| {
        mtmeter::Error::Write {
            path: path.display().to_string(),
            source,
        }
        .into()
    })
}

fn on_github() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

fn append_step_summary(text: &str) -> Result<(), CliError> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|source| {
            mtmeter::Error::Write {
                path: PathBuf::from(path).display().to_string(),
                source,
            }
            .into()
        })
}

/// Run `mtmeter check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let start = Instant::now();
    let report = match args.run() {
        Ok(r) => r,
        Err(e) => {
            // The CI still gets a report saying why nothing was compared.
            let kind = if e.exit_code() == 3 {
                "mismatch"
            } else {
                "input"
            };
            let msg = e.to_string();
            if let Some(p) = &args.junit {
                let ctx = JunitContext::now(start.elapsed().as_secs_f64());
                let name = args.input.test_set_name();
                let sys = args
                    .input
                    .input
                    .as_deref()
                    .map(mtmeter::corpus::stem_name)
                    .or_else(|| args.input.system.clone())
                    .unwrap_or_default();
                write_file(p, &junit::render_error(&name, &sys, kind, &msg, &ctx))?;
            }
            if on_github() {
                eprint!("{}", github::error_annotation(&msg));
            }
            return Err(e);
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    if let Some(p) = &args.junit {
        write_file(p, &junit::render(&report, &JunitContext::now(seconds)))?;
    }
    let md = (args.markdown.is_some() || std::env::var_os("GITHUB_STEP_SUMMARY").is_some())
        .then(|| markdown::render_gate(&report));
    if let (Some(p), Some(md)) = (&args.markdown, &md) {
        write_file(p, md)?;
    }
    if let Some(md) = &md {
        append_step_summary(md)?;
    }
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    match args.format {
        CheckFormat::Text => {
            let mut s = gate_report::render_text(&report, color);
            if on_github() {
                s.push_str(&github::annotations(&report));
            }
            print(&s)?;
        }
        CheckFormat::Json => {
            if on_github() {
                // Keep standard output valid JSON: the runner reads commands from stderr too.
                eprint!("{}", github::annotations(&report));
            }
            print(&gate_report::render_json(&report))?;
        }
    }
    Ok(ExitCode::from(report.exit_code()))
}
