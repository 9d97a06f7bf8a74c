//! How often a metric difference agrees with human judgement: Kocmi, Zouhar, Federmann and
//! Post, "Navigating the Metrics Maze: Reconciling Score Magnitudes and Accuracies", ACL 2024,
//! and its companion repository kocmitom/MT-Thresholds.
//!
//! On 6,530 system pairs judged by humans, the share of pairs where the sign of a metric's
//! delta agrees with the humans grows with the size of the delta as
//! `accuracy(Δ) = a / (1 + exp(−b · |Δ|))` (a scaled sigmoid), with `a` and `b` fitted per
//! metric. The formula is reimplemented here from the paper; the constants are the paper's.
//! TER was not calibrated: it has no entry.

/// Fitted constants of one metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// The metric's name as the paper prints it.
    pub metric: &'static str,
    /// Asymptotic accuracy in percent.
    pub a: f64,
    /// Steepness per score point.
    pub b: f64,
}

/// The metrics the paper calibrates that mtmeter computes (chrF++ is not in the paper; chrF's
/// constants are used for it and reports say so), and the neural metrics whose segment scores
/// can be brought in from other tools ([`super::external`]); their deltas are in points of
/// score × 100.
pub const CALIBRATIONS: [Calibration; 5] = [
    Calibration {
        metric: "BLEU",
        a: 88.33,
        b: 0.9664,
    },
    Calibration {
        metric: "chrF",
        a: 93.0,
        b: 1.114,
    },
    Calibration {
        metric: "COMET-22",
        a: 96.2,
        b: 2.836,
    },
    Calibration {
        metric: "CometKiwi-22",
        a: 98.9,
        b: 2.719,
    },
    Calibration {
        metric: "xCOMET-XL",
        a: 96.6,
        b: 1.454,
    },
];

/// The paper's metric for a name users give external scores: `comet22`, `COMET-22` or the
/// model's name (`Unbabel/wmt22-comet-da`), and likewise for CometKiwi-22 and xCOMET-XL.
/// Other COMET versions are not calibrated and get no entry.
fn external_family(name: &str) -> Option<&'static str> {
    let base = name.rsplit('/').next().unwrap_or(name);
    let norm: String = base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match norm.as_str() {
        "comet22" | "wmt22cometda" => Some("COMET-22"),
        "cometkiwi22" | "wmt22cometkiwida" => Some("CometKiwi-22"),
        "xcometxl" => Some("xCOMET-XL"),
        _ => None,
    }
}

impl Calibration {
    /// The constants for a metric by its sacreBLEU name (`BLEU`, `chrF2`, `chrF2++`) or the name
    /// of external scores (`comet22`, see `external_family`), if any.
    pub fn for_metric(name: &str) -> Option<Calibration> {
        // sacreBLEU's chrF names: chrF<beta> and a `+` per word n-gram order (chrF2, chrF2++),
        // not any name that starts so (scores named chrFoo from another tool).
        let chrf = name.strip_prefix("chrF").is_some_and(|rest| {
            let beta = rest.trim_end_matches('+');
            !beta.is_empty() && beta.bytes().all(|b| b.is_ascii_digit())
        });
        let family = if chrf {
            "chrF"
        } else if let Some(f) = external_family(name) {
            f
        } else {
            name
        };
        CALIBRATIONS.iter().copied().find(|c| c.metric == family)
    }

    /// Estimated agreement with humans, in percent, of a delta of `delta` points.
    pub fn accuracy(&self, delta: f64) -> f64 {
        self.a / (1.0 + (-self.b * delta.abs()).exp())
    }

    /// The smallest |Δ| whose estimated agreement reaches `accuracy` percent (`None` when the
    /// metric never gets there: `accuracy ≥ a`).
    pub fn delta_for(&self, accuracy: f64) -> Option<f64> {
        (accuracy > self.a / 2.0 && accuracy < self.a)
            .then(|| -(self.a / accuracy - 1.0).ln() / self.b)
    }
}

/// Estimated agreement with humans (percent) of a delta of `delta` points of the metric named
/// `name`, or `None` for a metric without calibration (TER).
pub fn human_agreement(name: &str, delta: f64) -> Option<f64> {
    Calibration::for_metric(name).map(|c| c.accuracy(delta))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// chrF's curve is for sacreBLEU's chrF names only, not for scores from another tool
    /// whose name happens to start with "chrF".
    #[test]
    fn chrf_calibration_is_for_chrf_score_names() {
        for name in ["chrF2", "chrF2++", "chrF1+", "chrF3"] {
            assert_eq!(
                Calibration::for_metric(name).unwrap().metric,
                "chrF",
                "{name}"
            );
        }
        for name in ["chrFoo", "chrF++", "chrf2"] {
            assert_eq!(Calibration::for_metric(name), None, "{name}");
        }
    }

    /// The paper's table of deltas per accuracy level (Table 1 / ANCHORS.md), to its two
    /// decimals.
    #[test]
    fn thresholds_match_the_published_table() {
        let bleu = Calibration::for_metric("BLEU").unwrap();
        let chrf = Calibration::for_metric("chrF2").unwrap();
        for (c, table) in [
            (
                bleu,
                &[
                    (50.0, 0.27),
                    (60.0, 0.78),
                    (70.0, 1.39),
                    (80.0, 2.34),
                    (85.0, 3.35),
                ][..],
            ),
            (
                chrf,
                &[
                    (50.0, 0.14),
                    (60.0, 0.54),
                    (70.0, 1.00),
                    (80.0, 1.63),
                    (85.0, 2.12),
                    (90.0, 3.05),
                ][..],
            ),
        ] {
            for &(acc, delta) in table {
                let got = c.delta_for(acc).unwrap();
                assert!(
                    (got - delta).abs() < 0.006,
                    "{} {acc}%: {got} vs {delta}",
                    c.metric
                );
                assert!((c.accuracy(delta) - acc).abs() < 0.5);
            }
        }
        // The neural metrics, in points of score × 100 (ANCHORS.md's table).
        for (name, table) in [
            (
                "comet22",
                &[(60.0, 0.18), (70.0, 0.35), (80.0, 0.56), (90.0, 0.94)][..],
            ),
            (
                "Unbabel/wmt22-cometkiwi-da",
                &[(60.0, 0.16), (70.0, 0.33), (90.0, 0.85)][..],
            ),
            ("xCOMET-XL", &[(60.0, 0.34), (70.0, 0.67), (90.0, 1.80)][..]),
        ] {
            let c = Calibration::for_metric(name).unwrap();
            for &(acc, delta) in table {
                let got = c.delta_for(acc).unwrap();
                assert!(
                    (got - delta).abs() < 0.006,
                    "{name} {acc}%: {got} vs {delta}"
                );
            }
        }
        assert_eq!(Calibration::for_metric("metricx24"), None);
        assert_eq!(Calibration::for_metric("comet20"), None);
        assert_eq!(bleu.delta_for(95.0), None);
        assert_eq!(human_agreement("TER", 3.0), None);
        assert_eq!(
            human_agreement("chrF2++", 1.0),
            human_agreement("chrF2", -1.0)
        );
    }
}
