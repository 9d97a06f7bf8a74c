//! How large a drop must be before the gate warns or fails, and how often a metric delta of a
//! given size agrees with human judgement.
//!
//! The defaults come from Kocmi, Zouhar, Federmann and Post, "Navigating the Metrics Maze:
//! Reconciling Score Magnitudes and Accuracies", ACL 2024: the deltas at which their fitted
//! accuracy curve ([`crate::metrics::calibration`]) reaches 70 % (fail) and 60 % (warn)
//! agreement with humans. TER has no published calibration: its defaults are this project's own
//! choice (see [`MetricThresholds::default_for`]).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::GateError;

/// Warn and fail thresholds of one metric: the size of a quality *drop* in metric points (for TER,
/// a rise of the error rate), never negative.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricThresholds {
    /// A drop at least this large, and significant, fails the gate.
    pub fail: f64,
    /// A drop at least this large warns (as does a non-significant drop past `fail`).
    pub warn: f64,
}

impl MetricThresholds {
    /// Defaults.
    ///
    /// * BLEU: fail 1.39, warn 0.78 — the deltas at which Kocmi et al. 2024 estimate 70 % and
    ///   60 % agreement with humans (their published table, rounded to two decimals).
    /// * chrF and chrF++: fail 1.00, warn 0.54 — chrF's 70 % and 60 % deltas; chrF++ was not
    ///   calibrated and uses chrF's.
    /// * TER (and anything else): BLEU's fail 1.39, warn 0.78 — **this project's own choice**,
    ///   not a calibration (none is published for TER). TER is an edit rate in points and moves
    ///   about as much as BLEU: over the 77 system pairs of wmt22.en-de, wmt22.de-fr and
    ///   wmt23.he-en whose BLEU differs by more than 0.3, the median |ΔTER| / |ΔBLEU| is 0.80
    ///   (mean 0.93). Taking BLEU's values unscaled makes TER slightly more lenient than BLEU,
    ///   which suits a metric whose agreement with humans is unmeasured.
    /// * External scores named after a calibrated model (`comet22`, `cometkiwi22`,
    ///   `xcomet-xl`; see [`MetricThresholds::calibrated_external`]): their 70 % and 60 %
    ///   deltas in points of score × 100. Other external scores have no default: the gate
    ///   refuses them without explicit thresholds.
    pub fn default_for(key: &str) -> MetricThresholds {
        if let Some(t) = Self::calibrated_external(key) {
            return t;
        }
        match key {
            "chrf" | "chrf++" => MetricThresholds {
                fail: 1.00,
                warn: 0.54,
            },
            // BLEU's calibrated values; TER's own choice (see above).
            _ => MetricThresholds {
                fail: 1.39,
                warn: 0.78,
            },
        }
    }

    /// The defaults of a metric that has them: the four built-in metrics and the calibrated
    /// external scores. `None` for other scores from other tools, whose scale is unknown here
    /// (MetricX's 0–25 error, BLEURT × 100, …): no number of another metric stands in for
    /// theirs.
    pub fn known_default(key: &str) -> Option<MetricThresholds> {
        Self::calibrated_external(key).or_else(|| {
            ["bleu", "chrf", "chrf++", "ter"]
                .contains(&key)
                .then(|| Self::default_for(key))
        })
    }

    /// The published 70 % (fail) and 60 % (warn) deltas of the neural metrics Kocmi et al.
    /// 2024 calibrate, for external scores named after them (in points of score × 100).
    pub fn calibrated_external(key: &str) -> Option<MetricThresholds> {
        let c = crate::metrics::calibration::Calibration::for_metric(key)?;
        let (fail, warn) = match c.metric {
            "COMET-22" => (0.35, 0.18),
            "CometKiwi-22" => (0.33, 0.16),
            "xCOMET-XL" => (0.67, 0.34),
            _ => return None,
        };
        Some(MetricThresholds { fail, warn })
    }

    fn validate(&self, key: &str) -> Result<(), GateError> {
        // Only one of the two was given for a metric without defaults (see `GateOptions::set`).
        if self.fail.is_nan() != self.warn.is_nan() {
            let (given, missing) = if self.warn.is_nan() {
                ("a fail threshold", "warn")
            } else {
                ("a warn threshold", "fail")
            };
            return Err(GateError::Config(format!(
                "thresholds for {key}: only {given} is given; {key} has no calibrated thresholds, so give its {missing} threshold too, in points of the score as reported"
            )));
        }
        let ok = |x: f64| x.is_finite() && x >= 0.0;
        if !ok(self.fail) || !ok(self.warn) {
            return Err(GateError::Config(format!(
                "thresholds for {key}: fail {} and warn {} must be finite and not negative",
                self.fail, self.warn
            )));
        }
        if self.warn > self.fail {
            return Err(GateError::Config(format!(
                "thresholds for {key}: warn {} is above fail {}; a drop must warn before it fails",
                self.warn, self.fail
            )));
        }
        Ok(())
    }
}

