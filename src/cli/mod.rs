//! Command-line interface (binary only): argument parsing and dispatch. Each command is one
//! file that turns its arguments into a library request, calls
//! [`mtmeter::evaluation::evaluate`] and picks a renderer from [`mtmeter::report`];
//! sacreBLEU's spellings are rewritten by [`compat`] before clap parses. The library never
//! sees clap.

mod analyze;
mod baseline;
mod check;
mod compat;
mod evaluate;
mod input;
mod merge;
mod metric_args;
mod output;
mod progress;
mod score;
mod scores;
mod testsets;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use analyze::AnalyzeArgs;
use score::ScoreArgs;

/// mtmeter: sacreBLEU-exact MT evaluation, fast.
#[derive(Debug, Parser)]
#[command(name = "mtmeter", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The report: one HTML page, charts, report.json and summary.md for a test set.
    Evaluate(evaluate::EvaluateArgs),
    /// Score system outputs against references (BLEU, chrF, chrF++, TER), as sacreBLEU does.
    Score(ScoreArgs),
    /// Merge shard files of `score --shard I/N` into the result of one `score` run (significance
    /// tests included).
    Merge(merge::MergeArgs),
    /// Classify errors as Hjerson does (missing, extra, lexical, reordering, inflection).
    Analyze(AnalyzeArgs),
    /// Store a system's scores and per-segment statistics as the baseline for `check`.
    Baseline(baseline::BaselineArgs),
    /// CI gate: compare a candidate with a stored baseline; exit 0 pass, 1 regression, 2 error, 3 mismatch.
    Check(check::CheckArgs),
}

/// Output format of `analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables, rounded (the default, on a terminal or not, as in sacreBLEU).
    Text,
    /// Full-precision JSON (the stable contract).
    Json,
}

/// What stops the binary: a library error, a usage mistake the library cannot know about, or
/// a closed output pipe (which ends quietly with success).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// From the library.
    #[error(transparent)]
    Library(#[from] mtmeter::Error),
    /// A usage mistake, in the command line's own terms.
    #[error("{0}")]
    Usage(String),
    /// Standard output was closed by the reader (`| head`).
    #[error("broken pipe")]
    BrokenPipe,
}

impl CliError {
    /// The process exit code: 0 for a closed pipe, else the library's code (2 for usage).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Library(e) => e.exit_code(),
            CliError::Usage(_) => 2,
            CliError::BrokenPipe => 0,
        }
    }
}

macro_rules! from_library_error {
    ($($t:ty),*) => {$(
        impl From<$t> for CliError {
            fn from(e: $t) -> Self {
                CliError::Library(e.into())
            }
        }
    )*};
}
from_library_error!(
    mtmeter::gate::GateError,
    mtmeter::corpus::CorpusError,
    mtmeter::metrics::MetricError,
    mtmeter::significance::SignificanceError,
    mtmeter::analysis::AnalysisError,
    mtmeter::shard::ShardError,
    mtmeter::testsets::TestSetError
);

/// A usage mistake found while parsing the command line (exit 2).
fn usage_error(e: impl std::fmt::Display) -> CliError {
    CliError::Usage(e.to_string())
}

/// Parse the command line and run the chosen command.
pub fn run() -> Result<ExitCode, CliError> {
    let cli = parse(std::env::args_os().collect())?;
    match cli.command {
        Command::Evaluate(args) => evaluate::run(&args),
        Command::Score(args) => score::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Baseline(args) => baseline::run(&args),
        Command::Check(args) => check::run(&args),
    }
}

/// sacreBLEU's spellings first ([`compat::rewrite`]), then clap; every error is one line.
fn parse(args: Vec<OsString>) -> Result<Cli, CliError> {
    let command = Cli::command();
    let sub = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| !a.starts_with('-'))
        .and_then(|name| command.find_subcommand(name));
    let longs: Vec<String> = sub
        .map(|c| {
            c.get_arguments()
                .flat_map(|a| {
                    a.get_long()
                        .into_iter()
                        .chain(a.get_all_aliases().unwrap_or_default())
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .collect()
        })
        .unwrap_or_default();
    // Built by clap on demand, so not among the arguments yet.
    let longs: Vec<String> = longs
        .into_iter()
        .chain(["help".to_owned(), "version".to_owned()])
        .collect();
    let shorts: Vec<char> = sub
        .map(|c| c.get_arguments().filter_map(|a| a.get_short()).collect())
        .unwrap_or_default();
    let args = compat::rewrite(args, &longs).map_err(usage_error)?;
    if let Some(sub) = sub {
        check_applies(&args, sub.get_name(), &longs, &shorts)?;
    }
    Cli::try_parse_from(args).map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        _ => usage_error(one_line(&e)),
    })
}

/// A sacreBLEU flag the subcommand does not have (`analyze -lc`): say so in sacreBLEU's terms.
fn check_applies(
    args: &[OsString],
    sub: &str,
    longs: &[String],
    shorts: &[char],
) -> Result<(), CliError> {
    for a in args.iter().filter_map(|a| a.to_str()) {
        if a == "--" {
            break;
        }
        let flag = a.split_once('=').map_or(a, |(f, _)| f);
        let missing = match flag.strip_prefix("--") {
            Some(rest) => !longs.iter().any(|l| l == rest),
            // `-b`: a single letter this command does not have (`-V`, `-h` are clap's own).
            None => {
                let mut c = flag.chars().skip(1);
                match (flag.starts_with('-'), c.next(), c.next()) {
                    (true, Some(x), None) => !shorts.contains(&x) && !matches!(x, 'V' | 'h'),
                    _ => false,
                }
            }
        };
        if let Some(f) = compat::find(flag).filter(|_| missing) {
            return Err(usage_error(format!(
                "sacreBLEU's {} ({}) is an option of `mtmeter score`, not of `mtmeter {sub}`",
                f.spelled(),
                f.meaning
            )));
        }
    }
    Ok(())
}

