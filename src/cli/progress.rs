//! Progress bars on standard error (indicatif), shown only when stderr is a terminal, so CI logs
//! and redirected output stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mtmeter::scoring::Progress;

/// A bar for `total` units of work, hidden unless stderr is a terminal.
pub struct Bar(ProgressBar);

impl Bar {
    /// Start a bar with a message.
    pub fn new(total: u64, message: &str) -> Self {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(total), target);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
                .expect("static template")
                .progress_chars("=> "),
        );
        bar.set_message(message.to_owned());
        Self(bar)
    }

    /// Remove the bar before printing results.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for Bar {
    fn advance(&self, units: u64) {
        self.0.inc(units);
    }
}
