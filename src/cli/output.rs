//! Writing results to standard output; a closed pipe (`| head`) is not an error.

use std::io::Write;

/// Write `s` to stdout. A broken pipe ends quietly with success, like other Unix tools.
pub fn print(s: &str) -> Result<(), mtmeter::Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(source) => Err(mtmeter::Error::Write {
            path: "<stdout>".into(),
            source,
        }),
    }
}