/// Which test gives the p-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GateTest {
    /// Paired bootstrap resampling (sacreBLEU `--paired-bs`), the default.
    Bs,
    /// Paired approximate randomization (sacreBLEU `--paired-ar`).
    Ar,
}

/// Everything that decides pass, warn or fail.
#[derive(Debug, Clone, PartialEq)]
pub struct GateOptions {
    /// Per-metric overrides, by metric key; others use [`MetricThresholds::default_for`].
    pub thresholds: BTreeMap<String, MetricThresholds>,
    /// Significance level: a drop past `fail` fails only when p < `alpha` (default 0.05).
    pub alpha: f64,
    /// Treat warnings as failures (`--fail-on warn`).
    pub fail_on_warn: bool,
    /// The paired test (default: bootstrap).
    pub test: GateTest,
    /// Resamples or trials; 0 = sacreBLEU's default (1000 resamples, 10000 trials).
    pub samples: usize,
    /// Random seed (default 12345, as sacreBLEU's).
    pub seed: u64,
}

impl Default for GateOptions {
    fn default() -> Self {
        Self {
            thresholds: BTreeMap::new(),
            alpha: 0.05,
            fail_on_warn: false,
            test: GateTest::Bs,
            samples: 0,
            seed: 12345,
        }
    }
}

impl GateOptions {
    /// The thresholds of metric `key`.
    pub fn thresholds_for(&self, key: &str) -> MetricThresholds {
        self.thresholds
            .get(key)
            .copied()
            .unwrap_or_else(|| MetricThresholds::default_for(key))
    }

    /// Refuse nonsense (negative thresholds, warn above fail, alpha outside (0, 1)).
    pub fn validate(&self) -> Result<(), GateError> {
        for (k, t) in &self.thresholds {
            t.validate(k)?;
        }
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(GateError::Config(format!(
                "alpha {} must be between 0 and 1",
                self.alpha
            )));
        }
        Ok(())
    }

    /// Set `key`'s fail and/or warn threshold; the other keeps its value so far (one set
    /// before, else the metric's default). A metric without defaults (scores from a tool with
    /// no calibration) given only one of them keeps the other unset (NaN), and
    /// [`GateOptions::validate`] refuses it: BLEU's numbers in that metric's points would be
    /// a guess.
    pub fn set(&mut self, key: &str, fail: Option<f64>, warn: Option<f64>) {
        let base = self
            .thresholds
            .get(key)
            .copied()
            .or_else(|| MetricThresholds::known_default(key))
            .unwrap_or(MetricThresholds {
                fail: f64::NAN,
                warn: f64::NAN,
            });
        self.thresholds.insert(
            key.to_owned(),
            MetricThresholds {
                fail: fail.unwrap_or(base.fail),
                warn: warn.unwrap_or(base.warn),
            },
        );
    }

    /// Apply a `[check]` table on top of these options (the command line applies its own
    /// options afterwards, so it wins).
    pub fn apply(&mut self, cfg: &CheckConfig) {
        for (k, t) in &cfg.thresholds {
            self.set(k, t.fail, t.warn);
        }
        if let Some(a) = cfg.alpha {
            self.alpha = a;
        }
        if let Some(f) = &cfg.fail_on {
            self.fail_on_warn = f == &FailOn::Warn;
        }
        if let Some(t) = cfg.test {
            self.test = t;
        }
        if let Some(n) = cfg.samples {
            self.samples = n;
        }
        if let Some(s) = cfg.seed {
            self.seed = s;
        }
    }
}

/// What makes the gate fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Only regressions (the default).
    Fail,
    /// Warnings too.
    Warn,
}

/// One metric's thresholds in `mtmeter.toml`; either may be left out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdOverride {
    /// Fail threshold.
    pub fail: Option<f64>,
    /// Warn threshold.
    pub warn: Option<f64>,
}

/// The `[check]` table of `mtmeter.toml`:
///
/// ```toml
/// [check]
/// alpha = 0.05          # significance level
/// fail_on = "warn"      # or "fail" (default)
/// test = "bs"           # or "ar"
/// samples = 1000
/// seed = 12345
///
/// [check.thresholds.bleu]
/// fail = 1.39
/// warn = 0.78
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Significance level.
    pub alpha: Option<f64>,
    /// `fail` or `warn`.
    pub fail_on: Option<FailOn>,
    /// `bs` or `ar`.
    pub test: Option<GateTest>,
    /// Resamples or trials.
    pub samples: Option<usize>,
    /// Random seed.
    pub seed: Option<u64>,
    /// Per-metric thresholds, by metric key.
    #[serde(default)]
    pub thresholds: BTreeMap<String, ThresholdOverride>,
}

#[derive(Debug, Default, Deserialize)]
struct ConfigFile {
    #[serde(default)]
    check: Option<CheckConfig>,
}

