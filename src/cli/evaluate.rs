//! `mtmeter evaluate`: the report an MT engineer reads. Scores every system with BLEU, chrF and
//! TER (by default), runs sacreBLEU's paired bootstrap against the baseline and between every
//! pair, classifies errors as Hjerson does, and writes one folder: `index.html`, `report.json`,
//! `summary.md` and `charts/*.png|svg`, built beside the destination and renamed into place.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use mtmeter::evaluation::{
    AnalysisRequest, BreakdownRequest, Request, SignificanceRequest, SignificanceTest,
    evaluate_observed, system_index,
};
use mtmeter::report::charts::report_charts;
use mtmeter::report::model::{ReportModel, ReportOptions, SCHEMA};
use mtmeter::report::text::{TextOptions, render_score};
use mtmeter::report::{html, json, markdown};

use super::CliError;
use super::input::InputArgs;
use super::metric_args::{MetricArgs, SignificanceArgs};
use super::output::print;
use super::progress::Bar;
use super::scores::ScoresArgs;

/// Arguments of `mtmeter evaluate`.
#[derive(Debug, Args)]
#[command(
    args_override_self = true,
    after_help = "Writes OUT/index.html (one self-contained page), OUT/report.json (schema mtmeter.report/1), OUT/summary.md and OUT/charts/*.png|svg. The folder is built beside OUT and renamed into place; a folder that is not a previous mtmeter report is never replaced.\n\nExamples:\n  mtmeter evaluate --corpus corpora/demo                 # writes reports/demo/\n  mtmeter evaluate ref.de -i base.de new.de --source src.en --out reports/new"
)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub metrics: MetricArgs,
    #[command(flatten)]
    pub significance: SignificanceArgs,
    #[command(flatten)]
    pub scores: ScoresArgs,
    /// The baseline system (default: the first system; in a corpus folder the first by name).
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    /// Output folder (default with --corpus: reports/<corpus folder name>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Base forms for Hjerson's inflection errors: prefix4 (default) or stem:<lang>.
    #[arg(long = "base-forms", value_name = "KIND", default_value = "prefix4")]
    pub base_forms: String,
    /// Leave out the error analysis and breakdowns.
    #[arg(long = "no-analysis")]
    pub no_analysis: bool,
    /// At most this many segments in the page's explorer (all of them are in report.json).
    #[arg(long = "explorer-cap", value_name = "N", default_value_t = 500)]
    pub explorer_cap: usize,
    /// Print how long each stage took on standard error.
    #[arg(long)]
    pub timings: bool,
}

