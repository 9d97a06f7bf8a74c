//! Command-line interface (binary only): argument parsing and dispatch. Each command is one
//! file that turns its arguments into a library request, calls
//! [`mtmeter::evaluation::evaluate`] and picks a renderer from [`mtmeter::report`]. The library
//! never sees clap.

mod analyze;
mod baseline;
mod check;
mod input;
mod metric_args;
mod output;
mod progress;
mod score;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mtmeter: sacreBLEU-exact MT evaluation, fast.
#[derive(Debug, Parser)]
#[command(name = "mtmeter", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score system outputs against references (BLEU, chrF, chrF++, TER), as sacreBLEU does.
    Score(score::ScoreArgs),
    /// Classify errors as Hjerson does (missing, extra, lexical, reordering, inflection).
    Analyze(analyze::AnalyzeArgs),
    /// Store a system's scores and per-segment statistics as the baseline for `check`.
    Baseline(baseline::BaselineArgs),
    /// CI gate: compare a candidate with a stored baseline; exit 0 pass, 1 regression, 2 error, 3 mismatch.
    Check(check::CheckArgs),
}

/// Output format of the text-producing commands.
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
    /// A usage mistake, with the flag to use.
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
    mtmeter::analysis::AnalysisError
);

/// Parse the command line and run the chosen command.
pub fn run() -> Result<ExitCode, CliError> {
    let cli = Cli::parse();
    match cli.command {
        Command::Score(args) => score::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Baseline(args) => baseline::run(&args),
        Command::Check(args) => check::run(&args),
    }
}