impl CheckConfig {
    /// Parse the `[check]` table of a `mtmeter.toml` text (other tables are ignored; a file
    /// without `[check]` gives the defaults). `path` names the file in messages.
    pub fn parse(text: &str, path: &str) -> Result<CheckConfig, GateError> {
        // Other tables belong to other commands; only [check] is read strictly.
        let doc: toml::Table = toml::from_str(text)
            .map_err(|e| GateError::Config(format!("{path}: {}", one_line(&e.to_string()))))?;
        let Some(check) = doc.get("check") else {
            return Ok(CheckConfig::default());
        };
        let file: ConfigFile =
            toml::Value::Table([("check".to_owned(), check.clone())].into_iter().collect())
                .try_into()
                .map_err(|e: toml::de::Error| {
                    GateError::Config(format!("{path}: [check]: {}", one_line(&e.to_string())))
                })?;
        Ok(file.check.unwrap_or_default())
    }

    /// Read the `[check]` table of a config file.
    pub fn read(path: &Path) -> Result<CheckConfig, GateError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| GateError::Config(format!("{shown}: cannot read: {e}")))?;
        Self::parse(&text, &shown)
    }
}

/// toml's messages span several lines (with a source excerpt); errors here are one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_thresholds_are_the_70_and_60_percent_deltas() {
        use crate::metrics::calibration::Calibration;
        for (key, name) in [("bleu", "BLEU"), ("chrf", "chrF2"), ("chrf++", "chrF2++")] {
            let cal = Calibration::for_metric(name).unwrap();
            let t = MetricThresholds::default_for(key);
            assert!(
                (cal.delta_for(70.0).unwrap() - t.fail).abs() < 0.005,
                "{key}"
            );
            assert!(
                (cal.delta_for(60.0).unwrap() - t.warn).abs() < 0.005,
                "{key}"
            );
        }
        assert_eq!(Calibration::for_metric("TER"), None);
        // TER: the project's choice, BLEU's values (documented on default_for).
        assert_eq!(
            MetricThresholds::default_for("ter"),
            MetricThresholds::default_for("bleu")
        );
    }

    #[test]
    fn config_table_overrides_defaults_and_ignores_other_tables() {
        let cfg = CheckConfig::parse(
            "[score]\nwhatever = 1\n[check]\nalpha = 0.01\nfail_on = \"warn\"\n[check.thresholds.bleu]\nfail = 2.5\n",
            "mtmeter.toml",
        )
        .unwrap();
        let mut o = GateOptions::default();
        o.apply(&cfg);
        assert_eq!(o.alpha, 0.01);
        assert!(o.fail_on_warn);
        assert_eq!(
            o.thresholds_for("bleu"),
            MetricThresholds {
                fail: 2.5,
                warn: 0.78
            }
        );
        assert_eq!(o.thresholds_for("chrf").fail, 1.0);
        o.validate().unwrap();
    }

    /// An uncalibrated metric (a `--scores` name without defaults) needs both thresholds:
    /// the one not given is not taken from BLEU.
    #[test]
    fn uncalibrated_metrics_get_no_borrowed_threshold() {
        assert_eq!(MetricThresholds::known_default("bleurt20"), None);
        assert_eq!(
            MetricThresholds::known_default("comet22"),
            Some(MetricThresholds {
                fail: 0.35,
                warn: 0.18
            })
        );
        let mut o = GateOptions::default();
        o.set("bleurt20", Some(2.0), None);
        let e = o.validate().unwrap_err().to_string();
        assert_eq!(
            e,
            "thresholds for bleurt20: only a fail threshold is given; bleurt20 has no calibrated thresholds, so give its warn threshold too, in points of the score as reported"
        );
        o.set("bleurt20", None, Some(1.0));
        o.validate().unwrap();
        assert_eq!(
            o.thresholds_for("bleurt20"),
            MetricThresholds {
                fail: 2.0,
                warn: 1.0
            }
        );
        let mut o = GateOptions::default();
        o.apply(
            &CheckConfig::parse("[check.thresholds.metricx24]\nwarn = 0.2\n", "m.toml").unwrap(),
        );
        assert!(
            o.validate()
                .unwrap_err()
                .to_string()
                .contains("only a warn threshold is given; metricx24 has no calibrated")
        );
        // Built-in and calibrated metrics keep their default for the half not given.
        let mut o = GateOptions::default();
        o.set("ter", None, Some(0.5));
        o.set("comet22", Some(0.5), None);
        o.validate().unwrap();
        assert_eq!(o.thresholds_for("ter").fail, 1.39);
        assert_eq!(o.thresholds_for("comet22").warn, 0.18);
    }

    #[test]
    fn unknown_config_key_is_refused_naming_the_file() {
        let e = CheckConfig::parse("[check]\nalhpa = 0.01\n", "ci/mtmeter.toml").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("ci/mtmeter.toml: [check]"), "{msg}");
        assert!(msg.contains("alhpa"), "{msg}");
        assert!(!msg.contains('\n'));
    }

    #[test]
    fn warn_above_fail_is_refused() {
        let mut o = GateOptions::default();
        o.thresholds.insert(
            "bleu".into(),
            MetricThresholds {
                fail: 0.5,
                warn: 1.0,
            },
        );
        assert!(o.validate().is_err());
    }
}