/// Run `mtmeter evaluate`.
pub fn run(args: &EvaluateArgs) -> Result<ExitCode, CliError> {
    let started = Instant::now();
    let out = match (&args.out, &args.input.corpus) {
        (Some(o), _) => o.clone(),
        (None, Some(dir)) => {
            let name = dir
                .canonicalize()
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "report".into());
            PathBuf::from("reports").join(name)
        }
        (None, None) => {
            return Err(CliError::Usage(
                "evaluate needs --out DIR when the test set is given as files (with --corpus DIR it defaults to reports/<folder name>)".into(),
            ));
        }
    };
    // Refuse before any work is done.
    check_replaceable(&out)?;

    let metric_options = args.metrics.options()?;
    let hjerson_tokenizer = metric_options.bleu_tokenizer()?;
    let significance = args.significance.request()?.unwrap_or(SignificanceRequest {
        seed: None,
        ..SignificanceRequest::new(SignificanceTest::PairedBootstrap)
    });
    let request = Request {
        metrics: args.metrics.names(&["bleu", "chrf", "ter"]),
        metric_options,
        sentence_level: true,
        significance: Some(significance),
        baseline: args.baseline.clone(),
        pairwise: true,
        external: Vec::new(),
        analysis: (!args.no_analysis)
            .then(|| -> Result<_, CliError> {
                Ok(AnalysisRequest {
                    hjerson: mtmeter::analysis::HjersonConfig {
                        tokenize: hjerson_tokenizer,
                        base_forms: args
                            .base_forms
                            .parse()
                            .map_err(|e| CliError::Usage(format!("--base-forms: {e}")))?,
                    },
                    lemmas: None,
                    breakdowns: Some(BreakdownRequest {
                        config: mtmeter::analysis::breakdown::BreakdownConfig {
                            tokenize: hjerson_tokenizer,
                            ..Default::default()
                        },
                        training: None,
                    }),
                })
            })
            .transpose()?,
    };
    let corpus = args
        .input
        .load_with_pair(args.metrics.language_pair.as_deref())?;
    let mut request = request;
    request.external = args.scores.load(&corpus, args.input.corpus.as_deref())?;
    if let Some(b) = request
        .analysis
        .as_mut()
        .and_then(|a| a.breakdowns.as_mut())
    {
        // The page compares each system with the baseline (n − 1 pairs, not n(n − 1)/2).
        let base = match &args.baseline {
            Some(name) => system_index(&corpus, name).map_err(mtmeter::Error::from)?,
            None => 0,
        };
        b.config.pairs = Some(
            (0..corpus.systems.len())
                .filter(|&s| s != base)
                .map(|s| (base.min(s), base.max(s)))
                .collect(),
        );
    }
    let loaded = Instant::now();
    let bar = Bar::new(
        ((request.metrics.len() + request.external.len()) * corpus.systems.len()) as u64,
        "evaluating",
    );
    let evaluation = evaluate_observed(&corpus, &request, &bar)?;
    bar.finish();
    args.input.warn(&evaluation.warnings);
    let evaluated = Instant::now();

    let test_set = args
        .input
        .corpus
        .as_deref()
        .and_then(|d| d.canonicalize().ok())
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| args.input.test_set.clone())
        .unwrap_or_else(|| "test set".into());
    let model = ReportModel::build(
        &evaluation,
        &corpus,
        &ReportOptions {
            test_set,
            language_pair: args
                .metrics
                .language_pair
                .clone()
                .or_else(|| language_pair_from_extensions(&corpus)),
            generated: now_rfc3339(),
            explorer_cap: args.explorer_cap,
        },
    );
    let charts = report_charts(&model).map_err(|e| CliError::Usage(format!("charts: {e}")))?;
    let chart_svgs: Vec<html::ChartSvg> = charts
        .iter()
        .map(|c| html::ChartSvg {
            name: c.name.clone(),
            title: c.title.clone(),
            svg: c.svg.clone(),
            png_path: format!("charts/{}.png", c.name),
        })
        .collect();
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (
            "report.json".into(),
            json::render_report(&model).into_bytes(),
        ),
        (
            "index.html".into(),
            html::render(&model, &chart_svgs).into_bytes(),
        ),
        (
            "summary.md".into(),
            markdown::render_summary(&model).into_bytes(),
        ),
    ];
    for c in charts {
        files.push((format!("charts/{}.svg", c.name).into(), c.svg.into_bytes()));
        files.push((format!("charts/{}.png", c.name).into(), c.png));
    }
    let rendered = Instant::now();
    write_report_folder(&out, &files)?;
    let written = Instant::now();

    print(&render_score(&evaluation, TextOptions::default()))?;
    eprintln!(
        "mtmeter: report written to {} (open {})",
        out.display(),
        out.join("index.html").display()
    );
    if args.timings {
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        eprintln!(
            "mtmeter: timings: loading {:.0} ms, scoring + significance + analysis {:.0} ms, rendering {:.0} ms, writing {:.0} ms",
            ms(started, loaded),
            ms(loaded, evaluated),
            ms(evaluated, rendered),
            ms(rendered, written)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `src-trg` from the file extensions of the source and the references (`source.it`,
/// `references/ref.fr` → `it-fr`), when both look like language codes.
fn language_pair_from_extensions(corpus: &mtmeter::corpus::Corpus) -> Option<String> {
    let ext = |path: &str| {
        Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .filter(|e| (2..=3).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_lowercase()))
            .map(str::to_owned)
    };
    let source = ext(&corpus.source.as_ref()?.path)?;
    let target = ext(&corpus.references.first()?.path)?;
    Some(format!("{source}-{target}"))
}

/// The current time as RFC 3339 UTC.
fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{}Z", mtmeter::report::junit::utc_timestamp(secs))
}

/// Whether `dir` holds a report written by mtmeter: its `report.json` starts with our schema
/// field (`render_report` writes it first). Only the first bytes are read: a report of a large
/// test set is tens of megabytes.
fn is_report_folder(dir: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 128];
    let Ok(n) = std::fs::File::open(dir.join("report.json")).and_then(|mut f| f.read(&mut head))
    else {
        return false;
    };
    let head: String = String::from_utf8_lossy(&head[..n])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let family = SCHEMA.split('/').next().unwrap_or(SCHEMA);
    head.starts_with(&format!("{{\"schema\":\"{family}/"))
}

/// Refuse a destination that exists and is neither empty nor a previous mtmeter report.
fn check_replaceable(out: &Path) -> Result<(), CliError> {
    if !out.exists() {
        return Ok(());
    }
    let empty = out.is_dir() && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
    if out.is_dir() && (empty || is_report_folder(out)) {
        return Ok(());
    }
    Err(CliError::Usage(format!(
        "{}: exists and is not a previous mtmeter report (no report.json with schema {SCHEMA}); choose another --out or remove it",
        out.display()
    )))
}

fn write_error(path: &Path, source: std::io::Error) -> CliError {
    mtmeter::Error::Write {
        path: path.display().to_string(),
        source,
    }
    .into()
}

/// Write every file into a new folder beside `out`, then swap it into place: a reader (or an
/// interrupted run) sees the old report or the new one, never half of one.
fn write_report_folder(out: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), CliError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| write_error(&parent, e))?;
    let stem = out
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{stem}.mtmeter-new-"))
        .tempdir_in(&parent)
        .map_err(|e| write_error(&parent, e))?;
    for (rel, bytes) in files {
        let path = tmp.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| write_error(&path, e))?;
    }
    #[cfg(unix)]
    {
        // tempfile makes the folder 0700; a report is for others to read too.
        use std::os::unix::fs::PermissionsExt;
        for dir in [tmp.path().to_path_buf(), tmp.path().join("charts")] {
            if dir.exists() {
                std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755))
                    .map_err(|e| write_error(&dir, e))?;
            }
        }
    }
    let new = tmp.keep();
    if out.exists() {
        check_replaceable(out)?;
        let old = tempfile::Builder::new()
            .prefix(&format!(".{stem}.mtmeter-old-"))
            .tempdir_in(&parent)
            .map_err(|e| write_error(&parent, e))?
            .keep();
        // `old` exists (empty); rename the previous report onto it, then the new one in place.
        std::fs::remove_dir(&old).map_err(|e| write_error(&old, e))?;
        std::fs::rename(out, &old).map_err(|e| write_error(out, e))?;
        std::fs::rename(&new, out).map_err(|e| write_error(out, e))?;
        std::fs::remove_dir_all(&old).map_err(|e| write_error(&old, e))?;
    } else {
        std::fs::rename(&new, out).map_err(|e| write_error(out, e))?;
    }
    Ok(())
}
