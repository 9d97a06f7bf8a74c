//! JUnit XML for CI systems (GitLab, Jenkins, GitHub reporters) from a [`GateReport`].
//!
//! The document is one `<testsuite>` as the Ant JUnit schema defines it (the schema Jenkins-style
//! readers follow; the tests validate against `tests/data/junit/JUnit.xsd`): `timestamp`,
//! `hostname`, `tests`, `failures`, `errors`, `time`, then `<properties>` (decision, signatures,
//! content hashes), one `<testcase classname="mtmeter.<test set>" name="<metric>:<system>">`
//! per metric, `<system-out>` and `<system-err>`. A regression is a
//! `<failure type="regression">` whose body explains it (GitLab ignores `message`); a warning
//! becomes a `<failure type="warning">` only when warnings fail the gate. An input error or
//! mismatch is one testcase with an `<error>` ([`render_error`]).

use std::fmt::Write as _;

use crate::gate::{GateReport, Status};

/// What the XML needs from the machine: the schema requires both.
#[derive(Debug, Clone)]
pub struct JunitContext {
    /// UTC time without zone, `YYYY-MM-DDTHH:MM:SS`.
    pub timestamp: String,
    /// Host name (`localhost` if unknown).
    pub hostname: String,
    /// Wall time of the check in seconds.
    pub seconds: f64,
}

impl JunitContext {
    /// Now, this host, and the given duration.
    pub fn now(seconds: f64) -> JunitContext {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        JunitContext {
            timestamp: utc_timestamp(secs),
            hostname: hostname(),
            seconds,
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS` of a Unix time (UTC), by the days-from-civil algorithm (Howard Hinnant),
/// so no date crate is needed.
pub fn utc_timestamp(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let rem = unix % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

fn hostname() -> String {
    let from_file = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_owned());
    from_file
        .filter(|s| !s.is_empty())
        .or_else(|| {
            std::env::var("HOSTNAME")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "localhost".to_owned())
}

/// Escape for XML text and attribute values; characters XML 1.0 forbids become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn header(out: &mut String, suite: &str, ctx: &JunitContext, counts: (usize, usize, usize)) {
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"{}\" timestamp=\"{}\" hostname=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3}\">\n",
        escape(suite),
        escape(&ctx.timestamp),
        escape(&ctx.hostname),
        counts.0,
        counts.1,
        counts.2,
        ctx.seconds.max(0.0)
    );
}

fn property(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(
        out,
        "    <property name=\"{}\" value=\"{}\"/>",
        escape(name),
        escape(value)
    );
}

/// The JUnit document of a finished check.
pub fn render(report: &GateReport, ctx: &JunitContext) -> String {
    let suite = format!("mtmeter.{}", report.test_set);
    let failing = |s: Status| s == Status::Fail || (s == Status::Warn && report.fail_on_warn);
    let failures = report.metrics.iter().filter(|m| failing(m.status)).count();
    let mut out = String::new();
    header(&mut out, &suite, ctx, (report.metrics.len(), failures, 0));
    out.push_str("  <properties>\n");
    property(&mut out, "decision", report.decision.as_str());
    property(&mut out, "test", &report.test);
    property(&mut out, "samples", &report.samples.to_string());
    property(&mut out, "seed", &report.seed.to_string());
    property(&mut out, "alpha", &report.alpha.to_string());
    property(
        &mut out,
        "baseline.system",
        &format!(
            "{} sha256:{}",
            report.baseline_system.name, report.baseline_system.sha256
        ),
    );
    property(
        &mut out,
        "candidate.system",
        &format!(
            "{} sha256:{}",
            report.candidate_system.name, report.candidate_system.sha256
        ),
    );
    if let Some(s) = &report.source {
        property(&mut out, "sha256.source", &s.sha256);
    }
    for r in &report.references {
        property(&mut out, &format!("sha256.reference.{}", r.name), &r.sha256);
    }
    for m in &report.metrics {
        property(&mut out, &format!("signature.{}", m.key), &m.signature);
    }
    out.push_str("  </properties>\n");
    for m in &report.metrics {
        let _ = write!(
            out,
            "  <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
            escape(&suite),
            escape(&format!("{}:{}", m.key, report.candidate_system.name))
        );
        if failing(m.status) {
            let kind = if m.status == Status::Fail {
                "regression"
            } else {
                "warning"
            };
            let _ = write!(
                out,
                ">\n    <failure type=\"{kind}\" message=\"{}\">{}</failure>\n  </testcase>\n",
                escape(&format!("{} {}", m.name, m.status.as_str())),
                escape(&m.explanation)
            );
        } else {
            out.push_str("/>\n");
        }
    }
    let mut stdout = report.verdict();
    stdout.push('\n');
    for m in &report.metrics {
        let _ = writeln!(stdout, "{}: {}", m.status.as_str(), m.explanation);
    }
    let _ = write!(
        out,
        "  <system-out>{}</system-out>\n  <system-err></system-err>\n</testsuite>\n",
        escape(&stdout)
    );
    out
}

/// The JUnit document of a check that could not run: one testcase with an `<error>` (`kind`
/// is its `type`, e.g. `mismatch` or `input`).
pub fn render_error(
    test_set: &str,
    system: &str,
    kind: &str,
    message: &str,
    ctx: &JunitContext,
) -> String {
    let suite = format!(
        "mtmeter.{}",
        if test_set.is_empty() {
            "check"
        } else {
            test_set
        }
    );
    let mut out = String::new();
    header(&mut out, &suite, ctx, (1, 0, 1));
    out.push_str("  <properties>\n");
    property(&mut out, "decision", "error");
    out.push_str("  </properties>\n");
    let _ = write!(
        out,
        "  <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n    <error type=\"{}\" message=\"{}\">{}</error>\n  </testcase>\n  <system-out></system-out>\n  <system-err>{}</system-err>\n</testsuite>\n",
        escape(&suite),
        escape(&format!(
            "check:{}",
            if system.is_empty() {
                "candidate"
            } else {
                system
            }
        )),
        escape(kind),
        escape(message),
        escape(message),
        escape(message)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_without_zone() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00");
        assert_eq!(utc_timestamp(951_825_600), "2000-02-29T12:00:00");
        assert_eq!(utc_timestamp(1_796_172_513), "2026-12-02T00:48:33");
    }

    #[test]
    fn escaping_covers_markup_and_forbidden_characters() {
        assert_eq!(
            escape("a<b>&\"'\u{1}"),
            "a&lt;b&gt;&amp;&quot;&apos;\u{FFFD}"
        );
    }
}
