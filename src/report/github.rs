//! GitHub Actions workflow commands (`::error title=…::message`, `::warning …`) for a check.
//!
//! GitHub shows at most 10 errors and 10 warnings per step, so at most 10 of each are emitted.
//! Values are escaped as the runner expects (`%`, CR and LF in messages; also `:` and `,` in
//! properties).

use crate::gate::{GateReport, Status};

/// Most annotations of one kind GitHub displays per step.
pub const MAX_PER_KIND: usize = 10;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow commands for a check, one per line: an `::error` per failing metric (and per
/// warning when warnings fail), a `::warning` per other warning.
pub fn annotations(report: &GateReport) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for m in &report.metrics {
        let as_error =
            m.status == Status::Fail || (m.status == Status::Warn && report.fail_on_warn);
        let (cmd, count) = match m.status {
            Status::Pass => continue,
            _ if as_error => ("error", &mut errors),
            _ => ("warning", &mut warnings),
        };
        if *count >= MAX_PER_KIND {
            continue;
        }
        *count += 1;
        let title = format!(
            "mtmeter check: {} {} on {}",
            m.name,
            if m.status == Status::Fail {
                "regression"
            } else {
                "warning"
            },
            report.test_set
        );
        out.push_str(&format!(
            "::{cmd} title={}::{}\n",
            escape_property(&title),
            escape_data(&m.explanation)
        ));
    }
    out
}

/// An `::error` for a check that could not run.
pub fn error_annotation(message: &str) -> String {
    format!(
        "::error title={}::{}\n",
        escape_property("mtmeter check: cannot compare"),
        escape_data(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50%\nx"), "50%25%0Ax");
        assert_eq!(escape_property("a: b, c"), "a%3A b%2C c");
    }
}
