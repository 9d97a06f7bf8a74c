//! The `mtmeter` binary: parse arguments, run, print the one error line, exit.
//! Exit codes: 0 success, 1 a regression found by a gate, 2 any error, 3 a baseline and a
//! candidate that cannot be compared.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(cli::CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mtmeter: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