/// clap's message on one line: the error, then its tips.
fn one_line(e: &clap::Error) -> String {
    let text = e.to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ")
        .to_owned();
    let tips: Vec<&str> = lines
        .filter(|l| l.starts_with("tip:"))
        .map(|l| l.trim_start_matches("tip:").trim())
        .collect();
    if tips.is_empty() {
        first
    } else {
        format!("{first} ({})", tips.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &[&str]) -> Result<Cli, String> {
        parse(words.iter().map(OsString::from).collect()).map_err(|e| e.to_string())
    }

    fn score(words: &[&str]) -> ScoreArgs {
        let mut v = vec!["mtmeter", "score", "ref", "-i", "sys"];
        v.extend(words);
        match parse_words(&v) {
            Ok(Cli {
                command: Command::Score(a),
            }) => a,
            other => panic!("{words:?}: {other:?}"),
        }
    }

    #[test]
    fn lc_is_lowercase_not_a_language_pair() {
        let a = score(&["-lc"]);
        assert!(a.metrics.lowercase);
        assert_eq!(a.metrics.language_pair, None);
    }

    #[test]
    fn sacrebleu_aliases_parse_to_their_meaning() {
        let a = score(&[
            "-tok", "intl", "-sl", "-sv", "-1", "-s", "floor", "-cc", "4", "-cw", "2", "-ci",
            "-cin", "50", "-pbs", "-pbsn", "20", "-parn", "30", "-sh", "-nc", "-b", "-q", "-nr",
            "1", "-e", "UTF-8", "-j", "2", "-w", "3", "-l", "en-de",
        ]);
        let (m, sig) = (&a.metrics, &a.significance);
        assert_eq!(m.tokenize.as_deref(), Some("intl"));
        assert!(
            a.output.sentence_level
                && sig.confidence
                && sig.paired_bs
                && a.output.short
                && a.no_color
        );
        assert!(a.output.score_only && a.input.quiet);
        assert_eq!(m.smooth_value, Some(-1.0));
        assert_eq!((m.chrf_char_order, m.chrf_word_order), (4, 2));
        assert_eq!(
            (sig.confidence_n, sig.paired_bs_n, sig.paired_ar_n),
            (50, 20, 30)
        );
        assert_eq!(
            (a.input.num_refs, a.input.threads, a.output.width),
            (1, Some(2), 3)
        );
        assert_eq!(m.language_pair.as_deref(), Some("en-de"));
        assert_eq!(
            score(&["--smooth-value", "-1"]).metrics.smooth_value,
            Some(-1.0)
        );
        assert!(
            score(&["--paired-jobs", "0", "-par"])
                .significance
                .paired_ar
        );
    }

    #[test]
    fn every_accepted_sacrebleu_flag_exists_in_score() {
        let command = Cli::command();
        let score = command.find_subcommand("score").unwrap();
        let ours: Vec<String> = score
            .get_arguments()
            .flat_map(|a| {
                a.get_long()
                    .into_iter()
                    .chain(a.get_all_aliases().unwrap_or_default())
                    .map(|l| format!("--{l}"))
                    .chain(a.get_short().map(|c| format!("-{c}")))
                    .collect::<Vec<_>>()
            })
            .chain(["--version".to_owned(), "-V".to_owned()])
            .collect();
        for f in compat::FLAGS {
            let accepted = !matches!(f.ours, compat::Ours::Refused(_));
            for n in f.names {
                // Multi-character single-dash aliases are rewritten to the long form.
                let multi = !n.starts_with("--") && n.len() > 2;
                if accepted && !multi {
                    assert!(ours.contains(&(*n).to_owned()), "{n} is not a score option");
                }
                if !accepted {
                    assert!(
                        !ours.contains(&(*n).to_owned()),
                        "{n} is refused but exists"
                    );
                }
            }
        }
    }

    #[test]
    fn text_is_the_default_format() {
        assert_eq!(score(&[]).output.format, score::Format::Text);
    }

    #[test]
    fn errors_are_one_line() {
        for words in [
            &["mtmeter", "score", "ref", "-i", "sys", "-l", "c"][..],
            &["mtmeter", "score", "ref", "-i", "sys", "--scoreonly"],
            &["mtmeter", "score", "ref", "-i", "sys", "-e", "latin-1"],
            &["mtmeter", "analyze", "ref", "-i", "sys", "-lc"],
            &["mtmeter", "score", "--corpus", "c", "-t", "wmt22"],
        ] {
            let e = parse_words(words).unwrap_err();
            assert_eq!(e.lines().count(), 1, "{words:?}: {e}");
        }
        let e = parse_words(&["mtmeter", "analyze", "r", "-i", "s", "-lc"]).unwrap_err();
        assert!(
            e.contains("-lc/--lowercase") && e.contains("mtmeter score"),
            "{e}"
        );
    }
}
