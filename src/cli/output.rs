//! Writing results to standard output; a closed pipe (`| head`) is not an error.

use std::io::Write;

use super::CliError;

/// Write `s` to stdout. A broken pipe becomes [`CliError::BrokenPipe`], which `main` turns
/// into a quiet exit 0, like other Unix tools.
pub fn print(s: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::BrokenPipe),
        Err(source) => Err(mtmeter::Error::Write {
            path: "<stdout>".into(),
            source,
        }
        .into()),
    }
}

/// Print the library's warnings on stderr, one line each.
pub fn warn_all<T: std::fmt::Display>(warnings: &[T]) {
    for w in warnings {
        eprintln!("mtmeter: warning: {w}");
    }
}
