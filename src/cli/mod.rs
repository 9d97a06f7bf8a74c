//! Command-line interface (binary only): clap definitions here, typed options in [`options`],
//! output writing in [`output`]. The library never sees clap.

mod analyze;
mod baseline;
mod check;
mod input;
mod options;
mod output;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use analyze::AnalyzeArgs;
pub use options::ScoreArgs;

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
    Score(ScoreArgs),
    /// Classify errors as Hjerson does (missing, extra, lexical, reordering, inflection).
    Analyze(AnalyzeArgs),
    /// Store a system's scores and per-segment statistics as the baseline for `check`.
    Baseline(baseline::BaselineArgs),
    /// CI gate: compare a candidate with a stored baseline; exit 0 pass, 1 regression, 2 error, 3 mismatch.
    Check(check::CheckArgs),
}

/// Errors the binary reports (library errors plus output problems).
pub type CliError = mtmeter::Error;

/// Parse the command line and run the chosen command.
pub fn run() -> Result<ExitCode, CliError> {
    let cli = Cli::parse();
    match cli.command {
        Command::Score(args) => options::run_score(&args),
        Command::Analyze(args) => analyze::run_analyze(&args),
        Command::Baseline(args) => baseline::run_baseline(&args),
        Command::Check(args) => check::run_check(&args),
    }
}
